"""A view of a sentence with quotes and spaces taken out, for matching labels across them.

``安全宣传“五进”`` then matches the label 安全宣传五进; positions map back to the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

_DROP = re.compile(r"[“”‘’\"'「」『』\s]")


@dataclass(frozen=True)
class View:
    text: str
    index: Sequence[int]  # view position → position in the original string

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` of the view's ``[start, end)``."""
        return self.index[start], self.index[end - 1] + 1


def squeeze(label: str) -> str:
    """A label as the view shows it: ``安全宣传“五进”`` → ``安全宣传五进``."""
    return _DROP.sub("", label)


def view(text: str) -> View:
    if _DROP.search(text) is None:  # most sentences: the view is the sentence
        return View(text, range(len(text)))
    keep = [i for i, c in enumerate(text) if not _DROP.match(c)]
    return View("".join(text[i] for i in keep), tuple(keep))
