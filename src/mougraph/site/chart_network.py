"""The network: Thailand, its agencies, the partners and the foreign agencies, in four columns.

A layered layout computed here, the same for the same data: Thailand on the left, then the
Thai agencies that are parties, then the partners (countries and international bodies), then
the foreign agencies beside their country. Lines join Thailand and its agencies, each Thai
agency and the partners of its instruments, and each partner country and its agencies; their
width grows with the number of instruments. Partners are ordered by a few barycentre sweeps so
lines stay short; labels are horizontal, one per row, so they never overlap.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mougraph.site import svg
from mougraph.site.chart_data import TEXT, THAILAND, Facts, count
from mougraph.site.svg import MARGIN, Caption, Key


@dataclass(frozen=True)
class Node:
    """A node at (x, y) with radius ``r``; its label starts right of it and its outgoing lines at ``out``."""

    iri: str
    role: str
    label: str
    tooltip: str
    x: float
    y: float
    r: float
    out: float


@dataclass(frozen=True)
class Edge:
    """A line from a node of one column to a node of a later one, ``weight`` instruments thick."""

    source: str
    target: str
    weight: int
    tooltip: str


@dataclass(frozen=True)
class Network:
    width: float
    height: float
    title: str
    desc: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    headings: tuple[Caption, ...]
    legend: tuple[Key, ...]


ROLES = {
    "thailand": svg.OKABE_ITO["blue"],
    "thai": svg.OKABE_ITO["sky"],
    "country": svg.OKABE_ITO["orange"],
    "international": svg.OKABE_ITO["purple"],
    "foreign": svg.OKABE_ITO["green"],
}
_COLUMN = {"thailand": 0, "thai": 1, "country": 2, "international": 2, "foreign": 3}
_HEADINGS = ("thailand", "column_thai", "partners", "column_foreign")
_ROW = 24.0
_GAP = 80.0
_LABEL = 140.0
_NODE_FONT = 12.0


def _links(data: Facts) -> tuple[dict[str, str], dict[tuple[str, str], set[str]], dict[str, set[str]]]:
    """Roles of the nodes, edges (left node, right node) → instruments, and each node's instruments.

    Edges: Thailand–Thai party, Thai party–partner, partner country–foreign party, and
    Thailand–partner for an instrument without a Thai party (so no partner hangs loose).
    """
    roles = {THAILAND: "thailand"}
    edges: dict[tuple[str, str], set[str]] = defaultdict(set)
    involved: dict[str, set[str]] = defaultdict(set)

    def link(left: str, right: str, iri: str) -> None:
        edges[(left, right)].add(iri)
        involved[left].add(iri)
        involved[right].add(iri)

    for instrument in data.instruments:
        partners, thai = data.partners(instrument), data.thai_parties(instrument)
        for partner in partners:
            roles[partner] = "international" if partner in instrument.parties else "country"
        for agency in thai:
            roles[agency] = "thai"
            link(THAILAND, agency, instrument.iri)
            for partner in partners:
                link(agency, partner, instrument.iri)
        if not thai:
            for partner in partners:
                link(THAILAND, partner, instrument.iri)
        for party in instrument.parties:
            country = data.party_country.get(party)
            if country and country != THAILAND:
                roles[party] = "foreign"
                link(country, party, instrument.iri)
    return roles, edges, involved


def _barycentre(node: str, placed: Mapping[str, float], edges: Mapping[tuple[str, str], set[str]]) -> float:
    """The mean height of ``node``'s neighbours among ``placed``, weighted by instruments; inf when none."""
    total = weight = 0.0
    for (a, b), found in edges.items():
        other = b if a == node else a if b == node else ""
        if other in placed:
            total += len(found) * placed[other]
            weight += len(found)
    return total / weight if weight else math.inf


def _stack(nodes: Sequence[str], top: float) -> dict[str, float]:
    return {node: top + _ROW * (i + 0.5) for i, node in enumerate(nodes)}


def _blocks(partners: Sequence[str], children: Mapping[str, Sequence[str]], top: float) -> dict[str, float]:
    """Partners stacked down the column, each in a block as tall as its foreign agencies beside it."""
    heights: dict[str, float] = {}
    y = top
    for partner in partners:
        rows = max(1, len(children.get(partner, ())))
        heights[partner] = y + _ROW * rows / 2
        heights.update(_stack(children.get(partner, ()), y))
        y += _ROW * rows
    return heights


def spread(desired: Mapping[str, float], gap: float, low: float) -> dict[str, float]:
    """Heights near ``desired``, at least ``gap`` apart and not above ``low``: crowded runs centre on their mean.

    >>> spread({"a": 10.0, "b": 10.0, "c": 50.0}, 20.0, 0.0)
    {'a': 0.0, 'b': 20.0, 'c': 50.0}
    """
    order = sorted(desired, key=lambda node: (desired[node], node))
    runs: list[list[str]] = [[node] for node in order]

    def start(run: list[str]) -> float:
        return max(sum(desired[node] for node in run) / len(run) - gap * (len(run) - 1) / 2, low)

    merged = True
    while merged:
        merged = False
        for k in range(len(runs) - 1):
            if start(runs[k + 1]) < start(runs[k]) + gap * len(runs[k]):
                runs[k : k + 2] = [runs[k] + runs[k + 1]]
                merged = True
                break
    return {node: start(run) + gap * n for run in runs for n, node in enumerate(run)}


def _heights(
    data: Facts,
    lang: str,
    roles: Mapping[str, str],
    edges: Mapping[tuple[str, str], set[str]],
    involved: Mapping[str, set[str]],
    top: float,
) -> dict[str, float]:
    """Heights of the nodes: partners in an order that keeps lines short (a few barycentre sweeps against
    the Thai agencies), each partner's agencies beside it, Thai agencies near their partners."""
    by_size = sorted(roles, key=lambda node: (-len(involved[node]), data.name(node, lang), node))
    thai = [node for node in by_size if roles[node] == "thai"]
    partners = [node for node in by_size if _COLUMN[roles[node]] == 2]
    children: dict[str, list[str]] = defaultdict(list)
    for (country, party), _ in sorted(edges.items()):
        if roles[party] == "foreign":
            children[country].append(party)
    for each in children.values():
        each.sort(key=by_size.index)
    heights = _stack(thai, top)
    for _ in range(4):
        partners.sort(key=lambda node: (_barycentre(node, heights, edges), -len(involved[node]), node))
        placed = _blocks(partners, children, top)
        thai.sort(key=lambda node: (_barycentre(node, placed, edges), -len(involved[node]), node))
        heights = _stack(thai, top)
    heights = _blocks(partners, children, top)
    wishes = {node: _barycentre(node, heights, edges) for node in thai}
    bottom = max(heights.values(), default=top)
    heights.update(
        spread({node: wish if math.isfinite(wish) else bottom for node, wish in wishes.items()}, _ROW, top + _ROW / 2)
    )
    inner = [heights[node] for node in thai] or [heights[node] for node in partners] or [top + _ROW / 2]
    heights[THAILAND] = (min(inner) + max(inner)) / 2
    return heights


def network(data: Facts, lang: str) -> Network:
    """The network's layout: four columns (Thailand, Thai agencies, partners, foreign agencies), lines between."""
    text = TEXT[lang]
    roles, edges, involved = _links(data)
    top = 76.0
    heights = _heights(data, lang, roles, edges, involved, top)
    degree: dict[str, int] = defaultdict(int)
    for a, b in edges:
        degree[a] += 1
        degree[b] += 1
    labels = {
        node: data.short(node, lang, 11, 56) if role == "thailand" else data.short(node, lang, _NODE_FONT, _LABEL)
        for node, role in roles.items()
    }
    radius = {
        node: 28.0 if role == "thailand" else min(3 + 1.6 * math.sqrt(degree[node]), 11.0)
        for node, role in roles.items()
    }
    x = MARGIN + 28.0
    columns: list[float] = []
    for column in range(4):
        members = [node for node in roles if _COLUMN[roles[node]] == column]
        columns.append(x)
        width = max(
            (radius[node] + (6 + svg.text_width(labels[node], _NODE_FONT) if column else 0) for node in members),
            default=0.0,
        )
        x += width + _GAP
    nodes = []
    for node in sorted(roles, key=lambda node: (_COLUMN[roles[node]], heights[node], node)):
        role, r = roles[node], radius[node]
        at = columns[_COLUMN[role]]
        out = at + r + 4 + (0 if role == "thailand" else 4 + svg.text_width(labels[node], _NODE_FONT))
        tooltip = f"{data.name(node, lang)} ({text[role]}): {count(lang, len(involved[node]))}"
        nodes.append(Node(node, role, labels[node], tooltip, at, heights[node], r, out))
    lines = tuple(
        Edge(a, b, len(found), f"{data.name(a, lang)} – {data.name(b, lang)}: {count(lang, len(found))}")
        for (a, b), found in sorted(edges.items())
    )
    width = max(x - _GAP + MARGIN, 480.0)
    headings = tuple(
        Caption("", text[name], text[name], columns[i] - (28 if i == 0 else 4), top - 14)
        for i, name in enumerate(_HEADINGS)
    )
    bottom = max(node.y + node.r for node in nodes) + 30
    present = [role for role in ROLES if role in roles.values()]
    keys, bottom = svg.flow([(text[role], ROLES[role], "circle") for role in present], bottom, width)
    keys.append(Key(text["edges"], "#8A8A8A", "line", MARGIN, bottom))
    counts = {
        role: sum(1 for each in roles.values() if _COLUMN[each] == column)
        for role, column in (("thai", 1), ("partners", 2), ("foreign", 3))
    }
    desc = text["network_desc"].format(thai=counts["thai"], partners=counts["partners"], foreign=counts["foreign"])
    return Network(width, bottom + 22 + MARGIN, text["network"], desc, tuple(nodes), lines, headings, tuple(keys))


def network_svg(layout: Network, lang: str) -> str:
    """The network as an ``<svg>`` element: lines leave a node after its label and enter it from the left."""
    body = [svg.text(MARGIN, 30, layout.title, font_size=16, font_weight="bold")]
    body.extend(
        svg.text(heading.x, heading.y, heading.label, font_size=12, fill=svg.MUTED) for heading in layout.headings
    )
    where = {node.iri: node for node in layout.nodes}
    for edge in layout.edges:
        a, b = where[edge.source], where[edge.target]
        x1, x2 = a.out, b.x - b.r
        middle = (x1 + x2) / 2
        points = [(x1, a.y), (middle, a.y), (middle, b.y), (x2, b.y)]
        path = "M{} {}C{} {} {} {} {} {}".format(*(svg.num(value) for point in points for value in point))
        width = min(1 + 1.5 * math.log2(edge.weight), 9.0)
        line = svg.tag(
            "path", {"d": path, "fill": "none", "stroke": "#8A8A8A", "stroke-opacity": "0.6", "stroke-width": width}
        )
        body.append(svg.tag("g", {}, svg.tag("title", {}, svg.esc(edge.tooltip)) + line))
    for node in layout.nodes:
        dot = svg.tag(
            "circle",
            {
                "cx": node.x,
                "cy": node.y,
                "r": node.r,
                "fill": ROLES[node.role],
                "stroke": "#FFFFFF",
                "stroke-width": 1.5,
            },
        )
        if node.role == "thailand":
            label = svg.text(
                node.x, node.y + 4, node.label, font_size=11, font_weight="bold", text_anchor="middle", fill="#FFFFFF"
            )
        else:
            label = svg.text(node.x + node.r + 4, node.y + 4.5, node.label, font_size=_NODE_FONT)
        body.append(svg.linked(node.iri, node.tooltip, dot + label))
    body.extend(svg.legend(layout.legend))
    return svg.document("network", lang, layout.width, layout.height, layout.title, layout.desc, body)
