"""The compliance shapes on the two seed reports, each validated alone as the checker does, and
every result compared with what the gold file says the report shows."""

from __future__ import annotations

import datetime
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from conftest import load_gold
from kg.build import build, collect_files
from kg.namespaces import FZ, RDF
from kg.resources import shapes

FZS = "https://w3id.org/fazhi-kg/shapes#"
Results = set[tuple[str, str, str]]  # (report, shape local name, severity)


def requirement_shapes() -> list[URIRef]:
    return sorted(s for s in shapes().subjects(FZ.legalBasis, None) if isinstance(s, URIRef))


def validate(data: Graph) -> Results:
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes(), inference="none", use_shapes=requirement_shapes())
    out = set()
    for r in report.subjects(RDF.type, SH.ValidationResult):
        source = report.value(r, SH.sourceShape)
        assert isinstance(source, URIRef) and str(source).startswith(FZS), source
        out.add((str(report.value(r, SH.focusNode)), str(source)[len(FZS):], str(report.value(r, SH.resultSeverity))[len(str(SH)):]))
    return out


@pytest.fixture(scope="module")
def seed_graphs(seeds: Path) -> dict[str, Graph]:
    """Report id (the gold file's stem) → the report's graph alone."""
    result = build(collect_files(sorted(seeds.glob("*.txt"))))
    graphs = {}
    for built in result.built:
        g = Graph()
        for t in result.graphs[built.iri]:
            g.add(t)
        graphs[built.path.stem] = g
    assert set(graphs) == {"anshan-2024", "zhongshan-2024"}
    return graphs


@pytest.fixture(scope="module")
def seed_results(seed_graphs: dict[str, Graph]) -> dict[str, Results]:
    return {name: validate(g) for name, g in seed_graphs.items()}


def failed(results: Results) -> dict[str, str]:
    return {shape: severity for _, shape, severity in results}


def test_anshan_lacks_shortcomings_causes_and_next_year_plan(seed_results: dict[str, Results]) -> None:
    anshan = failed(seed_results["anshan-2024"])
    for part in ("part_shortcomings", "part_causes", "part_next_year_plan"):
        assert anshan.get(part) == "Violation", part
    assert "part_measures_results" not in anshan and "part_first_responsible_person" not in anshan


def test_zhongshan_shows_no_double_random_one_public(seed_results: dict[str, Results]) -> None:
    assert failed(seed_results["zhongshan-2024"]).get("practice_double_random_one_public") == "Violation"


@pytest.mark.parametrize("name", ["anshan-2024", "zhongshan-2024"])
def test_every_result_agrees_with_the_gold_file(seeds: Path, seed_results: dict[str, Results], name: str) -> None:
    gold = load_gold(seeds / f"{name}.gold.json")
    done = {p["id"] for p in gold["practices"] if p["modality"] == "done"}
    signed = datetime.date.fromisoformat(gold["date_signed"]) if gold["date_signed"] else None
    late = signed is not None and signed >= datetime.date(gold["year"] + 1, 4, 1)
    shapes_failed = failed(seed_results[name])
    assert shapes_failed, "a seed report fails some requirement"
    for shape in shapes_failed:
        if shape.startswith("part_"):
            assert not gold["parts"][shape], f"{shape}: gold shows the part"
        elif shape.startswith("practice_"):
            assert shape[len("practice_"):] not in done, f"{shape}: gold shows it done"
        else:
            assert shape == "date_signed_before_april" and late, shape
    for part, present in gold["parts"].items():
        if present is False and part != "part_other_matters":
            assert part in shapes_failed, f"{part}: gold shows the part missing"
    assert late == ("date_signed_before_april" in shapes_failed)


def test_results_are_the_same_for_the_seeds_merged(seed_graphs: dict[str, Graph], seed_results: dict[str, Results]) -> None:
    merged = Graph()
    for g in seed_graphs.values():
        merged += g
    assert validate(merged) == set().union(*seed_results.values())
