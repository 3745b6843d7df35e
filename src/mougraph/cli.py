"""The ``mougraph`` command line: one verb per step of the data flow.

Exit codes: 0 success (data conforms), 1 the data does not conform to the shapes,
2 unusable input (a file that cannot be read or parsed, a bad option).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
import pyoxigraph as ox

from mougraph import __version__
from mougraph.batch import extract_batch
from mougraph.catalogue import bind, find_query, load_catalogue, parse_query, run
from mougraph.config import LANGUAGES, Settings
from mougraph.errors import BadInput, MougraphError, ValidationFailed
from mougraph.export import FORMATS, load_context, prefixes, stream_export, write_export
from mougraph.extract import Extractor
from mougraph.layout import Layout
from mougraph.pipeline import build, build_batch, validate_files
from mougraph.remote import Remote
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
    """Turn mougraph errors into a one-line message on stderr (after the SHACL report, when the
    error carries one) and the error's exit code."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ValidationFailed as exc:
            if isinstance(exc.report, ValidationReport):
                click.echo(format_report(exc.report, Settings.from_env(lang=kwargs.get("lang")).lang), err=True)
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
@click.option(
    "--store",
    metavar="PATH|URL",
    default=None,
    help="Store folder (default: var/store), or a remote SPARQL server's query endpoint (docs/remote-store.md).",
)
@click.option(
    "--answers-budget",
    type=float,
    default=None,
    metavar="SECONDS",
    help="Seconds each catalogue query may take when its answer is computed for the new store"
    " (default: 600; 0: compute none).",
)
@_lang_option
@_reports_errors
def build_command(store: str | None, lang: str | None, answers_budget: float | None) -> None:
    """Extract every announcement, validate, and write data/graph/ and the embedded store.

    Announcements come from data/announcements/; the decisions 'mougraph ingest' found in the
    corpus (data/graph/decision/) are validated and published with them. One announcement that
    breaks the shapes is quarantined (report in var/quarantine/) and the rest is published;
    unreadable files are reported and skipped (exit 2 at the end). The new store is
    written beside the old one and swapped in only when complete; if the vocabulary or reference
    data do not conform, the old store stays as it was (exit 1). With --store URL the graphs are
    uploaded to that server under staging names and switched in by one SPARQL Update request.
    """
    settings = Settings.from_env(store=store, lang=lang)
    target = Remote.from_settings(settings) if settings.store_url else settings.store
    report, summary, outcome = build_batch(Layout(settings.root), target, lang=settings.lang)
    for problem in outcome.problems:
        click.echo(f"mougraph: error: {problem}", err=True)
    for slug, text in sorted(outcome.quarantined.items()):
        click.echo(f"mougraph: quarantined {slug} (report: var/quarantine/{slug}.txt)", err=True)
        click.echo(text, err=True)
    click.echo(summary_line(report, settings.lang))
    published = len(outcome.published)
    click.echo(
        f"mougraph build: {published} announcement(s) published, {len(outcome.quarantined)} quarantined, "
        f"{len(outcome.problems)} unreadable; {summary.graphs} named graphs, {summary.quads:,} quads -> {summary.path}"
    )
    if not settings.store_url:
        _publish_answers(settings, answers_budget)
    if outcome.problems:
        sys.exit(2)


@main.command(name="ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--store",
    metavar="PATH|URL",
    default=None,
    help="Store folder to publish to afterwards (default: var/store), or a remote SPARQL server.",
)
@click.option("--workers", type=int, default=None, help="Worker processes reading pages (default: 2).")
@click.option("--no-cache", is_flag=True, help="Read every page again, even unchanged ones (var/ingest/).")
@click.option("--no-store", is_flag=True, help="Only write data/graph/decision/ and docs/coverage.md.")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: on a terminal).")
@_lang_option
@_reports_errors
def ingest_command(
    paths: tuple[Path, ...],
    store: str | None,
    workers: int | None,
    no_cache: bool,
    no_store: bool,
    progress: bool | None,
    lang: str | None,
) -> None:
    """Find every cabinet decision on international digital cooperation in the corpora at PATHS.

    PATHS are folders or archives of ThaiGov pages in their original layout (../shared/corpus, or
    the PyThaiNLP corpus repositories). Summaries are split into agenda items, each item is detected
    (cues shown in docs/coverage.md), candidates are extracted, the sources of one decision are
    merged, renewals linked, and the decisions validated and written to data/graph/decision/ (one
    Turtle file each) with docs/coverage.md; then the store is built. Unchanged pages are not read
    again (content hashes in var/ingest/).
    """
    import time

    from mougraph.pipeline import ingest_corpus

    settings = Settings.from_env(store=store, lang=lang)
    layout = Layout(settings.root)
    show = sys.stderr.isatty() if progress is None else progress
    bar: Any = None

    def advance(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label="mougraph ingest", file=sys.stderr, show_pos=False)
            bar.__enter__()
        bar.update(done - bar.pos)

    started = time.perf_counter()
    try:
        ingested = ingest_corpus(
            layout,
            list(paths),
            workers=workers,
            cache=not no_cache,
            progress=advance if show else None,
            lang=settings.lang,
        )
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    seconds = time.perf_counter() - started
    for slug in sorted(ingested.coverage.quarantined):
        click.echo(f"mougraph: quarantined decision {slug} (report: var/quarantine/decision-{slug}.txt)", err=True)
    for line in ingested.coverage.lines():
        click.echo(f"mougraph ingest: {line}")
    click.echo(
        f"mougraph ingest: {len(ingested.written)} decision files in {layout.decisions_dir}, coverage in"
        f" {layout.coverage_file}; {ingested.cached:,} pages unchanged since the last ingest; {seconds:.1f} s"
    )
    if no_store:
        return
    target = Remote.from_settings(settings) if settings.store_url else settings.store
    report, summary, _outcome = build_batch(layout, target, lang=settings.lang)
    click.echo(summary_line(report, settings.lang))
    click.echo(f"mougraph build: {summary.graphs} named graphs, {summary.quads:,} quads -> {summary.path}")
    if not settings.store_url:
        _publish_answers(settings, None)


@main.command(name="extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "turtle"]), default="json", help="Output format.")
@_reports_errors
def extract_command(files: tuple[Path, ...], fmt: str) -> None:
    """Read FILES (announcement texts) and print what was extracted.

    JSON: one record per file (an array for several files), as in the extraction-record
    contract. Turtle: the RDF of each announcement. Unusable files are reported on stderr and
    skipped; the exit code is then 2, after the other files were printed.
    """
    settings = Settings.from_env()
    extractor = Extractor.for_repository(settings.root)
    batch = extract_batch(extractor, files)
    if fmt == "json":
        records = [item.record.json() for item in batch.extracted]
        shown: object = records[0] if len(files) == 1 and len(records) == 1 else records
        click.echo(json.dumps(shown, ensure_ascii=False, indent=2))
    else:
        for item in batch.extracted:
            click.echo(item.turtle())
    for item in batch.extracted:
        for warning in item.record.warnings:
            click.echo(f"mougraph: warning: {item.announcement.where}: {warning}", err=True)
    for problem in batch.problems:
        click.echo(f"mougraph: error: {problem}", err=True)
    if batch.problems:
        sys.exit(2)


def _publish_answers(settings: Settings, budget: float | None) -> None:
    """The catalogue's answers for the store just published, kept beside it for 'serve' (web/cache.py)."""
    from mougraph.web.cache import BUILD_BUDGET, publish_answers

    budget = BUILD_BUDGET if budget is None else budget
    if budget <= 0:
        return
    index = publish_answers(settings.store, settings.root / "queries", budget=budget)
    if index["answers"] or index["skipped"]:
        click.echo(
            f"mougraph build: {len(index['answers'])} catalogue answer(s) computed in {index['seconds']:g} s,"
            f" {len(index['skipped'])} left to the endpoint"
        )


# ---- mougraph serve (the SPARQL endpoint) ---------------------------------------------------


@main.command()
@click.option("--host", default=None, help="Address to listen on (default: MOUGRAPH_HOST or 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default: MOUGRAPH_PORT or 8000).")
@click.option(
    "--store",
    metavar="PATH|URL",
    default=None,
    help="Store folder (default: var/store), or a remote SPARQL server's query endpoint (docs/remote-store.md).",
)
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

    Builds the store first when it is missing or older than any input file (not with --store URL:
    a remote store is served as it is, see docs/remote-store.md). Every setting
    also has a MOUGRAPH_* variable (see docs/endpoint.md); updates are enabled only by
    MOUGRAPH_UPDATE_TOKEN.
    """
    from mougraph.web.serve import is_stale, run

    settings = Settings.from_env(**options)
    layout = Layout(settings.root)
    if settings.store_url:  # a remote store is published by 'build --store URL': nothing to check here
        click.echo(f"mougraph serve: {settings.endpoint_url}/sparql (remote store {settings.store_url})")
        run(settings)
        return
    if not no_build and is_stale(settings.store, layout):
        click.echo(f"mougraph serve: building the store at {settings.store} (missing or older than its inputs)")
        _report, summary = build(layout, settings.store)
        click.echo(f"mougraph build: {summary.graphs} named graphs, {summary.quads:,} quads -> {summary.path}")
        _publish_answers(settings, None)
    click.echo(f"mougraph serve: {settings.endpoint_url}/sparql (store {settings.store})")
    run(settings)


# ---------------------------------------------------------------- query and export (the SPARQL endpoint's helpers)

_store_option = click.option(
    "--store",
    type=click.Path(path_type=Path),
    default=None,
    help="Store folder (default: MOUGRAPH_STORE or var/store).",
)


def _embedded(settings: Settings) -> Path:
    """The embedded store's folder; a remote store is queried through its own endpoint, or 'serve --store URL'."""
    if settings.store_url:
        raise BadInput("MOUGRAPH_STORE", "this command reads the embedded store; query a remote store over SPARQL")
    return settings.store


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
    result = run(open_read_only(_embedded(settings)), chosen, values)
    out = sys.stdout.buffer
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
    source = open_read_only(_embedded(settings))
    if output is None:
        out = sys.stdout.buffer
        for chunk in stream_export(source, fmt, context):
            out.write(chunk)
        out.flush()
        return
    digest = write_export(source, fmt, output, context)
    click.echo(f"mougraph export: {output} ({FORMATS[fmt][0]}), sha256 {digest}")
