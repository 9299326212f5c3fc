"""Reading files as users have them: encodings, HTML pages, bad input."""

from __future__ import annotations

import codecs
from pathlib import Path

import opencc
import pytest

from kg.errors import InputError, NotAReportError, ReadError
from kg.read import read_source
from kg.report import read_report

PAGES = Path(__file__).parent / "data" / "pages"
TEXT = (
    "某县应急管理局2023年法治政府建设年度报告\n"
    "一、主要举措和成效\n"
    "（一）严格执法。全年检查企业320家次，依法查处违法行为42起，落实行政执法三项制度。\n"
    "（二）普法宣传。深入开展“谁执法谁普法”，举办法治讲座6场，依法行政水平不断提高。\n"
) * 4


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le-bom", "big5"])
def test_each_encoding_is_detected_and_decoded(tmp_path: Path, encoding: str) -> None:
    text = opencc.OpenCC("s2tw").convert(TEXT) if encoding == "big5" else TEXT
    data = (codecs.BOM_UTF16_LE + text.encode("utf-16-le")) if encoding == "utf-16-le-bom" else text.encode(encoding)
    f = tmp_path / "report.txt"
    f.write_bytes(data)
    src = read_source(f)
    assert src.original.lstrip("\ufeff") == text
    report = read_report(f)
    assert "依法查处违法行为42起" in report.normalised.text


def test_html_page_gives_main_text_without_chrome() -> None:
    report = read_report(PAGES / "county-2023.html")
    text = report.normalised.text
    assert report.source.media_type == "text/html"
    for chrome in ("字号", "打印本页", "关闭窗口", "版权所有", "首页", "统计代码", "分享到", "当前位置"):
        assert chrome not in text
    assert "全年检查企业412家次" in text.replace(" ", "")
    assert "究其原因" in text
    assert report.metadata.issuer == "青田县应急管理局"
    assert report.metadata.level == "county"
    assert (report.metadata.province, report.metadata.city, report.metadata.county) == ("浙江省", "丽水市", "青田县")
    assert report.metadata.year == 2023
    assert str(report.metadata.date_signed) == "2024-02-06"


def test_html_offsets_point_into_the_page_source() -> None:
    report = read_report(PAGES / "county-2023.html")
    n = report.normalised
    for needle in ("随机抽取检查对象", "究其原因，主要是执法队伍新进人员较多", "青田县应急管理局"):
        i = n.text.index(needle)
        s, e = n.source_span(i, i + len(needle))
        assert report.source.original[s:e] == needle
    i = n.text.index("412")
    s, e = n.source_span(i, i + 3)
    assert report.source.original[s:e] == "412"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\n  ", "empty file"),
        (bytes(range(256)) * 40, "binary"),
        (b"\x89PNG\r\n\x1a\n" + bytes(4000), "binary"),
        (TEXT.rstrip().encode("utf-8")[:-1], "truncated"),
    ],
)
def test_bad_files_raise_one_clear_error(tmp_path: Path, data: bytes, reason: str) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(data)
    with pytest.raises(ReadError) as exc:
        read_report(f)
    assert reason in str(exc.value)
    assert str(f) in str(exc.value)


def test_too_large_file_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "big.txt"
    f.write_bytes(TEXT.encode() * 10)
    with pytest.raises(ReadError, match="too large"):
        read_report(f, max_bytes=1000)


@pytest.mark.parametrize(
    "text",
    [
        "今天天气很好，我们去公园散步，看到了很多花。" * 30,
        "Hello world, this is an English page about nothing in particular. " * 50,
        "应急管理局",
    ],
)
def test_text_that_is_no_report_is_refused(tmp_path: Path, text: str) -> None:
    f = tmp_path / "page.txt"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(NotAReportError, match="not a"):
        read_report(f)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_report(tmp_path / "nope.txt")
