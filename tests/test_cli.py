"""The CLI, in process: build with a summary, stored queries, exit codes, no overwrite on failure."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "kg" / "samples"


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_build_summary_and_turtle(tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    res = _run("build", str(SAMPLES), "-o", str(out))
    assert res.exit_code == 0, res.output
    assert "2 report(s) built, 0 failed" in res.output
    assert "鞍山市应急管理局" in res.output and "中山市应急管理局" in res.output
    assert out.read_text(encoding="utf-8").count("fz:Report") >= 2


def test_two_builds_diff_clean(tmp_path: Path) -> None:
    a, b = tmp_path / "a.ttl", tmp_path / "b.ttl"
    _run("build", str(SAMPLES), "-o", str(a))
    _run("build", str(SAMPLES / "zhongshan-2024.txt"), str(SAMPLES / "anshan-2024.txt"), "-o", str(b))
    assert a.read_bytes() == b.read_bytes()


def test_query_csv_has_the_contract_header(tmp_path: Path) -> None:
    out = tmp_path / "g.trig"
    assert _run("build", str(SAMPLES), "-o", str(out)).exit_code == 0
    res = _run("query", "reports", str(out), "--format", "csv")
    rows = list(csv.reader(io.StringIO(res.output)))
    assert rows[0] == ["report", "source", "issuer", "level", "province", "city", "county", "year", "dateSigned"]
    assert len(rows) == 3
    res = _run("query", "report-parts", str(out), "--format", "csv")
    assert res.output.splitlines()[0] == "report,part"


def test_bad_inputs_are_reported_and_the_rest_is_built(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SAMPLES / "anshan-2024.txt", inputs / "anshan.txt")
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(3000))
    (inputs / "note.txt").write_text("会议通知：明天上午九点开会。", encoding="utf-8")
    out = tmp_path / "g.ttl"
    res = _run("build", str(inputs), "-o", str(out))
    assert res.exit_code == 1
    errors = [ln for ln in res.output.splitlines() if ln.startswith("error:")]
    assert len(errors) == 3
    assert any("empty.txt: empty file" in e for e in errors)
    assert any("image.txt: binary" in e for e in errors)
    assert any("note.txt: not a report" in e for e in errors)
    assert "1 report(s) built, 3 failed" in res.output
    assert "鞍山市应急管理局" in out.read_text(encoding="utf-8")


def test_a_failed_run_does_not_overwrite_what_was_built(tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    assert _run("build", str(SAMPLES), "-o", str(out)).exit_code == 0
    before = out.read_bytes()
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    res = _run("build", str(bad), "-o", str(out))
    assert res.exit_code == 2
    assert out.read_bytes() == before
    res = _run("build", str(bad), str(SAMPLES / "anshan-2024.txt"), "-o", str(out))
    assert res.exit_code == 1
    assert out.read_bytes() == before
    assert (tmp_path / "g.partial.ttl").exists()


def test_query_errors_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    _run("build", str(SAMPLES / "anshan-2024.txt"), "-o", str(out))
    res = _run("query", "no-such-query", str(out))
    assert res.exit_code == 2 and "unknown query" in res.output
    res = _run("query", "reports", str(out), "--param", "x=1")
    assert res.exit_code == 2 and "no parameter x" in res.output


def test_query_list_shows_questions() -> None:
    res = _run("query", "--list")
    assert res.exit_code == 0
    assert "reports" in res.output and "report-parts" in res.output and "报告" in res.output


def test_json_output(tmp_path: Path) -> None:
    out = tmp_path / "g.nq"
    _run("build", str(SAMPLES / "anshan-2024.txt"), "-o", str(out))
    rows = json.loads(_run("query", "reports", str(out), "--format", "json").output)
    assert rows[0]["dateSigned"] == "2024-12-18"


def test_nquads_round_trip_and_equal_to_trig(tmp_path: Path) -> None:
    nq, trig = tmp_path / "g.nq", tmp_path / "g.trig"
    assert _run("build", str(SAMPLES), "-o", str(nq)).exit_code == 0
    assert _run("build", str(SAMPLES), "-o", str(trig)).exit_code == 0
    a = json.loads(_run("query", "metrics", str(nq), "--format", "json").output)
    b = json.loads(_run("query", "metrics", str(trig), "--format", "json").output)
    assert a == b and len(a) > 20


def test_malformed_graph_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.nq"
    bad.write_text("<a> <b> \"unterminated .\n", encoding="utf-8")
    res = _run("query", "reports", str(bad))
    assert res.exit_code == 2 and "bad.nq: cannot load graph" in res.output
