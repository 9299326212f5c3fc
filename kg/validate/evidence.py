"""What a report shows, read from its graph, to put next to each requirement's result: the
sentences of its practice claims, the headings of its parts, its dates and the documents it cites."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, URIRef

from ..namespaces import ELI, FZ, NIF, PROV, RDF, SKOS


@dataclass
class ReportFacts:
    iri: str
    issuer: str = ""
    year: str = ""
    date_signed: str = ""
    file: str = ""
    parts: dict[str, list[str]] = field(default_factory=dict)  # part IRI → headings showing it
    claims: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # practice IRI → (modality, sentence)
    citations: list[tuple[str, str, str]] = field(default_factory=list)  # (document IRI, title, 文号)

    @property
    def label(self) -> str:
        return " ".join(x for x in (self.issuer or self.file or self.iri, self.year) if x)


def _str(g: Graph, s: URIRef, p: URIRef) -> str:
    v = g.value(s, p)
    return str(v) if v is not None else ""


def report_facts(g: Graph) -> list[ReportFacts]:
    """The facts of every report in ``g`` (sorted by IRI)."""
    out = []
    for rep in sorted(g.subjects(RDF.type, FZ.Report)):
        assert isinstance(rep, URIRef)
        issuer = g.value(rep, FZ.issuer)
        src = g.value(rep, FZ.sourceFile)
        f = ReportFacts(
            iri=str(rep),
            issuer=_str(g, issuer, SKOS.prefLabel) if isinstance(issuer, URIRef) else "",
            year=_str(g, rep, FZ.yearCovered),
            date_signed=_str(g, rep, FZ.dateSigned),
            file=_str(g, src, FZ.fileName) if isinstance(src, URIRef) else "",
        )
        for part in g.objects(rep, FZ.containsPart):
            f.parts[str(part)] = []
        for sec in g.subjects(FZ.report, rep):
            for part in g.objects(sec, FZ.coversPart):
                heading = _str(g, sec, FZ.heading)  # type: ignore[arg-type]
                if heading:
                    f.parts.setdefault(str(part), []).append(heading)
        for claim in g.subjects(FZ.report, rep):
            practice = g.value(claim, FZ.practice)
            if practice is None:
                continue
            sentence = g.value(claim, PROV.wasDerivedFrom)
            text = _str(g, sentence, NIF.anchorOf) if isinstance(sentence, URIRef) else ""
            f.claims.setdefault(str(practice), []).append((_str(g, claim, FZ.modality), text))  # type: ignore[arg-type]
        for doc in g.objects(rep, FZ.cites):
            f.citations.append((str(doc), _str(g, doc, ELI.title), _str(g, doc, FZ.docNumber)))  # type: ignore[arg-type]
        for v in f.parts.values():
            v.sort()
        for v in f.claims.values():
            v[:] = sorted(set(v))
        f.citations.sort()
        out.append(f)
    return out
