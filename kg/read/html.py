"""HTML pages → main text (trafilatura), aligned back to the page source.

trafilatura drops navigation, scripts and page chrome (字号 大 中 小, 打印本页, 关闭窗口, 版权所有 …).
Its output is then aligned character by character with the visible text of the page, so that
offsets still point into the page as it was read.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from ..errors import ReadError
from ..normalise.offsets import OffsetMap, Segment

_SKIP = re.compile(r"(?is)<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]{1,31});?")
_CHROME = re.compile(r"^(?:字号[:：]?\s*[【\[]?\s*大\s*[】\]]?\s*[【\[]?\s*中\s*[】\]]?\s*[【\[]?\s*小.*|打印本页|关闭窗口|【?打印】?|【?关闭】?|.*版权所有.*|.*©.*|分享到.*)$")


def is_html(data: bytes, path: Path) -> bool:
    """Whether the file is an HTML page (by extension or by its first bytes)."""
    if path.suffix.lower() in {".html", ".htm", ".shtml", ".xhtml"}:
        return True
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]


def _visible(source: str) -> tuple[list[str], list[int]]:
    """The characters a browser shows, each with its position in ``source``."""
    chars: list[str] = []
    where: list[int] = []
    pos = 0
    for m in _SKIP.finditer(source):
        _add_text(source, pos, m.start(), chars, where)
        pos = m.end()
    _add_text(source, pos, len(source), chars, where)
    return chars, where


def _add_text(source: str, a: int, b: int, chars: list[str], where: list[int]) -> None:
    pos = a
    for m in _ENTITY.finditer(source, a, b):
        for i in range(pos, m.start()):
            chars.append(source[i])
            where.append(i)
        for c in unescape(m.group()):
            chars.append(c)
            where.append(m.start())
        pos = m.end()
    for i in range(pos, b):
        chars.append(source[i])
        where.append(i)


def extract_main_text(source: str, path: Path) -> tuple[str, OffsetMap]:
    """Main text of the page and a map from it to ``source``."""
    import trafilatura

    text = trafilatura.extract(source, include_comments=False, include_tables=True, favor_precision=False, deduplicate=False)
    if not text or not text.strip():
        raise ReadError(path, "HTML page without a main text")
    lines = [ln for ln in text.split("\n") if ln.strip() and not _CHROME.match(ln.strip())]
    text = "\n".join(lines)
    return text, _align(text, source)


def _align(text: str, source: str) -> OffsetMap:
    """Alignment of ``text`` with the visible characters of ``source``: each line is looked up
    whole (the usual case), character by character where the extractor changed it."""
    chars, where = _visible(source)
    visible = "".join(chars)
    segs: list[Segment] = []
    cursor = 0

    def put(i: int, o: int, end: int) -> None:
        if segs and segs[-1].linear and end == o + 1 and segs[-1].orig_end == o and segs[-1].end == i:
            last = segs[-1]
            segs[-1] = Segment(last.start, i + 1, last.orig_start, o + 1, True)
        else:
            segs.append(Segment(i, i + 1, o, end, end == o + 1))

    def put_run(i: int, o: int, n: int) -> None:
        if segs and segs[-1].linear and segs[-1].end == i and segs[-1].orig_end == o:
            last = segs[-1]
            segs[-1] = Segment(last.start, i + n, last.orig_start, o + n, True)
        else:
            segs.append(Segment(i, i + n, o, o + n, True))

    pos = 0
    for line in text.split("\n"):
        j = visible.find(line, cursor) if line else -1
        if j >= 0 and j - cursor < 20000:
            n = len(line)
            if where[j + n - 1] - where[j] == n - 1 and source[where[j]:where[j] + n] == line:
                put_run(pos, where[j], n)  # the line stands as one run in the source
            else:
                for k, c in enumerate(line):
                    o = where[j + k]
                    put(pos + k, o, o + 1 if source[o] == c else _entity_end(source, o))
            cursor = j + n
        else:
            for k, c in enumerate(line):
                jj = -1 if c.isspace() else visible.find(c, cursor)
                if 0 <= jj and jj - cursor <= 2000:
                    o = where[jj]
                    put(pos + k, o, o + 1 if source[o] == c else _entity_end(source, o))
                    cursor = jj + 1
                else:
                    o = where[cursor] if cursor < len(where) else len(source)
                    put(pos + k, o, o)
        pos += len(line)
        if pos < len(text):  # the line break: between the two lines, taking no source text
            o = where[cursor] if cursor < len(where) else len(source)
            put(pos, o, o)
            pos += 1
    return OffsetMap(segs, len(text))


def _entity_end(source: str, at: int) -> int:
    m = _ENTITY.match(source, at)
    return m.end() if m else at + 1
