"""The web app: the SPARQL 1.1 Protocol at /sparql, the Graph Store Protocol at /gsp, and operations routes.

The app process never evaluates client SPARQL itself: every query goes to the worker pool
(:mod:`mougraph.web.pool`), every write to the single writer process (when updates are
enabled). It keeps the dataset's version, from which ETag and Last-Modified come.
"""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import functools
import hashlib
import hmac
import json
import logging
import shutil
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from fastapi import FastAPI
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from mougraph.config import Settings
from mougraph.errors import ClientError, MougraphError, Unavailable
from mougraph.web import cache, describe, guards
from mougraph.web.engine import GraphTask, QueryTask, Reply, Source, UpdateTask, serialize_graph
from mougraph.web.formats import OFFERED, Format, content_type, default_formats, negotiate
from mougraph.web.metrics import Metrics
from mougraph.web.pool import Counters, Pool
from mougraph.web.protocol import check_charset, media_type, parse_params, read_body, read_operation

log = logging.getLogger("mougraph.web")

TRUNCATED_HEADER = "MOUGRAPH-Result-Truncated"
_FORMS = {"SELECT": "solutions", "ASK": "boolean", "CONSTRUCT": "graph", "DESCRIBE": "graph"}
_UPLOAD_TYPES = {
    "text/turtle": "TURTLE",
    "application/x-turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "text/plain": "N_TRIPLES",
    "application/rdf+xml": "RDF_XML",
    "application/ld+json": "JSON_LD",
    "text/n3": "N3",
}


@dataclass
class Dataset:
    """The served dataset: where it is, its version, and when it last changed."""

    store: Path
    source: Source
    modified: float
    target: Path | None = None
    checked: float = 0.0
    cache: dict[str, Any] = field(default_factory=dict)

    def refresh(self, watch: bool) -> None:
        """Notice a rebuilt store (the symlink now points elsewhere): a new version."""
        now = time.monotonic()
        if not watch or now - self.checked < 1.0:
            return
        self.checked = now
        target = self.store.resolve()
        if target != self.target:
            self.target = target
            self.source = Source(str(self.store), self.source.version + 1)
            self.modified = _mtime(target)
            self.cache.clear()

    def changed(self, snapshot: str) -> None:
        self.source = Source(snapshot, self.source.version + 1, snapshot=True)
        self.modified = time.time()
        self.cache.clear()

    @property
    def tag(self) -> str:
        return f"{self.target.name if self.target else self.store.name}-{self.source.version}"


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return time.time()


#: The guards' verdict on a query text that passed them (the same text passes again; a refusal is not kept).
_checked = functools.lru_cache(maxsize=1024)(guards.check_query)


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> PlainTextResponse:
    return PlainTextResponse(message.rstrip() + "\n", status_code=status, headers=headers)


class Server:
    """Everything a running app holds: settings, dataset, pools, metrics."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        store = settings.store
        self.dataset = Dataset(store, Source(str(store), 0), _mtime(store.resolve()), target=store.resolve())
        self.counters = Counters()
        self.metrics = Metrics(self.counters)
        self.snapshots = Path(tempfile.mkdtemp(prefix="mougraph-snapshots-"))
        self.limits = guards.Limits(
            max_length=settings.max_query_length,
            max_nesting=settings.max_nesting,
            max_offset=settings.max_offset,
            max_limit=settings.max_rows,
            allow_service=settings.allow_service,
        )
        common: dict[str, Any] = {
            "timeout": settings.query_timeout,
            "source": lambda: self.dataset.source,
            "root": str(settings.root),
            "lang": settings.lang,
            "snapshots": str(self.snapshots),
            "counters": self.counters,
        }
        self.queries = Pool(role="query", size=settings.workers, queue=settings.queue, **common)
        self.writer = Pool(role="writer", size=1, queue=settings.queue, **common) if settings.updates_enabled else None
        if settings.store_url:  # a remote SPARQL server instead of the embedded store (docs/remote-store.md)
            from mougraph.web import remote

            self.dataset, self.queries = remote.backend(settings, self.counters)  # type: ignore[assignment]
        self.results = cache.ResultCache(settings.result_cache)
        self._warming: asyncio.Future[int] | None = None
        self._warmed: str | None = None

    async def start(self) -> None:
        await asyncio.gather(self.queries.start(), *([self.writer.start()] if self.writer else []))
        self._warm()

    async def close(self) -> None:
        if self._warming is not None:
            self._warming.cancel()
        await self.queries.close()
        if self.writer:
            await self.writer.close()
        shutil.rmtree(self.snapshots, ignore_errors=True)

    @property
    def endpoint(self) -> str:
        return self.settings.endpoint_url

    # ------------------------------------------------------------ caching

    def _etag(self, *parts: object) -> str:
        digest = hashlib.sha256(repr((self.dataset.tag, *parts)).encode()).hexdigest()[:32]
        return f'"{digest}"'

    def _cache_headers(self, etag: str) -> dict[str, str]:
        control = "no-cache" if self.writer else "public, max-age=60"
        return {
            "ETag": etag,
            "Last-Modified": formatdate(self.dataset.modified, usegmt=True),
            "Cache-Control": control,
            "Vary": "Accept, Accept-Encoding",
        }

    def _not_modified(self, request: Request, etag: str) -> bool:
        match = request.headers.get("if-none-match")
        if match is not None:
            return etag in [tag.strip().removeprefix("W/") for tag in match.split(",")] or match.strip() == "*"
        since = request.headers.get("if-modified-since")
        if since:
            try:
                return parsedate_to_datetime(since).timestamp() >= int(self.dataset.modified)
            except (TypeError, ValueError):
                return False
        return False

    # ------------------------------------------------------------ auth

    def require_token(self, request: Request) -> None:
        if not self.settings.updates_enabled:
            raise ClientError("updates are disabled on this endpoint (start it with MOUGRAPH_UPDATE_TOKEN)", 403)
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip(), self.settings.update_token):
            raise ClientError(
                "updates need 'Authorization: Bearer <token>' with this endpoint's update token",
                401,
                {"WWW-Authenticate": 'Bearer realm="mougraph"'},
            )

    # ------------------------------------------------------------ SPARQL

    async def query(
        self,
        request: Request,
        text: str,
        *,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
        format_param: str | None = None,
        substitutions: dict[str, str] | None = None,
    ) -> Response:
        """Check, negotiate, revalidate, run: the answer to one query."""
        scanned = _checked(text, self.limits)
        kind = _FORMS.get(scanned.form, "solutions")
        accept = request.headers.get("accept")
        formats: dict[str, Format] = {}
        for each in OFFERED:
            try:
                formats[each] = negotiate(each, accept, format_param)
            except ClientError:
                if each == kind:
                    raise
                formats[each] = OFFERED[each][0]
        etag = self._etag(text, default_graphs, named_graphs, formats[kind].key, substitutions, self.settings.max_rows)
        headers = self._cache_headers(etag)
        if self._not_modified(request, etag):
            return Response(status_code=304, headers=headers)
        task = QueryTask(
            text=text,
            kind=kind,
            formats=formats,
            max_rows=self.settings.max_rows,
            base_iri=self.endpoint + "/sparql",
            default_graphs=default_graphs if default_graphs or named_graphs else None,
            named_graphs=named_graphs if default_graphs or named_graphs else None,
            substitutions=substitutions or {},
        )
        found = cache.key(
            text,
            formats=tuple(f.key for f in formats.values()),
            max_rows=self.settings.max_rows,
            default_graphs=task.default_graphs,
            named_graphs=task.named_graphs,
            substitutions=substitutions,
        )
        reply = await self.run_cached(task, found)
        return self._respond(reply, headers)

    async def select(self, text: str, substitutions: dict[str, str] | None = None) -> list[dict[str, Any]]:
        """Rows of an internal SELECT (site pages, charts): SPARQL JSON bindings, one dict per row.

        Runs in the same worker pool as client queries (so the same deadline and row cap apply);
        ``substitutions`` bind variables to RDF terms in N-Triples syntax (``<iri>``, ``"text"@th``).
        """
        task = QueryTask(
            text=text,
            kind="solutions",
            formats=default_formats(),
            max_rows=self.settings.max_rows,
            base_iri=self.endpoint + "/sparql",
            substitutions=substitutions or {},
        )
        found = cache.key(
            text,
            formats=tuple(f.key for f in task.formats.values()),
            max_rows=task.max_rows,
            substitutions=substitutions,
        )
        reply = await self.run_cached(task, found)
        if reply.status != 200:
            detail = reply.body[:300].decode("utf-8", "replace")
            raise MougraphError(f"an internal query failed ({reply.status}): {detail}")
        rows: list[dict[str, Any]] = json.loads(reply.body)["results"]["bindings"]
        return rows

    async def run_cached(self, task: QueryTask, found: cache.Key) -> Reply:
        """The reply to ``task``: kept from an earlier run on this store version, or run now (and kept)."""
        version = self.dataset.tag
        self._warm()
        reply = self.results.get(version, found)
        if reply is None:
            reply = await self.queries.run(task)
            if self.dataset.tag == version:
                self.results.put(version, found, reply)
        return reply

    def _warm(self) -> None:
        """Precompute the catalogue's answers (default parameters) for this version, in the background.

        Only on a read-only endpoint: there the graph changes when a build publishes, not on every write.
        """
        if self.results.enabled and self.writer is None and self._warmed != self.dataset.tag:
            self._warmed = self.dataset.tag
            self._warming = asyncio.ensure_future(cache.precompute(self, self.settings.root / "queries"))

    def _respond(self, reply: Reply, headers: dict[str, str]) -> Response:
        if reply.status >= 400:
            return _error(reply.status, reply.body.decode("utf-8", "replace"))
        if reply.truncated:
            self.metrics.truncated += 1
            headers = {**headers, TRUNCATED_HEADER: f"true; limit={self.settings.max_rows}"}
        media = reply.media_type + ("; charset=utf-8" if not reply.media_type.endswith("json") else "")
        return Response(reply.body, status_code=reply.status, headers=headers, media_type=media)

    async def update(self, request: Request, text: str, using: list[str], using_named: list[str]) -> Response:
        self.require_token(request)
        scanned = guards.check_update(text, self.limits)
        if (using or using_named) and scanned.has_dataset_clause:
            raise ClientError(
                "the update has USING or WITH clauses and the request also sends using-graph-uri or"
                " using-named-graph-uri; send the dataset one way only"
            )
        final = guards.with_using(scanned, using, using_named) if using or using_named else scanned.text
        return await self.write(UpdateTask(final, base_iri=self.endpoint + "/sparql"))

    async def write(self, task: Any, location: str | None = None) -> Response:
        assert self.writer is not None
        reply = await self.writer.run(task)
        if reply.snapshot is not None:
            self.dataset.changed(reply.snapshot)
            self._forget_old_snapshots()
        if reply.status >= 400:
            status = 422 if reply.status == 422 else reply.status
            return _error(status, reply.body.decode("utf-8", "replace"))
        headers = {"Location": location} if location and reply.status == 201 else None
        return Response(status_code=reply.status, headers=headers)

    def _forget_old_snapshots(self) -> None:
        keep = self.dataset.source.version - 3
        for path in self.snapshots.glob("snapshot-*.nq"):
            number = path.stem.removeprefix("snapshot-")
            if number.isdigit() and int(number) < keep:
                path.unlink(missing_ok=True)

    # ------------------------------------------------------------ descriptions

    def rdf_response(self, request: Request, triples: list[Any], format_param: str | None, key: str) -> Response:
        fmt = negotiate("graph", request.headers.get("accept"), format_param)
        etag = self._etag(key, fmt.key)
        headers = self._cache_headers(etag)
        if self._not_modified(request, etag):
            return Response(status_code=304, headers=headers)
        return Response(serialize_graph(triples, fmt), headers=headers, media_type=content_type(fmt))

    async def void(self) -> list[Any]:
        cached = self.dataset.cache.get("void")
        if cached is None:
            json_format = default_formats()
            answers: dict[str, bytes] = {}
            for name, text in describe.VOID_QUERIES.items():
                task = QueryTask(text, "solutions", json_format, max_rows=1_000_000)
                reply = await self.queries.run(task)
                if reply.status != 200:
                    raise MougraphError(f"the VoID query {name!r} failed: {reply.body[:200]!r}")
                answers[name] = reply.body
            cached = describe.void_description(self.settings.base_iri, self.endpoint, answers)
            self.dataset.cache["void"] = cached
        return list(cached)


# ---------------------------------------------------------------- Graph Store Protocol


def _upload_format(header: str | None) -> str:
    kind, params = media_type(header)
    check_charset(params)
    engine = _UPLOAD_TYPES.get(kind)
    if engine is None:
        offered = ", ".join(sorted(_UPLOAD_TYPES))
        raise ClientError(f"cannot store a body of type {kind or '(none given)'!r}; send one of: {offered}", 415)
    return engine


def _refuse_entities(data: bytes, engine: str) -> None:
    if engine == "RDF_XML" and (b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper()):
        raise ClientError("RDF/XML with a DOCTYPE or ENTITY declaration is refused (entity expansion attacks)")


def _bodies(request: Request, data: bytes) -> list[tuple[bytes, str]]:
    """The RDF parts of a GSP upload: the body itself, or each part of a multipart/form-data body."""
    kind, _params = media_type(request.headers.get("content-type"))
    if kind != "multipart/form-data":
        engine = _upload_format(request.headers.get("content-type"))
        _refuse_entities(data, engine)
        return [(data, engine)]
    header = f"Content-Type: {request.headers['content-type']}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(header + data)
    if not message.is_multipart():
        raise ClientError("the multipart/form-data body has no parts")
    parts: list[tuple[bytes, str]] = []
    for part in message.iter_parts():
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        engine = _upload_format(part.get("content-type", "text/turtle"))
        _refuse_entities(payload, engine)
        parts.append((payload, engine))
    return parts


def _graph_of(request: Request, server: Server) -> tuple[str | None, bool]:
    """The graph a GSP request names (None: the default graph) and whether it named one at all."""
    path: str = request.scope["path"]
    if path.rstrip("/") != "/gsp":
        raw = request.scope.get("raw_path") or path.encode()
        return server.endpoint + raw.decode("latin-1").split("?", 1)[0], True
    params = parse_params(request.scope.get("query_string", b""), "the URL")
    graphs = [value for key, value in params if key == "graph"]
    default = any(key == "default" for key, _ in params)
    if len(graphs) > 1 or (graphs and default):
        raise ClientError("name one graph: either ?default or a single ?graph=IRI")
    if graphs:
        if ":" not in graphs[0]:
            raise ClientError(f"graph={graphs[0]!r} is not an absolute IRI")
        return graphs[0], True
    return None, default


async def gsp(request: Request, server: Server) -> Response:
    graph, named = _graph_of(request, server)
    method = request.method
    if method in ("GET", "HEAD"):
        if not named:
            raise ClientError("name a graph: ?default or ?graph=IRI")
        fmt = negotiate("graph", request.headers.get("accept"), None)
        pool = server.writer or server.queries
        reply = await pool.run(GraphTask("GET", graph, fmt=fmt))
        if reply.status != 200:
            return _error(reply.status, reply.body.decode("utf-8", "replace"))
        return Response(reply.body, headers={"Vary": "Accept"}, media_type=content_type(fmt))
    server.require_token(request)
    location = None
    if method == "POST" and not named:
        graph = f"{server.endpoint}/gsp/graph/{uuid.uuid4()}"
        location = graph
    if method == "DELETE":
        if not named:
            raise ClientError("name a graph to delete: ?default or ?graph=IRI")
        return await server.write(GraphTask("DELETE", graph))
    data = await read_body(request, server.settings.max_upload)
    bodies = _bodies(request, data)
    base = graph or server.endpoint + "/gsp"
    return await server.write(GraphTask(method, graph, bodies=bodies, base_iri=base), location=location)


# ---------------------------------------------------------------- the app


def create_app(settings: Settings) -> FastAPI:
    """The FastAPI app over the store at ``settings.store`` (which must exist)."""
    if not settings.store_url and not settings.store.exists():
        raise ClientError(f"no store at {settings.store}; run 'mougraph build' first")
    server = Server(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await server.start()
        try:
            yield
        finally:
            await server.close()

    app = FastAPI(title="mougraph SPARQL endpoint", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.server = server

    @app.exception_handler(MougraphError)
    async def mougraph_error(request: Request, exc: MougraphError) -> Response:
        headers: dict[str, str] = {}
        if isinstance(exc, Unavailable):
            headers["Retry-After"] = str(exc.retry_after)
        if isinstance(exc, ClientError):
            headers.update(exc.headers)
        if exc.status >= 500 and not isinstance(exc, Unavailable):
            log.error("server error on %s: %s", request.url.path, exc)
        return _error(exc.status, str(exc), headers)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(exc.status_code, str(exc.detail), dict(exc.headers or {}))

    @app.exception_handler(Exception)
    async def bug(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return _error(500, "internal server error (a bug in mougraph; it has been logged)")

    @app.api_route("/sparql", methods=["GET", "POST"], include_in_schema=False)
    @app.api_route("/sparql/", methods=["GET", "POST"], include_in_schema=False)
    async def sparql(request: Request) -> Response:
        server.dataset.refresh(watch=server.writer is None)
        operation = await read_operation(request, settings.max_body)
        if operation.kind == "service":
            triples = describe.service_description(server.endpoint, settings.updates_enabled)
            return server.rdf_response(request, triples, operation.format, "service")
        if operation.kind == "update":
            return await server.update(request, operation.text, operation.default_graphs, operation.named_graphs)
        return await server.query(
            request,
            operation.text,
            default_graphs=operation.default_graphs,
            named_graphs=operation.named_graphs,
            format_param=operation.format,
        )

    @app.api_route("/gsp", methods=["GET", "HEAD", "PUT", "POST", "DELETE"], include_in_schema=False)
    @app.api_route("/gsp/{path:path}", methods=["GET", "HEAD", "PUT", "POST", "DELETE"], include_in_schema=False)
    async def graph_store(request: Request) -> Response:
        server.dataset.refresh(watch=server.writer is None)
        return await gsp(request, server)

    @app.get("/health")
    async def health() -> JSONResponse:
        alive = server.queries.alive
        return JSONResponse(
            {
                "status": "ok" if alive else "starting",
                "store": settings.store_url or str(settings.store),
                "version": server.dataset.tag,
                "workers": alive,
                "updates": settings.updates_enabled,
            },
            status_code=200 if alive else 503,
        )

    @app.get("/metrics")
    async def metrics() -> PlainTextResponse:
        alive = server.queries.alive + (server.writer.alive if server.writer else 0)
        return PlainTextResponse(server.metrics.render(alive), media_type="text/plain; version=0.0.4")

    @app.get("/.well-known/void")
    async def void(request: Request, format: str | None = None) -> Response:
        server.dataset.refresh(watch=server.writer is None)
        return server.rdf_response(request, await server.void(), format, "void")

    from mougraph import site
    from mougraph.site import workbench
    from mougraph.web import extras

    extras.mount(app, server)
    site.mount(app, server)
    workbench.mount(app, server)

    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_credentials=False,
        allow_methods=["GET", "HEAD", "POST"],
        allow_headers=["Accept", "Content-Type"],
        expose_headers=["ETag", "Last-Modified", TRUNCATED_HEADER, "Retry-After"],
    )
    app.add_middleware(_Timed, metrics=server.metrics)
    return app


class _Timed:
    """Metrics middleware (outermost, so it sees every status)."""

    def __init__(self, app: Any, metrics: Metrics) -> None:
        self.inner = metrics.middleware(app)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.inner(scope, receive, send)


_ = ox  # pyoxigraph terms flow through describe/engine; the app itself only serializes
