"""One file through the reading stages: read → normalise → structure → metadata."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import NotAReportError
from .metadata import Metadata, apply_overrides, extract_metadata, load_sidecar, sidecar_path
from .normalise import Normalised, normalise
from .read import MAX_BYTES, Source, read_source
from .structure import Document, structure

_CJK = re.compile(r"[\u4e00-\u9fff]")
_LAW_WORDS = re.compile(r"法治|依法|执法|法律|法规|行政")
#: A report has at least this many Chinese characters.
MIN_CJK = 100


@dataclass
class Report:
    """A report as read: its source, clean text, structure and metadata."""

    source: Source
    normalised: Normalised
    document: Document
    metadata: Metadata


def read_report(path: Path | str, overrides: dict[str, Any] | None = None, max_bytes: int = MAX_BYTES) -> Report:
    """Read one report file; raises :class:`kg.errors.InputError` naming the file and the reason."""
    path = Path(path)
    source = read_source(path, max_bytes)
    norm = normalise(source.text, source.offsets)
    _check_is_report(path, norm.text)
    doc = structure(norm.text)
    meta = extract_metadata(doc)
    side = sidecar_path(path)
    if side is not None:
        meta = apply_overrides(meta, load_sidecar(side), "sidecar", side)
    if overrides:
        meta = apply_overrides(meta, overrides, "option")
    return Report(source, norm, doc, meta)


def _check_is_report(path: Path, text: str) -> None:
    cjk = len(_CJK.findall(text))
    if cjk < MIN_CJK:
        raise NotAReportError(path, f"not a report: only {cjk} Chinese characters of text")
    if len(_LAW_WORDS.findall(text)) < 3:
        raise NotAReportError(path, "not a rule-of-law report: no talk of 法治, 依法, 执法 or 法律")
