"""Practice claims: mentions of practices by label, alias or abbreviation, with their modality.

A weak (generic) alias counts only where the same sentence or a heading above names the practice
by a strong label. A mention of an umbrella (三项制度) is a claim about each of its members.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..structure import Document, Section, Sentence
from .lexicon import practices
from .modality import modality
from .textview import view


#: Directives quoted from a speech (他强调，要…; 要时刻…) are not claims about the bureau.
#: A practice named as what is to be prevented (防止行政复议发生) is not claimed.
PREVENTED = re.compile(r"(?:防止|避免|减少|杜绝)[^，。；]{0,12}$")
DIRECTIVE = re.compile(r"^(?:[^，。]{0,12}(?:强调|指出|要求)[，,：:]?\s*)?要(?!求|点|素|案|件)")


@dataclass(frozen=True)
class Claim:
    practice: str  # catalog id
    modality: str
    sentence: Sentence
    start: int  # span of the mention in the normalised text
    end: int
    label: str
    rule: str  # sentence | heading | umbrella


def _strong(text: str) -> set[str]:
    lex = practices()
    out: set[str] = set()
    for m in lex.pattern.finditer(view(text).text):
        out.update(l.concept for l in lex.labels[m.group()] if not l.weak)
    return out


def _heading_concepts(sec: Section | None, cache: dict[int, set[str]]) -> set[str]:
    if sec is None:
        return set()
    if id(sec) not in cache:
        cache[id(sec)] = _strong(sec.heading) | _heading_concepts(sec.parent, cache)
    return cache[id(sec)]


def extract_practices(doc: Document) -> list[Claim]:
    """Every practice claim of ``doc``, one per practice, modality and sentence."""
    lex = practices()
    claims: list[Claim] = []
    headings: dict[int, set[str]] = {}
    for sent in doc.sentences:
        if sent in doc.closing or DIRECTIVE.match(sent.text):
            continue
        v = view(sent.text)
        found = [(m, lex.labels[m.group()]) for m in lex.pattern.finditer(v.text)]
        plain = [(m.start(), m.end()) for m, _ in found]
        # A clause pattern inside a longer plain label (执法…平台 in 执法信息公示平台) is that label's.
        found += [(m, [label]) for head, pat, label in lex.clause_patterns if head in v.text
                  for m in pat.finditer(v.text) if not any(a <= m.start() and m.end() <= b for a, b in plain)]
        if not found:
            continue
        found.sort(key=lambda f: f[0].start())
        strong = {l.concept for _, ls in found for l in ls if not l.weak}
        context = strong | _heading_concepts(sent.section, headings)
        parts = sent.section.effective_parts() if sent.section else set(doc.extra_parts)
        seen: set[tuple[str, str]] = set()
        for m, labels in found:
            a, b = v.span(m.start(), m.end())
            if PREVENTED.search(sent.text[:a]) and "发生" in sent.text[b:b + 12]:
                continue
            mod = modality(sent.text, a, parts)
            for label in labels:
                if label.weak and label.concept not in context:
                    continue
                members = lex.narrower.get(label.concept)
                targets = [(c, "umbrella") for c in members] if members else [(label.concept, "heading" if sent.is_heading else "sentence")]
                for cid, rule in targets:
                    if (cid, mod) in seen:
                        continue
                    seen.add((cid, mod))
                    claims.append(Claim(cid, mod, sent, sent.start + a, sent.start + b, m.group(), rule))
    return claims
