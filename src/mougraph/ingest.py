"""Whole-corpus ingest: read every page, split summaries into agenda items, detect, extract.

Data flows one way: :func:`mougraph.corpus.read_input` yields raw pages; worker processes read
each page (:func:`read_page`: parse, split with :mod:`mougraph.agenda`, detect with
:mod:`mougraph.detect`, extract the candidates); the results are merged into decisions by
:mod:`mougraph.merge` and reported by :mod:`mougraph.coverage`. A page whose bytes (and the code
and vocabularies that read it) are unchanged since the last ingest is not read again: its result
is kept in a cache keyed by content hash (``var/ingest/``).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from mougraph import agenda, detect
from mougraph.corpus import Input, inputs, read_input
from mougraph.errors import BadInput
from mougraph.extract import Extractor
from mougraph.extract.record import Record
from mougraph.layout import Layout
from mougraph.rdfmap import record_graph
from mougraph.sources import parse_announcement
from mougraph.thaidates import find_dates
from mougraph.thaitext import normalize, thai_share

_SOURCE = re.compile(r"ที่มา\s*:\s*(?P<url>https?://\S+)\s*\Z")

#: Pages sent to a worker at once.
CHUNK = 200
#: An English paragraph about a digital cooperation instrument (kept to cross-check the Thai decisions).
_EN_INSTRUMENT = re.compile(r"(?i)memorand|\bmo[uc]s?\b|agreement|declaration|joint statement|letter of intent")
_EN_DIGITAL = re.compile(
    r"(?i)digital|telecom|\bICT\b|cyber|postal|\b5G\b|\bdata\b|artificial intelligence|\bAI\b|e-commerce"
    r"|electronic commerce|satellite|space|smart cit|broadband|information technology"
)
_EN_CABINET = re.compile(r"(?i)cabinet")


@dataclass(frozen=True)
class ItemResult:
    """One agenda item (or news page) that fired cues: its verdict, and what the extractor read."""

    number: int | None
    start: int
    end: int
    heading: str
    section: str | None
    verdict: str
    explanation: str
    record: Record | None = None
    ntriples: str | None = None

    @property
    def kept(self) -> bool:
        return self.record is not None


@dataclass(frozen=True)
class PageResult:
    """What one page gave. ``language`` is ``th``, ``en`` or ``unreadable`` (``problem`` says why)."""

    digest: str
    where: str
    language: str
    slug: str | None = None
    source: str | None = None
    title: str | None = None
    published: date | None = None
    summary: bool = False
    items: int = 0
    flagged: tuple[ItemResult, ...] = ()
    english: str | None = None
    problem: str | None = None


@dataclass
class Reader:
    """A worker's reading equipment, built once per process."""

    extractor: Extractor
    repository: frozenset[str] = field(default_factory=frozenset)

    def read(self, where: str, raw: bytes, digest: str) -> PageResult:
        return read_page(self.extractor, where, raw, digest, full_text=where in self.repository)


def read_page(extractor: Extractor, where: str, raw: bytes, digest: str, full_text: bool = False) -> PageResult:
    """Parse, split, detect and extract one page."""
    if b"\x00" in raw:
        return PageResult(digest, where, "unreadable", problem="binary file (NUL bytes), not an announcement text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return PageResult(digest, where, "unreadable", problem=f"not UTF-8 text (invalid byte at offset {exc.start})")
    if text.strip() and thai_share(text) < 0.3:
        return _english(digest, where, text)
    try:
        announcement = parse_announcement(text, where)
    except BadInput as problem:
        return PageResult(digest, where, "unreadable", problem=problem.problem)
    items = agenda.items(announcement)
    flagged = []
    for item in items:
        found = detect.detect(extractor.lexicon, extractor.dictionary, announcement, item)
        if found.verdict == detect.UNRELATED:
            continue
        record = ntriples = None
        if found.verdict == detect.CANDIDATE:
            record = extractor.extract(announcement, [item], digital=True)
            if record.instruments:
                ntriples = record_graph(record, announcement, full_text).serialize(format="nt")
            else:
                record = None
        heading = " ".join(announcement.text[item.start : item.heading_end].split())
        flagged.append(
            ItemResult(
                item.number,
                item.start,
                item.end,
                heading[:300],
                item.section,
                found.verdict,
                found.explain(),
                record,
                ntriples,
            )
        )
    return PageResult(
        digest,
        where,
        "th",
        announcement.slug,
        announcement.source,
        announcement.title,
        announcement.published,
        detect.is_summary(announcement) and items[0].number is not None,
        len(items),
        tuple(flagged),
    )


def _english(digest: str, where: str, text: str) -> PageResult:
    """An English page: its date, source and the paragraphs that tell of a digital instrument the
    cabinet decided (only to cross-check the Thai decisions; English pages are never counted twice)."""
    text = normalize(text)
    head = text[:300]
    published = next(iter(find_dates(head, 0, len(head))), None)
    source = _SOURCE.search(text[-400:])
    paragraphs = []
    if _EN_CABINET.search(text):
        for line in text.split("\n"):
            if _EN_INSTRUMENT.search(line) and _EN_DIGITAL.search(line):
                paragraphs.append(line[:1000])
    return PageResult(
        digest,
        where,
        "en",
        source=source["url"] if source else None,
        published=published.value if published else None,
        english="\n".join(paragraphs) or None,
    )


# ---------------------------------------------------------------------------- workers

_READER: Reader | None = None


def _start_worker(root: Path, repository: frozenset[str]) -> None:
    global _READER
    _READER = Reader(Extractor.for_repository(root), repository)


def _read_chunk(chunk: list[tuple[str, bytes, str]]) -> list[PageResult]:
    assert _READER is not None, "the worker was not started"
    return [_READER.read(where, raw, digest) for where, raw, digest in chunk]


@dataclass
class Scan:
    """Every page's result, in input order, and how many were taken from the cache."""

    pages: list[PageResult]
    cached: int
    inputs: list[Input]


def code_version(layout: Layout) -> str:
    """A hash of everything that decides what a page gives: the reading code and the vocabularies."""
    package = Path(__file__).resolve().parent
    files = sorted(
        [
            *package.glob("*.py"),
            *(package / "extract").glob("*.py"),
            *layout.thesaurus_files,
            *layout.reference_files,
        ]
    )
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def scan(
    layout: Layout,
    paths: Iterable[Path],
    workers: int | None = None,
    cache_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Scan:
    """Read every page under ``paths`` and the repository's announcement files.

    ``progress(done, total)`` is called with input bytes consumed. Results of pages whose content
    hash is in the cache (``cache_dir``, for this :func:`code_version`) are reused.
    """
    sources = [
        *inputs(paths),
        *(Input(path, f"data/announcements/{path.name}", False) for path in layout.announcement_files),
    ]
    repository = frozenset(source.name for source in sources if source.name.startswith("data/announcements/"))
    total = sum(source.size for source in sources)
    version = code_version(layout)
    cache_file = cache_dir / f"pages-{version}.pickle" if cache_dir else None
    cache: dict[tuple[str, str], PageResult] = {}
    if cache_file and cache_file.exists():
        try:
            cache = pickle.loads(cache_file.read_bytes())
        except (pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            cache = {}
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress:
            progress(done, total)

    def pages() -> Iterator[tuple[str, bytes, str]]:
        for source in sources:
            for where, raw in read_input(source, advance):
                yield where, raw, hashlib.sha256(raw).hexdigest()

    results: list[PageResult | None] = []
    waiting: list[tuple[int, tuple[str, bytes, str]]] = []
    cached = 0
    count = workers if workers is not None else min(2, os.cpu_count() or 1)
    with _Pool(layout.root, repository, count) as run:
        pending: list[tuple[list[int], object]] = []
        for where, raw, digest in pages():
            hit = cache.get((digest, where))
            if hit is not None:
                results.append(hit)
                cached += 1
                continue
            waiting.append((len(results), (where, raw, digest)))
            results.append(None)
            if len(waiting) >= CHUNK:
                pending.append(run([w for _, w in waiting], [i for i, _ in waiting]))
                waiting = []
                _collect(pending, results, block=len(pending) > 2 * count)
        if waiting:
            pending.append(run([w for _, w in waiting], [i for i, _ in waiting]))
        _collect(pending, results, block=True, all_of_them=True)
    finished = [result for result in results if result is not None]
    if cache_file is not None:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        for old in cache_file.parent.glob("pages-*.pickle"):
            if old != cache_file:
                old.unlink()
        partial = cache_file.with_suffix(".part")
        partial.write_bytes(pickle.dumps({(r.digest, r.where): r for r in finished}))
        partial.replace(cache_file)
    return Scan(finished, cached, sources)


class _Pool:
    """Chunks read in worker processes (or in this one, for ``workers <= 1``)."""

    def __init__(self, root: Path, repository: frozenset[str], workers: int) -> None:
        self.root, self.repository, self.workers = root, repository, workers
        self.executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> Callable[[list[tuple[str, bytes, str]], list[int]], tuple[list[int], object]]:
        if self.workers <= 1:
            _start_worker(self.root, self.repository)
            return lambda chunk, at: (at, _read_chunk(chunk))
        import multiprocessing

        self.executor = ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(self.root, self.repository),
        )
        executor = self.executor
        return lambda chunk, at: (at, executor.submit(_read_chunk, chunk))

    def __exit__(self, *exc: object) -> None:
        if self.executor is not None:
            self.executor.shutdown(cancel_futures=True)


def _collect(
    pending: list[tuple[list[int], object]], results: list[PageResult | None], block: bool, all_of_them: bool = False
) -> None:
    """Move finished chunks into ``results`` (waiting for the oldest when ``block``)."""
    from concurrent.futures import Future

    while pending:
        at, value = pending[0]
        if isinstance(value, Future):
            if not (block or value.done()):
                return
            value = value.result()
        assert isinstance(value, list)
        for index, result in zip(at, value, strict=True):
            results[index] = result
        pending.pop(0)
        if not all_of_them:
            block = False
