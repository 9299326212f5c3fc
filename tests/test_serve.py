"""``fazhi serve``: Oxigraph's SPARQL 1.1 Protocol server on a store of the seeds, queried with real
clients (SPARQLWrapper, rdflib's SPARQLStore, curl) and through the page in headless Chromium;
writes are refused, runaway queries stopped, and every server process is stopped again."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.query import Result
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from conftest import ROOT, SEEDS, chromium
from kg.build import build, write_graphs
from kg.cli import main
from kg.query import load_graphs, parse_term, run_query
from kg.resources import query_names, query_text
from kg.serve import Endpoint, ServeError, hard_limit, serve, stop_process
from kg.store import build_into_store

SEED_FILES = sorted(SEEDS.glob("*.txt"))
ANSHAN = "https://w3id.org/fazhi-kg/id/report/鞍山市应急管理局/2024"
ZHONGSHAN = "https://w3id.org/fazhi-kg/id/report/中山市应急管理局/2024"
REPORTS = "PREFIX fz: <https://w3id.org/fazhi-kg/ontology#> SELECT ?report WHERE { ?report a fz:Report } ORDER BY ?report"
#: Parameters that give rows on the seeds, for the stored queries that need them.
SEED_PARAMS = {
    "bureaus-without-done-practice": {"practice": "fzc:case_file_review"},
    "indicator-by-bureau-year": {"indicator": "fzc:cases_filed"},
    "practice-evidence": {"practice": "fzc:double_random_one_public", "report": f"<{ANSHAN}>"},
}  # yoy-changes: its parameter is optional, and the seeds report no year-on-year change
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"  # Oxigraph cancels it at the limit
CROSS_JOIN_4 = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"  # it does not


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("serve") / "store"
    result = build_into_store(SEED_FILES, directory, jobs=1)
    assert not result.failed and len(result.added) == len(SEED_FILES)
    return directory


@pytest.fixture(scope="module")
def endpoint(store: Path) -> Iterator[Endpoint]:
    with serve(store, warm=False) as ep:  # every page test here runs its query on the endpoint
        yield ep
    assert _refused(ep.port), "the Oxigraph server still answers after stop()"


@pytest.fixture(scope="module")
def seeds_local(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The same seeds built into a graph file and loaded with rdflib, for runs of the stored queries."""
    out = tmp_path_factory.mktemp("serve-local") / "seeds.nq"
    write_graphs(build(SEED_FILES), out)
    return load_graphs([out])


def _refused(port: int) -> bool:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/query", timeout=5)
    except urllib.error.URLError as exc:
        return isinstance(exc.reason, ConnectionRefusedError)
    return False


def _post(ep: Endpoint, query: str) -> dict[str, Any]:
    fields = {"query": query}
    req = urllib.request.Request(ep.query_url, urllib.parse.urlencode(fields).encode(),
                                 {"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.load(resp)  # type: ignore[no-any-return]


def _curl(*args: str) -> subprocess.CompletedProcess[str]:
    curl = shutil.which("curl")
    assert curl, "this test needs curl (apt-get install curl; .ci/run does it)"
    return subprocess.run([curl, "-s", *args], capture_output=True, text=True, timeout=60)


def _curl_query(ep: Endpoint, query: str) -> subprocess.CompletedProcess[str]:
    return _curl("-H", "Accept: application/sparql-results+json", "--data-urlencode", f"query={query}", ep.query_url)


def _row_key(row: list[Any]) -> tuple[Any, ...]:
    """A row compared by RDF value (779 and 779.0 are the same decimal), not by lexical form."""
    return tuple(None if v is None else v.toPython() if isinstance(v, Literal) else str(v) for v in row)


# ------------------------------------------------------------------ real clients


def test_sparqlwrapper_select_gives_the_two_reports(endpoint: Endpoint) -> None:
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    for method in ("GET", POST):
        client = SPARQLWrapper(endpoint.query_url)
        client.setMethod(method)
        client.setQuery(REPORTS)
        client.setReturnFormat(JSON)
        rows = client.queryAndConvert()["results"]["bindings"]  # type: ignore[index,call-overload]
        assert [r["report"]["value"] for r in rows] == [ZHONGSHAN, ANSHAN]


@pytest.mark.parametrize("name", query_names())
def test_every_stored_query_through_rdflib_sparqlstore_gives_the_rows_of_a_local_run(
        endpoint: Endpoint, seeds_local: Any, name: str) -> None:
    params = SEED_PARAMS.get(name, {})
    columns, local = run_query(name, seeds_local, params)
    # rdflib's SPARQLStore sends initBindings as a trailing VALUES clause, as the page does.
    remote_graph = Graph(SPARQLStore(endpoint.query_url, returnFormat="json"))
    result = remote_graph.query(query_text(name), initBindings={k: parse_term(v) for k, v in params.items()})
    remote = [[row[c] for c in columns] for row in result]  # type: ignore[index]
    assert Counter(map(_row_key, remote)) == Counter(map(_row_key, local))
    if name in SEED_PARAMS:
        assert local, f"pick parameters for {name} that give rows on the seeds"


def test_curl_select_gives_the_two_reports(endpoint: Endpoint) -> None:
    done = _curl_query(endpoint, REPORTS)
    assert done.returncode == 0, done.stderr
    assert [b["report"]["value"] for b in json.loads(done.stdout)["results"]["bindings"]] == [ZHONGSHAN, ANSHAN]


def test_updates_and_graph_store_writes_are_refused(endpoint: Endpoint) -> None:
    from SPARQLWrapper import POST, SPARQLWrapper

    base = endpoint.query_url.rsplit("/", 1)[0]
    drop = f"DROP GRAPH <{ANSHAN}>"
    code = ["-o", "/dev/null", "-w", "%{http_code}"]
    assert _curl(*code, "--data-urlencode", f"update={drop}", f"{base}/update").stdout == "403"
    assert _curl(*code, "-H", "Content-Type: application/sparql-update", "--data-binary", drop, f"{base}/update").stdout == "403"
    assert _curl(*code, "-X", "DELETE", f"{base}/store?default").stdout == "403"
    assert _curl(*code, "-X", "PUT", "-H", "Content-Type: application/n-triples", "--data-binary",
                 "<urn:a> <urn:b> <urn:c> .", f"{base}/store?graph=urn:g").stdout == "403"
    client = SPARQLWrapper(endpoint.query_url, updateEndpoint=f"{base}/update")
    client.setMethod(POST)
    client.setQuery(drop)
    with pytest.raises(urllib.error.HTTPError) as refused:
        client.query()
    assert refused.value.code == 403
    assert len(_post(endpoint, REPORTS)["results"]["bindings"]) == 2  # nothing changed


# ------------------------------------------------------------------ the time limit


def test_a_runaway_query_is_stopped_by_the_time_limit(store: Path) -> None:
    messages: list[str] = []
    with serve(store, timeout=2, log=messages.append, warm=False) as ep:
        started = time.monotonic()
        done = _curl_query(ep, CROSS_JOIN)  # Oxigraph's own cancellation stops this one
        assert time.monotonic() - started < 2 + 3
        assert done.stdout.endswith("The SPARQL operation has been cancelled"), done.stdout[-300:]
        assert ep.restarts == 0

        started = time.monotonic()
        done = _curl_query(ep, CROSS_JOIN_4)  # runs on inside Oxigraph: the watchdog restarts the server
        assert time.monotonic() - started < hard_limit(2) + 3
        assert '"bindings":[{' not in done.stdout and done.returncode != 0, done
        deadline = time.monotonic() + 30
        while ep.restarts == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert ep.restarts == 1 and "restarting the SPARQL server" in messages[0]
        assert len(_post(ep, REPORTS)["results"]["bindings"]) == 2  # it answers again, on the same port
        assert ep.failure is None
    assert _refused(ep.port)


# ------------------------------------------------------------------ the page in headless Chromium


def _dom(url: str) -> Any:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=10000"]
    done = subprocess.run([chromium(), *flags, "--dump-dom", url], capture_output=True, text=True, timeout=120, check=True)
    return lxml.html.fromstring(done.stdout)


def _page_link(ep: Endpoint, name: str, **params: str) -> str:
    return ep.page_url + "#" + urllib.parse.urlencode({"query": name, **params, "run": "1"})


def test_page_lists_the_stored_queries_and_shows_the_compliance_matrix(endpoint: Endpoint, store: Path) -> None:
    doc = _dom(endpoint.page_url)
    items = doc.xpath('//ul[@id="queries"]/li/@data-query')
    assert items == ["", *query_names()]  # the free query, then each stored query
    (coverage,) = doc.xpath('//ul[@id="queries"]/li[@data-query="required-practice-coverage"]')
    assert "how many reports give evidence it was done" in coverage.text_content()
    assert endpoint.query_url in doc.xpath('string(//p[@id="endpoint"])')
    (box,) = doc.xpath('//div[@id="check-body"]')
    assert box.get("data-state") == "missing" and f"fazhi check --store {store}" in box.text_content()

    runner = CliRunner()
    made = runner.invoke(main, ["check", "--store", str(store), "-o", str(store / "check"), "-j", "1"])
    assert (store / "check" / "check.html").exists(), made.output
    doc = _dom(endpoint.page_url)
    (box,) = doc.xpath('//div[@id="check-body"]')
    assert box.get("data-state") == "present" and not doc.xpath('//*[@id="check-stale"]')
    assert doc.xpath('//iframe[@id="check-frame"]/@src') == ["check/check.html"]
    with urllib.request.urlopen(endpoint.page_url + "check/check.html", timeout=10) as resp:
        assert 'id="matrix"' in resp.read().decode("utf-8")


def test_page_runs_a_stored_query_with_its_parameters_bound_as_rdf_terms(endpoint: Endpoint, seeds_local: Any) -> None:
    params = SEED_PARAMS["practice-evidence"]
    doc = _dom(_page_link(endpoint, "practice-evidence", **params))
    assert doc.xpath('//div[@id="results"]/@data-state') == ["done"], doc.xpath('string(//div[@id="results"])')
    columns, local = run_query("practice-evidence", seeds_local, params)
    assert doc.xpath('//table[@id="results-table"]/thead/tr/th/text()') == columns
    shown = [[td.get("data-value") for td in tr.xpath("td")] for tr in doc.xpath('//table[@id="results-table"]/tbody/tr')]
    assert shown and sorted(shown) == sorted([["" if v is None else str(v) for v in row] for row in local])
    sent = doc.xpath('string(//pre[@id="sent"])')
    assert sent.endswith(f"VALUES (?practice ?report) {{ (<https://w3id.org/fazhi-kg/concept/double_random_one_public> <{ANSHAN}>) }}\n")


def test_page_lays_out_the_first_rows_of_a_long_answer_and_says_how_to_get_all(store: Path, seeds_local: Any,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    _, local = run_query("practices", seeds_local)
    assert len(local) > 5
    monkeypatch.setattr(Endpoint, "rows_shown", 5)
    with serve(store, warm=False) as ep:
        doc = _dom(_page_link(ep, "practices"))
    assert doc.xpath('//div[@id="results"]/@data-state') == ["done"], doc.xpath('string(//div[@id="results"])')
    assert len(doc.xpath('//table[@id="results-table"]/tbody/tr')) == 5
    note = doc.xpath('string(//p[@id="rows-note"])')
    assert f"showing the first 5 of {len(local)} rows" in note and f"fazhi query practices --store {store} --format csv" in note
    assert doc.xpath('string(//*[@id="status"])').startswith(f"{len(local)} 行 rows")


def test_page_binds_hostile_parameter_text_as_a_literal(endpoint: Endpoint) -> None:
    hostile = 'x" ) } } SELECT * WHERE { ?s ?p ?o } #\\'
    doc = _dom(_page_link(endpoint, "practice-evidence", practice="fzc:double_random_one_public", report=hostile))
    assert doc.xpath('//div[@id="results"]/@data-state') == ["done"], doc.xpath('string(//div[@id="results"])')
    assert doc.xpath('//table[@id="results-table"]/tbody/tr') == []  # a literal is no report: no rows
    assert doc.xpath('string(//pre[@id="sent"])').endswith('"x\\" ) } } SELECT * WHERE { ?s ?p ?o } #\\\\") }\n')


def test_page_server_serves_only_the_page_and_the_check(endpoint: Endpoint) -> None:
    for path in ("fazhi-store.json", "../fazhi-store.json", "%2e%2e/fazhi-store.json", "check/%2e%2e/fazhi-store.json",
                 "oxigraph/CURRENT", "check/", "check"):
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(endpoint.page_url + path, timeout=10)
        assert missing.value.code == 404, path
    page = urllib.request.Request(endpoint.page_url, data=b"x", method="POST")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(page, timeout=10)
    assert refused.value.code == 501


# ------------------------------------------------------------------ kept answers


def _kept(ep: Endpoint, name: str, path: str = "answers", **params: str) -> tuple[int, str]:
    url = ep.page_url + path + "?" + urllib.parse.urlencode({"query": name, **params})
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def _copy_store(store: Path, tmp_path: Path) -> Path:
    """A copy of the module's store (without kept answers or check files) that a test may change."""
    copy = tmp_path / "store"
    shutil.copytree(store, copy, ignore=shutil.ignore_patterns("query-cache", "check"))
    return copy


def _multiset(bindings: list[dict[str, Any]]) -> Counter[str]:
    return Counter(json.dumps(b, sort_keys=True, ensure_ascii=False) for b in bindings)


def test_serve_keeps_the_answers_of_the_stored_queries_and_the_page_shows_them(store: Path, tmp_path: Path) -> None:
    """Started with warming, the server keeps the answer of every stored query without required
    parameters; each is what the endpoint answers, term for term; the page shows it at once, and
    runs an edited query on the endpoint; a change of the store retires the answers."""
    from kg.query import required_parameters
    from kg.store.cache import new_generation

    copy = _copy_store(store, tmp_path)
    messages: list[str] = []
    plain = [n for n in query_names() if not required_parameters(n)]
    with serve(copy, log=messages.append) as ep:
        assert ep.warmed.wait(300), "warming did not end"
        assert len(list((copy / "query-cache").rglob("*.rows.json"))) == len(plain)
        assert len(list((copy / "query-cache").rglob("*.json"))) == 3 * len(plain)  # the document, its first rows and its rows
        assert messages == [m for m in messages if m.startswith(f"kept the answers of {len(plain)} stored queries")] and messages
        for name in plain:
            status, body = _kept(ep, name)
            assert status == 200, (name, body)
            kept = json.loads(body)
            parsed = Result.parse(io.BytesIO(body.encode("utf-8")), format="json")  # a standard results document
            assert parsed.vars is not None and [str(v) for v in parsed.vars] == kept["head"]["vars"], name
            assert len(parsed) == len(kept["results"]["bindings"]), name
            served = _post(ep, query_text(name))
            assert kept["head"]["vars"] == served["head"]["vars"], name
            assert _multiset(kept["results"]["bindings"]) == _multiset(served["results"]["bindings"]), name
            status, body = _kept(ep, name, "answers/first")
            first = json.loads(body)
            assert status == 200 and first["total"] == len(kept["results"]["bindings"]), name
            assert first["results"]["bindings"] == kept["results"]["bindings"][:2000] and first["head"] == kept["head"], name

        status, body = _kept(ep, "practice-evidence", practice="fzc:double_random_one_public")
        assert status == 400 and "practice-evidence" in body and "report" in body
        assert _kept(ep, "no-such-query")[0] == 400
        params = SEED_PARAMS["practice-evidence"]
        assert _kept(ep, "practice-evidence", **params)[0] == 404  # not kept yet
        args = [f"{k}={v}" for k, v in params.items()]
        ran = CliRunner().invoke(main, ["query", "practice-evidence", "--store", str(copy), "--param", args[0], "--param", args[1]])
        assert ran.exit_code == 0, ran.output
        spelled = {**params, "practice": "<https://w3id.org/fazhi-kg/concept/double_random_one_public>"}
        assert _kept(ep, "practice-evidence", **spelled)[0] == 200  # the same terms, spelled otherwise

        doc = _dom(_page_link(ep, "reports"))
        assert doc.xpath('//div[@id="results"]/@data-source') == ["kept"], doc.xpath('string(//div[@id="results"])')
        assert "kept answer" in doc.xpath('string(//*[@id="status"])')
        shown = [[td.get("data-value") for td in tr.xpath("td")] for tr in doc.xpath('//table[@id="results-table"]/tbody/tr')]
        assert len(shown) == 2 and {ANSHAN, ZHONGSHAN} <= {v for row in shown for v in row}

        new_generation(copy)  # as a build or drop does when it writes
        assert _kept(ep, "reports")[0] == 404
        doc = _dom(_page_link(ep, "reports"))
        assert doc.xpath('//div[@id="results"]/@data-source') == ["endpoint"], doc.xpath('string(//div[@id="results"])')
    assert ep.warmed.is_set()


def test_page_shows_the_first_rows_of_a_long_kept_answer_with_its_total(store: Path, tmp_path: Path, seeds_local: Any,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The page fetches only a kept answer's first rows, says how many there are, and links the whole."""
    import kg.store.cache as cache
    from kg.store import open_for_reading, run_store_query

    _, local = run_query("practices", seeds_local)
    assert len(local) > 3
    copy = _copy_store(store, tmp_path)
    monkeypatch.setattr(cache, "FIRST_ROWS", 3)
    run_store_query("practices", open_for_reading(copy), {}, cache=copy)
    with serve(copy, warm=False) as ep:
        status, body = _kept(ep, "practices", "answers/first")
        assert status == 200 and json.loads(body)["total"] == len(local) and len(json.loads(body)["results"]["bindings"]) == 3
        doc = _dom(_page_link(ep, "practices"))
    assert doc.xpath('//div[@id="results"]/@data-source') == ["kept"], doc.xpath('string(//div[@id="results"])')
    assert len(doc.xpath('//table[@id="results-table"]/tbody/tr')) == 3
    assert f"showing the first 3 of {len(local)} rows" in doc.xpath('string(//p[@id="rows-note"])')
    assert doc.xpath('//a[@id="whole-answer"]/@href') == ["answers?query=practices"]


def test_warming_runs_each_query_once_and_a_failure_is_logged(store: Path, tmp_path: Path) -> None:
    from kg.query import required_parameters
    from kg.store.warm import warm

    copy = _copy_store(store, tmp_path)
    seen: list[str] = []
    ran = warm(copy, progress=lambda name, seconds: seen.append(name))
    assert ran == seen == [n for n in query_names() if not required_parameters(n)]
    assert warm(copy) == []  # all kept already
    (copy / "fazhi-pending.json").write_text('{"reports": []}', encoding="utf-8")  # a build interrupted
    messages: list[str] = []
    with serve(copy, log=messages.append) as ep:
        assert ep.warmed.wait(60)
        assert any("keeping the answers of the stored queries stopped" in m and "interrupted" in m for m in messages), messages


def test_a_served_store_refuses_writers_and_a_store_being_written_refuses_a_server(store: Path, tmp_path: Path) -> None:
    """Oxigraph cannot change a store another process has open: while it is served, builds and
    drops fail with a message (and change nothing); while a build writes, serve fails; two servers
    and the reading commands share a store."""
    from kg.store.layout import writer_lock

    copy = _copy_store(store, tmp_path)
    runner = CliRunner()
    with serve(copy, warm=False) as first, serve(copy, warm=False) as second:
        for args in (["build", *map(str, SEED_FILES), "--store", str(copy)], ["drop", "--store", str(copy), "--missing"]):
            refused = runner.invoke(main, args)
            assert refused.exit_code == 2 and "fazhi serve is serving this store" in refused.output, refused.output
        assert len(_post(first, REPORTS)["results"]["bindings"]) == len(_post(second, REPORTS)["results"]["bindings"]) == 2
        assert runner.invoke(main, ["query", "reports", "--store", str(copy)]).exit_code == 0
    rebuilt = runner.invoke(main, ["build", *map(str, SEED_FILES), "--store", str(copy)])
    assert rebuilt.exit_code == 0 and "2 unchanged" in rebuilt.output, rebuilt.output
    with writer_lock(copy):
        with pytest.raises(ServeError, match="writing to this store"):
            serve(copy, warm=False)


# ------------------------------------------------------------------ the command


def test_serve_command_prints_the_urls_and_stops_the_server_on_ctrl_c(store: Path) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(store), "--timeout", "5", "--no-warm"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(3)]
        endpoint_url = lines[0].split()[2]
        page_url = lines[1].split()[2]
        assert endpoint_url.startswith("http://127.0.0.1:") and page_url.startswith("http://127.0.0.1:"), lines
        body = urllib.parse.urlencode({"query": "ASK {}"}).encode()
        with urllib.request.urlopen(urllib.request.Request(endpoint_url, body), timeout=10) as resp:
            assert json.load(resp)["boolean"] is True
        with urllib.request.urlopen(page_url, timeout=10) as resp:
            assert "Fazhi KG SPARQL endpoint" in resp.read().decode("utf-8")
        proc.send_signal(signal.SIGINT)
        assert proc.wait(30) == 0
        assert not (store / "query-cache").exists()  # --no-warm: no answers kept
    finally:
        stop_process(proc, 30)  # after a failed test: SIGTERM, which the command also answers by stopping
    assert _refused(int(urllib.parse.urlsplit(endpoint_url).port or 0))


def test_serve_command_names_a_bad_store_and_what_to_do(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(main, ["serve", "--store", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2 and str(tmp_path / "nowhere") in missing.output and "fazhi build" in missing.output
    (tmp_path / "empty").mkdir()
    empty = runner.invoke(main, ["serve", "--store", str(tmp_path / "empty")])
    assert empty.exit_code == 2 and "not a Fazhi KG store" in empty.output
    old = tmp_path / "old"
    old.mkdir()
    (old / "fazhi-store.json").write_text('{"format": 0, "pipeline_version": "1"}', encoding="utf-8")
    older = runner.invoke(main, ["serve", "--store", str(old)])
    assert older.exit_code == 2 and str(old) in older.output and "rebuild" in older.output


def test_serve_command_says_how_to_install_a_missing_oxigraph(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kg.serve.shutil.which", lambda *_a, **_k: None)
    result = CliRunner().invoke(main, ["serve", "--store", str(store)])
    assert result.exit_code == 2 and "pip install 'oxigraph>=0.5,<0.6'" in result.output


def test_a_port_in_use_is_a_clear_error(endpoint: Endpoint, store: Path) -> None:
    with pytest.raises(ServeError, match=f"port {endpoint.port} is in use"):
        serve(store, port=endpoint.port)
