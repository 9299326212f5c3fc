"""Terms of a report's graph written as N-Triples text while it is built.

A corpus build writes millions of statements, and the store's loader reads N-Quads: making each
term an rdflib object first and writing it out again cost half of a worker's time. The builder
therefore makes the text directly; ``to_rdflib`` gives rdflib terms to the paths that want them
(``fazhi build -o``, the in-memory checks).
"""

from __future__ import annotations

import re
from functools import lru_cache

from rdflib import Literal, URIRef
from rdflib.term import Node

from ..output import literal

__all__ = ["Statement", "Vocabulary", "iri", "literal", "to_rdflib"]

#: A statement as three N-Triples terms.
Statement = tuple[str, str, str]

_UNESCAPES = {"\\": "\\", '"': '"', "n": "\n", "r": "\r"}
_ESCAPED = re.compile(r"\\(.)")


def iri(value: str) -> str:
    return f"<{value}>"


class Vocabulary:
    """A namespace's terms as N-Triples IRIs: ``Vocabulary(FZ).report`` is ``<…ontology#report>``."""

    def __init__(self, namespace: str) -> None:
        self._namespace = str(namespace)

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        term = self.__dict__[name] = iri(self._namespace + name)  # later lookups skip __getattr__
        return term

    def __getitem__(self, name: str) -> str:
        """A term made from data (not kept: there may be many)."""
        return iri(self._namespace + name)


@lru_cache(maxsize=1 << 16)
def to_rdflib(term: str) -> Node:
    """The rdflib term of an N-Triples term as ``iri`` and ``literal`` write them."""
    if term[0] == "<":
        return URIRef(term[1:-1])
    end = term.rindex('"')
    text = term[1:end]
    if "\\" in text:
        text = _ESCAPED.sub(lambda m: _UNESCAPES[m.group(1)], text)
    rest = term[end + 1:]
    if rest.startswith("@"):
        return Literal(text, lang=rest[1:])
    if rest.startswith("^^<"):
        return Literal(text, datatype=URIRef(rest[3:-1]))
    return Literal(text)
