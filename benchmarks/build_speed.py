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

from rdflib import Graph, URIRef  # noqa: E402

from mougraph.batch import named_graphs, process_all  # noqa: E402
from mougraph.corpus import find_pages  # noqa: E402
from mougraph.layout import Layout  # noqa: E402
from mougraph.pipeline import load  # noqa: E402
from mougraph.store import write_store  # noqa: E402

_YEAR = re.compile(r"(?<![0-9])(25[5-9][0-9])(?![0-9])")
_SOURCE = re.compile(r"(ที่มา\s*:\s*\S+?)([0-9]+)(\s*)$")


def variants(pages: list[str], count: int) -> list[tuple[str, str]]:
    out = []
    for k in range(count):
        text = pages[k % len(pages)]
        shift = k // len(pages)
        text = _YEAR.sub(lambda m, shift=shift: str(int(m.group(1)) + shift), text)
        text = _SOURCE.sub(lambda m, k=k: f"{m.group(1)}{9_000_000 + k}{m.group(3)}", text.rstrip()) + "\n"
        out.append((f"variant-{k}", text))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--workers", type=int, nargs="+", default=[2], help="process counts to measure")
    args = parser.parse_args()
    layout = Layout(ROOT)
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in (ROOT / "tests/golden/records").glob("*.json")]
    pages = [text for _, text in find_pages(args.corpus, [g["source"] for g in golds]).values()]
    pages = [t for t in pages if len(t) < 60_000]  # news pages and shorter summaries
    pages += [p.read_text(encoding="utf-8") for p in layout.announcement_files]
    texts = variants(pages, args.count)
    size = sum(len(t.encode()) for _, t in texts)
    print(f"{len(texts)} announcements, {size / 1e6:.1f} MB, from {len(pages)} distinct pages")
    with tempfile.TemporaryDirectory() as folder:
        for workers in args.workers:
            started = time.perf_counter()
            outcome = process_all(ROOT, [], texts, "en", workers)
            processed = time.perf_counter()
            print(
                f"{workers} process(es): extract + RDF + SHACL {processed - started:6.1f} s, "
                f"{len(outcome.published)} published, {len(outcome.quarantined)} quarantined, "
                f"conforms={outcome.report.conforms}"
            )
            named: dict[URIRef, Graph | str] = {
                layout.named_graph(p): g for p, g in load(layout.context_files).graphs.items()
            }
            named.update(named_graphs(outcome))
            summary = write_store(named, Path(folder) / f"store-{workers}")
            stored = time.perf_counter()
            print(f"  store {stored - processed:5.1f} s, {summary.quads:,} quads; total {stored - started:6.1f} s")
    print(f"peak RSS of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
