"""Vocabularies the extractors match, read from the ontology's SKOS labels (one source of truth)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any, Iterable

from rdflib import Literal, URIRef

from ..concepts import concept_id
from ..namespaces import FZ, FZP, RDF, SKOS
from ..resources import ontology
from .textview import squeeze


@dataclass(frozen=True)
class Label:
    concept: str  # catalog id
    text: str
    weak: bool


@dataclass(frozen=True)
class PracticeLexicon:
    labels: dict[str, list[Label]]  # label text → the concepts it names
    pattern: re.Pattern[str]  # all plain labels, the longest one at each position
    narrower: dict[str, tuple[str, ...]]  # umbrella id → member ids
    clause_patterns: tuple[tuple[str, re.Pattern[str], Label], ...]  # labels "A…B": (A, A then B in one clause, label)


#: The marks that end a clause (commas, semicolons, colons, full stops), for every extractor.
CLAUSE_MARKS = "，,；;：:。！？"
#: Characters a clause pattern "A…B" may span between A and B: no clause break.
CLAUSE_GAP = rf"[^{CLAUSE_MARKS}]{{0,24}}?"


@dataclass(frozen=True)
class Unit:
    text: str
    canonical: str
    factor: Decimal
    kind: str


def _lits(g, s, p) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(o) for o in g.objects(s, p) if isinstance(o, Literal)]


@cache
def practices() -> PracticeLexicon:
    g = ontology()
    labels: dict[str, list[Label]] = {}
    narrower: dict[str, tuple[str, ...]] = {}
    for c in g.subjects(RDF.type, FZ.Practice):
        assert isinstance(c, URIRef)
        cid = concept_id(c)
        members = tuple(sorted(concept_id(n) for n in g.objects(c, SKOS.narrower) if isinstance(n, URIRef)))
        if members:
            narrower[cid] = members
        for text in _lits(g, c, SKOS.prefLabel) + _lits(g, c, SKOS.altLabel):
            if re.search(r"[\u4e00-\u9fff]", text) or text.isdigit():
                labels.setdefault(squeeze(text), []).append(Label(cid, text, False))
        for text in _lits(g, c, FZ.weakLabel):
            labels.setdefault(squeeze(text), []).append(Label(cid, text, True))
    plain = {t: ls for t, ls in labels.items() if "…" not in t}
    clauses = tuple(
        (t.split("…")[0], re.compile(CLAUSE_GAP.join(map(re.escape, t.split("…")))), label)
        for t, ls in sorted(labels.items()) if "…" in t for label in ls
    )
    return PracticeLexicon(plain, trie_pattern(plain), narrower, clauses)


@cache
def units() -> dict[str, Unit]:
    g = ontology()
    out: dict[str, Unit] = {}
    for u in g.subjects(RDF.type, FZ.Unit):
        assert isinstance(u, URIRef)
        text = str(g.value(u, SKOS.notation))
        canonical = g.value(g.value(u, FZ.canonicalUnit) or u, SKOS.notation)
        out[text] = Unit(text, str(canonical or text),
                         Decimal(str(g.value(u, FZ.factor) or 1)), str(g.value(u, FZ.unitKind) or ""))
    return out


@cache
def indicator_cues() -> dict[str, list[tuple[str, frozenset[str]]]]:
    """Cue phrase → [(indicator id, typical units)]."""
    g = ontology()
    out: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for c in g.subjects(RDF.type, FZ.Indicator):
        assert isinstance(c, URIRef)
        cid = concept_id(c)
        typical = frozenset(str(g.value(u, SKOS.notation)) for u in g.objects(c, FZ.typicalUnit))
        for cue in _lits(g, c, FZ.cue) + [l for l in _lits(g, c, SKOS.prefLabel) if "（" not in l]:
            out.setdefault(cue, []).append((cid, typical))
    return out


@cache
def cue_automaton():  # type: ignore[no-untyped-def]
    """An Aho-Corasick automaton over the indicator cues: all (overlapping) cues of a sentence
    in one pass."""
    import ahocorasick

    auto = ahocorasick.Automaton()
    for cue in indicator_cues():
        auto.add_word(cue, cue)
    auto.make_automaton()
    return auto


@cache
def post_titles() -> tuple[str, ...]:
    g = ontology()
    return tuple(sorted((str(p)[len(str(FZP)):] for p in g.subjects(RDF.type, FZ.PostTitle)), key=lambda t: (-len(t), t)))


@cache
def post_pattern() -> re.Pattern[str]:
    """Any post title: one search instead of a substring test per title."""
    return trie_pattern(post_titles())


def trie_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """A regex matching the longest of ``words`` at each position, as the alternation of the words
    longest first does, but written as their prefix tree (双随机(?:一公开)?): Python's regex engine
    tries an alternation's branches one by one at every position, and a tree of a few hundred labels
    is scanned in about 60 % of the time."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def branches(node: dict[str, Any]) -> list[str]:
        return [re.escape(ch) + rest(node[ch]) for ch in sorted(node) if ch]

    def rest(node: dict[str, Any]) -> str:
        alts = branches(node)
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body  # greedy: the longer word first

    return re.compile("|".join(branches(tree)) or "(?!)")  # no words: a pattern that never matches


def domain_terms() -> list[str]:
    """Every Chinese label, alias and cue of the ontology: the segmenter's user dictionary."""
    g = ontology()
    terms: set[str] = set()
    for p in (SKOS.prefLabel, SKOS.altLabel, FZ.weakLabel, FZ.cue, FZ.headingCue, FZ.contentCue):
        for o in g.objects(None, p):
            t = str(o)
            if isinstance(o, Literal) and re.fullmatch(r"[\u4e00-\u9fff]{2,12}", t):
                terms.add(t)
    terms.update(post_titles())
    return sorted(terms)
