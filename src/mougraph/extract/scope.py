"""Scope lists (numbered and prose), their classification, modalities and principles."""

from __future__ import annotations

import itertools
import re
from collections.abc import Container
from dataclasses import dataclass

from mougraph.lexicon import Lexicon, Match, Table
from mougraph.thaitext import arabic_digits

#: Words that announce a scope list shortly before it.
SCOPE_CUES = re.compile(
    r"ขอบเขต|ครอบคลุม|สาขาความร่วมมือ|สาขา(?:ที่|ดัง)|ด้านต่าง\s*ๆ|ประกอบด้วย|ความร่วมมือ(?:ใน|ด้าน)|"
    r"ความร่วมมือ(?:ที่)?สำคัญ|(?:ใน|จำนวน|ทั้ง)\s*[0-9๐-๙]+\s*(?:ด้าน|สาขา)|ดังนี้|ได้แก่|อาทิ|เช่น"
)
_DECISION_VERBS = re.compile(r"\s*(?:เห็นชอบ|อนุมัติ|มอบ(?:หมาย)?|รับทราบ|ให้|อนุญาต|ทั้งนี้|หาก|กรณี)")
_MARKER = re.compile(
    r"(?:(?<=\s)|(?<=^)|(?<=[^\d.,/:(]))(?P<n>[0-9๐-๙]{1,2})\s?(?P<style>[.)])(?![0-9๐-๙])\s*"
    r"|\((?P<p>[0-9๐-๙]{1,2})\)\s*"
)
_PROSE_CUE = re.compile(r"(?:อาทิ(?:เช่น)?|ได้แก่|เช่น|ดังต่อไปนี้|ดังนี้|ประกอบด้วย)\s*")
_PROSE_END = re.compile(r"\s*(?:เป็นต้น|ฯลฯ)")
_CLAUSE_START = re.compile(
    r"(?:ส่งเสริม|แบ่งปัน|สนับสนุน|พัฒนา|แลกเปลี่ยน|ความร่วมมือ|เสริมสร้าง|ยกระดับ|ร่วมกัน|ร่วมมือ|"
    r"การพัฒนา|การส่งเสริม|การแลกเปลี่ยน|การสนับสนุน|การวิจัย|การเสริมสร้าง|การยกระดับ|การร่วม|การบริหาร|"
    r"การคุ้มครอง|การป้องกัน|การปราบปราม|การกำกับ|การแบ่งปัน|การใช้งาน|ด้าน)"
)
_FIELD_HEADS = ("ด้าน", "สาขา", "และด้าน", "และสาขา")
_LAST_FIELD = re.compile(r"(?:ตลอดจน|รวมถึง|รวมทั้ง)\s*(?=ด้าน|สาขา)")
_CONNECTORS = ("รวมถึง", "ได้แก่", "และ", "เช่น", "อาทิ", "ตลอดจน", "หรือ")
#: A stated number of fields: after a word of extent (``ครอบคลุมทั้งหมด 4 ด้าน``), or right before the
#: list it counts (``… 8 ประการ ดังนี้``).
_SCOPE_COUNT = re.compile(
    r"(?:ครอบคลุม|จำนวน|ทั้ง|รวม|ใน)\s*(?:ทั้งหมด|ทั้งสิ้น)?\s*(?P<n>[0-9๐-๙]{1,2})\s*(?:ด้าน|สาขา|ประเด็น|เรื่อง|ข้อ|ประการ)"
    r"|(?<![0-9๐-๙])(?P<m>[0-9๐-๙]{1,2})\s*(?:ข้อ|ประการ)(?=\s*(?:ดังนี้|ได้แก่|คือ))"
)
MODALITY_CUES = re.compile(
    r"รูปแบบ|วัตถุประสงค์|กิจกรรม|โดยการ|โดยมีการ|ผ่านการ|จะมีการ|ความร่วมมือจะ|วิธีการ|กลไก|ดำเนินการร่วมกัน|ในลักษณะ"
)
_LIST_LINE = re.compile(r"[ \t]*(?:[0-9๐-๙]{1,2}[.)]|\([0-9๐-๙]{1,2}\)|[-•])")


def modality_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where forms of cooperation are listed: from a cue (``รูปแบบความร่วมมือ``, ``กิจกรรม``, …) to
    the end of its sentence, and the list lines that follow a cue ending its line."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n“”]+", text[start:end]):
        a, b = start + line.start(), start + line.end()
        cue = MODALITY_CUES.search(text, a, b)
        if cue is None:
            continue
        spans.append((cue.start(), b))
        at = b + 1
        while at < end and _LIST_LINE.match(text, at):
            stop = text.find("\n", at, end)
            stop = end if stop < 0 else stop
            spans.append((at, stop))
            at = stop + 1
    return spans


_EVENT = re.compile(
    r"\s*(?:[A-Z]{2,}|ฯ|ครั้งที่|รัฐมนตรี|ผู้นำ|สุดยอด|เจ้าหน้าที่อาวุโส|ระดับ|ใหญ่|สมัชชา|คณะ|ว่าด้วย|ดังกล่าว|"
    r"ผู้มีอำนาจ|ทางไกล|หารือ)"
)
#: Words that put a meeting in the story (before it, at it, by its system), not among the forms of cooperation.
_AT_EVENT = re.compile(r"(?:ก่อน|หลัง|ของ|ใน|ระหว่าง|ระบบ|จาก|ผ่าน|ศูนย์|ห้อง)\s*$")


def is_event(text: str, match: Match) -> bool:
    """``การประชุม TELMIN ครั้งที่ 19``, ``การประชุมรัฐมนตรี…``: a named meeting (an event the text
    is about), not meetings as a form of cooperation."""
    if match.key != "meetings":
        return False
    return bool(_EVENT.match(text, match.end) or _AT_EVENT.search(text, max(0, match.start - 8), match.start))


#: Words before a principle's name that make it something else: "ทั้งสองฝ่ายเห็นประโยชน์ร่วมกัน"
#: (what both find useful), "ออกกฎหมายภายในประเทศ" (making a law).
_ASIDE = {"mutual-benefit": re.compile(r"เห็น\s*$"), "domestic-law": re.compile(r"(?:แก้ไข|ออก|ตรา)\s*$")}


#: A clause that denies legal effect: the laws named after it ("ไม่ก่อให้เกิดสิทธิหรือพันธกรณีภายใต้
#: กฎหมายภายในประเทศและกฎหมายระหว่างประเทศ") are what the instrument is not bound by.
_NO_EFFECT = re.compile(r"ไม่\s*ก่อให้เกิด[^\n]{0,70}$")
_LAWS = frozenset({"domestic-law", "international-obligations"})
#: Words after a principle's name that make it a subject: equality between the sexes.
_SUBJECT_AFTER = {"equality": re.compile(r"\s*(?:ระหว่าง|ทาง)\s*เพศ")}


def is_aside(text: str, match: Match) -> bool:
    """True when a principle's name is used for something other than a principle of cooperation."""
    before = _ASIDE.get(match.key)
    if match.key in _LAWS and _NO_EFFECT.search(text, max(0, match.start - 80), match.start):
        return True
    after = _SUBJECT_AFTER.get(match.key)
    if after and after.match(text, match.end):
        return True
    return bool(before and before.search(text, max(0, match.start - 12), match.start))


_COORDINATED = re.compile(r"ความร่วมมือด้าน(?P<a>[^\s และ]+)และ(?P<b>[^\s]+)")


@dataclass(frozen=True)
class RawItem:
    """A scope item's span before classification."""

    ordinal: int
    start: int
    end: int


_GLOSS = re.compile(r"\s*\([^()\n]*\)")
_ALSO = re.compile(r"นอกจากนี้(?:ยัง)?(?:ครอบคลุม|รวมถึง|มี)?(?:ประเด็น|เรื่อง)?")
_TRAILING_CONNECTOR = re.compile(r"\s+(?:ตลอดจน|รวมถึง|รวมทั้ง|นอกจากนี้\S*)$")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ":-–"):
        start += 1
    while end > start and (text[end - 1].isspace() or (text[end - 1] in ",;.และ" and text[end - 1] in ",;.")):
        end -= 1
    if text.endswith(" และ", start, end):
        end -= 4
    elif text.endswith("และ", start, end) and end - start > 3 and text[end - 4].isspace():
        end -= 3
    elif trailing := _TRAILING_CONNECTOR.search(text, start, end):
        end = trailing.start()
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def numbered_lists(text: str, start: int, end: int) -> list[list[RawItem]]:
    """Runs of markers 1, 2, 3… (``1.`` ``1)`` ``(1)``) in ``text[start:end]``, each a list of items."""
    markers: list[tuple[int, int, int, str]] = []
    for found in _MARKER.finditer(text, start, end):
        number = found["n"] or found["p"]
        style = found["style"] if found["n"] else "p"
        markers.append((int(arabic_digits(number)), found.start(), found.end(), style))
    lists: list[list[RawItem]] = []
    used: set[int] = set()
    for index, (number, _, _, style) in enumerate(markers):
        if number != 1 or index in used:
            continue
        run = [index]
        for scan in range(index + 1, len(markers)):
            candidate = markers[scan]
            if scan in used or candidate[3] != style:
                continue
            if candidate[0] == markers[run[-1]][0] + 1:
                run.append(scan)
            elif candidate[0] == 1:
                break
        if len(run) < 2:
            continue
        used.update(run)
        items = []
        for position, marker in enumerate(run):
            ordinal, _, item_start, _ = markers[marker]
            item_end = markers[run[position + 1]][1] if position + 1 < len(run) else _list_end(text, item_start, end)
            a, b = _trim(text, item_start, item_end)
            if b > a:
                items.append(RawItem(ordinal, a, b))
        if len(items) >= 2:
            lists.append(items)
    return lists


def continued(text: str, chosen: list[RawItem], lists: list[list[RawItem]]) -> list[RawItem]:
    """``chosen`` and the scope lists that follow it closely, each after its own cue ("ขอบเขตความ
    ร่วมมือด้านไซเบอร์ … 1. 2. 3.  ในส่วนขอบเขตความร่วมมือด้านดิจิทัล ประกอบด้วย 1. 2."): one list,
    numbered on."""
    items = list(chosen)
    for following in sorted(lists, key=lambda run: run[0].start):
        gap = following[0].start - items[-1].end
        if following[0].start <= items[-1].end or not 0 <= gap <= 200:
            continue
        if not _MORE_SCOPE.search(text, items[-1].end, following[0].start):
            break
        if MODALITY_CUES.search(text, items[-1].end, following[0].start):
            break
        items += [RawItem(len(items) + n, item.start, item.end) for n, item in enumerate(following, start=1)]
    return items


_MORE_SCOPE = re.compile(r"ขอบเขต|สาขาความร่วมมือ")


_ITEM_END = re.compile(r"\s+(?:โดย|ซึ่ง|ทั้งนี้|กรอบระยะเวลา|มีกรอบ|นอกจากนี้|อีกทั้ง|ทั้งสองฝ่าย|บันทึก|ความตกลง)|\s{2,}|”")


def _list_end(text: str, start: int, end: int) -> int:
    """Where the last item of a list ends: the end of its line, or where the sentence goes on
    about something else (``โดย…``, ``ซึ่ง…``, ``กรอบระยะเวลา…``)."""
    newline = text.find("\n", start, end)
    stop = end if newline < 0 else newline
    found = _ITEM_END.search(text, start, stop)
    return found.start() if found else stop


#: A list whose typical item is longer than this (characters) holds paragraphs, not fields.
PARAGRAPH = 300


def is_scope_list(text: str, items: list[RawItem], areas: Table, bounds: Container[int]) -> bool:
    """A numbered list is a scope list when a cue precedes it or most of its items name an area."""
    first = items[0]
    if any(_DECISION_VERBS.match(text, item.start) for item in items[:2]):
        return False
    lengths = sorted(item.end - item.start for item in items)
    if lengths[len(lengths) // 2] > PARAGRAPH:
        return False  # numbered paragraphs (the points of a report), not a list of fields
    lead = text[max(0, first.start - 160) : first.start]
    cue = bool(SCOPE_CUES.search(lead))
    named = sum(1 for item in items if areas.find(text, item.start, item.end, bounds))
    return (cue and named >= len(items) / 3) or named >= 0.6 * len(items)


def prose_items(
    text: str, start: int, end: int, areas: Table | None = None, bounds: Container[int] | None = None
) -> list[RawItem]:
    """Clauses of a prose scope list: from ``อาทิ``/``ได้แก่``/``เช่น`` to ``เป็นต้น`` or the end of the line.

    A sentence may hold several cues (``ได้แก่ เกษตรกรรม การผลิต … อาทิ ข้อมูลขนาดใหญ่ …``); the list
    that names the most areas is the scope.
    """
    best: list[RawItem] = []
    best_named = -1
    for cue in _PROSE_CUE.finditer(text, start, end):
        stop = text.find("\n", cue.end(), end)
        stop = end if stop < 0 else stop
        finish = _PROSE_END.search(text, cue.end(), stop)
        body_end = finish.start() if finish else stop
        items = split_list(text, cue.end(), body_end, areas, bounds)
        named = sum(1 for i in items if areas is None or areas.find(text, i.start, i.end, bounds))
        if len(items) >= 2 and named >= 0.5 * len(items):
            return items  # the first list that is mostly fields (an outer list holds the inner ones)
        if named > best_named:
            best, best_named = items, named
    return best


def split_list(text: str, start: int, end: int, areas: Table | None, bounds: Container[int] | None) -> list[RawItem]:
    """A list of short noun phrases (``ข้อมูลขนาดใหญ่ คลาวด์คอมพิวติ้ง ปัญญาประดิษฐ์ และ…``) splits at
    every space when most phrases name an area; longer clauses split where a new clause begins."""
    stop = re.search(r"\s*(?:ตามที่|ซึ่ง|โดย)", text[start:end])
    end = start + stop.start() if stop else end
    # A phrase keeps its gloss: "บริการแพลตฟอร์มดิจิทัล (Digital platform services)".
    chunks = [
        (start + m.start(), start + m.end())
        for m in re.finditer(r"\S+(?:\s+ๆ)?(?:\s*\([^()\n]{1,80}\))?", text[start:end])
    ]
    chunks = _join_connectors(text, chunks)
    heads = []
    for a, _ in chunks:
        if text.startswith(_FIELD_HEADS, a):
            heads.append(a)
        elif lead := _LAST_FIELD.match(text, a):
            heads.append(lead.end())  # "… ตลอดจนสาขาอื่นๆ": the last field, without its connector
    if len(heads) >= 2 and chunks and heads[0] == chunks[0][0]:
        # "ด้าน X … ด้าน Y … สาขาอื่นๆ": each field word starts an item.
        cuts = [*heads, chunks[-1][1]]
        items: list[RawItem] = []
        for a, b in itertools.pairwise(cuts):
            a, b = _trim(text, a, b)
            if b > a:
                items.append(RawItem(len(items) + 1, a, b))
        return items
    clauses = sum(1 for a, _ in chunks if _CLAUSE_START.match(text, a))
    if areas is not None and len(chunks) >= 2:
        named = sum(1 for a, b in chunks if areas.find(text, a, b, bounds))
        lengths = sorted(len(_GLOSS.sub("", text[a:b])) for a, b in chunks)
        phrases = named >= 0.8 * len(chunks) or (clauses < 2 and named >= max(2, len(chunks) / 3))
        if phrases and lengths[len(lengths) // 2] <= 40:
            items = []
            for a, b in chunks:
                if text.startswith("และ", a) and b - a > 4:
                    a += 3
                a, b = _trim(text, a, b)
                if b > a:
                    items.append(RawItem(len(items) + 1, a, b))
            return items
    return split_clauses(text, start, end)


def _join_connectors(text: str, chunks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A lone connector (``และ``) joins the phrase after it."""
    joined: list[tuple[int, int]] = []
    carry: int | None = None
    for a, b in chunks:
        if text[a:b] in _CONNECTORS:
            carry = a if carry is None else carry
            continue
        joined.append((carry if carry is not None else a, b))
        carry = None
    return joined


def split_clauses(text: str, start: int, end: int) -> list[RawItem]:
    """Split prose at spaces where a new clause begins (a verb or ``ความร่วมมือ``/``ด้าน`` heads it)."""
    cuts = [start]
    for space in re.finditer(r"\s+", text[start:end]):
        at = start + space.end()
        before = text[cuts[-1] : start + space.start()]
        if before.endswith(_CONNECTORS) or not before.strip():
            continue
        if _CLAUSE_START.match(text, at) and not text.startswith(_CONNECTORS, at):
            cuts.append(at)
        elif last := _LAST_FIELD.match(text, at):
            cuts.append(last.end())  # "… ตลอดจนสาขาอื่นๆ"
        elif also := _ALSO.match(text, at):
            cuts.append(also.end())  # "… นอกจากนี้ยังครอบคลุมประเด็นความร่วมมือด้าน…": the list goes on
        elif text.startswith("และการ", at) and _CLAUSE_START.match(text, at + 3):
            cuts.append(at + 3)  # "… และการร่วมดำเนินโครงการ …": a new clause after "และ"
    cuts.append(end)
    items = []
    for ordinal, (a, b) in enumerate(itertools.pairwise(cuts), start=1):
        a, b = _trim(text, a, b)
        if b > a:
            items.append(RawItem(ordinal, a, b))
    return [RawItem(n, item.start, item.end) for n, item in enumerate(items, start=1)]


def classify(table: Table, text: str, start: int, end: int, bounds: Container[int]) -> list[Match]:
    """The concept matches of ``text[start:end]``, longest label first."""
    return table.find(text, start, end, bounds)


def coordinated(table: Table, text: str, start: int, end: int) -> list[Match]:
    """``ความร่วมมือด้านนโยบายและเทคโนโลยี`` names two concepts: each half is looked up on its own."""
    found: list[Match] = []
    for hit in _COORDINATED.finditer(text, start, end):
        for part in ("a", "b"):
            phrase = "ความร่วมมือด้าน" + hit[part]
            for match in table.find(phrase):
                if match.start == 0 and match.end == len(phrase):
                    found.append(Match(hit.start(), hit.end(), match.key, match.label))
    # "การแลกเปลี่ยนข้อมูล บุคลากร และประสบการณ์": the verb goes with every noun of its list.
    for hit in _SHARED_VERB.finditer(text, start, end):
        for word in re.finditer(r"\S+", hit["list"]):
            noun = word.group().removeprefix("และ")
            phrase = hit["verb"] + noun
            for match in table.find(phrase):
                if match.start == 0 and match.end == len(phrase):
                    at = hit.start("list") + word.start()
                    found.append(Match(at, at + len(word.group()), match.key, match.label))
    return found


_SHARED_VERB = re.compile(r"(?P<verb>(?:การ)?แลกเปลี่ยน)\S+(?P<list>(?:\s+(?:และ\s*)?[\u0E01-\u0E4E]+){1,4})")


def scope_count(text: str, start: int, end: int) -> tuple[int, int, int] | None:
    """A stated number of scope areas (``ทั้ง 15 ด้าน``): (number, start, end)."""
    found = _SCOPE_COUNT.search(text, start, end)
    if found is None:
        return None
    return int(arabic_digits(found["n"] or found["m"])), found.start(), found.end()


def sentences_with(pattern: re.Pattern[str], text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Lines of ``text[start:end]`` (split further at quotes) that contain ``pattern``."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n“”]+", text[start:end]):
        a, b = start + line.start(), start + line.end()
        if pattern.search(text, a, b):
            spans.append((a, b))
    return spans


def lexicon_tables(lexicon: Lexicon) -> tuple[Table, Table, Table]:
    return lexicon.concepts["area"], lexicon.concepts["modality"], lexicon.concepts["principle"]
