"""Sentence splitting of Chinese text, keeping offsets."""

from __future__ import annotations

import re

# A sentence ends at 。！？； (or their ASCII forms) plus any closing quotes or brackets after them.
_END = re.compile(r"[。！？；!?;…]+[”’」』）)]*")


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the sentences in ``text[start:end]`` (one paragraph), spaces trimmed."""
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _END.finditer(text, start, end):
        _add(text, pos, m.end(), spans)
        pos = m.end()
    _add(text, pos, end, spans)
    return spans


def _add(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        spans.append((a, b))
