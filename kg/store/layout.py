"""A store directory: the Oxigraph (RocksDB) database, a marker saying which format it has, and a
lock so that only one build writes at a time.

    DIR/fazhi-store.json     {"format": 2, "pipeline_version": "…"}
    DIR/oxigraph/            the pyoxigraph database: one named graph per report, the shared entities,
                             the ontology, the manifest
    DIR/fazhi-pending.json   present only while a batch of new reports is being written
    DIR/.lock                held (flock) by the one process writing

Every triple is in exactly one graph: a report's graph holds what only that report says (the report,
its file, sections, sentences and facts); the entities graph holds what reports share (bureaus,
divisions, documents, people, units), written once however many reports name them. So the union of
the graphs, which queries use as their default graph, counts each triple once.
"""

from __future__ import annotations

import fcntl
import json
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from .. import PIPELINE_VERSION
from ..output import write_atomic

FORMAT = 3
MARKER = "fazhi-store.json"
PENDING = "fazhi-pending.json"
DATABASE = "oxigraph"
ONTOLOGY_GRAPH = "https://w3id.org/fazhi-kg/ontology"
MANIFEST_GRAPH = "https://w3id.org/fazhi-kg/id/store/manifest"
ENTITY_GRAPH = "https://w3id.org/fazhi-kg/id/store/entities"
#: Graphs of the store that are not reports.
SYSTEM_GRAPHS = frozenset({ONTOLOGY_GRAPH, MANIFEST_GRAPH, ENTITY_GRAPH})


def forget(graph: str) -> list[str]:
    """Update operations that remove report ``graph`` and its manifest entry (the shared entities
    it named stay: other reports may name them too)."""
    return [f"DROP SILENT GRAPH <{graph}>", f"DELETE WHERE {{ GRAPH <{MANIFEST_GRAPH}> {{ <{graph}> ?p ?o }} }}"]


def collect_entities(store: Any) -> None:
    """Remove the shared entities no report names any more (after reports were dropped or replaced);
    a bureau's division goes once the bureau has gone, so this repeats until nothing changes. What
    the ontology says about an entity stays in the ontology's graph."""
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ ?s ?p ?o }} }}"
    sweep = (f"DELETE {{ GRAPH <{ENTITY_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ ?s ?p ?o }} "
             f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?x ?y ?s }} FILTER (?g NOT IN ({', '.join(f'<{g}>' for g in sorted(SYSTEM_GRAPHS))})) }} "
             f"FILTER NOT EXISTS {{ GRAPH <{ENTITY_GRAPH}> {{ ?x ?y ?s }} FILTER (?x != ?s) }} }}")
    before = int(next(iter(store.query(count)))["n"].value)
    while before:
        store.update(sweep)
        after = int(next(iter(store.query(count)))["n"].value)
        if after == before:
            break
        before = after


class StoreError(Exception):
    """A store directory that cannot be used; ``str()`` names it and says what to do."""


def check_store(directory: Path, create: bool = False) -> None:
    """Raise StoreError unless ``directory`` is a store of this format (or, with ``create``, new)."""
    marker = directory / MARKER
    if not marker.exists():
        if create and (not directory.exists() or not any(directory.iterdir())):
            return
        raise StoreError(f"{directory}: not a Fazhi KG store (no {MARKER}); build one with "
                         f"fazhi build FILES --store {directory}" if directory.exists() else
                         f"{directory}: no such store; build one with fazhi build FILES --store {directory}")
    try:
        info = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(f"{directory}: unreadable {MARKER} ({exc})") from None
    if info.get("format") != FORMAT:
        raise StoreError(f"{directory}: store format {info.get('format')!r} was made by another version of "
                         f"Fazhi KG (this one uses format {FORMAT}); rebuild it: move it away and run "
                         f"fazhi build FILES --store {directory}")


def built_by(directory: Path) -> str | None:
    """The pipeline version that last built the store at ``directory`` (None for no store)."""
    try:
        return json.loads((directory / MARKER).read_text(encoding="utf-8")).get("pipeline_version")
    except (OSError, ValueError):
        return None


def write_marker(directory: Path) -> None:
    data = {"format": FORMAT, "pipeline_version": PIPELINE_VERSION}
    write_atomic(directory / MARKER, (json.dumps(data, indent=2) + "\n").encode("utf-8"))


@contextmanager
def writer_lock(directory: Path) -> Iterator[None]:
    """Hold the store's write lock; a second writer fails at once with a clear message."""
    directory.mkdir(parents=True, exist_ok=True)
    fd = os.open(directory / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if _shared_free(directory / ".lock"):  # only readers hold it: servers
                raise StoreError(f"{directory}: fazhi serve is serving this store, and Oxigraph cannot change a "
                                 "store another process has open; stop it (Ctrl-C) and run again") from None
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "another process"
            raise StoreError(f"{directory}: another fazhi command is writing to this store (pid {holder}); "
                             "wait for it to finish and run again") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _shared_free(lock: Path) -> bool:
    """Whether a shared lock on ``lock`` can be had (no writer holds it); taken and given back."""
    try:
        probe = os.open(lock, os.O_RDONLY)  # a file description of its own: flock locks belong to those
    except FileNotFoundError:
        return True
    try:
        fcntl.flock(probe, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(probe)


@contextmanager
def reader_lock(directory: Path) -> Iterator[None]:
    """Hold a shared lock on the store for as long as a server reads it: writers are refused
    meanwhile (Oxigraph cannot change files another process has open), other readers are not. A
    store whose lock file cannot be opened (read-only, and never built by this user) is not locked."""
    try:
        fd = os.open(directory / ".lock", os.O_RDONLY | os.O_CREAT, 0o644)
    except OSError:
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(f"{directory}: a fazhi command is writing to this store; "
                             "run again when it has finished") from None
        yield
    finally:
        os.close(fd)


def writer_active(directory: Path) -> bool:
    """Whether a process holds the store's write lock (probed with a shared lock, which writes nothing)."""
    return not _shared_free(directory / ".lock")


def open_database(directory: Path, write: bool) -> Any:
    """The pyoxigraph Store of ``directory`` (read-only unless ``write``)."""
    import pyoxigraph

    path = str(directory / DATABASE)
    try:
        return pyoxigraph.Store(path) if write else pyoxigraph.Store.read_only(path)
    except OSError as exc:
        raise StoreError(f"{directory}: cannot open the database: {exc}") from None
