"""Served URLs and graph IRIs: the one place that maps between them.

A page at ``/id/country/LA`` describes ``{base}id/country/LA``; an ontology term
``{base}ontology#Party`` has the page ``/ontology/Party`` (and the anchor ``#Party`` on
``/ontology``). Links in pages are paths on the serving host, so the site works under any
public URL. Thai in a path is percent-encoded UTF-8 in hrefs and decoded back by the server.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

#: Characters kept as they are in a path segment (RFC 3986 pchar without '%'), plus '/'.
_PATH_SAFE = "/-._~!$&'()*+,;=:@"
_IRI_FORBIDDEN = re.compile(r"[\s<>\"{}|\\^`\x00-\x1f\x7f]")
#: Suffixes of the representations of a resource, and the key of each (see negotiate.py).
SUFFIXES = {"html": "html", "ttl": "ttl", "jsonld": "jsonld", "nt": "nt", "rdf": "rdfxml"}


def encode_path(path: str) -> str:
    """A path with everything outside RFC 3986 ``pchar`` percent-encoded as UTF-8.

    >>> encode_path("/id/org/cn-รัฐบาลจีน")
    '/id/org/cn-%E0%B8%A3%E0%B8%B1%E0%B8%90%E0%B8%9A%E0%B8%B2%E0%B8%A5%E0%B8%88%E0%B8%B5%E0%B8%99'
    """
    return quote(path, safe=_PATH_SAFE, encoding="utf-8")


def href(iri: str, base: str) -> str | None:
    """The local path of the page describing ``iri``, or None when no page of this site describes it.

    >>> href("https://w3id.org/mougraph/id/country/LA", "https://w3id.org/mougraph/")
    '/id/country/LA'
    >>> href("https://w3id.org/mougraph/ontology#Party", "https://w3id.org/mougraph/")
    '/ontology/Party'
    >>> href("https://w3id.org/mougraph/id/announcement/thaigov-1/item/18#position", "https://w3id.org/mougraph/")
    '/id/announcement/thaigov-1/item/18#position'
    >>> href("https://schema.org/Country", "https://w3id.org/mougraph/") is None
    True
    """
    if not iri.startswith(base):
        return None
    rest = iri[len(base) :]
    if rest.startswith("id/") and len(rest) > 3:
        path, _, fragment = rest.partition("#")
        return encode_path("/" + path) + ("#" + quote(fragment, safe="") if fragment else "")
    if rest == "ontology":
        return "/ontology"
    if rest.startswith("ontology#") and len(rest) > len("ontology#"):
        return "/ontology/" + quote(rest[len("ontology#") :], safe="")
    return None


def external(iri: str) -> str | None:
    """``iri`` when a browser may follow it (http or https, nothing odd in it), else None.

    >>> external("https://www.thaigov.go.th/news/contents/details/60838")
    'https://www.thaigov.go.th/news/contents/details/60838'
    >>> external("javascript:alert(1)") is None
    True
    """
    if not re.match(r"https?://[^/\s]", iri, re.IGNORECASE) or _IRI_FORBIDDEN.search(iri):
        return None
    return quote(iri, safe=_PATH_SAFE + "?#[]%")


def resource_iri(path: str, base: str) -> str:
    """The IRI a decoded ``/id/…`` path names (NFC, as every IRI in the graph is).

    >>> resource_iri("country/LA", "https://w3id.org/mougraph/")
    'https://w3id.org/mougraph/id/country/LA'
    """
    return base + "id/" + unicodedata.normalize("NFC", path)


def term_iri(name: str, base: str) -> str:
    """The IRI of the ontology term ``name``.

    >>> term_iri("Party", "https://w3id.org/mougraph/")
    'https://w3id.org/mougraph/ontology#Party'
    """
    return base + "ontology#" + unicodedata.normalize("NFC", name)


_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def usable_iri(iri: str) -> bool:
    """Whether ``iri`` can be given to the store as a term (no characters an IRI may not hold).

    >>> usable_iri("https://w3id.org/mougraph/id/org/cn-รัฐบาลจีน"), usable_iri("https://x/a b")
    (True, False)
    >>> usable_iri("https://x/%zz")
    False
    """
    return bool(iri) and not _IRI_FORBIDDEN.search(iri) and not _BAD_PERCENT.search(iri)


def split_suffix(path: str) -> tuple[str, str | None]:
    """A requested path without a representation suffix, and the format key that suffix names.

    >>> split_suffix("country/LA.ttl")
    ('country/LA', 'ttl')
    >>> split_suffix("instrument/2022-10-25-th-la-mou")
    ('instrument/2022-10-25-th-la-mou', None)
    """
    stem, dot, suffix = path.rpartition(".")
    if dot and suffix in SUFFIXES and stem and not stem.endswith("/"):
        return stem, SUFFIXES[suffix]
    return path, None


def suffix_of(key: str) -> str:
    """The suffix of the format ``key`` (``rdfxml`` → ``rdf``)."""
    return next(suffix for suffix, each in SUFFIXES.items() if each == key)


def local_search_words(iri: str) -> str:
    """Words to search for when ``iri`` is unknown: the end of its path, dashes as spaces.

    >>> local_search_words("https://w3id.org/mougraph/id/area/cyber-security")
    'cyber security'
    """
    tail = re.split(r"[#/]", iri.rstrip("/#"))[-1]
    return " ".join(re.sub(r"[-_.]+", " ", tail).split())[:100]
