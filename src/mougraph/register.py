"""The register of IRIs ``mougraph ingest`` has minted, so that a decision keeps its IRI.

An instrument's IRI is made from what it is (``2019-01-18-th-asean-joint-statement``); two decisions
that would get the same name are told apart by a number (``…-joint-statement-2``). Without a memory,
which of them gets the number depends on the order of the decisions found, so a decision found
later on the same day (the corpus grew, or detection changed) could take a name another decision
had published. The register remembers, for each source item (``thaigov-23984#14``), the name each
of its instruments was given: the next ingest gives it the same name, and never gives a name
another source had, even one no longer in the graph (an IRI once published names one thing).

It is a small sorted text file, ``data/graph/iris.tsv``, committed with the graph::

    thaigov-23984#14<TAB>2019-09-03-th-asean-joint-statement<TAB>2019-09-03-th-asean-joint-statement-2
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from mougraph.errors import BadInput

HEADER = (
    "# IRIs minted by `mougraph ingest`, kept so that a decision keeps its IRI when the corpus or the\n"
    "# extractor changes: source item, the instrument's name as extracted, the name it was given.\n"
    "# Written by `mougraph ingest`: do not edit (a name here is never given to another source).\n"
)


class Register:
    """Names given to instruments, by source item and extracted name (see the module's docstring)."""

    def __init__(self, entries: Iterable[tuple[str, str, str]] = ()) -> None:
        self._given: dict[tuple[str, str], str] = {}
        self._owners: dict[str, set[str]] = {}
        for source, extracted, name in entries:
            self.give([source], extracted, name)

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
            if len(fields) != 3 or not all(fields):
                expected = "expected 'source<TAB>extracted name<TAB>given name'"
                raise BadInput(f"{where}:{number}", f"{expected}, got {line!r}")
            entries.append((fields[0], fields[1], fields[2]))
        return cls(entries)

    def name(self, sources: Iterable[str], extracted: str) -> str | None:
        """The name given before to the instrument ``extracted`` of one of ``sources``."""
        for source in sources:
            if (source, extracted) in self._given:
                return self._given[(source, extracted)]
        return None

    def taken(self, name: str, sources: Iterable[str]) -> bool:
        """Whether ``name`` was given to a source other than ``sources``."""
        return bool(self._owners.get(name, set()) - set(sources))

    def give(self, sources: Iterable[str], extracted: str, name: str) -> None:
        """Remember that the instrument ``extracted`` of ``sources`` is called ``name``."""
        for source in sources:
            self._given[(source, extracted)] = name
            self._owners.setdefault(name, set()).add(source)

    def text(self) -> str:
        """The register as its file's text (sorted, so that a re-ingest rewrites it unchanged)."""
        lines = sorted(f"{source}\t{extracted}\t{name}" for (source, extracted), name in self._given.items())
        return HEADER + "".join(line + "\n" for line in lines)

    def __len__(self) -> int:
        return len(self._given)
