"""The page of one resource: its types and labels, every value, incoming links, evidence, and more
for instruments (parties, decisions, scope items with their source sentences, the chain of
instruments) and announcements (the full text with every evidence span marked).

Every query binds the resource's IRI as ``?x`` by substitution and runs through the worker pool,
one after the other.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mougraph.errors import NotFound
from mougraph.site import evidence as text_spans
from mougraph.site import sparql, urls
from mougraph.site.evidence import Excerpt, Segment
from mougraph.site.names import MG, RDF, SCHEMA, Names
from mougraph.site.values import Value, View

if TYPE_CHECKING:
    from mougraph.web.app import Server

INSTRUMENT_FIELDS = ("party", "involvesCountry", "proposedBy", "scopeArea", "modality", "principle")
#: Dates and places of an instrument, in the order shown.
INSTRUMENT_DATES = (
    "signingDate",
    "signingYear",
    "signingPlace",
    "plannedSigningDate",
    "plannedSigningPlace",
    "expiryDate",
)
#: Most characters of an announcement's text fetched for quotes at once (else one window per quote).
MAX_WINDOW = 40_000
_UNITS = {
    "http://www.w3.org/2006/time#unitYear": ("ปี", "years"),
    "http://www.w3.org/2006/time#unitMonth": ("เดือน", "months"),
    "http://www.w3.org/2006/time#unitDay": ("วัน", "days"),
}


@dataclass
class Quote:
    """One evidence span: what it supports, the text around it, and where it comes from."""

    evidence: Value
    property: Value
    body: Value | None
    exact: str
    start: int
    end: int
    source: Value
    source_href: str | None
    url: str | None
    excerpt: Excerpt | None


@dataclass
class ScopeRow:
    item: Value
    ordinal: int
    text: str
    concepts: list[Value]
    quotes: list[Quote]


@dataclass
class Decision:
    decision: Value
    date: Value | None
    kind: Value | None
    announcement: Value | None
    url: str | None


@dataclass
class Instrument:
    """What an instrument page shows above the table of all values."""

    fields: dict[str, list[Value]]
    dates: list[tuple[Value, list[Value]]]
    validity: str | None
    decisions: list[Decision]
    scope: list[ScopeRow]
    stated: str | None
    replaces: list[Value]
    replaced_by: list[Value]
    quotes: dict[str, list[Quote]]


@dataclass
class Page:
    """Everything the resource template shows."""

    iri: str
    path: str
    title: str
    title_lang: str
    types: list[Value]
    labels: dict[str, list[str]]
    outgoing: list[tuple[Value, list[Value]]]
    incoming: list[tuple[Value, int, list[Value]]]
    quotes: list[tuple[Value, list[Quote]]] = field(default_factory=list)
    instrument: Instrument | None = None
    text: list[Segment] | None = None
    url: str | None = None

    def is_a(self, iri: str) -> bool:
        return any(kind.iri == iri for kind in self.types)


async def build(server: Server, view: View, iri: str, path: str) -> Page:
    """The page of ``iri``; :class:`NotFound` when the graph says nothing about it."""
    bound = {"x": sparql.iri(iri)}
    rows = await server.select(sparql.OUTGOING, bound)
    counts = await server.select(sparql.INCOMING_COUNTS, bound)
    if not rows and not counts:
        raise NotFound(f"no resource {iri} in the graph")
    names = view.names
    outgoing, types = _outgoing(view, rows)
    incoming = []
    for row in counts:
        prop = row["p"]["value"]
        total = int(row["n"]["value"])
        listed = await server.select(sparql.INCOMING, {**bound, "p": sparql.iri(prop)})
        values = sorted((view.term(r["s"]) for r in listed), key=lambda v: v.text)
        incoming.append((view.iri(prop), total, values))
    incoming.sort(key=lambda item: (-item[1], item[0].text))
    labels = {lang: names.in_language(iri, lang) for lang in ("th", "en")}
    page = Page(
        iri=iri,
        path=path,
        title=names.label(iri, view.lang),
        title_lang=names.label_lang(iri, view.lang),
        types=types,
        labels=labels,
        outgoing=outgoing,
        incoming=incoming,
    )
    own = await server.select(sparql.EVIDENCE, bound)
    if any(kind.iri == MG + "Evidence" for kind in types):
        own = [{**row, "e": {"type": "uri", "value": iri}} for row in await server.select(sparql.EVIDENCE_ONE, bound)]
    quotes = await _quotes(server, view, own)
    if _is_instrument(names, iri):
        page.instrument = await _instrument(server, view, iri, rows, quotes)
    else:
        grouped: dict[str, list[Quote]] = defaultdict(list)
        for quote in quotes:
            grouped[quote.property.iri or ""].append(quote)
        page.quotes = [(view.iri(prop), items) for prop, items in grouped.items()]
    if page.is_a(MG + "Announcement"):
        page.text, page.url = await _announcement_text(server, view, iri)
    return page


def _is_instrument(names: Names, iri: str) -> bool:
    return iri in names.made and "/id/instrument/" in iri and "/scope/" not in iri


def _outgoing(view: View, rows: list[dict[str, Any]]) -> tuple[list[tuple[Value, list[Value]]], list[Value]]:
    """Values grouped by property (types apart), nested values under blank nodes and fragments."""
    grouped: dict[str, dict[str, Value]] = {}
    for row in rows:
        prop = row["p"]["value"]
        target = row["o"]
        key = f"{target.get('type')}|{target['value']}|{target.get('xml:lang', '')}|{target.get('datatype', '')}"
        values = grouped.setdefault(prop, {})
        if key not in values:
            values[key] = view.term(target)
        if row.get("np") and row.get("no"):
            values[key].nested.append((view.iri(row["np"]["value"]), view.term(row["no"])))
    types = list(grouped.pop(RDF + "type", {}).values())
    order = sorted(grouped, key=lambda prop: (prop == SCHEMA + "text", view.label(prop)))
    return [(view.iri(prop), list(grouped[prop].values())) for prop in order], types


async def _quotes(server: Server, view: View, rows: list[dict[str, Any]]) -> list[Quote]:
    """Evidence rows as quotes, each with the line of text around its span."""
    by_source: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_source[row["source"]["value"]].append(row)
    quotes: list[Quote] = []
    for source, spans in by_source.items():
        bounds = [(int(r["start"]["value"]), int(r["end"]["value"])) for r in spans]
        low, high = min(s for s, _ in bounds), max(e for _, e in bounds)
        windows: dict[tuple[int, int], tuple[str, int, bool, str | None]] = {}
        if high - low <= MAX_WINDOW:
            fetched = await _window(server, source, low, high)
            windows = dict.fromkeys(bounds, fetched)
        for row, span in zip(spans, bounds, strict=True):
            if span not in windows:
                windows[span] = await _window(server, source, *span)
            text, offset, ends, url = windows[span]
            body = sparql.value(row, "body")
            page_href = urls.href(source, view.base)
            quotes.append(
                Quote(
                    evidence=view.iri(row["e"]["value"]),
                    property=view.iri(row["property"]["value"]),
                    body=view.iri(body) if body else None,
                    exact=sparql.value(row, "exact") or "",
                    start=span[0],
                    end=span[1],
                    source=_short(view, source),
                    source_href=f"{page_href}#{text_spans.anchor(*span)}" if page_href else None,
                    url=urls.external(url) if url else None,
                    excerpt=text_spans.excerpt(text, offset, span[0], span[1], text_ends=ends),
                )
            )
    quotes.sort(key=lambda q: (q.source.text, q.start, q.end))
    return quotes


def _short(view: View, source: str) -> Value:
    """An announcement named by its date and number (its title is long; the quote says enough)."""
    value = view.iri(source)
    made = view.names.made.get(source, {}).get(view.lang)
    if made:
        value.text, value.lang = made, view.lang
    return value


async def _window(server: Server, source: str, start: int, end: int) -> tuple[str, int, bool, str | None]:
    """The text of ``source`` around ``start``–``end``, where it begins, whether it runs to the end, and the URL."""
    first, length = text_spans.window(start, end)
    rows = await server.select(
        sparql.WINDOW, {"x": sparql.iri(source), "from": sparql.integer(first), "length": sparql.integer(length)}
    )
    if not rows:
        return "", first - 1, True, None
    text = sparql.value(rows[0], "text") or ""
    return text, first - 1, len(text) < length, sparql.value(rows[0], "url")


async def _instrument(
    server: Server, view: View, iri: str, rows: list[dict[str, Any]], quotes: list[Quote]
) -> Instrument:
    bound = {"x": sparql.iri(iri)}
    values: dict[str, list[Value]] = defaultdict(list)
    for row in rows:
        prop = row["p"]["value"]
        if prop.startswith(MG):
            term = view.term(row["o"])
            if all(term.text != seen.text for seen in values[prop[len(MG) :]]):
                values[prop[len(MG) :]].append(term)
    fields = {name: values.get(name, []) for name in INSTRUMENT_FIELDS}
    dates = [(view.iri(MG + name), values[name]) for name in INSTRUMENT_DATES if values.get(name)]
    validity = None
    for row in await server.select(sparql.VALIDITY, bound):
        unit = _UNITS.get(sparql.value(row, "unit") or "", ("", ""))[0 if view.lang == "th" else 1]
        validity = f"{row['n']['value']} {unit}".strip()
    decisions = [
        Decision(
            decision=view.iri(row["decision"]["value"]),
            date=view.term(row["date"]) if row.get("date") else None,
            kind=view.iri(row["kind"]["value"]) if row.get("kind") else None,
            announcement=view.iri(row["announcement"]["value"]) if row.get("announcement") else None,
            url=urls.external(row["url"]["value"]) if row.get("url") else None,
        )
        for row in await server.select(sparql.DECISION_OF, bound)
    ]
    chain = await server.select(sparql.CHAIN, bound)
    replaces = [view.iri(r["other"]["value"]) for r in chain if r["direction"]["value"] == "replaces"]
    replaced_by = [view.iri(r["other"]["value"]) for r in chain if r["direction"]["value"] == "replaced_by"]
    scope_quotes = await _quotes(server, view, await server.select(sparql.EVIDENCE_SCOPE, bound))
    scope = await _scope(server, view, iri, scope_quotes)
    grouped: dict[str, list[Quote]] = defaultdict(list)
    for quote in quotes:
        grouped[(quote.property.iri or "").removeprefix(MG)].append(quote)
    stated = values.get("scopeCountStated")
    return Instrument(
        fields=fields,
        dates=dates,
        validity=validity,
        decisions=_unique_decisions(decisions),
        scope=scope,
        stated=stated[0].text if stated else None,
        replaces=_unique(replaces),
        replaced_by=_unique(replaced_by),
        quotes=dict(grouped),
    )


SCOPE = (
    sparql.PREFIXES
    + """SELECT ?x ?item ?ordinal ?text ?area WHERE {
  ?x mg:scopeItem ?item . ?item mg:ordinal ?ordinal .
  OPTIONAL { ?item mg:verbatimText ?text }
  OPTIONAL { ?item mg:area ?area }
} ORDER BY ?ordinal ?item ?area"""
)


async def _scope(server: Server, view: View, iri: str, quotes: list[Quote]) -> list[ScopeRow]:
    rows = await server.select(SCOPE, {"x": sparql.iri(iri)})
    items: dict[str, ScopeRow] = {}
    for row in rows:
        item = row["item"]["value"]
        if item not in items:
            items[item] = ScopeRow(
                item=view.iri(item),
                ordinal=int(row["ordinal"]["value"]),
                text=sparql.value(row, "text") or "",
                concepts=[],
                quotes=[q for q in quotes if q.body is not None and q.body.iri == item],
            )
        if row.get("area"):
            concept = view.iri(row["area"]["value"])
            if all(concept.iri != seen.iri for seen in items[item].concepts):
                items[item].concepts.append(concept)
    return sorted(items.values(), key=lambda row: row.ordinal)


def _unique(values: list[Value]) -> list[Value]:
    seen: dict[str | None, Value] = {}
    for value in values:
        seen.setdefault(value.iri, value)
    return list(seen.values())


def _unique_decisions(decisions: list[Decision]) -> list[Decision]:
    seen: dict[tuple[str | None, str | None], Decision] = {}
    for decision in decisions:
        key = (decision.decision.iri, decision.announcement.iri if decision.announcement else None)
        seen.setdefault(key, decision)
    return list(seen.values())


async def _announcement_text(server: Server, view: View, iri: str) -> tuple[list[Segment], str | None]:
    """The announcement's full text cut into runs, with every evidence span marked and anchored."""
    rows = await server.select(sparql.TEXT, {"x": sparql.iri(iri)})
    if not rows:
        return [], None
    text = rows[0]["text"]["value"]
    url = sparql.value(rows[0], "url")
    spans = []
    for row in await sparql.select_all(server, sparql.SPANS, {"x": sparql.iri(iri)}):
        title = f"{view.label(row['property']['value'])}: {view.label(row['body']['value'])}"
        spans.append((int(row["start"]["value"]), int(row["end"]["value"]), title))
    return text_spans.segments(text, spans), urls.external(url) if url else None
