"""Lists of things with counts: countries, organizations, instruments, concepts of each scheme,
announcements, the thesaurus and the ontology, and the counts of the home page.

Each list is computed once per store version and language (kept in the dataset cache).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mougraph.site import sparql
from mougraph.site.names import MG, OWL, SKOS, names_of
from mougraph.site.values import Value, View

if TYPE_CHECKING:
    from mougraph.web.app import Server

ID = "https://w3id.org/mougraph/id/"
#: Concept schemes of the thesaurus and the index page each has.
SCHEMES = {"areas": ID + "scheme/areas", "modalities": ID + "scheme/modalities", "principles": ID + "scheme/principles"}


@dataclass
class Row:
    """One line of an index: the thing, its count, and what else the line shows."""

    value: Value
    count: int = 0
    extra: list[Value] = field(default_factory=list)
    date: Value | None = None
    depth: int = 0
    note: str = ""


async def _rows(server: Server, key: str, text: str) -> list[dict[str, Any]]:
    cache = server.dataset.cache
    if key not in cache:
        cache[key] = await sparql.select_all(server, text)
    rows: list[dict[str, Any]] = cache[key]
    return rows


async def counts(server: Server) -> dict[str, int]:
    """How many instruments, decisions, announcements, scope items, evidence, countries and bodies."""
    row = (await _rows(server, "site.counts", sparql.COUNTS))[0]
    found = {key: int(row[key]["value"]) if key in row else 0 for key in row}
    countries = await _rows(server, "site.countries", sparql.COUNTRIES)
    organizations = await _rows(server, "site.organizations", sparql.ORGANIZATIONS)
    found["countries"] = sum(1 for r in countries if int(r["n"]["value"]) > 0)
    found["organizations"] = sum(1 for r in organizations if int(r["n"]["value"]) > 0)
    return found


async def countries(server: Server, view: View, everything: bool) -> tuple[list[Row], int]:
    """Countries with the number of instruments involving each (all 249, or those with any)."""
    rows = await _rows(server, "site.countries", sparql.COUNTRIES)
    listed = [
        Row(view.iri(r["c"]["value"]), int(r["n"]["value"])) for r in rows if everything or int(r["n"]["value"]) > 0
    ]
    listed.sort(key=lambda row: (-row.count, row.value.text))
    return listed, len(rows)


async def organizations(server: Server, view: View) -> list[Row]:
    rows = await _rows(server, "site.organizations", sparql.ORGANIZATIONS)
    listed = [
        Row(
            view.iri(r["o"]["value"]),
            int(r["n"]["value"]),
            extra=[view.iri(r["c"]["value"])] if r.get("c") else [],
        )
        for r in rows
    ]
    listed.sort(key=lambda row: (-row.count, row.value.text))
    return listed


async def instruments(server: Server, view: View) -> list[Row]:
    """Instruments, newest cabinet decision first, with their countries and number of scope items."""
    rows = await _rows(server, "site.instruments", sparql.INSTRUMENT_LIST)
    partners = await _rows(server, "site.instrument-countries", sparql.INSTRUMENT_COUNTRIES)
    by_instrument: dict[str, list[str]] = defaultdict(list)
    for r in partners:
        by_instrument[r["i"]["value"]].append(r["c"]["value"])
    seen: dict[str, Row] = {}
    for r in rows:
        iri = r["i"]["value"]
        kind = r["type"]["value"]
        if iri in seen:
            if kind != MG + "CooperationInstrument":
                seen[iri].extra[0] = view.iri(kind)
            continue
        when = r.get("date") or r.get("year")
        seen[iri] = Row(
            view.iri(iri),
            int(r["items"]["value"]),
            extra=[view.iri(kind), *(view.iri(c) for c in by_instrument[iri])],
            date=view.term(when) if when else None,
        )
    return list(seen.values())


async def concepts(server: Server, view: View, scheme: str) -> list[Row]:
    """Concepts of ``scheme`` with the number of instruments naming each, narrower under broader."""
    rows = [r for r in await _rows(server, "site.concepts", sparql.CONCEPTS) if r["scheme"]["value"] == scheme]
    children: dict[str, list[dict[str, Any]]] = defaultdict(list)
    known = {r["c"]["value"] for r in rows}
    for r in rows:
        parent = sparql.value(r, "broader") or ""
        children[parent if parent in known else ""].append(r)
    listed: list[Row] = []

    def walk(parent: str, depth: int) -> None:
        ordered = sorted(children.get(parent, []), key=lambda r: (-int(r["n"]["value"]), view.label(r["c"]["value"])))
        for r in ordered:
            iri = r["c"]["value"]
            listed.append(Row(view.iri(iri), int(r["n"]["value"]), depth=depth, note=sparql.value(r, "notation") or ""))
            if depth < 6:
                walk(iri, depth + 1)

    walk("", 0)
    return listed


async def schemes(server: Server, view: View) -> list[tuple[Row, list[Row]]]:
    """Every concept scheme with its concepts (the thesaurus page)."""
    rows = await _rows(server, "site.schemes", sparql.SCHEMES)
    found = []
    for r in rows:
        scheme = r["scheme"]["value"]
        found.append((Row(view.iri(scheme), int(r["n"]["value"])), await concepts(server, view, scheme)))
    return found


async def announcements(server: Server, view: View) -> list[Row]:
    rows = await _rows(server, "site.announcements", sparql.ANNOUNCEMENT_LIST)
    return [
        Row(view.iri(r["a"]["value"]), int(r["n"]["value"]), date=view.term(r["date"]) if r.get("date") else None)
        for r in rows
    ]


@dataclass
class Term:
    """An ontology term as the ontology page lists it."""

    value: Value
    anchor: str
    labels: dict[str, list[str]]
    facts: list[tuple[Value, list[Value]]]
    used: int


#: Kinds of ontology terms in the order the page lists them, with the key of their heading.
TERM_KINDS = (
    (OWL + "Class", "classes"),
    (OWL + "ObjectProperty", "object_properties"),
    (OWL + "DatatypeProperty", "datatype_properties"),
    (OWL + "AnnotationProperty", "annotation_properties"),
    (SKOS + "ConceptScheme", "concept_schemes"),
    (MG + "DecisionKind", "decision_kinds"),
)


async def ontology(server: Server, view: View) -> list[tuple[str, list[Term]]]:
    """The ontology's own terms by kind, each with its labels, comment, domain, range and use count."""
    terms = await _rows(server, "site.ontology-terms", sparql.ONTOLOGY_TERMS)
    facts = await _rows(server, "site.ontology-facts", sparql.ONTOLOGY_FACTS)
    use = {r["t"]["value"]: int(r["n"]["value"]) for r in await _rows(server, "site.term-use", sparql.TERM_USE)}
    names = await names_of(server)
    by_term: dict[str, dict[str, list[Value]]] = defaultdict(lambda: defaultdict(list))
    for r in facts:
        by_term[r["term"]["value"]][r["p"]["value"]].append(view.term(r["o"], cut=2000))
    grouped: dict[str, list[Term]] = defaultdict(list)
    placed: set[str] = set()
    kinds = dict(TERM_KINDS)
    for r in terms:
        iri, kind = r["term"]["value"], r["kind"]["value"]
        if iri in placed or kind not in kinds:
            continue
        placed.add(iri)
        local = iri.rsplit("#", 1)[-1]
        own = by_term.get(iri, {})
        shown = [
            (view.iri(prop), [v for v in own[prop] if not v.lang or v.lang == view.lang] or own[prop])
            for prop in sorted(own, key=view.label)
        ]
        grouped[kinds[kind]].append(
            Term(
                value=view.iri(iri),
                anchor=local,
                labels={lang: names.in_language(iri, lang) for lang in ("th", "en")},
                facts=shown,
                used=use.get(iri, 0),
            )
        )
    return [(key, sorted(grouped[key], key=lambda t: t.anchor)) for _, key in TERM_KINDS if grouped.get(key)]
