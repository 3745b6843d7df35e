"""The ontology: parseable, every own term documented in Thai and English, reuse where it fits."""

from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from mougraph.vocab import MG

from .conftest import ROOT

NS = "https://w3id.org/mougraph/ontology#"
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def own_terms(ontology: Graph) -> list[URIRef]:
    return sorted(
        {t for kind in KINDS for t in ontology.subjects(RDF.type, kind) if isinstance(t, URIRef) and t.startswith(NS)}
    )


def test_ontology_metadata(ontology: Graph) -> None:
    node = URIRef("https://w3id.org/mougraph/ontology")
    assert (node, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(node, OWL.versionInfo) is not None
    assert ontology.value(node, URIRef("http://purl.org/dc/terms/license")) is not None
    descriptions = {d.language for d in ontology.objects(node, URIRef("http://purl.org/dc/terms/description"))}
    assert descriptions == {"th", "en"}


def test_every_term_has_thai_and_english_label_and_comment(ontology: Graph) -> None:
    terms = own_terms(ontology)
    assert len(terms) >= 40
    for term in terms:
        for predicate in (RDFS.label, RDFS.comment):
            languages = [o.language for o in ontology.objects(term, predicate) if isinstance(o, Literal)]
            assert sorted(languages) == ["en", "th"], f"{term} {predicate}: {languages}"


def test_every_property_has_domain_and_range(ontology: Graph) -> None:
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        for term in ontology.subjects(RDF.type, kind):
            if not term.startswith(NS):
                continue  # reused terms are declared only, defined by their own vocabularies
            assert ontology.value(term, RDFS.domain) is not None, f"{term} has no domain"
            assert ontology.value(term, RDFS.range) is not None, f"{term} has no range"


@pytest.mark.parametrize(
    ("term", "relation", "reused"),
    [
        (MG.Announcement, RDFS.subClassOf, URIRef("https://schema.org/NewsArticle")),
        (MG.CabinetDecision, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Activity")),
        (MG.Evidence, RDFS.subClassOf, URIRef("http://www.w3.org/ns/oa#Annotation")),
        (MG.AgendaItem, RDFS.subClassOf, URIRef("http://www.w3.org/ns/oa#SpecificResource")),
        (MG.InternationalOrganization, RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#FormalOrganization")),
        (MG.DecisionKind, RDFS.subClassOf, URIRef("http://www.w3.org/2004/02/skos/core#Concept")),
        (MG.supersedes, RDFS.subPropertyOf, URIRef("http://purl.org/dc/terms/replaces")),
        (MG.supersededBy, RDFS.subPropertyOf, URIRef("http://purl.org/dc/terms/isReplacedBy")),
        (MG.area, RDFS.subPropertyOf, URIRef("http://purl.org/dc/terms/subject")),
        (MG.decidedBy, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/prov#wasAssociatedWith")),
    ],
)
def test_terms_specialise_reused_vocabularies(ontology: Graph, term: URIRef, relation: URIRef, reused: URIRef) -> None:
    assert (term, relation, reused) in ontology


def test_contract_instrument_types_map_to_classes(ontology: Graph) -> None:
    """Every 'type' of the extraction contract has a class; the most general one is 'Other'."""
    codes: dict[str, set[str]] = {}
    for cls, code in ontology.subject_objects(MG.contractCode):
        codes.setdefault(str(code), set()).add(str(cls).removeprefix(NS))
    assert set(codes) == {"MoU", "MoC", "Agreement", "JointStatement", "Other"}
    assert "CooperationInstrument" in codes["Other"]


def test_no_term_is_both_class_and_property(ontology: Graph) -> None:
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    properties = {t for kind in KINDS[1:] for t in ontology.subjects(RDF.type, kind)}
    assert not classes & properties


def test_no_property_has_two_kinds(ontology: Graph) -> None:
    """OWL 2 DL: a property is an object, a datatype or an annotation property, never two of them."""
    seen: dict[object, set[object]] = {}
    for kind in KINDS[1:]:
        for term in ontology.subjects(RDF.type, kind):
            seen.setdefault(term, set()).add(kind)
    assert {t: k for t, k in seen.items() if len(k) > 1} == {}


def test_reused_terms_are_declared(ontology: Graph) -> None:
    """OWL 2 DL wants every entity declared: each reused class or property the ontology mentions is."""
    used = {o for p in (RDFS.subClassOf, RDFS.domain, RDFS.range) for o in ontology.objects(None, p)}
    used |= set(ontology.objects(None, RDFS.subPropertyOf))
    declared = {t for kind in KINDS for t in ontology.subjects(RDF.type, kind)}
    builtin = ("http://www.w3.org/2001/XMLSchema#", "http://www.w3.org/1999/02/22-rdf-syntax-ns#", str(OWL))
    missing = {u for u in used if isinstance(u, URIRef) and not str(u).startswith(builtin) and u not in declared}
    assert missing == set()


def test_vocab_module_is_generated_from_the_ontology() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "generate_vocab.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_vocab_fails_on_typos() -> None:
    with pytest.raises(AttributeError):
        _ = MG.Instrumnet
