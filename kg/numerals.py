"""Chinese numerals: 十八 → 18, 二〇二四 → 2024, 三万二千 → 32000."""

from __future__ import annotations

DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL_CHARS = "".join(DIGITS) + "".join(_SMALL_UNITS) + "".join(_BIG_UNITS)


def digit_string(s: str) -> int:
    """Digits read one by one, as in years: 二〇二四 → 2024."""
    return int("".join(str(DIGITS[c]) if c in DIGITS else c for c in s))


def cn_to_int(s: str) -> int:
    """A Chinese numeral with units: 十八 → 18, 三十二 → 32, 一千零五 → 1005, 1.4 is not handled here."""
    if s and all(c in DIGITS or c.isdigit() for c in s):
        return digit_string(s)
    total, section, number = 0, 0, 0
    for c in s:
        if c in DIGITS:
            number = DIGITS[c]
        elif c.isdigit():
            number = number * 10 + int(c)
        elif c in _SMALL_UNITS:
            section += (number or 1) * _SMALL_UNITS[c]
            number = 0
        elif c in _BIG_UNITS:
            total += (section + number) * _BIG_UNITS[c]
            section, number = 0, 0
        else:
            raise ValueError(f"not a Chinese numeral: {s!r}")
    return total + section + number
