"""The files a compliance run leaves: the SHACL validation report, the HTML matrix and the CSV."""

from __future__ import annotations

from pathlib import Path

from ..namespaces import PREFIXES
from ..output import write_atomic
from .model import CheckResult
from .html import html_page
from .render import csv_text

VALIDATION, HTML, CSV = "validation.ttl", "check.html", "check.csv"


def write_check_files(result: CheckResult, out_dir: Path) -> list[Path]:
    """Write the three files into ``out_dir``, each atomically; returns their paths."""
    g = result.validation
    for prefix in ("fz", "fzc", "fzd"):
        g.bind(prefix, PREFIXES[prefix])
    g.bind("fzs", "https://w3id.org/fazhi-kg/shapes#")
    files = {
        out_dir / VALIDATION: g.serialize(format="longturtle").encode("utf-8"),
        out_dir / HTML: html_page(result).encode("utf-8"),
        out_dir / CSV: csv_text(result).encode("utf-8"),
    }
    for path, data in files.items():
        write_atomic(path, data)
    return list(files)
