"""The extractor's lexicon: every Thai label of the thesaurus and the reference data.

Built once from the repository's own Turtle files (the same files the graph is built from), so
adding an altLabel to the thesaurus or a body to the gazetteer teaches the extractor at once.
Matching is global longest-first: the longest label claims its characters, shorter labels
only match what is left, and matches must start and end on word boundaries of the text.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import ahocorasick
from rdflib import RDF, SKOS, Graph, Literal, Namespace, URIRef

from mougraph import iris
from mougraph.layout import Layout
from mougraph.rdfio import read_graph
from mougraph.thaitext import normalize
from mougraph.vocab import MG

#: Concept kinds and the scheme each lives in.
ORG = Namespace("http://www.w3.org/ns/org#")
#: The bodies whose instruments are digital cooperation by definition, with everything below
#: them in the gazetteer (org:subOrganizationOf): the digital ministry, its predecessor, the
#: telecommunications regulator, and the international telecommunication and postal unions.
DIGITAL_ROOTS = frozenset(
    str(iris.organization(name))
    for name in ("th-mdes", "th-mict", "th-nbtc", "int-itu", "int-apt", "int-upu", "int-appu")
)

SCHEMES = {"area": "areas", "modality": "modalities", "principle": "principles"}
#: Schemes whose English labels are also looked for in the Thai text (scope areas are often
#: written in English: ``อาทิ Big Data, Internet of Things และ AI``).
ENGLISH_SCHEMES = frozenset({"area"})


@dataclass(frozen=True)
class Organization:
    """A body of the gazetteer (or one minted from a text)."""

    iri: str
    name_th: str
    name_en: str | None
    country: str | None
    international: bool = False
    minted: bool = False
    parents: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    """A label found at ``text[start:end]``; ``key`` is what it names (a code or an IRI)."""

    start: int
    end: int
    key: str
    label: str


#: ASCII letters to lower case, leaving every other character (and so every offset) as it is.
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


_LATIN_LETTER = re.compile("[A-Za-z]")
#: A dash joining two names, with or without spaces around it.
_DASH = re.compile(r"\s*[-–]\s*")
#: Loanwords written more than one way in the texts: the Royal Institute's spelling (used in the
#: labels), and the others a label also matches (``ดิจิตอล``, common until 2018).
SPELLINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ดิจิทัล", ("ดิจิตอล", "ดิจิตัล")),
    ("อินเทอร์เน็ต", ("อินเตอร์เน็ต",)),
    ("เอเชีย", ("เอเซีย",)),
)


def standard_spelling(label: str) -> str:
    """``label`` with every other spelling of :data:`SPELLINGS` written the Royal Institute's way."""
    for standard, others in SPELLINGS:
        for other in others:
            label = label.replace(other, standard)
    return label


def _latin_word(char: str) -> bool:
    return char.isascii() and char.isalnum()


@dataclass
class Table:
    """Labels of one kind of thing, found in texts with an Aho-Corasick automaton (one pass).

    Thai labels match as written, on the text's word boundaries; English labels (``Big Data``,
    written inside Thai sentences) match in any letter case, between non-letters.
    """

    labels: list[tuple[str, str]] = field(default_factory=list)
    latin: list[tuple[str, str]] = field(default_factory=list)
    _automaton: ahocorasick.Automaton | None = field(default=None, repr=False)
    _latin_automaton: ahocorasick.Automaton | None = field(default=None, repr=False)

    def add(self, label: str, key: str) -> None:
        label = normalize(label).strip()
        if not label:
            return
        forms = [label]
        if _DASH.search(label):  # แม่โขง-ล้านช้าง is also written แม่โขง - ล้านช้าง, แม่โขง–ล้านช้าง
            forms += [_DASH.sub(dash, label) for dash in ("-", " - ", "–", " – ")]
        for standard, others in SPELLINGS:
            forms += [form.replace(standard, other) for form in forms if standard in form for other in others]
        self.labels += [(form, key) for form in forms]

    def add_english(self, label: str, key: str) -> None:
        label = " ".join(normalize(label).split()).translate(_ASCII_LOWER)
        if len(label) >= 2 and label.isascii():
            self.latin.append((label, key))

    def freeze(self) -> None:
        self.labels = sorted(set(self.labels), key=lambda pair: (-len(pair[0]), pair))
        self.latin = sorted(set(self.latin), key=lambda pair: (-len(pair[0]), pair))
        self._automaton = _automaton(self.labels)
        self._latin_automaton = _automaton(self.latin)

    def find(
        self, text: str, start: int = 0, end: int | None = None, bounds: Container[int] | None = None
    ) -> list[Match]:
        """Global longest-first matches in ``text[start:end]``, in text order.

        ``bounds`` (word boundaries) rejects matches that cut a word, e.g. ``ข้อมูล`` inside ``ฐานข้อมูล``.
        """
        stop = len(text) if end is None else end
        if self._automaton is None or not self.labels or stop <= start:
            return []
        candidates = []
        for last, (label, key) in self._automaton.iter(text, start, stop):
            at = last + 1 - len(label)
            if bounds is None or (at in bounds and last + 1 in bounds):
                candidates.append((at, last + 1, label, key))
        if self.latin and self._latin_automaton is not None and _LATIN_LETTER.search(text, start, stop):
            lowered = text[start:stop].translate(_ASCII_LOWER)
            for last, (label, key) in self._latin_automaton.iter(lowered):
                at = start + last + 1 - len(label)
                before = text[at - 1] if at > 0 else " "
                after = text[start + last + 1] if start + last + 1 < len(text) else " "
                if not _latin_word(before) and not _latin_word(after):
                    candidates.append((at, start + last + 1, text[at : start + last + 1], key))
        candidates.sort(key=lambda c: (c[0] - c[1], c[2], c[0]))
        taken = bytearray(stop - start)
        found: list[Match] = []
        for at, finish, label, key in candidates:
            if not any(taken[at - start : finish - start]):
                taken[at - start : finish - start] = b"\x01" * (finish - at)
                found.append(Match(at, finish, key, label))
        return sorted(found, key=lambda match: match.start)

    def words(self) -> Iterator[str]:
        return (label for label, _ in self.labels)


def _automaton(labels: list[tuple[str, str]]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for label, key in labels:
        if not automaton.exists(label):
            automaton.add_word(label, (label, key))
    if labels:
        automaton.make_automaton()
    return automaton


@dataclass
class Lexicon:
    """Countries, organizations and the three concept schemes, with their labels."""

    countries: Table
    country_names: dict[str, str]
    organizations: Table
    bodies: dict[str, Organization]
    concepts: dict[str, Table]

    @cached_property
    def names(self) -> frozenset[str]:
        """Every Thai label of the gazetteer's organizations."""
        return frozenset(self.organizations.words())

    def is_digital_body(self, iri: str) -> bool:
        """True for the digital ministry, its predecessor, the regulator and their agencies."""
        seen: set[str] = set()
        todo = [iri]
        while todo:
            current = todo.pop()
            if current in DIGITAL_ROOTS:
                return True
            if current in seen or current not in self.bodies:
                continue
            seen.add(current)
            todo.extend(self.bodies[current].parents)
        return False

    def words(self) -> Iterable[str]:
        """Every label, for the tokenizer's custom dictionary."""
        yield from self.countries.words()
        yield from self.organizations.words()
        for table in self.concepts.values():
            yield from table.words()


def _labels(graph: Graph, subject: URIRef, predicates: Sequence[URIRef], language: str = "th") -> Iterator[str]:
    """The labels of ``subject`` under ``predicates`` in ``language`` (Thai unless told otherwise)."""
    for predicate in predicates:
        for label in graph.objects(subject, predicate):
            if isinstance(label, Literal) and label.language == language:
                yield str(label)


_LABELS = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)


def build_lexicon(graph: Graph) -> Lexicon:
    """The lexicon of a graph holding the thesaurus and the reference data."""
    countries, organizations = Table(), Table()
    country_names: dict[str, str] = {}
    for country in graph.subjects(MG.iso3166Alpha2, None):
        code = str(graph.value(country, MG.iso3166Alpha2))
        country_names[code] = next(_labels(graph, URIRef(str(country)), [SKOS.prefLabel]), code)
        for label in _labels(graph, URIRef(str(country)), _LABELS):
            countries.add(label, code)
    bodies: dict[str, Organization] = {}
    for subject in {*graph.subjects(MG.country, None), *graph.subjects(RDF.type, MG.InternationalOrganization)}:
        if not isinstance(subject, URIRef) or "/id/org/" not in subject:
            continue
        home = graph.value(subject, MG.country)
        name_th = next(_labels(graph, subject, [SKOS.prefLabel]), None)
        if name_th is None:
            continue
        bodies[str(subject)] = Organization(
            iri=str(subject),
            name_th=name_th,
            name_en=next(_labels(graph, subject, [SKOS.prefLabel], language="en"), None),
            country=str(graph.value(home, MG.iso3166Alpha2)) if home is not None else None,
            international=(subject, RDF.type, MG.InternationalOrganization) in graph,
            parents=tuple(sorted(str(p) for p in graph.objects(subject, ORG.subOrganizationOf))),
        )
        for label in _labels(graph, subject, [SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, MG.abbreviation]):
            organizations.add(label, str(subject))
        if bodies[str(subject)].international:
            # Thai texts name forums by their English acronym (``ในกรอบ ACMECS``); short ones (UN,
            # GMS) are too often something else.
            for label in _labels(graph, subject, [MG.abbreviation], language="en"):
                if len(label) >= 4:
                    organizations.add_english(label, str(subject))
    concepts = {name: Table() for name in SCHEMES}
    for name in SCHEMES:
        for concept in graph.subjects(SKOS.inScheme, iris.scheme(SCHEMES[name])):
            code = str(graph.value(concept, SKOS.notation))
            for label in _labels(graph, URIRef(str(concept)), _LABELS):
                concepts[name].add(label, code)
            if name in ENGLISH_SCHEMES:
                for label in _labels(graph, URIRef(str(concept)), _LABELS, language="en"):
                    concepts[name].add_english(label, code)
    for table in (countries, organizations, *concepts.values()):
        table.freeze()
    return Lexicon(countries, country_names, organizations, bodies, concepts)


@cache
def repository_lexicon(root: Path) -> Lexicon:
    """The lexicon of the repository at ``root`` (read once per process)."""
    layout = Layout(root)
    graph = Graph()
    for path in [*layout.thesaurus_files, *layout.reference_files]:
        graph += read_graph(path)
    return build_lexicon(graph)
