"""The pictures (timeline, matrix, network): pure functions on hand-made rows, then render on a live server."""

from __future__ import annotations

import itertools
import random
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from mougraph.errors import ClientError, NotFound
from mougraph.site import charts, svg
from mougraph.site.chart_data import MG, THAILAND, Facts, facts
from mougraph.site.chart_matrix import bins, matrix
from mougraph.site.chart_network import network, spread
from mougraph.site.chart_timeline import TIMELINE_WIDTH, timeline

SVG = "{http://www.w3.org/2000/svg}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ID = "https://w3id.org/mougraph/id/"
XSS = "<script>alert(1)</script>"

Row = dict[str, dict[str, str]]


# ---------------------------------------------------------------- hand-made rows


def uri(value: str) -> dict[str, str]:
    return {"type": "uri", "value": value}


def lit(value: str, lang: str | None = None, datatype: str | None = None) -> dict[str, str]:
    term = {"type": "literal", "value": value}
    if lang:
        term["xml:lang"] = lang
    if datatype:
        term["datatype"] = datatype
    return term


@dataclass
class Made:
    """An instrument to turn into rows: parties are (IRI, country IRI or None)."""

    slug: str
    kind: str = "MemorandumOfUnderstanding"
    decided: str | None = None
    published: str | None = None
    parties: Sequence[tuple[str, str | None]] = ()
    countries: Sequence[str] = ()
    areas: Sequence[str] = ()
    title: str = "บันทึกความเข้าใจ"

    @property
    def iri(self) -> str:
        return f"{ID}instrument/{self.slug}"


def country(code: str) -> str:
    return f"{ID}country/{code}"


def org(slug: str) -> str:
    return f"{ID}org/{slug}"


def area(code: str) -> str:
    return f"{ID}area/{code}"


LABELS: dict[str, list[tuple[str, str, str]]] = {
    country("TH"): [("pref", "th", "ไทย"), ("pref", "en", "Thailand"), ("code", "", "TH")],
    country("LA"): [("pref", "th", "ลาว"), ("pref", "en", "Laos"), ("code", "", "LA")],
    country("JP"): [("pref", "th", "ญี่ปุ่น"), ("pref", "en", "Japan"), ("code", "", "JP")],
    org("th-mdes"): [
        ("pref", "th", "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม"),
        ("pref", "en", "Ministry of Digital Economy and Society"),
        ("alt", "th", "กระทรวงดิจิทัลฯ"),
        ("abbr", "en", "MDES"),
    ],
    org("th-moc"): [("pref", "th", "กระทรวงพาณิชย์"), ("pref", "en", "Ministry of Commerce")],
    org("la-mtc"): [("pref", "th", "กระทรวงเทคโนโลยีและการสื่อสาร"), ("abbr", "en", "MTC")],
    org("jp-mic"): [("pref", "th", "กระทรวงกิจการภายในและการสื่อสาร"), ("abbr", "en", "MIC")],
    org("int-asean"): [
        ("pref", "th", "สมาคมประชาชาติแห่งเอเชียตะวันออกเฉียงใต้"),
        ("pref", "en", "Association of Southeast Asian Nations"),
        ("alt", "th", "อาเซียน"),
        ("abbr", "en", "ASEAN"),
    ],
    area("postal"): [("pref", "th", "ไปรษณีย์"), ("pref", "en", "Postal services")],
    area("ict"): [("pref", "th", "เทคโนโลยีสารสนเทศและการสื่อสาร"), ("pref", "en", "ICT")],
    area("cybersecurity"): [("pref", "th", "ความมั่นคงปลอดภัยไซเบอร์"), ("pref", "en", "Cybersecurity")],
    MG + "MemorandumOfUnderstanding": [("pref", "th", "บันทึกความเข้าใจ"), ("pref", "en", "Memorandum of understanding")],
    MG + "MemorandumOfCooperation": [("pref", "th", "บันทึกความร่วมมือ"), ("pref", "en", "Memorandum of cooperation")],
    MG + "JointStatement": [("pref", "th", "แถลงการณ์ร่วม"), ("pref", "en", "Joint statement")],
    MG + "Agreement": [("pref", "th", "ความตกลง"), ("pref", "en", "Agreement")],
}

TH_MDES = (org("th-mdes"), country("TH"))
TH_MOC = (org("th-moc"), country("TH"))
LA_MTC = (org("la-mtc"), country("LA"))
JP_MIC = (org("jp-mic"), country("JP"))
ASEAN = (org("int-asean"), None)

SMALL = [
    Made(
        "2022-10-25-th-la-mou",
        decided="2022-10-25",
        parties=[TH_MDES, LA_MTC],
        countries=["TH", "LA"],
        areas=["postal", "ict"],
    ),
    Made(
        "2022-08-02-th-jp-moc",
        "MemorandumOfCooperation",
        decided="2022-08-02",
        parties=[TH_MDES, JP_MIC],
        countries=["TH", "JP"],
        areas=["ict"],
    ),
    Made(
        "2019-10-22-th-joint-statement",
        "JointStatement",
        published="2019-10-22",
        parties=[TH_MDES, ASEAN],
        countries=["TH"],
        areas=["cybersecurity"],
    ),
    Made(
        "2022-10-04-th-jp-agreement",
        "Agreement",
        decided="2022-10-04",
        parties=[TH_MOC, JP_MIC],
        countries=["TH", "JP"],
        areas=["postal"],
    ),
]


def rows_of(made: Sequence[Made], labels: Mapping[str, list[tuple[str, str, str]]] = LABELS) -> dict[str, list[Row]]:
    """The rows the queries of chart_data would return for ``made``."""
    rows: dict[str, list[Row]] = {name: [] for name in ("instruments", "parties", "countries", "areas", "labels")}
    for each in made:
        row: Row = {"instrument": uri(each.iri), "class": uri(MG + each.kind), "title": lit(each.title, "th")}
        if each.decided:
            row["decided"] = lit(each.decided, datatype="http://www.w3.org/2001/XMLSchema#date")
        if each.published or each.decided:
            row["published"] = lit(
                each.published or each.decided or "", datatype="http://www.w3.org/2001/XMLSchema#date"
            )
        rows["instruments"].append(row)
        for party, where in each.parties:
            rows["parties"].append(
                {"instrument": uri(each.iri), "party": uri(party), **({"country": uri(where)} if where else {})}
            )
        rows["countries"] += [{"instrument": uri(each.iri), "country": uri(country(code))} for code in each.countries]
        rows["areas"] += [{"instrument": uri(each.iri), "top": uri(area(code))} for code in each.areas]
    for entity, found in labels.items():
        for kind, lang, text in found:
            rows["labels"].append({"entity": uri(entity), "kind": lit(kind), "label": lit(text, lang or None)})
    return rows


def parse(picture: str) -> ET.Element:
    """The picture parsed as XML (fails on anything not well-formed)."""
    return ET.fromstring(picture)


def texts(root: ET.Element) -> str:
    return "\n".join(root.itertext())


def links(root: ET.Element) -> list[str]:
    return [element.attrib["href"] for element in root.iter(f"{SVG}a")]


@pytest.fixture(scope="module")
def small() -> Facts:
    return facts(rows_of(SMALL))


# ---------------------------------------------------------------- the model


def test_facts_read_kinds_dates_and_partners(small: Facts) -> None:
    by_iri = {instrument.iri: instrument for instrument in small.instruments}
    statement = by_iri[SMALL[2].iri]
    assert statement.kind == MG + "JointStatement"
    assert statement.decided is None
    assert statement.published == date(2019, 10, 22)
    assert small.partners(statement) == (org("int-asean"),), "a party without a country is a partner itself"
    assert small.partners(by_iri[SMALL[0].iri]) == (country("LA"),), "Thailand is never a partner"
    assert small.thai_parties(by_iri[SMALL[3].iri]) == (org("th-moc"),)


def test_the_most_specific_class_names_the_kind() -> None:
    rows = rows_of([Made("x", "JointStatement", decided="2020-01-01")])
    rows["instruments"] += [
        dict(rows["instruments"][0], **{"class": uri(MG + kind)}) for kind in ("CooperationInstrument", "Declaration")
    ]
    assert facts(rows).instruments[0].kind == MG + "Declaration"


def test_labels_fall_back_to_the_other_language_then_to_the_iri(small: Facts) -> None:
    assert small.name(country("LA"), "en") == "Laos"
    assert small.name(org("la-mtc"), "en") == "กระทรวงเทคโนโลยีและการสื่อสาร"  # no English label in the data
    assert small.name(org("nowhere"), "th") == "nowhere"
    assert small.short(org("int-asean"), "th", 12, 100) == "อาเซียน"
    assert small.short(org("int-asean"), "en", 12, 100) == "ASEAN"


@pytest.mark.parametrize(("text", "same"), [("ที่", "ท"), ("กระทรวงดิจิทัลฯ", "กระทรวงดจทลฯ")])
def test_thai_marks_take_no_width(text: str, same: str) -> None:
    assert svg.text_width(text, 12) == svg.text_width(same, 12) > 0


# ---------------------------------------------------------------- timeline


def test_timeline_positions_are_monotone_by_date(small: Facts) -> None:
    marks = timeline(small, "th").marks
    assert [mark.iri for mark in marks] == [SMALL[i].iri for i in (2, 1, 3, 0)]
    positions = [(mark.y, mark.x) for mark in sorted(marks, key=lambda mark: (mark.day, mark.iri))]
    assert positions == sorted(positions)
    assert len({mark.y for mark in marks}) == 3, "the two October instruments share a month row"


def test_a_dense_month_wraps_and_stays_in_order() -> None:
    start = date(2023, 5, 1)
    made = [
        Made(f"i{n:02}", decided=(start + timedelta(days=n % 28)).isoformat(), parties=[TH_MDES, JP_MIC])
        for n in range(40)
    ]
    layout = timeline(facts(rows_of(made)), "en")
    ordered = sorted(layout.marks, key=lambda mark: (mark.day, mark.iri))
    assert [(mark.y, mark.x) for mark in ordered] == sorted((mark.y, mark.x) for mark in ordered)
    assert len({mark.y for mark in layout.marks}) > 3, "40 chips do not fit one line"
    assert all(mark.x + mark.width <= TIMELINE_WIDTH - svg.MARGIN for mark in layout.marks)
    assert sum(1 for tick in layout.ticks if not tick.year) == 1, "one month row"


def test_timeline_years_are_buddhist_era_in_thai(small: Facts) -> None:
    thai = [tick.label for tick in timeline(small, "th").ticks if tick.year]
    english = [tick.label for tick in timeline(small, "en").ticks if tick.year]
    assert thai == ["2562 (2019)", "2563 (2020) – 2564 (2021)", "2565 (2022)"], "quiet years share one header"
    assert english == ["2019", "2020 – 2021", "2022"]
    assert "ต.ค." in texts(parse(charts.draw("timeline", small, "th")))


def test_timeline_falls_back_to_the_announcement_date_with_a_hollow_mark(small: Facts) -> None:
    mark = next(mark for mark in timeline(small, "en").marks if mark.iri == SMALL[2].iri)
    assert (mark.day, mark.by_decision) == (date(2019, 10, 22), False)
    root = parse(charts.draw("timeline", small, "en"))
    chip = next(a for a in root.iter(f"{SVG}a") if a.attrib["href"].endswith(SMALL[2].slug))
    assert "announcement date" in texts(chip)
    assert any(shape.get("fill") == "#FFFFFF" for shape in chip if shape.tag != f"{SVG}rect")


def test_timeline_marks_link_to_instrument_pages_with_tooltips(small: Facts) -> None:
    root = parse(charts.draw("timeline", small, "th"))
    assert sorted(links(root)) == sorted(f"/id/instrument/{made.slug}" for made in SMALL)
    tooltip = next(a for a in root.iter(f"{SVG}a") if a.attrib["href"].endswith(SMALL[0].slug)).find(f"{SVG}title")
    assert tooltip is not None
    assert "25 ต.ค. 2565" in (tooltip.text or "")
    assert "ลาว" in (tooltip.text or "")


# ---------------------------------------------------------------- matrix


def test_matrix_counts_instruments_per_partner_and_area(small: Facts) -> None:
    layout = matrix(small, "en")
    counts = {(cell.partner, cell.area): cell.count for cell in layout.cells}
    assert counts[(country("JP"), area("ict"))] == 1
    assert counts[(country("JP"), area("postal"))] == 1
    assert counts[(country("LA"), area("postal"))] == 1
    assert counts[(org("int-asean"), area("cybersecurity"))] == 1
    assert counts[(country("LA"), area("cybersecurity"))] == 0
    assert next(row.iri for row in layout.rows) == country("JP"), "the partner with most instruments first"
    assert {column.iri for column in layout.columns} == {area("postal"), area("ict"), area("cybersecurity")}
    assert len(layout.cells) == len(layout.rows) * len(layout.columns)


def test_matrix_cells_link_to_the_partner_and_print_their_number(small: Facts) -> None:
    root = parse(charts.draw("matrix", small, "th"))
    assert "/id/country/JP" in links(root)
    assert "/id/org/int-asean" in links(root)
    cell = next(a for a in root.iter(f"{SVG}a") if a.find(f"{SVG}rect") is not None)
    number = cell.find(f"{SVG}text")
    assert number is not None
    assert number.text == "1"
    assert "จำนวนเอกสาร" in texts(root), "the legend"


def test_matrix_colour_classes() -> None:
    assert bins(1) == [(1, 1)]
    assert bins(6) == [(n, n) for n in range(1, 7)]
    assert bins(40)[-1] == (17, 40)
    assert all(low <= high for low, high in bins(100))


# ---------------------------------------------------------------- network


def shuffled(rows: dict[str, list[Row]], seed: int) -> dict[str, list[Row]]:
    generator = random.Random(seed)
    return {name: generator.sample(found, len(found)) for name, found in rows.items()}


def test_network_layout_is_deterministic(small: Facts) -> None:
    rows = rows_of(SMALL)
    first = charts.draw("network", facts(rows), "th")
    assert all(charts.draw("network", facts(shuffled(rows, seed)), "th") == first for seed in range(5))
    assert network(small, "th") == network(facts(shuffled(rows, 9)), "th")


def test_network_nodes_and_edges(small: Facts) -> None:
    layout = network(small, "en")
    roles = {node.iri: node.role for node in layout.nodes}
    assert roles == {
        THAILAND: "thailand",
        org("th-mdes"): "thai",
        org("th-moc"): "thai",
        country("LA"): "country",
        country("JP"): "country",
        org("int-asean"): "international",
        org("la-mtc"): "foreign",
        org("jp-mic"): "foreign",
    }
    weights = {(edge.source, edge.target): edge.weight for edge in layout.edges}
    assert weights[(THAILAND, org("th-mdes"))] == 3
    assert weights[(org("th-mdes"), country("JP"))] == 1
    assert weights[(country("JP"), org("jp-mic"))] == 2
    assert (org("th-moc"), country("LA")) not in weights
    size = {node.iri: node.r for node in layout.nodes}
    assert size[org("th-mdes")] > size[org("th-moc")], "node size grows with degree"


def test_network_labels_never_share_a_row(small: Facts) -> None:
    many = [
        Made(f"i{n}", decided="2021-01-01", parties=[TH_MDES, (org(f"xx-{n}"), country(code))], countries=["TH", code])
        for n, code in enumerate(["LA", "JP", "KH", "VN", "CN", "KR", "SG", "MY"] * 3)
    ]
    layout = network(facts(rows_of(many)), "th")
    columns: dict[float, list[float]] = {}
    for node in layout.nodes:
        columns.setdefault(node.x, []).append(node.y)
    for heights in columns.values():
        ordered = sorted(heights)
        assert all(b - a >= 24 - 1e-6 for a, b in itertools.pairwise(ordered))


def test_spread_keeps_order_and_gap() -> None:
    placed = spread({"a": 50.0, "b": 50.0, "c": 52.0, "d": 300.0}, 24.0, 0.0)
    assert placed["a"] < placed["b"] < placed["c"] < placed["d"] == 300.0
    assert placed["b"] - placed["a"] == pytest.approx(24.0)
    assert placed["c"] - placed["b"] == pytest.approx(24.0)
    assert placed["b"] == pytest.approx((50 + 50 + 52) / 3), "a crowded run is centred on its mean wish"


# ---------------------------------------------------------------- every picture


@pytest.mark.parametrize("name", charts.NAMES)
@pytest.mark.parametrize("lang", ["th", "en"])
def test_pictures_are_valid_scalable_accessible_svg(small: Facts, name: str, lang: str) -> None:
    root = parse(charts.draw(name, small, lang))
    assert root.tag == f"{SVG}svg"
    assert root.attrib["width"] == "100%"
    assert len(root.attrib["viewBox"].split()) == 4
    assert root.attrib["role"] == "img"
    assert root.attrib["lang"] == root.attrib[XML_LANG] == lang
    assert root.attrib["font-family"].startswith("'Noto Sans Thai', 'Sarabun', 'Tahoma', 'Leelawadee UI'")
    assert [child.tag for child in root][:2] == [f"{SVG}title", f"{SVG}desc"]
    ids = [element.attrib["id"] for element in root.iter() if "id" in element.attrib]
    assert root.attrib["aria-labelledby"].split() == ids
    assert all(id_.startswith(f"mg-chart-{name}-") for id_ in ids), "ids are unique per picture on a page"
    assert not [element for element in root.iter() if "style" in element.attrib or element.tag == f"{SVG}style"]
    assert all(href.startswith("/id/") for href in links(root))
    assert links(root)


def test_text_is_escaped_everywhere() -> None:
    labels = {
        **LABELS,
        country("JP"): [("pref", "th", XSS), ("pref", "en", XSS)],
        area("ict"): [("pref", "th", XSS), ("pref", "en", XSS)],
        org("jp-mic"): [("pref", "th", '"><img src=x onerror=alert(1)>'), ("abbr", "en", XSS)],
    }
    made = [
        *SMALL,
        Made("xss", decided="2023-01-01", parties=[TH_MDES, JP_MIC], countries=["TH", "JP"], areas=["ict"], title=XSS),
    ]
    data = facts(rows_of(made, labels))
    for name in charts.NAMES:
        for lang in ("th", "en"):
            picture = charts.draw(name, data, lang)
            root = parse(picture)
            assert not [
                element for element in root.iter() if element.tag.rsplit("}", 1)[-1].lower() in {"script", "img"}
            ]
            assert XSS in texts(root), (name, lang)
            assert "<script" not in picture


def test_links_go_only_to_pages_under_id_and_are_percent_encoded() -> None:
    thai_org = org("cn-รัฐบาลจีน")
    made = [
        Made("cn", decided="2023-01-01", parties=[TH_MDES, (thai_org, country("CN"))], countries=["TH", "CN"]),
        Made("evil", decided="2023-02-01", parties=[TH_MDES, ("javascript:alert(1)", None)], countries=["TH"]),
    ]
    root = parse(charts.draw("network", facts(rows_of(made)), "th"))
    hrefs = links(root)
    assert "/id/org/cn-%E0%B8%A3%E0%B8%B1%E0%B8%90%E0%B8%9A%E0%B8%B2%E0%B8%A5%E0%B8%88%E0%B8%B5%E0%B8%99" in hrefs
    assert all(href.startswith("/id/") and href.isascii() for href in hrefs)
    assert "alert(1)" in texts(root), "the odd party is shown, as text, without a link"


@pytest.mark.parametrize("name", charts.NAMES)
def test_an_empty_graph_says_no_data(name: str) -> None:
    for lang, words in (("th", "ไม่มีข้อมูล"), ("en", "No data")):
        root = parse(charts.draw(name, facts({}), lang))
        assert words in texts(root)
        assert root.attrib["viewBox"]


def test_unknown_picture_or_language_is_refused(small: Facts) -> None:
    with pytest.raises(NotFound, match="choose one of: timeline, matrix, network"):
        charts.draw("pie", small, "th")
    with pytest.raises(ClientError, match="choose one of: th, en"):
        charts.draw("matrix", small, "fr")


def test_the_same_data_gives_the_same_bytes(small: Facts) -> None:
    for name in charts.NAMES:
        assert charts.draw(name, small, "th") == charts.draw(name, facts(rows_of(SMALL)), "th")


# ---------------------------------------------------------------- render on a live server


@dataclass
class Live:
    client: Any
    server: Any
    pictures: dict[tuple[str, str], str] = field(default_factory=dict)

    def render(self, name: str, lang: str) -> str:
        if (name, lang) not in self.pictures:
            self.pictures[(name, lang)] = self.client.portal.call(charts.render, self.server, name, lang)
        return self.pictures[(name, lang)]


@pytest.fixture(scope="module")
def live(golden_store: Path) -> Iterator[Live]:
    from fastapi.testclient import TestClient

    from mougraph.config import Settings
    from mougraph.web.app import create_app

    from .live import ROOT, free_port

    settings = Settings.from_env({}, root=ROOT, store=golden_store, host="127.0.0.1", port=free_port(), workers=1)
    app = create_app(settings)
    with TestClient(app) as client:
        yield Live(client, app.state.server)


def test_render_the_timeline_of_the_seed_graphs(live: Live) -> None:
    root = parse(live.render("timeline", "th"))
    assert "/id/instrument/2022-10-25-th-la-mou" in links(root)
    assert "2565 (2022)" in texts(root)
    assert "ลาว" in texts(root)
    assert "ญี่ปุ่น" in texts(root)
    assert "2022" in texts(parse(live.render("timeline", "en")))


def test_render_the_matrix_with_top_level_areas_only(live: Live) -> None:
    root = parse(live.render("matrix", "en"))
    assert {"/id/country/LA", "/id/country/JP"} <= set(links(root))
    shown = texts(root)
    assert "Postal services" in shown
    assert "Big data" not in shown, "a narrower area is counted in its top concept, not given a column"


def test_render_the_network(live: Live) -> None:
    root = parse(live.render("network", "th"))
    assert {"/id/country/TH", "/id/org/th-mdes", "/id/country/LA", "/id/org/jp-mic"} <= set(links(root))
    assert "กระทรวงดิจิทัลฯ" in texts(root)


def test_render_refuses_an_unknown_picture(live: Live) -> None:
    with pytest.raises(NotFound):
        live.client.portal.call(charts.render, live.server, "pie", "th")
