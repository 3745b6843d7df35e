"""What the pictures show: the SPARQL they read, the model built from its rows, and their words.

:func:`facts` turns the rows of :data:`QUERIES` (SPARQL JSON bindings, by query name) into
:class:`Facts`: the instruments with their class, dates, parties, countries and top-level scope
areas, each party's country, and the labels of everything named. The "partners" of an
instrument are its countries other than Thailand plus its parties that have no country
(international organizations such as ASEAN).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import unquote

from mougraph import iris
from mougraph.site import svg

Row = Mapping[str, Mapping[str, str]]

MG = iris.ONTOLOGY_NS
THAILAND = str(iris.country("TH"))

_PREFIXES = """PREFIX mg: <https://w3id.org/mougraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX schema: <https://schema.org/>
PREFIX scheme: <https://w3id.org/mougraph/id/scheme/>
"""

#: The SELECTs the pictures read, by name.
QUERIES: dict[str, str] = {
    "instruments": _PREFIXES
    + """SELECT ?instrument ?class ?decided ?published ?title WHERE {
  ?instrument a ?class . ?class rdfs:subClassOf* mg:CooperationInstrument .
  OPTIONAL { SELECT ?instrument (MIN(?date) AS ?decided) WHERE {
    { ?decision mg:decisionOn ?instrument } UNION { ?instrument mg:decidedIn ?decision }
    ?decision mg:decisionDate ?date } GROUP BY ?instrument }
  OPTIONAL { SELECT ?instrument (MIN(?day) AS ?published) WHERE {
    { { ?decision mg:decisionOn ?instrument } UNION { ?instrument mg:decidedIn ?decision }
      { ?decision prov:wasDerivedFrom ?announcement } UNION { ?announcement mg:announces ?decision }
      UNION { ?item mg:announces ?decision ; oa:hasSource ?announcement } }
    UNION { ?instrument prov:wasDerivedFrom ?announcement }
    { ?announcement schema:datePublished ?day } UNION { ?announcement dcterms:issued ?day } } GROUP BY ?instrument }
  OPTIONAL { ?instrument dcterms:title ?title }
}""",
    "parties": _PREFIXES
    + """SELECT DISTINCT ?instrument ?party ?country WHERE {
  ?instrument mg:party ?party . OPTIONAL { ?party mg:country ?country }
}""",
    "countries": _PREFIXES
    + """SELECT DISTINCT ?instrument ?country WHERE { ?instrument mg:involvesCountry ?country }""",
    "areas": _PREFIXES
    + """SELECT DISTINCT ?instrument ?top WHERE {
  { ?instrument mg:scopeArea ?area } UNION { ?instrument mg:scopeItem/mg:area ?area }
  ?top skos:topConceptOf scheme:areas ; (skos:narrower|^skos:broader)* ?area .
}""",
    "labels": _PREFIXES
    + """SELECT DISTINCT ?entity ?kind ?label WHERE {
  { SELECT DISTINCT ?entity WHERE {
    { ?instrument mg:party ?entity } UNION { ?instrument mg:involvesCountry ?entity }
    UNION { ?instrument mg:party/mg:country ?entity } UNION { ?entity rdfs:subClassOf* mg:CooperationInstrument }
    UNION { ?entity skos:topConceptOf scheme:areas } } }
  { ?entity skos:prefLabel|rdfs:label|schema:name ?label BIND ("pref" AS ?kind) }
  UNION { ?entity skos:altLabel ?label BIND ("alt" AS ?kind) }
  UNION { ?entity mg:abbreviation ?label BIND ("abbr" AS ?kind) }
  UNION { ?entity mg:iso3166Alpha2 ?label BIND ("code" AS ?kind) }
}""",
}
#: The queries each picture reads.
NEEDS = {
    "timeline": ("instruments", "parties", "countries", "labels"),
    "matrix": ("instruments", "parties", "countries", "labels", "areas"),
    "network": ("instruments", "parties", "countries", "labels"),
}

TEXT: dict[str, dict[str, str]] = {
    "th": {
        "timeline": "เอกสารความร่วมมือตามวันที่คณะรัฐมนตรีมีมติ",
        "matrix": "คู่ภาคีกับสาขาความร่วมมือ",
        "network": "ประเทศไทย ประเทศคู่ภาคี และหน่วยงาน",
        "empty": "ไม่มีข้อมูล: ยังไม่มีเอกสารความร่วมมือในกราฟ",
        "announced": "สัญลักษณ์โปร่ง: ไม่ทราบวันที่มีมติ ใช้วันที่ประกาศข่าว",
        "announced_short": "วันที่ประกาศข่าว",
        "count": "{n} ฉบับ",
        "no_partner": "ไม่ระบุคู่ภาคี",
        "timeline_desc": "เอกสาร {n} ฉบับ ตั้งแต่ {first} ถึง {last} หนึ่งสัญลักษณ์ต่อหนึ่งฉบับ จัดกลุ่มตามเดือน"
        " สีและรูปร่างตามประเภทเอกสาร ป้ายชื่อคือคู่ภาคี{undated}",
        "undated": " (ไม่แสดง {n} ฉบับที่ไม่มีวันที่)",
        "matrix_desc": "จำนวนเอกสารของคู่ภาคี {rows} รายใน {cols} สาขาหลักของอรรถาภิธาน"
        " (สาขาย่อยนับรวมในสาขาหลัก) สีเข้มคือจำนวนมาก",
        "legend_count": "จำนวนเอกสาร",
        "network_desc": "ประเทศไทย (ซ้าย) เชื่อมกับหน่วยงานไทย {thai} แห่ง ซึ่งเชื่อมกับคู่ภาคี {partners} ราย"
        " และคู่ภาคีเชื่อมกับหน่วยงานต่างประเทศ {foreign} แห่ง ความหนาของเส้นตามจำนวนเอกสาร",
        "partners": "คู่ภาคี",
        "column_thai": "หน่วยงานไทย",
        "column_foreign": "หน่วยงานต่างประเทศ",
        "other_kind": "เอกสารความร่วมมืออื่น ๆ",
        "thailand": "ประเทศไทย",
        "thai": "หน่วยงานไทย",
        "country": "ประเทศคู่ภาคี",
        "international": "องค์การระหว่างประเทศ",
        "foreign": "หน่วยงานต่างประเทศ",
        "edges": "เส้นหนา: เอกสารร่วมกันมาก",
    },
    "en": {
        "timeline": "Instruments by cabinet decision date",
        "matrix": "Partners and scope areas",
        "network": "Thailand, partner countries and agencies",
        "empty": "No data: the graph holds no cooperation instruments yet",
        "announced": "Hollow mark: no decision date, announcement date used",
        "announced_short": "announcement date",
        "count": "{n} instrument(s)",
        "no_partner": "partner not identified",
        "timeline_desc": "{n} instruments from {first} to {last}, one mark per instrument grouped by month,"
        " coloured and shaped by type, labelled with the partner{undated}",
        "undated": " ({n} without any date not shown)",
        "matrix_desc": "Number of instruments of {rows} partners in {cols} top-level areas of the thesaurus"
        " (narrower areas counted in their top area); darker means more",
        "legend_count": "Number of instruments",
        "network_desc": "Thailand (left) linked to {thai} Thai agencies, linked to {partners} partners, linked to"
        " {foreign} foreign agencies; line width by number of instruments",
        "partners": "Partners",
        "column_thai": "Thai agencies",
        "column_foreign": "Foreign agencies",
        "other_kind": "Other instrument",
        "thailand": "Thailand",
        "thai": "Thai agency",
        "country": "Partner country",
        "international": "International organization",
        "foreign": "Foreign agency",
        "edges": "Thicker line: more instruments together",
    },
}

# ---------------------------------------------------------------- facts: rows → model


@dataclass(frozen=True)
class Labels:
    """Labels of one resource: ``kind`` (pref, alt, abbr, code) → language ("" when none) → texts."""

    texts: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)

    def get(self, kind: str, lang: str) -> tuple[str, ...]:
        return self.texts.get(kind, {}).get(lang, ())

    def name(self, lang: str) -> str:
        """The preferred label in ``lang``, else in the other language, else any; "" when there is none."""
        other = "en" if lang == "th" else "th"
        for each in (lang, other, ""):
            if self.get("pref", each):
                return self.get("pref", each)[0]
        every = sorted(text for texts in self.texts.get("pref", {}).values() for text in texts)
        return every[0] if every else ""

    def short(self, lang: str, size: float, width: float) -> str:
        """A label that fits ``width`` px: the name, else the longest fitting alternative or abbreviation."""
        name = self.name(lang)
        if name and svg.text_width(name, size) <= width:
            return name
        other = "en" if lang == "th" else "th"
        kinds = [("alt", lang), ("abbr", lang)]
        if not self.get("pref", lang):
            kinds += [("abbr", other), ("abbr", "")]
        for kind, each in kinds:
            fitting = [text for text in self.get(kind, each) if svg.text_width(text, size) <= width]
            if fitting:
                return max(fitting, key=lambda text: (svg.text_width(text, size), text))
        return svg.clip(name, size, width)


@dataclass(frozen=True)
class Instrument:
    """One cooperation instrument with what the pictures show of it."""

    iri: str
    kind: str
    decided: date | None
    published: date | None
    titles: Mapping[str, str]
    parties: tuple[str, ...]
    countries: tuple[str, ...]
    areas: tuple[str, ...]


@dataclass(frozen=True)
class Facts:
    """What the pictures are drawn from: instruments (by IRI), each party's country, labels by IRI."""

    instruments: tuple[Instrument, ...]
    party_country: Mapping[str, str]
    labels: Mapping[str, Labels]

    def name(self, iri: str, lang: str) -> str:
        """A resource's label in ``lang`` (with fallbacks), else its code, else the end of its IRI."""
        labels = self.labels.get(iri, Labels())
        codes = labels.get("code", "")
        return labels.name(lang) or (codes[0] if codes else unquote(iri.rstrip("/#").rsplit("/", 1)[-1]))

    def short(self, iri: str, lang: str, size: float, width: float) -> str:
        """A label of ``iri`` that fits ``width`` px at font ``size`` (see :meth:`Labels.short`)."""
        labels = self.labels.get(iri)
        return (
            labels.short(lang, size, width)
            if labels and labels.name(lang)
            else svg.clip(self.name(iri, lang), size, width)
        )

    def partners(self, instrument: Instrument) -> tuple[str, ...]:
        """The foreign side: countries other than Thailand, and parties without a country (international bodies)."""
        found = {country for country in instrument.countries if country != THAILAND}
        for party in instrument.parties:
            country = self.party_country.get(party)
            if country is None:
                found.add(party)
            elif country != THAILAND:
                found.add(country)
        return tuple(sorted(found))

    def thai_parties(self, instrument: Instrument) -> tuple[str, ...]:
        return tuple(party for party in instrument.parties if self.party_country.get(party) == THAILAND)


def _value(row: Row, name: str) -> str | None:
    term = row.get(name)
    return unicodedata.normalize("NFC", term["value"]) if term and "value" in term else None


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


#: How specific each instrument class is: the most specific class of an instrument names its kind.
DEPTH = {MG + "CooperationInstrument": 0, MG + "JointStatement": 1, MG + "Declaration": 2}


def _kind(classes: Iterable[str]) -> str:
    return max(classes, key=lambda iri: (DEPTH.get(iri, 1), iri), default=MG + "CooperationInstrument")


def facts(rows: Mapping[str, Sequence[Row]]) -> Facts:
    """The model of the pictures from the rows of :data:`QUERIES` (SPARQL JSON bindings), by query name."""
    classes: dict[str, set[str]] = defaultdict(set)
    decided: dict[str, date] = {}
    published: dict[str, date] = {}
    titles: dict[str, dict[str, str]] = defaultdict(dict)
    for row in rows.get("instruments", ()):
        iri, kind = _value(row, "instrument"), _value(row, "class")
        if not iri or not kind:
            continue
        classes[iri].add(kind)
        for name, found in (("decided", decided), ("published", published)):
            day = _date(_value(row, name))
            if day and (iri not in found or day < found[iri]):
                found[iri] = day
        title = _value(row, "title")
        if title:
            lang = row["title"].get("xml:lang", "").lower()
            titles[iri][lang] = min(title, titles[iri].get(lang, title))
    links: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    party_country: dict[str, str] = {}
    for row in rows.get("parties", ()):
        iri, party, country = _value(row, "instrument"), _value(row, "party"), _value(row, "country")
        if iri and party:
            links[iri]["parties"].add(party)
            if country:
                party_country[party] = min(country, party_country.get(party, country))
    for name, var in (("countries", "country"), ("areas", "top")):
        for row in rows.get(name, ()):
            iri, target = _value(row, "instrument"), _value(row, var)
            if iri and target:
                links[iri][name].add(target)
    labels: dict[str, dict[str, dict[str, set[str]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(set)))
    for row in rows.get("labels", ()):
        entity, kind, label = _value(row, "entity"), _value(row, "kind"), _value(row, "label")
        if entity and kind and label and label.strip():
            labels[entity][kind][row["label"].get("xml:lang", "").lower()].add(" ".join(label.split()))
    instruments = tuple(
        Instrument(
            iri=iri,
            kind=_kind(classes[iri]),
            decided=decided.get(iri),
            published=published.get(iri),
            titles=dict(titles[iri]),
            parties=tuple(sorted(links[iri]["parties"])),
            countries=tuple(sorted(links[iri]["countries"])),
            areas=tuple(sorted(links[iri]["areas"])),
        )
        for iri in sorted(classes)
    )
    frozen = {
        entity: Labels(
            {kind: {lang: tuple(sorted(texts)) for lang, texts in by_lang.items()} for kind, by_lang in kinds.items()}
        )
        for entity, kinds in labels.items()
    }
    return Facts(instruments, party_country, frozen)


def count(lang: str, n: int) -> str:
    """``n`` instruments, in words of ``lang``."""
    return TEXT[lang]["count"].format(n=n)
