"""The analyst query catalogue: ready SPARQL queries in ``queries/*.rq`` with parseable headers.

Each file starts with a block of ``#`` comment lines (format: ``queries/README.md``)::

    # title@en: Instruments with a given country
    # title@th: เอกสารความร่วมมือกับประเทศที่กำหนด
    # description: Every instrument that involves the country, newest first.
    # param: country country = JP — the partner country, an ISO 3166-1 alpha-2 code

Parameters are bound with pyoxigraph substitutions (never by editing the query text): a
parameter ``name`` is the query variable ``?name``, which must be in the SELECT projection
(pyoxigraph only substitutes projected variables). :func:`bind` validates the values given
as text and returns N-Triples terms; :func:`run` evaluates the query over the union of the
store's graphs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from mougraph import iris
from mougraph.errors import BadInput, NotFound

XSD = "http://www.w3.org/2001/XMLSchema#"

#: Kinds of parameter and what their values look like (for messages and docs).
KINDS: dict[str, str] = {
    "iri": "an absolute IRI, or a path below https://w3id.org/mougraph/id/ (e.g. instrument/2022-08-02-th-jp-moc)",
    "country": "an ISO 3166-1 alpha-2 country code (e.g. JP)",
    "area": "a scope-area code of the thesaurus (e.g. 5g)",
    "modality": "a modality code of the thesaurus (e.g. training)",
    "principle": "a principle code of the thesaurus (e.g. equality)",
    "date": "a date YYYY-MM-DD (e.g. 2022-08-02)",
    "year": "a year, Common Era or Buddhist Era (e.g. 2022 or 2565)",
    "string": "any text (NFC-normalized; invisible characters removed)",
    "integer": "a whole number (e.g. 10)",
}

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_HEADER = re.compile(r"#\s*(?P<key>[A-Za-z@_-]+)\s*:\s?(?P<value>.*)\Z")
_PARAM = re.compile(
    r"(?P<name>\S+)\s+(?P<kind>[a-z]+)(?:\s*=\s*(?P<default>.*?))?\s+(?:—|--)\s+(?P<description>\S.*)\Z"
)
_CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Parameter:
    """One parameter of a query: ``?name`` in its text, a kind, a default (None: required)."""

    name: str
    kind: str
    default: str | None
    description: str


@dataclass(frozen=True)
class CatalogueQuery:
    """A catalogue query: its name (the file stem), titles, description, parameters and text."""

    name: str
    title_th: str
    title_en: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str

    def parameter(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise BadInput(f"query {self.name}", f"unknown parameter {name!r}; it takes: {known}")


def parse_query(path: Path, *, titled: bool = True) -> CatalogueQuery:
    """Read one ``.rq`` file and its header; :class:`BadInput` names the file and line of a bad header.

    With ``titled=False`` (an ad-hoc query file) the titles may be missing and default to the file name.
    """
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(where, f"cannot read as UTF-8 text: {exc}") from exc
    fields: dict[str, list[str]] = {}
    parameters: list[Parameter] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        if stripped.strip("#").strip() == "":
            continue
        match = _HEADER.match(stripped)
        if match is None:
            raise BadInput(where, f"line {number}: header lines read '# key: value' (keys: {', '.join(_KEYS)})")
        key, value = match["key"], unicodedata.normalize("NFC", match["value"].strip())
        if key not in _KEYS:
            raise BadInput(where, f"line {number}: unknown header key {key!r}; use one of: {', '.join(_KEYS)}")
        if key == "param":
            parameters.append(_parse_parameter(value, where, number))
        elif key in fields and key != "description":
            raise BadInput(where, f"line {number}: {key!r} is given twice")
        else:
            fields.setdefault(key, []).append(value)
    for key in ("title@en", "title@th"):
        if not titled and not fields.get(key):
            fields[key] = [path.stem]
        if not fields.get(key) or not fields[key][0]:
            raise BadInput(where, f"line 1: the header has no '# {key}: …' line")
    names = [p.name for p in parameters]
    for name in names:
        if names.count(name) > 1:
            raise BadInput(where, f"parameter {name!r} is declared twice")
        if not re.search(rf"[?$]{name}\b", _body(text)):
            raise BadInput(where, f"parameter {name!r} is not used as ?{name} in the query")
    return CatalogueQuery(
        name=path.stem,
        title_th=fields["title@th"][0],
        title_en=fields["title@en"][0],
        description=" ".join(fields.get("description", [])).strip(),
        parameters=tuple(parameters),
        text=text,
    )


_KEYS = ("title@en", "title@th", "description", "param")


def _body(text: str) -> str:
    """The query without comment lines (to check that parameters are used)."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def _parse_parameter(value: str, where: str, number: int) -> Parameter:
    match = _PARAM.match(value)
    if match is None:
        raise BadInput(where, f"line {number}: a parameter reads '# param: NAME KIND [= DEFAULT] — DESCRIPTION'")
    name, kind, default = match["name"], match["kind"], match["default"]
    if not _NAME.match(name):
        raise BadInput(where, f"line {number}: parameter name {name!r} is not a SPARQL variable name")
    if kind not in KINDS:
        raise BadInput(where, f"line {number}: unknown parameter kind {kind!r}; use one of: {', '.join(KINDS)}")
    parameter = Parameter(name, kind, default if default else None, match["description"].strip())
    if parameter.default is not None:
        try:
            term(parameter, parameter.default)
        except BadInput as exc:
            raise BadInput(where, f"line {number}: bad default: {exc.problem}") from exc
    return parameter


def load_catalogue(folder: Path) -> dict[str, CatalogueQuery]:
    """Every ``*.rq`` file of ``folder``, by name (the file stem), in name order."""
    if not folder.is_dir():
        raise BadInput(str(folder), "no query catalogue folder here")
    return {path.stem: parse_query(path) for path in sorted(folder.glob("*.rq"))}


def find_query(catalogue: Mapping[str, CatalogueQuery], name: str) -> CatalogueQuery:
    """The catalogue query ``name``; :class:`NotFound` listing the known names otherwise."""
    if name in catalogue:
        return catalogue[name]
    raise NotFound(f"no catalogue query {name!r}; known queries: {', '.join(catalogue) or 'none'}")


def term(parameter: Parameter, value: str) -> ox.NamedNode | ox.Literal:
    """The RDF term for ``value`` given as text to ``parameter``; :class:`BadInput` when it is not valid.

    >>> term(Parameter("country", "country", None, ""), "jp")
    <NamedNode value=https://w3id.org/mougraph/id/country/JP>
    >>> term(Parameter("year", "year", None, ""), "2565").value
    '2022'
    """
    where = f"parameter {parameter.name}"
    raw = value
    value = value.strip()

    def bad(why: str = "") -> BadInput:
        return BadInput(where, f"{raw!r} is not {KINDS[parameter.kind]}{why}")

    kind = parameter.kind
    if kind == "iri":
        full = value if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", value) else iris.ID + value.lstrip("/")
        full = unicodedata.normalize("NFC", full)
        if not value or re.search(r"[\s<>\"{}|\\^`]", full):
            raise bad()
        try:
            return ox.NamedNode(full)
        except ValueError as exc:
            raise bad(f" ({exc})") from exc
    if kind == "country":
        if not re.fullmatch(r"[A-Za-z]{2}", value):
            raise bad()
        return ox.NamedNode(str(iris.country(value)))
    if kind in {"area", "modality", "principle"}:
        if not _CODE.match(value):
            raise bad()
        return ox.NamedNode(str(iris.concept(kind, value)))
    if kind == "date":
        try:
            if len(value) != 10:
                raise ValueError(value)
            date.fromisoformat(value)
        except ValueError:
            raise bad() from None
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "date"))
    if kind == "year":
        if not re.fullmatch(r"\d{4}", value):
            raise bad()
        year = int(value)
        return ox.Literal(str(year - 543 if year >= 2400 else year), datatype=ox.NamedNode(XSD + "integer"))
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d{1,18}", value):
            raise bad()
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
    if kind == "string":
        text = unicodedata.normalize("NFC", raw).translate(_INVISIBLE)
        if _CONTROL.search(text):
            raise bad(" (it holds control characters)")
        return ox.Literal(text)
    raise BadInput(where, f"unknown kind {kind!r}")  # pragma: no cover - kinds are checked on load


def bind(query: CatalogueQuery, values: Mapping[str, str]) -> dict[str, str]:
    """Validate ``values`` (text, by parameter name), apply defaults; variable name -> N-Triples term.

    >>> q = CatalogueQuery("q", "", "", "", (Parameter("country", "country", "TH", ""),), "SELECT ?country {}")
    >>> bind(q, {})
    {'country': '<https://w3id.org/mougraph/id/country/TH>'}
    """
    for name in values:
        query.parameter(name)
    bound: dict[str, str] = {}
    for parameter in query.parameters:
        given = values.get(parameter.name, parameter.default)
        if given is None:
            raise BadInput(f"query {query.name}", f"parameter {parameter.name!r} is required ({KINDS[parameter.kind]})")
        bound[parameter.name] = str(term(parameter, given))
    return bound


def parse_term(text: str) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """An N-Triples term (as :func:`bind` returns) back as a pyoxigraph term, read by pyoxigraph's parser.

    >>> parse_term('"ลาว"@th')
    <Literal value=ลาว language=th>
    """
    try:
        quads = list(ox.parse(f"<urn:x:s> <urn:x:p> {text} .", format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError as exc:
        raise BadInput("term", f"{text!r} is not an N-Triples term: {exc}") from exc
    if len(quads) != 1:
        raise BadInput("term", f"{text!r} is not one N-Triples term")
    obj = quads[0].object
    if not isinstance(obj, ox.NamedNode | ox.Literal | ox.BlankNode):
        raise BadInput("term", f"{text!r} is a quoted triple, not a term")
    return obj


def run(store: ox.Store, query: CatalogueQuery, values: Mapping[str, str] | None = None) -> Any:
    """Evaluate ``query`` with ``values`` bound by substitution, over the union of the store's graphs.

    Returns pyoxigraph's ``QuerySolutions`` (SELECT), ``QueryBoolean`` (ASK) or ``QueryTriples``.
    """
    substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
        ox.Variable(name): parse_term(nt) for name, nt in bind(query, values or {}).items()
    }
    try:
        return store.query(query.text, substitutions=substitutions, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise BadInput(f"query {query.name}", f"SPARQL syntax error: {exc}") from exc
    except RuntimeError as exc:  # e.g. a parameter that is not in the SELECT projection
        raise BadInput(f"query {query.name}", str(exc)) from exc
