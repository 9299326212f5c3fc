"""The ontology loads, carries the catalog's ids, and declares every term the code writes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rdflib import Literal, URIRef

from conftest import SHARED
from kg.build import build, collect_files
from kg.namespaces import FZ, FZC, OWL, RDF, RDFS, SKOS
from kg.resources import ontology

SAMPLES = Path(__file__).resolve().parent.parent / "kg" / "samples"


@pytest.fixture(scope="module")
def catalog() -> dict:
    return yaml.safe_load((SHARED / "domain" / "catalog.yaml").read_text(encoding="utf-8"))


def test_catalog_ids_are_concept_local_names(catalog: dict) -> None:
    g = ontology()
    for key in ("report_parts", "practices", "indicators"):
        for entry in catalog[key]:
            iri = FZC[entry["id"]]
            assert (iri, RDF.type, SKOS.Concept) in g, entry["id"]
            labels = {str(o) for o in g.objects(iri, SKOS.prefLabel)}
            assert entry["label_zh"] in labels


def test_every_class_and_property_has_zh_and_en_labels() -> None:
    g = ontology()
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in g.subjects(RDF.type, kind):
            langs = {o.language for o in g.objects(term, RDFS.label) if isinstance(o, Literal)}
            assert {"zh", "en"} <= langs, term


def test_every_term_the_pipeline_writes_is_declared() -> None:
    g = ontology()
    declared = set(g.subjects(RDF.type, OWL.Class)) | set(g.subjects(RDF.type, OWL.ObjectProperty)) | set(g.subjects(RDF.type, OWL.DatatypeProperty))
    result = build(collect_files([SAMPLES]))
    used: set[URIRef] = set()
    for s, p, o in result.dataset.triples((None, None, None)):
        used.add(p)  # type: ignore[arg-type]
        if p == RDF.type:
            used.add(o)  # type: ignore[arg-type]
    ours = {t for t in used if str(t).startswith(str(FZ))}
    assert ours, "the pipeline writes fz: terms"
    assert ours <= declared, sorted(ours - declared)


def test_the_graph_of_the_samples_passes_the_integrity_shapes() -> None:
    import pyshacl

    from kg.resources import integrity_shapes
    result = build(collect_files([SAMPLES]))
    data = result.dataset
    g = ontology()
    merged = type(g)()
    for t in data.triples((None, None, None)):
        merged.add(t)
    for t in g:
        merged.add(t)
    conforms, _, text = pyshacl.validate(merged, shacl_graph=integrity_shapes(), inference="none")
    assert conforms, text
