"""The site's pieces without a server: URL mapping, negotiation, language, evidence excerpts, search ranking."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from mougraph.errors import ClientError
from mougraph.site import evidence, lang, negotiate, search, urls
from mougraph.site.names import Names

BASE = "https://w3id.org/mougraph/"


@pytest.mark.parametrize(
    "iri",
    [
        BASE + "id/country/LA",
        BASE + "id/person/ทิพานัน-ศิริชนะ",
        BASE + "id/org/kr-กระทรวงที่ดิน-โครงสร้างพื้นฐานและคมนาคม",
        BASE + "id/instrument/2022-10-25-th-la-mou/scope/7",
    ],
)
def test_href_round_trip(iri: str) -> None:
    href = urls.href(iri, BASE)
    assert href is not None
    assert href.isascii()  # Thai is percent-encoded UTF-8
    decoded = unquote(href, encoding="utf-8")
    assert urls.resource_iri(decoded.removeprefix("/id/"), BASE) == iri


def test_href_of_other_iris() -> None:
    assert urls.href(BASE + "ontology#scopeItem", BASE) == "/ontology/scopeItem"
    assert urls.href(BASE + "ontology", BASE) == "/ontology"
    assert urls.href(BASE + "graph/ontology", BASE) is None
    assert urls.href("https://example.org/id/x", BASE) is None
    assert urls.external("javascript:alert(1)") is None
    assert urls.external("data:text/html,<script>") is None
    assert urls.external('https://x.org/a"onmouseover=alert(1)') is None
    assert urls.external("https://x.org/ก") == "https://x.org/%E0%B8%81"


@pytest.mark.parametrize(
    ("accept", "key"),
    [
        (None, "html"),
        ("", "html"),
        ("*/*", "html"),
        ("text/*", "html"),
        ("application/xml", "rdfxml"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"),
        ("application/xml,application/xhtml+xml,text/html;q=0.9,text/plain;q=0.8,*/*;q=0.5", "html"),
        ("application/rdf+xml", "rdfxml"),
        ("application/json", "jsonld"),
        ("text/plain", "nt"),
        ("application/x-turtle", "ttl"),
        ("text/turtle;q=0.5, application/n-triples;q=0.6", "nt"),
        ("text/html;q=0, */*;q=0.1", "ttl"),
        ("garbage", "html"),
    ],
)
def test_choose(accept: str | None, key: str) -> None:
    assert negotiate.choose(accept).key == key


def test_choose_refuses() -> None:
    with pytest.raises(ClientError) as raised:
        negotiate.choose("image/png, application/pdf")
    assert raised.value.status == 406


@pytest.mark.parametrize(
    ("header", "expected"),
    [("", "th"), ("en", "en"), ("en-US,en;q=0.9", "en"), ("th;q=0.2, en;q=0.1", "th"), ("en;q=abc, th", "th")],
)
def test_accept_language(header: str, expected: str) -> None:
    assert lang.from_accept_language(header) == expected


def test_words_in_both_languages() -> None:
    assert set(lang.words("th")) == set(lang.words("en"))
    assert all(lang.words("th").values())


def test_excerpt_cuts_long_lines_and_keeps_the_span() -> None:
    line = "ก" * 500 + "เป้าหมาย" + "ข" * 500
    text = "หัวเรื่อง\n" + line + "\nท้าย"
    start = text.index("เป้าหมาย")
    first, length = evidence.window(start, start + 8)
    window = text[first - 1 : first - 1 + length]
    found = evidence.excerpt(window, first - 1, start, start + 8, text_ends=len(window) < length)
    assert found is not None
    assert found.mark == "เป้าหมาย"
    assert found.cut_before
    assert found.cut_after
    assert len(found.before) <= evidence.CONTEXT
    assert evidence.excerpt(window, first - 1, 0, 5) is None  # the span is outside the window


def test_segments_mark_overlapping_spans() -> None:
    parts = evidence.segments("0123456789", [(2, 6, "a"), (4, 8, "b"), (50, 60, "outside")])
    assert "".join(p.text for p in parts) == "0123456789"
    marked = [p.text for p in parts if p.marked]
    assert marked == ["23", "45", "67"]
    assert [p.anchors for p in parts if p.anchors] == [("span-2-6",), ("span-4-8",)]


def test_made_names_and_fallbacks() -> None:
    names = Names()
    names.labels["x:a"]["en"].append("Alpha")
    names.made["x:a"]["th"] = "ชื่อที่สร้าง"
    names.labels["x:b"][""].append("no language")
    assert names.label("x:a", "en") == "Alpha"
    assert names.label("x:a", "th") == "ชื่อที่สร้าง"  # a made name in the language beats the other language
    assert names.label_lang("x:a", "th") == "th"
    assert names.label("x:b", "th") == "no language"
    assert names.label("http://www.w3.org/2004/02/skos/core#prefLabel", "en") == "preferred label"
    assert names.label("http://example.org/v#thing", "th") == "thing"


@pytest.fixture(scope="module")
def index() -> search.Index:
    from mougraph.tokens import load_dictionary

    built = search.Index(load_dictionary([]))
    built.add(search.Field("area:cyber", "ความมั่นคงปลอดภัยทางไซเบอร์", search.LABEL, "th"))
    built.add(search.Field("area:cyber", "Cybersecurity", search.LABEL, "en"))
    built.add(search.Field("inst:la", "Cybersecurity", search.RELATED, "en"))
    built.add(search.Field("inst:la", "ความร่วมมือด้านความมั่นคงปลอดภัยไซเบอร์", search.TEXT, "th"))
    built.add(search.Field("country:LA", "ลาว", search.LABEL, "th"))
    built.add(search.Field("country:LA", "Laos", search.LABEL, "en"))
    built.add(search.Field("inst:la", "Laos", search.RELATED, "en"))
    built.add(search.Field("area:cloud", "คลาวด์คอมพิวติ้ง", search.LABEL, "th"))
    built.freeze()
    return built


def test_search_ranks_labels_before_related_names(index: search.Index) -> None:
    assert [hit.iri for hit in index.search("ไซเบอร์")] == ["area:cyber", "inst:la"]
    assert [hit.iri for hit in index.search("cyber")] == ["area:cyber", "inst:la"]
    assert [hit.iri for hit in index.search("laos")] == ["country:LA", "inst:la"]
    assert index.search("ลาว")[0].iri == "country:LA"
    assert "area:cloud" not in [hit.iri for hit in index.search("ลาว")]  # no infix match when words match


def test_search_all_words_must_match_unless_none_does(index: search.Index) -> None:
    assert [hit.iri for hit in index.search("cybersecurity laos")] == ["inst:la"]
    assert {hit.iri for hit in index.search("cybersecurity zzzz")} == {"area:cyber", "inst:la"}
    assert index.search("") == []
    assert index.search("และ") == []


def test_snippet_marks_the_word() -> None:
    assert search.snippet("abc Cyber def", ("cyber",)) == ("abc ", "Cyber", " def")
    assert search.snippet("nothing here", ("zzz",))[1] == ""
