"""Networks read from the stored queries: practices claimed done together, reports and the documents
they cite. Centrality figures as rows; export to GraphML, GEXF, a CSV table or a picture (SVG, PNG).

Nodes are keyed by IRI and carry ``code`` (ASCII: the catalog id of a practice, ``doc-``/``report-``
and a short hash otherwise; not ``id``, which GEXF takes for the node key), ``label`` (Chinese),
``kind`` and a count; edge ``weight`` is a number of reports (or of citations, between a report and
a document). networkx and matplotlib are imported inside the functions: importing this module costs
nothing.
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
import warnings
from dataclasses import astuple, dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from rdflib import Dataset
from rdflib.term import Node

from .errors import QueryError
from .output import write_atomic
from .query import format_rows, run_on

if TYPE_CHECKING:
    import networkx as nx

FORMATS = (".graphml", ".gexf", ".csv", ".svg", ".png")
CENTRALITY_COLUMNS = ["node", "code", "label", "kind", "degree", "weightedDegree", "betweenness", "eigenvector"]
_CJK_FAMILIES = ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
                 "Microsoft YaHei", "PingFang SC", "SimHei", "Droid Sans Fallback"]
_CJK_PROBE = "法治应急管理局"
_COLOURS = {"practice": "#4c78a8", "report": "#f58518", "document": "#54a24b"}


def _records(name: str, ds: Dataset) -> list[dict[str, Node | None]]:
    columns, rows = run_on(name, ds)
    return [dict(zip(columns, row)) for row in rows]


def _text(term: Node | None) -> str:
    return "" if term is None else str(term)


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _short(prefix: str, iri: str) -> str:
    return f"{prefix}-{hashlib.sha1(iri.encode('utf-8')).hexdigest()[:8]}"


def practice_network(ds: Dataset) -> nx.Graph:
    """Practices claimed done in some report, joined by the number of reports claiming both done
    (stored queries ``practice-counts`` and ``practice-co-occurrence``)."""
    import networkx as nx

    g = nx.Graph(kind="practices")
    for r in _records("practice-counts", ds):
        done = int(_text(r["done"]) or 0)
        if done:
            iri = _text(r["practice"])
            g.add_node(iri, code=_local(iri), label=_text(r["practiceLabel"]) or _local(iri), kind="practice", reports=done)
    for r in _records("practice-co-occurrence", ds):
        g.add_edge(_text(r["practiceA"]), _text(r["practiceB"]), weight=int(_text(r["reports"])))
    return g


def citation_network(ds: Dataset) -> nx.Graph:
    """The bipartite network of reports (``bipartite`` 0) and the documents they cite (1); an edge's
    weight is the number of times the report cites the document (stored query ``most-cited-documents``)."""
    import networkx as nx

    g = nx.Graph(kind="documents")
    for r in _records("most-cited-documents", ds):
        doc, report = _text(r["document"]), _text(r["report"])
        g.add_node(doc, code=_short("doc", doc), label=_text(r["title"]), kind="document", bipartite=1,
                   docNumber=_text(r["docNumber"]), reports=int(_text(r["reports"])))
        name = " ".join(filter(None, (_text(r["issuer"]), _text(r["year"])))) or _local(report)
        g.add_node(report, code=_short("report", report), label=name, kind="report", bipartite=0, reports=1)
        g.add_edge(report, doc, weight=int(_text(r["mentions"])))
    return g


def co_citation_network(ds: Dataset) -> nx.Graph:
    """Documents joined by the number of reports citing both (the document side of ``citation_network``)."""
    from networkx.algorithms import bipartite

    b = citation_network(ds)
    g = bipartite.weighted_projected_graph(b, sorted(n for n, kind in b.nodes(data="kind") if kind == "document"))
    g.graph["kind"] = "co-citations"
    return g


BUILDERS: dict[str, Callable[[Dataset], nx.Graph]] = {
    "practices": practice_network, "documents": citation_network, "co-citations": co_citation_network,
}
KINDS = tuple(BUILDERS)


def build_network(kind: str, ds: Dataset) -> nx.Graph:
    """The network ``kind`` (one of ``KINDS``) of the dataset (graph files loaded by
    ``kg.query.load_graphs``) or of a store opened by ``kg.store.open_for_reading``."""
    if kind not in BUILDERS:
        raise QueryError(f"unknown network {kind!r} (use {', '.join(KINDS)})")
    return BUILDERS[kind](ds)


@dataclass(frozen=True)
class Centrality:
    """Centrality figures of one node. Betweenness counts hops (weights are strengths, not
    distances); eigenvector uses the weights and is None where the power iteration does not converge."""

    node: str
    code: str
    label: str
    kind: str
    degree: int
    weighted_degree: int
    betweenness: float
    eigenvector: float | None


def centrality(g: nx.Graph) -> list[Centrality]:
    """One row per node, the most strongly connected first."""
    import networkx as nx

    betweenness = nx.betweenness_centrality(g)
    try:
        eigen: dict[str, float] = nx.eigenvector_centrality(g, max_iter=1000, weight="weight") if g.number_of_edges() else {}
    except nx.PowerIterationFailedConvergence:
        eigen = {}
    rows = [
        Centrality(n, d["code"], d["label"], d["kind"], g.degree(n), g.degree(n, weight="weight"),
                   round(betweenness[n], 6), round(eigen[n], 6) if n in eigen else None)
        for n, d in g.nodes(data=True)
    ]
    return sorted(rows, key=lambda c: (-c.weighted_degree, -c.degree, c.code))


def centrality_csv(g: nx.Graph) -> str:
    """The centrality rows as CSV with a header row (``CENTRALITY_COLUMNS``)."""
    return format_rows(CENTRALITY_COLUMNS, [list(astuple(c)) for c in centrality(g)], "csv")


def graphml_bytes(g: nx.Graph) -> bytes:
    """The network as GraphML, nodes and edges sorted (by IRI), so the same graphs give the same bytes."""
    import networkx as nx

    ordered = g.__class__(**g.graph)
    ordered.add_nodes_from(sorted(g.nodes(data=True), key=lambda n: n[0]))
    edges = g.edges(data=True) if g.is_directed() else ((min(a, b), max(a, b), d) for a, b, d in g.edges(data=True))
    ordered.add_edges_from(sorted(edges, key=lambda e: e[:2]))
    buf = io.BytesIO()
    nx.write_graphml(ordered, buf)
    return buf.getvalue()


def write_network(g: nx.Graph, path: Path) -> None:
    """Write the network in the format its suffix names (``FORMATS``)."""
    import networkx as nx

    suffix = path.suffix.lower()
    if suffix == ".graphml":
        write_atomic(path, graphml_bytes(g))
    elif suffix == ".gexf":
        nx.write_gexf(g, path)
    elif suffix == ".csv":
        write_atomic(path, centrality_csv(g).encode("utf-8"))
    elif suffix in (".svg", ".png"):
        draw(g, path)
    else:
        raise QueryError(f"{path}: unknown network format (use {', '.join(FORMATS)})")


@cache
def cjk_font() -> str | None:
    """The family name of an installed font with Chinese glyphs, or None. Fonts are never downloaded."""
    from matplotlib import font_manager, ft2font

    entries = sorted(font_manager.fontManager.ttflist,
                     key=lambda f: (not any(h.split()[0] in f.name for h in _CJK_FAMILIES), f.name, f.fname))
    for entry in entries:
        try:
            charmap = ft2font.FT2Font(entry.fname).get_charmap()
        except (OSError, RuntimeError):
            continue
        glyphs = {charmap.get(ord(c)) for c in _CJK_PROBE}
        if None not in glyphs and len(glyphs) == len(_CJK_PROBE):  # not one placeholder glyph for all
            return str(entry.name)
    return None


def picture_labels(g: nx.Graph, chinese: bool) -> dict[str, str]:
    """Node labels of a picture: the Chinese labels, or the ASCII codes where no font can show Chinese."""
    return {n: d["label"] if chinese else d["code"] for n, d in g.nodes(data=True)}


def _layout(g: nx.Graph) -> dict[str, tuple[float, float]]:
    import networkx as nx

    if len(g) < 500:  # spring_layout needs scipy from 500 nodes on
        return nx.spring_layout(g, seed=20240101, weight="weight")
    return nx.circular_layout(g)


def draw(g: nx.Graph, path: Path) -> None:
    """An SVG (text kept as text, so a browser shows the Chinese labels) or PNG picture, laid out
    with a fixed seed. A PNG has Chinese labels only if a CJK font is installed, codes otherwise."""
    import matplotlib
    import networkx as nx
    from matplotlib.figure import Figure

    svg = path.suffix.lower() == ".svg"
    font = cjk_font()
    families = ([font] if font else []) + _CJK_FAMILIES + ["DejaVu Sans"]
    labels = picture_labels(g, chinese=svg or font is not None)
    weights = [d.get("weight", 1) for _, _, d in g.edges(data=True)]
    strength = dict(g.degree(weight="weight"))
    top, strongest = max(weights, default=1), max(strength.values(), default=0) or 1
    side = max(6.0, min(30.0, 1.6 * math.sqrt(len(g))))
    rc = {"svg.fonttype": "none", "svg.hashsalt": "fazhi-kg", "font.family": "sans-serif", "font.sans-serif": families}
    font_log = logging.getLogger("matplotlib.font_manager")
    level = font_log.level
    font_log.setLevel(logging.ERROR)  # "font family not found" for the CJK names an SVG lists for the browser
    try:
        with matplotlib.rc_context(rc), warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "Glyph … missing" while measuring Chinese text
            fig = Figure(figsize=(side, side))
            ax = fig.add_subplot()
            pos = _layout(g)
            nx.draw_networkx_edges(g, pos, ax=ax, width=[0.5 + 3.5 * w / top for w in weights], edge_color="#9a9a9a", alpha=0.6)
            nx.draw_networkx_nodes(g, pos, ax=ax, node_size=[80 + 720 * strength[n] / strongest for n in g],
                                   node_color=[_COLOURS.get(k, "#888888") for _, k in g.nodes(data="kind")])
            nx.draw_networkx_labels(g, pos, labels, ax=ax, font_size=8, clip_on=False)
            ax.set_axis_off()
            fig.savefig(path, format=path.suffix.lower()[1:], bbox_inches="tight", dpi=150,
                        metadata={"Date": None} if svg else None)
    finally:
        font_log.setLevel(level)
