"""Building a graph from many files: every good file is built, every bad one reported."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from rdflib import Dataset, URIRef

from .errors import InputError
from .graph import report_graph, report_node
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
    dataset: Dataset
    built: list[Built] = field(default_factory=list)
    failed: list[InputError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


def collect_files(inputs: Iterable[Path | str]) -> list[Path]:
    """The report files named by ``inputs``: files as given, folders searched recursively."""
    files: list[Path] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            files += sorted(
                f for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in REPORT_SUFFIXES and not f.name.startswith(".")
            )
        else:
            files.append(p)
    seen: set[Path] = set()
    return [f for f in files if not (f.resolve() in seen or seen.add(f.resolve()))]  # type: ignore[func-returns-value]


def new_dataset() -> Dataset:
    from .namespaces import PREFIXES

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
    """Build one named graph per report of ``files`` into a dataset."""
    result = BuildResult(new_dataset())
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
        g = report_graph(item)
        target = result.dataset.graph(iri)
        for t in g:
            target.add(t)
        result.built.append(Built(f, iri, item, len(g)))
    return result


FORMATS = {".ttl": "longturtle", ".trig": "trig", ".nq": "nquads", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld"}


def write_dataset(ds: Dataset, out: Path) -> None:
    """Write atomically: the old file stays until the new one is complete."""
    fmt = FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise ValueError(f"{out}: unknown output format (use {', '.join(FORMATS)})")
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            if fmt in ("trig", "nquads"):
                data = ds.serialize(format=fmt, encoding="utf-8")
            else:
                union = _union(ds)
                data = union.serialize(format=fmt, encoding="utf-8")
            if fmt == "nquads" or fmt == "nt":
                data = b"\n".join(sorted(line for line in data.splitlines() if line.strip())) + b"\n"
            fh.write(data)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _union(ds: Dataset):  # type: ignore[no-untyped-def]
    from .graph import new_graph

    g = new_graph()
    for t in ds.triples((None, None, None)):
        g.add(t)
    return g
