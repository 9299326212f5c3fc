"""The structure of a report: sections with headings, sentences, and the report parts they show."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Sentence:
    """A sentence of the normalised text: ``text == document.text[start:end]``."""

    index: int  # 1-based position in the report
    start: int
    end: int
    text: str
    is_heading: bool = False
    section: "Section | None" = None


@dataclass
class Section:
    """A headed section. ``start:end`` covers its heading, its text and its subsections."""

    key: str  # "2.3.1": positions along the tree
    style: str  # a numbering style of kg.markers, or "plain"
    depth: int
    heading: str  # the heading text without its number
    start: int
    end: int = -1
    parent: "Section | None" = None
    children: list["Section"] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    parts: set[str] = field(default_factory=set)

    def walk(self):  # type: ignore[no-untyped-def]
        """This section and all below it, depth first."""
        yield self
        for c in self.children:
            yield from c.walk()

    def all_sentences(self) -> list[Sentence]:
        return [s for sec in self.walk() for s in sec.sentences]

    def effective_parts(self) -> set[str]:
        """Parts of this section or, failing that, of the nearest ancestor that has some."""
        sec: Section | None = self
        while sec is not None:
            if sec.parts:
                return sec.parts
            sec = sec.parent
        return set()


@dataclass
class Document:
    """A normalised report split into sections and sentences."""

    text: str
    title: str | None
    sections: list[Section]  # top level
    sentences: list[Sentence]  # all, in order
    preamble: list[Sentence]  # before the first heading
    closing: list[Sentence]  # signature lines: issuer and date
    extra_parts: set[str] = field(default_factory=set)  # parts shown outside any section

    def walk(self):  # type: ignore[no-untyped-def]
        for s in self.sections:
            yield from s.walk()

    @property
    def parts(self) -> set[str]:
        return {p for s in self.walk() for p in s.parts} | self.extra_parts
