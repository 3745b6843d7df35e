"""Which representation of a resource to send: HTML for browsers, RDF for RDF clients.

``/id/{path}`` answers by ``Accept`` with ``200``, ``Content-Location`` naming the document sent
(``/id/{path}.ttl``) and ``Vary: Accept``; ``/id/{path}.{suffix}`` answers that document. Every
answer lists the others in ``Link: <…>; rel="alternate"; type="…"``.
"""

from __future__ import annotations

from dataclasses import dataclass

from mougraph.errors import ClientError
from mougraph.site.urls import SUFFIXES, encode_path
from mougraph.web.formats import Format, by_key, parse_accept

HTML = "html"
HTML_TYPES = ("text/html", "application/xhtml+xml")
#: What a resource is offered as, in order of preference on a tie (HTML first: browsers send */*).
OFFERED = ("html", "ttl", "jsonld", "nt", "rdfxml")


@dataclass(frozen=True)
class Choice:
    """The chosen representation: ``key`` is ``html`` or a graph format key."""

    key: str

    @property
    def html(self) -> bool:
        return self.key == HTML

    @property
    def format(self) -> Format:
        return by_key("graph", self.key)

    @property
    def media_type(self) -> str:
        return "text/html" if self.html else self.format.media_type


def _names(key: str) -> tuple[str, ...]:
    # Browsers list application/xml (an alias of RDF/XML) too, but below text/html or beside
    # application/xhtml+xml: HTML wins those by q-value or, on a tie, by coming first.
    if key == HTML:
        return HTML_TYPES
    fmt = by_key("graph", key)
    return (fmt.media_type, *fmt.aliases)


def choose(accept: str | None) -> Choice:
    """The representation ``accept`` prefers; HTML when it is missing or says ``*/*``.

    >>> choose("text/turtle").key, choose(None).key, choose("*/*").key
    ('ttl', 'html', 'html')
    >>> choose("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").key
    'html'
    >>> choose("application/ld+json;q=0.9, text/turtle;q=0.5").key
    'jsonld'
    """
    if not accept or not accept.strip():
        return Choice(HTML)
    ranges = parse_accept(accept[:2000])
    if not ranges:
        return Choice(HTML)
    best_key, best = HTML, (-1.0, -1)
    for key in OFFERED:
        score = _quality(ranges, _names(key))
        if score[0] > 0 and score > best:
            best_key, best = key, score
    if best[0] <= 0:
        offered = ", ".join(choice_type(key) for key in OFFERED)
        raise ClientError(
            f"none of the accepted media types can be served; this resource is offered as: {offered}", 406
        )
    return Choice(best_key)


def _quality(ranges: list[tuple[str, float]], names: tuple[str, ...]) -> tuple[float, int]:
    """The q-value the most specific range matching any of ``names`` gives, and that specificity."""
    best_specificity, best_q = -1, 0.0
    for media, q in ranges:
        for name in names:
            kind = name.partition("/")[0]
            specificity = 2 if media == name else 1 if media == f"{kind}/*" else 0 if media == "*/*" else -1
            if specificity > best_specificity:
                best_specificity, best_q = specificity, q
    return best_q, best_specificity


def choice_type(key: str) -> str:
    return "text/html" if key == HTML else by_key("graph", key).media_type


def link_header(path: str) -> str:
    """The ``Link`` header listing every representation of the resource at ``path`` (decoded).

    >>> link_header("/id/country/LA").split(", ")[1]
    '</id/country/LA.ttl>; rel="alternate"; type="text/turtle"'
    """
    encoded = encode_path(path)
    parts = [
        f'<{encoded}.{suffix}>; rel="alternate"; type="{choice_type(key)}"'
        for suffix, key in SUFFIXES.items()
        if key in OFFERED
    ]
    return ", ".join(parts)
