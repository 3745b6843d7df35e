"""Search by Thai or English label and text: an in-memory inverted index, one per store version.

Thai runs are cut into words by the project's tokenizer (nlpo3 with pythainlp's word list);
other runs into lowercase letters-and-digits words. A query word matches an indexed word
exactly, as its beginning (``cyber`` → ``cybersecurity``) or, when neither finds anything, inside
it (a Thai compound the tokenizer kept whole). Labels weigh more than alternative labels, which weigh more than the
names of related things (an instrument's countries, parties and scope areas) and texts (verbatim
scope items, definitions); every query word must match, unless no resource matches them all.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pythainlp.corpus import thai_stopwords
from starlette.concurrency import run_in_threadpool

from mougraph.site import sparql
from mougraph.site.names import MG, Names, names_of
from mougraph.thaitext import normalize
from mougraph.tokens import load_dictionary, tokenize

if TYPE_CHECKING:
    from mougraph.web.app import Server

#: Longest query accepted (characters).
MAX_QUERY = 200
LABEL, ALTERNATIVE, MADE, RELATED, TEXT = 10.0, 7.0, 5.0, 3.0, 2.0
_EXACT, _PREFIX, _INFIX = 1.0, 0.8, 0.6
_THAI_RUN = re.compile(r"([\u0E00-\u0E7F]+)")
_WORD = re.compile(r"[^\W_]+")
#: Properties whose targets' names describe an instrument (so "Laos" or "cybersecurity" finds it).
RELATED_PROPERTIES = (
    MG + "involvesCountry",
    MG + "party",
    MG + "proposedBy",
    MG + "scopeArea",
    MG + "modality",
    MG + "principle",
)
RELATED_QUERY = (
    sparql.PREFIXES
    + """SELECT ?s ?o WHERE {
  VALUES ?p { mg:involvesCountry mg:party mg:proposedBy mg:scopeArea mg:modality mg:principle }
  ?s ?p ?o
} ORDER BY ?s ?o"""
)


@dataclass(frozen=True)
class Field:
    """One indexed text of a resource and its weight."""

    iri: str
    text: str
    weight: float
    lang: str


@dataclass(frozen=True)
class Hit:
    """A found resource, its score, and the text that matched best (for a snippet)."""

    iri: str
    score: float
    text: str
    lang: str
    words: tuple[str, ...]


@dataclass
class Index:
    """Fields, the words of each, and for each word the fields that hold it."""

    dictionary: str
    fields: list[Field] = field(default_factory=list)
    postings: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    vocabulary: list[str] = field(default_factory=list)

    def add(self, entry: Field) -> None:
        number = len(self.fields)
        self.fields.append(entry)
        for word in words(entry.text, self.dictionary):
            self.postings[word].add(number)

    def freeze(self) -> None:
        self.vocabulary = sorted(self.postings)

    def expand(self, word: str) -> dict[str, float]:
        """Indexed words that ``word`` matches, with how well (exact, beginning, inside)."""
        found: dict[str, float] = {}
        if word in self.postings:
            found[word] = _EXACT
        if len(word) >= 2:
            at = bisect.bisect_left(self.vocabulary, word)
            while at < len(self.vocabulary) and self.vocabulary[at].startswith(word):
                found.setdefault(self.vocabulary[at], _PREFIX)
                at += 1
        if len(word) >= 3 and not found:
            for each in self.vocabulary:
                if word in each:
                    found.setdefault(each, _INFIX)
        return found

    def search(self, query: str, limit: int = 50) -> list[Hit]:
        """The resources ``query`` finds, best first."""
        asked = query_words(query, self.dictionary)[:12]
        if not asked:
            return []
        per_word: list[dict[str, tuple[float, int]]] = []
        for word in asked:
            best: dict[str, tuple[float, int]] = {}
            for token, quality in self.expand(word).items():
                for number in self.postings[token]:
                    entry = self.fields[number]
                    score = entry.weight * quality
                    if score > best.get(entry.iri, (0.0, -1))[0]:
                        best[entry.iri] = (score, number)
            per_word.append(best)
        everywhere = set(per_word[0]).intersection(*per_word[1:])
        candidates = everywhere or set().union(*per_word)
        whole = _fold(query)
        hits: list[Hit] = []
        for iri in candidates:
            matched = [best[iri] for best in per_word if iri in best]
            score = sum(score for score, _ in matched)
            top = max(matched)[1]
            entry = self.fields[top]
            if entry.weight >= ALTERNATIVE and _fold(entry.text) == whole:
                score += LABEL
            hits.append(Hit(iri, score, entry.text, entry.lang, tuple(asked)))
        hits.sort(key=lambda hit: (-hit.score, len(hit.text), hit.iri))
        return hits[:limit]


def _fold(text: str) -> str:
    return " ".join(normalize(text).lower().split())


def words(text: str, dictionary: str) -> list[str]:
    """The words of ``text`` for the index: Thai cut by the tokenizer, the rest as lowercase words.

    >>> from mougraph.tokens import load_dictionary
    >>> words("ความมั่นคงปลอดภัยทางไซเบอร์ (Cybersecurity)", load_dictionary([]))
    ['ความมั่นคง', 'ปลอดภัย', 'ทาง', 'ไซเบอร์', 'cybersecurity']
    """
    found: list[str] = []
    for number, run in enumerate(_THAI_RUN.split(normalize(text).lower())):
        if number % 2:
            found.extend(word for word in tokenize(run, dictionary) if word.strip())
        else:
            found.extend(_WORD.findall(run))
    return found


_STOP = frozenset(thai_stopwords()) | {"the", "of", "and", "on", "in", "for", "a", "an", "to", "with"}


def query_words(query: str, dictionary: str) -> list[str]:
    """The words of a query, without stop words unless nothing else is left.

    >>> from mougraph.tokens import load_dictionary
    >>> query_words("ความร่วมมือกับลาว", load_dictionary([]))
    ['ความร่วมมือ', 'ลาว']
    """
    found = list(dict.fromkeys(words(query, dictionary)))
    kept = [word for word in found if word not in _STOP]
    return kept or found


async def build(server: Server) -> Index:
    """The index of the served store: labels, made names, related names and texts of every resource."""
    names = await names_of(server)
    texts = await sparql.select_all(server, sparql.TEXTS)
    related = await sparql.select_all(server, RELATED_QUERY)
    return await run_in_threadpool(_fill, names, texts, related)


def _fill(names: Names, texts: list[dict[str, Any]], related: list[dict[str, Any]]) -> Index:
    index = Index(load_dictionary([]))
    for iri, by_lang in names.labels.items():
        for lang, labels in by_lang.items():
            for label in labels:
                index.add(Field(iri, label, LABEL, lang))
    for iri, alternatives in names.alternatives.items():
        for lang, label in alternatives:
            index.add(Field(iri, label, ALTERNATIVE, lang))
    for iri, made in names.made.items():
        if MG + "Evidence" in names.types.get(iri, ()) or "/evidence/" in iri:
            continue
        for lang, label in made.items():
            index.add(Field(iri, label, MADE, lang))
    for row in related:
        subject, target = row["s"]["value"], row["o"]["value"]
        for lang, labels in names.labels.get(target, {}).items():
            for label in labels[:1]:
                index.add(Field(subject, label, RELATED, lang))
        for lang, label in names.alternatives.get(target, []):
            index.add(Field(subject, label, RELATED * 0.8, lang))
    for row in texts:
        subject, text = row["s"]["value"], row["l"]["value"]
        lang = row["l"].get("xml:lang", "")
        index.add(Field(subject, text, TEXT, lang))
        owner = names.instrument_of.get(subject)
        if owner:
            index.add(Field(owner, text, TEXT, lang))
    index.freeze()
    return index


async def index_of(server: Server) -> Index:
    """The search index of the served store version."""
    from mougraph.site.names import cached

    found: Index = await cached(server, "site.search", build)
    return found


def snippet(text: str, asked: tuple[str, ...], size: int = 70) -> tuple[str, str, str]:
    """``text`` around the first query word found in it: before, the word, after (each trimmed).

    >>> snippet("การพัฒนาบุคลากรความมั่นคงปลอดภัยไซเบอร์ ความร่วมมือด้านไปรษณีย์", ("ไซเบอร์",), 10)
    ('…นคงปลอดภัย', 'ไซเบอร์', ' ความร่วมม…')
    """
    folded = text.lower()
    if len(folded) != len(text):
        folded = text
    places = [(folded.find(word), word) for word in asked if folded.find(word) >= 0]
    if not places:
        return (text[: size * 2] + ("…" if len(text) > size * 2 else ""), "", "")
    at, word = min(places)
    before, mark, after = text[:at], text[at : at + len(word)], text[at + len(word) :]
    if len(before) > size:
        before = "…" + before[-size:]
    if len(after) > size:
        after = after[:size] + "…"
    return before, mark, after
