"""Score the graph's extraction against gold annotations (see ../shared/seeds/GOLD_FORMAT.md).

Usage: ``python benchmarks/score.py GRAPH_FILE GOLD_FILE_OR_DIR... [--verbose]``

The graph is read through four stored queries whose columns are a fixed contract:
``practices`` (report, practice, modality, evidence), ``metrics`` (report, indicator, value, unit,
qualifier, evidence), ``documents-cited`` (report, title, docNumber) and ``persons`` (report, name,
role). Each graph report is paired with the gold file ``X.gold.json`` whose ``X`` is the stem of the
report's source file; a gold file with no report in the graph is scored against empty predictions.

Matching rules, per report:

- practices: set of (catalog id, modality) pairs; a right practice with the wrong modality is one
  false positive and one false negative.
- metrics: multiset of (value, unit, qualifier) after converting value and unit to the canonical
  unit of the ontology's units table (fz:canonicalUnit, fz:factor); ``more_than`` and ``at_least``
  are one class (lower bound); values equal within a relative tolerance of 1e-9. Each metric matches
  at most once. ``indicator`` = share of matched metrics whose indicator equals gold's (matching
  prefers pairs that also agree on the indicator).
- documents: set of normalised titles (NFKC, all bracket kinds alike, dashes and quotes unified,
  spaces and outer 《》 removed). The doc number does not decide the match; ``docNumber`` is the share
  of matched documents whose normalised number equals gold's, where null and "" are the same value
  (so a number predicted for a gold document without one counts as wrong).
- persons: set of (name, role) pairs, one per role.

Precision, recall and F1 are micro-averaged over all reports (summed TP/FP/FN). An empty
prediction for an empty gold list scores 1.0.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

CATEGORIES = ("practices", "metrics", "documents", "persons")
QUERIES = {"practices": "practices", "metrics": "metrics", "documents": "documents-cited", "persons": "persons"}
TARGETS = {"practices": 0.95, "metrics": 0.95, "indicator": 0.85, "documents": 0.95, "persons": 0.9}
REL_TOL = Decimal("1e-9")
UNIT_NS = "https://w3id.org/fazhi-kg/unit/"
LOWER_BOUND = "lower_bound"

Row = dict[str, str]


# ---------------------------------------------------------------------------- normalisation

def local_name(value: str) -> str:
    """The part of an IRI after the last ``/`` or ``#`` (a plain string is returned as is)."""
    value = value.strip()
    if "://" in value:
        value = unquote(re.split(r"[/#]", value)[-1])
    return value


@cache
def units_table() -> dict[str, tuple[str, Decimal]]:
    """unit → (canonical unit, factor), from the ontology's fz:Unit concepts."""
    from kg.namespaces import FZ
    from kg.resources import ontology

    g = ontology()
    table: dict[str, tuple[str, Decimal]] = {}
    for unit, factor in g.subject_objects(FZ.factor):
        canonical = g.value(unit, FZ.canonicalUnit)
        if canonical is None:
            continue
        table[local_name(str(unit))] = (local_name(str(canonical)), Decimal(str(factor)))
    return table


def canonical_amount(value: Any, unit: str) -> tuple[Decimal | None, str]:
    """(value × factor, canonical unit); units missing from the table stay as they are."""
    unit = local_name(str(unit or "")).strip()
    canonical, factor = units_table().get(unit, (unit, Decimal(1)))
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None, canonical
    if not number.is_finite():
        return None, canonical
    return number * factor, canonical


def qualifier_class(qualifier: str | None) -> str:
    """``exact`` for none, ``lower_bound`` for more_than and at_least, else the qualifier itself."""
    q = local_name(qualifier or "")
    if not q:
        return "exact"
    return LOWER_BOUND if q in ("more_than", "at_least") else q


_BRACKETS = str.maketrans({
    **{c: "(" for c in "([{〔【〖［｛"}, **{c: ")" for c in ")]}〕】〗］｝"},
    **{c: "<" for c in "<《〈«‹"}, **{c: ">" for c in ">》〉»›"},
    **{c: "-" for c in "‐‑‒–—―−－～~"}, **{c: '"' for c in "“”„＂「」"}, **{c: "'" for c in "‘’『』"},
})


def normalise_title(text: str | None) -> str:
    """A title or doc number compared loosely: NFKC, bracket kinds alike, no spaces or outer 《》."""
    s = unicodedata.normalize("NFKC", text or "").translate(_BRACKETS)
    s = re.sub(r"\s+", "", s)
    while s.startswith("<") and s.endswith(">") and _closes_at_end(s):
        s = s[1:-1]
    return s


def _closes_at_end(s: str) -> bool:
    """Whether the ``<`` opening ``s`` is closed by its last character (not earlier)."""
    depth = 0
    for i, c in enumerate(s):
        depth += (c == "<") - (c == ">")
        if depth == 0:
            return i == len(s) - 1
    return False


def _clean(text: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


# ---------------------------------------------------------------------------- counting

@dataclass
class Counts:
    """TP/FP/FN of one category, with the unmatched items for debugging."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision,
                "recall": self.recall, "f1": self.f1,
                "false_positives": self.false_positives, "false_negatives": self.false_negatives}


@dataclass
class Accuracy:
    """Share of matched items on which a secondary field (indicator, doc number) agrees."""

    correct: int = 0
    total: int = 0
    mismatches: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 1.0

    def add(self, other: Accuracy) -> None:
        self.correct += other.correct
        self.total += other.total

    def as_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "accuracy": self.accuracy,
                "mismatches": self.mismatches}


def _show(item: Any) -> str:
    return " / ".join(item) if isinstance(item, tuple) else str(item)


def _set_counts(gold: set[Any], pred: set[Any]) -> Counts:
    fps, fns = sorted(map(_show, pred - gold)), sorted(map(_show, gold - pred))
    return Counts(len(gold & pred), len(fps), len(fns), fps, fns)


# ---------------------------------------------------------------------------- categories

def score_practices(gold: list[dict], rows: list[Row]) -> Counts:
    """(practice id, modality) pairs as sets."""
    g = {(p["id"], p["modality"]) for p in gold}
    p = {(local_name(r.get("practice", "")), local_name(r.get("modality", ""))) for r in rows}
    return _set_counts(g, p)


@dataclass
class _Metric:
    value: Decimal | None
    unit: str
    qclass: str
    indicator: str
    label: str


def _metric(value: Any, unit: str, qualifier: str | None, indicator: str, evidence: str) -> _Metric:
    v, u = canonical_amount(value, unit)
    label = f"{indicator}: {value} {unit} {qualifier or 'exact'}" + (f" «{evidence}»" if evidence else "")
    return _Metric(v, u, qualifier_class(qualifier), indicator, label)


def _same_amount(a: _Metric, b: _Metric) -> bool:
    if a.value is None or b.value is None or a.unit != b.unit or a.qclass != b.qclass:
        return False
    return abs(a.value - b.value) <= REL_TOL * max(abs(a.value), abs(b.value))


def score_metrics(gold: list[dict], rows: list[Row]) -> tuple[Counts, Accuracy]:
    """(value, unit, qualifier) multiset matching in canonical units, plus indicator accuracy."""
    g = [_metric(m["value"], m["unit"], m.get("qualifier"), m.get("indicator") or "", m.get("evidence") or "")
         for m in gold]
    p = [_metric(r.get("value", ""), r.get("unit", ""), r.get("qualifier"), local_name(r.get("indicator", "")),
                 r.get("evidence", "")) for r in rows]
    pairs: list[tuple[_Metric, _Metric]] = []
    free_g, free_p = list(range(len(g))), list(range(len(p)))
    for same_indicator in (True, False):  # first pair metrics that also agree on the indicator
        for gi in list(free_g):
            for pi in free_p:
                if _same_amount(g[gi], p[pi]) and (not same_indicator or g[gi].indicator == p[pi].indicator):
                    pairs.append((g[gi], p[pi]))
                    free_g.remove(gi)
                    free_p.remove(pi)
                    break
    counts = Counts(len(pairs), len(free_p), len(free_g),
                    [p[i].label for i in free_p], [g[i].label for i in free_g])
    acc = Accuracy(sum(a.indicator == b.indicator for a, b in pairs), len(pairs),
                   [f"gold {a.label} / predicted {b.indicator}" for a, b in pairs if a.indicator != b.indicator])
    return counts, acc


def score_documents(gold: list[dict], rows: list[Row]) -> tuple[Counts, Accuracy]:
    """Documents matched on the normalised title; the doc number is scored as an accuracy."""
    g = {normalise_title(d["title"]): normalise_title(d.get("doc_number")) for d in gold}
    p: dict[str, set[str]] = {}
    for r in rows:
        title = normalise_title(r.get("title", ""))
        if title:
            p.setdefault(title, set()).add(normalise_title(r.get("docNumber", "")))
    counts = _set_counts(set(g), set(p))
    acc = Accuracy()
    for title in sorted(set(g) & set(p)):
        numbers = p[title] - {""} or {""}  # rows without a number do not contradict one with it
        acc.total += 1
        if numbers == {g[title]}:
            acc.correct += 1
        else:
            acc.mismatches.append(f"{title}: gold {g[title] or '-'} / predicted {' | '.join(sorted(numbers)) or '-'}")
    return counts, acc


def score_persons(gold: list[dict], rows: list[Row]) -> Counts:
    """(name, role) pairs, one per role."""
    g = {(_clean(x["name"]), _clean(role)) for x in gold for role in (x.get("roles") or [""])}
    p = {(_clean(r.get("name", "")), _clean(r.get("role", ""))) for r in rows}
    return _set_counts(g, p)


def score_rows(gold: dict, rows: dict[str, list[dict]]) -> dict:
    """Score one report: ``rows`` maps a category (practices, metrics, documents, persons; the query
    name ``documents-cited`` is accepted too) to the rows of that report. A category missing from
    ``rows`` is scored as ``None`` (not available). Returns category → counts dict, plus
    ``indicator`` and ``docNumber`` accuracies."""
    rows = {("documents" if k == "documents-cited" else k): v for k, v in rows.items()}
    out: dict[str, Any] = {c: None for c in (*CATEGORIES, "indicator", "docNumber")}
    if "practices" in rows:
        out["practices"] = score_practices(gold.get("practices", []), rows["practices"]).as_dict()
    if "metrics" in rows:
        counts, acc = score_metrics(gold.get("metrics", []), rows["metrics"])
        out["metrics"], out["indicator"] = counts.as_dict(), acc.as_dict()
    if "documents" in rows:
        counts, acc = score_documents(gold.get("documents", []), rows["documents"])
        out["documents"], out["docNumber"] = counts.as_dict(), acc.as_dict()
    if "persons" in rows:
        out["persons"] = score_persons(gold.get("persons", []), rows["persons"]).as_dict()
    return out


def micro_average(results: list[dict]) -> dict:
    """Sum TP/FP/FN (and accuracy counts) over reports; None where a category is not available."""
    out: dict[str, Any] = {}
    for cat in CATEGORIES:
        parts = [r[cat] for r in results if r.get(cat) is not None]
        if not parts:
            out[cat] = None
            continue
        total = Counts()
        for d in parts:
            total.add(Counts(d["tp"], d["fp"], d["fn"]))
        out[cat] = total.as_dict()
    for acc_name in ("indicator", "docNumber"):
        parts = [r[acc_name] for r in results if r.get(acc_name) is not None]
        if not parts:
            out[acc_name] = None
            continue
        acc = Accuracy()
        for d in parts:
            acc.add(Accuracy(d["correct"], d["total"]))
        out[acc_name] = acc.as_dict()
    return out


# ---------------------------------------------------------------------------- CLI

def gold_files(paths: list[Path]) -> dict[str, Path]:
    """Gold files by report stem (``X`` of ``X.gold.json``), from files and directories."""
    found: dict[str, Path] = {}
    for path in paths:
        for f in sorted(path.glob("*.gold.json")) if path.is_dir() else [path]:
            if not f.name.endswith(".gold.json") or not f.is_file():
                raise ValueError(f"{f}: no gold file (expected NAME.gold.json or a directory of them)")
            found[f.name[: -len(".gold.json")]] = f
    return found


def graph_rows(graph: Path) -> tuple[dict[str, str], dict[str, list[Row] | None], list[str]]:
    """(report IRI → source file stem, category → all rows or None, notes) from the stored queries."""
    from kg.errors import QueryError
    from kg.query import load_graphs, run_query

    ds = load_graphs([graph])
    columns, report_rows = run_query("reports", ds)
    reports = {}
    for row in report_rows:
        r = dict(zip(columns, row))
        reports[str(r["report"])] = Path(str(r["source"] or "")).stem
    rows: dict[str, list[Row] | None] = {}
    notes: list[str] = []
    for cat, name in QUERIES.items():
        try:
            columns, result = run_query(name, ds)
        except QueryError as exc:
            rows[cat] = None
            notes.append(f"{cat}: not available ({exc})")
            continue
        rows[cat] = [{c: "" if v is None else str(v) for c, v in zip(columns, row)} for row in result]
    return reports, rows, notes


def score_graph(graph: Path, golds: dict[str, Path]) -> tuple[dict[str, dict], list[str]]:
    """Per-report results keyed by gold stem, and notes (missing queries, unmatched reports)."""
    reports, rows, notes = graph_rows(graph)
    by_stem: dict[str, list[str]] = {}
    for iri, stem in reports.items():
        by_stem.setdefault(stem, []).append(iri)
    for stem in sorted(set(by_stem) - set(golds)):
        notes.append(f"report {stem}: no gold file (not scored)")
    results: dict[str, dict] = {}
    for stem, path in sorted(golds.items()):
        iris = set(by_stem.get(stem, []))
        if not iris:
            notes.append(f"gold {stem}: no report in the graph (scored against empty predictions)")
        gold = json.loads(path.read_text(encoding="utf-8"))
        mine = {cat: [r for r in rs if r.get("report", "") in iris] for cat, rs in rows.items() if rs is not None}
        results[stem] = score_rows(gold, mine)
    return results, notes


def _fmt(d: dict | None, key: str = "f1") -> str:
    return "n/a" if d is None else f"{d[key]:.3f}"


def render(results: dict[str, dict], notes: list[str], verbose: bool = False) -> str:
    """Per-report F1 table, micro-averaged figures against the targets, and optionally the errors."""
    cols = ["report", "practices", "metrics", "indicator", "documents", "docNumber", "persons"]
    lines = []
    table = [cols] + [[stem, _fmt(r["practices"]), _fmt(r["metrics"]), _fmt(r["indicator"], "accuracy"),
                       _fmt(r["documents"]), _fmt(r["docNumber"], "accuracy"), _fmt(r["persons"])]
                      for stem, r in results.items()]
    widths = [max(len(row[i]) for row in table) for i in range(len(cols))]
    lines.append("Per report (F1; indicator and docNumber: accuracy on matched items)")
    for row in table:
        lines.append("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip())
    micro = micro_average(list(results.values()))
    lines += ["", f"Micro-average over {len(results)} reports",
              f"{'category':<10}  {'P':>5}  {'R':>5}  {'F1':>5}  {'TP':>4}  {'FP':>4}  {'FN':>4}  target  status"]
    for cat in CATEGORIES:
        d, target = micro[cat], TARGETS[cat]
        if d is None:
            lines.append(f"{cat:<10}  {'n/a':>5}  {'n/a':>5}  {'n/a':>5}  {'':>16}  {target:.2f}    not available")
            continue
        lines.append(f"{cat:<10}  {d['precision']:5.3f}  {d['recall']:5.3f}  {d['f1']:5.3f}  {d['tp']:>4}  "
                     f"{d['fp']:>4}  {d['fn']:>4}  {target:.2f}    {'ok' if d['f1'] >= target else 'BELOW'}")
    for name in ("indicator", "docNumber"):
        d, target = micro[name], TARGETS.get(name)
        if d is None:
            lines.append(f"{name:<10}  accuracy n/a (not available)")
            continue
        verdict = "" if target is None else f"  target {target:.2f}  {'ok' if d['accuracy'] >= target else 'BELOW'}"
        lines.append(f"{name:<10}  accuracy {d['accuracy']:.3f} ({d['correct']}/{d['total']} matched){verdict}")
    if verbose:
        for stem, r in results.items():
            errors = []
            for cat in CATEGORIES:
                d = r[cat]
                if d is None:
                    continue
                errors += [f"  {cat} FP  {x}" for x in d["false_positives"]]
                errors += [f"  {cat} FN  {x}" for x in d["false_negatives"]]
            for acc_name in ("indicator", "docNumber"):
                if r[acc_name] is not None:
                    errors += [f"  {acc_name} wrong  {x}" for x in r[acc_name]["mismatches"]]
            if errors:
                lines += ["", f"{stem}:"] + errors
    if notes:
        lines += ["", "Notes:"] + [f"  {n}" for n in notes]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """CLI entry point; exit 0 when scored, 2 on bad usage or an unreadable graph."""
    ap = argparse.ArgumentParser(description="Score the graph's extraction against gold files.")
    ap.add_argument("graph", type=Path, help="graph file (.ttl, .trig, .nq, .nt, .jsonld)")
    ap.add_argument("gold", type=Path, nargs="+", help="gold files (X.gold.json) or directories of them")
    ap.add_argument("--verbose", "-v", action="store_true", help="list false positives and negatives per report")
    args = ap.parse_args(argv)
    from kg.errors import QueryError

    try:
        golds = gold_files(args.gold)
        if not golds:
            raise ValueError("no gold files found")
        results, notes = score_graph(args.graph, golds)
    except (QueryError, ValueError, OSError) as exc:  # json.JSONDecodeError is a ValueError
        print(f"score: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(render(results, notes, args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
