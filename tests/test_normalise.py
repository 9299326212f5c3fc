"""Each kind of garbling, on fixtures written here, and the seeds' normalised text."""

from __future__ import annotations

import re

import opencc
import pytest

from kg.normalise import normalise


def _gbk_shifted(marker_and_next: str, lose: int = 0) -> str:
    """Garble like the web pages do: one stray byte before the GBK bytes, read out of step."""
    raw = b"\xa1" + marker_and_next.encode("gbk")
    if lose:
        raw = raw[:4] + raw[4 + lose:]
    return "?" + raw.decode("gbk", errors="ignore")


@pytest.mark.parametrize("numeral", list("一二三四五六七八九"))
def test_gbk_shifted_markers_are_repaired(numeral: str) -> None:
    garbled = _gbk_shifted(f"（{numeral}）進")
    assert garbled != f"（{numeral}）進"
    text = f"三、明年安排\n{garbled}一步加强执法监督工作。"
    assert normalise(text).text == f"三、明年安排\n（{numeral}）进一步加强执法监督工作。"


@pytest.mark.parametrize("numeral", list("二三五七"))
def test_gbk_marker_with_a_lost_byte_is_repaired_from_the_numerals_first_byte(numeral: str) -> None:
    garbled = _gbk_shifted(f"（{numeral}）進", lose=2)
    out = normalise(f"{garbled}一步推进依法行政。").text
    assert out == f"（{numeral}）进一步推进依法行政。"


def test_a_question_mark_that_is_not_mojibake_stays() -> None:
    assert normalise("是否需要整改?").text == "是否需要整改？"
    assert normalise("?这是什么").text == "？这是什么"


@pytest.mark.parametrize(
    ("garbled", "clean"),
    [
        ("進一步規(guī)劃執(zhí)法工作", "进一步规划执法工作"),
        ("嚴格執(zhí)行（zhí xíng）制度", "严格执行制度"),
        ("系統(tǒng)治理", "系统治理"),
        ("《法治中山建設規(guī)劃(2022-2025年)》", "《法治中山建设规划(2022-2025年)》"),
        ("《行政執法辦法(試行)》", "《行政执法办法(试行)》"),
        ("PM(2.5)與(ABC)", "PM(2.5)与(ABC)"),
    ],
)
def test_pinyin_readings_go_and_real_parentheses_stay(garbled: str, clean: str) -> None:
    assert normalise(garbled).text == clean


@pytest.mark.parametrize(
    ("garbled", "clean"),
    [
        ("堅持依法行政,,推進執法規範化,。", "坚持依法行政，推进执法规范化。"),
        ("“第一議題”,、理論學習", "“第一议题”、理论学习"),
        ("检查企业,;整改隐患", "检查企业；整改隐患"),
        ("落实责任，，强化监督。。", "落实责任，强化监督。"),
        ("共检查1,200家次,整改率98.5%", "共检查1,200家次，整改率98.5%"),
        ("时间为10:30,地点:会议室", "时间为10:30，地点：会议室"),
    ],
)
def test_doubled_and_ascii_punctuation_become_the_mark_meant(garbled: str, clean: str) -> None:
    assert normalise(garbled).text == clean


def test_full_width_digits_letters_and_percent_become_ascii() -> None:
    assert normalise("检查企业２０２４家次，整改率９８．５％，ＡＢＣ级").text == "检查企业2024家次，整改率98.5%，ABC级"


def test_traditional_text_is_converted_and_simplified_text_is_left_alone() -> None:
    trad = opencc.OpenCC("s2t").convert("我局认真贯彻落实行政执法三项制度，严格规范公正文明执法。")
    n = normalise(trad)
    assert n.traditional and n.text == "我局认真贯彻落实行政执法三项制度，严格规范公正文明执法。"
    simp = normalise("乾隆年间的著名学者。我局严格执法。")
    assert not simp.traditional and simp.text == "乾隆年间的著名学者。我局严格执法。"


def test_pdf_line_breaks_inside_sentences_are_joined_but_headings_kept() -> None:
    text = (
        "一、主要举措和成效\n"
        "（一）严格执法。全年共检查企业320家次，下达执法文书\n"
        "150份，立案查处违法行为\n"
        "42起。\n"
        "- 2 -\n"
        "（二）依法决策\n"
        "我局高度重视行政决策的合法性与合理性，充分发挥法\n"
        "律顾问作用。\n"
        "二、存在的不足\n"
        "执法力量薄弱。"
    )
    assert normalise(text).text == (
        "一、主要举措和成效\n"
        "（一）严格执法。全年共检查企业320家次，下达执法文书150份，立案查处违法行为42起。\n"
        "（二）依法决策\n"
        "我局高度重视行政决策的合法性与合理性，充分发挥法律顾问作用。\n"
        "二、存在的不足\n"
        "执法力量薄弱。"
    )


def test_bom_zero_width_and_crlf_are_dropped() -> None:
    assert normalise("\ufeff一、概况\r\n我局\u200b依法行政。\r\n").text == "一、概况\n我局依法行政。"


def test_zhongshan_normalised_text_is_clean(seeds) -> None:
    n = normalise((seeds / "zhongshan-2024.txt").read_text(encoding="utf-8"))
    text = n.text
    assert n.traditional
    assert not re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ ]+\)", text), "pinyin readings left"
    assert not re.search(r"[,，、。；][,，、。；]", text), "doubled punctuation left"
    assert not re.search(r"[,;?]", text), "ASCII punctuation left"
    assert not re.search(r"[ㄅ-ㄩ┻┳?？\ufffd]", text), "mojibake left"
    plan = text[text.index("下一步工作计划"):]
    assert re.findall(r"(?m)^（[一二三四]）", plan) == ["（一）", "（二）", "（三）", "（四）"]
    assert "規" not in text and "規劃" not in text


def test_repairs_are_counted() -> None:
    n = normalise("規(guī)劃,,執(zhí)法工作。")
    assert n.repairs["pinyin_readings"] == 2
    assert n.repairs["doubled_punctuation"] == 1
