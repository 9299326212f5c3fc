"""Normalisation: raw report text → clean simplified Chinese with a map back to the original.

Each step returns edits on the current text; :func:`apply_edits` composes the offset map, so
every character of the result knows its span in the text as read from the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from .lines import collapse_blank_lines, join_broken_lines, strip_stray, tidy_lines
from .mojibake import fix_mojibake_markers
from .offsets import Edit, OffsetMap, apply_edits
from .pinyin import remove_pinyin
from .punctuation import fix_ascii_marks, fix_doubled, fix_width
from .script import to_simplified

__all__ = ["Normalised", "normalise", "OffsetMap", "Edit", "apply_edits"]


@dataclass
class Normalised:
    """Clean text, its offset map into the original, and the repairs made."""

    original: str
    text: str
    offsets: OffsetMap
    traditional: bool = False
    repairs: dict[str, int] = field(default_factory=dict)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Span of the original text that ``text[start:end]`` came from."""
        return self.offsets.span(start, end)

    def source_text(self, start: int, end: int) -> str:
        s, e = self.offsets.span(start, end)
        return self.original[s:e]


#: Each step is repeated at most this often until it finds nothing more to repair.
MAX_ROUNDS = 4

Step = tuple[str, Callable[[str], list[Edit]]]

_BEFORE_SCRIPT: tuple[Step, ...] = (
    ("stray_characters", strip_stray),
    ("mojibake_markers", fix_mojibake_markers),
    ("pinyin_readings", remove_pinyin),
    ("doubled_punctuation", fix_doubled),
    ("ascii_punctuation", fix_ascii_marks),
    ("full_width", fix_width),
    ("line_edges", tidy_lines),
)
_AFTER_SCRIPT: tuple[Step, ...] = (
    ("blank_lines", collapse_blank_lines),
    ("broken_lines", join_broken_lines),
    ("doubled_punctuation", fix_doubled),  # a joined break can bring two marks together
)


def normalise(original: str, offsets: OffsetMap | None = None) -> Normalised:
    """Normalise ``original``; ``offsets`` maps it further back (e.g. into an HTML page)."""
    text, omap = original, offsets or OffsetMap.identity(len(original))
    repairs: dict[str, int] = {}

    def run(name: str, edits: list[Edit]) -> None:
        nonlocal text, omap
        if edits:
            repairs[name] = repairs.get(name, 0) + len(edits)
            text, omap = apply_edits(text, omap, edits)

    def run_to_fixpoint(name: str, step: Callable[[str], list[Edit]]) -> None:
        # A repair can uncover another of its kind (規((guī)guī)); repeat until none is left.
        for _ in range(MAX_ROUNDS):
            edits = step(text)
            if not edits:
                return
            run(name, edits)

    for name, step in _BEFORE_SCRIPT:
        run_to_fixpoint(name, step)
    edits, traditional = to_simplified(text)
    run("traditional_script", edits)
    for name, step in _AFTER_SCRIPT:
        run_to_fixpoint(name, step)
    return Normalised(original, text, omap, traditional, repairs)
