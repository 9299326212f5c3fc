"""Building a graph from many files: every good file is built, every bad one reported.

Each report's graph is a set of triples while building (cheap to make and to merge); an rdflib
Dataset with one named graph per report is made only when asked for, and N-Quads / N-Triples
are written straight from the sets, sorted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from rdflib import Dataset, URIRef

from .errors import InputError
from .export import Quad, export_quads, format_for
from .graph import Triples, report_node, report_triples
from .namespaces import PREFIXES
from .read import REPORT_SUFFIXES
from .report import Report, read_report


@dataclass
class Built:
    """One report built: where it came from and its graph's name."""

    path: Path
    iri: URIRef
    report: Report
    triples: int


@dataclass
class BuildResult:
    graphs: dict[URIRef, Triples] = field(default_factory=dict)
    built: list[Built] = field(default_factory=list)
    failed: list[InputError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def quads(self) -> Iterator[Quad]:
        """Every triple with its report's graph name."""
        return ((s, p, o, iri) for iri, ts in self.graphs.items() for s, p, o in ts)

    @cached_property
    def dataset(self) -> Dataset:
        """The reports as an rdflib Dataset, one named graph per report."""
        ds = new_dataset()
        for iri in sorted(self.graphs):
            g = ds.graph(iri)
            ds.addN((s, p, o, g) for s, p, o in self.graphs[iri])
        return ds


def collect_files(inputs: Iterable[Path | str], suffixes: Iterable[str] = REPORT_SUFFIXES) -> list[Path]:
    """The files named by ``inputs``: files as given, folders searched recursively for ``suffixes``."""
    wanted = set(suffixes)
    files: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            files += sorted(
                f for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in wanted and not f.name.startswith(".")
            )
        else:
            files.append(p)
    seen: set[Path] = set()
    unique = []
    for f in files:
        if f.resolve() not in seen:
            seen.add(f.resolve())
            unique.append(f)
    return unique


def new_dataset() -> Dataset:
    ds = Dataset(default_union=True)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True)
    return ds


def iter_reports(files: list[Path], overrides: dict[str, Any] | None = None) -> Iterator[Report | InputError]:
    """Each file read as a report, or the error that stopped it."""
    for f in files:
        try:
            yield read_report(f, overrides)
        except InputError as exc:
            yield exc


def build(
    files: list[Path],
    overrides: dict[str, Any] | None = None,
    progress: Callable[[Path], None] | None = None,
) -> BuildResult:
    """Build one named graph per report of ``files``."""
    result = BuildResult()
    by_iri: dict[URIRef, Path] = {}
    for f, item in zip(files, iter_reports(files, overrides)):
        if progress:
            progress(f)
        if isinstance(item, InputError):
            result.failed.append(item)
            continue
        iri = report_node(item)
        if iri in by_iri:
            result.failed.append(InputError(f, f"same issuer and year as {by_iri[iri]} ({iri}); give the right metadata in {f.name}.meta.json"))
            continue
        by_iri[iri] = f
        triples = report_triples(item)
        result.graphs[iri] = triples
        result.built.append(Built(f, iri, item, len(triples)))
    return result


def write_graphs(result: BuildResult, out: Path) -> None:
    """Write the built graphs to ``out`` (format from the suffix: ``kg.export.SUFFIXES``),
    atomically: the old file stays until the new one is complete. Output is sorted, so two builds
    diff clean."""
    export_quads(result.quads(), out, format_for(out))
