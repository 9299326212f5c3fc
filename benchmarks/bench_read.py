"""Speed of reading: read → normalise → structure, then metadata, over a synthetic corpus.

Usage: ``python benchmarks/bench_read.py [--n 1000] [--seed 1] [--corpus DIR] [--profile N]``

All files are read in one process pinned to one core. Generating the corpus and the one-time
warm-up (imports, loading OpenCC, cpca, charset-normalizer, trafilatura and the ontology: one
UTF-8, one otherwise encoded and one HTML file are read first) are not timed.
Target: at least 200 reports/s per core for read + normalise + structure.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

from _common import (add_corpus_args, corpus, corpus_dir, kind_of, maybe_profile, pin_one_core,
                     print_failures, rate, warm_up_files)

TARGET = 200.0  # reports/s per core


def warm_up(files: list[Path]) -> float:
    """Load what loads once, then read one file of each kind; returns the seconds spent."""
    from kg.concepts import report_parts
    from kg.errors import InputError
    from kg.normalise import normalise
    from kg.report import read_report

    t0 = time.perf_counter()
    normalise("進一步規範行政執法行為")  # OpenCC loads its dictionaries on the first traditional text
    report_parts()  # the ontology, parsed once per process
    for f in warm_up_files(files):
        try:
            read_report(f)
        except InputError:
            pass
    return time.perf_counter() - t0


def run(files: list[Path], manifest: dict[str, dict], profile: int = 0) -> int:
    """Time the stages over ``files`` and print the figures; returns the exit status."""
    from kg.errors import InputError
    from kg.metadata import extract_metadata
    from kg.normalise import normalise
    from kg.read import read_source
    from kg.report import _check_is_report  # the reader's is-this-a-report check
    from kg.structure import structure

    stages = ("read", "normalise", "check", "structure")
    spent = dict.fromkeys(stages, 0.0)
    by_kind: dict[str, list[float]] = defaultdict(list)
    failures: list[tuple[Path, str]] = []
    slowest: list[tuple[float, str]] = []
    metas = []  # (file, Metadata): small, unlike the documents, which are not kept
    meta_failures: list[tuple[Path, str]] = []
    meta_time = 0.0
    size = sum(f.stat().st_size for f in files)
    clock = time.perf_counter

    with maybe_profile(profile):
        t_start = clock()
        for f in files:
            t0 = clock()
            stage = "read"
            try:
                source = read_source(f)
                t1 = clock()
                stage = "normalise"
                norm = normalise(source.text, source.offsets)
                t2 = clock()
                stage = "check"
                _check_is_report(f, norm.text)
                t3 = clock()
                stage = "structure"
                doc = structure(norm.text)
                t4 = clock()
            except InputError as exc:
                spent[stage] += clock() - t0
                failures.append((f, exc.reason))
                continue
            except Exception as exc:  # a bug, not bad input: count it and go on
                spent[stage] += clock() - t0
                failures.append((f, f"{stage} crashed: {type(exc).__name__}: {exc}"))
                continue
            spent["read"] += t1 - t0
            spent["normalise"] += t2 - t1
            spent["check"] += t3 - t2
            spent["structure"] += t4 - t3
            by_kind[kind_of(f, manifest)].append(t4 - t0)
            slowest.append((t4 - t0, f.name))
            # Metadata is timed on its own and kept out of the reading figures.
            try:
                metas.append((f, extract_metadata(doc)))
            except Exception as exc:
                meta_failures.append((f, f"metadata crashed: {type(exc).__name__}: {exc}"))
            meta_time += clock() - t4
        wall = clock() - t_start - meta_time

    total = sum(spent.values())
    n = len(files)
    print(f"reports:   {n} ({size / 1e6:.2f} MB)")
    print(f"failures:  {len(failures)}")
    print_failures(failures)
    print(f"total:     {wall:.2f} s  (sum of stages {total:.2f} s)")
    print(f"speed:     {rate(n, wall)} reports/s, {size / 1e6 / wall:.2f} MB/s, {1000 * wall / n:.2f} ms/report"
          f"  — target ≥ {TARGET:.0f} reports/s: {'met' if n / wall >= TARGET else 'NOT met'}")
    print("stages:")
    for s in stages:
        print(f"  {s:<10} {spent[s]:7.2f} s  {100 * spent[s] / total:5.1f} %  {1000 * spent[s] / n:7.2f} ms/report")
    print("by kind (read + normalise + check + structure, successful reports):")
    for kind in ("clean", "garbled", "html"):
        times = sorted(by_kind.get(kind, []))
        if times:
            mean = sum(times) / len(times)
            p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
            print(f"  {kind:<8} {len(times):5d}  mean {1000 * mean:7.2f} ms  p95 {1000 * p95:7.2f} ms  max {1000 * times[-1]:7.2f} ms"
                  f"  ({rate(1, mean)} reports/s)")
    print("slowest:   " + ", ".join(f"{name} {1000 * t:.1f} ms" for t, name in sorted(slowest, reverse=True)[:3]))

    done = len(metas) + len(meta_failures)
    print(f"metadata:  {done} reports in {meta_time:.2f} s, {rate(done, meta_time)} reports/s, "
          f"{1000 * meta_time / max(1, done):.2f} ms/report; failures {len(meta_failures)}")
    print_failures(meta_failures)
    if manifest:
        _agreement(metas, manifest)
    print(f"read+normalise+structure+metadata: {rate(n, wall + meta_time)} reports/s")
    return 0


def _agreement(metas: list, manifest: dict[str, dict]) -> None:
    """How often the metadata found in the text equals what the corpus put there (no sidecars)."""
    fields = {"issuer": 0, "year": 0, "date_signed": 0}
    counted = 0
    wrong: dict[str, list[str]] = {k: [] for k in fields}
    for f, meta in metas:
        row = manifest.get(f.name)
        if row is None:
            continue
        counted += 1
        expect = {"issuer": row["issuer"] if row.get("issuer_in_text", not row["anonymous"]) else None, "year": row["year"], "date_signed": row["date_signed"]}
        got = {"issuer": meta.issuer, "year": meta.year,
               "date_signed": meta.date_signed.isoformat() if meta.date_signed else None}
        for k in fields:
            if got[k] == expect[k]:
                fields[k] += 1
            else:
                wrong[k].append(f"{f.name}: {got[k]!r} for {expect[k]!r}")
    if not counted:
        return
    print("  agreement with the corpus manifest: " + ", ".join(f"{k} {v}/{counted}" for k, v in fields.items()))
    for k, items in wrong.items():
        for item in items[:3]:
            print(f"    {k} wrong: {item}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_corpus_args(ap)
    args = ap.parse_args(argv)
    note = pin_one_core(args.cpu)
    with corpus_dir(args) as (where, files, gen_seconds):
        if not files:
            print(f"no reports in {where}", file=sys.stderr)
            return 2
        print(f"corpus:    {where} ({len(files)} files, generated in {gen_seconds:.2f} s; not timed); {note}")
        print(f"warm-up:   {warm_up(files):.2f} s (not timed)")
        return run(files, corpus.read_manifest(where), args.profile)


if __name__ == "__main__":
    sys.exit(main())
