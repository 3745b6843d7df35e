"""One cabinet decision from its many sources, and renewals linked to what they continue.

The same decision is told by a summary's agenda item, a spokesperson's news page and digests. Two
kept items of different pages are the same decision when every instrument of one matches an
instrument of the other: same kind, same foreign parties (countries, else international bodies),
decision dates at most :data:`SAME_DECISION_DAYS` apart. The sources of a decision are joined
transitively; one of them is the primary (a repository file, else a summary item, else the item
with the most evidence): its facts are the decision's, each other source adds its announcement, the
agenda item and ``prov:wasDerivedFrom`` / ``mg:announces`` links.

An instrument that replaces or renews an earlier one (``mg:supersedes``) is linked to that instrument
when the graph holds it: same foreign parties, signed (else decided) in the year the text gives.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import PROV
from rdflib.term import Node

from mougraph import iris
from mougraph.extract.record import Instrument, Record
from mougraph.ingest import ItemResult, PageResult
from mougraph.rdfmap import OA
from mougraph.register import Register, about_apart, match
from mougraph.vocab import MG

SAME_DECISION_DAYS = 14


@dataclass
class Source:
    """One kept item of one page."""

    page: PageResult
    item: ItemResult

    @property
    def record(self) -> Record:
        assert self.item.record is not None
        return self.item.record

    @property
    def key(self) -> str:
        slug = self.page.slug or self.page.where
        return slug if self.item.number is None else f"{slug}#{self.item.number}"

    @property
    def announcement(self) -> URIRef:
        return iris.resource("announcement", self.page.slug or "")

    @property
    def announcer(self) -> URIRef:
        ann = self.announcement
        return ann if self.item.number is None else URIRef(f"{ann}/item/{self.item.number}")

    @property
    def date(self) -> date | None:
        decision = self.record.cabinet_decision
        return decision.date if decision and decision.date else self.page.published

    @property
    def repository(self) -> bool:
        return self.page.where.startswith("data/announcements/")

    def graph(self) -> Graph:
        graph = Graph()
        graph.parse(data=self.item.ntriples or "", format="nt")
        return graph


@dataclass
class Decision:
    """A decision's primary source, the others, and its graph (``None`` until :func:`decisions`)."""

    primary: Source
    others: list[Source] = field(default_factory=list)
    graph: Graph = field(default_factory=Graph)

    @property
    def sources(self) -> list[Source]:
        return [self.primary, *self.others]

    @property
    def slug(self) -> str:
        """The decision's file name: the local name of its decision node (else its first instrument)."""
        node = self.node
        if node is not None:
            return str(node).rsplit("/", 1)[1]
        return "undated-" + self.primary.record.instruments[0].iri.rsplit("/", 1)[1]

    @property
    def node(self) -> URIRef | None:
        """The decision node (in the primary's graph, which for a repository file is not this one)."""
        graph = self.primary.graph() if self.primary.repository else self.graph
        found = [s for s in graph.subjects(RDF.type, MG.CabinetDecision) if isinstance(s, URIRef)]
        return min(found) if found else None


def party_key(instrument: Instrument) -> frozenset[str]:
    """The foreign side of an instrument: its foreign countries, else its international bodies."""
    foreign = frozenset(code for code in instrument.countries if code != "TH")
    return foreign or frozenset(p.iri for p in instrument.parties if p.country is None)


def same_decision(one: Source, other: Source) -> bool:
    """Every instrument of the smaller side matches one of the other side's (kind, foreign side)."""
    if one.page.slug == other.page.slug:
        return False
    if one.date is None or other.date is None or abs((one.date - other.date).days) > SAME_DECISION_DAYS:
        return False
    # A page tells of a decision only once it is taken.
    for page, source in ((one.page, other), (other.page, one)):
        if page.published and source.date and page.published < source.date:
            return False
    keys_one = Counter((i.type, party_key(i)) for i in one.record.instruments)
    keys_other = Counter((i.type, party_key(i)) for i in other.record.instruments)
    small, large = sorted((keys_one, keys_other), key=lambda keys: sum(keys.values()))
    return all(large[key] >= count for key, count in small.items())


def cluster(sources: list[Source]) -> list[list[Source]]:
    """Sources grouped into decisions (transitively), in date order."""
    ordered = sorted(sources, key=lambda s: (s.date or date.min, s.key))
    parent = list(range(len(ordered)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for index, source in enumerate(ordered):
        for other in range(index + 1, len(ordered)):
            later = ordered[other]
            if source.date and later.date and (later.date - source.date).days > SAME_DECISION_DAYS:
                break
            if same_decision(source, later):
                parent[root(other)] = root(index)
    groups: dict[int, list[Source]] = {}
    for index, source in enumerate(ordered):
        groups.setdefault(root(index), []).append(source)
    return list(groups.values())


def primary_first(group: list[Source]) -> list[Source]:
    """The primary source first: a repository file, a summary item, the most evidence, the earliest."""

    def rank(source: Source) -> tuple[bool, bool, int, str, str]:
        facts = sum(len(i.evidence) for i in source.record.instruments)
        return (not source.repository, not source.page.summary, -facts, str(source.page.published), source.key)

    return sorted(group, key=rank)


def decisions(pages: Iterable[PageResult], register: Register | None = None) -> list[Decision]:
    """The decisions told by the kept items of ``pages`` (one page per slug), with their graphs;
    instruments keep the names ``register`` gave them before, and new names are added to it."""
    register = Register() if register is None else register
    sources = [Source(page, item) for page in pages for item in page.flagged if item.kept]
    result = []
    groups = [primary_first(group) for group in cluster(sources)]
    used: set[str] = set()
    for primary, *others in sorted(groups, key=lambda group: not group[0].repository):
        decision = Decision(primary, others)
        # A repository file's own graph is published by ``mougraph build``: here only the links to it.
        decision.graph = Graph() if primary.repository else primary.graph()
        if not primary.repository:
            _unique_names(decision, used, register)
        used |= {instrument.iri for instrument in primary.record.instruments}
        for other in others:
            add_source(decision, other)
        result.append(decision)
    _unique_evidence(result)
    return sorted(result, key=lambda d: d.slug)


def _unique_evidence(found: list[Decision]) -> None:
    """Evidence IRIs name a page's span (``…/thaigov-1/58-72-decisionDate``); when two items of one
    page quote the same span (a summary's title dates every decision of the meeting) for different
    resources, the later decisions' evidence gets the decision's name as a suffix."""
    bodies: dict[Node, Node] = {}
    for decision in found:
        renames: dict[str, str] = {}
        for evidence, body in decision.graph.subject_objects(OA.hasBody):
            first = bodies.setdefault(evidence, body)
            if first != body:
                renames[str(evidence)] = f"{evidence}-{decision.slug}"
        if renames:
            _rename(decision.graph, renames)


def _unique_names(decision: Decision, used: set[str], register: Register) -> None:
    """Instrument IRIs are unique within a page (``…-mou-2``); across pages and ingests, an
    instrument keeps the name the register gave it (by its title, else by its name as extracted
    unless the titles are about different things), else takes its own name or the next free number
    (``…-mou-3``), never a name given to another source or another instrument of its own; the
    decision keeps its name, else follows its first instrument."""
    sources = [source.key for source in decision.sources]
    instruments = decision.primary.record.instruments
    recorded = register.names(sources)
    chosen = match([(local_name(i.iri), i.title_th or "") for i in instruments], recorded)
    for index, instrument in enumerate(instruments):
        if index not in chosen:
            name = register.name(sources, local_name(instrument.iri))
            if (
                name is not None
                and name not in chosen.values()
                and not about_apart(recorded[name], instrument.title_th or "")
            ):
                chosen[index] = name
    # Names this decision holds: what each instrument asks for first (its recorded name, else its
    # name as extracted), until it is given.
    first = [prefix_of(i.iri) + chosen[n] if n in chosen else i.iri for n, i in enumerate(instruments)]
    held = Counter(first)
    node = decision.node
    renames: dict[str, str] = {}
    for index, instrument in enumerate(instruments):
        extracted = local_name(instrument.iri)
        prefix = prefix_of(instrument.iri)
        held[first[index]] -= 1

        def free(name: str, prefix: str = prefix) -> bool:
            return prefix + name not in used and held[prefix + name] <= 0

        name = chosen.get(index)
        if name is None or not free(name):
            name, n = extracted, 1
            while not free(name) or register.given(name):
                n += 1
                name = f"{extracted}-{n}"
        register.give(sources, extracted, name, instrument.title_th or "")
        used.add(prefix + name)
        if name != extracted:
            renames[instrument.iri] = prefix + name
    if node is not None:
        _name_decision(str(node), instruments[0].iri, renames, sources, used, register)
    # All at once: names may be swapped (``…-2`` ↔ ``…-3``).
    _rename(decision.graph, renames)
    for instrument in instruments:
        instrument.iri = renames.get(instrument.iri, instrument.iri)


def _name_decision(
    node: str, first: str, renames: dict[str, str], sources: list[str], used: set[str], register: Register
) -> None:
    """A decision keeps the name the register gave it; a new one is named after its first
    instrument ``first`` (``…/decision/2022-08-02-th-vn-mou``), or the next free number."""
    prefix = prefix_of(node)
    recorded = register.decision(sources)
    if recorded and prefix + recorded not in used:
        target = recorded
    elif first in renames and node.endswith(local_name(first)):
        target = local_name(node)[: -len(local_name(first))] + local_name(renames[first])
    else:
        target = local_name(node)
    name, n = target, 1
    while prefix + name in used or register.decision_taken(name, sources):
        n += 1
        name = f"{target}-{n}"
    if prefix + name != node:
        renames[node] = prefix + name
    used.add(prefix + name)
    register.give_decision(sources, name)


def prefix_of(iri: str) -> str:
    """An IRI without its local name (``…/id/instrument/``)."""
    return iri.rsplit("/", 1)[0] + "/"


def local_name(iri: str) -> str:
    """The last segment of an IRI (``2022-08-02-th-vn-mou``)."""
    return iri.rsplit("/", 1)[1]


def _rename(graph: Graph, renames: dict[str, str]) -> None:
    """Replace IRIs (and the IRIs below them: ``…/scope/1``, ``…#validity``) in ``graph``."""

    def renamed(term: Node) -> Node:
        if not isinstance(term, URIRef):
            return term
        text = str(term)
        for old, new in renames.items():
            if text == old or text.startswith((old + "/", old + "#")):
                return URIRef(new + text[len(old) :])
        return term

    moved = [(triple, tuple(renamed(term) for term in triple)) for triple in graph]
    moved = [(triple, changed) for triple, changed in moved if changed != triple]
    # Every old triple out before any new one in: when names are swapped, a new triple may equal an
    # old one still to be moved.
    for triple, _ in moved:
        graph.remove(triple)
    for _, changed in moved:
        graph.add(changed)  # type: ignore[arg-type]


def add_source(decision: Decision, other: Source) -> None:
    """``other`` tells the same decision: its announcement and agenda item, linked as provenance."""
    full = other.graph()
    ann, announcer = other.announcement, other.announcer
    keep: set[Node] = {ann, announcer, URIRef(f"{announcer}#position")}
    keep |= set(full.objects(ann, MG.spokesperson))
    for evidence, body in full.subject_objects(OA.hasBody):
        if body in (ann, announcer):
            keep |= {
                evidence,
                URIRef(f"{evidence}#target"),
                URIRef(f"{evidence}#position"),
                URIRef(f"{evidence}#quote"),
            }
    for triple in full:
        if triple[0] in keep and triple[1] != MG.announces:  # (it announces the primary's decision)
            decision.graph.add(triple)
    node = decision.node
    if node is not None:
        decision.graph.add((announcer, MG.announces, node))
        decision.graph.add((node, PROV.wasDerivedFrom, ann))
    for instrument in decision.primary.record.instruments:
        decision.graph.add((URIRef(instrument.iri), PROV.wasDerivedFrom, ann))


def link_renewals(found: list[Decision]) -> int:
    """Point each ``mg:supersedes`` at the earlier instrument of the graph it continues; returns how
    many were linked. The stand-in node the extractor made for the old instrument is dropped."""
    earlier: list[tuple[Instrument, date | None]] = []
    for decision in found:
        for instrument in decision.primary.record.instruments:
            earlier.append((instrument, decision.primary.date))
    linked = 0
    for decision in found:
        if decision.primary.repository:
            continue
        for instrument in decision.primary.record.instruments:
            old = instrument.supersedes
            if old is None or old.signed_year is None:
                continue
            key, when = party_key(instrument), decision.primary.date
            matches = [
                other
                for other, decided in earlier
                if other.iri != instrument.iri
                and party_key(other) == key
                and (when is None or decided is None or decided < when)
                and (other.signing_date.year if other.signing_date else decided.year if decided else None)
                == old.signed_year
            ]
            if len(matches) != 1:
                continue
            _relink(decision.graph, URIRef(instrument.iri), URIRef(matches[0].iri))
            linked += 1
    return linked


def _relink(graph: Graph, new: URIRef, target: URIRef) -> None:
    for stand_in in list(graph.objects(new, MG.supersedes)):
        expiry = list(graph.objects(stand_in, MG.expiryDate))
        graph.remove((stand_in, None, None))
        graph.remove((new, MG.supersedes, stand_in))
        graph.add((new, MG.supersedes, target))
        graph.add((target, MG.supersededBy, new))
        for value in expiry:
            graph.add((target, MG.expiryDate, value))
