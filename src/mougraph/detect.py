"""Detection: is an agenda item (or a news page) a cabinet decision on an international digital instrument?

Four kinds of cue are looked for in the item, each with the words that fired:

- ``instrument``: a cooperation instrument is named (บันทึกความเข้าใจ, ความตกลง, ปฏิญญา, ร่างแนวปฏิบัติ …)
  in an agenda item's heading or decision paragraph, or after a decision on a meeting's documents
  or outcome; a report on a meeting whose heading names a digital subject
  (``ผลการประชุมรัฐมนตรีอาเซียนด้านดิจิทัล``) stands for what the meeting adopted;
- ``decision``: the cabinet decides (เห็นชอบ, อนุมัติ, รับทราบ, ต่ออายุ …) — on a news page the cabinet
  must be named in the same sentence (``ที่ประชุม ครม. มีมติเห็นชอบ``), in its headline or its first
  :data:`LEDE` characters, and the instrument near it: after it, further on when the decision is on
  a meeting's documents (``ครม.เห็นชอบเอกสาร … ได้แก่``), or before it when it refers back
  (``…ซึ่งคณะรัฐมนตรีได้เห็นชอบต่อร่างฯ``); in a summary item it is the meeting's;
- ``foreign``: a foreign country or an international body of the gazetteer;
- ``digital``: a digital area of the thesaurus, in Thai or as an English term in a Thai sentence
  (not a generic one, nor a label that alone names a tool or a general field, :data:`WEAK_LABELS`,
  nor an English gloss in parentheses), or a digital body (the digital ministry, the
  regulator and their agencies) named in the heading or headline (elsewhere it is often one of
  many ministries consulted).

An item with all four is a ``candidate`` for the extractor, which then keeps it or not, unless it
reports on a meeting or visit (``ผลการประชุม…``) whose heading names no digital subject: such
reports mention digital matters in passing, so they are ``borderline``. An item with
an instrument, a decision and one of ``foreign``/``digital`` named in its heading (or a page's headline)
is ``borderline``: it goes to the review list with the missing cue named, never silently dropped.
Anything else is ``unrelated``. The cheap checks (regular expressions) run first; the lexicon's
automata and the tokenizer run only on items that pass them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mougraph import agenda
from mougraph.agenda import Item
from mougraph.extract import DOCUMENTS, GENERIC_AREAS, TYPES
from mougraph.lexicon import Lexicon, Match, standard_spelling
from mougraph.sources import Announcement
from mougraph.tokens import Boundaries

CANDIDATE, BORDERLINE, UNRELATED = "candidate", "borderline", "unrelated"
#: Areas too loose to make an item digital: generic fields, and words that also mean the press
#: (สื่อมวลชน), any electronic system, weather services or disaster warning.
WEAK_AREAS = GENERIC_AREAS | {"mass-media", "electronics", "weather-monitoring", "disaster-risk-reduction"}
#: Labels of digital areas that, on their own, name a tool or a general field rather than a digital
#: subject: advanced or new technology (also low-carbon or industrial), manpower, regulatory reform,
#: public services, an application or electronic documents used to do something else, data analysis
#: or management in any field, and the digital ministry's name cut from ``กระทรวง``.
WEAK_LABELS = frozenset(
    {
        "เทคโนโลยีขั้นสูง",
        "เทคโนโลยีใหม่",
        "เทคโนโลยีใหม่ ๆ",
        "เทคโนโลยีใหม่ๆ",
        "กำลังคน",
        "การปรับปรุงกฎระเบียบ",
        "การให้บริการสาธารณะ",
        "แอปพลิเคชัน",
        "เอกสารอิเล็กทรอนิกส์",
        "การวิเคราะห์ข้อมูล",
        "การจัดการข้อมูล",
        "การบริหารจัดการข้อมูล",
        "ดิจิทัลเพื่อเศรษฐกิจและสังคม",
        # Fake news and disinformation spread through any medium (countering them is a subject):
        "ข่าวปลอม",
        "ข่าวลวง",
        "ข้อมูลเท็จ",
        "ข้อมูลบิดเบือน",
        # Outer space as a place (space technology or affairs is a subject), an animated film:
        "อวกาศ",
        "แอนิเมชัน",
    }
)
#: Phrases that contain an area's label but name something else: e-mail is no postal service.
_NOT_AREA = re.compile(r"ไปรษณีย์\s*อิเล็กทรอนิกส์")
#: Inside parentheses: ``(… Satellite Warehouse``.
_GLOSSED = re.compile(r"\([^()\n]*$")
#: What a statement welcomes or commends (``ยินดีต่อการจัดงาน…ดิจิทัล``) is not its own subject.
_WELCOMED = re.compile(r"(?:ยินดี|ชื่นชม)[^\n]*$")
#: An area named as an era (``ในยุคดิจิทัล``, in the digital age) is when, not what.
_ERA = re.compile(r"ยุค\s*$")

_INSTRUMENT = re.compile(
    "|".join(word for word, _ in TYPES)
    + r"|ร่าง\s*(?:"
    + "|".join(word for word, _ in DOCUMENTS)
    + r")|Memorandum of|MO[UC]\b|MoU\b|MoC\b"
)
_DECISION = re.compile(r"เห็นชอบ|อนุมัติ|รับทราบ|ต่ออายุ|ขยายระยะเวลา|ขยายอายุ|มอบหมาย|มอบอำนาจ")
#: On a news page: the cabinet and what it decided, in one sentence.
_CABINET_DECIDES = re.compile(r"(?:คณะรัฐมนตรี|ครม\s*\.)[^\n]{0,120}?(?:มีมติ|เห็นชอบ|อนุมัติ|รับทราบ|ต่ออายุ|ขยายระยะเวลา)")
#: A report on a meeting, visit or talks: about a digital instrument only when its heading says so.
_REPORT = re.compile(r"ผลการ\s*(?:ประชุม|เยือน|เดินทาง|หารือ|การประชุม)|สรุปผลการ")
#: How much of an agenda item after its heading (characters) names what the cabinet decides on.
OPENING = 2500
#: How far after the cabinet's decision (characters) a news page names the instrument decided on.
NEAR = 400
#: What the cabinet decides on, named before: ``(ต่อ)ร่างฯ``, ``…ดังกล่าว``.
_BACK = re.compile(r"\s*(?:เห็นชอบ|รับทราบ)?\s*(?:ต่อ)?\s*(?:ร่าง\s*ฯ|\S{0,30}ดังกล่าว)")
#: The same, when the cabinet decides on a meeting's documents, listed further on.
FAR = 1500
#: How much of a news page's body (characters) reports the news, when its headline does not: a
#: cabinet decision recalled further on, in a speech, a visit or a situation report, is background.
LEDE = 1400
_SUMMARY_TITLE = re.compile(r"ประชุม\s*(?:คณะรัฐมนตรี|ครม)")
#: What an agenda item decides on when its instruments are listed only after the decision: the
#: documents or outcome of a meeting (a plan, report or budget that cites an agreement is not).
_OUTCOMES = re.compile(r"\s*(?:เห็นชอบ|รับทราบ)?\s*(?:ต่อ)?\s*(?:ร่าง)?\s*(?:เอกสาร|ผลการประชุม|ผลลัพธ์|การประชุม|รับรอง)")
#: A negotiating position (``ท่าทีไทยสำหรับการประชุม…``) is no instrument, unless the heading also
#: names the documents or an instrument to adopt.
_POSITION = re.compile(r"ท่าที")


@dataclass(frozen=True)
class Cue:
    """Words of ``kind`` that fired at ``text[start:end]``."""

    kind: str
    start: int
    end: int
    words: str

    def show(self) -> str:
        return f"{self.kind}: {self.words}"


@dataclass(frozen=True)
class Detection:
    """The verdict on one item and the cues behind it (``missing`` names what a borderline item lacks)."""

    item: Item
    verdict: str
    cues: tuple[Cue, ...]
    missing: tuple[str, ...] = ()

    def explain(self) -> str:
        """One line: the first cue of each kind, and what is missing."""
        shown: dict[str, str] = {}
        for cue in self.cues:
            shown.setdefault(cue.kind, cue.words)
        parts = [f"{kind}={words}" for kind, words in shown.items()]
        parts += [f"no {kind}" for kind in self.missing]
        return "; ".join(parts)


def is_summary(announcement: Announcement) -> bool:
    """A cabinet-meeting summary (its items are the meeting's decisions)."""
    return bool(announcement.title and _SUMMARY_TITLE.search(announcement.title))


def detect(lexicon: Lexicon, dictionary: str, announcement: Announcement, item: Item) -> Detection:
    """The verdict on ``item`` of ``announcement``, with every cue that fired."""
    text = announcement.text
    cues: list[Cue] = []
    # In an agenda item the instrument is what the cabinet decides on: named in the heading or the
    # decision that opens the item, not deep in its background (``ข้อตกลง`` is also a common word).
    limit = item.end if item.number is None else min(item.end, item.heading_end + OPENING)
    instrument = _INSTRUMENT.search(text, item.start, limit)
    report = _REPORT.search(text, item.start, item.heading_end)
    bounds: Boundaries | None = None
    if instrument is None and item.number is not None and report:
        # A report on a digital meeting, named in its heading (the results of the ASEAN digital
        # ministers' meeting): what it adopted is named further on, if at all.
        bounds = Boundaries(text, dictionary)
        heading = [(item.start, item.heading_end)]
        if _digital(lexicon, text, heading, bounds):
            instrument = report
    if instrument is None:
        return Detection(item, UNRELATED, (), ("instrument",))
    cues.append(Cue("instrument", instrument.start(), instrument.end(), instrument.group()))
    if item.number is not None and not _decided_on(text, item, instrument.start()):
        return Detection(item, UNRELATED, tuple(cues), ("instrument in the decision",))
    decision = _decision(announcement, item)
    if decision is None:
        return Detection(item, UNRELATED, tuple(cues), ("decision",))
    cues.append(decision)
    bounds = bounds or Boundaries(text, dictionary)
    # The heading (or the headline of a news page) names what the item is about.
    places = [(item.start, item.heading_end)]
    if item.number is None and announcement.title_span:
        places.append((announcement.title_span.start, announcement.title_span.end))
    places.append((item.start, item.end))
    foreign = _foreign(lexicon, text, places, bounds)
    digital = _digital(lexicon, text, places, bounds)
    cues += [cue for cue, _ in foreign[:3]] + [cue for cue, _ in digital[:3]]
    if foreign and digital and report and not any(headline for _, headline in digital):
        cues.append(Cue("report", report.start(), report.end(), report.group()))
        return Detection(item, BORDERLINE, tuple(cues), ("digital subject (a report on a meeting or visit)",))
    if foreign and digital:
        return Detection(item, CANDIDATE, tuple(cues))
    missing = tuple(kind for kind, found in (("foreign", foreign), ("digital", digital)) if not found)
    in_heading = any(headline for _, headline in foreign + digital)
    return Detection(item, BORDERLINE if in_heading else UNRELATED, tuple(cues), missing)


def _decided_on(text: str, item: Item, at: int) -> bool:
    """Whether an instrument named at ``at`` is what the agenda item decides on: named in its heading
    or decision paragraph, or listed after a decision on a meeting's documents or outcome; not
    when the item decides a negotiating position only."""
    if _POSITION.search(text, item.start, item.heading_end) and not (
        _INSTRUMENT.search(text, item.start, item.heading_end) or "เอกสาร" in text[item.start : item.heading_end]
    ):
        return False
    decided = agenda.decision_end(text, item.heading_end, item.end)
    return at < decided or _OUTCOMES.search(text, item.start, decided) is not None


def _decision(announcement: Announcement, item: Item) -> Cue | None:
    text = announcement.text
    if item.number is not None and is_summary(announcement):
        verb = _DECISION.search(text, item.start, item.end)
        return Cue("decision", verb.start(), verb.end(), verb.group()) if verb else None
    # The decision is on the instrument: named in the same headline, or in the decision's sentence
    # or the ones right after it (a speech that recalls some decision and later a signing is no decision).
    title = announcement.title_span
    found = _CABINET_DECIDES.search(text, title.start, title.end) if title else None
    if title and found and _INSTRUMENT.search(text, title.start, title.end):
        return Cue("decision", found.start(), found.end(), found.group())
    news = item.number is None and title is not None and found is None
    lede = announcement.body_start + LEDE if news else item.end
    for found in _CABINET_DECIDES.finditer(text, item.start, min(item.end, lede)):
        # A decision on a meeting's documents lists them further on (``ครม.เห็นชอบเอกสาร … 7 ฉบับ ได้แก่``).
        near = FAR if _OUTCOMES.match(text, found.end(), found.end() + 30) else NEAR
        if _INSTRUMENT.search(text, found.start(), min(item.end, found.end() + near)):
            return Cue("decision", found.start(), found.end(), found.group())
        # Or on one named just before it (``…แถลงการณ์ร่วม … ซึ่งคณะรัฐมนตรีได้เห็นชอบต่อร่างฯ``).
        before = max(item.start, found.start() - NEAR)
        if _BACK.match(text, found.end()) and _INSTRUMENT.search(text, before, found.start()):
            return Cue("decision", found.start(), found.end(), found.group())
    return None


def _weak(text: str, start: int, match: Match) -> bool:
    """An area match that does not make an item digital: a weak area (but digital television is a
    digital subject), a weak label, an English term glossing a Thai one in parentheses (an English
    term in a Thai sentence counts), e-mail, what is welcomed or commended, an era (``ในยุคดิจิทัล``)."""
    label = standard_spelling(match.label)
    if match.key in WEAK_AREAS and not (match.key == "mass-media" and "ดิจิทัล" in label):
        return True
    if label in WEAK_LABELS or _NOT_AREA.match(text, match.start):
        return True
    if match.label.isascii() and _GLOSSED.search(text, max(start, match.start - 80), match.start):
        return True
    if _WELCOMED.search(text, max(start, match.start - 150), match.start):
        return True
    return bool(_ERA.search(text, max(start, match.start - 6), match.start))


def _foreign(lexicon: Lexicon, text: str, places: list[tuple[int, int]], bounds: Boundaries) -> list[tuple[Cue, bool]]:
    """Foreign countries and international bodies, and whether each is in a heading or headline."""
    found: list[tuple[Cue, bool]] = []
    for index, (a, b) in enumerate(places):
        headline = index < len(places) - 1
        for match in lexicon.countries.find(text, a, b, bounds):
            if match.key != "TH":
                found.append((Cue("foreign", match.start, match.end, match.label), headline))
        for match in lexicon.organizations.find(text, a, b, bounds):
            body = lexicon.bodies[match.key]
            if body.international or (body.country and body.country != "TH"):
                found.append((Cue("foreign", match.start, match.end, match.label), headline))
        if found:
            break
    return found


def _digital(lexicon: Lexicon, text: str, places: list[tuple[int, int]], bounds: Boundaries) -> list[tuple[Cue, bool]]:
    """Digital areas (Thai names, not generic ones) and digital bodies, and whether in a heading."""
    areas = lexicon.concepts["area"]
    found: list[tuple[Cue, bool]] = []
    for index, (a, b) in enumerate(places):
        headline = index < len(places) - 1
        for match in areas.find(text, a, b, bounds):
            if _weak(text, a, match):
                continue
            found.append((Cue("digital", match.start, match.end, match.label), headline))
        for match in lexicon.organizations.find(text, a, b, bounds) if headline else ():
            if lexicon.is_digital_body(match.key):
                found.append((Cue("digital", match.start, match.end, match.label), headline))
        if found:
            break
    return found
