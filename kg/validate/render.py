"""A compliance run for people and for statistics tools: terminal tables and CSV."""

from __future__ import annotations

import csv
import io

from ..tables import clip, text_table
from .model import FAIL, CheckResult, ReportCheck

NO_EVIDENCE = "no evidence"
CSV_COLUMNS = ["report", "issuer", "year", "file", "requirement", "label", "severity", "result", "evidence", "legal_basis"]


def _mark(status: str, severity: str) -> str:
    if status != FAIL:
        return "pass"
    return "FAIL" if severity == "Violation" else "warn"


def report_table(rc: ReportCheck, failures_only: bool = False) -> str:
    """One report's requirements: result, severity, evidence sentence (or no evidence), legal basis."""
    rows = []
    for c in rc.cells:
        if failures_only and c.status != FAIL:
            continue
        evidence = c.evidence[0] if c.evidence else NO_EVIDENCE
        rows.append([clip(c.requirement.label_zh, 34), _mark(c.status, c.severity), c.severity,
                     clip(evidence, 50), clip(c.requirement.basis[0] if c.requirement.basis else "", 44)])
    head = f"{rc.facts.label}  ({rc.violations} violation(s), {rc.warnings} warning(s))  <{rc.facts.iri}>\n"
    other = "".join(f"  graph: {line}\n" for line in rc.other)
    if not rows:
        return head + other + "  every requirement met\n"
    return head + other + text_table(["requirement", "result", "severity", "evidence", "legal basis"], rows)


def terminal_text(result: CheckResult, failures_only: bool = False) -> str:
    out = [report_table(rc, failures_only) for rc in result.reports]
    failing = sum(rc.violations > 0 for rc in result.reports)
    out.append(f"{len(result.reports)} report(s) checked: {failing} with violations, "
               f"{len(result.reports) - failing} without; {len(result.errors)} input(s) could not be checked\n")
    return "\n".join(out)


def csv_text(result: CheckResult) -> str:
    """One row per report and requirement."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for rc in result.reports:
        f = rc.facts
        for c in rc.cells:
            w.writerow([f.iri, f.issuer, f.year, f.file, c.requirement.key, c.requirement.label_zh, c.severity,
                        c.status, " | ".join(c.evidence), " ; ".join(c.requirement.basis)])
    return buf.getvalue()
