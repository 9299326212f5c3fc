"""Running the shapes: one small graph per report, validated in worker processes, shapes parsed once.

pySHACL reparses the text of every SPARQL constraint for every focus node; the data graph here
hands rdflib the query prepared once per process instead, which changes no result. The results of
all units are merged into one SHACL validation report, duplicates (a bureau shared by two reports)
counted once, exactly as one pySHACL run over the merged graph reports them (tests prove it).
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from ..errors import InputError
from ..namespaces import RDF
from ..output import nt_term
from ..resources import shapes
from .cells import report_checks
from .evidence import report_facts
from .model import ReportCheck
from .requirements import SH
from .units import Unit, predicate_tokens, predicates

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
    """What a worker sends back: the cells of the unit's reports, and its SHACL results in a form
    the parent merges cheaply (each result as (predicate, object) pairs in N-Triples syntax, the
    blank-node structures they point to named by a hash of their content)."""

    name: str
    checks: list[ReportCheck] = field(default_factory=list)
    results: list[frozenset[tuple[str, str]]] = field(default_factory=list)
    structures: dict[str, list[str]] = field(default_factory=dict)  # label → N-Triples lines
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
    out = UnitOutcome(unit.name, report_checks(results, report_facts(data)))
    add_results(out, results)
    return out


def add_results(out: UnitOutcome, results: Graph) -> None:
    """Add the results of the validation report ``results`` to ``out``, in the form merge_lines reads."""
    for res in results.objects(None, SH_RESULT):
        out.results.append(frozenset(
            (nt_term(p), structure_label(results, o, out.structures, 0) if isinstance(o, BNode) else nt_term(o))
            for p, o in results.predicate_objects(res)))


def structure_label(g: Graph, node: BNode, found: dict[str, list[str]], depth: int) -> str:
    """The label of the blank-node tree under ``node`` (a copy of part of a shape): a hash of its
    content, so equal structures from any worker get the same label."""
    if depth > 50:
        raise RuntimeError("blank-node structure in a validation result is too deep (a cycle?)")
    pairs = sorted((nt_term(p), structure_label(g, o, found, depth + 1) if isinstance(o, BNode) else nt_term(o))
                   for p, o in g.predicate_objects(node))
    label = "_:s" + hashlib.sha1(repr(pairs).encode("utf-8")).hexdigest()[:20]
    found.setdefault(label, [f"{label} {p} {o} .\n" for p, o in pairs])
    return label


def _data_graph(unit: Unit) -> Graph:
    g = _PreparedQueries()
    if unit.store is not None:
        from ..store.read import graph_ntriples

        g.parse(data=graph_ntriples(_store(unit.store), unit.name, predicate_tokens()), format="nt")
    elif unit.report_file is not None:
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


@lru_cache(maxsize=4)
def _store(directory: Path) -> Any:
    """The store, opened read-only once per worker process."""
    from ..store import open_for_reading

    return open_for_reading(directory)


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


def parse_report(lines: str | list[str]) -> Graph:
    """The validation report of ``merge_lines`` (its text, or its chunks) as an rdflib graph."""
    merged = Graph()
    merged.bind("sh", SH)
    merged.parse(data=lines if isinstance(lines, str) else "".join(lines), format="nt")
    return merged


def merge_lines(outcomes: Iterable[UnitOutcome]) -> tuple[list[str], bool]:
    """One SHACL validation report for all units, shaped as pySHACL shapes one report, as
    N-Triples in chunks of whole lines (one per result: the report of 10,000 reports is 400 MB of
    text, which is not also joined into one string), and whether it conforms: a result found in
    several units counts once, and the copies of a shape's parts that results point to
    (sh:sourceConstraint, a blank-node sh:sourceShape or path) are shared, not repeated."""
    chunks: list[str] = []
    structures: dict[str, list[str]] = {}
    seen: set[frozenset[tuple[str, str]]] = set()
    violation = nt_term(URIRef(SH + "Violation"))
    conforms = True
    for outcome in outcomes:
        structures.update(outcome.structures)
        for pairs in outcome.results:
            if pairs in seen:
                continue
            seen.add(pairs)
            node = f"_:r{len(seen)}"
            chunks.append(f"_:report {nt_term(SH_RESULT)} {node} .\n" + "".join(f"{node} {p} {o} .\n" for p, o in sorted(pairs)))
            conforms = conforms and (nt_term(URIRef(SH + "resultSeverity")), violation) not in pairs
    for label in sorted(structures):
        chunks.append("".join(structures[label]))
    chunks.append(f"_:report {nt_term(RDF.type)} {nt_term(SH_REPORT)} .\n"
                  f"_:report {nt_term(SH_CONFORMS)} {nt_term(Literal(conforms))} .\n")
    return chunks, conforms
