"""Dropping reports from a store: by source file, by report IRI, or every report whose file is gone."""

from __future__ import annotations

from pathlib import Path

from .layout import check_store, collect_entities, forget, open_database, writer_lock
from .cache import new_generation
from .load import recover
from .manifest import read_manifest


def drop_from_store(directory: Path, targets: list[str], missing: bool = False) -> tuple[list[str], list[str]]:
    """Drop the reports named by ``targets`` (file paths or report IRIs) and, with ``missing``, those
    whose source file no longer exists. Returns (dropped report IRIs, targets not in the store)."""
    check_store(directory)
    with writer_lock(directory):
        store = open_database(directory, write=True)
        new_generation(directory)
        recover(store, directory)
        manifest = read_manifest(store)
        chosen: dict[str, None] = {}
        unknown = []
        for t in targets:
            iri = t if t in manifest.path_of_iri else manifest.iri_of_path.get(str(Path(t).resolve()))
            if iri:
                chosen[iri] = None
            else:
                unknown.append(t)
        if missing:
            chosen.update((iri, None) for iri, path in manifest.path_of_iri.items() if not Path(path).exists())
        for iri in chosen:
            store.update(" ;\n".join(forget(iri)))
        if chosen:
            collect_entities(store)
        store.flush()
        new_generation(directory)
    return list(chosen), unknown
