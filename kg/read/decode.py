"""Bytes → text: encoding detection with charset-normalizer, with clear errors for bad files."""

from __future__ import annotations

import codecs
from pathlib import Path

from ..errors import ReadError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = bytes(range(0, 9)) + bytes(range(14, 32))


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """The decoded text and the Python codec name used; raises :class:`ReadError`."""
    if not data.strip():
        raise ReadError(path, "empty file")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _strict(data, codec, path), codec
    if b"\x00" not in data:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as exc:
            if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
                raise ReadError(path, "truncated: the file ends inside a UTF-8 character") from None
    elif _looks_binary(data):
        raise ReadError(path, "binary file, not text")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        if _looks_binary(data):
            raise ReadError(path, "binary file, not text")
        raise ReadError(path, "cannot detect the text encoding (not UTF-8, GB18030, Big5 or UTF-16)")
    codec = codecs.lookup(best.encoding).name
    text = _strict(data, codec, path)
    if _control_share(text) > 0.02:
        raise ReadError(path, "binary file, not text")
    return text, codec


def _strict(data: bytes, codec: str, path: Path) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 4:
            raise ReadError(path, f"truncated: the file ends inside a {codec} character") from None
        raise ReadError(path, f"undecodable: invalid {codec} bytes at offset {exc.start}") from None


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if sample.count(b"\x00") and not _utf16_like(sample):
        return True
    return sum(sample.count(bytes([c])) for c in _CONTROL) > 0.05 * len(sample)


def _utf16_like(sample: bytes) -> bool:
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return max(even, odd) > 0.2 * len(sample) / 2 and min(even, odd) < 0.05 * len(sample) / 2


def _control_share(text: str) -> float:
    sample = text[:4096]
    bad = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\x0c")
    return bad / max(1, len(sample))
