"""Generate the JSON-LD context ``ontology/context.jsonld`` from ``ontology/mougraph.ttl``.

Usage: ``python tools/generate_context.py`` (writes the file) or ``--check`` (exit 1 if stale).
The context declares the prefixes of the vocabularies mougraph uses and one short term per
property of the ontology (``party``, ``decisionDate``, …): object properties are coerced to
IRIs, datatype properties with a single XSD datatype to that datatype. Published at
``https://w3id.org/mougraph/context.jsonld``; ``mougraph export --format jsonld`` inlines it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

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
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 if context.jsonld is not what would be generated")
    args = parser.parse_args()
    text = render(Graph().parse(ONTOLOGY))
    if args.check:
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET.relative_to(ROOT)} is stale: run python tools/generate_context.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
