"""Whole-corpus ingest: reading corpora, splitting summaries, detection, merging sources, staleness."""

from __future__ import annotations

import io
import shutil
import tarfile
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import PROV

from mougraph import agenda, detect, merge
from mougraph.corpus import inputs, read_input
from mougraph.errors import BadInput
from mougraph.extract import Extractor
from mougraph.ingest import read_page
from mougraph.register import Register, about_apart, match
from mougraph.sources import parse_announcement
from mougraph.vocab import MG

ROOT = Path(__file__).resolve().parents[1]
HEAD = "รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-{title}\n\n\nวันอังคารที่ {date}\n"
TAIL = "\nที่มา : https://www.thaigov.go.th/news/contents/details/{id}\n"
MOU = (
    "ร่างบันทึกความเข้าใจว่าด้วยความร่วมมือด้านโทรคมนาคมระหว่างกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม"
    "แห่งราชอาณาจักรไทยและกระทรวงสารสนเทศและการสื่อสารแห่งสาธารณรัฐสังคมนิยมเวียดนาม"
)


def page(title: str, body: str, number: int, date: str = "2 สิงหาคม 2565") -> str:
    return HEAD.format(title=title, date=date) + body + TAIL.format(id=number)


def summary(items: list[str], number: int = 500) -> str:
    body = "".join(f"{n}. เรื่อง {text}\n" for n, text in enumerate(items, start=1))
    return page("สรุปข่าวการประชุมคณะรัฐมนตรี 2 สิงหาคม 2565", "กฎหมาย\n" + body, number)


NEWS = page(
    "ครม. เห็นชอบ MoU ด้านโทรคมนาคมกับเวียดนาม",
    f"ที่ประชุม ครม. วันที่ 2 ส.ค. 2565 มีมติเห็นชอบ{MOU} ตามที่กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคมเสนอ\n",
    601,
)
ITEM = f"ความร่วมมือด้านโทรคมนาคมกับเวียดนาม\nคณะรัฐมนตรีมีมติเห็นชอบ{MOU} ตามที่กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคมเสนอ"
OTHER = ["ร่างพระราชกฤษฎีกาว่าด้วยภาษี\nคณะรัฐมนตรีมีมติอนุมัติหลักการร่างพระราชกฤษฎีกา", "แต่งตั้งข้าราชการ\nคณะรัฐมนตรีมีมติอนุมัติ"]


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.for_repository(ROOT)


def detect_items(extractor: Extractor, *texts: str) -> list[detect.Detection]:
    """The verdicts on ``texts``, read as the agenda items after :data:`OTHER` of one summary."""
    announcement = parse_announcement(summary([*OTHER, *texts]), "summary")
    return [
        detect.detect(extractor.lexicon, extractor.dictionary, announcement, item)
        for item in agenda.items(announcement)[len(OTHER) :]
    ]


# ---- agenda items


def test_summary_items_keep_their_offsets_and_sections() -> None:
    text = summary([*OTHER, ITEM])
    announcement = parse_announcement(text, "summary")
    items = agenda.items(announcement)
    assert [item.number for item in items] == [1, 2, 3]
    assert all(item.section == "กฎหมาย" for item in items)
    third = items[2]
    assert announcement.text[third.start : third.heading_end] == "3. เรื่อง ความร่วมมือด้านโทรคมนาคมกับเวียดนาม"
    assert announcement.text[third.start : third.end].rstrip().endswith("เสนอ")


def test_a_list_restarting_inside_an_item_does_not_swallow_the_next_items() -> None:
    """A ``1. เรื่อง…`` list inside item 2 must not take the headings 3, 4, … that follow it."""
    inner = "ผลการสำรวจ\nมีดังนี้\n1. เรื่องที่ประชาชนต้องการ\n2. เรื่องที่สอง"
    text = summary([OTHER[0], inner, ITEM, OTHER[1]])
    numbers = [item.number for item in agenda.items(parse_announcement(text, "nested"))]
    assert numbers == [1, 2, 3, 4]


def test_a_summary_with_two_items_is_split() -> None:
    """The headline says it is a meeting summary: two items are enough (other pages need three)."""
    text = summary([OTHER[0], ITEM])
    assert [item.number for item in agenda.items(parse_announcement(text, "short"))] == [1, 2]
    other = page("ข่าวการประชุมหารือ", "1. เรื่อง หนึ่ง\nข้อความ\n2. เรื่อง สอง\nข้อความ\n", 603)
    assert [item.number for item in agenda.items(parse_announcement(other, "news"))] == [None]


def test_a_news_page_is_one_item() -> None:
    announcement = parse_announcement(NEWS, "news")
    [item] = agenda.items(announcement)
    assert item.number is None
    assert (item.start, item.end) == (announcement.body_start, announcement.body_end)


# ---- detection


def test_detection_explains_a_candidate(extractor: Extractor) -> None:
    announcement = parse_announcement(NEWS, "news")
    found = detect.detect(extractor.lexicon, extractor.dictionary, announcement, agenda.items(announcement)[0])
    assert found.verdict == detect.CANDIDATE
    explanation = found.explain()
    for kind in ("instrument=", "decision=", "foreign=", "digital="):
        assert kind in explanation


def test_a_signing_ceremony_without_a_cabinet_decision_is_not_detected(extractor: Extractor) -> None:
    text = page("พิธีลงนาม MoU ด้านโทรคมนาคมกับเวียดนาม", f"รัฐมนตรีลงนาม{MOU} ณ กรุงฮานอย\n", 602)
    announcement = parse_announcement(text, "ceremony")
    found = detect.detect(extractor.lexicon, extractor.dictionary, announcement, agenda.items(announcement)[0])
    assert found.verdict == detect.UNRELATED
    assert found.missing == ("decision",)


def test_a_meeting_report_without_a_digital_heading_goes_to_review(extractor: Extractor) -> None:
    report = (
        "ผลการประชุมรัฐมนตรีเศรษฐกิจอาเซียน\nคณะรัฐมนตรีมีมติรับทราบผลการประชุม ที่ประชุมรับรองปฏิญญาอาเซียน"
        "ว่าด้วยการค้า และหารือเรื่องเศรษฐกิจดิจิทัล"
    )
    [found] = detect_items(extractor, report)
    assert found.verdict == detect.BORDERLINE
    assert "report" in found.explain()


def test_an_instrument_only_cited_in_the_background_is_not_decided_on(extractor: Extractor) -> None:
    plan = (
        "แผนปฏิบัติการด้านการป้องกันยาเสพติด\nคณะรัฐมนตรีมีมติเห็นชอบแผนปฏิบัติการตามที่กระทรวงยุติธรรมเสนอ\n"
        "สาระสำคัญ\nแผนนี้สอดคล้องกับบันทึกความเข้าใจว่าด้วยความร่วมมือด้านเทคโนโลยีดิจิทัลกับกัมพูชา"
    )
    position = (
        "ท่าทีไทยสำหรับการประชุมคณะกรรมการร่วมทางการค้าไทย-ภูฏาน\nคณะรัฐมนตรีมีมติเห็นชอบท่าทีไทย"
        " ซึ่งรวมถึงการจัดทำบันทึกความเข้าใจด้านเศรษฐกิจดิจิทัลกับภูฏาน"
    )
    for found in detect_items(extractor, plan, position):
        assert found.verdict == detect.UNRELATED
        assert found.missing == ("instrument in the decision",)


def test_a_report_on_a_digital_meeting_abroad_is_a_candidate(extractor: Extractor) -> None:
    """Also when its heading names a region, not a party: the parties are named further on."""
    report = (
        "ผลการประชุมรัฐมนตรีอาเซียนด้านดิจิทัล ครั้งที่ 1\nคณะรัฐมนตรีมีมติรับทราบผลการประชุมตามที่"
        "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคมเสนอ\nสาระสำคัญ\nที่ประชุมรับรองแผนแม่บทดิจิทัลอาเซียน 2568"
    )
    region = (
        "ผลการประชุมระดับรัฐมนตรีว่าด้วยการเปลี่ยนผ่านทางดิจิทัลในภูมิภาคเอเชีย - แปซิฟิก\n"
        "คณะรัฐมนตรีมีมติรับทราบผลการประชุมตามที่กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคมเสนอ\n"
        "สาระสำคัญ\nเอสแคปจัดการประชุม ณ กรุงอัสตานา และที่ประชุมรับรองเอกสารว่าด้วยการเปลี่ยนผ่านทางดิจิทัล"
    )
    found = detect_items(extractor, report, region)
    assert [f.verdict for f in found] == [detect.CANDIDATE, detect.CANDIDATE]
    assert all("instrument=ผลการประชุม" in f.explain() for f in found)
    assert "foreign=เอสแคป" in found[1].explain()


def test_an_agenda_item_decision_is_the_verb_of_its_decision_paragraph(extractor: Extractor) -> None:
    report = (
        "ผลการประชุมรัฐมนตรีอาเซียนด้านดิจิทัล\nคณะรัฐมนตรีมีมติรับทราบผลการประชุมตามที่กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคมเสนอ\n"
        "สาระสำคัญ\nตามที่คณะรัฐมนตรีได้เห็นชอบร่างปฏิญญาดิจิทัลอาเซียนว่าด้วยเศรษฐกิจดิจิทัลเมื่อการประชุมครั้งก่อน"
    )
    announcement = parse_announcement(summary([*OTHER, report]), "acknowledged")
    record = extractor.extract(announcement, [agenda.items(announcement)[2]], digital=True)
    assert record.instruments
    assert record.instruments[0].decision == "acknowledge"


def test_a_decision_recalled_deep_in_a_news_page_is_background(extractor: Extractor) -> None:
    speech = "นายกรัฐมนตรีกล่าวถึงนโยบายเศรษฐกิจของรัฐบาลและความร่วมมือกับต่างประเทศ " * 20
    text = page(
        "นายกรัฐมนตรีต้อนรับเอกอัครราชทูตเวียดนาม",
        f"{speech}\nทั้งนี้ ที่ประชุม ครม. ได้มีมติเห็นชอบ{MOU} เมื่อปีที่แล้ว\n",
        603,
    )
    announcement = parse_announcement(text, "speech")
    found = detect.detect(extractor.lexicon, extractor.dictionary, announcement, agenda.items(announcement)[0])
    assert found.verdict == detect.UNRELATED
    assert found.missing == ("decision",)
    # The same sentence in the lede, or the decision in the headline, is the news.
    lede = parse_announcement(
        page("นายกรัฐมนตรีต้อนรับเอกอัครราชทูตเวียดนาม", f"ที่ประชุม ครม. มีมติเห็นชอบ{MOU}\n{speech}\n", 604), "lede"
    )
    assert (
        detect.detect(extractor.lexicon, extractor.dictionary, lede, agenda.items(lede)[0]).verdict == detect.CANDIDATE
    )
    headline = parse_announcement(page("ครม. เห็นชอบ MoU ด้านโทรคมนาคมกับเวียดนาม", f"{speech}\n{MOU}\n", 605), "headline")
    assert (
        detect.detect(extractor.lexicon, extractor.dictionary, headline, agenda.items(headline)[0]).verdict
        == detect.CANDIDATE
    )


def test_names_joined_by_a_spaced_dash_are_found(extractor: Extractor) -> None:
    text = "กรอบความร่วมมือแม่โขง - ล้านช้าง และกรอบความร่วมมือแม่โขง–ล้านช้าง"
    found = extractor.lexicon.organizations.find(text)
    assert [m.key for m in found] == [
        m.key for m in extractor.lexicon.organizations.find("กรอบความร่วมมือแม่โขง-ล้านช้าง")
    ] * 2
    assert found[0].key.endswith("/int-mlc")


def test_other_spellings_of_loanwords_are_found(extractor: Extractor) -> None:
    """``ดิจิตอล``, ``อินเตอร์เน็ต``, ``เอเซีย``: the same concepts and bodies as the labels' spellings."""
    areas = extractor.lexicon.concepts["area"]
    for standard, other in (("เศรษฐกิจดิจิทัล", "เศรษฐกิจดิจิตอล"), ("อินเทอร์เน็ตความเร็วสูง", "อินเตอร์เน็ตความเร็วสูง")):
        [expected] = areas.find(standard)
        [found] = areas.find(f"และ {other} ")
        assert (found.key, found.label) == (expected.key, other)
    [apt] = extractor.lexicon.organizations.find("องค์การโทรคมนาคมแห่งเอเซียและแปซิฟิก")
    assert apt.key.endswith("/int-apt")
    # A weak label is weak in any spelling.
    item = (
        "ความตกลงว่าด้วยการยกเว้นการตรวจลงตรากับลาว\nคณะรัฐมนตรีมีมติเห็นชอบร่างความตกลงว่าด้วยการยกเว้นการตรวจลงตรา"
        "ตามที่กระทรวงดิจิตอลเพื่อเศรษฐกิจและสังคมให้ความเห็น"
    )
    [verdict] = detect_items(extractor, item)
    assert verdict.verdict != detect.CANDIDATE


def test_final_acts_of_a_telecommunication_or_postal_conference_are_an_instrument(extractor: Extractor) -> None:
    """Signing the Final Acts of an ITU or UPU conference: the union is the party, and a digital body."""
    final_acts = (
        "การประชุมใหญ่ระดับโลกว่าด้วยวิทยุคมนาคม ค.ศ. 2023 ของสหภาพโทรคมนาคมระหว่างประเทศ\n"
        "คณะรัฐมนตรีมีมติเห็นชอบตามที่สำนักงานคณะกรรมการกิจการกระจายเสียง กิจการโทรทัศน์ และกิจการโทรคมนาคมแห่งชาติ เสนอ ดังนี้\n"
        "1. เห็นชอบเอกสารท่าทีของประเทศไทยสำหรับการประชุม\n"
        "2. มอบอำนาจเต็มให้แก่คณะผู้แทนไทยในการลงนามในกรรมสารสุดท้ายของการประชุม WRC-23\n"
        "สาระสำคัญ\nกรรมสารสุดท้ายจะถูกร่างขึ้นในวันสุดท้ายของการประชุม จึงยังมิได้เสนอร่างกรรมสารสุดท้ายต่อคณะรัฐมนตรี"
    )
    postal = (
        "ผลการประชุมใหญ่สหภาพสากลไปรษณีย์ สมัยที่ 27\nคณะรัฐมนตรีมีมติรับทราบผลการประชุมตามที่กระทรวงการต่างประเทศเสนอ\n"
        "สาระสำคัญ\nไทยได้ลงนามในกรรมสารสุดท้ายของการประชุมฯ สมัยที่ 27 [ตามมติคณะรัฐมนตรี (27 กรกฎาคม 2564)]"
    )
    announcement = parse_announcement(summary([*OTHER, final_acts, postal]), "final-acts")
    items = agenda.items(announcement)[len(OTHER) :]
    found = [detect.detect(extractor.lexicon, extractor.dictionary, announcement, item) for item in items]
    assert [f.verdict for f in found] == [detect.CANDIDATE, detect.CANDIDATE], [f.explain() for f in found]
    assert "digital=สหภาพสากลไปรษณีย์" in found[1].explain()  # the union, in the report's heading
    titles = []
    for item, union in zip(items, ("/int-itu", "/int-upu"), strict=True):
        [instrument] = extractor.extract(announcement, [item], digital=True).instruments
        assert instrument.type == "Agreement"
        assert any(p.iri.endswith(union) for p in instrument.parties)
        titles.append(instrument.title_th)
    # The name in the decision, not the background's; a bracketed aside ends a name.
    assert titles == ["กรรมสารสุดท้ายของการประชุม WRC-23", "กรรมสารสุดท้ายของการประชุมฯ สมัยที่ 27"]


def test_statements_about_different_subjects_are_different_instruments(extractor: Extractor) -> None:
    """Drafts named only by what they are about (no party in their names) are one instrument each
    when their subjects differ; a later mention of the same subject is the same instrument; a name
    shortened with ``ฯ`` ends there, so the clause after it does not make it the fullest name."""
    statements = (
        "แถลงการณ์ผู้นำอาเซียน\nคณะรัฐมนตรีมีมติเห็นชอบร่างแถลงการณ์ผู้นำอาเซียนว่าด้วยความร่วมมือด้านเศรษฐกิจดิจิทัล"
        " และร่างแถลงการณ์ผู้นำอาเซียนว่าด้วยความยั่งยืนทางทะเล ตามที่กระทรวงการต่างประเทศเสนอ\nสาระสำคัญ\n"
        "ร่างแถลงการณ์ผู้นำฯ ว่าด้วยความร่วมมือด้านเศรษฐกิจดิจิทัลส่งเสริมการค้าดิจิทัลในภูมิภาค\n"
        "หากมีความจำเป็นต้องแก้ไขร่างแถลงการณ์ผู้นำฯ ในส่วนที่ไม่ใช่สาระสำคัญหรือไม่ขัดต่อผลประโยชน์ของประเทศไทย"
        " ให้กระทรวงการต่างประเทศดำเนินการได้โดยไม่ต้องนำเสนอคณะรัฐมนตรีอีก"
    )
    announcement = parse_announcement(summary([*OTHER, statements]), "statements")
    item = agenda.items(announcement)[len(OTHER)]
    titles = [i.title_th for i in extractor.extract(announcement, [item], digital=True).instruments]
    assert titles == [
        "ร่างแถลงการณ์ผู้นำอาเซียนว่าด้วยความร่วมมือด้านเศรษฐกิจดิจิทัล",  # (named in the decision)
        "ร่างแถลงการณ์ผู้นำอาเซียนว่าด้วยความยั่งยืนทางทะเล",
    ]


def test_a_decision_paragraph_goes_on_as_its_numbered_list() -> None:
    item = (
        "เรื่อง\nคณะรัฐมนตรีมีมติเห็นชอบตามที่กระทรวงการต่างประเทศเสนอ ดังนี้\n1. เห็นชอบร่างแผน\n(2) อนุมัติให้ลงนาม\nสาระสำคัญ\nรายละเอียด"
    )
    heading = item.index("\n")
    assert item[: agenda.decision_end(item, heading, len(item))].endswith("(2) อนุมัติให้ลงนาม")
    plain = "เรื่อง\nคณะรัฐมนตรีมีมติเห็นชอบตามที่กระทรวงการต่างประเทศเสนอ\n1. สาระสำคัญ"
    assert plain[: agenda.decision_end(plain, plain.index("\n"), len(plain))].endswith("เสนอ")
    headings = "เรื่อง\nคณะรัฐมนตรีมีมติรับทราบผลการสำรวจ ดังนี้\n1. เรื่อง ที่ประชาชนต้องการ"
    assert headings[: agenda.decision_end(headings, headings.index("\n"), len(headings))].endswith("ดังนี้")


def test_a_decision_on_documents_may_list_them_further_on_or_refer_back(extractor: Extractor) -> None:
    filler = "ที่ประชุมจะหารือความร่วมมือทางเศรษฐกิจในภูมิภาคและการฟื้นตัวหลังโควิด " * 8
    documents = page(
        "ครม. เห็นชอบเอกสารการประชุมรัฐมนตรีเศรษฐกิจอาเซียน",
        f"โฆษกเปิดเผยว่า ครม.เห็นชอบเอกสารในการประชุมรัฐมนตรีเศรษฐกิจอาเซียน {filler}\n"
        "เอกสารได้แก่ ร่างแผนปฏิบัติการด้านการค้าดิจิทัลของอาเซียน\n",
        606,
    )
    back = page(
        "รัฐบาลเดินหน้าความร่วมมือสามฝ่าย",
        "การประชุมสุดยอดจะออกแถลงการณ์ร่วมอินโดนีเซีย-มาเลเซีย-ไทยว่าด้วยเศรษฐกิจดิจิทัล"
        " ซึ่งคณะรัฐมนตรีได้พิจารณาเห็นชอบต่อร่างฯ เมื่อวันที่ 14 ก.ย. ที่ผ่านมา\n",
        607,
    )
    for text in (documents, back):
        announcement = parse_announcement(text, "news")
        found = detect.detect(extractor.lexicon, extractor.dictionary, announcement, agenda.items(announcement)[0])
        assert found.verdict == detect.CANDIDATE, found.explain()


def test_english_terms_count_in_a_sentence_not_as_a_gloss(extractor: Extractor) -> None:
    inline = (
        "ร่างปฏิญญาอาเซียนว่าด้วยแรงงาน\nคณะรัฐมนตรีมีมติเห็นชอบร่างปฏิญญาอาเซียนว่าด้วยแรงงาน"
        " ซึ่งส่งเสริมการใช้เทคโนโลยี Internet of Things ในสถานประกอบการ"
    )
    gloss = (
        "ร่างปฏิญญาอาเซียนว่าด้วยแรงงาน\nคณะรัฐมนตรีมีมติเห็นชอบร่างปฏิญญาอาเซียนว่าด้วยแรงงาน"
        " ซึ่งส่งเสริมคลังสินค้าทัณฑ์บน (Bonded Internet of Things Warehouse) ในสถานประกอบการ"
    )
    television = (
        "ร่างกรอบความร่วมมือของอาเซียนด้านสื่อโทรทัศน์ดิจิทัล\nคณะรัฐมนตรีมีมติเห็นชอบร่างกรอบความร่วมมือของอาเซียน"
        "เพื่อส่งเสริมการเข้าถึงข้อมูลข่าวสารผ่านสื่อโทรทัศน์ดิจิทัล"
    )
    found = detect_items(extractor, inline, gloss, television)
    assert [f.verdict == detect.CANDIDATE for f in found] == [True, False, True]
    assert "digital=Internet of Things" in found[0].explain()


# ---- reading pages and corpora


def test_a_tool_word_alone_does_not_make_an_item_digital(extractor: Extractor) -> None:
    """Nor does the digital ministry consulted in the body, fake news spread by any medium, or what a
    statement welcomes."""
    tool = (
        "ร่างบันทึกความเข้าใจด้านพลังงานกับญี่ปุ่น\nคณะรัฐมนตรีมีมติเห็นชอบร่างบันทึกความเข้าใจว่าด้วยความร่วมมือด้านพลังงาน"
        "ระหว่างกระทรวงพลังงานกับญี่ปุ่น โดยใช้เทคโนโลยีขั้นสูงในการลดการปล่อยก๊าซ และส่งสำเนาผ่านไปรษณีย์อิเล็กทรอนิกส์"
    )
    consulted = (
        "ร่างความตกลงด้านการศึกษากับฮังการี\nคณะรัฐมนตรีมีมติเห็นชอบร่างความตกลงว่าด้วยความร่วมมือด้านการศึกษา"
        "กับฮังการี ตามที่กระทรวงศึกษาธิการเสนอ\nสาระสำคัญ\nกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคมพิจารณาแล้วไม่ขัดข้อง"
    )
    rumours = (
        "ร่างปฏิญญาอาเซียนว่าด้วยโรคติดเชื้อ\nคณะรัฐมนตรีมีมติเห็นชอบร่างปฏิญญาอาเซียนว่าด้วยการรับมือโรคติดเชื้อ"
        " ซึ่งรวมถึงการชี้แจงข่าวปลอมเกี่ยวกับวัคซีน"
    )
    welcomed = (
        "ร่างถ้อยแถลงร่วมของคณะมนตรีประชาคมสังคมและวัฒนธรรมอาเซียน\nคณะรัฐมนตรีมีมติเห็นชอบร่างถ้อยแถลงร่วม"
        "ของคณะมนตรีประชาคมสังคมและวัฒนธรรมอาเซียน ซึ่งแสดงความยินดีต่อการจัดเวทีเยาวชนอาเซียนด้านเทคโนโลยีดิจิทัล"
    )
    for found in detect_items(extractor, tool, consulted, rumours, welcomed):
        assert found.verdict != detect.CANDIDATE
        assert "digital" in found.missing


def test_a_draft_statement_of_a_multilateral_meeting_is_an_instrument(extractor: Extractor) -> None:
    statement = (
        "ขอความเห็นชอบร่างแถลงการณ์รัฐมนตรีการค้าเอเปค\nคณะรัฐมนตรีมีมติเห็นชอบต่อร่างแถลงการณ์รัฐมนตรีการค้าเอเปค ประจำปี 2567"
        " ซึ่งส่งเสริมเศรษฐกิจดิจิทัลและพาณิชย์อิเล็กทรอนิกส์ในภูมิภาค ตามที่กระทรวงพาณิชย์เสนอ"
    )
    announcement = parse_announcement(summary([*OTHER, statement]), "statement")
    item = agenda.items(announcement)[2]
    found = detect.detect(extractor.lexicon, extractor.dictionary, announcement, item)
    assert found.verdict == detect.CANDIDATE
    assert "instrument=ร่างแถลงการณ์" in found.explain()
    record = extractor.extract(announcement, [item], digital=True)
    assert [i.type for i in record.instruments] == ["JointStatement"]
    assert any(p.iri.endswith("/int-apec") for p in record.instruments[0].parties)


def test_read_page_extracts_only_candidates(extractor: Extractor) -> None:
    result = read_page(extractor, "s", summary([*OTHER, ITEM]).encode(), "digest")
    assert result.summary
    assert result.items == 3
    [flagged] = result.flagged
    assert flagged.number == 3
    assert flagged.kept
    assert flagged.ntriples
    assert "schema.org/text" not in flagged.ntriples  # corpus pages are cited, never copied


def test_unreadable_and_english_pages_are_reported_not_raised(extractor: Extractor) -> None:
    assert read_page(extractor, "b", b"\x00\x01", "d").problem == "binary file (NUL bytes), not an announcement text"
    assert "not UTF-8" in (read_page(extractor, "u", b"\xff\xfe", "d").problem or "")
    english = page("Cabinet approves", "The cabinet approved a memorandum on digital cooperation with Japan.", 7)
    result = read_page(extractor, "e", english.encode(), "d")
    assert result.language == "en"
    assert result.english
    assert "memorandum" in result.english


def test_corpus_inputs_read_folders_and_archives(tmp_path: Path) -> None:
    folder = tmp_path / "corpus" / "data" / "2022"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text(NEWS, encoding="utf-8")
    archive = tmp_path / "corpus" / "pages.tar.xz"
    with tarfile.open(archive, "w:xz") as tar:
        raw = ITEM.encode()
        info = tarfile.TarInfo("data/b.txt")
        info.size = len(raw)
        tar.addfile(info, io.BytesIO(raw))
    found = inputs([tmp_path / "corpus"])
    assert sorted((i.name, i.archive) for i in found) == [
        ("corpus/data/2022/a.txt", False),
        ("corpus/pages.tar.xz", True),
    ]
    consumed: list[int] = []
    pages = [name for source in found for name, _ in read_input(source, consumed.append)]
    assert pages == ["corpus/data/2022/a.txt", "corpus/pages.tar.xz:data/b.txt"]
    assert sum(consumed) == sum(source.size for source in found)
    (tmp_path / "empty").mkdir()
    with pytest.raises(BadInput, match="no corpus pages"):
        inputs([tmp_path / "empty"])
    with pytest.raises(BadInput, match="no such file"):
        inputs([tmp_path / "missing"])


# ---- merging sources


def test_a_news_page_and_a_summary_item_are_one_decision(extractor: Extractor) -> None:
    news = read_page(extractor, "news", NEWS.encode(), "1")
    item = read_page(extractor, "summary", summary([*OTHER, ITEM]).encode(), "2")
    found = merge.decisions([news, item])
    assert len(found) == 1
    decision = found[0]
    assert decision.primary.page.summary  # the meeting's own text is the primary source
    [other] = decision.others
    assert other.page.slug == "thaigov-601"
    news_iri = URIRef("https://w3id.org/mougraph/id/announcement/thaigov-601")
    assert (decision.node, PROV.wasDerivedFrom, news_iri) in decision.graph
    assert (news_iri, MG.announces, decision.node) in decision.graph


def test_different_partners_or_distant_dates_are_different_decisions(extractor: Extractor) -> None:
    laos = NEWS.replace("สาธารณรัฐสังคมนิยมเวียดนาม", "สาธารณรัฐประชาธิปไตยประชาชนลาว").replace("601", "603")
    later = NEWS.replace("2 ส.ค. 2565", "2 ธ.ค. 2565").replace("2 สิงหาคม 2565", "2 ธันวาคม 2565").replace("601", "604")
    pages = [read_page(extractor, name, text.encode(), name) for name, text in [("a", NEWS), ("b", laos), ("c", later)]]
    found = merge.decisions(pages)
    assert len(found) == 3
    assert len({d.slug for d in found}) == 3


def test_two_pages_on_one_day_with_one_partner_and_kind_are_one_decision(extractor: Extractor) -> None:
    other = NEWS.replace("โทรคมนาคม", "ไปรษณีย์").replace("601", "605")
    first, second = (read_page(extractor, n, t.encode(), n) for n, t in [("a", NEWS), ("b", other)])
    # Same date, partner and kind: one decision told twice, unless the sources are the same page.
    assert len(merge.decisions([first, second])) == 1
    twice = merge.decisions([first])
    assert len(twice) == 1


def test_a_decision_keeps_the_name_the_register_gave_it(extractor: Extractor) -> None:
    """Two decisions of one day on MoUs with Vietnam: without a memory, the first item takes the
    plain name; with the register, a name once given stays with its source (cool IRIs do not move),
    and a name given to a source no longer found is not given to another."""
    postal = ITEM.replace("โทรคมนาคม", "ไปรษณีย์")
    text = summary([*OTHER, postal, ITEM]).encode()
    base = "2022-08-02-th-vn-mou"

    def names(register: Register) -> dict[str, str]:
        found = merge.decisions([read_page(extractor, "summary", text, "1")], register)
        return {d.primary.key: d.primary.record.instruments[0].iri.rsplit("/", 1)[1] for d in found}

    assert names(Register()) == {"thaigov-500#3": base, "thaigov-500#4": base + "-2"}
    register = Register([("thaigov-500#4", base, base, "")])
    assert names(register) == {"thaigov-500#3": base + "-2", "thaigov-500#4": base}
    assert register.name(["thaigov-500#3"], base) == base + "-2"
    assert Register.parse(register.text()).text() == register.text()
    retired = Register([("thaigov-499#9", base, base, "")])
    assert names(retired) == {"thaigov-500#3": base + "-2", "thaigov-500#4": base + "-3"}
    # The decision node follows its first instrument's name.
    found = merge.decisions([read_page(extractor, "summary", text, "1")], Register([("thaigov-500#4", base, base, "")]))
    [decision] = [d for d in found if d.primary.key.endswith("#3")]
    assert str(decision.node).endswith(f"/decision/{base}-2")


def test_a_renamed_instrument_does_not_take_a_name_its_decision_holds(extractor: Extractor) -> None:
    """Item 4 decides on two MoUs with Vietnam (``…-mou``, ``…-mou-2`` within the item); item 3 holds
    ``…-mou``, so item 4's first MoU is renamed, and not to ``…-mou-2``, which its second one holds."""
    postal = MOU.replace("โทรคมนาคม", "ไปรษณีย์")
    two = f"ความร่วมมือกับเวียดนาม\nคณะรัฐมนตรีมีมติเห็นชอบ ดังนี้\n1. เห็นชอบ{MOU}\n2. เห็นชอบ{postal}"
    page_ = read_page(extractor, "summary", summary([*OTHER, ITEM, two]).encode(), "1")
    names = {
        d.primary.key: [i.iri.rsplit("/", 1)[1] for i in d.primary.record.instruments] for d in merge.decisions([page_])
    }
    base = "2022-08-02-th-vn-mou"
    assert names == {"thaigov-500#3": [base], "thaigov-500#4": [base + "-3", base + "-2"]}


def test_an_instrument_keeps_its_name_by_its_title(extractor: Extractor) -> None:
    """An earlier ingest read item 3's two MoUs in the other order: each keeps the name recorded for
    its title, whatever number its place in the item now gives it, and the decision its name."""
    postal = MOU.replace("โทรคมนาคม", "ไปรษณีย์")
    two = f"ความร่วมมือกับเวียดนาม\nคณะรัฐมนตรีมีมติเห็นชอบ ดังนี้\n1. เห็นชอบ{MOU}\n2. เห็นชอบ{postal}"
    base = "2022-08-02-th-vn-mou"
    register = Register(
        [
            ("thaigov-500#3", base, base, postal),
            ("thaigov-500#3", base + "-2", base + "-2", MOU + " ฯ"),
            ("thaigov-500#3", "(decision)", base, ""),
        ]
    )
    page_ = read_page(extractor, "summary", summary([*OTHER, two]).encode(), "1")
    [decision] = merge.decisions([page_], register)
    named = {i.title_th: i.iri.rsplit("/", 1)[1] for i in decision.primary.record.instruments}
    # (A title ends before its parties.)
    assert named == {MOU.split("ระหว่าง")[0]: base + "-2", postal.split("ระหว่าง")[0]: base}
    # The decision keeps its name too, though its first instrument is now another one.
    assert str(decision.node).endswith(f"/decision/{base}")
    assert "thaigov-500#3\t(decision)\t" + base in register.text()
    # A statement of the same summit is another instrument, not a cleaner title of the recorded one;
    # of two instruments with one title, the one of the same partners keeps the name.
    summit, name = "ร่างแถลงการณ์ผู้นำการประชุมสุดยอดเอเชียตะวันออกว่าด้วย", "2020-11-10-th-asean-joint-statement"
    recorded = {name: summit + "ความยั่งยืนทางทะเล", name + "-2": "ร่างปฏิญญาร่วมฯ", "2020-11-10-th-cn-other": "ร่างแผน"}
    found = [
        (name, summit + "สตรี สันติภาพ และความมั่นคง"),
        (name + "-3", "ปฏิญญาร่วมว่าด้วยการสถาปนาความเป็นหุ้นส่วน"),
        (name + "-2", summit + "ความยั่งยืนทางทะเล (Draft)"),
        ("2020-11-10-th-ca-other", "ร่างแผน"),
        ("2020-11-10-th-cn-other", "ร่างแผน"),
    ]
    assert match(found, recorded) == {1: name + "-2", 2: name, 4: "2020-11-10-th-cn-other"}
    assert about_apart(summit + "ความยั่งยืนทางทะเล", summit + "สตรี")
    assert not about_apart("ร่างปฏิญญาร่วมฯ", found[1][1])


def test_a_broken_register_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "iris.tsv"
    path.write_text("# comment\nthaigov-1#2\tonly\tthree-fields\n", encoding="utf-8")
    with pytest.raises(BadInput, match=r"iris.tsv:2: expected 'source<TAB>extracted name<TAB>given name<TAB>title'"):
        Register.read(path)


# ---- the committed graph


@pytest.mark.corpus
def test_committed_decisions_are_what_the_corpus_gives_today(shared: Path, tmp_path: Path) -> None:
    """Rebuilds data/graph/decision/ and docs/coverage.md from ../shared/corpus in a copy of the
    repository: a difference means they are stale (run 'mougraph ingest ../shared/corpus')."""
    from mougraph.layout import Layout
    from mougraph.pipeline import ingest_corpus

    copy = tmp_path / "repo"
    for part in ("ontology", "shapes", "data/reference", "data/announcements", "data/graph/announcement"):
        shutil.copytree(ROOT / part, copy / part)
    shutil.copy(ROOT / "data/graph/iris.tsv", copy / "data/graph/iris.tsv")
    (copy / "docs").mkdir()
    layout = Layout(copy)
    ingested = ingest_corpus(layout, [shared / "corpus"], cache=False)
    fresh = {path.name: path.read_text(encoding="utf-8") for path in layout.decision_files}
    committed = {path.name: path.read_text(encoding="utf-8") for path in Layout(ROOT).decision_files}
    assert sorted(fresh) == sorted(committed), "data/graph/decision/ is stale: run 'mougraph ingest ../shared/corpus'"
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert not stale, f"stale decision graphs (run 'mougraph ingest ../shared/corpus'): {stale[:10]}"
    register = (ROOT / "data/graph/iris.tsv").read_text(encoding="utf-8")
    assert layout.iri_register_file.read_text(encoding="utf-8") == register, "data/graph/iris.tsv is stale"
    coverage = (ROOT / "docs" / "coverage.md").read_text(encoding="utf-8")
    assert layout.coverage_file.read_text(encoding="utf-8") == coverage, "docs/coverage.md is stale"
    assert ingested.coverage.pages > 90_000
    assert ingested.coverage.published >= 90


def test_detection_labels_are_well_formed() -> None:
    """Every label line: an item ID, relevant|not, partners (``-`` for not), a reason; no ID twice in a file."""
    folder = ROOT / "tests" / "golden" / "detection"
    files = sorted(folder.glob("*.tsv"))
    assert len(files) >= 7
    for path in files:
        seen: set[str] = set()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            parts = line.split("\t")
            where = f"{path.name}:{number}"
            assert len(parts) == 4, f"{where}: 4 tab-separated fields expected"
            item, label, partners, note = parts
            assert item.startswith(("thaigov-", "text-")), where
            assert label in ("relevant", "not"), where
            assert (partners == "-") == (label == "not") or label == "relevant", where
            assert note.strip(), where
            assert item not in seen, f"{where}: {item} twice"
            seen.add(item)
