"""Writes (SPARQL Update, Graph Store Protocol) on a live endpoint: token, SHACL check, unsafe bodies."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from .live import serve

TOKEN = "writes-test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
LAOS = "https://w3id.org/mougraph/graph/file/seed-000-laos"


@pytest.fixture(scope="module")
def writable(golden_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    copy = tmp_path_factory.mktemp("writes") / "store"
    shutil.copytree(golden_store.resolve(), copy)
    with serve(copy, update_token=TOKEN, query_timeout=10.0) as url:
        yield url


def ask(url: str, query: str) -> bool:
    return bool(httpx.get(url + "/sparql", params={"query": query}).json()["boolean"])


def test_update_needs_the_token(writable: str) -> None:
    update = b"INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> 'c' } }"
    for headers in ({}, {"Authorization": "Bearer wrong-token-wrong-token"}):
        response = httpx.post(
            writable + "/sparql", content=update, headers={"Content-Type": "application/sparql-update", **headers}
        )
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert not ask(writable, "ASK { <urn:a> <urn:b> 'c' }")
    response = httpx.post(
        writable + "/sparql", content=update, headers={"Content-Type": "application/sparql-update", **AUTH}
    )
    assert response.status_code == 204
    assert ask(writable, "ASK { <urn:a> <urn:b> 'c' }")


def test_a_write_that_breaks_the_shapes_is_refused_with_the_report(writable: str) -> None:
    update = (
        "INSERT DATA { GRAPH <urn:bad> { <https://w3id.org/mougraph/id/country/xq> a <https://schema.org/Country> } }"
    )
    response = httpx.post(
        writable + "/sparql", content=update.encode(), headers={"Content-Type": "application/sparql-update", **AUTH}
    )
    assert response.status_code == 422, response.text
    assert "does not conform" in response.text
    assert "VIOLATION: A country's IRI ends in /id/country/ and its ISO 3166-1 alpha-2 code." in response.text
    assert not ask(writable, "ASK { GRAPH <urn:bad> { ?s ?p ?o } }"), "the refused write left nothing behind"


def test_gsp_put_of_generic_data_is_kept_and_a_broken_country_is_refused(writable: str) -> None:
    body = "<urn:a> <urn:b> 'ลาว'@th .".encode()
    put = httpx.put(
        writable + "/gsp", params={"graph": "urn:copy"}, content=body, headers={"Content-Type": "text/turtle", **AUTH}
    )
    assert put.status_code == 201, put.text
    assert "ลาว" in httpx.get(writable + "/gsp", params={"graph": "urn:copy"}).text
    broken = b"@prefix schema: <https://schema.org/> . <https://w3id.org/mougraph/id/country/xq> a schema:Country ."
    refused = httpx.put(
        writable + "/gsp",
        params={"graph": "urn:broken"},
        content=broken,
        headers={"Content-Type": "text/turtle", **AUTH},
    )
    assert refused.status_code == 422
    assert "VIOLATION" in refused.text
    assert httpx.get(writable + "/gsp", params={"graph": "urn:broken"}).status_code == 404, "nothing was kept"


def test_rdfxml_with_a_doctype_is_refused(writable: str) -> None:
    body = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>"""
    response = httpx.put(
        writable + "/gsp",
        params={"graph": "urn:x"},
        content=body,
        headers={"Content-Type": "application/rdf+xml", **AUTH},
    )
    assert response.status_code == 400
    assert "DOCTYPE" in response.text


def test_remote_jsonld_context_is_not_fetched(writable: str) -> None:
    body = b'{"@context": "http://127.0.0.1:9/context.jsonld", "@id": "urn:a", "name": "x"}'
    response = httpx.put(
        writable + "/gsp",
        params={"graph": "urn:y"},
        content=body,
        headers={"Content-Type": "application/ld+json", **AUTH},
    )
    assert response.status_code == 400
    assert "cannot be parsed" in response.text


def test_load_is_refused(writable: str) -> None:
    response = httpx.post(
        writable + "/sparql",
        content=b"LOAD <file:///etc/passwd> INTO GRAPH <urn:p>",
        headers={"Content-Type": "application/sparql-update", **AUTH},
    )
    assert response.status_code == 400
    assert "LOAD is not allowed" in response.text


def test_upload_size_is_limited(writable: str) -> None:
    response = httpx.post(
        writable + "/sparql",
        content=b"# " + b"x" * 2_000_000,
        headers={"Content-Type": "application/sparql-update", **AUTH},
    )
    assert response.status_code == 413
