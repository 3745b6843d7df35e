"""RDF terms as pages show them: a labelled link, a link out, or text in its language.

Templates get these plain records and escape every string they print (Jinja2 autoescape);
nothing here builds HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mougraph.site import urls
from mougraph.site.lang import format_date
from mougraph.site.names import XSD, Names, local_name

#: Literals longer than this are cut in value tables (the full text is shown elsewhere on the page).
LONG = 400
_DATES = {XSD + "date", XSD + "gYear", XSD + "dateTime"}


@dataclass
class Value:
    """One term: ``text`` is what to show, ``lang`` the language it is written in ('' unknown)."""

    kind: str  # iri | literal | blank
    text: str
    lang: str = ""
    iri: str | None = None
    href: str | None = None
    external: str | None = None
    datatype: str | None = None
    cut: bool = False
    nested: list[tuple[Value, Value]] = field(default_factory=list)


@dataclass(frozen=True)
class View:
    """What turning terms into values needs: the names, the page language and the base IRI."""

    names: Names
    lang: str
    base: str

    def iri(self, iri: str) -> Value:
        """A resource: its label, and a link to its page here or (http/https only) out."""
        local = urls.href(iri, self.base)
        known = self.names.known(iri) or local is None
        text = self.names.label(iri, self.lang) if known else local_name(iri)
        return Value(
            kind="iri",
            text=text,
            lang=self.names.label_lang(iri, self.lang),
            iri=iri,
            href=local,
            external=None if local else urls.external(iri),
        )

    def term(self, cell: dict[str, Any], cut: int = LONG) -> Value:
        """A SPARQL JSON term."""
        kind = cell.get("type")
        if kind == "uri":
            return self.iri(str(cell["value"]))
        if kind == "bnode":
            return Value(kind="blank", text="[…]")
        text = str(cell["value"])
        datatype = cell.get("datatype")
        shown = format_date(text, self.lang) if datatype in _DATES else text
        long = len(shown) > cut
        return Value(
            kind="literal",
            text=shown[:cut].rstrip() + "…" if long else shown,
            lang=str(cell.get("xml:lang", "")) or ("" if datatype not in _DATES else self.lang),
            datatype=None if datatype in _DATES else datatype,
            cut=long,
        )

    def label(self, iri: str) -> str:
        return self.names.label(iri, self.lang)
