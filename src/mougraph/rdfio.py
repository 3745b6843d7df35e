"""Reading RDF files into rdflib graphs, with errors that name the file and the line."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.util import guess_format

from mougraph.errors import BadInput


def read_graph(path: Path) -> Graph:
    """Parse one RDF file (format from its suffix: .ttl, .nt, .n3, …).

    Raises :class:`BadInput` naming the file (and the line, for syntax errors) when the file
    is missing, is not UTF-8, or is not valid RDF.
    """
    where = str(path)
    fmt = guess_format(path.name)
    if fmt is None or fmt in {"xml", "trix"}:  # RDF/XML invites entity-expansion attacks
        raise BadInput(where, "unsupported RDF format; use Turtle (.ttl), N-Triples (.nt) or N3 (.n3)")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BadInput(where, f"cannot read: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(where, f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})") from exc
    graph = Graph()
    try:
        graph.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except BadSyntax as exc:
        why = getattr(exc, "_why", "") or "bad syntax"
        raise BadInput(where, f"line {exc.lines + 1}: {why}") from exc
    except (ValueError, SyntaxError) as exc:  # other rdflib parsers
        raise BadInput(where, f"not valid RDF: {exc}") from exc
    return graph
