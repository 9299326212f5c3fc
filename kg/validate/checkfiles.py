"""The files a compliance run leaves: the SHACL validation report, the HTML matrix and the CSV."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Iterator

from ..namespaces import PREFIXES, RDF
from ..output import nt_term, write_atomic
from .engine import SH_RESULT
from .model import CheckResult
from .html import html_lines
from .render import csv_chunks
from .requirements import SH

VALIDATION, HTML, CSV = "validation.ttl", "check.html", "check.csv"


def write_check_files(result: CheckResult, out_dir: Path) -> list[Path]:
    """Write the three files into ``out_dir``, each atomically; returns their paths."""
    # one file at a time: for 10,000 reports each is a few hundred MB
    makers = {out_dir / VALIDATION: lambda: turtle_chunks(result.report_chunks), out_dir / HTML: lambda: html_lines(result),
              out_dir / CSV: lambda: csv_chunks(result)}
    for path, make in makers.items():
        write_atomic(path, make())
    return list(makers)


_PREFIXES = {"sh": SH, "rdf": str(PREFIXES["rdf"]), "xsd": str(PREFIXES["xsd"]),
             "fz": str(PREFIXES["fz"]), "fzc": str(PREFIXES["fzc"]), "fzd": str(PREFIXES["fzd"]),
             "fzs": "https://w3id.org/fazhi-kg/shapes#"}
_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_RDF_TYPE, _SH_RESULT = nt_term(RDF.type), nt_term(SH_RESULT)


def report_turtle(ntriples: str) -> str:
    return "".join(turtle_chunks(ntriples))


def turtle_chunks(ntriples: str | Iterable[str]) -> Iterator[str]:
    """The validation report (N-Triples, as merge_lines writes it: one text, or chunks of whole
    lines) as Turtle, written directly: one block per subject, the report first, then its results
    sorted by what they say (numbered in that order), then the copies of shape parts. rdflib took
    minutes and gigabytes for the report of 10,000 reports; this keeps one string per block, made
    as soon as a subject's lines are read (only the report names results, so no other block
    depends on their numbers)."""
    prefix = _SH_RESULT + " "
    report: list[str] = []  # the report node's own triples (it is the subject that links the results)
    bodies: dict[str, str] = {}  # any other subject → its block
    linked: set[str] = set()

    def close(subject: str, rests: list[str]) -> None:
        if subject == "_:report" or any(r.startswith(prefix) for r in rests):
            report.extend(rests)
            linked.update(r[len(prefix):] for r in rests if r.startswith(prefix))
        else:
            block = _block(rests, {})
            bodies[subject] = _merged(bodies[subject], block) if subject in bodies else block

    subject, rests = "", []  # merge_lines writes each subject's triples together
    for line in _lines([ntriples] if isinstance(ntriples, str) else ntriples):
        s, _, rest = line.partition(" ")
        if not rest:
            continue
        if s != subject:
            if rests:
                close(subject, rests)
            subject, rests = s, []
        rests.append(rest[:-3])  # less " .\n"
    if rests:
        close(subject, rests)
    results = sorted((bodies.pop(r), r) for r in linked if r in bodies)
    label = {r: f"_:r{i}" for i, (_, r) in enumerate(results, 1)}
    yield from (f"@prefix {k}: <{v}> .\n" for k, v in sorted(_PREFIXES.items()))
    if report:
        yield f"\n_:report {_block(report, label)} .\n"
    yield from (f"\n{label[r]} {body} .\n" for body, r in results)
    yield from (f"\n{s} {bodies[s]} .\n" for s in sorted(bodies))


_PAIRS = " ;\n    "


def _merged(a: str, b: str) -> str:
    """Two blocks of one subject as one (its lines came in two runs). A pair holds no line break
    (N-Triples escapes them), and a predicate sorts before any predicate it is the start of, as in
    _block's sort of (predicate, object) pairs."""
    return _PAIRS.join(sorted(set(a.split(_PAIRS)) | set(b.split(_PAIRS))))


def _lines(chunks: Iterable[str]) -> Iterator[str]:
    """The lines of the ``chunks`` (each of whole lines) one at a time (splitlines or StringIO would
    hold them all, or a copy in four bytes a character: hundreds of MB for the report of 10,000
    reports)."""
    for text in chunks:
        start = 0
        while (end := text.find("\n", start)) >= 0:
            yield text[start:end + 1]
            start = end + 1


def _block(rests: list[str], label: dict[str, str]) -> str:
    """A subject's predicate-object list, sorted, IRIs as prefixed names where they fit."""
    pairs = []
    for rest in rests:
        p, o = rest.split(" ", 1)
        pairs.append(("a" if p == _RDF_TYPE else _short(p), _short(label.get(o, o))))
    return _PAIRS.join(f"{p} {o}" for p, o in sorted(set(pairs)))


def _short(term: str) -> str:
    """An IRI as a prefixed name where one fits (other terms are already valid Turtle)."""
    if term.startswith("<"):
        iri = term[1:-1]
        for prefix, ns in _PREFIXES.items():
            if iri.startswith(ns) and _LOCAL.fullmatch(iri[len(ns):]):
                return f"{prefix}:{iri[len(ns):]}"
    return term
