"""Answers of stored queries kept until the store changes.

A store is written by builds and read for months; a stored query over thousands of reports takes
seconds on Oxigraph's engine (it scans every report), the same answer every time until the next
write. Each answer is kept in ``DIR/query-cache/GENERATION/KEY.json``; every command that changes
the store starts a new generation first (and again when it ends), and removes the old answers.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import uuid
from pathlib import Path
from typing import Callable

from ..output import write_atomic

CACHE = "query-cache"
GENERATION = "fazhi-generation"
Answer = tuple[list[str], list[list[str]]]


def new_generation(directory: Path) -> None:
    """Mark the store as changed: answers kept so far no longer count (call under the writer lock)."""
    write_atomic(directory / GENERATION, (uuid.uuid4().hex + "\n").encode("ascii"))
    shutil.rmtree(directory / CACHE, ignore_errors=True)


def _generation(directory: Path) -> str | None:
    try:
        return (directory / GENERATION).read_text(encoding="ascii").strip() or None
    except OSError:
        return None


def cached(directory: Path, name: str, text: str, params: dict[str, str], compute: Callable[[], Answer]) -> Answer:
    """The answer of stored query ``name`` (with ``text`` and ``params``) on the store at
    ``directory``: kept from an earlier run of this generation, or computed and kept. A store the
    user may not write to is simply not cached."""
    generation = _generation(directory)
    if generation is None:
        return compute()
    key = hashlib.sha256(json.dumps([name, text, sorted(params.items())], ensure_ascii=False).encode("utf-8")).hexdigest()
    path = directory / CACHE / generation / f"{key[:32]}.json"
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        return kept["columns"], kept["rows"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    columns, rows = compute()
    if _generation(directory) == generation:  # not changed by a writer meanwhile
        try:
            write_atomic(path, json.dumps({"query": name, "params": params, "columns": columns, "rows": rows},
                                          ensure_ascii=False).encode("utf-8"))
        except OSError:
            pass
    return columns, rows
