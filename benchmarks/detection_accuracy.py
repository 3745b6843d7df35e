"""Detection precision and recall on the hand-labelled items of tests/golden/detection/.

The labels (``ID<TAB>relevant|not<TAB>partners<TAB>note``) cover a random sample of agenda items and
news pages (``sample-*.tsv``) and every item an earlier detector flagged (``found-*.tsv``: kept,
rejected by the extractor, borderline). The items mougraph keeps come from a scan of the corpus
that reuses the last ingest's page results (``var/ingest/``) for every unchanged page.

    python benchmarks/detection_accuracy.py [--details]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mougraph.layout import Layout  # noqa: E402


def labels(folder: Path) -> dict[str, tuple[bool, str, str]]:
    """ID -> (relevant, file stem, note), from every labels file."""
    found: dict[str, tuple[bool, str, str]] = {}
    for path in sorted(folder.glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) >= 2 and parts[1] in ("relevant", "not"):
                found.setdefault(parts[0], (parts[1] == "relevant", path.stem, parts[-1]))
    return found


def sample_ids(folder: Path) -> set[str]:
    """The items of the random sample (``sample-*.tsv``)."""
    return {
        line.split("\t", 1)[0]
        for path in folder.glob("sample-*.tsv")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }


def kept_items(layout: Layout) -> tuple[set[str], set[str]]:
    """(items kept, items flagged but not kept) by a scan of the corpus (cached pages reused)."""
    from mougraph.ingest import scan

    corpus = ROOT.parent / "shared" / "corpus"
    found = scan(layout, [corpus], cache_dir=layout.ingest_cache_dir)
    kept, flagged = set(), set()
    for page in found.pages:
        for item in page.flagged:
            key = (page.slug or page.where) + ("" if item.number is None else f"#{item.number}")
            (kept if item.kept else flagged).add(key)
    return kept, flagged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--details", action="store_true", help="list false positives and misses")
    args = parser.parse_args()
    layout = Layout(ROOT)
    gold = labels(ROOT / "tests" / "golden" / "detection")
    kept, _flagged = kept_items(layout)
    labelled_kept = [key for key in kept if key in gold]
    true_pos = [key for key in labelled_kept if gold[key][0]]
    relevant = [key for key, (is_rel, _, _) in gold.items() if is_rel]
    sample = {key: gold[key] for key in sample_ids(ROOT / "tests" / "golden" / "detection")}
    sample_rel = [key for key, v in sample.items() if v[0]]
    precision = len(true_pos) / len(labelled_kept) if labelled_kept else 0.0
    recall = len(true_pos) / len(relevant) if relevant else 0.0
    print(f"labelled items: {len(gold)} ({len(sample)} in the random sample, {len(sample_rel)} of them relevant)")
    print(f"kept by mougraph: {len(kept)} ({len(labelled_kept)} labelled, {len(kept) - len(labelled_kept)} not)")
    print(
        f"precision {precision:.3f} ({len(true_pos)}/{len(labelled_kept)})"
        f"  recall {recall:.3f} ({len(true_pos)}/{len(relevant)})"
    )
    # Labels whose note starts with "unsure" were hard calls; the figures on the others alone:
    sure = {key for key, (_, _, note) in gold.items() if not note.startswith("unsure")}
    sure_kept = [key for key in labelled_kept if key in sure]
    sure_tp = [key for key in sure_kept if gold[key][0]]
    sure_rel = [key for key in relevant if key in sure]
    print(
        f"labels not marked unsure ({len(sure)}): precision {len(sure_tp) / max(1, len(sure_kept)):.3f}"
        f" ({len(sure_tp)}/{len(sure_kept)})  recall {len(sure_tp) / max(1, len(sure_rel)):.3f}"
        f" ({len(sure_tp)}/{len(sure_rel)})"
    )
    s_tp = [key for key in sample_rel if key in kept]
    s_kept = [key for key in sample if key in kept]
    print(f"random sample only: precision {len(s_tp)}/{len(s_kept)}, recall {len(s_tp)}/{len(sample_rel)}")
    if args.details:
        print("\nfalse positives:")
        for key in sorted(k for k in labelled_kept if not gold[k][0]):
            print(f"  {key}\t{gold[key][2][:120]}")
        print("\nmissed:")
        for key in sorted(k for k in relevant if k not in kept):
            print(f"  {key}\t{gold[key][2][:120]}")
        print("\nkept, not labelled:")
        for key in sorted(k for k in kept if k not in gold):
            print(f"  {key}")


if __name__ == "__main__":
    main()
