"""The store's manifest graph: for each report, the fingerprint and source path it was built from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..namespaces import FZ
from .layout import MANIFEST_GRAPH


@dataclass
class Manifest:
    fingerprint_of_path: dict[str, str] = field(default_factory=dict)
    iri_of_path: dict[str, str] = field(default_factory=dict)
    path_of_iri: dict[str, str] = field(default_factory=dict)


def read_manifest(store: Any) -> Manifest:
    m = Manifest()
    query = (f"SELECT ?r ?path ?fp WHERE {{ GRAPH <{MANIFEST_GRAPH}> {{ "
             f"?r <{FZ.sourcePath}> ?path ; <{FZ.buildFingerprint}> ?fp }} }}")
    for row in store.query(query):
        iri, path, fp = row["r"].value, row["path"].value, row["fp"].value
        m.fingerprint_of_path[path] = fp
        m.iri_of_path[path] = iri
        m.path_of_iri[iri] = path
    return m
