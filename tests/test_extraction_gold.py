"""Extraction against every gold file: the seeds must reach the issue's targets; our own
annotated reports (written without looking at the extractor) must stay at or above the floors
measured when they were added. The figures are printed (pytest -s) for the closing notes."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from conftest import gold_cases, load_gold
from kg.build import build
from kg.query import run_query

SCORE_PY = Path(__file__).resolve().parent.parent / "benchmarks" / "score.py"
QUERIES = {"practices": "practices", "metrics": "metrics", "documents": "documents-cited", "persons": "persons"}
TARGETS = {"practices": 0.95, "metrics": 0.95, "documents": 0.95, "persons": 0.90, "indicator": 0.85}
#: Our own reports must reach the issue's targets too (measured: practices 0.98 F1).
OWN_FLOORS = {"practices": 0.95, "metrics": 0.95, "documents": 0.95, "persons": 0.90, "indicator": 0.85}
#: Sets A and B were held out, then tuned on (tests/data/heldout*/README.md); they guard against
#: regressions at what they measured then (practices 0.943, metrics 0.971, persons 0.985, indicator 0.908).
#: Set C (heldout-c) stays held out: it is in no floor.
DEV_FLOORS = {"practices": 0.94, "metrics": 0.97, "documents": 1.0, "persons": 0.98, "indicator": 0.90}
DEV_SETS = [Path(__file__).resolve().parent / "data" / name for name in ("heldout", "heldout-b")]


def _score_module():
    spec = importlib.util.spec_from_file_location("fazhi_benchmark_score", SCORE_PY)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[spec.name] = module  # type: ignore[union-attr]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _rows(path: Path) -> dict[str, list[dict[str, str]]]:
    result = build([path])
    assert not result.failed, result.failed
    out = {}
    for category, query in QUERIES.items():
        columns, rows = run_query(query, result.dataset)
        out[category] = [{c: ("" if v is None else str(v)) for c, v in zip(columns, row)} for row in rows]
    return out


def _figures(cases: list[tuple[Path, Path]]) -> dict:
    score = _score_module()
    results = [score.score_rows(load_gold(gold), _rows(report)) for report, gold in cases]
    total = score.micro_average(results)
    figures = {c: total[c]["f1"] for c in ("practices", "metrics", "documents", "persons")}
    figures["indicator"] = total["indicator"]["accuracy"]
    print("\n" + ", ".join(f"{k} {v:.3f}" for k, v in figures.items()))
    return figures


SEEDS = [c for c in gold_cases() if c[1].parent.name == "seeds"]
OWN = [c for c in gold_cases() if c[1].parent.name != "seeds"]


def test_seeds_reach_the_targets() -> None:
    assert len(SEEDS) == 2
    figures = _figures(SEEDS)
    for key, target in TARGETS.items():
        assert figures[key] >= target, (key, figures[key])


@pytest.mark.skipif(not OWN, reason="no own annotated reports")
def test_own_reports_stay_above_the_floors() -> None:
    assert len(OWN) >= 8
    figures = _figures(OWN)
    for key, floor in OWN_FLOORS.items():
        assert figures[key] >= floor, (key, figures[key])


def test_development_sets_stay_above_their_floors() -> None:
    cases = [(gold.with_name(gold.name[: -len(".gold.json")] + ".txt"), gold)
             for folder in DEV_SETS for gold in sorted(folder.glob("*.gold.json"))]
    assert len(cases) == 8
    figures = _figures(cases)
    for key, floor in DEV_FLOORS.items():
        assert figures[key] >= floor, (key, figures[key])
