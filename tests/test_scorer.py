"""Tests of the benchmark scorer (benchmarks/score.py) on small hand-made gold and rows."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCORE_PY = Path(__file__).resolve().parent.parent / "benchmarks" / "score.py"
FZC = "https://w3id.org/fazhi-kg/concept/"
R = "https://w3id.org/fazhi-kg/id/report/x/2024"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fazhi_benchmark_score", SCORE_PY)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


score = _load()


def practice(pid: str, modality: str) -> dict[str, str]:
    return {"report": R, "practice": FZC + pid, "modality": modality, "evidence": ""}


def metric(value: str, unit: str, qualifier: str = "", indicator: str = "other") -> dict[str, str]:
    return {"report": R, "indicator": FZC + indicator, "value": value, "unit": unit,
            "qualifier": qualifier, "evidence": ""}


def gmetric(value: float, unit: str, qualifier: str | None = None, indicator: str = "other") -> dict:
    return {"indicator": indicator, "value": value, "unit": unit, "qualifier": qualifier, "evidence": ""}


GOLD = {
    "practices": [{"id": "double_random_one_public", "modality": "done"},
                  {"id": "enforcement_officer_training", "modality": "plan"}],
    "metrics": [gmetric(30424, "家次", None, "inspections_enterprise_visits"), gmetric(-12.5, "%", None, "yoy_change")],
    "documents": [{"title": "安全生产年度监督检查计划编制办法", "doc_number": "安监总政法〔2017〕150号"},
                  {"title": "中华人民共和国安全生产法", "doc_number": None}],
    "persons": [{"name": "李志鸿", "roles": ["党委书记", "局长"]}],
}


def exact_rows() -> dict[str, list[dict[str, str]]]:
    return {
        "practices": [practice("double_random_one_public", "done"), practice("enforcement_officer_training", "plan")],
        "metrics": [metric("30424", "家次", "", "inspections_enterprise_visits"), metric("-12.5", "%", "", "yoy_change")],
        "documents": [{"report": R, "title": "安全生产年度监督检查计划编制办法", "docNumber": "安监总政法〔2017〕150号"},
                      {"report": R, "title": "中华人民共和国安全生产法", "docNumber": ""}],
        "persons": [{"report": R, "name": "李志鸿", "role": "党委书记"}, {"report": R, "name": "李志鸿", "role": "局长"}],
    }


def test_exact_match_scores_one() -> None:
    result = score.score_rows(GOLD, exact_rows())
    for cat in ("practices", "metrics", "documents", "persons"):
        assert result[cat]["f1"] == 1.0, cat
        assert result[cat]["false_positives"] == result[cat]["false_negatives"] == []
    assert result["indicator"]["accuracy"] == 1.0
    assert result["docNumber"]["accuracy"] == 1.0


def test_missing_category_is_not_available() -> None:
    result = score.score_rows(GOLD, {"practices": exact_rows()["practices"]})
    assert result["practices"]["f1"] == 1.0
    assert result["metrics"] is None and result["indicator"] is None and result["persons"] is None


def test_plan_predicted_as_done_is_fp_and_fn() -> None:
    rows = [practice("double_random_one_public", "done"), practice("enforcement_officer_training", "done")]
    p = score.score_rows(GOLD, {"practices": rows})["practices"]
    assert (p["tp"], p["fp"], p["fn"]) == (1, 1, 1)
    assert p["precision"] == p["recall"] == 0.5


def test_duplicate_practice_rows_count_once() -> None:
    rows = exact_rows()["practices"] * 2
    assert score.score_rows(GOLD, {"practices": rows})["practices"]["f1"] == 1.0


@pytest.mark.parametrize(
    ("gold", "row"),
    [
        (gmetric(36000, "万元", "more_than"), metric("360000000", "元", "more_than")),
        (gmetric(360000000, "元", "more_than"), metric("36000", "万元", "more_than")),
        (gmetric(1.4, "万人次", "approx"), metric("14000", "人次", "approx")),
        (gmetric(300, "卷", "at_least"), metric("300", "卷", "more_than")),
        (gmetric(30, "宗"), metric("30", "件")),
        (gmetric(30, "宗"), metric("30.0", "https://w3id.org/fazhi-kg/unit/件")),
        (gmetric(-26.4, "%"), metric("-26.4000000001", "%")),
    ],
)
def test_metric_matches_after_canonicalisation(gold: dict, row: dict[str, str]) -> None:
    m = score.score_rows({"metrics": [gold]}, {"metrics": [row]})["metrics"]
    assert (m["tp"], m["fp"], m["fn"]) == (1, 0, 0)


@pytest.mark.parametrize(
    ("gold", "row"),
    [
        (gmetric(36000, "万元", "more_than"), metric("36000", "元", "more_than")),  # unit not converted
        (gmetric(30, "件", "more_than"), metric("30", "件", "")),  # qualifier differs
        (gmetric(30, "件", "approx"), metric("30", "件", "more_than")),
        (gmetric(30, "件"), metric("30", "家")),  # other canonical unit
        (gmetric(12.5, "%"), metric("-12.5", "%")),  # sign of a change
    ],
)
def test_metric_mismatch(gold: dict, row: dict[str, str]) -> None:
    m = score.score_rows({"metrics": [gold]}, {"metrics": [row]})["metrics"]
    assert (m["tp"], m["fp"], m["fn"]) == (0, 1, 1)


def test_duplicate_metrics_are_matched_once_each() -> None:
    gold = {"metrics": [gmetric(100, "%"), gmetric(100, "%")]}
    one = score.score_rows(gold, {"metrics": [metric("100", "%")]})["metrics"]
    assert (one["tp"], one["fp"], one["fn"]) == (1, 0, 1)
    three = score.score_rows(gold, {"metrics": [metric("100", "%")] * 3})["metrics"]
    assert (three["tp"], three["fp"], three["fn"]) == (2, 1, 0)


def test_indicator_accuracy_prefers_agreeing_pairs() -> None:
    gold = {"metrics": [gmetric(100, "%", None, "a"), gmetric(100, "%", None, "b"), gmetric(5, "件", None, "c")]}
    rows = [metric("100", "%", "", "b"), metric("100", "%", "", "a"), metric("5", "件", "", "other")]
    result = score.score_rows(gold, {"metrics": rows})
    assert result["metrics"]["f1"] == 1.0
    assert (result["indicator"]["correct"], result["indicator"]["total"]) == (2, 3)


@pytest.mark.parametrize(
    ("gold_title", "predicted"),
    [
        ("法治政府建设实施纲要（2021－2025年）", "法治政府建设实施纲要(2021-2025年)"),
        ("四川省法治政府建设实施方案（2021—2025年）", "四川省法治政府建设实施方案 (2021-2025年)"),
        ("湖南省应急管理厅关于印发〈湖南省免罚清单〉的通知", "湖南省应急管理厅关于印发<湖南省免罚清单>的通知"),
        ("湖南省应急管理厅关于印发〈湖南省免罚清单〉的通知", "《湖南省应急管理厅关于印发《湖南省免罚清单》的通知》"),
        ("秭归县应急管理局权责清单（2022年版）", "秭归县应急管理局权责清单［2022年版］"),
    ],
)
def test_title_normalisation(gold_title: str, predicted: str) -> None:
    d = score.score_rows({"documents": [{"title": gold_title, "doc_number": None}]},
                         {"documents": [{"report": R, "title": predicted, "docNumber": ""}]})["documents"]
    assert d["f1"] == 1.0


def test_doc_number_is_scored_separately() -> None:
    gold = {"documents": [{"title": "自贡市应急管理局行政执法公示办法", "doc_number": "自应急发(2022)9号"},
                          {"title": "甲办法", "doc_number": "甘应急发[2021]36号"},
                          {"title": "乙办法", "doc_number": None},
                          {"title": "丙办法", "doc_number": "国办发〔2024〕54号"}]}
    rows = [{"report": R, "title": "自贡市应急管理局行政执法公示办法", "docNumber": "自应急发〔2022〕9号"},
            {"report": R, "title": "甲办法", "docNumber": "甘应急发 〔2021〕 36号"},
            {"report": R, "title": "乙办法", "docNumber": "国办发〔2024〕1号"},  # gold has none: wrong
            {"report": R, "title": "丙办法", "docNumber": ""}]  # number missed: wrong
    result = score.score_rows(gold, {"documents-cited": rows})
    assert result["documents"]["f1"] == 1.0
    assert (result["docNumber"]["correct"], result["docNumber"]["total"]) == (2, 4)


def test_persons_with_two_roles() -> None:
    gold = {"persons": [{"name": "李志鸿", "roles": ["党委书记", "局长"]}, {"name": "孙晓梅", "roles": ["副厅长"]}]}
    rows = [{"report": R, "name": "李志鸿", "role": "局长"}, {"report": R, "name": "孙晓梅", "role": "副厅长"},
            {"report": R, "name": "孙晓梅", "role": "厅长"}]
    p = score.score_rows(gold, {"persons": rows})["persons"]
    assert (p["tp"], p["fp"], p["fn"]) == (2, 1, 1)
    assert p["false_negatives"] == ["李志鸿 / 党委书记"]


def test_empty_gold_and_prediction_score_one() -> None:
    result = score.score_rows({"persons": []}, {"persons": []})
    assert result["persons"]["f1"] == 1.0
    result = score.score_rows({"persons": [{"name": "甲", "roles": ["局长"]}]}, {"persons": []})
    assert result["persons"]["f1"] == 0.0


def test_micro_average_sums_counts() -> None:
    a = score.score_rows(GOLD, exact_rows())
    b = score.score_rows(GOLD, {**exact_rows(), "practices": []})
    micro = score.micro_average([a, b])
    assert (micro["practices"]["tp"], micro["practices"]["fn"]) == (2, 2)
    assert micro["metrics"]["f1"] == 1.0


def test_cli_matches_reports_to_gold_and_survives_missing_queries(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import kg.query
    from kg.errors import QueryError

    (tmp_path / "x-2024.gold.json").write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    graph = tmp_path / "graph.ttl"
    graph.write_text("", encoding="utf-8")
    rows = exact_rows()
    other = "https://w3id.org/fazhi-kg/id/report/y/2024"

    def fake_run_query(name: str, ds: object, params: object = None) -> tuple[list[str], list[list[str]]]:
        if name == "reports":
            return ["report", "source"], [[R, "x-2024.txt"], [other, "y-2024.html"]]
        if name == "persons":
            raise QueryError("unknown query 'persons'")
        key = "documents" if name == "documents-cited" else name
        cols = list(rows[key][0])
        data = [[r[c] for c in cols] for r in rows[key]]
        data.append([other if c == "report" else r for c, r in zip(cols, data[0])])  # another report's row
        return cols, data

    monkeypatch.setattr(kg.query, "run_query", fake_run_query)
    assert score.main([str(graph), str(tmp_path), "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "x-2024" in out and "persons: not available" in out and "report y-2024: no gold file" in out
    results, _ = score.score_graph(graph, score.gold_files([tmp_path]))
    assert results["x-2024"]["practices"]["f1"] == 1.0 and results["x-2024"]["persons"] is None


def test_gold_files_score_one_against_themselves() -> None:
    root = SCORE_PY.parent.parent
    for path in sorted((root / "tests" / "data" / "reports").glob("*.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        rows = {
            "practices": [practice(p["id"], p["modality"]) for p in gold["practices"]],
            "metrics": [metric(str(m["value"]), m["unit"], m["qualifier"] or "", m["indicator"]) for m in gold["metrics"]],
            "documents": [{"report": R, "title": d["title"], "docNumber": d["doc_number"] or ""} for d in gold["documents"]],
            "persons": [{"report": R, "name": p["name"], "role": role} for p in gold["persons"] for role in p["roles"]],
        }
        result = score.score_rows(gold, rows)
        for cat in ("practices", "metrics", "documents", "persons"):
            assert result[cat]["f1"] == 1.0, (path.name, cat)
        assert result["indicator"]["accuracy"] == result["docNumber"]["accuracy"] == 1.0, path.name
