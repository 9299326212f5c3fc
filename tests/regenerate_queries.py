"""Regenerate the expected rows of the stored queries: ``python tests/regenerate_queries.py [NAME...]``.

Each folder ``tests/queries/<query-name>`` holds ``data.trig`` (a small hand-written dataset: a few
reports as named graphs; the ontology is added when it is loaded, as for every query), optionally
``params.json`` (the query's parameters, as ``--param`` takes them) and ``expected.csv``, the rows
``fazhi query NAME data.trig --format csv`` prints. Run this after a change that is meant to change
the rows, then read the diff before committing it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kg.query import format_rows, load_graphs, run_query

CASES = Path(__file__).resolve().parent / "queries"


def case_params(folder: Path) -> dict[str, str]:
    """The parameters of a case: ``params.json`` when there is one."""
    path = folder / "params.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def case_rows(folder: Path) -> tuple[str, int]:
    """The CSV the case's query gives on the case's data, and its number of rows."""
    ds = load_graphs([folder / "data.trig"])
    columns, rows = run_query(folder.name, ds, case_params(folder))
    return format_rows(columns, rows, "csv"), len(rows)


def main(names: list[str]) -> None:
    for folder in sorted(p for p in CASES.iterdir() if p.is_dir() and (not names or p.name in names)):
        text, count = case_rows(folder)
        (folder / "expected.csv").write_text(text, encoding="utf-8")
        print(f"{folder.name}: {count} rows")


if __name__ == "__main__":
    main(sys.argv[1:])
