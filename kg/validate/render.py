"""A compliance run for people and for statistics tools: terminal tables and CSV."""

from __future__ import annotations

import csv
import io
from typing import Iterator

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


#: Above this many reports the terminal gets one line per requirement, not a table per report
#: (10,000 reports made 50 MB of tables); check.html and check.csv have every cell.
TABLES_UP_TO = 30


def terminal_text(result: CheckResult, failures_only: bool = False) -> str:
    if len(result.reports) > TABLES_UP_TO:
        out = [summary_table(result, failures_only)]
    else:
        out = [report_table(rc, failures_only) for rc in result.reports]
    failing = sum(rc.violations > 0 for rc in result.reports)
    out.append(f"{len(result.reports)} report(s) checked: {failing} with violations, "
               f"{len(result.reports) - failing} without; {len(result.errors)} input(s) could not be checked\n")
    return "\n".join(out)


def summary_table(result: CheckResult, failures_only: bool = False) -> str:
    """Per requirement, how many reports fail and pass it (only those some report fails, with
    ``failures_only``)."""
    counts: dict[str, list[int]] = {}
    labels: dict[str, tuple[str, str]] = {}
    for rc in result.reports:
        for c in rc.cells:
            key = c.requirement.key
            labels.setdefault(key, (c.requirement.label_zh, c.severity))
            counts.setdefault(key, [0, 0])[c.status != FAIL] += 1
    rows = [[clip(labels[k][0], 34), labels[k][1], str(failed), str(passed)]
            for k, (failed, passed) in counts.items() if failed or not failures_only]
    head = (f"{len(result.reports)} reports: one line per requirement here; every report's cells are in "
            "check.html and check.csv\n")
    return head + text_table(["requirement", "severity", "reports failing", "reports passing"], rows)


def csv_text(result: CheckResult) -> str:
    """One row per report and requirement."""
    return "".join(csv_chunks(result))


def csv_chunks(result: CheckResult) -> Iterator[str]:
    """The CSV a report at a time."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for rc in result.reports:
        f = rc.facts
        for c in rc.cells:
            w.writerow([f.iri, f.issuer, f.year, f.file, c.requirement.key, c.requirement.label_zh, c.severity,
                        c.status, " | ".join(c.evidence), " ; ".join(c.requirement.basis)])
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()
