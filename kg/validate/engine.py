"""Running the shapes: one small graph per report, validated in worker processes, shapes parsed once.

pySHACL reparses the text of every SPARQL constraint for every focus node; the data graph here
hands rdflib the query prepared once per process instead, which changes no result. The results of
all units are merged into one SHACL validation report, duplicates (a bureau shared by two reports)
counted once, exactly as one pySHACL run over the merged graph reports them (tests prove it).
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node

from ..errors import InputError
from ..namespaces import RDF
from ..resources import shapes
from .evidence import ReportFacts, report_facts
from .units import Unit, predicates

SH = "http://www.w3.org/ns/shacl#"
SH_RESULT, SH_CONFORMS, SH_REPORT = URIRef(SH + "result"), URIRef(SH + "conforms"), URIRef(SH + "ValidationReport")


@lru_cache(maxsize=512)
def _prepared(text: str) -> Any:
    return prepareQuery(text)


class _PreparedQueries(Graph):
    """A graph whose string queries are parsed once per process (pySHACL asks the same ones again
    and again, once per focus node)."""

    def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@dataclass
class UnitOutcome:
    name: str
    results: str = ""  # the unit's validation results as N-Triples
    reports: list[ReportFacts] = field(default_factory=list)
    error: str | None = None


def validate_unit(unit: Unit) -> UnitOutcome:
    """Validate one unit against the package's shapes (runs in a worker process)."""
    import pyshacl

    try:
        data = _data_graph(unit)
    except InputError as exc:
        return UnitOutcome(unit.name, error=exc.reason)
    _, results, _ = pyshacl.validate(data, shacl_graph=shapes(), inference="none", allow_warnings=True,
                                     allow_infos=True, inplace=True)
    return UnitOutcome(unit.name, results.serialize(format="nt"), report_facts(data))


def _data_graph(unit: Unit) -> Graph:
    g = _PreparedQueries()
    if unit.report_file is not None:
        from ..graph import report_triples
        from ..report import read_report

        keep = predicates()
        for t in report_triples(read_report(unit.report_file)):
            if t[1] in keep:
                g.add(t)
    else:
        try:
            g.parse(data=unit.ntriples or "", format="nt")
        except Exception as exc:  # rdflib's parser raises many kinds of errors
            raise InputError(unit.name, f"cannot parse graph: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
    return g


def run_units(units: Iterable[Unit], jobs: int = 0, progress: Callable[[UnitOutcome], None] | None = None) -> list[UnitOutcome]:
    """Validate ``units``, in ``jobs`` worker processes (0 = one per CPU; 1 = in this process)."""
    todo = list(units)
    jobs = jobs or os.cpu_count() or 1
    out: list[UnitOutcome] = []
    if jobs == 1 or len(todo) < 2:
        for u in todo:
            out.append(validate_unit(u))
            if progress:
                progress(out[-1])
        return out
    with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), initializer=_warm) as pool:
        for outcome in pool.map(validate_unit, todo, chunksize=max(1, min(16, len(todo) // (4 * jobs)))):
            out.append(outcome)
            if progress:
                progress(outcome)
    return out


def _warm() -> None:
    """Parse the shapes once in each worker before the first unit arrives."""
    shapes()
    predicates()


def merge_results(outcomes: Iterable[UnitOutcome]) -> Graph:
    """One SHACL validation report for all units, shaped as pySHACL shapes one report: a result
    found in several units counts once, and the copies of a shape's parts that results point to
    (sh:sourceConstraint, a blank-node sh:sourceShape or path) are shared, not repeated."""
    merged = Graph()
    merged.bind("sh", SH)
    report = BNode()
    shared: dict[frozenset[tuple[Node, Node, Node]], BNode] = {}
    seen: set[frozenset[tuple[Node, Node]]] = set()
    conforms = True
    for outcome in outcomes:
        if not outcome.results:
            continue
        g = Graph().parse(data=outcome.results, format="nt")
        for res in g.objects(None, SH_RESULT):
            pairs = frozenset((p, _shared_copy(g, o, merged, shared) if isinstance(o, BNode) else o)
                              for p, o in g.predicate_objects(res))
            if pairs in seen:
                continue
            seen.add(pairs)
            node = BNode()
            for p, o in pairs:
                merged.add((node, p, o))
            merged.add((report, SH_RESULT, node))
            if (URIRef(SH + "resultSeverity"), URIRef(SH + "Violation")) in pairs:
                conforms = False
    merged.add((report, RDF.type, SH_REPORT))
    merged.add((report, SH_CONFORMS, Literal(conforms)))
    return merged


def _shared_copy(g: Graph, node: BNode, merged: Graph, shared: dict[frozenset[tuple[Node, Node, Node]], BNode]) -> BNode:
    """The one copy in ``merged`` of the blank-node structure under ``node``."""
    sub = g.cbd(node)
    key = frozenset(to_canonical_graph(sub))
    if key not in shared:
        fresh: dict[Node, BNode] = {}
        rename = lambda t: fresh.setdefault(t, BNode()) if isinstance(t, BNode) else t  # noqa: E731
        for s, p, o in sub:
            merged.add((rename(s), p, rename(o)))
        shared[key] = rename(node)  # type: ignore[assignment]
    return shared[key]
