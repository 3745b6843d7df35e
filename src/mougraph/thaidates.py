"""Thai dates: full and abbreviated months, Buddhist Era years (four or two digits), Thai digits.

Every parser returns Gregorian dates and the span it read, so a date can be cited as evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from pythainlp.util.date import thai_abbr_months, thai_full_months

from mougraph.thaitext import arabic_digits

BE_OFFSET = 543

# Month names: pythainlp's lists plus the spellings met in announcements (spaced and dot-less forms).
_MONTHS: dict[str, int] = {}
for _number, (_full, _abbr) in enumerate(zip(thai_full_months, thai_abbr_months, strict=True), start=1):
    _MONTHS[_full] = _number
    _MONTHS[_abbr] = _number
    _MONTHS[_abbr.replace(".", "")] = _number
    _MONTHS[_abbr.replace(".", ". ").strip()] = _number
_MONTHS.update({"พฤษภา": 5, "กรกฏาคม": 7, "มิ.ย": 6, "ก.ค": 7, "ส.ค": 8, "ต.ค": 10, "พ.ย": 11, "ธ.ค": 12})

_MONTH = "|".join(re.escape(name) for name in sorted(_MONTHS, key=len, reverse=True))
_DIGIT = "[0-9๐-๙]"
_DAY = rf"(?P<day>{_DIGIT}{{1,2}})"
_ERA = r"(?:(?P<era>พ\.\s?ศ\.|ค\.\s?ศ\.|พ\.ศ|ค\.ศ)\s*)?"
_YEAR = rf"(?P<year>{_DIGIT}{{4}}|{_DIGIT}{{2}})(?!{_DIGIT})"
_DATE = re.compile(rf"(?<!{_DIGIT}){_DAY}\s*(?P<month>{_MONTH})\s*{_ERA}{_YEAR}")
_FULL_MONTH = "|".join(
    re.escape(name) for name in sorted((n for n in _MONTHS if len(n) > 4 or "." in n), key=len, reverse=True)
)
_NO_YEAR = re.compile(rf"(?<!{_DIGIT}){_DAY}\s*(?P<month>{_FULL_MONTH})(?!\s*{_ERA}{_DIGIT})")
_YEAR_ONLY = re.compile(rf"(?P<lead>พ\.\s?ศ\.|ค\.\s?ศ\.|ปี(?:\s*พ\.\s?ศ\.)?)\s*(?P<year>{_DIGIT}{{4}})(?!{_DIGIT})")


@dataclass(frozen=True)
class DateMention:
    """A date read from ``text[start:end]``."""

    start: int
    end: int
    value: date


@dataclass(frozen=True)
class YearMention:
    """A year (Gregorian) read from ``text[start:end]``."""

    start: int
    end: int
    year: int


def gregorian_year(written: str, era: str | None = None) -> int:
    """The Gregorian year of a year as written: BE by default, two digits mean 25xx BE.

    >>> gregorian_year("2565"), gregorian_year("65"), gregorian_year("2022", "ค.ศ."), gregorian_year("๒๕๖๐")
    (2022, 2022, 2022, 2017)
    """
    number = int(arabic_digits(written))
    if len(written) == 2:
        number += 2500
    gregorian_era = era is not None and era.startswith("ค")
    if gregorian_era or (era is None and number < 2400):
        return number
    return number - BE_OFFSET


def parse_date(text: str) -> date | None:
    """The first Thai date in ``text``, or None.

    >>> parse_date("วันอังคารที่ 25 ตุลาคม 2565")
    datetime.date(2022, 10, 25)
    >>> parse_date("7 มิ.ย. 2565"), parse_date("2 ส.ค. 65"), parse_date("๕ ส.ค.๒๕๖๕")
    (datetime.date(2022, 6, 7), datetime.date(2022, 8, 2), datetime.date(2022, 8, 5))
    >>> parse_date("31 กุมภาพันธ์ 2565") is None
    True
    """
    for mention in find_dates(text):
        return mention.value
    return None


def find_dates(
    text: str, start: int = 0, end: int | None = None, reference: date | None = None
) -> Iterator[DateMention]:
    """Every valid day-month-year date in ``text[start:end]``, with its span in ``text``, in order.

    With a ``reference`` date (the publication date), a day and month written without a year
    (``30 พฤษภาคมที่ผ่านมา``) are read as the date of that day nearest to the reference.

    >>> [m.value.isoformat() for m in find_dates("เมื่อวันที่ 30 พฤษภาคมที่ผ่านมา", reference=date(2017, 6, 5))]
    ['2017-05-30']
    >>> [m.value.isoformat() for m in find_dates("วันที่ 5 มกราคม", reference=date(2022, 12, 28))]
    ['2023-01-05']
    """
    stop = len(text) if end is None else end
    found: list[DateMention] = []
    for match in _DATE.finditer(text, start, stop):
        year = gregorian_year(match["year"], match["era"])
        try:
            value = date(year, _MONTHS[re.sub(r"\s+", " ", match["month"])], int(arabic_digits(match["day"])))
        except (ValueError, KeyError):
            continue
        found.append(DateMention(match.start(), match.end(), value))
    if reference is not None:
        for match in _NO_YEAR.finditer(text, start, stop):
            if any(m.start <= match.start() < m.end for m in found):
                continue
            if nearest := _nearest(reference, _MONTHS[re.sub(r"\s+", " ", match["month"])], match["day"]):
                found.append(DateMention(match.start(), match.end(), nearest))
    yield from sorted(found, key=lambda mention: mention.start)


def _nearest(reference: date, month: int, day: str) -> date | None:
    candidates = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            candidates.append(date(year, month, int(arabic_digits(day))))
        except ValueError:
            continue
    return min(candidates, key=lambda value: abs((value - reference).days), default=None)


def find_years(text: str, start: int = 0, end: int | None = None) -> Iterator[YearMention]:
    """Years written as ``ปี 2560``, ``พ.ศ. 2565`` or ``ค.ศ. 2022`` in ``text[start:end]``.

    >>> [m.year for m in find_years("ลงนามไปเมื่อปี 2560 และ ค.ศ. 2022")]
    [2017, 2022]
    """
    for match in _YEAR_ONLY.finditer(text, start, len(text) if end is None else end):
        era = "ค.ศ." if match["lead"].startswith("ค") else None
        yield YearMention(match.start(), match.end(), gregorian_year(match["year"], era))
