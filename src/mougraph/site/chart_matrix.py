"""The matrix: partners (rows) × top-level scope areas (columns), instruments counted in each cell.

Narrower areas of the thesaurus are rolled up to their top concept, and only the top
concepts in use get a column, so the picture stays narrow enough to read. Partners are
countries and, for instruments with an international body as party, that body.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from mougraph.site import svg
from mougraph.site.chart_data import TEXT, Facts, count
from mougraph.site.svg import MARGIN, Caption, Key


@dataclass(frozen=True)
class Cell:
    """The number of instruments of ``partner`` in ``area``; its square's top left at (x, y)."""

    partner: str
    area: str
    count: int
    x: float
    y: float
    colour: str
    tooltip: str


@dataclass(frozen=True)
class Matrix:
    width: float
    height: float
    title: str
    desc: str
    rows: tuple[Caption, ...]
    columns: tuple[Caption, ...]
    cells: tuple[Cell, ...]
    legend: tuple[Key, ...]
    legend_title: str
    legend_y: float


CELL = 28.0
_SLANT = math.radians(55)
_EMPTY_CELL = "#FAFAFA"
_STRIPE = "#F0F0F0"


def bins(maximum: int) -> list[tuple[int, int]]:
    """Count classes for the colour scale: one per value up to 6, else doubling widths (1, 2, 3–4, 5–8, …).

    >>> bins(3), bins(20)
    ([(1, 1), (2, 2), (3, 3)], [(1, 1), (2, 2), (3, 4), (5, 8), (9, 16), (17, 20)])
    """
    if maximum <= 6:
        return [(n, n) for n in range(1, maximum + 1)]
    found = [(1, 1), (2, 2), (3, 4), (5, 8), (9, 16), (17, maximum)]
    return [(low, min(high, maximum)) for low, high in found if low <= maximum]


def _ramp(count: int, classes: Sequence[tuple[int, int]]) -> str:
    palette = svg.SEQUENTIAL[1:]
    for index, (low, high) in enumerate(classes):
        if low <= count <= high:
            return palette[round(index * (len(palette) - 1) / max(len(classes) - 1, 1))]
    return _EMPTY_CELL


def matrix(data: Facts, lang: str) -> Matrix:
    """The matrix's layout: a row per partner, a column per top-level area in use, counts in the cells."""
    text = TEXT[lang]
    counts: dict[tuple[str, str], set[str]] = defaultdict(set)
    row_total: dict[str, set[str]] = defaultdict(set)
    column_total: dict[str, set[str]] = defaultdict(set)
    for instrument in data.instruments:
        for partner in data.partners(instrument):
            for area in instrument.areas:
                counts[(partner, area)].add(instrument.iri)
                row_total[partner].add(instrument.iri)
                column_total[area].add(instrument.iri)

    def order(totals: dict[str, set[str]]) -> list[str]:
        return sorted(totals, key=lambda iri: (-len(totals[iri]), data.name(iri, lang), iri))

    partners, areas = order(row_total), order(column_total)
    row_labels = [data.short(partner, lang, 12, 170) for partner in partners]
    column_labels = [data.short(area, lang, 12, 190) for area in areas]
    label_width = max((svg.text_width(label, 12) for label in row_labels), default=0) + 12
    header = max((svg.text_width(label, 12) for label in column_labels), default=0) * math.sin(_SLANT) + 16
    left, top = MARGIN + label_width, 48 + header
    right = max(
        [left + len(areas) * CELL, 480 - MARGIN]
        + [
            left + (j + 0.5) * CELL + svg.text_width(label, 12) * math.cos(_SLANT) + 4
            for j, label in enumerate(column_labels)
        ]
    )
    classes = bins(max((len(found) for found in counts.values()), default=0))
    rows = tuple(
        Caption(
            partner,
            label,
            f"{data.name(partner, lang)}: {count(lang, len(row_total[partner]))}",
            MARGIN,
            top + (i + 0.5) * CELL + 4,
        )
        for i, (partner, label) in enumerate(zip(partners, row_labels, strict=True))
    )
    columns = tuple(
        Caption(
            area,
            label,
            f"{data.name(area, lang)}: {count(lang, len(column_total[area]))}",
            left + (j + 0.5) * CELL + 4,
            top - 8,
        )
        for j, (area, label) in enumerate(zip(areas, column_labels, strict=True))
    )
    cells = []
    for i, partner in enumerate(partners):
        for j, area in enumerate(areas):
            n = len(counts.get((partner, area), ()))
            tooltip = f"{data.name(partner, lang)} × {data.name(area, lang)}: {count(lang, n)}"
            cells.append(Cell(partner, area, n, left + j * CELL, top + i * CELL, _ramp(n, classes), tooltip))
    legend_y = top + len(partners) * CELL + 30
    entries = [(f"{low}" if low == high else f"{low}–{high}", _ramp(low, classes), "square") for low, high in classes]
    keys, bottom = svg.flow(entries, legend_y + 24, right + MARGIN)
    desc = text["matrix_desc"].format(rows=len(partners), cols=len(areas))
    return Matrix(
        right + MARGIN,
        bottom + MARGIN,
        text["matrix"],
        desc,
        rows,
        columns,
        tuple(cells),
        tuple(keys),
        text["legend_count"],
        legend_y,
    )


def matrix_svg(layout: Matrix, lang: str) -> str:
    """The matrix as an ``<svg>`` element."""
    body = [svg.text(MARGIN, 30, layout.title, font_size=16, font_weight="bold")]
    for row in layout.rows:
        body.append(svg.linked(row.iri, row.tooltip, svg.text(row.x, row.y, row.label, font_size=12)))
    for column in layout.columns:
        turn = f"rotate({svg.num(-math.degrees(_SLANT))} {svg.num(column.x)} {svg.num(column.y)})"
        body.append(
            svg.tag(
                "g",
                {},
                svg.tag("title", {}, svg.esc(column.tooltip))
                + svg.text(column.x, column.y, column.label, font_size=12, transform=turn),
            )
        )
    if layout.cells:
        left, top = layout.cells[0].x, layout.cells[0].y
        wide = len(layout.columns) * CELL
        for i in range(len(layout.rows)):
            shade = _EMPTY_CELL if i % 2 else _STRIPE
            body.append(svg.tag("rect", {"x": left, "y": top + i * CELL, "width": wide, "height": CELL, "fill": shade}))
    for cell in (cell for cell in layout.cells if cell.count):
        square = svg.tag(
            "rect",
            {
                "x": cell.x,
                "y": cell.y,
                "width": CELL,
                "height": CELL,
                "fill": cell.colour,
                "stroke": "#FFFFFF",
                "stroke-width": 1.5,
            },
        )
        number = svg.text(
            cell.x + CELL / 2,
            cell.y + CELL / 2 + 4.5,
            str(cell.count),
            font_size=12,
            text_anchor="middle",
            fill=svg.ink(cell.colour),
        )
        body.append(svg.linked(cell.partner, cell.tooltip, square + number))
    body.append(svg.text(MARGIN, layout.legend_y + 4, layout.legend_title, font_size=12, fill=svg.MUTED))
    body.extend(svg.legend(layout.legend))
    return svg.document("matrix", lang, layout.width, layout.height, layout.title, layout.desc, body)
