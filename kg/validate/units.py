"""What a compliance run validates one at a time: the graph of one report.

Inputs are report files (built on the fly), N-Quads or TriG files (one unit per named graph) and
other RDF files (one unit per file). Each unit keeps only the triples whose predicate the shapes
or the evidence read, written as N-Triples so that it travels cheaply to a worker process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Iterator

from rdflib import Dataset, Graph, URIRef

from ..errors import InputError
from ..namespaces import DCTERMS, ELI, FZ, NIF, PREFIXES, PROV, RDF, SKOS
from ..query import RDF_FORMATS
from ..resources import shapes

#: Graph files a check reads; not .json, the suffix of metadata sidecars found beside reports in folders.
GRAPH_SUFFIXES = {k: v for k, v in RDF_FORMATS.items() if k != ".json"}

#: What the evidence columns of a run read besides what the shapes read.
EVIDENCE = (FZ.report, FZ.practice, FZ.modality, PROV.wasDerivedFrom, NIF.anchorOf, FZ.containsPart, FZ.section,
            FZ.coversPart, FZ.heading, FZ.issuer, SKOS.prefLabel, FZ.yearCovered, FZ.dateSigned, FZ.sourceFile,
            FZ.fileName, FZ.cites, ELI.title, FZ.docNumber, DCTERMS.title, RDF.type)


@dataclass(frozen=True)
class Unit:
    name: str  # the file, or file#graph
    ntriples: str | None = None  # the unit's triples, already filtered
    report_file: Path | None = None  # a report to build in the worker
    store: Path | None = None  # a store whose named graph ``name`` the worker reads


@cache
def predicates() -> frozenset[URIRef]:
    """Every predicate the shapes can read, plus those of the evidence.

    A triple with any other predicate cannot change a result as long as no shape is closed and no
    SPARQL constraint has a variable predicate; both are checked here."""
    g = shapes()
    sh = "http://www.w3.org/ns/shacl#"
    if (None, URIRef(sh + "closed"), None) in g:
        raise RuntimeError("a closed shape reads every predicate; the predicate filter cannot be used")
    found = {t for triple in g for t in triple if isinstance(t, URIRef)}
    for query in g.objects(None, URIRef(sh + "select")):
        text = str(query)
        if _VARIABLE_PREDICATE.search(text.partition("{")[2]):
            raise RuntimeError(f"a SPARQL constraint has a variable predicate; the predicate filter cannot be used:\n{text}")
        for prefix, local in re.findall(r"(?<![\w<])([A-Za-z][\w-]*):([A-Za-z_][\w-]*)", text):
            if prefix in PREFIXES:
                found.add(URIRef(str(PREFIXES[prefix]) + local))
        found.update(URIRef(x) for x in re.findall(r"<([^<>\s]+)>", text))
    return frozenset(found | set(EVIDENCE))


#: A triple pattern whose predicate is a variable: subject, ?p, then an object.
_VARIABLE_PREDICATE = re.compile(r"(?:[?$]\w+|<[^>]*>|\b\w*:\w+)\s+[?$]\w+\s+(?:[?$]\w+|<[^>]*>|\"|\b\w*:\w+|\d)")


@cache
def predicate_tokens() -> frozenset[str]:
    return frozenset(f"<{p}>" for p in predicates())


def units_from(path: Path) -> Iterator[Unit]:
    """The units of one input file."""
    fmt = GRAPH_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        yield Unit(str(path), report_file=path)
    elif fmt == "nquads":
        yield from _nquads_units(path)
    else:
        yield from _rdf_units(path, fmt)


_TERM = r'<[^>]*>|_:[^\s]+'
_QUAD = re.compile(
    rf'^\s*({_TERM})\s+(<[^>]*>)\s+("(?:[^"\\]|\\.)*"(?:@[A-Za-z0-9-]+|\^\^<[^>]*>)?|{_TERM})\s*({_TERM})?\s*\.\s*$'
)


def _nquads_units(path: Path) -> Iterator[Unit]:
    """Named graphs of an N-Quads file, split line by line (the RDF parser runs on each unit later)."""
    keep = predicate_tokens()
    groups: dict[str, list[str]] = {}
    try:
        with path.open(encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                fields = line.split(None, 2)
                if len(fields) < 3 or fields[1] not in keep:
                    continue
                m = _QUAD.match(line)
                if m is None:
                    raise InputError(path, f"line {number} is not an N-Quads statement")
                graph = m.group(4) or ""
                groups.setdefault(graph, []).append(f"{m.group(1)} {m.group(2)} {m.group(3)} .\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read N-Quads: {exc}") from None
    for graph in sorted(groups):
        yield Unit(f"{path}#{graph.strip('<>')}" if graph else str(path), ntriples="".join(groups[graph]))


def _rdf_units(path: Path, fmt: str) -> Iterator[Unit]:
    keep = predicates()
    try:
        if fmt == "trig":
            ds = Dataset()
            ds.parse(path, format="trig")
            graphs = [(f"{path}#{g.identifier}", g) for g in ds.graphs() if len(g)]
        else:
            graphs = [(str(path), Graph().parse(path, format=fmt))]
    except Exception as exc:  # rdflib's parsers raise many kinds of errors for bad files
        raise InputError(path, f"cannot load graph: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
    for name, g in graphs:
        small = Graph()
        for t in g:
            if t[1] in keep:
                small.add(t)
        yield Unit(name, ntriples=small.serialize(format="nt"))


def units_from_store(directory: Path) -> Iterator[Unit]:
    """One unit per report graph of a store; the workers read the graphs themselves."""
    from ..store import open_for_reading, report_graphs

    store = open_for_reading(directory)
    names = report_graphs(store)
    del store  # the workers open it read-only
    for name in names:
        yield Unit(name, store=directory)
