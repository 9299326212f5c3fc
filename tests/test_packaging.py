"""The wheel ships the ontology, shapes and stored queries, read through package resources."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_contains_ontology_shapes_and_queries(tmp_path: Path) -> None:
    # Building a wheel is a packaging action, not a CLI call, so a subprocess is right here.
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
    )
    wheel = next(tmp_path.glob("fazhi_kg-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, suffix in (("ontology", ".ttl"), ("ontology", ".jsonld"), ("shapes", ".ttl"), ("queries", ".rq")):
        shipped = {n for n in names if n.startswith(f"kg/{folder}/") and n.endswith(suffix)}
        in_repo = {f"kg/{folder}/{p.name}" for p in (ROOT / folder).glob(f"*{suffix}")}
        assert in_repo and shipped == in_repo, folder
    modules = {f"kg/{p.relative_to(ROOT / 'kg').as_posix()}" for p in (ROOT / "kg").rglob("*.py")}
    assert modules and modules <= names, sorted(modules - names)  # every module of the package ships
    assert "kg/samples/anshan-2024.txt" in names
    assert "kg/serve_page.html" in names  # the page of fazhi serve
    assert any(n.endswith("entry_points.txt") for n in names)


def test_resources_are_read_through_the_package() -> None:
    from kg.resources import ontology, query_names, shapes

    assert {"reports", "report-parts"} <= set(query_names())
    assert len(ontology()) > 1000
    assert len(shapes()) > 0
