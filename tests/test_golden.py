"""Golden cases: the graph built from each case's input is isomorphic to its expected graph.

Regenerate with ``python tests/regenerate.py`` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.build import build
from regenerate import CASES, case_input

FOLDERS = sorted(p for p in CASES.iterdir() if p.is_dir())


@pytest.mark.parametrize("folder", FOLDERS, ids=[p.name for p in FOLDERS])
def test_case_graph_matches_expected(folder: Path) -> None:
    result = build([case_input(folder)])
    assert not result.failed, result.failed
    got = Graph()
    for t in result.dataset.triples((None, None, None)):
        got.add(t)
    expected = Graph().parse(folder / "expected.ttl")
    if not isomorphic(got, expected):
        _, only_got, only_expected = graph_diff(to_isomorphic(got), to_isomorphic(expected))
        pytest.fail(
            "graph differs from expected.ttl (run tests/regenerate.py and review the diff)\n"
            f"only built:\n{only_got.serialize(format='nt')}\nonly expected:\n{only_expected.serialize(format='nt')}"
        )
