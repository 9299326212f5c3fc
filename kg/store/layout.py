"""A store directory: the Oxigraph (RocksDB) database, a marker saying which format it has, and a
lock so that only one build writes at a time.

    DIR/fazhi-store.json   {"format": 1, "pipeline_version": "…"}
    DIR/oxigraph/          the pyoxigraph database: one named graph per report, the ontology, the manifest
    DIR/.lock              held (flock) by the one process writing
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

FORMAT = 1
MARKER = "fazhi-store.json"
DATABASE = "oxigraph"
ONTOLOGY_GRAPH = "https://w3id.org/fazhi-kg/ontology"
MANIFEST_GRAPH = "https://w3id.org/fazhi-kg/id/store/manifest"
#: The RDF merge of the report graphs and the ontology, kept up to date by every write. Queries use it
#: as their default graph: Oxigraph 0.5's union default graph counts a triple once per graph holding
#: it (oxigraph/oxigraph#1919), which would inflate COUNT and repeat rows.
UNION_GRAPH = "https://w3id.org/fazhi-kg/id/store/union"


def forget(graph: str) -> list[str]:
    """Update operations that remove ``graph`` and take out of the union graph the triples no other
    graph holds."""
    return [
        f"DELETE {{ GRAPH <{UNION_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != <{UNION_GRAPH}> && ?g != <{graph}>) }} }}",
        f"DROP SILENT GRAPH <{graph}>",
    ]


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
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "another process"
            raise StoreError(f"{directory}: another fazhi command is writing to this store (pid {holder}); "
                             "wait for it to finish and run again") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def open_database(directory: Path, write: bool) -> Any:
    """The pyoxigraph Store of ``directory`` (read-only unless ``write``)."""
    import pyoxigraph

    path = str(directory / DATABASE)
    try:
        return pyoxigraph.Store(path) if write else pyoxigraph.Store.read_only(path)
    except OSError as exc:
        raise StoreError(f"{directory}: cannot open the database: {exc}") from None
