"""The requirements a compliance run checks, read from the SHACL shapes (one shape per requirement).

A requirement shape targets fz:Report and carries its labels, severity, the part or practice it
requires (fz:requires) and its legal basis (fz:legalBasis documents, fz:legalBasisArticle).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import Literal, URIRef

from ..namespaces import ELI, FZ, RDF, RDFS
from ..resources import ontology, shapes

SH = "http://www.w3.org/ns/shacl#"
SEVERITIES = {URIRef(SH + "Violation"): "Violation", URIRef(SH + "Warning"): "Warning", URIRef(SH + "Info"): "Info"}


@dataclass(frozen=True)
class Requirement:
    shape: URIRef
    label_zh: str
    label_en: str
    severity: str  # Violation | Warning | Info
    kind: str  # part | practice | date | citation
    requires: URIRef | None
    basis: tuple[str, ...]  # one line per legal document: 《title》 文号, article

    @property
    def key(self) -> str:
        """Short id: the shape's local name (practice_double_random_one_public)."""
        return str(self.shape).rsplit("#", 1)[-1]


def _text(values: list[Literal], lang: str) -> str:
    found = [str(v) for v in values if isinstance(v, Literal) and v.language == lang]
    return sorted(found)[0] if found else ""


def _kind(shape: URIRef, requires: URIRef | None) -> str:
    if requires is not None and (requires, RDF.type, FZ.ReportPart) in ontology():
        return "part"
    local = str(shape).rsplit("#", 1)[-1]
    if local.startswith("practice_"):
        return "practice"
    return "date" if "date" in local else "citation"


def _basis(shape: URIRef) -> tuple[str, ...]:
    g, onto = shapes(), ontology()
    articles = sorted(str(a) for a in g.objects(shape, FZ.legalBasisArticle))
    lines = []
    for doc in sorted(g.objects(shape, FZ.legalBasis)):
        title = str(onto.value(doc, ELI.title) or "")
        number = str(onto.value(doc, FZ.docNumber) or onto.value(doc, ELI.id_local) or "")
        article = next((a[len(title):].strip() for a in articles if title and a.startswith(title)), "")
        lines.append(" ".join(x for x in (f"《{title}》" if title else str(doc), number, article) if x))
    return tuple(lines)


_ORDER = {"part": 0, "practice": 1, "date": 2, "citation": 3}


@cache
def requirements() -> tuple[Requirement, ...]:
    """Every requirement shape, parts first, then practices (violations before warnings), then dates
    and citations."""
    g = shapes()
    found = []
    for shape in set(g.subjects(FZ.legalBasis, None)) | set(g.subjects(FZ.requires, None)):
        assert isinstance(shape, URIRef)
        requires = g.value(shape, FZ.requires)
        labels = list(g.objects(shape, RDFS.label))
        found.append(Requirement(
            shape=shape,
            label_zh=_text(labels, "zh"),
            label_en=_text(labels, "en"),
            severity=SEVERITIES.get(g.value(shape, URIRef(SH + "severity")), "Violation"),  # type: ignore[arg-type]
            kind=_kind(shape, requires if isinstance(requires, URIRef) else None),
            requires=requires if isinstance(requires, URIRef) else None,
            basis=_basis(shape),
        ))
    return tuple(sorted(found, key=lambda r: (_ORDER[r.kind], r.severity != "Violation", r.key)))
