"""Regenerate the expected graphs of the golden cases: ``python tests/regenerate.py``.

Each folder in ``tests/cases`` holds one input file (and optionally its ``.meta.json`` sidecar);
its ``expected.ttl`` is the graph ``fazhi build`` writes for it. Run this after a change that is
meant to change the graph, then read the diff before committing it.
"""

from __future__ import annotations

from pathlib import Path

from kg.build import build, write_graphs

CASES = Path(__file__).resolve().parent / "cases"


def case_input(folder: Path) -> Path:
    """The one input file of a case folder."""
    (found,) = [p for p in folder.iterdir() if p.name.startswith("input.") and not p.name.endswith(".json")]
    return found


def main() -> None:
    for folder in sorted(p for p in CASES.iterdir() if p.is_dir()):
        result = build([case_input(folder)])
        if result.failed:
            raise SystemExit(f"{folder.name}: {result.failed[0]}")
        write_graphs(result, folder / "expected.ttl")
        print(f"{folder.name}: {sum(b.triples for b in result.built)} triples")


if __name__ == "__main__":
    main()
