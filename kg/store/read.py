"""Reading a store: stored queries on Oxigraph's SPARQL engine, and report graphs for a check."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from rdflib import Literal, URIRef
from rdflib.term import Node

from ..errors import QueryError
from ..namespaces import FZ, XSD
from ..query import check_parameters, masked, parse_term, query_columns
from ..resources import query_text
from .cache import Answer, answer_rows, cached, kept_file
from .layout import (ENTITY_GRAPH, MANIFEST_GRAPH, PENDING, SYSTEM_GRAPHS, StoreError, check_store, open_database,
                     writer_active)


def open_for_reading(directory: Path) -> Any:
    """The store, read-only; refused while a batch of new reports is half-written."""
    check_store(directory)
    if (directory / PENDING).exists():
        if writer_active(directory):
            raise StoreError(f"{directory}: a build is writing new reports to this store; "
                             "run again when it has finished")
        raise StoreError(f"{directory}: a build was interrupted while writing new reports; run fazhi build "
                         f"(with any files) or fazhi drop --store {directory} --missing to clean up")
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


_XSD_STRING = str(XSD.string)


def _json_term(term: Any) -> dict[str, str] | None:
    """A pyoxigraph term as a binding of SPARQL 1.1 Query Results JSON (as Oxigraph's server writes it)."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != _XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def run_store_query(name: str, store: Any, params: dict[str, str] | None = None,
                    cache: Path | None = None) -> tuple[list[str], list[list[str]]]:
    """Run stored query ``name`` on the store's SPARQL engine; parameters are substituted as RDF
    terms (SEP-0007), never pasted into the text. The default graph is the union of the store's
    graphs. With ``cache`` (the store's directory) the answer is kept until the store changes.
    Values are plain strings (a blank node as ``_:label``, unbound as "")."""
    text = query_text(name)
    terms = _bound_terms(name, params or {})
    if cache is not None:
        return cached(cache, name, text, _key_terms(terms), lambda: _evaluate(name, text, store, terms))
    return answer_rows(_evaluate(name, text, store, terms))


def kept_answer(directory: Path, name: str, params: dict[str, str] | None = None, first: bool = False) -> Path | None:
    """The file (SPARQL results JSON) of the answer of stored query ``name`` with ``params`` (as
    ``--param`` gives them) kept in the store at ``directory`` for its current content (with
    ``first``, of its first rows and their total), or None; QueryError for an unknown query or
    parameter."""
    terms = _bound_terms(name, params or {})
    return kept_file(directory, name, query_text(name), _key_terms(terms), first)


def _bound_terms(name: str, params: dict[str, str]) -> dict[str, Any]:
    """The parameters of stored query ``name`` as pyoxigraph terms; QueryError naming the query and
    the parameter when one is unknown, missing or not an IRI or a literal."""
    check_parameters(name, params)
    return {k: _ox_term(parse_term(v)) for k, v in params.items()}


def _key_terms(terms: dict[str, Any]) -> dict[str, str]:
    """Parameters in N-Triples form: one key for every spelling of the same term."""
    return {k: str(t) for k, t in terms.items()}


def _evaluate(name: str, text: str, store: Any, terms: dict[str, Any]) -> Answer:
    import pyoxigraph as ox

    projected = set(query_columns(name))
    # Oxigraph substitutes only projected variables (SEP-0007); the others are bound by a VALUES
    # block written from the parsed RDF term, never from the raw text, at the start of the WHERE
    # group: Oxigraph then joins from the given values (a trailing VALUES clause it joined after
    # evaluating the whole pattern: practice-evidence 1.2 s -> 6 ms on 1,000 reports).
    values = {k: t for k, t in terms.items() if k not in projected}
    if values:
        block = "VALUES (" + " ".join(f"?{k}" for k in values) + ") { (" + " ".join(str(t) for t in values.values()) + ") }"
        brace = masked(text).index("{")  # the WHERE group's
        text = text[:brace + 1] + "\n  " + block + text[brace + 1:]
    subs = {ox.Variable(k): t for k, t in terms.items() if k in projected}
    try:
        result = select(store, text, subs)
    except SyntaxError as exc:
        raise QueryError(f"query {name!r} is malformed: {exc}") from None
    columns = [v.value for v in result.variables]
    # one JSON term per distinct term: answers of hundreds of thousands of rows repeat their reports,
    # concepts and units
    made: dict[Any, dict[str, str] | None] = {}
    bindings = []
    for row in result:
        binding = {}
        for c in columns:
            term = row[c]
            if term is not None:
                if (json_term := made.get(term)) is None:
                    json_term = made[term] = _json_term(term)
                binding[c] = json_term
        bindings.append(binding)
    return {"head": {"vars": columns}, "results": {"bindings": bindings}}


def select(store: Any, text: str, substitutions: dict[Any, Any] | None = None) -> Any:
    """Run a SPARQL query whose default graph is the whole store (every report, the shared
    entities and the ontology, each triple once)."""
    return store.query(text, use_default_graph_as_union=True, substitutions=substitutions or {})


def report_graphs(store: Any) -> list[str]:
    """The report graph names of the store, sorted."""
    return sorted(g.value for g in store.named_graphs() if g.value not in SYSTEM_GRAPHS)


def graph_ntriples(store: Any, graph: str, keep: frozenset[str] | None = None) -> str:
    """One report as N-Triples, as ``fazhi build`` writes it: its graph, the shared entities it
    names (followed link by link) and what it said that the ontology also says; only the triples
    whose predicate is in ``keep`` if given."""
    import pyoxigraph as ox

    quads = list(store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
    entities = ox.NamedNode(ENTITY_GRAPH)
    seen: set[Any] = set()
    todo = [q.object for q in quads if isinstance(q.object, ox.NamedNode)]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for q in store.quads_for_pattern(node, None, None, entities):
            quads.append(q)
            if isinstance(q.object, ox.NamedNode):
                todo.append(q.object)
    # what the build wrote that the ontology's graph already held, kept in the manifest
    for q in store.quads_for_pattern(ox.NamedNode(graph), ox.NamedNode(FZ.ontologyStatements), None,
                                     ox.NamedNode(MANIFEST_GRAPH)):
        quads += ox.parse(q.object.value, format=ox.RdfFormat.N_TRIPLES)
    lines = (f"{q.subject} {q.predicate} {q.object} .\n" for q in quads)
    if keep is None:
        return "".join(lines)
    return "".join(line for line in lines if line.split(" ", 2)[1] in keep)


def store_quads(store: Any) -> Iterator[tuple[Node, Node, Node, Node]]:
    """Every report as ``fazhi build`` writes it (its graph and the shared entities it names), as
    quads of rdflib terms for ``kg.export``."""
    from rdflib import Graph

    for name in report_graphs(store):
        graph = URIRef(name)
        for s, p, o in Graph().parse(data=graph_ntriples(store, name), format="nt"):
            yield s, p, o, graph
