"""The SKOS schemes: every code of the contract, labels in both languages, a sound hierarchy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from mougraph import iris
from mougraph.layout import Layout
from mougraph.pipeline import load

from .conftest import Validator

# The codes of ../shared/contract/extraction-record.md: they must exist and keep their meaning.
AREA_CODES = [
    "postal",
    "telecommunications",
    "ict",
    "digital-technology",
    "digital-government",
    "digital-economy",
    "smart-city",
    "digital-skills",
    "electronic-transactions",
    "cybersecurity",
    "digital-industry",
    "digital-content",
    "broadband",
    "digital-innovation",
    "big-data",
    "iot",
    "cloud-computing",
    "digital-literacy",
    "digital-inclusion",
    "e-commerce",
    "research-development",
    "human-resource-development",
    "knowledge-exchange",
    "enterprise-cooperation",
    "investment-promotion",
    "disaster-risk-reduction",
    "weather-monitoring",
    "radio-communication",
    "5g",
    "digital-services",
    "ai",
    "data-governance",
    "digital-trade",
    "space-satellite",
    "spectrum-management",
    "startups",
    "cybercrime",
    "digital-id",
    "other",
]
MODALITY_CODES = [
    "information-exchange",
    "visits",
    "meetings",
    "expert-exchange",
    "joint-projects",
    "startup-facilitation",
    "exhibitions",
    "training",
    "workshops",
    "seminars",
    "policy-cooperation",
    "technology-cooperation",
    "institutional-support",
    "demonstration-trials",
    "other",
]
PRINCIPLE_CODES = ["equality", "reciprocity", "mutual-benefit", "mutual-respect"]


@pytest.fixture(scope="module")
def thesaurus(context: Graph) -> Graph:
    return context


@pytest.mark.parametrize(
    ("scheme", "kind", "codes"),
    [
        ("areas", "area", AREA_CODES),
        ("modalities", "modality", MODALITY_CODES),
        ("principles", "principle", PRINCIPLE_CODES),
    ],
)
def test_every_contract_code_is_a_concept(thesaurus: Graph, scheme: str, kind: str, codes: list[str]) -> None:
    for code in codes:
        concept = iris.concept(kind, code)
        assert (concept, SKOS.notation, Literal(code)) in thesaurus, code
        assert (concept, SKOS.inScheme, iris.scheme(scheme)) in thesaurus, code


def test_every_concept_has_one_preferred_label_per_language(thesaurus: Graph) -> None:
    concepts = set(thesaurus.subjects(SKOS.inScheme, None))
    assert len(concepts) >= len(AREA_CODES) + len(MODALITY_CODES) + len(PRINCIPLE_CODES)
    for concept in concepts:
        languages = sorted(label.language for label in thesaurus.objects(concept, SKOS.prefLabel))
        assert languages == ["en", "th"], concept


@pytest.mark.parametrize(
    ("narrower", "broader"),
    [
        ("5g", "radio-communication"),
        ("radio-communication", "telecommunications"),
        ("spectrum-management", "radio-communication"),
        ("big-data", "digital-innovation"),
        ("iot", "digital-innovation"),
        ("cloud-computing", "digital-innovation"),
    ],
)
def test_hierarchy(thesaurus: Graph, narrower: str, broader: str) -> None:
    n, b = iris.concept("area", narrower), iris.concept("area", broader)
    assert (n, SKOS.broader, b) in thesaurus
    assert (b, SKOS.narrower, n) in thesaurus


@pytest.mark.parametrize(
    ("phrase", "code"),
    [
        # Phrasings of the Laos seed (60838) and the Japan seed (57536).
        ("รัฐบาลดิจิทัล", "area/digital-government"),
        ("ความมั่นคงปลอดภัยทางไซเบอร์", "area/cybersecurity"),
        ("ความมั่นคงปลอดภัยไซเบอร์", "area/cybersecurity"),
        ("ข้อมูลขนาดใหญ่", "area/big-data"),
        ("Big data", "area/big-data"),
        ("อินเทอร์เน็ตเพื่อสรรพสิ่ง", "area/iot"),
        ("คลาวด์คอมพิวติ้ง", "area/cloud-computing"),
        ("การตรวจสภาพอากาศ", "area/weather-monitoring"),
        ("ตรวจสภาพอกาศ", "area/weather-monitoring"),  # the seed's misspelling, kept as a hidden label
        ("ดิจิทัลคอนแทนต์", "area/digital-content"),
        ("5G", "area/5g"),
        ("การพัฒนาบุคลากร", "area/human-resource-development"),
        ("การแลกเปลี่ยนการเยือน", "modality/visits"),
        ("ประชุมเชิงปฏิบัติการ", "modality/workshops"),
        ("การทดลองสาธิต", "modality/demonstration-trials"),
        ("ต่างตอบแทน", "principle/reciprocity"),
        ("เคารพซึ่งกันและกัน", "principle/mutual-respect"),
    ],
)
def test_seed_phrasings_are_labels(thesaurus: Graph, phrase: str, code: str) -> None:
    concept = URIRef(iris.ID + code)
    labels = {
        str(label)
        for predicate in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
        for label in thesaurus.objects(concept, predicate)
    }
    assert phrase in labels


@pytest.fixture(scope="module")
def thesaurus_only(layout: Layout) -> Graph:
    return load(layout.thesaurus_files).union()


def test_thesaurus_conforms(check: Validator, thesaurus_only: Graph) -> None:
    report = check(thesaurus_only)
    assert report.conforms, [r.message("en") for r in report.violations]


def test_contract_thai_phrasings_are_labels(thesaurus: Graph, shared: Path) -> None:
    """Each Thai phrasing in the contract's code table is a label of the concept with that code."""
    contract = (shared / "contract" / "extraction-record.md").read_text(encoding="utf-8")
    table = re.findall(r"^\| ([a-z0-9-]+) \| [^|]+ \| ([^|]+) \|$", contract, flags=re.MULTILINE)
    rows = [(code, thai) for code, thai in table if code != "code"]  # skip the header row
    assert len(rows) >= len(AREA_CODES)
    for code, thai in rows:
        labels = {
            str(label)
            for predicate in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
            for label in thesaurus.objects(iris.concept("area", code), predicate)
        }
        for phrase in (p.strip() for p in thai.split(" / ")):
            assert phrase in labels, f"{code}: {phrase!r} is not a label"
