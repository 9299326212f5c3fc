"""Mapping sections to the report parts the rules require, from headings and content.

A heading that holds a part's heading cue (from the ontology) gives its section that part, and
the section's subsections inherit it, so a part given only as a sub-item counts. Sentences can
show a part too: causes given inside a shortcomings section (究其原因…), a plan paragraph that
opens with 下一步…, the head's 第一责任人 duties described under another heading. Top-level
sections that no cue names, standing before the shortcomings and plan, report measures and
results.
"""

from __future__ import annotations

import re
from functools import cache

from ..concepts import PartConcept, report_parts
from .model import Document, Sentence

MEASURES = "part_measures_results"
SHORTCOMINGS = "part_shortcomings"
CAUSES = "part_causes"
PLAN = "part_next_year_plan"
FIRST_RESPONSIBLE = "part_first_responsible_person"

_TITLES = re.compile(r"《[^《》]*(?:《[^《》]*》[^《》]*)*》|<[^<>]*>")


def _outside_titles(text: str) -> str:
    return _TITLES.sub("", text)


def heading_parts(heading: str) -> set[str]:
    """The parts a heading names."""
    h = _outside_titles(heading)
    return {p.id for p in report_parts() if any(cue in h for cue in p.heading_cues)}


@cache
def _cue_patterns(part_id: str) -> re.Pattern[str] | None:
    """The content-cue test of a part, compiled once (see :func:`_content_hit`)."""
    part = next(p for p in report_parts() if p.id == part_id)
    if not part.content_cues:
        return None
    alt = "|".join(map(re.escape, part.content_cues))
    if part.id == SHORTCOMINGS:
        return re.compile(rf"(?:存在|仍有|还有|尚有)[^。；，,]{{0,8}}(?:{alt})|(?:{alt})\s*[：:]")
    if part.id == PLAN:
        return re.compile(rf"^(?:{alt})(?:[，,]|将|我局|工作|要|继续)")
    return re.compile(alt)


def _content_hit(part: PartConcept, sentence: str) -> bool:
    """Whether a sentence gives ``part`` by its wording, not merely mentions a cue.

    Shortcomings: the bureau says it *has* them (存在/仍有 … 不足) or uses the cue as a label
    (不足之处：…). Plan: the sentence opens with the cue (下一步，我局将…). Causes: any cue.
    The 第一责任人 duty: a cue together with 履行/履职.
    """
    pattern = _cue_patterns(part.id)
    if pattern is None:
        return False
    s = _outside_titles(sentence).strip() if "《" in sentence else sentence.strip()
    if part.id == FIRST_RESPONSIBLE and not ("履行" in s or "履职" in s):
        return False
    return (pattern.match(s) if part.id == PLAN else pattern.search(s)) is not None


def assign_parts(doc: Document) -> None:
    """Fill ``Section.parts`` for every section of ``doc``."""
    parts = {p.id: p for p in report_parts()}
    for sec in doc.walk():
        sec.parts = heading_parts(sec.heading)
    _default_measures(doc)
    _by_content(doc, parts)


def _by_content(doc: Document, parts: dict[str, PartConcept]) -> None:
    for sec in [*doc.walk()]:
        inherited = sec.effective_parts()
        for sent in sec.sentences:
            if sent.is_heading:
                continue
            if SHORTCOMINGS in inherited and CAUSES not in inherited and CAUSES in parts and _content_hit(parts[CAUSES], sent.text):
                sec.parts |= inherited | {CAUSES}
                inherited = sec.parts
            for pid in (SHORTCOMINGS, PLAN, FIRST_RESPONSIBLE):
                if pid in parts and pid not in inherited and _content_hit(parts[pid], sent.text):
                    sec.parts |= {pid}
    for sent in doc.preamble:
        _preamble_hit(doc, sent, parts)


def _preamble_hit(doc: Document, sent: Sentence, parts: dict[str, PartConcept]) -> None:
    hits = {pid for pid in (SHORTCOMINGS, PLAN) if pid in parts and _content_hit(parts[pid], sent.text)}
    doc.extra_parts |= hits


def _default_measures(doc: Document) -> None:
    """Top-level sections whose headings name no part, before the shortcomings and the plan."""
    if any(MEASURES in s.parts for s in doc.walk()):
        return
    later = [i for i, s in enumerate(doc.sections) if s.parts & {SHORTCOMINGS, CAUSES, PLAN}]
    for sec in doc.sections[: later[0] if later else len(doc.sections)]:
        if not sec.parts:
            sec.parts = {MEASURES}
    if not doc.sections and len(doc.sentences) >= 3:
        doc.extra_parts |= {MEASURES}
