"""The on-disk store: incremental builds, drops, locking, stored queries on Oxigraph, and a build
killed mid-way."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import OWN_REPORTS, SEEDS
from kg.build import build
from kg.cli import main
from kg.output import nt_line, nt_term
from kg.query import format_rows
from kg.store import StoreError, build_into_store, drop_from_store, open_for_reading, report_graphs, run_store_query
from kg.store.layout import ENTITY_GRAPH, MARKER, ONTOLOGY_GRAPH, PENDING, writer_lock
from kg.store.read import graph_ntriples, select
from regenerate_queries import CASES, case_params

SEED_FILES = sorted(SEEDS.glob("*.txt"))
OWN = [OWN_REPORTS / f"{n}.txt" for n in ("hunan-2023", "gansu-2021", "zigui-2022", "mianyang-2021", "panyu-2025", "zigong-2022")]


def _copy(files: list[Path], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for f in files:
        shutil.copy(f, folder / f.name)
        out.append(folder / f.name)
    return out


def _graph_text(files: list[Path]) -> dict[str, str]:
    """Each report's graph as sorted N-Triples, built in memory (the reference). The store keeps
    what the ontology also says once, in the ontology's graph, and gives it back with the report."""
    result = build(files)
    return {str(iri): _as_stored("".join(sorted(nt_line(*t) for t in ts))) for iri, ts in result.graphs.items()}


#: Oxigraph keeps integer-derived datatypes as xsd:integer (the value is kept); the reference is
#: compared in that form.
_XSD = "http://www.w3.org/2001/XMLSchema#"


def _as_stored(nt: str) -> str:
    """The reference as Oxigraph gives it back: xsd:integer for derived integer types, decimals in
    XSD 1.1 canonical form (72 rather than 72.0)."""
    nt = nt.replace(f"<{_XSD}nonNegativeInteger>", f"<{_XSD}integer>")
    return re.sub(rf'"(-?\d+)\.0"\^\^<{_XSD}decimal>', rf'"\1"^^<{_XSD}decimal>', nt)


def _sorted_graph(store, iri: str) -> str:  # type: ignore[no-untyped-def]
    return "".join(sorted(graph_ntriples(store, iri).splitlines(keepends=True)))


def test_incremental_build_skips_replaces_and_drops(tmp_path: Path) -> None:
    files = _copy(SEED_FILES + OWN[:2], tmp_path / "in")
    store_dir = tmp_path / "store"
    first = build_into_store(files, store_dir, jobs=2)
    assert len(first.added) == 4 and not first.failed
    again = build_into_store(files, store_dir, jobs=2)
    assert len(again.skipped) == 4 and not again.added and not again.replaced

    text = files[2].read_text(encoding="utf-8")
    files[2].write_text(text.replace("。", "。\n", 1), encoding="utf-8")  # a changed file
    changed = build_into_store(files, store_dir, jobs=1)
    assert changed.replaced == [files[2]] and len(changed.skipped) == 3

    store = open_for_reading(store_dir)
    expected = _graph_text(files)
    assert report_graphs(store) == sorted(expected)
    for iri, text_nt in expected.items():
        assert _sorted_graph(store, iri) == text_nt, iri
    del store

    dropped, unknown = drop_from_store(store_dir, [str(files[0]), "no-such-file.txt"])
    assert len(dropped) == 1 and unknown == ["no-such-file.txt"]
    files[1].unlink()
    dropped, _ = drop_from_store(store_dir, [], missing=True)
    assert len(dropped) == 1
    store = open_for_reading(store_dir)
    assert len(report_graphs(store)) == 2
    _assert_each_triple_once(store)


def test_entities_named_by_reports_of_several_batches_are_all_stored(tmp_path: Path) -> None:
    """A build writes an entity statement once, in the first batch that names it; every report
    still reads back whole, and the entities graph holds what the reports name."""
    files = _copy(OWN, tmp_path / "in")
    expected = _graph_text(files)
    divisions = [line for text in expected.values() for line in text.splitlines() if "/division/" in line.split(" ")[0]]
    assert len(divisions) > len(set(divisions)), "the reports should share divisions"
    store_dir = tmp_path / "store"
    result = build_into_store(files, store_dir, jobs=1, batch_size=1)
    assert len(result.added) == len(expected) and not result.failed
    store = open_for_reading(store_dir)
    for iri, text_nt in expected.items():
        assert _sorted_graph(store, iri) == text_nt, iri
    _assert_each_triple_once(store)


def _assert_each_triple_once(store) -> None:  # type: ignore[no-untyped-def]
    """No triple is in two graphs, so the union default graph that queries read counts each once;
    and the entities graph holds exactly the entities the reports still name."""
    import pyoxigraph as ox

    quads = [f"{q.subject} {q.predicate} {q.object} .\n" for q in store.quads_for_pattern(None, None, None, None)]
    assert len(set(quads)) == len(quads)
    count = next(iter(select(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value
    assert int(count) == len(quads)
    named: set[str] = set()
    own: set[str] = set()
    for g in report_graphs(store):
        named.update(graph_ntriples(store, g).splitlines(keepends=True))
        own.update(f"{q.subject} {q.predicate} {q.object} .\n"
                   for q in store.quads_for_pattern(None, None, None, ox.NamedNode(g)))
    entities, ontology = ({f"{q.subject} {q.predicate} {q.object} .\n"
                           for q in store.quads_for_pattern(None, None, None, ox.NamedNode(g))}
                          for g in (ENTITY_GRAPH, ONTOLOGY_GRAPH))
    assert entities == named - own - ontology


def test_two_files_of_one_report_and_a_second_writer_are_refused(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    twins = [OWN_REPORTS / "zigui-2022.txt", OWN_REPORTS / "zigui-2022-big5.txt"]
    result = build_into_store(twins, store_dir, jobs=1)
    assert len(result.added) == 1 and "same issuer and year" in str(result.failed[0])

    runner = CliRunner()
    with writer_lock(store_dir):
        res = runner.invoke(main, ["build", str(SEED_FILES[0]), "--store", str(store_dir)])
    assert res.exit_code == 2 and "another fazhi command is writing" in res.output


def test_a_store_of_another_format_gets_a_clear_message(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    build_into_store(SEED_FILES[:1], store_dir, jobs=1)
    (store_dir / MARKER).write_text(json.dumps({"format": 0, "pipeline_version": "1"}), encoding="utf-8")
    runner = CliRunner()
    for args in (["build", str(SEED_FILES[0])], ["query", "reports"], ["check"]):
        res = runner.invoke(main, [*args, "--store", str(store_dir)])
        assert res.exit_code == 2 and "rebuild it" in res.output, (args, res.output)
    with pytest.raises(StoreError):
        open_for_reading(tmp_path / "nothing-here")


def test_a_store_of_an_older_pipeline_is_rebuilt_report_by_report_with_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Same format, older pipeline: the build says what it will do and why a new store is faster,
    then replaces the reports (their fingerprints include the pipeline version)."""
    import kg.store.layout
    import kg.store.load
    from kg import PIPELINE_VERSION
    from kg.store import built_by

    store_dir = tmp_path / "store"
    with monkeypatch.context() as m:
        m.setattr(kg.store.load, "PIPELINE_VERSION", "0")
        m.setattr(kg.store.layout, "PIPELINE_VERSION", "0")
        build_into_store(SEED_FILES[:1], store_dir, jobs=1)
    assert built_by(store_dir) == "0"
    res = CliRunner().invoke(main, ["build", str(SEED_FILES[0]), "--store", str(store_dir)])
    assert res.exit_code == 0, res.output
    assert "built by pipeline version 0" in res.output and "building a new one is several times faster" in res.output
    assert "0 added, 1 replaced, 0 unchanged" in res.output
    assert built_by(store_dir) == PIPELINE_VERSION
    again = CliRunner().invoke(main, ["build", str(SEED_FILES[0]), "--store", str(store_dir)])
    assert "pipeline version" not in again.output and "0 added, 0 replaced, 1 unchanged" in again.output


def test_what_the_ontology_also_says_is_stored_once_and_given_back_with_its_report(tmp_path: Path) -> None:
    """A report names units and documents the ontology describes: those triples are in the store
    once (the ontology's graph), and the report's graph read back from the store has them."""
    import pyoxigraph as ox

    from kg.namespaces import FZ
    from kg.store.layout import MANIFEST_GRAPH

    store_dir = tmp_path / "store"
    build_into_store(SEED_FILES + OWN, store_dir, jobs=1)
    store = open_for_reading(store_dir)
    held = list(select(store, f"SELECT ?r ?t WHERE {{ GRAPH <{MANIFEST_GRAPH}> {{ ?r <{FZ.ontologyStatements}> ?t }} }}"))
    assert len(held) >= len(SEED_FILES)
    for row in held:
        triples = [q.triple for q in ox.parse(row["t"].value, format=ox.RdfFormat.N_TRIPLES)]
        given_back = {q.triple for q in ox.parse(graph_ntriples(store, row["r"].value), format=ox.RdfFormat.N_TRIPLES)}
        for tr in triples:
            assert ox.Quad(*tr, ox.NamedNode(ONTOLOGY_GRAPH)) in store
            assert ox.Quad(*tr, ox.NamedNode(ENTITY_GRAPH)) not in store
            assert tr in given_back


def test_values_for_unprojected_parameters_open_the_where_group() -> None:
    """practice-evidence's parameters are not projected, so they are bound by a VALUES block at the
    start of the WHERE group (Oxigraph joins from it); braces in comments, IRIs and strings do not count."""
    from kg.query import masked

    text = '# Columns: a {b}\nPREFIX x: <https://e.org/o#{}>\nSELECT ?a WHERE { ?a x:p "{" } ORDER BY ?a'
    assert len(masked(text)) == len(text)
    assert text[masked(text).index("{"):].startswith('{ ?a x:p "{" }')
    from kg.resources import query_text

    body = query_text("practice-evidence")
    brace = masked(body).index("{")
    assert body[brace - 6:brace + 1] == "WHERE {"


def test_what_the_lenient_bulk_loader_is_given_passes_the_strict_parser() -> None:
    """The bulk loader skips its IRI checks (lenient: 10 % less CPU per report), so the N-Quads a
    build writes must pass them on their own, for reports of every kind we have."""
    import pyoxigraph as ox

    from kg.store.load import _extract

    for f in SEED_FILES + OWN:
        ex = _extract((f, "", None))
        assert not ex.error, f
        data = (ex.own + ex.shared).decode("utf-8")
        assert len(list(ox.parse(data, format=ox.RdfFormat.N_QUADS))) == data.count("\n") > 1000


def _fixture_store(name: str, tmp_path: Path) -> Path:
    """The query fixture's graphs and the ontology in a store, as fazhi build leaves them."""
    import pyoxigraph as ox
    from rdflib import Dataset

    from kg.store.load import report_quads

    from kg.resources import ontology
    from kg.store.cache import new_generation
    from kg.store.layout import write_marker

    store_dir = tmp_path / name
    store_dir.mkdir()
    store = ox.Store(str(store_dir / "oxigraph"))
    data = Dataset()
    data.parse(CASES / name / "data.trig", format="trig")
    for g in data.graphs():
        if len(g):
            own, shared, _ = report_quads(str(g.identifier), ((nt_term(s), nt_term(p), nt_term(o)) for s, p, o in g))
            store.load(own + shared, format=ox.RdfFormat.N_QUADS)
    body = "".join(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in ontology())
    store.update(f"INSERT DATA {{ GRAPH <{ONTOLOGY_GRAPH}> {{ {body} }} }}")
    store.flush()
    del store
    write_marker(store_dir)
    new_generation(store_dir)
    return store_dir


@pytest.mark.parametrize("name", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_stored_query_on_oxigraph_gives_the_expected_rows(name: str, tmp_path: Path) -> None:
    """Run on the engine, then computed and kept, then read back from the kept rows: the same rows."""
    directory = _fixture_store(name, tmp_path)
    store = open_for_reading(directory)
    expected = list(csv.reader(io.StringIO((CASES / name / "expected.csv").read_text(encoding="utf-8"))))
    for cache in (None, directory, directory):
        columns, rows = run_store_query(name, store, case_params(CASES / name), cache=cache)
        got = list(csv.reader(io.StringIO(format_rows(columns, rows, "csv"))))  # type: ignore[arg-type]
        assert got == expected, cache
    assert len(list((directory / "query-cache").rglob("*.rows.json"))) == 1


def test_cli_build_query_check_on_the_store(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    runner = CliRunner()
    res = runner.invoke(main, ["build", *map(str, SEED_FILES), "--store", str(store_dir), "-j", "1"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(main, ["query", "reports", "--store", str(store_dir), "--format", "csv"])
    assert res.exit_code == 0 and res.output.count("\n") == 3 and "鞍山市应急管理局" in res.output
    res = runner.invoke(main, ["query", "practice-evidence", "--store", str(store_dir)])
    assert res.exit_code == 2 and "practice-evidence" in res.output and "practice" in res.output
    res = runner.invoke(main, ["check", "--store", str(store_dir), "-o", str(tmp_path / "check"), "-j", "1"])
    assert res.exit_code == 1 and "鞍山市应急管理局 2024" in res.output
    rows = list(csv.DictReader(io.StringIO((tmp_path / "check" / "check.csv").read_text(encoding="utf-8"))))
    by = {(r["issuer"], r["requirement"]): r["result"] for r in rows}
    assert by[("鞍山市应急管理局", "part_shortcomings")] == "fail"
    assert by[("中山市应急管理局", "practice_double_random_one_public")] == "fail"


def test_compact_keeps_every_quad_and_the_kept_answers_go(tmp_path: Path) -> None:
    """build --compact rewrites the database's files: the same quads before and after, the store
    still passes its invariants, and answers kept before are not served afterwards."""
    store_dir = tmp_path / "store"
    runner = CliRunner()
    assert runner.invoke(main, ["build", *map(str, SEED_FILES), "--store", str(store_dir), "-j", "1"]).exit_code == 0

    def quads() -> list[str]:
        return sorted(str(q) for q in open_for_reading(store_dir).quads_for_pattern(None, None, None, None))

    before = quads()
    assert runner.invoke(main, ["query", "reports", "--store", str(store_dir)]).exit_code == 0
    assert list((store_dir / "query-cache").rglob("*.json"))
    res = runner.invoke(main, ["build", *map(str, SEED_FILES), "--store", str(store_dir), "--compact"])
    assert res.exit_code == 0 and "2 unchanged" in res.output, res.output
    assert quads() == before and not list((store_dir / "query-cache").rglob("*.json"))
    _assert_each_triple_once(open_for_reading(store_dir))
    res = runner.invoke(main, ["build", *map(str, SEED_FILES), "-o", str(tmp_path / "g.ttl"), "--compact"])
    assert res.exit_code == 2 and "--compact needs --store" in res.output


def _assert_whole_after_recovery(store_dir: Path, files: list[Path]) -> list[str]:
    """After a killed build, reading is refused while a batch may be half-written; the next writing
    command drops that batch, and then every report in the store is whole. Returns the reports."""
    if (store_dir / PENDING).exists():
        with pytest.raises(StoreError, match="interrupted"):
            open_for_reading(store_dir)
        drop_from_store(store_dir, [])
        assert not (store_dir / PENDING).exists()
    store = open_for_reading(store_dir)
    expected = _graph_text(files)
    present = report_graphs(store)
    assert present, "the store lost what it had"
    for iri in present:
        assert _sorted_graph(store, iri) == expected[iri], f"{iri} is not whole after the kill"
    _assert_each_triple_once(store)
    return present


def test_a_killed_build_leaves_every_report_whole(tmp_path: Path) -> None:
    files = _copy(SEED_FILES + OWN, tmp_path / "in")
    store_dir = tmp_path / "store"
    build_into_store(files[:1], store_dir, jobs=1)  # the store exists before the killed run
    script = ("import sys; from pathlib import Path; from kg.store import build_into_store; "
              "build_into_store([Path(a) for a in sys.argv[2:]], Path(sys.argv[1]), jobs=1, batch_size=2)")
    proc = subprocess.Popen([sys.executable, "-c", script, str(store_dir), *map(str, files)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(5.0)  # some batches are in, one is probably being written
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    present = _assert_whole_after_recovery(store_dir, files)
    resumed = build_into_store(files, store_dir, jobs=1)
    assert not resumed.failed and len(resumed.skipped) >= len(present)
    store = open_for_reading(store_dir)
    assert report_graphs(store) == sorted(_graph_text(files))


def test_a_batch_written_but_not_committed_is_dropped_and_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The moment a kill hurts most: the bulk load has written the batch, the record says it is not
    whole yet."""
    import kg.store.load as load

    files = _copy(SEED_FILES + OWN[:2], tmp_path / "in")
    store_dir = tmp_path / "store"
    build_into_store(files[:1], store_dir, jobs=1)

    def killed(directory: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(load, "_commit", killed)
    with pytest.raises(KeyboardInterrupt):
        build_into_store(files, store_dir, jobs=1)
    monkeypatch.undo()
    assert (store_dir / PENDING).exists()
    assert _assert_whole_after_recovery(store_dir, files) == sorted(_graph_text(files[:1]))
    again = build_into_store(files, store_dir, jobs=1)
    assert len(again.added) == 3 and len(again.skipped) == 1
    store = open_for_reading(store_dir)
    assert report_graphs(store) == sorted(_graph_text(files))
    _assert_each_triple_once(store)


def test_export_and_networks_from_the_store_match_the_files(tmp_path: Path) -> None:
    """fazhi export --store writes each report as fazhi build does, what the ontology also says included;
    query CSVs and networks from the store match those from graph files."""
    store_dir = tmp_path / "store"
    build_into_store(SEED_FILES, store_dir, jobs=1)
    runner = CliRunner()
    out = tmp_path / "all.nq"
    res = runner.invoke(main, ["export", "--store", str(store_dir), "-o", str(out), "--queries", str(tmp_path / "q"),
                               "--networks", str(tmp_path / "n")])
    assert res.exit_code == 0, res.output
    graphs: dict[str, list[str]] = {}
    for line in out.read_text(encoding="utf-8").splitlines(keepends=True):
        triple, graph, _ = line.rsplit(" ", 2)
        graphs.setdefault(graph.strip("<>"), []).append(triple + " .\n")
    expected = _graph_text(SEED_FILES)
    assert sorted(graphs) == sorted(expected)
    for iri, text in expected.items():
        assert "".join(sorted(graphs[iri])) == text, iri

    files_nq = tmp_path / "files.nq"
    assert runner.invoke(main, ["build", *map(str, SEED_FILES), "-o", str(files_nq)]).exit_code == 0
    res = runner.invoke(main, ["query", "reports", str(files_nq), "--format", "csv"])
    assert (tmp_path / "q" / "reports.csv").read_text(encoding="utf-8") == res.output
    for kind in ("practices", "documents"):
        from_store = runner.invoke(main, ["network", kind, "--store", str(store_dir), "-o", str(tmp_path / f"s-{kind}.csv")])
        from_files = runner.invoke(main, ["network", kind, str(files_nq), "-o", str(tmp_path / f"f-{kind}.csv")])
        assert from_store.exit_code == 0 and from_files.exit_code == 0, (from_store.output, from_files.output)
        assert (tmp_path / f"s-{kind}.csv").read_text(encoding="utf-8") == (tmp_path / f"f-{kind}.csv").read_text(encoding="utf-8")
    assert (tmp_path / "n" / "documents.graphml").stat().st_size > 0
    res = runner.invoke(main, ["export", str(files_nq), "--store", str(store_dir), "-o", str(out)])
    assert res.exit_code == 2 and "graph files or --store" in res.output


def test_stored_query_answers_are_kept_until_the_store_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.store.read as read

    files = _copy(SEED_FILES, tmp_path / "in")
    store_dir = tmp_path / "store"
    build_into_store(files, store_dir, jobs=1)
    runner = CliRunner()
    first = runner.invoke(main, ["query", "reports", "--store", str(store_dir), "--format", "csv"])
    assert first.exit_code == 0 and first.output.count("\n") == 3
    kept = sorted(p.name for p in (store_dir / "query-cache").rglob("*.json"))
    key = kept[0].split(".")[0]
    assert kept == [f"{key}.first.json", f"{key}.json", f"{key}.rows.json"]

    def no_engine(*_args: object) -> None:
        raise AssertionError("answered by the engine, not from the kept answer")

    monkeypatch.setattr(read, "_evaluate", no_engine)
    again = runner.invoke(main, ["query", "reports", "--store", str(store_dir), "--format", "csv"])
    assert again.exit_code == 0 and again.output == first.output
    monkeypatch.undo()

    drop_from_store(store_dir, [str(files[0])])
    assert not (store_dir / "query-cache").exists()
    after = runner.invoke(main, ["query", "reports", "--store", str(store_dir), "--format", "csv"])
    assert after.exit_code == 0 and after.output.count("\n") == 2


def test_a_build_keeps_freed_memory_for_the_next_batch() -> None:
    """After kg.store.allocator's settings, a 16 MB block comes from the heap and stays there
    when freed, instead of being mapped and unmapped (and faulted in again) each batch."""
    import ctypes
    import platform

    from kg.store.allocator import keep_freed_memory

    assert platform.libc_ver()[0] == "glibc"  # CI runs on Debian
    assert keep_freed_memory()

    class MallInfo2(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in
                    ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]

    libc = ctypes.CDLL(None)
    libc.mallinfo2.restype = MallInfo2
    libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    before = libc.mallinfo2()
    block = libc.malloc(16 << 20)
    mapped = libc.mallinfo2().hblkhd
    libc.free(block)
    assert mapped == before.hblkhd
    assert libc.mallinfo2().fordblks >= 16 << 20
