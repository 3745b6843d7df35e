"""The query catalogue: headers parse, parameters bind safely, and each query gives the seeds' answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from mougraph.catalogue import (
    KINDS,
    CatalogueQuery,
    Parameter,
    bind,
    find_query,
    load_catalogue,
    parse_query,
    parse_term,
    run,
    term,
)
from mougraph.errors import BadInput, NotFound

from .conftest import ROOT

QUERIES = ROOT / "queries"
ID = "https://w3id.org/mougraph/id/"
LAOS = ID + "instrument/2022-10-25-th-la-mou"
JAPAN = ID + "instrument/2022-08-02-th-jp-moc"
JAPAN_2017 = ID + "instrument/2017-th-jp-moc"


@pytest.fixture(scope="module")
def catalogue() -> dict[str, CatalogueQuery]:
    return load_catalogue(QUERIES)


Row = dict[str, Any]


@pytest.fixture(scope="module")
def ask(seed_store: ox.Store, catalogue: dict[str, CatalogueQuery]) -> Any:
    """Run a catalogue query on the seed store; rows as dicts of plain values (None when unbound)."""

    def answer(name: str, **values: str) -> list[Row]:
        solutions = run(seed_store, catalogue[name], values)
        names = [v.value for v in solutions.variables]
        return [{n: (None if row[n] is None else row[n].value) for n in names} for row in solutions]

    return answer


# ---------------------------------------------------------------- the catalogue itself


def test_the_catalogue_has_the_analysts_questions(catalogue: dict[str, CatalogueQuery]) -> None:
    assert len(catalogue) >= 14
    for query in catalogue.values():
        assert query.title_en, query.name
        assert query.title_th, query.name
        assert query.description, query.name
        assert any("\u0e00" <= ch <= "\u0e7f" for ch in query.title_th), f"{query.name}: title@th is not Thai"
        assert all(p.default is not None for p in query.parameters), f"{query.name}: every parameter has a default"


def test_every_query_runs_with_its_defaults(seed_store: ox.Store, catalogue: dict[str, CatalogueQuery]) -> None:
    for query in catalogue.values():
        solutions = run(seed_store, query)
        assert isinstance(solutions, ox.QuerySolutions), query.name
        list(solutions)


def test_header_is_parsed(catalogue: dict[str, CatalogueQuery]) -> None:
    query = catalogue["instruments-with-country"]
    assert query.title_en == "Instruments with a given country"
    assert query.title_th == "เอกสารความร่วมมือกับประเทศที่กำหนด"
    assert query.description.startswith("Every instrument that involves the country")
    assert query.parameters == (
        Parameter("country", "country", "JP", "the country, an ISO 3166-1 alpha-2 code (e.g. LA, JP, KR)"),
    )
    assert query.text.startswith("# title@en:")


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        ("# title@th: ไทย\n", "line 1: the header has no '# title@en: …' line"),
        ("# title@en: A\n# title@th: ไทย\n# colour: red\n", "line 3: unknown header key 'colour'"),
        ("# title@en: A\n# title@th: ไทย\n# just a comment\n", "line 3: header lines read '# key: value'"),
        ("# title@en: A\n# title@en: B\n# title@th: ไทย\n", "line 2: 'title@en' is given twice"),
        ("# title@en: A\n# title@th: ไทย\n# param: x country\n", "line 3: a parameter reads"),
        ("# title@en: A\n# title@th: ไทย\n# param: x colour = red — c\n", "line 3: unknown parameter kind 'colour'"),
        ("# title@en: A\n# title@th: ไทย\n# param: x date = 2022-13-01 — d\n", "line 3: bad default"),
        ("# title@en: A\n# title@th: ไทย\n# param: y country = TH — c\n", "parameter 'y' is not used as ?y"),
    ],
)
def test_malformed_header_names_file_and_line(tmp_path: Path, header: str, problem: str) -> None:
    path = tmp_path / "bad.rq"
    path.write_text(header + "SELECT ?x WHERE { ?x ?p ?o }\n", encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        parse_query(path)
    assert caught.value.where == str(path)
    assert problem in caught.value.problem


def test_a_double_hyphen_separates_the_description_too(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text("# title@en: A\n# title@th: ก\n# param: y year = 2022 -- a year\nSELECT ?y {}\n", encoding="utf-8")
    assert parse_query(path).parameters == (Parameter("y", "year", "2022", "a year"),)


def test_unknown_query_lists_the_known_ones(catalogue: dict[str, CatalogueQuery]) -> None:
    with pytest.raises(NotFound, match=r"known queries: .*partners-by-country-year"):
        find_query(catalogue, "partners")


# ---------------------------------------------------------------- binding


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("country", "la", "<https://w3id.org/mougraph/id/country/LA>"),
        ("area", "5g", "<https://w3id.org/mougraph/id/area/5g>"),
        ("modality", "training", "<https://w3id.org/mougraph/id/modality/training>"),
        ("principle", "equality", "<https://w3id.org/mougraph/id/principle/equality>"),
        ("iri", "instrument/2017-th-jp-moc", "<https://w3id.org/mougraph/id/instrument/2017-th-jp-moc>"),
        ("iri", "https://example.org/x", "<https://example.org/x>"),
        ("iri", "person/ทิพานัน-ศิริชนะ", "<https://w3id.org/mougraph/id/person/ทิพานัน-ศิริชนะ>"),
        ("date", "2022-08-05", '"2022-08-05"^^<http://www.w3.org/2001/XMLSchema#date>'),
        ("year", "2022", '"2022"^^<http://www.w3.org/2001/XMLSchema#integer>'),
        ("year", "2565", '"2022"^^<http://www.w3.org/2001/XMLSchema#integer>'),
        ("integer", "-7", '"-7"^^<http://www.w3.org/2001/XMLSchema#integer>'),
        ("string", 'ไซเบอร์ "x"', '"ไซเบอร์ \\"x\\""'),
        ("string", "ไซ\u200bเบอร์", '"ไซเบอร์"'),
        ("string", "\u0e01\u0e49\u0e33", '"\u0e01\u0e49\u0e33"'),  # SARA AM kept (NFC, not NFKC)
    ],
)
def test_values_become_terms(kind: str, value: str, expected: str) -> None:
    assert str(term(Parameter("p", kind, None, ""), value)) == expected


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("country", "JPN"),
        ("country", "J1"),
        ("area", "5G networks"),
        ("area", "../x"),
        ("iri", "https://example.org/a b"),
        ("iri", "x> } ; DROP ALL ; <y"),
        ("iri", ""),
        ("date", "2022-02-30"),
        ("date", "2022-8-5"),
        ("year", "22"),
        ("integer", "1e3"),
        ("string", "a\x00b"),
    ],
)
def test_bad_values_are_refused(kind: str, value: str) -> None:
    with pytest.raises(BadInput, match=f"parameter p: .* is not {KINDS[kind].split(' (')[0]}"):
        term(Parameter("p", kind, None, ""), value)


def test_bind_applies_defaults_and_refuses_unknown_parameters(catalogue: dict[str, CatalogueQuery]) -> None:
    query = catalogue["decisions-by-date"]
    assert bind(query, {"to": "2022-12-31"}) == {
        "from": '"2000-01-01"^^<http://www.w3.org/2001/XMLSchema#date>',
        "to": '"2022-12-31"^^<http://www.w3.org/2001/XMLSchema#date>',
    }
    with pytest.raises(BadInput, match="unknown parameter 'until'; it takes: from, to"):
        bind(query, {"until": "2022-12-31"})


def test_a_required_parameter_must_be_given(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text("# title@en: A\n# title@th: ก\n# param: c country — a country\nSELECT ?c {}\n", encoding="utf-8")
    with pytest.raises(BadInput, match="parameter 'c' is required"):
        bind(parse_query(path), {})


def test_terms_round_trip_through_n_triples() -> None:
    for text in ['"ลาว"@th', '"a\\"b"', "<https://w3id.org/mougraph/id/country/LA>", '"5"^^<urn:x:t>']:
        assert str(parse_term(text)) == text
    with pytest.raises(BadInput):
        parse_term("<a> <b> <c> . <d>")


def test_a_string_value_cannot_change_the_query(ask: Any) -> None:
    """Substitution binds a term, it never edits the query text."""
    assert ask("scope-search", text='"))} ; SELECT * WHERE { ?s ?p ?o } #') == []


def test_a_query_that_does_not_project_its_parameter_is_a_clear_error(seed_store: ox.Store, tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text(
        "# title@en: A\n# title@th: ก\n# param: c country = TH — a country\n"
        "SELECT ?i WHERE { ?i <https://w3id.org/mougraph/ontology#involvesCountry> ?c }\n",
        encoding="utf-8",
    )
    with pytest.raises(BadInput, match="SELECT projection"):
        run(seed_store, parse_query(path))


# ---------------------------------------------------------------- the seeds' answers


def test_partners_by_country_and_year(ask: Any) -> None:
    rows = ask("partners-by-country-year")
    assert [(r["year"], r["country_code"], r["partner"], r["instruments"]) for r in rows] == [
        ("2022", "JP", ID + "org/jp-mic", "1"),
        ("2022", "LA", ID + "org/la-mtc", "1"),
        ("2017", "JP", ID + "org/jp-mic", "1"),
    ]
    assert (rows[1]["country_en"], rows[1]["country_th"]) == ("Laos", "ลาว")
    assert rows[0]["partner_th"] == "กระทรวงกิจการภายในและการสื่อสาร"


def test_instruments_by_area(ask: Any) -> None:
    rows = {r["code"]: r for r in ask("instruments-by-area")}
    assert len(rows) == 32  # 26 Laos areas + 11 Japan areas - 5 shared
    shared = {"postal", "ict", "cybersecurity", "knowledge-exchange", "human-resource-development"}
    assert {code for code, r in rows.items() if r["instruments"] == "2"} == shared
    assert rows["5g"]["broader_code"] == "radio-communication"
    assert rows["postal"]["area_th"] == "ไปรษณีย์"


def test_most_active_organizations(ask: Any) -> None:
    rows = ask("active-organizations")
    assert [(r["organization"], r["instruments"], r["as_party"], r["as_proposer"]) for r in rows] == [
        (ID + "org/th-mdes", "3", "3", "1"),
        (ID + "org/jp-mic", "2", "2", "0"),
        (ID + "org/la-mtc", "1", "1", "0"),
    ]


def test_areas_by_year(ask: Any) -> None:
    rows = ask("areas-by-year")
    assert {r["year"] for r in rows} == {"2022"}  # the 2017 MoC has no recorded scope
    assert ("2022", "postal", "2") in {(r["year"], r["code"], r["instruments"]) for r in rows}
    assert ("2022", "5g", "1") in {(r["year"], r["code"], r["instruments"]) for r in rows}


def test_superseded_instruments(ask: Any) -> None:
    assert ask("superseded-instruments") == [
        {
            "replaced": JAPAN_2017,
            "replaced_signing_year": "2017",
            "replaced_expiry": "2022-06-07",
            "successor": JAPAN,
            "successor_title": "ร่างบันทึกความร่วมมือระหว่างกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม แห่งราชอาณาจักรไทยและ"
            "กระทรวงกิจการภายในและการสื่อสารแห่งประเทศญี่ปุ่น ว่าด้วยความร่วมมือด้านเทคโนโลยีสารสนเทศ การสื่อสารและดิจิทัล",
            "successor_decided": "2022-08-02",
        }
    ]


def test_awaiting_signature(ask: Any) -> None:
    rows = ask("awaiting-signature")
    assert [(r["instrument"], r["planned_date"], r["planned_place"], r["countries"]) for r in rows] == [
        (JAPAN, "2022-08-05", "ประเทศไทย", "JP")
    ]


def test_scope_items_with_their_source_sentence(ask: Any) -> None:
    rows = ask("scope-items-with-evidence")
    laos = [r for r in rows if r["instrument"] == LAOS]
    assert len(laos) == 15
    assert len(rows) == 21
    assert [int(r["ordinal"]) for r in laos] == list(range(1, 16))
    seventh = laos[6]
    assert seventh["text"] == seventh["quote"] == "ความมั่นคงปลอดภัยทางไซเบอร์"
    assert (seventh["start"], seventh["end"]) == ("1579", "1606")
    assert seventh["url"] == "https://www.thaigov.go.th/news/contents/details/60838"
    assert all(r["quote"] == r["text"] for r in rows)


@pytest.mark.parametrize(
    ("country", "expected"),
    [("JP", [JAPAN, JAPAN_2017]), ("la", [LAOS]), ("TH", [LAOS, JAPAN, JAPAN_2017]), ("KR", [])],
)
def test_instruments_with_a_country(ask: Any, country: str, expected: list[str]) -> None:
    rows = ask("instruments-with-country", country=country)
    assert [r["instrument"] for r in rows] == expected
    assert all(r["country"] == ID + "country/" + country.upper() for r in rows)


def test_instruments_with_a_country_describe_them(ask: Any) -> None:
    rows = {r["instrument"]: r for r in ask("instruments-with-country")}
    assert rows[JAPAN]["kind"] == "Memorandum of cooperation"
    assert rows[JAPAN]["decided"] == "2022-08-02"
    assert rows[JAPAN_2017]["signed"] == "2017"
    assert set(rows[JAPAN_2017]["parties"].split()) == {ID + "org/th-mdes", ID + "org/jp-mic"}


@pytest.mark.parametrize(
    ("area", "expected"),
    [
        ("telecommunications", {LAOS: {"telecommunications"}, JAPAN: {"radio-communication", "5g"}}),
        ("radio-communication", {JAPAN: {"radio-communication", "5g"}}),
        ("digital-innovation", {LAOS: {"digital-innovation", "big-data", "iot", "cloud-computing"}}),
        ("postal", {LAOS: {"postal"}, JAPAN: {"postal"}}),
        ("space-satellite", {}),
    ],
)
def test_instruments_on_an_area_follow_narrower(ask: Any, area: str, expected: dict[str, set[str]]) -> None:
    rows = ask("instruments-on-area", area=area)
    assert {r["instrument"]: set(r["matched"].split()) for r in rows} == expected


def test_modalities_most_used(ask: Any) -> None:
    rows = ask("modalities")
    assert len(rows) == 15  # 11 Laos + 8 Japan - 4 shared
    assert [r["code"] for r in rows[:4]] == ["expert-exchange", "joint-projects", "seminars", "training"]
    assert {r["instruments"] for r in rows[:4]} == {"2"}
    assert {r["instruments"] for r in rows[4:]} == {"1"}


def test_principles(ask: Any) -> None:
    assert [(r["code"], r["instruments"]) for r in ask("principles")] == [
        ("equality", "2"),
        ("mutual-benefit", "2"),
        ("reciprocity", "2"),
        ("mutual-respect", "1"),
    ]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({}, ["2022-08-02", "2022-10-25"]),
        ({"from": "2022-09-01"}, ["2022-10-25"]),
        ({"from": "2022-08-02", "to": "2022-08-02"}, ["2022-08-02"]),
        ({"to": "2021-12-31"}, []),
    ],
)
def test_cabinet_decisions_by_date_range(ask: Any, values: dict[str, str], expected: list[str]) -> None:
    rows = ask("decisions-by-date", **values)
    assert [r["date"] for r in rows] == expected
    assert all(r["kind"] == "Approve" for r in rows)


def test_decisions_link_to_their_announcement(ask: Any) -> None:
    (row,) = ask("decisions-by-date", **{"from": "2022-10-01"})
    assert row["instrument"] == LAOS
    assert row["url"] == "https://www.thaigov.go.th/news/contents/details/60838"


def test_all_evidence_for_one_instrument(ask: Any) -> None:
    laos = ask("evidence-for-instrument", instrument="instrument/2022-10-25-th-la-mou")
    # 2 on the decision, 19 on the instrument (title, 2 parties, proposer, count, 11 modalities, 3 principles), 15 items
    assert len(laos) == 36
    assert {r["instrument"] for r in laos} == {LAOS}
    by_property: dict[str, int] = {}
    for r in laos:
        by_property[r["property"]] = by_property.get(r["property"], 0) + 1
    mg = "https://w3id.org/mougraph/ontology#"
    assert by_property[mg + "verbatimText"] == 15
    assert by_property[mg + "modality"] == 11
    assert by_property[mg + "party"] == 2
    party = [r["quote"] for r in laos if r["property"] == mg + "party"]
    assert party == ["กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคมของไทย", "กระทรวงเทคโนโลยีและการสื่อสารแห่ง สปป.ลาว"]
    japan = ask("evidence-for-instrument")
    planned = [r for r in japan if r["property"] == mg + "plannedSigningDate"]
    assert [(r["quote"], r["start"], r["end"]) for r in planned] == [("จะมีขึ้นในวันที่ 5 ส.ค. 2565", "846", "874")]
    assert len(japan) == 25


def test_organizations_not_in_the_gazetteer(ask: Any, seed_store: ox.Store, catalogue: dict[str, Any]) -> None:
    assert ask("unresolved-organizations") == []
    store = ox.Store()
    store.extend(seed_store.quads_for_pattern(None, None, None, None))
    graph = ox.NamedNode("https://w3id.org/mougraph/graph/announcement/test")
    stranger = ox.NamedNode(ID + "org/xx-unknown")
    store.add(ox.Quad(ox.NamedNode(LAOS), ox.NamedNode("https://w3id.org/mougraph/ontology#party"), stranger, graph))
    store.add(ox.Quad(stranger, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("นิรนาม"), graph))
    rows = list(run(store, catalogue["unresolved-organizations"]))
    assert [(r["organization"].value, r["name"].value, r["instruments"].value) for r in rows] == [
        (stranger.value, "นิรนาม", "1")
    ]


def test_instruments_by_kind(ask: Any) -> None:
    assert [(r["kind_en"], r["kind_th"], r["instruments"]) for r in ask("instruments-by-kind")] == [
        ("Memorandum of cooperation", "บันทึกความร่วมมือ", "2"),
        ("Memorandum of understanding", "บันทึกความเข้าใจ", "1"),
    ]


@pytest.mark.parametrize(("before", "expected"), [("2030-12-31", [JAPAN_2017]), ("2022-06-06", [])])
def test_expiring_instruments(ask: Any, before: str, expected: list[str]) -> None:
    rows = ask("expiring-instruments", before=before)
    assert [r["instrument"] for r in rows] == expected
    assert all(r["successor"] == JAPAN and r["expiry"] == "2022-06-07" for r in rows)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ไซเบอร์", [(JAPAN, "3"), (LAOS, "7")]),
        ("ไปรษณีย์", [(JAPAN, "4"), (LAOS, "1"), (LAOS, "12"), (LAOS, "14")]),
        ("5G", [(JAPAN, "5")]),
        ("ดาวเทียม", []),
    ],
)
def test_scope_search(ask: Any, text: str, expected: list[tuple[str, str]]) -> None:
    rows = ask("scope-search", text=text)
    assert sorted((r["instrument"], r["ordinal"]) for r in rows) == sorted(expected)
    assert all(text in r["scope_text"] for r in rows)


def test_scope_count_mismatch_is_empty_on_the_seeds(ask: Any) -> None:
    assert ask("scope-count-mismatch") == []  # Laos states 15 and lists 15


def test_announcements(ask: Any) -> None:
    rows = ask("announcements")
    assert [(r["issued"], r["spokesperson"], r["decisions"]) for r in rows] == [
        ("2022-10-25", "ทิพานัน ศิริชนะ", "1"),
        ("2022-08-02", "ไตรศุลี ไตรสรณกุล", "1"),
    ]
