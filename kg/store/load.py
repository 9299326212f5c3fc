"""Building reports into a store, incrementally: an unchanged report is skipped, a changed one
replaces its named graph in one transaction, and extraction runs in worker processes.

Each report's graph and its manifest entry (fingerprint, source path) are written by one SPARQL
update, which Oxigraph applies atomically: a build killed at any moment leaves every report either
as it was or as it is now built.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from .. import PIPELINE_VERSION
from ..errors import InputError
from ..namespaces import FZ
from ..output import nt_line, nt_term
from .layout import (MANIFEST_GRAPH, MARKER, ONTOLOGY_GRAPH, UNION_GRAPH, check_store, forget, open_database,
                     write_marker, writer_lock)
from .manifest import Manifest, read_manifest


@dataclass
class StoreBuildResult:
    added: list[Path] = field(default_factory=list)
    replaced: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    failed: list[InputError] = field(default_factory=list)


@dataclass(frozen=True)
class _Extracted:
    path: Path
    fingerprint: str
    iri: str = ""
    ntriples: str = ""
    error: str = ""


def fingerprint(path: Path, overrides: dict[str, Any] | None) -> str:
    """What a report's graph depends on: the file, its metadata sidecar, metadata given on the
    command line, and the pipeline version."""
    from ..metadata import sidecar_path

    h = hashlib.sha256(PIPELINE_VERSION.encode())
    h.update(path.read_bytes())
    side = sidecar_path(path)
    if side is not None:
        h.update(side.read_bytes())
    h.update(json.dumps(overrides or {}, sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()


def _extract(job: tuple[Path, str, dict[str, Any] | None]) -> _Extracted:
    """Read and extract one report into N-Triples (runs in a worker process)."""
    from ..graph import report_node, report_triples
    from ..report import read_report

    path, fp, overrides = job
    try:
        report = read_report(path, overrides)
    except InputError as exc:
        return _Extracted(path, fp, error=exc.reason)
    lines = sorted(nt_line(s, p, o) for s, p, o in report_triples(report))
    return _Extracted(path, fp, str(report_node(report)), "".join(lines))


def _extracted(jobs: list[tuple[Path, str, dict[str, Any] | None]], workers: int) -> Iterator[_Extracted]:
    if workers == 1 or len(jobs) < 2:
        yield from map(_extract, jobs)
        return
    # At most a few reports wait for the (single) writer: pool.map would queue every result in memory.
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
        pending: deque[Future[_Extracted]] = deque()
        for job in jobs:
            pending.append(pool.submit(_extract, job))
            if len(pending) >= 4 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def build_into_store(files: list[Path], directory: Path, overrides: dict[str, Any] | None = None, jobs: int = 0,
                     progress: Callable[[Path], None] | None = None) -> StoreBuildResult:
    """Add or update the reports of ``files`` in the store at ``directory`` (created if missing)."""
    check_store(directory, create=True)
    result = StoreBuildResult()
    with writer_lock(directory):
        new = not (directory / MARKER).exists()
        store = open_database(directory, write=True)
        _load_ontology(store, refresh=new or _marker_version(directory) != PIPELINE_VERSION)
        write_marker(directory)
        manifest = read_manifest(store)
        todo = []
        for f in files:
            try:
                fp = fingerprint(f, overrides)
            except OSError as exc:
                result.failed.append(InputError(f, f"cannot read: {exc.strerror or exc}"))
                continue
            if manifest.fingerprint_of_path.get(_key(f)) == fp:
                result.skipped.append(f)
                if progress:
                    progress(f)
            else:
                todo.append((f, fp, overrides))
        claimed: dict[str, Path] = {}
        for ex in _extracted(todo, jobs or os.cpu_count() or 1):
            if progress:
                progress(ex.path)
            problem = ex.error or _collision(ex, manifest, claimed)
            if problem:
                result.failed.append(InputError(ex.path, problem))
                continue
            claimed[ex.iri] = ex.path
            old = manifest.iri_of_path.get(_key(ex.path))
            store.update(_replace(ex, old))
            (result.replaced if old or ex.iri in manifest.path_of_iri else result.added).append(ex.path)
        store.flush()
    return result


def _key(path: Path) -> str:
    return str(path.resolve())


def _collision(ex: _Extracted, manifest: Manifest, claimed: dict[str, Path]) -> str:
    """Why ``ex`` may not take its report IRI: another file of this run, or another file still on
    disk that the store holds, has the same issuer and year."""
    other = claimed.get(ex.iri)
    if other is None:
        held = manifest.path_of_iri.get(ex.iri)
        other = Path(held) if held and held != _key(ex.path) and Path(held).exists() else None
    if other is None:
        return ""
    return f"same issuer and year as {other} (<{ex.iri}>); give the right metadata in {ex.path.name}.meta.json"


def _replace(ex: _Extracted, old_iri: str | None) -> str:
    """One SPARQL update: drop the report's old graph (and the one this file used to make, if its
    IRI changed), insert the new one, and record it in the manifest."""
    manifest = f"<{MANIFEST_GRAPH}>"
    ops = []
    for iri in dict.fromkeys(i for i in (ex.iri, old_iri) if i):
        ops += forget(iri)
        ops.append(f"DELETE WHERE {{ GRAPH {manifest} {{ <{iri}> ?p ?o }} }}")
    entry = (f"<{ex.iri}> {nt_term(FZ.buildFingerprint)} \"{ex.fingerprint}\" ; "
             f"{nt_term(FZ.sourcePath)} {json.dumps(_key(ex.path), ensure_ascii=False)} .")
    ops.append(f"INSERT DATA {{ GRAPH <{ex.iri}> {{\n{ex.ntriples}}}\nGRAPH <{UNION_GRAPH}> {{\n{ex.ntriples}}}\n"
               f"GRAPH {manifest} {{ {entry} }} }}")
    return " ;\n".join(ops)


def _marker_version(directory: Path) -> str | None:
    try:
        return json.loads((directory / MARKER).read_text(encoding="utf-8")).get("pipeline_version")
    except (OSError, ValueError):
        return None


def _load_ontology(store: Any, refresh: bool) -> None:
    """The ontology as a named graph of the store, so stored queries find concept labels."""
    import pyoxigraph

    graph = pyoxigraph.NamedNode(ONTOLOGY_GRAPH)
    if not refresh and store.contains_named_graph(graph):
        return
    from ..resources import ontology

    body = "".join(nt_line(s, p, o) for s, p, o in ontology())
    store.update(" ;\n".join(forget(ONTOLOGY_GRAPH))
                 + f" ;\nINSERT DATA {{ GRAPH <{ONTOLOGY_GRAPH}> {{\n{body}}}\nGRAPH <{UNION_GRAPH}> {{\n{body}}} }}")
