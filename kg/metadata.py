"""Report metadata: issuer, administrative level and region, year covered, date signed, title.

The issuer is a full name (鞍山市应急管理局) found in the signature, the title or the text; a
name without its place (市应急管理局, 我局) leaves the issuer unknown rather than guessed. The
region comes from the gazetteer of Chinese administrative divisions in ``cpca``. A sidecar
``<file>.meta.json`` or command-line values override what the text says.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field, fields, replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from .errors import InputError
from .numerals import cn_to_int, digit_string
from .structure import DATE_LINE, Document
from .structure.parts import PLAN

LEVELS = ("national", "province", "city", "county")
_MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}
_ISSUER = re.compile(r"([\u4e00-\u9fff]{2,16}?)(应急管理(?:局|厅|部))")
_YEAR = re.compile(r"(20\d{2}|二[〇○零][一二三四五六七八九〇○零]{2})\s*年")
_DATE = re.compile(r"(\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*([\d〇○零一二三四五六七八九十]{1,3})\s*月\s*([\d〇○零一二三四五六七八九十]{1,3})\s*日")
_TITLE_YEAR = re.compile(r"(20\d{2}|二[〇○零][一二三四五六七八九〇○零]{2})\s*年度?")


@dataclass
class Metadata:
    """What a report says about itself; ``None`` where the text does not say."""

    issuer: str | None = None
    level: str | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    division_code: str | None = None
    year: int | None = None
    date_signed: date | None = None
    title: str | None = None
    sources: dict[str, str] = field(default_factory=dict)  # field → text | sidecar | option


@dataclass(frozen=True)
class Region:
    level: str
    province: str | None
    city: str | None
    county: str | None
    code: str


def extract_metadata(doc: Document) -> Metadata:
    """Metadata found in the text of ``doc``."""
    meta = Metadata(title=doc.title)
    issuer = _issuer(doc)
    if issuer:
        name, region = issuer
        meta.issuer = name
        meta.level, meta.province, meta.city, meta.county, meta.division_code = (
            region.level, region.province, region.city, region.county, region.code)
    meta.date_signed = _date_signed(doc)
    meta.year = _year(doc, meta.date_signed)
    meta.sources = {f.name: "text" for f in fields(Metadata) if f.name != "sources" and getattr(meta, f.name) is not None}
    return meta


# ------------------------------------------------------------------ issuer and region

def _issuer(doc: Document) -> tuple[str, Region] | None:
    scores: Counter[str] = Counter()
    regions: dict[str, Region] = {}
    places = [(" ".join(s.text for s in doc.closing), 100), (doc.title or "", 50),
              (doc.text[:300], 10), (doc.text, 1)]
    for text, weight in places:
        for m in _ISSUER.finditer(text):
            found = resolve_issuer(m.group(1), m.group(2))
            if found:
                name, region = found
                scores[name] += weight
                regions[name] = region
    if not scores:
        return None
    best = max(scores, key=lambda n: (scores[n], len(n)))
    return best, regions[best]


def resolve_issuer(place: str, body: str) -> tuple[str, Region] | None:
    """``(full name, region)`` when ``place`` ends in a real administrative division."""
    found = _region(place)
    if found is None:
        return None
    level = "national" if body.endswith("部") else found.level
    return place[found.start:] + body, Region(level, found.province, found.city, found.county, found.code)


@cache
def _short_names() -> dict[str, str]:
    """Short forms of autonomous prefectures and counties (黔东南州 for 黔东南苗族侗族自治州),
    derived from the gazetteer's own names and its list of the 56 nationalities."""
    from importlib.resources import files

    cpca = _cpca()

    nations = files("cpca.resources").joinpath("56_nations.csv").read_text(encoding="utf-8").split()
    strip = re.compile("(?:" + "|".join(sorted((n.removesuffix("族") for n in nations), key=len, reverse=True)) + ")族?$")
    out: dict[str, str] = {}
    for info in cpca.ad_2_addr_dict.values():
        for suffix, short_suffix in (("自治州", "州"), ("自治县", "县")):
            if info.name.endswith(suffix):
                stem = info.name[: -len(suffix)]
                while (m := strip.search(stem)) and m.start() >= 2:
                    stem = stem[: m.start()]
                if len(stem) >= 2 and stem + short_suffix != info.name:
                    out.setdefault(stem + short_suffix, info.name)
    return out


@cache
def _region(place: str) -> "_Found | None":
    """The division named at the end of ``place`` (cpca gazetteer), with where its name starts."""
    for short, full in _short_names().items():
        i = place.find(short)
        if i >= 0:
            found = _lookup(place[:i] + full + place[i + len(short):])
            if found is not None:
                return replace(found, start=min(found.start, i))
    return _lookup(place)


def _cpca():  # type: ignore[no-untyped-def]
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # cpca still imports pkg_resources
        import cpca
    return cpca


@cache
def _lookup(place: str) -> "_Found | None":
    # cpca.transform gives this row in a pandas table, whose making cost as much as reading the
    # rest of a report; the row itself comes from _get_one_addr (tests/test_metadata.py checks
    # that the two agree).
    return _found(place, _cpca()._get_one_addr(place, True, {}))


def _found(place: str, row: dict[str, Any]) -> "_Found | None":
    positions = [row[k] for k in ("省_pos", "市_pos", "区_pos") if row[k] >= 0]
    if not positions or row["adcode"] is None:
        return None
    start = min(positions)
    if len(place) - start < 2 or row["地址"] not in ("", None):
        return None
    province, city, county = row["省"], row["市"], row["区"]
    if city in {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}:
        city = None
    if county:
        level = "county"
    elif city:
        level = "city"
    else:
        level = "province"
    if province in _MUNICIPALITIES and not county:
        level = "province"
    return _Found(level, province, city, county, row["adcode"], start)


@dataclass(frozen=True)
class _Found(Region):
    start: int = 0


def region_of(issuer: str) -> Region | None:
    """Level and region of a full issuer name given by the user."""
    m = re.match(r"(.+?)(应急管理(?:局|厅|部))", issuer)
    if not m:
        return None
    found = resolve_issuer(m.group(1), m.group(2))
    return found[1] if found else None


# ------------------------------------------------------------------ dates

def parse_date(text: str) -> date | None:
    """A date written 2024年12月18日 or 二〇二四年十二月十八日."""
    m = _DATE.search(text)
    if not m:
        return None
    y, mo, d = m.groups()
    try:
        return date(_year_number(y), cn_to_int(mo), cn_to_int(d))
    except ValueError:
        return None


def _year_number(s: str) -> int:
    return int(s) if s.isdigit() else digit_string(s)


def _date_signed(doc: Document) -> date | None:
    for s in reversed(doc.closing):
        if DATE_LINE.match(s.text.strip()):
            return parse_date(s.text)
    return None


def _year(doc: Document, signed: date | None) -> int | None:
    if doc.title and (m := _TITLE_YEAR.search(doc.title)):
        return _year_number(m.group(1))
    counts: Counter[int] = Counter()
    plan_sentences = {id(s) for sec in doc.walk() if PLAN in sec.effective_parts() for s in sec.sentences}
    for s in doc.sentences:
        if id(s) in plan_sentences or s in doc.closing:
            continue
        for m in _YEAR.finditer(s.text):
            y = _year_number(m.group(1))
            if signed is None or y <= signed.year:
                counts[y] += 1
    if counts:
        top = max(counts.values())
        return max(y for y, c in counts.items() if c == top)
    if signed:
        return signed.year - 1 if signed.month <= 6 else signed.year
    return None


# ------------------------------------------------------------------ overrides

_FIELDS = {"issuer", "level", "province", "city", "county", "year", "date_signed", "title"}


def sidecar_path(path: Path) -> Path | None:
    """``report.txt.meta.json`` or ``report.meta.json`` beside ``path``, if present."""
    for cand in (path.with_name(path.name + ".meta.json"), path.with_suffix(".meta.json")):
        if cand.is_file():
            return cand
    return None


def load_sidecar(path: Path) -> dict[str, Any]:
    """The metadata a sidecar file gives; raises :class:`InputError` when it is malformed."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(path, f"unreadable sidecar metadata: {exc}") from None
    if not isinstance(data, dict):
        raise InputError(path, "sidecar metadata must be a JSON object")
    region = data.pop("region", None) or {}
    data.update({k: v for k, v in region.items() if k in ("province", "city", "county")})
    unknown = set(data) - _FIELDS - {"id", "parts", "practices", "metrics", "documents", "persons"}
    if unknown:
        raise InputError(path, f"unknown sidecar keys: {', '.join(sorted(unknown))}")
    return {k: v for k, v in data.items() if k in _FIELDS}


def apply_overrides(meta: Metadata, values: dict[str, Any], source: str, where: Path | None = None) -> Metadata:
    """``meta`` with ``values`` put in; a new issuer also brings its level and region."""
    values = {k: v for k, v in values.items() if v is not None}
    if not values:
        return meta
    out = replace(meta, sources=dict(meta.sources))
    if "issuer" in values:
        region = region_of(values["issuer"])
        out.level = out.province = out.city = out.county = out.division_code = None
        if region:
            out.level, out.province, out.city, out.county, out.division_code = (
                region.level, region.province, region.city, region.county, region.code)
            for k in ("level", "province", "city", "county"):
                if getattr(out, k) is not None:
                    out.sources[k] = source
    for key, value in values.items():
        if key == "date_signed" and isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                raise InputError(where or Path("."), f"date_signed must be YYYY-MM-DD, not {value!r}") from None
        if key == "year":
            value = int(value)
        if key == "level" and value not in LEVELS:
            raise InputError(where or Path("."), f"level must be one of {', '.join(LEVELS)}, not {value!r}")
        setattr(out, key, value)
        out.sources[key] = source
    return out
