"""Repair of list markers garbled by a one-byte GBK shift.

Some web pages hold ``?。ㄒ唬┻M一步`` where ``（一）進一步`` was meant: the GBK bytes of the
marker were decoded one byte out of step (a stray lead byte, shown as ``?``, swallowed the first
byte). Encoding the garbled run back to GBK, dropping that first byte and decoding again gives the
text back. Where bytes were lost on the way (``?。ǘ┻M``) the decode fails, but the first byte of
the numeral still says which numeral it was, and the bytes after the closing bracket give the
character that follows it.
"""

from __future__ import annotations

import re

from .offsets import Edit

_NUMERALS = "一二三四五六七八九十"
_FIRST_BYTE = {n.encode("gbk")[0]: n for n in _NUMERALS}
_OPEN = "（".encode("gbk")
_CLOSE = "）".encode("gbk")
_MARKER = re.compile(rf"（[{_NUMERALS}]{{1,3}}）.?$")
#: A line that starts with a replacement mark and ``。`` (the stray byte plus the bracket's lead byte).
_CANDIDATE = re.compile(r"(?m)^[ \t\u3000]*[?？\ufffd](?=。)")
MAX_RUN = 10


def _gbk(text: str) -> bytes | None:
    try:
        return text.encode("gbk")
    except UnicodeEncodeError:
        return None


def _strict(shifted: bytes) -> str | None:
    try:
        fixed = shifted.decode("gbk")
    except UnicodeDecodeError:
        return None
    return fixed if _MARKER.match(fixed) else None


def _lost_bytes(shifted: bytes) -> str | None:
    if shifted[:1] == _OPEN[:1] and not shifted.startswith(_OPEN):
        # The bracket's trail byte was lost; what follows is back in step.
        try:
            rest = shifted[1:].decode("gbk")
        except UnicodeDecodeError:
            return None
        return "（" + rest if _MARKER.match("（" + rest) else None
    if not shifted.startswith(_OPEN) or len(shifted) < 3:
        return None
    numeral = _FIRST_BYTE.get(shifted[2])
    if numeral is None:
        return None
    i = shifted.find(_CLOSE, 3)
    if i >= 0:
        tail = shifted[i + len(_CLOSE):]
    else:
        i = shifted.find(_CLOSE[1:], 3)
        if i < 0:
            return None
        tail = shifted[i + 1:]
    try:
        rest = tail.decode("gbk")
    except UnicodeDecodeError:
        return None
    return f"（{numeral}）{rest}" if len(rest) <= 1 else None


def repair_run(line_rest: str) -> tuple[int, str] | None:
    """For text after the ``?``: how many characters are garbled, and what they meant."""
    for k in range(2, min(MAX_RUN, len(line_rest)) + 1):
        raw = _gbk(line_rest[:k])
        if raw is None:
            return None
        shifted = raw[1:]
        fixed = _strict(shifted) or _lost_bytes(shifted)
        if fixed is not None:
            return k, fixed
    return None


def fix_mojibake_markers(text: str) -> list[Edit]:
    """Edits that restore GBK-shifted list markers at line starts."""
    edits: list[Edit] = []
    for m in _CANDIDATE.finditer(text):
        end = text.find("\n", m.end())
        found = repair_run(text[m.end(): end if end >= 0 else len(text)])
        if found is not None:
            k, fixed = found
            edits.append(Edit(m.end() - 1, m.end() + k, fixed))
    return edits
