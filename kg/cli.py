"""The ``fazhi`` command: a thin layer over the library. Exit status 0 = success, 1 = some input
failed (the rest was built), 2 = error (nothing usable was produced, or bad usage)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from .errors import QueryError

EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2

# ------------------------------------------------------------------ options, defined once

inputs_argument = click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
output_option = click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("graph.ttl"),
                             show_default=True, help="Graph file to write: .ttl (sorted Turtle), .trig, .nq, .nt or .jsonld.")
graphs_argument = click.argument("graphs", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
format_option = click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
param_option = click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
                            help="Query parameter, bound as an RDF term (<iri>, prefix:name or a literal).")
jobs_option = click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, show_default=True,
                           help="Worker processes (0 = one per CPU).")
_META_OPTIONS = [
    click.option("--issuer", help="Issuer's full name (e.g. 鞍山市应急管理局) when the text does not give it."),
    click.option("--level", type=click.Choice(["national", "province", "city", "county"])),
    click.option("--province"), click.option("--city"), click.option("--county"),
    click.option("--year", type=int, help="Year the report covers."),
    click.option("--date-signed", help="Date signed, YYYY-MM-DD."),
]


def meta_options(f: Any) -> Any:
    for opt in reversed(_META_OPTIONS):
        f = opt(f)
    return f


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="fazhi-kg")
def main() -> None:
    """Fazhi KG: annual rule-of-law reports (法治政府建设年度报告) → knowledge graph."""


@main.command()
@inputs_argument
@output_option
@meta_options
def build(inputs: tuple[Path, ...], output: Path, **meta: Any) -> None:
    """Build the graph of the report files and folders INPUTS (text or HTML, any encoding)."""
    from .build import build as run_build, collect_files, write_graphs
    from .summary import failure_lines, summary_text

    files = collect_files(inputs)
    if not files:
        raise click.UsageError("no report files found in the inputs")
    with click.progressbar(length=len(files), label="Reading reports", file=sys.stderr) as bar:
        result = run_build(files, {k: v for k, v in meta.items() if v is not None}, progress=lambda _p: bar.update(1))
    for line in failure_lines(result):
        click.echo(line, err=True)
    if not result.built:
        click.echo("error: no report could be built; nothing written", err=True)
        sys.exit(EXIT_ERROR)
    target = output
    if result.failed and output.exists():
        target = output.with_name(output.stem + ".partial" + output.suffix)
        click.echo(f"note: some inputs failed, so {output} is kept as it was; this run's graph is in {target}", err=True)
    try:
        write_graphs(result, target)
    except (OSError, ValueError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(summary_text(result, target))
    sys.exit(EXIT_FAILED if result.failed else EXIT_OK)


@main.command()
@click.argument("name", required=False)
@graphs_argument
@format_option
@param_option
@click.option("--list", "list_", is_flag=True, help="List the stored queries and their questions.")
def query(name: str | None, graphs: tuple[Path, ...], fmt: str, params: tuple[str, ...], list_: bool) -> None:
    """Run the stored query NAME over the graph files GRAPHS."""
    from .query import format_rows, load_graphs, run_query
    from .resources import query_description, query_names

    if list_:
        for q in query_names():
            click.echo(f"{q}\n  " + query_description(q).replace("\n", "\n  "))
        return
    if not name or not graphs:
        raise click.UsageError("give a query NAME and at least one graph file (or --list)")
    try:
        bound = dict(_key_value(p) for p in params)
        ds = load_graphs(list(graphs))
        columns, rows = run_query(name, ds, bound)
    except QueryError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(format_rows(columns, rows, fmt), nl=False)


@main.command()
@inputs_argument
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("check"), show_default=True,
              help="Folder for validation.ttl (SHACL report), check.html (matrix) and check.csv.")
@jobs_option
@click.option("--failures-only", is_flag=True, help="Show only the requirements a report fails.")
def check(inputs: tuple[Path, ...], out_dir: Path, jobs: int, failures_only: bool) -> None:
    """Check report files or built graphs (.nq, .trig, .ttl, .nt) against the compliance shapes.

    Exit status 0: every report conforms; 1: some report has a violation; 2: an input could not be
    checked, or nothing could be."""
    from .build import collect_files
    from .read import REPORT_SUFFIXES
    from .validate import check as run_check
    from .validate.units import GRAPH_SUFFIXES
    from .validate.checkfiles import write_check_files
    from .validate.render import terminal_text

    files = collect_files(inputs, set(REPORT_SUFFIXES) | set(GRAPH_SUFFIXES))
    if not files:
        raise click.UsageError("no report or graph files found in the inputs")
    with click.progressbar(length=len(files), label="Checking", file=sys.stderr) as bar:
        result = run_check(files, jobs, progress=lambda _n: bar.update(1))
    for err in result.errors:
        click.echo(f"error: {err}", err=True)
    if not result.reports:
        click.echo("error: no report could be checked; nothing written", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(terminal_text(result, failures_only))
    try:
        for path in write_check_files(result, out_dir):
            click.echo(f"wrote {path}", err=True)
    except OSError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_ERROR if result.errors else EXIT_OK if result.conforms else EXIT_FAILED)



@main.command()
@click.argument("kind", type=click.Choice(["practices", "documents", "co-citations"]))
@graphs_argument
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="File to write: .graphml, .gexf, .csv (centrality table), .svg or .png (picture).")
def network(kind: str, graphs: tuple[Path, ...], output: Path) -> None:
    """Build the network KIND of the graph files GRAPHS: practices claimed done together, reports and
    the documents they cite, or documents cited together (co-citations)."""
    from .network import FORMATS, build_network, write_network
    from .query import load_graphs

    if not graphs:
        raise click.UsageError("give at least one graph file")
    if output.suffix.lower() not in FORMATS:
        raise click.UsageError(f"{output}: unknown network format (use {', '.join(FORMATS)})")
    try:
        g = build_network(kind, load_graphs(list(graphs)))
    except QueryError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    if not len(g):
        click.echo(f"error: the graphs give no {kind} network; nothing written", err=True)
        sys.exit(EXIT_ERROR)
    try:
        write_network(g, output)
    except OSError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(f"{kind}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges written to {output}")

def _key_value(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise QueryError(f"--param needs KEY=VALUE, not {text!r}")
    return key.strip(), value.strip()


if __name__ == "__main__":  # pragma: no cover
    main()
