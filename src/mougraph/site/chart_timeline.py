"""The timeline: instruments by cabinet decision date, years down the page, a chip per instrument.

Each year is a header ("2565 (2022)" in Thai); each month with instruments is a row of chips
in date order, wrapping when full. A chip's mark has the colour and shape of the instrument's
class; hollow when the decision has no date and the announcement's date is used instead.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from mougraph.site import svg
from mougraph.site.chart_data import MG, TEXT, Facts, Instrument
from mougraph.site.svg import MARGIN, Key

#: Instrument classes: colour (Okabe–Ito), shape, and order in the legend.
KINDS: dict[str, tuple[str, str]] = {
    MG + "MemorandumOfUnderstanding": (svg.OKABE_ITO["blue"], "circle"),
    MG + "MemorandumOfCooperation": (svg.OKABE_ITO["green"], "square"),
    MG + "Agreement": (svg.OKABE_ITO["vermillion"], "diamond"),
    MG + "JointStatement": (svg.OKABE_ITO["purple"], "triangle"),
    MG + "Declaration": (svg.OKABE_ITO["orange"], "triangle-down"),
    MG + "LetterOfIntent": (svg.OKABE_ITO["sky"], "hexagon"),
    MG + "CooperationInstrument": (svg.OKABE_ITO["grey"], "square"),
}
_OTHER_KIND = (svg.OKABE_ITO["black"], "circle")


def _kind_style(kind: str) -> tuple[str, str]:
    return KINDS.get(kind, _OTHER_KIND)


def _kind_name(data: Facts, kind: str, lang: str) -> str:
    """The label of an instrument class; the generic class (type "Other") is named as such."""
    return TEXT[lang]["other_kind"] if kind == MG + "CooperationInstrument" else data.name(kind, lang)


@dataclass(frozen=True)
class Mark:
    """One instrument on the timeline: a chip at (x, y) (top left) of ``width`` px."""

    iri: str
    day: date
    by_decision: bool
    kind: str
    label: str
    tooltip: str
    x: float
    y: float
    width: float


@dataclass(frozen=True)
class Tick:
    """A label of the time axis: a year (a header line) or a month (left of the spine)."""

    label: str
    y: float
    year: bool


@dataclass(frozen=True)
class Timeline:
    width: float
    height: float
    title: str
    desc: str
    marks: tuple[Mark, ...]
    ticks: tuple[Tick, ...]
    legend: tuple[Key, ...]
    spine: tuple[tuple[float, float], ...]


TIMELINE_WIDTH = 480.0
_SPINE = MARGIN + 48
_CHIP = 22.0
_CHIP_FONT = 12.0


def timeline(data: Facts, lang: str) -> Timeline:
    """The timeline's layout: years down the page, a row per month, a chip per instrument in date order."""
    text = TEXT[lang]
    dated = sorted(
        ((instrument.decided or instrument.published, instrument.iri, instrument) for instrument in data.instruments),
        key=lambda item: (item[0] or date.max, item[1]),
    )
    shown = [(day, instrument) for day, _, instrument in dated if day is not None]
    order = list(KINDS)
    kinds = sorted(
        {instrument.kind for _, instrument in shown},
        key=lambda kind: (order.index(kind) if kind in KINDS else len(order), kind),
    )
    entries = [(_kind_name(data, kind, lang), *_kind_style(kind)) for kind in kinds]
    keys, y = svg.flow(entries, 52, TIMELINE_WIDTH)
    if any(instrument.decided is None for _, instrument in shown):
        keys.append(Key(text["announced"], svg.OKABE_ITO["grey"], "circle", MARGIN, y, hollow=True))
        y += 22
    ticks: list[Tick] = []
    marks: list[Mark] = []
    months: dict[tuple[int, int], list[tuple[date, Instrument]]] = defaultdict(list)
    for day, instrument in shown:
        months[(day.year, day.month)].append((day, instrument))
    spine: list[tuple[float, float]] = []
    busy = sorted({year for year, _ in months})
    for year in busy:
        if spine and year - 1 not in busy:
            quiet = svg.year_label(busy[busy.index(year) - 1] + 1, lang)
            if year - 2 not in busy:
                quiet = f"{quiet} – {svg.year_label(year - 1, lang)}"
            ticks.append(Tick(quiet, y + 22, True))
            y += 34
        ticks.append(Tick(svg.year_label(year, lang), y + 22, True))
        y += 34
        spine.append((y - 4, y))
        for month in range(1, 13):
            if (year, month) not in months:
                continue
            ticks.append(Tick(svg.month_label(month, lang), y + _CHIP / 2 + 4, False))
            x = _SPINE + 14
            for day, instrument in months[(year, month)]:
                label, tooltip = _mark_texts(data, instrument, day, lang)
                width = 24 + svg.text_width(label, _CHIP_FONT) + 10
                if x + width > TIMELINE_WIDTH - MARGIN and x > _SPINE + 14:
                    x, y = _SPINE + 14, y + _CHIP + 6
                marks.append(
                    Mark(
                        instrument.iri,
                        day,
                        instrument.decided is not None,
                        instrument.kind,
                        label,
                        tooltip,
                        x,
                        y,
                        width,
                    )
                )
                x += width + 6
            y += _CHIP + 8
            spine[-1] = (spine[-1][0], y - 8)
    undated = len(dated) - len(shown)
    desc = text["timeline_desc"].format(
        n=len(shown),
        first=svg.date_label(shown[0][0], lang) if shown else "",
        last=svg.date_label(shown[-1][0], lang) if shown else "",
        undated=text["undated"].format(n=undated) if undated else "",
    )
    return Timeline(
        TIMELINE_WIDTH, y + MARGIN, text["timeline"], desc, tuple(marks), tuple(ticks), tuple(keys), tuple(spine)
    )


def _mark_texts(data: Facts, instrument: Instrument, day: date, lang: str) -> tuple[str, str]:
    partners = data.partners(instrument)
    label = ", ".join(data.short(partner, lang, _CHIP_FONT, 110) for partner in partners) or TEXT[lang]["no_partner"]
    names = ", ".join(data.name(partner, lang) for partner in partners) or TEXT[lang]["no_partner"]
    when = svg.date_label(day, lang) + ("" if instrument.decided else f" ({TEXT[lang]['announced_short']})")
    title = (
        instrument.titles.get(lang) or instrument.titles.get("th") or next(iter(sorted(instrument.titles.values())), "")
    )
    tooltip = f"{when} · {_kind_name(data, instrument.kind, lang)} · {names}" + (f"\n{title}" if title else "")
    return svg.clip(label, _CHIP_FONT, 150), tooltip


def timeline_svg(layout: Timeline, lang: str) -> str:
    """The timeline as an ``<svg>`` element."""
    body = [svg.text(MARGIN, 30, layout.title, font_size=16, font_weight="bold"), *svg.legend(layout.legend)]
    for y1, y2 in layout.spine:
        if y2 > y1:
            body.append(
                svg.tag(
                    "line", {"x1": _SPINE, "y1": y1, "x2": _SPINE, "y2": y2, "stroke": "#BBBBBB", "stroke-width": 2}
                )
            )
    for tick in layout.ticks:
        if tick.year:
            end = MARGIN + svg.text_width(tick.label, 14) + 10
            body.append(
                svg.tag(
                    "line",
                    {"x1": end, "y1": tick.y - 5, "x2": layout.width - MARGIN, "y2": tick.y - 5, "stroke": "#DDDDDD"},
                )
            )
            body.append(svg.text(MARGIN, tick.y, tick.label, font_size=14, font_weight="bold"))
        else:
            body.append(svg.tag("circle", {"cx": _SPINE, "cy": tick.y - 4, "r": 3.5, "fill": "#888888"}))
            body.append(svg.text(_SPINE - 9, tick.y, tick.label, font_size=12, fill=svg.MUTED, text_anchor="end"))
    for mark in layout.marks:
        colour, shape = _kind_style(mark.kind)
        chip = svg.tag(
            "rect",
            {
                "x": mark.x,
                "y": mark.y,
                "width": mark.width,
                "height": _CHIP,
                "rx": 11.0,
                "fill": "#F4F4F4",
                "stroke": "#C8C8C8",
            },
        )
        dot = svg.marker(shape, mark.x + 12, mark.y + _CHIP / 2, 5.5, colour, hollow=not mark.by_decision)
        label = svg.text(mark.x + 24, mark.y + _CHIP / 2 + 4.5, mark.label, font_size=_CHIP_FONT)
        body.append(svg.linked(mark.iri, mark.tooltip, chip + dot + label))
    return svg.document("timeline", lang, layout.width, layout.height, layout.title, layout.desc, body)
