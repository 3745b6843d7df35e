"""The repository's layout: which files make up the graph, and which named graph each fills.

::

    ontology/mougraph.ttl        -> graph/ontology
    ontology/thesaurus/*.ttl     -> graph/thesaurus
    data/reference/*.ttl         -> graph/reference
    data/graph/**/*.ttl          -> graph/{path below data/graph, without .ttl}
    shapes/*.ttl                 (the shapes graph; never loaded into the store)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from mougraph import iris


@dataclass(frozen=True)
class Layout:
    """Paths of a mougraph repository rooted at ``root``."""

    root: Path

    @property
    def ontology_file(self) -> Path:
        return self.root / "ontology" / "mougraph.ttl"

    @property
    def thesaurus_files(self) -> list[Path]:
        return sorted((self.root / "ontology" / "thesaurus").glob("*.ttl"))

    @property
    def reference_files(self) -> list[Path]:
        return sorted((self.root / "data" / "reference").glob("*.ttl"))

    @property
    def graph_dir(self) -> Path:
        return self.root / "data" / "graph"

    @property
    def announcements_dir(self) -> Path:
        return self.root / "data" / "announcements"

    @property
    def announcement_files(self) -> list[Path]:
        """Announcement texts dropped into ``data/announcements/`` (``*.txt``)."""
        return sorted(self.announcements_dir.glob("*.txt"))

    @property
    def devset_file(self) -> Path:
        """Source URLs of the development set, read from the corpus at build time."""
        return self.root / "data" / "devset.txt"

    @property
    def extracted_dir(self) -> Path:
        """Where the build writes one Turtle file per announcement."""
        return self.graph_dir / "announcement"

    @property
    def quarantine_dir(self) -> Path:
        """Readable reports of announcements that failed validation (not committed)."""
        return self.root / "var" / "quarantine"

    @property
    def graph_files(self) -> list[Path]:
        return sorted(self.graph_dir.rglob("*.ttl"))

    @property
    def shapes_files(self) -> list[Path]:
        return sorted((self.root / "shapes").glob("*.ttl"))

    @property
    def context_files(self) -> list[Path]:
        """Vocabulary and reference data: what any data file is checked against."""
        return [self.ontology_file, *self.thesaurus_files, *self.reference_files]

    @property
    def data_files(self) -> list[Path]:
        """Everything that goes into the store, in load order."""
        return [*self.context_files, *self.graph_files]

    def named_graph(self, path: Path) -> URIRef:
        """The named graph a file of the repository is loaded into.

        >>> Layout(Path("/r")).named_graph(Path("/r/data/graph/announcement/thaigov-60838.ttl"))
        rdflib.term.URIRef('https://w3id.org/mougraph/graph/announcement/thaigov-60838')
        >>> Layout(Path("/r")).named_graph(Path("/r/ontology/thesaurus/areas.ttl"))
        rdflib.term.URIRef('https://w3id.org/mougraph/graph/thesaurus')
        """
        path = path if path.is_absolute() else self.root / path
        if path == self.ontology_file:
            return iris.ONTOLOGY_GRAPH
        if path.parent == self.root / "ontology" / "thesaurus":
            return iris.THESAURUS_GRAPH
        if path.parent == self.root / "data" / "reference":
            return iris.REFERENCE_GRAPH
        if path.is_relative_to(self.graph_dir):
            return iris.graph(path.relative_to(self.graph_dir).with_suffix("").as_posix())
        return iris.graph("file/" + iris.slug(path.stem))
