"""The repository pipeline: read every graph file, validate the whole, write the store.

Nothing is written unless the data conforms: a failing build leaves the previous store.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.term import Node

from mougraph.errors import ValidationFailed
from mougraph.ingest import Outcome
from mougraph.layout import Layout
from mougraph.rdfio import read_graph
from mougraph.remote import Remote, publish
from mougraph.store import StoreSummary, write_store
from mougraph.validate import ValidationReport, indexed_graph, validate


@dataclass(frozen=True)
class Loaded:
    """Parsed files: each file's graph, and where each subject came from."""

    graphs: dict[Path, Graph]

    def union(self) -> Graph:
        union = Graph()
        for graph in self.graphs.values():
            union += graph
        return union

    def origins(self, root: Path) -> dict[Node, str]:
        """Map each subject to the file(s) that state something about it."""
        found: dict[Node, set[str]] = defaultdict(set)
        for path, graph in self.graphs.items():
            shown = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
            for subject in graph.subjects(unique=True):
                found[subject].add(shown)
        return {subject: ", ".join(sorted(files)) for subject, files in found.items()}


def load(paths: Iterable[Path]) -> Loaded:
    """Parse each file once (duplicates skipped); raises ``BadInput`` on the first bad file."""
    graphs: dict[Path, Graph] = {}
    for path in paths:
        resolved = path.resolve()
        if resolved not in graphs:
            graphs[resolved] = read_graph(path)
    return Loaded(graphs)


def load_shapes(layout: Layout) -> Graph:
    """The shapes graph: every file in ``shapes/``."""
    return load(layout.shapes_files).union()


def validate_files(layout: Layout, files: Iterable[Path] = ()) -> tuple[ValidationReport, Loaded]:
    """Validate ``files`` (default: the whole repository) together with the vocabulary and reference data."""
    chosen = list(files)
    loaded = load([*layout.context_files, *(chosen or layout.graph_files)])
    ontology = loaded.graphs[layout.ontology_file.resolve()]
    report = validate(indexed_graph(*loaded.graphs.values()), shapes=load_shapes(layout), ontology=ontology)
    return report, loaded


def _announcement_slugs(layout: Layout) -> set[str]:
    """The slugs of the readable files in ``data/announcements/``."""
    from mougraph.errors import BadInput
    from mougraph.sources import read_announcement

    slugs = set()
    for path in layout.announcement_files:
        try:
            slugs.add(read_announcement(path).slug)
        except BadInput:
            continue
    return slugs


def build(
    layout: Layout, store_path: Path | Remote, *, corpus: Path | None = None
) -> tuple[ValidationReport, StoreSummary]:
    """Extract, validate and publish the repository; see :func:`build_batch`."""
    report, summary, _ = build_batch(layout, store_path, corpus=corpus)
    return report, summary


def build_batch(
    layout: Layout,
    store_path: Path | Remote,
    *,
    corpus: Path | None = None,
    lang: str = "en",
    workers: int | None = None,
) -> tuple[ValidationReport, StoreSummary, Outcome]:
    """Extract every announcement, validate, quarantine what fails, write ``data/graph/`` and the store.

    Announcements come from ``data/announcements/`` and, when ``corpus`` is given, the pages of the
    development set (``data/devset.txt``) read from the corpus archives. The store (a folder, or a
    remote SPARQL server: :func:`mougraph.remote.publish`) gets one named graph per published
    announcement plus the vocabulary, reference and other graph files. When the
    vocabulary or reference data themselves do not conform, nothing is written (``ValidationFailed``).
    """
    from mougraph.corpus import find_pages
    from mougraph.ingest import named_graphs, process_all, write_graph_files

    static = layout.static_graph_files
    loaded = load([*layout.context_files, *static])
    texts: list[tuple[str, str]] = []
    kept: tuple[Path, ...] = ()
    if corpus is not None and layout.devset_file.exists():
        lines = layout.devset_file.read_text(encoding="utf-8").splitlines()
        urls = [line.split()[0] for line in lines if line.strip() and not line.startswith("#")]
        texts = list(find_pages(corpus, urls).values())
    else:
        # Without the corpus the development set is not read again: its committed graphs are kept
        # (validated with the rest and published as they are).
        kept = tuple(path for path in layout.extracted_files if path.stem not in _announcement_slugs(layout))
    count = workers if workers is not None else min(2, os.cpu_count() or 1)
    outcome = process_all(layout.root, layout.announcement_files, texts, lang, count, kept)
    report = outcome.report
    if not report.conforms:
        # What quarantine could not pin on an announcement: the vocabulary or reference data are broken.
        raise ValidationFailed(f"{len(report.violations)} violation(s); the store was not changed", report)
    write_graph_files(layout, outcome, kept)
    named: dict[URIRef, Graph | str] = {}
    for path, graph in [*loaded.graphs.items(), *load(kept).graphs.items()]:
        name = layout.named_graph(path)
        current = named.setdefault(name, Graph())
        assert isinstance(current, Graph)
        current += graph
    named.update(named_graphs(outcome))
    if isinstance(store_path, Remote):
        return report, publish(named, store_path), outcome
    return report, write_store(named, store_path), outcome
