"""Query results kept per build: the graph only changes when a build publishes (or a write lands).

A result is kept under its dataset version and a key made of the normalized query text, the
dataset clauses, the negotiated format, the substitutions and the row cap; a new version drops
everything. The cache holds at most ``limit`` bytes of bodies (least recently used go first);
``limit`` 0 turns it off. Only complete answers (HTTP 200) are kept, with their truncation flag.
"""

from __future__ import annotations

import logging
import re
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mougraph.errors import MougraphError
from mougraph.web.engine import QueryTask, Reply
from mougraph.web.formats import OFFERED

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

    def get(self, version: str, found: Key) -> Reply | None:
        """The reply kept for ``found`` under ``version`` (a new version empties the cache)."""
        if not self.enabled:
            return None
        self._check(version)
        reply = self._replies.get(found)
        if reply is None:
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
    a query with a required parameter is skipped. Returns how many were answered.
    """
    from mougraph import catalogue

    try:
        queries = catalogue.load_catalogue(folder)
    except MougraphError as error:
        log.warning("no catalogue answers precomputed: %s", error)
        return 0
    formats = {kind: OFFERED[kind][0] for kind in OFFERED}
    done = 0
    for query in queries.values():
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
