"""Speed of the whole pipeline: ``kg.build.build(files)`` (read → RDF graphs), then writing them.

Usage: ``python benchmarks/bench_build.py [--n 1000] [--seed 1] [--corpus DIR] [--profile N] [--split]``

One process pinned to one core. Generating the corpus and the warm-up (imports, OpenCC, cpca,
charset-normalizer, trafilatura, the ontology: one UTF-8, one otherwise encoded and one HTML file
built first) are not timed. The built graphs are then written once as N-Quads and once as sorted
Turtle (``kg.build.write_graphs``). ``--split`` adds a second pass that times reading
(``read_report``) and making the statements (``report_statements``, as the store's workers do) apart.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from _common import add_corpus_args, corpus_dir, maybe_profile, pin_one_core, print_failures, rate, warm_up_files


def warm_up(files: list[Path]) -> float:
    """Build one file of each kind (UTF-8, otherwise encoded, HTML); returns the seconds spent."""
    from kg.build import build
    from kg.normalise import normalise

    t0 = time.perf_counter()
    normalise("進一步規範行政執法行為")  # OpenCC loads its dictionaries on the first traditional text
    build(warm_up_files(files))
    return time.perf_counter() - t0


def run(files: list[Path], profile: int = 0, split: bool = False) -> int:
    """Time ``build`` and ``write_graphs`` (N-Quads and sorted Turtle) over ``files``."""
    from kg.build import build, write_graphs

    n = len(files)
    size = sum(f.stat().st_size for f in files)
    clock = time.perf_counter
    marks: list[float] = []
    with maybe_profile(profile):
        t0, c0 = clock(), time.process_time()
        result = build(files, progress=lambda _f: marks.append(clock()))
        build_s, cpu_s = clock() - t0, time.process_time() - c0
    built = len(result.built)
    triples = sum(b.triples for b in result.built)
    print(f"reports:   {n} ({size / 1e6:.2f} MB)")
    print(f"built:     {built}   failures: {len(result.failed)}")
    print_failures([(e.path, e.reason) for e in result.failed])
    print(f"build:     {build_s:.2f} s, {rate(n, build_s)} reports/s, {1000 * build_s / n:.2f} ms/report, "
          f"{size / 1e6 / build_s:.2f} MB/s")
    # CPU time of this process: what one core does, not inflated by other load on the machine.
    print(f"build cpu: {cpu_s:.2f} s, {rate(n, cpu_s)} reports/s per core, {1000 * cpu_s / n:.2f} ms/report")
    _by_position(marks, t0 + build_s)
    print(f"triples:   {triples:,} in {built} named graphs ({triples / max(1, built):,.0f} per report), "
          f"{rate(triples, build_s)} triples/s")

    with tempfile.TemporaryDirectory(prefix="fazhi-bench-out-") as tmp:
        for name in ("graph.nq", "graph.ttl"):
            out = Path(tmp) / name
            with maybe_profile(profile):
                t0 = clock()
                write_graphs(result, out)
                write_s = clock() - t0
            mb = out.stat().st_size / 1e6
            print(f"write {out.suffix:4s} {write_s:.2f} s for {mb:.1f} MB ({rate(triples, write_s)} triples/s)")

    if split:
        del result
        _split(files)
    return 0


def _by_position(marks: list[float], end: float) -> None:
    """ms/report in each tenth of the run: a rise means the cost per report grows with the dataset."""
    # build calls progress after reading a report and before adding its graph
    stamps = marks[1:] + [end]
    if len(stamps) < 20:
        return
    tenth = len(stamps) // 10
    means = []
    for k in range(10):
        a = stamps[k * tenth - 1] if k else marks[0]
        b = stamps[(k + 1) * tenth - 1]
        means.append(1000 * (b - a) / tenth)
    print("by tenth:  " + " ".join(f"{m:.0f}" for m in means) + " ms/report")


def _split(files: list[Path]) -> None:
    """Second pass: reading and making the statements timed apart (each report's statements made, then dropped)."""
    from kg import graph
    from kg.errors import InputError
    from kg.report import read_report

    make = graph.report_statements

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
        make(rep)
        t2 = clock()
        read_s += t1 - t0
        graph_s += t2 - t1
        ok += 1
    print(f"split:     read_report {read_s:.2f} s ({1000 * read_s / len(files):.2f} ms/report), "
          f"{make.__name__} {graph_s:.2f} s ({1000 * graph_s / max(1, ok):.2f} ms/report)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_corpus_args(ap)
    ap.add_argument("--split", action="store_true", help="also time read_report and report_triples apart")
    args = ap.parse_args(argv)
    note = pin_one_core(args.cpu)
    with corpus_dir(args) as (where, files, gen_seconds):
        if not files:
            print(f"no reports in {where}", file=sys.stderr)
            return 2
        print(f"corpus:    {where} ({len(files)} files, generated in {gen_seconds:.2f} s; not timed); {note}")
        print(f"warm-up:   {warm_up(files):.2f} s (not timed)")
        return run(files, args.profile, args.split)


if __name__ == "__main__":
    sys.exit(main())
