"""Speed of the whole pipeline: ``kg.build.build(files)`` (read → RDF dataset), then Turtle output.

Usage: ``python benchmarks/bench_build.py [--n 1000] [--seed 1] [--corpus DIR] [--profile N] [--split]``

One process pinned to one core. Generating the corpus and the warm-up (imports, OpenCC, cpca,
trafilatura, the ontology: one plain and one HTML file built first) are not timed. ``--split``
adds a second pass that times reading (``read_report``) and graph making (``report_graph``) apart.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from _common import add_corpus_args, corpus_dir, maybe_profile, pin_one_core, print_failures, rate


def warm_up(files: list[Path]) -> float:
    """Build one plain and one HTML file; returns the seconds spent."""
    from kg.build import build

    t0 = time.perf_counter()
    sample = [f for f in (next((f for f in files if f.suffix == s), None) for s in (".txt", ".html")) if f]
    build(sample)
    return time.perf_counter() - t0


def run(files: list[Path], profile: int = 0, split: bool = False) -> int:
    """Time ``build`` and ``write_dataset`` over ``files`` and print the figures."""
    from kg.build import build, write_dataset

    n = len(files)
    size = sum(f.stat().st_size for f in files)
    clock = time.perf_counter
    with maybe_profile(profile):
        t0 = clock()
        result = build(files)
        build_s = clock() - t0
    built = len(result.built)
    triples = sum(b.triples for b in result.built)
    print(f"reports:   {n} ({size / 1e6:.2f} MB)")
    print(f"built:     {built}   failures: {len(result.failed)}")
    print_failures([(e.path, e.reason) for e in result.failed])
    print(f"build:     {build_s:.2f} s, {rate(n, build_s)} reports/s, {1000 * build_s / n:.2f} ms/report, "
          f"{size / 1e6 / build_s:.2f} MB/s")
    print(f"triples:   {triples:,} in {built} named graphs ({triples / max(1, built):,.0f} per report), "
          f"{rate(triples, build_s)} triples/s")

    with tempfile.TemporaryDirectory(prefix="fazhi-bench-ttl-") as tmp:
        out = Path(tmp) / "graph.ttl"
        with maybe_profile(profile):
            t0 = clock()
            write_dataset(result.dataset, out)
            write_s = clock() - t0
        mb = out.stat().st_size / 1e6
    print(f"turtle:    {write_s:.2f} s for {mb:.1f} MB ({rate(triples, write_s)} triples/s)")
    print(f"total:     {build_s + write_s:.2f} s, {rate(n, build_s + write_s)} reports/s build + write")

    if split:
        del result
        _split(files)
    return 0


def _split(files: list[Path]) -> None:
    """Second pass: reading and graph making timed apart (each report's graph made, then dropped)."""
    from kg.errors import InputError
    from kg.graph import report_graph
    from kg.report import read_report

    clock = time.perf_counter
    read_s = graph_s = 0.0
    ok = 0
    for f in files:
        t0 = clock()
        try:
            rep = read_report(f)
        except InputError:
            read_s += clock() - t0
            continue
        t1 = clock()
        report_graph(rep)
        t2 = clock()
        read_s += t1 - t0
        graph_s += t2 - t1
        ok += 1
    print(f"split:     read_report {read_s:.2f} s ({1000 * read_s / len(files):.2f} ms/report), "
          f"report_graph {graph_s:.2f} s ({1000 * graph_s / max(1, ok):.2f} ms/report); "
          "the rest of build is copying triples into the dataset")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_corpus_args(ap)
    ap.add_argument("--split", action="store_true", help="also time read_report and report_graph apart")
    args = ap.parse_args(argv)
    note = pin_one_core()
    with corpus_dir(args) as (where, files, gen_seconds):
        if not files:
            print(f"no reports in {where}", file=sys.stderr)
            return 2
        print(f"corpus:    {where} ({len(files)} files, generated in {gen_seconds:.2f} s; not timed); {note}")
        print(f"warm-up:   {warm_up(files):.2f} s (not timed)")
        return run(files, args.profile, args.split)


if __name__ == "__main__":
    sys.exit(main())
