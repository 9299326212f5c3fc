"""Exports: Turtle, N-Triples, N-Quads, TriG (one graph per report), JSON-LD compacted with the
published context (``ontology/context.jsonld``), one CSV per stored query and GraphML per network.

Everything works on quads of rdflib terms, ``(subject, predicate, object, graph)`` with graph None
for the default graph: ``BuildResult.quads()``, ``dataset_quads`` of graph files loaded with rdflib,
or a store's quads converted to rdflib terms all export alike. Output is sorted, so two exports of the same input are
byte-identical, and written atomically (``kg.output.write_atomic``): a failed export leaves the old
file as it was and no partial one.
"""

from __future__ import annotations

import json
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from io import BytesIO
from pathlib import Path
from typing import Any, TypeVar, get_args

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.serializers.trig import TrigSerializer
from rdflib.term import Node

from .namespaces import PREFIXES, RDF, XSD
from .output import nt_line, nt_term, write_atomic
from .query import format_rows, required_parameters, run_query
from .resources import jsonld_context, query_names

Quad = tuple[Node, Node, Node, Node | None]
"""(subject, predicate, object, graph name); graph None is the default graph."""
ExportFormat = typing.Literal["ttl", "nt", "nq", "trig", "jsonld"]
EXPORT_FORMATS: tuple[str, ...] = get_args(ExportFormat)
SUFFIXES: dict[str, ExportFormat] = {".ttl": "ttl", ".trig": "trig", ".nq": "nq", ".nt": "nt", ".jsonld": "jsonld", ".json": "jsonld"}
QueryRunner = Callable[[str, Any], tuple[list[str], Sequence[Sequence[object]]]]
"""Runs a stored query without parameters on a dataset: (columns, rows of RDF terms or plain values)."""


def format_for(path: Path) -> ExportFormat:
    """The export format named by ``path``'s suffix (ValueError for a suffix that names none)."""
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"{path}: unknown output format (use {', '.join(SUFFIXES)})")
    return fmt


def dataset_quads(ds: Dataset, skip: Iterable[Node] = ()) -> Iterator[Quad]:
    """The quads of an rdflib Dataset (default graph as None), leaving out the graphs named in ``skip``."""
    left_out = set(skip)
    for s, p, o, g in ds.quads((None, None, None, None)):
        if g not in left_out:
            yield s, p, o, None if g is None or g == DATASET_DEFAULT_GRAPH_ID else g


def export_quads(quads: Iterable[Quad], out: Path, fmt: ExportFormat | None = None) -> None:
    """Write ``quads`` to ``out`` in ``fmt`` (default: from the suffix), sorted, atomically.

    ``nq`` and ``trig`` keep the graph names; ``ttl``, ``nt`` and ``jsonld`` write the union."""
    write_atomic(out, serialise(quads, fmt or format_for(out)))


def serialise(quads: Iterable[Quad], fmt: ExportFormat) -> bytes:
    """The quads in ``fmt``, deterministic: sorted lines, subjects, graphs and keys."""
    if fmt == "nq":
        return _lines(quads, with_graph=True)
    if fmt == "nt":
        return _lines(quads, with_graph=False)
    if fmt == "trig":
        ds = _bind(Dataset())
        graphs: dict[Node, Graph] = {}
        for s, p, o, g in quads:
            if g is None:
                ds.add((s, p, o))
            else:
                if g not in graphs:
                    graphs[g] = ds.graph(g)
                graphs[g].add((s, p, o))
        return _serialise_with(_SortedTrig(ds))
    if fmt == "ttl":
        union = _bind(Graph())
        for s, p, o, _g in quads:
            union.add((s, p, o))
        return union.serialize(format="longturtle", encoding="utf-8")
    if fmt == "jsonld":
        return jsonld_text(jsonld_document((s, p, o) for s, p, o, _g in quads)).encode("utf-8")
    raise ValueError(f"unknown export format {fmt!r} (use {', '.join(EXPORT_FORMATS)})")


def _lines(quads: Iterable[Quad], with_graph: bool) -> bytes:
    """N-Quads (or N-Triples, graph names dropped) straight from the terms, sorted, without rdflib's writers."""
    if with_graph:
        lines = {f"{nt_term(s)} {nt_term(p)} {nt_term(o)}{'' if g is None else ' ' + nt_term(g)} .\n" for s, p, o, g in quads}
    else:
        lines = {nt_line(s, p, o) for s, p, o, _g in quads}
    return "".join(sorted(lines)).encode("utf-8")


_G = TypeVar("_G", bound=Graph)


def _bind(g: _G) -> _G:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


class _SortedTrig(TrigSerializer):
    """rdflib's TriG writer (subjects and triples sorted) with the graphs sorted too: the default
    graph first, then the named graphs by name (rdflib gives them in hash order)."""

    def preprocess(self) -> None:
        unique = {c.identifier: c for c in self.contexts}
        self.contexts = [unique[i] for i in sorted(unique, key=lambda i: (i != self.default_context, nt_term(i)))]
        super().preprocess()


def _serialise_with(serializer: TrigSerializer) -> bytes:
    buf = BytesIO()
    serializer.serialize(buf, encoding="utf-8")
    return buf.getvalue()


# ------------------------------------------------------------------ JSON-LD


def jsonld_document(triples: Iterable[tuple[Node, Node, Node]]) -> dict[str, Any]:
    """The triples as a JSON-LD document with the published ``@context`` embedded: one node object
    per subject in ``@graph``, sorted by ``@id``; node keys and the values of each key sorted.

    A value takes the context's term for its property when the term's coercion fits it (``@id``,
    its datatype, its language, or none for a plain string); any other value is written in full
    under the property's compact IRI, so expanding the document gives back exactly the triples."""
    context = jsonld_context()
    compactor = _Compactor(context)
    nodes: dict[Node, dict[str, list[tuple[str, Any]]]] = {}
    for s, p, o in set(triples):
        key, value = compactor.entry(p, o)
        nodes.setdefault(s, {}).setdefault(key, []).append((nt_term(o), value))
    graph = []
    for s, props in nodes.items():
        node: dict[str, Any] = {"@id": compactor.node_id(s)}
        for key in sorted(props):
            values = [v for _, v in sorted(props[key], key=lambda kv: kv[0])]
            node[key] = values[0] if len(values) == 1 else values
        graph.append(node)
    graph.sort(key=lambda n: n["@id"])
    return {"@context": context, "@graph": graph}


def jsonld_text(doc: dict[str, Any]) -> str:
    """A JSON-LD document as text: the context one entry a line (as in ``ontology/context.jsonld``),
    then the node objects, indented."""
    entries = ",\n".join(f"    {_dumps(k)}: {_dumps(v)}" for k, v in doc["@context"].items())
    nodes = ",\n".join("    " + json.dumps(n, ensure_ascii=False, indent=2).replace("\n", "\n    ") for n in doc["@graph"])
    return f'{{\n  "@context": {{\n{entries}\n  }},\n  "@graph": [\n{nodes}\n  ]\n}}\n'


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


class _Compactor:
    """Compact IRIs and values with a context of prefixes and term definitions (no @vocab, no default language)."""

    def __init__(self, context: dict[str, Any]) -> None:
        self.prefixes = sorted(((ns, p) for p, ns in context.items() if isinstance(ns, str)), key=lambda x: -len(x[0]))
        self.terms: dict[tuple[str, str], str] = {}  # (property IRI, what it coerces: see _kind) -> term
        for term, d in context.items():
            if not isinstance(d, dict):
                continue
            if "@language" in d:
                kind = "@" + d["@language"].lower()
            else:
                kind = d.get("@type", "")
                kind = kind if kind in ("", "@id") else self._expand(kind)
            self.terms[(self._expand(d["@id"]), kind)] = term
        self._cache: dict[str, str] = {}

    def _expand(self, value: str) -> str:
        prefix, _, local = value.partition(":")
        return next((ns + local for ns, p in self.prefixes if p == prefix), value)

    def iri(self, iri: str) -> str:
        """``prefix:local`` where a prefix of the context fits, the IRI itself otherwise."""
        found = self._cache.get(iri)
        if found is None:
            found = iri
            for ns, prefix in self.prefixes:
                local = iri[len(ns):]
                if iri.startswith(ns) and local and not local.startswith("//"):
                    found = f"{prefix}:{local}"
                    break
            self._cache[iri] = found
        return found

    def node_id(self, term: Node) -> str:
        return f"_:{term}" if isinstance(term, BNode) else self.iri(str(term))

    def entry(self, p: Node, o: Node) -> tuple[str, Any]:
        """The key and the value of one triple's object in its subject's node object."""
        if p == RDF.type and isinstance(o, URIRef):
            return "@type", self.iri(str(o))
        term = self.terms.get((str(p), _kind(o)))
        if term is not None:
            return term, self.node_id(o) if not isinstance(o, Literal) else str(o)
        return self.iri(str(p)), self._value(o)

    def _value(self, o: Node) -> Any:
        if not isinstance(o, Literal):
            return {"@id": self.node_id(o)}
        if o.language:
            return {"@value": str(o), "@language": o.language}
        if o.datatype and o.datatype != XSD.string:
            return {"@value": str(o), "@type": self.iri(str(o.datatype))}
        return str(o)


def _kind(o: Node) -> str:
    """What a term coercion must say to take ``o`` as a bare string: ``@id``, ``@`` + language, a datatype, or nothing."""
    if not isinstance(o, Literal):
        return "@id"
    if o.language:
        return "@" + o.language.lower()
    return "" if not o.datatype or o.datatype == XSD.string else str(o.datatype)


# ------------------------------------------------------------------ query results and networks


def export_query_csvs(dataset: Any, out_dir: Path, run: QueryRunner = run_query) -> tuple[list[Path], list[str]]:
    """Write ``NAME.csv`` (header row = the query's columns) in ``out_dir`` for every stored query
    that needs no parameter. Returns the files written and the queries skipped for needing one.

    ``dataset`` is what ``run`` queries: for ``run_query`` a Dataset with the ontology, as
    ``kg.query.load_graphs`` gives it. Every query runs before any file is written."""
    skipped = [name for name in query_names() if required_parameters(name)]
    files = {out_dir / f"{name}.csv": format_rows(*run(name, dataset), "csv")
             for name in query_names() if name not in skipped}
    for path, text in files.items():
        write_atomic(path, text.encode("utf-8"))
    return list(files), skipped


def export_networks(ds: Dataset, out_dir: Path) -> list[Path]:
    """Write ``KIND.graphml`` in ``out_dir`` for every network of ``kg.network`` (an empty network is
    an empty GraphML graph). ``ds`` as ``kg.query.load_graphs`` gives it."""
    from .network import KINDS, build_network, graphml_bytes

    files = {out_dir / f"{kind}.graphml": graphml_bytes(build_network(kind, ds)) for kind in KINDS}
    for path, data in files.items():
        write_atomic(path, data)
    return list(files)
