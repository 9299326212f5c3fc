"""Property tests of the offset map: spans map back to original text that normalises to them."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kg.normalise import normalise
from kg.normalise.offsets import Edit, OffsetMap, apply_edits

SIMPLIFIED = list("我局依法行政执法检查企业安全生产监管制度公开全过程记录年月日") + ["双随机", "法治政府"]
TRADITIONAL = list("進規劃執據監檢舉報關於這為發說時們國會與對應實現過經動體") + ["雙隨機", "法治政府"]
NEUTRAL = list("一二三十百") + ["2024", "731", "1.5", "(2022-2025年)", "(试行)", "《办法》", " ", "ABC"]
GARBLE = [",,", ",、", ",。", ",", "，", "。", "、", "；", "２０", "％", "\u3000", "\u200b"]
PINYIN = ["(guī)", "(zhí)", "(tǒng)", "（jù）"]


def _line(chars: list[str], with_pinyin: bool) -> st.SearchStrategy[str]:
    token = st.sampled_from(chars + NEUTRAL + GARBLE)
    if with_pinyin:
        token = st.one_of(token, st.tuples(st.sampled_from([c for c in chars if len(c) == 1]), st.sampled_from(PINYIN)).map("".join))
    return st.lists(token, min_size=1, max_size=25).map("".join)


def _texts(lines: int) -> st.SearchStrategy[str]:
    def build(trad: bool) -> st.SearchStrategy[str]:
        line = _line(TRADITIONAL if trad else SIMPLIFIED, trad)
        marker = st.sampled_from(["", "一、", "（二）", "3.", "(4)", "?。ㄒ唬┻M", "- 5 -"])
        one = st.tuples(marker, line).map("".join)
        return st.lists(one, min_size=1, max_size=lines).map("\n".join)

    return st.booleans().flatmap(build)


def _expand(n, a: int, b: int) -> tuple[int, int]:
    """Widen ``[a, b)`` until it holds every character whose source overlaps its source.

    A replacement (``,,`` → ``，``, a repaired marker ``（一）进``) is atomic: its characters
    share one source span, and a span cutting through it is widened to all of it.
    """
    spans = [n.offsets.char_span(i) for i in range(len(n.text))]
    while True:
        s, e = n.source_span(a, b)
        hits = [i for i, (cs, ce) in enumerate(spans) if cs < e and ce > s]
        na, nb = min(hits + [a]), max(hits + [b - 1]) + 1
        if (na, nb) == (a, b):
            return a, b
        a, b = na, nb


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts(lines=6))
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalise(text).text
    assert normalise(once).text == once


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts(lines=1), st.data())
def test_every_span_maps_back_to_text_that_normalises_to_it(text: str, data: st.DataObject) -> None:
    n = normalise(text)
    assume(n.text.strip())
    a = data.draw(st.integers(0, len(n.text) - 1))
    b = data.draw(st.integers(a + 1, len(n.text)))
    assume(not n.text[a].isspace() and not n.text[b - 1].isspace())
    a, b = _expand(n, a, b)
    s, e = n.source_span(a, b)
    assert normalise(text[s:e]).text == n.text[a:b]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts(lines=6), st.data())
def test_whole_lines_map_back_to_text_that_normalises_to_them(text: str, data: st.DataObject) -> None:
    n = normalise(text)
    lines = n.text.split("\n")
    assume(n.text)
    i = data.draw(st.integers(0, len(lines) - 1))
    j = data.draw(st.integers(i + 1, len(lines)))
    a = sum(len(x) + 1 for x in lines[:i])
    b = a + len("\n".join(lines[i:j]))
    assume(b > a)
    s, e = n.source_span(a, b)
    assert normalise(text[s:e]).text == n.text[a:b]


def test_every_character_maps_inside_the_original() -> None:
    text = "?。ǘ┻M一步規(guī)劃,,執(zhí)法\n工作２０２４年。"
    n = normalise(text)
    for i in range(len(n.text)):
        s, e = n.offsets.char_span(i)
        assert 0 <= s < e <= len(text)
    assert n.source_text(0, 3) == "?。ǘ┻M"
    assert n.text[:3] == "（二）"
    k = n.text.index("规划")
    assert n.source_text(k, k + 2) == "規(guī)劃"


def test_composed_edits_keep_linear_spans_exact() -> None:
    text = "abcdefgh"
    t1, m1 = apply_edits(text, OffsetMap.identity(len(text)), [Edit(2, 4, "X"), Edit(6, 7, "")])
    assert t1 == "abXefh"
    t2, m2 = apply_edits(t1, m1, [Edit(0, 1, "Z", aligned=True)])
    assert t2 == "ZbXefh"
    assert m2.span(0, 1) == (0, 1)
    assert m2.span(2, 3) == (2, 4)
    assert m2.span(3, 5) == (4, 6)
    assert m2.span(4, 6) == (5, 8)  # the deleted g lies inside
    assert text[slice(*m2.span(1, 4))] == "bcde"
