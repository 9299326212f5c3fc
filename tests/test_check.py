"""Compliance runs (`kg.validate.check`, `fazhi check`): the fast per-report design gives exactly
pySHACL's results on the merged graph; the seeds fail and pass as their gold files say."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from conftest import OWN_REPORTS, SEEDS, load_gold
from kg.build import build, write_graphs
from kg.cli import main
from kg.namespaces import FZ, FZD, RDF
from kg.resources import shapes
from kg.validate import FAIL, PASS, check, requirements

SEED_FILES = sorted(SEEDS.glob("*.txt"))
SOME_OWN = [OWN_REPORTS / n for n in ("hunan-2023.txt", "zigui-2022.txt", "unnamed-bureau-2023.txt", "luoyang-2024-trad-pinyin.txt")]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Graph]:
    """Seeds and a few own reports built into one N-Quads file, and the same graph merged."""
    result = build(SEED_FILES + SOME_OWN)
    assert not result.failed
    out = tmp_path_factory.mktemp("check") / "corpus.nq"
    write_graphs(result, out)
    merged = Graph()
    for triples in result.graphs.values():
        for t in triples:
            merged.add(t)
    return out, merged


@pytest.fixture(scope="module")
def seeds_checked(corpus: tuple[Path, Graph]):  # type: ignore[no-untyped-def]
    return check([corpus[0]], jobs=2)


def _plain_pyshacl(data: Graph) -> Graph:
    import pyshacl

    _, results, _ = pyshacl.validate(data, shacl_graph=shapes(), inference="none", allow_warnings=True, allow_infos=True)
    return results


def _assert_same(got: Graph, expected: Graph) -> None:
    if not isomorphic(got, expected):
        _, only_got, only_expected = graph_diff(to_isomorphic(got), to_isomorphic(expected))
        pytest.fail(f"results differ from pySHACL's\nonly ours:\n{only_got.serialize(format='nt')[:3000]}\n"
                    f"only pySHACL's:\n{only_expected.serialize(format='nt')[:3000]}")


def test_results_identical_to_one_pyshacl_run_on_the_merged_graph(corpus: tuple[Path, Graph], seeds_checked) -> None:  # type: ignore[no-untyped-def]
    expected = _plain_pyshacl(corpus[1])
    assert len(list(expected.objects(None, URIRef("http://www.w3.org/ns/shacl#result")))) > 20
    _assert_same(seeds_checked.validation, expected)


def test_report_files_checked_in_workers_give_the_same_results(corpus: tuple[Path, Graph]) -> None:
    from_files = check(SEED_FILES + SOME_OWN, jobs=2)
    _assert_same(from_files.validation, _plain_pyshacl(corpus[1]))


def test_validation_turtle_is_the_report_and_does_not_depend_on_result_order(seeds_checked) -> None:  # type: ignore[no-untyped-def]
    """validation.ttl is written without rdflib: it must parse to the same graph as the merged
    N-Triples, and results reached in another order must give the same text."""
    from kg.validate.checkfiles import report_turtle
    from kg.validate.engine import parse_report

    lines = seeds_checked.report_lines
    text = report_turtle(lines)
    assert isomorphic(Graph().parse(data=text, format="turtle"), parse_report(lines))
    assert "sh:focusNode" in text and "a sh:ValidationResult" in text
    # the same results numbered the other way round
    n = lines.count("_:report <http://www.w3.org/ns/shacl#result>")
    assert n > 2
    renamed = lines
    for i in range(1, n + 1):
        renamed = renamed.replace(f"_:r{i} ", f"_:tmp{n + 1 - i} ").replace(f"_:r{i} .", f"_:tmp{n + 1 - i} .")
    renamed = "".join(sorted(renamed.replace("_:tmp", "_:r").splitlines(keepends=True)))
    assert report_turtle(renamed) == text


def test_validation_turtle_merges_a_subject_whose_lines_come_apart(seeds_checked) -> None:  # type: ignore[no-untyped-def]
    """A subject whose triples come in two runs (interleaved with another's) gets one block, the
    one it gets when they come together."""
    from kg.validate.checkfiles import report_turtle
    from kg.validate.engine import parse_report

    lines = seeds_checked.report_lines.splitlines(keepends=True)
    grouped = report_turtle("".join(sorted(lines)))
    result = next(line.split(" ", 1)[0] for line in lines if line.startswith("_:r") and not line.startswith("_:report"))
    own = [line for line in lines if line.startswith(result + " ")]
    assert len(own) > 3
    rest = [line for line in lines if not line.startswith(result + " ")]
    apart = own[:2] + rest + own[2:]  # the result's lines before and after all the others
    text = report_turtle("".join(apart))
    assert text == grouped
    assert isomorphic(Graph().parse(data=text, format="turtle"), parse_report("".join(lines)))


def test_many_reports_get_one_line_per_requirement_in_the_terminal(seeds_checked, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Above TABLES_UP_TO reports the terminal counts, per requirement, the reports failing and
    passing it; the counts agree with the cells."""
    import kg.validate.render as render

    monkeypatch.setattr(render, "TABLES_UP_TO", 1)
    text = render.terminal_text(seeds_checked)
    assert "one line per requirement" in text and "  <https://" not in text
    for req in requirements()[:5] + requirements()[-2:]:
        statuses = [c.status for rc in seeds_checked.reports for c in rc.cells if c.requirement.key == req.key]
        line = next(l for l in text.splitlines() if l.startswith(req.label_zh[:10]))
        assert line.split()[-2:] == [str(statuses.count(FAIL)), str(statuses.count(PASS))]
    only = render.terminal_text(seeds_checked, failures_only=True)
    assert all(l.split()[-2] != "0" for l in only.splitlines()[3:] if l and not l[0].isdigit())


def _cells(result, stem: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    (rc,) = [rc for rc in result.reports if rc.facts.file == f"{stem}.txt"]
    return {c.requirement.key: c.status for c in rc.cells}


def test_seeds_fail_where_the_issue_says(seeds_checked) -> None:  # type: ignore[no-untyped-def]
    anshan, zhongshan = _cells(seeds_checked, "anshan-2024"), _cells(seeds_checked, "zhongshan-2024")
    assert anshan["part_shortcomings"] == anshan["part_causes"] == anshan["part_next_year_plan"] == FAIL
    assert zhongshan["practice_double_random_one_public"] == FAIL
    assert zhongshan["part_shortcomings"] == zhongshan["part_next_year_plan"] == PASS


@pytest.mark.parametrize("stem", ["anshan-2024", "zhongshan-2024"])
def test_nothing_the_gold_file_shows_fails(seeds_checked, stem: str) -> None:  # type: ignore[no-untyped-def]
    gold = load_gold(SEEDS / f"{stem}.gold.json")
    cells = _cells(seeds_checked, stem)
    shown = {f"part_{p[len('part_'):]}" for p, present in gold["parts"].items() if present}
    shown |= {f"practice_{p['id']}" for p in gold["practices"] if p["modality"] == "done"}
    checked = shown & set(cells)
    assert len(checked) >= 10
    assert {k for k in checked if cells[k] == FAIL} == set()


def test_a_pass_cites_its_evidence_and_a_fail_says_why(seeds_checked) -> None:  # type: ignore[no-untyped-def]
    (rc,) = [rc for rc in seeds_checked.reports if rc.facts.file == "zhongshan-2024.txt"]
    cells = {c.requirement.key: c for c in rc.cells}
    publicity = cells["practice_enforcement_publicity_system"]
    assert publicity.status == PASS and any("公示" in e for e in publicity.evidence)
    drandom = cells["practice_double_random_one_public"]
    assert drandom.status == FAIL and "双随机" in drandom.message and drandom.requirement.basis


def _conforming_report(tmp_path: Path) -> Path:
    """A hand-made report graph that shows every part and every required practice as done."""
    g = Graph()
    rep = FZD["report/测试县应急管理局/2023"]
    g.add((rep, RDF.type, FZ.Report))
    g.add((rep, FZ.yearCovered, Literal("2023", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear"))))
    g.add((rep, FZ.dateSigned, Literal("2024-02-01", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))))
    g.add((rep, FZ.sourceFile, FZD["file/x"]))
    g.add((FZD["file/x"], RDF.type, FZ.SourceFile))
    for req in requirements():
        if req.kind == "part":
            g.add((rep, FZ.containsPart, req.requires))
        elif req.kind == "practice":
            claim = URIRef(f"{rep}/claim/{req.key}")
            g.add((claim, RDF.type, FZ.PracticeClaim))
            g.add((claim, FZ.report, rep))
            g.add((claim, FZ.practice, req.requires))
            g.add((claim, FZ.modality, Literal("done")))
    out = tmp_path / "good.ttl"
    g.serialize(out, format="turtle")
    return out


def test_cli_exit_status_and_files(corpus: tuple[Path, Graph], tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(main, ["check", str(corpus[0]), "-o", str(tmp_path / "out"), "-j", "1"])
    assert res.exit_code == 1, res.output  # the seeds have violations
    assert "no evidence" in res.output and "鞍山市应急管理局 2024" in res.output
    validation = Graph().parse(tmp_path / "out" / "validation.ttl")
    assert (None, URIRef("http://www.w3.org/ns/shacl#conforms"), Literal(False)) in validation
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / "check.csv").read_text(encoding="utf-8"))))
    assert {r["result"] for r in rows} == {PASS, FAIL}
    assert len(rows) == len(requirements()) * (len(SEED_FILES) + len(SOME_OWN))

    good = runner.invoke(main, ["check", str(_conforming_report(tmp_path)), "-o", str(tmp_path / "good"), "-j", "1"])
    assert good.exit_code == 0, good.output

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    before = (tmp_path / "out" / "check.csv").read_bytes()
    mixed = runner.invoke(main, ["check", str(empty), str(SEED_FILES[0]), "-o", str(tmp_path / "mixed"), "-j", "1"])
    assert mixed.exit_code == 2 and "empty.txt" in mixed.output
    assert (tmp_path / "mixed" / "check.html").exists()  # the good input was still checked
    broken = runner.invoke(main, ["check", str(empty), "-o", str(tmp_path / "out")])
    assert broken.exit_code == 2 and (tmp_path / "out" / "check.csv").read_bytes() == before


def _chromium() -> str:
    import shutil

    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "this test needs Debian's chromium (apt-get install chromium fonts-noto-cjk; .ci/run does it)"
    return found


def test_html_matrix_in_headless_chromium_shows_the_seeds_results(seeds_checked, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import subprocess

    import lxml.html

    from kg.validate.checkfiles import write_check_files

    write_check_files(seeds_checked, tmp_path)
    page = (tmp_path / "check.html").as_uri()
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1500,1000"]
    dom = subprocess.run([_chromium(), *flags, "--dump-dom", page], capture_output=True, text=True, timeout=120, check=True).stdout
    doc = lxml.html.fromstring(dom)
    rows = {r.get("data-report"): r for r in doc.xpath('//table[@id="matrix"]/tbody/tr')}
    assert len(rows) == len(SEED_FILES) + len(SOME_OWN)
    anshan = rows["https://w3id.org/fazhi-kg/id/report/鞍山市应急管理局/2024"]
    zhongshan = rows["https://w3id.org/fazhi-kg/id/report/中山市应急管理局/2024"]

    def status(row, key: str) -> str:  # type: ignore[no-untyped-def]
        (cell,) = row.xpath(f'td[@data-requirement="{key}"]')
        target = cell.xpath("a/@href")[0]
        assert doc.xpath(f'//*[@id="{target[1:]}"]'), f"cell {key} links to a missing anchor"
        return str(cell.get("data-status"))

    assert status(anshan, "part_shortcomings") == status(anshan, "part_next_year_plan") == FAIL
    assert status(zhongshan, "practice_double_random_one_public") == FAIL
    assert status(zhongshan, "part_shortcomings") == PASS
    shot = tmp_path / "matrix.png"
    subprocess.run([_chromium(), *flags, f"--screenshot={shot}", page], capture_output=True, timeout=120, check=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
