"""Metadata: issuer, level and region from the gazetteer, year, date signed, overrides."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import InputError
from kg.metadata import extract_metadata, parse_date
from kg.normalise import normalise
from kg.report import read_report
from kg.structure import structure

BODY = "一、主要举措和成效\n全年依法检查企业120家次，落实行政执法公示制度，依法行政水平稳步提高，法治建设成效明显。\n" * 6


def _meta(text: str):
    return extract_metadata(structure(normalise(text).text))


@pytest.mark.parametrize(
    ("text", "issuer", "level", "region"),
    [
        ("湖南省应急管理厅2023年法治政府建设年度报告\n" + BODY, "湖南省应急管理厅", "province", ("湖南省", None, None)),
        ("2023年，长沙县应急管理局坚持依法行政。\n" + BODY, "长沙县应急管理局", "county", ("湖南省", "长沙市", "长沙县")),
        (BODY + "义乌市应急管理局\n2024年3月1日", "义乌市应急管理局", "county", ("浙江省", "金华市", "义乌市")),
        ("2022年，重庆市应急管理局全面推进依法行政。\n" + BODY, "重庆市应急管理局", "province", ("重庆市", None, None)),
        ("2023年，黔东南州应急管理局深入推进法治建设。\n" + BODY, "黔东南州应急管理局", "city", ("贵州省", "黔东南苗族侗族自治州", None)),
    ],
)
def test_issuer_level_and_region(text: str, issuer: str, level: str, region: tuple) -> None:
    m = _meta(text)
    assert m.issuer == issuer
    assert m.level == level
    assert (m.province, m.city, m.county) == region


def test_gazetteer_rows_are_those_cpca_transform_gives() -> None:
    """The metadata reader takes cpca's row for a place without its pandas table: for places of
    every level, short forms, unknown places and trailing words, the row is the table's."""
    import cpca

    places = ["湖南省", "长沙县", "义乌市", "重庆市", "黔东南苗族侗族自治州", "浦东新区", "北京市朝阳区",
              "鞍山市", "中山市", "上街区", "某某", "", "市", "广西壮族自治区南宁市青秀区", "海南省三沙市",
              "吉林省延边朝鲜族自治州延吉市", "新疆生产建设兵团", "平安县城", "东区", "湖南省长沙市人民政府"]
    table = cpca.transform(places, pos_sensitive=True)
    for place, (_, row) in zip(places, table.iterrows()):
        mine = cpca._get_one_addr(place, True, {})
        assert {k: mine[k] for k in row.index} == {k: (None if v is None or str(v) == "nan" else v)
                                                    for k, v in row.items()}, place


@pytest.mark.parametrize(
    "opening",
    ["我局坚持依法行政。", "市应急管理局坚持依法行政。", "全市应急管理系统坚持依法行政。"],
)
def test_an_issuer_the_text_does_not_name_stays_unknown(opening: str) -> None:
    m = _meta("2023年，" + opening + "\n" + BODY + "市应急管理局\n2024年1月5日")
    assert m.issuer is None and m.level is None and m.province is None
    assert m.year == 2023
    assert m.date_signed == date(2024, 1, 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024年12月18日", date(2024, 12, 18)),
        ("二〇二四年十二月十八日", date(2024, 12, 18)),
        ("二○二三年一月三十一日", date(2023, 1, 31)),
        ("2025年2月30日", None),
    ],
)
def test_dates(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


def test_year_covered_ignores_the_plan_and_follows_the_signature() -> None:
    text = (
        "某某区应急管理局法治政府建设工作报告\n"
        "一、主要工作\n2023年，全年检查企业100家次。2023年开展培训5期。\n"
        "二、2024年工作计划\n2024年将继续推进执法规范化，2024年计划检查企业120家次，2024年完成培训。\n"
        "二〇二四年二月一日"
    )
    m = _meta(text)
    assert m.year == 2023
    assert m.date_signed == date(2024, 2, 1)


def test_sidecar_gives_what_the_text_does_not(tmp_path: Path) -> None:
    f = tmp_path / "r.txt"
    f.write_text("2023年，我局坚持依法行政。\n" + BODY, encoding="utf-8")
    (tmp_path / "r.txt.meta.json").write_text(json.dumps({"issuer": "鞍山市应急管理局", "date_signed": "2024-01-20"}), encoding="utf-8")
    m = read_report(f).metadata
    assert (m.issuer, m.level, m.province, m.city) == ("鞍山市应急管理局", "city", "辽宁省", "鞍山市")
    assert m.date_signed == date(2024, 1, 20)
    assert m.sources["issuer"] == "sidecar" and m.sources["year"] == "text"


def test_malformed_sidecar_is_an_error_naming_it(tmp_path: Path) -> None:
    f = tmp_path / "r.txt"
    f.write_text(BODY, encoding="utf-8")
    (tmp_path / "r.meta.json").write_text("{issuer: 1", encoding="utf-8")
    with pytest.raises(InputError, match="r.meta.json"):
        read_report(f)


def test_cli_options_override(tmp_path: Path) -> None:
    f = tmp_path / "r.txt"
    f.write_text("2023年，我局坚持依法行政。\n" + BODY, encoding="utf-8")
    out = tmp_path / "g.ttl"
    res = CliRunner().invoke(main, ["build", str(f), "-o", str(out), "--issuer", "青田县应急管理局", "--year", "2022"])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(main, ["query", "reports", str(out), "--format", "json"])
    row = json.loads(res.output)[0]
    assert row["issuer"] == "青田县应急管理局" and row["level"] == "county" and row["county"] == "青田县"
    assert row["year"] == "2022"
