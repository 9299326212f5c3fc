"""The package's data: ontology, shapes and stored queries, read only through importlib.resources."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from rdflib import Graph

from .errors import QueryError
from .namespaces import PREFIXES


def _bind(g: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


@cache
def ontology() -> Graph:
    """The ontology and its concept schemes (parsed once per process)."""
    g = _bind(Graph())
    for res in sorted(files("kg.ontology").iterdir(), key=lambda r: r.name):
        if res.name.endswith(".ttl"):
            g.parse(data=res.read_text(encoding="utf-8"), format="turtle")
    return g


#: The published JSON-LD context, in the ontology folder.
JSONLD_CONTEXT = "context.jsonld"


@cache
def _jsonld_context_text() -> str:
    return files("kg.ontology").joinpath(JSONLD_CONTEXT).read_text(encoding="utf-8")


def jsonld_context() -> dict[str, Any]:
    """The ``@context`` object of the published JSON-LD context (a fresh copy: callers may change it)."""
    context: dict[str, Any] = json.loads(_jsonld_context_text())["@context"]
    return context


#: The shapes that check the pipeline's own output, not what a report shows.
INTEGRITY_SHAPES = "graph-integrity.ttl"


@cache
def shapes() -> Graph:
    """The compliance shapes: what binding rules require a report to show (parsed once per process)."""
    g = _bind(Graph())
    for res in sorted(files("kg.shapes").iterdir(), key=lambda r: r.name):
        if res.name.endswith(".ttl") and res.name != INTEGRITY_SHAPES:
            g.parse(data=res.read_text(encoding="utf-8"), format="turtle")
    return g


@cache
def integrity_shapes() -> Graph:
    """The shapes every graph the pipeline writes must meet (a failure is a defect of Fazhi KG)."""
    text = files("kg.shapes").joinpath(INTEGRITY_SHAPES).read_text(encoding="utf-8")
    return _bind(Graph()).parse(data=text, format="turtle")


def query_names() -> list[str]:
    """Names of the stored queries (file names without ``.rq``)."""
    return sorted(r.name[:-3] for r in files("kg.queries").iterdir() if r.name.endswith(".rq"))


def query_text(name: str) -> str:
    """The SPARQL text of the stored query ``name``."""
    res = files("kg.queries").joinpath(f"{name}.rq")
    if not res.is_file():
        raise QueryError(f"unknown query {name!r}; stored queries: {', '.join(query_names())}")
    return res.read_text(encoding="utf-8")


def query_description(name: str) -> str:
    """The leading comment of a stored query: its question, parameters and columns."""
    lines = []
    for line in query_text(name).splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("# ").rstrip())
    return "\n".join(lines)
