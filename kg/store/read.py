"""Reading a store: stored queries on Oxigraph's SPARQL engine, and report graphs for a check."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from rdflib import Literal, URIRef
from rdflib.term import Node

from ..errors import QueryError
from ..query import check_parameters, parse_term, query_columns
from ..resources import query_text
from .layout import MANIFEST_GRAPH, ONTOLOGY_GRAPH, UNION_GRAPH, check_store, open_database


def open_for_reading(directory: Path) -> Any:
    check_store(directory)
    return open_database(directory, write=False)


def _ox_term(term: Node) -> Any:
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype))) if term.datatype else ox.Literal(str(term))
    raise QueryError(f"parameter value {term!r} is not an IRI or a literal")


def _value(term: Any) -> str:
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term.value)


def run_store_query(name: str, store: Any, params: dict[str, str] | None = None) -> tuple[list[str], list[list[str]]]:
    """Run stored query ``name`` on the store's SPARQL engine; parameters are substituted as RDF
    terms (SEP-0007), never pasted into the text. The default graph is the store's union graph."""
    import pyoxigraph as ox

    params = params or {}
    check_parameters(name, params)
    text = query_text(name)
    terms = {k: _ox_term(parse_term(v)) for k, v in params.items()}
    projected = set(query_columns(name))
    # Oxigraph substitutes only projected variables (SEP-0007); the others are bound by a trailing
    # VALUES clause, written from the parsed RDF term, never from the raw text.
    values = {k: t for k, t in terms.items() if k not in projected}
    if values:
        text += "\nVALUES (" + " ".join(f"?{k}" for k in values) + ") { (" + " ".join(str(t) for t in values.values()) + ") }\n"
    subs = {ox.Variable(k): t for k, t in terms.items() if k in projected}
    try:
        result = store.query(text, default_graph=ox.NamedNode(UNION_GRAPH), substitutions=subs)
    except SyntaxError as exc:
        raise QueryError(f"query {name!r} is malformed: {exc}") from None
    columns = [v.value for v in result.variables]
    return columns, [[_value(row[c]) for c in columns] for row in result]


def report_graphs(store: Any) -> list[str]:
    """The report graph names of the store, sorted."""
    skip = {ONTOLOGY_GRAPH, MANIFEST_GRAPH, UNION_GRAPH}
    return sorted(g.value for g in store.named_graphs() if g.value not in skip)


def graph_ntriples(store: Any, graph: str, keep: frozenset[str] | None = None) -> str:
    """One report graph as N-Triples, only the triples whose predicate is in ``keep`` if given."""
    import pyoxigraph as ox

    lines = (f"{q.subject} {q.predicate} {q.object} .\n"
             for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
    if keep is None:
        return "".join(lines)
    return "".join(line for line in lines if line.split(" ", 2)[1] in keep)


def iter_report_ntriples(store: Any) -> Iterator[tuple[str, str]]:
    for g in report_graphs(store):
        yield g, graph_ntriples(store, g)
