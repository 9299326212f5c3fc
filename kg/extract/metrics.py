"""Metric observations: numbers that report activity or results, with unit, qualifier and indicator.

Not metrics: document numbers, dates and years, ordinals (第一), rule thresholds (罚款5万元以上的
案件), deadlines and durations (7个工作日), magnitudes of simulated earthquakes, numbers inside
document titles, and targets in the next-year plan. A year-on-year change (同比下降17.7%) is the
indicator yoy_change with a signed value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..structure import Document, Sentence
from .lexicon import CLAUSE_MARKS, cue_automaton, indicator_cues, units
from .modality import PLANNED, modality
from .numbers import number_pattern, qualifier, to_decimal

_TITLE = re.compile(r"《[^《》]*(?:《[^《》]*》[^《》]*)*》")
_DURATION_AFTER = re.compile(r"^(?:工作日|个?月|小时|星期|周|季度|年|天)")
_THRESHOLD_CONTEXT = re.compile(r"等|的|重大|案件|决定|需|应|须")
_YOY = re.compile(r"(同比|较上年|比上年|较去年|比去年|与上年相比|与去年相比|较\d{4}年|比\d{4}年)[^，。；]{0,8}?(下降|减少|降低|回落|增长|增加|上升|提高|提升)")
_DOWN = {"下降", "减少", "降低", "回落"}
_CLAUSE_END = re.compile(f"[{CLAUSE_MARKS}]")
_ONE_OK = {"名", "件", "宗"}
_PERCENT_VERB = re.compile(r"(?:达到|达|为|是|保持|实现)$")


@dataclass(frozen=True)
class Observation:
    indicator: str
    value: Decimal
    unit: str
    qualifier: str | None
    sentence: Sentence
    start: int  # span of the number and its unit in the normalised text
    end: int
    cue: str | None


def _clause_bounds(text: str, a: int, b: int) -> tuple[int, int]:
    left = max((m.end() for m in _CLAUSE_END.finditer(text, 0, a)), default=0)
    right = _CLAUSE_END.search(text, b)
    return left, right.start() if right else len(text)


def _is_metric(text: str, m: re.Match[str], title_spans: list[tuple[int, int]]) -> bool:
    a, b = m.start(), m.end()
    num, unit = m.group("num"), m.group("unit")
    if any(s <= a < e for s, e in title_spans):
        return False
    if a > 0 and text[a - 1] in "第序编号":
        return False
    if a > 0 and (text[a - 1].isdigit() or text[a - 1] in "〔[［(（-—.:：/"):
        return False
    kind = units().get(unit)
    if kind is not None and kind.kind.startswith("duration"):
        return False
    if _DURATION_AFTER.match(text[b:]):
        return False
    if unit == "小时" and not re.search("培训|学时|课时|学习", text):
        return False
    if not num[0].isdigit() and num == "一" and unit not in _ONE_OK:
        return False
    if not num[0].isdigit() and unit not in ("名", "人") and re.match(r"[\u4e00-\u9fff]", text[b:b + 1]):
        return False  # 三项制度, 四个类别: a numeral inside a name, not a count
    if m.group("post") in ("以上", "以下"):
        _, right = _clause_bounds(text, a, b)
        if _THRESHOLD_CONTEXT.search(text[b:right]) or re.match(r"、[^，。；]{0,10}(?:以上|以下)", text[b:]):
            return False
    return True


def _indicator(text: str, a: int, b: int, unit: str, hits: list[tuple[int, int, str]]) -> tuple[str, str | None]:
    """The indicator of the number at ``text[a:b]``, from the cues ``hits`` (start, end, cue) of
    its sentence: the nearest cue before it in its clause whose indicator takes the unit, then
    cues further back, then cues after it."""
    cues = indicator_cues()
    left, right = _clause_bounds(text, a, b)
    canonical = units()[unit].canonical if unit in units() else unit
    found: list[tuple[int, str]] = []
    for start, end, cue in hits:
        if end <= a:
            found.append((a - end + (0 if start >= left else 40), cue))
        elif start >= b and start < right:
            found.append((start - b + 20, cue))
    ordered = _by_specificity(text, a, sorted(found))
    for _, cue in ordered:
        for cid, typical in cues[cue]:
            typical_canon = {units()[u].canonical if u in units() else u for u in typical}
            if unit in typical or canonical in typical_canon:
                return cid, cue
    if ordered and ordered[0][0] <= 1:
        # A cue right before the number names the indicator even in an unusual unit (隐患1205宗).
        return cues[ordered[0][1]][0][0], ordered[0][1]
    return "other", None


def _by_specificity(text: str, a: int, found: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Cues by distance, but a cue that overlaps or directly precedes a nearer one comes first:
    in 计划检查企业 the cue 计划检查 says more than 检查企业, in 培训执法人员 培训 more than 执法人员."""
    if not found:
        return found
    best_dist, best = found[0]
    best_start = a - best_dist - len(best)
    for dist, cue in found[1:]:
        start = a - dist - len(cue)
        if start < best_start <= start + len(cue) and dist < 40:
            return [(dist, cue)] + found
    return found


def _title_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _TITLE.finditer(text)]


def extract_metrics(doc: Document) -> list[Observation]:
    """Every metric observation of ``doc``."""
    out: list[Observation] = []
    pattern = number_pattern()
    for sent in doc.sentences:
        if sent in doc.closing or sent.is_heading and not re.search(r"\d", sent.text):
            continue
        text = sent.text
        titles = _title_spans(text)
        hits = [(end + 1 - len(cue), end + 1, cue) for end, cue in cue_automaton().iter(text)]
        parts = sent.section.effective_parts() if sent.section else set(doc.extra_parts)
        for m in pattern.finditer(text):
            if not _is_metric(text, m, titles):
                continue
            if modality(text, m.start(), parts) == PLANNED:
                continue
            value = to_decimal(m.group("num"), m.group("mult"))
            unit = m.group("unit")
            qual = qualifier(m.group("pre"), m.group("mid"), m.group("post"))
            left, _ = _clause_bounds(text, m.start(), m.end())
            yoy = None
            for y in _YOY.finditer(text, 0, m.start()):
                if y.end() > left - 12 and unit in ("%", "个百分点"):
                    yoy = y
            if yoy is not None:
                sign = -1 if yoy.group(2) in _DOWN else 1
                out.append(Observation("yoy_change", sign * value, unit, qual, sent, sent.start + m.start(), sent.start + m.end(), yoy.group()))
                continue
            indicator, cue = _indicator(text, m.start(), m.end(), unit, hits)
            out.append(Observation(indicator, value, unit, qual, sent, sent.start + m.start(), sent.start + m.end(), cue))
        for m in re.finditer("百分百", text):
            indicator, cue = _indicator(text, m.start(), m.end(), "%", hits)
            out.append(Observation(indicator, Decimal(100), "%", None, sent, sent.start + m.start(), sent.start + m.end(), cue))
    return out
