"""Literals the graph writes over and over (offsets, positions, modalities, labels), made once each.

rdflib checks and normalises every new Literal; a corpus build makes millions of them, most repeats.
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import Literal

from ..namespaces import XSD


@lru_cache(maxsize=1 << 17)
def offset(n: int) -> Literal:
    """A character offset (nif:beginIndex/endIndex)."""
    return Literal(n, datatype=XSD.nonNegativeInteger)


@lru_cache(maxsize=1 << 12)
def integer(n: int) -> Literal:
    return Literal(n)


@lru_cache(maxsize=1 << 12)
def token(text: str) -> Literal:
    """A short string from a small vocabulary: a modality, a rule name, a matched label."""
    return Literal(text)


@lru_cache(maxsize=1 << 8)
def year(y: int) -> Literal:
    return Literal(str(y), datatype=XSD.gYear)
