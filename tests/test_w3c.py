"""The W3C SPARQL 1.1 Protocol and Graph Store Protocol manifests, run against a live endpoint.

Each manifest entry is one test (its id is the entry's local name). The manifests are read
with rdflib from ``../shared/w3c`` (see its README for the harness rules followed here):
request bytes and headers are sent exactly as written, plus the update token; before each
test the store is emptied and the test's ``ut:graphData`` files are loaded as named graphs.
Updates are enabled (with a token) on this server only.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote
from xml.etree import ElementTree

import httpx
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from .conftest import SHARED
from .live import serve

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
W3C = SHARED / "w3c"
PROTOCOL = W3C / "w3c-sparql11-protocol" / "manifest.ttl"
GSP = [W3C / "w3c-sparql11-gsp" / "manifest-direct.ttl", W3C / "w3c-sparql11-gsp" / "manifest-indirect.ttl"]
TOKEN = "w3c-test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

#: Tests we cannot pass, with the reason (reviewed; empty: every test passes).
XFAIL: dict[str, str] = {}

_STATUS = {HTS.OK: {200}, HTS.Created: {201}, HTS.NoContent: {204}, HTS.NotFound: {404}}
_CLASSES = {HTS.StatusCode2xx: range(200, 300), HTS.StatusCode3xx: range(300, 400), HTS.StatusCode4xx: range(400, 500)}
_RESULTS = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
_RDF = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "application/n-quads": "nquads",
    "application/trig": "trig",
}


def _entries(path: Path) -> list[tuple[str, Graph, Node]]:
    if not path.is_file():
        return []
    graph = Graph().parse(path, format="turtle")
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    entries = Collection(graph, graph.value(manifest, MF.entries))
    return [(str(entry).rsplit("#", 1)[-1], graph, entry) for entry in entries]


def _params(paths: list[Path]) -> list[Any]:
    found = [entry for path in paths for entry in _entries(path)]
    if not found:
        return [pytest.param(None, None, None, marks=pytest.mark.skip(reason="../shared/w3c is not beside the repo"))]
    return [
        pytest.param(name, graph, node, id=name, marks=[pytest.mark.xfail(reason=XFAIL[name])] if name in XFAIL else [])
        for name, graph, node in found
    ]


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An endpoint over an empty store with updates enabled (token ``TOKEN``)."""
    from mougraph.store import write_store

    store = tmp_path_factory.mktemp("w3c") / "store"
    write_store({}, store)
    with serve(store, update_token=TOKEN, query_timeout=10.0, workers=2) as url:
        yield url


def _reset(client: httpx.Client, url: str, graph: Graph, test: Node, manifest: Path) -> None:
    response = client.post(
        url + "/sparql", content=b"DROP ALL", headers={"content-type": "application/sparql-update", **AUTH}
    )
    assert response.status_code in (200, 204), response.text
    for data in graph.objects(test, UT.graphData):
        name = graph.value(data, RDFS.label)
        source = Path(str(graph.value(data, UT.graph)).removeprefix("file://"))
        if not source.is_file():
            source = manifest.parent / source.name
        response = client.put(
            url + "/gsp",
            params={"graph": str(name)},
            content=source.read_bytes(),
            headers={"content-type": "application/n-triples", **AUTH},
        )
        assert response.status_code in (201, 204), response.text


def _headers(graph: Graph, node: Node | None) -> dict[str, str]:
    if node is None:
        return {}
    return {
        str(graph.value(h, HT.fieldName)).lower(): str(graph.value(h, HT.fieldValue)) for h in Collection(graph, node)
    }


def _boolean(response: httpx.Response) -> bool:
    kind = response.headers.get("content-type", "").split(";")[0].strip()
    if kind == "application/sparql-results+json":
        return bool(json.loads(response.content)["boolean"])
    assert kind == "application/sparql-results+xml", f"not a boolean result format: {kind}"
    root = ElementTree.fromstring(response.content)
    [element] = [e for e in root.iter() if e.tag.endswith("boolean")]
    return (element.text or "").strip() == "true"


def _check(graph: Graph, expected: Node, response: httpx.Response, location: dict[str, str]) -> None:
    wanted: set[int] = set()
    for status in graph.objects(expected, MF.expectedStatus):
        wanted |= set(_STATUS.get(status, _CLASSES.get(status, ())))  # type: ignore[call-overload]
    assert response.status_code in wanted, f"status {response.status_code}, expected {sorted(wanted)}: {response.text}"
    kind = response.headers.get("content-type", "").split(";")[0].strip()
    form = graph.value(expected, MF.expectedFormat)
    if form is not None and str(form) == "boolean":
        value = _boolean(response)
        flag = graph.value(expected, MF.expectedBoolean)
        if flag is not None:
            assert value is flag.toPython()
    elif form is not None and str(form) == "tabular":
        assert kind in _RESULTS
    elif form is not None and str(form) == "RDF":
        assert kind in _RDF
        Graph().parse(data=response.content, format=_RDF[kind])
    if graph.value(expected, MF.expectedLocation) is not None:
        assert response.headers.get("location"), "no Location header"
        location["$LOCATION$"] = response.headers["location"]
    for name, value in _headers(graph, graph.value(expected, HT.headers)).items():
        if name == "content-type":
            assert kind == value.split(";")[0].strip()
    body = graph.value(expected, HT.body)
    if body is not None:
        want = Graph().parse(data=str(graph.value(body, CNT.chars)), format="turtle")
        got = Graph().parse(data=response.content, format=_RDF[kind])
        assert isomorphic(want, got), f"graphs differ:\n{response.text}"


def _run(url: str, graph: Graph, test: Node, manifest: Path) -> None:
    with httpx.Client(timeout=30) as client:
        _reset(client, url, graph, test, manifest)
        action = graph.value(test, MF.action)
        location: dict[str, str] = {}
        for request in Collection(graph, graph.value(action, HT.requests)):
            path = str(graph.value(request, HT.absolutePath))
            for name, value in location.items():
                path = path.replace(name, quote(value, safe=""))
            headers = {**_headers(graph, graph.value(request, HT.headers)), **AUTH}
            body = graph.value(request, HT.body)
            content = str(graph.value(body, CNT.chars)).encode() if body is not None else b""
            method = str(graph.value(request, HT.methodName))
            response = client.request(method, url + path, content=content, headers=headers)
            _check(graph, graph.value(request, HT.resp), response, location)


@pytest.mark.parametrize(("name", "graph", "test"), _params([PROTOCOL]))
def test_protocol(writable: str, name: str, graph: Graph, test: URIRef) -> None:
    _run(writable, graph, test, PROTOCOL)


@pytest.mark.parametrize(("name", "graph", "test"), _params(GSP))
def test_graph_store(writable: str, name: str, graph: Graph, test: URIRef) -> None:
    _run(writable, graph, test, GSP[0])
