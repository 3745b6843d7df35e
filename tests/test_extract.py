"""The extractor on the seeds (against the hand-checked graphs), on hard cases written by hand,
and on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph

from mougraph.batch import extract_one
from mougraph.cli import main
from mougraph.errors import BadInput
from mougraph.extract import Extractor
from mougraph.sources import parse_announcement, read_announcement

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "announcements"
LAOS = SEEDS / "000_43d3e26e21c65fc6.txt"
JAPAN = SEEDS / "001_127c01438aa1d901.txt"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.for_repository(ROOT)


def _facts(graph: Graph) -> set[tuple[object, object, object]]:
    """Triples that state facts (not evidence, not selectors)."""
    return {
        t
        for t in graph
        if not isinstance(t[0], BNode)
        and not isinstance(t[2], BNode)
        and "/evidence/" not in str(t[0])
        and "#" not in str(t[0])
    }


@pytest.mark.parametrize(("seed", "golden"), [(LAOS, "seed-000-laos"), (JAPAN, "seed-001-japan")])
def test_seed_graph_equals_the_hand_checked_graph(extractor: Extractor, seed: Path, golden: str) -> None:
    extracted = extract_one(extractor, read_announcement(seed)).graph
    hand = Graph().parse(ROOT / "tests" / "golden" / f"{golden}.ttl")
    assert _facts(extracted) == _facts(hand)


def test_every_extracted_quote_is_the_text_at_its_offsets(extractor: Extractor) -> None:
    for seed in (LAOS, JAPAN):
        announcement = read_announcement(seed)
        record = extractor.extract(announcement)
        spans = [e for i in record.instruments for e in i.evidence] + record.announcement.evidence
        assert len(spans) > 20
        for evidence in spans:
            assert 0 <= evidence.start < evidence.end <= len(announcement.text), evidence


def test_laos_record_has_fifteen_classified_scope_items(extractor: Extractor) -> None:
    record = extractor.extract_file(LAOS).json()
    (mou,) = record["instruments"]
    assert mou["type"] == "MoU"
    assert mou["countries"] == ["LA", "TH"]
    assert [p["iri"].rsplit("/", 1)[1] for p in mou["parties"]] == ["th-mdes", "la-mtc"]
    assert mou["scope_count_stated"] == 15
    assert len(mou["scope_items"]) == 15
    assert all(item["areas"] for item in mou["scope_items"])
    assert mou["scope_items"][14] == {"ordinal": 15, "text_th": "สาขาอื่นๆ", "areas": ["other"]}
    assert record["cabinet_decision"]["date"] == "2022-10-25"
    assert record["cabinet_decision"]["decision"] == "approve"
    assert record["announcement"]["spokesperson_th"] == "น.ส.ทิพานัน ศิริชนะ"
    assert mou["proposing_agency_th"] == "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม"


def test_japan_record_reads_the_renewal_and_the_planned_signing(extractor: Extractor) -> None:
    (moc,) = extractor.extract_file(JAPAN).json()["instruments"]
    assert moc["type"] == "MoC"
    assert moc["supersedes"] == {"signed_year": 2017, "expired_on": "2022-06-07"}
    assert moc["signing_date"] == "2022-08-05"
    assert moc["signing_planned"] is True
    assert moc["signing_place"] == "ประเทศไทย"
    assert moc["principles"] == ["equality", "mutual-benefit", "mutual-respect", "reciprocity"]
    assert len(moc["scope_items"]) == 6


# ---------------------------------------------------------------- hard cases, written by hand

HEAD = "รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-{title}\n\n\nวันอังคารที่ {date}\nพิมพ์\n"
TAIL = "\nที่มา : https://www.thaigov.go.th/news/contents/details/{id}"


def _page(title: str, body: str, date: str = "2 สิงหาคม 2565", page: int = 1) -> str:
    return HEAD.format(title=title, date=date) + body + TAIL.format(id=page)


def test_thai_digits_and_abbreviated_dates(extractor: Extractor) -> None:
    text = _page(
        "ครม.เห็นชอบร่างบันทึกความเข้าใจด้านโทรคมนาคมกับเวียดนาม",
        "ที่ประชุม ครม. วันที่ ๒ ส.ค. ๖๕ ได้เห็นชอบร่างบันทึกความเข้าใจว่าด้วยความร่วมมือด้านโทรคมนาคม "
        "ระหว่างกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคมแห่งราชอาณาจักรไทยและกระทรวงสารสนเทศและการสื่อสารแห่งสาธารณรัฐสังคมนิยมเวียดนาม "
        "โดยจะลงนามในวันที่ ๑๕ ก.ย. ๒๕๖๕ ณ กรุงฮานอย\n",
        date="๒ สิงหาคม ๒๕๖๕",
    )
    record = extractor.extract(parse_announcement(text, "digits")).json()
    assert record["announcement"]["published"] == "2022-08-02"
    assert record["cabinet_decision"]["date"] == "2022-08-02"
    (mou,) = record["instruments"]
    assert mou["countries"] == ["TH", "VN"]
    assert mou["signing_date"] == "2022-09-15"
    assert mou["signing_planned"] is True
    assert mou["signing_place"] == "กรุงฮานอย"


def test_line_break_inside_a_name_does_not_invent_parties(extractor: Extractor) -> None:
    text = _page(
        "ครม.เห็นชอบบันทึกความร่วมมือด้านไปรษณีย์ไทย-กัมพูชา",
        "ครม. มีมติเห็นชอบร่างบันทึกความร่วมมือด้านไปรษณีย์ ระหว่างกระทรวงดิจิทัลเพื่อเศรษฐกิจ\nและสังคม "
        "ของไทยและกระทรวงไปรษณีย์และโทรคมนาคมแห่งราชอาณาจักรกัมพูชา\n",
    )
    record = extractor.extract(parse_announcement(text, "linebreak")).json()
    (moc,) = record["instruments"]
    assert "KH" in moc["countries"]
    assert all(party["country"] in {"TH", "KH"} for party in moc["parties"])


def test_each_signing_and_term_belongs_to_the_instrument_it_names(extractor: Extractor) -> None:
    """Two MoUs on one page: the date, place (after the name and its English gloss) and term of the
    first are not the second's."""
    text = _page(
        "ดีอี ลงนาม MOU กับอาเซียน-จีน และอินโดนีเซีย",
        "วันที่ 2 กุมภาพันธ์ 2567 รัฐมนตรีว่าการกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม ได้ร่วมลงนามบันทึกความเข้าใจ"
        "ว่าด้วยความร่วมมือด้านเทคโนโลยีดิจิทัลระหว่างสมาคมประชาชาติแห่งเอเชียตะวันออกเฉียงใต้และสาธารณรัฐประชาชนจีน "
        "(Memorandum of Understanding on Digital Technology) ในช่วงการประชุมรัฐมนตรีอาเซียนด้านดิจิทัล ณ สาธารณรัฐสิงคโปร์ "
        "โดยบันทึกความเข้าใจดังกล่าวจะมีระยะเวลา 5 ปี\n"
        "นอกจากนี้ กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคมได้หารือเพื่อจัดทำบันทึกความเข้าใจว่าด้วยความร่วมมือด้านดิจิทัล"
        "ระหว่างกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคมแห่งราชอาณาจักรไทยและกระทรวงการสื่อสารและสารสนเทศแห่งสาธารณรัฐอินโดนีเซีย\n",
        date="2 กุมภาพันธ์ 2567",
    )
    record = extractor.extract(parse_announcement(text, "two signings")).json()
    first, second = record["instruments"]
    assert "CN" in first["countries"]
    assert "ID" in second["countries"]
    assert (first["signing_date"], first["signing_place"], first["duration_years"]) == (
        "2024-02-02",
        "สาธารณรัฐสิงคโปร์",
        5,
    )
    assert (second["signing_date"], second["signing_place"], second["duration_years"]) == (None, None, None)


def test_what_an_instrument_is_not_bound_by_and_gender_equality_are_no_principles(extractor: Extractor) -> None:
    text = _page(
        "ครม.เห็นชอบร่างบันทึกความเข้าใจด้านดิจิทัลกับเวียดนาม",
        "ครม. มีมติเห็นชอบร่างบันทึกความเข้าใจว่าด้วยความร่วมมือด้านเศรษฐกิจดิจิทัล "
        "ระหว่างกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคมแห่งราชอาณาจักรไทยและกระทรวงสารสนเทศและการสื่อสารแห่งสาธารณรัฐสังคมนิยมเวียดนาม "
        "บนพื้นฐานของความสมัครใจ ซึ่งไม่มีผลผูกพันและไม่ก่อให้เกิดสิทธิหรือพันธกรณีภายใต้กฎหมายภายในประเทศ"
        "และกฎหมายระหว่างประเทศ และส่งเสริมความเสมอภาคระหว่างเพศในเศรษฐกิจดิจิทัล\n",
    )
    (mou,) = extractor.extract(parse_announcement(text, "negated")).json()["instruments"]
    assert "voluntariness" in mou["principles"]
    assert not {"domestic-law", "international-obligations", "equality"} & set(mou["principles"])


def test_a_decision_date_may_come_before_the_cabinet_and_not_from_another_meeting(extractor: Extractor) -> None:
    text = _page(
        "โฆษกเผย ประชุมรัฐมนตรีเศรษฐกิจอาเซียน 9 มีนาคม 2567 หนุนการค้าดิจิทัล",
        "เมื่อวันที่ 27 กุมภาพันธ์ 2567 ที่ประชุมคณะรัฐมนตรีมีมติเห็นชอบร่างกรอบความตกลงว่าด้วยเศรษฐกิจดิจิทัลของอาเซียน"
        " ซึ่งจะรับรองในการประชุมรัฐมนตรีเศรษฐกิจอาเซียน วันที่ 9 มีนาคม 2567\n",
        date="3 มีนาคม 2567",
    )
    record = extractor.extract(parse_announcement(text, "before"), digital=True).json()
    assert record["cabinet_decision"]["date"] == "2024-02-27"


def test_a_country_hosting_is_no_signing_place(extractor: Extractor) -> None:
    text = _page(
        "ครม.เห็นชอบร่างถ้อยแถลงร่วมอาเซียน-จีนด้านสื่อดิจิทัล",
        "ครม. มีมติเห็นชอบร่างถ้อยแถลงร่วมอาเซียน-จีนว่าด้วยความร่วมมือด้านสื่อดิจิทัล "
        "เพื่อเสนอผู้นำรับรองในการประชุมสุดยอดอาเซียน-จีน ครั้งที่ 22 ที่ประเทศไทยจะเป็นเจ้าภาพต่อไป\n",
    )
    (statement,) = extractor.extract(parse_announcement(text, "host")).json()["instruments"]
    assert statement["signing_place"] is None


def test_two_instruments_in_one_announcement(extractor: Extractor) -> None:
    text = _page(
        "ครม.เห็นชอบร่างเอกสารความร่วมมือด้านดิจิทัล 2 ฉบับ",
        "ครม. มีมติเห็นชอบร่างบันทึกความเข้าใจว่าด้วยความร่วมมือด้านเศรษฐกิจดิจิทัล "
        "ระหว่างกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคมของไทยและกระทรวงกิจการภายในและการสื่อสารแห่งประเทศญี่ปุ่น\n"
        "และร่างแถลงการณ์ร่วมว่าด้วยความมั่นคงปลอดภัยทางไซเบอร์ ระหว่างไทยและสาธารณรัฐเกาหลี\n",
    )
    record = extractor.extract(parse_announcement(text, "two")).json()
    kinds = sorted((i["type"], tuple(i["countries"])) for i in record["instruments"])
    assert kinds == [("JointStatement", ("KR", "TH")), ("MoU", ("JP", "TH"))]
    assert len({i["iri"] for i in record["instruments"]}) == 2


def test_signing_date_is_not_the_date_of_the_talks_that_led_to_it(extractor: Extractor) -> None:
    text = _page(
        "กระทรวงดิจิทัลฯ ลงนาม MOU กับลาว",
        "จากการประชุมรัฐมนตรีอาเซียนด้านโทรคมนาคม เมื่อวันที่ 26 ธันวาคม 2559 ได้หารือทวิภาคีกับรัฐมนตรีของลาว "
        "จนเกิดการร่วมลงนามในบันทึกความเข้าใจว่าด้วยความร่วมมือด้านโทรคมนาคมและเทคโนโลยีดิจิทัล "
        "ระหว่างกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคมของไทยและกระทรวงไปรษณีย์ โทรคมนาคมและการสื่อสาร สปป.ลาว\n"
        "ความตกลงเปิดให้ลงนามตั้งแต่วันที่ 1 ตุลาคม 2559 ถึงวันที่ 30 กันยายน 2560\n",
        date="7 กุมภาพันธ์ 2561",
    )
    (mou,) = extractor.extract(parse_announcement(text, "talks")).json()["instruments"]
    assert mou["signing_date"] is None


def test_signing_place_on_a_line_broken_after_its_date(extractor: Extractor) -> None:
    text = _page(
        "ครม.เห็นชอบร่างบันทึกความเข้าใจด้านดิจิทัลกับกัมพูชา",
        "ครม. มีมติเห็นชอบร่างบันทึกความเข้าใจว่าด้วยความร่วมมือด้านเทคโนโลยีดิจิทัล "
        "ระหว่างกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคมแห่งราชอาณาจักรไทยและกระทรวงการไปรษณีย์และโทรคมนาคมแห่งราชอาณาจักรกัมพูชา\n"
        "และอนุมัติให้รัฐมนตรีเป็นผู้ร่วมลงนามในร่างบันทึกความเข้าใจฯ ในห้วงการประชุมคณะกรรมาธิการร่วม ระหว่างวันที่\n"
        "10 - 12 กันยายน 2567 ณ กรุงเทพมหานคร\n",
        date="3 กันยายน 2567",
    )
    (mou,) = extractor.extract(parse_announcement(text, "broken")).json()["instruments"]
    assert mou["signing_date"] is None  # a window of days, not a date
    assert mou["signing_place"] == "กรุงเทพมหานคร"
    assert mou["signing_planned"] is True


def test_english_area_names_inside_thai_scope_items(extractor: Extractor) -> None:
    text = _page(
        "ครม.เห็นชอบร่างบันทึกความเข้าใจด้านดิจิทัลกับฟินแลนด์",
        "ครม. มีมติเห็นชอบร่างบันทึกความเข้าใจว่าด้วยความร่วมมือด้านเทคโนโลยีดิจิทัล "
        "ระหว่างกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคมของไทยและกระทรวงคมนาคมและการสื่อสารแห่งสาธารณรัฐฟินแลนด์ "
        "โดยมีขอบเขตความร่วมมือ ดังนี้\n"
        "1. ความร่วมมือด้านนวัตกรรมดิจิทัล อาทิ Big Data, Internet of Things และ AI\n"
        "2. การส่งเสริม Digital Startups ผู้ประกอบการ และ SMEs\n"
        "3. การแลกเปลี่ยนข้อมูลข่าวสารด้านความมั่นคงปลอดภัยไซเบอร์\n",
    )
    (mou,) = extractor.extract(parse_announcement(text, "english")).json()["instruments"]
    first, second, _ = mou["scope_items"]
    assert {"big-data", "iot", "ai"} <= set(first["areas"])
    assert "startups" in second["areas"]
    assert "THAI" not in first["text_th"]  # (a Latin label never matches inside a longer word)
    assert "information-exchange" in mou["modalities"]  # an item that opens with a form of cooperation


def test_numbered_paragraphs_are_not_a_scope_list(extractor: Extractor) -> None:
    long = "กรมศุลกากรของทั้งสองฝ่ายได้ประชุมหารือความร่วมมือด้านการพาณิชย์อิเล็กทรอนิกส์และการค้าดิจิทัล " * 5
    text = _page(
        "ครม.เห็นชอบร่างกรอบความตกลงด้านการเชื่อมโยงข้อมูลอิเล็กทรอนิกส์กับจีน",
        "ครม. มีมติเห็นชอบร่างกรอบความตกลงว่าด้วยความร่วมมือระบบเชื่อมโยงข้อมูลอิเล็กทรอนิกส์ ณ จุดเดียว "
        "ระหว่างกรมศุลกากรแห่งราชอาณาจักรไทยกับสำนักงานศุลกากรแห่งสาธารณรัฐประชาชนจีน\n"
        f"สาระสำคัญของเรื่อง\n1. {long}\n2. {long}\n3. {long}\n",
    )
    (agreement,) = extractor.extract(parse_announcement(text, "paragraphs")).json()["instruments"]
    assert agreement["scope_items"] == []
    assert agreement["signing_place"] is None  # "ณ จุดเดียว" (single window) is no place
    assert "จุดเดียว" in agreement["title_th"]


def test_prose_scope_list_that_goes_on_after_a_connector(extractor: Extractor) -> None:
    text = _page(
        "ครม.เห็นชอบร่างบันทึกความร่วมมือด้านดิจิทัลกับญี่ปุ่น",
        "ครม. มีมติเห็นชอบร่างบันทึกความร่วมมือในสาขาเทคโนโลยีสารสนเทศ การสื่อสาร และดิจิทัล "
        "ระหว่างกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคมของไทยและกระทรวงกิจการภายในและการสื่อสารของญี่ปุ่น "
        "มีขอบเขตการดำเนินงาน ได้แก่ การส่งเสริมการใช้เทคโนโลยีสารสนเทศในการลดความเสี่ยงจากภัยพิบัติ "
        "การแบ่งปันความรู้ นวัตกรรม การบริการและแอปพลิเคชัน "
        "การพัฒนาบุคลากรด้านความมั่นคงปลอดภัยไซเบอร์ นอกจากนี้ยังครอบคลุมประเด็นความร่วมมือด้านกิจการไปรษณีย์ "
        "การใช้งาน 5G แบบเปิดกว้างและปลอดภัย ตลอดจนสาขาอื่นๆ เป็นต้น\n",
    )
    (moc,) = extractor.extract(parse_announcement(text, "prose")).json()["instruments"]
    texts = [item["text_th"] for item in moc["scope_items"]]
    assert texts[3:] == ["ความร่วมมือด้านกิจการไปรษณีย์", "การใช้งาน 5G แบบเปิดกว้างและปลอดภัย", "สาขาอื่นๆ"]
    assert texts[1] == "การแบ่งปันความรู้ นวัตกรรม การบริการและแอปพลิเคชัน"
    assert texts[2] == "การพัฒนาบุคลากรด้านความมั่นคงปลอดภัยไซเบอร์"


def test_prose_list_of_phrases_with_english_glosses(extractor: Extractor) -> None:
    text = _page(
        "ไทยลงนามบันทึกความเข้าใจด้านดิจิทัลกับอินโดนีเซีย",
        "ปลัดกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม ได้ลงนามบันทึกความเข้าใจร่วมระหว่างกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม"
        "แห่งราชอาณาจักรไทย และกระทรวงการสื่อสารและสารสนเทศแห่งอินโดนีเซีย ว่าด้วยความร่วมมือด้านเทคโนโลยีสารสนเทศ "
        "สำหรับความร่วมมือสำคัญ ประกอบด้วย บริการแพลตฟอร์มดิจิทัล (Digital platform services) "
        "การเปลี่ยนแปลงทางดิจิทัล (Digital transformation) กำลังคนทางดิจิทัล (Digital manpower) "
        "และเศรษฐกิจดิจิทัล (Digital economy)\n",
    )
    (mou,) = extractor.extract(parse_announcement(text, "glosses")).json()["instruments"]
    assert [item["text_th"] for item in mou["scope_items"]] == [
        "บริการแพลตฟอร์มดิจิทัล (Digital platform services)",
        "การเปลี่ยนแปลงทางดิจิทัล (Digital transformation)",
        "กำลังคนทางดิจิทัล (Digital manpower)",
        "เศรษฐกิจดิจิทัล (Digital economy)",
    ]


def test_principles_read_in_context(extractor: Extractor) -> None:
    text = _page(
        "ครม.เห็นชอบร่างบันทึกความเข้าใจด้านดิจิทัลกับสหราชอาณาจักร",
        "ครม. มีมติเห็นชอบร่างบันทึกความเข้าใจว่าด้วยความร่วมมือด้านเศรษฐกิจดิจิทัล "
        "ระหว่างกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคมของไทยและกระทรวงวิทยาศาสตร์ นวัตกรรมและเทคโนโลยีของสหราชอาณาจักร\n"
        "ความร่วมมือในสาขาต่าง ๆ ตามที่ทั้งสองฝ่ายเห็นประโยชน์ร่วมกัน อาทิ การค้าดิจิทัล และการกำกับดูแลดิจิทัล\n"
        "บันทึกความเข้าใจฉบับนี้ไม่ก่อให้เกิดข้อผูกพันทางกฎหมาย และไม่เป็นสนธิสัญญาตามกฎหมายระหว่างประเทศ\n"
        "ดำเนินกิจกรรมภายใต้ขอบเขตของกฎหมายภายในประเทศ ข้อบังคับ และพันธกรณีระหว่างประเทศ\n",
    )
    (mou,) = extractor.extract(parse_announcement(text, "principles")).json()["instruments"]
    assert mou["principles"] == ["domestic-law", "international-obligations", "non-binding"]


def test_a_sentence_about_both_instruments_gives_both_its_forms_of_cooperation(extractor: Extractor) -> None:
    text = _page(
        "ไทยลงนาม MOC ด้านดิจิทัลกับญี่ปุ่น 2 ฉบับ",
        "ลงนามบันทึกความร่วมมือด้านเทคโนโลยีสารสนเทศ ระหว่างกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม"
        "กับกระทรวงกิจการภายในและการสื่อสารของญี่ปุ่น\n"
        "ส่วนบันทึกความร่วมมือด้านนวัตกรรมดิจิทัล ระหว่างสำนักงานส่งเสริมเศรษฐกิจดิจิทัลกับกระทรวงเศรษฐกิจ "
        "การค้าและอุตสาหกรรมของญี่ปุ่น\n"
        "โดยทั้งสองฝ่ายจะดำเนินกิจกรรมภายใต้บันทึกความร่วมมือทั้งสองฉบับร่วมกัน ทั้งการแลกเปลี่ยนผู้เชี่ยวชาญ "
        "และการฝึกอบรม\n",
    )
    instruments = extractor.extract(parse_announcement(text, "both")).json()["instruments"]
    assert len(instruments) == 2
    for moc in instruments:
        assert {"expert-exchange", "training"} <= set(moc["modalities"])


def test_signing_place_told_with_the_ceremony(extractor: Extractor) -> None:
    text = _page(
        "ไทย-ออสเตรเลีย ลงนาม MOU ความร่วมมือด้านไซเบอร์",
        "วันนี้ (10 มกราคม 2562) ได้มีพิธีลงนามบันทึกความเข้าใจว่าด้วยความร่วมมือด้านความมั่นคงไซเบอร์ "
        "ระหว่างกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคมของไทยและกระทรวงการต่างประเทศและการค้าของออสเตรเลีย "
        "โดยมีรองนายกรัฐมนตรีให้เกียรติเป็นสักขีพยานในการลงนาม ณ ห้องสีฟ้า ตึกสันติไมตรี ทำเนียบรัฐบาล\n"
        "สำหรับรัฐที่ยังมิได้ลงนาม เมื่อวันที่ 20 กุมภาพันธ์ 2564 ก็เข้าร่วมได้\n",
        date="10 มกราคม 2562",
    )
    (mou,) = extractor.extract(parse_announcement(text, "ceremony")).json()["instruments"]
    assert mou["signing_date"] == "2019-01-10"
    assert mou["signing_place"] == "ห้องสีฟ้า ตึกสันติไมตรี ทำเนียบรัฐบาล"


def test_unknown_ministry_is_minted_and_flagged(extractor: Extractor) -> None:
    text = _page(
        "ครม.เห็นชอบร่างบันทึกความเข้าใจด้านปัญญาประดิษฐ์กับเอสโตเนีย",
        "ครม. มีมติเห็นชอบร่างบันทึกความเข้าใจว่าด้วยความร่วมมือด้านปัญญาประดิษฐ์ "
        "ระหว่างกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคมของไทยและกระทรวงกิจการเศรษฐกิจและการสื่อสารแห่งสาธารณรัฐเอสโตเนีย\n",
    )
    record = extractor.extract(parse_announcement(text, "unknown")).json()
    (mou,) = record["instruments"]
    minted = [p for p in mou["parties"] if p["minted"]]
    assert [p["name_th"] for p in minted] == ["กระทรวงกิจการเศรษฐกิจและการสื่อสาร"]
    assert minted[0]["country"] == "EE"
    assert "/id/org/ee-" in minted[0]["iri"]
    assert any("not in the gazetteer" in w for w in record["warnings"])
    assert "ai" in mou["scope_areas"]


def test_no_source_line_is_a_warning_not_an_error(extractor: Extractor) -> None:
    text = _page("ครม.เห็นชอบบันทึกความเข้าใจด้าน 5G กับจีน", "ครม. มีมติเห็นชอบร่างบันทึกความเข้าใจด้าน 5G ระหว่างไทยกับจีน\n")
    text = text[: text.rindex("ที่มา")]
    record = extractor.extract(parse_announcement(text, "nosource")).json()
    assert record["announcement"]["source"] is None
    assert any("ที่มา" in w for w in record["warnings"])


def test_front_matter_layout(extractor: Extractor) -> None:
    text = (
        "---\nsource: https://example.org/news/1\ntitle: ข่าวทดสอบ\npublished: 2024-03-05\n---\n"
        "ครม. มีมติเห็นชอบร่างบันทึกความเข้าใจด้านความมั่นคงปลอดภัยทางไซเบอร์ระหว่างไทยกับสิงคโปร์\n"
    )
    announcement = parse_announcement(text, "front")
    assert (announcement.source, announcement.title, str(announcement.published)) == (
        "https://example.org/news/1",
        "ข่าวทดสอบ",
        "2024-03-05",
    )
    (mou,) = extractor.extract(announcement).json()["instruments"]
    assert mou["countries"] == ["SG", "TH"]
    assert mou["scope_areas"] == ["cybersecurity"]


def test_text_with_no_instrument_is_a_warning(extractor: Extractor) -> None:
    text = _page("นายกฯ ประชุมหารือ", "นายกรัฐมนตรีประชุมหารือเรื่องการท่องเที่ยวกับผู้ว่าราชการจังหวัด\n")
    record = extractor.extract(parse_announcement(text, "none")).json()
    assert record["instruments"] == []
    assert any("no international" in w for w in record["warnings"])


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
        (b"\x00\x01PK\x03\x04binary", "binary"),
        (b"\xff\xfe\xfa not utf-8", "not UTF-8"),
        (b"The cabinet approved an MoU with Laos on digital cooperation.", "no Thai text"),
    ],
)
def test_unusable_files_are_bad_input(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(BadInput, match=problem) as raised:
        read_announcement(path)
    assert str(path) in str(raised.value)


def test_cli_extract_processes_the_rest_of_a_batch(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    truncated = tmp_path / "truncated.txt"
    truncated.write_text(LAOS.read_text(encoding="utf-8")[:900], encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(empty), str(LAOS), str(truncated), "--format", "json"])
    assert result.exit_code == 2
    records = json.loads(result.stdout)
    assert [r["announcement"]["source"] for r in records] == [
        "https://www.thaigov.go.th/news/contents/details/60838",
        None,
    ]
    assert f"{empty}: empty file" in result.stderr
    assert "ที่มา" in result.stderr  # the truncated one is flagged


def test_cli_extract_single_file_prints_one_record_and_turtle() -> None:
    result = CliRunner().invoke(main, ["extract", str(JAPAN)])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["instruments"][0]["signing_date"] == "2022-08-05"
    turtle = CliRunner().invoke(main, ["extract", str(JAPAN), "--format", "turtle"])
    graph = Graph().parse(data=turtle.stdout, format="turtle")
    assert len(graph) > 300


def test_committed_graph_files_are_current(extractor: Extractor) -> None:
    """data/graph/announcement/ holds what the extractor makes of data/announcements/ today."""
    folder = ROOT / "data" / "graph" / "announcement"
    for seed in sorted(SEEDS.glob("*.txt")):
        item = extract_one(extractor, read_announcement(seed))
        committed = folder / f"{item.slug}.ttl"
        assert committed.exists(), f"{committed} is missing: run 'mougraph build'"
        assert committed.read_text(encoding="utf-8") == item.turtle(), f"{committed} is stale: run 'mougraph build'"


def test_build_quarantines_the_later_of_two_conflicting_descriptions() -> None:
    """Two pages about the same MoU (same meeting, countries, type) with different titles: the first
    page keeps the instrument, the second is quarantined with a readable report, nothing is lost."""
    from mougraph.batch import process

    body = (
        "ที่ประชุม ครม. วันที่ 2 ส.ค. 2565 ได้เห็นชอบร่างบันทึกความเข้าใจว่าด้วยความร่วมมือด้าน{area} "
        "ระหว่างกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคมของไทยและกระทรวงกิจการภายในและการสื่อสารแห่งประเทศญี่ปุ่น\n"
    )
    first = _page("ครม.เห็นชอบ MoU ไทย-ญี่ปุ่น", body.format(area="ไปรษณีย์"), page=901)
    second = _page("ครม.เห็นชอบ MoU ไทย-ญี่ปุ่น", body.format(area="โทรคมนาคม"), page=902)
    outcome = process(ROOT, [], [("first", first), ("second", second)])
    assert [item.slug for item in outcome.published] == ["thaigov-901"]
    assert list(outcome.quarantined) == ["thaigov-902"]
    assert "dcterms:title" in outcome.quarantined["thaigov-902"]
    assert outcome.report.conforms
