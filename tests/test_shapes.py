"""Each shape rejects at least one small broken graph, and rejects nothing else there.

A broken graph in ``tests/shapes/broken/`` names, in ``# rejects:`` header lines, the shapes
(property shapes, SPARQL constraints, node shapes) it must trip. The results on its own
subjects, and on the nodes named in ``# focus:`` lines (for rules checked once per class or
scheme), must come from exactly those shapes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from mougraph.validate import MGSH

from .conftest import ROOT, Validator

BROKEN = sorted((ROOT / "tests" / "shapes" / "broken").glob("*.ttl"))
_REJECTS = re.compile(r"^# rejects: (.+)$", re.MULTILINE)
_FOCUS = re.compile(r"^# focus: <(.+)>$", re.MULTILINE)


def declared(path: Path) -> tuple[set[URIRef], list[URIRef]]:
    text = path.read_text(encoding="utf-8")
    rejects = {URIRef(MGSH + name.removeprefix("mgsh:")) for line in _REJECTS.findall(text) for name in line.split()}
    return rejects, [URIRef(iri) for iri in _FOCUS.findall(text)]


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_graph_is_rejected_by_exactly_its_shapes(path: Path, check: Validator, shapes: Graph) -> None:
    rejects, extra_focus = declared(path)
    assert rejects, f"{path.name} names no shape in a '# rejects:' line"
    data = Graph().parse(path)
    focus = {s for s in data.subjects() if isinstance(s, URIRef)} | set(extra_focus)
    report = check(data)
    mine = [r for r in report.results if r.focus in focus]
    fired = {r.shape for r in mine if r.shape} | {r.constraint for r in mine if r.constraint}
    missing = rejects - fired
    # A SPARQL constraint is reported with its node shape as source shape: that is not unexpected.
    owners = {owner for c in rejects for owner in shapes.subjects(SH.sparql, c)}
    unexpected = fired - rejects - owners
    assert not missing, f"{path.name}: expected rejections that did not happen: {sorted(missing)}"
    assert not unexpected, f"{path.name}: shapes fired that the file does not declare: {sorted(unexpected)}"


def test_every_shape_has_a_broken_graph(shapes: Graph) -> None:
    """Every property shape, SPARQL constraint and patterned node shape reachable from a target is covered."""
    targeted = {
        s
        for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
        for s in shapes.subjects(p, None)
    }
    needed: set[URIRef] = set()
    for node_shape in targeted:
        for member in (*shapes.objects(node_shape, SH.property), *shapes.objects(node_shape, SH.sparql)):
            if isinstance(member, URIRef):
                needed.add(member)
        if (node_shape, SH.pattern, None) in shapes and isinstance(node_shape, URIRef):
            needed.add(node_shape)
    covered = set().union(*(declared(p)[0] for p in BROKEN))
    assert needed - covered == set(), f"shapes without a broken graph: {sorted(needed - covered)}"


def test_every_shape_has_messages_in_thai_and_english(shapes: Graph) -> None:
    assert not [s for s in shapes.subjects(SH.path, None) if not isinstance(s, URIRef)], "unnamed property shape"
    for kind in (SH.NodeShape, SH.PropertyShape, SH.SPARQLConstraint):
        for shape in shapes.subjects(RDF.type, kind):
            if not isinstance(shape, URIRef):
                continue
            if kind == SH.NodeShape and (shape, SH.message, None) not in shapes:
                # A node shape that only groups property shapes and constraints has no message of its own.
                assert (shape, SH.pattern, None) not in shapes, shape
                assert (shape, SH["class"], None) not in shapes, shape
                continue
            languages = {getattr(m, "language", None) for m in shapes.objects(shape, SH.message)}
            assert {"th", "en"} <= languages, f"{shape} lacks sh:message in Thai or English"


def test_validation_graphs_give_the_same_report_as_rdflibs_default_store(shapes: Graph) -> None:
    """``TripleIndex`` (the store a build validates in) and the plain names of pyshacl's result
    descriptions change nothing in what pyshacl finds."""
    from mougraph.validate import TripleIndex, format_report, indexed_graph, validate

    broken = [Graph().parse(path) for path in BROKEN[:6]]
    plain = Graph()
    for graph in broken:
        plain += graph
    indexed = indexed_graph(*broken)
    assert isinstance(indexed.store, TripleIndex)
    assert len(indexed) == len(plain)
    assert set(indexed) == set(plain)
    assert format_report(validate(indexed, shapes=shapes)) == format_report(validate(plain, shapes=shapes))
    with pytest.raises(NotImplementedError):
        indexed.remove((None, None, None))


def test_result_names_are_rdflibs() -> None:
    from rdflib.namespace import NamespaceManager

    from mougraph.validate import _KnownPrefixesOnly

    graph = Graph()
    graph.bind("mg", "https://w3id.org/mougraph/ontology#")
    ours = _KnownPrefixesOnly(graph, "none")
    theirs = NamespaceManager(graph, "none")
    for iri in ("https://w3id.org/mougraph/ontology#party", "https://w3id.org/mougraph/id/evidence/a/b#x", "urn:x"):
        assert ours.normalizeUri(URIRef(iri)) == theirs.normalizeUri(URIRef(iri))
