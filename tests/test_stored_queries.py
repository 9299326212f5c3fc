"""Every stored query on its hand-written fixture (``tests/queries/<name>/``): exact rows, headers,
parameters bound as RDF terms. Regenerate the expected rows with ``python tests/regenerate_queries.py``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef

from kg.errors import QueryError
from kg.query import load_graphs, query_columns, query_parameters, required_parameters, run_query
from kg.resources import query_description, query_names, query_text

from regenerate_queries import CASES, case_params, case_rows

NAMES = query_names()
PARAMETERISED = [n for n in NAMES if query_parameters(n)]
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _dataset(name: str) -> Dataset:
    return load_graphs([CASES / name / "data.trig"])


def test_every_stored_query_has_a_fixture_and_every_fixture_a_query() -> None:
    folders = sorted(p.name for p in CASES.iterdir() if p.is_dir())
    assert folders == NAMES
    assert len(NAMES) >= 21  # the 6 contract queries and at least 15 more


@pytest.mark.parametrize("name", NAMES)
def test_rows_on_the_fixture(name: str) -> None:
    folder = CASES / name
    text, count = case_rows(folder)
    assert count >= 1, f"{name}: the fixture should give at least one row"
    assert text == (folder / "expected.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", NAMES)
def test_header_gives_the_questions_parameters_and_columns(name: str) -> None:
    lines = query_description(name).splitlines()
    assert re.match(r"[A-Z][a-z]", lines[0]) and lines[0].endswith("?"), f"{name}: line 1 is the question in English"
    assert _CJK.search(lines[1]) and lines[1].endswith("？"), f"{name}: line 2 is the question in Chinese"
    assert any(ln.startswith("Parameters: ") for ln in lines)
    assert any(ln.startswith("Columns: ") for ln in lines)
    columns, _ = run_query(name, _dataset(name), case_params(CASES / name))
    assert columns == query_columns(name)


@pytest.mark.parametrize("name", PARAMETERISED)
def test_parameters_constrain_the_rows(name: str) -> None:
    """Bound through initBindings the parameters select fewer rows than the same query with them free."""
    params = case_params(CASES / name)
    assert set(params) == set(query_parameters(name)), f"{name}: params.json should bind every parameter"
    ds = _dataset(name)
    _, bound = run_query(name, ds, params)
    free = list(ds.query(query_text(name)))
    assert 0 < len(bound) < len(free)


@pytest.mark.parametrize("name", [n for n in PARAMETERISED if required_parameters(n)])
def test_a_required_parameter_cannot_be_left_out(name: str) -> None:
    with pytest.raises(QueryError, match="needs parameter"):
        run_query(name, _dataset(name), {})


def test_a_parameter_is_an_rdf_term_not_text() -> None:
    """A value that looks like SPARQL stays one literal: it matches nothing and breaks nothing."""
    ds = _dataset("indicator-by-bureau-year")
    _, rows = run_query("indicator-by-bureau-year", ds, {"indicator": "fzc:cases_filed } UNION { ?obs ?p ?o"})
    assert rows == []
    _, rows = run_query("practice-evidence", _dataset("practice-evidence"),
                        {"practice": "fzc:case_file_review", "report": "<https://w3id.org/fazhi-kg/id/report/乙县应急管理局/2023>"})
    assert [str(r[1]) for r in rows] == ["done"]


def test_an_optional_parameter_may_be_left_out() -> None:
    assert query_parameters("yoy-changes") == ["bureau"] and required_parameters("yoy-changes") == []
    ds = _dataset("yoy-changes")
    _, everyone = run_query("yoy-changes", ds, {})
    _, one = run_query("yoy-changes", ds, case_params(CASES / "yoy-changes"))
    assert {str(r[1]) for r in everyone} == {"甲市应急管理局", "乙县应急管理局"}
    assert {str(r[1]) for r in one} == {"甲市应急管理局"}
    assert [r for r in everyone if str(r[1]) == "甲市应急管理局"] == one


def test_superseded_citations_agree_with_the_shape() -> None:
    """On the fixture, the query finds the citations the shape fzs:no_superseded_rule reports (the
    shape knows only the rules of ontology/legal-basis.ttl, the query also the fixture's own)."""
    from pyshacl import validate

    from kg.resources import shapes

    ds = _dataset("superseded-citations")
    _, rows = run_query("superseded-citations", ds)
    found = {(r[0], r[4]) for r in rows if "test-" not in str(r[4])}
    data = Graph()
    for triple in ds.triples((None, None, None)):
        data.add(triple)
    _, report, _ = validate(data, shacl_graph=shapes(), advanced=True)
    sh = "http://www.w3.org/ns/shacl#"
    shape = URIRef("https://w3id.org/fazhi-kg/shapes#no_superseded_rule")
    flagged = {(report.value(r, URIRef(sh + "focusNode")), report.value(r, URIRef(sh + "value")))
               for r in report.subjects(URIRef(sh + "sourceShape"), shape)}
    assert flagged and found == flagged


def test_expected_csv_is_what_the_cli_prints() -> None:
    from click.testing import CliRunner

    from kg.cli import main

    folder = CASES / "practice-evidence"
    args = ["query", "practice-evidence", str(folder / "data.trig"), "--format", "csv"]
    for key, value in case_params(folder).items():
        args += ["--param", f"{key}={value}"]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    assert res.output == (folder / "expected.csv").read_text(encoding="utf-8")


_BARE_REPORT = """
@prefix fz: <https://w3id.org/fazhi-kg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/fazhi-kg/id/report/甲市应急管理局/2023> {
    <https://w3id.org/fazhi-kg/id/report/甲市应急管理局/2023> a fz:Report ;
        fz:issuer <https://w3id.org/fazhi-kg/id/bureau/甲市应急管理局> .
    <https://w3id.org/fazhi-kg/id/bureau/甲市应急管理局> skos:prefLabel "甲市应急管理局"@zh ; fz:adminLevel "city" .
}
"""
# the queries that have rows about a report that says nothing: its gaps and its zero counts
_ABOUT_ANY_REPORT = {"bureaus-without-done-practice": 1, "missing-required-parts": 5, "report-summary": 1,
                     "reports-by-province-year": 1, "three-systems-by-level": 3}


@pytest.mark.parametrize("name", NAMES)
def test_no_rows_without_reports_and_no_invented_rows(name: str, tmp_path: Path) -> None:
    """rdflib answers a GROUP BY over nothing with one unbound row; the queries must not let an
    OPTIONAL bind its variables to everything (or show the row)."""
    params = case_params(CASES / name)
    empty = tmp_path / "empty.trig"
    empty.write_text("", encoding="utf-8")
    assert run_query(name, load_graphs([empty]), params)[1] == []
    bare = tmp_path / "bare.trig"
    bare.write_text(_BARE_REPORT, encoding="utf-8")
    _, rows = run_query(name, load_graphs([bare]), params)
    if name == "required-practice-coverage":
        assert rows and all([int(r[2]), int(r[3])] == [1, 0] for r in rows)
    else:
        assert len(rows) == _ABOUT_ANY_REPORT.get(name, 0)
