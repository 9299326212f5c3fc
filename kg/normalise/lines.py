"""Lines: stray characters and spaces, page numbers, and hard line breaks inside sentences.

PDF copies break sentences every few dozen characters (``充分发挥法\n律顾问``). A break is joined
when the line before it does not end a sentence or a heading and the next line does not start a
numbered item. A line before a break counts as prose, not as a heading, when it holds a sentence
mark inside, or is long.
"""

from __future__ import annotations

import re

from ..markers import ANY_MARKER
from .offsets import Edit

_STRAY = re.compile(r"[\ufeff\u200b\u200c\u200d\u2060\r\x00-\x08\x0b\x0c\x0e-\x1f]+")
_EDGE_SPACE = re.compile(r"(?m)^[ \t]+|[ \t]+$")
_PAGE_NUMBER = re.compile(r"(?m)^[ \t]*(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?)[ \t]*\n")
_BLANK_LINES = re.compile(r"\n{2,}")
_LINE_END_CHARS = frozenset("。！？；：!?;:…”’」』）)")
_INNER_MARK = re.compile(r"[，,、。；;]")
#: A line at least this long is prose even without a mark inside it.
LONG_LINE = 30


def strip_stray(text: str) -> list[Edit]:
    """Edits deleting BOMs, zero-width and control characters, and CRs."""
    return [Edit(m.start(), m.end(), "") for m in _STRAY.finditer(text)]


def tidy_lines(text: str) -> list[Edit]:
    """Edits deleting spaces at line edges, page-number lines and blank lines."""
    edits = [Edit(m.start(), m.end(), "") for m in _EDGE_SPACE.finditer(text)]
    edits += [Edit(m.start(), m.end(), "") for m in _PAGE_NUMBER.finditer(text)]
    edits.sort(key=lambda e: e.start)
    return _drop_overlaps(edits)


def collapse_blank_lines(text: str) -> list[Edit]:
    """Edits reducing runs of line breaks to one, and dropping breaks at the start and end."""
    edits = [Edit(m.start() + 1, m.end(), "") for m in _BLANK_LINES.finditer(text)]
    lead = len(text) - len(text.lstrip("\n"))
    if lead:
        edits.insert(0, Edit(0, lead, ""))
    trail = len(text) - len(text.rstrip("\n"))
    if trail and trail < len(text):
        edits = [e for e in edits if e.start < len(text) - trail]
        edits.append(Edit(len(text) - trail, len(text), ""))
    return _drop_overlaps(edits)


def join_broken_lines(text: str) -> list[Edit]:
    """Edits deleting line breaks that fall inside a sentence.

    Lines are joined one after another, and each break is judged on the line as joined so far,
    so normalising twice joins nothing more.
    """
    edits: list[Edit] = []
    lines = text.split("\n")
    pos = 0
    logical = ""
    for i, line in enumerate(lines[:-1]):
        pos += len(line)
        logical += line
        nxt = lines[i + 1]
        if logical and nxt and _is_broken(logical, nxt):
            edits.append(Edit(pos, pos + 1, ""))
        else:
            logical = ""
        pos += 1
    return edits


def _is_broken(line: str, nxt: str) -> bool:
    if line[-1] in _LINE_END_CHARS or ANY_MARKER.match(nxt):
        return False
    m = ANY_MARKER.match(line)
    body = line[m.end():] if m else line
    if m and "。" not in body:
        return False  # a numbered heading
    return bool(_INNER_MARK.search(body)) or len(line) >= LONG_LINE


def _drop_overlaps(edits: list[Edit]) -> list[Edit]:
    out: list[Edit] = []
    for e in edits:
        if out and e.start < out[-1].end:
            if e.end > out[-1].end:
                out[-1] = Edit(out[-1].start, e.end, "")
            continue
        out.append(e)
    return out
