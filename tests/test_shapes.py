"""The compliance shapes: a passing and a failing fixture for each (tests/shapes/<shape>/), valid
SHACL, and on every requirement shape what the check engine reads (labels, messages, severity,
legal basis). Fixtures are report graphs alone, as the checker validates them."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pyshacl
import pytest
from pyshacl.entrypoints import meta_validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH

from kg.graph.iris import document_iri
from kg.namespaces import ELI, FZ, FZC, ODRL, RDF, RDFS, SKOS, XSD
from kg.resources import ontology, shapes

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "shapes"
FZS = "https://w3id.org/fazhi-kg/shapes#"
WARNINGS = {
    "date_signed_before_april", "no_superseded_rule",  # issue 4
    # practices whose legal basis requirements.md only recalls ([R]); see ontology/legal-basis.ttl
    "practice_enforcement_officer_training", "practice_normative_document_filing_cleanup", "practice_year_end_law_report",
}


def compliance_shapes() -> Graph:
    """The shapes files other than the integrity shapes."""
    return shapes()


REQUIREMENTS = sorted(str(s)[len(FZS):] for s in compliance_shapes().subjects(SH.targetClass, FZ.Report))


def results(data: Graph, names: list[str]) -> set[tuple[str, str, str]]:
    """(focus node, shape local name, severity) of every result of the named shapes."""
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes(), inference="none", use_shapes=[FZS + n for n in names])
    out = set()
    for r in report.subjects(RDF.type, SH.ValidationResult):
        source = report.value(r, SH.sourceShape)
        assert isinstance(source, URIRef), "a result must name its requirement shape"
        out.add((str(report.value(r, SH.focusNode)), str(source)[len(FZS):], str(report.value(r, SH.resultSeverity))[len(str(SH)):]))
    return out


def fixture(name: str, kind: str) -> Graph:
    return Graph().parse(FIXTURES / name / f"{kind}.ttl")


def test_every_requirement_shape_has_a_passing_and_a_failing_fixture() -> None:
    assert len(REQUIREMENTS) == 44
    assert sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()) == REQUIREMENTS
    for name in REQUIREMENTS:
        assert (FIXTURES / name / "valid.ttl").is_file() and (FIXTURES / name / "invalid.ttl").is_file(), name


@pytest.mark.parametrize("name", REQUIREMENTS)
def test_the_valid_fixture_passes(name: str) -> None:
    assert results(fixture(name, "valid"), [name]) == set()


@pytest.mark.parametrize("name", REQUIREMENTS)
def test_the_invalid_fixture_fails_once_with_the_expected_severity(name: str) -> None:
    data = fixture(name, "invalid")
    report = f"https://w3id.org/fazhi-kg/id/fixture/{name}/invalid/report"
    severity = "Warning" if name in WARNINGS else "Violation"
    assert (URIRef(report), RDF.type, FZ.Report) in data
    assert results(data, [name]) == {(report, name, severity)}


def test_results_per_report_do_not_change_when_fixtures_are_merged() -> None:
    names = [n for n in REQUIREMENTS if not n.startswith("practice_")] + [
        "practice_double_random_one_public", "practice_enterprise_inspection_regulation", "practice_year_end_law_report"]
    merged, alone = Graph(), set()
    for name in names:
        for kind in ("valid", "invalid"):
            g = fixture(name, kind)
            merged += g
            alone |= results(g, names)
    assert results(merged, names) == alone


def test_the_shapes_graph_is_valid_shacl() -> None:
    conforms, _, text = meta_validate(shapes())
    assert conforms, text
    broken = Graph() + shapes()
    broken.add((URIRef(FZS + "part_causes"), SH.path, FZ.coversPart))  # a second path
    assert not meta_validate(broken)[0], "meta-validation must catch a malformed shape"


@pytest.mark.parametrize("name", REQUIREMENTS)
def test_a_requirement_shape_says_what_is_required_how_badly_and_why(name: str) -> None:
    g, onto, shape = shapes(), ontology(), URIRef(FZS + name)
    for prop in (RDFS.label, SH.message):
        langs = sorted(o.language for o in g.objects(shape, prop) if isinstance(o, Literal))
        assert langs == ["en", "zh"], (prop, langs)
    assert len(list(g.objects(shape, SH.severity))) == 1
    bases = list(g.objects(shape, FZ.legalBasis))
    assert bases and all((b, RDF.type, ELI.LegalResource) in onto for b in bases), bases
    titles = {str(onto.value(b, ELI.title)) for b in bases}
    for article in g.objects(shape, FZ.legalBasisArticle):
        assert article.language == "zh" and str(article).rsplit(" ", 1)[0] in titles, article
    for concept in g.objects(shape, FZ.requires):
        assert (concept, RDF.type, SKOS.Concept) in onto, concept


def test_every_required_part_and_practice_has_its_shape() -> None:
    onto, g = ontology(), shapes()
    required = {c for c in onto.subjects(FZ.required, Literal(True)) if (c, RDF.type, SKOS.Concept) in onto}
    assert len(required) == 5 + 37
    by_shape = {str(s)[len(FZS):]: c for s, c in g.subject_objects(FZ.requires)}
    assert set(by_shape.values()) == required | {FZC.annual_report_publication}
    for name, concept in by_shape.items():
        local = str(concept).rsplit("/", 1)[1]
        assert name in (local, f"practice_{local}", "date_signed_before_april"), name


def test_each_obligation_records_how_its_basis_was_verified() -> None:
    onto = ontology()
    for obligation in onto.subjects(RDF.type, FZ.Obligation):
        assert str(onto.value(obligation, FZ.verification)) in {"V", "S", "R"}, obligation
        practice = str(onto.value(obligation, ODRL.action)).rsplit("/", 1)[1]
        unverified = str(onto.value(obligation, FZ.verification)) == "R"
        assert (f"practice_{practice}" in WARNINGS) == unverified, practice


def test_superseded_rules_are_named_like_the_documents_reports_cite() -> None:
    onto = ontology()
    superseded = list(onto.subjects(ELI.date_no_longer_in_force, None))
    assert len(superseded) == 5
    for doc in superseded:
        title = onto.value(doc, ELI.title)
        numbers = [str(n) for n in onto.objects(doc, FZ.docNumber)]
        assert str(doc) in {document_iri(str(title) if title else None, n) for n in numbers or [None]}, doc
        assert (onto.value(doc, ELI.repealed_by), RDF.type, ELI.LegalResource) in onto


def test_the_generated_shapes_are_up_to_date(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = importlib.util.spec_from_file_location("generate_shapes", HERE.parent / "scripts" / "generate_shapes.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "generate_shapes", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0


def report_citing(year: int | None, title: str, number: str | None) -> tuple[Graph, URIRef]:
    """A report graph citing one document, written as kg.graph.facts writes citations."""
    g, rep, doc = Graph(), URIRef("https://w3id.org/fazhi-kg/id/report/t/2000"), URIRef(document_iri(title, number))
    g.add((rep, RDF.type, FZ.Report))
    if year:
        g.add((rep, FZ.yearCovered, Literal(str(year), datatype=XSD.gYear)))
    g.add((rep, FZ.cites, doc))
    g.add((doc, RDF.type, ELI.LegalResource))
    g.add((doc, ELI.title, Literal(title, lang="zh")))
    citation = URIRef(f"{rep}/citation/1-0")
    for p, o in ((RDF.type, FZ.Citation), (FZ.report, rep), (FZ.citedDocument, doc), (FZ.citedTitle, Literal(title))):
        g.add((citation, p, o))
    if number:
        g.add((doc, FZ.docNumber, Literal(number)))
        g.add((citation, FZ.docNumber, Literal(number)))
    return g, rep


@pytest.mark.parametrize("year, title, number, flagged", [
    (2025, "安全生产行政处罚自由裁量标准", None, True),
    (2024, "安全生产行政处罚自由裁量标准", None, False),  # in force until 1 November 2024
    (2025, "安全生产行政处罚自由裁量标准", "安监总政法〔2010〕999号", True),  # found by its title
    (2024, "安全生产行政处罚自由裁量适用规则（试行）", None, True),  # replaced on 1 January 2024
    (2024, "安全生产行政处罚自由裁量适用规则(试行)", "某令第1号", True),
    (2023, "安全生产行政处罚自由裁量适用规则", None, False),
    (2025, "突发事件应急预案管理办法", "国办发〔2013〕101号", True),
    (2025, "突发事件应急预案管理办法", "国办发[2013]101号", True),
    (2024, "突发事件应急预案管理办法", "国办发〔2013〕101号", False),
    (2025, "突发事件应急预案管理办法", None, False),  # the 2024 rule kept the title
    (2025, "突发事件应急预案管理办法", "国办发〔2024〕5号", False),
    (2018, "安全生产年度监督检查计划编制办法", "安监总政法〔2010〕183号", True),
    (2017, "安全生产年度监督检查计划编制办法", "安监总政法〔2010〕183号", False),
    (2027, "安全生产违法行为行政处罚办法", "国家安全监管总局令第15号", True),
    (2026, "安全生产违法行为行政处罚办法", "国家安全监管总局令第15号", False),  # in force until 1 February 2026
    (2027, "安全生产违法行为行政处罚办法", None, False),
    (2027, "安全生产违法行为行政处罚办法", "应急管理部令第18号", False),
    (None, "安全生产行政处罚自由裁量标准", None, False),  # no year, no judgement
])
def test_a_superseded_rule_is_flagged_from_the_first_year_it_no_longer_applied(
        year: int | None, title: str, number: str | None, flagged: bool) -> None:
    g, rep = report_citing(year, title, number)
    expected = {(str(rep), "no_superseded_rule", "Warning")} if flagged else set()
    assert results(g, ["no_superseded_rule"]) == expected


def test_the_superseded_rule_message_names_the_cited_and_the_current_rule() -> None:
    g, _ = report_citing(2025, "安全生产行政处罚自由裁量标准", None)
    _, report, _ = pyshacl.validate(g, shacl_graph=shapes(), inference="none", use_shapes=[FZS + "no_superseded_rule"])
    # pySHACL 0.40 fills in {?var} and drops the language tag of SPARQL-based messages
    messages = {str(m) for m in report.objects(None, SH.resultMessage)}
    assert "报告引用的《安全生产行政处罚自由裁量标准》在报告年度之前已失效，已由《应急管理行政处罚裁量权基准》（应急〔2024〕90号）替代。" in messages
    assert any(m.startswith("The report cites 《安全生产行政处罚自由裁量标准》") for m in messages), messages


@pytest.mark.parametrize("year, signed, late", [
    (2024, "2025-03-31", False), (2024, "2025-04-01", True), (2024, "2024-12-18", False),
    (2023, "2025-01-10", True), (2024, None, False), (None, "2030-01-01", False),
])
def test_a_report_signed_on_or_after_1_april_of_the_next_year_is_late(year: int | None, signed: str | None, late: bool) -> None:
    g, rep = Graph(), URIRef("https://w3id.org/fazhi-kg/id/report/t/2000")
    g.add((rep, RDF.type, FZ.Report))
    if year:
        g.add((rep, FZ.yearCovered, Literal(str(year), datatype=XSD.gYear)))
    if signed:
        g.add((rep, FZ.dateSigned, Literal(signed, datatype=XSD.date)))
    expected = {(str(rep), "date_signed_before_april", "Warning")} if late else set()
    assert results(g, ["date_signed_before_april"]) == expected

