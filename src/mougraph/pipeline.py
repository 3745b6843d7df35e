"""The repository pipeline: read every graph file, validate the whole, write the store.

Nothing is written unless the data conforms: a failing build leaves the previous store.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef
from rdflib.term import Node

from mougraph.batch import Outcome
from mougraph.errors import ValidationFailed
from mougraph.layout import Layout
from mougraph.rdfio import read_graph
from mougraph.remote import Remote, publish
from mougraph.store import StoreSummary, write_store
from mougraph.validate import ValidationReport, indexed_graph, validate

if TYPE_CHECKING:
    from mougraph.coverage import Coverage
    from mougraph.ingest import PageResult
    from mougraph.merge import Decision


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


def build(layout: Layout, store_path: Path | Remote) -> tuple[ValidationReport, StoreSummary]:
    """Extract, validate and publish the repository; see :func:`build_batch`."""
    report, summary, _ = build_batch(layout, store_path)
    return report, summary


def build_batch(
    layout: Layout,
    store_path: Path | Remote,
    *,
    lang: str = "en",
    workers: int | None = None,
) -> tuple[ValidationReport, StoreSummary, Outcome]:
    """Extract every announcement, validate, quarantine what fails, write ``data/graph/`` and the store.

    Announcements come from ``data/announcements/``; the decisions ``mougraph ingest`` found in the
    corpus (``data/graph/decision/``) and the other graph files are validated with them. The store
    (a folder, or a remote SPARQL server: :func:`mougraph.remote.publish`) gets one named graph per
    published announcement and per graph file. When the vocabulary, reference data or committed
    graph files themselves do not conform, nothing is written (``ValidationFailed``).
    """
    from mougraph.batch import named_graphs, process_all, write_graph_files

    static = layout.static_graph_files
    loaded = load([*layout.context_files, *static])
    count = workers if workers is not None else min(2, os.cpu_count() or 1)
    outcome = process_all(layout.root, layout.announcement_files, [], lang, count)
    report = outcome.report
    if not report.conforms:
        # What quarantine could not pin on an announcement: the vocabulary or reference data are broken.
        raise ValidationFailed(f"{len(report.violations)} violation(s); the store was not changed", report)
    write_graph_files(layout, outcome)
    named: dict[URIRef, Graph | str] = {}
    for path, graph in loaded.graphs.items():
        name = layout.named_graph(path)
        current = named.setdefault(name, Graph())
        assert isinstance(current, Graph)
        current += graph
    named.update(named_graphs(outcome))
    if isinstance(store_path, Remote):
        return report, publish(named, store_path), outcome
    return report, write_store(named, store_path), outcome


@dataclass
class Ingested:
    """What :func:`ingest_corpus` found and wrote."""

    coverage: Coverage
    written: list[Path]
    report: ValidationReport
    cached: int


def ingest_corpus(
    layout: Layout,
    paths: Iterable[Path],
    *,
    workers: int | None = None,
    cache: bool = True,
    progress: Callable[[int, int], None] | None = None,
    lang: str = "en",
) -> Ingested:
    """Read a whole corpus, find the cabinet decisions on international digital instruments, merge
    their sources, validate, and write ``data/graph/decision/``, the register of the names given
    (``data/graph/iris.tsv``) and ``docs/coverage.md``.

    Decisions whose graph breaks the shapes are quarantined (``var/quarantine/decision-*.txt``);
    files are replaced only when all are written (each one atomically).
    """
    from mougraph import coverage as cov
    from mougraph import merge
    from mougraph.batch import check_units
    from mougraph.ingest import scan
    from mougraph.register import Register

    found = scan(layout, paths, workers, layout.ingest_cache_dir if cache else None, progress)
    unique = _one_per_page(found.pages)
    register = Register.read(layout.iri_register_file)
    decisions = merge.decisions(unique, register)
    linked = merge.link_renewals(decisions)
    context = load([*layout.context_files, *layout.hand_graph_files, *layout.extracted_files])
    ontology = context.graphs[layout.ontology_file.resolve()]
    checked = check_units(decisions, context.union(), load_shapes(layout), ontology, lang)
    if not checked.report.conforms and not checked.quarantined:
        raise ValidationFailed("the vocabulary or reference data do not conform; nothing was written", checked.report)
    published = [d for d in decisions if d.slug not in checked.quarantined]
    coverage = cov.count(found.pages, unique, decisions, partner_names(context.union()))
    coverage.inputs = len(found.inputs)
    coverage.renewals_linked = linked
    coverage.quarantined = checked.quarantined
    coverage.published = len(published)
    written = write_decisions(layout, published, checked.quarantined)
    _replace(layout.iri_register_file, register.text())
    _replace(layout.coverage_file, cov.markdown(coverage))
    return Ingested(coverage, written, checked.report, found.cached)


def _one_per_page(pages: list[PageResult]) -> list[PageResult]:
    """A page read twice (in both corpora, or a repository file that is also in the corpus) counts
    once: the repository's file first, else the first read."""
    chosen: dict[str, PageResult] = {}
    for page in sorted(pages, key=lambda p: not p.where.startswith("data/announcements/")):
        chosen.setdefault(page.slug or page.where, page)
    return list(chosen.values())


def partner_names(graph: Graph) -> dict[str, str]:
    """English names of countries (by ISO code) and organizations (by IRI)."""
    from rdflib import Literal
    from rdflib.namespace import SKOS

    from mougraph import iris

    names: dict[str, str] = {}
    prefix = str(iris.country("XX"))[:-2]
    for subject, label in graph.subject_objects(SKOS.prefLabel):
        if not (isinstance(label, Literal) and label.language == "en"):
            continue
        key = str(subject)
        names[key[len(prefix) :] if key.startswith(prefix) else key] = str(label)
    return names


def write_decisions(layout: Layout, found: list[Decision], quarantined: dict[str, str]) -> list[Path]:
    """One Turtle file per decision in ``data/graph/decision/`` (stale ones removed), quarantine
    reports in ``var/quarantine/decision-{slug}.txt``."""
    from mougraph.batch import review_turtle

    folder = layout.decisions_dir
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for decision in found:
        sources = "\n".join(
            f"#   {s.page.source or s.page.where}" + (f" item {s.item.number}" if s.item.number else "")
            for s in decision.sources
        )
        header = (
            f"# Cabinet decision {decision.slug}, told by:\n{sources}\n"
            "# Generated by `mougraph ingest`: do not edit; fix the extractor, the thesaurus or the gazetteer.\n"
        )
        path = folder / f"{decision.slug}.ttl"
        _replace(path, review_turtle(decision.graph.serialize(format="nt"), header))
        written.append(path)
    keep = {path.name for path in written}
    for path in folder.glob("*.ttl"):
        if path.name not in keep:
            path.unlink()
    for stale in layout.quarantine_dir.glob("decision-*.txt"):
        stale.unlink()
    for slug, report in quarantined.items():
        layout.quarantine_dir.mkdir(parents=True, exist_ok=True)
        (layout.quarantine_dir / f"decision-{slug}.txt").write_text(report + "\n", encoding="utf-8")
    return written


def _replace(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` unless it is there already (atomically: a complete file or the old one)."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    partial = path.with_name(path.name + ".part")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)
