"""Numbering markers of Chinese official documents (一、 （一） 1. (1) ① 一是 第一 …).

Shared by line joining (a marker starts a new line) and by the section parser.
"""

from __future__ import annotations

import re

CN_NUM = "一二三四五六七八九十"

#: (style, pattern) in the order they are tried; each pattern matches at the start of a line.
MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cn-paren", re.compile(rf"[（(]\s*[{CN_NUM}]{{1,3}}\s*[）)]\s*")),
    ("num-paren", re.compile(r"[（(]\s*\d{1,2}\s*[）)]\s*")),
    ("cn-dun", re.compile(rf"[{CN_NUM}]{{1,3}}\s*[、．.]\s*")),
    ("num-dun", re.compile(r"\d{1,2}\s*、\s*")),
    ("num-dot", re.compile(r"\d{1,2}\s*[.．](?![\d.．])\s*")),
    ("circled", re.compile(r"[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]\s*")),
    ("cn-shi", re.compile(rf"(?:[{CN_NUM}]{{1,2}}|其[{CN_NUM}])是(?=[^，,。是])")),
    ("cn-di", re.compile(rf"第[{CN_NUM}]{{1,3}}\s*(?=[，,、：:])[，,、：:]\s*")),
)

ANY_MARKER = re.compile("|".join(f"(?:{p.pattern})" for _, p in MARKERS))

#: Styles whose items usually run on inside a paragraph rather than starting a heading line.
INLINE_STYLES = frozenset({"cn-shi", "cn-di"})


def match_marker(text: str, pos: int = 0) -> tuple[str, re.Match[str]] | None:
    """The numbering marker at ``text[pos:]``, with its style, if any."""
    for style, pat in MARKERS:
        m = pat.match(text, pos)
        if m:
            return style, m
    return None
