"""Evidence as people read it: the sentence around a text span, with the span marked.

An evidence resource targets ``text[start:end]`` of an announcement (offsets in characters of
its NFC text). Pages fetch only a window of the text around the span (``SUBSTR`` in SPARQL) and
cut it back to the line holding the span, at most ``CONTEXT`` characters on each side.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

#: Characters of context shown at most on each side of a span.
CONTEXT = 160


@dataclass(frozen=True)
class Excerpt:
    """The text before the span, the span itself, and the text after it."""

    before: str
    mark: str
    after: str
    cut_before: bool
    cut_after: bool


def window(start: int, end: int, context: int = CONTEXT) -> tuple[int, int]:
    """The 1-based ``SUBSTR`` start and length that hold the span and ``context`` characters around it.

    >>> window(1407, 1480, 160)
    (1248, 393)
    >>> window(10, 20, 160)
    (1, 180)
    """
    first = max(0, start - context)
    return first + 1, (end + context) - first


def excerpt(
    text: str, offset: int, start: int, end: int, context: int = CONTEXT, text_ends: bool = True
) -> Excerpt | None:
    """The excerpt of ``text`` (which begins at character ``offset`` of the announcement) around the span.

    ``text_ends`` says that ``text`` runs to the end of the announcement. None when the window
    does not hold the span (the text changed since the evidence was written).

    >>> e = excerpt("ก่อน\\nครม. มีมติเห็นชอบ ร่างบันทึก\\nหลัง", 0, 15, 22)
    >>> (e.before, e.mark, e.after)
    ('ครม. มีมติ', 'เห็นชอบ', ' ร่างบันทึก')
    """
    local_start, local_end = start - offset, end - offset
    if local_start < 0 or local_end > len(text) or local_start > local_end:
        return None
    line_start = text.rfind("\n", 0, local_start) + 1
    line_end = text.find("\n", local_end)
    if line_end < 0:
        line_end = len(text)
    before = text[line_start:local_start]
    after = text[local_end:line_end]
    cut_before = cut_after = False
    if len(before) > context or (line_start == 0 and offset > 0):
        before, cut_before = _tail(before, context), True
    if len(after) > context or (line_end == len(text) and not text_ends):
        after, cut_after = _head(after, context), True
    return Excerpt(before, text[local_start:local_end], after, cut_before, cut_after)


def _tail(text: str, size: int) -> str:
    """The last ``size`` characters of ``text``, started at a space when there is one near the cut."""
    part = text[-size:]
    space = part.find(" ")
    return part[space + 1 :] if 0 <= space < size // 3 else part


def _head(text: str, size: int) -> str:
    part = text[:size]
    space = part.rfind(" ")
    return part[:space] if space > size * 2 // 3 else part


@dataclass(frozen=True)
class Segment:
    """A run of an announcement's text: marked when an evidence span covers it."""

    start: int
    text: str
    marked: bool
    anchors: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()


def anchor(start: int, end: int) -> str:
    """The id of the marked span ``start``–``end`` on an announcement page.

    >>> anchor(1407, 1480)
    'span-1407-1480'
    """
    return f"span-{start}-{end}"


def segments(text: str, spans: list[tuple[int, int, str]]) -> list[Segment]:
    """``text`` cut at every span boundary; each span's first segment carries its anchor.

    ``spans`` are ``(start, end, title)``; spans outside the text are ignored.

    >>> [(s.text, s.marked, s.anchors) for s in segments("abcdef", [(1, 3, "x"), (2, 5, "y")])]
    [('a', False, ()), ('b', True, ('span-1-3',)), ('c', True, ('span-2-5',)), ('de', True, ()), ('f', False, ())]
    """
    valid = [(s, e, t) for s, e, t in spans if 0 <= s < e <= len(text)]
    cuts = sorted({0, len(text), *(s for s, _, _ in valid), *(e for _, e, _ in valid)})
    starts: dict[int, list[str]] = {}
    for s, e, _ in valid:
        name = anchor(s, e)
        if name not in starts.setdefault(s, []):
            starts[s].append(name)
    result: list[Segment] = []
    for left, right in itertools.pairwise(cuts):
        covering = [t for s, e, t in valid if s <= left and right <= e]
        result.append(
            Segment(
                start=left,
                text=text[left:right],
                marked=bool(covering),
                anchors=tuple(starts.get(left, ())),
                titles=tuple(dict.fromkeys(covering)),
            )
        )
    return result
