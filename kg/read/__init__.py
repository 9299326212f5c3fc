"""Reading: a file as the user has it → decoded original text (and, for HTML, its main text)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import ReadError
from ..normalise.offsets import OffsetMap
from .decode import decode
from .html import extract_main_text, is_html

__all__ = ["Source", "read_source", "MAX_BYTES", "REPORT_SUFFIXES"]

#: Files larger than this are refused; annual reports are tens of kilobytes.
MAX_BYTES = 20 * 1024 * 1024
#: Suffixes that ``fazhi build FOLDER`` picks up.
REPORT_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".shtml", ".xhtml"})


@dataclass(frozen=True)
class Source:
    """A report file as read: ``original`` is its decoded text, the base of every offset."""

    path: Path
    sha256: str
    encoding: str
    media_type: str  # text/plain or text/html
    original: str
    text: str  # the text to normalise: ``original``, or the main text of an HTML page
    offsets: OffsetMap  # from ``text`` into ``original``

    @property
    def name(self) -> str:
        return self.path.name


def read_source(path: Path | str, max_bytes: int = MAX_BYTES) -> Source:
    """Read ``path``; raises :class:`ReadError` with the reason when it is not usable text."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ReadError(path, f"too large: {size / 1e6:.1f} MB (limit {max_bytes / 1e6:.0f} MB)")
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(path, f"cannot read: {exc.strerror or exc}") from None
    return read_bytes(data, path)


def read_bytes(data: bytes, path: Path) -> Source:
    """Decode ``data`` that came from ``path`` (used for the name and the kind of file)."""
    original, encoding = decode(data, path)
    digest = hashlib.sha256(data).hexdigest()
    if is_html(data, path):
        text, offsets = extract_main_text(original, path)
        return Source(path, digest, encoding, "text/html", original, text, offsets)
    return Source(path, digest, encoding, "text/plain", original, original, OffsetMap.identity(len(original)))
