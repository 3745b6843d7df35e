"""Generated descriptions: the SPARQL Service Description and the VoID description of the dataset."""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
DCT = "http://purl.org/dc/terms/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
FORMATS = "http://www.w3.org/ns/formats/"
_RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV")
_GRAPH_FORMATS = ("Turtle", "N-Triples", "N-Quads", "TriG", "JSON-LD", "RDF_XML")

#: The queries VoID is computed from (run through the worker pool like any other query).
VOID_QUERIES = {
    "totals": "SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?o) AS ?objects)"
    " WHERE { ?s ?p ?o }",
    "classes": "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c",
    "properties": "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p",
    "graphs": "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { } }",
}


def _n(node: str) -> ox.NamedNode:
    return ox.NamedNode(node)


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n("http://www.w3.org/2001/XMLSchema#integer"))


def service_description(endpoint: str, updates: bool) -> list[ox.Triple]:
    """The sd:Service at ``endpoint`` (the answer to a bare GET on /sparql)."""
    service = _n(endpoint + "/sparql")
    dataset = ox.BlankNode("dataset")
    default = ox.BlankNode("default")
    triples = [
        ox.Triple(service, RDF_TYPE, _n(SD + "Service")),
        ox.Triple(service, _n(SD + "endpoint"), service),
        ox.Triple(service, _n(SD + "supportedLanguage"), _n(SD + "SPARQL11Query")),
        ox.Triple(service, _n(SD + "feature"), _n(SD + "UnionDefaultGraph")),
        ox.Triple(service, _n(SD + "defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, _n(SD + "Dataset")),
        ox.Triple(dataset, _n(SD + "defaultGraph"), default),
        ox.Triple(default, RDF_TYPE, _n(SD + "Graph")),
        ox.Triple(dataset, _n(VOID + "inDataset"), _n(endpoint + "/.well-known/void")),
    ]
    if updates:
        triples.append(ox.Triple(service, _n(SD + "supportedLanguage"), _n(SD + "SPARQL11Update")))
    for name in (*_RESULT_FORMATS, *_GRAPH_FORMATS):
        triples.append(ox.Triple(service, _n(SD + "resultFormat"), _n(FORMATS + name)))
    return triples


def _rows(body: bytes) -> list[dict[str, str]]:
    data: Any = json.loads(body)
    return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]


def void_description(base_iri: str, endpoint: str, answers: dict[str, bytes]) -> list[ox.Triple]:
    """VoID for the dataset, from the SPARQL JSON answers to :data:`VOID_QUERIES`."""
    dataset = _n(base_iri + "dataset")
    totals = _rows(answers["totals"])[0]
    classes = _rows(answers["classes"])
    properties = _rows(answers["properties"])
    graphs = _rows(answers["graphs"])[0]
    triples = [
        ox.Triple(dataset, RDF_TYPE, _n(VOID + "Dataset")),
        ox.Triple(dataset, _n(DCT + "title"), ox.Literal("mougraph", language="en")),
        ox.Triple(
            dataset,
            _n(DCT + "description"),
            ox.Literal("Thailand's cabinet-approved international digital-cooperation agreements", language="en"),
        ),
        ox.Triple(dataset, _n(DCT + "license"), _n("https://creativecommons.org/licenses/by/4.0/")),
        ox.Triple(dataset, _n(VOID + "sparqlEndpoint"), _n(endpoint + "/sparql")),
        ox.Triple(dataset, _n(VOID + "uriSpace"), ox.Literal(base_iri)),
        ox.Triple(dataset, _n(VOID + "vocabulary"), _n(base_iri + "ontology#")),
        ox.Triple(dataset, _n(VOID + "triples"), _integer(int(totals.get("triples", 0)))),
        ox.Triple(dataset, _n(VOID + "distinctSubjects"), _integer(int(totals.get("subjects", 0)))),
        ox.Triple(dataset, _n(VOID + "distinctObjects"), _integer(int(totals.get("objects", 0)))),
        ox.Triple(dataset, _n(VOID + "classes"), _integer(len(classes))),
        ox.Triple(dataset, _n(VOID + "properties"), _integer(len(properties))),
        ox.Triple(dataset, _n(VOID + "documents"), _integer(int(graphs.get("n", 0)))),
    ]
    for extension in ("ttl", "trig", "nq", "nt", "jsonld"):
        triples.append(ox.Triple(dataset, _n(VOID + "dataDump"), _n(f"{endpoint}/export/mougraph.{extension}")))
    for index, row in enumerate(classes):
        part = ox.BlankNode(f"class{index}")
        triples += [
            ox.Triple(dataset, _n(VOID + "classPartition"), part),
            ox.Triple(part, _n(VOID + "class"), _n(row["c"])),
            ox.Triple(part, _n(VOID + "entities"), _integer(int(row["n"]))),
        ]
    for index, row in enumerate(properties):
        part = ox.BlankNode(f"property{index}")
        triples += [
            ox.Triple(dataset, _n(VOID + "propertyPartition"), part),
            ox.Triple(part, _n(VOID + "property"), _n(row["p"])),
            ox.Triple(part, _n(VOID + "triples"), _integer(int(row["n"]))),
        ]
    return triples
