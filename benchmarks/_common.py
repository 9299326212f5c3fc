"""Helpers shared by the benchmark scripts: the corpus, one core, failure reasons, profiles."""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import sys
import tempfile
import time
import warnings
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402

# cpca imports pkg_resources, which warns; the warning is not the benchmark's business.
warnings.filterwarnings("ignore", message="pkg_resources is deprecated")


def add_corpus_args(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("--n", type=int, default=1000, help="reports to generate (default 1000)")
    ap.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    ap.add_argument("--corpus", type=Path, help="use the reports in DIR (generated there first if DIR is missing or empty)")
    ap.add_argument("--cpu", type=int, help="the CPU to pin the process to (default: one picked by process id)")
    ap.add_argument("--profile", type=int, metavar="N", default=0,
                    help="run the timed part under cProfile and print the top N functions by cumulative time")


@contextmanager
def corpus_dir(args: argparse.Namespace) -> Iterator[tuple[Path, list[Path], float]]:
    """The corpus folder, its report files and the seconds spent generating them."""
    t0 = time.perf_counter()
    if args.corpus is not None:
        d = args.corpus
        if not d.is_dir() or not any(d.iterdir()):
            corpus.generate(d, args.n, args.seed)
        yield d, corpus.corpus_files(d), time.perf_counter() - t0
        return
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-") as tmp:
        corpus.generate(tmp, args.n, args.seed)
        yield Path(tmp), corpus.corpus_files(tmp), time.perf_counter() - t0


def warm_up_files(files: list[Path]) -> list[Path]:
    """One file of each kind that loads something once: plain UTF-8, another encoding, HTML."""
    import codecs

    def detected(f: Path) -> bool:
        data = f.read_bytes()
        if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return False
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return True
        return False

    picks = [next((f for f in files if f.suffix == ".txt" and not detected(f)), None),
             next((f for f in files if f.suffix == ".txt" and detected(f)), None),
             next((f for f in files if f.suffix == ".html"), None)]
    return [f for f in picks if f is not None]


def pin_one_core(cpu: int | None = None) -> str:
    """Run on one CPU (where the OS lets us choose); returns a note for the report.

    Without ``cpu`` the CPU is picked by process id, so that two benchmarks started side by side
    are unlikely to share one.
    """
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity)"
    allowed = sorted(os.sched_getaffinity(0))
    if cpu is None:
        cpu = allowed[os.getpid() % len(allowed)]
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu} of {len(allowed)}"


def reason_key(reason: str) -> str:
    """A failure reason with its numbers blanked, so that like failures count together."""
    reason = re.sub(r"https?://\S+?(?=[)\s]|$)", "<IRI>", reason)
    reason = re.sub(r"\S*[/\\]\S*|[\w.-]+\.(?:txt|html?|json)\b", "<FILE>", reason)
    return re.sub(r"(?<![A-Za-z\d])\d+(?:\.\d+)?", "N", reason)


def print_failures(failures: list[tuple[Path, str]], indent: str = "  ") -> None:
    """Failures counted by reason, with one example file each."""
    counts = Counter(reason_key(r) for _, r in failures)
    example = {}
    for path, r in failures:
        example.setdefault(reason_key(r), path.name)
    for key, n in counts.most_common():
        print(f"{indent}{n:5d}  {key}  (e.g. {example[key]})")


def kind_of(path: Path, manifest: dict[str, dict]) -> str:
    """clean / garbled / html, from the manifest (or the file name)."""
    row = manifest.get(path.name)
    if path.suffix == ".html" or (row and row.get("html")):
        return "html"
    if row is not None:
        return "garbled" if row["garbles"] else "clean"
    return "clean" if "clean" in path.name else "garbled"


@contextmanager
def maybe_profile(top: int, sort: str = "cumulative") -> Iterator[None]:
    """Profile the block with cProfile when ``top`` > 0 and print the ``top`` hottest functions."""
    if top <= 0:
        yield
        return
    prof = cProfile.Profile()
    prof.enable()
    try:
        yield
    finally:
        prof.disable()
        out = io.StringIO()
        stats = pstats.Stats(prof, stream=out)
        stats.sort_stats(sort).print_stats(top)
        text = f"cProfile, top {top} by {sort} time (the figures printed under --profile include its overhead)\n" + out.getvalue()
        root = str(Path(sys.prefix))
        print(text.replace(root, "<venv>"))


def rate(n: float, seconds: float) -> str:
    return f"{n / seconds:,.1f}" if seconds > 0 else "inf"
