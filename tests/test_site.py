"""The linked-data site against a live server: dereferencing and negotiation, pages, language,
evidence, escaping, indexes, search, caching. The store holds the vocabulary, the reference data,
the two hand-checked seed graphs and a small graph of hostile and one-language labels.
"""

from __future__ import annotations

from collections.abc import Iterator
from http.cookiejar import CookieJar, DefaultCookiePolicy
from pathlib import Path
from urllib.parse import quote

import html5lib
import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from mougraph.layout import Layout
from mougraph.pipeline import load

from .conftest import GOLDEN
from .live import serve

ID = "https://w3id.org/mougraph/id/"
LAOS_MOU = "/id/instrument/2022-10-25-th-la-mou"
PERSON = "/id/person/ทิพานัน-ศิริชนะ"
XHTML = "{http://www.w3.org/1999/xhtml}"

#: Labels an attacker might put in the graph, and labels in one language only.
HOSTILE = """
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix mg: <https://w3id.org/mougraph/ontology#> .
<https://w3id.org/mougraph/id/org/xss-test> a org:FormalOrganization ;
    skos:prefLabel "<script>alert(1)</script>"@th , "\\"><img src=x onerror=alert(1)>"@en ;
    skos:altLabel "</title><script>alert(2)</script>" ;
    rdfs:seeAlso <javascript:alert(1)> ;
    mg:country <https://w3id.org/mougraph/id/country/LA> .
<https://w3id.org/mougraph/id/org/english-only> a org:FormalOrganization ;
    skos:prefLabel "Only-English Agency"@en .
"""


@pytest.fixture(scope="module")
def site_store(tmp_path_factory: pytest.TempPathFactory, layout: Layout) -> Path:
    from mougraph.store import write_store

    named: dict[URIRef, Graph] = {}
    for path, graph in load([*layout.context_files, *sorted(GOLDEN.glob("*.ttl"))]).graphs.items():
        named.setdefault(layout.named_graph(path), Graph())
        named[layout.named_graph(path)] += graph
    named[URIRef("https://w3id.org/mougraph/graph/test/hostile")] = Graph().parse(data=HOSTILE, format="turtle")
    path = tmp_path_factory.mktemp("site") / "store"
    write_store(named, path)
    return path


@pytest.fixture(scope="module")
def site(site_store: Path) -> Iterator[str]:
    with serve(site_store, workers=2, queue=16) as url:
        yield url


@pytest.fixture(scope="module")
def client(site: str) -> Iterator[httpx.Client]:
    """A client that keeps no cookies (so the language switch of one test does not leak into the next)."""
    jar = CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))
    with httpx.Client(base_url=site, timeout=60, cookies=jar) as each:
        yield each


def parse(text: str) -> object:
    """The document; html5lib in strict mode raises on any HTML parse error."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(text)


def alltext(document: object) -> str:
    return "".join(document.itertext())  # type: ignore[attr-defined]


def texts(document: object, tag: str, cls: str | None = None) -> list[str]:
    found = []
    for element in document.iter(XHTML + tag):  # type: ignore[attr-defined]
        if cls is None or cls in (element.get("class") or "").split():
            found.append("".join(element.itertext()).strip())
    return found


# ---------------------------------------------------------------- dereferencing and negotiation

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


@pytest.mark.parametrize(
    ("accept", "media", "location"),
    [
        ("text/html", "text/html", "/id/country/LA.html"),
        (BROWSER, "text/html", "/id/country/LA.html"),
        (None, "text/html", "/id/country/LA.html"),
        ("*/*", "text/html", "/id/country/LA.html"),
        ("text/turtle", "text/turtle", "/id/country/LA.ttl"),
        ("application/ld+json", "application/ld+json", "/id/country/LA.jsonld"),
        ("application/n-triples", "application/n-triples", "/id/country/LA.nt"),
        ("application/rdf+xml", "application/rdf+xml", "/id/country/LA.rdf"),
        ("text/turtle;q=0.4, application/ld+json;q=0.9", "application/ld+json", "/id/country/LA.jsonld"),
        ("text/html;q=0.1, text/turtle", "text/turtle", "/id/country/LA.ttl"),
    ],
)
def test_negotiation(client: httpx.Client, accept: str | None, media: str, location: str) -> None:
    headers = {"Accept": accept} if accept else {}
    response = client.get("/id/country/LA", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    assert response.headers["content-location"] == location
    assert "Accept" in response.headers["vary"]
    links = response.headers["link"]
    for suffix, kind in (("ttl", "text/turtle"), ("jsonld", "application/ld+json"), ("html", "text/html")):
        assert f'</id/country/LA.{suffix}>; rel="alternate"; type="{kind}"' in links


def test_nothing_acceptable_is_406(client: httpx.Client) -> None:
    response = client.get("/id/country/LA", headers={"Accept": "application/pdf"})
    assert response.status_code == 406
    assert "text/turtle" in response.text


@pytest.mark.parametrize(
    ("suffix", "media", "engine"),
    [
        ("ttl", "text/turtle", ox.RdfFormat.TURTLE),
        ("jsonld", "application/ld+json", ox.RdfFormat.JSON_LD),
        ("nt", "application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("rdf", "application/rdf+xml", ox.RdfFormat.RDF_XML),
    ],
)
def test_suffixes_give_the_description(client: httpx.Client, suffix: str, media: str, engine: ox.RdfFormat) -> None:
    response = client.get(f"/id/country/LA.{suffix}", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    assert "content-location" not in response.headers
    triples = [quad.triple for quad in ox.parse(response.content, engine)]
    label = ox.Triple(
        ox.NamedNode(ID + "country/LA"),
        ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
        ox.Literal("ลาว", language="th"),
    )
    assert label in triples


def test_html_suffix_and_head(client: httpx.Client) -> None:
    response = client.get("/id/country/LA.html", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    head = client.head("/id/country/LA")
    assert head.status_code == 200
    assert head.content == b""


def test_description_includes_evidence_targets(client: httpx.Client) -> None:
    """An evidence resource's RDF carries its target and selectors (blank nodes in the seed graphs)."""
    response = client.get("/id/evidence/thaigov-60838/1579-1606-verbatimText.nt")
    assert response.status_code == 200
    assert '<http://www.w3.org/ns/oa#exact> "ความมั่นคงปลอดภัยทางไซเบอร์"' in response.text
    assert '"1579"' in response.text


def test_unknown_iri_is_a_404_page_with_a_search(client: httpx.Client) -> None:
    response = client.get("/id/area/cyber-security-xyz")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    document = parse(response.text)
    forms = [f for f in document.iter(XHTML + "form") if f.get("action") == "/search"]  # type: ignore[attr-defined]
    assert forms
    boxes = [i.get("value") for f in forms for i in f.iter(XHTML + "input") if i.get("name") == "q"]
    assert "cyber security xyz" in boxes
    rdf = client.get("/id/area/cyber-security-xyz", headers={"Accept": "text/turtle"})
    assert rdf.status_code == 404
    assert rdf.headers["content-type"].startswith("text/plain")
    assert client.get("/id/area/nothing.ttl").status_code == 404


def test_thai_slugs_are_percent_encoded_and_decoded(client: httpx.Client) -> None:
    page = client.get("/id/announcement/thaigov-60838?lang=th").text
    encoded = quote(PERSON)
    assert f'href="{encoded}"' in page
    assert 'ทิพานัน-ศิริชนะ"' not in page  # never a raw Thai path in an href
    response = client.get(encoded)
    assert response.status_code == 200
    assert "ทิพานัน ศิริชนะ" in texts(parse(response.text), "h1")
    assert quote("ทิพานัน") in response.headers["content-location"]


def test_ontology_terms(client: httpx.Client) -> None:
    page = client.get("/ontology?lang=en")
    assert page.status_code == 200
    document = parse(page.text)
    ids = {e.get("id") for e in document.iter() if e.get("id")}  # type: ignore[attr-defined]
    for term in ("CooperationInstrument", "MemorandumOfUnderstanding", "party", "scopeItem", "Approve"):
        assert term in ids
    term = client.get("/ontology/party?lang=th")
    assert term.status_code == 200
    assert "ภาคี" in texts(parse(term.text), "h1")
    assert (
        client.get("/ontology/party", headers={"Accept": "text/turtle"})
        .headers["content-type"]
        .startswith("text/turtle")
    )
    graph = client.get("/ontology.ttl")
    assert graph.status_code == 200
    assert "MemorandumOfUnderstanding" in graph.text
    assert client.get("/ontology/NoSuchTerm").status_code == 404


# ---------------------------------------------------------------- pages


def test_instrument_page_shows_scope_items_with_highlighted_evidence(client: httpx.Client) -> None:
    response = client.get(LAOS_MOU + "?lang=th")
    assert response.status_code == 200
    document = parse(response.text)
    items = [e for e in document.iter(XHTML + "li") if "scope-item" in (e.get("class") or "")]  # type: ignore[attr-defined]
    assert len(items) == 15
    graph = load([GOLDEN / "seed-000-laos.ttl"]).union()
    verbatim = {
        str(o)
        for s, p, o in graph
        if str(p) == "https://w3id.org/mougraph/ontology#verbatimText" and "2022-10-25-th-la-mou" in str(s)
    }
    marked = set()
    for item in items:
        marks = ["".join(m.itertext()) for m in item.iter(XHTML + "mark")]
        assert len(marks) == 1, "each scope item shows its sentence with the span marked"
        marked.add(marks[0])
        links = [a.get("href") for a in item.iter(XHTML + "a")]
        assert any(href.startswith("/id/announcement/thaigov-60838#span-") for href in links)
        assert "https://www.thaigov.go.th/news/contents/details/60838" in links
    assert marked == verbatim
    summary = " ".join(texts(document, "dl", "summary"))
    for expected in ("ลาว", "ไทย", "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม", "เห็นชอบ", "ความเท่าเทียม"):
        assert expected in summary


def test_evidence_links_land_on_marked_spans(client: httpx.Client) -> None:
    document = parse(client.get("/id/announcement/thaigov-60838").text)
    marks = {m.get("id"): "".join(m.itertext()) for m in document.iter(XHTML + "mark") if m.get("id")}  # type: ignore[attr-defined]
    assert marks["span-1579-1606"] == "ความมั่นคงปลอดภัยทางไซเบอร์"
    assert len(marks) >= 30


def test_instrument_chain(client: httpx.Client) -> None:
    new = parse(client.get("/id/instrument/2022-08-02-th-jp-moc?lang=en").text)
    summary = " ".join(texts(new, "dl", "summary"))
    assert "Replaces" in summary
    old = client.get("/id/instrument/2017-th-jp-moc?lang=en")
    assert old.status_code == 200
    document = parse(old.text)
    assert "Replaced by" in " ".join(texts(document, "dl", "summary"))
    # No title in the graph: the page is named from the facts, never by the raw IRI.
    assert texts(document, "h1") == ["Memorandum of cooperation: Thailand–Japan (2017)"]


def test_language_choice_and_fallback(client: httpx.Client) -> None:
    def title(path: str, **headers: str) -> tuple[str, str]:
        response = client.get(path, headers=headers)
        document = parse(response.text)
        return texts(document, "h1")[0], document.get("lang")  # type: ignore[attr-defined]

    assert title("/id/country/LA") == ("ลาว", "th")  # default: Thai
    assert title("/id/country/LA", **{"Accept-Language": "en-GB,en;q=0.9"}) == ("Laos", "en")
    assert title("/id/country/LA?lang=th", **{"Accept-Language": "en"}) == ("ลาว", "th")
    assert title(quote(PERSON) + "?lang=en")[0] == "ทิพานัน ศิริชนะ"  # no English name: the Thai one
    assert title("/id/org/english-only?lang=th")[0] == "Only-English Agency"  # and the other way round


def test_language_switch_sets_a_cookie(site: str) -> None:
    with httpx.Client(base_url=site, timeout=60) as browser:
        first = browser.get("/id/country/LA")
        document = parse(first.text)
        switch = [a for a in document.iter(XHTML + "a") if "switch" in (a.get("class") or "")]  # type: ignore[attr-defined]
        assert switch[0].get("href") == "/id/country/LA?lang=en"
        english = browser.get(switch[0].get("href"))
        assert english.cookies.get("lang") == "en"
        again = browser.get("/id/country/LA")
        assert texts(parse(again.text), "h1") == ["Laos"]
        assert "Cookie" in again.headers["vary"]
        assert "Accept-Language" in again.headers["vary"]


def test_incoming_links_grouped_with_counts(client: httpx.Client) -> None:
    document = parse(client.get("/id/area/cybersecurity?lang=en").text)
    summaries = texts(document, "summary")
    assert any(s.startswith("scope area") and s.endswith("2") for s in summaries), summaries
    assert any(s.startswith("area") and s.endswith("2") for s in summaries), summaries
    links = [a.get("href") for a in document.iter(XHTML + "a")]  # type: ignore[attr-defined]
    assert LAOS_MOU in links
    assert "/id/instrument/2022-08-02-th-jp-moc" in links


def test_hostile_labels_render_as_text(client: httpx.Client) -> None:
    for lang in ("th", "en"):
        response = client.get(f"/id/org/xss-test?lang={lang}")
        assert response.status_code == 200
        assert "<script>alert" not in response.text
        assert "<img src=x" not in response.text
        document = parse(response.text)
        assert not list(document.iter(XHTML + "script"))  # type: ignore[attr-defined]
        assert not list(document.iter(XHTML + "img"))  # type: ignore[attr-defined]
        hrefs = [a.get("href") or "" for a in document.iter(XHTML + "a")]  # type: ignore[attr-defined]
        assert not any(h.lower().startswith("javascript:") for h in hrefs)
        page_text = alltext(document)
        assert "<script>alert(1)</script>" in page_text or '"><img src=x onerror=alert(1)>' in page_text
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    # the country page lists the hostile organization among its incoming links, escaped too
    country = client.get("/id/country/LA?lang=th")
    assert "<script>alert" not in country.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in country.text


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", ["mougraph"]),
        ("/instruments?lang=en", ["Memorandum of understanding: Thailand–Laos", "Thailand–Japan (2017)"]),
        ("/countries?lang=en", ["Laos", "Japan", "Thailand"]),
        ("/countries?all=1&lang=en", ["Zimbabwe"]),
        ("/organizations?lang=en", ["Ministry of Digital Economy and Society"]),
        ("/areas?lang=en", ["Cybersecurity", "Postal services", "5G"]),
        ("/modalities?lang=en", ["Training"]),
        ("/principles?lang=en", ["Equality"]),
        ("/announcements?lang=en", ["thaigov-60838"]),
        ("/thesaurus?lang=en", ["Cybersecurity", "Training", "Equality"]),
        ("/charts", []),
    ],
)
def test_index_pages(client: httpx.Client, path: str, expected: list[str]) -> None:
    response = client.get(path)
    assert response.status_code == 200
    document = parse(response.text)
    text = alltext(document)
    for each in expected:
        assert each in text, each


def test_counts_on_index_pages(client: httpx.Client) -> None:
    document = parse(client.get("/countries?lang=en").text)
    rows = {
        "".join(row[0].itertext()).strip(): "".join(row[-1].itertext()).strip()
        for row in document.iter(XHTML + "tr")  # type: ignore[attr-defined]
        if row.find(XHTML + "td") is not None
    }
    assert rows["Thailand"] == "3"
    assert rows["Japan"] == "2"
    assert rows["Laos"] == "1"
    home = parse(client.get("/?lang=en").text)
    cards = texts(home, "li")
    assert any(card.startswith("3") and "Instruments" in card for card in cards), cards


def test_every_page_is_valid_html_with_unique_ids(client: httpx.Client) -> None:
    for path in (
        "/",
        LAOS_MOU,
        LAOS_MOU + "?lang=en",
        "/id/announcement/thaigov-60838",
        "/id/evidence/thaigov-60838/1579-1606-verbatimText",
        "/id/scheme/areas",
        "/ontology",
        "/ontology/scopeItem",
        "/thesaurus",
        "/search?q=ไซเบอร์",
        "/id/org/xss-test",
        "/id/nothing",
    ):
        response = client.get(path)
        document = parse(response.text)  # raises on a parse error
        ids = [e.get("id") for e in document.iter() if e.get("id")]  # type: ignore[attr-defined]
        assert len(ids) == len(set(ids)), path
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in response.text


# ---------------------------------------------------------------- search


def hits(client: httpx.Client, query: str) -> list[str]:
    response = client.get("/search", params={"q": query, "lang": "en"})
    assert response.status_code == 200
    document = parse(response.text)
    found = []
    for item in document.iter(XHTML + "li"):  # type: ignore[attr-defined]
        if "hit" in (item.get("class") or "").split():
            found.append(next(item.iter(XHTML + "a")).get("href"))
    return found


@pytest.mark.parametrize("query", ["ไซเบอร์", "cybersecurity", "Cybersecurity", "ความมั่นคงปลอดภัยทางไซเบอร์"])
def test_search_finds_the_cybersecurity_instruments_and_concept(client: httpx.Client, query: str) -> None:
    found = hits(client, query)
    assert found[0] == "/id/area/cybersecurity", found[:5]  # the label hit ranks first
    assert LAOS_MOU in found
    assert "/id/instrument/2022-08-02-th-jp-moc" in found


def test_search_by_country_and_prefix(client: httpx.Client) -> None:
    assert hits(client, "Laos")[0] == "/id/country/LA"
    assert LAOS_MOU in hits(client, "Laos")
    assert "/id/area/cybersecurity" in hits(client, "cyber")
    assert hits(client, "ลาว")[0] == "/id/country/LA"


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("", 200, "Type what to look for"),
        ("   ", 200, "Type what to look for"),
        ("\x00\x01\x1b", 200, "Type what to look for"),
        ("x" * 201, 400, "too long"),
        ("zzqqxx", 200, "Nothing found"),
        ("<script>alert(1)</script>", 200, "xss-test"),  # finds the hostile label, shown as text
    ],
)
def test_search_with_odd_queries(client: httpx.Client, query: str, status: int, message: str) -> None:
    response = client.get("/search", params={"q": query, "lang": "en"})
    assert response.status_code == status
    assert message in response.text
    assert "<script>alert" not in response.text
    parse(response.text)


# ---------------------------------------------------------------- caching


def test_pages_revalidate(client: httpx.Client) -> None:
    first = client.get(LAOS_MOU + "?lang=en")
    etag = first.headers["etag"]
    assert first.headers["last-modified"]
    again = client.get(LAOS_MOU + "?lang=en", headers={"If-None-Match": etag})
    assert again.status_code == 304
    other_language = client.get(LAOS_MOU + "?lang=th", headers={"If-None-Match": etag})
    assert other_language.status_code == 200
    rdf = client.get(LAOS_MOU + ".ttl")
    assert client.get(LAOS_MOU + ".ttl", headers={"If-None-Match": rdf.headers["etag"]}).status_code == 304


def test_charts_routes(client: httpx.Client) -> None:
    charts = pytest.importorskip("mougraph.site.charts")
    for name in charts.NAMES:
        response = client.get(f"/charts/{name}.svg")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("image/svg+xml")
        assert "<svg" in response.text
    assert client.get("/charts/nothing.svg").status_code == 404
    page = client.get("/charts")
    assert page.text.count("<svg") >= len(charts.NAMES)


def test_charts_wiring_with_a_stand_in_module(client: httpx.Client, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pictures' routes and the home page's timeline, with a stand-in for mougraph.site.charts."""
    import sys
    import types

    stand_in = types.ModuleType("mougraph.site.charts")
    stand_in.NAMES = ("timeline", "matrix", "network")  # type: ignore[attr-defined]

    async def render(server: object, name: str, lang: str) -> str:
        link = '<a href="/id/country/LA"><text>ลาว</text></a>'
        return f'<svg viewBox="0 0 10 10" role="img"><title>{name}-{lang}</title>{link}</svg>'

    stand_in.render = render  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "mougraph.site.charts", stand_in)
    page = client.get("/charts?lang=en")
    assert page.status_code == 200
    for name in stand_in.NAMES:  # type: ignore[attr-defined]
        assert f"<title>{name}-en</title>" in page.text
    parse(page.text)
    svg = client.get("/charts/matrix.svg?lang=th")
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.text.startswith('<?xml version="1.0" encoding="utf-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')
    assert "<title>matrix-th</title>" in svg.text
    assert client.get("/charts/pie.svg").status_code == 404
    home = client.get("/?lang=th")
    assert "<title>timeline-th</title>" in home.text
    parse(home.text)
