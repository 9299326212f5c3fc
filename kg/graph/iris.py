"""Stable IRIs derived from content, so that two builds of the same input give the same graph."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from rdflib import URIRef

from ..namespaces import FZD


def _seg(text: str) -> str:
    """A path segment: Chinese and other letters stay readable (IRIs allow them); the rest is escaped."""
    return "".join(c if c.isalnum() or c in "-_.()（）" else quote(c, safe="") for c in text)


def report_iri(issuer: str | None, year: int | None, sha256: str) -> URIRef:
    """``…/report/<issuer>/<year>``; a report whose issuer is unknown is named by its content."""
    who = _seg(issuer) if issuer else f"unknown-{sha256[:12]}"
    return FZD[f"report/{who}/{year if year else 'unknown'}"]


@lru_cache(maxsize=1024)
def bureau_iri(issuer: str) -> URIRef:
    return FZD[f"bureau/{_seg(issuer)}"]


def division_iri(code: str) -> URIRef:
    return FZD[f"division/{code}"]


@lru_cache(maxsize=256)
def source_iri(sha256: str) -> URIRef:
    return FZD[f"source/{sha256}"]


def section_iri(report: URIRef, key: str) -> URIRef:
    return URIRef(f"{report}/section/{key}")


@lru_cache(maxsize=4096)
def sentence_iri(report: URIRef, index: int) -> URIRef:
    return URIRef(f"{report}/sentence/{index}")


_BRACKETS = str.maketrans({"〔": "[", "〕": "]", "［": "[", "］": "]", "（": "(", "）": ")", "【": "[", "】": "]", "〈": "<", "〉": ">", "《": "<", "》": ">"})


def normalise_key(text: str) -> str:
    """A document title or number in one canonical form: NFKC, one kind of bracket, no spaces."""
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", text).translate(_BRACKETS).split())


def document_iri(title: str | None, doc_number: str | None) -> URIRef:
    """One IRI per document across the corpus: from its 文号 when known, else its normalised title."""
    import hashlib

    key = "no:" + normalise_key(doc_number) if doc_number else "title:" + normalise_key(title or "")
    return FZD[f"document/{hashlib.sha1(key.encode('utf-8')).hexdigest()[:16]}"]


@lru_cache(maxsize=1024)
def unit_iri(unit: str) -> URIRef:
    """The unit concept of a unit as written (家次, 万元, %)."""
    from ..namespaces import FZU

    return FZU[_seg(unit)]
