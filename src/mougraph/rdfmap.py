"""Extraction records to RDF with the ontology's terms: one function per class.

No blank nodes: selectors and durations have ``#fragment`` IRIs of their owner, so the
Turtle written for review is byte-for-byte stable across runs. The graph of one announcement
holds the announcement (with its full NFC text), its agenda items, cabinet decisions,
instruments, scope items, minted organizations and people, and one ``mg:Evidence`` (Web
Annotation position + quote selectors) per fact. IRIs are deterministic.
"""

from __future__ import annotations

import re
from decimal import Decimal

from rdflib import RDF, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, XSD

from mougraph import agenda, iris
from mougraph.extract.record import CabinetDecision, Evidence, Instrument, Party, Record
from mougraph.sources import Announcement
from mougraph.vocab import MG

OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
TIME = Namespace("http://www.w3.org/2006/time#")

CLASSES = {
    "MoU": MG.MemorandumOfUnderstanding,
    "MoC": MG.MemorandumOfCooperation,
    "Agreement": MG.Agreement,
    "JointStatement": MG.JointStatement,
    "Other": MG.CooperationInstrument,
}
KINDS = {"approve": MG.Approve, "acknowledge": MG.Acknowledge, "other": MG.OtherDecision}
HONORIFICS = re.compile(r"^(นางสาว|นาง|นาย|น\.ส\.|ดร\.|ว่าที่\s?ร้อยตรี|ว่าที่\s?ร\.ต\.|พล\.\S{1,8}?\.|พ\.ต\.\S{1,4}?\.)\s*")
_INSTRUMENT_FIELDS = {
    "title_th": DCTERMS.title,
    "countries": MG.involvesCountry,
    "proposing_agency_th": MG.proposedBy,
    "supersedes": MG.supersedes,
    "duration_years": MG.validityPeriod,
    "scope_count_stated": MG.scopeCountStated,
    "scope_areas": MG.scopeArea,
    "modalities": MG.modality,
    "principles": MG.principle,
}


def th(text: str) -> Literal:
    return Literal(text, lang="th")


def announcement_iri(announcement: Announcement) -> URIRef:
    return iris.resource("announcement", announcement.slug)


def record_graph(record: Record, announcement: Announcement, full_text: bool = True) -> Graph:
    """The RDF of one announcement's record (without the page's text when ``full_text`` is false:
    corpus pages are cited by URL and short evidence quotes, never copied)."""
    graph = Graph()
    graph.bind("mg", MG)
    ann = announcement_iri(announcement)
    add_announcement(graph, record, announcement, ann, full_text)
    by_item: dict[int | None, list[Instrument]] = {}
    for instrument in record.instruments:
        by_item.setdefault(instrument.agenda_item, []).append(instrument)
    for number, instruments in by_item.items():
        announcer = ann if number is None else add_agenda_item(graph, announcement, ann, number)
        if record.cabinet_decision is not None:
            add_decision(graph, announcement, ann, announcer, record.cabinet_decision, instruments)
        for instrument in instruments:
            add_instrument(graph, announcement, ann, instrument)
    return graph


def add_announcement(
    graph: Graph, record: Record, announcement: Announcement, ann: URIRef, full_text: bool = True
) -> None:
    info = record.announcement
    graph.add((ann, RDF.type, MG.Announcement))
    if info.source:
        graph.add((ann, SCHEMA.url, URIRef(info.source)))
    if info.title_th:
        graph.add((ann, DCTERMS.title, th(info.title_th)))
    if info.published:
        graph.add((ann, DCTERMS.issued, Literal(info.published, datatype=XSD.date)))
    if full_text:
        graph.add((ann, SCHEMA.text, th(announcement.text)))
    if info.spokesperson_th:
        person = add_person(graph, info.spokesperson_th)
        graph.add((ann, MG.spokesperson, person))
    if info.spokesperson_role_th:
        graph.add((ann, MG.spokespersonRole, th(info.spokesperson_role_th)))
    fields = {
        "title_th": DCTERMS.title,
        "published": DCTERMS.issued,
        "spokesperson_th": MG.spokesperson,
        "spokesperson_role_th": MG.spokespersonRole,
    }
    for evidence in info.evidence:
        if evidence.field in fields:
            add_evidence(graph, announcement, ann, ann, fields[evidence.field], evidence)


def add_person(graph: Graph, written: str) -> URIRef:
    honorific = HONORIFICS.match(written)
    name = " ".join((written[honorific.end() :] if honorific else written).split())
    person = iris.resource("person", iris.slug(name))
    graph.add((person, RDF.type, SCHEMA.Person))
    graph.add((person, SCHEMA.name, th(name)))
    if honorific:
        graph.add((person, SCHEMA.honorificPrefix, th(honorific.group(1))))
    return person


def add_agenda_item(graph: Graph, announcement: Announcement, ann: URIRef, number: int) -> URIRef:
    item = URIRef(f"{ann}/item/{number}")
    graph.add((item, RDF.type, MG.AgendaItem))
    graph.add((item, OA.hasSource, ann))
    graph.add((item, MG.itemNumber, Literal(number, datatype=XSD.positiveInteger)))
    start, end = agenda.span(announcement, number)
    line_end = announcement.text.find("\n", start, end)
    title = announcement.text[start : line_end if line_end > 0 else end].strip()
    if title:
        graph.add((item, DCTERMS.title, th(" ".join(title.split()))))
    selector = URIRef(f"{item}#position")
    graph.add((item, OA.hasSelector, selector))
    graph.add((selector, RDF.type, OA.TextPositionSelector))
    graph.add((selector, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
    graph.add((selector, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))
    return item


def add_decision(
    graph: Graph,
    announcement: Announcement,
    ann: URIRef,
    announcer: URIRef,
    decision: CabinetDecision,
    instruments: list[Instrument],
) -> URIRef | None:
    if decision.date is None or not instruments:
        return None
    name = instruments[0].iri.rsplit("/", 1)[1]
    node = iris.resource("decision", name if name.startswith(decision.date.isoformat()) else f"{decision.date}-{name}")
    graph.add((node, RDF.type, MG.CabinetDecision))
    graph.add((node, MG.decisionDate, Literal(decision.date, datatype=XSD.date)))
    graph.add((node, MG.decisionKind, KINDS[instruments[0].decision or decision.decision]))
    graph.add((node, MG.decidedBy, iris.organization("th-cabinet")))
    graph.add((node, PROV.wasDerivedFrom, ann))
    graph.add((announcer, MG.announces, node))
    for instrument in instruments:
        graph.add((node, MG.decisionOn, URIRef(instrument.iri)))
    for evidence in instruments[0].evidence:
        if evidence.field == "decision_date":
            add_evidence(graph, announcement, ann, node, MG.decisionDate, evidence)
        elif evidence.field == "decision_decision":
            add_evidence(graph, announcement, ann, node, MG.decisionKind, evidence)
    return node


def add_party(graph: Graph, party: Party) -> URIRef:
    node = URIRef(party.iri)
    if party.minted:
        graph.add((node, RDF.type, ORG.FormalOrganization))
        graph.add((node, SKOS.prefLabel, th(party.name_th)))
        if party.name_en:
            graph.add((node, SKOS.prefLabel, Literal(party.name_en, lang="en")))
        if party.country:
            graph.add((node, MG.country, iris.country(party.country)))
        else:
            graph.add((node, RDF.type, MG.InternationalOrganization))
    return node


def add_instrument(graph: Graph, announcement: Announcement, ann: URIRef, instrument: Instrument) -> URIRef:
    node = URIRef(instrument.iri)
    graph.add((node, RDF.type, CLASSES[instrument.type]))
    graph.add((node, PROV.wasDerivedFrom, ann))
    if instrument.title_th:
        graph.add((node, DCTERMS.title, th(instrument.title_th)))
    for party in instrument.parties:
        graph.add((node, MG.party, add_party(graph, party)))
    for code in instrument.countries:
        graph.add((node, MG.involvesCountry, iris.country(code)))
    if instrument.proposing_agency_iri:
        graph.add((node, MG.proposedBy, URIRef(instrument.proposing_agency_iri)))
        if instrument.proposing_agency_minted and instrument.proposing_agency_th:
            add_party(graph, Party(instrument.proposing_agency_iri, instrument.proposing_agency_th, None, "TH", True))
    planned = bool(instrument.signing_planned)
    if instrument.signing_date:
        graph.add(
            (
                node,
                MG.plannedSigningDate if planned else MG.signingDate,
                Literal(instrument.signing_date, datatype=XSD.date),
            )
        )
    if instrument.signing_place:
        graph.add((node, MG.plannedSigningPlace if planned else MG.signingPlace, th(instrument.signing_place)))
    if instrument.duration_years:
        period = URIRef(f"{instrument.iri}#validity")
        graph.add((node, MG.validityPeriod, period))
        graph.add((period, RDF.type, TIME.Duration))
        graph.add((period, TIME.numericDuration, Literal(Decimal(instrument.duration_years), datatype=XSD.decimal)))
        graph.add((period, TIME.unitType, TIME.unitYear))
    if instrument.scope_count_stated is not None:
        graph.add((node, MG.scopeCountStated, Literal(instrument.scope_count_stated, datatype=XSD.nonNegativeInteger)))
    for code in instrument.scope_areas:
        graph.add((node, MG.scopeArea, iris.concept("area", code)))
    for code in instrument.modalities:
        graph.add((node, MG.modality, iris.concept("modality", code)))
    for code in instrument.principles:
        graph.add((node, MG.principle, iris.concept("principle", code)))
    items: dict[int, URIRef] = {}
    for item in instrument.scope_items:
        scope = URIRef(f"{instrument.iri}/scope/{item.ordinal}")
        items[item.ordinal] = scope
        graph.add((node, MG.scopeItem, scope))
        graph.add((scope, RDF.type, MG.ScopeItem))
        graph.add((scope, MG.ordinal, Literal(item.ordinal, datatype=XSD.positiveInteger)))
        graph.add((scope, MG.verbatimText, th(item.text_th)))
        for code in item.areas:
            graph.add((scope, MG.area, iris.concept("area", code)))
    predecessor = add_predecessor(graph, ann, instrument) if instrument.supersedes else None
    for evidence in instrument.evidence:
        base = evidence.field.split("[", 1)[0]
        if base == "parties":
            add_evidence(graph, announcement, ann, node, MG.party, evidence)
        elif base == "scope_items":
            ordinal = int(evidence.field[len("scope_items[") : -1]) + 1
            add_evidence(graph, announcement, ann, items[ordinal], MG.verbatimText, evidence)
        elif base == "signing_date":
            add_evidence(graph, announcement, ann, node, MG.plannedSigningDate if planned else MG.signingDate, evidence)
        elif base == "signing_place":
            add_evidence(
                graph, announcement, ann, node, MG.plannedSigningPlace if planned else MG.signingPlace, evidence
            )
        elif base == "supersedes" and predecessor is not None:
            add_evidence(graph, announcement, ann, node, MG.supersedes, evidence)
        elif base in _INSTRUMENT_FIELDS and base != "supersedes":
            add_evidence(graph, announcement, ann, node, _INSTRUMENT_FIELDS[base], evidence)
    return node


def add_predecessor(graph: Graph, ann: URIRef, instrument: Instrument) -> URIRef:
    """The earlier instrument this one replaces, as far as the text describes it."""
    assert instrument.supersedes is not None
    name = instrument.iri.rsplit("/", 1)[1]
    suffix = name[11:] if re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}-", name) else name[5:]
    year = instrument.supersedes.signed_year
    old = iris.resource("instrument", f"{year}-{suffix}" if year else f"{name}-predecessor")
    node = URIRef(instrument.iri)
    graph.add((old, RDF.type, CLASSES[instrument.type]))
    graph.add((old, PROV.wasDerivedFrom, ann))
    for party in instrument.parties:
        graph.add((old, MG.party, URIRef(party.iri)))
    for code in instrument.countries:
        graph.add((old, MG.involvesCountry, iris.country(code)))
    if year:
        graph.add((old, MG.signingYear, Literal(str(year), datatype=XSD.gYear)))
    if instrument.supersedes.expired_on:
        graph.add((old, MG.expiryDate, Literal(instrument.supersedes.expired_on, datatype=XSD.date)))
    graph.add((node, MG.supersedes, old))
    graph.add((old, MG.supersededBy, node))
    return old


def add_evidence(
    graph: Graph, announcement: Announcement, ann: URIRef, body: URIRef, prop: URIRef, evidence: Evidence
) -> URIRef:
    """An ``mg:Evidence``: ``body``'s ``prop`` is justified by ``text[start:end]`` of the announcement."""
    local = str(prop).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    name = f"{announcement.slug}/{evidence.start}-{evidence.end}-{local}"
    node = iris.resource("evidence", name)
    count = 1
    while (node, OA.hasBody, None) in graph:
        if (node, OA.hasBody, body) in graph:
            return node
        # The same words justify the same property of another resource (two instruments of one item).
        count += 1
        node = iris.resource("evidence", f"{name}-{count}")
    graph.add((node, RDF.type, MG.Evidence))
    graph.add((node, OA.hasBody, body))
    graph.add((node, MG.supportsProperty, prop))
    target, position, quote = URIRef(f"{node}#target"), URIRef(f"{node}#position"), URIRef(f"{node}#quote")
    graph.add((node, OA.hasTarget, target))
    graph.add((target, RDF.type, OA.SpecificResource))
    graph.add((target, OA.hasSource, ann))
    graph.add((target, OA.hasSelector, position))
    graph.add((target, OA.hasSelector, quote))
    graph.add((position, RDF.type, OA.TextPositionSelector))
    graph.add((position, OA.start, Literal(evidence.start, datatype=XSD.nonNegativeInteger)))
    graph.add((position, OA.end, Literal(evidence.end, datatype=XSD.nonNegativeInteger)))
    graph.add((quote, RDF.type, OA.TextQuoteSelector))
    graph.add((quote, OA.exact, Literal(announcement.text[evidence.start : evidence.end])))
    return node
