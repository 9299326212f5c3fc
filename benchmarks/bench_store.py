"""Corpus-scale figures for the store, in one run: build reports/s with 1 and 2 jobs, an unchanged
rebuild, store size, check time for all reports, p50/p95 time of every stored query, peak memory; and,
on a sample, the same check and queries done the naive way (one merged rdflib graph, one pySHACL call).

Usage: ``python benchmarks/bench_store.py [--n 10000] [--corpus DIR] [--naive 1000] [--repeat 5]``
"""

from __future__ import annotations

import argparse
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_corpus_args(ap)
    ap.add_argument("--naive", type=int, default=1000, help="reports in the naive yardstick (0 = skip)")
    ap.add_argument("--repeat", type=int, default=5, help="runs of each stored query")
    args = ap.parse_args(argv)

    from kg.query import load_graphs, query_parameters, run_query
    from kg.resources import query_names
    from kg.store import build_into_store, open_for_reading, report_graphs, run_store_query
    from kg.validate import check

    with corpus_dir(args) as (where, files, _), tempfile.TemporaryDirectory(prefix="fazhi-bench-store-") as tmp:
        print(f"corpus:    {where} ({len(files)} files)")
        for jobs in (1, 2):
            store = Path(tmp) / f"store-{jobs}"
            t0 = time.perf_counter()
            r = build_into_store(files, store, jobs=jobs)
            s = time.perf_counter() - t0
            print(f"build -j{jobs}: {s:.1f} s, {len(r.added) / s:.1f} reports/s ({len(r.added)} added, {len(r.failed)} failed)")
        t0 = time.perf_counter()
        r = build_into_store(files, store, jobs=2)
        print(f"rebuild:   {time.perf_counter() - t0:.1f} s ({len(r.skipped)} unchanged)")
        shutil.rmtree(Path(tmp) / "store-1")
        print(f"size:      {_size(store):.0f} MB")
        t0 = time.perf_counter()
        checked = check([], jobs=2, store=store)
        print(f"check:     {time.perf_counter() - t0:.1f} s for {len(checked.reports)} reports (2 jobs)")
        db = open_for_reading(store)
        print(f"reports:   {len(report_graphs(db))}")
        for name in query_names():
            params = {k: PARAMS[k] for k in query_parameters(name) if k in PARAMS}
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                try:
                    run_store_query(name, db, params)
                except Exception as exc:  # a query that needs a parameter we have no value for
                    print(f"query {name}: skipped ({exc})")
                    break
                times.append(time.perf_counter() - t0)
            if times:
                times.sort()
                p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
                print(f"query {name:34s} p50 {1000 * statistics.median(times):8.1f} ms  p95 {1000 * p95:8.1f} ms")
        print(f"peak memory: {_peak_mb():.0f} MB")
        if args.naive:
            import pyshacl

            from kg.build import build, write_graphs
            from kg.resources import shapes

            sample = Path(tmp) / "sample.nq"
            write_graphs(build(files[: args.naive]), sample)
            ds = load_graphs([sample])
            t0 = time.perf_counter()
            pyshacl.validate(ds, shacl_graph=shapes(), inference="none", allow_warnings=True)
            print(f"naive check: {time.perf_counter() - t0:.1f} s for {args.naive} reports (one pySHACL call)")
            for name in query_names():
                params = {k: PARAMS[k] for k in query_parameters(name) if k in PARAMS}
                t0 = time.perf_counter()
                try:
                    run_query(name, ds, params)
                except Exception:
                    continue
                print(f"naive query {name:28s} {1000 * (time.perf_counter() - t0):8.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
