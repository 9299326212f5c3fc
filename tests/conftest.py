"""Shared test fixtures: paths to the seed reports and to our own annotated reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
DATA = Path(__file__).resolve().parent / "data"
OWN_REPORTS = DATA / "reports"


def gold_cases() -> list[tuple[Path, Path]]:
    """(report file, gold file) for the seeds and for every annotated report of our own."""
    cases = []
    for folder in (SEEDS, OWN_REPORTS):
        for gold in sorted(folder.glob("*.gold.json")):
            stem = gold.name[: -len(".gold.json")]
            inputs = [p for p in folder.glob(stem + ".*") if not p.name.endswith(".json")]
            if inputs:
                cases.append((inputs[0], gold))
    return cases


def load_gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seeds() -> Path:
    assert SEEDS.is_dir(), f"the seed reports are expected in {SEEDS} (../shared beside the checkout)"
    return SEEDS


def chromium() -> str:
    """Debian's chromium, which the page tests open pages in (installed by .ci/run)."""
    import shutil

    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "this test needs Debian's chromium (apt-get install chromium fonts-noto-cjk; .ci/run does it)"
    return found
