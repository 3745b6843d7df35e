"""The SPARQL the site runs, in one place, and helpers to run it through the server's worker pool.

Values from a request (the IRI of a page) are bound with pyoxigraph substitutions, never pasted
into the text; pyoxigraph substitutes only projected variables, so each bound variable is in
the SELECT list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

if TYPE_CHECKING:
    from mougraph.web.app import Server

PREFIXES = """\
PREFIX mg: <https://w3id.org/mougraph/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX org: <http://www.w3.org/ns/org#>
"""

#: Names of things: what labels, the search index and page titles are made of.
LABEL_PREDICATES = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
    "https://schema.org/name",
)
NAMES = (
    PREFIXES
    + """SELECT ?s ?p ?l WHERE {
  VALUES ?p { skos:prefLabel rdfs:label dcterms:title schema:name skos:altLabel mg:abbreviation }
  ?s ?p ?l . FILTER(isLiteral(?l) && !isBlank(?s))
} ORDER BY ?s ?p ?l"""
)
#: Longer texts the search index reads (verbatim scope items, definitions, comments).
TEXTS = (
    PREFIXES
    + """SELECT ?s ?p ?l WHERE {
  VALUES ?p { mg:verbatimText skos:definition rdfs:comment skos:scopeNote }
  ?s ?p ?l . FILTER(isLiteral(?l) && !isBlank(?s))
} ORDER BY ?s ?p ?l"""
)
TYPES = PREFIXES + "SELECT ?s ?t WHERE { ?s a ?t FILTER(?t != mg:Evidence && !isBlank(?s)) } ORDER BY ?s ?t"
INSTRUMENTS = (
    PREFIXES
    + """SELECT ?i ?type ?country ?date ?year WHERE {
  ?i a ?type . ?type rdfs:subClassOf* mg:CooperationInstrument .
  OPTIONAL { ?i mg:involvesCountry ?country }
  OPTIONAL { ?d mg:decisionOn ?i ; mg:decisionDate ?date }
  OPTIONAL { ?i mg:signingYear ?year }
} ORDER BY ?i ?type ?country ?date ?year"""
)
DECISIONS = PREFIXES + "SELECT ?d ?date WHERE { ?d a mg:CabinetDecision ; mg:decisionDate ?date } ORDER BY ?d"
SCOPE_ITEMS = (
    PREFIXES
    + """SELECT ?item ?ordinal ?text ?instrument WHERE {
  ?item a mg:ScopeItem ; mg:ordinal ?ordinal .
  OPTIONAL { ?item mg:verbatimText ?text }
  OPTIONAL { ?instrument mg:scopeItem ?item }
} ORDER BY ?item"""
)
ANNOUNCEMENTS = (
    PREFIXES + "SELECT ?a ?date WHERE { ?a a mg:Announcement . OPTIONAL { ?a dcterms:issued ?date } } ORDER BY ?a"
)
AGENDA_ITEMS = (
    PREFIXES
    + """SELECT ?a ?number ?source ?date WHERE {
  ?a a mg:AgendaItem ; mg:itemNumber ?number ; oa:hasSource ?source .
  OPTIONAL { ?source dcterms:issued ?date }
} ORDER BY ?a"""
)
EVIDENCE_NAMES = (
    PREFIXES
    + """SELECT ?e ?property ?start ?end WHERE {
  ?e a mg:Evidence ; mg:supportsProperty ?property ; oa:hasTarget/oa:hasSelector ?sel .
  ?sel oa:start ?start ; oa:end ?end .
} ORDER BY ?e"""
)

# ---------------------------------------------------------------- one resource

#: The resource's triples, and those of its blank nodes and fragments (``{iri}#validity``) one level down.
OUTGOING = (
    PREFIXES
    + """SELECT ?x ?p ?o ?np ?no WHERE {
  ?x ?p ?o
  OPTIONAL { ?o ?np ?no FILTER(isBlank(?o) || STRSTARTS(STR(?o), CONCAT(STR(?x), "#"))) }
} ORDER BY ?p ?o ?np ?no LIMIT 5000"""
)
INCOMING_COUNTS = (
    PREFIXES
    + "SELECT ?x ?p (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?x FILTER(!isBlank(?s)) } GROUP BY ?x ?p ORDER BY ?p"
)
INCOMING = PREFIXES + "SELECT ?x ?p ?s WHERE { ?s ?p ?x FILTER(!isBlank(?s)) } ORDER BY ?s LIMIT 100"
EVIDENCE_ONE = (
    PREFIXES
    + """SELECT ?x ?body ?property ?source ?start ?end ?exact WHERE {
  ?x oa:hasBody ?body ; mg:supportsProperty ?property ; oa:hasTarget ?target .
  ?target oa:hasSource ?source ; oa:hasSelector ?position .
  ?position oa:start ?start ; oa:end ?end .
  OPTIONAL { ?target oa:hasSelector ?quote . ?quote oa:exact ?exact }
}"""
)
VALIDITY = (
    PREFIXES
    + """SELECT ?x ?n ?unit WHERE {
  ?x mg:validityPeriod ?v . ?v <http://www.w3.org/2006/time#numericDuration> ?n .
  OPTIONAL { ?v <http://www.w3.org/2006/time#unitType> ?unit }
}"""
)
_EVIDENCE_TAIL = """ ?e mg:supportsProperty ?property ; oa:hasTarget ?target .
  ?target oa:hasSource ?source ; oa:hasSelector ?position .
  ?position oa:start ?start ; oa:end ?end .
  OPTIONAL { ?target oa:hasSelector ?quote . ?quote oa:exact ?exact }
} ORDER BY ?start ?end ?e"""
#: Evidence for a resource: the span, the quote and the announcement (two queries: pyoxigraph binds
#: substitutions after the join, so a UNION over ?x would scan every evidence resource).
EVIDENCE = PREFIXES + "SELECT ?x ?e ?property ?source ?start ?end ?exact WHERE { ?e oa:hasBody ?x ." + _EVIDENCE_TAIL
#: Evidence for the scope items of an instrument.
EVIDENCE_SCOPE = (
    PREFIXES
    + "SELECT ?x ?body ?e ?property ?source ?start ?end ?exact WHERE { ?x mg:scopeItem ?body . ?e oa:hasBody ?body ."
    + _EVIDENCE_TAIL
)
#: Evidence spans pointing into one announcement (to mark them in its text).
SPANS = (
    PREFIXES
    + """SELECT ?x ?e ?body ?property ?start ?end WHERE {
  ?target oa:hasSource ?x ; oa:hasSelector ?position .
  ?position oa:start ?start ; oa:end ?end .
  ?e oa:hasTarget ?target ; mg:supportsProperty ?property ; oa:hasBody ?body .
} ORDER BY ?start ?end"""
)
#: A window of an announcement's text (1-based SUBSTR, in characters as the offsets are).
WINDOW = (
    PREFIXES
    + """SELECT ?x ?from ?length ?text ?url WHERE {
  ?x schema:text ?full . OPTIONAL { ?x schema:url ?url }
  BIND(SUBSTR(?full, ?from, ?length) AS ?text)
}"""
)
TEXT = PREFIXES + "SELECT ?x ?text ?url WHERE { ?x schema:text ?text OPTIONAL { ?x schema:url ?url } }"
#: The instrument chain, both ways, at any distance.
CHAIN = (
    PREFIXES
    + """SELECT ?x ?direction ?other WHERE {
  { ?x (mg:supersedes|^mg:supersededBy)+ ?other BIND("replaces" AS ?direction) }
  UNION { ?x (mg:supersededBy|^mg:supersedes)+ ?other BIND("replaced_by" AS ?direction) }
  FILTER(?other != ?x)
}"""
)
DECISION_OF = (
    PREFIXES
    + """SELECT ?x ?decision ?date ?kind ?announcement ?url WHERE {
  ?decision mg:decisionOn ?x .
  OPTIONAL { ?decision mg:decisionDate ?date }
  OPTIONAL { ?decision mg:decisionKind ?kind }
  OPTIONAL { { ?announcement mg:announces ?decision } UNION { ?decision prov:wasDerivedFrom ?announcement }
             OPTIONAL { ?announcement schema:url ?url } }
} ORDER BY ?date"""
)
#: A concise bounded description: the resource's triples and those of its blank nodes and ``#``
#: fragments two levels down (a UNION: as OPTIONAL + FILTER it enumerates every neighbour, ~100x slower).
DESCRIBE = (
    PREFIXES
    + """CONSTRUCT { ?x ?p ?o . ?b1 ?p1 ?o1 . ?b2 ?p2 ?o2 } WHERE {
  { ?x ?p ?o }
  UNION {
    ?x ?p0 ?b1 FILTER(isBlank(?b1) || STRSTARTS(STR(?b1), CONCAT(STR(?x), "#")))
    ?b1 ?p1 ?o1
  }
  UNION {
    ?x ?p0 ?b1 FILTER(isBlank(?b1) || STRSTARTS(STR(?b1), CONCAT(STR(?x), "#")))
    ?b1 ?p3 ?b2 FILTER(isBlank(?b2) || STRSTARTS(STR(?b2), CONCAT(STR(?x), "#")))
    ?b2 ?p2 ?o2
  }
}"""
)
EXISTS = PREFIXES + "SELECT ?x WHERE { { ?x ?p ?o } UNION { ?s ?p ?x } } LIMIT 1"

# ---------------------------------------------------------------- indexes and counts

COUNTS = (
    PREFIXES
    + """SELECT
  (SUM(IF(?kind = "instrument", 1, 0)) AS ?instruments)
  (SUM(IF(?kind = "decision", 1, 0)) AS ?decisions)
  (SUM(IF(?kind = "announcement", 1, 0)) AS ?announcements)
  (SUM(IF(?kind = "scope", 1, 0)) AS ?scope)
  (SUM(IF(?kind = "evidence", 1, 0)) AS ?evidence)
WHERE {
  { ?s a ?t . ?t rdfs:subClassOf* mg:CooperationInstrument . BIND("instrument" AS ?kind) }
  UNION { ?s a mg:CabinetDecision BIND("decision" AS ?kind) }
  UNION { ?s a mg:Announcement BIND("announcement" AS ?kind) }
  UNION { ?s a mg:ScopeItem BIND("scope" AS ?kind) }
  UNION { ?s a mg:Evidence BIND("evidence" AS ?kind) }
}"""
)
COUNTRIES = (
    PREFIXES
    + """SELECT ?c (COUNT(DISTINCT ?i) AS ?n) WHERE {
  ?c a schema:Country . OPTIONAL { ?i mg:involvesCountry ?c }
} GROUP BY ?c ORDER BY DESC(?n) ?c"""
)
ORGANIZATIONS = (
    PREFIXES
    + """SELECT ?o (COUNT(DISTINCT ?i) AS ?n) (SAMPLE(?country) AS ?c) WHERE {
  { ?o a org:FormalOrganization } UNION { ?o a org:Organization } UNION { ?o a mg:InternationalOrganization }
  OPTIONAL { { ?i mg:party ?o } UNION { ?i mg:proposedBy ?o } }
  OPTIONAL { ?o mg:country ?country }
} GROUP BY ?o ORDER BY DESC(?n) ?o"""
)
INSTRUMENT_LIST = (
    PREFIXES
    + """SELECT ?i ?type (MIN(?d) AS ?date) (MIN(?y) AS ?year) (COUNT(DISTINCT ?item) AS ?items) WHERE {
  ?i a ?type . ?type rdfs:subClassOf* mg:CooperationInstrument .
  OPTIONAL { ?decision mg:decisionOn ?i ; mg:decisionDate ?d }
  OPTIONAL { ?i mg:signingYear ?y }
  OPTIONAL { ?i mg:scopeItem ?item }
} GROUP BY ?i ?type ORDER BY DESC(?date) ?i"""
)
INSTRUMENT_COUNTRIES = PREFIXES + "SELECT ?i ?c WHERE { ?i mg:involvesCountry ?c } ORDER BY ?i ?c"
#: Concepts of a scheme with the number of instruments that name them (and their broader concept).
CONCEPTS = (
    PREFIXES
    + """SELECT ?scheme ?c (COUNT(DISTINCT ?i) AS ?n) (SAMPLE(?b) AS ?broader) (SAMPLE(?code) AS ?notation) WHERE {
  ?c skos:inScheme ?scheme .
  OPTIONAL { ?i mg:scopeArea|mg:modality|mg:principle ?c }
  OPTIONAL { ?c skos:broader ?b }
  OPTIONAL { ?c skos:notation ?code }
} GROUP BY ?scheme ?c ORDER BY DESC(?n) ?c"""
)
SCHEMES = (
    PREFIXES
    + """SELECT ?scheme (COUNT(DISTINCT ?c) AS ?n) WHERE {
  ?scheme a skos:ConceptScheme . OPTIONAL { ?c skos:inScheme ?scheme }
} GROUP BY ?scheme ORDER BY ?scheme"""
)
ANNOUNCEMENT_LIST = (
    PREFIXES
    + """SELECT ?a (SAMPLE(?d) AS ?date) (SAMPLE(?u) AS ?url) (COUNT(DISTINCT ?decision) AS ?n) WHERE {
  ?a a mg:Announcement . OPTIONAL { ?a dcterms:issued ?d } OPTIONAL { ?a schema:url ?u }
  OPTIONAL { { ?a mg:announces ?decision } UNION { ?decision prov:wasDerivedFrom ?a } }
} GROUP BY ?a ORDER BY DESC(?date) ?a"""
)
#: Terms of the ontology (in its named graph) with their kind, for /ontology.
ONTOLOGY_TERMS = (
    PREFIXES
    + """SELECT ?term ?kind WHERE {
  GRAPH <https://w3id.org/mougraph/graph/ontology> {
    ?term a ?kind . FILTER(STRSTARTS(STR(?term), "https://w3id.org/mougraph/ontology#"))
    VALUES ?kind { owl:Class owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty skos:ConceptScheme
                   mg:DecisionKind }
  }
} ORDER BY ?kind ?term"""
)
ONTOLOGY_FACTS = (
    PREFIXES
    + """SELECT ?term ?p ?o WHERE {
  GRAPH <https://w3id.org/mougraph/graph/ontology> {
    ?term ?p ?o . FILTER(STRSTARTS(STR(?term), "https://w3id.org/mougraph/ontology#") && !isBlank(?o))
    VALUES ?p { rdfs:comment rdfs:subClassOf rdfs:domain rdfs:range skos:definition skos:inScheme }
  }
} ORDER BY ?term ?p ?o"""
)
TERM_USE = PREFIXES + "SELECT ?t (COUNT(*) AS ?n) WHERE { { ?s ?t ?o } UNION { ?s a ?t } } GROUP BY ?t"
ONTOLOGY_GRAPH = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <https://w3id.org/mougraph/graph/ontology> { ?s ?p ?o } }"


def iri(value: str) -> str:
    """An IRI as an N-Triples term for a substitution (pyoxigraph checks it and escapes nothing away).

    >>> iri("https://w3id.org/mougraph/id/country/LA")
    '<https://w3id.org/mougraph/id/country/LA>'
    """
    return str(ox.NamedNode(value))


def integer(value: int) -> str:
    """An ``xsd:integer`` as an N-Triples term."""
    return str(ox.Literal(str(int(value)), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))


def value(row: dict[str, Any], name: str) -> str | None:
    """The lexical value (or IRI) of ``name`` in a SPARQL JSON row, None when unbound."""
    cell = row.get(name)
    return None if cell is None else str(cell["value"])


async def select_all(server: Server, text: str, substitutions: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Every row of an ordered SELECT, fetched in pages below the server's row cap."""
    page = max(1, min(server.settings.max_rows, 5000))
    rows: list[dict[str, Any]] = []
    offset = 0
    while True:
        batch = await server.select(f"{text}\nLIMIT {page} OFFSET {offset}", substitutions)
        rows.extend(batch)
        offset += page
        if len(batch) < page or offset > server.settings.max_offset:
            return rows
