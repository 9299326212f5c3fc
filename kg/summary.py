"""What ``fazhi build`` tells the user at the end: one line per failure, a table of reports."""

from __future__ import annotations

from pathlib import Path

from .build import BuildResult
from .query import format_rows


def failure_lines(result: BuildResult) -> list[str]:
    return [f"error: {exc}" for exc in result.failed]


def summary_text(result: BuildResult, output: Path) -> str:
    columns = ["file", "issuer", "level", "year", "signed", "parts", "sections", "sentences"]
    rows = []
    for b in result.built:
        m, doc = b.report.metadata, b.report.document
        rows.append([
            b.path.name, m.issuer or "(unknown)", m.level or "", str(m.year or ""),
            m.date_signed.isoformat() if m.date_signed else "", str(len(doc.parts)),
            str(sum(1 for _ in doc.walk())), str(len(doc.sentences)),
        ])
    triples = sum(b.triples for b in result.built)
    table = format_rows(columns, rows, "table")  # type: ignore[arg-type]
    tail = f"{len(result.built)} report(s) built, {len(result.failed)} failed; {triples} triples written to {output}"
    return table + tail
