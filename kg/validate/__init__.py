"""Compliance runs: the SHACL shapes over report graphs, with each result's evidence and legal basis.

``check(paths)`` validates every report (report files, or graphs written by ``fazhi build``),
one small graph per report in worker processes, and returns the standard SHACL validation report
plus a requirement-by-report table for people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from rdflib import Graph, Literal, URIRef

from ..errors import InputError
from .engine import SH, UnitOutcome, merge_results, run_units
from .evidence import ReportFacts
from .requirements import SEVERITIES, Requirement, requirements
from .units import Unit, units_from

PASS, FAIL = "pass", "fail"


@dataclass(frozen=True)
class Cell:
    """One requirement for one report."""

    requirement: Requirement
    status: str  # pass | fail
    evidence: tuple[str, ...]  # sentences, headings or facts; empty = no evidence
    message: str = ""  # the shape's message (zh) when it fails

    @property
    def severity(self) -> str:
        return self.requirement.severity


@dataclass
class ReportCheck:
    facts: ReportFacts
    cells: list[Cell]
    other: list[str] = field(default_factory=list)  # results of shapes that are not requirements (graph integrity)

    @property
    def violations(self) -> int:
        return sum(c.status == FAIL and c.severity == "Violation" for c in self.cells) + len(self.other)

    @property
    def warnings(self) -> int:
        return sum(c.status == FAIL and c.severity != "Violation" for c in self.cells)


@dataclass
class CheckResult:
    reports: list[ReportCheck]
    errors: list[InputError]
    validation: Graph  # the SHACL validation report (standard vocabulary)

    @property
    def conforms(self) -> bool:
        return (None, URIRef(SH + "conforms"), Literal(True)) in self.validation


def check(paths: Iterable[Path], jobs: int = 0, progress: Callable[[str], None] | None = None) -> CheckResult:
    """Validate every report in ``paths``; bad inputs are reported and the rest still checked."""
    units: list[Unit] = []
    errors: list[InputError] = []
    for path in paths:
        try:
            units.extend(units_from(Path(path)))
        except InputError as exc:
            errors.append(exc)
    outcomes = run_units(units, jobs, (lambda o: progress(o.name)) if progress else None)
    reports: list[ReportCheck] = []
    for o in outcomes:
        if o.error:
            errors.append(InputError(o.name, o.error))
        else:
            reports.extend(_report_checks(o))
    reports.sort(key=lambda r: r.facts.iri)
    return CheckResult(reports, errors, merge_results(outcomes))


def _report_checks(outcome: UnitOutcome) -> list[ReportCheck]:
    g = Graph().parse(data=outcome.results, format="nt") if outcome.results else Graph()
    sh = lambda name: URIRef(SH + name)  # noqa: E731
    failed: dict[tuple[str, str], list[str]] = {}
    other: list[str] = []
    for res in g.objects(None, sh("result")):
        focus, shape = str(g.value(res, sh("focusNode"))), g.value(res, sh("sourceShape"))
        messages = [m for m in g.objects(res, sh("resultMessage")) if isinstance(m, Literal)]
        zh = _chinese(messages)
        value = g.value(res, sh("value"))
        if isinstance(shape, URIRef) and any(r.shape == shape for r in requirements()):
            failed.setdefault((focus, str(shape)), []).append(str(value) if value is not None else "")
            failed[(focus, str(shape)) + ("message",)] = [zh]  # type: ignore[index]
        else:
            severity = SEVERITIES.get(g.value(res, sh("resultSeverity")), "Violation")  # type: ignore[arg-type]
            other.append(f"{severity}: {zh} ({focus})")
    out = []
    for facts in outcome.reports:
        cells = []
        for req in requirements():
            key = (facts.iri, str(req.shape))
            if key in failed:
                message = failed[key + ("message",)][0]  # type: ignore[index]
                cells.append(Cell(req, FAIL, _evidence(req, facts, failed[key], passed=False), message))
            else:
                cells.append(Cell(req, PASS, _evidence(req, facts, [], passed=True)))
        out.append(ReportCheck(facts, cells, sorted(other) if len(outcome.reports) == 1 else other))
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


__all__ = ["Cell", "CheckResult", "PASS", "FAIL", "ReportCheck", "Requirement", "check", "requirements"]
