"""What runs inside a worker process: load the dataset, answer one task at a time.

Everything here may be killed at any moment (the deadline) or crash (a pyoxigraph bug); the
parent process only ever sees a :class:`Reply`. Tasks and replies are plain picklable data.
"""

from __future__ import annotations

import html
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from mougraph.web.formats import Format

TRUNCATED_NOTE = "mougraph: the result was cut at {limit:,} {what}; page with LIMIT and OFFSET to see the rest"


@dataclass(frozen=True)
class Source:
    """Where the dataset is: a store folder (version 0) or an N-Quads snapshot written after a change."""

    path: str
    version: int
    snapshot: bool = False


@dataclass(frozen=True)
class QueryTask:
    """A SPARQL query and how to answer it."""

    text: str
    kind: str  # solutions | boolean | graph (from the pre-scan; the engine checks it)
    formats: dict[str, Format]  # the negotiated format per result kind
    max_rows: int
    base_iri: str | None = None
    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None
    substitutions: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class UpdateTask:
    """A SPARQL update (already checked and rewritten for using-graph-uri)."""

    text: str
    base_iri: str


@dataclass(frozen=True)
class GraphTask:
    """A Graph Store Protocol operation on one graph (``graph`` None: the default graph)."""

    method: str  # GET, HEAD, PUT, POST, DELETE
    graph: str | None
    fmt: Format | None = None  # for GET
    bodies: list[tuple[bytes, str]] = field(default_factory=list)  # (data, RdfFormat name) for PUT/POST
    base_iri: str | None = None


@dataclass(frozen=True)
class Reply:
    """An answer: an HTTP status, a body and its media type, and what the engine noticed."""

    status: int
    body: bytes = b""
    media_type: str = "text/plain"
    truncated: bool = False
    changed: bool = False
    snapshot: str | None = None
    rows: int | None = None  # rows (or triples) in the body, when the engine counted them


#: A store folder larger than this is queried where it is (RocksDB, read-only) instead of being
#: copied into each worker's memory: copying 16 M quads takes minutes and GBs per worker.
IN_MEMORY_MAX_BYTES = 256 * 1024 * 1024


def load(source: Source, writable: bool = False) -> ox.Store:
    """The dataset for one worker: an in-memory copy (queries on it run 5-10x faster than on
    RocksDB) when the store is small or ``writable``, else the store itself, opened read-only
    (starts at once)."""
    if source.snapshot:
        store = ox.Store()
        store.bulk_load(path=source.path, format=ox.RdfFormat.N_QUADS)
        return store
    folder = Path(source.path).resolve()
    disk = ox.Store.read_only(str(folder))
    if not writable and folder_size(folder) > IN_MEMORY_MAX_BYTES:
        return disk
    store = ox.Store()
    store.bulk_load(disk.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    del disk
    return store


def folder_size(folder: Path) -> int:
    """Bytes of the files in ``folder`` (a store's RocksDB files)."""
    return sum(path.stat().st_size for path in folder.iterdir() if path.is_file())


def syntax_message(error: SyntaxError, what: str = "SPARQL") -> str:
    """``SPARQL syntax error at line 1, column 23: expected ...`` from pyoxigraph's message.

    >>> syntax_message(SyntaxError("error at 1:23: expected one of X, Y"))
    'SPARQL syntax error at line 1, column 23: expected one of X, Y'
    """
    text = str(error)
    if text.startswith("error at ") and ":" in text[9:]:
        where, _, rest = text[9:].partition(": ")
        line, _, column = where.partition(":")
        text = f"at line {line}, column {column}: {rest}"
    if len(text) > 600:
        text = text[:600] + " …"
    return f"{what} syntax error {text}" if text.startswith("at ") else f"{what} syntax error: {text}"


# ---------------------------------------------------------------- solutions


def _json_term(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        found: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            found["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            found["datatype"] = term.datatype.value
        return found
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{html.escape(term.value, quote=False)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{html.escape(term.value, quote=False)}</bnode>"
    if isinstance(term, ox.Literal):
        value = html.escape(term.value, quote=False)
        if term.language:
            return f'<literal xml:lang="{html.escape(term.language)}">{value}</literal>'
        if term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            return f'<literal datatype="{html.escape(term.datatype.value)}">{value}</literal>'
        return f"<literal>{value}</literal>"
    return (
        f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}</predicate>"
        f"<object>{_xml_term(term.object)}</object></triple>"
    )


def _csv_field(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        text = "_:" + term.value
    elif isinstance(term, ox.NamedNode | ox.Literal):
        text = term.value
    else:
        text = str(term)
    if any(c in text for c in ',"\n\r'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def serialize_solutions(
    variables: list[str], rows: Iterable[list[Any]], fmt: Format, truncated_at: int | None
) -> bytes:
    """SPARQL results in ``fmt``; when ``truncated_at`` is set, a note saying so is part of the body."""
    note = TRUNCATED_NOTE.format(limit=truncated_at, what="rows") if truncated_at is not None else None
    out = io.StringIO()
    if fmt.key == "json":
        bindings = [
            {name: _json_term(value) for name, value in zip(variables, row, strict=True) if value is not None}
            for row in rows
        ]
        document: dict[str, Any] = {"head": {"vars": variables}, "results": {"bindings": bindings}}
        if note is not None:
            document["truncated"] = {"limit": truncated_at, "note": note}
        return json.dumps(document, ensure_ascii=False).encode()
    if fmt.key == "xml":
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n')
        if note is not None:
            out.write(f"<!-- {note} -->\n")
        out.write("<head>")
        for name in variables:
            out.write(f'<variable name="{html.escape(name)}"/>')
        if note is not None:
            out.write(f'<link href="urn:mougraph:truncated:{truncated_at}"/>')
        out.write("</head>\n<results>\n")
        for row in rows:
            out.write("<result>")
            for name, value in zip(variables, row, strict=True):
                if value is not None:
                    out.write(f'<binding name="{html.escape(name)}">{_xml_term(value)}</binding>')
            out.write("</result>\n")
        out.write("</results>\n</sparql>\n")
        return out.getvalue().encode()
    if fmt.key == "csv":
        out.write(",".join(variables) + "\r\n")
        for row in rows:
            out.write(",".join(_csv_field(value) for value in row) + "\r\n")
        if note is not None:
            out.write(f"# {note}\r\n")
        return out.getvalue().encode()
    out.write("\t".join("?" + name for name in variables) + "\n")
    for row in rows:
        out.write("\t".join("" if value is None else str(value) for value in row) + "\n")
    if note is not None:
        out.write(f"# {note}\n")
    return out.getvalue().encode()


def serialize_graph(triples: Iterable[Any], fmt: Format, truncated_at: int | None = None) -> bytes:
    """Triples (or quads) in ``fmt``; a truncation note is a comment where the syntax has comments."""
    quads = [t if isinstance(t, ox.Quad) else ox.Quad(t.subject, t.predicate, t.object) for t in triples]
    body = ox.serialize(quads if fmt.key in ("nq", "trig") else [q.triple for q in quads], format=_rdf(fmt)) or b""
    if truncated_at is not None:
        note = TRUNCATED_NOTE.format(limit=truncated_at, what="triples")
        if fmt.key in ("ttl", "nt", "nq", "trig"):
            body += f"# {note}\n".encode()
        elif fmt.key == "rdfxml":
            body += f"<!-- {note} -->\n".encode()
    return body


def _rdf(fmt: Format) -> ox.RdfFormat:
    found: ox.RdfFormat = getattr(ox.RdfFormat, fmt.engine)
    return found


# ---------------------------------------------------------------- tasks


def _parse_term(text: str) -> Any:
    """A term written in N-Triples syntax (what the query catalogue's ``bind`` returns)."""
    [triple] = list(ox.parse(f"<urn:s> <urn:p> {text} .".encode(), format=ox.RdfFormat.N_TRIPLES))
    return triple.object


def _graph_term(iri: str) -> Any:
    return ox.NamedNode(iri)


def run_query(store: ox.Store, task: QueryTask) -> Reply:
    """Evaluate ``task`` on ``store`` and serialize at most ``max_rows`` rows (or triples)."""
    options: dict[str, Any] = {"base_iri": task.base_iri}
    if task.default_graphs is not None or task.named_graphs is not None:
        options["default_graph"] = [_graph_term(g) for g in task.default_graphs or []]
        options["named_graphs"] = [_graph_term(g) for g in task.named_graphs or []]
    else:
        options["use_default_graph_as_union"] = True
    if task.substitutions:
        options["substitutions"] = {ox.Variable(k): _parse_term(v) for k, v in task.substitutions.items()}
    try:
        result = store.query(task.text, **options)
    except SyntaxError as error:
        return Reply(400, syntax_message(error).encode())
    except (ValueError, OSError) as error:  # evaluation errors pyoxigraph reports
        return Reply(400, f"the query cannot be evaluated: {error}".encode())
    if isinstance(result, ox.QueryBoolean):
        fmt = task.formats["boolean"]
        return Reply(200, result.serialize(format=getattr(ox.QueryResultsFormat, fmt.engine)) or b"", fmt.media_type)
    if isinstance(result, ox.QuerySolutions):
        fmt = task.formats["solutions"]
        variables = [v.value for v in result.variables]
        rows, cut = _capped(([solution[v] for v in variables] for solution in result), task.max_rows)
        body = serialize_solutions(variables, rows, fmt, task.max_rows if cut else None)
        return Reply(200, body, fmt.media_type, truncated=cut, rows=len(rows))
    fmt = task.formats["graph"]
    triples, cut = _capped(iter(result), task.max_rows)
    body = serialize_graph(triples, fmt, task.max_rows if cut else None)
    return Reply(200, body, fmt.media_type, truncated=cut, rows=len(triples))


def _capped(items: Iterator[Any], limit: int) -> tuple[list[Any], bool]:
    found: list[Any] = []
    for item in items:
        if len(found) == limit:
            return found, True
        found.append(item)
    return found, False


def run_graph_read(store: ox.Store, task: GraphTask) -> Reply:
    """GSP GET/HEAD: the graph's triples, or 404 when the named graph does not exist."""
    graph: Any = ox.DefaultGraph() if task.graph is None else ox.NamedNode(task.graph)
    if task.graph is not None and not store.contains_named_graph(graph):
        return Reply(404, f"no graph named <{task.graph}> in the store".encode())
    assert task.fmt is not None
    triples = [q.triple for q in store.quads_for_pattern(None, None, None, graph)]
    return Reply(200, serialize_graph(triples, task.fmt), task.fmt.media_type)


def parse_bodies(task: GraphTask) -> list[Any]:
    """The triples of every uploaded part (pyoxigraph: no remote JSON-LD context is fetched)."""
    triples: list[Any] = []
    for data, engine in task.bodies:
        try:
            for quad in ox.parse(data, format=getattr(ox.RdfFormat, engine), base_iri=task.base_iri):
                triples.append(quad.triple if isinstance(quad, ox.Quad) else quad)
        except SyntaxError as error:
            raise ValueError(f"the uploaded {engine.replace('_', '-').lower()} cannot be parsed: {error}") from None
    return triples


def run_graph_write(store: ox.Store, task: GraphTask) -> Reply:
    """GSP PUT/POST/DELETE on ``store``; 201 when a graph was created, 204 otherwise."""
    graph: Any = ox.DefaultGraph() if task.graph is None else ox.NamedNode(task.graph)
    existed = task.graph is None or store.contains_named_graph(graph)
    if task.method == "DELETE":
        if not existed:
            return Reply(404, f"no graph named <{task.graph}> in the store".encode())
        if task.graph is None:
            store.clear_graph(graph)
        else:
            store.remove_graph(graph)
        return Reply(204, changed=True)
    try:
        triples = parse_bodies(task)
    except ValueError as error:
        return Reply(400, str(error).encode())
    if task.method == "PUT" and existed:
        store.clear_graph(graph)
    if task.graph is not None and not existed:
        store.add_graph(graph)
    store.extend([ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples])
    return Reply(204 if existed else 201, changed=True)
