"""From an announcement's text to its extraction record: pure functions over a fixed lexicon.

The flow for one announcement: split it into units (the numbered agenda items of a cabinet-meeting
summary, or the whole body of a news page) → find the instruments each unit names (type, title,
parties, countries) → keep the international digital-cooperation ones → read their dates,
supersession, scope, modalities and principles → the cabinet decision and spokesperson.
Every value keeps the span it was read from (``evidence``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mougraph import agenda, iris
from mougraph.extract import scope as sc
from mougraph.extract.parties import Found, find_countries, find_parties, government, mint
from mougraph.extract.record import (
    AnnouncementInfo,
    CabinetDecision,
    Evidence,
    Instrument,
    Party,
    Record,
    ScopeItem,
    Supersedes,
)
from mougraph.lexicon import Lexicon, Match, repository_lexicon
from mougraph.sources import Announcement, read_announcement
from mougraph.thaidates import find_dates, find_years
from mougraph.thaitext import arabic_digits, squeeze
from mougraph.tokens import Boundaries, load_dictionary

TYPES: tuple[tuple[str, str], ...] = (
    ("บันทึกความเข้าใจ", "MoU"),
    ("บันทึกข้อตกลงความร่วมมือ", "Agreement"),
    ("บันทึกความร่วมมือ", "MoC"),
    ("บันทึกข้อตกลง", "Agreement"),
    ("กรอบความตกลง", "Agreement"),
    ("ความตกลง", "Agreement"),
    ("ข้อตกลง", "Agreement"),
    ("แถลงการณ์ร่วม", "JointStatement"),
    ("ถ้อยแถลงร่วม", "JointStatement"),
    ("ปฏิญญา", "JointStatement"),
    ("หนังสือแสดงเจตจำนง", "Other"),
    ("แผนงานความร่วมมือ", "Other"),
    ("ถ้อยแถลงข่าวร่วม", "JointStatement"),
    ("หนังสือแลกเปลี่ยน", "Other"),
    # The Final Acts of an ITU or UPU conference: the treaty texts its delegates sign.
    ("กรรมสารสุดท้าย", "Agreement"),
)
#: Outcome documents of multilateral meetings: instruments only as a draft (``ร่าง…``) adopted in
#: an international organization or with a foreign country (checked by :meth:`_Reading.is_relevant`).
DOCUMENTS: tuple[tuple[str, str], ...] = (
    ("แนวปฏิบัติ", "Other"),
    ("ข้อเสนอแนวทาง", "Other"),
    ("ขอบเขตการปฏิบัติงาน", "Other"),
    ("ขอบเขตอำนาจหน้าที่", "Other"),
    ("แผนปฏิบัติการ", "Other"),
    ("แผนดำเนินการ", "Other"),
    ("แผนงาน", "Other"),
    ("แผนแม่บท", "Other"),
    ("แนวทางการดำเนินงาน", "Other"),
    ("กรอบความร่วมมือ", "Other"),
    ("เอกสารผลลัพธ์", "Other"),
    ("ข้อริเริ่ม", "Other"),
    ("แผนการ", "Other"),
    ("แถลงการณ์", "JointStatement"),
)
_DOCUMENT = re.compile(r"(?P<draft>ร่าง\s*)(?P<type>" + "|".join(word for word, _ in DOCUMENTS) + r")(?P<abbr>\s*ฯ)?")
_KINDS = dict(TYPES) | dict(DOCUMENTS)
#: Documents named by their subject, one each even when listed together (a statement or a roadmap
#: is named again in other words and stays one instrument).
_DOCUMENT_WORDS = frozenset(word for word, _ in DOCUMENTS) - {"แถลงการณ์", "แผนการ"}
_LIST_MARKER = re.compile(r"[ \t]*(?:\(\s*[0-9๐-๙]{1,2}\s*\)|[0-9๐-๙]{1,2}(?:\.[0-9๐-๙]{1,2})*\s*[.)]?)[ \t]*")
_TYPE_SLUG = {
    "MoU": "mou",
    "MoC": "moc",
    "Agreement": "agreement",
    "JointStatement": "joint-statement",
    "Other": "other",
}
_MENTION = re.compile(r"(?P<draft>ร่าง\s*)?(?P<type>" + "|".join(word for word, _ in TYPES) + r")(?P<abbr>\s*ฯ)?")
_TITLE_STOP = re.compile(
    r"\n|\s*(?:ตามที่|และให้|และอนุมัติ|และมอบ|โดยมี|โดยให้|ซึ่ง|เพื่อ(?!เศรษฐกิจ)|ทั้งนี้|ที่มี|เมื่อวันที่|ณ\s(?!จุดเดียว)|"
    r"พัฒนาความสัมพันธ์|แทนฉบับ|ฉบับใหม่|และ\s*(?:[0-9๐-๙]{1,2}\)\s*)?ร่าง|(?:และ|ต่อ)\s*(?:คณะรัฐมนตรี|ครม\.)|รวม\s*[0-9]+\s*ฉบับ|(?:โดย|และ)\s*หาก|เป็นเอกสาร|ไม่ใช่สนธิสัญญา|ไม่เป็นหนังสือสัญญา)|\s?\((?![A-Za-z]|[\u0E01-\u0E4E.]{2,10}\))|”|\s*\[|\s{2,}"
)
#: A name shortened with ``ฯ`` ends there (``ร่างแถลงการณ์ประธานการประชุมฯ ในส่วนที่…``), unless what
#: follows still names it (``อาเซียน-สหรัฐฯ ว่าด้วย…``, ``กรุงเทพฯ ในโอกาส…``). The title ends there;
#: the mention (whose sentence may name parties and scope) goes on.
_SHORTENED = re.compile(r"(?<=ฯ)\s+(?!ว่าด้วย|ครั้งที่|สมัยที่|ค\.ศ\.|พ\.ศ\.|ปี|ในโอกาส|ระหว่าง(?!วันที่)|กับ|และ|\(|[0-9]+(?!\)))")
_BACK_REFERENCE = re.compile(r"\s*(?:ฉบับนี้|ฉบับดังกล่าว|ดังกล่าว|ฉบับเดิม|ฉบับใหม่|ทั้ง\s*(?:[0-9๐-๙]+|สอง|สาม)\s*ฉบับ)")
_ABBREVIATION = re.compile(r"\s*\([^()\n]{1,80}\)")
#: The rest of a name (its parties) and its English gloss in parentheses.
_GLOSS = re.compile(r"(?:(?!\sณ\s)[^\n(]){0,200}?\([A-Za-z][^()\n]{0,400}\)")
_CABINET = re.compile(r"ที่ประชุม\s*(?:คณะรัฐมนตรี|ครม\.)|คณะรัฐมนตรี|ครม\.")
#: The cabinet, as a meeting names it: ``ที่ประชุมคณะรัฐมนตรี (ครม.)``.
_CABINET_NAMED = r"(?:ที่ประชุม\s*)?(?:คณะรัฐมนตรี|ครม\.)\s*(?:\(ครม\.\)\s*)?"
_MEETING_DATE = re.compile(_CABINET_NAMED + r"(?:(?:เมื่อ)?\s*(?:วันที่|วันนี้)\s*\(?|\((?=\s*[0-9๐-๙]))")
#: The cabinet deciding, and what may stand between a date and it.
_CABINET_DECIDING = re.compile(_CABINET_NAMED + r"(?:ได้\s*)?(?:มีมติ|เห็นชอบ|อนุมัติ|รับทราบ)")
_DATE_BEFORE = re.compile(r"[\s,]*")
_APPROVE = re.compile(r"(?:มีมติ)?\s*(?:เห็นชอบ|อนุมัติ)")
_ACKNOWLEDGE = re.compile(r"(?:มีมติ)?\s*รับทราบ")
_PROPOSER = re.compile(r"ตามที่\s*(?P<who>[^\n]{2,160}?)\s*(?:\([^)\n]{1,20}\)\s*)?เสนอ")
_SPOKESPERSON = re.compile(
    r"(?P<name>(?:นางสาว|นาง|นาย|น\.ส\.|ดร\.|ว่าที่\s?ร้อยตรี|ว่าที่\s?ร\.ต\.|พล\.\S{1,8}|พ\.ต\.\S{1,4})\s?"
    r"[\u0E01-\u0E4E]+\s+[\u0E01-\u0E4E]+)\s+(?P<role>(?:ผู้ช่วย|รอง)?โฆษก[\u0E01-\u0E4E]*)"
)
_SIGNING = re.compile(r"ลงนาม")
_SIGNING_OR_ADOPTION = re.compile(r"ลงนาม|รับรอง")
_PLANNED = re.compile(
    r"จะ\S{0,15}(?:ลงนาม|รับรอง)|กำหนด(?:การ)?\s*(?:ลงนาม|จะ)|มีกำหนด|คาดว่า|มีแผน|ลงนาม\S{0,20}ต่อไป|ลงนาม(?:ใน)?\s*ร่าง"
)
_PLACE_AT = re.compile(
    r"(?:(?<=\s)|(?<=^)|(?<=\())(?:ณ(?!\s*จุดเดียว)|ที่(?=ประเทศ|กรุง|นคร))\s*(?P<place>[^\n(]{2,80}?)(?=\s*(?:\(|ระหว่าง|โดย|เพื่อ|ซึ่ง|และ|ทั้งนี้|ตามที่|ใน(?:ช่วง|การ|วัน|โอกาส|ระหว่าง)|\n|$|\s{2}))"
)
_VISIT = re.compile(r"เยือน\s*")
#: A verb after ``ที่`` and a country: the country is the subject of a relative clause.
_RELATIVE = re.compile(r"\S\s*(?:จะ|ได้|เป็นเจ้าภาพ)")
_PERIOD_START = re.compile(r"(?:ตั้งแต่|ถึง)\s*(?:วันที่)?\s*$")
_PERIOD_END = re.compile(r"\s*(?:จน)?ถึง")
#: A sentence about every instrument of a text.
_ALL_OF_THEM = re.compile(r"ทั้ง\s*(?:สอง|สาม|[0-9๐-๙]+)\s*ฉบับ")
#: Sentences that may state the principles of cooperation.
_PRINCIPLE_CUES = re.compile(r"หลัก|พื้นฐาน|บน|ตามกฎหมาย|ภายใต้ขอบเขต|พันธ์?กรณี|ผูกพัน|สนธิสัญญา")
#: Sentences that say what an instrument is about.
_ABOUT = re.compile(r"วัตถุประสงค์|สาระสำคัญ|มีเนื้อหา|มุ่งเน้น|ครอบคลุม")
_NOT_SIGNED = re.compile(r"(?:มิได้|ไม่ได้|ยังไม่)\s*$")
#: A line that ends in one of these words goes on in the next line.
_OPEN_END = re.compile(r"(?:วันที่|ณ|ระหว่าง|เมื่อ)[ \t]*$")
#: Between a date and a later ``ลงนาม``: another event the date belongs to.
_OTHER_EVENT = re.compile(r"หารือ|บังคับใช้|คณะรัฐมนตรี|ครม\.|เห็นชอบ|อนุมัติ|เปิดเผย|ผลสืบเนื่อง|สืบเนื่องจาก")
_CABINET_BODY = str(iris.organization("th-cabinet"))
_WINDOW = re.compile(r"[0-9๐-๙]\s*[-–]\s*[0-9๐-๙]")
_SUPERSEDE_CUE = re.compile(r"ฉบับเดิม|แทน(?:บันทึก|ความตกลง|ฉบับ)|ต่ออายุ|ฉบับที่ผ่านมา|(?:ปี|ฉบับ)ก่อนหน้า")
_REPLACES = re.compile(r"แทน(?:ที่)?\s*(?:บันทึก\S*|ความตกลง\S*|ฉบับ)[^\n]{0,120}?ฉบับเดิม|แทนฉบับเดิม")
_EXPIRY = re.compile(r"สิ้นสุด|หมดอายุ|ครบกำหนด")
_DURATION = re.compile(
    r"(?:มีผล(?:ใช้)?บังคับ(?:ใช้)?|มีอายุ|ระยะเวลา(?:ดำเนินการ)?|อายุ(?:ของ)?(?:บันทึก\S*|ความตกลง)?)[^\n]{0,40}?"
    r"(?P<n>[0-9๐-๙]{1,2})\s*ปี"
)
#: Areas that also occur in instruments of any field: they do not make an instrument a digital one.
GENERIC_AREAS = frozenset(
    {
        "other",
        "knowledge-exchange",
        "human-resource-development",
        "enterprise-cooperation",
        "investment-promotion",
        "research-development",
        "startups",
        "digital-education",
        "smart-agriculture",
    }
)


@dataclass(frozen=True)
class Unit:
    """A part of an announcement read on its own: an agenda item, or the whole body."""

    start: int
    end: int
    number: int | None


@dataclass
class Extractor:
    """Extraction with one lexicon and its tokenizer dictionary (build once, use for many texts)."""

    lexicon: Lexicon
    dictionary: str

    @classmethod
    def for_repository(cls, root: Path) -> Extractor:
        lexicon = repository_lexicon(root.resolve())
        return cls(lexicon, load_dictionary(lexicon.words()))

    def extract_file(self, path: Path) -> Record:
        return self.extract(read_announcement(path))

    def extract(
        self, announcement: Announcement, items: Iterable[agenda.Item] | None = None, digital: bool = False
    ) -> Record:
        """The record of ``announcement``, reading only ``items`` of it when given (default: all).

        ``digital``: the items are known to be about digital matters (:mod:`mougraph.detect` found a
        digital area in them), so every international instrument read from them is kept.
        """
        reading = _Reading(self, announcement)
        reading.digital = digital
        return reading.record(None if items is None else list(items))


class _Reading:
    """The state of reading one announcement (its text, bounds cache, warnings)."""

    def __init__(self, extractor: Extractor, announcement: Announcement) -> None:
        self.lexicon = extractor.lexicon
        self.dictionary = extractor.dictionary
        self.a = announcement
        self.text = announcement.text
        self.warnings: list[str] = list(announcement.warnings)
        self._boundaries = Boundaries(self.text, self.dictionary)
        self._units: list[Unit] = []
        self.digital = False

    def bounds(self, start: int, end: int) -> Boundaries:
        """Word boundaries of the text (tokenized lazily, line by line)."""
        return self._boundaries

    # ------------------------------------------------------------------ the record

    def record(self, items: list[agenda.Item] | None = None) -> Record:
        info = self.announcement_info()
        instruments: list[Instrument] = []
        decision: CabinetDecision | None = None
        self._units = self.units() if items is None else [Unit(i.start, i.end, i.number) for i in items]
        for unit in self._units:
            found = self.instruments(unit)
            if not found:
                continue
            unit_decision = self.decision(unit)
            for instrument in found:
                instrument.decision = unit_decision.decision if unit_decision else None
                if unit_decision:
                    instrument.evidence += [
                        Evidence(f"decision_{e.field}", e.start, e.end) for e in unit_decision.evidence
                    ]
            if decision is None:
                decision = unit_decision
            instruments.extend(found)
        if not instruments:
            self.warnings.append("no international digital-cooperation instrument found in the text")
        self.assign_iris(instruments, decision)
        return Record(self.a.where, info, decision, instruments, self.warnings)

    def announcement_info(self) -> AnnouncementInfo:
        a = self.a
        info = AnnouncementInfo(a.source, a.title, a.published)
        if a.title_span:
            info.evidence.append(Evidence("title_th", a.title_span.start, a.title_span.end))
        if a.published_span:
            info.evidence.append(Evidence("published", a.published_span.start, a.published_span.end))
        found = _SPOKESPERSON.search(self.text, a.body_start, min(a.body_end, a.body_start + 1500))
        if found:
            info.spokesperson_th = found["name"]
            info.spokesperson_role_th = found["role"]
            info.evidence.append(Evidence("spokesperson_th", found.start("name"), found.end("name")))
            info.evidence.append(Evidence("spokesperson_role_th", found.start("role"), found.end("role")))
        return info

    def units(self) -> list[Unit]:
        a = self.a
        return [Unit(item.start, item.end, item.number) for item in agenda.items(a)]

    # ------------------------------------------------------------------ instruments

    def instruments(self, unit: Unit) -> list[Instrument]:
        text = self.text
        mentions = []
        found_all = [*_MENTION.finditer(text, unit.start, unit.end), *_DOCUMENT.finditer(text, unit.start, unit.end)]
        seen: set[int] = set()
        for found in sorted(found_all, key=lambda m: m.start()):
            if found.start() in seen:
                continue  # ``ร่างแถลงการณ์ร่วม`` is a type (first) and a document: one mention
            seen.add(found.start())
            if found["abbr"] or _BACK_REFERENCE.match(text, found.end()):
                continue
            title_end = self.title_end(found.end(), unit.end)
            if title_end - found.start() < 12:
                continue  # too short to be a name, or a set of documents ("เอกสารผลลัพธ์ … จำนวน 8 ฉบับ")
            mentions.append((found, title_end))
        if not mentions:
            return []
        # The cabinet approves drafts: when a draft is named, the other mentions cite signed
        # instruments in the background. But a draft named only in the background, of a kind the
        # decision itself names (``…ลงนามในกรรมสารสุดท้าย…`` decided, ``…ยังมิได้เสนอร่างกรรมสาร
        # สุดท้าย`` in the background), is that instrument, not the only one to read.
        drafts = [(m, e) for m, e in mentions if m["draft"]]
        if drafts:
            decided = self.decision_end(unit)
            decided_kinds = {_KINDS[m["type"]] for m, _ in mentions if not m["draft"] and m.start() < decided}
            if any(m.start() < decided or _KINDS[m["type"]] not in decided_kinds for m, _ in drafts):
                mentions = drafts
        groups: list[list[tuple[re.Match[str], int]]] = []
        for mention in mentions:
            kind = _KINDS[mention[0]["type"]]
            foreign = self.foreign(mention[0].start(), mention[1])
            if not foreign and (named := self.group_naming(mention, groups, kind)) is not None:
                named.append(mention)  # a later mention by subject (``ส่วนบันทึกความร่วมมือด้าน X``)
                continue
            for group in groups:
                first = group[0]
                if _KINDS[first[0]["type"]] != kind:
                    continue
                other = set().union(*(self.foreign(m.start(), e) for m, e in group))
                same_name = self.name_key(first[0]) == self.name_key(mention[0])
                listed = self.list_item(first[0]) and self.list_item(mention[0])
                document = mention[0]["type"] in _DOCUMENT_WORDS or first[0]["type"] in _DOCUMENT_WORDS
                apart = self.named_apart(first, mention) or self.about_apart(first, mention)
                if not same_name and (listed or document or apart):
                    continue  # items of a list, documents named by their subject, other parties or subjects
                if same_name or not foreign or not other or foreign & other:
                    group.append(mention)
                    break
            else:
                groups.append([mention])
        result: list[tuple[Instrument, list[tuple[re.Match[str], int]]]] = []
        for group in groups:
            instrument = self.instrument(unit, group)
            if instrument is not None:
                result.append((instrument, group))
        if len(result) > 1:
            self.assign_scope(unit, [i for i, _ in result], [g for _, g in result])
            self.read_shared_modalities(unit, [i for i, _ in result])
        elif result:
            self.read_scope(result[0][0], unit.start, unit.end)
        kept = []
        for instrument, group in result:
            if self.is_relevant(instrument, unit, group):
                self.read_proposer(instrument, unit)
                self.add_adopting_body(instrument)
                others = [m.start() for other, g in result if other is not instrument for m, _ in g]
                self.read_dates(instrument, unit, others)
                kept.append(instrument)
            else:
                self.warnings = [w for w in self.warnings if not any(p.iri in w for p in instrument.parties)]
        return kept

    def group_naming(
        self, mention: tuple[re.Match[str], int], groups: list[list[tuple[re.Match[str], int]]], kind: str
    ) -> list[tuple[re.Match[str], int]] | None:
        """The one group of ``kind`` whose titles contain this mention's subject (the words after
        the type word), when the mention names no country."""
        found, end = mention
        start = found.end()
        if abbreviation := _ABBREVIATION.match(self.text, start, end):
            start = abbreviation.end()
        subject = re.sub(r"\s+", "", self.text[start:end])[:20]
        if len(subject) < 8 or subject.startswith("ระหว่าง"):
            return None
        naming = [
            group
            for group in groups
            if _KINDS[group[0][0]["type"]] == kind
            and not self.about_apart(group[0], mention)
            and any(
                m["type"] == found["type"] and subject in re.sub(r"\s+", "", self.text[m.end() : e]) for m, e in group
            )
        ]
        return naming[0] if len(naming) == 1 else None

    def named_apart(self, one: tuple[re.Match[str], int], other: tuple[re.Match[str], int]) -> bool:
        """True when both mentions name their parties (``ระหว่าง A และ B``) and the parties differ."""
        first, second = self.own_parties(one), self.own_parties(other)
        return bool(first and second and first != second)

    def about_apart(self, one: tuple[re.Match[str], int], other: tuple[re.Match[str], int]) -> bool:
        """True when both mentions say what they are about (``ว่าด้วย X``) and neither subject begins
        the other: ``…ว่าด้วยความยั่งยืนทางทะเล`` and ``…ว่าด้วยสตรี สันติภาพ และความมั่นคง``."""
        first, second = self.subject(one), self.subject(other)
        return bool(first and second and not (first.startswith(second) or second.startswith(first)))

    def subject(self, mention: tuple[re.Match[str], int]) -> str:
        """What a mention's name says it is about (after ``ว่าด้วย``), spaces and ``ฯ`` dropped."""
        found, end = mention
        about = self.text.find("ว่าด้วย", found.end(), end)
        return re.sub(r"[\sฯ]+", "", self.text[about + 7 : end])[:30] if about >= 0 else ""

    def own_parties(self, mention: tuple[re.Match[str], int]) -> frozenset[str]:
        found, end = mention
        between = self.text.find("ระหว่าง", found.start(), end)
        if between < 0:
            return frozenset()
        bounds = self.bounds(between, end)
        named = find_parties(self.lexicon, self.text, between, end, bounds)
        return frozenset(f.body.iri for f in named if not f.implied)

    def list_item(self, mention: re.Match[str]) -> bool:
        """True when the mention opens an item of a numbered list (``(2) ร่าง…``, ``1.3 ร่าง…``)."""
        line_start = self.text.rfind("\n", 0, mention.start()) + 1
        return bool(_LIST_MARKER.fullmatch(self.text, line_start, mention.start()))

    def name_key(self, mention: re.Match[str]) -> str:
        """The first words of an instrument's name, spaces ignored: mentions of one instrument share it."""
        return re.sub(r"\s+", "", self.text[mention.start("type") : mention.start("type") + 60])[:40]

    def title_end(self, start: int, limit: int) -> int:
        """Where an instrument's name ends; an abbreviation right after the type word (``(MOC)``) is kept."""
        if abbreviation := _ABBREVIATION.match(self.text, start, limit):
            start = abbreviation.end()
        stop = _TITLE_STOP.search(self.text, start, min(limit, start + 400))
        end = stop.start() if stop else min(limit, start + 400)
        while end > start and self.text[end - 1] in " ,":
            end -= 1
        return end

    def foreign(self, start: int, end: int) -> set[str]:
        codes = {code for code, _, _ in find_countries(self.lexicon, self.text, start, end, self.bounds(start, end))}
        return codes - {"TH"}

    def instrument(self, unit: Unit, group: list[tuple[re.Match[str], int]]) -> Instrument | None:
        text = self.text
        # The fullest name, preferring one that names a country and one in the decision itself
        # (the background may name the instrument in passing: ``…จะถูกร่างขึ้นในวันสุดท้าย…``).
        decided = self.decision_end(unit)
        best = max(
            group,
            key=lambda m: (
                len(self.foreign(m[0].start(), m[1])),
                m[0].start() < decided,
                self.cut_title(m[0].start(), m[1]) - m[0].start(),
            ),
        )
        mention, full_end = best
        kind = _KINDS[mention["type"]]
        start = mention.start()
        title_end = self.cut_title(start, full_end)
        evidence = [Evidence("title_th", start, title_end)]
        instrument = Instrument(iri="", type=kind, title_th=squeeze(text[start:title_end]))
        instrument.agenda_item = unit.number
        # Parties: in the title's ระหว่าง phrase, else in the sentence around the mention.
        parties = self.parties_near(group, unit)
        # A country's government is implied only when no body of that country is named.
        named = {found.body.country for found in parties if not found.implied}
        parties = [found for found in parties if not (found.implied and found.body.country in named)]
        countries: set[str] = set()
        for found in parties:
            if found.body.iri == _CABINET_BODY:
                continue  # the cabinet decides; it is never a party
            party = _party(found)
            if party.iri not in {p.iri for p in instrument.parties}:
                instrument.parties.append(party)
                evidence.append(Evidence(f"parties[{len(instrument.parties) - 1}]", found.start, found.end))
                if party.minted:
                    self.warnings.append(
                        f"organization not in the gazetteer, minted from the text: {party.name_th!r} ({party.iri})"
                    )
            if found.body.country:
                countries.add(found.body.country)
        for m, end in group:
            for code, a, b in find_countries(self.lexicon, text, m.start(), end, self.bounds(m.start(), end)):
                if code not in countries:
                    countries.add(code)
                    evidence.append(Evidence("countries", a, b))
                    # The name gives the partner country and no body of it is named: its government.
                    if code != "TH" and not any(p.country != "TH" for p in instrument.parties):
                        foreign = government(self.lexicon, code)
                        instrument.parties.append(
                            Party(foreign.iri, foreign.name_th, foreign.name_en, code, foreign.minted)
                        )
                        evidence.append(Evidence(f"parties[{len(instrument.parties) - 1}]", a, b))
        # Thailand takes part in every instrument its cabinet decides on, named or not: when only
        # foreign states' bodies are named, the Thai government is the Thai party (read from the title).
        instrument.countries = sorted(countries | {"TH"})
        if instrument.parties and all(p.country not in (None, "TH") for p in instrument.parties):  # (or none named)
            thai = government(self.lexicon, "TH")
            instrument.parties.append(Party(thai.iri, thai.name_th, thai.name_en, "TH", thai.minted))
            evidence.append(Evidence(f"parties[{len(instrument.parties) - 1}]", start, title_end))
        instrument.evidence = evidence
        return instrument

    def decision_end(self, unit: Unit) -> int:
        """Where an agenda item's decision paragraph (with its list of decisions) ends; a news
        page's unit is all decision."""
        heading = self.text.find("\n", unit.start, unit.end)
        if unit.number is None or heading < 0:
            return unit.end
        return agenda.decision_end(self.text, heading, unit.end)

    def cut_title(self, start: int, end: int) -> int:
        """A title ``X ว่าด้วย Y ระหว่าง A และ B`` ends before ``ระหว่าง``; ``X ระหว่าง A ว่าด้วย Y`` keeps
        both; a name shortened with ``ฯ`` ends there (:data:`_SHORTENED`)."""
        if shortened := _SHORTENED.search(self.text, start, end):
            end = shortened.start()
        about = self.text.find("ว่าด้วย", start, end)
        between = self.text.find(" ระหว่าง", start, end)
        if between < 0:
            between = self.text.find("ระหว่าง", start, end)
        if about >= 0 and between > about:
            return between
        return end

    def parties_near(self, group: list[tuple[re.Match[str], int]], unit: Unit) -> list[Found]:
        """The parties of the mention that names them best: bodies named in a ``ระหว่าง`` phrase
        beat countries named alone (whose governments are then the parties)."""
        candidates: list[list[Found]] = []
        for m, end in group:
            between = self.text.find("ระหว่าง", m.start(), end)
            if between >= 0:
                end = self.next_line_end(end, unit.end)
                candidates.append(find_parties(self.lexicon, self.text, between, end, self.bounds(between, end)))
        if not any(candidates):
            # Fall back to the line of each mention.
            for m, _ in group:
                line_start = self.text.rfind("\n", unit.start, m.start()) + 1
                line_end = self.text.find("\n", m.start(), unit.end)
                line_end = unit.end if line_end < 0 else line_end
                between = self.text.find("ระหว่าง", m.start(), line_end)
                if between < 0:
                    between = self.text.find("กับ", m.start(), line_end)
                if between >= 0:
                    stop = min(line_end, between + 300)
                    bounds = self.bounds(line_start, line_end)
                    candidates.append(find_parties(self.lexicon, self.text, between, stop, bounds))
        if not any(candidates):
            return []
        return max(candidates, key=lambda found: (sum(not f.implied for f in found), len(found)))

    def next_line_end(self, end: int, limit: int) -> int:
        """A title cut by a single line break continues on the next line (names broken by PDF copying)."""
        following_line = self.text[end + 1 : end + 40]
        new_start = re.match(
            r"\s*(?:และ\s*)?(?:ร่าง|[0-9๐-๙(]|คณะรัฐมนตรี|ครม\.|ที่ประชุม|ตามที่|ทั้งนี้|" + _MENTION.pattern + ")",
            following_line,
        )
        if end < limit and self.text[end] == "\n" and not following_line.startswith("\n") and not new_start:
            following = self.text.find("\n", end + 1, limit)
            return limit if following < 0 else following
        return end

    def is_relevant(self, instrument: Instrument, unit: Unit, group: list[tuple[re.Match[str], int]]) -> bool:
        """International (a foreign country or body) and digital: a digital area is named in the
        instrument's name, the agenda item's heading, or the announcement's headline."""
        areas = self.lexicon.concepts["area"]
        places = [(m.start(), e) for m, e in group]
        heading_end = self.text.find("\n", unit.start, unit.end)
        if unit.number is not None and heading_end > 0:
            places.append((unit.start, heading_end))
        if unit.number is None and self.a.title_span:
            places.append((self.a.title_span.start, self.a.title_span.end))
        # Thai names only: an English gloss ("Satellite Warehouse") does not make a subject digital.
        digital = any(
            match.key not in GENERIC_AREAS and not match.label.isascii()
            for a, b in places
            for match in areas.find(self.text, a, b, self.bounds(a, b))
        )
        listed = {area for item in instrument.scope_items for area in item.areas}
        digital = digital or bool(listed - GENERIC_AREAS)
        digital = digital or any(self.lexicon.is_digital_body(party.iri) for party in instrument.parties)
        digital = digital or self.proposed_by_digital_body(unit) or self.digital
        international = bool(set(instrument.countries) - {"TH"}) or any(
            party.country != "TH" for party in instrument.parties
        )
        if all(party.country == "TH" for party in instrument.parties):
            # A multilateral document: its parties are the international bodies it is adopted in,
            # named in its name or heading, else early in the item ("…ของเอสแคป").
            window = (unit.start, min(unit.end, unit.start + 1500))
            named = [
                (a, b)
                for a, b in places
                if any(
                    self.lexicon.bodies[m.key].international for m in self.lexicon.organizations.find(self.text, a, b)
                )
            ]
            for a, b in named or [window]:
                for match in self.lexicon.organizations.find(self.text, a, b, self.bounds(a, b)):
                    body = self.lexicon.bodies[match.key]
                    if body.international and body.iri not in {p.iri for p in instrument.parties}:
                        instrument.parties.append(Party(body.iri, body.name_th, body.name_en, None))
                        instrument.evidence.append(
                            Evidence(f"parties[{len(instrument.parties) - 1}]", match.start, match.end)
                        )
                        international = True
            if not international:
                # No body named: the foreign country named in its own name or its agenda item's
                # heading (not a news headline, which may name a visitor), by its government.
                own = [(m.start(), e) for m, e in group]
                if unit.number is not None and heading_end > 0:
                    own.append((unit.start, heading_end))
                for a, b in own:
                    for code, start, end in find_countries(self.lexicon, self.text, a, b, self.bounds(a, b)):
                        body = government(self.lexicon, code)
                        if code != "TH" and body.iri not in {p.iri for p in instrument.parties}:
                            instrument.parties.append(Party(body.iri, body.name_th, body.name_en, code, body.minted))
                            instrument.evidence.append(Evidence(f"parties[{len(instrument.parties) - 1}]", start, end))
                            instrument.countries = sorted({*instrument.countries, code})
                            international = True
        return digital and international

    def proposer(self, unit: Unit) -> tuple[int, int, list[Match]] | None:
        """Who proposed the item to the cabinet (``ตามที่ … เสนอ``): its span and the gazetteer
        bodies named there (none when the proposer is not in the gazetteer)."""
        found = _PROPOSER.search(self.text, unit.start, unit.end)
        if not found:
            return None
        a, b = found.start("who"), found.end("who")
        return a, b, self.lexicon.organizations.find(self.text, a, b, self.bounds(a, b))

    def proposed_by_digital_body(self, unit: Unit) -> bool:
        """True when the digital ministry (or a body under it) proposed the item to the cabinet."""
        proposer = self.proposer(unit)
        if proposer is None or not proposer[2]:
            return False
        return self.lexicon.is_digital_body(proposer[2][0].key)

    def add_adopting_body(self, instrument: Instrument) -> None:
        """In a multilateral document (only international bodies as parties) Thailand takes part
        through the agency that proposed it to the cabinet, else as its government (read from the
        instrument's name: the cabinet decides on Thailand's taking part)."""
        if not instrument.parties or any(p.country for p in instrument.parties):
            return
        iri = instrument.proposing_agency_iri
        proposer = _evidence(instrument, "proposing_agency_th")
        title = _evidence(instrument, "title_th")
        if iri and (body := self.lexicon.bodies.get(iri)) and body.country == "TH" and proposer:
            instrument.parties.append(Party(body.iri, body.name_th, body.name_en, "TH"))
            instrument.evidence.append(
                Evidence(f"parties[{len(instrument.parties) - 1}]", proposer.start, proposer.end)
            )
        elif title:
            thai = government(self.lexicon, "TH")
            instrument.parties.append(Party(thai.iri, thai.name_th, thai.name_en, "TH", thai.minted))
            instrument.evidence.append(Evidence(f"parties[{len(instrument.parties) - 1}]", title.start, title.end))
        if "TH" not in instrument.countries:
            instrument.countries = sorted({*instrument.countries, "TH"})

    def read_proposer(self, instrument: Instrument, unit: Unit) -> None:
        proposer = self.proposer(unit)
        if proposer is None:
            return
        a, b, matches = proposer
        if matches:
            body = self.lexicon.bodies[matches[0].key]
            instrument.proposing_agency_th = body.name_th
            instrument.proposing_agency_iri = body.iri
            instrument.evidence.append(Evidence("proposing_agency_th", matches[0].start, matches[0].end))
        else:
            # A Thai agency (it proposes to the Thai cabinet) missing from the gazetteer: minted.
            body = mint(squeeze(self.text[a:b]), "TH")
            instrument.proposing_agency_th = body.name_th
            instrument.proposing_agency_iri = body.iri
            instrument.proposing_agency_minted = True
            instrument.evidence.append(Evidence("proposing_agency_th", a, b))
            self.warnings.append(
                f"proposing agency not in the gazetteer, minted from the text: {body.name_th!r} ({body.iri})"
            )

    # ------------------------------------------------------------------ dates

    def lines(self, unit: Unit) -> Iterable[tuple[int, int]]:
        """The unit's lines; a line broken after a word that needs what follows (``วันที่``, ``ณ``)
        goes on to the next one (line breaks of text copied from PDF)."""
        at = unit.start
        while at < unit.end:
            end = self.text.find("\n", at, unit.end)
            while end >= 0 and _OPEN_END.search(self.text, max(at, end - 12), end):
                end = self.text.find("\n", end + 1, unit.end)
            end = unit.end if end < 0 else end
            yield at, end
            at = end + 1

    def read_dates(self, instrument: Instrument, unit: Unit, others: Sequence[int] = ()) -> None:
        """Signing date and place, duration and what it replaces; ``others``: where the other
        instruments of the unit are named (a signing of one of them, or a duration told after one
        of them and before this one is named, is not this one's)."""
        text = self.text
        title = _evidence(instrument, "title_th")
        first = title.start if title else unit.start

        def of_other(sign: re.Match[str]) -> bool:
            return any(sign.end() <= at <= sign.end() + 60 for at in others)

        def before_own(at: int) -> bool:
            return at < first and any(at > other for other in others)

        for a, b in self.lines(unit):
            cue = _SUPERSEDE_CUE.search(text, a, b)
            superseding = bool(cue and instrument.supersedes is None)
            if superseding:
                self.read_supersession(instrument, a, b)
            if instrument.signing_date is None:
                for sign in _SIGNING.finditer(text, a, b):
                    if _NOT_SIGNED.search(text, max(a, sign.start() - 10), sign.start()) or of_other(sign):
                        continue  # "รัฐที่ยังมิได้ลงนาม", or the signing of another instrument
                    # On a line about the earlier instrument only today's signing counts.
                    if self.read_signing(instrument, sign, a, b, current=superseding):
                        break
            if instrument.signing_date is None and instrument.signing_place is None:
                for sign in _SIGNING_OR_ADOPTION.finditer(text, a, b):
                    # A place without a date: "จะลงนาม … ณ นครหลวงเวียงจันทน์", "รับรองในการประชุม … ณ …".
                    if of_other(sign):
                        continue
                    self.read_place(instrument, sign.end(), b)
                    if instrument.signing_place is not None:
                        later = _PLANNED.search(text, max(a, sign.start() - 60), min(b, sign.end() + 12))
                        instrument.signing_planned = True if later else None
                        break
            found = _DURATION.search(text, a, b) if instrument.duration_years is None else None
            if found and not before_own(found.start()):
                instrument.duration_years = int(arabic_digits(found["n"]))
                instrument.evidence.append(Evidence("duration_years", found.start(), found.end()))
        if instrument.signing_date is not None and instrument.signing_place is None:
            # The place may be told where the ceremony is ("… เป็นสักขีพยานในการลงนาม ณ ห้องสีฟ้า …").
            for a, b in self.lines(unit):
                for sign in _SIGNING.finditer(text, a, b):
                    self.read_place(instrument, sign.end(), min(b, sign.end() + 80))
                    if instrument.signing_place is not None:
                        return

    def read_signing(self, instrument: Instrument, sign: re.Match[str], a: int, b: int, current: bool = False) -> bool:
        """The signing date near ``ลงนาม`` on its line: a stated date (not the meeting's, not a
        window such as ``5-7 ก.ย.``), or ``วันนี้`` on a news page. Planned when the wording says
        so (``จะ``, ``กำหนด``) or the date is after publication. With ``current``, dates before
        publication are not taken (they belong to an earlier instrument)."""
        text = self.text
        candidates = []
        for when in find_dates(text, max(a, sign.start() - 600), b):
            if current and self.a.published is not None and when.value < self.a.published:
                continue
            if _PERIOD_START.search(text, max(a, when.start - 12), when.start) or _PERIOD_END.match(text, when.end):
                continue  # a period ("ตั้งแต่วันที่ 1 ตุลาคม 2559 ถึงวันที่ …"), such as one open for signature
            before = text[max(a, when.start - 45) : when.start]
            if _CABINET.search(before) or _WINDOW.search(text, max(a, when.start - 4), when.start + 1):
                continue
            if re.search(r"[0-9๐-๙]\s*[-–]\s*$", text[max(a, when.start - 4) : when.start]):
                continue
            gap = (when.end, sign.start()) if when.end <= sign.start() else (sign.end(), when.start)
            if _OTHER_EVENT.search(text, *gap):
                continue  # the date of an earlier talk or decision that led to the signing
            distance = when.start - sign.end() if when.start >= sign.end() else (sign.start() - when.end) * 2
            candidates.append((distance, when))
        if candidates:
            when = min(candidates, key=lambda c: c[0])[1]
            value, start, end = when.value, when.start, when.end
        else:
            today = text.rfind("วันนี้", max(a, sign.start() - 120), sign.start())
            if today < 0:  # "การลงนาม … ในวันนี้"
                today = text.find("วันนี้", sign.end(), min(b, sign.end() + 120))
                if today >= 0 and _OTHER_EVENT.search(text, sign.end(), today):
                    today = -1
            if today < 0 or self.a.published is None or _CABINET.search(text, a, sign.start()):
                return False
            value, start, end = self.a.published, today, today + len("วันนี้")
        instrument.signing_date = value
        instrument.evidence.append(Evidence("signing_date", start, end))
        lead = (
            text[max(a, sign.start() - 60) : max(start, sign.end())]
            if start > a
            else text[max(a, sign.start() - 60) : sign.end()]
        )
        later = self.a.published is not None and value > self.a.published
        instrument.signing_planned = bool(_PLANNED.search(lead)) or later
        # The place follows the date ("เมื่อวันที่ 7 มิถุนายน 2560 ณ โรงแรม…") or the verb.
        self.read_place(instrument, end if end > sign.end() else sign.end(), b)
        if instrument.signing_place is None and end > sign.end():
            self.read_place(instrument, sign.end(), b)
        if instrument.signing_place is None:
            # Or it follows the instrument's name, signed right there ("ลงนามบันทึกความเข้าใจ … (English name) … ณ …").
            named = _evidence(instrument, "title_th")
            if named and sign.end() <= named.start <= sign.end() + 60:
                gloss = _GLOSS.match(text, named.end)
                after = gloss.end() if gloss else named.end
                self.read_place(instrument, after, min(b, after + 120))
        if instrument.signing_place is None:
            self.read_place(instrument, max(a, sign.start() - 600), sign.start())
        return True

    def read_place(self, instrument: Instrument, start: int, end: int) -> None:
        text = self.text
        window = min(end, start + 200)
        if other := _OTHER_EVENT.search(text, start, window):
            window = other.start()  # a place after that belongs to the other event
        at = _PLACE_AT.search(text, start, window)
        visit = _VISIT.search(text, start, window)
        if visit and (at is None or visit.start() < at.start()):
            for label, _ in self.lexicon.countries.labels:
                for prefix in ("ประเทศ", ""):
                    if text.startswith(prefix + label, visit.end()):
                        end_at = visit.end() + len(prefix) + len(label)
                        instrument.signing_place = text[visit.end() : end_at]
                        instrument.evidence.append(Evidence("signing_place", visit.end(), end_at))
                        return
        if at is not None and at.group().startswith("ที่") and _RELATIVE.search(at["place"]):
            at = None  # "ที่ประเทศไทยจะเป็นเจ้าภาพ": which Thailand hosts, not at a place
        if at is not None:
            instrument.signing_place = squeeze(at["place"])
            instrument.evidence.append(Evidence("signing_place", at.start("place"), at.end("place")))

    def read_supersession(self, instrument: Instrument, a: int, b: int) -> None:
        text = self.text
        signed_year: int | None = None
        expired: date | None = None
        spans: list[tuple[int, int]] = []
        sign = text.find("ลงนาม", a, b)
        expiry = _EXPIRY.search(text, a, b)
        if sign >= 0:
            stop = expiry.start() if expiry and expiry.start() > sign else b
            # The earlier instrument was signed before this announcement.
            published = self.a.published
            years = [y for y in find_years(text, sign, stop) if published is None or y.year < published.year]
            dates = [d for d in find_dates(text, sign, stop) if published is None or d.value < published]
            if dates:
                signed_year = dates[0].value.year
                spans.append((dates[0].start, dates[0].end))
            elif years:
                signed_year = years[0].year
                spans.append((years[0].start, years[0].end))
        if expiry:
            dates = list(find_dates(text, expiry.end(), min(b, expiry.end() + 120)))
            if dates:
                expired = dates[0].value
                spans.append((dates[0].start, dates[0].end))
        if signed_year is None and expired is None:
            replaces = _REPLACES.search(text, a, b)
            if replaces is None:
                return
            # "เพื่อใช้แทนที่บันทึกความเข้าใจฉบับเดิม": it replaces an earlier one, undated in the text.
            spans.append((replaces.start(), replaces.end()))
        instrument.supersedes = Supersedes(signed_year, expired)
        for start, end in spans:
            instrument.evidence.append(Evidence("supersedes", start, end))

    # ------------------------------------------------------------------ scope

    def assign_scope(
        self, unit: Unit, instruments: list[Instrument], groups: list[list[tuple[re.Match[str], int]]]
    ) -> None:
        """Each instrument reads its scope from the stretch of text after one of its mentions (up
        to a mention of another instrument): the stretch that gives the most scope items."""
        mentions = sorted((m.start(), index) for index, group in enumerate(groups) for m, _ in group)
        stretches: dict[int, list[tuple[int, int]]] = {}
        for position, (start, index) in enumerate(mentions):
            end = next((s for s, other in mentions[position + 1 :] if other != index), unit.end)
            if position and mentions[position - 1][1] == index:
                continue  # the stretch of the previous mention of the same instrument covers it
            stretches.setdefault(index, []).append((start, end))
        for index, instrument in enumerate(instruments):
            candidates = stretches.get(index, [])
            if not candidates:
                continue
            best = candidates[0]
            if len(candidates) > 1:
                warnings = list(self.warnings)
                best = max(candidates, key=lambda span: (self.trial_scope(instrument, *span), -span[0]))
                self.warnings = warnings
            self.read_scope(instrument, *best)

    def read_shared_modalities(self, unit: Unit, instruments: list[Instrument]) -> None:
        """A sentence about all the instruments ("กิจกรรมภายใต้บันทึกความร่วมมือทั้งสองฉบับ …") gives
        its forms of cooperation to each of them."""
        for a, b in sc.sentences_with(_ALL_OF_THEM, self.text, unit.start, unit.end):
            found: list[Match] = []
            for x, y in sc.modality_spans(self.text, a, b):
                found += self.forms_of_cooperation(x, y)
            for instrument in instruments:
                new = [m for m in _first_each(found) if m.key not in instrument.modalities]
                instrument.modalities = sorted({*instrument.modalities, *(m.key for m in new)})
                instrument.evidence += [Evidence("modalities", m.start, m.end) for m in new]

    def forms_of_cooperation(self, start: int, end: int) -> list[Match]:
        """The modalities named in ``text[start:end]``, without meetings that are events."""
        matches = sc.classify(self.lexicon.concepts["modality"], self.text, start, end, self.bounds(start, end))
        return [m for m in matches if not sc.is_event(self.text, m)]

    def trial_scope(self, instrument: Instrument, start: int, end: int) -> int:
        """How many scope items ``instrument`` would get from ``start:end`` (nothing is kept)."""
        trial = dataclasses.replace(instrument, scope_items=[], evidence=[], scope_areas=[], modalities=[])
        self.read_scope(trial, start, end)
        return len(trial.scope_items)

    def read_scope(self, instrument: Instrument, start: int, end: int) -> None:
        text = self.text
        areas, modalities, principles = sc.lexicon_tables(self.lexicon)
        bounds = self.bounds(start, end)
        raw: list[sc.RawItem] = []
        lists = [items for items in sc.numbered_lists(text, start, end) if sc.is_scope_list(text, items, areas, bounds)]
        if lists:
            raw = max(lists, key=lambda items: sum(1 for i in items if areas.find(text, i.start, i.end, bounds)))
            raw = sc.continued(text, raw, lists)
        if not raw:
            for a, b in sc.sentences_with(sc.SCOPE_CUES, text, start, end):
                if sc.MODALITY_CUES.search(text, a, b) and not re.search("ขอบเขต|สาขา|กรอบความร่วมมือ", text[a:b]):
                    continue
                candidate = sc.prose_items(text, a, b, areas, bounds)
                if len(candidate) >= 2 and any(areas.find(text, i.start, i.end, bounds) for i in candidate):
                    raw = candidate
                    break
        item_spans = [(item.start, item.end) for item in raw]
        union: list[str] = []
        for item in raw:
            matches = sc.classify(areas, text, item.start, item.end, bounds)
            codes = _codes(matches)
            if not codes:
                codes = ["other"]
                self.warnings.append(f"scope item {item.ordinal} names no known area; classified as 'other'")
            instrument.scope_items.append(
                ScopeItem(item.ordinal, text[item.start : item.end], tuple(codes), item.start, item.end)
            )
            instrument.evidence.append(Evidence(f"scope_items[{item.ordinal - 1}]", item.start, item.end))
            union.extend(code for code in codes if code not in union)
        if not raw:
            # No list: the areas named in the title and in the sentences that say what it is about.
            title_at = _evidence(instrument, "title_th")
            spans = [(title_at.start, title_at.end)] if title_at else []
            spans += sc.sentences_with(_ABOUT, text, start, end)
            for a, b in spans:
                for match in areas.find(text, a, b, self.bounds(a, b)):
                    if match.key not in union:
                        union.append(match.key)
                        instrument.evidence.append(Evidence("scope_areas", match.start, match.end))
        instrument.scope_areas = sorted(union)
        count_window = (raw[0].start - 200, raw[0].start) if raw else (start, end)
        stated = sc.scope_count(text, max(start, count_window[0]), count_window[1]) or sc.scope_count(text, start, end)
        if stated:
            instrument.scope_count_stated = stated[0]
            instrument.evidence.append(Evidence("scope_count_stated", stated[1], stated[2]))
        # Modalities: in sentences that speak of forms of cooperation, outside the scope items.
        found_modalities: list[Match] = []
        for a, b in sc.modality_spans(text, start, end):
            if any(s <= a and b <= e for s, e in item_spans):
                continue
            found_modalities += _outside(self.forms_of_cooperation(a, b), item_spans)
            found_modalities += sc.coordinated(modalities, text, a, b)
        # A scope item that opens with a form of cooperation ("1. การแลกเปลี่ยนข้อมูลข่าวสาร…") names it.
        for item in raw:
            opening = self.forms_of_cooperation(item.start, item.end)
            found_modalities += [m for m in opening if m.start <= item.start + 2]
        instrument.modalities = sorted(_codes(found_modalities))
        for match in _first_each(found_modalities):
            instrument.evidence.append(Evidence("modalities", match.start, match.end))
        found_principles: list[Match] = []
        for a, b in sc.sentences_with(_PRINCIPLE_CUES, text, start, end):
            matches = _outside(sc.classify(principles, text, a, b, self.bounds(a, b)), item_spans)
            found_principles += [m for m in matches if not sc.is_aside(text, m)]
        instrument.principles = sorted(_codes(found_principles))
        for match in _first_each(found_principles):
            instrument.evidence.append(Evidence("principles", match.start, match.end))

    # ------------------------------------------------------------------ decision and IRIs

    def decision(self, unit: Unit) -> CabinetDecision | None:
        text = self.text
        about_cabinet = _CABINET.search(text, self.a.body_start, self.a.body_end) or (
            self.a.title and "ครม" in self.a.title
        )
        if not about_cabinet and unit.number is None:
            return None
        evidence: list[Evidence] = []
        when: date | None = None
        in_summary = unit.number is not None and self.a.title is not None and "ประชุม" in self.a.title
        if in_summary and self.a.title_span:
            # An agenda item of a meeting summary: the summary's date; dates inside the item
            # (``ตามที่คณะรัฐมนตรีเมื่อวันที่ …``) are of earlier decisions.
            for found in find_dates(text, self.a.title_span.start, self.a.title_span.end):
                when = found.value
                evidence.append(Evidence("date", found.start, found.end))
                break
        head = (self.a.body_start, min(self.a.body_end, self.a.body_start + 3000))
        scopes = [] if when else [(unit.start, unit.end), head]
        for scope in scopes:
            for cue in _MEETING_DATE.finditer(text, *scope):
                dates = list(find_dates(text, cue.end(), min(scope[1], cue.end() + 40), self.a.published))
                if dates:
                    when = dates[0].value
                    evidence.append(Evidence("date", dates[0].start, dates[0].end))
                    break
            if when:
                break
            # Or the date right before the cabinet ("เมื่อวันที่ 27 กุมภาพันธ์ 2567 ที่ประชุมคณะรัฐมนตรีมีมติ").
            for cue in _CABINET_DECIDING.finditer(text, *scope):
                dates = list(find_dates(text, max(scope[0], cue.start() - 40), cue.start(), self.a.published))
                if dates and _DATE_BEFORE.fullmatch(text, dates[-1].end, cue.start()):
                    when = dates[-1].value
                    evidence.append(Evidence("date", dates[-1].start, dates[-1].end))
                    break
            if when:
                break
        title_cabinet = bool(self.a.title and _CABINET.search(self.a.title))
        if when is None and title_cabinet and "ประชุม" in (self.a.title or "") and self.a.title_span:
            for found in find_dates(text, self.a.title_span.start, self.a.title_span.end):
                when = found.value
                evidence.append(Evidence("date", found.start, found.end))
                break
        recalled = when is None and unit.number is None and not title_cabinet
        if when is None and not recalled:  # (a news item recalling an earlier, undated approval stays undated)
            when = self.a.published
            if when is not None:
                self.warnings.append("the meeting date is not stated; the publication date is used for the decision")
        kind = "other"
        head_end = min(unit.end, unit.start + 3000)
        if unit.number is not None:
            # An agenda item: the verb of its heading and decision paragraph (with the list of
            # decisions it opens), not one recalled from an earlier decision in its background.
            paragraph = self.decision_end(unit)
            if paragraph < unit.end and (
                _APPROVE.search(text, unit.start, paragraph) or _ACKNOWLEDGE.search(text, unit.start, paragraph)
            ):
                head_end = paragraph
        approve = _APPROVE.search(text, unit.start, head_end)
        acknowledge = _ACKNOWLEDGE.search(text, unit.start, head_end)
        if approve:
            kind = "approve"
            evidence.append(Evidence("decision", approve.start(), approve.end()))
        elif acknowledge:
            kind = "acknowledge"
            evidence.append(Evidence("decision", acknowledge.start(), acknowledge.end()))
        return CabinetDecision(when, kind, [e for e in evidence if e.end > e.start])

    def assign_iris(self, instruments: list[Instrument], decision: CabinetDecision | None) -> None:
        used: set[str] = set()
        for instrument in instruments:
            when = decision.date if decision and decision.date else instrument.signing_date or self.a.published
            stamp = when.isoformat() if when else "0000"
            base = f"{stamp}-{country_part(instrument.countries, instrument.parties)}-{_TYPE_SLUG[instrument.type]}"
            name, n = base, 1
            while name in used:
                n += 1
                name = f"{base}-{n}"
            used.add(name)
            instrument.iri = str(iris.resource("instrument", name))


def country_part(countries: list[str], parties: list[Party]) -> str:
    """``th-la`` (Thailand first, then the others in order); without a foreign country, the
    international bodies (``th-asean``); ``int`` when none is known."""
    codes = sorted({c.lower() for c in countries}, key=lambda c: (c != "th", c))
    if codes == ["th"] or not codes:
        # No foreign country: the international bodies name the other side (``th-asean``).
        international = [p.iri.rsplit("/", 1)[1].removeprefix("int-") for p in parties if p.country is None]
        return "-".join([*codes, *dict.fromkeys(filter(None, international))]) or "int"
    return "-".join(codes)


def _party(found: Found) -> Party:
    body = found.body
    return Party(body.iri, body.name_th, body.name_en, body.country, body.minted)


def _codes(matches: list[Match]) -> list[str]:
    codes: list[str] = []
    for match in matches:
        if match.key not in codes:
            codes.append(match.key)
    return codes


def _evidence(instrument: Instrument, field: str) -> Evidence | None:
    """The first evidence of ``field`` for ``instrument``, if any."""
    return next((e for e in instrument.evidence if e.field == field), None)


def _first_each(matches: list[Match]) -> list[Match]:
    seen: set[str] = set()
    result = []
    for match in matches:
        if match.key not in seen:
            seen.add(match.key)
            result.append(match)
    return result


def _outside(matches: list[Match], spans: list[tuple[int, int]]) -> list[Match]:
    return [m for m in matches if not any(a <= m.start < b for a, b in spans)]


__all__ = ["Extractor", "Record"]
