"""Golden cases: the graph built from each case's input is isomorphic to its expected graph.

Regenerate with ``python tests/regenerate.py`` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.build import build
from kg.namespaces import FZ, NIF, PROV
from kg.read import read_source
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


@pytest.mark.parametrize("folder", FOLDERS, ids=[p.name for p in FOLDERS])
def test_every_span_gives_its_words_in_the_original_file(folder: Path) -> None:
    """Each node with offsets finds its file (its own nif:referenceContext, or its sentence's), and
    the offsets cut from that file its fz:sourceText, or for a sentence without one its nif:anchorOf."""
    path = case_input(folder)
    original = read_source(path).original
    g = build([path]).dataset
    (source_file,) = set(g.objects(None, FZ.sourceFile))
    sentences_with_own_text = sentences = 0
    for node, begin in g.subject_objects(NIF.beginIndex):
        context = g.value(node, NIF.referenceContext) or g.value(g.value(node, PROV.wasDerivedFrom), NIF.referenceContext)
        assert context == source_file, node
        words = original[int(begin):int(g.value(node, NIF.endIndex))]
        own = g.value(node, FZ.sourceText)
        anchor = g.value(node, NIF.anchorOf)
        if own is not None:
            assert str(own) == words, node
        if anchor is not None:  # a sentence
            sentences += 1
            sentences_with_own_text += own is not None
            assert own is not None or str(anchor) == words, node
            assert own is None or str(own) != str(anchor), node
    assert sentences > 0
    if g.value(source_file, FZ.traditionalSource).toPython():
        assert sentences_with_own_text > 0  # converted to simplified, so the file's words differ
