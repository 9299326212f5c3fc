"""RDF for what a report claims: practice claims, metric observations, citations, people.

Every fact links to its sentence (prov:wasDerivedFrom) and carries the exact span of its words
in the source file (nif:beginIndex/endIndex, fz:sourceText).
"""

from __future__ import annotations

import hashlib

from rdflib import Literal, URIRef
from rdflib.term import Node

from ..extract import Extraction
from ..extract.lexicon import concept
from ..extract.numbers import canonical_decimal
from ..namespaces import ELI, FOAF, FZ, FZD, NIF, ORG, PROV, QB, RDF, RDFS, SKOS, XSD
from ..report import Report
from .literals import offset, token, year
from .iris import bureau_iri, document_iri, sentence_iri, source_iri, unit_iri


def _provenance(g: set[tuple[URIRef, URIRef, Node]], node: URIRef, rep: URIRef, report: Report, sentence_index: int, start: int, end: int) -> None:
    s, e = report.normalised.source_span(start, end)
    g.add((node, FZ.report, rep))
    g.add((node, PROV.wasDerivedFrom, sentence_iri(rep, sentence_index)))
    g.add((node, NIF.beginIndex, offset(s)))
    g.add((node, NIF.endIndex, offset(e)))
    g.add((node, NIF.referenceContext, source_iri(report.source.sha256)))
    g.add((node, FZ.sourceText, Literal(report.source.original[s:e])))


def add_facts(g: set[tuple[URIRef, URIRef, Node]], rep: URIRef, report: Report, facts: Extraction) -> None:
    """Add the facts of one report to its graph."""
    m = report.metadata
    bureau = bureau_iri(m.issuer) if m.issuer else None
    for c in facts.claims:
        node = URIRef(f"{rep}/claim/{c.sentence.index}-{c.start}-{c.practice}-{c.modality}")
        g.add((node, RDF.type, FZ.PracticeClaim))
        g.add((node, FZ.practice, concept(c.practice)))
        g.add((node, FZ.modality, token(c.modality)))
        g.add((node, FZ.matchedLabel, token(c.label)))
        g.add((node, FZ.extractionRule, token(c.rule)))
        _provenance(g, node, rep, report, c.sentence.index, c.start, c.end)
    for o in facts.observations:
        node = URIRef(f"{rep}/observation/{o.sentence.index}-{o.start}")
        g.add((node, RDF.type, FZ.MetricObservation))
        g.add((node, QB.dataSet, FZD[f"dataset/{o.indicator}"]))
        g.add((FZD[f"dataset/{o.indicator}"], RDF.type, QB.DataSet))
        g.add((node, FZ.indicator, concept(o.indicator)))
        g.add((node, FZ.value, Literal(canonical_decimal(o.value), datatype=XSD.decimal)))
        g.add((node, FZ.unit, unit_iri(o.unit)))
        g.add((unit_iri(o.unit), RDF.type, FZ.Unit))  # the unit as written travels with the graph
        g.add((unit_iri(o.unit), SKOS.notation, token(o.unit)))
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
        doc = document_iri(d.title, d.doc_number)
        node = URIRef(f"{rep}/citation/{d.sentence.index}-{d.start}")
        g.add((rep, FZ.cites, doc))
        g.add((doc, RDF.type, ELI.LegalResource))
        g.add((doc, ELI.title, Literal(d.title, lang="zh")))
        if d.doc_number:
            g.add((doc, FZ.docNumber, Literal(d.doc_number)))
        g.add((node, RDF.type, FZ.Citation))
        g.add((node, FZ.citedDocument, doc))
        g.add((node, FZ.citedTitle, Literal(d.title)))
        if d.doc_number:
            g.add((node, FZ.docNumber, Literal(d.doc_number)))
        _provenance(g, node, rep, report, d.sentence.index, d.start, d.end)
    for p in facts.persons:
        scope = m.issuer or hashlib.sha1(str(rep).encode()).hexdigest()[:12]
        person = FZD[f"person/{scope}/{p.name}"]
        g.add((person, RDF.type, FZ.Person))
        g.add((person, FOAF.name, Literal(p.name)))
        node = URIRef(f"{rep}/person/{p.sentence.index}-{p.start}")
        g.add((node, RDF.type, FZ.PersonMention))
        g.add((node, FZ.person, person))
        for role in p.roles:
            g.add((node, FZ.role, token(role)))
            post = URIRef(f"{person}/post/{role}")
            g.add((person, ORG.holds, post))
            g.add((post, RDF.type, ORG.Post))
            g.add((post, RDFS.label, Literal(role, lang="zh")))
        _provenance(g, node, rep, report, p.sentence.index, p.start, p.end)
