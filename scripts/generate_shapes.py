"""Write the generated compliance shapes from the ontology (concepts.ttl and legal-basis.ttl).

    python scripts/generate_shapes.py          # rewrite shapes/{report-parts,enforcement-systems,
                                               #   required-practices,superseded-rules}.ttl
    python scripts/generate_shapes.py --check  # exit 1 if a committed file is out of date

Every requirement is one shape ``fzs:<id>`` targeting fz:Report, so a validation result's
sh:sourceShape names the requirement. Parts are SHACL Core (sh:hasValue on fz:containsPart);
practices and superseded rules are SPARQL constraints, because a practice counts only when one
claim has both the practice and modality ``done`` — pySHACL runs that as one SPARQL query about
ten times faster than the equivalent sh:qualifiedValueShape. Severities: parts, 三项制度 and
双随机、一公开 are violations (issue 4); other practices are warnings when their legal basis is
only recalled (fz:verification "R"), violations otherwise; superseded rules are warnings.
"""

from __future__ import annotations

import re

import sys
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from kg.graph.iris import document_iri
from kg.namespaces import DCTERMS, ELI, FZ, FZC, ODRL, RDF, RDFS, SKOS
from kg.resources import ontology

SHAPES = Path(__file__).resolve().parent.parent / "shapes"
UMBRELLAS = (FZC.three_enforcement_systems,)
ALWAYS_VIOLATION = (FZC.double_random_one_public,)  # with the umbrellas' members (issue 4)

PREFIXES = """\
PREFIX fz: <https://w3id.org/fazhi-kg/ontology#>
PREFIX fzc: <https://w3id.org/fazhi-kg/concept/>
PREFIX fzs: <https://w3id.org/fazhi-kg/shapes#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX sh: <http://www.w3.org/ns/shacl#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

SPARQL_PREFIXES = """
# Prefixes of the SPARQL constraints (the same triples in every file that needs them).
fzs:prefixes sh:declare fzs:prefix_fz , fzs:prefix_fzc , fzs:prefix_xsd .
fzs:prefix_fz sh:prefix "fz" ; sh:namespace "https://w3id.org/fazhi-kg/ontology#"^^xsd:anyURI .
fzs:prefix_fzc sh:prefix "fzc" ; sh:namespace "https://w3id.org/fazhi-kg/concept/"^^xsd:anyURI .
fzs:prefix_xsd sh:prefix "xsd" ; sh:namespace "http://www.w3.org/2001/XMLSchema#"^^xsd:anyURI .
"""


@dataclass
class Basis:
    """One legal basis of a requirement: the document and, when known, the article."""

    doc: URIRef
    title: str
    number: str | None
    article: str | None

    @property
    def short(self) -> str:
        name = self.number or f"《{self.title}》"
        return f"{name} {self.article}" if self.article else name


@dataclass
class Requirement:
    """What one requirement shape says besides its constraint."""

    local: str
    label_zh: str
    label_en: str
    message_zh: str
    message_en: str
    severity: str
    requires: URIRef | None
    bases: list[Basis]


def lit(text: str, lang: str | None = "zh") -> str:
    return Literal(text, lang=lang).n3()


def local(iri: URIRef) -> str:
    return str(iri).rsplit("/", 1)[-1]


def label(g: Graph, node: URIRef, lang: str) -> str:
    for prop in (SKOS.prefLabel, RDFS.label):
        for value in g.objects(node, prop):
            if isinstance(value, Literal) and value.language == lang:
                return str(value)
    raise ValueError(f"{node} has no @{lang} label")


def bases(g: Graph, concept: URIRef) -> list[Basis]:
    """The concept's legal bases with their articles, documents with an article first."""
    articles = [str(a) for a in g.objects(concept, FZ.legalBasisArticle)]
    out = []
    for doc in g.objects(concept, FZ.legalBasis):
        title = str(g.value(doc, ELI.title))
        number = g.value(doc, ELI.id_local) or g.value(doc, FZ.docNumber)
        article = next((a[len(title) + 1:] for a in articles if a.startswith(title + " ")), None)
        out.append(Basis(doc, title, str(number) if number else None, article))  # type: ignore[arg-type]
    return sorted(out, key=lambda b: (b.article is None, b.number or "", b.title))


def basis_text(items: list[Basis]) -> str:
    return "；".join(b.short for b in items)


def render(req: Requirement, kind: str, constraint: str) -> str:
    """The Turtle of one requirement shape."""
    lines = [
        f"fzs:{req.local}",
        f"    a {kind} ;",
        "    sh:targetClass fz:Report ;",
        constraint.rstrip() + " ;",
        f"    sh:severity sh:{req.severity} ;",
        f"    rdfs:label {lit(req.label_zh)} , {lit(req.label_en, 'en')} ;",
        f"    sh:message {lit(req.message_zh)} ,",
        f"        {lit(req.message_en, 'en')} ;",
    ]
    if req.requires is not None:
        lines.append(f"    fz:requires fzc:{local(req.requires)} ;")
    lines.append("    fz:legalBasis " + " , ".join(f"<{b.doc}>" for b in req.bases) + " ;")
    articles = [f"{b.title} {b.article}" for b in req.bases if b.article]
    if articles:
        lines.append("    fz:legalBasisArticle " + " ,\n        ".join(lit(a) for a in articles) + " ;")
    lines[-1] = lines[-1][:-2] + " ."
    return "\n".join(lines) + "\n"


def part_shapes(g: Graph) -> list[str]:
    out = []
    for part in sorted(g.subjects(RDF.type, FZ.ReportPart)):
        if not g.value(part, FZ.required, default=Literal(False)).toPython():
            continue
        zh, en, b = label(g, part, "zh"), label(g, part, "en"), bases(g, part)
        req = Requirement(
            local(part), f"报告组成部分：{zh}", f"Report part: {en}",
            f"报告缺少法定组成部分「{zh}」。依据：{basis_text(b)}。",
            f"The report lacks a part the rules require: {en}. Basis: {basis_text(b)}.",
            "Violation", part, b,
        )
        constraint = f"    sh:path fz:containsPart ;\n    sh:hasValue fzc:{local(part)}"
        out.append(render(req, "sh:PropertyShape", constraint))
    return out


def practice_constraint(practice: URIRef, applies_from: Literal | None) -> str:
    """A SPARQL constraint: no claim of the practice with modality done (in a year it applies)."""
    year = ""  # a rule that came later binds only reports known to cover a year it was in force
    if applies_from is not None:
        year = f'\n            FILTER EXISTS {{ $this fz:yearCovered ?year FILTER (STR(?year) >= "{applies_from}") }}'
    return f'''    sh:sparql [
        a sh:SPARQLConstraint ;
        sh:prefixes fzs:prefixes ;
        sh:select """
        SELECT $this WHERE {{
            FILTER NOT EXISTS {{ ?claim fz:practice fzc:{local(practice)} ; fz:modality "done" ; fz:report $this }}{year}
        }}"""
    ]'''


def practice_shape(g: Graph, obligation: URIRef, forced: bool) -> str:
    practice = g.value(obligation, ODRL.action)
    zh, b = label(g, practice, "zh"), bases(g, practice)
    en = label(g, obligation, "en").removeprefix("Must: ")
    unverified = str(g.value(obligation, FZ.verification)) == "R" and not forced
    applies_from = g.value(obligation, FZ.appliesFrom)
    zh_msg = f"报告未显示已开展「{zh}」：只有陈述已开展（done）的才算，计划或不足不算。依据：{basis_text(b)}。"
    en_msg = (f"The report does not show that the bureau did this in the year: {en}. Only statements of work "
              f"done count, not plans or shortcomings. Basis: {basis_text(b)}.")
    if unverified:
        zh_msg += "（该法律依据尚待核实，故仅为警告。）"
        en_msg += " (A warning only: the legal basis is not yet verified.)"
    if applies_from is not None:
        zh_msg += f"（适用于{applies_from}年度起的报告。）"
        en_msg += f" (Applies to reports on {applies_from} onward.)"
    req = Requirement(
        f"practice_{local(practice)}", label(g, obligation, "zh"), label(g, obligation, "en"),
        zh_msg, en_msg, "Warning" if unverified else "Violation", practice, b,
    )
    return render(req, "sh:NodeShape", practice_constraint(practice, applies_from))


def practice_shapes(g: Graph, enforcement_family: bool) -> list[str]:
    """Shapes of the 三项制度 members and 双随机 (family True) or of the other required practices."""
    family = {m for u in UMBRELLAS for m in g.objects(u, SKOS.narrower)} | set(ALWAYS_VIOLATION)
    out = []
    for obligation in sorted(g.subjects(RDF.type, FZ.Obligation)):
        if (g.value(obligation, ODRL.action) in family) == enforcement_family:
            out.append(practice_shape(g, obligation, enforcement_family))
    return out


def first_flagged_year(until: Literal) -> int:
    """The first year a report could not cite the rule: no day of that year had it in force."""
    day = until.toPython()
    return day.year if (day.month, day.day) == (1, 1) else day.year + 1


def superseded_test(g: Graph, old: URIRef, docs: set[URIRef]) -> tuple[str, int, str]:
    """How a citation of one superseded rule is recognised (by document IRI or title), the first
    year it is flagged, and what replaced it."""
    new = g.value(old, ELI.repealed_by)
    number = g.value(new, ELI.id_local) or g.value(new, FZ.docNumber)
    current = f"《{g.value(new, ELI.title)}》" + (f"（{number}）" if number else "")
    titles = [str(t) for p in (ELI.title, DCTERMS.alternative) for t in g.objects(old, p)]
    keys = {document_iri(None, str(n)) for n in g.objects(old, FZ.docNumber)}
    variants: set[str] = set()
    if not any(str(g.value(d, ELI.title)) in titles for d in docs - {old}):
        # a title that a newer rule kept names no single document: match such rules by 文号 only
        keys |= {document_iri(t, None) for t in titles}
        variants = {v for t in titles for v in (t, t.replace("（", "(").replace("）", ")"))}
    tests = []
    if keys:
        tests.append("?value IN (" + ", ".join(f"<{k}>" for k in sorted(keys)) + ")")
    if variants:
        tests.append("?title IN (" + ", ".join(Literal(v).n3() for v in sorted(variants)) + ")")
    return " || ".join(tests), first_flagged_year(g.value(old, ELI.date_no_longer_in_force)), current


def superseded_shape(g: Graph) -> str:
    """One pattern over the citations, the rule each one cites picked by a chain of IFs: a UNION of
    one branch per rule means the same (no citation matches two rules; checked here) but Oxigraph
    plans it so badly that it runs for minutes on a store of 1,000 reports."""
    docs = set(g.subjects(RDF.type, ELI.LegalResource))
    olds = sorted(g.subjects(ELI.date_no_longer_in_force, None))
    rules = [superseded_test(g, old, docs) for old in olds]
    terms = [re.findall(r'<[^>]+>|"(?:[^"\\]|\\.)*"', test) for test, _, _ in rules]
    for i, a in enumerate(terms):
        for b in terms[i + 1:]:
            if set(a) & set(b):
                raise SystemExit(f"two superseded rules are recognised by the same document or title: {set(a) & set(b)}")
    from_year, current = '""', '""'
    for test, year, now in reversed(rules):
        from_year = f'IF({test}, "{year}", {from_year})'
        current = f"IF({test}, {Literal(now).n3()}, {current})"
    constraint = f'''    sh:sparql [
        a sh:SPARQLConstraint ;
        sh:prefixes fzs:prefixes ;
        sh:select """
        SELECT DISTINCT $this ?value ?title ?current WHERE {{
            $this fz:yearCovered ?year .
            ?citation fz:citedDocument ?value ; fz:citedTitle ?title ; fz:report $this .
            BIND ({from_year} AS ?from)
            FILTER (?from != "" && STR(?year) >= ?from)
            BIND ({current} AS ?current)
        }}"""
    ]'''
    current = {g.value(old, ELI.repealed_by) for old in olds}
    req = Requirement(
        "no_superseded_rule", "不得引用报告年度前已失效的文件", "No rule cited that was superseded before the year covered",
        "报告引用的《{?title}》在报告年度之前已失效，已由{?current}替代。",
        "The report cites 《{?title}》, no longer in force in the year covered; it was replaced by {?current}.",
        "Warning", None, [Basis(d, str(g.value(d, ELI.title)), None, None) for d in sorted(current)],
    )
    return render(req, "sh:NodeShape", constraint)


def header(what: str) -> str:
    return (f"# {what}\n# GENERATED by scripts/generate_shapes.py from ontology/concepts.ttl and "
            "ontology/legal-basis.ttl: do not edit;\n# change those and run `python scripts/generate_shapes.py`.\n")


def files() -> dict[str, str]:
    """File name → Turtle text of every generated shapes file."""
    g = ontology()
    return {
        "report-parts.ttl": header("The parts 《法治政府建设与责任落实督察工作规定》 requires of an annual report.")
        + PREFIXES + "\n" + "\n".join(part_shapes(g)),
        "enforcement-systems.ttl": header("三项制度 (each of its three systems) and 双随机、一公开, shown as done.")
        + PREFIXES + SPARQL_PREFIXES + "\n" + "\n".join(practice_shapes(g, True)),
        "required-practices.ttl": header("The other practices a binding rule requires, shown as done.")
        + PREFIXES + SPARQL_PREFIXES + "\n" + "\n".join(practice_shapes(g, False)),
        "superseded-rules.ttl": header("Citations of rules no longer in force in the year a report covers.")
        + PREFIXES + SPARQL_PREFIXES + "\n" + superseded_shape(g),
    }


def main(argv: list[str]) -> int:
    stale = []
    for name, text in files().items():
        path = SHAPES / name
        if "--check" in argv:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print("out of date (run python scripts/generate_shapes.py):", ", ".join(stale))
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
