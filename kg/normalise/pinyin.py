"""Removal of pinyin readings that web converters put after characters: ``規(guī)劃`` → ``規劃``.

Only parenthesised runs of tone-marked pinyin syllables right after a Chinese character go;
real parentheses such as ``(2022-2025年)`` or ``(试行)`` hold no tone-marked Latin letters.
"""

from __future__ import annotations

import re

from .offsets import Edit

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_SYLLABLE = rf"[a-zü]*[{_TONED}][a-zü{_TONED}]*"
_READING = re.compile(rf"(?<=[\u3400-\u9fff\uf900-\ufaff])[(（]{_SYLLABLE}(?:[ ,]{_SYLLABLE})*[)）]")


def remove_pinyin(text: str) -> list[Edit]:
    """Edits deleting every pinyin reading that follows a Chinese character."""
    return [Edit(m.start(), m.end(), "") for m in _READING.finditer(text)]
