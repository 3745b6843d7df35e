"""What each resource is called, in Thai and English: labels from the graph, names made where none exist.

Built once per store version (the dataset cache is emptied when the store changes). A label in
the chosen language wins, then one without a language, then a name made from the facts (an
instrument: its kind, countries and cabinet date; a decision: its date; a scope item: its number
and text), then a label in the other language, and only then the IRI's local name.
"""

from __future__ import annotations

import asyncio
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mougraph.site import sparql
from mougraph.site.lang import LANGUAGES, format_date, other

if TYPE_CHECKING:
    from mougraph.web.app import Server

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
ORG = "http://www.w3.org/ns/org#"
XSD = "http://www.w3.org/2001/XMLSchema#"
MG = "https://w3id.org/mougraph/ontology#"
VANN = "http://purl.org/vocab/vann/"

#: Prefixes shown for IRIs that have no label (``skos:prefLabel`` reads better than the full IRI).
PREFIXES = {
    "mg": MG,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "skos": SKOS,
    "dcterms": DCT,
    "schema": SCHEMA,
    "prov": PROV,
    "oa": OA,
    "org": ORG,
    "xsd": XSD,
    "vann": VANN,
}

#: Labels of the terms of other vocabularies that the graph uses (their own files are not loaded).
VOCABULARY: dict[str, tuple[str, str]] = {
    RDF + "type": ("ประเภท", "type"),
    RDFS + "label": ("ชื่อ", "label"),
    RDFS + "comment": ("คำอธิบาย", "comment"),
    RDFS + "subClassOf": ("เป็นคลาสย่อยของ", "subclass of"),
    RDFS + "domain": ("โดเมน", "domain"),
    RDFS + "range": ("เรนจ์", "range"),
    RDFS + "isDefinedBy": ("นิยามใน", "defined by"),
    RDFS + "seeAlso": ("ดูเพิ่มเติม", "see also"),
    OWL + "sameAs": ("เป็นสิ่งเดียวกับ", "same as"),
    OWL + "Class": ("คลาส", "Class"),
    OWL + "ObjectProperty": ("คุณสมบัติเชิงวัตถุ", "Object property"),
    OWL + "DatatypeProperty": ("คุณสมบัติเชิงข้อมูล", "Datatype property"),
    OWL + "AnnotationProperty": ("คุณสมบัติหมายเหตุ", "Annotation property"),
    OWL + "FunctionalProperty": ("คุณสมบัติแบบฟังก์ชัน", "Functional property"),
    OWL + "Ontology": ("ออนโทโลยี", "Ontology"),
    OWL + "versionInfo": ("รุ่น", "version"),
    OWL + "versionIRI": ("IRI ของรุ่น", "version IRI"),
    SKOS + "prefLabel": ("ชื่อหลัก", "preferred label"),
    SKOS + "altLabel": ("ชื่ออื่น", "alternative label"),
    SKOS + "hiddenLabel": ("ชื่อที่สะกดผิด", "hidden label"),
    SKOS + "definition": ("นิยาม", "definition"),
    SKOS + "scopeNote": ("หมายเหตุขอบเขต", "scope note"),
    SKOS + "notation": ("รหัส", "notation"),
    SKOS + "inScheme": ("อยู่ในแผน", "in scheme"),
    SKOS + "topConceptOf": ("แนวคิดบนสุดของ", "top concept of"),
    SKOS + "hasTopConcept": ("มีแนวคิดบนสุด", "has top concept"),
    SKOS + "broader": ("แนวคิดกว้างกว่า", "broader"),
    SKOS + "narrower": ("แนวคิดแคบกว่า", "narrower"),
    SKOS + "related": ("แนวคิดที่เกี่ยวข้อง", "related"),
    SKOS + "Concept": ("แนวคิด", "Concept"),
    SKOS + "ConceptScheme": ("แผนการจัดหมวด", "Concept scheme"),
    DCT + "title": ("ชื่อเรื่อง", "title"),
    DCT + "description": ("คำอธิบาย", "description"),
    DCT + "issued": ("วันที่เผยแพร่", "issued"),
    DCT + "created": ("วันที่สร้าง", "created"),
    DCT + "license": ("สัญญาอนุญาต", "license"),
    DCT + "creator": ("ผู้สร้าง", "creator"),
    DCT + "replaces": ("แทนที่", "replaces"),
    DCT + "isReplacedBy": ("ถูกแทนที่โดย", "is replaced by"),
    SCHEMA + "url": ("URL ต้นฉบับ", "source URL"),
    SCHEMA + "text": ("ข้อความ", "text"),
    SCHEMA + "name": ("ชื่อ", "name"),
    SCHEMA + "honorificPrefix": ("คำนำหน้า", "honorific prefix"),
    SCHEMA + "Country": ("ประเทศ", "Country"),
    SCHEMA + "Person": ("บุคคล", "Person"),
    SCHEMA + "GovernmentOrganization": ("หน่วยงานรัฐ", "Government organization"),
    SCHEMA + "NewsArticle": ("ข่าว", "News article"),
    PROV + "wasDerivedFrom": ("ได้มาจาก", "derived from"),
    PROV + "Entity": ("สิ่งที่มีที่มา", "Entity"),
    PROV + "Activity": ("กิจกรรม", "Activity"),
    OA + "hasBody": ("เป็นหลักฐานของ", "body"),
    OA + "hasTarget": ("เป้าหมาย", "target"),
    OA + "hasSource": ("แหล่ง", "source"),
    OA + "hasSelector": ("ตัวเลือก", "selector"),
    OA + "start": ("เริ่ม", "start"),
    OA + "end": ("สิ้นสุด", "end"),
    OA + "exact": ("ข้อความ", "exact text"),
    OA + "SpecificResource": ("ส่วนของทรัพยากร", "Specific resource"),
    OA + "TextPositionSelector": ("ตัวเลือกตำแหน่งข้อความ", "Text position selector"),
    OA + "TextQuoteSelector": ("ตัวเลือกข้อความที่ยกมา", "Text quote selector"),
    OA + "Annotation": ("คำอธิบายประกอบ", "Annotation"),
    ORG + "FormalOrganization": ("องค์กร", "Organization"),
    ORG + "Organization": ("องค์กร", "Organization"),
    ORG + "subOrganizationOf": ("สังกัด", "part of"),
    VANN + "preferredNamespacePrefix": ("คำนำหน้าที่แนะนำ", "preferred prefix"),
    VANN + "preferredNamespaceUri": ("เนมสเปซที่แนะนำ", "preferred namespace"),
}

_INSTRUMENT_WORDS = {"th": "{kind} {countries} ({when})", "en": "{kind}: {countries} ({when})"}


@dataclass
class Names:
    """Labels and made names of every named resource of one store version."""

    labels: dict[str, dict[str, list[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    alternatives: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    made: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    types: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    instrument_of: dict[str, str] = field(default_factory=dict)

    def label(self, iri: str, lang: str) -> str:
        """The name of ``iri`` in ``lang``, with the fallbacks of the module docstring.

        >>> names = Names()
        >>> names.labels["x:la"]["th"].append("ลาว")
        >>> names.label("x:la", "en"), names.label("https://w3id.org/mougraph/id/country/ZZ", "en")
        ('ลาว', 'ZZ')
        """
        found = self.labels.get(iri)
        if found:
            for key in (lang, ""):
                if found.get(key):
                    return found[key][0]
        made = self.made.get(iri, {})
        if made.get(lang):
            return made[lang]
        if found and found.get(other(lang)):
            return found[other(lang)][0]
        if iri in VOCABULARY:
            return VOCABULARY[iri][0 if lang == "th" else 1]
        return local_name(iri)

    def label_lang(self, iri: str, lang: str) -> str:
        """The language the label :meth:`label` gives is written in (for the ``lang`` attribute)."""
        found = self.labels.get(iri)
        if found and found.get(lang):
            return lang
        if found and found.get(""):
            return ""
        if self.made.get(iri, {}).get(lang) or iri in VOCABULARY:
            return lang
        if found and found.get(other(lang)):
            return other(lang)
        return ""

    def in_language(self, iri: str, lang: str) -> list[str]:
        """The graph's own labels of ``iri`` in ``lang`` (no fallback)."""
        found = self.labels.get(iri)
        return list(found.get(lang, [])) if found else []

    def known(self, iri: str) -> bool:
        return iri in self.labels or iri in self.made or iri in self.types


def local_name(iri: str) -> str:
    """The readable end of an IRI: a prefixed name for known vocabularies, else the part after # or /.

    >>> local_name("http://www.w3.org/2004/02/skos/core#prefLabel")
    'skos:prefLabel'
    >>> local_name("https://w3id.org/mougraph/id/instrument/2017-th-jp-moc")
    '2017-th-jp-moc'
    """
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    tail = re.split(r"[#/]", iri.rstrip("/#"))[-1]
    return tail or iri


async def build(server: Server) -> Names:
    """Read every label and the facts names are made from, through the worker pool."""
    queries = (
        sparql.NAMES,
        sparql.TYPES,
        sparql.INSTRUMENTS,
        sparql.DECISIONS,
        sparql.SCOPE_ITEMS,
        sparql.ANNOUNCEMENTS,
        sparql.AGENDA_ITEMS,
        sparql.EVIDENCE_NAMES,
    )
    # One after the other: the pool's queue is shared with client queries and may be short.
    results = [await sparql.select_all(server, text) for text in queries]
    names_rows, type_rows, instrument_rows, decision_rows, scope_rows, announcement_rows, agenda_rows, evidence = (
        results
    )
    names = Names()
    preferred = set(sparql.LABEL_PREDICATES)
    rank = {p: i for i, p in enumerate(sparql.LABEL_PREDICATES)}
    staged: dict[str, dict[str, list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))
    for row in names_rows:
        subject, predicate, label = row["s"]["value"], row["p"]["value"], row["l"]["value"]
        lang = row["l"].get("xml:lang", "")
        if predicate in preferred:
            staged[subject][lang].append((rank[predicate], label))
        else:
            names.alternatives[subject].append((lang, label))
    for subject, by_lang in staged.items():
        for lang, ranked in by_lang.items():
            names.labels[subject][lang] = [label for _, label in sorted(ranked)]
    for row in type_rows:
        names.types[row["s"]["value"]].append(row["t"]["value"])
    _name_instruments(names, instrument_rows)
    _name_by_date(names, decision_rows, "d", ("มติคณะรัฐมนตรี {date}", "Cabinet decision of {date}"))
    _name_announcements(names, announcement_rows)
    _name_scope_items(names, scope_rows)
    _name_agenda_items(names, agenda_rows)
    _name_evidence(names, evidence)
    return names


def _name_instruments(names: Names, rows: list[dict[str, Any]]) -> None:
    facts: dict[str, dict[str, Any]] = {}
    for row in rows:
        iri = row["i"]["value"]
        fact = facts.setdefault(iri, {"types": [], "countries": [], "date": None, "year": None})
        kind = row["type"]["value"]
        if kind not in fact["types"]:
            fact["types"].append(kind)
        country = sparql.value(row, "country")
        if country and country not in fact["countries"]:
            fact["countries"].append(country)
        fact["date"] = fact["date"] or sparql.value(row, "date")
        fact["year"] = fact["year"] or sparql.value(row, "year")
    thailand = "https://w3id.org/mougraph/id/country/TH"
    for iri, fact in facts.items():
        kinds = [k for k in fact["types"] if k != MG + "CooperationInstrument"] or fact["types"]
        countries = sorted(fact["countries"], key=lambda c: (c != thailand, c))
        for lang in LANGUAGES:
            when = fact["date"] or fact["year"]
            names.made[iri][lang] = (
                _INSTRUMENT_WORDS[lang]
                .format(
                    kind=names.label(kinds[0], lang),
                    countries="–".join(names.label(c, lang) for c in countries) or "?",
                    when=format_date(when, lang, short=True) if when else "?",
                )
                .replace(" (?)", "")
            )


def _name_by_date(names: Names, rows: list[dict[str, Any]], key: str, patterns: tuple[str, str]) -> None:
    for row in rows:
        iri = row[key]["value"]
        day = sparql.value(row, "date")
        for index, lang in enumerate(LANGUAGES):
            names.made[iri][lang] = patterns[index].format(date=format_date(day, lang, short=True) if day else "?")


def _name_announcements(names: Names, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        iri = row["a"]["value"]
        day = sparql.value(row, "date")
        when = {lang: format_date(day, lang, short=True) if day else "" for lang in LANGUAGES}
        names.made[iri]["th"] = f"ข่าวประกาศ {when['th']} ({local_name(iri)})".replace("  ", " ")
        names.made[iri]["en"] = f"Announcement of {when['en'] or '?'} ({local_name(iri)})"


def _name_scope_items(names: Names, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        iri = row["item"]["value"]
        ordinal = sparql.value(row, "ordinal") or "?"
        text = sparql.value(row, "text") or ""
        if len(text) > 80:
            text = text[:79].rstrip() + "…"
        names.made[iri]["th"] = f"ข้อ {ordinal}: {text}" if text else f"ขอบเขตข้อ {ordinal}"
        names.made[iri]["en"] = f"Item {ordinal}: {text}" if text else f"Scope item {ordinal}"
        instrument = sparql.value(row, "instrument")
        if instrument:
            names.instrument_of[iri] = instrument


def _name_agenda_items(names: Names, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        iri = row["a"]["value"]
        number = sparql.value(row, "number") or "?"
        day = sparql.value(row, "date")
        names.made[iri]["th"] = f"วาระที่ {number}" + (f" ({format_date(day, 'th', short=True)})" if day else "")
        names.made[iri]["en"] = f"Agenda item {number}" + (f" ({format_date(day, 'en', short=True)})" if day else "")


def _name_evidence(names: Names, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        iri = row["e"]["value"]
        prop = row["property"]["value"]
        start, end = sparql.value(row, "start"), sparql.value(row, "end")
        for index, lang in enumerate(LANGUAGES):
            word = ("หลักฐาน", "Evidence")[index]
            names.made[iri][lang] = f"{word}: {names.label(prop, lang)} [{start}–{end}]"


async def names_of(server: Server) -> Names:
    """The names of the served store version (built on first use after each change)."""
    names: Names = await cached(server, "site.names", build)
    return names


_locks: dict[int, dict[str, asyncio.Lock]] = {}


async def cached(server: Server, key: str, make: Any) -> Any:
    """``make(server)``, kept in the dataset cache under ``key`` until the store changes."""
    cache = server.dataset.cache
    if key in cache:
        return cache[key]
    locks = _locks.setdefault(id(server), {})
    lock = locks.setdefault(key, asyncio.Lock())
    async with lock:
        version = server.dataset.tag
        if key not in cache:
            value = await make(server)
            if server.dataset.tag == version:
                cache[key] = value
            return value
        return cache[key]
