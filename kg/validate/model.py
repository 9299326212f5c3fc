"""What a compliance run finds: one cell per report and requirement, and the run as a whole."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from rdflib import Graph

from ..errors import InputError
from .evidence import ReportFacts
from .requirements import Requirement

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
    report_chunks: list[str]  # the SHACL validation report (standard vocabulary) as N-Triples, in chunks of whole lines
    conforms: bool

    @property
    def report_lines(self) -> str:
        """The SHACL validation report as one N-Triples text (joined when asked for: 400 MB for
        10,000 reports)."""
        return "".join(self.report_chunks)

    @cached_property
    def validation(self) -> Graph:
        """The SHACL validation report as an rdflib graph (parsed when first asked for: at 10,000
        reports it holds millions of triples)."""
        from .engine import parse_report

        return parse_report(self.report_chunks)
