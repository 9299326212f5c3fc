"""Compliance runs: the SHACL shapes over report graphs, with each result's evidence and legal basis.

``check(paths)`` validates every report (report files, or graphs written by ``fazhi build``),
one small graph per report in worker processes, and returns the standard SHACL validation report
plus a requirement-by-report table for people. A store is checked as a whole by the shapes compiled
to SPARQL on Oxigraph (compiled.py) when they allow it, report by report otherwise.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from ..errors import InputError
from .compiled import Unsupported, check_store, compiled_shapes
from .engine import UnitOutcome, merge_lines, run_units
from .model import FAIL, PASS, Cell, CheckResult, ReportCheck
from .requirements import Requirement, requirements
from .units import Unit, units_from, units_from_store


def check(paths: Iterable[Path], jobs: int = 0, progress: Callable[[str], None] | None = None,
          store: Path | None = None) -> CheckResult:
    """Validate every report in ``paths`` (and in ``store``); bad inputs are reported and the rest
    still checked."""
    fast = _compiled_check(store, jobs) if store is not None else None
    units: list[Unit] = list(units_from_store(store)) if store is not None and fast is None else []
    errors: list[InputError] = []
    for path in paths:
        try:
            units.extend(units_from(Path(path)))
        except InputError as exc:
            errors.append(exc)
    outcomes = run_units(units, jobs, (lambda o: progress(o.name)) if progress else None)
    if fast is not None:
        outcomes.append(fast)
        if progress:
            progress(fast.name)
    reports: list[ReportCheck] = []
    for o in outcomes:
        if o.error:
            errors.append(InputError(o.name, o.error))
        else:
            reports.extend(o.checks)
    reports.sort(key=lambda r: r.facts.iri)
    return CheckResult(reports, errors, *merge_lines(outcomes))


def _compiled_check(store: Path, jobs: int) -> UnitOutcome | None:
    """The whole store checked by the compiled shapes, or None where they do not apply (the
    per-report path then runs, with the same results)."""
    constraints = compiled_shapes()
    if constraints is None:
        return None
    try:
        return check_store(store, constraints, jobs)
    except Unsupported:
        return None


__all__ = ["Cell", "CheckResult", "PASS", "FAIL", "ReportCheck", "Requirement", "check", "requirements"]
