"""RDF for what a report claims: practice claims, metric observations, citations, people.

Every fact links to its sentence (prov:wasDerivedFrom) and carries the exact span of its words
in the source file (nif:beginIndex/endIndex, fz:sourceText); the file is its sentence's
nif:referenceContext, which the fact does not repeat.
"""

from __future__ import annotations

import hashlib

from ..extract import Extraction
from ..extract.numbers import canonical_decimal
from ..report import Report
from .iris import bureau_iri, dataset_iri, document_iri, person_iri, sentence_iri, unit_iri
from .literals import DECIMAL, offset, token, year
from .terms import Statement, iri, literal
from .vocab import ELI, FOAF, FZ, FZC, NIF, ORG, PROV, QB, RDF, RDFS, SKOS


def _provenance(g: set[Statement], node: str, rep: str, report: Report, sentence_index: int, start: int, end: int) -> None:
    s, e = report.normalised.source_span(start, end)
    g.add((node, FZ.report, iri(rep)))
    g.add((node, PROV.wasDerivedFrom, iri(sentence_iri(rep, sentence_index))))
    g.add((node, NIF.beginIndex, offset(s)))
    g.add((node, NIF.endIndex, offset(e)))
    g.add((node, FZ.sourceText, literal(report.source.original[s:e])))


def add_facts(g: set[Statement], rep: str, report: Report, facts: Extraction) -> None:
    """Add the facts of one report (``rep``: its IRI) to its graph."""
    m = report.metadata
    bureau = iri(bureau_iri(m.issuer)) if m.issuer else None
    for c in facts.claims:
        node = iri(f"{rep}/claim/{c.sentence.index}-{c.start}-{c.practice}-{c.modality}")
        g.add((node, RDF.type, FZ.PracticeClaim))
        g.add((node, FZ.practice, FZC[c.practice]))
        g.add((node, FZ.modality, token(c.modality)))
        g.add((node, FZ.matchedLabel, token(c.label)))
        g.add((node, FZ.extractionRule, token(c.rule)))
        _provenance(g, node, rep, report, c.sentence.index, c.start, c.end)
    for o in facts.observations:
        node = iri(f"{rep}/observation/{o.sentence.index}-{o.start}")
        dataset, unit = iri(dataset_iri(o.indicator)), iri(unit_iri(o.unit))
        g.add((node, RDF.type, FZ.MetricObservation))
        g.add((node, QB.dataSet, dataset))
        g.add((dataset, RDF.type, QB.DataSet))
        g.add((node, FZ.indicator, FZC[o.indicator]))
        g.add((node, FZ.value, literal(canonical_decimal(o.value), datatype=DECIMAL)))
        g.add((node, FZ.unit, unit))
        g.add((unit, RDF.type, FZ.Unit))  # the unit as written travels with the graph
        g.add((unit, SKOS.notation, token(o.unit)))
        if o.qualifier:
            g.add((node, FZ.qualifier, token(o.qualifier)))
        if bureau is not None:
            g.add((node, FZ.bureau, bureau))
        if m.year:
            g.add((node, FZ.refYear, year(m.year)))
        if o.cue:
            g.add((node, FZ.matchedLabel, token(o.cue)))
        _provenance(g, node, rep, report, o.sentence.index, o.start, o.end)
    for d in facts.citations:
        doc = iri(document_iri(d.title, d.doc_number))
        node = iri(f"{rep}/citation/{d.sentence.index}-{d.start}")
        g.add((iri(rep), FZ.cites, doc))
        g.add((doc, RDF.type, ELI.LegalResource))
        g.add((doc, ELI.title, literal(d.title, lang="zh")))
        if d.doc_number:
            g.add((doc, FZ.docNumber, literal(d.doc_number)))
        g.add((node, RDF.type, FZ.Citation))
        g.add((node, FZ.citedDocument, doc))
        g.add((node, FZ.citedTitle, literal(d.title)))
        if d.doc_number:
            g.add((node, FZ.docNumber, literal(d.doc_number)))
        _provenance(g, node, rep, report, d.sentence.index, d.start, d.end)
    for p in facts.persons:
        scope = m.issuer or hashlib.sha1(rep.encode()).hexdigest()[:12]
        person_plain = person_iri(scope, p.name)
        person = iri(person_plain)
        g.add((person, RDF.type, FZ.Person))
        g.add((person, FOAF.name, literal(p.name)))
        node = iri(f"{rep}/person/{p.sentence.index}-{p.start}")
        g.add((node, RDF.type, FZ.PersonMention))
        g.add((node, FZ.person, person))
        for role in p.roles:
            g.add((node, FZ.role, token(role)))
            post = iri(f"{person_plain}/post/{role}")
            g.add((person, ORG.holds, post))
            g.add((post, RDF.type, ORG.Post))
            g.add((post, RDFS.label, literal(role, lang="zh")))
        _provenance(g, node, rep, report, p.sentence.index, p.start, p.end)
