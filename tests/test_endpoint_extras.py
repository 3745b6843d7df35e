"""The catalogue and the exports over HTTP, on the live endpoint of the golden store."""

from __future__ import annotations

import base64
import hashlib
import io

import httpx
import pyoxigraph as ox


def test_queries_lists_the_catalogue(endpoint: str) -> None:
    listed = httpx.get(endpoint + "/queries", timeout=30).json()
    names = {q["name"] for q in listed}
    assert len(listed) >= 12
    assert {"partners-by-country-year", "instruments-with-country", "awaiting-signature"} <= names
    first = next(q for q in listed if q["name"] == "instruments-with-country")
    assert first["title"]["th"]
    assert first["title"]["en"]
    assert first["url"].endswith("/queries/instruments-with-country")


def test_a_catalogue_query_runs_with_its_parameter_bound(endpoint: str) -> None:
    laos = httpx.get(endpoint + "/queries/instruments-with-country", params={"country": "LA"}, timeout=30)
    assert laos.status_code == 200, laos.text
    rows = laos.json()["results"]["bindings"]
    assert rows
    assert all("2022-10-25-th-la-mou" in row["instrument"]["value"] for row in rows)
    csv_text = httpx.get(
        endpoint + "/queries/instruments-with-country", params={"country": "JP", "format": "csv"}, timeout=30
    ).text
    assert "2022-08-02-th-jp-moc" in csv_text
    assert "2022-10-25-th-la-mou" not in csv_text


def test_catalogue_errors_are_clear(endpoint: str) -> None:
    missing = httpx.get(endpoint + "/queries/no-such-query", timeout=30)
    assert missing.status_code == 404
    assert "no-such-query" in missing.text
    bad = httpx.get(endpoint + "/queries/instruments-with-country", params={"country": "Laos"}, timeout=30)
    assert bad.status_code == 400
    assert "country" in bad.text
    injected = httpx.get(
        endpoint + "/queries/instruments-with-country", params={"country": 'LA" } ; DROP ALL #'}, timeout=30
    )
    assert injected.status_code == 400


def test_exports_stream_a_file_with_its_checksum(endpoint: str) -> None:
    turtle = httpx.get(endpoint + "/export/mougraph.ttl", timeout=60)
    assert turtle.status_code == 200
    assert turtle.headers["content-type"].startswith("text/turtle")
    digest = hashlib.sha256(turtle.content).hexdigest()
    assert turtle.headers["etag"] == f'"{digest}"'
    assert turtle.headers["digest"] == "sha-256=" + base64.b64encode(bytes.fromhex(digest)).decode()
    listed = httpx.get(endpoint + "/export/mougraph.ttl.sha256", timeout=30).text
    assert listed == f"{digest}  mougraph.ttl\n"
    triples = list(ox.parse(io.BytesIO(turtle.content), format=ox.RdfFormat.TURTLE))
    assert any(t.object == ox.Literal("ไปรษณีย์", language="th") for t in triples)
    nquads = httpx.get(endpoint + "/export/mougraph.nq", timeout=60)
    graphs = {q.graph_name for q in ox.parse(io.BytesIO(nquads.content), format=ox.RdfFormat.N_QUADS)}
    assert ox.NamedNode("https://w3id.org/mougraph/graph/file/seed-000-laos") in graphs  # as the golden store names it
    jsonld = httpx.get(endpoint + "/export/mougraph.jsonld", timeout=60)
    assert jsonld.headers["content-type"].startswith("application/ld+json")
    assert '"@context"' in jsonld.text[:2000]
    assert httpx.get(endpoint + "/export/mougraph.rdf", timeout=30).status_code == 404
