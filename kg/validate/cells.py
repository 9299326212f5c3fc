"""Turning one unit's SHACL results into cells: for each report and requirement, pass or fail,
with the evidence the report gives and the shape's message."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from .evidence import ReportFacts
from .model import FAIL, PASS, Cell, ReportCheck
from .requirements import SEVERITIES, SH, Requirement, requirements


@dataclass(frozen=True)
class Finding:
    """One SHACL validation result, as much of it as the cells read."""

    focus: str
    shape: Node | None
    value: Node | None
    severity: Node | None
    messages: tuple[Literal, ...]


def report_checks(g: Graph, reports: list[ReportFacts]) -> list[ReportCheck]:
    """The cells of every report in a unit, from the unit's validation results ``g``."""
    sh = lambda name: URIRef(SH + name)  # noqa: E731
    return checks_of([Finding(str(g.value(res, sh("focusNode"))), g.value(res, sh("sourceShape")),
                              g.value(res, sh("value")), g.value(res, sh("resultSeverity")),
                              tuple(m for m in g.objects(res, sh("resultMessage")) if isinstance(m, Literal)))
                      for res in g.objects(None, sh("result"))], reports)


def checks_of(findings: Iterable[Finding], reports: list[ReportFacts]) -> list[ReportCheck]:
    """The cells of ``reports`` given the validation results about them."""
    failed: dict[tuple[str, str], list[str]] = {}  # (report, shape) → values of its results
    messages_of: dict[tuple[str, str], str] = {}
    other: list[str] = []
    shapes = {r.shape for r in requirements()}
    for f in findings:
        zh = _chinese(list(f.messages))
        if isinstance(f.shape, URIRef) and f.shape in shapes:
            failed.setdefault((f.focus, str(f.shape)), []).append(str(f.value) if f.value is not None else "")
            messages_of[(f.focus, str(f.shape))] = zh
        else:
            severity = SEVERITIES.get(f.severity, "Violation")  # type: ignore[arg-type]
            other.append(f"{severity}: {zh} ({f.focus})")
    out = []
    for facts in reports:
        cells = []
        for req in requirements():
            key = (facts.iri, str(req.shape))
            if key in failed:
                cells.append(Cell(req, FAIL, _evidence(req, facts, failed[key], passed=False), messages_of[key]))
            else:
                cells.append(Cell(req, PASS, _evidence(req, facts, [], passed=True)))
        out.append(ReportCheck(facts, cells, sorted(other) if len(reports) == 1 else other))
    return out


def _chinese(messages: list[Literal]) -> str:
    """The Chinese message; pySHACL drops the language tag of some, so failing a tag it is the one
    written most in Chinese script (an English message may quote Chinese titles)."""
    tagged = [str(m) for m in messages if m.language == "zh"]
    if tagged or not messages:
        return tagged[0] if tagged else ""
    return max((str(m) for m in messages), key=lambda m: len(re.findall(r"[\u4e00-\u9fff]", m)) / max(1, len(m)))


def _evidence(req: Requirement, facts: ReportFacts, values: list[str], passed: bool) -> tuple[str, ...]:
    """What the report shows for ``req``: the basis of a pass, or what little there is for a fail."""
    target = str(req.requires) if req.requires is not None else ""
    if req.kind == "part":
        return tuple(facts.parts.get(target, []))
    if req.kind == "practice":
        claims = facts.claims.get(target, [])
        if passed:
            return tuple(text for mod, text in claims if mod == "done")
        return tuple(f"[{mod}] {text}" for mod, text in claims if mod != "done")
    if req.kind == "date":
        return (f"落款日期 {facts.date_signed}",) if facts.date_signed else ()
    cited = {iri: f"《{title}》{number}" for iri, title, number in facts.citations}
    return tuple(cited.get(v, v) for v in values if v)
