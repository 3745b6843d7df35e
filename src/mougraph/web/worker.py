"""The worker process's main loop, and the write-time SHACL check of the writer process.

A query worker answers :class:`QueryTask` and Graph Store reads on its in-memory copy of the
dataset, reloading it when the parent says the dataset has a newer version. The writer
(only when updates are enabled) also applies updates and Graph Store writes, checks the
changed graphs against the shapes, undoes a write that does not conform, and writes an
N-Quads snapshot that the query workers then load.
"""

from __future__ import annotations

import logging
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from mougraph.web.engine import (
    GraphTask,
    QueryTask,
    Reply,
    Source,
    UpdateTask,
    load,
    run_graph_read,
    run_graph_write,
    run_query,
    syntax_message,
)

log = logging.getLogger("mougraph.worker")

_CONTEXT_GRAPHS = (
    "https://w3id.org/mougraph/graph/ontology",
    "https://w3id.org/mougraph/graph/thesaurus",
    "https://w3id.org/mougraph/graph/reference",
)
_TOP_CONCEPT = "http://www.w3.org/2004/02/skos/core#hasTopConcept"


class ShapesCheck:
    """Validate what a write changed, with the vocabulary and reference data it points at."""

    def __init__(self, root: Path, lang: str) -> None:
        from mougraph.layout import Layout
        from mougraph.pipeline import load as load_files
        from mougraph.pipeline import load_shapes

        layout = Layout(root)
        self.shapes = load_shapes(layout)
        self.ontology = load_files([layout.ontology_file]).union()
        self.lang = lang
        self.classes, self.predicates, self.nodes, self.opaque = _targets(self.shapes, self.ontology)

    def targeted(self, data: Any) -> bool:
        """Whether any shape targets something in ``data`` (if not, pyshacl would find nothing)."""
        from rdflib.namespace import RDF

        if self.opaque:
            return True
        if any(cls in self.classes for cls in data.objects(None, RDF.type)):
            return True
        if any(p in self.predicates for p in data.predicates()):
            return True
        return any(node in self.nodes for node in data.all_nodes())

    def report(self, store: ox.Store, before: set[bytes]) -> str | None:
        """None when the changed graphs conform; else the report as text."""
        from rdflib import Graph

        from mougraph.validate import ValidationReport, check_nfc, format_report, validate

        after = set((store.dump(format=ox.RdfFormat.N_QUADS) or b"").splitlines())
        changed_lines = before ^ after
        if not changed_lines:
            return None
        changed = {q.graph_name for q in ox.parse(b"\n".join(changed_lines), format=ox.RdfFormat.N_QUADS)}
        context = [ox.NamedNode(g) for g in _CONTEXT_GRAPHS]
        if any(g in changed for g in context):
            triples = [q.triple for q in store]  # the vocabulary itself changed: check everything
        else:
            triples = [q.triple for g in changed for q in store.quads_for_pattern(None, None, None, g)]
            triples += self._slice(store, triples, context)
        data = Graph()
        if triples:
            data.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
        if not self.targeted(data):
            problems = list(check_nfc(data))  # no shape applies; the text check still does
            return format_report(ValidationReport(tuple(problems)), self.lang) if problems else None
        result = validate(data, shapes=self.shapes, ontology=self.ontology)
        return None if result.conforms else format_report(result, self.lang)

    @staticmethod
    def _slice(store: ox.Store, triples: list[Any], context: list[Any], hops: int = 2) -> list[Any]:
        """Context triples about the IRIs ``triples`` mention, following links ``hops`` times."""
        found: list[Any] = []
        seen: set[Any] = set()
        frontier = {t.object for t in triples if isinstance(t.object, ox.NamedNode)}
        frontier |= {t.subject for t in triples if isinstance(t.subject, ox.NamedNode)}
        for _ in range(hops):
            following: set[Any] = set()
            for node in frontier - seen:
                seen.add(node)
                for graph in context:
                    for quad in store.quads_for_pattern(node, None, None, graph):
                        if quad.predicate.value == _TOP_CONCEPT:
                            continue
                        found.append(quad.triple)
                        if isinstance(quad.object, ox.NamedNode):
                            following.add(quad.object)
            frontier = following
        return found


def _targets(shapes: Any, ontology: Any) -> tuple[set[Any], set[Any], set[Any], bool]:
    """What the shapes target: classes (with their subclasses), predicates, nodes; ``opaque`` for sh:target."""
    from rdflib.namespace import OWL, RDF, RDFS, SH

    classes = set(shapes.objects(None, SH.targetClass))
    classes |= {s for s in shapes.subjects(RDF.type, SH.NodeShape) if (s, RDF.type, RDFS.Class) in shapes}
    classes |= {s for s in shapes.subjects(RDF.type, SH.NodeShape) if (s, RDF.type, OWL.Class) in shapes}
    both = shapes + ontology
    grown = True
    while grown:
        more = {sub for cls in classes for sub in both.subjects(RDFS.subClassOf, cls)} - classes
        classes |= more
        grown = bool(more)
    predicates = set(shapes.objects(None, SH.targetSubjectsOf)) | set(shapes.objects(None, SH.targetObjectsOf))
    nodes = set(shapes.objects(None, SH.targetNode))
    opaque = any(True for _ in shapes.subject_objects(SH.target))
    return classes, predicates, nodes, opaque


def _answer(store: ox.Store, task: Any) -> Reply:
    if isinstance(task, QueryTask):
        return run_query(store, task)
    if isinstance(task, GraphTask) and task.method in ("GET", "HEAD"):
        return run_graph_read(store, task)
    raise TypeError(f"a query worker cannot run {type(task).__name__}")


def _write(store: ox.Store, task: Any) -> Reply:
    if isinstance(task, UpdateTask):
        try:
            store.update(task.text, base_iri=task.base_iri)
        except SyntaxError as error:
            return Reply(400, syntax_message(error, "SPARQL Update").encode())
        except (ValueError, OSError) as error:
            return Reply(400, f"the update cannot be applied: {error}".encode())
        return Reply(204, changed=True)
    return run_graph_write(store, task)


def main(conn: Connection, source: Source, role: str, root: str, lang: str, snapshots: str) -> None:
    """Serve tasks from ``conn`` until the parent closes it (or kills this process)."""
    writable = role == "writer"
    store = load(source, writable)
    current = source
    check = ShapesCheck(Path(root), lang) if role == "writer" else None
    conn.send(("ready", source.version))
    while True:
        try:
            wanted, task = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if wanted.version != current.version:
                store = load(wanted, writable)
                current = wanted
            if check is None or (isinstance(task, GraphTask) and task.method in ("GET", "HEAD")):
                reply = _answer(store, task)
            else:
                reply = _write_checked(store, task, check, current, snapshots)
                if reply.snapshot is not None:
                    current = Source(reply.snapshot, current.version + 1, snapshot=True)
                elif reply.status >= 400 and reply.status != 404:
                    store = load(current, writable)  # undo whatever part of the write was applied
        except Exception as error:  # a bug here must not take the worker down silently
            log.exception("worker task failed")
            reply = Reply(500, f"internal error in the query worker: {type(error).__name__}".encode())
        conn.send(reply)


def _write_checked(store: ox.Store, task: Any, check: ShapesCheck, current: Source, snapshots: str) -> Reply:
    before = set((store.dump(format=ox.RdfFormat.N_QUADS) or b"").splitlines())
    reply = _write(store, task)
    if not reply.changed:
        return reply
    report = check.report(store, before)
    if report is not None:
        return Reply(422, ("the write was refused: the data would not conform to the shapes\n\n" + report).encode())
    path = Path(snapshots) / f"snapshot-{current.version + 1}.nq"
    store.dump(str(path), format=ox.RdfFormat.N_QUADS)
    return Reply(reply.status, reply.body, reply.media_type, changed=True, snapshot=str(path))
