"""Structure: normalised text → title, sections, sentences, signature, and the report parts shown."""

from __future__ import annotations

import re

from ..markers import ANY_MARKER
from .model import Document, Section, Sentence
from .parts import assign_parts, heading_parts
from .sections import parse_sections
from .sentences import split_sentences

__all__ = ["Document", "Section", "Sentence", "structure", "heading_parts", "DATE_LINE"]

_TITLE_WORDS = re.compile(r"报告|工作总结|法治政府建设.{0,6}情况$")
_SENTENCE_MARK = re.compile(r"[。！？；，,]")
#: A signed date on a line of its own, Arabic or Chinese numerals.
DATE_LINE = re.compile(r"^[(（]?\s*(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d〇○零一二三四五六七八九十]{1,3}\s*月\s*[\d〇○零一二三四五六七八九十]{1,3}\s*日\s*[)）]?$")
_SIGNER = re.compile(r"^[\u4e00-\u9fff（）()]{2,30}(?:局|厅|部|委员会|办公室|政府|中心|管理处)(?:党委|党组)?$")


def _lines(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def structure(text: str) -> Document:
    """Split normalised ``text`` into a :class:`Document`."""
    lines = _lines(text)
    title = None
    if len(lines) > 1:
        a, b = lines[0]
        first = text[a:b].strip()
        if len(first) <= 60 and not _SENTENCE_MARK.search(first) and _TITLE_WORDS.search(first) and not ANY_MARKER.match(first):
            title = first
            lines = lines[1:]
    closing_lines: list[tuple[int, int]] = []
    while len(lines) > 1:
        a, b = lines[-1]
        line = text[a:b].strip()
        if DATE_LINE.match(line) or (_SIGNER.match(line) and len(closing_lines) < 3):
            closing_lines.insert(0, lines.pop())
        else:
            break
    sections, sentences, preamble = parse_sections(text, lines)
    closing = []
    for a, b in closing_lines:
        for sa, sb in split_sentences(text, a, b):
            s = Sentence(len(sentences) + 1, sa, sb, text[sa:sb])
            sentences.append(s)
            closing.append(s)
    doc = Document(text, title, sections, sentences, preamble, closing)
    assign_parts(doc)
    return doc
