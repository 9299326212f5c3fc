"""RDF for one report: report, source file, bureau and divisions, sections and sentences.

Sentences and sections carry NIF offsets (``nif:beginIndex``/``nif:endIndex``) into the decoded
source file, whose node is their ``nif:referenceContext``, and the exact source text of the span.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from .. import PIPELINE_VERSION
from ..concepts import report_parts
from ..namespaces import DCTERMS, FZ, NIF, PREFIXES, RDF, SKOS, XSD
from ..report import Report
from ..structure import Section, Sentence
from ..extract import extract
from .facts import add_facts
from .literals import integer, offset, token, year
from .iris import bureau_iri, division_iri, report_iri, section_iri, sentence_iri, source_iri


def new_graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def report_node(report: Report) -> URIRef:
    m = report.metadata
    return report_iri(m.issuer, m.year, report.source.sha256)


TRUE = Literal(True)

Triples = set[tuple[URIRef, URIRef, Node]]


def report_graph(report: Report) -> Graph:
    """The named-graph content of one report, as an rdflib graph."""
    g = new_graph()
    for t in report_triples(report):
        g.add(t)
    return g


def report_triples(report: Report) -> Triples:
    """The named-graph content of one report, as a set of triples (fast to build and merge)."""
    g: Triples = set()
    m, src, doc = report.metadata, report.source, report.document
    rep = report_node(report)
    file_node = source_iri(src.sha256)
    add = g.add

    add((rep, RDF.type, FZ.Report))
    add((rep, FZ.sourceFile, file_node))
    add((rep, FZ.pipelineVersion, Literal(PIPELINE_VERSION)))
    if m.title:
        add((rep, DCTERMS.title, Literal(m.title, lang="zh")))
    if m.year:
        add((rep, FZ.yearCovered, year(m.year)))
    if m.date_signed:
        add((rep, FZ.dateSigned, Literal(m.date_signed.isoformat(), datatype=XSD.date)))
    for key, origin in sorted(m.sources.items()):
        add((rep, FZ.metadataSource, Literal(f"{key}={origin}")))

    add((file_node, RDF.type, FZ.SourceFile))
    add((file_node, FZ.fileName, Literal(src.name)))
    add((file_node, FZ.sha256, Literal(src.sha256)))
    add((file_node, FZ.encoding, Literal(src.encoding)))
    add((file_node, DCTERMS["format"], Literal(src.media_type)))
    add((file_node, FZ.traditionalSource, Literal(report.normalised.traditional)))
    for name, count in sorted(report.normalised.repairs.items()):
        add((file_node, FZ.repair, Literal(f"{name}={count}")))

    if m.issuer:
        _bureau(g, rep, report)

    part_iris = {p.id: p.iri for p in report_parts()}
    for pid in sorted(doc.parts):
        add((rep, FZ.containsPart, part_iris[pid]))
    for pos, sec in enumerate(doc.sections, 1):
        add((rep, FZ.section, section_iri(rep, sec.key)))
        _section(g, rep, file_node, sec, pos, report, part_iris)
    for sent in [*doc.preamble, *doc.closing]:
        _sentence(g, rep, file_node, sent, report)
    add_facts(g, rep, report, extract(doc))
    return g


def _bureau(g: Triples, rep: URIRef, report: Report) -> None:
    m = report.metadata
    assert m.issuer
    bureau = bureau_iri(m.issuer)
    g.add((rep, FZ.issuer, bureau))
    g.add((bureau, RDF.type, FZ.Bureau))
    g.add((bureau, SKOS.prefLabel, Literal(m.issuer, lang="zh")))
    if m.level:
        g.add((bureau, FZ.adminLevel, Literal(m.level)))
    chain = [(lvl, name) for lvl, name in (("province", m.province), ("city", m.city), ("county", m.county)) if name]
    if not chain:
        return
    code = m.division_code or ""
    codes = {"province": code[:2] + "0000", "city": code[:4] + "00", "county": code} if len(code) == 6 else {}
    parent = None
    for lvl, name in chain:
        div = division_iri(codes[lvl]) if codes else division_iri(f"{lvl}-{name}")
        g.add((div, RDF.type, FZ.AdministrativeDivision))
        g.add((div, SKOS.prefLabel, Literal(name, lang="zh")))
        g.add((div, FZ.divisionLevel, Literal(lvl)))
        if codes:
            g.add((div, FZ.divisionCode, Literal(codes[lvl])))
        if parent is not None:
            g.add((div, FZ.withinDivision, parent))
        parent = div
    assert parent is not None
    g.add((bureau, FZ.jurisdiction, parent))


def _span(g: Triples, node: URIRef, file_node: URIRef, start: int, end: int, report: Report, text: bool = True,
          same_as: Literal | None = None) -> None:
    s, e = report.normalised.source_span(start, end)
    g.add((node, NIF.beginIndex, offset(s)))
    g.add((node, NIF.endIndex, offset(e)))
    g.add((node, NIF.referenceContext, file_node))
    if text:
        original = report.source.original[s:e]
        # most source spans read as their normalised text: one Literal serves both
        g.add((node, FZ.sourceText, same_as if same_as is not None and str(same_as) == original else Literal(original)))


def _section(g: Triples, rep: URIRef, file_node: URIRef, sec: Section, pos: int, report: Report, part_iris: dict[str, URIRef]) -> None:
    node = section_iri(rep, sec.key)
    g.add((node, RDF.type, FZ.Section))
    g.add((node, FZ.report, rep))
    g.add((node, FZ.heading, Literal(sec.heading)))
    g.add((node, FZ.headingStyle, token(sec.style)))
    g.add((node, FZ.depth, integer(sec.depth)))
    g.add((node, FZ.position, integer(pos)))
    end = sec.end
    while end > sec.start and report.document.text[end - 1].isspace():
        end -= 1
    _span(g, node, file_node, sec.start, end, report, text=False)
    for pid in sorted(sec.parts):
        g.add((node, FZ.coversPart, part_iris[pid]))
    for sent in sec.sentences:
        g.add((node, FZ.sentence, sentence_iri(rep, sent.index)))
        _sentence(g, rep, file_node, sent, report)
    for i, child in enumerate(sec.children, 1):
        g.add((node, FZ.section, section_iri(rep, child.key)))
        _section(g, rep, file_node, child, i, report, part_iris)


def _sentence(g: Triples, rep: URIRef, file_node: URIRef, sent: Sentence, report: Report) -> None:
    node = sentence_iri(rep, sent.index)
    g.add((node, RDF.type, FZ.Sentence))
    g.add((node, FZ.report, rep))
    anchor = Literal(sent.text)
    g.add((node, NIF.anchorOf, anchor))
    g.add((node, FZ.position, integer(sent.index)))
    if sent.is_heading:
        g.add((node, FZ.isHeading, TRUE))
    _span(g, node, file_node, sent.start, sent.end, report, same_as=anchor)
