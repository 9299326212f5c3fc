"""Against the gold files: the stored queries give each report's metadata and exactly its parts.

Runs over the two seed reports and every annotated report of our own in ``tests/data/reports``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import gold_cases, load_gold
from kg.cli import main
from kg.namespaces import FZC

CASES = gold_cases()


def _build(report: Path, folder: Path) -> Path:
    # One graph per case: a garbled variant has the same issuer and year as its clean twin.
    out = folder / (report.name + ".trig")
    res = CliRunner().invoke(main, ["build", str(report), "-o", str(out)])
    assert res.exit_code == 0, res.output
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("gold")
    return {p.name: _build(p, folder) for p, _ in CASES}


def _query(name: str, graph: Path) -> list[dict]:
    res = CliRunner().invoke(main, ["query", name, str(graph), "--format", "json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.output)


def test_the_seeds_are_among_the_cases() -> None:
    names = {p.name for p, _ in CASES}
    assert {"anshan-2024.txt", "zhongshan-2024.txt"} <= names


@pytest.mark.parametrize(("report", "gold"), CASES, ids=[p.name for p, _ in CASES])
def test_reports_query_gives_the_gold_metadata(built: dict[str, Path], report: Path, gold: Path) -> None:
    g = load_gold(gold)
    rows = _query("reports", built[report.name])
    assert len(rows) == 1 and rows[0]["source"] == report.name
    row = rows[0]
    region = g.get("region") or {}
    assert (row["issuer"] or None) == g["issuer"]
    assert (row["level"] or None) == g["level"]
    assert (row["province"] or None) == region.get("province")
    assert (row["city"] or None) == region.get("city")
    assert (row["county"] or None) == region.get("county")
    assert (int(row["year"]) if row["year"] else None) == g["year"]
    assert (row["dateSigned"] or None) == g["date_signed"]


@pytest.mark.parametrize(("report", "gold"), CASES, ids=[p.name for p, _ in CASES])
def test_report_parts_query_gives_exactly_the_gold_parts(built: dict[str, Path], report: Path, gold: Path) -> None:
    g = load_gold(gold)
    got = {r["part"] for r in _query("report-parts", built[report.name])}
    expected = {str(FZC[pid]) for pid, present in g["parts"].items() if present}
    assert got == expected
