"""Exports (``kg.export``, ``fazhi export``): every format reads back to the same graphs (graph names
kept by .nq and .trig), two exports of the same input are byte-identical, JSON-LD embeds the shipped
context and expands back to the same graph, a CSV per stored query, GraphML per network, and a
failed export leaves no file behind."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

import kg.output
from kg.build import BuildResult, build, write_graphs
from kg.cli import main
from kg.export import (
    EXPORT_FORMATS, SUFFIXES, dataset_quads, export_networks, export_query_csvs, export_quads, format_for,
    jsonld_document, serialise,
)
from kg.namespaces import FZ, PREFIXES, RDF, SKOS, XSD
from kg.query import ONTOLOGY_GRAPH, format_rows, load_graphs, query_columns, required_parameters, run_query
from kg.resources import jsonld_context, ontology, query_names

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "kg" / "samples"
RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def built() -> BuildResult:
    result = build(sorted(SAMPLES.glob("*.txt")))
    assert len(result.graphs) == 2 and not result.failed
    return result


@pytest.fixture(scope="module")
def nq_file(built: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("graphs") / "samples.nq"
    write_graphs(built, out)
    return out


def _union(result: BuildResult) -> Graph:
    g = Graph()
    for s, p, o, _ in result.quads():
        g.add((s, p, o))
    return g


def _read_back(path: Path, fmt: str) -> Dataset:
    ds = Dataset()
    if fmt in ("nq", "trig"):
        ds.parse(path, format=RDFLIB_FORMATS[fmt])
    else:
        ds.graph(DATASET_DEFAULT_GRAPH_ID).parse(path, format=RDFLIB_FORMATS[fmt])
    return ds


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_each_format_reads_back_to_the_same_graphs(built: BuildResult, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"g.{fmt}"
    export_quads(built.quads(), out)
    back = _read_back(out, fmt)
    if fmt in ("nq", "trig"):  # one named graph per report, each the report's triples
        names = {g for _s, _p, _o, g in dataset_quads(back)}
        assert names == set(built.graphs)
        for iri, triples in built.graphs.items():
            assert set(back.graph(iri)) == triples
    else:
        assert isomorphic(back.graph(DATASET_DEFAULT_GRAPH_ID), _union(built))


def test_two_exports_of_the_same_input_are_byte_identical(built: BuildResult, nq_file: Path, tmp_path: Path) -> None:
    for fmt in EXPORT_FORMATS:
        a, b, c = (tmp_path / f"{n}.{fmt}" for n in "abc")
        assert _run("export", str(nq_file), "-o", str(a)).exit_code == 0
        assert _run("export", str(nq_file), "-o", str(b)).exit_code == 0
        export_quads(built.quads(), c)  # straight from the build: the same bytes as from the file
        assert a.read_bytes() == b.read_bytes() == c.read_bytes(), fmt


def test_nquads_and_ntriples_are_sorted_lines(nq_file: Path, tmp_path: Path) -> None:
    lines = nq_file.read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines) and len(lines) == len(set(lines))
    nt = tmp_path / "g.nt"
    assert _run("export", str(nq_file), "-o", str(nt)).exit_code == 0
    lines = nt.read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines) and all(line.count(" <https://w3id.org/fazhi-kg/id/report/") <= 1 for line in lines)


def test_trig_has_one_graph_per_report_in_sorted_order(built: BuildResult, nq_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.trig"
    assert _run("export", str(nq_file), "-o", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    heads = [line[:-2] for line in text.splitlines() if line.endswith(" {")]
    assert heads == sorted(f"<{iri}>" for iri in built.graphs)
    back = Dataset().parse(out, format="trig")
    assert {g for _s, _p, _o, g in dataset_quads(back)} == set(built.graphs)


def test_trig_writes_the_default_graph_first() -> None:
    s, g = URIRef("https://example.org/s"), URIRef("https://example.org/g")
    text = serialise([(s, RDF.type, FZ.Report, g), (s, RDF.type, FZ.Bureau, None)], "trig").decode("utf-8")
    assert text.index("fz:Bureau") < text.index("<https://example.org/g>") < text.index("fz:Report")


def test_the_ontology_is_not_exported_and_triple_files_go_to_the_default_graph(
        built: BuildResult, tmp_path: Path) -> None:
    ttl = tmp_path / "one" / "g.ttl"
    write_graphs(built, ttl)
    other = tmp_path / "two" / "g.ttl"
    other.parent.mkdir()
    other.write_bytes(ttl.read_bytes())
    a, b = tmp_path / "a.nq", tmp_path / "b.nq"
    assert _run("export", str(ttl), "-o", str(a)).exit_code == 0
    assert _run("export", str(other), "-o", str(b)).exit_code == 0
    assert a.read_bytes() == b.read_bytes()  # no file: graph names, so the folder does not matter
    back = Dataset().parse(a, format="nquads")
    assert isomorphic(back.graph(DATASET_DEFAULT_GRAPH_ID), _union(built))
    assert len(back) == len(_union(built))  # nothing of the ontology
    assert not any(True for _ in back.triples((None, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Ontology"))))


# ------------------------------------------------------------------ JSON-LD and its context


def test_jsonld_embeds_the_shipped_context_and_expands_back(built: BuildResult, nq_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.jsonld"
    assert _run("export", str(nq_file), "-o", str(out)).exit_code == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    shipped = json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == shipped["@context"] == jsonld_context()
    ids = [n["@id"] for n in doc["@graph"]]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    assert all(list(n) == sorted(n) for n in doc["@graph"])
    report = next(n for n in doc["@graph"] if n["@id"] == "fzd:report/鞍山市应急管理局/2024")
    assert report["@type"] == "fz:Report" and report["issuer"] == "fzd:bureau/鞍山市应急管理局"
    assert report["yearCovered"] == "2024" and report["dateSigned"] == "2024-12-18"
    back = Graph().parse(out, format="json-ld")
    assert isomorphic(back, _union(built))


def test_jsonld_writes_in_full_what_no_term_fits() -> None:
    s = URIRef("https://w3id.org/fazhi-kg/id/report/x/2024")
    b = BNode("b1")
    triples = {
        (s, FZ.value, Literal("12.5", datatype=XSD.decimal)),  # the term fits
        (s, FZ.value, Literal("about twelve")),  # a plain string under a decimal term
        (s, FZ.issuer, Literal("not an IRI")),
        (s, SKOS.prefLabel, Literal("x", lang="zh")),
        (s, SKOS.prefLabel, Literal("x", lang="en")),
        (s, FZ.heading, Literal("line\n\"two\"")),
        (s, RDF.type, Literal("a literal type")),
        (s, RDF.type, FZ.Report),
        (s, URIRef("https://example.org/p"), b),
        (b, URIRef("https://example.org/q"), URIRef("https://example.org//odd")),
    }
    doc = jsonld_document(triples)
    node = next(n for n in doc["@graph"] if n["@id"] == "fzd:report/x/2024")
    assert node["value"] == "12.5" and node["fz:value"] == "about twelve"
    assert node["fz:issuer"] == "not an IRI" and node["prefLabel"] == "x"
    assert node["skos:prefLabel"] == {"@value": "x", "@language": "en"}
    text = serialise([(*t, None) for t in triples], "jsonld").decode("utf-8")
    g = Graph()
    for t in triples:
        g.add(t)
    assert isomorphic(Graph().parse(data=text, format="json-ld"), g)


def test_the_context_covers_the_prefixes_and_every_fz_property() -> None:
    context = jsonld_context()
    assert {k: v for k, v in context.items() if isinstance(v, str)} == {p: str(ns) for p, ns in PREFIXES.items()}
    owl = "http://www.w3.org/2002/07/owl#"
    onto = ontology()
    for kind, coerced in (("ObjectProperty", True), ("DatatypeProperty", False)):
        for prop in onto.subjects(RDF.type, URIRef(owl + kind)):
            if not str(prop).startswith(str(FZ)):
                continue
            name = str(prop)[len(str(FZ)):]
            assert name in context, f"fz:{name} has no term in ontology/context.jsonld"
            term = context[name]
            assert term["@id"] == f"fz:{name}"
            rng = onto.value(prop, URIRef("http://www.w3.org/2000/01/rdf-schema#range"))
            if coerced:
                assert term.get("@type") == "@id", name
            elif rng is not None and rng != XSD.string:
                assert term.get("@type") == "xsd:" + str(rng)[len(str(XSD)):], name
            else:
                assert "@type" not in term, name


def test_context_is_read_through_the_package() -> None:
    from importlib.resources import files

    text = files("kg.ontology").joinpath("context.jsonld").read_text(encoding="utf-8")
    assert json.loads(text)["@context"] == jsonld_context()
    changed = jsonld_context()
    changed["fz"] = "x"
    assert jsonld_context()["fz"] == str(FZ)  # each call gives a fresh copy


# ------------------------------------------------------------------ CSV per query, GraphML per network


def test_a_csv_per_stored_query(nq_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    res = _run("export", str(nq_file), "--queries", str(out))
    assert res.exit_code == 0, res.output
    needs = sorted(n for n in query_names() if required_parameters(n))
    assert needs and f"skipped (need a parameter): {', '.join(needs)}" in res.output
    assert sorted(p.stem for p in out.iterdir()) == sorted(set(query_names()) - set(needs))
    for path in out.iterdir():
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        assert rows[0] == query_columns(path.stem), path.name
    reports = _run("query", "reports", str(nq_file), "--format", "csv").output
    assert (out / "reports.csv").read_text(encoding="utf-8") == reports


def test_query_csvs_take_another_query_runner(tmp_path: Path) -> None:
    calls: list[str] = []

    def runner(name: str, store: object) -> tuple[list[str], list[list[object]]]:
        calls.append(name)
        return query_columns(name), [["a", None, 3]]

    written, skipped = export_query_csvs("a store", tmp_path, run=runner)
    assert calls == [p.stem for p in written] and not set(calls) & set(skipped)
    assert (tmp_path / "reports.csv").read_text(encoding="utf-8").splitlines()[1] == "a,,3"


def test_graphml_per_network(nq_file: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    assert _run("export", str(nq_file), "--networks", str(a)).exit_code == 0
    export_networks(load_graphs([nq_file]), b)
    for kind in ("practices", "documents", "co-citations"):
        assert (a / f"{kind}.graphml").read_bytes() == (b / f"{kind}.graphml").read_bytes()
    practices = nx.read_graphml(a / "practices.graphml")
    assert practices.number_of_nodes() > 5 and all(d["kind"] == "practice" for _, d in practices.nodes(data=True))
    nodes = list(practices)
    assert nodes == sorted(nodes)


# ------------------------------------------------------------------ usage errors and atomic writes


def test_bad_output_suffix_is_a_usage_error(nq_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.xml"
    res = _run("export", str(nq_file), "-o", str(out))
    assert res.exit_code == 2 and "g.xml: unknown output format" in res.output and ".jsonld" in res.output
    assert not out.exists()
    assert _run("export", str(nq_file), "-o", str(out), "--format", "nt").exit_code == 0  # --format overrides
    assert out.read_bytes().startswith(b"<")
    assert _run("export", str(nq_file)).exit_code == 2
    assert _run("export", "-o", str(tmp_path / "x.nt")).exit_code == 2
    assert _run("export", str(nq_file), "--format", "nt", "--queries", str(tmp_path)).exit_code == 2
    with pytest.raises(ValueError, match="unknown output format"):
        format_for(Path("g.xml"))
    assert set(SUFFIXES.values()) == set(EXPORT_FORMATS)
    fmt_option = next(p for p in main.commands["export"].params if p.name == "fmt")
    assert tuple(fmt_option.type.choices) == EXPORT_FORMATS  # the CLI lists them without importing kg.export


def test_an_unreadable_input_exports_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.nq"
    bad.write_text("<a> <b> \"unterminated .\n", encoding="utf-8")
    out, csvs = tmp_path / "g.ttl", tmp_path / "csv"
    res = _run("export", str(bad), "-o", str(out), "--queries", str(csvs))
    assert res.exit_code == 2 and "bad.nq: cannot load graph" in res.output
    assert not out.exists() and not csvs.exists()


def test_a_failed_export_leaves_the_old_file_and_no_partial_one(
        built: BuildResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "g.nq"
    out.write_bytes(b"old\n")

    def broken():
        yield from list(built.quads())[:10]
        raise RuntimeError("the source failed half way")

    with pytest.raises(RuntimeError):
        export_quads(broken(), out)
    assert out.read_bytes() == b"old\n" and os.listdir(tmp_path) == ["g.nq"]

    def no_replace(src: str, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(kg.output.os, "replace", no_replace)
    for fmt in EXPORT_FORMATS:
        with pytest.raises(OSError):
            export_quads(built.quads(), out, fmt)
    assert out.read_bytes() == b"old\n" and os.listdir(tmp_path) == ["g.nq"]


def test_the_dataset_of_load_graphs_exports_without_the_ontology(nq_file: Path, built: BuildResult) -> None:
    ds = load_graphs([nq_file])
    assert any(g == ONTOLOGY_GRAPH for *_t, g in dataset_quads(ds))
    quads = list(dataset_quads(ds, skip=[ONTOLOGY_GRAPH]))
    assert set(quads) == set(built.quads())
    columns, rows = run_query("reports", ds)
    assert format_rows(columns, rows, "csv").startswith("report,source,issuer")
