"""Traditional → simplified Chinese with OpenCC (t2s), skipped for text that is already simplified."""

from __future__ import annotations

import re
from functools import cache

from .offsets import Edit

_CJK = re.compile(r"[\u3400-\u9fff]")
#: A text counts as traditional when OpenCC changes at least this share of its Chinese characters;
#: simplified text has a few characters t2s touches anyway (乾, 著 in some phrases).
TRADITIONAL_SHARE = 0.02


@cache
def _converter():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> tuple[list[Edit], bool]:
    """Edits converting ``text`` to simplified Chinese, and whether it was traditional."""
    converted = _converter().convert(text)
    if converted == text:
        return [], False
    changed = sum(1 for a, b in zip(text, converted) if a != b) if len(converted) == len(text) else len(text)
    if changed < max(3, TRADITIONAL_SHARE * len(_CJK.findall(text))):
        return [], False
    if len(converted) == len(text):
        return [Edit(0, len(text), converted, aligned=True)], True
    # Length changed somewhere: convert line by line so that only the lines concerned lose
    # their character-exact mapping.
    edits, pos = [], 0
    for line in text.splitlines(keepends=True):
        new = _converter().convert(line)
        if new != line:
            edits.append(Edit(pos, pos + len(line), new, aligned=len(new) == len(line)))
        pos += len(line)
    return edits, True
