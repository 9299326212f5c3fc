"""Keeping the answers of the stored queries ahead of time (``fazhi serve`` does it at start).

A stored query's first run over 10,000 reports takes seconds to minutes on Oxigraph's engine; the
answer kept afterwards is read in milliseconds, until the store changes. Warming runs every stored
query that needs no parameter once, in a process of its own, so that the page and ``fazhi query``
read kept answers from then on.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Callable

from .read import kept_answer, open_for_reading, run_store_query


def warm(directory: Path, progress: Callable[[str, float], None] | None = None) -> list[str]:
    """Keep the answer of each stored query that needs no parameter on the store at ``directory``;
    returns the queries run (those kept already are not). ``progress`` gets each query run and its
    seconds."""
    from ..query import required_parameters
    from ..resources import query_names

    todo = [n for n in query_names() if not required_parameters(n)]
    store = open_for_reading(directory)
    ran = []
    for name in todo:
        if kept_answer(directory, name, first=True) is not None:  # written last of an answer's files
            continue
        started = time.perf_counter()
        run_store_query(name, store, {}, cache=directory)
        ran.append(name)
        if progress:
            progress(name, time.perf_counter() - started)
    return ran


def main(argv: list[str]) -> int:
    """``python -m kg.store.warm DIR``: what ``fazhi serve`` starts, at a low priority; one line
    per query run."""
    import os

    from ..errors import QueryError
    from .layout import StoreError

    if hasattr(os, "nice"):
        os.nice(10)  # the endpoint's queries come first
    try:
        warm(Path(argv[0]), progress=lambda name, s: print(f"{name} {s:.1f} s", flush=True))
    except (StoreError, QueryError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
