"""Speed of a compliance run, ``kg.validate.check``, over a built corpus (N-Quads, one named graph per
report), with 1 and 2 worker processes; and, on a sample, one plain pySHACL call on the merged graph
as the yardstick.

Usage: ``python benchmarks/bench_check.py [--n 1000] [--corpus DIR] [--naive 50]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from _common import add_corpus_args, corpus_dir, print_failures, rate


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_corpus_args(ap)
    ap.add_argument("--naive", type=int, default=50, help="reports in the plain pySHACL yardstick run (0 = skip)")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="worker counts to time")
    args = ap.parse_args(argv)

    from rdflib import Graph

    from kg.build import build, write_graphs
    from kg.resources import shapes
    from kg.validate import check

    with corpus_dir(args) as (where, files, _), tempfile.TemporaryDirectory(prefix="fazhi-bench-check-") as tmp:
        if not files:
            print(f"no reports in {where}", file=sys.stderr)
            return 2
        t0 = time.perf_counter()
        result = build(files)
        nq = Path(tmp) / "corpus.nq"
        write_graphs(result, nq)
        n = len(result.built)
        print(f"corpus:    {where}: {n} reports built in {time.perf_counter() - t0:.1f} s (not timed below)")
        print_failures([(e.path, e.reason) for e in result.failed])
        for jobs in args.jobs:
            t0 = time.perf_counter()
            checked = check([nq], jobs=jobs)
            s = time.perf_counter() - t0
            results = len(list(checked.validation.subjects(None, None)))
            print(f"check -j{jobs}: {s:.1f} s for {len(checked.reports)} reports, {rate(len(checked.reports), s)} reports/s, "
                  f"{1000 * s / max(1, len(checked.reports)):.1f} ms/report ({results} result nodes)")
        if args.naive:
            import pyshacl

            merged = Graph()
            for iri in sorted(result.graphs)[: args.naive]:
                for t in result.graphs[iri]:
                    merged.add(t)
            t0 = time.perf_counter()
            pyshacl.validate(merged, shacl_graph=shapes(), inference="none", allow_warnings=True, allow_infos=True)
            s = time.perf_counter() - t0
            print(f"naive:     one pySHACL call on the merged graph of {args.naive} reports: {s:.1f} s, "
                  f"{1000 * s / args.naive:.0f} ms/report")
    return 0


if __name__ == "__main__":
    sys.exit(main())
