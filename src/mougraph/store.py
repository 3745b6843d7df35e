"""The embedded store: a pyoxigraph RocksDB folder with one named graph per source.

A build writes a complete new store beside the current one and then swaps a symlink, so a
crash at any point leaves the previous store as it was, and readers never see half a build.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from mougraph.errors import BadInput


@dataclass(frozen=True)
class StoreSummary:
    """What a build put into the store."""

    path: Path | str  # the store folder, or the query endpoint of a remote store (mougraph.remote)
    graphs: int
    quads: int


def write_store(graphs: Mapping[URIRef, Graph | str], path: Path) -> StoreSummary:
    """Write ``graphs`` (rdflib graphs or N-Triples texts) as a new store and make ``path`` point at it, atomically.

    ``path`` is a symlink to a sibling folder ``{name}-{timestamp}-{random}``; the previous
    target is removed once the link has been swapped.
    """
    path = path.absolute()
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and not path.is_symlink():
        raise BadInput(str(path), "exists and is not a store link made by mougraph; move it away first")
    # A fresh, unique folder: never one a reader may have open.
    target = Path(tempfile.mkdtemp(prefix=f"{path.name}-{time.strftime('%Y%m%dT%H%M%S')}-", dir=path.parent))
    try:
        store = ox.Store(str(target))
        # One N-Quads document, one bulk load: a bulk load per graph wrote a thousand small tables.
        store.bulk_load(_nquads(graphs), format=ox.RdfFormat.N_QUADS)
        store.flush()
        quads = len(store)
        del store
        previous = path.resolve() if path.is_symlink() else None
        link = path.with_name(f".{path.name}.link-{os.getpid()}")
        link.unlink(missing_ok=True)
        link.symlink_to(target.name)
        os.replace(link, path)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    if previous is not None and previous != target and previous.parent == path.parent:
        shutil.rmtree(previous, ignore_errors=True)
    return StoreSummary(path=path, graphs=len(graphs), quads=quads)


def _nquads(graphs: Mapping[URIRef, Graph | str]) -> bytes:
    """The graphs as one N-Quads document (each N-Triples line gets its graph name)."""
    parts: list[str] = []
    for name, graph in graphs.items():
        text = graph if isinstance(graph, str) else graph.serialize(format="nt")
        suffix = f" <{name}> .\n"
        for line in text.splitlines():
            line = line.rstrip()
            if line.endswith(" ."):
                parts.append(line[:-2] + suffix)
    return "".join(parts).encode("utf-8")


def open_read_only(path: Path) -> ox.Store:
    """Open the store at ``path`` for reading; :class:`BadInput` when there is none."""
    if not path.exists():
        raise BadInput(str(path), "no store here; run 'mougraph build' first")
    return ox.Store.read_only(str(path.resolve()))
