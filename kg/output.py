"""Writing output files atomically: the old file stays until the new one is complete."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable

from rdflib import Literal, URIRef
from rdflib.term import Node


def write_atomic(out: Path, data: bytes | Iterable[str]) -> None:
    """Write ``data`` (bytes, or text chunks written as UTF-8 one at a time) to a temporary file
    beside ``out`` and rename it into place."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the file the mode open() would
        with os.fdopen(fd, "wb") as fh:
            if isinstance(data, bytes):
                fh.write(data)
            else:
                for chunk in data:
                    fh.write(chunk.encode("utf-8"))
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def literal(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    """A literal in N-Triples syntax: a plain string, or one with a language tag or a datatype
    (xsd:string is implied)."""
    quoted = '"' + text.translate(_ESCAPES) + '"'
    if lang:
        return f"{quoted}@{lang}"
    if datatype and datatype != _XSD_STRING:
        return f"{quoted}^^<{datatype}>"
    return quoted


#: IRIs written before: a report names the same predicates, classes and concepts thousands of times,
#: and rdflib checks every character of an IRI each time it writes one.
_IRIS: dict[str, str] = {}


def nt_term(term: Node) -> str:
    """A term in N-Triples syntax (literals on one line, escaped)."""
    kind = type(term)
    if kind is URIRef:
        key = str.__str__(term)  # a plain str: rdflib hashes its terms in Python, slowly
        written = _IRIS.get(key)
        if written is None:
            if len(_IRIS) > 200_000:
                _IRIS.clear()
            written = _IRIS[key] = term.n3()
        return written
    if kind is Literal or isinstance(term, Literal):
        assert isinstance(term, Literal)
        return literal(str(term), term.language, term.datatype)
    return term.n3()


def nt_line(s: Node, p: Node, o: Node) -> str:
    """One N-Triples statement, with its line end."""
    return f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n"
