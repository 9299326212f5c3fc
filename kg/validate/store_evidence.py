"""The evidence of every report of a store (what ``evidence.report_facts`` reads from one report's
graph), read in a few queries over the whole store for the compiled check."""

from __future__ import annotations

import re
from typing import Any, Iterator

from ..namespaces import PREFIXES
from .evidence import ReportFacts


def rows(store: Any, query: str) -> Any:
    """The rows of a SELECT (tuples of pyoxigraph terms, in projection order, read as they come),
    or an ASK's answer."""
    from ..store.read import select

    result = select(store, query)
    if not hasattr(result, "variables"):
        return bool(result)  # an ASK
    return (tuple(r) for r in result)


_PREFIXES = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in ("fz", "skos", "eli", "prov", "nif"))
_EVIDENCE = _PREFIXES + "SELECT ?r %s WHERE { ?r a fz:Report . %s } %s"


# The normaliser removes C0 control characters from the text, so these cannot occur in a sentence.
_ITEM, _FIELD = "\x1e", "\x1f"
#: Each claim as its modality and the text of its sentence, grouped by report and practice (a claim
#: has one practice, modality and sentence as the builder writes it). A node's fz:report is the
#: report whose graph holds it (the builder puts every node under a report's IRI in that graph), so
#: the graph name stands in for it: no join with the two million fz:report triples of 10,000 reports.
_CLAIMS = """SELECT ?r ?p (GROUP_CONCAT(CONCAT(COALESCE(?m, ""), "\\u001F", COALESCE(?t, "")); separator="\\u001E") AS ?g)
WHERE {
  { SELECT ?r WHERE { ?r a fz:Report } }
  { SELECT ?c ?r ?p WHERE { GRAPH ?r { ?c fz:practice ?p } } }
  OPTIONAL { SELECT ?c ?m WHERE { ?c fz:modality ?m } }
  OPTIONAL { { SELECT ?c ?s WHERE { ?c prov:wasDerivedFrom ?s } } OPTIONAL { SELECT ?s ?t WHERE { ?s nif:anchorOf ?t } } }
}
GROUP BY ?r ?p"""


def _begin(value: str | None) -> tuple[int, int]:
    """Order of a citation's start offset as SPARQL's ORDER BY gives it: unbound first."""
    return (0, 0) if value is None else (1, int(value))


def store_facts(store: Any) -> dict[str, ReportFacts]:
    """What evidence.report_facts reads from each report graph, for every report of the store in a
    few queries. Where a node has several values and report_facts takes one (Graph.value), the
    first row of the query is taken."""
    def q(pattern: str, order: str = "") -> Iterator[tuple[str | None, ...]]:  # ?r and the pattern's variables
        return (tuple(None if x is None else f"_:{x.value}" if type(x).__name__ == "BlankNode" else x.value for x in row)
                for row in rows(store, _EVIDENCE % (" ".join(dict.fromkeys(re.findall(r"\?(?!r\b)\w+", pattern))), pattern, order)))

    def flat(query: str) -> Iterator[tuple[str | None, ...]]:
        return (tuple(None if x is None else x.value for x in row) for row in rows(store, _PREFIXES + query))

    facts = {r: ReportFacts(r) for (r,) in q("")}  # type: ignore[index]
    first: dict[tuple[str | None, str], str | None] = {}
    one = lambda node, what, v: first.setdefault((node, what), v)  # noqa: E731
    iri = lambda v: v is not None and not v.startswith("_:")  # noqa: E731  (literals cannot be subjects)
    for r, i, label in q("?r fz:issuer ?i OPTIONAL { ?i skos:prefLabel ?l }"):
        if one(r, "issuer", i) == i and iri(i):
            facts[r].issuer = one(i, "label", label) or ""  # type: ignore[index]
    for field, pred in (("year", "fz:yearCovered"), ("date_signed", "fz:dateSigned")):
        for r, v in q(f"?r {pred} ?v"):
            setattr(facts[r], field, one(r, field, v))  # type: ignore[index]
    for r, src, name in q("?r fz:sourceFile ?s OPTIONAL { ?s fz:fileName ?f }"):
        if one(r, "src", src) == src and iri(src):
            facts[r].file = one(src, "file", name) or ""  # type: ignore[index]
    for r, part in q("?r fz:containsPart ?p"):
        facts[r].parts[part] = []  # type: ignore[index]
    # Oxigraph reads each term from disk, and it joins triple patterns row by row, one lookup each:
    # patterns in subqueries of their own are joined by hashing instead, and the claims come grouped
    # by report and practice, so that each report and practice is read once.
    for sec, heading in flat("SELECT ?sec ?h WHERE { { SELECT ?sec WHERE { ?sec fz:coversPart ?p } } "
                             "{ SELECT ?sec ?h WHERE { ?sec fz:heading ?h } } }"):
        one(sec, "heading", heading)
    seen: set[tuple[str | None, ...]] = set()
    for sec, r, part in flat("SELECT ?sec ?r ?p WHERE { GRAPH ?r { ?sec fz:coversPart ?p } }"):
        heading = first.get((sec, "heading"))
        if r in facts and heading and (r, sec, part) not in seen:
            seen.add((r, sec, part))
            facts[r].parts.setdefault(part, []).append(heading)  # type: ignore[index, arg-type]
    for r, practice, grouped in flat(_CLAIMS):
        if r in facts:
            claims = facts[r].claims.setdefault(practice, [])  # type: ignore[arg-type]
            for item in grouped.split(_ITEM):  # type: ignore[union-attr]
                modality, _, text = item.partition(_FIELD)
                claims.append((modality, text))
    detail: dict[str, dict[str, str | None]] = {}
    for what in ("citedTitle", "docNumber"):
        for c, v in flat(f"SELECT ?c ?v WHERE {{ ?c fz:citedDocument ?d ; fz:{what} ?v }}"):
            detail.setdefault(c, {}).setdefault(what, v)  # type: ignore[arg-type]
    for c, v in flat("SELECT ?c ?v WHERE { ?c fz:citedDocument ?d ; nif:beginIndex ?v }"):
        detail.setdefault(c, {}).setdefault("begin", v)  # type: ignore[arg-type]
    by_doc: dict[tuple[str | None, str | None], list[str]] = {}
    for c, d, r in flat("SELECT ?c ?d ?r WHERE { GRAPH ?r { ?c fz:citedDocument ?d } }"):
        by_doc.setdefault((r, d), []).append(c)  # type: ignore[arg-type]
    for r, doc in flat("SELECT ?r ?d WHERE { ?r a fz:Report ; fz:cites ?d }"):
        # The builder gives the document the title and number of the report's citations, the first
        # in the text first (the one Graph.value then finds); the store's shared node also has those
        # of other reports and of the ontology.
        entry = ["", ""]
        for c in sorted(by_doc.get((r, doc), []), key=lambda c: _begin(detail.get(c, {}).get("begin"))):
            entry[0] = entry[0] or detail[c].get("citedTitle") or ""
            entry[1] = entry[1] or detail[c].get("docNumber") or ""
        if (doc, entry[0], entry[1]) not in facts[r].citations:  # type: ignore[index]
            facts[r].citations.append((doc, entry[0], entry[1]))  # type: ignore[index, arg-type]
    for f in facts.values():
        for v in f.parts.values():
            v.sort()
        for v in f.claims.values():
            v[:] = sorted(set(v))
        f.citations.sort()
    return facts
