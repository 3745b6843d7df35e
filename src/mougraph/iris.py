"""Every IRI mougraph mints, in one place.

Data IRIs live under ``BASE`` (``https://w3id.org/mougraph/``): ``id/{kind}/{slug}`` for
resources, ``graph/{name}`` for named graphs. Slugs are stable: the same input always gives
the same IRI, so a rebuild replaces rather than duplicates. Thai text in a slug is kept as
it is (an IRI may hold it, RFC 3987); only characters an IRI may not hold are dropped.
"""

from __future__ import annotations

import re
import unicodedata

from rdflib import URIRef

BASE = "https://w3id.org/mougraph/"
ONTOLOGY = BASE + "ontology"
ONTOLOGY_NS = ONTOLOGY + "#"
SHAPES = BASE + "shapes"
ID = BASE + "id/"
GRAPH = BASE + "graph/"

#: Named graphs of the vocabulary and reference data.
ONTOLOGY_GRAPH = URIRef(GRAPH + "ontology")
THESAURUS_GRAPH = URIRef(GRAPH + "thesaurus")
REFERENCE_GRAPH = URIRef(GRAPH + "reference")

_SLUG_DROP = re.compile(r"[^\w\u0E00-\u0E7F]+")


def slug(text: str) -> str:
    """A readable IRI segment: NFC, lowercase, runs of anything else joined by ``-``.

    Thai letters and marks are kept exactly.

    >>> slug("Ministry of Internal Affairs and Communications")
    'ministry-of-internal-affairs-and-communications'
    >>> slug("  กระทรวงเทคโนโลยีและการสื่อสาร (ลาว) ")
    'กระทรวงเทคโนโลยีและการสื่อสาร-ลาว'
    """
    text = unicodedata.normalize("NFC", text).lower()
    return _SLUG_DROP.sub("-", text).strip("-_")


def resource(kind: str, name: str) -> URIRef:
    """The IRI of a resource of ``kind`` named ``name`` (already a slug or a code).

    >>> resource("country", "LA")
    rdflib.term.URIRef('https://w3id.org/mougraph/id/country/LA')
    """
    if not kind or "/" in kind or not name:
        raise ValueError(f"bad IRI parts: kind={kind!r} name={name!r}")
    return URIRef(f"{ID}{kind}/{name}")


def country(alpha2: str) -> URIRef:
    """A country by its ISO 3166-1 alpha-2 code (upper case).

    >>> country("jp")
    rdflib.term.URIRef('https://w3id.org/mougraph/id/country/JP')
    """
    return resource("country", alpha2.upper())


def organization(name: str) -> URIRef:
    """An organization by its gazetteer slug (``th-mdes``, ``int-itu``)."""
    return resource("org", name)


def concept(scheme: str, code: str) -> URIRef:
    """A thesaurus concept: ``scheme`` is ``area``, ``modality`` or ``principle``.

    >>> concept("area", "5g")
    rdflib.term.URIRef('https://w3id.org/mougraph/id/area/5g')
    """
    if scheme not in {"area", "modality", "principle"}:
        raise ValueError(f"unknown concept scheme {scheme!r}; choose one of: area, modality, principle")
    return resource(scheme, code)


def scheme(name: str) -> URIRef:
    """A SKOS concept scheme: ``areas``, ``modalities`` or ``principles``."""
    return resource("scheme", name)


def graph(name: str) -> URIRef:
    """A named graph of the store.

    >>> graph("announcement/thaigov-60838")
    rdflib.term.URIRef('https://w3id.org/mougraph/graph/announcement/thaigov-60838')
    """
    if not name or name.startswith("/"):
        raise ValueError(f"bad graph name {name!r}")
    return URIRef(GRAPH + name)
