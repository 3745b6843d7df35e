"""The endpoint over a remote SPARQL server: a pool that forwards tasks instead of evaluating them.

:class:`RemotePool` has the surface of :class:`mougraph.web.pool.Pool` (``start``, ``close``,
``run``, ``alive``, ``pids``), so every route works unchanged. The guards of
:mod:`mougraph.web.guards` have already run on the text; here each query is parsed by
pyoxigraph (a syntax error is answered here, with the same message as on the embedded store),
its substitutions are bound as a ``VALUES`` block of terms written by pyoxigraph, a SELECT
without ``LIMIT`` or ``ORDER BY`` gets ``LIMIT max_rows+1``, a ``BASE`` gives relative IRIs the
endpoint's base. The answer is read as it streams in, cut at the row cap, and serialized in
the negotiated format by :mod:`mougraph.web.engine`, so formats and truncation notes are the
same as on the embedded store. Deadline, row cap and admission (``workers`` running, ``queue``
waiting, then 503) behave as with the local pool; the remote's errors become 4xx/502/503
messages with a short excerpt. Writes are not forwarded (see docs/remote-store.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx
import pyoxigraph as ox

from mougraph import remote
from mougraph.config import Settings
from mougraph.errors import Unavailable
from mougraph.web import guards
from mougraph.web.engine import (
    GraphTask,
    QueryTask,
    Reply,
    Source,
    serialize_graph,
    serialize_solutions,
    syntax_message,
)
from mougraph.web.formats import Format
from mougraph.web.pool import Counters

if TYPE_CHECKING:
    from mougraph.web.app import Dataset, Server

log = logging.getLogger("mougraph.remote")

_GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_GRAPH_FORMATS = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/ntriples": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
_ASK_CHECK = "SELECT (1 AS ?mougraph_ask)"
_POLL = 1.0


# ---------------------------------------------------------------- rewriting a query for the remote


@dataclass(frozen=True)
class Prepared:
    """A query ready to send: its text, and the kind of result it gives (from pyoxigraph's parse)."""

    text: str
    kind: str  # solutions | boolean | graph


@dataclass
class _Shape:
    """Where the parts of a query are, in the unescaped text."""

    form: str = ""
    form_at: int = -1
    group_open: int = -1  # offset just after the WHERE group's "{" (-1: no group, e.g. CONSTRUCT WHERE)
    group_close: int = -1  # offset of the WHERE group's "}"
    subselect: bool = False  # the group holds only a sub-SELECT
    limit: bool = False  # a top-level LIMIT after the group
    ordered: bool = False  # a top-level ORDER BY after the group
    values_at: int = -1  # offset of a trailing VALUES clause
    braces: list[int] = field(default_factory=list)


def _shape(plain: str) -> _Shape:
    shape = _Shape()
    depth = 0
    template = False
    after_group = False
    scanned = guards.tokens(plain)
    for index, token in enumerate(scanned):
        word = token.text.upper() if token.kind == "word" and ":" not in token.text else ""
        if token.kind == "punct" and token.text in ("(", "[", "{", "<<"):
            if depth == 0 and token.text == "{" and shape.form and not after_group:
                if shape.form == "CONSTRUCT" and not template and scanned[index - 1].text.upper() == "CONSTRUCT":
                    template = True  # CONSTRUCT { template } WHERE { group }
                else:
                    shape.group_open = token.start + 1
                    following = scanned[index + 1] if index + 1 < len(scanned) else None
                    shape.subselect = following is not None and following.text.upper() == "SELECT"
            depth += 1
        elif token.kind == "punct" and token.text in (")", "]", "}", ">>"):
            depth = max(0, depth - 1)
            if depth == 0 and token.text == "}" and shape.group_open >= 0 and not after_group:
                shape.group_close = token.start
                after_group = True
        elif depth == 0 and word in guards.FORMS and not shape.form:
            shape.form, shape.form_at = word, token.start
        elif depth == 0 and after_group and word == "LIMIT":
            shape.limit = True
        elif depth == 0 and after_group and word == "ORDER":
            shape.ordered = True
        elif depth == 0 and after_group and word == "VALUES":
            shape.values_at = token.start
        elif depth == 0 and word == "WHERE" and shape.form == "CONSTRUCT" and not template:
            template = True  # CONSTRUCT WHERE { triples }: the short form has no group to add to
            after_group = True
    return shape


def _values(substitutions: dict[str, str]) -> str:
    """A ``VALUES`` block binding each variable to its term, every term re-written by pyoxigraph."""
    names, terms = [], []
    for name, text in substitutions.items():
        variable = ox.Variable(name)  # ValueError on a name that is not a variable name
        [quad] = list(ox.parse(f"<urn:s> <urn:p> {text} .".encode(), format=ox.RdfFormat.N_TRIPLES))
        if not isinstance(quad.object, ox.NamedNode | ox.Literal):
            raise ValueError(f"?{name} can only be bound to an IRI or a literal")
        names.append(str(variable))
        terms.append(str(quad.object))
    return f"VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"


def _kind(result: Any, form: str) -> str:
    if form == "ASK":
        return "boolean"
    return "graph" if isinstance(result, ox.QueryTriples) else "solutions"


def prepare(text: str, substitutions: dict[str, str], max_rows: int, base_iri: str | None) -> Prepared:
    """The query to send (see the module doc); ``SyntaxError`` or ``ValueError`` when it cannot be.

    >>> p = prepare("SELECT ?c WHERE { ?i <urn:country> ?c }", {"c": '"ลาว"@th'}, 10, None)
    >>> print(p.text)
    SELECT ?c WHERE { VALUES (?c) { ("ลาว"@th) } ?i <urn:country> ?c }
    LIMIT 11
    >>> prepare("ASK { ?s ?p ?o }", {}, 10, "http://e/sparql").text
    'BASE <http://e/sparql>\\nASK { ?s ?p ?o }'
    """
    plain = guards.unescape(text)
    shape = _shape(plain)
    edits: list[tuple[int, int, str]] = []  # (offset, characters replaced, text put there)
    if shape.form == "ASK":  # pyoxigraph evaluates ASK at once; SELECT waits for its first row
        edits.append((shape.form_at, 3, _ASK_CHECK))
    empty = ox.Store()
    kind = _kind(empty.query(_edited(plain, edits), base_iri=base_iri, use_default_graph_as_union=True), shape.form)
    edits = []
    if substitutions:
        block = _values(substitutions)
        if shape.group_open >= 0 and shape.subselect:
            edits += [(shape.group_open, 0, f" {block} {{"), (shape.group_close, 0, "} ")]
        elif shape.group_open >= 0:
            edits.append((shape.group_open, 0, f" {block}"))
        elif shape.values_at < 0:
            edits.append((len(plain), 0, f"\n{block}"))
        else:
            raise ValueError("parameters cannot be bound in a query that ends with its own VALUES clause")
    # LIMIT only tells the server it may stop early; with ORDER BY it would ask for a top-k sort,
    # which Virtuoso refuses past MaxSortedTopRows: the answer is cut while it streams in anyway.
    if shape.form == "SELECT" and not shape.limit and not shape.ordered and shape.group_close >= 0:
        if shape.values_at >= 0:
            edits.append((shape.values_at, 0, f"LIMIT {max_rows + 1}\n"))
        else:
            edits.append((len(plain), 0, f"\nLIMIT {max_rows + 1}"))
    base = f"BASE {ox.NamedNode(base_iri)}\n" if base_iri else ""
    final = base + _edited(plain, edits)
    if edits:
        swap = [(shape.form_at, 3, _ASK_CHECK)] if shape.form == "ASK" else []
        try:
            empty.query(base + _edited(plain, edits + swap), use_default_graph_as_union=True)
        except SyntaxError as error:  # a rewrite mougraph got wrong: say so rather than send it
            raise ValueError(f"the query could not be prepared for the remote store ({error})") from None
    return Prepared(final, kind)


def _edited(text: str, edits: list[tuple[int, int, str]]) -> str:
    """``text`` with each edit applied (offsets refer to the original text)."""
    for at, length, insert in sorted(edits, key=lambda edit: edit[0], reverse=True):
        text = text[:at] + insert + text[at + length :]
    return text


# ---------------------------------------------------------------- reading an answer as it arrives


class _TimedOut(Exception):
    pass


def _capped(items: Iterator[Any], limit: int | None) -> tuple[list[Any], bool]:
    found: list[Any] = []
    for item in items:
        if limit is not None and len(found) == limit:
            return found, True
        found.append(item)
    return found, False


def _media(response: httpx.Response) -> str:
    return str(response.headers.get("content-type", "")).split(";")[0].strip().lower()


# ---------------------------------------------------------------- the pool


class RemotePool:
    """Forwards query tasks to the remote store, ``size`` at a time with ``queue`` waiting."""

    def __init__(
        self, remote_store: remote.Remote, *, size: int, queue: int, timeout: float, counters: Counters
    ) -> None:
        self.remote, self.size, self.queue, self.timeout = remote_store, size, queue, timeout
        self.counters = counters
        self.build: remote.Build | None = None
        self.reachable = False
        self._slots = asyncio.Semaphore(size)
        self._admitted = 0
        self._threads = ThreadPoolExecutor(max_workers=size + 2, thread_name_prefix="mougraph-remote")
        self._local = threading.local()
        self._clients: list[httpx.Client] = []
        self._watcher: asyncio.Task[None] | None = None

    # ---- lifecycle

    async def start(self) -> None:
        await self._poll()
        if not self.reachable:
            log.warning(
                "the remote store at %s cannot be reached yet; requests get 503 until it can", self.remote.query
            )
        self._watcher = asyncio.ensure_future(self._watch())

    async def close(self) -> None:
        if self._watcher is not None:
            self._watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watcher
        self._threads.shutdown(wait=False, cancel_futures=True)
        for client in self._clients:
            client.close()

    @property
    def alive(self) -> int:
        """``size`` while the remote answers, else 0 (so /health says 503)."""
        return self.size if self.reachable else 0

    @property
    def pids(self) -> list[int]:
        return []

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(_POLL)
            await self._poll()

    async def _poll(self) -> None:
        """Read the build graph: its identifier is the dataset's version (ETags, export files)."""
        loop = asyncio.get_running_loop()
        try:
            self.build = await loop.run_in_executor(self._threads, remote.read_build, self._client(), self.remote)
            self.reachable = True
        except remote.RemoteError as error:
            if self.reachable:
                log.warning("the remote store stopped answering: %s", error)
            self.reachable = False

    def _client(self) -> httpx.Client:
        client: httpx.Client | None = getattr(self._local, "client", None)
        if client is None:
            client = self.remote.client(timeout=self.timeout)
            self._local.client = client
            self._clients.append(client)
        return client

    # ---- running a task

    async def run(self, task: Any) -> Reply:
        """Forward ``task`` within the time limit; 503 when busy, too slow or the remote is unreachable."""
        if self._admitted >= self.size + self.queue:
            self.counters.busy += 1
            raise Unavailable(
                f"all {self.size} remote query slots are busy and {self.queue} requests are waiting; retry shortly",
                retry_after=max(1, round(self.timeout)),
            )
        self._admitted += 1
        try:
            try:
                await asyncio.wait_for(self._slots.acquire(), self.timeout)
            except TimeoutError:
                self.counters.busy += 1
                raise Unavailable(
                    f"no remote query slot became free within {self.timeout:g} s; retry shortly",
                    retry_after=max(1, round(self.timeout)),
                ) from None
            loop = asyncio.get_running_loop()
            deadline = time.monotonic() + self.timeout
            job = loop.run_in_executor(self._threads, self._execute, task, deadline)
            job.add_done_callback(lambda _: self._slots.release())  # the slot is free when the thread is
            try:
                return await asyncio.wait_for(asyncio.shield(job), self.timeout + 0.5)
            except (TimeoutError, _TimedOut):
                self.counters.timeouts += 1
                raise Unavailable(
                    f"the query ran past the time limit ({self.timeout:g} s) and was stopped;"
                    " simplify it or add a LIMIT",
                    retry_after=1,
                ) from None
        finally:
            self._admitted -= 1

    def _execute(self, task: Any, deadline: float) -> Reply:
        if isinstance(task, QueryTask):
            return self._query(task, deadline)
        if isinstance(task, GraphTask) and task.method in ("GET", "HEAD"):
            return self._graph(task, deadline)
        return Reply(
            405,
            b"this endpoint serves a remote store and does not forward writes;"
            b" publish with 'mougraph build --store URL' (docs/remote-store.md)",
        )

    def _query(self, task: QueryTask, deadline: float) -> Reply:
        try:
            prepared = prepare(task.text, task.substitutions, task.max_rows, task.base_iri)
        except SyntaxError as error:
            return Reply(400, syntax_message(error).encode())
        except (ValueError, RuntimeError, OSError) as error:
            return Reply(400, f"the query cannot be evaluated: {error}".encode())
        params: list[tuple[str, str]] = [("query", prepared.text)]
        params += [("default-graph-uri", g) for g in task.default_graphs or []]
        params += [("named-graph-uri", g) for g in task.named_graphs or []]
        return self._fetch(params, prepared.kind, task.formats[prepared.kind], task.max_rows, deadline)

    def _graph(self, task: GraphTask, deadline: float) -> Reply:
        """A Graph Store read, as SPARQL on the query endpoint (so read-only servers such as QLever work too)."""
        assert task.fmt is not None
        try:
            graph = ox.NamedNode(task.graph) if task.graph is not None else None
        except ValueError:
            return Reply(400, f"graph={task.graph!r} is not a valid IRI".encode())
        if graph is None:
            return self._fetch([("query", "CONSTRUCT WHERE { ?s ?p ?o }")], "graph", task.fmt, None, deadline)
        ask = self._fetch(
            [("query", f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}")], "boolean", _JSON_BOOLEAN, None, deadline
        )
        if ask.status != 200:
            return ask
        if b"true" not in ask.body:
            return Reply(404, f"no graph named <{task.graph}> in the store".encode())
        text = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"
        return self._fetch([("query", text)], "graph", task.fmt, None, deadline)

    def _fetch(self, params: list[tuple[str, str]], kind: str, fmt: Format, cap: int | None, deadline: float) -> Reply:
        accept = remote.JSON_RESULTS if kind != "graph" else _GRAPH_ACCEPT
        url = self.remote.query
        try:
            with self._client().stream("POST", url, data=dict_or_pairs(params), headers={"Accept": accept}) as response:
                refused = _refusal(response)
                if refused is not None:
                    return refused
                if remote.partial(response):  # a partial answer at the server's own time limit is no answer
                    raise _TimedOut()
                body = remote.Chunks(response.iter_bytes(), deadline, virtuoso=remote.is_virtuoso(response))
                try:
                    return _answer(body.buffered(), kind, fmt, cap, _media(response), remote.server_cut(response))
                except (OSError, SyntaxError, ValueError) as error:
                    problem = remote.excerpt(str(error))
                # Raised here, not in the except block: the parser's iterator must not ride along in a traceback.
                if body.expired:
                    raise _TimedOut()
                return Reply(502, f"the remote store sent an answer that cannot be read: {problem}".encode())
        except httpx.TimeoutException:
            raise _TimedOut() from None
        except httpx.TransportError as error:
            self.reachable = False
            raise Unavailable(
                f"the remote store at {url} cannot be reached ({remote.excerpt(str(error)) or type(error).__name__});"
                " retry shortly",
                retry_after=max(1, round(self.timeout)),
            ) from None


def dict_or_pairs(params: list[tuple[str, str]]) -> Any:
    """Form fields for httpx: a dict, with a list for a repeated name (default-graph-uri)."""
    fields: dict[str, Any] = {}
    for name, value in params:
        if name in fields:
            existing = fields[name]
            fields[name] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            fields[name] = value
    return fields


_JSON_BOOLEAN = Format("json", remote.JSON_RESULTS, "JSON")


def _answer(
    stream: io.BufferedReader, kind: str, fmt: Format, cap: int | None, media: str, server_cut: int | None
) -> Reply:
    """Read the answer up to ``cap`` rows and write it in ``fmt``; a cut by the server itself is said too."""
    if kind == "graph":
        triples, cut = _capped(iter(ox.parse(stream, format=_GRAPH_FORMATS.get(media, ox.RdfFormat.N_TRIPLES))), cap)
        limit = cap if cut else server_cut if server_cut is not None and len(triples) >= server_cut else None
        return Reply(200, serialize_graph(triples, fmt, limit), fmt.media_type, truncated=limit is not None)
    result = ox.parse_query_results(stream, ox.QueryResultsFormat.JSON)
    if isinstance(result, ox.QueryBoolean) != (kind == "boolean"):
        raise ValueError(f"the answer is not of the kind the query asks for ({kind})")
    if isinstance(result, ox.QueryBoolean):
        return Reply(200, result.serialize(format=getattr(ox.QueryResultsFormat, fmt.engine)) or b"", fmt.media_type)
    variables = [v.value for v in result.variables]
    rows, cut = _capped(([solution[v] for v in variables] for solution in result), cap)
    limit = cap if cut else server_cut if server_cut is not None and len(rows) >= server_cut else None
    body = serialize_solutions(variables, rows, fmt, limit)
    return Reply(200, body, fmt.media_type, truncated=limit is not None)


def _refusal(response: httpx.Response) -> Reply | None:
    """None for a 200; else the Reply a client gets (4xx for its own mistakes, 502 for the remote's), or 503."""
    status = response.status_code
    if status == 200:
        return None
    try:
        detail = remote.excerpt(response.read()[:4096].decode("utf-8", "replace"))
    except httpx.HTTPError:
        detail = ""
    if status in (408, 504):
        raise _TimedOut()
    if status in (429, 503):
        retry = response.headers.get("retry-after", "1")
        raise Unavailable(
            f"the remote store is busy (HTTP {status}); retry shortly", retry_after=int(retry) if retry.isdigit() else 1
        )
    if status in (400, 413, 414):
        return Reply(status, f"the remote store refused the query (HTTP {status}): {detail}".encode())
    log.warning("the remote store answered HTTP %s: %s", status, detail)
    return Reply(502, f"the remote store failed on this request (HTTP {status}): {detail}".encode())


# ---------------------------------------------------------------- the served dataset and exports


def backend(settings: Settings, counters: Counters) -> tuple[Dataset, RemotePool]:
    """The dataset and pool of ``Server`` when ``settings.store_url`` names a remote store."""
    from mougraph.web.app import Dataset

    pool = RemotePool(
        remote.Remote.from_settings(settings),
        size=settings.workers,
        queue=settings.queue,
        timeout=settings.query_timeout,
        counters=counters,
    )

    started = int(time.time())

    class RemoteDataset(Dataset):
        """The dataset's version is the published build's identifier (read every second by the pool)."""

        def refresh(self, watch: bool) -> None:
            build = pool.build
            seen = build.identifier if build else ""
            if seen != self.cache.get("build", ""):
                self.source = Source(self.source.path, self.source.version + 1)
                self.modified = build.modified if build else time.time()
                self.cache.clear()
                self.cache["build"] = seen

        @property
        def tag(self) -> str:
            build = self.cache.get("build") or f"unbuilt{started}"  # no build graph (e.g. QLever): per start
            return f"remote-{build}-{self.source.version}"

    dataset = RemoteDataset(settings.store, Source(settings.store_url, 0), time.time())
    return dataset, pool


def export_source(server: Server) -> tuple[str, Callable[[], ox.Store]]:
    """The name of the published build (the export cache folder) and how to read its quads."""
    pool = server.queries
    assert isinstance(pool, RemotePool)
    if pool.build is None:
        raise Unavailable("nothing is published on the remote store yet (run 'mougraph build --store URL')", 5)
    name = f"remote-{pool.build.identifier}"

    def read() -> ox.Store:
        identifier, store = remote.fetch_dataset(pool.remote)
        if f"remote-{identifier}" != name:
            raise Unavailable("the remote store was rebuilt while the export was read; retry", retry_after=1)
        return store

    return name, read
