"""The SPARQL endpoint on a live server: protocol, formats, negotiation, errors, caching, operations."""

from __future__ import annotations

import csv
import io
import json

import httpx
import pytest
from rdflib import Graph

Q_COUNTRIES = "SELECT ?c WHERE { ?c a <https://schema.org/Country> } ORDER BY ?c"


def get(url: str, **params: str) -> httpx.Response:
    return httpx.get(url + "/sparql", params=params, timeout=30)


def test_select_json_by_default(endpoint: str) -> None:
    response = get(endpoint, query="SELECT (1 AS ?one) {}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    assert response.json()["results"]["bindings"] == [
        {"one": {"type": "literal", "value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}
    ]
