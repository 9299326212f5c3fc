"""Checking a whole store at once: the shapes compiled to SPARQL queries run on Oxigraph's engine.

The per-report path parses each report into rdflib and runs pySHACL on it (150–280 ms a report).
Here every constraint becomes one query over the whole store, its focus nodes joined in by their
target, and the results are written exactly as pySHACL 0.40 writes them. Only a subset of SHACL is
compiled: sh:targetClass fz:Report; property shapes with an IRI sh:path and sh:hasValue; node
shapes with SPARQL SELECT constraints whose meaning cannot change when ``$this`` is joined in rather
than pre-bound. Anything else raises Unsupported, and the caller falls back to the per-report path.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..namespaces import FZ, OWL, RDF, RDFS, XSD
from ..resources import shapes
from ..output import nt_term
from ..query import masked
from .cells import Finding, checks_of
from .engine import UnitOutcome, structure_label
from .store_evidence import rows as _rows, store_facts
from .requirements import SH

sh = lambda name: URIRef(SH + name)  # noqa: E731


class Unsupported(Exception):
    """A shapes graph (or data) outside the compiled subset; the per-report path must run instead."""


#: Predicates of the shapes vocabulary each kind of node may carry (any other sh: term is refused).
_SHAPE = {sh(p) for p in ("targetClass", "severity", "message", "deactivated", "path", "hasValue", "sparql",
                          "name", "description", "order", "group")}
_CONSTRAINT = {sh(p) for p in ("select", "prefixes", "message", "deactivated")}
_DECLARATION = {sh("declare"), sh("prefix"), sh("namespace")}
#: SPARQL whose evaluation may differ once $this is joined in, or that pySHACL refuses.
_REFUSED = re.compile(r"(?<![?$:\w-])(OPTIONAL|MINUS|GRAPH|SERVICE|VALUES|GROUP|HAVING|ORDER|LIMIT|OFFSET|FROM|"
                      r"LATERAL)(?![\w:-])|[?$](PATH|shapesGraph|currentShape|failure|path)\b|\bAS\s+[?$]this\b", re.I)
_PROJECTION = re.compile(r"^\s*SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?((?:[?$]\w+\s+)+)(?:WHERE\s*)?\{", re.I)
_THIS = re.compile(r"[?$]this\b")
_ABSENT = re.compile(r"FILTER\s+NOT\s+EXISTS\s*\{([^{}()]*)\}", re.I)


@dataclass(frozen=True)
class Constraint:
    """One compiled constraint: its query (projecting ``this`` first) and what each result says."""

    shape: Node
    component: URIRef
    query: str
    variables: tuple[str, ...]  # projected, in order
    severity: URIRef
    messages: tuple[Literal, ...]  # the shape's sh:message
    extra: tuple[Literal, ...] = ()  # the SPARQL constraint's own sh:message
    path: URIRef | None = None
    source: Node | None = None  # the sh:sparql node (copied into the report as pySHACL copies it)


def compile_shapes(g: Graph, unions: bool = False) -> list[Constraint]:
    """The constraints of shapes graph ``g``; raises Unsupported for anything outside the subset.

    ``unions``: compile SPARQL constraints with UNION too. Off by default: Oxigraph 0.5 plans a
    UNION of join patterns so badly (the superseded-rule constraint, when it was one, ran for many
    minutes on 1,000 reports) that the per-report path is faster; results are correct either way."""
    constraint_nodes = set(g.objects(None, sh("sparql")))
    out: list[Constraint] = []
    for s in set(g.subjects()):
        preds = {p for p in g.predicates(s) if str(p).startswith(SH)}
        types = {t for t in g.objects(s, RDF.type) if str(t).startswith(SH)}
        if not preds and not types:
            continue
        if s in constraint_nodes:
            _require(preds <= _CONSTRAINT and types <= {sh("SPARQLConstraint")}, s, "SPARQL constraint")
        elif preds & _DECLARATION:
            _require(preds <= _DECLARATION and not types, s, "prefix declaration")
        else:
            _require(preds <= _SHAPE and types <= {sh("NodeShape"), sh("PropertyShape")}, s, "shape")
            out.extend(_shape(g, s, unions))
    return out


def _require(ok: bool, node: Node, what: str) -> None:
    if not ok:
        raise Unsupported(f"{what} {node} uses SHACL features the compiled check does not support")


def _one(g: Graph, s: Node, p: URIRef) -> Node | None:
    values = set(g.objects(s, p))
    _require(len(values) <= 1, s, f"more than one {p} on")
    return next(iter(values), None)


def _active(g: Graph, s: Node) -> bool:
    flag = _one(g, s, sh("deactivated"))
    _require(flag is None or (isinstance(flag, Literal) and isinstance(flag.value, bool)), s, "sh:deactivated of")
    return not (flag is not None and flag.value)  # type: ignore[union-attr]


def _shape(g: Graph, s: Node, unions: bool) -> list[Constraint]:
    targets = set(g.objects(s, sh("targetClass")))
    if not targets or not _active(g, s):
        return []
    _require(targets == {FZ.Report} and not {RDFS.Class, OWL.Class} & set(g.objects(s, RDF.type)), s, "targets of")
    severity = _one(g, s, sh("severity")) or sh("Violation")
    messages = tuple(m for m in g.objects(s, sh("message")))
    _require(isinstance(severity, URIRef) and all(isinstance(m, Literal) for m in messages), s, "severity or message of")
    path, values, sparql = _one(g, s, sh("path")), set(g.objects(s, sh("hasValue"))), set(g.objects(s, sh("sparql")))
    target = f"?this <{RDF.type}> <{FZ.Report}> ."
    out = []
    if path is not None:
        _require(isinstance(path, URIRef) and not sparql and bool(messages), s, "property shape")
        for v in values:
            _require(isinstance(v, URIRef) or (isinstance(v, Literal) and v.datatype in (None, XSD.string)), s, "sh:hasValue of")
            query = f"SELECT ?this WHERE {{ {target} FILTER NOT EXISTS {{ ?this <{path}> {v.n3()} }} }}"
            out.append(Constraint(s, sh("HasValueConstraintComponent"), query, ("this",), severity,  # type: ignore[arg-type]
                                  messages, path=path))
        return out
    _require(not values, s, "sh:hasValue without sh:path on")
    for node in sparql:
        if not _active(g, node):
            continue
        text = _one(g, node, sh("select"))
        extra = tuple(g.objects(node, sh("message")))
        _require(isinstance(text, Literal) and isinstance(text.value, str) and bool(messages or extra)
                 and all(isinstance(m, Literal) for m in extra), node, "SPARQL constraint")
        _require(unions or not re.search(r"\bUNION\b", str(text), re.I), node, "(UNION not enabled) SPARQL constraint")
        body, variables = _joined(str(text), target)
        query = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in _prefixes(g, node).items()) + "\n" + body
        out.append(Constraint(s, sh("SPARQLConstraintComponent"), query, variables, severity,  # type: ignore[arg-type]
                              messages, extra, source=node))
    return out


def _prefixes(g: Graph, node: Node) -> dict[str, str]:
    """The prefixes pySHACL declares for a constraint (its own defaults, sh:prefixes, owl:Ontology declarations)."""
    found = {"rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL)}
    onts = set(g.subjects(RDF.type, OWL.Ontology))
    shared = {d for o in onts for d in g.objects(o, sh("declare"))} | set(g.objects(g.identifier, sh("declare")))
    for pfx in g.objects(node, sh("prefixes")):
        for dec in shared | set(g.objects(pfx, sh("declare"))):
            prefix, ns = _one(g, dec, sh("prefix")), _one(g, dec, sh("namespace"))
            _require(isinstance(prefix, Literal) and isinstance(ns, Literal), dec, "prefix declaration")
            found[str(prefix)] = str(ns)
    return found


def _joined(text: str, target: str) -> tuple[str, tuple[str, ...]]:
    """The constraint with its focus nodes joined in at the top of its WHERE group, and its projection.

    pySHACL pre-binds $this everywhere; a join gives the same solutions only where $this is bound
    when it is read: at the top level (and in top-level EXISTS filters), or in triple patterns of a
    group one level down (a UNION branch). Anything else is refused."""
    bare = masked(text)
    prologue = re.match(r"(?:\s*(?:PREFIX\s+[\w-]*:\s*\"_*\"|BASE\s+\"_*\"))*", bare, re.I)
    start = prologue.end() if prologue else 0
    m = _PROJECTION.match(bare[start:])
    if m is None or _REFUSED.search(bare) or len(re.findall(r"\bSELECT\b", bare, re.I)) != 1:
        raise Unsupported(f"SPARQL constraint outside the compiled subset:\n{text}")
    variables = tuple(v[1:] for v in m.group(1).split())
    if "this" not in variables or not re.search(r"[\s{}()][$?]this", text):
        raise Unsupported(f"SPARQL constraint does not select $this:\n{text}")
    brace = start + m.end() - 1
    _check_scopes(bare[brace:], text)
    # FILTER NOT EXISTS { triples with $this } in the WHERE group becomes MINUS at its end: every
    # solution on either side binds ?this and the triples bind all their variables, so MINUS removes
    # the same solutions; Oxigraph evaluates it as one hash join, not a lookup per report (100× faster).
    minus, cuts = "", []
    for found in _ABSENT.finditer(bare, brace):
        depth = bare.count("{", brace, found.start()) - bare.count("}", brace, found.start())
        inner = found.group(1)
        if depth == 1 and _THIS.search(inner) and not re.search(r"\b(FILTER|BIND)\b", inner, re.I):
            minus += f" MINUS {{{text[found.start(1):found.end(1)]}}}"
            cuts.append((found.start(), found.end()))
    end = bare.rindex("}")
    kept, kept_bare, last = "", "", brace + 1
    for start_cut, end_cut in cuts:
        kept, kept_bare, last = kept + text[last:start_cut], kept_bare + bare[last:start_cut], end_cut
    group = _hash_joined(f" {target} " + kept + text[last:end], f" {masked(target)} " + kept_bare + bare[last:end])
    return text[:brace + 1] + group + minus + text[end:], variables


#: Terms of a triple pattern where strings and IRIs are masked as "___" (see _joined).
_TERM = re.compile(r'\s+|"_*"(?:@[A-Za-z][\w-]*|\^\^(?:"_*"|[A-Za-z][\w-]*:[\w-]*))?|[?$]\w+'
                   r'|(?:[A-Za-z][\w-]*)?:[\w-]*(?:\.[\w-]+)*|\ba\b|[;,.]|[+-]?\d+(?:\.\d+)?')


def _hash_joined(text: str, bare: str) -> str:
    """A group of triple patterns followed by BIND and FILTER clauses, with each triple pattern in a
    subquery of its own. Oxigraph joins the patterns of a group one lookup per row, in an order it
    guesses; subqueries it joins by hashing, which on 10,000 reports took one constraint from 138 s
    to 2 s. A group of another form (nested groups, paths, triples after a clause) is kept as it is."""
    if "{" in bare or "}" in bare:
        return text
    spans, pos = [], 0
    for m in re.finditer(r"\b(?:BIND|FILTER)\s*\(", bare, re.I):
        if m.start() < pos:
            continue
        depth, i = 0, m.end() - 1
        for i in range(m.end() - 1, len(bare)):
            depth += {"(": 1, ")": -1}.get(bare[i], 0)
            if depth == 0:
                break
        if depth:
            return text
        spans.append((pos, m.start()))
        spans.append((m.start(), i + 1))
        pos = i + 1
    spans.append((pos, len(bare)))
    triples: list[list[str]] = []
    for n, (a, b) in enumerate(spans):
        if n % 2:
            continue
        found = _triples(text[a:b], bare[a:b])
        if found is None or (found and n > 0):
            return text
        triples += found
    if len(triples) < 2:
        return text
    joins = []
    for triple in triples:
        names = " ".join(dict.fromkeys("?" + t[1:] for t in triple if t[0] in "?$"))
        joins.append(f"{{ SELECT {names} WHERE {{ {' '.join(triple)} }} }}" if names else f"{' '.join(triple)} .")
    return "\n  " + "\n  ".join(joins) + "\n  " + " ".join(text[a:b] for n, (a, b) in enumerate(spans) if n % 2) + "\n"


def _triples(text: str, bare: str) -> list[list[str]] | None:
    """The triple patterns of a triples block (subject, predicate, object as written), or None if
    it holds anything but plain terms."""
    terms, pos = [], 0
    for m in _TERM.finditer(bare):
        if m.start() != pos:
            return None
        pos = m.end()
        if not m.group().isspace():
            terms.append(text[m.start():m.end()])
    if pos != len(bare):
        return None
    out: list[list[str]] = []
    current: list[str] = []
    for t in terms:
        if t in (";", ",", "."):
            if len(current) != 3:
                return None
            out.append(current)
            current = [] if t == "." else current[:1] if t == ";" else current[:2]
        else:
            current.append(t)
    if len(current) == 3:
        out.append(current)
    elif current:
        return None
    return out


def _check_scopes(bare: str, text: str) -> None:
    """Refuse $this read where a join would leave it unbound (see _joined); ``bare`` starts at the WHERE brace."""
    frames: list[str] = []  # top | exists | group
    parens: list[int] = []
    for m in re.finditer(r"\bEXISTS\s*\{|[{}()]|[?$]this\b", bare, re.I):
        tok = m.group()
        if tok.endswith("{"):
            parent = frames[-1] if frames else None
            frames.append("top" if parent is None else "exists" if parent == "exists" or parent == "top" and tok[0] in "Ee"
                          else "group" if parent == "top" else "deep")
            parens.append(0)
        elif tok == "}":
            frames.pop()
            parens.pop()
            if not frames:
                return
        elif tok in "()":
            parens[-1] += 1 if tok == "(" else -1
        elif frames[-1] == "deep" or frames[-1] == "group" and parens[-1] > 0:
            raise Unsupported(f"SPARQL constraint reads $this where a join cannot bind it:\n{text}")


@cache
def compiled_shapes() -> list[Constraint] | None:
    """The package's shapes compiled, or None if they need the per-report path."""
    try:
        return compile_shapes(shapes())
    except Unsupported:
        return None


def check_store(directory: Path, constraints: list[Constraint], jobs: int = 0) -> UnitOutcome:
    """The cells and SHACL results of every report in the store at ``directory``, in one outcome."""
    from ..store.read import open_for_reading

    store = open_for_reading(directory)
    if _rows(store, f"ASK {{ ?c <{RDFS.subClassOf}>+ <{FZ.Report}> . ?x a ?c FILTER (?c != <{FZ.Report}>) }}"):
        raise Unsupported("the store has instances of subclasses of fz:Report")
    with ThreadPoolExecutor(max(1, jobs or 2)) as pool:  # Oxigraph evaluates without the GIL
        found = list(pool.map(lambda c: list(_rows(store, c.query)), constraints))
    _give_back_memory()
    facts = store_facts(store)
    _give_back_memory()
    out = UnitOutcome(str(directory))
    fixed: dict[int, frozenset[tuple[str, str]]] = {}  # only for constraints with results: the
    # report holds no copies of the shapes of others
    by_focus: dict[str, list[tuple[int, tuple[Any, ...]]]] = {}
    for i, rows in enumerate(found):
        for row in dict.fromkeys(rows):  # pySHACL counts a repeated row once
            by_focus.setdefault(row[0].value, []).append((i, row))
    for iri in sorted(facts):
        findings = []
        for i, row in by_focus.pop(iri, []):
            if i not in fixed:
                fixed[i] = _fixed_pairs(constraints[i], shapes(), out.structures)
            pairs, finding = _result(constraints[i], fixed[i], [_term(t) for t in row])
            out.results.append(pairs)
            findings.append(finding)
        out.checks += checks_of(findings, [facts[iri]])
    if by_focus:
        raise Unsupported("results for focus nodes that are not reports")
    return out


def _give_back_memory() -> None:
    """Return the heap Oxigraph freed after its joins to the system. glibc keeps freed memory for
    reuse; after the constraint queries of 10,000 reports it held about 0.9 GB that the next phase
    could not use, since Python allocates in arenas of its own."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    try:
        ctypes.CDLL(name).malloc_trim(0)  # type: ignore[union-attr]
    except (OSError, AttributeError, TypeError):  # not glibc: nothing to do
        pass


def _term(t: Any) -> Node | None:
    """A pyoxigraph term as rdflib parses the same N-Triples (blank nodes are refused: pySHACL would
    copy their data into the report)."""
    import pyoxigraph as ox

    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return Literal(t.value, lang=t.language)
        return Literal(t.value) if t.datatype.value == str(XSD.string) else Literal(t.value, datatype=URIRef(t.datatype.value))
    raise Unsupported("a blank node in a validation result")


def _fixed_pairs(c: Constraint, sg: Graph, structures: dict[str, list[str]]) -> frozenset[tuple[str, str]]:
    """What every result of ``c`` says, as (predicate, object) pairs in N-Triples syntax; a blank
    node of the shapes graph (the shape, the sh:sparql node) is copied as pySHACL 0.40 copies it
    (ConstraintComponent.make_v_result) and named by its content, as add_results names it."""
    from pyshacl.rdfutil.clone import clone_blank_node

    g = Graph()

    def copied(node: Node) -> str:
        if isinstance(node, BNode):
            return structure_label(g, clone_blank_node(sg, node, g, keepid=True), structures, 0)
        return nt_term(node)

    pairs = {(nt_term(RDF.type), nt_term(sh("ValidationResult"))),
             (nt_term(sh("sourceConstraintComponent")), nt_term(c.component)),
             (nt_term(sh("sourceShape")), copied(c.shape)),
             (nt_term(sh("resultSeverity")), nt_term(c.severity))}
    if c.path is not None:
        pairs.add((nt_term(sh("resultPath")), nt_term(c.path)))
    if c.source is None:
        pairs |= {(nt_term(sh("resultMessage")), nt_term(m)) for m in c.messages}
    else:
        pairs.add((nt_term(sh("sourceConstraint")), copied(c.source)))
    return frozenset(pairs)


def _result(c: Constraint, fixed: frozenset[tuple[str, str]], row: list[Node | None]) -> tuple[frozenset[tuple[str, str]], Finding]:
    """One validation result for a row of ``c``'s query: its (predicate, object) pairs as
    add_results gives them, and what the cells read of it."""
    focus = row[0]
    assert focus is not None
    pairs = [(nt_term(sh("focusNode")), nt_term(focus))]
    if c.source is None:
        return frozenset(fixed.union(pairs)), Finding(str(focus), c.shape, None, c.severity, c.messages)
    bound = {k: v for k, v in zip(c.variables, row) if v is not None}
    value = bound.pop("value", None) or focus
    pairs.append((nt_term(sh("value")), nt_term(value)))
    fields = {k: v for k, v in bound.items() if k != "this"} | {"this": focus, "value": value}
    messages = []
    for m in set(c.extra) | set(c.messages):
        text = str(m.value)
        for var, val in fields.items():  # as pySHACL's _format_sparql_based_result_message
            text = re.sub("{{[?$]{}}}".format(var), str(val), text)
        messages.append(Literal(text))
    pairs += [(nt_term(sh("resultMessage")), nt_term(m)) for m in messages]
    return frozenset(fixed.union(pairs)), Finding(str(focus), c.shape, value, c.severity, tuple(messages))
