"""Small helpers to write SVG by hand: escaping, text widths for Thai, links, the document frame.

Everything a picture writes goes through :func:`esc` (text and attribute values alike), so a
label such as ``<script>alert(1)</script>`` stays text. No ``style`` attribute or element is
written: presentation attributes only, so the pictures also work under a strict
``Content-Security-Policy`` (which blocks inline styles, not presentation attributes).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from mougraph import iris
from mougraph.table import char_width

#: Thai-capable fonts first (Noto Sans Thai, Sarabun, Windows' Tahoma and Leelawadee UI).
FONT_FAMILY = "'Noto Sans Thai', 'Sarabun', 'Tahoma', 'Leelawadee UI', sans-serif"

#: The Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
    "grey": "#777777",
}

#: A sequential, colour-blind-safe ramp (ColorBrewer YlGnBu, 7 classes), light to dark.
SEQUENTIAL = ("#FFFFCC", "#C7E9B4", "#7FCDBB", "#41B6C4", "#1D91C0", "#225EA8", "#0C2C84")

TEXT_COLOUR = "#1A1A1A"
MUTED = "#5A5A5A"
MARGIN = 16.0

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_THAI_MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def esc(text: object) -> str:
    """XML-escaped text, for element content and attribute values; characters XML cannot hold are dropped.

    >>> esc('<script>alert("x")</script> & ไทย\\x00')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ไทย'
    """
    return html.escape(_ILLEGAL.sub("", unicodedata.normalize("NFC", str(text))), quote=True)


def num(value: float) -> str:
    """A coordinate with at most one decimal, so the output is short and stable.

    >>> num(3.0), num(2.46), num(-0.04)
    ('3', '2.5', '0')
    """
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def char_em(char: str) -> float:
    """Estimated advance of one character in em: Thai marks above and below take none."""
    if char_width(char) == 0:
        return 0.0
    if char_width(char) == 2:
        return 1.0
    if "\u0e00" <= char <= "\u0e7f":
        return 0.45 if char in "เแโใไ" else 0.66
    if char == " ":
        return 0.3
    if char.isdigit():
        return 0.58
    if char.isupper():
        return 0.68
    if char.isalpha():
        return 0.56
    return 0.4


def text_width(text: str, size: float) -> float:
    """Estimated width in pixels of ``text`` at font size ``size`` (a little generous, never narrow).

    >>> text_width("ที่", 10) == text_width("ท", 10)
    True
    """
    return sum(char_em(char) for char in text) * size


def clip(text: str, size: float, max_width: float) -> str:
    """``text`` cut to fit ``max_width`` pixels, ending in ``…``; marks stay with their letter.

    >>> clip("ความมั่นคงปลอดภัยทางไซเบอร์", 10, 40)
    'ความมั่…'
    """
    if text_width(text, size) <= max_width:
        return text
    kept: list[str] = []
    used = text_width("…", size)
    for char in text:
        cost = char_em(char) * size
        if cost and used + cost > max_width:
            break
        kept.append(char)
        used += cost
    return "".join(kept).rstrip() + "…"


def page_path(iri: str) -> str | None:
    """The site path of a resource IRI under ``https://w3id.org/mougraph/id/``; None for any other IRI.

    Thai letters are percent-encoded as UTF-8; the fragment is dropped (the page is the document).

    >>> page_path("https://w3id.org/mougraph/id/org/cn-รัฐบาลจีน")
    '/id/org/cn-%E0%B8%A3%E0%B8%B1%E0%B8%90%E0%B8%9A%E0%B8%B2%E0%B8%A5%E0%B8%88%E0%B8%B5%E0%B8%99'
    >>> page_path("javascript:alert(1)") is None
    True
    """
    if not iri.startswith(iris.ID) or len(iri) == len(iris.ID):
        return None
    path = "/" + iri[len(iris.BASE) :].split("#", 1)[0]
    return quote(unicodedata.normalize("NFC", path), safe="/-._~%")


def attributes(attrs: Mapping[str, object]) -> str:
    """`` name="value"`` pairs, values escaped and numbers shortened; None values left out."""
    parts = []
    for name, value in attrs.items():
        if value is None:
            continue
        shown = num(value) if isinstance(value, float) else str(value)
        parts.append(f' {name}="{esc(shown)}"')
    return "".join(parts)


def tag(name: str, attrs: Mapping[str, object], content: str | None = None) -> str:
    """An element: ``content`` is markup already built by these helpers (escape text with :func:`esc`).

    >>> tag("rect", {"x": 1.25, "fill": None})
    '<rect x="1.2"/>'
    """
    if content is None:
        return f"<{name}{attributes(attrs)}/>"
    return f"<{name}{attributes(attrs)}>{content}</{name}>"


def text(x: float, y: float, content: str, **attrs: object) -> str:
    """A ``<text>`` element at (x, y) holding escaped ``content``; keyword names use ``_`` for ``-``."""
    named = {key.replace("_", "-"): value for key, value in attrs.items()}
    return tag("text", {"x": float(x), "y": float(y), **named}, esc(content))


def linked(iri: str, tooltip: str, inner: str) -> str:
    """``inner`` wrapped in a link to the page of ``iri`` (when it has one), with a ``<title>`` tooltip."""
    titled = tag("title", {}, esc(tooltip)) + inner
    path = page_path(iri)
    if path is None:
        return tag("g", {}, titled)
    return tag("a", {"href": path}, titled)


def document(name: str, lang: str, width: float, height: float, title: str, desc: str, body: Iterable[str]) -> str:
    """A complete ``<svg>`` element: scalable (``viewBox``, ``width="100%"``), labelled for screen readers.

    Ids are prefixed with the picture's name, so several pictures can be inlined in one page.
    """
    ident = f"mg-chart-{name}"
    attrs = {
        "xmlns": "http://www.w3.org/2000/svg",
        "viewBox": f"0 0 {num(width)} {num(height)}",
        "width": "100%",
        "role": "img",
        "aria-labelledby": f"{ident}-title {ident}-desc",
        "lang": lang,
        "xml:lang": lang,
        "class": f"mg-chart {ident}",
        "font-family": FONT_FAMILY,
        "font-size": "13",
        "fill": TEXT_COLOUR,
    }
    head = tag("title", {"id": f"{ident}-title"}, esc(title)) + tag("desc", {"id": f"{ident}-desc"}, esc(desc))
    frame = tag("rect", {"width": "100%", "height": "100%", "fill": "#FFFFFF"})
    return tag("svg", attrs, head + frame + "".join(body))


def empty(name: str, lang: str, title: str, message: str) -> str:
    """A small picture that says ``message`` (no data) under ``title``."""
    body = [
        text(20, 34, title, font_size=16, font_weight="bold"),
        text(20, 74, message, fill=MUTED),
    ]
    return document(name, lang, 480, 110, title, message, body)


def marker(shape: str, x: float, y: float, r: float, colour: str, hollow: bool = False) -> str:
    """A point mark of ``shape`` (circle, square, diamond, triangle, triangle-down, hexagon) centred at (x, y)."""
    paint = {
        "fill": "#FFFFFF" if hollow else colour,
        "stroke": colour if hollow else "#1A1A1A",
        "stroke-width": 2.0 if hollow else 0.6,
    }
    if shape == "circle":
        return tag("circle", {"cx": float(x), "cy": float(y), "r": float(r), **paint})
    points = _SHAPES.get(shape, _SHAPES["square"])
    path = " ".join(f"{num(x + dx * r)},{num(y + dy * r)}" for dx, dy in points)
    return tag("polygon", {"points": path, **paint})


_SHAPES: dict[str, tuple[tuple[float, float], ...]] = {
    "square": ((-0.85, -0.85), (0.85, -0.85), (0.85, 0.85), (-0.85, 0.85)),
    "diamond": ((0.0, -1.15), (1.15, 0.0), (0.0, 1.15), (-1.15, 0.0)),
    "triangle": ((0.0, -1.2), (1.1, 0.9), (-1.1, 0.9)),
    "triangle-down": ((0.0, 1.2), (1.1, -0.9), (-1.1, -0.9)),
    "hexagon": ((1.05, 0.0), (0.52, -0.9), (-0.52, -0.9), (-1.05, 0.0), (-0.52, 0.9), (0.52, 0.9)),
}


def year_label(year: int, lang: str) -> str:
    """A year on an axis: Buddhist Era with the Gregorian year in Thai, Gregorian in English.

    >>> year_label(2022, "th"), year_label(2022, "en")
    ('2565 (2022)', '2022')
    """
    return f"{year + 543} ({year})" if lang == "th" else str(year)


def month_label(month: int, lang: str) -> str:
    """The short name of a month (1–12).

    >>> month_label(10, "th"), month_label(10, "en")
    ('ต.ค.', 'Oct')
    """
    return (_THAI_MONTHS if lang == "th" else _EN_MONTHS)[month - 1]


def date_label(day: date, lang: str) -> str:
    """A date as people write it: Buddhist Era in Thai.

    >>> date_label(date(2022, 10, 25), "th"), date_label(date(2022, 10, 25), "en")
    ('25 ต.ค. 2565', '25 Oct 2022')
    """
    year = day.year + 543 if lang == "th" else day.year
    return f"{day.day} {month_label(day.month, lang)} {year}"


def ink(fill: str) -> str:
    """Black or white, whichever reads better on the colour ``fill`` (``#RRGGBB``).

    >>> ink("#FFFFCC"), ink("#0C2C84")
    ('#1A1A1A', '#FFFFFF')
    """
    red, green, blue = (int(fill[i : i + 2], 16) / 255 for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return TEXT_COLOUR if luminance > 0.45 else "#FFFFFF"


@dataclass(frozen=True)
class Key:
    """One entry of a legend at (x, y): a mark of ``shape`` in ``colour`` (``line``: a thick line) and its label."""

    label: str
    colour: str
    shape: str
    x: float
    y: float
    hollow: bool = False


@dataclass(frozen=True)
class Caption:
    """A text placed at (x, y), with a tooltip; ``iri`` is what it names ("" for none)."""

    iri: str
    label: str
    tooltip: str
    x: float
    y: float


def flow(entries: Sequence[tuple[str, str, str]], top: float, width: float) -> tuple[list[Key], float]:
    """Legend entries (label, colour, shape) laid left to right from ``top``, wrapping at ``width``.

    Returns the keys and the baseline below the last line.
    """
    keys: list[Key] = []
    x, y = MARGIN, top
    for label, colour, shape in entries:
        step = 20 + text_width(label, 12) + 16
        if x + step > width - MARGIN and x > MARGIN:
            x, y = MARGIN, y + 22
        keys.append(Key(label, colour, shape, x, y))
        x += step
    return keys, y + 22


def legend(keys: Iterable[Key]) -> list[str]:
    """The SVG of legend keys."""
    out = []
    for key in keys:
        if key.shape == "line":
            out.append(
                tag(
                    "line",
                    {
                        "x1": key.x,
                        "y1": key.y - 4,
                        "x2": key.x + 14,
                        "y2": key.y - 4,
                        "stroke": key.colour,
                        "stroke-width": 5,
                    },
                )
            )
        else:
            out.append(marker(key.shape, key.x + 7, key.y - 4, 5.5, key.colour, key.hollow))
        out.append(text(key.x + 18 + (2 if key.shape == "line" else 0), key.y, key.label, font_size=12))
    return out
