"""The compiled check of a store (kg.validate.compiled): the same SHACL validation report as one
pySHACL run over the merged graph, the same cells as the per-report path, and a fallback to that
path for shapes outside the compiled subset."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

import kg.validate as kv
from conftest import OWN_REPORTS, SEEDS
from kg.namespaces import FZ, FZD, RDF, XSD
from kg.resources import shapes
from kg.store import build_into_store
from kg.validate.compiled import Unsupported, check_store, compile_shapes

SH = "http://www.w3.org/ns/shacl#"
FILES = sorted(SEEDS.glob("*.txt")) + [OWN_REPORTS / n for n in (
    "anji-2024-gb18030.txt", "gansu-2021.txt", "hunan-2023.txt", "luoyang-2024-trad-pinyin.txt", "mianyang-2021.txt",
    "panyu-2025.txt", "unnamed-bureau-2023.txt", "zigong-2022.txt", "zigui-2022-big5.txt", "wuxi-2025-html.html")]


def _fixture_reports(folder: Path) -> Path:
    """Hand-made report graphs that fail the date rule and the superseded-rule rule with ?value bindings."""
    g = Graph()
    late, old = FZD["report/测试县应急管理局/2019"], FZD["report/测试市应急管理局/2025"]
    for rep, year, signed in ((late, "2019", "2020-05-06"), (old, "2025", "2026-01-10")):
        g.add((rep, RDF.type, FZ.Report))
        g.add((rep, FZ.yearCovered, Literal(year, datatype=XSD.gYear)))
        g.add((rep, FZ.dateSigned, Literal(signed, datatype=XSD.date)))
    for i, (doc, title) in enumerate((("09b0f89e599ac869", "安全生产行政处罚自由裁量标准"),
                                      ("24a587ff8a56ce17", "安全生产行政处罚自由裁量适用规则（试行）"))):
        cit = URIRef(f"{old}/citation/{i}-0")
        g.add((old, FZ.cites, FZD[f"document/{doc}"]))
        g.add((cit, FZ.citedDocument, FZD[f"document/{doc}"]))
        g.add((cit, FZ.citedTitle, Literal(title)))
        g.add((cit, FZ.report, old))
    out = folder / "fixtures.nq"
    out.write_text("".join(f"{s.n3()} {p.n3()} {o.n3()} <{s}> .\n" for s, p, o in g
                           if (s, RDF.type, FZ.Report) in g) +
                   "".join(f"{s.n3()} {p.n3()} {o.n3()} <{old}> .\n" for s, p, o in g if (s, RDF.type, FZ.Report) not in g),
                   encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("compiled")
    result = build_into_store(FILES, folder / "store", jobs=2)
    assert not result.failed and len(result.added) == len(FILES)
    return folder / "store"


def _merged(store: Path) -> Graph:
    """Every triple of the store, as `select` sees it, in one rdflib graph."""
    from kg.store.read import open_for_reading, select

    text = "".join(f"{s} {p} {o} .\n" for s, p, o in select(open_for_reading(store), "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"))
    return Graph().parse(data=text, format="nt")


def _assert_same(got: Graph, expected: Graph) -> None:
    if not isomorphic(got, expected):
        _, only_got, only_expected = graph_diff(to_isomorphic(got), to_isomorphic(expected))
        pytest.fail(f"only ours:\n{only_got.serialize(format='nt')[:3000]}\nonly pySHACL's:\n"
                    f"{only_expected.serialize(format='nt')[:3000]}")


def _pyshacl(data: Graph, shapes_graph: Graph | None = None) -> Graph:
    import pyshacl

    _, results, _ = pyshacl.validate(data, shacl_graph=shapes_graph or shapes(), inference="none", allow_warnings=True)
    return results


def _compiled(store: Path):  # type: ignore[no-untyped-def]
    """The compiled check with every package shape compiled (UNION included), as check() merges it."""
    from kg.validate.engine import merge_lines, parse_report

    outcome = check_store(store, compile_shapes(shapes()), jobs=2)
    return sorted(outcome.checks, key=lambda r: r.facts.iri), parse_report(merge_lines([outcome])[0])


def _per_report(monkeypatch: pytest.MonkeyPatch, *args, **kwargs):  # type: ignore[no-untyped-def]
    with monkeypatch.context() as m:
        m.setattr(kv, "_compiled_check", lambda store, jobs: None)
        return kv.check(*args, **kwargs)


def test_the_package_shapes_compile() -> None:
    constraints = compile_shapes(shapes())  # the package's shapes need no UNION
    assert len(constraints) == 44
    kinds = {str(c.component).rsplit("#", 1)[1] for c in constraints}
    assert kinds == {"HasValueConstraintComponent", "SPARQLConstraintComponent"}


def test_store_results_identical_to_one_pyshacl_run(store: Path) -> None:
    reports, validation = _compiled(store)
    expected = _pyshacl(_merged(store))
    assert len(list(expected.objects(None, URIRef(SH + "result")))) > 100
    _assert_same(validation, expected)
    assert len(reports) == len(FILES)


def _comparable(rc):  # type: ignore[no-untyped-def]
    """A ReportCheck with its citations' titles reduced to the set the report gives: for a document
    cited under two titles, report_facts takes whichever Graph.value meets first."""
    return rc.facts.iri, rc.cells, rc.other, dataclasses.replace(rc.facts, citations=[])


def test_cells_identical_to_the_per_report_path(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, _ = _compiled(store)
    slow = _per_report(monkeypatch, FILES, jobs=2)
    assert [_comparable(r) for r in fast] == [_comparable(r) for r in slow.reports]
    for a, b in zip(fast, slow.reports):
        assert [d for d, _, _ in a.facts.citations] == [d for d, _, _ in b.facts.citations]
    statuses = {c.status for r in fast for c in r.cells}
    assert statuses == {kv.PASS, kv.FAIL}


def test_unsupported_shapes_are_refused() -> None:
    base = shapes().serialize(format="turtle")
    with_or = Graph().parse(data=base + "\n<urn:s> a <http://www.w3.org/ns/shacl#NodeShape> ; "
                            "<http://www.w3.org/ns/shacl#targetClass> <https://w3id.org/fazhi-kg/ontology#Report> ; "
                            "<http://www.w3.org/ns/shacl#or> ( ) .", format="turtle")
    with pytest.raises(Unsupported):
        compile_shapes(with_or)
    sub = base.replace('FILTER NOT EXISTS { ?claim fz:practice fzc:year_end_law_report',
                       'FILTER NOT EXISTS { { SELECT ?claim WHERE { ?claim ?p ?o } } ?claim fz:practice fzc:year_end_law_report')
    assert sub != base
    with pytest.raises(Unsupported):
        compile_shapes(Graph().parse(data=sub, format="turtle"))
    optional = base.replace("$this fz:yearCovered ?year ; fz:dateSigned ?value .",
                            "$this fz:yearCovered ?year . OPTIONAL { $this fz:dateSigned ?value }")
    with pytest.raises(Unsupported):
        compile_shapes(Graph().parse(data=optional, format="turtle"))
    line = "?citation fz:citedDocument ?value ; fz:citedTitle ?title ; fz:report $this ."
    union_filter = base.replace(line, "{ ?citation fz:citedDocument ?value ; fz:citedTitle ?title ; fz:report ?r . "
                                      "FILTER (?r = $this) } UNION { " + line + " }", 1)
    assert union_filter != base
    with pytest.raises(Unsupported):
        compile_shapes(Graph().parse(data=union_filter, format="turtle"), unions=True)


def test_unsupported_shapes_fall_back_with_the_same_results(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, validation = _compiled(store)
    monkeypatch.setattr(kv, "compiled_shapes", lambda: None)  # as for shapes the compiler refuses
    slow = kv.check([], jobs=2, store=store)
    _assert_same(slow.validation, validation)
    assert [r.cells for r in slow.reports] == [r.cells for r in fast]


def test_sparql_results_with_value_bindings(tmp_path: Path) -> None:
    from kg.store.layout import write_marker
    import pyoxigraph as ox

    nq = _fixture_reports(tmp_path)
    store_dir = tmp_path / "store"
    store_dir.mkdir()
    db = ox.Store(str(store_dir / "oxigraph"))
    db.load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    db.flush()
    del db
    write_marker(store_dir)
    _, validation = _compiled(store_dir)
    merged = Graph()
    for s, p, o, _ in Dataset().parse(nq, format="nquads").quads():
        merged.add((s, p, o))
    expected = _pyshacl(merged)
    _assert_same(validation, expected)
    messages = {str(m) for m in validation.objects(None, URIRef(SH + "resultMessage"))}
    assert any("2020-05-06" in m and "2020-04-01" in m for m in messages)
    assert any("安全生产行政处罚自由裁量适用规则（试行）" in m and "应急管理部令第12号" in m for m in messages)
    values = set(validation.objects(None, URIRef(SH + "value")))
    assert Literal("2020-05-06", datatype=XSD.date) in values and FZD["document/09b0f89e599ac869"] in values


def test_triple_patterns_are_hash_joined_only_where_that_keeps_the_meaning() -> None:
    """The compiled query puts each triple pattern of a triples-then-clauses group in a subquery of
    its own (Oxigraph hashes those joins); any other group stays as written."""
    from kg.query import masked
    from kg.validate.compiled import _hash_joined

    def rewrite(group: str) -> str:
        return _hash_joined(group, masked(group))

    got = rewrite(' ?this a <http://x/R> . $this <http://x/y> ?y ; <http://x/d> "a;b." . BIND (STR(?y) AS ?s) FILTER (?s != "") ')
    assert "{ SELECT ?this WHERE { ?this a <http://x/R> } }" in got
    assert "{ SELECT ?this ?y WHERE { $this <http://x/y> ?y } }" in got
    assert '{ SELECT ?this WHERE { $this <http://x/d> "a;b." } }' in got
    assert got.index("BIND") > got.index("<http://x/d>") and "FILTER (?s != \"\")" in got
    for kept in (' ?this a <http://x/R> . BIND (1 AS ?one) ?this <http://x/y> ?y . ',  # triples after a clause
                 ' ?this a <http://x/R> . FILTER EXISTS { ?this <http://x/y> ?y } ',  # a nested group
                 ' ?this a <http://x/R> ; <http://x/p>/<http://x/q> ?z . ',  # a path
                 ' ?this a <http://x/R> . '):  # nothing to join
        assert rewrite(kept) == kept
