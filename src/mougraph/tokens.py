"""Thai word boundaries: pythainlp's word list plus every lexicon label, segmented by nlpo3.

nlpo3 is pythainlp's Rust ``newmm`` engine (same maximal-matching output, ~15x faster). Its
dictionary is pythainlp's bundled Thai word list (no download) extended with the thesaurus and
gazetteer labels, so a multi-word label such as ``ความมั่นคงปลอดภัยทางไซเบอร์`` stays whole.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

import nlpo3
from pythainlp.corpus import thai_words

_loaded: dict[str, str] = {}


def load_dictionary(extra: Iterable[str]) -> str:
    """Load pythainlp's words plus ``extra`` into nlpo3 once; return the dictionary's name."""
    words = sorted({*thai_words(), *(word for word in extra if word and not any(c.isspace() for c in word))})
    digest = hashlib.sha256("\n".join(words).encode()).hexdigest()[:16]
    name = f"mougraph-{digest}"
    if name not in _loaded:
        folder = Path(tempfile.gettempdir()) / "mougraph-dict"
        folder.mkdir(exist_ok=True)
        path = folder / f"{name}.txt"
        if not path.exists():
            partial = path.with_suffix(f".{digest}.part")
            partial.write_text("\n".join(words) + "\n", encoding="utf-8")
            partial.replace(path)
        _, ok = nlpo3.load_dict(str(path), name)
        if not ok:  # pragma: no cover - nlpo3 reports a failed load this way
            raise RuntimeError(f"nlpo3 could not load its dictionary {path}")
        _loaded[name] = str(path)
    return name


def tokenize(text: str, dictionary: str) -> list[str]:
    """Words of ``text``; joined they give ``text`` back exactly."""
    return list(nlpo3.segment(text, dictionary, safe=False))


def boundaries(text: str, dictionary: str, offset: int = 0) -> frozenset[int]:
    """Every position (shifted by ``offset``) where a word of ``text`` starts or ends.

    Non-Thai runs (digits, Latin, punctuation) also split at each character class change, so a
    label next to a number (``1.ด้าน…``) still starts on a boundary.
    """
    found = {offset, offset + len(text)}
    at = offset
    for word in tokenize(text, dictionary):
        at += len(word)
        found.add(at)
    for run in _THAI_RUN.finditer(text):
        found.add(offset + run.start())
        found.add(offset + run.end())
    return frozenset(found)


_THAI_RUN = re.compile("[\u0e00-\u0e7f]+")


class Boundaries:
    """Word boundaries of a whole text, computed line by line only where they are asked for.

    ``position in boundaries`` tokenizes the line holding ``position`` once; lines without a
    candidate label match are never tokenized (meeting summaries are hundreds of kB).
    """

    def __init__(self, text: str, dictionary: str) -> None:
        self.text = text
        self.dictionary = dictionary
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]
        self.lines: dict[int, frozenset[int]] = {}

    def __contains__(self, position: object) -> bool:
        if not isinstance(position, int) or not 0 <= position <= len(self.text):
            return False
        line = bisect.bisect_right(self.starts, position) - 1
        if line not in self.lines:
            start = self.starts[line]
            end = self.starts[line + 1] - 1 if line + 1 < len(self.starts) else len(self.text)
            self.lines[line] = boundaries(self.text[start:end], self.dictionary, offset=start)
        found = self.lines[line]
        return position in found or (line > 0 and position == self.starts[line])
