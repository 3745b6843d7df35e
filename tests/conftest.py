"""Shared fixtures: the repository, its parsed vocabulary and reference data, and a validator."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from mougraph.layout import Layout
from mougraph.pipeline import load, load_shapes
from mougraph.validate import ValidationReport, validate

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLDEN = ROOT / "tests" / "golden"

Validator = Callable[..., ValidationReport]


@pytest.fixture(scope="session")
def layout() -> Layout:
    return Layout(ROOT)


@pytest.fixture(scope="session")
def shapes(layout: Layout) -> Graph:
    return load_shapes(layout)


@pytest.fixture(scope="session")
def ontology(layout: Layout) -> Graph:
    return load([layout.ontology_file]).union()


@pytest.fixture(scope="session")
def context(layout: Layout) -> Graph:
    """Ontology, thesaurus and reference data: what every data file is checked against."""
    return load(layout.context_files).union()


#: The slice of the vocabulary and reference data that small test graphs refer to.
SLICE = [
    *(URIRef(f"https://w3id.org/mougraph/id/scheme/{name}") for name in ("areas", "modalities", "principles")),
    *(
        URIRef(f"https://w3id.org/mougraph/id/{code}")
        for code in ("area/postal", "area/telecommunications", "modality/visits", "principle/equality")
    ),
    *(URIRef(f"https://w3id.org/mougraph/id/country/{code}") for code in ("TH", "LA", "JP")),
    *(
        URIRef(f"https://w3id.org/mougraph/id/org/{slug}")
        for slug in ("th-cabinet", "th-government", "th-mdes", "th-etda", "th-nbtc", "la-mtc", "jp-mic")
    ),
]


@pytest.fixture(scope="session")
def small_context(layout: Layout) -> Graph:
    """The ontology and a slice of the thesaurus and reference data: context for small test graphs.

    (Validating all 249 countries and every concept for each small graph would only repeat
    what test_repository checks once.) Top-concept links are left out of the slice, since
    most of their targets are not in it.
    """
    full = load([*layout.thesaurus_files, *layout.reference_files]).union()
    graph = load([layout.ontology_file]).union()
    for node in SLICE:
        graph += ((s, p, o) for s, p, o in full.triples((node, None, None)) if p != SKOS.hasTopConcept)
    return graph


@pytest.fixture(scope="session")
def check(small_context: Graph, shapes: Graph, ontology: Graph) -> Validator:
    """Validate a small graph together with the small context."""

    def run(data: Graph) -> ValidationReport:
        return validate(small_context + data, shapes=shapes, ontology=ontology)

    return run


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the repository (CI and developer machines have it)")
    return SHARED


# ---- the SPARQL endpoint: a store of the golden graphs and live servers on loopback ----------


@pytest.fixture(scope="session")
def golden_store(tmp_path_factory: pytest.TempPathFactory, layout: Layout) -> Path:
    """A store built from the ontology, thesaurus, reference data and the two golden graphs."""
    from mougraph.store import write_store

    files = [*layout.context_files, *sorted(GOLDEN.glob("*.ttl"))]
    named: dict[URIRef, Graph] = {}
    for path, graph in load(files).graphs.items():
        named.setdefault(layout.named_graph(path), Graph())
        named[layout.named_graph(path)] += graph
    path = tmp_path_factory.mktemp("endpoint") / "store"
    write_store(named, path)
    return path


@pytest.fixture(scope="session")
def endpoint(golden_store: Path) -> Iterator[str]:
    """A read-only endpoint over the golden store, with a 2 s query limit and a 50-row cap."""
    from .live import serve

    with serve(golden_store, query_timeout=2.0, max_rows=50, workers=2, queue=2) as url:
        yield url


#: Named graphs of the two hand-checked seed announcements in the test store.
SEED_GRAPHS = {
    "seed-000-laos": "https://w3id.org/mougraph/graph/announcement/thaigov-60838",
    "seed-001-japan": "https://w3id.org/mougraph/graph/announcement/thaigov-57536",
}


@pytest.fixture(scope="session")
def seed_store_path(layout: Layout, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built once per session: ontology, thesaurus, reference data and the two seed graphs."""
    from mougraph.store import write_store

    named: dict[URIRef, Graph] = {}
    for path, graph in load(layout.context_files).graphs.items():
        named.setdefault(layout.named_graph(path), Graph())
        named[layout.named_graph(path)] += graph
    for stem, name in SEED_GRAPHS.items():
        named[URIRef(name)] = load([GOLDEN / f"{stem}.ttl"]).union()
    path = tmp_path_factory.mktemp("seed-store") / "store"
    write_store(named, path)
    return path


@pytest.fixture(scope="session")
def seed_store(seed_store_path: Path) -> Any:
    """The seed store, opened read-only (a ``pyoxigraph.Store``)."""
    import pyoxigraph as ox

    return ox.Store.read_only(str(seed_store_path.resolve()))
