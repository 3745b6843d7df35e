"""Scaled corpora for the side-by-side benchmark: 1×, 100× and 1,000× the real graph.

    python benchmarks/generate.py [--scale 1 100 1000] [--out var/bench] [--workers 2] [--force] [--shortcut]

Each size is written to ``var/bench/{N}x/``: ``dump.nq`` (N-Quads, one named graph per
announcement plus the ontology, thesaurus and reference graphs, as ``mougraph build`` lays
them out), ``store/`` (the pyoxigraph/RocksDB store ``mougraph serve`` reads) and ``meta.json``
(counts, timings, how it was made). A size that is already there is kept unless ``--force``.

- **1×** is the real graph: the two seeds and the benchmark pages (``benchmarks/pages.txt``, pages
  read from the corpus) through the build's own path (``batch.process_all``: extract, map,
  SHACL with quarantine), without touching ``data/graph/``.
- **100×** is 100 text variants of each of those pages (the generator of ``build_speed.py``:
  variant k shifts every Buddhist-Era year and gets its own source URL, so its own IRIs),
  through the same path: extraction, mapping and SHACL all run (about 25 min on two idle cores).
  With ``--shortcut`` it is made as 1,000× is, below (5,200 records in about 4 min).
- **1,000×** takes a documented shortcut, because extraction and SHACL of 50,000+ announcements
  would take well over an hour on two cores: the real pages are extracted once (the real
  extractor), then each of the N variants changes the *record* (new source URL and slug, dates
  shifted by whole years, a different foreign partner of the gazetteer and its country, a
  different proposing Thai agency, the scope items' areas redrawn from the thesaurus;
  modalities and principles keep their evidence, so they stay) and is mapped with the real
  ``rdfmap.record_graph``. SHACL is not run on all of them; a sample (``--check``) goes
  through the build's quarantine and its outcome is recorded.
  The announcements' full text (``schema:text``, 70 % of the real graph's bytes, read by no
  query) is left out at this size: kept, the dump would hold ~9 GB of repeated page text.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import pyoxigraph as ox  # noqa: E402

from mougraph import iris  # noqa: E402
from mougraph.layout import Layout  # noqa: E402

OUT = ROOT / "var" / "bench"
#: The announcement's full text (schema:text): 70 % of the bytes of the real graph, read by no query.
_TEXT = " <https://schema.org/text> "
ID = iris.ID


#: The corpus pages of the 1× graph (source URLs; read from the corpus archives).
PAGES = ROOT / "benchmarks" / "pages.txt"


def real_pages(layout: Layout, corpus: Path) -> list[tuple[str, str]]:
    """(where, text) of the seeds and the development-set pages: what a real build reads."""
    from mougraph.corpus import find_pages

    pages = [(str(path), path.read_text(encoding="utf-8")) for path in layout.announcement_files]
    if PAGES.exists() and corpus.is_dir():
        lines = PAGES.read_text(encoding="utf-8").splitlines()
        urls = [line.split()[0] for line in lines if line.strip() and not line.startswith("#")]
        pages += list(find_pages(corpus, urls).values())
    return pages


def context_nquads(layout: Layout) -> bytes:
    """The ontology, thesaurus, reference and other static graph files as N-Quads in their named graphs."""
    from mougraph.pipeline import load
    from mougraph.store import _nquads

    named: dict[Any, Any] = {}
    for path, graph in load([*layout.context_files, *layout.static_graph_files]).graphs.items():
        named.setdefault(layout.named_graph(path), []).append(graph.serialize(format="nt"))
    return _nquads({name: "".join(parts) for name, parts in named.items()})


def quads_of(graphs: dict[str, str]) -> bytes:
    """N-Quads of named graphs given as N-Triples text."""
    from rdflib import URIRef

    from mougraph.store import _nquads

    return _nquads({URIRef(name): text for name, text in graphs.items()})


def through_pipeline(layout: Layout, texts: list[tuple[str, str]], workers: int) -> tuple[bytes, dict[str, Any]]:
    """The build's own path (extract, map, SHACL, quarantine) over ``texts``; N-Quads of what is published."""
    from mougraph.batch import process_all

    started = time.perf_counter()
    outcome = process_all(layout.root, [], texts, "en", workers)
    took = time.perf_counter() - started
    body = quads_of({str(iris.graph(f"announcement/{item.slug}")): item.ntriples for item in outcome.published})
    meta = {
        "inputs": len(texts),
        "published": len(outcome.published),
        "quarantined": len(outcome.quarantined),
        "problems": len(outcome.problems),
        "pipeline_s": round(took, 1),
        "method": "extract + rdfmap + SHACL/quarantine (ingest.process_all)",
    }
    return body, meta


# ---------------------------------------------------------------- 1,000×: records varied, then mapped


def vocabulary(layout: Layout) -> dict[str, list[str]]:
    """Codes of the thesaurus and the gazetteer's organizations, from the context graphs."""
    store = ox.Store()
    store.bulk_load(context_nquads(layout), format=ox.RdfFormat.N_QUADS)

    def rows(query: str) -> list[tuple[str, ...]]:
        result = store.query(query, use_default_graph_as_union=True)
        assert isinstance(result, ox.QuerySolutions)
        return [tuple(term.value for term in row) for row in result]

    concepts = [c for (c,) in rows("SELECT ?c { ?c a <http://www.w3.org/2004/02/skos/core#Concept> }")]
    orgs = rows(
        "SELECT ?o ?c ?l { ?o <https://w3id.org/mougraph/ontology#country>/"
        "<https://w3id.org/mougraph/ontology#iso3166Alpha2> ?c ; "
        "<http://www.w3.org/2004/02/skos/core#prefLabel> ?l FILTER(lang(?l) = 'th') }"
    )
    found: dict[str, list[str]] = {
        kind: sorted(c.rsplit("/", 1)[1] for c in concepts if c.startswith(f"{ID}{kind}/"))
        for kind in ("area", "modality", "principle")
    }
    found["thai"] = sorted({f"{o}\t{label}" for o, c, label in orgs if c == "TH"})
    found["foreign"] = sorted({f"{o}\t{label}\t{c}" for o, c, label in orgs if c != "TH"})
    return found


def _shift(day: date | None, years: int) -> date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def vary(record: Any, announcement: Any, k: int, vocab: dict[str, list[str]]) -> tuple[Any, Any]:
    """Variant ``k`` of an extracted record: its own source and IRIs, other dates, partners and scope."""
    from mougraph.extract.record import Party

    rng = random.Random(k)
    years = rng.randint(-8, 0)
    source = f"https://www.thaigov.go.th/news/contents/details/{20_000_000 + k}"
    published = _shift(announcement.published, years)
    ann = dataclasses.replace(announcement, source=source, published=published)
    info = dataclasses.replace(
        record.announcement, source=source, published=_shift(record.announcement.published, years)
    )
    decision = record.cabinet_decision
    if decision is not None:
        decision = dataclasses.replace(decision, date=_shift(decision.date, years))
    instruments = []
    for number, instrument in enumerate(record.instruments):
        foreign_iri, foreign_label, country = rng.choice(vocab["foreign"]).split("\t")
        thai_iri, thai_label = rng.choice(vocab["thai"]).split("\t")
        parties = [
            p if p.country == "TH" or p.country is None else Party(foreign_iri, foreign_label, None, country)
            for p in instrument.parties
        ]
        countries = sorted({"TH", *(p.country for p in parties if p.country)})
        items = [
            dataclasses.replace(item, areas=tuple(rng.sample(vocab["area"], rng.randint(1, 2))))
            for item in instrument.scope_items
        ]
        areas = sorted({a for item in items for a in item.areas}) or instrument.scope_areas
        supersedes = instrument.supersedes
        if supersedes is not None:
            supersedes = dataclasses.replace(
                supersedes,
                signed_year=supersedes.signed_year + years if supersedes.signed_year else None,
                expired_on=_shift(supersedes.expired_on, years),
            )
        name = instrument.iri.rsplit("/", 1)[1]
        instruments.append(
            dataclasses.replace(
                instrument,
                iri=f"{ID}instrument/{name}-v{k}-{number}",
                parties=parties,
                countries=countries,
                proposing_agency_iri=thai_iri if instrument.proposing_agency_iri else None,
                proposing_agency_th=thai_label if instrument.proposing_agency_th else None,
                signing_date=_shift(instrument.signing_date, years),
                supersedes=supersedes,
                scope_items=items,
                scope_areas=areas,
            )
        )
    return dataclasses.replace(record, announcement=info, cabinet_decision=decision, instruments=instruments), ann


def extracted_pool(root: Path, pages: list[tuple[str, str]], published: set[str]) -> list[tuple[Any, Any]]:
    """(record, announcement) of the real pages that the 1× build published with instruments."""
    from mougraph.extract import Extractor
    from mougraph.sources import parse_announcement

    extractor = Extractor.for_repository(root)
    pool = []
    for where, text in pages:
        announcement = parse_announcement(text, where)
        if announcement.slug in published:
            record = extractor.extract(announcement)
            if record.instruments:
                pool.append((record, announcement))
    return pool


def published_slugs(folder: Path) -> set[str]:
    """Slugs of the announcement graphs in a size's ``dump.nq``."""
    prefix = str(iris.graph("announcement/"))
    found = set()
    with (folder / "dump.nq").open(encoding="utf-8") as dump:
        for line in dump:
            graph = line.rsplit(" ", 2)[-2]
            if graph.startswith("<" + prefix):
                found.add(graph[len(prefix) + 1 : -1])
    return found


def _map_share(
    args: tuple[str, list[tuple[str, str]], set[str], list[int], dict[str, list[str]], str],
) -> tuple[int, int]:
    """Worker: extract the pool, write the N-Quads of variants ``ks`` to ``part``; (announcements, quads)."""
    root, pages, published, ks, vocab, part = args
    from mougraph.rdfmap import record_graph

    pool = extracted_pool(Path(root), pages, published)
    lines = 0
    with open(part, "w", encoding="utf-8") as out:
        for k in ks:
            record, announcement = vary(*pool[k % len(pool)], k, vocab)
            graph_name = f" <{iris.graph(f'announcement/{announcement.slug}')}> .\n"
            for line in record_graph(record, announcement).serialize(format="nt").splitlines():
                if line.endswith(" .") and _TEXT not in line:
                    out.write(line[:-2] + graph_name)
                    lines += 1
    return len(ks), lines


def mapped_variants(
    layout: Layout, pages: list[tuple[str, str]], published: set[str], count: int, workers: int, folder: Path
) -> tuple[list[Path], dict[str, Any]]:
    """``count`` record-level variants of the real pages, mapped with ``rdfmap``, as N-Quads part files."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    vocab = vocabulary(layout)
    started = time.perf_counter()
    parts = [folder / f"part-{index}.nq" for index in range(workers)]
    shares = [
        (str(layout.root), pages, published, list(range(index, count, workers)), vocab, str(parts[index]))
        for index in range(workers)
    ]
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        done = list(pool.map(_map_share, shares))
    meta = {
        "inputs": count,
        "published": sum(n for n, _ in done),
        "quarantined": None,
        "pipeline_s": round(time.perf_counter() - started, 1),
        "method": "real pages extracted once; records varied (source, dates, partner, agency, scope) and "
        "mapped with rdfmap.record_graph; SHACL on a sample only; schema:text left out",
    }
    return parts, meta


def check_sample(
    layout: Layout, pages: list[tuple[str, str]], published: set[str], count: int, size: int
) -> dict[str, int]:
    """Run ``size`` of the 1,000× variants through the build's SHACL quarantine."""
    from mougraph.batch import Batch, Extracted, quarantine
    from mougraph.pipeline import load, load_shapes
    from mougraph.rdfmap import record_graph

    vocab = vocabulary(layout)
    pool = extracted_pool(layout.root, pages, published)
    rng = random.Random(7)
    batch = Batch()
    for k in sorted(rng.sample(range(count), min(size, count))):
        record, announcement = vary(*pool[k % len(pool)], k, vocab)
        batch.extracted.append(Extracted(announcement, record, record_graph(record, announcement)))
    context = load([*layout.context_files, *layout.static_graph_files])
    ontology = context.graphs[layout.ontology_file.resolve()]
    quarantine(batch, context.union(), load_shapes(layout), ontology)
    return {"checked": len(batch.extracted), "quarantined": len(batch.quarantined)}


# ---------------------------------------------------------------- writing a size


def write_size(folder: Path, chunks: list[bytes | Path], meta: dict[str, Any]) -> dict[str, Any]:
    """Write ``dump.nq`` (from byte chunks and part files) and the RocksDB store; record counts and timings."""
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    dump = folder / "dump.nq"
    with dump.open("wb") as out:
        for chunk in chunks:
            if isinstance(chunk, Path):
                with chunk.open("rb") as part:
                    shutil.copyfileobj(part, out, 1 << 20)
                chunk.unlink()
            else:
                out.write(chunk)
    store_dir = folder / "store"
    shutil.rmtree(store_dir, ignore_errors=True)
    started = time.perf_counter()
    store = ox.Store(str(store_dir))
    store.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    store.flush()
    meta["quads"] = len(store)
    meta["graphs"] = sum(1 for _ in store.named_graphs())
    del store
    meta["store_load_s"] = round(time.perf_counter() - started, 1)
    meta["dump_bytes"] = dump.stat().st_size
    meta["made"] = time.strftime("%Y-%m-%d %H:%M:%S")
    (folder / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta


def generate(
    scale: int, out: Path, workers: int, corpus: Path, force: bool = False, check: int = 200, shortcut: bool = False
) -> dict[str, Any]:
    """Make size ``scale`` (1, 100, 1000 or any N) under ``out/{scale}x`` unless it is there; its meta.

    ``shortcut``: make a size up to 100× as 1,000× is made (records varied and mapped, SHACL on a
    sample) instead of through the full pipeline.
    """
    folder = out / f"{scale}x"
    if (folder / "meta.json").exists() and (folder / "store").exists() and not force:
        meta: dict[str, Any] = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        return meta
    layout = Layout(ROOT)
    pages = real_pages(layout, corpus)
    started = time.perf_counter()
    context = context_nquads(layout)
    if scale == 1:
        body, meta = through_pipeline(layout, pages, workers)
        chunks: list[bytes | Path] = [context, body]
    elif scale <= 100 and not shortcut:
        from build_speed import variants

        texts = [text for _, text in pages]
        body, meta = through_pipeline(layout, variants(texts, scale * len(texts)), workers)
        chunks = [context, body]
    else:
        one = generate(1, out, workers, corpus)
        published = published_slugs(out / "1x")
        folder.mkdir(parents=True, exist_ok=True)
        parts, meta = mapped_variants(layout, pages, published, scale * one["published"], workers, folder)
        chunks = [context, *parts]
        if check:
            meta["shacl_sample"] = check_sample(layout, pages, published, scale * one["published"], check)
    meta["scale"] = scale
    meta["total_s"] = round(time.perf_counter() - started, 1)
    meta = write_size(folder, chunks, meta)
    meta["total_s"] = round(time.perf_counter() - started, 1)
    (folder / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, nargs="+", default=[1, 100, 1000])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--check", type=int, default=200, help="1,000×: variants checked with SHACL (0: none)")
    parser.add_argument("--force", action="store_true", help="make the sizes again even if present")
    parser.add_argument(
        "--shortcut",
        action="store_true",
        help="make sizes up to 100× the 1,000× way (vary records and map them; SHACL on a sample) instead of"
        " the full pipeline (extract + SHACL of every page variant: about 25 min for 100× on two idle cores)",
    )
    args = parser.parse_args()
    for scale in args.scale:
        meta = generate(scale, args.out, args.workers, args.corpus, args.force, args.check, args.shortcut)
        print(f"{scale}x: {json.dumps(meta)}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
