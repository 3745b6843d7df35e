"""Agenda items of cabinet-meeting summaries: numbered ``N. เรื่อง …`` headings and their sections.

A summary (``สรุปข่าวการประชุมคณะรัฐมนตรี …``) holds dozens of items under section lines
(``กฎหมาย``, ``เศรษฐกิจ-สังคม``, ``ต่างประเทศ``, ``แต่งตั้ง``). :func:`items` splits an announcement
into them, keeping each item's offsets into the announcement's text; any other page is one item
(number ``None``) spanning its body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mougraph.sources import Announcement
from mougraph.thaitext import arabic_digits

_HEAD = re.compile(r"^[ \t]*(?P<n>[0-9๐-๙]{1,3})\s*\.\s*เรื่อง(?!นี้|ดังกล่าว|เพื่อ)", re.MULTILINE)
_SECTION = re.compile(
    r"^[ \t]*(?P<name>กฎหมาย|เศรษฐกิจ\s*[-–]?\s*สังคม|เศรษฐกิจ|สังคม|ต่างประเทศ|แต่งตั้ง|เรื่องอื่น\s*ๆ)[ \t]*$",
    re.MULTILINE,
)
#: Fewer numbered headings than this and the page is not read as a meeting summary, unless its
#: headline says it is one (``สรุปข่าวการประชุมคณะรัฐมนตรี …``: a short meeting may decide one or two).
MIN_ITEMS = 3
#: A decision paragraph that goes on as a list (``… เสนอ ดังนี้``), and a point of that list
#: (``1. เห็นชอบ…``, ``(2) อนุมัติ…``).
_LISTS = re.compile(r"ดังนี้\s*:?\s*$")
_DECISION_POINT = re.compile(r"[ \t]*(?:[0-9๐-๙]{1,2}\s*[.)]|\(\s*[0-9๐-๙]{1,2}\s*\))(?!\s*เรื่อง)")
_SUMMARY_HEADLINE = re.compile(r"^\s*สรุป\S*\s*การประชุม\s*(?:คณะรัฐมนตรี|ครม)")


@dataclass(frozen=True)
class Item:
    """``text[start:end]`` is agenda item ``number`` (``None``: the page's whole body)."""

    number: int | None
    start: int
    end: int
    heading_end: int
    section: str | None = None


def heads(text: str, start: int, end: int) -> list[re.Match[str]]:
    """The numbered agenda-item headings (``12. เรื่อง …``) of a meeting summary, in order.

    Headings count up (a number may be skipped). Numbering that starts again marks another run:
    a list inside an item (``1. เรื่องเพื่อพิจารณา``), or a table of contents that lists all headings
    before they are repeated with their text. A heading continues the latest run it follows
    directly (else the latest it fits, a number or a few skipped); of the
    runs with at least three headings, the one whose items are longest (not the table of
    contents) wins.
    """
    runs: list[list[re.Match[str]]] = []
    for found in _HEAD.finditer(text, start, end):
        number = int(arabic_digits(found["n"]))
        gaps = [number - int(arabic_digits(run[-1]["n"])) for run in runs]
        # The run this heading continues: the latest it follows directly, else the latest it fits.
        fits = [i for i, gap in enumerate(gaps) if gap == 1] or [i for i, gap in enumerate(gaps) if 0 < gap <= 8]
        if fits:
            runs[fits[-1]].append(found)
        elif number <= 5:
            runs.append([found])
    if not runs:
        return []
    starts = sorted(head.start() for run in runs for head in run)

    def typical_length(run: list[re.Match[str]]) -> int:
        # The median distance from a heading to the next heading of any run: a table of contents
        # has one line per item, the items themselves run for paragraphs.
        lengths = []
        for head in run:
            later = [start for start in starts if start > head.start()]
            lengths.append((later[0] if later else end) - head.start())
        return sorted(lengths)[len(lengths) // 2]

    return max(runs, key=lambda run: (len(run) >= 3, typical_length(run), len(run)))


def items(announcement: Announcement) -> list[Item]:
    """The agenda items of a summary (with their sections), else the body as one item."""
    text, start, end = announcement.text, announcement.body_start, announcement.body_end
    found = heads(text, start, end)
    titled = bool(announcement.title and _SUMMARY_HEADLINE.search(announcement.title))
    if len(found) < (1 if titled else MIN_ITEMS):
        return [Item(None, start, end, _line_end(text, start, end))]
    sections = [(m.start(), re.sub(r"\s*[-–]?\s+|[-–]", "-", m["name"])) for m in _SECTION.finditer(text, start, end)]
    result = []
    for index, head in enumerate(found):
        item_end = found[index + 1].start() if index + 1 < len(found) else end
        section = next((name for at, name in reversed(sections) if at < head.start()), None)
        number = int(arabic_digits(head["n"]))
        result.append(Item(number, head.start(), item_end, _line_end(text, head.start(), item_end), section))
    return result


def span(announcement: Announcement, number: int) -> tuple[int, int]:
    """Where agenda item ``number`` starts and ends (the whole body when there is no such item)."""
    for item in items(announcement):
        if item.number == number:
            return item.start, item.end
    return announcement.body_start, announcement.body_end


def decision_end(text: str, heading_end: int, end: int) -> int:
    """Where the decision paragraph of an agenda item (the line after its heading, which ends at
    ``heading_end``) ends: ``คณะรัฐมนตรีมีมติเห็นชอบ … ตามที่ … เสนอ``, with the numbered list
    of decisions that follows it when it ends in ``ดังนี้``."""
    found = _line_end(text, heading_end + 1, end)
    if not _LISTS.search(text, heading_end + 1, found):
        return found
    while found < end and _DECISION_POINT.match(text, found + 1, end):
        found = _line_end(text, found + 1, end)
    return found


def _line_end(text: str, start: int, end: int) -> int:
    found = text.find("\n", start, end)
    return end if found < 0 else found
