"""Real SPARQL clients against the running endpoint: SPARQLWrapper and rdflib's SPARQLStore."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, TURTLE, SPARQLWrapper

JAPAN = URIRef("https://w3id.org/mougraph/id/country/JP")


def test_sparqlwrapper_get_and_post(endpoint: str) -> None:
    client = SPARQLWrapper(endpoint + "/sparql")
    client.setQuery(f"SELECT ?label WHERE {{ <{JAPAN}> <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }}")
    client.setReturnFormat(JSON)
    labels = {b["label"]["value"] for b in client.queryAndConvert()["results"]["bindings"]}  # type: ignore[index]
    assert "ญี่ปุ่น" in labels
    client.setMethod(POST)
    client.setReturnFormat(CSV)
    assert "ญี่ปุ่น" in client.query().convert().decode()  # type: ignore[union-attr]
    client.setQuery(f"CONSTRUCT WHERE {{ <{JAPAN}> ?p ?o }}")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")  # type: ignore[arg-type]
    assert (JAPAN, None, None) in graph


def test_rdflib_sparqlstore(endpoint: str) -> None:
    store = SPARQLStore(endpoint + "/sparql", returnFormat="json")
    graph = Graph(store=store)
    rows = list(graph.query("SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://schema.org/Country> }"))
    assert int(rows[0][0]) == 249  # type: ignore[index, call-overload]
    assert graph.query(f"ASK {{ <{JAPAN}> ?p ?o }}").askAnswer is True
