"""Parties and countries: gazetteer lookup, ``แห่ง``/``ของ`` country qualifiers, minted bodies."""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass

from mougraph import iris
from mougraph.lexicon import Lexicon, Organization

_QUALIFIER = re.compile(r"\s*(?:แห่ง|ของ)\s*(?:ประเทศ|รัฐบาล)?\s*")
_COUNTRY_PREFIX = re.compile(r"\s*(?:ประเทศ|รัฐบาล(?:แห่ง)?)\s*")
#: Heads of organization names not in the gazetteer.
_ORG_HEAD = re.compile(
    r"(?:กระทรวง|สำนักงาน|กรม|องค์การ|องค์กร|คณะกรรมการ|สถาบัน|บริษัท|ธนาคาร|มหาวิทยาลัย|หน่วยงาน|ศูนย์|สภา|สมาคม|"
    r"รัฐบาล)"
)
_NAME_STOP = re.compile(r"(?:และ|กับ)\s*(?=" + _ORG_HEAD.pattern + r")|\s*(?:ว่าด้วย|ตามที่|เพื่อ|ซึ่ง|โดย)|\n|\(|,")


@dataclass(frozen=True)
class Found:
    """A party found at ``text[start:end]``."""

    body: Organization
    start: int
    end: int
    implied: bool = False


def _country_at(lexicon: Lexicon, text: str, at: int, end: int) -> tuple[str, int] | None:
    """A country label starting at ``at`` (after an optional ``ประเทศ``): (code, end)."""
    prefix = _COUNTRY_PREFIX.match(text, at, end)
    if prefix:
        at = prefix.end()
    for label, code in lexicon.countries.labels:
        if text.startswith(label, at) and at + len(label) <= end:
            return code, at + len(label)
    return None


def qualifier(lexicon: Lexicon, text: str, at: int, end: int) -> tuple[str, int] | None:
    """``แห่ง สปป.ลาว`` / ``ของไทย`` right after a name: (country code, end of the qualifier)."""
    found = _QUALIFIER.match(text, at, end)
    if not found:
        return None
    return _country_at(lexicon, text, found.end(), end)


def mint(name: str, country: str | None) -> Organization:
    """A body not in the gazetteer, named as the text names it."""
    prefix = country.lower() if country else "int"
    return Organization(
        iri=str(iris.organization(f"{prefix}-{iris.slug(name)}")),
        name_th=name,
        name_en=None,
        country=country,
        minted=True,
    )


def find_parties(lexicon: Lexicon, text: str, start: int, end: int, bounds: Container[int]) -> list[Found]:
    """Organizations named in ``text[start:end]`` (a ``ระหว่าง …`` phrase), each with its country.

    A line break inside a name (``กระทรวงดิจิทัลเพื่อเศรษฐกิจ\nและสังคม``, common in pages pasted from
    PDF) is read through: the phrase is matched without its line breaks and the spans mapped back.
    """
    if "\n" not in text[start:end]:
        return _find_parties(lexicon, text, start, end, bounds)
    keep = [i for i in range(start, end) if text[i] != "\n"]
    view = "".join(text[i] for i in keep)
    found = _find_parties(lexicon, view, 0, len(view), None)

    def back(at: int) -> int:
        return keep[at] if at < len(keep) else end

    return [Found(f.body, back(f.start), back(f.end - 1) + 1) for f in found]


def _find_parties(lexicon: Lexicon, text: str, start: int, end: int, bounds: Container[int] | None) -> list[Found]:
    found: list[Found] = []
    taken: list[tuple[int, int]] = []
    for match in lexicon.organizations.find(text, start, end, bounds):
        body = lexicon.bodies[match.key]
        stated = qualifier(lexicon, text, match.end, end)
        finish = stated[1] if stated else match.end
        if stated and body.country and stated[0] != body.country and not body.international:
            body = mint(" ".join(text[match.start : finish].split()), stated[0])  # as written, with its country
        found.append(Found(body, match.start, finish))
        taken.append((match.start, finish))
    # "รัฐบาลแห่ง<country>" or an unknown body qualified by a country: minted.
    for head in _ORG_HEAD.finditer(text, start, end):
        if any(a <= head.start() < b for a, b in taken):
            continue
        stop = _NAME_STOP.search(text, head.end(), end)
        limit = stop.start() if stop else end
        if head.group() == "รัฐบาล":
            place = _country_at(lexicon, text, head.end(), end)
            if place is None:
                continue
            code, finish = place
            body = government(lexicon, code)
            found.append(Found(body, head.start(), finish))
            taken.append((head.start(), finish))
            continue
        qualified = None
        for cut in range(head.end(), min(limit, head.end() + 120) + 1):
            qualified = (
                qualifier(lexicon, text, cut, end) if text.startswith(("แห่ง", "ของ", " แห่ง", " ของ"), cut) else None
            )
            if qualified:
                name = text[head.start() : cut].strip()
                if name in lexicon.names:  # a Thai body's name: this one is told apart by its country
                    name = " ".join(text[head.start() : qualified[1]].split())
                if len(name) > len(head.group()):
                    found.append(Found(mint(name, qualified[0]), head.start(), qualified[1]))
                    taken.append((head.start(), qualified[1]))
                break
    # A country named as a party ("ระหว่างไทยกับกัมพูชา"): its government is the party.
    for match in lexicon.countries.find(text, start, end, bounds):
        if any(a <= match.start < b for a, b in taken):
            continue
        if text.endswith(("แห่ง", "ของ", "แห่ง ", "ของ ", "ประเทศ"), start, match.start):
            continue
        taken.append((match.start, match.end))
        found.append(Found(government(lexicon, match.key), match.start, match.end, implied=True))
    return sorted(found, key=lambda party: party.start)


def government(lexicon: Lexicon, code: str) -> Organization:
    """The government of a country: the gazetteer's ``{code}-government`` body, or one minted."""
    for body in lexicon.bodies.values():
        if body.country == code and body.iri.endswith(f"/{code.lower()}-government"):
            return body
    return mint("รัฐบาล" + lexicon.country_names.get(code, code), code)


def find_countries(
    lexicon: Lexicon, text: str, start: int, end: int, bounds: Container[int]
) -> list[tuple[str, int, int]]:
    """Country names in ``text[start:end]``: (code, start, end)."""
    return [(match.key, match.start, match.end) for match in lexicon.countries.find(text, start, end, bounds)]
