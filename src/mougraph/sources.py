"""Announcement files: the page layout of thaigov.go.th and a plain front-matter layout.

Page layout (the seeds, the ThaiGov corpus)::

    รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-<headline>
    <blank lines>
    วันอังคารที่ 25 ตุลาคม 2565
    <body>
    ที่มา : https://www.thaigov.go.th/news/contents/details/60838

Front-matter layout::

    ---
    source: https://...
    title: <headline>
    published: 2022-10-25
    ---
    <body; a Thai date line may follow>

The text is normalized once (:func:`mougraph.thaitext.normalize`); every offset refers to it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from mougraph.errors import BadInput
from mougraph.thaidates import find_dates
from mougraph.thaitext import normalize, thai_share

SITE_PREFIX = "รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-"
_SOURCE_LINE = re.compile(r"ที่มา\s*:\s*(?P<url>https?://\S+?)\s*\Z")
_FRONT = re.compile(r"\A---\n(?P<header>.*?)\n---\n", re.DOTALL)
_FIELD = re.compile(r"^(?P<key>[a-z_]+)\s*:\s*(?P<value>.*?)\s*$")
_DATE_LINE = re.compile(r"^\s*(?:วัน\S*ที่\s*)?[0-9๐-๙]{1,2}\s*\S+\s*[0-9๐-๙]{4}\s*$")
_THAIGOV = re.compile(r"^https?://(?:www\.)?thaigov\.go\.th/news/contents/details/(?P<id>[0-9]+)")
MAX_BYTES = 5_000_000


@dataclass(frozen=True)
class Span:
    """``text[start:end]`` of an announcement."""

    start: int
    end: int


@dataclass(frozen=True)
class Announcement:
    """A normalized announcement text and what its layout states about it."""

    where: str
    text: str
    layout: str
    title: str | None
    title_span: Span | None
    published: date | None
    published_span: Span | None
    source: str | None
    body_start: int
    body_end: int
    warnings: tuple[str, ...] = field(default=())

    @property
    def slug(self) -> str:
        """The announcement's IRI segment: ``thaigov-60838``, else a hash of the source or text."""
        if self.source and (match := _THAIGOV.match(self.source)):
            return f"thaigov-{match['id']}"
        basis = self.source or self.text
        return "text-" + hashlib.sha256(basis.encode()).hexdigest()[:12]


def read_announcement(path: Path) -> Announcement:
    """Read and parse one file; :class:`BadInput` names the file and why it is unusable."""
    where = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BadInput(where, f"cannot read the file ({exc.strerror})") from None
    if len(raw) > MAX_BYTES:
        raise BadInput(where, f"file of {len(raw):,} bytes is larger than an announcement can be ({MAX_BYTES:,})")
    if b"\x00" in raw:
        raise BadInput(where, "binary file (NUL bytes), not an announcement text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(where, f"not UTF-8 text (invalid byte at offset {exc.start})") from None
    return parse_announcement(text, where)


def parse_announcement(text: str, where: str = "<text>") -> Announcement:
    """Parse an announcement's text (either layout)."""
    text = normalize(text)
    if not text.strip():
        raise BadInput(where, "empty file")
    if thai_share(text) < 0.3:
        raise BadInput(where, "no Thai text: mougraph reads Thai-language announcements")
    front = _FRONT.match(text)
    if front:
        return _front_matter(text, where, front)
    return _page(text, where)


def _page(text: str, where: str) -> Announcement:
    warnings: list[str] = []
    first_end = text.find("\n")
    first_end = len(text) if first_end < 0 else first_end
    title = title_span = None
    body_start = 0
    if text.startswith(SITE_PREFIX):
        start = len(SITE_PREFIX)
        title_span = _trimmed(text, start, first_end)
        title = text[title_span.start : title_span.end] or None
        body_start = first_end
    else:
        warnings.append("no headline line (รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-…): the title is unknown")
    published, published_span, body_start = _date_line(text, body_start)
    if published is None:
        warnings.append("no Thai date line after the headline: the publication date is unknown")
    source, body_end = _source_line(text)
    if source is None:
        warnings.append("no 'ที่มา : URL' line at the end: the source is unknown (is the text truncated?)")
    return Announcement(
        where, text, "page", title, title_span, published, published_span, source, body_start, body_end, tuple(warnings)
    )


def _front_matter(text: str, where: str, front: re.Match[str]) -> Announcement:
    values: dict[str, str] = {}
    for number, line in enumerate(front["header"].split("\n"), start=2):
        if not line.strip():
            continue
        found = _FIELD.match(line)
        if not found:
            raise BadInput(where, f"line {number}: front matter lines are 'key: value', not {line!r}")
        values[found["key"]] = found["value"]
    unknown = sorted(set(values) - {"source", "title", "published"})
    if unknown:
        raise BadInput(where, f"unknown front-matter key(s): {', '.join(unknown)} (known: source, title, published)")
    warnings: list[str] = []
    published: date | None = None
    if "published" in values:
        try:
            published = date.fromisoformat(values["published"])
        except ValueError:
            raise BadInput(where, f"published: {values['published']!r} is not a date YYYY-MM-DD") from None
    source = values.get("source") or None
    if source is not None and not re.match(r"^https?://\S+$", source):
        raise BadInput(where, f"source: {source!r} is not an http(s) URL")
    title = values.get("title") or None
    title_span = None
    if title is not None:
        at = text.find(title, front.start("header"))
        title_span = Span(at, at + len(title)) if at >= 0 else None
    body_start = front.end()
    date_value, date_span, after = _date_line(text, body_start)
    if published is None:
        published, body_start = date_value, after
    elif date_value is not None:
        body_start = after
    published_span = date_span
    if source is None:
        warnings.append("no 'source:' in the front matter: the source is unknown")
    if published is None:
        warnings.append("no 'published:' in the front matter and no Thai date line: the publication date is unknown")
    if title is None:
        warnings.append("no 'title:' in the front matter: the title is unknown")
    trailing, body_end = _source_line(text)
    return Announcement(
        where,
        text,
        "front-matter",
        title,
        title_span,
        published,
        published_span,
        source or trailing,
        body_start,
        body_end,
        tuple(warnings),
    )


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def _date_line(text: str, start: int) -> tuple[date | None, Span | None, int]:
    """The first Thai date line among the next few non-blank lines after ``start``."""
    at = start
    for _ in range(4):
        while at < len(text) and text[at] == "\n":
            at += 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        if _DATE_LINE.match(text[at:end]):
            for mention in find_dates(text, at, end):
                span = _trimmed(text, at, end)
                return mention.value, span, end
        at = end + 1
        if at >= len(text):
            break
    return None, None, start


def _source_line(text: str) -> tuple[str | None, int]:
    """The URL of a final ``ที่มา : URL`` line, and where the body ends."""
    tail_start = max(0, len(text) - 400)
    at = text.rfind("ที่มา", tail_start)
    if at >= 0 and (found := _SOURCE_LINE.match(text, at)):
        return found["url"], at
    return None, len(text)
