"""Aligned plain-text tables for the terminal; Chinese characters count two columns."""

from __future__ import annotations

import unicodedata


def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def clip(s: str, limit: int) -> str:
    """``s`` cut to at most ``limit`` display columns, with … when cut."""
    if width(s) <= limit:
        return s
    out, used = [], 0
    for c in s:
        w = width(c)
        if used + w > limit - 1:
            break
        out.append(c)
        used += w
    return "".join(out) + "…"


def text_table(columns: list[str], cells: list[list[str]]) -> str:
    widths = [max([width(c)] + [width(r[i]) for r in cells]) for i, c in enumerate(columns)]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - width(v)) for v, w in zip(values, widths)).rstrip()

    out = [line(columns), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    return "\n".join(out) + "\n"
