"""Corpus-scale figures for the store, in one run: build reports/s with 1 and 2 jobs, an unchanged
rebuild, store size, check time for all reports, p50/p95 time of every stored query, peak memory; and,
on a sample, the same check and queries done the naive way (one merged rdflib graph, one pySHACL call).

Stored queries: the first run is Oxigraph's engine (the answer is then kept until the store
changes); the later runs read the kept answer. Both are printed.

Usage: ``python benchmarks/bench_store.py [--n 10000] [--corpus DIR] [--naive 1000] [--repeat 5] [--single N]``
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


def _cold(store: Path, name: str, params: dict[str, str], limit: float) -> str:
    """The first run of a stored query (computed by Oxigraph's engine, then kept), in a child
    process so that a query running past ``limit`` seconds can be stopped."""
    import subprocess

    code = ("import sys, json, time; from pathlib import Path; from kg.store import open_for_reading, run_store_query; "
            "db = open_for_reading(Path(sys.argv[1])); t = time.perf_counter(); "
            "c, r = run_store_query(sys.argv[2], db, json.loads(sys.argv[3]), cache=Path(sys.argv[1])); "
            "print(f'{1000 * (time.perf_counter() - t):.1f} {len(r)}')")
    try:
        done = subprocess.run([sys.executable, "-c", code, str(store), name, json.dumps(params)], capture_output=True,
                              text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return f"> {limit:.0f} s (stopped)"
    if done.returncode:
        return "error: " + (done.stderr.strip().splitlines() or ["?"])[-1]
    ms, rows = done.stdout.split()
    return f"{float(ms):8.1f} ms ({rows} rows)"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_corpus_args(ap)
    ap.add_argument("--naive", type=int, default=1000, help="reports in the naive yardstick (0 = skip)")
    ap.add_argument("--only-naive", action="store_true", help="run only the naive yardstick")
    ap.add_argument("--repeat", type=int, default=5, help="runs of each stored query")
    ap.add_argument("--single", type=int, default=0, metavar="N",
                    help="build with 1 job on the first N reports only (default: all)")
    ap.add_argument("--query-limit", type=float, default=300, metavar="S", help="stop a cold query after S seconds")
    ap.add_argument("--store", type=Path, help="an existing store: only its stored queries are measured")
    args = ap.parse_args(argv)
    if args.store:
        _queries(args, args.store)
        print(f"peak memory: {_peak_mb():.0f} MB (largest of this process and any one child)", flush=True)
        return 0

    with corpus_dir(args) as (where, files, _), tempfile.TemporaryDirectory(prefix="fazhi-bench-store-") as tmp:
        print(f"corpus:    {where} ({len(files)} files)", flush=True)
        values = dict(PARAMS)
        if not args.only_naive:
            values["report"] = _store_figures(args, files, Path(tmp))
        if args.naive:
            _naive(files[: args.naive], Path(tmp), values)
    return 0


def _store_figures(args: argparse.Namespace, files: list[Path], tmp: Path) -> str:
    """Builds, rebuild, size, check, stored queries and peak memory; returns a report IRI of the store."""
    from kg.store import build_into_store
    from kg.validate import check

    for jobs in (1, 2):
        store = tmp / f"store-{jobs}"
        todo = files[: args.single] if jobs == 1 and args.single else files
        t0 = time.perf_counter()
        r = build_into_store(todo, store, jobs=jobs)
        s = time.perf_counter() - t0
        print(f"build -j{jobs}: {s:.1f} s, {len(r.added) / s:.1f} reports/s ({len(r.added)} added, "
              f"{len(r.failed)} failed)", flush=True)
    shutil.rmtree(tmp / "store-1")
    t0 = time.perf_counter()
    r = build_into_store(files, store, jobs=2)
    print(f"rebuild:   {time.perf_counter() - t0:.1f} s ({len(r.skipped)} unchanged)", flush=True)
    print(f"size:      {_size(store):.0f} MB", flush=True)
    t0 = time.perf_counter()
    checked = check([], jobs=2, store=store)
    print(f"check:     {time.perf_counter() - t0:.1f} s for {len(checked.reports)} reports (2 jobs)", flush=True)
    report = _queries(args, store)
    print(f"peak memory: {_peak_mb():.0f} MB (largest of this process and any one child)", flush=True)
    return report


def _queries(args: argparse.Namespace, store: Path) -> str:
    """First (engine) and kept times of every stored query; returns a report IRI of the store."""
    from kg.query import query_parameters
    from kg.resources import query_names
    from kg.store import open_for_reading, report_graphs, run_store_query

    db = open_for_reading(store)
    reports = report_graphs(db)
    print(f"reports:   {len(reports)}", flush=True)
    values = {**PARAMS, "report": f"<{reports[0]}>"}
    for name in query_names():
        params = {k: values[k] for k in query_parameters(name) if k in values}
        cold = _cold(store, name, params, args.query_limit)
        times = []
        for _ in range(args.repeat if "ms" in cold else 0):
            t0 = time.perf_counter()
            run_store_query(name, db, params, cache=store)
            times.append(time.perf_counter() - t0)
        warm = ""
        if times:
            times.sort()
            p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
            warm = f"kept: p50 {1000 * statistics.median(times):6.1f} ms  p95 {1000 * p95:6.1f} ms"
        print(f"query {name:34s} first run {cold:28s} {warm}", flush=True)
    return values["report"]


def _naive(files: list[Path], tmp: Path, values: dict[str, str]) -> None:
    """The yardstick: one merged rdflib graph of ``files``, one pySHACL call, the queries in rdflib."""
    import pyshacl

    from kg.build import build, write_graphs
    from kg.query import load_graphs, query_parameters, run_query
    from kg.resources import query_names, shapes

    sample = tmp / "sample.nq"
    write_graphs(build(files), sample)
    ds = load_graphs([sample])
    t0 = time.perf_counter()
    pyshacl.validate(ds, shacl_graph=shapes(), inference="none", allow_warnings=True)
    print(f"naive check: {time.perf_counter() - t0:.1f} s for {len(files)} reports (one pySHACL call)", flush=True)
    for name in query_names():
        params = {k: values[k] for k in query_parameters(name) if k in values}
        t0 = time.perf_counter()
        try:
            run_query(name, ds, params)
        except Exception as exc:  # a query that needs a parameter the corpus gives no value for
            print(f"naive query {name:28s} failed: {exc}")
            continue
        print(f"naive query {name:28s} {1000 * (time.perf_counter() - t0):8.1f} ms", flush=True)


if __name__ == "__main__":
    sys.exit(main())
