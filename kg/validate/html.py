"""A self-contained HTML page for a compliance run: a reports × requirements matrix whose cells
link to the evidence sentences and legal basis below it. No scripts, fonts or links outside the page."""

from __future__ import annotations

import re
from html import escape
from typing import Iterator

from .model import FAIL, CheckResult, ReportCheck
from .requirements import Requirement, requirements

_STYLE = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:2em}
table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.25em .4em;vertical-align:top}
#matrix th.req{vertical-align:bottom;font-weight:normal;font-size:.8em;padding:.2em 0}#matrix th.req a{writing-mode:vertical-rl;white-space:nowrap;text-overflow:ellipsis;display:block;height:11em;overflow:hidden;margin:0 auto;text-decoration:none;color:#234}
#matrix td{text-align:center;min-width:1.4em}#matrix td a{text-decoration:none;color:inherit;display:block}
#matrix tbody th{text-align:left;white-space:nowrap}
.pass{background:#dff3e3}.fail{background:#f8d3d0;font-weight:bold}.warn{background:#fdefc8}
.kind{background:#f3f3f3}.report td ul{margin:0;padding-left:1.1em}.none{color:#888;font-style:italic}
.legend span{display:inline-block;padding:0 .5em;margin-right:.6em}.iri{color:#666;font-size:.85em}
"""


def _css_class(status: str, severity: str) -> str:
    return "pass" if status != FAIL else ("fail" if severity == "Violation" else "warn")


def _short(req: Requirement) -> str:
    return re.sub(r"^(应当：|报告组成部分：)", "", req.label_zh)


def _anchor(i: int, req: Requirement) -> str:
    return f"r{i}-{req.key}"


def html_page(result: CheckResult, title: str = "法治政府建设年度报告合规检查 · Compliance check") -> str:
    return "".join(html_lines(result, title))


def html_lines(result: CheckResult, title: str = "法治政府建设年度报告合规检查 · Compliance check") -> Iterator[str]:
    """The page a line at a time (for 10,000 reports it is a few hundred MB)."""
    reqs = requirements()
    failing = sum(rc.violations > 0 for rc in result.reports)
    out = [
        "<!DOCTYPE html>", '<html lang="zh"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="summary">{len(result.reports)} 份报告 reports · {failing} 份有违反项 with violations · '
        f"{len(result.errors)} 个输入无法检查 inputs not checked</p>",
        '<p class="legend"><span class="pass">✓ 满足 met</span><span class="fail">✗ 违反 violation</span>'
        '<span class="warn">! 警告 warning</span></p>',
        '<table id="matrix"><thead><tr><th>报告 report</th>',
    ]
    out += [f'<th class="req" title="{escape(r.label_zh)} / {escape(r.label_en)}"><a href="#req-{r.key}">'
            f"{escape(_short(r))}</a></th>" for r in reqs]
    out.append("</tr></thead><tbody>")
    yield from (line + "\n" for line in out)
    for i, rc in enumerate(result.reports):
        row = [f'<tr data-report="{escape(rc.facts.iri)}"><th><a href="#r{i}">{escape(rc.facts.label)}</a></th>']
        for c in rc.cells:
            cls = _css_class(c.status, c.severity)
            mark = {"pass": "✓", "fail": "✗", "warn": "!"}[cls]
            row.append(f'<td class="{cls}" data-requirement="{c.requirement.key}" data-status="{c.status}" '
                       f'data-severity="{c.severity}"><a href="#{_anchor(i, c.requirement)}" '
                       f'title="{escape(c.requirement.label_zh)}">{mark}</a></td>')
        row.append("</tr>")
        yield "\n".join(row) + "\n"
    out = ["</tbody></table>", *_requirements_section(reqs)]
    yield from (line + "\n" for line in out)
    for i, rc in enumerate(result.reports):
        yield "\n".join(_report_section(i, rc)) + "\n"
    if result.errors:
        yield "<h2>无法检查的输入 Inputs not checked</h2><ul>\n"
        yield from (f"<li>{escape(str(e))}</li>\n" for e in result.errors)
        yield "</ul>\n"
    yield "</body></html>\n"


def _requirements_section(reqs: tuple[Requirement, ...]) -> list[str]:
    out = ['<h2 id="requirements">要求与法律依据 Requirements and legal basis</h2><dl>']
    for r in reqs:
        out.append(f'<dt id="req-{r.key}"><b>{escape(r.label_zh)}</b> / {escape(r.label_en)} '
                   f"({escape(r.severity)})</dt><dd>{'<br>'.join(escape(b) for b in r.basis) or '—'}</dd>")
    out.append("</dl>")
    return out


def _report_section(i: int, rc: ReportCheck) -> list[str]:
    f = rc.facts
    out = [f'<section class="report" id="r{i}"><h2>{escape(f.label)}</h2>',
           f'<p>{escape(f.file)} <span class="iri">&lt;{escape(f.iri)}&gt;</span></p>']
    if rc.other:
        out.append("<p>图完整性 Graph integrity:</p><ul>" + "".join(f"<li>{escape(o)}</li>" for o in rc.other) + "</ul>")
    out.append("<table><tr><th>要求 requirement</th><th>结果 result</th><th>严重性 severity</th>"
               "<th>证据 evidence</th><th>法律依据 legal basis</th></tr>")
    for c in rc.cells:
        cls = _css_class(c.status, c.severity)
        evidence = ("<ul>" + "".join(f"<li>{escape(e)}</li>" for e in c.evidence) + "</ul>") if c.evidence \
            else '<span class="none">无证据 no evidence</span>'
        if c.message:
            evidence += f"<div>{escape(c.message)}</div>"
        out.append(f'<tr id="{_anchor(i, c.requirement)}" class="{cls}"><td>{escape(c.requirement.label_zh)}</td>'
                   f"<td>{escape(c.status)}</td><td>{escape(c.severity)}</td><td>{evidence}</td>"
                   f"<td>{'<br>'.join(escape(b) for b in c.requirement.basis)}</td></tr>")
    out.append("</table></section>")
    return out
