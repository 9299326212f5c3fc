"""Cited documents: titles in 《》 (with nested <> 〈〉 titles) and the 文号 that follow them.

Names in 《》 that are not documents — TV programmes, campaigns, booklets — are told apart by the
form of the title: a document title ends in a kind of document (法, 条例, 办法, 通知, 方案 …), has
a 文号, or is long; a short name next to 节目, 栏目 or 活动 is not a document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..structure import Document, Sentence

DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,14}?[〔\[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*第?\s*\d{1,4}\s*号"
    r"|[\u4e00-\u9fff]{2,12}令\s*(?:第\s*)?\d{1,4}\s*号"
)
_AFTER_TITLE = re.compile(r"^\s*[（(]?\s*(" + DOC_NUMBER.pattern + r")")
_KINDS = re.compile(
    r"(?:法|条例|规定|办法|细则|意见|通知|决定|方案|规划|纲要|计划|清单|目录|标准|规范|规则|准则|指引|指南|要点|制度|"
    r"预案|基准|措施|批复|函|公告|通告|报告|守则|章程|名录|裁量|导则|纪要)(?:（[^（）]*）|\([^()]*\))?$"
)
_NOT_DOC_NEAR = re.compile(r"(?:节目|栏目|专栏|电视|广播|频道|系列|品牌|活动|比赛|大赛|短视频|微电影|手册|读本)")
_INNER = re.compile(r"[<〈＜‹]([^<>〈〉＜＞‹›]+)[>〉＞›]")


@dataclass(frozen=True)
class CitedDocument:
    title: str
    doc_number: str | None
    sentence: Sentence
    start: int  # span of the title (with its 《》) in the normalised text
    end: int
    nested: bool  # the inner title of a notice


def _is_document(title: str, number: str | None, before: str, after: str) -> bool:
    bare = _INNER.sub(r"\1", title)
    if number or "关于" in bare or _KINDS.search(bare):
        return True
    if _NOT_DOC_NEAR.search(before[-6:]) or _NOT_DOC_NEAR.match(after):
        return False
    return len(bare) >= 12


def _titles(text: str) -> list[tuple[int, int]]:
    """Spans of outermost 《…》, allowing 《》 nested inside."""
    spans, depth, start = [], 0, 0
    for i, c in enumerate(text):
        if c == "《":
            if depth == 0:
                start = i
            depth += 1
        elif c == "》" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return spans


def extract_documents(doc: Document) -> list[CitedDocument]:
    """Every document citation of ``doc``."""
    out: list[CitedDocument] = []
    for sent in doc.sentences:
        text = sent.text
        if "《" not in text:
            continue
        for a, b in _titles(text):
            title = text[a + 1:b - 1].strip()
            if not title:
                continue
            m = _AFTER_TITLE.match(text[b:b + 30])
            number = re.sub(r"\s+", "", m.group(1)) if m else None
            if not _is_document(title, number, text[:a], text[b:]):
                continue
            out.append(CitedDocument(title, number, sent, sent.start + a, sent.start + b, False))
            inner_text = title.replace("《", "<").replace("》", ">")
            for inner in _INNER.finditer(inner_text):
                name = inner.group(1).strip()
                if name and _is_document(name, number, "", ""):
                    out.append(CitedDocument(name, number, sent, sent.start + a + 1 + inner.start(), sent.start + a + 1 + inner.end(), True))
    return out
