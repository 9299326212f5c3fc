"""Modality of a practice mention: done, plan or shortcoming.

The part the sentence sits in gives the default (the next-year plan → plan, shortcomings and
their causes → shortcoming, anything else → done); cues in the same clause (有待, 不够, 尚未 …)
mark a weakness anywhere; a plan cue (下一步, 将进一步, 拟 …) outside the plan part marks its own
clause and the rest of the sentence, not the clauses before it (…已完成X，下一步将把Y…: X done, Y plan).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..structure.parts import CAUSES, PLAN, SHORTCOMINGS
from .lexicon import CLAUSE_MARKS

DONE, PLANNED, SHORTCOMING = "done", "plan", "shortcoming"

WEAK_CUES = re.compile(
    r"有待|不够|尚未|尚不|薄弱|欠缺|不到位|不高|偏低|滞后|不强|缺乏|仍需|还需|差距|短板|不完善|不健全|不规范|"
    r"不平衡|不充分|不完整|不系统|不及时|不严格|跟不上|较弱|较低|亟需|亟待|不足(?!\d)|存在(?:一定|一些)?(?:问题|不足)"
)
# 不足 as a remedy's object (弥补不足, 补齐短板) is work done, not a weakness.
_REMEDY = re.compile(r"(?:弥补|补齐|补足|补强|解决|克服|整改|查找|分析|研究)[^，。；]{0,6}(?:不足|短板|差距|问题)")
#: After 将, these always say "will"; the verbs may instead follow 将 as the object marker (see _plans).
_WILL = "把|于|继续|进一步|持续|全面|加快|深入|不断|着力|加大|积极|重点|大力|切实"
_WILL_VERBS = "推动|推进|强化|完善|建立|开展|严格|围绕|坚持"
PLAN_CUES = re.compile(
    r"^(?:下一步|下一年度|下步|明年|今后|\d{4}年(?:[，,])?(?:我局)?将)|"
    rf"将(?:{_WILL}|{_WILL_VERBS})|"
    # 拟作出/拟给予 name a proposed decision inside a procedure, not a plan of the bureau.
    r"(?<![模虚])拟(?!定|人化|作出|做出|给予|处以|对|任|聘|吊销|没收|罚|责令|暂扣|查封|扣押|关闭)|计划(?:于|在|年内|今年|明年|全年|分)|力争|争取"
)
# 将 before a verb may also mark the verb phrase as the object of a verb of placing (将推进法治建设
# 摆在突出位置, 将履职情况纳入述职): work done. 将 before an adverb (将进一步, 将继续) is always future.
_FUTURE = re.compile(rf"将(?:{_WILL})")
_PLACING = re.compile(r"纳入|列入|摆在|放在|作为|融入|贯穿|写入|嵌入|转化为|固化为")
#: A clause: a run of text up to and including its comma, semicolon, colon or full stop.
CLAUSE = re.compile(f"[^{CLAUSE_MARKS}]+[{CLAUSE_MARKS}]?")


def is_weakness(text: str) -> bool:
    return bool(WEAK_CUES.search(_REMEDY.sub("", text)))


def modality(sentence: str, pos: int, parts: set[str]) -> str:
    """Modality of a mention at ``pos`` of ``sentence`` in a section showing ``parts``."""
    if PLAN in parts:
        return PLANNED
    if SHORTCOMINGS in parts or CAUSES in parts:
        return SHORTCOMING
    clauses = _clause_cues(sentence)
    weak = next((w for start, end, w, _ in clauses if start <= pos < end), None)
    if weak is None:  # on a mark outside every clause (，，): the sentence as a whole
        weak = is_weakness(sentence)
    if weak:
        return SHORTCOMING
    if any(plans for start, _, _, plans in clauses if start <= pos):
        return PLANNED
    return DONE


@lru_cache(maxsize=64)
def _clause_cues(sentence: str) -> tuple[tuple[int, int, bool, bool], ...]:
    """Each clause of ``sentence`` as (start, end, names a weakness, names a plan): a sentence
    often mentions several practices, and each mention asks about the same clauses."""
    return tuple((m.start(), m.end(), is_weakness(m.group()), _plans(m.group())) for m in CLAUSE.finditer(sentence))


def _plans(clause: str) -> bool:
    for m in PLAN_CUES.finditer(clause):
        if m.group().startswith("将") and not _FUTURE.match(m.group()) and _PLACING.search(clause, m.end()):
            continue
        return True
    return False
