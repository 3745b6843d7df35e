"""Reading a SPARQL 1.1 Protocol request: which operation, which text, which dataset.

Only UTF-8 is accepted; parameters are percent-decoded exactly once; a query may come by GET,
by a form-encoded POST or as a direct POST body; an update only by POST.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from starlette.requests import Request

from mougraph.errors import ClientError

QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
FORM_TYPE = "application/x-www-form-urlencoded"
_ABSOLUTE_IRI = re.compile(r'^[A-Za-z][A-Za-z0-9+.\-]*:[^<>"{}|^`\\\x00-\x20]*$')


@dataclass(frozen=True)
class Operation:
    """What a protocol request asks for. ``kind`` is query, update, or service (a bare GET)."""

    kind: str
    text: str = ""
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    format: str | None = None


def parse_params(raw: bytes | str, where: str) -> list[tuple[str, str]]:
    """Form or URL parameters, percent-decoded once as UTF-8 (anything else is a 400).

    >>> parse_params(b"graph=http%3A%2F%2Fx%2F%2531&default", "the URL")
    [('graph', 'http://x/%31'), ('default', '')]
    """
    text = raw.decode("latin-1") if isinstance(raw, bytes) else raw
    try:
        return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise ClientError(f"the parameters in {where} are not valid UTF-8 once percent-decoded") from None


def media_type(header: str | None) -> tuple[str, dict[str, str]]:
    """The media type of a Content-Type header and its parameters (lower-cased names).

    >>> media_type("Text/Turtle; charset=UTF-8")
    ('text/turtle', {'charset': 'UTF-8'})
    """
    if not header:
        return "", {}
    kind, *rest = header.split(";")
    params: dict[str, str] = {}
    for item in rest:
        name, _, value = item.partition("=")
        if name.strip():
            params[name.strip().lower()] = value.strip().strip('"')
    return kind.strip().lower(), params


def check_charset(params: dict[str, str]) -> None:
    charset = params.get("charset")
    if charset is not None and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise ClientError(f"charset={charset} is not accepted; send the request as UTF-8", 415)


def decode(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ClientError(f"the {what} is not valid UTF-8 (byte {error.start})") from None


def graph_iris(params: list[tuple[str, str]], name: str) -> list[str]:
    """Values of parameter ``name``, each of which must be an absolute IRI."""
    found = [value for key, value in params if key == name]
    for value in found:
        if not _ABSOLUTE_IRI.match(value):
            raise ClientError(f"{name}={value!r} is not an absolute IRI")
    return found


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refusing (413) more than ``limit`` bytes whether or not Content-Length says so."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ClientError(f"the request body has {int(declared):,} bytes; this endpoint accepts at most {limit:,}", 413)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ClientError(f"the request body is larger than this endpoint accepts ({limit:,} bytes)", 413)
        chunks.append(chunk)
    return b"".join(chunks)


def _single(params: list[tuple[str, str]], name: str) -> str | None:
    values = [value for key, value in params if key == name]
    if len(values) > 1:
        raise ClientError(f"the request has {len(values)} '{name}' parameters; send exactly one")
    return values[0] if values else None


def _operation(kind: str, text: str, params: list[tuple[str, str]]) -> Operation:
    if kind == "query":
        return Operation(
            "query",
            text,
            graph_iris(params, "default-graph-uri"),
            graph_iris(params, "named-graph-uri"),
            _single(params, "format"),
        )
    return Operation("update", text, graph_iris(params, "using-graph-uri"), graph_iris(params, "using-named-graph-uri"))


async def read_operation(request: Request, max_body: int) -> Operation:
    """The operation of a request to ``/sparql``, or a :class:`ClientError` naming what is wrong."""
    raw_query = request.scope.get("query_string", b"")
    if len(raw_query) > max_body:
        raise ClientError(f"the query string is longer than this endpoint accepts ({max_body:,} bytes)", 414)
    url_params = parse_params(raw_query, "the URL")
    if request.method in ("GET", "HEAD"):
        if any(key == "update" for key, _ in url_params):
            raise ClientError("an update cannot be sent with GET; POST it (application/sparql-update or a form)", 405)
        query = _single(url_params, "query")
        if query is None:
            return Operation("service", format=_single(url_params, "format"))
        return _operation("query", query, url_params)
    kind, params = media_type(request.headers.get("content-type"))
    check_charset(params)
    body = await read_body(request, max_body)
    if kind == FORM_TYPE:
        form = parse_params(body, "the form body")
        everything = url_params + form
        query, update = _single(form, "query"), _single(form, "update")
        if query is not None and update is not None:
            raise ClientError("the form has both 'query' and 'update'; send one operation")
        if query is not None:
            return _operation("query", query, everything)
        if update is not None:
            return _operation("update", update, everything)
        raise ClientError("the form has neither a 'query' nor an 'update' parameter")
    if kind == QUERY_TYPE:
        return _operation("query", decode(body, "query"), url_params)
    if kind == UPDATE_TYPE:
        return _operation("update", decode(body, "update"), url_params)
    shown = f"Content-Type {kind!r}" if kind else "no Content-Type"
    raise ClientError(
        f"a POST with {shown} is not a SPARQL request; use {QUERY_TYPE}, {UPDATE_TYPE} or {FORM_TYPE}", 415
    )
