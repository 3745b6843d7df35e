"""What an ingest covered: counts, the review list, the English cross-check, and ``docs/coverage.md``."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from mougraph import detect
from mougraph.ingest import PageResult
from mougraph.merge import Decision, party_key

#: An English page tells of the same decision when published this close to it and naming a partner.
ENGLISH_DAYS = 21


@dataclass(frozen=True)
class Review:
    """An item kept for a person to look at: where it is, and why it was neither kept nor dropped."""

    key: str
    url: str | None
    heading: str
    reason: str


@dataclass
class Coverage:
    """The figures of one ingest."""

    inputs: int = 0
    pages: int = 0
    thai: int = 0
    english: int = 0
    duplicates: int = 0
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    summaries: int = 0
    summary_items: int = 0
    units: int = 0
    candidates: int = 0
    borderline: int = 0
    kept_items: int = 0
    decisions: int = 0
    published: int = 0
    instruments: int = 0
    merged_sources: int = 0
    renewals_linked: int = 0
    quarantined: dict[str, str] = field(default_factory=dict)
    partners: Counter[str] = field(default_factory=Counter)
    by_year: Counter[int] = field(default_factory=Counter)
    by_type: Counter[str] = field(default_factory=Counter)
    english_matched: int = 0
    english_pages: int = 0
    review: list[Review] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The figures as short lines for the terminal."""
        return [
            f"pages read: {self.pages:,} ({self.thai:,} Thai, {self.english:,} English, "
            f"{len(self.unreadable)} unreadable, {self.duplicates:,} duplicates)",
            f"summaries split: {self.summaries:,} into {self.summary_items:,} agenda items;"
            f" {self.units:,} items and news pages in all",
            f"detected: {self.candidates:,} candidates, {self.borderline:,} borderline;"
            f" extractor kept {self.kept_items:,} items",
            f"decisions: {self.decisions:,} ({self.published:,} published, {len(self.quarantined)} quarantined),"
            f" {self.instruments:,} instruments, {len(self.partners)} partners;"
            f" {self.merged_sources:,} further sources merged, {self.renewals_linked} renewals linked",
            f"English cross-check: {self.english_matched} of {self.english_pages} English pages on digital"
            " instruments match a Thai decision",
            f"review list: {len(self.review):,} items",
        ]


def count(pages: list[PageResult], unique: list[PageResult], found: list[Decision], names: dict[str, str]) -> Coverage:
    """The figures of ``pages`` (all read), ``unique`` (one per page) and the decisions ``found``.

    ``names`` maps country codes and international bodies' IRIs to the names partners are shown by.
    """
    cov = Coverage(pages=len(pages), duplicates=len(pages) - len(unique))
    for page in unique:
        if page.language == "en":
            cov.english += 1
        elif page.language == "unreadable":
            cov.unreadable.append((page.where, page.problem or "unreadable"))
        else:
            cov.thai += 1
            cov.units += page.items
            if page.summary:
                cov.summaries += 1
                cov.summary_items += page.items
        for item in page.flagged:
            key = (page.slug or page.where) + ("" if item.number is None else f"#{item.number}")
            if item.verdict == detect.CANDIDATE:
                cov.candidates += 1
            else:
                cov.borderline += 1
            if item.kept:
                cov.kept_items += 1
            elif item.verdict == detect.CANDIDATE:
                cov.review.append(Review(key, page.source, item.heading, f"no instrument read ({item.explanation})"))
            else:
                cov.review.append(Review(key, page.source, item.heading, item.explanation))
    cov.decisions = len(found)
    for decision in found:
        cov.merged_sources += len(decision.others)
        when = decision.primary.date
        for instrument in decision.primary.record.instruments:
            cov.instruments += 1
            cov.by_type[instrument.type] += 1
            if when:
                cov.by_year[when.year] += 1
            for partner in party_key(instrument):
                cov.partners[names.get(partner, partner)] += 1
    _english(cov, unique, found, names)
    return cov


def _english(cov: Coverage, pages: list[PageResult], found: list[Decision], names: dict[str, str]) -> None:
    """Each English page on a digital instrument should match a Thai decision (date and partner);
    the ones that do not go to the review list."""
    for page in pages:
        if page.language != "en" or not page.english:
            continue
        cov.english_pages += 1
        if any(_tells(page, decision, names) for decision in found):
            cov.english_matched += 1
        else:
            first = page.english.split("\n", 1)[0]
            cov.review.append(
                Review(
                    page.where,
                    page.source,
                    first[:200],
                    "English page on a digital instrument; no Thai decision matches",
                )
            )


def _tells(page: PageResult, decision: Decision, names: dict[str, str]) -> bool:
    when, published = decision.primary.date, page.published
    if when is None or published is None or not 0 <= (published - when).days <= ENGLISH_DAYS:
        return False
    text = page.english or ""
    for instrument in decision.primary.record.instruments:
        for partner in party_key(instrument):
            name = names.get(partner)
            if name and re.search(re.escape(name), text, re.IGNORECASE):
                return True
    return False


def markdown(cov: Coverage, today: date | None = None) -> str:
    """``docs/coverage.md``."""
    out = [
        "# Coverage of the ThaiGov corpora",
        "",
        "Written by `mougraph ingest ../shared/corpus` (do not edit by hand); what the figures mean is in",
        "[extraction.md](extraction.md#the-whole-archive). Quality figures (detection precision and recall, field",
        "F1) are in [benchmarks/README.md](../benchmarks/README.md).",
        "",
        "## Figures",
        "",
        "| | count |",
        "|---|---:|",
        f"| pages read | {cov.pages:,} |",
        f"| Thai pages | {cov.thai:,} |",
        f"| English pages (cross-check only, never counted twice) | {cov.english:,} |",
        f"| pages read twice (the same page in two corpora) | {cov.duplicates:,} |",
        f"| unreadable pages | {len(cov.unreadable)} |",
        f"| cabinet-meeting summaries | {cov.summaries:,} |",
        f"| agenda items split from them | {cov.summary_items:,} |",
        f"| items read in all (agenda items and news pages) | {cov.units:,} |",
        f"| candidates (instrument, decision, foreign and digital cues) | {cov.candidates:,} |",
        f"| borderline (a cue missing, the rest in the heading) | {cov.borderline:,} |",
        f"| items kept by the extractor | {cov.kept_items:,} |",
        f"| cabinet decisions (sources merged) | {cov.decisions:,} |",
        f"| further sources merged into a decision | {cov.merged_sources:,} |",
        f"| decisions published / quarantined | {cov.published:,} / {len(cov.quarantined)} |",
        f"| instruments | {cov.instruments:,} |",
        f"| partners (countries and international bodies) | {len(cov.partners)} |",
        f"| renewals linked to the instrument they continue | {cov.renewals_linked} |",
        f"| English pages on a digital instrument matching a Thai decision"
        f" | {cov.english_matched} of {cov.english_pages} |",
        f"| review list | {len(cov.review):,} |",
        "",
        "## Instruments by year of decision",
        "",
        "| year | instruments |",
        "|---|---:|",
        *(f"| {year} | {n} |" for year, n in sorted(cov.by_year.items())),
        "",
        "## Instruments by kind",
        "",
        "| kind | instruments |",
        "|---|---:|",
        *(f"| {kind} | {n} |" for kind, n in sorted(cov.by_type.items(), key=lambda kv: (-kv[1], kv[0]))),
        "",
        "## Partners",
        "",
        "| partner | instruments |",
        "|---|---:|",
        *(f"| {name} | {n} |" for name, n in sorted(cov.partners.items(), key=lambda kv: (-kv[1], kv[0]))),
        "",
    ]
    if cov.quarantined:
        out += ["## Quarantined decisions", "", "Reports in `var/quarantine/decision-*.txt`.", ""]
        out += [f"- `{slug}`" for slug in sorted(cov.quarantined)]
        out.append("")
    if cov.unreadable:
        out += ["## Unreadable pages", ""]
        out += [f"- `{where}`: {problem}" for where, problem in cov.unreadable]
        out.append("")
    out += [
        "## Review list",
        "",
        "Items where cues fired but that were not kept: a cue is missing (named), or the extractor read no",
        "international digital instrument in a candidate, or an English page matches no Thai decision.",
        "",
        "| item | heading | why |",
        "|---|---|---|",
    ]
    for entry in sorted(cov.review, key=lambda r: r.key):
        link = f"[{entry.key}]({entry.url})" if entry.url else f"`{entry.key}`"
        out.append(f"| {link} | {_cell(entry.heading)} | {_cell(entry.reason)} |")
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")[:100]
