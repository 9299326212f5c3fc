"""Repair of list markers garbled by a one-byte GBK shift.

Some web pages hold ``?。ㄒ唬┻M一步`` where ``（一）進一步`` was meant: the GBK bytes of the
marker were decoded one byte out of step (a stray lead byte, shown as ``?``, swallowed the first
byte). Encoding the garbled run back to GBK, dropping its first byte and decoding again gives the
text back. When a byte was lost on the way the decode fails, but the first byte of the numeral
still says which numeral it was.
"""

from __future__ import annotations

import re

from .offsets import Edit

_NUMERALS = "一二三四五六七八九十"
_FIRST_BYTE = {n.encode("gbk")[0]: n for n in _NUMERALS}

# A line that starts with a replacement mark, then the garbled run: non-ASCII characters up to
# the first ASCII one, where the shifted decoding falls back into step.
_CANDIDATE = re.compile(r"(?m)^[ \t\u3000]*[?？\ufffd](。[^\x00-\x7f\n]{1,10}?[\x40-\x7e])")


_MARKER = re.compile(rf"（[{_NUMERALS}]{{1,3}}）")


def _repair(run: str) -> str | None:
    try:
        raw = run.encode("gbk")[1:]
    except UnicodeEncodeError:
        return None
    try:
        fixed: str | None = raw.decode("gbk")
    except UnicodeDecodeError:
        fixed = None
    if fixed is None or not _MARKER.match(fixed):
        fixed = _repair_lost_byte(raw)
    return fixed


def _repair_lost_byte(raw: bytes) -> str | None:
    """``（`` + numeral lead byte + … + ``）``'s trail byte + last character."""
    open_paren, close_trail = "（".encode("gbk"), "）".encode("gbk")[1]
    if not raw.startswith(open_paren) or len(raw) < 6:
        return None
    numeral = _FIRST_BYTE.get(raw[2])
    if numeral is None or raw[-3] != close_trail:
        return None
    try:
        last = raw[-2:].decode("gbk")
    except UnicodeDecodeError:
        return None
    return f"（{numeral}）{last}"


def fix_mojibake_markers(text: str) -> list[Edit]:
    """Edits that restore GBK-shifted list markers at line starts."""
    edits: list[Edit] = []
    for m in _CANDIDATE.finditer(text):
        fixed = _repair(m.group(1))
        if fixed is not None:
            start = m.start(1) - 1  # the replacement mark goes too
            edits.append(Edit(start, m.end(1), fixed))
    return edits
