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

from mougraph import __version__
from mougraph.config import LANGUAGES, Settings
from mougraph.errors import MougraphError, ValidationFailed
from mougraph.layout import Layout
from mougraph.pipeline import build, validate_files
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


# ---- mougraph serve (the SPARQL endpoint) ---------------------------------------------------


@main.command()
@click.option("--host", default=None, help="Address to listen on (default: MOUGRAPH_HOST or 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default: MOUGRAPH_PORT or 8000).")
@click.option("--store", type=click.Path(path_type=Path), default=None, help="Store folder (default: var/store).")
@click.option("--base-iri", default=None, help="Base IRI of the data (default: https://w3id.org/mougraph/).")
@click.option("--public-url", default=None, help="URL clients reach the endpoint at (default: http://HOST:PORT).")
@click.option("--query-timeout", type=float, default=None, help="Seconds a query may run (default: 10).")
@click.option("--max-rows", type=int, default=None, help="Rows a result holds at most (default: 10000).")
@click.option("--workers", type=int, default=None, help="Query worker processes (default: 2).")
@click.option("--queue", type=int, default=None, help="Requests that may wait for a worker (default: 8).")
@click.option("--allow-service", is_flag=True, default=None, help="Let queries use SERVICE and updates use LOAD.")
@click.option("--no-build", is_flag=True, help="Serve the store as it is, even if missing inputs are newer.")
@_lang_option
@_reports_errors
def serve(no_build: bool, **options: Any) -> None:
    """Serve the graph over SPARQL 1.1 (http://127.0.0.1:8000/sparql).

    Builds the store first when it is missing or older than any input file. Every setting
    also has a MOUGRAPH_* variable (see docs/endpoint.md); updates are enabled only by
    MOUGRAPH_UPDATE_TOKEN.
    """
    from mougraph.web.serve import is_stale, run

    settings = Settings.from_env(**options)
    layout = Layout(settings.root)
    if not no_build and is_stale(settings.store, layout):
        click.echo(f"mougraph serve: building the store at {settings.store} (missing or older than its inputs)")
        _report, summary = build(layout, settings.store)
        click.echo(f"mougraph build: {summary.graphs} named graphs, {summary.quads:,} quads -> {summary.path}")
    click.echo(f"mougraph serve: {settings.endpoint_url}/sparql (store {settings.store})")
    run(settings)
