"""Answers of stored queries kept until the store changes.

A store is written by builds and read for months; a stored query over thousands of reports takes
seconds on Oxigraph's engine (it scans every report), the same answer every time until the next
write. Each answer is kept, as a SPARQL 1.1 Query Results JSON document (served as it is by
``fazhi serve``'s page server), in
``DIR/query-cache/GENERATION/KEY.json``; every command that changes the store starts a new
generation first (and again when it ends), and removes the old answers.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import uuid
from pathlib import Path
from typing import Any, Callable

from ..output import write_atomic

CACHE = "query-cache"
GENERATION = "fazhi-generation"
#: Part of every key: answers kept in another layout are not read.
LAYOUT = "sparql-results-json"
#: A SPARQL 1.1 Query Results JSON document: {"head": {"vars": [...]}, "results": {"bindings": [...]}}.
Answer = dict[str, Any]


def new_generation(directory: Path) -> None:
    """Mark the store as changed: answers kept so far no longer count (call under the writer lock)."""
    write_atomic(directory / GENERATION, (uuid.uuid4().hex + "\n").encode("ascii"))
    shutil.rmtree(directory / CACHE, ignore_errors=True)


def _generation(directory: Path) -> str | None:
    try:
        return (directory / GENERATION).read_text(encoding="ascii").strip() or None
    except OSError:
        return None


def _path(directory: Path, generation: str, name: str, text: str, params: dict[str, str]) -> Path:
    key = hashlib.sha256(json.dumps([LAYOUT, name, text, sorted(params.items())], ensure_ascii=False).encode("utf-8")).hexdigest()
    return directory / CACHE / generation / f"{key[:32]}.json"


def kept_file(directory: Path, name: str, text: str, params: dict[str, str]) -> Path | None:
    """The file of the answer kept for stored query ``name`` (``text``, ``params`` as N-Triples
    terms) in this generation of the store at ``directory``, or None."""
    generation = _generation(directory)
    if generation is None:
        return None
    path = _path(directory, generation, name, text, params)
    return path if path.is_file() else None


def kept(directory: Path, name: str, text: str, params: dict[str, str]) -> Answer | None:
    """The answer kept for stored query ``name`` in this generation of the store, or None."""
    path = kept_file(directory, name, text, params)
    if path is None:
        return None
    try:
        answer = json.loads(path.read_bytes())
        whole = isinstance(answer["head"]["vars"], list) and isinstance(answer["results"]["bindings"], list)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return answer if whole else None  # type: ignore[no-any-return]


def cached(directory: Path, name: str, text: str, params: dict[str, str], compute: Callable[[], Answer]) -> Answer:
    """The answer of stored query ``name`` (``text``, ``params`` as N-Triples terms) on the store at
    ``directory``: kept from an earlier run of this generation, or computed and kept. A store the
    user may not write to is simply not cached."""
    generation = _generation(directory)
    if generation is None:
        return compute()
    answer = kept(directory, name, text, params)
    if answer is not None:
        return answer
    answer = compute()
    if _generation(directory) == generation:  # not changed by a writer meanwhile
        try:
            write_atomic(_path(directory, generation, name, text, params),
                         json.dumps(answer, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        except OSError:
            pass
    return answer
