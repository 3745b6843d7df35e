"""The hand-checked graphs of the two seed announcements: they conform and say what the text says."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from mougraph import iris
from mougraph.layout import Layout
from mougraph.pipeline import validate_files
from mougraph.vocab import MG

from .conftest import GOLDEN

OA = "http://www.w3.org/ns/oa#"
SCHEMA_TEXT = URIRef("https://schema.org/text")
LAOS = GOLDEN / "seed-000-laos.ttl"
JAPAN = GOLDEN / "seed-001-japan.ttl"
SEEDS = {LAOS: "000_43d3e26e21c65fc6.txt", JAPAN: "001_127c01438aa1d901.txt"}


def instrument(slug: str) -> URIRef:
    return iris.resource("instrument", slug)


@pytest.fixture(scope="module")
def laos() -> Graph:
    return Graph().parse(LAOS)


@pytest.fixture(scope="module")
def japan() -> Graph:
    return Graph().parse(JAPAN)


@pytest.mark.parametrize("path", [LAOS, JAPAN], ids=["laos", "japan"])
def test_golden_graph_conforms(layout: Layout, path: Path) -> None:
    report, _ = validate_files(layout, [path])
    assert report.conforms, [(str(r.focus), r.message("en")) for r in report.violations]
    assert not report.warnings


@pytest.mark.parametrize("path", [LAOS, JAPAN], ids=["laos", "japan"])
def test_text_is_the_seed_and_every_quote_is_at_its_offsets(path: Path, shared: Path) -> None:
    graph = Graph().parse(path)
    seed = unicodedata.normalize("NFC", (shared / "seeds" / SEEDS[path]).read_text(encoding="utf-8"))
    texts = list(graph.objects(None, SCHEMA_TEXT))
    assert [str(t) for t in texts] == [seed]
    quotes = 0
    for selector in graph.subjects(RDF.type, URIRef(OA + "TextPositionSelector")):
        target = graph.value(predicate=URIRef(OA + "hasSelector"), object=selector)
        quote = next(
            s
            for s in graph.objects(target, URIRef(OA + "hasSelector"))
            if (s, RDF.type, URIRef(OA + "TextQuoteSelector")) in graph
        )
        start = int(graph.value(selector, URIRef(OA + "start")))  # type: ignore[arg-type]
        end = int(graph.value(selector, URIRef(OA + "end")))  # type: ignore[arg-type]
        assert seed[start:end] == str(graph.value(quote, URIRef(OA + "exact")))
        quotes += 1
    assert quotes >= 30


def test_laos_mou(laos: Graph) -> None:
    mou = instrument("2022-10-25-th-la-mou")
    assert (mou, RDF.type, MG.MemorandumOfUnderstanding) in laos
    assert set(laos.objects(mou, MG.party)) == {iris.organization("th-mdes"), iris.organization("la-mtc")}
    assert set(laos.objects(mou, MG.involvesCountry)) == {iris.country("TH"), iris.country("LA")}
    assert laos.value(mou, MG.proposedBy) == iris.organization("th-mdes")
    assert laos.value(mou, MG.scopeCountStated) == Literal(15, datatype=XSD.nonNegativeInteger)
    items = list(laos.objects(mou, MG.scopeItem))
    assert sorted(int(laos.value(i, MG.ordinal)) for i in items) == list(range(1, 16))  # type: ignore[arg-type]
    assert all(list(laos.objects(i, MG.area)) for i in items), "every scope item is classified"
    first = next(i for i in items if int(laos.value(i, MG.ordinal)) == 1)  # type: ignore[arg-type]
    assert {str(a).rsplit("/", 1)[1] for a in laos.objects(first, MG.area)} == {
        "postal",
        "telecommunications",
        "ict",
        "digital-technology",
    }
    codes = {str(c).rsplit("/", 1)[1] for c in laos.objects(mou, MG.principle)}
    assert codes == {"equality", "reciprocity", "mutual-benefit"}
    assert len(set(laos.objects(mou, MG.modality))) == 11
    decision = iris.resource("decision", "2022-10-25-th-la-mou")
    assert laos.value(decision, MG.decisionDate) == Literal("2022-10-25", datatype=XSD.date)
    assert laos.value(decision, MG.decisionKind) == MG.Approve


def test_japan_moc_supersedes_the_2017_one(japan: Graph) -> None:
    moc, old = instrument("2022-08-02-th-jp-moc"), instrument("2017-th-jp-moc")
    assert (moc, RDF.type, MG.MemorandumOfCooperation) in japan
    assert japan.value(moc, MG.supersedes) == old
    assert japan.value(old, MG.signingYear) == Literal("2017", datatype=XSD.gYear)
    assert japan.value(old, MG.expiryDate) == Literal("2022-06-07", datatype=XSD.date)
    assert japan.value(moc, MG.plannedSigningDate) == Literal("2022-08-05", datatype=XSD.date)
    assert japan.value(moc, MG.signingDate) is None, "not signed yet when announced"
    assert japan.value(moc, MG.proposedBy) is None, "the text does not say who proposed it"
    codes = {str(c).rsplit("/", 1)[1] for c in japan.objects(moc, MG.principle)}
    assert codes == {"equality", "reciprocity", "mutual-respect", "mutual-benefit"}
    assert {str(a).rsplit("/", 1)[1] for a in japan.objects(moc, MG.scopeArea)} >= {"5g", "weather-monitoring"}


@pytest.mark.parametrize("path", [LAOS, JAPAN], ids=["laos", "japan"])
def test_every_stated_fact_has_evidence(path: Path) -> None:
    """Each property of the extracted resources is backed by a quoted span (derived links excepted)."""
    graph = Graph().parse(path)
    derived = {
        RDF.type,
        MG.involvesCountry,  # follows from the parties
        MG.scopeArea,  # the union of the items' areas
        MG.area,  # classification of the item's quoted text
        MG.ordinal,  # position in the quoted list
        MG.scopeItem,  # each item has its own evidence
        MG.supersededBy,  # the inverse of mg:supersedes
        MG.announces,
        MG.decisionOn,
        MG.decidedBy,
        URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"),
        URIRef("https://schema.org/url"),
        SCHEMA_TEXT,
        URIRef("https://schema.org/name"),
        URIRef("https://schema.org/honorificPrefix"),
    }
    supported = {
        (graph.value(e, URIRef(OA + "hasBody")), graph.value(e, MG.supportsProperty))
        for e in graph.subjects(RDF.type, MG.Evidence)
    }
    for s, p, _ in graph:
        if p in derived or (s, RDF.type, MG.Evidence) in graph or not str(s).startswith(iris.ID):
            continue
        if str(s).startswith(iris.ID + "evidence/"):
            continue
        assert (s, p) in supported, f"{s} {p} has no evidence"


def _lexicon(thesaurus: Graph) -> list[tuple[str, str]]:
    """Every label of the scope-area scheme with its concept code, longest first."""
    areas = iris.scheme("areas")
    pairs = [
        (str(label), str(concept).rsplit("/", 1)[1])
        for concept in thesaurus.subjects(SKOS.inScheme, areas)
        for predicate in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
        for label in thesaurus.objects(concept, predicate)
    ]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def _longest_match_codes(text: str, lexicon: list[tuple[str, str]]) -> set[str]:
    taken = [False] * len(text)
    codes = set()
    for label, code in lexicon:
        start = text.find(label)
        while start >= 0:
            end = start + len(label)
            if not any(taken[start:end]):
                taken[start:end] = [True] * len(label)
                codes.add(code)
            start = text.find(label, start + 1)
    return codes


@pytest.mark.parametrize("path", [LAOS, JAPAN], ids=["laos", "japan"])
def test_thesaurus_labels_reproduce_the_hand_classification(path: Path, context: Graph) -> None:
    """The scope-area labels are the extractor's lexicon: longest-match lookup of each golden scope
    item's text gives exactly the concepts it was classified under by hand."""
    graph = Graph().parse(path)
    lexicon = _lexicon(context)
    for item in graph.subjects(MG.verbatimText, None):
        hand = {str(area).rsplit("/", 1)[1] for area in graph.objects(item, MG.area)}
        assert _longest_match_codes(str(graph.value(item, MG.verbatimText)), lexicon) == hand, item
