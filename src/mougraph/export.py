"""Export the whole store as one file: Turtle, TriG, N-Quads, N-Triples or JSON-LD, streamed.

Quad formats (TriG, N-Quads, JSON-LD) keep every named graph (one per announcement, plus the
ontology, thesaurus and reference graphs). Triple formats (Turtle, N-Triples) hold the union
of all graphs, each triple once: the same view SPARQL queries see.

pyoxigraph writes Turtle, TriG, N-Quads and N-Triples; its JSON-LD is expanded (full IRIs, no
context), so JSON-LD is written here: compact, with the mougraph context
(``ontology/context.jsonld``, published at :data:`CONTEXT_IRI`) inlined so the file reads
without fetching anything, one node object per subject, grouped per named graph.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from mougraph.errors import BadInput, ConfigError

CONTEXT_IRI = "https://w3id.org/mougraph/context.jsonld"
#: The context file of the checkout this module belongs to (the CLI passes its layout's).
DEFAULT_CONTEXT_FILE = Path(__file__).resolve().parents[2] / "ontology" / "context.jsonld"

#: extension -> (description, media type)
FORMATS: dict[str, tuple[str, str]] = {
    "ttl": ("Turtle: the union of all graphs", "text/turtle"),
    "trig": ("TriG: every named graph", "application/trig"),
    "nq": ("N-Quads: every named graph", "application/n-quads"),
    "nt": ("N-Triples: the union of all graphs", "application/n-triples"),
    "jsonld": ("JSON-LD: every named graph, compacted with the mougraph context", "application/ld+json"),
}

_RDF_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
    "nt": ox.RdfFormat.N_TRIPLES,
}
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_CHUNK = 20_000


def load_context(path: Path | None = None) -> dict[str, Any]:
    """The ``@context`` object of the context file (default: this checkout's ``ontology/context.jsonld``)."""
    path = path or DEFAULT_CONTEXT_FILE
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read the JSON-LD context {path}: {exc}") from exc
    context = document.get("@context") if isinstance(document, dict) else None
    if not isinstance(context, dict):
        raise ConfigError(f"{path} holds no '@context' object")
    return context


#: Prefixes left out of Turtle and TriG: their local names hold "/", which Turtle would escape.
_NOT_IN_TURTLE = {"id", "graph"}


def prefixes(context: Mapping[str, Any]) -> dict[str, str]:
    """The context's prefix definitions (terms mapped to an IRI ending in ``/`` or ``#``)."""
    return {
        name: value
        for name, value in context.items()
        if isinstance(value, str) and not name.startswith("@") and value.endswith(("/", "#"))
    }


def stream_export(
    store: ox.Store,
    extension: str,
    context: Mapping[str, Any] | None = None,
    *,
    context_iri: str | None = None,
) -> Iterator[bytes]:
    """The store serialized as ``extension`` (a key of :data:`FORMATS`), in chunks of bytes.

    ``context`` is the JSON-LD context object (default: :func:`load_context`); its prefixes are
    also used in Turtle and TriG. JSON-LD inlines it unless ``context_iri`` is given, in which
    case the document refers to that IRI instead (readers must then know the context).
    """
    if extension not in FORMATS:
        raise BadInput("format", f"unknown export format {extension!r}; choose one of: {', '.join(FORMATS)}")
    context = dict(context if context is not None else load_context())
    if extension == "jsonld":
        return _jsonld(store, context, context_iri)
    if extension in {"ttl", "nt"}:
        return _serialize(_union_triples(store), _RDF_FORMATS[extension], prefixes(context))
    return _serialize(_all_quads(store), _RDF_FORMATS[extension], prefixes(context))


def write_export(
    store: ox.Store,
    extension: str,
    path: Path,
    context: Mapping[str, Any] | None = None,
    *,
    context_iri: str | None = None,
) -> str:
    """Write the export to ``path`` atomically (temp file, fsync, rename) and return its SHA-256 (hex).

    A ``{path}.sha256`` file beside it (``sha256sum`` format) is written the same way.
    """
    path = path.absolute()
    path.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    chunks = stream_export(store, extension, context, context_iri=context_iri)
    with _atomic(path) as out:
        for chunk in chunks:
            digest.update(chunk)
            out.write(chunk)
    hexdigest = digest.hexdigest()
    with _atomic(path.with_name(path.name + ".sha256")) as out:
        out.write(f"{hexdigest}  {path.name}\n".encode())
    return hexdigest


def export_all(
    store: ox.Store, folder: Path, stem: str = "mougraph", context: Mapping[str, Any] | None = None
) -> dict[str, str]:
    """Write every format as ``folder/{stem}.{extension}`` (with checksums); extension -> SHA-256."""
    return {ext: write_export(store, ext, folder / f"{stem}.{ext}", context) for ext in FORMATS}


def sha256_file(path: Path) -> str:
    """SHA-256 (hex) of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _atomic:  # noqa: N801 - used as a context manager, like open()
    """A binary file written under a temporary name and renamed over ``path`` once complete."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> Any:
        handle, name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        self.temp = Path(name)
        self.file = os.fdopen(handle, "wb")
        return self.file

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        try:
            if kind is None:
                self.file.flush()
                os.fsync(self.file.fileno())
            self.file.close()
            if kind is None:
                os.replace(self.temp, self.path)
        finally:
            self.temp.unlink(missing_ok=True)


# ---------------------------------------------------------------- pyoxigraph formats


def _union_triples(store: ox.Store) -> Iterator[ox.Triple]:
    """Each triple of any graph once (SPO order groups a subject's triples together)."""
    solutions = store.query("SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    for row in solutions:
        yield ox.Triple(row[0], row[1], row[2])


def _graphs(store: ox.Store) -> list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph]:
    return [ox.DefaultGraph(), *sorted(store.named_graphs(), key=str)]


def _all_quads(store: ox.Store) -> Iterator[ox.Quad]:
    for graph in _graphs(store):
        yield from store.quads_for_pattern(None, None, None, graph)


def _serialize(items: Iterable[Any], fmt: ox.RdfFormat, names: dict[str, str]) -> Iterator[bytes]:
    """Serialize in chunks; prefix declarations only at the top (later chunks' copies are dropped)."""
    use = None
    if fmt in {ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG}:
        use = {name: iri for name, iri in names.items() if name not in _NOT_IN_TURTLE}
    batch: list[Any] = []
    first = True
    for item in items:
        batch.append(item)
        if len(batch) >= _CHUNK:
            yield _chunk(batch, fmt, use, first)
            first, batch = False, []
    if batch or first:
        yield _chunk(batch, fmt, use, first)


def _chunk(batch: list[Any], fmt: ox.RdfFormat, names: dict[str, str] | None, first: bool) -> bytes:
    data = ox.serialize(batch, format=fmt, prefixes=names) or b""
    if first or not names:
        return data
    lines = data.splitlines(keepends=True)
    skip = 0
    while skip < len(lines) and lines[skip].startswith(b"@prefix "):
        skip += 1
    return b"".join(lines[skip:])


# ---------------------------------------------------------------- JSON-LD


class _Compactor:
    """Turns terms into the compact JSON-LD of a context: short terms, prefixed names, coerced values."""

    def __init__(self, context: Mapping[str, Any]) -> None:
        self.prefixes = sorted(prefixes(context).items(), key=lambda item: -len(item[1]))
        self.terms: dict[str, tuple[str, str | None]] = {}
        for name, definition in context.items():
            if name.startswith("@") or name in dict(self.prefixes):
                continue
            iri, coerce = (
                (definition, None) if isinstance(definition, str) else (definition.get("@id"), definition.get("@type"))
            )
            if isinstance(iri, str):
                self.terms[self.expand(iri)] = (name, self.expand(coerce) if coerce and coerce != "@id" else coerce)

    def expand(self, value: str) -> str:
        prefix, _, rest = value.partition(":")
        for name, iri in self.prefixes:
            if name == prefix and not rest.startswith("//"):
                return iri + rest
        return value

    def iri(self, value: str) -> str:
        for name, iri in self.prefixes:
            if value.startswith(iri) and len(value) > len(iri) and not value[len(iri) :].startswith("//"):
                return f"{name}:{value[len(iri) :]}"
        return value

    def node_id(self, node: Any) -> str:
        if isinstance(node, ox.BlankNode):
            return "_:" + node.value
        if isinstance(node, ox.NamedNode):
            return self.iri(node.value)
        raise BadInput("export", f"JSON-LD export cannot write {node!r} as a node")

    def key(self, predicate: str) -> tuple[str, str | None]:
        return self.terms.get(predicate) or (self.iri(predicate), None)

    def value(self, term: Any, coerce: str | None) -> Any:
        if isinstance(term, ox.NamedNode | ox.BlankNode):
            ref = self.node_id(term)
            return ref if coerce == "@id" else {"@id": ref}
        if isinstance(term, ox.Literal):
            if term.language:
                return {"@value": term.value, "@language": term.language}
            datatype = term.datatype.value
            if datatype == _XSD_STRING:
                return term.value if coerce is None else {"@value": term.value}
            if coerce == datatype:
                return term.value
            return {"@value": term.value, "@type": self.iri(datatype)}
        raise BadInput("export", f"JSON-LD export cannot write {term!r} as a value")

    def node(self, subject: Any, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        node: dict[str, Any] = {"@id": self.node_id(subject)}
        types: list[str] = []
        values: dict[str, list[Any]] = {}
        for predicate, obj in pairs:
            if predicate == _RDF_TYPE and isinstance(obj, ox.NamedNode | ox.BlankNode):
                types.append(self.node_id(obj))
                continue
            key, coerce = self.key(predicate)
            values.setdefault(key, []).append(self.value(obj, coerce))
        if types:
            node["@type"] = types[0] if len(types) == 1 else types
        for key, found in values.items():
            node[key] = found[0] if len(found) == 1 else found
        return node


def _nodes(compactor: _Compactor, quads: Iterable[ox.Quad]) -> Iterator[dict[str, Any]]:
    """One node object per run of quads with the same subject (a subject split in two runs gives two)."""
    subject: Any = None
    pairs: list[tuple[str, Any]] = []
    for quad in quads:
        if subject is not None and quad.subject != subject:
            yield compactor.node(subject, pairs)
            pairs = []
        subject = quad.subject
        pairs.append((quad.predicate.value, quad.object))
    if subject is not None:
        yield compactor.node(subject, pairs)


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ": "))


def _jsonld(store: ox.Store, context: dict[str, Any], context_iri: str | None) -> Iterator[bytes]:
    compactor = _Compactor(context)
    head = _dump(context_iri) if context_iri else json.dumps(context, ensure_ascii=False, indent=2)
    yield f'{{\n"@context": {head},\n"@graph": ['.encode()
    separator = "\n"
    for graph in _graphs(store):
        quads = store.quads_for_pattern(None, None, None, graph)
        if isinstance(graph, ox.DefaultGraph):
            for node in _nodes(compactor, quads):
                yield (separator + _dump(node)).encode()
                separator = ",\n"
            continue
        yield f'{separator}{{"@id": {_dump(compactor.node_id(graph))}, "@graph": ['.encode()
        inner = "\n  "
        buffer: list[str] = []
        for node in _nodes(compactor, quads):
            buffer.append(inner + _dump(node))
            inner = ",\n  "
            if len(buffer) >= 500:
                yield "".join(buffer).encode()
                buffer = []
        buffer.append("\n]}")
        yield "".join(buffer).encode()
        separator = ",\n"
    yield b"\n]}\n"
