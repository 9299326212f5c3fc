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
store_option = click.option("--store", type=click.Path(file_okay=False, path_type=Path), default=None,
                            help="An on-disk store (pyoxigraph) instead of graph files.")
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
@store_option
@jobs_option
@click.option("--compact", is_flag=True, help="With --store: compact the database afterwards (minutes for "
              "thousands of reports; queries and checks then read it faster).")
@meta_options
@click.pass_context
def build(ctx: click.Context, inputs: tuple[Path, ...], output: Path, store: Path | None, jobs: int, compact: bool,
          **meta: Any) -> None:
    """Build the graph of the report files and folders INPUTS (text or HTML, any encoding).

    With --store DIR the reports go into the on-disk store incrementally (unchanged ones are skipped);
    -o is then written only when given."""
    from .build import build as run_build, collect_files, write_graphs
    from .summary import failure_lines, summary_text

    files = collect_files(inputs)
    if not files:
        raise click.UsageError("no report files found in the inputs")
    overrides = {k: v for k, v in meta.items() if v is not None}
    if compact and store is None:
        raise click.UsageError("--compact needs --store")
    if store is not None:
        _build_store(files, store, jobs, overrides, compact)
        if ctx.get_parameter_source("output") != click.core.ParameterSource.COMMANDLINE:
            return
    with click.progressbar(length=len(files), label="Reading reports", file=sys.stderr) as bar:
        result = run_build(files, overrides, progress=lambda _p: bar.update(1))
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


def _build_store(files: list[Path], store: Path, jobs: int, overrides: dict[str, Any], compact: bool) -> None:
    from . import PIPELINE_VERSION
    from .store import StoreError, build_into_store, built_by

    if (old := built_by(store)) not in (None, PIPELINE_VERSION):
        click.echo(f"note: {store} was built by pipeline version {old} and this is version {PIPELINE_VERSION}, so "
                   "the reports it holds are extracted again and each replaced in a transaction of its own (about "
                   "0.1 s a report on top of the extraction); for a large store, building a new one is several "
                   "times faster", err=True)
    try:
        with click.progressbar(length=len(files), label="Building into the store", file=sys.stderr) as bar:
            result = build_into_store(files, store, overrides, jobs, progress=lambda _p: bar.update(1), compact=compact)
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    for err in result.failed:
        click.echo(f"error: {err}", err=True)
    click.echo(f"{store}: {len(result.added)} added, {len(result.replaced)} replaced, {len(result.skipped)} unchanged, "
               f"{len(result.failed)} failed")
    if result.failed:
        sys.exit(EXIT_FAILED)


@main.command()
@click.argument("targets", nargs=-1)
@click.option("--store", type=click.Path(file_okay=False, path_type=Path), required=True, help="The store directory.")
@click.option("--missing", is_flag=True, help="Also drop every report whose source file no longer exists.")
def drop(targets: tuple[str, ...], store: Path, missing: bool) -> None:
    """Drop reports from a store: TARGETS are source files or report IRIs."""
    from .store import StoreError, drop_from_store

    if not targets and not missing:
        raise click.UsageError("name the reports to drop (files or IRIs) or give --missing")
    try:
        dropped, unknown = drop_from_store(store, list(targets), missing)
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    for iri in dropped:
        click.echo(f"dropped {iri}")
    for t in unknown:
        click.echo(f"error: {t}: not in the store {store}", err=True)
    sys.exit(EXIT_FAILED if unknown else EXIT_OK)


@main.command()
@click.argument("name", required=False)
@graphs_argument
@format_option
@param_option
@click.option("--list", "list_", is_flag=True, help="List the stored queries and their questions.")
@store_option
def query(name: str | None, graphs: tuple[Path, ...], fmt: str, params: tuple[str, ...], list_: bool,
          store: Path | None) -> None:
    """Run the stored query NAME over the graph files GRAPHS (or the store given with --store)."""
    from .query import format_rows, load_graphs, run_query
    from .resources import query_description, query_names

    if list_:
        for q in query_names():
            click.echo(f"{q}\n  " + query_description(q).replace("\n", "\n  "))
        return
    if not name or not (graphs or store):
        raise click.UsageError("give a query NAME and graph files or --store DIR (or --list)")
    from .store import StoreError, open_for_reading, run_store_query

    try:
        bound = dict(_key_value(p) for p in params)
        if store is not None:
            columns, rows = run_store_query(name, open_for_reading(store), bound, cache=store)  # type: ignore[assignment]
        else:
            columns, rows = run_query(name, load_graphs(list(graphs)), bound)
    except (QueryError, StoreError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(format_rows(columns, rows, fmt), nl=False)


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("check"), show_default=True,
              help="Folder for validation.ttl (SHACL report), check.html (matrix) and check.csv.")
@jobs_option
@click.option("--failures-only", is_flag=True, help="Show only the requirements a report fails.")
@store_option
def check(inputs: tuple[Path, ...], out_dir: Path, jobs: int, failures_only: bool, store: Path | None) -> None:
    """Check report files or built graphs (.nq, .trig, .ttl, .nt) against the compliance shapes.

    Exit status 0: every report conforms; 1: some report has a violation; 2: an input could not be
    checked, or nothing could be."""
    from .build import collect_files
    from .read import REPORT_SUFFIXES
    from .validate import check as run_check
    from .validate.units import GRAPH_SUFFIXES
    from .validate.checkfiles import write_check_files
    from .validate.render import terminal_text

    from .store import StoreError

    files = collect_files(inputs, set(REPORT_SUFFIXES) | set(GRAPH_SUFFIXES))
    if not files and store is None:
        raise click.UsageError("no report or graph files found in the inputs (or give --store DIR)")
    try:
        result = run_check(files, jobs, store=store)
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
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
@store_option
def network(kind: str, graphs: tuple[Path, ...], output: Path, store: Path | None) -> None:
    """Build the network KIND of the graph files GRAPHS (or the store given with --store): practices
    claimed done together, reports and the documents they cite, or documents cited together (co-citations)."""
    from .network import FORMATS, build_network, write_network
    from .store import StoreError

    if bool(graphs) == bool(store):
        raise click.UsageError("give graph files or --store DIR")
    if output.suffix.lower() not in FORMATS:
        raise click.UsageError(f"{output}: unknown network format (use {', '.join(FORMATS)})")
    try:
        g = build_network(kind, _source(graphs, store))
    except (QueryError, StoreError) as exc:
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


@main.command()
@graphs_argument
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Graph file to write: .ttl, .nt, .nq, .trig or .jsonld (sorted; .nq and .trig keep one graph per report).")
@click.option("--format", "fmt", type=click.Choice(["ttl", "nt", "nq", "trig", "jsonld"]), default=None,
              help="Format of -o (default: from its suffix).")
@click.option("--queries", "queries_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for one CSV per stored query that needs no parameter.")
@click.option("--networks", "networks_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for one GraphML file per network (practices, documents, co-citations).")
@store_option
def export(graphs: tuple[Path, ...], output: Path | None, fmt: str | None, queries_dir: Path | None,
           networks_dir: Path | None, store: Path | None) -> None:
    """Export the graph files GRAPHS (or the store given with --store): to one graph file (-o), to a
    CSV per stored query (--queries), to GraphML per network (--networks). Every file is written
    whole or not at all."""
    from .export import dataset_quads, export_networks, export_query_csvs, export_quads, format_for
    from .query import ONTOLOGY_GRAPH, run_on
    from .store import StoreError
    from .store.read import store_quads

    if bool(graphs) == bool(store):
        raise click.UsageError("give graph files or --store DIR")
    if output is None and queries_dir is None and networks_dir is None:
        raise click.UsageError("give -o FILE, --queries DIR or --networks DIR")
    if fmt is not None and output is None:
        raise click.UsageError("--format needs -o FILE")
    if output is not None and fmt is None:
        try:
            fmt = format_for(output)
        except ValueError as exc:
            raise click.UsageError(f"{exc}, or give --format") from None
    try:
        source = _source(graphs, store, file_graphs=False)
        if output is not None:
            quads = store_quads(source) if store else dataset_quads(source, skip=[ONTOLOGY_GRAPH])
            export_quads(quads, output, fmt)  # type: ignore[arg-type]
            click.echo(f"wrote {output}", err=True)
        if queries_dir is not None:
            written, skipped = export_query_csvs(source, queries_dir, run=run_on)
            click.echo(f"wrote {len(written)} query CSVs to {queries_dir}", err=True)
            if skipped:
                click.echo(f"skipped (need a parameter): {', '.join(skipped)}", err=True)
        if networks_dir is not None:
            for path in export_networks(source, networks_dir):
                click.echo(f"wrote {path}", err=True)
    except (QueryError, StoreError, OSError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_ERROR)


def _source(graphs: tuple[Path, ...], store: Path | None, file_graphs: bool = True) -> Any:
    """What stored queries run on: the store, opened read-only, or the graph files loaded."""
    from .query import load_graphs
    from .store import open_for_reading

    return open_for_reading(store) if store is not None else load_graphs(list(graphs), file_graphs=file_graphs)


@main.command()
@click.option("--store", type=click.Path(file_okay=False, path_type=Path), required=True, help="The store directory.")
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="Port of the SPARQL endpoint (default: a free one).")
@click.option("--page-port", type=click.IntRange(1, 65535), default=None, help="Port of the query page (default: a free one).")
@click.option("--timeout", type=click.IntRange(min=0), default=None, metavar="SECONDS",
              help="Time limit of a query; 0: none (default: 30).")
@click.option("--warm/--no-warm", default=True, show_default=True,
              help="Keep the answers of the stored queries without parameters in the background, for the page.")
def serve(store: Path, port: int | None, page_port: int | None, timeout: int | None, warm: bool) -> None:
    """Serve the store read-only on 127.0.0.1: Oxigraph's SPARQL 1.1 endpoint and a page with the
    stored queries, a query editor and the compliance matrix. Runs until Ctrl-C."""
    import signal

    from .serve import DEFAULT_TIMEOUT, ServeError, serve as start

    signal.signal(signal.SIGTERM, signal.default_int_handler)  # a plain kill also stops the server
    # Python leaves SIGINT ignored when the shell started it so (a background job of a script): a
    # server sent SIGINT stops all the same.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        endpoint = start(store, port, page_port, DEFAULT_TIMEOUT if timeout is None else timeout, warm=warm)
    except ServeError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(f"SPARQL endpoint  {endpoint.query_url}  (read-only; time limit {endpoint.timeout or 'none'} s)")
    click.echo(f"query page       {endpoint.page_url}\nCtrl-C stops.")
    interrupted = False
    try:
        endpoint.wait()
    except KeyboardInterrupt:
        interrupted = True
    finally:
        endpoint.stop()
    if endpoint.failure and not interrupted:
        click.echo(f"error: {endpoint.failure}", err=True)
        sys.exit(EXIT_ERROR)
    click.echo("stopped", err=True)


def _key_value(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise QueryError(f"--param needs KEY=VALUE, not {text!r}")
    return key.strip(), value.strip()


if __name__ == "__main__":  # pragma: no cover
    main()
