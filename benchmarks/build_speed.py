"""Full build time for N announcements (default 1,000): extraction, RDF, SHACL, store.

The announcements are variants of real pages (the seeds and the gold pages read from the
corpus): variant k shifts every Buddhist-Era year by k // (number of pages) and gets its own
source URL, so every variant has its own announcement, decision and instrument IRIs.

    python benchmarks/build_speed.py [--count 1000] [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rdflib import Graph  # noqa: E402

from mougraph.corpus import find_pages  # noqa: E402
from mougraph.extract import Extractor  # noqa: E402
from mougraph.ingest import extract_batch, named_graphs, quarantine  # noqa: E402
from mougraph.layout import Layout  # noqa: E402
from mougraph.pipeline import load, load_shapes  # noqa: E402
from mougraph.store import write_store  # noqa: E402

_YEAR = re.compile(r"(?<![0-9])(25[5-9][0-9])(?![0-9])")
_SOURCE = re.compile(r"(ที่มา\s*:\s*\S+?)([0-9]+)(\s*)$")


def variants(pages: list[str], count: int) -> list[tuple[str, str]]:
    out = []
    for k in range(count):
        text = pages[k % len(pages)]
        shift = k // len(pages)
        text = _YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)
        text = _SOURCE.sub(lambda m: f"{m.group(1)}{9_000_000 + k}{m.group(3)}", text.rstrip()) + "\n"
        out.append((f"variant-{k}", text))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = parser.parse_args()
    layout = Layout(ROOT)
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in (ROOT / "tests/golden/records").glob("*.json")]
    pages = [text for _, text in find_pages(args.corpus, [g["source"] for g in golds]).values()]
    pages = [t for t in pages if len(t) < 60_000]  # news pages and shorter summaries
    pages += [p.read_text(encoding="utf-8") for p in layout.announcement_files]
    texts = variants(pages, args.count)
    size = sum(len(t.encode()) for _, t in texts)
    print(f"{len(texts)} announcements, {size / 1e6:.1f} MB, from {len(pages)} distinct pages")
    started = time.perf_counter()
    extractor = Extractor.for_repository(ROOT)
    batch = extract_batch(extractor, [], texts)
    extracted = time.perf_counter()
    triples = sum(len(item.graph) for item in batch.extracted)
    print(
        f"extract + RDF: {extracted - started:6.1f} s ({len(batch.extracted) / (extracted - started):.0f}/s), {triples:,} triples"
    )
    context = load(layout.context_files)
    report = quarantine(batch, context.union(), load_shapes(layout), context.graphs[layout.ontology_file.resolve()])
    validated = time.perf_counter()
    print(
        f"SHACL:         {validated - extracted:6.1f} s, conforms={report.conforms}, quarantined={len(batch.quarantined)}"
    )
    named: dict = {layout.named_graph(p): g for p, g in context.graphs.items()}
    named.update(named_graphs(batch))
    with tempfile.TemporaryDirectory() as folder:
        summary = write_store({k: v if isinstance(v, Graph) else v for k, v in named.items()}, Path(folder) / "store")
    stored = time.perf_counter()
    print(f"store:         {stored - validated:6.1f} s, {summary.quads:,} quads")
    print(
        f"total:         {stored - started:6.1f} s; peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
