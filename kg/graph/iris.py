"""Stable IRIs derived from content, so that two builds of the same input give the same graph."""

from __future__ import annotations

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


def bureau_iri(issuer: str) -> URIRef:
    return FZD[f"bureau/{_seg(issuer)}"]


def division_iri(code: str) -> URIRef:
    return FZD[f"division/{code}"]


def source_iri(sha256: str) -> URIRef:
    return FZD[f"source/{sha256}"]


def section_iri(report: URIRef, key: str) -> URIRef:
    return URIRef(f"{report}/section/{key}")


def sentence_iri(report: URIRef, index: int) -> URIRef:
    return URIRef(f"{report}/sentence/{index}")
