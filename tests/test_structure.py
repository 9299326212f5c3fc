"""Headings of every style, sentences, and the mapping of sections to report parts."""

from __future__ import annotations

import pytest

from kg.normalise import normalise
from kg.structure import structure


def _doc(text: str):
    return structure(normalise(text).text)


def _tree(doc) -> list[tuple[str, str, str]]:
    return [(s.key, s.style, s.heading) for s in doc.walk()]


def test_every_numbering_style_nests_in_order_of_appearance() -> None:
    doc = _doc(
        "一、主要举措和成效\n"
        "（一）完善制度体系\n"
        "1.修订权责清单。全年调整事项12项。\n"
        "2、规范执法程序。落实执法公示。\n"
        "(1)严格法制审核。审核案件18件。\n"
        "①开展案卷评查。评查案卷40卷。\n"
        "②开展执法检查。\n"
        "(二)加强普法宣传\n"
        "一是开展宪法宣传周活动；二是组织法律知识考试。\n"
        "二、存在的不足和原因\n"
        "第一，执法力量不足。第二，培训不够。\n"
    )
    tree = _tree(doc)
    assert tree[0] == ("1", "cn-dun", "主要举措和成效")
    assert tree[1] == ("1.1", "cn-paren", "完善制度体系")
    assert ("1.1.1", "num-dot", "修订权责清单") in tree
    assert ("1.1.2", "num-dun", "规范执法程序") in tree
    assert ("1.1.2.1", "num-paren", "严格法制审核") in tree
    assert ("1.1.2.1.1", "circled", "开展案卷评查") in tree
    assert ("1.1.2.1.2", "circled", "开展执法检查") in tree
    assert ("1.2", "cn-paren", "加强普法宣传") in tree
    assert ("1.2.1", "cn-shi", "开展宪法宣传周活动") in tree
    assert ("1.2.2", "cn-shi", "组织法律知识考试") in tree
    assert ("2", "cn-dun", "存在的不足和原因") in tree
    assert ("2.1", "cn-di", "执法力量不足") in tree
    assert ("2.2", "cn-di", "培训不够") in tree


def test_top_level_can_start_below_the_first_style() -> None:
    doc = _doc("（一）依法决策\n坚持集体讨论。\n1.落实合法性审查。审查文件5件。\n（二）严格执法\n检查企业30家。")
    assert [(s.key, s.style) for s in doc.walk()] == [("1", "cn-paren"), ("1.1", "num-dot"), ("2", "cn-paren")]


def test_unnumbered_thematic_headings() -> None:
    doc = _doc("坚持依法行政\n我局严格执行重大行政决策程序，全年审议重大事项3项。\n强化执法监督\n我局开展案卷评查，评查案卷60卷。")
    assert [(s.style, s.heading) for s in doc.walk()] == [("plain", "坚持依法行政"), ("plain", "强化执法监督")]
    assert len(doc.walk().__next__().sentences) == 2


def test_sentences_keep_quotes_and_offsets() -> None:
    text = "一、概况\n我局开展“安全生产月”活动。“谁执法谁普法”责任制落实到位！是否完成？已完成；继续推进"
    doc = structure(text)
    got = [s.text for s in doc.sentences]
    assert got == ["一、概况", "我局开展“安全生产月”活动。", "“谁执法谁普法”责任制落实到位！", "是否完成？", "已完成；", "继续推进"]
    for s in doc.sentences:
        assert text[s.start:s.end] == s.text


def test_title_and_signature_are_not_sections() -> None:
    doc = _doc("平安县应急管理局2022年度法治政府建设情况报告\n一、主要工作\n全年检查企业100家。\n平安县应急管理局\n2023年1月10日")
    assert doc.title == "平安县应急管理局2022年度法治政府建设情况报告"
    assert [s.heading for s in doc.walk()] == ["主要工作"]
    assert [s.text for s in doc.closing] == ["平安县应急管理局", "2023年1月10日"]


PARTS_REPORT = (
    "一、工作开展情况\n"
    "（一）严格执法。检查企业200家次。\n"
    "（二）主要负责人履行推进法治建设第一责任人职责情况。局长带头学法4次。\n"
    "二、问题与不足\n"
    "执法队伍专业化水平有待提高。究其原因，主要是培训投入不够。\n"
    "三、2024年工作打算\n"
    "继续深化三项制度。\n"
    "四、其他需要报告的情况\n"
    "无。"
)


def test_parts_from_headings_sub_items_and_content() -> None:
    doc = _doc(PARTS_REPORT)
    assert doc.parts == {
        "part_measures_results", "part_first_responsible_person", "part_shortcomings",
        "part_causes", "part_next_year_plan", "part_other_matters",
    }
    by_heading = {s.heading: s for s in doc.walk()}
    assert by_heading["主要负责人履行推进法治建设第一责任人职责情况"].parts == {"part_first_responsible_person"}
    assert "part_causes" in by_heading["问题与不足"].parts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一、推进依法行政\n全年检查企业100家。\n二、强化普法\n开展宣传20场。", {"part_measures_results"}),
        ("一、推进依法行政\n全年检查企业100家。\n同时，我局也存在一些不足：执法力量薄弱。", {"part_measures_results", "part_shortcomings"}),
        ("一、推进依法行政\n全年检查企业100家。\n下一步，我局将继续推进执法规范化。", {"part_measures_results", "part_next_year_plan"}),
        ("一、推进依法行政\n我局分析研究存在的问题及相关工作任务，补齐短板弱项，制定整改措施。", {"part_measures_results"}),
        ("一、推进依法行政\n我局贯彻落实《党政主要负责人履行推进法治建设第一责任人职责规定》。", {"part_measures_results"}),
    ],
)
def test_parts_from_content_only_when_the_wording_gives_them(text: str, expected: set[str]) -> None:
    assert _doc(text).parts == expected


def test_causes_outside_a_shortcomings_context_do_not_count() -> None:
    doc = _doc("一、主要工作\n我局开展事故调查，查明事故原因是违规作业。")
    assert "part_causes" not in doc.parts
