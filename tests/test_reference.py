"""Reference data: every ISO 3166-1 country, the gazetteer of organizations, identifiers only where certain."""

from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from mougraph import iris
from mougraph.vocab import MG

from .conftest import ROOT

SCHEMA_COUNTRY = URIRef("https://schema.org/Country")
FORMAL_ORG = URIRef("http://www.w3.org/ns/org#FormalOrganization")


def labels(graph: Graph, node: URIRef, lang: str) -> set[str]:
    return {
        str(o)
        for p in (SKOS.prefLabel, SKOS.altLabel, MG.abbreviation)
        for o in graph.objects(node, p)
        if isinstance(o, Literal) and o.language == lang
    }


def test_all_iso_3166_countries(context: Graph) -> None:
    countries = set(context.subjects(RDF.type, SCHEMA_COUNTRY))
    assert len(countries) == 249
    codes = [str(context.value(c, MG.iso3166Alpha2)) for c in countries]
    assert len(set(codes)) == 249
    for country in countries:
        assert sorted(o.language for o in context.objects(country, SKOS.prefLabel)) == ["en", "th"], country


@pytest.mark.parametrize(
    ("code", "thai"),
    [
        ("LA", {"ลาว", "สปป.ลาว", "สาธารณรัฐประชาธิปไตยประชาชนลาว"}),
        ("JP", {"ญี่ปุ่น"}),
        ("KR", {"เกาหลีใต้", "สาธารณรัฐเกาหลี"}),
        ("CN", {"จีน", "สาธารณรัฐประชาชนจีน"}),
        ("MM", {"เมียนมา", "พม่า"}),
        ("US", {"สหรัฐอเมริกา", "สหรัฐฯ"}),
        ("TH", {"ไทย", "ราชอาณาจักรไทย"}),
    ],
)
def test_thai_short_forms(context: Graph, code: str, thai: set[str]) -> None:
    assert thai <= labels(context, iris.country(code), "th")


@pytest.mark.parametrize(("code", "qid"), [("TH", "Q869"), ("LA", "Q819"), ("JP", "Q17"), ("CN", "Q148")])
def test_wikidata_links(context: Graph, code: str, qid: str) -> None:
    assert (iris.country(code), OWL.sameAs, URIRef(f"http://www.wikidata.org/entity/{qid}")) in context


@pytest.mark.parametrize(
    ("slug", "thai", "english"),
    [
        ("th-cabinet", "คณะรัฐมนตรี", "ครม."),
        ("th-mdes", "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม", "MDES"),
        ("th-nbtc", "กสทช.", "NBTC"),
        ("th-etda", "สำนักงานพัฒนาธุรกรรมทางอิเล็กทรอนิกส์", "ETDA"),
        ("th-depa", "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล", "DEPA"),
        ("th-ncsa", "สกมช.", "NCSA"),
        ("th-thailand-post", "บริษัท ไปรษณีย์ไทย จำกัด", "Thailand Post"),
        ("th-nt", "บริษัท โทรคมนาคมแห่งชาติ จำกัด (มหาชน)", "NT"),
        ("la-mtc", "กระทรวงเทคโนโลยีและการสื่อสาร", "Ministry of Technology and Communications"),
        ("jp-mic", "กระทรวงกิจการภายในและการสื่อสาร", "Ministry of Internal Affairs and Communications"),
    ],
)
def test_gazetteer_has_the_field(context: Graph, slug: str, thai: str, english: str) -> None:
    node = iris.organization(slug)
    assert (node, RDF.type, FORMAL_ORG) in context
    found = labels(context, node, "th") | labels(context, node, "en")
    assert thai in found
    assert english in found


def test_every_organization_but_international_ones_has_a_country(context: Graph) -> None:
    for org in context.subjects(RDF.type, FORMAL_ORG):
        assert context.value(org, MG.country) is not None, org


def test_predecessors_are_linked_both_ways(context: Graph) -> None:
    replaces = URIRef("http://purl.org/dc/terms/replaces")
    replaced_by = URIRef("http://purl.org/dc/terms/isReplacedBy")
    for new, old in context.subject_objects(replaces):
        assert (old, replaced_by, new) in context


def test_countries_file_is_what_the_generator_makes() -> None:
    pytest.importorskip("pycountry", reason="pycountry is a test dependency (pip install -e '.[test]')")
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "generate_countries.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
