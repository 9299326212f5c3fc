"""Building reports into a store, incrementally: an unchanged report is skipped, a changed one
replaces its named graph in one transaction, and extraction runs in worker processes.

New reports are written in batches by Oxigraph's bulk loader (several times faster than a
transaction), under a commit record: the batch's report IRIs go to ``fazhi-pending.json`` before the
load and the file is removed once it is complete. A build killed meanwhile leaves the file, and the
next command that writes drops those reports again, while reading commands refuse the store until
then. A changed report is replaced, with its manifest entry, by one SPARQL update, which Oxigraph
applies atomically. Either way a killed build leaves every report as it was or as it is now built.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import threading
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from rdflib import Literal

from .. import PIPELINE_VERSION
from ..errors import InputError
from ..namespaces import FZ
from ..output import nt_line, nt_term, write_atomic
from .layout import (ENTITY_GRAPH, MANIFEST_GRAPH, MARKER, ONTOLOGY_GRAPH, PENDING, built_by, check_store,
                     collect_entities, forget, open_database, write_marker, writer_lock)
from .allocator import keep_freed_memory
from .cache import new_generation
from .manifest import Manifest, read_manifest

if TYPE_CHECKING:
    from ..graph.terms import Statement

#: New reports written per bulk load: of 16 to 1,000, 48 loaded fastest; a killed build loses at most one batch.
BATCH_REPORTS = 48


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
    # N-Quads as UTF-8: the loader reads bytes, and they cross from the worker without decoding.
    own: bytes = b""  # in the report's graph
    shared: bytes = b""  # in the entities graph
    known: str = ""  # N-Triples of the report that the ontology's graph already holds
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
    """Read and extract one report into N-Quads, its own triples apart from the shared ones (runs in
    a worker process)."""
    from ..graph import report_node, report_statements
    from ..report import read_report

    path, fp, overrides = job
    keep_freed_memory()
    try:
        report = read_report(path, overrides)
    except InputError as exc:
        return _Extracted(path, fp, error=exc.reason)
    rep = str(report_node(report))
    own, shared, known = report_quads(rep, report_statements(report))
    return _Extracted(path, fp, rep, own.encode(), shared.encode(), known)


def report_quads(rep: str, statements: Iterable[Statement]) -> tuple[str, str, str]:
    """One report's statements as N-Quads: those about the report, its source file and the nodes
    under its IRI in the report's graph, the rest (shared entities) in the entities graph, less what
    the ontology's graph already holds (a query over the union would see it twice); that last part
    is returned as N-Triples, for the manifest to keep."""
    statements = list(statements)
    me, source_file = f"<{rep}>", nt_term(FZ.sourceFile)
    owners = {me} | {o for s, p, o in statements if p == source_file and s == me}
    prefix = f"<{rep}/"
    in_report, in_entities = f" {me} .\n", f" <{ENTITY_GRAPH}> .\n"
    known = _ontology_lines()
    own, shared, held = [], [], []
    for s, p, o in statements:
        if s in owners or s.startswith(prefix):
            own.append(f"{s} {p} {o}{in_report}")
        elif (whole := f"{s} {p} {o} .\n") not in known:
            shared.append(f"{s} {p} {o}{in_entities}")
        else:
            held.append(whole)
    return "".join(own), "".join(shared), "".join(held)


@cache
def _ontology_lines() -> frozenset[str]:
    """The ontology's triples: a report's graph does not repeat them in the entities graph."""
    from ..resources import ontology

    return frozenset(nt_line(s, p, o) for s, p, o in ontology())


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
                     progress: Callable[[Path], None] | None = None, batch_size: int = BATCH_REPORTS,
                     compact: bool = False) -> StoreBuildResult:
    """Add or update the reports of ``files`` in the store at ``directory`` (created if missing);
    new reports are written ``batch_size`` at a time. With ``compact`` the database is compacted
    afterwards: each bulk load leaves files of its own that every later read looks through, and on
    10,000 reports compaction (about 4 minutes) made most stored queries about twice as fast.
    The process (and its workers) keep freed memory for the next batch (``allocator``)."""
    check_store(directory, create=True)
    result = StoreBuildResult()
    keep_freed_memory()
    with writer_lock(directory):
        new = not (directory / MARKER).exists()
        store = open_database(directory, write=True)
        new_generation(directory)  # the store may change from here on: answers kept so far go
        recover(store, directory)
        _load_ontology(store, refresh=new or built_by(directory) != PIPELINE_VERSION)
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
        batch: list[_Extracted] = []
        loaded: set[bytes] = set()
        with _Writer() as writer:
            for ex in _extracted(todo, jobs or os.cpu_count() or 1):
                if progress:
                    progress(ex.path)
                problem = ex.error or _collision(ex, manifest, claimed)
                if problem:
                    result.failed.append(InputError(ex.path, problem))
                    continue
                claimed[ex.iri] = ex.path
                old = manifest.iri_of_path.get(_key(ex.path))
                if old or ex.iri in manifest.path_of_iri:
                    writer.submit(store.update, _replace(ex, old))
                    result.replaced.append(ex.path)
                    continue
                batch.append(ex)
                result.added.append(ex.path)
                if len(batch) >= batch_size:
                    writer.submit(_bulk_write, store, directory, batch, loaded)
                    batch = []
            if batch:
                writer.submit(_bulk_write, store, directory, batch, loaded)
        if result.replaced:
            collect_entities(store)
        store.flush()
        if compact:
            store.optimize()
        new_generation(directory)
    return result


class _Writer:
    """Runs the store's writes in order on a thread of their own: Oxigraph releases the GIL while it
    loads, so the next reports arrive from the workers meanwhile. At most one write waits; an error
    in a write is raised in the building thread at its next submit or at the end."""

    def __init__(self) -> None:
        self._tasks: queue.Queue[tuple[Callable[..., Any], tuple[Any, ...]] | None] = queue.Queue(maxsize=1)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="fazhi-store-writer", daemon=True)

    def __enter__(self) -> "_Writer":
        self._thread.start()
        return self

    def submit(self, write: Callable[..., Any], *args: Any) -> None:
        self._raise()
        self._tasks.put((write, args))

    def __exit__(self, *exc: object) -> None:
        # Also on an error or Ctrl-C in the building thread: the write under way completes (a
        # bulk load commits its batch), the ones waiting are not started.
        if exc[0] is not None:
            self._drain()
        self._tasks.put(None)
        self._thread.join()
        if exc[0] is None:
            self._raise()

    def _run(self) -> None:
        while (task := self._tasks.get()) is not None:
            if self._error is None:
                try:
                    task[0](*task[1])
                except BaseException as exc:  # handed to the building thread
                    self._error = exc

    def _drain(self) -> None:
        try:
            while True:
                self._tasks.get_nowait()
        except queue.Empty:
            pass

    def _raise(self) -> None:
        error, self._error = self._error, None
        if error is not None:
            try:
                raise error
            finally:  # no cycle through the traceback: the store it names must close when dropped
                del error


def recover(store: Any, directory: Path) -> None:
    """Drop the reports of a batch a killed build left half-written (call under the writer lock)."""
    pending = directory / PENDING
    try:
        iris = json.loads(pending.read_text(encoding="utf-8"))["reports"]
    except FileNotFoundError:
        return
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(pending, f"unreadable record of an interrupted build ({exc}); "
                         "move the store away and build it again") from None
    for i in range(0, len(iris), 100):
        store.update(" ;\n".join(op for iri in iris[i:i + 100] for op in forget(iri)))
    collect_entities(store)
    store.flush()
    pending.unlink()


def _bulk_write(store: Any, directory: Path, batch: list[_Extracted], loaded: set[bytes]) -> None:
    """Write new reports, their entities and manifest entries with the bulk loader, under the
    commit record. ``loaded`` holds the entity statements of the batches already whole: most
    reports name the same bureaus, divisions and documents, and the loader would index each again."""
    import pyoxigraph as ox

    write_atomic(directory / PENDING, json.dumps({"reports": [ex.iri for ex in batch]}).encode("utf-8"))
    chunks, fresh = [], set()
    for ex in batch:
        chunks.append(ex.own)
        for line in ex.shared.splitlines(keepends=True):
            if line not in loaded and line not in fresh:
                fresh.add(line)
                chunks.append(line)
        chunks.append(_manifest_entry(ex).encode("utf-8"))
    store.bulk_load(b"".join(chunks), format=ox.RdfFormat.N_QUADS, lenient=True)
    _commit(directory)
    loaded.update(fresh)


def _commit(directory: Path) -> None:
    """The batch is whole: remove its record."""
    (directory / PENDING).unlink()


def _manifest_entry(ex: _Extracted) -> str:
    graph = f"<{MANIFEST_GRAPH}>"
    entry = (f"<{ex.iri}> {nt_term(FZ.buildFingerprint)} \"{ex.fingerprint}\" {graph} .\n"
             f"<{ex.iri}> {nt_term(FZ.sourcePath)} {json.dumps(_key(ex.path), ensure_ascii=False)} {graph} .\n")
    if ex.known:  # kept as one literal: as triples they would be in the union twice
        entry += f"<{ex.iri}> {nt_term(FZ.ontologyStatements)} {nt_term(Literal(ex.known))} {graph} .\n"
    return entry


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
    IRI changed) with their manifest entries, insert the new one, its entities and manifest entry."""
    ops = [op for iri in dict.fromkeys(i for i in (ex.iri, old_iri) if i) for op in forget(iri)]
    body = "".join(_triple(line) for line in ex.own.decode("utf-8").splitlines(keepends=True))
    shared = "".join(_triple(line) for line in ex.shared.decode("utf-8").splitlines(keepends=True))
    entry = "".join(_triple(line) for line in _manifest_entry(ex).splitlines(keepends=True))
    ops.append(f"INSERT DATA {{ GRAPH <{ex.iri}> {{\n{body}}}\nGRAPH <{ENTITY_GRAPH}> {{\n{shared}}}\n"
               f"GRAPH <{MANIFEST_GRAPH}> {{\n{entry}}} }}")
    return " ;\n".join(ops)


def _triple(quad_line: str) -> str:
    """An N-Quads line as an N-Triples line (the graph name is the last term; IRIs hold no spaces)."""
    return quad_line.rsplit(" ", 2)[0] + " .\n"


def _load_ontology(store: Any, refresh: bool) -> None:
    """The ontology as a named graph of the store, so stored queries find concept labels."""
    import pyoxigraph

    graph = pyoxigraph.NamedNode(ONTOLOGY_GRAPH)
    if not refresh and store.contains_named_graph(graph):
        return
    from ..resources import ontology

    body = "".join(nt_line(s, p, o) for s, p, o in ontology())
    store.update(f"DROP SILENT GRAPH <{ONTOLOGY_GRAPH}> ;\nINSERT DATA {{ GRAPH <{ONTOLOGY_GRAPH}> {{\n{body}}} }}")
