"""Section tree from headings at every level.

Numbered headings (一、 （一） 1. 1、 (1) ① …) start a section; the depth of a numbering style is
the order in which the styles first appear, as readers of 公文 expect, so a report that numbers
its top level with （一） still nests 1. below it. Run-on items (一是…二是…, 第一，…) start
sub-sections inside their paragraph. A short line with no sentence mark that stands before prose
is an unnumbered heading.
"""

from __future__ import annotations

import re

from ..markers import INLINE_STYLES, MARKERS, match_marker
from .model import Section, Sentence
from .sentences import split_sentences

_SENTENCE_MARK = re.compile(r"[。！？；!?;]")
_LINE_END_MARK = re.compile(r"[。！？；：:!?;，,、]$")
#: An unnumbered line at most this long, with no sentence mark, is a heading.
PLAIN_HEADING_MAX = 40
_INLINE = {style: pat for style, pat in MARKERS if style in INLINE_STYLES}


#: Styles that number the same level: 1. and 1、 are two ways of typing one list.
_FAMILY = {"num-dun": "num-dot"}


class _Tree:
    def __init__(self) -> None:
        self.top: list[Section] = []
        self.stack: list[Section] = []

    def open(self, style: str, heading: str, start: int) -> Section:
        family = _FAMILY.get(style, style)
        styles = [_FAMILY.get(s.style, s.style) for s in self.stack]
        if family in styles:
            del self.stack[styles.index(family):]
        parent = self.stack[-1] if self.stack else None
        siblings = parent.children if parent else self.top
        key = f"{parent.key}." if parent else ""
        sec = Section(key + str(len(siblings) + 1), style, len(self.stack) + 1, heading, start, parent=parent)
        siblings.append(sec)
        self.stack.append(sec)
        return sec

    def close_inline(self) -> None:
        while self.stack and self.stack[-1].style in INLINE_STYLES:
            self.stack.pop()

    @property
    def current(self) -> Section | None:
        return self.stack[-1] if self.stack else None


def parse_sections(text: str, lines: list[tuple[int, int]]) -> tuple[list[Section], list[Sentence], list[Sentence]]:
    """Sections, all sentences, and the sentences before the first heading, for ``lines``."""
    tree = _Tree()
    sentences: list[Sentence] = []
    preamble: list[Sentence] = []

    def add(a: int, b: int, heading: bool) -> Sentence:
        s = Sentence(len(sentences) + 1, a, b, text[a:b], heading, tree.current)
        sentences.append(s)
        (tree.current.sentences if tree.current else preamble).append(s)
        return s

    for n, (a, b) in enumerate(lines):
        line = text[a:b]
        nxt = lines[n + 1] if n + 1 < len(lines) else None
        found = match_marker(line)
        if found and found[0] in INLINE_STYLES:
            if not (tree.current and tree.current.style == found[0]):
                tree.close_inline()
            found = None  # run-on items are opened sentence by sentence below
        else:
            tree.close_inline()
        spans = split_sentences(text, a, b)
        if found is not None and spans:
            style, m = found
            first = spans[0]
            heading = text[a + m.end():first[1]].rstrip("。！？；;!?：:")
            tree.open(style, heading.strip(), a)
            add(first[0], first[1], True)
            spans = spans[1:]
        elif spans and nxt is not None and _plain_heading(line):
            tree.open("plain", line.strip(), a)
            add(spans[0][0], spans[-1][1], True)
            spans = []
        for sa, sb in spans:
            inline = _inline_marker(text, sa)
            if inline is not None:
                if tree.current and tree.current.style in INLINE_STYLES and tree.current.style != inline[0]:
                    tree.close_inline()
                style, m = inline
                heading = text[m.end():sb].rstrip("。！？；;!?：:，,")
                tree.open(style, _clause(heading), sa)
            add(sa, sb, False)
    _close(tree.top, len(text))
    return tree.top, sentences, preamble


def _inline_marker(text: str, at: int) -> tuple[str, re.Match[str]] | None:
    for style, pat in _INLINE.items():
        m = pat.match(text, at)
        if m:
            return style, m
    return None


def _clause(text: str) -> str:
    """The first clause of an item, as its heading (一是压实安全生产责任。… → 压实安全生产责任)."""
    return re.split(r"[，,：:]", text, maxsplit=1)[0].strip()


def _plain_heading(line: str) -> bool:
    s = line.strip()
    return 2 <= len(s) <= PLAIN_HEADING_MAX and not _SENTENCE_MARK.search(s) and not _LINE_END_MARK.search(s)


def _close(sections: list[Section], end: int) -> None:
    """Set every section's end to the start of the next section at its level or above."""
    for i, sec in enumerate(sections):
        sec.end = sections[i + 1].start if i + 1 < len(sections) else end
        _close(sec.children, sec.end)
