"""Extraction on sentences written here: modality, numbers and non-numbers, documents, people."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.extract import extract
from kg.extract.segment import segment, tokenizer
from kg.normalise import normalise
from kg.structure import structure


def _facts(text: str):
    return extract(structure(normalise(text).text))


def _claims(text: str) -> set[tuple[str, str]]:
    return {(c.practice, c.modality) for c in _facts(text).claims}


MEASURES = "一、主要举措和成效\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (MEASURES + "全面推行“双随机、一公开”监管，随机抽查企业80家。", {("double_random_one_public", "done")}),
        (MEASURES + "下一步将推行双随机抽查。", {("double_random_one_public", "plan")}),
        (MEASURES + "执法全过程记录有待加强。", {("whole_process_recording_system", "shortcoming")}),
        (MEASURES + "落实执法公示制度，但执法全过程记录工作还不够规范。",
         {("enforcement_publicity_system", "done"), ("whole_process_recording_system", "shortcoming")}),
        ("二、存在的不足\n部分单位执法记录仪配备不足。", {("body_camera_av_recording", "shortcoming")}),
        ("三、2025年工作安排\n全面落实行政裁量权基准。", {("discretion_benchmark", "plan")}),
        (MEASURES + "组织开展地震应急演练，模拟发生6.0级地震。", {("emergency_plans_and_drills", "done")}),
        (MEASURES + "严格落实三项制度。", {("enforcement_publicity_system", "done"), ("whole_process_recording_system", "done"), ("major_enforcement_decision_legal_review", "done")}),
        (MEASURES + "他强调，要全面开展隐患排查。", set()),
        (MEASURES + "从源头防止行政复议发生。", set()),
        # a plan cue marks its own clause and the rest of the sentence, not the clauses before it
        (MEASURES + "开展案卷评查2次，下一步将把评查延伸到基层中队。", {("case_file_review", "done"), ("case_file_review", "plan")}),
        (MEASURES + "推行执法公示，并将进一步规范执法全过程记录。",
         {("enforcement_publicity_system", "done"), ("whole_process_recording_system", "plan")}),
        # 将 marking the object of a verb of placing is work done; 将 before an adverb is future
        (MEASURES + "局长将推进法治建设第一责任人职责摆在突出位置。", {("first_responsible_person_duty", "done")}),
        (MEASURES + "将进一步把年终述法纳入考核。", {("year_end_law_report", "plan")}),
        # 拟责令 names a proposed decision within a case, not a plan of the bureau
        (MEASURES + "对拟责令停产停业的案件一律进行法制审核。", {("major_enforcement_decision_legal_review", "done")}),
    ],
)
def test_practice_claims_and_modality(text: str, expected: set) -> None:
    assert _claims(text) == expected


def test_a_weak_alias_needs_a_strong_mention_nearby() -> None:
    assert _claims(MEASURES + "组织业务培训3期。") == set()
    text = "一、主要举措和成效\n（一）加强执法人员培训\n组织业务培训3期。"
    assert ("enforcement_officer_training", "done") in _claims(text)


def _metrics(text: str) -> list[tuple[str, Decimal, str, str | None]]:
    return [(o.indicator, o.value, o.unit, o.qualifier) for o in _facts(MEASURES + text).observations]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("培训执法人员1.4万余人。", [("training_participants", Decimal("14000"), "人", "more_than")]),
        ("拉动投入技改资金36000多万元。", [("other", Decimal("36000"), "万元", "more_than")]),
        ("全年开展执法检查三十二次。", [("inspections_enterprise_visits", Decimal("32"), "次", None)]),
        ("出庭率百分百。", [("head_court_appearance", Decimal("100"), "%", None)]),
        ("共发放宣传资料约2.5万份。", [("publicity_materials", Decimal("2.5"), "万份", "approx")]),
        ("组织培训不少于60学时。", [("training_hours", Decimal("60"), "学时", "at_least")]),
        ("生产安全事故起数同比下降17.7%。", [("yoy_change", Decimal("-17.7"), "%", None)]),
        ("事故起数和死亡人数同比分别下降14.8%和9.6%。", [("yoy_change", Decimal("-14.8"), "%", None), ("yoy_change", Decimal("-9.6"), "%", None)]),
        ("隐患整改率同比提高2.5个百分点。", [("yoy_change", Decimal("2.5"), "个百分点", None)]),
    ],
)
def test_metric_values_units_and_qualifiers(text: str, expected: list) -> None:
    assert _metrics(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "根据《安全生产年度监督检查计划编制办法》（安监总政法〔2017〕150号）制定计划。",
        "2024年12月18日召开会议。",
        "第一次全体会议顺利召开。",
        "对企业罚款5万元以上的案件须经法制审核。",
        "行政处罚决定在7个工作日内公开。",
        "演练模拟发生5.8级地震。",
        "严格落实三项制度。",
        "下一步计划检查企业200家。",
        "贯彻《法治中山建设规划(2022-2025年)》。",
    ],
)
def test_numbers_that_are_not_metrics(text: str) -> None:
    assert _metrics(text) == []


def test_documents_nested_titles_and_numbers() -> None:
    facts = _facts(MEASURES + "根据《国家安全监管总局关于印发<安全生产年度监督检查计划编制办法>的通知》(安监总政法[2017]150号)，落实《中华人民共和国安全生产法》，并在《平安三湘》栏目宣传，学习《安全你我他》。")
    got = {(d.title, d.doc_number) for d in facts.citations}
    assert got == {
        ("国家安全监管总局关于印发<安全生产年度监督检查计划编制办法>的通知", "安监总政法[2017]150号"),
        ("安全生产年度监督检查计划编制办法", "安监总政法[2017]150号"),
        ("中华人民共和国安全生产法", None),
    }


def test_people_with_their_posts() -> None:
    facts = _facts(MEASURES + "局党委书记、局长王建国带头学法；副局长张伟主持案审会；市委常委、副市长李宏振担任演练总指挥。")
    got = {p.name: p.roles for p in facts.persons}
    assert got == {"王建国": ("党委书记", "局长"), "张伟": ("副局长",), "李宏振": ("市委常委", "副市长", "演练总指挥")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # jieba tags these surnames as common words (钱|立新, 马|海军): after a post they start a name
        ("副局长钱立新具体负责日常推进。", {"钱立新": ("副局长",)}),
        ("局长马海军切实履行职责。", {"马海军": ("局长",)}),
        # a post right before a name is not enough when the next word cannot be a given name
        ("局长王强调，要抓好落实。", {}),
        # a lawyer from a firm, taking the bureau's post: the post without the bureau's possessive or 常年
        ("续聘某某律师事务所律师周明担任我局常年法律顾问。", {"周明": ("律师", "法律顾问")}),
    ],
)
def test_people_jieba_misses_and_posts_taken(text: str, expected: dict) -> None:
    assert {p.name: p.roles for p in _facts(MEASURES + text).persons} == expected


def test_domain_terms_segment_as_units_and_jieba_loads_once() -> None:
    words = segment("全面推行双随机一公开监管，落实执法全过程记录工作和法制审核")
    assert "双随机一公开" in words and "执法全过程记录" in words
    assert tokenizer() is tokenizer()


def test_every_fact_points_at_its_source_span() -> None:
    text = "一、主要舉措和成效\n全年檢查企業(yè)326家次,,落實行政執(zhí)法三項制度,。"
    n = normalise(text)
    facts = extract(structure(n.text))
    assert facts.observations and facts.claims
    for o in facts.observations:
        s, e = n.source_span(o.start, o.end)
        assert text[s:e] == "326家次"
    c = facts.claims[0]
    s, e = n.source_span(c.start, c.end)
    assert text[s:e] == "行政執(zhí)法三項制度"  # the exact original, debris included


def test_label_tree_finds_what_the_longest_first_alternation_finds() -> None:
    """The practice and post patterns are prefix trees; on every sentence of the test reports, and on
    words that nest (执法 / 执法人员 / 执法人员培训), they match exactly as the plain alternation does."""
    import re
    from pathlib import Path

    from kg.extract.lexicon import post_titles, practices, trie_pattern
    from kg.read import read_source

    def alternation(words: list[str]) -> re.Pattern[str]:
        return re.compile("|".join(map(re.escape, sorted(words, key=lambda w: (-len(w), w)))))

    nested = ["执法", "执法人员", "执法人员培训", "人员", "培训", "员培"]
    texts = ["加强执法人员培训和执法人员管理，执法人员培训率100%", "执法人执法人员培", "员培训执法"]
    texts += [line for f in sorted(Path(__file__).parent.glob("data/reports/*.txt"))
              for line in read_source(f).text.splitlines() if line.strip()]
    assert len(texts) > 200
    assert trie_pattern([]).search("执法") is None
    for words in (nested, list(practices().labels), list(post_titles())):
        tree, plain = trie_pattern(words), alternation(words)
        for text in texts:
            assert [m.span() for m in tree.finditer(text)] == [m.span() for m in plain.finditer(text)], text
