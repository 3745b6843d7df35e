"""Checks on a query or update's text before any parser sees it.

pyoxigraph segfaults on deeply nested input, follows ``SERVICE`` and ``LOAD`` URLs, and
cannot be stopped once a huge ``OFFSET`` is being walked, so these checks run first, on a
token scan that skips strings, IRIs and comments (a keyword inside a string is not a keyword).
SPARQL's ``\\uXXXX`` escapes are decoded over the whole text first, as the parser does, so an
escaped keyword is still seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mougraph.errors import ClientError

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_IRI = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_STRING = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'",
    re.DOTALL,
)
_WORD = re.compile(r"[\w\-.:%\\\u00b7\u0300-\u036f\u203f\u2040]+", re.UNICODE)
_VAR = re.compile(r"[?$][\w\u00b7\u0300-\u036f\u203f\u2040]*")
_LANG = re.compile(r"@[A-Za-z]+(?:-[A-Za-z0-9]+)*")
_SPACE = re.compile(r"\s+")
_COMMENT = re.compile(r"#[^\n\r]*")

_OPEN = {"(": ")", "[": "]", "{": "}", "<<": ">>"}
_UNARY = {"!", "+", "-"}
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


@dataclass(frozen=True)
class Token:
    """A token of the scan: ``kind`` is word, iri, string, var, lang, punct."""

    kind: str
    text: str
    start: int


@dataclass(frozen=True)
class Limits:
    """What a query may hold (from the server settings)."""

    max_length: int = 65_536
    max_nesting: int = 100
    max_offset: int = 100_000
    max_limit: int = 10_000
    allow_service: bool = False


@dataclass(frozen=True)
class Scanned:
    """What the scan found: the query form and the top-level keywords."""

    form: str
    keywords: tuple[Token, ...]


def unescape(text: str) -> str:
    r"""Decode SPARQL ``\u`` and ``\U`` escapes, as the parser does before anything else.

    >>> unescape(r"\u0053ERVICE")
    'SERVICE'
    """

    def decode(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else match.group(0)

    return _ESCAPE.sub(decode, text)


def tokens(text: str) -> list[Token]:
    """The tokens of ``text`` (already unescaped); unknown characters are single punctuation tokens.

    >>> [t.text for t in tokens('SELECT ?s { ?s <p> "SERVICE" } # LOAD')]
    ['SELECT', '?s', '{', '?s', '<p>', '"SERVICE"', '}']
    """
    found: list[Token] = []
    at = 0
    while at < len(text):
        char = text[at]
        for pattern in (_SPACE, _COMMENT):
            match = pattern.match(text, at)
            if match:
                at = match.end()
                break
        else:
            if char == "<" and text.startswith("<<", at):
                found.append(Token("punct", "<<", at))
                at += 2
                continue
            if char == ">" and text.startswith(">>", at):
                found.append(Token("punct", ">>", at))
                at += 2
                continue
            for kind, pattern in (("iri", _IRI), ("string", _STRING), ("var", _VAR), ("lang", _LANG), ("word", _WORD)):
                match = pattern.match(text, at)
                if match and match.end() > at:
                    found.append(Token(kind, match.group(0), at))
                    at = match.end()
                    break
            else:
                found.append(Token("punct", char, at))
                at += 1
    return found


def _position(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def _check_nesting(text: str, scanned: list[Token], limit: int) -> None:
    depth = 0
    unary = 0
    for token in scanned:
        if token.kind == "punct" and token.text in _OPEN:
            depth += 1
        elif token.kind == "punct" and token.text in (")", "]", "}", ">>"):
            depth = max(0, depth - 1)
        unary = unary + 1 if token.kind == "punct" and token.text in _UNARY else 0
        if depth + unary > limit:
            raise ClientError(
                f"the query nests brackets or operators deeper than {limit} levels (at {_position(text, token.start)});"
                " this endpoint refuses deeper nesting"
            )


def _check_length(text: str, limit: int) -> None:
    if len(text) > limit:
        raise ClientError(
            f"the request text has {len(text):,} characters; this endpoint accepts at most {limit:,}", 413
        )


def _number_after(text: str, scanned: list[Token], index: int) -> int | None:
    if index + 1 < len(scanned) and scanned[index + 1].kind == "word" and scanned[index + 1].text.isdigit():
        return int(scanned[index + 1].text)
    return None


def _keywords(scanned: list[Token]) -> list[Token]:
    """Bare words (not prefixed names, numbers or parts of other tokens), upper-cased."""
    return [
        Token("keyword", t.text.upper(), t.start)
        for t in scanned
        if t.kind == "word" and ":" not in t.text and not t.text[0].isdigit()
    ]


def check_query(text: str, limits: Limits) -> Scanned:
    """Refuse a query that is too long, too deep, federated or paging too far; return its form.

    >>> check_query("PREFIX s: <http://x/> SELECT * { ?s ?p 'ASK' } LIMIT 5", Limits()).form
    'SELECT'
    >>> check_query("SELECT * { SERVICE <http://127.0.0.1/> { ?s ?p ?o } }", Limits())
    Traceback (most recent call last):
    ...
    mougraph.errors.ClientError: SERVICE is not allowed here (line 1, column 12): the server would open a URL
    """
    _check_length(text, limits.max_length)
    plain = unescape(text)
    scanned = tokens(plain)
    _check_nesting(plain, scanned, limits.max_nesting)
    words = _keywords(scanned)
    if not limits.allow_service:
        for word in words:
            if word.text == "SERVICE":
                raise ClientError(
                    f"SERVICE is not allowed here ({_position(plain, word.start)}): the server would open a URL"
                )
    for index, token in enumerate(scanned):
        if token.kind != "word" or token.text.upper() not in ("OFFSET", "LIMIT"):
            continue
        number = _number_after(plain, scanned, index)
        if number is None:
            continue
        if token.text.upper() == "OFFSET" and number > limits.max_offset:
            raise ClientError(f"OFFSET {number} is above this endpoint's limit of {limits.max_offset:,}")
        if token.text.upper() == "LIMIT" and number > limits.max_limit:
            raise ClientError(
                f"LIMIT {number} is above this endpoint's row limit of {limits.max_limit:,}; page with LIMIT and OFFSET"
            )
    form = next((w.text for w in words if w.text in FORMS), "")
    return Scanned(form=form, keywords=tuple(words))


@dataclass(frozen=True)
class ScannedUpdate:
    """An update's text after the checks: whether it names its own dataset, where USING may go."""

    text: str
    has_dataset_clause: bool
    where_offsets: tuple[int, ...]


def check_update(text: str, limits: Limits) -> ScannedUpdate:
    """Refuse an update that is too long, too deep, or loads a URL; find its WHERE keywords.

    ``where_offsets`` are the offsets (in the unescaped text) of each top-level ``WHERE`` that
    belongs to a DELETE/INSERT operation (where ``USING`` clauses go).

    >>> u = check_update("WITH <g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", Limits())
    >>> u.has_dataset_clause, u.where_offsets
    (True, (29,))
    >>> check_update("LOAD <file:///etc/passwd>", Limits())
    Traceback (most recent call last):
    ...
    mougraph.errors.ClientError: LOAD is not allowed here (line 1, column 1): the server would open a URL or file
    """
    _check_length(text, limits.max_length)
    plain = unescape(text)
    scanned = tokens(plain)
    _check_nesting(plain, scanned, limits.max_nesting)
    depth = 0
    previous = ""
    dataset = False
    wheres: list[int] = []
    for token in scanned:
        if token.kind == "punct" and token.text in _OPEN:
            depth += 1
        elif token.kind == "punct" and token.text in (")", "]", "}", ">>"):
            depth = max(0, depth - 1)
        word = token.text.upper() if token.kind == "word" and ":" not in token.text else ""
        if depth == 0 and word:
            if word in ("SERVICE", "LOAD") and not limits.allow_service:
                what = "a URL" if word == "SERVICE" else "a URL or file"
                raise ClientError(
                    f"{word} is not allowed here ({_position(plain, token.start)}): the server would open {what}"
                )
            if word in ("USING", "WITH"):
                dataset = True
            if word == "WHERE" and previous != "DELETE":
                wheres.append(token.start)
        elif word == "SERVICE" and not limits.allow_service:
            raise ClientError(
                f"SERVICE is not allowed here ({_position(plain, token.start)}): the server would open a URL"
            )
        if token.kind != "comment":
            previous = word
    return ScannedUpdate(text=plain, has_dataset_clause=dataset, where_offsets=tuple(wheres))


def with_using(update: ScannedUpdate, default: list[str], named: list[str]) -> str:
    """The update with ``USING``/``USING NAMED`` clauses for the protocol's using-graph-uri parameters.

    >>> u = check_update("INSERT { ?s a <T> } WHERE { ?s ?p ?o }", Limits())
    >>> with_using(u, ["http://g"], [])
    'INSERT { ?s a <T> } USING <http://g> WHERE { ?s ?p ?o }'
    """
    clause = "".join(f"USING <{iri}> " for iri in default) + "".join(f"USING NAMED <{iri}> " for iri in named)
    text = update.text
    for offset in reversed(update.where_offsets):
        text = text[:offset] + clause + text[offset:]
    return text
