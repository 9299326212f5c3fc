"""Typed views of the ontology's concept schemes, for the extractors (one source of truth)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import Literal, URIRef

from .namespaces import FZ, FZC, RDF, SKOS
from .resources import ontology


@dataclass(frozen=True)
class PartConcept:
    """A report part with the cues that mark it."""

    id: str
    iri: URIRef
    label: str
    heading_cues: tuple[str, ...]
    content_cues: tuple[str, ...]


def _strs(values) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    return tuple(sorted({str(v) for v in values if isinstance(v, Literal)}, key=lambda s: (-len(s), s)))


def concept_id(iri: URIRef) -> str:
    """The catalog id of a concept IRI."""
    return str(iri)[len(str(FZC)):]


@cache
def report_parts() -> tuple[PartConcept, ...]:
    """The report parts in their legal order."""
    g = ontology()
    parts = []
    for iri in g.subjects(RDF.type, FZ.ReportPart):
        assert isinstance(iri, URIRef)
        label = next((str(o) for o in g.objects(iri, SKOS.prefLabel) if getattr(o, "language", None) == "zh"), "")
        parts.append((int(g.value(iri, FZ.order) or 99), PartConcept(
            concept_id(iri), iri, label, _strs(g.objects(iri, FZ.headingCue)), _strs(g.objects(iri, FZ.contentCue)),
        )))
    return tuple(p for _, p in sorted(parts, key=lambda t: t[0]))
