"""A remote SPARQL server as the store: a small SPARQL 1.1 Protocol and Graph Store Protocol client.

``mougraph build --store URL`` publishes here (:func:`publish`): every named graph is uploaded
with a Graph Store ``PUT`` under a staging name, then one SPARQL Update request moves them all
into place, drops the graphs of announcements no longer published and rewrites the build graph
(:data:`BUILD_GRAPH`: the build's identifier, time and the list of its graphs). Servers that run
one update request as one transaction (Oxigraph, Fuseki/TDB2, Virtuoso) switch from the old
build to the new one at once; a failed upload drops the staging graphs and leaves the published
ones as they were. ``mougraph serve --store URL`` reads through the same client
(:mod:`mougraph.web.remote`). Credentials come from :class:`~mougraph.config.Settings` and are
never logged or put in a message.
"""

from __future__ import annotations

import contextlib
import io
import secrets
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import pyoxigraph as ox
from rdflib import Graph, URIRef

from mougraph import __version__, iris
from mougraph.errors import MougraphError
from mougraph.store import StoreSummary

if TYPE_CHECKING:
    from mougraph.config import Settings

#: The graph a build writes last: its identifier, time, and the graphs it published.
BUILD_GRAPH = str(iris.graph("build"))
#: Graphs being uploaded live under this prefix until the switch (and are dropped if it fails).
STAGING = str(iris.graph("staging/"))
_DCTERMS = "http://purl.org/dc/terms/"
_XSD_DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"
JSON_RESULTS = "application/sparql-results+json"
_EXCERPT = 300


class RemoteError(MougraphError):
    """The remote store failed, refused mougraph's request, or cannot be reached (HTTP 502 for a web client)."""

    status = 502
    exit_code = 2


def is_url(text: str) -> bool:
    """Whether a ``--store`` value names a remote server rather than a folder.

    >>> is_url("http://127.0.0.1:7878/query"), is_url("var/store")
    (True, False)
    """
    return text.lower().startswith(("http://", "https://"))


def default_endpoints(query_url: str) -> tuple[str | None, str | None]:
    """The update and Graph Store endpoints of the common layouts, from the query endpoint.

    Oxigraph ``/query`` → ``/update``, ``/store``; Fuseki ``/ds/query`` or ``/ds/sparql`` →
    ``/ds/update``, ``/ds/data``; Virtuoso ``/sparql`` (or ``/sparql-auth``) → the same URL and
    ``/sparql-graph-crud-auth``. Anything else: ``(None, None)`` (set them explicitly).

    >>> default_endpoints("http://127.0.0.1:7878/query")
    ('http://127.0.0.1:7878/update', 'http://127.0.0.1:7878/store')
    >>> default_endpoints("http://h:3030/ds/sparql")
    ('http://h:3030/ds/update', 'http://h:3030/ds/data')
    >>> default_endpoints("http://h:8890/sparql")
    ('http://h:8890/sparql', 'http://h:8890/sparql-graph-crud-auth')
    """
    parts = urlsplit(query_url)
    path = parts.path.rstrip("/")
    folder, _, last = path.rpartition("/")

    def at(new_path: str) -> str:
        return urlunsplit((parts.scheme, parts.netloc, new_path, "", ""))

    if path in ("/sparql", "/sparql-auth"):
        return at(path), at("/sparql-graph-crud-auth")
    if path == "/query":
        return at("/update"), at("/store")
    if folder and last in ("query", "sparql"):
        return at(folder + "/update"), at(folder + "/data")
    return None, None


@dataclass(frozen=True)
class Remote:
    """Where the remote server is and how to talk to it (credentials are never shown)."""

    query: str
    update: str | None = None
    gsp: str | None = None
    timeout: float = 10.0
    user: str = ""
    password: str = ""
    token: str = ""
    scheme: str = "basic"  # basic | digest (Virtuoso's *-auth endpoints use digest)

    def __repr__(self) -> str:
        return f"Remote(query={self.query!r}, update={self.update!r}, gsp={self.gsp!r})"

    @classmethod
    def from_settings(cls, settings: Settings) -> Remote:
        """The remote of ``settings.store_url``, with the update and GSP endpoints defaulted per layout."""
        update, gsp = default_endpoints(settings.store_url)
        return cls(
            query=settings.store_url,
            update=settings.store_update or update,
            gsp=settings.store_gsp or gsp,
            timeout=settings.query_timeout,
            user=settings.store_user,
            password=settings.store_password,
            token=settings.store_token,
            scheme=settings.store_auth,
        )

    def client(self, timeout: float | None = None) -> httpx.Client:
        """An HTTP client with the credentials set; the caller closes it."""
        auth: httpx.Auth | None = None
        headers = {"User-Agent": f"mougraph/{__version__}"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        elif self.user:
            auth = (
                httpx.DigestAuth(self.user, self.password)
                if self.scheme == "digest"
                else httpx.BasicAuth(self.user, self.password)
            )
        limit = timeout if timeout is not None else self.timeout
        return httpx.Client(
            auth=auth,
            headers=headers,
            timeout=httpx.Timeout(limit, connect=min(limit, 5.0)),
            follow_redirects=False,
            trust_env=False,  # never send the store's credentials through a proxy from the environment
        )


def excerpt(text: str, limit: int = _EXCERPT) -> str:
    """A short, one-line excerpt of a remote server's message (never a whole stack trace).

    >>> excerpt("Parse error:\\n  line 1\\n\\tat org.apache.jena.Foo(Foo.java:1)")
    'Parse error: line 1 at org.apache.jena.Foo(Foo.java:1)'
    """
    flat = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return flat if len(flat) <= limit else flat[:limit] + " …"


def check(response: httpx.Response, what: str, url: str) -> None:
    """Raise :class:`RemoteError` naming the request and the remote's answer unless it succeeded."""
    if response.status_code < 300:
        return
    try:
        body = response.read()[:4096].decode("utf-8", "replace")
    except httpx.HTTPError:
        body = ""
    hint = ""
    if response.status_code in (401, 403):
        hint = " (check MOUGRAPH_STORE_USER/MOUGRAPH_STORE_PASSWORD or MOUGRAPH_STORE_TOKEN and the server's grants)"
    elif response.status_code in (404, 405):
        hint = " (check the endpoint URL: MOUGRAPH_STORE, MOUGRAPH_STORE_UPDATE, MOUGRAPH_STORE_GSP)"
    raise RemoteError(f"{what} at {url} failed with HTTP {response.status_code}{hint}: {excerpt(body)}")


def server_cut(response: httpx.Response) -> int | None:
    """The row count a server cut a result at on its own (Virtuoso's ``ResultSetMaxRows``), or None."""
    text = str(response.headers.get("x-sparql-maxrows", "")).strip()
    return int(text) if text.isdigit() else None


def partial(response: httpx.Response) -> bool:
    """Whether the answer is a partial one given at the server's own time limit (Virtuoso's "anytime" query)."""
    return str(response.headers.get("x-sql-state", "")).strip().upper() == "S1TAT"


def _send(client: httpx.Client, method: str, url: str, what: str, **options: Any) -> httpx.Response:
    try:
        response = client.request(method, url, **options)
    except httpx.TimeoutException:
        raise RemoteError(f"{what} at {url} took longer than {client.timeout.read or 0:g} s") from None
    except httpx.HTTPError as error:
        raise RemoteError(
            f"cannot reach the remote store at {url}: {excerpt(str(error)) or type(error).__name__}"
        ) from None
    check(response, what, url)
    return response


def select(client: httpx.Client, remote: Remote, text: str) -> Iterator[ox.QuerySolution]:
    """The solutions of a SELECT of mougraph's own (read whole; for small answers)."""
    response = _send(client, "POST", remote.query, "a query", data={"query": text}, headers={"Accept": JSON_RESULTS})
    try:
        body = response.content.replace(_VIRTUOSO_BNODE, b'"nodeID-') if is_virtuoso(response) else response.content
        solutions = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
    except SyntaxError as error:
        raise RemoteError(
            f"the remote store at {remote.query} sent unreadable results: {excerpt(str(error))}"
        ) from None
    if not isinstance(solutions, ox.QuerySolutions):
        raise RemoteError(f"the remote store at {remote.query} answered a SELECT with a boolean")
    return iter(solutions)


def update(client: httpx.Client, remote: Remote, text: str, what: str = "an update") -> None:
    """Send one SPARQL Update request (one transaction on Oxigraph, Fuseki/TDB2 and Virtuoso)."""
    if not remote.update:
        raise RemoteError(f"no update endpoint is known for {remote.query}; set MOUGRAPH_STORE_UPDATE")
    _send(
        client,
        "POST",
        remote.update,
        what,
        content=text.encode("utf-8"),
        headers={"Content-Type": "application/sparql-update; charset=utf-8"},
    )


def put_graph(client: httpx.Client, remote: Remote, graph: str, ntriples: bytes) -> None:
    """Replace (or create) the named graph ``graph`` with N-Triples, by Graph Store Protocol PUT."""
    if not remote.gsp:
        raise RemoteError(f"no Graph Store endpoint is known for {remote.query}; set MOUGRAPH_STORE_GSP")
    _send(
        client,
        "PUT",
        remote.gsp,
        f"uploading graph <{graph}>",
        params={"graph": graph},
        content=ntriples,
        headers={"Content-Type": "application/n-triples"},
    )


# ---------------------------------------------------------------- the build graph


@dataclass(frozen=True)
class Build:
    """What the build graph says: which build is published, when, and its graphs."""

    identifier: str
    modified: float
    graphs: tuple[str, ...]


_BUILD_QUERY = f"""SELECT ?id ?modified ?part WHERE {{ GRAPH <{BUILD_GRAPH}> {{
  <{BUILD_GRAPH}> <{_DCTERMS}identifier> ?id ; <{_DCTERMS}modified> ?modified .
  OPTIONAL {{ <{BUILD_GRAPH}> <{_DCTERMS}hasPart> ?part }} }} }}"""


def read_build(client: httpx.Client, remote: Remote) -> Build | None:
    """The published build (None before the first ``build --store``)."""
    identifier, modified, parts = "", 0.0, set()
    for row in select(client, remote, _BUILD_QUERY):
        identifier = str(getattr(row["id"], "value", ""))
        modified = _timestamp(str(getattr(row["modified"], "value", "")))
        if row["part"] is not None:
            parts.add(str(row["part"].value))
    return Build(identifier, modified, tuple(sorted(parts))) if identifier else None


def _timestamp(text: str) -> float:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return time.time()


def _build_triples(identifier: str, when: datetime, graphs: Iterable[str]) -> str:
    """The build graph as triples in SPARQL syntax (every term written by pyoxigraph)."""
    subject = ox.NamedNode(BUILD_GRAPH)
    terms = [
        (ox.NamedNode(_DCTERMS + "identifier"), ox.Literal(identifier)),
        (
            ox.NamedNode(_DCTERMS + "modified"),
            ox.Literal(when.strftime("%Y-%m-%dT%H:%M:%SZ"), datatype=ox.NamedNode(_XSD_DATETIME)),
        ),
        *((ox.NamedNode(_DCTERMS + "hasPart"), ox.NamedNode(graph)) for graph in graphs),
    ]
    return " ".join(f"{subject} {predicate} {value} ." for predicate, value in terms)


# ---------------------------------------------------------------- publishing a build


def _ntriples(graph: Graph | str) -> bytes:
    text = graph if isinstance(graph, str) else graph.serialize(format="nt")
    return text.encode("utf-8")


def _count(ntriples: bytes) -> int:
    return sum(1 for line in ntriples.splitlines() if line.strip() and not line.lstrip().startswith(b"#"))


def switch_update(staged: Mapping[str, str], dropped: Iterable[str], identifier: str, when: datetime) -> str:
    """The one update request that publishes a build: move staged graphs in, drop the rest, rewrite the build graph.

    >>> print(switch_update({"http://g/a": "http://s/1"}, ["http://g/old"], "b1", datetime(2025, 1, 2, tzinfo=UTC)))
    ... # doctest: +NORMALIZE_WHITESPACE
    DROP SILENT GRAPH <http://g/old> ;
    MOVE GRAPH <http://s/1> TO GRAPH <http://g/a> ;
    DROP SILENT GRAPH <https://w3id.org/mougraph/graph/build> ;
    INSERT DATA { GRAPH <https://w3id.org/mougraph/graph/build> {
      <https://w3id.org/mougraph/graph/build> <http://purl.org/dc/terms/identifier> "b1" .
      <https://w3id.org/mougraph/graph/build> <http://purl.org/dc/terms/modified>
      "2025-01-02T00:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> .
      <https://w3id.org/mougraph/graph/build> <http://purl.org/dc/terms/hasPart> <http://g/a> . } }
    """
    operations = [f"DROP SILENT GRAPH {ox.NamedNode(graph)}" for graph in dropped]
    operations += [f"MOVE GRAPH {ox.NamedNode(stage)} TO GRAPH {ox.NamedNode(name)}" for name, stage in staged.items()]
    build = ox.NamedNode(BUILD_GRAPH)
    operations.append(f"DROP SILENT GRAPH {build}")
    operations.append(f"INSERT DATA {{ GRAPH {build} {{ {_build_triples(identifier, when, staged)} }} }}")
    return " ;\n".join(operations)


def _leftover_staging(client: httpx.Client, remote: Remote) -> list[str]:
    """Staging graphs a crashed build left behind."""
    text = f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{STAGING}")) }}'
    return [str(row["g"].value) for row in select(client, remote, text) if row["g"] is not None]


def _drop(client: httpx.Client, remote: Remote, graphs: Iterable[str]) -> None:
    names = list(graphs)
    if names:
        update(client, remote, " ;\n".join(f"DROP SILENT GRAPH {ox.NamedNode(g)}" for g in names), "dropping graphs")


def publish(graphs: Mapping[URIRef, Graph | str], remote: Remote) -> StoreSummary:
    """Publish ``graphs`` (rdflib graphs or N-Triples texts) to ``remote`` as one build; see the module doc.

    Empty graphs are not uploaded (a server may not keep an empty graph); a previously published
    graph that is now missing or empty is dropped in the same switch.
    """
    when = datetime.now(UTC)
    identifier = when.strftime("%Y%m%dT%H%M%SZ-") + secrets.token_hex(4)
    staged: dict[str, str] = {}
    quads = 0
    with remote.client(timeout=max(remote.timeout, 120.0)) as client:
        previous = read_build(client, remote)
        _drop(client, remote, _leftover_staging(client, remote))
        try:
            for index, (name, graph) in enumerate(graphs.items()):
                data = _ntriples(graph)
                count = _count(data)
                if not count:
                    continue
                stage = f"{STAGING}{identifier}/{index}"
                staged[str(name)] = stage  # before the upload: a half-sent graph is dropped too
                put_graph(client, remote, stage, data)
                quads += count
            dropped = sorted(set(previous.graphs if previous else ()) - set(staged))
            update(client, remote, switch_update(staged, dropped, identifier, when), "switching to the new build")
        except BaseException:
            with contextlib.suppress(RemoteError):  # else the next build drops what is left under the prefix
                _drop(client, remote, staged.values())
            raise
    return StoreSummary(path=remote.query, graphs=len(staged), quads=quads)


# ---------------------------------------------------------------- reading the whole dataset (exports)


_DATASET_QUERY = f"""SELECT ?id ?g ?s ?p ?o WHERE {{
  {{ GRAPH <{BUILD_GRAPH}> {{ <{BUILD_GRAPH}> <{_DCTERMS}identifier> ?id }} }}
  UNION
  {{ GRAPH <{BUILD_GRAPH}> {{ <{BUILD_GRAPH}> <{_DCTERMS}hasPart> ?g }} GRAPH ?g {{ ?s ?p ?o }} }}
}}"""


def fetch_dataset(remote: Remote, timeout: float = 600.0) -> tuple[str, ox.Store]:
    """Every quad of the published build, in memory, and the build's identifier: one request, one snapshot."""
    store = ox.Store()
    problem = ""
    with remote.client(timeout=timeout) as client:
        try:
            with client.stream(
                "POST", remote.query, data={"query": _DATASET_QUERY}, headers={"Accept": JSON_RESULTS}
            ) as response:
                check(response, "reading the published graphs", remote.query)
                if server_cut(response) is not None or partial(response):
                    raise RemoteError(
                        f"the remote store at {remote.query} cut the published graphs short (at its own row or time"
                        " limit: Virtuoso's ResultSetMaxRows, MaxQueryExecutionTime); raise it to export"
                    )
                reader = Chunks(response.iter_bytes(), virtuoso=is_virtuoso(response)).buffered()
                identifier, problem = _read_quads(reader, store)
        except httpx.HTTPError as error:
            problem = f"reading the published graphs from {remote.query} failed: {excerpt(str(error))}"
    if problem:
        raise RemoteError(problem)
    if not identifier:
        raise RemoteError(f"nothing is published at {remote.query} yet; run 'mougraph build --store {remote.query}'")
    return identifier, store


def _read_quads(reader: io.BufferedReader, store: ox.Store) -> tuple[str, str]:
    """Add the quads of a ``_DATASET_QUERY`` answer to ``store``; (build identifier, problem or "").

    Errors come back as text: pyoxigraph's result iterator must not outlive this thread in a traceback.
    """
    identifier = ""
    try:
        solutions = ox.parse_query_results(reader, ox.QueryResultsFormat.JSON)
        assert isinstance(solutions, ox.QuerySolutions)
        batch: list[ox.Quad] = []
        for row in solutions:
            if row["id"] is not None:
                identifier = str(row["id"].value)
                continue
            batch.append(ox.Quad(row["s"], row["p"], row["o"], row["g"]))
            if len(batch) >= 10_000:
                store.extend(batch)
                batch = []
        store.extend(batch)
    except (SyntaxError, OSError) as error:
        return identifier, f"the remote store sent unreadable results: {excerpt(str(error))}"
    return identifier, ""


_VIRTUOSO_BNODE = b'"nodeID://'


def is_virtuoso(response: httpx.Response) -> bool:
    return str(response.headers.get("server", "")).startswith("Virtuoso")


def _virtuoso_bnodes(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Virtuoso's SPARQL JSON names blank nodes ``nodeID://b1``, which is no blank node label: ``nodeID-b1``.

    >>> b"".join(_virtuoso_bnodes(iter([b'{"value": "node', b'ID://b1"}'])))
    b'{"value": "nodeID-b1"}'
    """
    keep = len(_VIRTUOSO_BNODE) - 1
    tail = b""
    for chunk in chunks:
        data = (tail + chunk).replace(_VIRTUOSO_BNODE, b'"nodeID-')
        tail, data = data[-keep:], data[:-keep]
        if data:
            yield data
    if tail:
        yield tail.replace(_VIRTUOSO_BNODE, b'"nodeID-')


class Chunks(io.RawIOBase):
    """A response body as a file for pyoxigraph's streaming parsers; past ``deadline`` a read fails."""

    def __init__(self, chunks: Iterator[bytes], deadline: float | None = None, *, virtuoso: bool = False) -> None:
        self.chunks = _virtuoso_bnodes(chunks) if virtuoso else chunks
        self.pending = b""
        self.deadline = deadline
        self.expired = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.deadline is not None and time.monotonic() > self.deadline:
            self.expired = True
            raise OSError("the deadline passed")
        while not self.pending:
            try:
                self.pending = next(self.chunks)
            except StopIteration:
                return 0
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size

    def buffered(self) -> io.BufferedReader:
        return io.BufferedReader(self)
