"""RDF for one report: report, source file, bureau and divisions, sections and sentences.

Sentences and sections carry NIF offsets (``nif:beginIndex``/``nif:endIndex``) into the decoded
source file, whose node is their ``nif:referenceContext``; a sentence whose words in the file
differ from its normalised text (``nif:anchorOf``) also carries them as ``fz:sourceText``.
The statements are made as N-Triples text (``kg.graph.terms``); ``report_triples`` gives them as
rdflib terms.
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.term import Node

from .. import PIPELINE_VERSION
from ..concepts import report_parts
from ..namespaces import PREFIXES
from ..report import Report
from ..structure import Section, Sentence
from ..extract import extract
from .facts import add_facts
from .literals import DATE, FALSE, TRUE, integer, offset, token, year
from .iris import bureau_iri, division_iri, report_iri, section_iri, sentence_iri, source_iri
from .terms import Statement, iri, literal, to_rdflib
from .vocab import DCTERMS, FZ, NIF, RDF, SKOS


def new_graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def report_node(report: Report) -> URIRef:
    m = report.metadata
    return URIRef(report_iri(m.issuer, m.year, report.source.sha256))


Triples = set[tuple[Node, Node, Node]]
Statements = set[Statement]


def report_graph(report: Report) -> Graph:
    """The named-graph content of one report, as an rdflib graph."""
    g = new_graph()
    for t in report_triples(report):
        g.add(t)
    return g


def report_triples(report: Report) -> Triples:
    """The named-graph content of one report, as a set of rdflib triples (fast to merge)."""
    return {(to_rdflib(s), to_rdflib(p), to_rdflib(o)) for s, p, o in report_statements(report)}


def report_statements(report: Report) -> Statements:
    """The named-graph content of one report, as N-Triples statements."""
    g: Statements = set()
    m, src, doc = report.metadata, report.source, report.document
    rep = report_iri(m.issuer, m.year, src.sha256)
    me = iri(rep)
    file_node = iri(source_iri(src.sha256))
    add = g.add

    add((me, RDF.type, FZ.Report))
    add((me, FZ.sourceFile, file_node))
    add((me, FZ.pipelineVersion, literal(PIPELINE_VERSION)))
    if m.title:
        add((me, DCTERMS.title, literal(m.title, lang="zh")))
    if m.year:
        add((me, FZ.yearCovered, year(m.year)))
    if m.date_signed:
        add((me, FZ.dateSigned, literal(m.date_signed.isoformat(), datatype=DATE)))
    for key, origin in sorted(m.sources.items()):
        add((me, FZ.metadataSource, literal(f"{key}={origin}")))

    add((file_node, RDF.type, FZ.SourceFile))
    add((file_node, FZ.fileName, literal(src.name)))
    add((file_node, FZ.sha256, literal(src.sha256)))
    add((file_node, FZ.encoding, literal(src.encoding)))
    add((file_node, DCTERMS["format"], literal(src.media_type)))
    add((file_node, FZ.traditionalSource, TRUE if report.normalised.traditional else FALSE))
    for name, count in sorted(report.normalised.repairs.items()):
        add((file_node, FZ.repair, literal(f"{name}={count}")))

    if m.issuer:
        _bureau(g, me, report)

    part_iris = {p.id: iri(p.iri) for p in report_parts()}
    for pid in sorted(doc.parts):
        add((me, FZ.containsPart, part_iris[pid]))
    for pos, sec in enumerate(doc.sections, 1):
        add((me, FZ.section, iri(section_iri(rep, sec.key))))
        _section(g, rep, file_node, sec, pos, report, part_iris)
    for sent in [*doc.preamble, *doc.closing]:
        _sentence(g, rep, file_node, sent, report)
    add_facts(g, rep, report, extract(doc))
    return g


def _bureau(g: Statements, me: str, report: Report) -> None:
    m = report.metadata
    assert m.issuer
    bureau = iri(bureau_iri(m.issuer))
    g.add((me, FZ.issuer, bureau))
    g.add((bureau, RDF.type, FZ.Bureau))
    g.add((bureau, SKOS.prefLabel, literal(m.issuer, lang="zh")))
    if m.level:
        g.add((bureau, FZ.adminLevel, literal(m.level)))
    chain = [(lvl, name) for lvl, name in (("province", m.province), ("city", m.city), ("county", m.county)) if name]
    if not chain:
        return
    code = m.division_code or ""
    codes = {"province": code[:2] + "0000", "city": code[:4] + "00", "county": code} if len(code) == 6 else {}
    parent = None
    for lvl, name in chain:
        div = iri(division_iri(codes[lvl]) if codes else division_iri(f"{lvl}-{name}"))
        g.add((div, RDF.type, FZ.AdministrativeDivision))
        g.add((div, SKOS.prefLabel, literal(name, lang="zh")))
        g.add((div, FZ.divisionLevel, literal(lvl)))
        if codes:
            g.add((div, FZ.divisionCode, literal(codes[lvl])))
        if parent is not None:
            g.add((div, FZ.withinDivision, parent))
        parent = div
    assert parent is not None
    g.add((bureau, FZ.jurisdiction, parent))


def _span(g: Statements, node: str, file_node: str, start: int, end: int, report: Report, anchor: str | None = None) -> None:
    """The span's offsets in the source file and, for a sentence (``anchor``: its normalised text),
    its words there where they differ (in most sentences normalising changes nothing)."""
    s, e = report.normalised.source_span(start, end)
    g.add((node, NIF.beginIndex, offset(s)))
    g.add((node, NIF.endIndex, offset(e)))
    g.add((node, NIF.referenceContext, file_node))
    if anchor is not None and (original := report.source.original[s:e]) != anchor:
        g.add((node, FZ.sourceText, literal(original)))


def _section(g: Statements, rep: str, file_node: str, sec: Section, pos: int, report: Report, part_iris: dict[str, str]) -> None:
    node = iri(section_iri(rep, sec.key))
    g.add((node, RDF.type, FZ.Section))
    g.add((node, FZ.report, iri(rep)))
    g.add((node, FZ.heading, literal(sec.heading)))
    g.add((node, FZ.headingStyle, token(sec.style)))
    g.add((node, FZ.depth, integer(sec.depth)))
    g.add((node, FZ.position, integer(pos)))
    end = sec.end
    while end > sec.start and report.document.text[end - 1].isspace():
        end -= 1
    _span(g, node, file_node, sec.start, end, report)
    for pid in sorted(sec.parts):
        g.add((node, FZ.coversPart, part_iris[pid]))
    for sent in sec.sentences:
        g.add((node, FZ.sentence, iri(sentence_iri(rep, sent.index))))
        _sentence(g, rep, file_node, sent, report)
    for i, child in enumerate(sec.children, 1):
        g.add((node, FZ.section, iri(section_iri(rep, child.key))))
        _section(g, rep, file_node, child, i, report, part_iris)


def _sentence(g: Statements, rep: str, file_node: str, sent: Sentence, report: Report) -> None:
    node = iri(sentence_iri(rep, sent.index))
    g.add((node, RDF.type, FZ.Sentence))
    g.add((node, FZ.report, iri(rep)))
    g.add((node, NIF.anchorOf, literal(sent.text)))
    g.add((node, FZ.position, integer(sent.index)))
    if sent.is_heading:
        g.add((node, FZ.isHeading, TRUE))
    _span(g, node, file_node, sent.start, sent.end, report, anchor=sent.text)
