"""Traditional → simplified Chinese with OpenCC (t2s), line by line, skipped where already simplified.

A line is converted when OpenCC changes at least :data:`TRADITIONAL_SHARE` of its Chinese
characters: simplified lines have a few characters that t2s touches anyway (瞭, 乾 in some
phrases) and stay as written, while a traditional line left over in a simplified page (a repaired
list marker ``（一）進一步``) is converted.
"""

from __future__ import annotations

import re
from functools import cache

from .offsets import Edit

_CJK = re.compile(r"[\u3400-\u9fff]")
TRADITIONAL_SHARE = 0.02


@cache
def _converter():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def _traditional(changed: int, text: str) -> bool:
    return changed > 0 and changed >= TRADITIONAL_SHARE * len(_CJK.findall(text))


def to_simplified(text: str) -> tuple[list[Edit], bool]:
    """Edits converting the traditional lines of ``text``, and whether the text is traditional."""
    convert = _converter().convert
    whole = convert(text)
    if whole == text:
        return [], False
    edits: list[Edit] = []
    changed_total, pos = 0, 0
    lines = text.splitlines(keepends=True)
    if len(whole) == len(text):
        # t2s kept the length, so the converted text splits into the same lines.
        ends = [0]
        for line in lines:
            ends.append(ends[-1] + len(line))
        converted = [whole[a:b] for a, b in zip(ends, ends[1:])]
    else:
        converted = [convert(line) for line in lines]
    for line, new in zip(lines, converted):
        if new != line:
            changed = sum(a != b for a, b in zip(line, new)) if len(new) == len(line) else len(line)
            if _traditional(changed, line):
                changed_total += changed
                edits.append(Edit(pos, pos + len(line), new, aligned=len(new) == len(line)))
        pos += len(line)
    return edits, _traditional(changed_total, text) and changed_total >= 3
