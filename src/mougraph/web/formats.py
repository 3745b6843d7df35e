"""The media types the endpoint speaks, content negotiation, and the ``format=`` shortcuts.

A result is one of three kinds: ``solutions`` (SELECT), ``boolean`` (ASK) or ``graph``
(CONSTRUCT, DESCRIBE, Graph Store reads, VoID, the service description).
"""

from __future__ import annotations

from dataclasses import dataclass

from mougraph.errors import ClientError


@dataclass(frozen=True)
class Format:
    """One serialization: its key (the ``format=`` value), media type, and pyoxigraph name."""

    key: str
    media_type: str
    engine: str  # QueryResultsFormat or RdfFormat attribute name
    aliases: tuple[str, ...] = ()


SOLUTIONS = (
    Format("json", "application/sparql-results+json", "JSON", ("application/json",)),
    Format("xml", "application/sparql-results+xml", "XML", ("application/xml", "text/xml")),
    Format("csv", "text/csv", "CSV"),
    Format("tsv", "text/tab-separated-values", "TSV"),
)
BOOLEAN = SOLUTIONS[:2]
GRAPH = (
    Format("ttl", "text/turtle", "TURTLE", ("application/x-turtle",)),
    Format("nt", "application/n-triples", "N_TRIPLES", ("text/plain",)),
    Format("nq", "application/n-quads", "N_QUADS"),
    Format("trig", "application/trig", "TRIG"),
    Format("jsonld", "application/ld+json", "JSON_LD", ("application/json",)),
    Format("rdfxml", "application/rdf+xml", "RDF_XML", ("application/xml", "text/xml")),
)
OFFERED = {"solutions": SOLUTIONS, "boolean": BOOLEAN, "graph": GRAPH}


def default_formats() -> dict[str, Format]:
    """The format of each kind that a request without ``Accept`` gets (the first one offered)."""
    return {kind: formats[0] for kind, formats in OFFERED.items()}


#: ``format=`` values and the key each means, per kind (``format=json`` on a graph is JSON-LD).
_SHORT = {
    "solutions": {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv"},
    "boolean": {"json": "json", "xml": "xml"},
    "graph": {
        "ttl": "ttl",
        "turtle": "ttl",
        "nt": "nt",
        "ntriples": "nt",
        "nq": "nq",
        "nquads": "nq",
        "trig": "trig",
        "jsonld": "jsonld",
        "json-ld": "jsonld",
        "json": "jsonld",
        "rdfxml": "rdfxml",
        "rdf": "rdfxml",
        "xml": "rdfxml",
    },
}


def parse_accept(header: str) -> list[tuple[str, float]]:
    """Media ranges of an Accept header with their q-values (malformed entries are skipped).

    >>> parse_accept("text/turtle;q=0.5, application/ld+json, */*;q=0.1")
    [('text/turtle', 0.5), ('application/ld+json', 1.0), ('*/*', 0.1)]
    """
    ranges: list[tuple[str, float]] = []
    for part in header.split(","):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if "/" not in media:
            continue
        q = 1.0
        for param in pieces[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges


def _quality(ranges: list[tuple[str, float]], names: tuple[str, ...]) -> float:
    """The q-value the most specific matching range gives any of ``names``."""
    best_specificity, best_q = -1, 0.0
    for media, q in ranges:
        for name in names:
            kind, _, _sub = name.partition("/")
            if media == name:
                specificity = 2
            elif media == f"{kind}/*":
                specificity = 1
            elif media == "*/*":
                specificity = 0
            else:
                continue
            if specificity > best_specificity or (specificity == best_specificity and q > best_q):
                best_specificity, best_q = specificity, q
    return best_q


def negotiate(kind: str, accept: str | None, format_param: str | None = None) -> Format:
    """The format for a result of ``kind``: ``format=`` wins, then Accept (q-values), then the first offered.

    >>> negotiate("solutions", "text/csv;q=0.9, application/sparql-results+xml").key
    'xml'
    >>> negotiate("graph", "text/html, */*;q=0.8").key
    'ttl'
    >>> negotiate("graph", None, "jsonld").media_type
    'application/ld+json'
    """
    offered = OFFERED[kind]
    if format_param:
        key = _SHORT[kind].get(format_param.strip().lower())
        if key is None:
            # A media type given as format= (e.g. format=text/csv) is accepted too.
            key = next((f.key for f in offered if format_param.strip().lower() in (f.media_type, *f.aliases)), None)
        if key is None:
            raise ClientError(
                f"format={format_param!r} is not offered for this result; choose one of: {', '.join(_SHORT[kind])}",
                406,
            )
        return next(f for f in offered if f.key == key)
    if not accept or not accept.strip():
        return offered[0]
    ranges = parse_accept(accept)
    if not ranges:
        return offered[0]
    scored = [(_quality(ranges, (f.media_type, *f.aliases)), -index, f) for index, f in enumerate(offered)]
    q, _, chosen = max(scored, key=lambda item: (item[0], item[1]))
    if q <= 0:
        listed = ", ".join(f.media_type for f in offered)
        raise ClientError(f"none of the accepted media types can be served; this result is offered as: {listed}", 406)
    return chosen


def content_type(fmt: Format) -> str:
    """The Content-Type header of a response in ``fmt`` (text is UTF-8).

    >>> content_type(GRAPH[0])
    'text/turtle; charset=utf-8'
    """
    return f"{fmt.media_type}; charset=utf-8"


def by_key(kind: str, key: str) -> Format:
    return next(f for f in OFFERED[kind] if f.key == key)
