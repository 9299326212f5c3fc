"""Networks from the stored queries: nodes, edges and weights on the query fixtures, GraphML/GEXF
round trips, pictures, centrality on a graph small enough to check by hand, and ``fazhi network``."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Dataset

from kg.cli import main
from kg.network import (
    CENTRALITY_COLUMNS, Centrality, centrality, centrality_csv, citation_network, co_citation_network,
    picture_labels, practice_network, write_network,
)
from kg.query import load_graphs

QUERIES = Path(__file__).resolve().parent / "queries"
PRACTICES = QUERIES / "practice-co-occurrence" / "data.trig"  # 甲市 3 practices done, 乙县 2, 丙省 1
DOCUMENTS = QUERIES / "most-cited-documents" / "data.trig"
FZC = "https://w3id.org/fazhi-kg/concept/"
DOC = "https://w3id.org/fazhi-kg/id/document/"
REPORT = "https://w3id.org/fazhi-kg/id/report/"


@pytest.fixture(scope="module")
def practices_ds() -> Dataset:
    return load_graphs([PRACTICES])


def _weights(g: nx.Graph) -> dict[frozenset[str], float]:
    return {frozenset((a, b)): float(w) for a, b, w in g.edges(data="weight")}


def test_practice_network_nodes_edges_and_weights(practices_ds: Dataset) -> None:
    g = practice_network(practices_ds)
    case, bench, publicity = (FZC + p for p in ("case_file_review", "discretion_benchmark", "enforcement_publicity_system"))
    assert set(g) == {case, bench, publicity}
    assert g.nodes[case] == {"code": "case_file_review", "label": "行政执法案卷评查", "kind": "practice", "reports": 3}
    assert g.nodes[bench]["reports"] == 1  # 乙县 only plans it
    assert _weights(g) == {frozenset((case, publicity)): 2, frozenset((case, bench)): 1, frozenset((bench, publicity)): 1}


def test_citation_networks() -> None:
    ds = load_graphs([DOCUMENTS])
    b = citation_network(ds)
    reports = {n for n, kind in b.nodes(data="kind") if kind == "report"}
    assert reports == {REPORT + "甲市应急管理局/2023", REPORT + "乙县应急管理局/2022", REPORT + "unknown-0123456789ab/unknown"}
    assert {n for n, kind in b.nodes(data="kind") if kind == "document"} == {DOC + "d1", DOC + "d2", DOC + "d3"}
    assert b[REPORT + "甲市应急管理局/2023"][DOC + "d1"]["weight"] == 2  # cited twice
    assert b.nodes[REPORT + "甲市应急管理局/2023"]["label"] == "甲市应急管理局 2023"
    assert b.nodes[DOC + "d3"]["docNumber"] == "国办发[2018]118号" and b.nodes[DOC + "d1"]["reports"] == 3
    assert nx.is_bipartite(b) and b.number_of_edges() == 6
    co = co_citation_network(ds)
    assert _weights(co) == {frozenset((DOC + "d1", DOC + "d3")): 2, frozenset((DOC + "d1", DOC + "d2")): 1}
    assert co.nodes[DOC + "d2"]["label"] == "中华人民共和国行政处罚法"


def _path_graph() -> nx.Graph:
    """A — B — C, weights 1 and 3."""
    g = nx.Graph()
    for n in "ABC":
        g.add_node(n, code=n.lower(), label=f"实践{n}", kind="practice", reports=1)
    g.add_edge("A", "B", weight=1)
    g.add_edge("B", "C", weight=3)
    return g


def test_centrality_on_a_graph_checked_by_hand() -> None:
    rows = centrality(_path_graph())
    assert [r.node for r in rows] == ["B", "C", "A"]  # by weighted degree: 4, 3, 1
    b, c, a = rows
    assert (b.degree, b.weighted_degree, b.betweenness) == (2, 4, 1.0)  # B lies on the one path A–C
    assert (a.degree, a.weighted_degree, a.betweenness) == (1, 1, 0.0)
    assert (c.degree, c.weighted_degree) == (1, 3)
    # weighted adjacency [[0,1,0],[1,0,3],[0,3,0]]: the leading eigenvector is (1, √10, 3) / √20
    assert a.eigenvector == pytest.approx(1 / 20 ** 0.5, abs=1e-5)
    assert b.eigenvector == pytest.approx((10 / 20) ** 0.5, abs=1e-5)
    assert c.eigenvector == pytest.approx(3 / 20 ** 0.5, abs=1e-5)
    assert centrality_csv(_path_graph()).splitlines()[0] == ",".join(CENTRALITY_COLUMNS)


def test_eigenvector_is_empty_where_there_are_no_edges() -> None:
    g = nx.Graph()
    g.add_node("A", code="a", label="甲", kind="practice", reports=1)
    assert centrality(g) == [Centrality("A", "a", "甲", "practice", 0, 0, 0.0, None)]
    assert centrality_csv(g).splitlines()[1] == "A,a,甲,practice,0,0,0.0,"


@pytest.mark.parametrize("suffix", [".graphml", ".gexf"])
def test_graphml_and_gexf_read_back(practices_ds: Dataset, tmp_path: Path, suffix: str) -> None:
    g = practice_network(practices_ds)
    path = tmp_path / f"practices{suffix}"
    write_network(g, path)
    back = nx.read_graphml(path) if suffix == ".graphml" else nx.read_gexf(path)
    assert set(back) == set(g)
    assert _weights(back) == _weights(g)
    assert {back.nodes[n]["label"] for n in back} == {"行政执法案卷评查", "行政裁量权基准", "行政执法公示制度"}


def test_svg_keeps_the_chinese_labels_as_text(practices_ds: Dataset, tmp_path: Path) -> None:
    path = tmp_path / "practices.svg"
    write_network(practice_network(practices_ds), path)
    svg = path.read_text(encoding="utf-8")
    for label in ("行政执法案卷评查", "行政裁量权基准", "行政执法公示制度"):
        assert f">{label}<" in svg
    again = tmp_path / "again.svg"
    write_network(practice_network(practices_ds), again)
    assert again.read_bytes() == path.read_bytes()  # seeded layout, no date


def test_png_is_a_png(practices_ds: Dataset, tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "practices.png"
    write_network(practice_network(practices_ds), path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(path) as image:
        image.verify()


def test_without_a_cjk_font_a_picture_shows_codes(practices_ds: Dataset) -> None:
    g = practice_network(practices_ds)
    assert set(picture_labels(g, chinese=False).values()) == {"case_file_review", "discretion_benchmark", "enforcement_publicity_system"}
    assert "行政执法案卷评查" in picture_labels(g, chinese=True).values()


def test_cli_writes_each_format(tmp_path: Path) -> None:
    for name in ("n.graphml", "n.gexf", "n.svg", "n.png", "n.csv"):
        res = CliRunner().invoke(main, ["network", "practices", str(PRACTICES), "-o", str(tmp_path / name)])
        assert res.exit_code == 0, res.output
        assert "3 nodes, 3 edges" in res.output
    rows = (tmp_path / "n.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == ",".join(CENTRALITY_COLUMNS) and len(rows) == 4
    res = CliRunner().invoke(main, ["network", "documents", str(DOCUMENTS), "-o", str(tmp_path / "d.csv")])
    assert res.exit_code == 0 and "6 nodes, 6 edges" in res.output
    res = CliRunner().invoke(main, ["network", "co-citations", str(DOCUMENTS), "-o", str(tmp_path / "c.gexf")])
    assert res.exit_code == 0 and "3 nodes, 2 edges" in res.output


def test_cli_errors(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["network", "practices", str(PRACTICES), "-o", str(tmp_path / "n.txt")])
    assert res.exit_code == 2 and "unknown network format" in res.output
    res = CliRunner().invoke(main, ["network", "people", str(PRACTICES), "-o", str(tmp_path / "n.csv")])
    assert res.exit_code == 2
    res = CliRunner().invoke(main, ["network", "practices", "-o", str(tmp_path / "n.csv")])
    assert res.exit_code == 2
    empty = QUERIES / "reports" / "data.trig"  # no claims: no practice network
    res = CliRunner().invoke(main, ["network", "practices", str(empty), "-o", str(tmp_path / "n.csv")])
    assert res.exit_code == 2 and "no practices network" in res.output and not (tmp_path / "n.csv").exists()
    bad = tmp_path / "bad.ttl"
    bad.write_text("not turtle", encoding="utf-8")
    res = CliRunner().invoke(main, ["network", "practices", str(bad), "-o", str(tmp_path / "n.csv")])
    assert res.exit_code == 2 and "cannot load graph" in res.output


def test_cli_offers_every_kind() -> None:
    from kg.network import KINDS

    assert tuple(main.commands["network"].params[0].type.choices) == KINDS
