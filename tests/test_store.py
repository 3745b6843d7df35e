"""The store is replaced atomically: a failed build leaves the previous one intact."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from mougraph import iris
from mougraph.errors import BadInput
from mougraph.store import open_read_only, write_store

EX = URIRef("urn:mougraph:test:s")


def graph_with(value: str) -> Graph:
    graph = Graph()
    graph.add((EX, URIRef("urn:mougraph:test:p"), Literal(value, lang="th")))
    return graph


def test_named_graphs_and_thai_text_round_trip(tmp_path: Path) -> None:
    store_path = tmp_path / "store"
    summary = write_store({iris.graph("a"): graph_with("ลาว"), iris.graph("b"): graph_with("ญี่ปุ่น")}, store_path)
    assert (summary.graphs, summary.quads) == (2, 2)
    store = open_read_only(store_path)
    rows = store.query("SELECT ?g ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
    assert [(r["g"].value, r["o"].value) for r in rows] == [(iris.GRAPH + "a", "ลาว"), (iris.GRAPH + "b", "ญี่ปุ่น")]


def test_rebuild_swaps_and_removes_the_old_folder(tmp_path: Path) -> None:
    store_path = tmp_path / "store"
    write_store({iris.graph("a"): graph_with("หนึ่ง")}, store_path)
    first = store_path.resolve()
    write_store({iris.graph("a"): graph_with("สอง")}, store_path)
    assert store_path.resolve() != first
    assert not first.exists()
    values = [r["o"].value for r in open_read_only(store_path).query("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }")]
    assert values == ["สอง"]


class Exploding(Graph):
    def serialize(self, *args: object, **kwargs: object) -> bytes:  # type: ignore[override]
        raise RuntimeError("crash halfway through the build")


def test_crash_halfway_leaves_the_previous_store(tmp_path: Path) -> None:
    store_path = tmp_path / "store"
    write_store({iris.graph("a"): graph_with("เดิม")}, store_path)
    before = store_path.resolve()
    with pytest.raises(RuntimeError):
        write_store({iris.graph("a"): graph_with("ใหม่"), iris.graph("b"): Exploding()}, store_path)
    assert store_path.resolve() == before
    values = [r["o"].value for r in open_read_only(store_path).query("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }")]
    assert values == ["เดิม"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["store", before.name]), "no half-built folder left"


def test_refuses_to_replace_a_folder_it_did_not_make(tmp_path: Path) -> None:
    (tmp_path / "store").mkdir()
    with pytest.raises(BadInput, match="not a store link made by mougraph"):
        write_store({}, tmp_path / "store")


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="run 'mougraph build' first"):
        open_read_only(tmp_path / "nothing")


def test_store_is_pyoxigraph(tmp_path: Path) -> None:
    write_store({iris.graph("a"): graph_with("x")}, tmp_path / "store")
    assert isinstance(open_read_only(tmp_path / "store"), ox.Store)


def test_workers_query_a_large_store_where_it_is(seed_store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above the in-memory limit a query worker opens the store read-only instead of copying it
    (16 M quads took minutes per worker); a writer always gets a copy it can change."""
    from mougraph.web import engine

    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    copied = engine.load(engine.Source(str(seed_store_path), 0))
    monkeypatch.setattr(engine, "IN_MEMORY_MAX_BYTES", 0)
    in_place = engine.load(engine.Source(str(seed_store_path), 0))
    assert [row[0] for row in in_place.query(count)] == [row[0] for row in copied.query(count)]
    with pytest.raises(RuntimeError, match="read-write"):
        in_place.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    writable = engine.load(engine.Source(str(seed_store_path), 0), writable=True)
    writable.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
