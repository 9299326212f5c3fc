"""A synthetic corpus of annual rule-of-law reports, for the speed benchmarks.

Paragraphs of the sample reports (``kg/samples/*.txt``) and of the clean test reports
(``tests/data/reports/*.txt``) are read with the pipeline itself, grouped by the report part their
section shows, and recombined into new reports: a real issuer from the ``cpca`` gazetteer, a year
2019–2025, a random subset of parts under a random heading style, shuffled paragraphs with their
numbers perturbed, and sometimes a title, a signature and a date. A share of the reports is then
garbled the way real copies are (traditional script with pinyin readings, doubled punctuation,
GBK-shifted list markers, PDF line breaks, full-width digits, other encodings, web pages).

Everything is drawn from ``random.Random`` seeded per report, so a seed gives the same corpus.
``manifest.jsonl`` in the output folder records what each report was made of.

Usage: ``python benchmarks/corpus.py OUT_DIR -n 1000 --seed 1``
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import sys
import time
import warnings
from collections import Counter
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
SKIP_MARKS = ("-trad", "-gb18030", "-big5", "-html")
YEARS = range(2019, 2026)
GARBLED_SHARE = 0.4

# Private-use placeholders in paragraph templates: the issuer, and the years before, of and after
# the report's year.
ISSUER = "\ue000"
YEAR_TOKENS = {-1: "\ue001", 0: "\ue002", 1: "\ue003"}

GROUPS = ("measures", "first", "shortcomings", "causes", "plan", "other")

# ------------------------------------------------------------------------------ sources


@dataclass
class Pool:
    """Paragraph templates of the sources, by report part group."""

    preamble: list[str] = field(default_factory=list)
    paragraphs: dict[str, list[str]] = field(default_factory=lambda: {g: [] for g in GROUPS})
    subheadings: dict[str, list[str]] = field(default_factory=lambda: {g: [] for g in GROUPS})


def source_files() -> list[Path]:
    """The clean simplified source reports (sample reports and test reports)."""
    dirs = [ROOT / "kg" / "samples", ROOT / "tests" / "data" / "reports"]
    if not dirs[0].is_dir():  # installed package, not a checkout
        from importlib.resources import files

        dirs[0] = Path(str(files("kg.samples")))
    out: list[Path] = []
    for d in dirs:
        out += sorted(p for p in d.glob("*.txt") if not any(m in p.name for m in SKIP_MARKS))
    return out


def _group(parts: set[str]) -> str | None:
    """The group of a section from its effective report parts."""
    for part, group in (("part_shortcomings", "shortcomings"), ("part_causes", "causes"),
                        ("part_next_year_plan", "plan"), ("part_first_responsible_person", "first"),
                        ("part_other_matters", "other"), ("part_measures_results", "measures")):
        if part in parts:
            return group
    return None


_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
_SENTENCE_END = re.compile(r"[。；！？]")


def _template(text: str, names: list[str], year: int | None) -> str:
    """``text`` with its issuer's names and the years near its report year replaced by placeholders."""
    for name in names:
        text = text.replace(name, ISSUER)
    if year:
        text = _YEAR.sub(lambda m: YEAR_TOKENS.get(int(m.group()) - year, m.group()), text)
    return text


@cache
def load_pool() -> Pool:
    """Read the sources with the pipeline and collect their paragraphs by report part."""
    from kg.markers import INLINE_STYLES, match_marker
    from kg.report import read_report

    pool = Pool()
    seen: set[str] = set()
    for path in source_files():
        rep = read_report(path)
        doc, meta = rep.document, rep.metadata
        names = []
        if meta.issuer:  # the full name, and the short one (番禺区应急管理局 for 广州市番禺区应急管理局)
            bureau = meta.issuer[-5:]  # 应急管理局 / 应急管理厅
            names = [meta.issuer] + [p + bureau for p in (meta.county, meta.city) if p and p + bureau != meta.issuer]
        sections = list(doc.walk())
        closing = {s.start for s in doc.closing}
        pos = 0
        for line in doc.text.split("\n"):
            start, pos = pos, pos + len(line) + 1
            line = line.strip()
            if not line or start in closing or (doc.title and line == doc.title):
                continue
            owner = max((s for s in sections if s.start <= start < s.end), key=lambda s: s.depth, default=None)
            found = match_marker(line)
            body = line[found[1].end():] if found and found[0] not in INLINE_STYLES else line
            body = body.strip()
            if not body:
                continue
            group = _group(owner.effective_parts()) if owner else None
            if not _SENTENCE_END.search(body):
                # A heading: keep the short sub-headings of a part as headings for new sections.
                if owner is not None and owner.depth >= 2 and group and 4 <= len(body) <= 30 and "：" not in body:
                    heads = pool.subheadings[group]
                    if body not in heads:
                        heads.append(body)
                continue
            if len(body) < 24:
                continue
            tpl = _template(body, names, meta.year)
            if tpl in seen:
                continue
            seen.add(tpl)
            if owner is None:
                pool.preamble.append(tpl)
            elif group:
                pool.paragraphs[group].append(tpl)
    return pool


# ------------------------------------------------------------------------------ issuers


@dataclass(frozen=True)
class Issuer:
    """A bureau: its full name and administrative level."""

    name: str
    level: str  # province, city, county


@cache
def issuers() -> dict[str, list[Issuer]]:
    """Bureaus of real divisions from the ``cpca`` gazetteer, by level."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import cpca

    by_code = {str(v.adcode)[:6]: v for v in cpca.ad_2_addr_dict.values()}
    skip = {"市辖区", "县", "城区", "郊区", "矿区", "省直辖县级行政区划", "自治区直辖县级行政区划"}
    outside = ("台湾", "香港", "澳门")
    municipalities = {"北京市", "天津市", "上海市", "重庆市"}
    county_names = Counter(v.name for v in by_code.values() if v.rank == 2)
    out: dict[str, list[Issuer]] = {"province": [], "city": [], "county": []}
    for code in sorted(by_code):
        v = by_code[code]
        if v.name in skip:
            continue
        province = by_code.get(code[:2] + "0000")
        if province is None or province.name.startswith(outside):
            continue
        if v.rank == 0:
            body = "应急管理局" if v.name in municipalities else "应急管理厅"
            out["province"].append(Issuer(v.name + body, "province"))
        elif v.rank == 1:
            out["city"].append(Issuer(v.name + "应急管理局", "city"))
        else:
            city = by_code.get(code[:4] + "00")
            parent = province if province.name in municipalities else city
            prefix = ""
            if v.name.endswith("区") or county_names[v.name] > 1:
                prefix = parent.name if parent is not None and parent.name not in skip else ""
                if not prefix:
                    continue
            out["county"].append(Issuer(prefix + v.name + "应急管理局", "county"))
    return out


# ------------------------------------------------------------------------------ composition

_CN_NUM = "一二三四五六七八九十"


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 23 → 二十三."""
    if n <= 10:
        return _CN_NUM[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_NUM[tens - 1]) + "十" + (_CN_NUM[ones - 1] if ones else "")


def cn_digits(n: int) -> str:
    """2024 → 二〇二四."""
    return "".join("〇一二三四五六七八九"[int(c)] for c in str(n))


def cn_day(n: int) -> str:
    """18 → 十八 (days and months)."""
    return cn_number(n)


#: Heading styles: marker makers by style name.
STYLES: dict[str, list[Callable[[int], str]]] = {
    "cn-dun": [lambda i: f"{cn_number(i)}、"],
    "cn-paren": [lambda i: f"（{cn_number(i)}）", lambda i: f"({cn_number(i)})"],
    "num-dot": [lambda i: f"{i}.", lambda i: f"{i}．"],
    "num-dun": [lambda i: f"{i}、"],
    "num-paren": [lambda i: f"（{i}）", lambda i: f"({i})"],
    "plain": [lambda i: "", lambda i: "【", lambda i: f"第{cn_number(i)}部分 "],
}
TOP_STYLES = (("cn-dun", 50), ("cn-paren", 8), ("num-dot", 10), ("num-dun", 6), ("num-paren", 4), ("plain", 12))
NEXT_STYLE = {"cn-dun": "cn-paren", "cn-paren": "num-dot", "num-dot": "num-paren", "num-dun": "num-paren",
              "num-paren": None, "plain": "num-dot"}

HEADINGS = {
    "measures": ["{Y}年度推进法治政府建设的主要举措和成效", "主要举措和成效", "主要工作及成效", "工作开展情况",
                 "推进法治政府建设情况", "{Y}年推进法治政府建设主要做法和成效"],
    "first": ["党政主要负责人履行推进法治建设第一责任人职责情况", "主要负责人履行推进法治建设第一责任人职责情况",
              "党政主要负责人履职情况"],
    "shortcomings": ["存在的不足和原因", "存在的问题", "困难和问题", "差距与不足", "存在的不足"],
    "causes": ["原因分析", "产生的原因"],
    "plan": ["{Y1}年推进法治政府建设的主要安排", "下一步工作打算", "{Y1}年工作安排", "下一年度工作安排",
             "下一步工作计划"],
    "other": ["其他需要报告的情况", "其他事项"],
}
TITLES = ["{I}{Y}年度法治政府建设情况报告", "{I}关于{Y}年法治政府建设工作情况的报告",
          "{I}{Y}年法治政府建设年度报告", "{Y}年度法治政府建设工作报告", "{I}{Y}年度法治政府建设工作报告"]
ANONYMOUS = ["我局", "本局", "市应急管理局", "我局"]

# Numbers to perturb: not document numbers (〔2023〕15号, 第713号, 第十条), dates (12月, 4日) or 12·4.
_NUMBER = re.compile(r"(?<![\d.·〔(（第\[])(\d+(?:\.\d+)?)(?![\d.·〕号条款月日\])）)])")


def perturb_numbers(text: str, rng: random.Random, share: float = 0.6) -> str:
    """Change about ``share`` of the numbers by up to ±40 %, keeping their form (decimals, %)."""

    def swap(m: re.Match[str]) -> str:
        s = m.group()
        if rng.random() >= share or (len(s) == 4 and s[:2] in ("19", "20")):  # years stay
            return s
        value = float(s) * rng.uniform(0.6, 1.4)
        if m.string[m.end():m.end() + 1] == "%" and float(s) <= 100:
            value = min(value, 100.0)
        if "." in s:
            return f"{value:.{len(s) - s.index('.') - 1}f}"
        return str(max(1, round(value))) if float(s) >= 1 else s

    return _NUMBER.sub(swap, text)


@dataclass
class Plan:
    """What one synthetic report is made of (written to the manifest)."""

    file: str = ""
    issuer: str | None = None
    level: str | None = None
    year: int = 0
    date_signed: str | None = None
    title: bool = False
    signature: bool = False
    anonymous: bool = False
    issuer_in_text: bool = False  # the full name is written somewhere in the report
    sidecar: bool = False
    parts: list[str] = field(default_factory=list)
    style: str = ""
    garbles: list[str] = field(default_factory=list)
    encoding: str = "utf-8"
    html: bool = False
    chars: int = 0
    bytes: int = 0


def _heading(style: str, variant: int, i: int, text: str) -> str:
    maker = STYLES[style][variant % len(STYLES[style])]
    marker = maker(i)
    if marker == "【":
        return f"【{text}】"
    return marker + text


def compose(rng: random.Random, pool: Pool, issuer: Issuer, year: int, anonymous: bool) -> tuple[list[str], Plan]:
    """The lines of one clean report and its plan."""
    plan = Plan(issuer=issuer.name, level=issuer.level, year=year, anonymous=anonymous)
    lines: list[str] = []
    years = {"{Y}": YEAR_TOKENS[0], "{Y1}": YEAR_TOKENS[1]}

    def fill(s: str) -> str:
        for k, v in years.items():
            s = s.replace(k, v)
        return s

    if rng.random() < 0.6:
        tpl = rng.choice(TITLES[3:4] if anonymous else TITLES)
        lines.append(fill(tpl).replace("{I}", issuer.name))
        plan.title = True
    if pool.preamble and rng.random() < 0.85:
        lines.append(perturb_numbers(rng.choice(pool.preamble), rng))

    chosen = [g for g, p in (("measures", 0.97), ("first", 0.7), ("shortcomings", 0.8), ("plan", 0.8), ("other", 0.35))
              if pool.paragraphs[g] and rng.random() < p]
    if "shortcomings" in chosen and pool.paragraphs["causes"] and rng.random() < 0.15:
        chosen.insert(chosen.index("shortcomings") + 1, "causes")
    if "first" in chosen and rng.random() < 0.15:
        chosen.remove("first")
        chosen.insert(0, "first")
    plan.parts = chosen

    styles, weights = zip(*TOP_STYLES)
    top = rng.choices(styles, weights)[0]
    sub = NEXT_STYLE[top]
    top_variant, sub_variant = rng.randrange(3), rng.randrange(2)
    plan.style = top if sub is None else f"{top}/{sub}"
    for i, group in enumerate(chosen, 1):
        lines.append(_heading(top, top_variant, i, fill(rng.choice(HEADINGS[group]))))
        paras = pool.paragraphs[group]
        heads = pool.subheadings[group]
        if group == "measures" and sub and len(heads) >= 2 and rng.random() < 0.85:
            k = min(len(heads), rng.randint(4, 8))
            counts = [rng.randint(1, 4) for _ in range(k)]
            drawn = rng.sample(paras, min(len(paras), sum(counts)))  # no paragraph twice
            for j, head in enumerate(rng.sample(heads, k), 1):
                lines.append(_heading(sub, sub_variant, j, head))
                take, drawn = drawn[:counts[j - 1]], drawn[counts[j - 1]:]
                lines += [perturb_numbers(p, rng) for p in take]
        else:
            count = rng.randint(2, 4) if group != "measures" else rng.randint(6, 16)
            lines += [perturb_numbers(p, rng) for p in rng.sample(paras, min(len(paras), count))]

    if not anonymous and rng.random() < 0.75:
        lines.append(issuer.name)
        plan.signature = True
    if rng.random() < 0.7:
        signed_year, month = (year, 12) if rng.random() < 0.3 else (year + 1, rng.randint(1, 3))
        day = rng.randint(1, 28)
        plan.date_signed = f"{signed_year}-{month:02d}-{day:02d}"
        if rng.random() < 0.4:
            lines.append(f"{cn_digits(signed_year)}年{cn_day(month)}月{cn_day(day)}日")
        else:
            lines.append(f"{signed_year}年{month}月{day}日")

    name = rng.choice(ANONYMOUS) if anonymous else issuer.name
    out = []
    for line in lines:
        line = line.replace(ISSUER, name)
        for delta, tok in YEAR_TOKENS.items():
            line = line.replace(tok, str(year + delta))
        out.append(line)
    plan.issuer_in_text = any(issuer.name in line for line in out)
    return out, plan


# ------------------------------------------------------------------------------ garbling

#: Pinyin readings that web converters put after traditional characters: 規(guī).
PINYIN = {
    "規": "guī", "劃": "huà", "統": "tǒng", "執": "zhí", "數": "shù", "現": "xiàn", "內": "nèi", "產": "chǎn",
    "網": "wǎng", "發": "fā", "務": "wù", "設": "shè", "責": "zé", "監": "jiān", "體": "tǐ", "織": "zhī",
    "組": "zǔ", "導": "dǎo", "開": "kāi", "動": "dòng", "會": "huì", "機": "jī", "專": "zhuān", "項": "xiàng",
    "檢": "jiǎn", "將": "jiāng", "進": "jìn", "處": "chǔ", "級": "jí", "質": "zhì", "單": "dān", "據": "jù",
    "論": "lùn", "證": "zhèng", "書": "shū", "講": "jiǎng", "關": "guān", "實": "shí", "際": "jì", "點": "diǎn",
    "億": "yì", "萬": "wàn", "歷": "lì", "區": "qū", "縣": "xiàn", "違": "wéi", "辦": "bàn", "審": "shěn",
    "權": "quán", "範": "fàn", "訓": "xùn", "練": "liàn", "識": "shí", "復": "fù", "議": "yì", "訴": "sù",
    "訟": "sòng", "險": "xiǎn", "災": "zāi", "護": "hù", "員": "yuán", "黨": "dǎng", "學": "xué", "習": "xí",
}


@cache
def _converter(config: str):  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC(config)


def add_pinyin(text: str, rng: random.Random) -> str:
    """Readings after a random subset of the characters of :data:`PINYIN` (every occurrence)."""
    keys = sorted(PINYIN)
    chosen = set(rng.sample(keys, rng.randint(len(keys) // 3, len(keys))))
    return "".join(c + f"({PINYIN[c]})" if c in chosen else c for c in text)


def double_punctuation(text: str, rng: random.Random) -> str:
    """``，`` → ``,,`` or ``,``; ``、`` → ``,、``; ``。`` → ``,。`` (each mark with some probability)."""
    p = rng.uniform(0.4, 0.9)
    out = []
    for c in text:
        if c == "，":
            out.append(",," if rng.random() < p else ",")
        elif c in "、。" and rng.random() < p:
            out.append("," + c)
        else:
            out.append(c)
    return "".join(out)


_CN_PAREN_LINE = re.compile(r"^（[一二三四五六七八九十]{1,3}）")


def gbk_shift_markers(lines: list[str], rng: random.Random) -> tuple[list[str], int]:
    """List markers ``（一）X`` read one GBK byte out of step: ``?。ㄒ唬┻M``. Returns the count."""
    out, count = [], 0
    for line in lines:
        m = _CN_PAREN_LINE.match(line)
        if m and len(line) > m.end() and rng.random() < 0.8:
            head = line[:m.end() + 1]
            try:
                raw = b"\xa1" + head.encode("gbk")
            except UnicodeEncodeError:
                out.append(line)
                continue
            line = "?" + raw.decode("gbk", errors="ignore") + line[m.end() + 1:]
            count += 1
        out.append(line)
    return out, count


_NO_BREAK_AFTER = set(",()（") | set("abcdefghijklmnopqrstuvwxyzāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ")


def pdf_breaks(lines: list[str], rng: random.Random) -> list[str]:
    """Hard line breaks every 30–40 characters, and page numbers every 20–30 lines."""
    out: list[str] = []
    next_page, page = rng.randint(20, 30), 1
    page_style = rng.randrange(2)
    for line in lines:
        while len(line) > 40:
            cut = rng.randint(30, 40)
            while cut < len(line) - 1 and (line[cut - 1] in _NO_BREAK_AFTER or line[cut] in _NO_BREAK_AFTER):
                cut += 1
            out.append(line[:cut])
            line = line[cut:]
        out.append(line)
        if len(out) >= next_page:
            out.append(f"- {page} -" if page_style == 0 else f"第{page}页")
            page += 1
            next_page = len(out) + rng.randint(20, 30)
    return out


_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def full_width_digits(text: str) -> str:
    return text.translate(_FULL_WIDTH)


def html_page(lines: list[str], title: str, issuer: str | None, rng: random.Random, charset: str) -> str:
    """A government web page around the report, with navigation, page chrome, footer and scripts."""
    site = issuer or "应急管理局"
    paras = "\n".join(f"      <p>{html.escape(line, quote=False)}</p>" for line in lines)
    nav = "".join(f'<li><a href="/{k}/">{v}</a></li>' for k, v in
                  (("", "首页"), ("jggk", "机构概况"), ("zwgk", "政务公开"), ("zcfg", "政策法规"), ("aqsc", "安全生产"), ("hdjl", "互动交流")))
    published = f"{rng.randint(2020, 2026)}-0{rng.randint(1, 9)}-{rng.randint(10, 28)} 09:{rng.randint(10, 59)}"
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="{charset}">
<title>{html.escape(title)}_{html.escape(site)}</title>
<script type="text/javascript">
  var _hmt = _hmt || [];
  function setFontSize(size) {{ document.getElementById("zoom").style.fontSize = size + "px"; }}
</script>
</head>
<body>
<div class="top-bar">无障碍浏览 | 长者模式 | 繁體版 | 设为首页 | 加入收藏</div>
<div class="nav"><ul>{nav}</ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 法治政府建设</div>
<div class="main">
  <div class="article">
    <h1 class="article-title">{html.escape(title)}</h1>
    <div class="article-info">
      <span>发布时间：{published}</span>
      <span>浏览次数：<em id="hits">{rng.randint(100, 9999)}</em></span>
      <span class="font-size">字号：<a href="javascript:setFontSize(20)">大</a> <a href="javascript:setFontSize(16)">中</a> <a href="javascript:setFontSize(14)">小</a></span>
    </div>
    <div class="article-content" id="zoom">
{paras}
    </div>
    <div class="article-tools">
      <a href="javascript:window.print()">打印本页</a>
      <a href="javascript:window.close()">关闭窗口</a>
    </div>
  </div>
</div>
<div class="footer">
  <p><a href="/about/">关于我们</a> | <a href="/sitemap/">网站地图</a></p>
  <p>版权所有 © {rng.randint(2020, 2026)} {html.escape(site)}　　ICP备{rng.randint(10000000, 99999999)}号-1</p>
</div>
<script>document.getElementById("hits").innerText = "{rng.randint(100, 9999)}";</script>
</body>
</html>
"""


def garble(lines: list[str], plan: Plan, rng: random.Random) -> tuple[str, str, str]:
    """Garble the report; returns ``(text, python codec, suffix)`` and fills in ``plan``."""
    g = plan.garbles
    is_html = rng.random() < 0.2
    traditional = rng.random() < 0.45
    encoding = rng.choices(["utf-8", "utf-8-sig", "gb18030", "utf-16", "big5"], [40, 15, 15, 10, 20])[0]
    if is_html:
        encoding = rng.choice(["utf-8", "utf-8", "gb18030"])
    if encoding == "big5" and not traditional:
        encoding = "gb18030"
    if traditional:
        config = "s2tw" if encoding == "big5" else "s2t"
        conv = _converter(config).convert
        lines = conv("\n".join(lines)).split("\n")
        g.append("traditional")
    if rng.random() < 0.3:
        lines, count = gbk_shift_markers(lines, rng)
        if count:
            g.append("gbk-shifted-markers")
    text = "\n".join(lines)
    pinyin = traditional and encoding != "big5" and rng.random() < 0.6
    if pinyin:
        text = add_pinyin(text, rng)
        g.append("pinyin")
    if rng.random() < (0.6 if traditional else 0.2):
        text = double_punctuation(text, rng)
        g.append("doubled-punctuation")
    if rng.random() < 0.25:
        text = full_width_digits(text)
        g.append("full-width-digits")
    if not is_html and not pinyin and rng.random() < 0.4:
        text = "\n".join(pdf_breaks(text.split("\n"), rng))
        g.append("pdf-breaks")
    if encoding == "big5":
        text = text.replace("〇", "○")
    if is_html:
        charset = "gb2312" if encoding == "gb18030" else "utf-8"
        title = lines[0] if plan.title else f"{plan.year}年度法治政府建设工作报告"
        text = html_page(text.split("\n"), title, None if plan.anonymous else plan.issuer, rng, charset)
        g.append("html")
    elif rng.random() < 0.2:
        text = text.replace("\n", "\r\n")
        g.append("crlf")
    if not g:
        if encoding == "utf-8":
            encoding = rng.choice(["utf-8-sig", "gb18030", "utf-16"])
        g.append("encoding-only")
    plan.html = is_html
    return text, encoding, ".html" if is_html else ".txt"


# ------------------------------------------------------------------------------ corpus


def _slug(plan: Plan) -> str:
    short = {"traditional": "trad", "gbk-shifted-markers": "mojibake", "pinyin": "pinyin", "doubled-punctuation": "punct",
             "full-width-digits": "fw", "pdf-breaks": "pdf", "html": "html", "crlf": "crlf", "encoding-only": ""}
    tags = [short[x] for x in plan.garbles if short.get(x)]
    if plan.encoding != "utf-8":
        tags.append(plan.encoding.replace("-", ""))
    return "-".join(["clean"] if not plan.garbles else tags or ["garbled"])


def _assign(n: int, seed: int) -> list[tuple[Issuer, int]]:
    """A distinct (issuer, year) for each report, so that every report gets its own graph."""
    rng = random.Random(f"fazhi-corpus-issuers-{seed}")
    table = issuers()
    used: set[tuple[str, int]] = set()
    out = []
    levels, weights = ("province", "city", "county"), (1, 3, 6)
    while len(out) < n:
        issuer = rng.choice(table[rng.choices(levels, weights)[0]])
        year = rng.choice(YEARS)
        if (issuer.name, year) in used and len(used) < 0.9 * sum(map(len, table.values())) * len(YEARS):
            continue
        used.add((issuer.name, year))
        out.append((issuer, year))
    return out


def make_report(i: int, issuer: Issuer, year: int, seed: int, garbled_share: float = GARBLED_SHARE) -> tuple[bytes, str, Plan]:
    """Bytes, file suffix and plan of report number ``i``."""
    rng = random.Random(f"fazhi-corpus-{seed}-{i}")
    anonymous = rng.random() < 0.04
    lines, plan = compose(rng, load_pool(), issuer, year, anonymous)
    if rng.random() < garbled_share:
        text, encoding, suffix = garble(lines, plan, rng)
    else:
        text, encoding, suffix = "\n".join(lines) + "\n", "utf-8", ".txt"
    if encoding == "big5":
        try:
            text.encode("big5")
        except UnicodeEncodeError:  # simplified characters added after conversion (第3页)
            text = _converter("s2tw").convert(text)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        encoding = "gb18030"
        data = text.encode(encoding)
    plan.encoding = encoding
    plan.chars = len(text)
    plan.bytes = len(data)
    return data, suffix, plan


def generate(out_dir: Path | str, n: int = 1000, seed: int = 1, garbled_share: float = GARBLED_SHARE) -> list[Path]:
    """Write ``n`` synthetic reports (plus sidecars and ``manifest.jsonl``) to ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    plans: list[Plan] = []
    for i, (issuer, year) in enumerate(_assign(n, seed), 1):
        data, suffix, plan = make_report(i, issuer, year, seed, garbled_share)
        path = out_dir / f"r{i:05d}-{_slug(plan)}{suffix}"
        path.write_bytes(data)
        plan.file = path.name
        if plan.anonymous and random.Random(f"fazhi-corpus-sidecar-{seed}-{i}").random() < 0.8:
            side = {"issuer": plan.issuer, "year": plan.year}
            (out_dir / f"{path.name}.meta.json").write_text(json.dumps(side, ensure_ascii=False), encoding="utf-8")
            plan.sidecar = True
        paths.append(path)
        plans.append(plan)
    with open(out_dir / "manifest.jsonl", "w", encoding="utf-8") as fh:
        for plan in plans:
            fh.write(json.dumps(asdict(plan), ensure_ascii=False) + "\n")
    return paths


def read_manifest(corpus_dir: Path | str) -> dict[str, dict[str, Any]]:
    """The manifest of a generated corpus by file name (empty when there is none)."""
    path = Path(corpus_dir) / "manifest.jsonl"
    if not path.is_file():
        return {}
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {r["file"]: r for r in rows}


def corpus_files(corpus_dir: Path | str) -> list[Path]:
    """The report files of a corpus folder, in name order (sidecars and the manifest excluded)."""
    return sorted(p for p in Path(corpus_dir).iterdir() if p.suffix in (".txt", ".html") and p.is_file())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("-n", type=int, default=1000, help="number of reports (default 1000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--garbled", type=float, default=GARBLED_SHARE, help=f"share of garbled reports (default {GARBLED_SHARE})")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    load_pool()
    issuers()
    t1 = time.perf_counter()
    paths = generate(args.out_dir, args.n, args.seed, args.garbled)
    t2 = time.perf_counter()
    plans = list(read_manifest(args.out_dir).values())
    size = sum(p["bytes"] for p in plans)
    pool = load_pool()
    print(f"{len(paths)} reports in {args.out_dir} ({size / 1e6:.2f} MB), seed {args.seed}")
    print(f"sources: {len(source_files())} files, {len(pool.preamble)} opening paragraphs, "
          + ", ".join(f"{g} {len(pool.paragraphs[g])}" for g in GROUPS) + " paragraphs")
    print(f"time: {t1 - t0:.2f} s loading sources, {t2 - t1:.2f} s generating")
    garbled = [p for p in plans if p["garbles"]]
    print(f"garbled: {len(garbled)}  anonymous: {sum(p['anonymous'] for p in plans)} "
          f"(sidecars {sum(p['sidecar'] for p in plans)})  html: {sum(p['html'] for p in plans)}")
    print("encodings: " + ", ".join(f"{k} {v}" for k, v in Counter(p["encoding"] for p in plans).most_common()))
    print("garbles: " + ", ".join(f"{k} {v}" for k, v in Counter(x for p in plans for x in p["garbles"]).most_common()))
    print("levels: " + ", ".join(f"{k} {v}" for k, v in Counter(p["level"] for p in plans).most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
