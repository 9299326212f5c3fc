"""Punctuation and character width: the one full-width mark meant, ASCII digits and letters.

Garbled pages write every full-width mark X as ``,X`` (``,,`` ``,、`` ``,。``); PDF and web copies mix
ASCII commas, semicolons and colons into Chinese text; full-width digits and letters (``２０２４``)
are turned into ASCII so that numbers parse. Parentheses are left as written.
"""

from __future__ import annotations

import re

from .offsets import Edit

_MARKS = ",，、。；;：:！!？?"
# A comma glued before another mark, or a mark doubled: keep the last one.
_DOUBLED = re.compile(rf"[,，]+(?=[{_MARKS}])|([、。；])\1+")
_ASCII_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
# ASCII marks in Chinese text, but not inside numbers (1,000 or 10:30) or Latin text.
_ASCII_MARK = re.compile(r"(?<![0-9A-Za-z])[,;:?!]|[,;:?!](?![0-9A-Za-z ])")

_WIDTH = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}  # ０-９
_WIDTH.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_WIDTH.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_WIDTH.update({ord("％"): "%", ord("＋"): "+", ord("－"): "-", ord("／"): "/", 0x3000: " ", 0xA0: " "})
_FULLWIDTH_CHARS = re.compile("[０-９Ａ-Ｚａ-ｚ％＋－／\u3000\xa0]+")
_DECIMAL_POINT = re.compile(r"(?<=\d)．(?=\d)")


def fix_doubled(text: str) -> list[Edit]:
    """Edits that collapse doubled or comma-prefixed marks into the one meant."""
    edits = []
    for m in _DOUBLED.finditer(text):
        if m.group(1):
            edits.append(Edit(m.start(), m.end(), m.group(1)))
        else:
            edits.append(Edit(m.start(), m.end(), ""))
    return edits


def fix_ascii_marks(text: str) -> list[Edit]:
    """Edits turning ASCII , ; : ? ! in Chinese text into their full-width forms."""
    return [Edit(m.start(), m.end(), _ASCII_TO_FULL[m.group()], aligned=True) for m in _ASCII_MARK.finditer(text)]


def fix_width(text: str) -> list[Edit]:
    """Edits turning full-width digits, letters and signs into ASCII, and 1．5 into 1.5."""
    edits = [Edit(m.start(), m.end(), m.group().translate(_WIDTH), aligned=True) for m in _FULLWIDTH_CHARS.finditer(text)]
    edits += [Edit(m.start(), m.end(), ".", aligned=True) for m in _DECIMAL_POINT.finditer(text)]
    edits.sort(key=lambda e: e.start)
    return edits
