"""Extraction throughput: announcements per second on one core.

Reads the pages of the gold records and the seeds (from ``--corpus`` and data/announcements),
then extracts them ``--rounds`` times and prints pages/s and MB/s, split by page kind (news page
vs cabinet-meeting summary, which is 10–50× longer).

    python benchmarks/extraction_speed.py [--corpus ../shared/corpus] [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mougraph.corpus import find_pages  # noqa: E402
from mougraph.extract import Extractor  # noqa: E402
from mougraph.sources import parse_announcement  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in (ROOT / "tests/golden/records").glob("*.json")]
    pages = list(find_pages(args.corpus, [g["source"] for g in golds]).values())
    pages += [(str(p), p.read_text(encoding="utf-8")) for p in (ROOT / "data/announcements").glob("*.txt")]
    started = time.perf_counter()
    extractor = Extractor.for_repository(ROOT)
    print(f"lexicon and tokenizer dictionary: {time.perf_counter() - started:.2f} s (once per process)")
    for kind, chosen in (
        ("news pages", [p for p in pages if "สรุปข่าวการประชุม" not in p[1][:300]]),
        ("meeting summaries", [p for p in pages if "สรุปข่าวการประชุม" in p[1][:300]]),
        ("all", pages),
    ):
        if not chosen:
            continue
        size = sum(len(text.encode()) for _, text in chosen)
        started = time.perf_counter()
        for _ in range(args.rounds):
            for where, text in chosen:
                extractor.extract(parse_announcement(text, where))
        elapsed = time.perf_counter() - started
        count = len(chosen) * args.rounds
        print(
            f"{kind:18} {len(chosen):3} pages, {size / len(chosen) / 1000:6.1f} kB avg: "
            f"{count / elapsed:7.1f} pages/s, {size * args.rounds / elapsed / 1e6:5.2f} MB/s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
