"""The files a compliance run leaves: the SHACL validation report, the HTML matrix and the CSV."""

from __future__ import annotations

import re
from pathlib import Path

from ..namespaces import PREFIXES
from ..output import write_atomic
from .model import CheckResult
from .html import html_page
from .render import csv_text

VALIDATION, HTML, CSV = "validation.ttl", "check.html", "check.csv"


def write_check_files(result: CheckResult, out_dir: Path) -> list[Path]:
    """Write the three files into ``out_dir``, each atomically; returns their paths."""
    # one file at a time: for 10,000 reports each is a few hundred MB
    makers = {out_dir / VALIDATION: lambda: report_turtle(result.report_lines), out_dir / HTML: lambda: html_page(result),
              out_dir / CSV: lambda: csv_text(result)}
    for path, make in makers.items():
        write_atomic(path, make().encode("utf-8"))
    return list(makers)


_PREFIXES = {"sh": "http://www.w3.org/ns/shacl#", "rdf": str(PREFIXES["rdf"]), "xsd": str(PREFIXES["xsd"]),
             "fz": str(PREFIXES["fz"]), "fzc": str(PREFIXES["fzc"]), "fzd": str(PREFIXES["fzd"]),
             "fzs": "https://w3id.org/fazhi-kg/shapes#"}
_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_SH_RESULT = "<http://www.w3.org/ns/shacl#result>"


def report_turtle(ntriples: str) -> str:
    """The validation report (N-Triples, as merge_lines writes it) as Turtle, written directly: one
    block per subject, the report first, then its results sorted by what they say (numbered in that
    order), then the copies of shape parts. rdflib took minutes and gigabytes for the report of
    10,000 reports."""
    blocks: dict[str, list[tuple[str, str]]] = {}
    for line in ntriples.splitlines():
        if line:
            s, p, rest = line.split(" ", 2)
            blocks.setdefault(s, []).append((p, rest[:-2]))
    results = {o for s, pairs in blocks.items() for p, o in pairs if p == _SH_RESULT and o in blocks}
    ordered = sorted(results, key=lambda r: sorted(blocks[r]))
    label = {r: f"_:r{i}" for i, r in enumerate(ordered, 1)}
    out = [f"@prefix {k}: <{v}> .\n" for k, v in sorted(_PREFIXES.items())]
    heads = [s for s in blocks if s not in results]
    for s in [h for h in heads if any(p == _SH_RESULT for p, _ in blocks[h])] + ordered + sorted(
            h for h in heads if not any(p == _SH_RESULT for p, _ in blocks[h])):
        pairs = sorted(("a" if p == _RDF_TYPE else _short(p), _short(label.get(o, o))) for p, o in blocks[s])
        body = " ;\n    ".join(f"{p} {o}" for p, o in pairs)
        out.append(f"\n{label.get(s, s)} {body} .\n")
    return "".join(out)


def _short(term: str) -> str:
    """An IRI as a prefixed name where one fits (other terms are already valid Turtle)."""
    if term.startswith("<"):
        iri = term[1:-1]
        for prefix, ns in _PREFIXES.items():
            if iri.startswith(ns) and _LOCAL.fullmatch(iri[len(ns):]):
                return f"{prefix}:{iri[len(ns):]}"
    return term
