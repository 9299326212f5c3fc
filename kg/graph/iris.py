"""Stable IRIs derived from content, so that two builds of the same input give the same graph.

Each is returned as plain text; the builder writes it as an N-Triples term."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from ..namespaces import FZD, FZU

_ID = str(FZD)


def _seg(text: str) -> str:
    """A path segment: Chinese and other letters stay readable (IRIs allow them); the rest is escaped."""
    return "".join(c if c.isalnum() or c in "-_.()（）" else quote(c, safe="") for c in text)


def report_iri(issuer: str | None, year: int | None, sha256: str) -> str:
    """``…/report/<issuer>/<year>``; a report whose issuer is unknown is named by its content."""
    who = _seg(issuer) if issuer else f"unknown-{sha256[:12]}"
    return f"{_ID}report/{who}/{year if year else 'unknown'}"


@lru_cache(maxsize=1024)
def bureau_iri(issuer: str) -> str:
    return f"{_ID}bureau/{_seg(issuer)}"


def division_iri(code: str) -> str:
    return f"{_ID}division/{code}"


def source_iri(sha256: str) -> str:
    return f"{_ID}source/{sha256}"


def section_iri(report: str, key: str) -> str:
    return f"{report}/section/{key}"


def sentence_iri(report: str, index: int) -> str:
    return f"{report}/sentence/{index}"


def dataset_iri(indicator: str) -> str:
    """The Data Cube data set of one indicator."""
    return f"{_ID}dataset/{indicator}"


def person_iri(scope: str, name: str) -> str:
    return f"{_ID}person/{scope}/{name}"


_BRACKETS = str.maketrans({"〔": "[", "〕": "]", "［": "[", "］": "]", "（": "(", "）": ")", "【": "[", "】": "]", "〈": "<", "〉": ">", "《": "<", "》": ">"})


def normalise_key(text: str) -> str:
    """A document title or number in one canonical form: NFKC, one kind of bracket, no spaces."""
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", text).translate(_BRACKETS).split())


def document_iri(title: str | None, doc_number: str | None) -> str:
    """One IRI per document across the corpus: from its 文号 when known, else its normalised title."""
    import hashlib

    key = "no:" + normalise_key(doc_number) if doc_number else "title:" + normalise_key(title or "")
    return f"{_ID}document/{hashlib.sha1(key.encode('utf-8')).hexdigest()[:16]}"


@lru_cache(maxsize=1024)
def unit_iri(unit: str) -> str:
    """The unit concept of a unit as written (家次, 万元, %)."""
    return str(FZU) + _seg(unit)
