"""Literals the graph writes over and over (offsets, positions, modalities, labels), made once each."""

from __future__ import annotations

from functools import lru_cache

from ..namespaces import XSD
from .terms import literal

_NON_NEGATIVE = str(XSD.nonNegativeInteger)
_INTEGER = str(XSD.integer)
_YEAR = str(XSD.gYear)
DATE = str(XSD.date)
DECIMAL = str(XSD.decimal)

TRUE = literal("true", datatype=str(XSD.boolean))
FALSE = literal("false", datatype=str(XSD.boolean))


@lru_cache(maxsize=1 << 17)
def offset(n: int) -> str:
    """A character offset (nif:beginIndex/endIndex)."""
    return literal(str(n), datatype=_NON_NEGATIVE)


@lru_cache(maxsize=1 << 12)
def integer(n: int) -> str:
    return literal(str(n), datatype=_INTEGER)


@lru_cache(maxsize=1 << 12)
def token(text: str) -> str:
    """A short string from a small vocabulary: a modality, a rule name, a matched label."""
    return literal(text)


@lru_cache(maxsize=1 << 8)
def year(y: int) -> str:
    return literal(str(y), datatype=_YEAR)
