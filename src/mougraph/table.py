"""Aligned text tables of query results, measured in terminal columns so Thai text lines up.

Thai vowel and tone marks above and below a consonant (``ั ิ ี ึ ื ุ ู ็ ่ ้ ๊ ๋ ์``) take no
column of their own, so a string's display width is not its length: ``"ที่"`` is three code
points and one column. Marks (categories Mn, Me), format characters (Cf) take 0 columns,
East Asian wide characters 2, everything else 1.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

import pyoxigraph as ox


def char_width(char: str) -> int:
    """Columns one code point takes in a terminal.

    >>> [char_width(c) for c in "ที่"]
    [1, 0, 0]
    """
    if unicodedata.category(char) in {"Mn", "Me", "Cf"}:
        return 0
    return 2 if unicodedata.east_asian_width(char) in {"W", "F"} else 1


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal.

    >>> display_width("ที่ประชุม"), len("ที่ประชุม")
    (6, 9)
    """
    return sum(char_width(char) for char in text)


def clip(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` columns, ending in ``…`` when cut; marks stay with their letter.

    >>> clip("ความมั่นคงปลอดภัยทางไซเบอร์", 8)
    'ความมั่นค…'
    """
    if width <= 0 or display_width(text) <= width:
        return text
    kept: list[str] = []
    used = 0
    for char in text:
        cost = char_width(char)
        if cost and used + cost > width - 1:
            break
        kept.append(char)
        used += cost
    return "".join(kept) + "…"


def cell(term: Any, prefixes: Mapping[str, str] | None = None) -> str:
    """A result term as table text: IRIs shortened with ``prefixes``, literals by their value, on one line."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        text = term.value
        for name, iri in sorted((prefixes or {}).items(), key=lambda item: -len(item[1])):
            if text.startswith(iri) and len(text) > len(iri):
                text = f"{name}:{text[len(iri) :]}"
                break
    elif isinstance(term, ox.BlankNode):
        text = "_:" + term.value
    elif isinstance(term, ox.Literal):
        text = term.value
    else:
        text = str(term)
    return " ".join(text.split())


def render(header: Sequence[str], rows: Sequence[Sequence[str]], max_width: int = 0) -> str:
    """An aligned table: header, a rule, one line per row; cells clipped to ``max_width`` columns (0: no limit).

    >>> print(render(["code", "th"], [["la", "ลาว"], ["jp", "ญี่ปุ่น"]]))
    code  th
    ----  ---
    la    ลาว
    jp    ญี่ปุ่น
    """
    lines = [[clip(c, max_width) for c in header], *([clip(c, max_width) for c in row] for row in rows)]
    widths = [max(display_width(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for number, line in enumerate(lines):
        padded = [text + " " * (widths[i] - display_width(text)) for i, text in enumerate(line)]
        out.append("  ".join(padded).rstrip())
        if number == 0:
            out.append("  ".join("-" * w for w in widths).rstrip())
    return "\n".join(out)
