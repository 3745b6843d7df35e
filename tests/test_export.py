"""Exports: every format reads back to the store's quads, Thai text intact; JSON-LD is compact; writes are atomic."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Dataset
from rdflib.compare import isomorphic

from mougraph import export
from mougraph.errors import BadInput
from mougraph.export import FORMATS, load_context, stream_export, write_export

from .conftest import ROOT

PARSERS = {
    "ttl": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}
LAOS_PAGE = ox.NamedNode("https://w3id.org/mougraph/id/announcement/thaigov-60838")
SCHEMA_TEXT = ox.NamedNode("https://schema.org/text")


def canonical(quads: Any) -> set[str]:
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {str(q) for q in dataset}


def as_triples(quads: Any) -> list[ox.Quad]:
    return [ox.Quad(q.subject, q.predicate, q.object) for q in quads]


@pytest.fixture(scope="module")
def exported(seed_store: ox.Store) -> dict[str, bytes]:
    return {ext: b"".join(stream_export(seed_store, ext)) for ext in FORMATS}


@pytest.fixture(scope="module")
def original(seed_store: ox.Store) -> list[ox.Quad]:
    return list(seed_store.quads_for_pattern(None, None, None, None))


@pytest.mark.parametrize("ext", list(FORMATS))
def test_export_reads_back_to_the_same_quads(exported: dict[str, bytes], original: list[ox.Quad], ext: str) -> None:
    back = list(ox.parse(exported[ext], format=PARSERS[ext]))
    if ext in {"ttl", "nt"}:  # triple formats hold the union of all graphs
        assert canonical(back) == canonical(as_triples(original))
    else:
        assert canonical(back) == canonical(original)


@pytest.mark.parametrize("ext", list(FORMATS))
def test_thai_text_round_trips_exactly(exported: dict[str, bytes], seed_store: ox.Store, ext: str) -> None:
    (expected,) = [q.object for q in seed_store.quads_for_pattern(LAOS_PAGE, SCHEMA_TEXT, None, None)]
    back = [
        q.object
        for q in ox.parse(exported[ext], format=PARSERS[ext])
        if q.subject == LAOS_PAGE and q.predicate == SCHEMA_TEXT
    ]
    assert back == [expected]
    assert isinstance(expected, ox.Literal)
    assert "ขอบเขตความร่วมมือทั้ง 15 ด้าน" in expected.value
    assert "ขอบเขตความร่วมมือทั้ง 15 ด้าน".encode() in exported[ext]  # written as UTF-8, not escaped


def test_triple_formats_write_a_triple_stated_in_two_graphs_once() -> None:
    store = ox.Store()
    triple = (ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal("ลาว", language="th"))
    for graph in ("urn:x:g1", "urn:x:g2"):
        store.add(ox.Quad(*triple, ox.NamedNode(graph)))
    context = load_context()
    assert b"".join(stream_export(store, "nt", context)).count("ลาว".encode()) == 1
    assert b"".join(stream_export(store, "nq", context)).count("ลาว".encode()) == 2


@pytest.mark.parametrize("ext", ["ttl", "trig", "nt", "nq", "jsonld"])
def test_many_chunks_make_one_document(
    seed_store: ox.Store, original: list[ox.Quad], monkeypatch: pytest.MonkeyPatch, ext: str
) -> None:
    monkeypatch.setattr(export, "_CHUNK", 500)
    data = b"".join(stream_export(seed_store, ext))
    back = list(ox.parse(data, format=PARSERS[ext]))
    assert canonical(back) == canonical(as_triples(original) if ext in {"ttl", "nt"} else original)
    if ext in {"ttl", "trig"}:
        assert data.count(b"@prefix mg:") == 1


def test_jsonld_is_compact_with_the_mougraph_context(exported: dict[str, bytes]) -> None:
    document = json.loads(exported["jsonld"])
    assert document["@context"] == load_context()
    graphs = {g["@id"]: g["@graph"] for g in document["@graph"]}
    assert "graph:announcement/thaigov-57536" in graphs
    nodes = {n["@id"]: n for n in graphs["graph:announcement/thaigov-57536"]}
    japan = nodes["id:instrument/2022-08-02-th-jp-moc"]
    assert japan["@type"] == "mg:MemorandumOfCooperation"
    assert sorted(japan["party"]) == ["id:org/jp-mic", "id:org/th-mdes"]
    assert japan["plannedSigningDate"] == "2022-08-05"
    assert japan["plannedSigningPlace"] == {"@value": "ประเทศไทย", "@language": "th"}
    assert japan["supersedes"] == "id:instrument/2017-th-jp-moc"
    assert "https://w3id.org/mougraph/ontology#party" not in exported["jsonld"].decode()


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own parsers use its deprecated API
def test_jsonld_reads_back_with_rdflib(exported: dict[str, bytes], seed_store: ox.Store) -> None:
    """rdflib reads the inlined context (nothing to fetch) to the same graphs, blank nodes and all."""
    ours = Dataset()
    ours.parse(data=exported["jsonld"].decode(), format="json-ld")
    theirs = Dataset()
    theirs.parse(data=exported["nq"].decode(), format="nquads")
    names = {str(g.identifier) for g in theirs.graphs() if len(g)}
    assert names == {str(g.identifier) for g in ours.graphs() if len(g)}
    for name in names:
        assert isomorphic(ours.graph(name), theirs.graph(name)), name


def test_jsonld_can_refer_to_the_published_context(seed_store: ox.Store, original: list[ox.Quad]) -> None:
    data = b"".join(stream_export(seed_store, "jsonld", context_iri=export.CONTEXT_IRI))
    document = json.loads(data)
    assert document["@context"] == export.CONTEXT_IRI
    document["@context"] = load_context()  # what a reader's document loader does with the local copy
    back = ox.parse(json.dumps(document, ensure_ascii=False).encode(), format=ox.RdfFormat.JSON_LD)
    assert canonical(back) == canonical(original)


def test_the_context_file_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "generate_context.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_unknown_format_is_bad_input(seed_store: ox.Store) -> None:
    with pytest.raises(BadInput, match="unknown export format 'rdf'; choose one of: ttl, trig, nq, nt, jsonld"):
        stream_export(seed_store, "rdf")


def test_write_export_is_atomic_and_checksummed(seed_store: ox.Store, tmp_path: Path) -> None:
    target = tmp_path / "out" / "mougraph.trig"
    digest = write_export(seed_store, "trig", target)
    assert digest == hashlib.sha256(target.read_bytes()).hexdigest()
    assert (tmp_path / "out" / "mougraph.trig.sha256").read_text() == f"{digest}  mougraph.trig\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["mougraph.trig", "mougraph.trig.sha256"]


def test_a_failed_export_leaves_the_previous_file(
    seed_store: ox.Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "mougraph.nq"
    target.write_bytes(b"previous")

    def broken(*args: Any, **kwargs: Any) -> Iterator[bytes]:
        yield b"<urn:x:s> <urn:x:p> "
        raise OSError("disk full")

    monkeypatch.setattr(export, "stream_export", broken)
    with pytest.raises(OSError, match="disk full"):
        write_export(seed_store, "nq", target)
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["mougraph.nq"]


def test_export_all_writes_every_format(seed_store: ox.Store, tmp_path: Path) -> None:
    digests = export.export_all(seed_store, tmp_path)
    assert set(digests) == set(FORMATS)
    for ext, digest in digests.items():
        assert export.sha256_file(tmp_path / f"mougraph.{ext}") == digest
