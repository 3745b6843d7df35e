"""The register of IRIs ``mougraph ingest`` has minted, so that a decision keeps its IRI.

An instrument's IRI is made from what it is (``2019-01-18-th-asean-joint-statement``); two decisions
that would get the same name, or two instruments of one item, are told apart by a number
(``…-joint-statement-2``). Without a memory, which of them gets which number depends on the order
they are found in, so a decision found later on the same day (the corpus grew, or detection
changed), or an instrument the extractor now tells apart from another, could take a name another
one had published. The register remembers, for each source item (``thaigov-23984#14``), the name
each of its instruments was given and its title, and the name of its decision (on a line whose
second column is ``(decision)``). The next ingest gives an instrument the name
recorded for its title (:func:`match`: the same name, or one beginning the other), else the name
recorded for its name as extracted, when no other instrument claimed it; and it never gives a name
recorded for another source or another title, even one no longer in the graph (an IRI once
published names one thing).

It is a small sorted text file, ``data/graph/iris.tsv``, committed with the graph::

    source<TAB>name as extracted<TAB>name given<TAB>title
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from mougraph.errors import BadInput

HEADER = (
    "# IRIs minted by `mougraph ingest`, kept so that an instrument keeps its IRI when the corpus or the\n"
    "# extractor changes: source item, the instrument's name as extracted, the name it was given, its title.\n"
    "# Written by `mougraph ingest`: do not edit (a name here is never given to another source or title).\n"
)
#: What stands in the column of the name as extracted on the line of a decision's name.
DECISION = "(decision)"
#: How much of the shorter of two titles (spaces, ``ร่าง`` and ``ฯ`` aside) must begin the other for
#: them to name one instrument: ``ร่างปฏิญญาร่วมฯ`` and ``ปฏิญญาร่วมว่าด้วย…`` do; two statements of
#: one summit (``แถลงการณ์ผู้นำ…ว่าด้วยความยั่งยืนทางทะเล`` and ``…ว่าด้วยสตรี…``) do not.
SAME_TITLE = 0.8


class Register:
    """Names given to instruments, by source item (see the module's docstring)."""

    def __init__(self, entries: Iterable[tuple[str, str, str, str]] = ()) -> None:
        self._given: dict[tuple[str, str], str] = {}
        self._owners: dict[str, set[str]] = {}
        self._titles: dict[str, str] = {}
        self._decisions: dict[str, str] = {}
        self._decision_owners: dict[str, set[str]] = {}
        for source, extracted, name, title in entries:
            if extracted == DECISION:
                self.give_decision([source], name)
            else:
                self.give([source], extracted, name, title)

    @classmethod
    def read(cls, path: Path) -> Register:
        """The register in ``path`` (empty when there is none yet)."""
        return cls.parse(path.read_text(encoding="utf-8"), str(path)) if path.exists() else cls()

    @classmethod
    def parse(cls, text: str, where: str = "register") -> Register:
        """The register written as ``text`` (:meth:`text`); a malformed line is named."""
        entries = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 4 or not all(fields[:3]):
                expected = "expected 'source<TAB>extracted name<TAB>given name<TAB>title'"
                raise BadInput(f"{where}:{number}", f"{expected}, got {line!r}")
            entries.append((fields[0], fields[1], fields[2], fields[3]))
        return cls(entries)

    def name(self, sources: Iterable[str], extracted: str) -> str | None:
        """The name given before to the instrument extracted as ``extracted`` of one of ``sources``."""
        for source in sources:
            if (source, extracted) in self._given:
                return self._given[(source, extracted)]
        return None

    def names(self, sources: Iterable[str]) -> dict[str, str]:
        """Every name given to an instrument of ``sources``, with its title."""
        wanted = set(sources)
        return {name: self._titles.get(name, "") for name, owners in self._owners.items() if owners & wanted}

    def given(self, name: str) -> bool:
        """Whether ``name`` was given to an instrument (of any source, under any title)."""
        return name in self._owners

    def give(self, sources: Iterable[str], extracted: str, name: str, title: str) -> None:
        """Remember that the instrument ``extracted`` of ``sources``, titled ``title``, is called ``name``."""
        for source in sources:
            self._given[(source, extracted)] = name
            self._owners.setdefault(name, set()).add(source)
        self._titles[name] = " ".join(title.split())

    def decision(self, sources: Iterable[str]) -> str | None:
        """The name given before to the decision told by one of ``sources``."""
        return next((self._decisions[s] for s in sources if s in self._decisions), None)

    def decision_taken(self, name: str, sources: Iterable[str]) -> bool:
        """Whether the decision name ``name`` was given to a source other than ``sources``."""
        return bool(self._decision_owners.get(name, set()) - set(sources))

    def give_decision(self, sources: Iterable[str], name: str) -> None:
        """Remember that the decision told by ``sources`` is called ``name``."""
        for source in sources:
            self._decisions[source] = name
            self._decision_owners.setdefault(name, set()).add(source)

    def text(self) -> str:
        """The register as its file's text (sorted, so that a re-ingest rewrites it unchanged)."""
        lines = [f"{source}\t{DECISION}\t{name}\t" for source, name in self._decisions.items()]
        given = self._given.items()
        lines += (f"{s}\t{extracted}\t{name}\t{self._titles.get(name, '')}" for (s, extracted), name in given)
        lines.sort()
        return HEADER + "".join(line + "\n" for line in lines)

    def __len__(self) -> int:
        return len(self._given)


def match(instruments: list[tuple[str, str]], recorded: dict[str, str]) -> dict[int, str]:
    """The recorded name (of ``recorded``: name → title) each of ``instruments`` (name as extracted,
    title) keeps, by index, when their titles agree (:data:`SAME_TITLE`). Pairs of the same date,
    partners and kind (``…-th-asean-joint-statement-4`` for ``…-th-asean-joint-statement-2``) go
    first, then those whose partners were read otherwise; among them the titles that agree best
    (on a tie, the name as extracted); each name and instrument is used once."""
    pairs = []
    for index, (extracted, title) in enumerate(instruments):
        for name, old in recorded.items():
            a, b = _plain(title), _plain(old)
            common = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
            if a and b and common >= SAME_TITLE * min(len(a), len(b)):
                pairs.append((_base(name) != _base(extracted), -common, name != extracted, index, name))
    chosen: dict[int, str] = {}
    for *_, index, name in sorted(pairs):
        if index not in chosen and name not in chosen.values():
            chosen[index] = name
    return chosen


def about_apart(one: str, other: str) -> bool:
    """Whether two titles say they are about different things (``…ว่าด้วยความยั่งยืนทางทะเล`` and
    ``…ว่าด้วยการเสริมสร้างขีดความสามารถ…``): then they are not one instrument, whatever else agrees."""
    first, second = (_plain(title).partition("ว่าด้วย")[2][:15] for title in (one, other))
    return bool(first and second and not (first.startswith(second) or second.startswith(first)))


def _base(name: str) -> str:
    """A name without the numbers that tell apart instruments of one date, partners and kind."""
    return re.sub(r"(?:-[0-9]+)+$", "", name)


def _plain(title: str) -> str:
    """A title without spaces, ``ฯ`` and a leading ``ร่าง`` (a draft and its signed text are one)."""
    return re.sub(r"[\sฯ]+", "", title).removeprefix("ร่าง")
