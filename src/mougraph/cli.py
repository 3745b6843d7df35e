"""The ``mougraph`` command line: one verb per step of the data flow.

Exit codes: 0 success (data conforms), 1 the data does not conform to the shapes,
2 unusable input (a file that cannot be read or parsed, a bad option).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
import pyoxigraph as ox

from mougraph import __version__
from mougraph.catalogue import bind, find_query, load_catalogue, parse_query, run
from mougraph.config import LANGUAGES, Settings
from mougraph.errors import BadInput, MougraphError, ValidationFailed
from mougraph.export import FORMATS, load_context, prefixes, stream_export, write_export
from mougraph.layout import Layout
from mougraph.pipeline import build, validate_files
from mougraph.store import open_read_only
from mougraph.table import cell, render
from mougraph.validate import ValidationReport, format_report, summary_line

F = TypeVar("F", bound=Callable[..., Any])

_lang_option = click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=None,
    help="Language of the report (default: MOUGRAPH_LANG or en).",
)


def _reports_errors(command: F) -> F:
    """Turn mougraph errors into a one-line message on stderr and the error's exit code."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ValidationFailed as exc:
            click.echo(f"mougraph: {exc}", err=True)
            sys.exit(exc.exit_code)
        except MougraphError as exc:
            click.echo(f"mougraph: error: {exc}", err=True)
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mougraph")
def main() -> None:
    """mougraph: Thailand's international digital-cooperation agreements as a knowledge graph."""


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@_lang_option
@_reports_errors
def validate(files: tuple[Path, ...], lang: str | None) -> None:
    """Check FILES (default: the whole repository) against the SHACL shapes.

    The ontology, thesaurus and reference data are always loaded with FILES, so that
    references to countries, organizations and concepts can be checked. Exit 0 when the
    data conforms, 1 when it does not, 2 when a file cannot be read or parsed.
    """
    settings = Settings.from_env(lang=lang)
    layout = Layout(settings.root)
    report, loaded = validate_files(layout, files)
    triples = sum(len(g) for g in loaded.graphs.values())
    click.echo(f"mougraph validate: {len(loaded.graphs)} files, {triples:,} triples")
    click.echo(format_report(report, settings.lang, origins=loaded.origins(settings.root.resolve())))
    sys.exit(0 if report.conforms else 1)


@main.command(name="build")
@click.option("--store", type=click.Path(path_type=Path), default=None, help="Store folder (default: var/store).")
@_lang_option
@_reports_errors
def build_command(store: Path | None, lang: str | None) -> None:
    """Validate the repository and write it into the embedded store.

    The new store is written beside the old one and swapped in only when complete; if the
    data does not conform, the old store stays as it was (exit 1).
    """
    settings = Settings.from_env(store=store, lang=lang)
    try:
        report, summary = build(Layout(settings.root), settings.store)
    except ValidationFailed as exc:
        if isinstance(exc.report, ValidationReport):
            click.echo(format_report(exc.report, settings.lang), err=True)
        raise
    click.echo(summary_line(report, settings.lang))
    click.echo(f"mougraph build: {summary.graphs} named graphs, {summary.quads:,} quads -> {summary.path}")


# ---------------------------------------------------------------- query and export (the SPARQL endpoint's helpers)

_store_option = click.option(
    "--store",
    type=click.Path(path_type=Path),
    default=None,
    help="Store folder (default: MOUGRAPH_STORE or var/store).",
)


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise BadInput("--param", f"{pair!r} does not read NAME=VALUE")
        values[name.strip()] = value
    return values


@main.command(name="query")
@click.argument("name", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="Aligned text table, SPARQL CSV or SPARQL JSON results.",
)
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="A parameter of the query (repeatable).")
@click.option(
    "--width", type=int, default=60, show_default=True, help="Widest table column, in screen columns (0: no limit)."
)
@_store_option
@_reports_errors
def query_command(name: str | None, fmt: str, params: tuple[str, ...], width: int, store: Path | None) -> None:
    """Run the catalogue query NAME (or the SPARQL file NAME.rq) on the store.

    Without NAME, list the catalogue. Parameters are validated and bound as RDF terms
    (never pasted into the query). Exit 2 on an unknown query or parameter, a bad value or
    a SPARQL syntax error.
    """
    settings = Settings.from_env(store=store)
    layout = Layout(settings.root)
    catalogue = load_catalogue(layout.queries_dir)
    if name is None:
        rows = [[q.name, q.title_en, q.title_th, " ".join(p.name for p in q.parameters)] for q in catalogue.values()]
        click.echo(render(["name", "title", "ชื่อ", "parameters"], rows))
        return
    is_file = name.endswith(".rq") or "/" in name
    chosen = parse_query(Path(name), titled=False) if is_file else find_query(catalogue, name)
    values = _parse_params(params)
    bind(chosen, values)  # validate before opening the store
    result = run(open_read_only(settings.store), chosen, values)
    out = click.get_binary_stream("stdout")
    if isinstance(result, ox.QueryTriples):
        out.write(result.serialize(format=ox.RdfFormat.TURTLE) or b"")
    elif fmt == "table" and isinstance(result, ox.QuerySolutions):
        names = prefixes(load_context(layout.jsonld_context_file))
        header = [v.value for v in result.variables]
        rows = [[cell(row[h], names) for h in header] for row in result]
        click.echo(render(header, rows, width))
        click.echo(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    elif fmt == "table":
        click.echo("true" if result else "false")
    else:
        kind = ox.QueryResultsFormat.CSV if fmt == "csv" else ox.QueryResultsFormat.JSON
        out.write(result.serialize(format=kind) or b"")
        if fmt == "json":
            out.write(b"\n")
    out.flush()


@main.command(name="export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    default="ttl",
    show_default=True,
    help="ttl and nt: the union of all graphs; trig, nq and jsonld: every named graph.",
)
@click.option("--output", type=click.Path(path_type=Path), default=None, help="File to write (default: stdout).")
@_store_option
@_reports_errors
def export_command(fmt: str, output: Path | None, store: Path | None) -> None:
    """Write the whole store as Turtle, TriG, N-Quads, N-Triples or JSON-LD.

    With --output the file is written atomically, with a FILE.sha256 checksum beside it.
    """
    settings = Settings.from_env(store=store)
    context = load_context(Layout(settings.root).jsonld_context_file)
    source = open_read_only(settings.store)
    if output is None:
        out = click.get_binary_stream("stdout")
        for chunk in stream_export(source, fmt, context):
            out.write(chunk)
        out.flush()
        return
    digest = write_export(source, fmt, output, context)
    click.echo(f"mougraph export: {output} ({FORMATS[fmt][0]}), sha256 {digest}")
