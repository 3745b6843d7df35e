"""Query results kept per build: the graph only changes when a build publishes (or a write lands).

A result is kept under its dataset version and a key made of the normalized query text, the
dataset clauses, the negotiated format, the substitutions and the row cap; a new version drops
everything. The cache holds at most ``limit`` bytes of bodies (least recently used go first);
``limit`` 0 turns it off. Only complete answers (HTTP 200) are kept, with their truncation flag.

The catalogue's answers (default parameters) are also computed when a build publishes
(:func:`publish_answers`, called by ``mougraph build``) and written beside the store, in
``{store}.answers/{version}/``, where ``version`` names the store folder the build swapped in
and its tables (:func:`store_version`). ``mougraph serve`` reads them at start
(:class:`Precomputed`): the first request for a catalogue answer is a file read, however long the
query took at build time. A new build has another version, so its answers replace the old ones;
an endpoint that accepts writes does not use them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import multiprocessing
import os
import re
import shutil
import time
from collections import OrderedDict
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mougraph.errors import MougraphError
from mougraph.web.engine import QueryTask, Reply
from mougraph.web.formats import default_formats

if TYPE_CHECKING:
    from mougraph.web.app import Server

log = logging.getLogger("mougraph.web")

_SPACE = re.compile(r"\s+")


def normalized(text: str) -> str:
    """The query text with runs of white space folded to one space, where that cannot change its meaning.

    White space inside a string literal or a comment matters, so a text with quotes or ``#`` is kept as is.

    >>> normalized("SELECT *\\n  WHERE { ?s ?p ?o }  ")
    'SELECT * WHERE { ?s ?p ?o }'
    >>> normalized('SELECT * { ?s ?p "a  b" }')
    'SELECT * { ?s ?p "a  b" }'
    """
    if '"' in text or "'" in text or "#" in text:
        return text
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Key:
    """What makes two requests the same answer."""

    text: str
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    formats: tuple[str, ...]
    substitutions: tuple[tuple[str, str], ...]
    max_rows: int


def key(
    text: str,
    *,
    formats: tuple[str, ...],
    max_rows: int,
    default_graphs: list[str] | None = None,
    named_graphs: list[str] | None = None,
    substitutions: dict[str, str] | None = None,
) -> Key:
    """The cache key of a query (``formats``: the negotiated format keys it may answer in)."""
    return Key(
        normalized(text),
        tuple(default_graphs) if default_graphs is not None else None,
        tuple(named_graphs) if named_graphs is not None else None,
        formats,
        tuple(sorted((substitutions or {}).items())),
        max_rows,
    )


class ResultCache:
    """Replies by key for one dataset version, bounded in bytes (LRU)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.version: str | None = None
        self.size = 0
        self.hits = 0
        self.misses = 0
        self._replies: OrderedDict[Key, Reply] = OrderedDict()
        self.precomputed = Precomputed()

    def attach(self, version: str, answers: Precomputed) -> None:
        """Answer from ``answers`` (computed when the build published) too, while ``version`` is served."""
        self._check(version)
        self.precomputed = answers

    @property
    def enabled(self) -> bool:
        return self.limit > 0

    def __len__(self) -> int:
        return len(self._replies)

    def _check(self, version: str) -> None:
        if version != self.version:
            self._replies.clear()
            self.size = 0
            self.version = version
            self.precomputed = Precomputed()

    def get(self, version: str, found: Key) -> Reply | None:
        """The reply kept for ``found`` under ``version`` (a new version empties the cache)."""
        if not self.enabled:
            return None
        self._check(version)
        reply = self._replies.get(found)
        if reply is None:
            reply = self.precomputed.get(found)
            if reply is not None:
                self.hits += 1
                return reply
            self.misses += 1
            return None
        self._replies.move_to_end(found)
        self.hits += 1
        return reply

    def put(self, version: str, found: Key, reply: Reply) -> None:
        """Keep ``reply`` (a 200 smaller than the whole bound) for ``found`` under ``version``."""
        if not self.enabled or reply.status != 200 or len(reply.body) > self.limit:
            return
        self._check(version)
        previous = self._replies.pop(found, None)
        if previous is not None:
            self.size -= len(previous.body)
        self._replies[found] = reply
        self.size += len(reply.body)
        while self.size > self.limit:
            _, dropped = self._replies.popitem(last=False)
            self.size -= len(dropped.body)


async def precompute(server: Server, folder: Path) -> int:
    """Run every catalogue query of ``folder`` with its default parameters through ``server``'s cache.

    The answers are kept in the format a request without ``Accept`` gets (``GET /queries/{name}``);
    a query with a required parameter is skipped. Answers the build computed for the store being
    served (:func:`publish_answers`) are attached first and not computed again; a query the build
    stopped at its budget is not run here either. Returns how many were answered.
    """
    from mougraph import catalogue

    answers = Precomputed()
    if not server.settings.store_url:
        answers = Precomputed.load(server.settings.store, server.settings.max_rows)
        if answers.version is not None:
            server.results.attach(server.dataset.tag, answers)
            log.info("%d catalogue answers computed at build time for %s", len(answers), answers.version)

    try:
        queries = catalogue.load_catalogue(folder)
    except MougraphError as error:
        log.warning("no catalogue answers precomputed: %s", error)
        return 0
    formats = default_formats()
    done = 0
    for query in queries.values():
        if query.name in answers.skipped:
            continue
        try:
            substitutions = catalogue.bind(query, {})
            task = QueryTask(
                text=query.text,
                kind="solutions",  # a hint only: the engine answers in the format of the result's kind
                formats=formats,
                max_rows=server.settings.max_rows,
                base_iri=server.endpoint + "/sparql",
                substitutions=substitutions,
            )
            found = key(
                query.text,
                formats=tuple(f.key for f in formats.values()),
                max_rows=server.settings.max_rows,
                substitutions=substitutions,
            )
            await server.run_cached(task, found)
        except MougraphError as error:
            log.info("catalogue query %s not precomputed: %s", query.name, error)
            continue
        done += 1
    return done


# ---------------------------------------------------------------- answers computed at build time

#: Rows an answer computed at build time may hold (an endpoint whose row cap is lower ignores larger ones).
BUILD_MAX_ROWS = 10_000_000
#: Seconds one catalogue query may take when a build computes the answers (0 when not computed).
BUILD_BUDGET = 600.0
_INDEX = "index.json"


def answers_folder(store: Path) -> Path:
    """Where the answers computed for the store at ``store`` (a folder or the build's symlink) are kept."""
    store = store.absolute()
    return store.parent / f"{store.name}.answers"


def store_version(store: Path) -> str:
    """The version of the store ``store`` points at: its folder's name and a digest of its RocksDB
    identity and table files (names and sizes), so a store written again in the same folder is a
    new version too.
    """
    target = store.resolve()
    digest = hashlib.sha256()
    for path in sorted(target.iterdir()):
        if path.name == "IDENTITY" or path.name == "CURRENT":
            digest.update(path.name.encode() + b"=" + path.read_bytes())
        elif path.suffix == ".sst":
            digest.update(f"{path.name}:{path.stat().st_size};".encode())
    return f"{target.name}-{digest.hexdigest()[:16]}"


def _answer_worker(store: str, conn: Connection) -> None:
    """(A child process.) Answer catalogue queries on ``store`` one at a time, writing each body to a file."""
    from mougraph.web.engine import Source, load, run_query

    dataset = load(Source(store, 0))
    conn.send("ready")
    while True:
        job = conn.recv()
        if job is None:
            return
        task, out = job
        started = time.perf_counter()
        try:
            reply = run_query(dataset, task)
        except Exception as error:  # reported to the parent, which skips the query
            conn.send({"error": f"{type(error).__name__}: {error}"[:300]})
            continue
        if reply.status == 200:
            Path(out).write_bytes(reply.body)
        conn.send(
            {
                "status": reply.status,
                "media_type": reply.media_type,
                "truncated": reply.truncated,
                "rows": reply.rows,
                "bytes": len(reply.body),
                "seconds": round(time.perf_counter() - started, 3),
                "error": None if reply.status == 200 else reply.body[:300].decode("utf-8", "replace"),
            }
        )


class _Runner:
    """A child process that answers queries, replaced when one runs over its budget."""

    def __init__(self, context: Any, store: Path) -> None:
        self.context, self.store = context, store
        self.process: Any = None
        self.conn: Connection | None = None
        self.job: tuple[str, float] | None = None  # (query name, started)

    def send(self, name: str, task: QueryTask, out: Path) -> None:
        if self.process is None:
            parent, child = self.context.Pipe()
            self.process = self.context.Process(target=_answer_worker, args=(str(self.store), child), daemon=True)
            self.process.start()
            child.close()
            self.conn = parent
            with contextlib.suppress(EOFError):  # it died opening the store: reported as such below
                parent.recv()  # the store is open: the budget counts from here
        assert self.conn is not None
        with contextlib.suppress(OSError):  # the process is gone: its pipe reads as closed, reported below
            self.conn.send((task, str(out)))
        self.job = (name, time.monotonic())

    def kill(self) -> None:
        if self.process is not None and self.process.exitcode is None:
            self.process.kill()
            self.process.join(10)
        if self.conn is not None:
            self.conn.close()
        self.process = self.conn = self.job = None

    def close(self) -> None:
        if self.conn is not None and self.job is None:
            try:
                self.conn.send(None)
                self.process.join(10)
            except (OSError, ValueError):
                pass
        self.kill()


def publish_answers(
    store: Path,
    folder: Path,
    *,
    budget: float = BUILD_BUDGET,
    jobs: int = 2,
    max_rows: int = BUILD_MAX_ROWS,
    progress: Any = None,
) -> dict[str, Any]:
    """Compute the answer of every catalogue query of ``folder`` (default parameters) on the store at
    ``store`` and keep them in :func:`answers_folder`, under the store's version.

    Each query may run ``budget`` seconds in one of ``jobs`` child processes (a query over its
    budget is stopped, recorded as skipped, and evaluated on request by the endpoint as before).
    Answers of older versions are removed. Returns the index written (``answers``, ``skipped``).
    """
    from mougraph import catalogue

    version = store_version(store)
    root = answers_folder(store)
    final = root / version
    staging = root / f".{version}.{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    index: dict[str, Any] = {
        "version": version,
        "made": time.strftime("%Y-%m-%d %H:%M:%S"),
        "budget_s": budget,
        "max_rows": max_rows,
        "answers": [],
        "skipped": [],
    }
    try:
        queries = catalogue.load_catalogue(folder)
    except MougraphError as error:
        log.warning("no catalogue answers computed: %s", error)
        queries = {}
    formats = default_formats()
    todo: list[tuple[str, QueryTask, dict[str, str]]] = []
    for query in queries.values():
        try:
            substitutions = catalogue.bind(query, {})
        except MougraphError as error:  # a required parameter: no default answer
            index["skipped"].append({"name": query.name, "why": str(error)})
            continue
        task = QueryTask(query.text, "solutions", formats, max_rows, substitutions=substitutions)
        todo.append((query.name, task, substitutions))
    context = multiprocessing.get_context("spawn")
    runners = [_Runner(context, store) for _ in range(max(1, min(jobs, len(todo))))] if todo else []
    pending = list(reversed(todo))
    by_name = {name: (task, substitutions) for name, task, substitutions in todo}
    started_all = time.monotonic()
    try:
        while pending or any(r.job for r in runners):
            for runner in runners:
                if runner.job is None and pending:
                    name, task, _ = pending.pop()
                    runner.send(name, task, staging / f"{name}.body")
            busy = [r for r in runners if r.job is not None]
            now = time.monotonic()
            timeout = max(0.0, min(r.job[1] + budget - now for r in busy if r.job))
            ready = wait([r.conn for r in busy if r.conn is not None], timeout=timeout)
            for runner in busy:
                assert runner.job is not None
                name, began = runner.job
                if runner.conn in ready:
                    try:
                        outcome = runner.conn.recv()
                    except (EOFError, OSError):
                        outcome = {"error": "the query process died"}
                        runner.kill()
                    runner.job = None
                    task, substitutions = by_name[name]
                    if outcome.get("error") is not None:
                        index["skipped"].append({"name": name, "why": outcome["error"]})
                    else:
                        index["answers"].append(
                            {
                                "name": name,
                                "text": normalized(task.text),
                                "substitutions": substitutions,
                                "formats": [f.key for f in formats.values()],
                                "file": f"{name}.body",
                                **{k: outcome[k] for k in ("media_type", "truncated", "rows", "bytes", "seconds")},
                            }
                        )
                    if progress is not None:
                        progress(name, outcome)
                elif time.monotonic() - began >= budget:
                    runner.kill()
                    index["skipped"].append({"name": name, "why": f"over the budget of {budget:g} s"})
                    if progress is not None:
                        progress(name, {"error": f"over the budget of {budget:g} s"})
    finally:
        for runner in runners:
            runner.close()
    index["seconds"] = round(time.monotonic() - started_all, 1)
    index["answers"].sort(key=lambda entry: entry["name"])
    (staging / _INDEX).write_text(json.dumps(index, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    shutil.rmtree(final, ignore_errors=True)
    os.replace(staging, final)
    for stale in root.iterdir():
        if stale.name != version and not stale.name.startswith("."):
            shutil.rmtree(stale, ignore_errors=True)
    return index


class Precomputed:
    """The answers a build computed for one store version, looked up by cache key, read from disk."""

    def __init__(self, version: str | None = None) -> None:
        self.version = version
        self.skipped: set[str] = set()
        self._files: dict[Key, tuple[Path, str, int]] = {}

    def __len__(self) -> int:
        return len(self._files)

    @classmethod
    def load(cls, store: Path, max_rows: int) -> Precomputed:
        """The answers kept for the store ``store`` points at now (none when the build computed none
        for this version); those an endpoint with ``max_rows`` would cut are left out."""
        try:
            version = store_version(store)
            folder = answers_folder(store) / version
            index = json.loads((folder / _INDEX).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if index.get("version") != version:
            return cls()
        found = cls(version)
        found.skipped = {entry["name"] for entry in index.get("skipped", []) if "budget" in entry.get("why", "")}
        for entry in index.get("answers", []):
            rows = entry.get("rows")
            if entry.get("truncated") or rows is None or rows > max_rows:
                continue  # this endpoint would cut it: let the engine answer
            each = key(
                entry["text"],
                formats=tuple(entry["formats"]),
                max_rows=max_rows,
                substitutions=entry["substitutions"],
            )
            found._files[each] = (folder / entry["file"], entry["media_type"], rows)
        return found

    def get(self, found: Key) -> Reply | None:
        where = self._files.get(found)
        if where is None:
            return None
        path, media_type, rows = where
        try:
            body = path.read_bytes()
        except OSError:  # removed by a newer build meanwhile
            return None
        return Reply(200, body, media_type, rows=rows)
