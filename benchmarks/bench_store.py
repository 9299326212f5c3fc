"""Corpus-scale figures for the store, in one run: build reports/s with 1 and 2 jobs, an unchanged
rebuild, store size, check time for all reports, p50/p95 time of every stored query, peak memory; and,
on a sample, the same check and queries done the naive way (one merged rdflib graph, one pySHACL call).

Each build, the check and the naive yardstick run in a process of their own, as a user runs one
command after another; the peak memory printed for each is that process's, workers included.
Stored queries: the first run is Oxigraph's engine, in a process of its own (the answer is then kept
until the store changes); the later runs read the kept answer, through the library (``fazhi query``)
and through ``fazhi serve``'s page server (its first rows, as the page asks). All are printed.

Usage: ``python benchmarks/bench_store.py [--n 10000] [--corpus DIR] [--naive 1000] [--naive-limit S] [--repeat 5]
[--single N] [--query-limit S]``
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import add_corpus_args, corpus_dir

#: Parameters for the stored queries that need them (values the synthetic corpus has).
PARAMS = {
    "practice": "fzc:double_random_one_public",
    "indicator": "fzc:inspections_enterprise_visits",
}


def _size(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def _cpu_seconds() -> float:
    """User and system CPU of this process and its finished children (the build's workers)."""
    return sum(r.ru_utime + r.ru_stime for r in (resource.getrusage(resource.RUSAGE_SELF),
                                                   resource.getrusage(resource.RUSAGE_CHILDREN)))


def _phase(name: str, limit: float | None = None, **kw: object) -> dict:
    """Run one phase (a build, a check, the naive yardstick) in a process of its own, as a user
    runs one command after another, so that its peak memory is its own; stopped after ``limit``
    seconds."""
    import subprocess

    try:
        done = subprocess.run([sys.executable, __file__, "--phase", json.dumps({"name": name, **kw})],
                              capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return {"stopped": limit}
    if done.returncode:
        raise SystemExit(f"phase {name} failed:\n{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])


def _run_phase(spec: dict) -> None:
    """The child's side of _phase: prints its figures and its peak memory as one JSON line."""
    name = spec["name"]
    files = [Path(line) for line in Path(spec["files"]).read_text(encoding="utf-8").splitlines()] if "files" in spec else []
    t0, c0 = time.perf_counter(), _cpu_seconds()
    figures: dict[str, object] = {}
    if name == "build":
        from kg.store import build_into_store

        r = build_into_store(files, Path(spec["store"]), jobs=spec["jobs"])
        figures = {"added": len(r.added), "failed": len(r.failed), "skipped": len(r.skipped)}
    elif name == "check":
        from kg.validate import check

        figures = {"reports": len(check([], jobs=2, store=Path(spec["store"])).reports)}
    elif name == "naive-build":
        figures = {"triples": _naive_sample(files, Path(spec["tmp"]))}
    elif name == "naive-check":
        figures = _naive_check(Path(spec["tmp"]))
    elif name == "naive-queries":
        figures = {"queries": _naive_queries(Path(spec["tmp"]), spec["values"], spec["names"])}
    print(json.dumps({**figures, "seconds": time.perf_counter() - t0, "cpu_seconds": _cpu_seconds() - c0,
                      "peak_mb": _peak_mb()}))


def _cold(store: Path, name: str, params: dict[str, str], limit: float) -> tuple[str, float]:
    """The first run of a stored query (computed by Oxigraph's engine, then kept), in a child
    process so that a query running past ``limit`` seconds can be stopped; with the child's peak
    memory in MB (0 if it was stopped)."""
    import subprocess

    code = ("import sys, json, time, resource; from pathlib import Path; "
            "from kg.store import open_for_reading, run_store_query; "
            "db = open_for_reading(Path(sys.argv[1])); t = time.perf_counter(); "
            "c, r = run_store_query(sys.argv[2], db, json.loads(sys.argv[3]), cache=Path(sys.argv[1])); "
            "print(f'{1000 * (time.perf_counter() - t):.1f} {len(r)} "
            "{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}')")
    try:
        done = subprocess.run([sys.executable, "-c", code, str(store), name, json.dumps(params)], capture_output=True,
                              text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return f"> {limit:.0f} s (stopped)", 0.0
    if done.returncode:
        return "error: " + (done.stderr.strip().splitlines() or ["?"])[-1], 0.0
    ms, rows, peak = done.stdout.split()
    return f"{float(ms):8.1f} ms ({rows} rows)", float(peak)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_corpus_args(ap)
    ap.add_argument("--naive", type=int, default=1000, help="reports in the naive yardstick (0 = skip)")
    ap.add_argument("--only-naive", action="store_true", help="run only the naive yardstick")
    ap.add_argument("--repeat", type=int, default=5, help="runs of each stored query")
    ap.add_argument("--single", type=int, default=0, metavar="N",
                    help="build with 1 job on the first N reports only (default: all)")
    ap.add_argument("--query-limit", type=float, default=300, metavar="S", help="stop a cold query after S seconds")
    ap.add_argument("--naive-limit", type=float, default=3600, metavar="S",
                    help="stop the naive check, and each naive query, after S seconds")
    ap.add_argument("--store", type=Path, help="an existing store: only its stored queries are measured")
    ap.add_argument("--phase", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.phase:
        _run_phase(json.loads(args.phase))
        return 0
    if args.store:
        _, peak = _queries(args, args.store)
        print(f"peak memory: {peak:.0f} MB (largest of this process and any one query's)", flush=True)
        return 0

    with corpus_dir(args) as (where, files, _), tempfile.TemporaryDirectory(prefix="fazhi-bench-store-") as tmp:
        print(f"corpus:    {where} ({len(files)} files)", flush=True)
        values = dict(PARAMS)
        if not args.only_naive:
            values["report"] = _store_figures(args, files, Path(tmp))
        if args.naive:
            _naive(args, files[: args.naive], Path(tmp), values)
    return 0


def _store_figures(args: argparse.Namespace, files: list[Path], tmp: Path) -> str:
    """Builds, rebuild, size, check, stored queries and peak memory; returns a report IRI of the store."""
    peaks: dict[str, float] = {}
    for jobs in (1, 2):
        store = tmp / f"store-{jobs}"
        todo = files[: args.single] if jobs == 1 and args.single else files
        r = _phase("build", files=str(_file_list(tmp, todo)), store=str(store), jobs=jobs)
        s = r["seconds"]
        peaks[f"build -j{jobs}"] = r["peak_mb"]
        # CPU time as well: this machine's speed varies from hour to hour, and the CPU a build
        # needs shows whether a slow run was the code or the machine.
        print(f"build -j{jobs}: {s:.1f} s, {r['added'] / s:.1f} reports/s ({r['added']} added, "
              f"{r['failed']} failed), {r['cpu_seconds']:.0f} s of CPU, peak {r['peak_mb']:.0f} MB", flush=True)
    shutil.rmtree(tmp / "store-1")
    r = _phase("build", files=str(_file_list(tmp, files)), store=str(store), jobs=2)
    peaks["rebuild"] = r["peak_mb"]
    print(f"rebuild:   {r['seconds']:.1f} s ({r['skipped']} unchanged), peak {r['peak_mb']:.0f} MB", flush=True)
    print(f"size:      {_size(store):.0f} MB", flush=True)
    r = _phase("check", store=str(store))
    peaks["check"] = r["peak_mb"]
    print(f"check:     {r['seconds']:.1f} s for {r['reports']} reports (2 jobs), peak {r['peak_mb']:.0f} MB", flush=True)
    report, peaks["queries"] = _queries(args, store)
    worst = max(peaks, key=peaks.__getitem__)
    print(f"peak memory: {peaks[worst]:.0f} MB ({worst}; each phase in a process of its own, with its workers)",
          flush=True)
    return report


def _file_list(tmp: Path, files: list[Path]) -> Path:
    out = tmp / f"files-{len(files)}.txt"
    out.write_text("".join(f"{f}\n" for f in files), encoding="utf-8")
    return out


def _queries(args: argparse.Namespace, store: Path) -> tuple[str, float]:
    """First (engine) and kept times of every stored query; returns a report IRI of the store and
    the peak memory in MB of this process and of the largest query process."""
    from kg.query import query_parameters
    from kg.resources import query_names
    from kg.store import open_for_reading, report_graphs, run_store_query

    from kg.serve import serve

    db = open_for_reading(store)
    reports = report_graphs(db)
    print(f"reports:   {len(reports)}", flush=True)
    if (store / "query-cache").exists():
        print("note:      the store has kept answers: first runs of those queries read them", flush=True)
    values = {**PARAMS, "report": f"<{reports[0]}>"}
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with serve(store, warm=False) as endpoint:
        for name in query_names():
            params = {k: values[k] for k in query_parameters(name) if k in values}
            cold, child_peak = _cold(store, name, params, args.query_limit)
            peak = max(peak, child_peak)
            kept, page = [], []
            for _ in range(args.repeat if "ms" in cold else 0):
                t0 = time.perf_counter()
                run_store_query(name, db, params, cache=store)
                kept.append(time.perf_counter() - t0)
                page.append(_page_time(endpoint.page_url, name, params))
            figures = f"kept: {_p50_p95(kept)}  page (first rows): {_p50_p95(page)}" if kept else ""
            print(f"query {name:34s} first run {cold:28s} {figures}", flush=True)
    return values["report"], max(peak, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _page_time(page_url: str, name: str, params: dict[str, str]) -> float:
    """Seconds for the page server to hand over a kept answer's first rows, as the page asks."""
    import urllib.parse
    import urllib.request

    t0 = time.perf_counter()
    with urllib.request.urlopen(page_url + "answers/first?" + urllib.parse.urlencode({"query": name, **params}), timeout=60) as r:
        r.read()
    return time.perf_counter() - t0


def _p50_p95(times: list[float]) -> str:
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    return f"p50 {1000 * statistics.median(times):6.1f} ms  p95 {1000 * p95:6.1f} ms"


def _naive(args: argparse.Namespace, files: list[Path], tmp: Path, values: dict[str, str]) -> None:
    """The yardstick: one merged rdflib graph of ``files``, one pySHACL call, the queries in rdflib."""
    r = _phase("naive-build", files=str(_file_list(tmp, files)), tmp=str(tmp))
    print(f"naive build: {r['triples']} triples of {len(files)} reports in one file, {r['seconds']:.1f} s", flush=True)
    r = _phase("naive-check", limit=args.naive_limit, tmp=str(tmp))
    if "stopped" in r:
        print(f"naive check: > {args.naive_limit:.0f} s for {len(files)} reports (one pySHACL call; stopped)", flush=True)
    else:
        print(f"naive check: {r['validate_seconds']:.1f} s for {r['reports']} reports (one pySHACL call; "
              f"{r['seconds']:.1f} s with reading the file), peak {r['peak_mb']:.0f} MB", flush=True)
    _naive_queries_printed(args.naive_limit, tmp, values)


def _naive_queries_printed(limit: float, tmp: Path, values: dict[str, str]) -> None:
    """Each stored query on the merged sample in rdflib, printed as it finishes, in a child process
    that reads the sample once; a query past ``limit`` seconds is stopped (with its process) and a
    new process goes on with the next."""
    import queue
    import subprocess
    import threading

    from kg.resources import query_names

    todo = list(query_names())
    while todo:
        spec = {"name": "naive-queries", "tmp": str(tmp), "values": values, "names": todo}
        proc = subprocess.Popen([sys.executable, __file__, "--phase", json.dumps(spec)], stdout=subprocess.PIPE,
                                text=True)
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout or []] + [lines.put("")],
                         daemon=True).start()
        wait: float | None = None  # reading the sample first: no limit
        while todo:
            try:
                line = lines.get(timeout=wait)
            except queue.Empty:
                proc.kill()
                print(f"naive query {todo.pop(0):34s} > {limit:.0f} s (stopped)", flush=True)
                break
            if not line:  # the process ended
                todo = []
                break
            got = json.loads(line)
            wait = limit
            if "read_seconds" in got:
                print(f"naive queries: sample read into rdflib in {got['read_seconds']:.0f} s", flush=True)
            if "query" in got:
                ms = got["ms"]
                todo.remove(got["query"])
                print(f"naive query {got['query']:34s} " + (f"{ms:10.1f} ms" if isinstance(ms, float) else ms),
                      flush=True)
        proc.wait()


def _naive_sample(files: list[Path], tmp: Path) -> int:
    """The sample's graphs in one N-Quads file, read by the naive check and queries."""
    from kg.build import build, write_graphs

    result = build(files)
    write_graphs(result, tmp / "sample.nq")
    return sum(1 for _ in result.quads())


def _naive_check(tmp: Path) -> dict[str, float]:
    """One pySHACL call on the whole merged sample: the reports in it and the call's seconds."""
    import pyshacl

    from kg.query import load_graphs
    from kg.resources import shapes

    ds = load_graphs([tmp / "sample.nq"])
    t0 = time.perf_counter()
    pyshacl.validate(ds, shacl_graph=shapes(), inference="none", allow_warnings=True)
    seconds = time.perf_counter() - t0
    from kg.namespaces import FZ, RDF

    return {"reports": len(set(ds.subjects(RDF.type, FZ.Report))), "validate_seconds": seconds}


def _naive_queries(tmp: Path, values: dict[str, str], names: list[str]) -> dict[str, float | str]:
    """The child's side of _naive_queries_printed: one JSON line when the sample is read, one per query."""
    from kg.query import load_graphs, query_parameters, run_query

    t0 = time.perf_counter()
    ds = load_graphs([tmp / "sample.nq"])
    print(json.dumps({"read_seconds": time.perf_counter() - t0}), flush=True)
    times: dict[str, float | str] = {}
    for name in names:
        params = {k: values[k] for k in query_parameters(name) if k in values}
        t0 = time.perf_counter()
        try:
            run_query(name, ds, params)
        except Exception as exc:  # a query that needs a parameter the corpus gives no value for
            times[name] = f"failed: {exc}"
        else:
            times[name] = 1000 * (time.perf_counter() - t0)
        print(json.dumps({"query": name, "ms": times[name]}, ensure_ascii=False), flush=True)  # kept if stopped
    return times


if __name__ == "__main__":
    sys.exit(main())
