"""Numbers as reports write them: 1.4万余人, 36000多万元, 三十二次, 约86万份, 百分百."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from ..numerals import cn_to_int
from .lexicon import units

QUALIFIERS = {
    "约": "approx", "近": "approx", "大约": "approx", "将近": "approx", "左右": "approx",
    "多": "more_than", "余": "more_than", "超": "more_than", "超过": "more_than", "逾": "more_than", "以上": "more_than",
    "不少于": "at_least", "不低于": "at_least",
    "不足": "less_than", "不到": "less_than", "以下": "less_than", "以内": "less_than",
}
_CN = "零〇一二两三四五六七八九十百千"


@cache
def number_pattern() -> re.Pattern[str]:
    """A number with its qualifiers and a unit of the ontology's unit table."""
    unit_alts = sorted(set(units()) | {"%", "个百分点"}, key=lambda u: (-len(u), u))
    return re.compile(
        r"(?P<pre>不少于|不低于|超过|大约|将近|约|近|超|逾|不足|不到)?"
        rf"(?P<num>\d+(?:\.\d+)?|[{_CN}]+(?:[万亿][{_CN}]*)?)"
        r"(?P<mult>[万亿])??"
        r"(?P<mid>余|多)?"
        rf"(?P<unit>{'|'.join(map(re.escape, unit_alts))})"
        r"(?P<post>以上|以下|以内|左右|余)?"
    )


def to_decimal(num: str, mult: str | None) -> Decimal:
    """The value of a numeral with an optional 万/亿 multiplier."""
    value = Decimal(num) if num[0].isdigit() else Decimal(cn_to_int(num))
    if mult == "万":
        value *= 10_000
    elif mult == "亿":
        value *= 100_000_000
    return value


def qualifier(*cues: str | None) -> str | None:
    for cue in cues:
        if cue and cue in QUALIFIERS:
            return QUALIFIERS[cue]
    return None


def plain(value: Decimal) -> str:
    """A decimal without exponent or trailing zeros: 14000, 85.6."""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def canonical_decimal(value: Decimal) -> str:
    """The canonical xsd:decimal form (14000.0, 85.6), so that graphs compare term for term."""
    text = plain(value)
    return text if "." in text else text + ".0"
