"""Stored SPARQL queries: loading graphs, binding parameters as RDF terms, formatting rows."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from pathlib import Path

from typing import Any

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.query import Result
from rdflib.term import Node

from .errors import QueryError
from .namespaces import PREFIXES
from .resources import ontology, query_text
from .tables import text_table

_COLUMNS = re.compile(r"^#\s*Columns:\s*(.+)$", re.M)
_PARAMS = re.compile(r"^#\s*Parameters:\s*(.+)$", re.M)
FORMATS = ("table", "csv", "json")
RDF_FORMATS = {".ttl": "turtle", ".trig": "trig", ".nq": "nquads", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld"}


#: The named graph that holds the ontology in a dataset of ``load_graphs``.
ONTOLOGY_GRAPH = URIRef("https://w3id.org/fazhi-kg/ontology")


def load_graphs(paths: list[Path], file_graphs: bool = True) -> Dataset:
    """The graphs in ``paths`` plus the ontology (graph ``ONTOLOGY_GRAPH``), queried as one union graph.

    A .trig/.nq file keeps its named graphs; another file's triples go into a graph named by the
    file's ``file:`` URI, or into the default graph when ``file_graphs`` is false."""
    ds = Dataset(default_union=True)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True)
    onto = ds.graph(ONTOLOGY_GRAPH)
    for t in ontology():
        onto.add(t)
    for p in paths:
        fmt = RDF_FORMATS.get(p.suffix.lower())
        if fmt is None:
            raise QueryError(f"{p}: unknown graph format (use {', '.join(RDF_FORMATS)})")
        try:
            if fmt in ("trig", "nquads"):
                ds.parse(p, format=fmt)
            elif not file_graphs:
                ds.graph(DATASET_DEFAULT_GRAPH_ID).parse(p, format=fmt)
            else:
                ds.graph(URIRef(p.resolve().as_uri())).parse(p, format=fmt)
        except Exception as exc:  # rdflib's parsers raise many kinds of errors for bad files
            raise QueryError(f"{p}: cannot load graph: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
    return ds


def query_columns(name: str) -> list[str]:
    m = _COLUMNS.search(query_text(name))
    return [c.strip() for c in m.group(1).split(",")] if m else []


def query_parameters(name: str) -> list[str]:
    """The parameters the query declares (``# Parameters: practice, report``), required or not."""
    return [p for p, _ in _declared_parameters(name)]


def required_parameters(name: str) -> list[str]:
    """The declared parameters not marked ``(optional)``: running the query without them is an error."""
    return [p for p, optional in _declared_parameters(name) if not optional]


def _declared_parameters(name: str) -> list[tuple[str, bool]]:
    m = _PARAMS.search(query_text(name))
    if not m or m.group(1).strip().lower().startswith("none"):
        return []
    return [(p.strip().split()[0].lstrip("?"), "(optional)" in p) for p in m.group(1).split(",")]


def masked(text: str) -> str:
    """SPARQL ``text`` with strings and IRIs as "___" and comments as spaces, each of the same
    length: braces, keywords and terms found in it are at the same places in ``text``."""
    bare = re.sub(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>',
                  lambda m: '"' + "_" * (len(m.group()) - 2) + '"', text)
    return re.sub(r"#[^\n]*", lambda m: " " * len(m.group()), bare)


def parse_term(value: str) -> Node:
    """A parameter value as an RDF term: <iri>, prefix:name, or a literal."""
    if value.startswith("<") and value.endswith(">"):
        return URIRef(value[1:-1])
    if re.match(r"^https?://", value):
        return URIRef(value)
    prefix, _, local = value.partition(":")
    if local and prefix in PREFIXES and " " not in local:
        return PREFIXES[prefix][local]
    if re.fullmatch(r"-?\d+", value):
        return Literal(int(value))
    return Literal(value)


def check_parameters(name: str, params: dict[str, str]) -> None:
    """Raise QueryError naming the query and the parameter when one is unknown or missing."""
    wanted = query_parameters(name)
    unknown = set(params) - set(wanted)
    if unknown:
        raise QueryError(f"query {name!r} has no parameter {', '.join(sorted(unknown))} (parameters: {', '.join(wanted) or 'none'})")
    missing = [p for p in required_parameters(name) if p not in params]
    if missing:
        raise QueryError(f"query {name!r} needs parameter {', '.join(missing)} (--param {missing[0]}=VALUE)")


def run_on(name: str, source: Any, params: dict[str, str] | None = None) -> tuple[list[str], list[list[Any]]]:
    """Run stored query ``name`` on graph files loaded by ``load_graphs`` or on a store opened by
    ``kg.store.open_for_reading`` (values: rdflib terms from files, plain strings from a store)."""
    if isinstance(source, Graph):
        return run_query(name, source, params)  # type: ignore[arg-type]
    from .store.read import run_store_query

    return run_store_query(name, source, params)  # type: ignore[return-value]


def run_query(name: str, ds: Dataset, params: dict[str, str] | None = None) -> tuple[list[str], list[list[Node | None]]]:
    """Run stored query ``name``; parameters are bound as RDF terms, never pasted into the text.

    rdflib pre-binds ``initBindings`` in every part of the query (sub-SELECTs, OPTIONAL, GROUP BY
    included); an optional parameter left out stays a free variable."""
    params = params or {}
    check_parameters(name, params)
    try:
        result: Result = ds.query(query_text(name), initBindings={k: parse_term(v) for k, v in params.items()})
    except Exception as exc:  # rdflib raises pyparsing and other errors for malformed queries
        raise QueryError(f"query {name!r} failed: {exc}") from None
    columns = [str(v) for v in result.vars or []]
    return columns, [list(row) for row in result]  # type: ignore[arg-type]


def _text(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def format_rows(columns: list[str], rows: Sequence[Sequence[object]], fmt: str) -> str:
    """Rows (RDF terms or plain values; None is empty) as an aligned table, CSV with a header row,
    or a JSON list of objects."""
    cells = [[_text(v) for v in row] for row in rows]
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(columns)
        w.writerows(cells)
        return buf.getvalue()
    if fmt == "json":
        return json.dumps([dict(zip(columns, r)) for r in cells], ensure_ascii=False, indent=2) + "\n"
    if fmt == "table":
        return text_table(columns, cells)
    raise QueryError(f"unknown format {fmt!r} (use {', '.join(FORMATS)})")
