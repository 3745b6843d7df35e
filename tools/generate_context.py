"""Generate the JSON-LD context ``ontology/context.jsonld`` from ``ontology/mougraph.ttl``.

Usage: ``python tools/generate_context.py`` (writes the file) or ``--check`` (exit 1 if stale).
The context declares the prefixes of the vocabularies mougraph uses and one short term per
property of the ontology (``party``, ``decisionDate``, …): object properties are coerced to
IRIs, datatype properties with a single XSD datatype to that datatype. Published at
``https://w3id.org/mougraph/context.jsonld``; ``mougraph export --format jsonld`` inlines it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

import generated

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "mougraph.ttl"
TARGET = ROOT / "ontology" / "context.jsonld"
NS = "https://w3id.org/mougraph/ontology#"

PREFIXES = {
    "mg": NS,
    "id": "https://w3id.org/mougraph/id/",
    "graph": "https://w3id.org/mougraph/graph/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "dcterms": "http://purl.org/dc/terms/",
    "time": "http://www.w3.org/2006/time#",
}


def render(graph: Graph) -> str:
    """The context document: prefixes, then one term per ontology property, by name."""
    context: dict[str, object] = dict(PREFIXES)
    terms: dict[str, object] = {}
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        for prop in graph.subjects(RDF.type, kind):
            if not (isinstance(prop, URIRef) and prop.startswith(NS)):
                continue
            name = prop[len(NS) :]
            ranges = [r for r in graph.objects(prop, RDFS.range) if isinstance(r, URIRef)]
            if kind == OWL.ObjectProperty:
                terms[name] = {"@id": "mg:" + name, "@type": "@id"}
            elif len(ranges) == 1 and ranges[0].startswith(str(XSD)) and ranges[0] != XSD.string:
                terms[name] = {"@id": "mg:" + name, "@type": "xsd:" + ranges[0][len(str(XSD)) :]}
            else:
                terms[name] = "mg:" + name
    for name in sorted(terms):
        if name in PREFIXES:
            raise SystemExit(f"ontology term {name!r} clashes with a prefix of the context")
        context[name] = terms[name]
    return json.dumps({"@context": context}, ensure_ascii=False, indent=2) + "\n"


def main() -> int:
    return generated.main(__doc__, TARGET, lambda: render(Graph().parse(ONTOLOGY)), "generate_context.py")


if __name__ == "__main__":
    sys.exit(main())
