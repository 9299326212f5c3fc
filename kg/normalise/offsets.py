"""Offset maps: from each character of a normalised text back to its span in the original text.

A map is a sorted list of segments. A *linear* segment maps character for character; a
*group* segment (the output of one replacement, e.g. ``,,`` → ``，`` or a repaired mojibake run)
maps every one of its characters to the whole original span it replaced. Deleted original text
(pinyin readings, joined line breaks) belongs to no segment, so a span of normalised text maps to
the original range from its first to its last character, deletions in between included.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Iterable, NamedTuple


class Segment(NamedTuple):
    start: int  # in the normalised text
    end: int
    orig_start: int
    orig_end: int
    linear: bool


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` by ``replacement``.

    ``aligned`` says the replacement has the same length and maps character for character
    (script conversion, full-width → ASCII).
    """

    start: int
    end: int
    replacement: str
    aligned: bool = False


class OffsetMap:
    """Maps spans of a normalised text to spans of the original text."""

    __slots__ = ("segments", "_starts", "length")

    def __init__(self, segments: list[Segment], length: int) -> None:
        self.segments = segments
        self._starts = [s.start for s in segments]
        self.length = length

    @classmethod
    def identity(cls, length: int) -> "OffsetMap":
        return cls([Segment(0, length, 0, length, True)] if length else [], length)

    def _find(self, i: int) -> Segment:
        return self.segments[bisect_right(self._starts, i) - 1]

    def char_span(self, i: int) -> tuple[int, int]:
        """Original span of normalised character ``i``."""
        s = self._find(i)
        if s.linear:
            o = s.orig_start + (i - s.start)
            return o, o + 1
        return s.orig_start, s.orig_end

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original span ``[s, e)`` of the normalised span ``[start, end)``."""
        if not 0 <= start <= end <= self.length:
            raise IndexError(f"span {start}:{end} outside 0:{self.length}")
        if start == end:
            if start == self.length:
                return (self.segments[-1].orig_end,) * 2 if self.segments else (0, 0)
            o = self.char_span(start)[0]
            return o, o
        return self.char_span(start)[0], self.char_span(end - 1)[1]

    def slice(self, start: int, end: int, shift: int) -> Iterable[Segment]:
        """Segments covering normalised ``[start, end)``, moved by ``shift`` positions."""
        if start >= end:
            return
        k = bisect_right(self._starts, start) - 1
        while k < len(self.segments):
            s = self.segments[k]
            if s.start >= end:
                break
            a, b = max(s.start, start), min(s.end, end)
            if s.linear:
                yield Segment(a + shift, b + shift, s.orig_start + a - s.start, s.orig_start + b - s.start, True)
            else:
                yield Segment(a + shift, b + shift, s.orig_start, s.orig_end, False)
            k += 1


def apply_edits(text: str, omap: OffsetMap, edits: list[Edit]) -> tuple[str, OffsetMap]:
    """Apply sorted, non-overlapping edits to ``text`` and compose the offset map."""
    if not edits:
        return text, omap
    if all(e.aligned for e in edits):
        # Character-for-character replacements keep every offset: only the text changes.
        pieces, pos = [], 0
        for e in edits:
            if e.start < pos or len(e.replacement) != e.end - e.start:
                raise ValueError(f"bad aligned edit at {e.start}")
            pieces += [text[pos:e.start], e.replacement]
            pos = e.end
        pieces.append(text[pos:])
        return "".join(pieces), omap
    out: list[str] = []
    segs: list[Segment] = []
    src = omap.segments
    k = 0  # walks omap's segments once: edits come in order
    pos = 0  # in text
    npos = 0  # in the new text

    def add(seg: Segment) -> None:
        if segs and seg.linear and segs[-1].linear and segs[-1].end == seg.start and segs[-1].orig_end == seg.orig_start:
            last = segs[-1]
            segs[-1] = Segment(last.start, seg.end, last.orig_start, seg.orig_end, True)
        else:
            segs.append(seg)

    def copy(start: int, end: int, shift: int) -> None:
        """Segments of omap over ``[start, end)``, moved by ``shift``."""
        nonlocal k
        while k < len(src) and src[k].end <= start:
            k += 1
        j = k
        while j < len(src) and src[j].start < end:
            s = src[j]
            lo, hi = max(s.start, start), min(s.end, end)
            if s.linear:
                add(Segment(lo + shift, hi + shift, s.orig_start + lo - s.start, s.orig_start + hi - s.start, True))
            else:
                add(Segment(lo + shift, hi + shift, s.orig_start, s.orig_end, False))
            j += 1

    for e in edits:
        if e.start < pos:
            raise ValueError(f"overlapping edit at {e.start}")
        if e.start > pos:
            out.append(text[pos:e.start])
            copy(pos, e.start, npos - pos)
            npos += e.start - pos
        if e.aligned:
            if len(e.replacement) != e.end - e.start:
                raise ValueError("aligned edit must keep the length")
            copy(e.start, e.end, npos - e.start)
        elif e.replacement:
            o0, o1 = omap.span(e.start, e.end)
            add(Segment(npos, npos + len(e.replacement), o0, o1, False))
        out.append(e.replacement)
        npos += len(e.replacement)
        pos = e.end
    if pos < len(text):
        out.append(text[pos:])
        copy(pos, len(text), npos - pos)
        npos += len(text) - pos
    return "".join(out), OffsetMap(segs, npos)
