"""Check the hand-annotated gold extraction records in tests/golden/records/.

Every record must have the keys and types of the extraction-record contract
(../shared/contract/extraction-record.md) plus the gold conventions of
tests/golden/records/README.md; every area, modality and principle code must be
a skos:notation of the thesaurus; every country an ISO alpha-2 code of
data/reference/countries.ttl; every date ISO; every party IRI a gazetteer IRI.
When the corpus is present, the record's page must exist at its ``corpus`` path,
its ``ที่มา`` URL must equal ``source``, and the verbatim spans (instrument titles,
scope items) must occur in the page text (whitespace runs collapsed).

Usage:
    python tools/check_gold.py [--corpus /tmp/corpus] [--records tests/golden/records]

Exit status 0 when all records pass, 1 when a problem is found, 2 on bad usage.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import rdflib
from rdflib.namespace import SKOS

ROOT = Path(__file__).resolve().parent.parent
MG = rdflib.Namespace("https://w3id.org/mougraph/ontology#")
HEADLINE_PREFIX = "รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-"
TYPES = {"MoU", "MoC", "Agreement", "JointStatement", "Other"}
DECISIONS = {"approve", "acknowledge", "other"}
KINDS = {"news", "summary-item"}
TOP_KEYS = {"source", "corpus", "agenda_item", "kind", "notes", "record"}
RECORD_KEYS = {"announcement", "cabinet_decision", "instruments", "warnings"}
ANNOUNCEMENT_KEYS = {"source", "title_th", "published", "spokesperson_th", "spokesperson_role_th"}
INSTRUMENT_KEYS = {
    "iri",
    "type",
    "title_th",
    "parties",
    "countries",
    "proposing_agency_th",
    "signing_date",
    "signing_planned",
    "signing_place",
    "supersedes",
    "duration_years",
    "scope_count_stated",
    "scope_items",
    "scope_areas",
    "modalities",
    "principles",
    "agenda_item",
    "evidence",
}
PARTY_KEYS = {"name_th", "country", "iri"}


@dataclass(frozen=True)
class Reference:
    """The controlled values a record may use."""

    areas: frozenset[str]
    modalities: frozenset[str]
    principles: frozenset[str]
    countries: frozenset[str]
    organizations: dict[str, tuple[str, str | None]]  # IRI -> (Thai prefLabel, country)


@dataclass
class Report:
    """Problems found, one line each, prefixed with the file name."""

    problems: list[str] = field(default_factory=list)

    def add(self, where: str, problem: str) -> None:
        self.problems.append(f"{where}: {problem}")


def notations(path: Path) -> frozenset[str]:
    """Return the skos:notation values of a thesaurus file."""
    graph = rdflib.Graph().parse(path)
    return frozenset(str(o) for o in graph.objects(None, SKOS.notation))


def load_reference(root: Path) -> Reference:
    """Read the thesaurus, the country list and the gazetteer."""
    thesaurus = root / "ontology" / "thesaurus"
    countries = rdflib.Graph().parse(root / "data" / "reference" / "countries.ttl")
    orgs = rdflib.Graph().parse(root / "data" / "reference" / "organizations.ttl")
    organizations: dict[str, tuple[str, str | None]] = {}
    for subject in set(orgs.subjects(SKOS.prefLabel, None)):
        thai = [
            str(label) for label in orgs.objects(subject, SKOS.prefLabel) if getattr(label, "language", None) == "th"
        ]
        country = orgs.value(subject, MG.country)
        organizations[str(subject)] = (thai[0] if thai else "", str(country).rsplit("/", 1)[1] if country else None)
    return Reference(
        areas=notations(thesaurus / "areas.ttl"),
        modalities=notations(thesaurus / "modalities.ttl"),
        principles=notations(thesaurus / "principles.ttl"),
        countries=frozenset(str(o) for o in countries.objects(None, MG.iso3166Alpha2)),
        organizations=organizations,
    )


def collapse(text: str) -> str:
    """NFC-normalise and collapse whitespace runs, as the gold spans are written."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def is_iso_date(value: object) -> bool:
    """Whether value is a YYYY-MM-DD string naming a real date."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def check_keys(report: Report, where: str, obj: object, required: set[str]) -> bool:
    """Check that obj is an object holding the required keys."""
    if not isinstance(obj, dict):
        report.add(where, "is not a JSON object")
        return False
    missing = required - obj.keys()
    if missing:
        report.add(where, f"missing keys {sorted(missing)}")
        return False
    return True


def check_optional_str(report: Report, where: str, value: object) -> None:
    """A value that is null or a non-empty string."""
    if value is not None and (not isinstance(value, str) or not value.strip()):
        report.add(where, f"must be null or a non-empty string, not {value!r}")


def check_codes(report: Report, where: str, values: object, allowed: frozenset[str], *, sort: bool = True) -> None:
    """A list of known codes, sorted and without repeats."""
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        report.add(where, "must be a list of strings")
        return
    unknown = [v for v in values if v not in allowed]
    if unknown:
        report.add(where, f"unknown codes {unknown}")
    if sort and values != sorted(set(values)):
        report.add(where, "must be sorted and without repeats")


def check_party(report: Report, where: str, party: object, ref: Reference) -> str | None:
    """Check one party; return its country code."""
    if not check_keys(report, where, party, PARTY_KEYS):
        return None
    assert isinstance(party, dict)
    if not isinstance(party["name_th"], str) or not party["name_th"]:
        report.add(where, "name_th must be a non-empty string")
    country = party["country"]
    if country is not None and country not in ref.countries:
        report.add(where, f"country {country!r} is not an ISO alpha-2 code of countries.ttl")
    iri = party["iri"]
    if iri is not None:
        if iri not in ref.organizations:
            report.add(where, f"iri {iri!r} is not in the gazetteer")
        else:
            label, org_country = ref.organizations[iri]
            if party["name_th"] != label:
                report.add(where, f"name_th {party['name_th']!r} differs from the gazetteer prefLabel {label!r}")
            if country != org_country:
                report.add(where, f"country {country!r} differs from the gazetteer's {org_country!r}")
    return country if isinstance(country, str) else None


def check_instrument(report: Report, where: str, inst: object, ref: Reference, agenda: object) -> None:
    """Check one instrument of a record."""
    if not check_keys(report, where, inst, INSTRUMENT_KEYS):
        return
    assert isinstance(inst, dict)
    if inst["type"] not in TYPES:
        report.add(where, f"type {inst['type']!r} not in {sorted(TYPES)}")
    if not isinstance(inst["title_th"], str) or not inst["title_th"]:
        report.add(where, "title_th must be a non-empty string")
    parties = inst["parties"]
    party_countries: set[str] = set()
    if not isinstance(parties, list) or not parties:
        report.add(where, "parties must be a non-empty list")
    else:
        for n, party in enumerate(parties):
            country = check_party(report, f"{where}.parties[{n}]", party, ref)
            if country:
                party_countries.add(country)
    check_codes(report, f"{where}.countries", inst["countries"], ref.countries)
    if isinstance(inst["countries"], list) and inst["countries"] != sorted(party_countries | {"TH"}):
        report.add(where, f"countries {inst['countries']} != sorted party countries + TH")
    check_optional_str(report, f"{where}.proposing_agency_th", inst["proposing_agency_th"])
    check_optional_str(report, f"{where}.signing_place", inst["signing_place"])
    if inst["signing_date"] is not None and not is_iso_date(inst["signing_date"]):
        report.add(where, f"signing_date {inst['signing_date']!r} is not an ISO date")
    planned = inst["signing_planned"]
    if planned not in (True, False, None):
        report.add(where, "signing_planned must be true, false or null")
    if inst["signing_date"] is not None and planned is None:
        report.add(where, "a signing_date needs signing_planned true or false")
    window = inst.get("signing_window")
    if window is not None and (
        not isinstance(window, list) or len(window) != 2 or not all(is_iso_date(d) for d in window)
    ):
        report.add(where, "signing_window must be [start, end] ISO dates")
    for key in ("cabinet_approved_on",):
        if key in inst and not is_iso_date(inst[key]):
            report.add(where, f"{key} must be an ISO date")
    sup = inst["supersedes"]
    if sup is not None and check_keys(report, f"{where}.supersedes", sup, {"signed_year", "expired_on"}):
        assert isinstance(sup, dict)
        year = sup["signed_year"]
        if year is not None and (not isinstance(year, int) or not 1990 <= year <= 2030):
            report.add(where, f"supersedes.signed_year {year!r} is not a plausible year")
        if sup["expired_on"] is not None and not is_iso_date(sup["expired_on"]):
            report.add(where, "supersedes.expired_on is not an ISO date")
        if "cabinet_approved_on" in sup and not is_iso_date(sup["cabinet_approved_on"]):
            report.add(where, "supersedes.cabinet_approved_on is not an ISO date")
    for key in ("duration_years", "scope_count_stated"):
        value = inst[key]
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
            report.add(where, f"{key} must be null or a positive integer")
    items = inst["scope_items"]
    union: set[str] = set()
    if not isinstance(items, list):
        report.add(where, "scope_items must be a list")
    else:
        for n, item in enumerate(items, start=1):
            item_where = f"{where}.scope_items[{n - 1}]"
            if not check_keys(report, item_where, item, {"ordinal", "text_th", "areas"}):
                continue
            assert isinstance(item, dict)
            if item["ordinal"] != n:
                report.add(item_where, f"ordinal {item['ordinal']!r} should be {n}")
            if not isinstance(item["text_th"], str) or not item["text_th"]:
                report.add(item_where, "text_th must be a non-empty string")
            check_codes(report, f"{item_where}.areas", item["areas"], ref.areas)
            if not item["areas"]:
                report.add(item_where, "an item needs at least one area (other when it names nothing specific)")
            union.update(a for a in item["areas"] if isinstance(a, str))
    check_codes(report, f"{where}.scope_areas", inst["scope_areas"], ref.areas)
    if isinstance(inst["scope_areas"], list) and not union <= set(inst["scope_areas"]):
        report.add(where, f"scope_areas lacks item areas {sorted(union - set(inst['scope_areas']))}")
    check_codes(report, f"{where}.modalities", inst["modalities"], ref.modalities)
    check_codes(report, f"{where}.principles", inst["principles"], ref.principles)
    if inst["agenda_item"] != agenda:
        report.add(where, f"agenda_item {inst['agenda_item']!r} differs from the file's {agenda!r}")
    if not isinstance(inst["evidence"], list):
        report.add(where, "evidence must be a list")


def check_against_page(report: Report, where: str, doc: dict[str, Any], corpus: Path) -> None:
    """Check the record against its page in the corpus."""
    path = corpus / doc["corpus"]
    if not path.is_file():
        report.add(where, f"corpus page {path} not found")
        return
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8")).lstrip("\ufeff")
    lines = [line for line in text.splitlines() if line.strip()]
    match = re.search(r"ที่มา\s*:\s*(\S+)", lines[-1]) if lines else None
    if not match or match.group(1) != doc["source"]:
        report.add(where, f"the page's ที่มา URL {match.group(1) if match else None!r} != source {doc['source']!r}")
    announcement = doc["record"]["announcement"]
    headline = lines[0].strip() if lines else ""
    if not headline.startswith(HEADLINE_PREFIX) or headline[len(HEADLINE_PREFIX) :].strip() != announcement["title_th"]:
        report.add(where, "announcement.title_th is not the page headline without its prefix")
    flat = collapse(text)
    spans = [("title_th", inst["title_th"]) for inst in doc["record"]["instruments"]]
    spans += [
        (f"scope item {item['ordinal']}", item["text_th"])
        for inst in doc["record"]["instruments"]
        for item in inst["scope_items"]
    ]
    for name, span in spans:
        if isinstance(span, str) and collapse(span) not in flat:
            report.add(where, f"{name} is not verbatim in the page: {span[:60]!r}")


def check_record(report: Report, path: Path, ref: Reference, corpus: Path | None) -> None:
    """Check one gold file."""
    where = path.name
    raw = path.read_text(encoding="utf-8")
    if unicodedata.normalize("NFC", raw) != raw:
        report.add(where, "file is not NFC")
    try:
        doc = json.loads(raw)
    except json.JSONDecodeError as exc:
        report.add(where, f"invalid JSON: {exc}")
        return
    if not check_keys(report, where, doc, TOP_KEYS):
        return
    if doc["kind"] not in KINDS:
        report.add(where, f"kind {doc['kind']!r} not in {sorted(KINDS)}")
    agenda = doc["agenda_item"]
    if (doc["kind"] == "summary-item") != isinstance(agenda, int):
        report.add(where, "agenda_item must be an integer exactly for summary-item records")
    stem = re.fullmatch(r"(\d{4})-[a-z0-9-]+-(\d+)(?:-item(\d+))?", path.stem)
    if not stem:
        report.add(where, "file name must be <year>-<partner-slug>-<source-id>[-item<N>].json")
    else:
        if not str(doc["source"]).endswith("/" + stem.group(2)):
            report.add(where, "source id in the file name differs from source")
        if (int(stem.group(3)) if stem.group(3) else None) != agenda:
            report.add(where, "-item<N> in the file name differs from agenda_item")
    if not isinstance(doc["notes"], str):
        report.add(where, "notes must be a string")
    record = doc["record"]
    if not check_keys(report, f"{where}.record", record, RECORD_KEYS):
        return
    announcement = record["announcement"]
    if check_keys(report, f"{where}.announcement", announcement, ANNOUNCEMENT_KEYS):
        if announcement["source"] != doc["source"]:
            report.add(where, "announcement.source differs from source")
        if not is_iso_date(announcement["published"]):
            report.add(where, f"announcement.published {announcement['published']!r} is not an ISO date")
        for key in ("spokesperson_th", "spokesperson_role_th"):
            check_optional_str(report, f"{where}.announcement.{key}", announcement[key])
    decision = record["cabinet_decision"]
    if decision is not None and check_keys(report, f"{where}.cabinet_decision", decision, {"date", "decision"}):
        if decision["date"] is not None and not is_iso_date(decision["date"]):
            report.add(where, f"cabinet_decision.date {decision['date']!r} is not an ISO date")
        if decision["decision"] not in DECISIONS:
            report.add(where, f"cabinet_decision.decision {decision['decision']!r} not in {sorted(DECISIONS)}")
    if doc["kind"] == "summary-item" and decision is None:
        report.add(where, "a cabinet-summary item needs a cabinet_decision")
    instruments = record["instruments"]
    if not isinstance(instruments, list):
        report.add(where, "instruments must be a list")
        return
    for n, inst in enumerate(instruments):
        check_instrument(report, f"{where}.instruments[{n}]", inst, ref, agenda)
    if not isinstance(record["warnings"], list):
        report.add(where, "warnings must be a list")
    if corpus is not None:
        check_against_page(report, where, doc, corpus)


def main(argv: list[str] | None = None) -> int:
    """Check every gold record; print problems and a summary line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=Path, default=ROOT / "tests" / "golden" / "records")
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/corpus"), help="extracted ThaiGov corpora")
    parser.add_argument("--no-corpus", action="store_true", help="skip the checks against the corpus pages")
    args = parser.parse_args(argv)
    files = sorted(args.records.glob("*.json"))
    if not files:
        print(f"check_gold: no records in {args.records}", file=sys.stderr)
        return 2
    corpus: Path | None = None if args.no_corpus else args.corpus
    if corpus is not None and not corpus.is_dir():
        print(f"check_gold: corpus directory {corpus} not found (use --no-corpus to skip page checks)", file=sys.stderr)
        return 2
    ref = load_reference(ROOT)
    report = Report()
    for path in files:
        check_record(report, path, ref, corpus)
    for problem in report.problems:
        print(problem)
    print(f"check_gold: {len(files)} records, {len(report.problems)} problems")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
