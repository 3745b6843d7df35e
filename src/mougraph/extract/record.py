"""The extraction record (``../shared/contract/extraction-record.md``) as typed Python values.

Extra keys beyond the contract: ``signing_planned``, ``agenda_item``, ``decision`` and
``evidence`` lists on the announcement and the cabinet decision, and ``minted`` on parties.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Evidence:
    """``text[start:end]`` justifies ``field`` (a contract field name, with an index for list items)."""

    field: str
    start: int
    end: int

    def json(self) -> dict[str, Any]:
        return {"field": self.field, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Party:
    iri: str
    name_th: str
    name_en: str | None
    country: str | None
    minted: bool = False

    def json(self) -> dict[str, Any]:
        return {
            "iri": self.iri,
            "name_th": self.name_th,
            "name_en": self.name_en,
            "country": self.country,
            "minted": self.minted,
        }


@dataclass(frozen=True)
class Supersedes:
    signed_year: int | None
    expired_on: date | None

    def json(self) -> dict[str, Any]:
        return {"signed_year": self.signed_year, "expired_on": _iso(self.expired_on)}


@dataclass(frozen=True)
class ScopeItem:
    ordinal: int
    text_th: str
    areas: tuple[str, ...]
    start: int
    end: int

    def json(self) -> dict[str, Any]:
        return {"ordinal": self.ordinal, "text_th": self.text_th, "areas": list(self.areas)}


@dataclass
class Instrument:
    """One cooperation instrument read from an announcement."""

    iri: str
    type: str
    title_th: str | None
    parties: list[Party] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    proposing_agency_th: str | None = None
    proposing_agency_iri: str | None = None
    proposing_agency_minted: bool = False
    signing_date: date | None = None
    signing_planned: bool | None = None
    signing_place: str | None = None
    supersedes: Supersedes | None = None
    duration_years: int | None = None
    scope_count_stated: int | None = None
    scope_items: list[ScopeItem] = field(default_factory=list)
    scope_areas: list[str] = field(default_factory=list)
    modalities: list[str] = field(default_factory=list)
    principles: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    agenda_item: int | None = None
    decision: str | None = None

    def json(self) -> dict[str, Any]:
        return {
            "iri": self.iri,
            "type": self.type,
            "title_th": self.title_th,
            "parties": [party.json() for party in self.parties],
            "countries": self.countries,
            "proposing_agency_th": self.proposing_agency_th,
            "signing_date": _iso(self.signing_date),
            "signing_planned": self.signing_planned,
            "signing_place": self.signing_place,
            "supersedes": self.supersedes.json() if self.supersedes else None,
            "duration_years": self.duration_years,
            "scope_count_stated": self.scope_count_stated,
            "scope_items": [item.json() for item in self.scope_items],
            "scope_areas": self.scope_areas,
            "modalities": self.modalities,
            "principles": self.principles,
            "evidence": [evidence.json() for evidence in self.evidence],
            "agenda_item": self.agenda_item,
            "decision": self.decision,
        }


@dataclass
class AnnouncementInfo:
    source: str | None
    title_th: str | None
    published: date | None
    spokesperson_th: str | None = None
    spokesperson_role_th: str | None = None
    evidence: list[Evidence] = field(default_factory=list)

    def json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "title_th": self.title_th,
            "published": _iso(self.published),
            "spokesperson_th": self.spokesperson_th,
            "spokesperson_role_th": self.spokesperson_role_th,
            "evidence": [evidence.json() for evidence in self.evidence],
        }


@dataclass
class CabinetDecision:
    date: date | None
    decision: str
    evidence: list[Evidence] = field(default_factory=list)

    def json(self) -> dict[str, Any]:
        return {
            "date": _iso(self.date),
            "decision": self.decision,
            "evidence": [evidence.json() for evidence in self.evidence],
        }


@dataclass
class Record:
    """Everything read from one announcement file."""

    file: str
    announcement: AnnouncementInfo
    cabinet_decision: CabinetDecision | None
    instruments: list[Instrument]
    warnings: list[str]

    def json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "announcement": self.announcement.json(),
            "cabinet_decision": self.cabinet_decision.json() if self.cabinet_decision else None,
            "instruments": [instrument.json() for instrument in self.instruments],
            "warnings": self.warnings,
        }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
