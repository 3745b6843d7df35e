"""Extraction accuracy on the hand-annotated gold records (tests/golden/records/).

Reads each gold item's page from the ThaiGov corpus archives (``../shared/corpus`` or
``--corpus``), extracts it, keeps the instruments of the gold agenda item, pairs predicted and
gold instruments (same type and countries first), and prints precision, recall and F1 per field
and overall (micro-averaged over facts). A list field counts each element as a fact; a scalar
field counts one fact when either side states a value.

    python benchmarks/extraction_accuracy.py [--corpus ../shared/corpus] [--details]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mougraph.corpus import find_pages, page_key  # noqa: E402
from mougraph.extract import Extractor  # noqa: E402
from mougraph.lexicon import repository_lexicon  # noqa: E402
from mougraph.sources import parse_announcement  # noqa: E402

SCALARS = (
    "type",
    "proposing_agency_th",
    "signing_date",
    "signing_place",
    "supersedes",
    "duration_years",
    "scope_count_stated",
)
SETS = ("countries", "parties", "scope_items", "scope_areas", "modalities", "principles")
DATE_FIELDS = ("published", "decision_date", "signing_date", "supersedes")


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def _values(instrument: dict[str, Any], field: str) -> set[str]:
    if field == "parties":
        return {f"{p.get('country')}:{_norm(p['name_th'])}" for p in instrument["parties"]}
    if field == "scope_items":
        return {f"{i['ordinal']}:{_norm(i['text_th'])}" for i in instrument["scope_items"]}
    return {str(v) for v in instrument.get(field) or []}


def _party_counts(gold: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> tuple[int, int, int]:
    """Parties match by country and canonical name; a gold party the annotator could not resolve
    to the gazetteer (``iri`` null, named as written, e.g. ``ไทย``) matches any party of its country."""
    left = [(p.get("country"), _norm(p["name_th"])) for p in predicted]
    tp = 0
    unresolved = []
    for party in gold:
        key = (party.get("country"), _norm(party["name_th"]))
        if key in left:
            left.remove(key)
            tp += 1
        elif party.get("iri") is None:
            unresolved.append(party.get("country"))
    for country in unresolved:
        match = next((k for k in left if k[0] == country), None)
        if match is not None:
            left.remove(match)
            tp += 1
    return tp, len(left), len(gold) - tp


@cache
def _bodies() -> dict[str, str]:
    """Every Thai label of the gazetteer (spaces ignored) -> its body's IRI."""
    return {_norm(label): key for label, key in repository_lexicon(ROOT).organizations.labels}


def _scalar(instrument: dict[str, Any], field: str) -> str | None:
    value = instrument.get(field)
    if value is None:
        return None
    if field == "proposing_agency_th":
        # One body by any of its names (``สำนักงาน ก.พ.`` is the civil-service commission's office).
        return _bodies().get(_norm(value), _norm(value))
    if field == "supersedes":
        return json.dumps({"signed_year": value.get("signed_year"), "expired_on": value.get("expired_on")})
    if field == "signing_place":
        return _norm(value)
    return str(value)


def _pair_score(a: dict[str, Any], b: dict[str, Any]) -> float:
    countries_a, countries_b = set(a["countries"]), set(b["countries"])
    union = countries_a | countries_b
    overlap = len(countries_a & countries_b) / len(union) if union else 1.0
    same_type = 1.0 if a["type"] == b["type"] else 0.0
    title = 1.0 if _norm(a.get("title_th") or "")[:25] == _norm(b.get("title_th") or "")[:25] else 0.0
    return 2 * overlap + same_type + title


def _pair(gold: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> list[tuple[Any, Any]]:
    pairs: list[tuple[Any, Any]] = []
    left = list(predicted)
    for g in gold:
        if not left:
            pairs.append((g, None))
            continue
        best = max(left, key=lambda p: _pair_score(g, p))
        if _pair_score(g, best) >= 1.0:
            pairs.append((g, best))
            left.remove(best)
        else:
            pairs.append((g, None))
    pairs.extend((None, p) for p in left)
    return pairs


def score(
    gold_record: dict[str, Any], predicted: dict[str, Any], item: int | None, tally: dict[str, Counter[str]]
) -> None:
    """Add the true/false positives and negatives of one gold item to ``tally`` (field -> Counter)."""

    def count(field: str, g: str | None, p: str | None) -> None:
        if g is not None and p == g:
            tally[field]["tp"] += 1
        else:
            if g is not None:
                tally[field]["fn"] += 1
            if p is not None:
                tally[field]["fp"] += 1

    announcement_g, announcement_p = gold_record["announcement"], predicted["announcement"]
    for field in ("published", "spokesperson_th"):
        count(field, announcement_g.get(field), announcement_p.get(field))
    decision_g = gold_record.get("cabinet_decision") or {}
    decision_p = predicted.get("cabinet_decision") or {}
    mine = [i for i in predicted["instruments"] if item is None or i.get("agenda_item") == item]
    if gold_record["instruments"]:
        count("decision_date", decision_g.get("date"), decision_p.get("date"))
        # The decision on this item's instruments (a meeting summary decides differently per item).
        kind = mine[0].get("decision") if mine else decision_p.get("decision")
        count("decision", decision_g.get("decision"), kind)
    for g, p in _pair(gold_record["instruments"], mine):
        count("instrument", "1" if g else None, "1" if p else None)
        for field in SCALARS:
            count(field, _scalar(g, field) if g else None, _scalar(p, field) if p else None)
        for field in SETS:
            if field == "parties":
                tp, fp, fn = _party_counts(g["parties"] if g else [], p["parties"] if p else [])
                tally[field]["tp"] += tp
                tally[field]["fp"] += fp
                tally[field]["fn"] += fn
                continue
            gv = _values(g, field) if g else set()
            pv = _values(p, field) if p else set()
            tally[field]["tp"] += len(gv & pv)
            tally[field]["fn"] += len(gv - pv)
            tally[field]["fp"] += len(pv - gv)


def prf(c: Counter[str]) -> tuple[float, float, float]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--details", action="store_true", help="print each item's misses")
    args = parser.parse_args()
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "tests/golden/records").glob("*.json"))]
    pages = find_pages(args.corpus, [g["source"] for g in golds])
    extractor = Extractor.for_repository(ROOT)
    tally: dict[str, Counter[str]] = {}
    missing = 0
    for gold in golds:
        key = page_key(gold["source"])
        if key not in pages:
            missing += 1
            continue
        where, text = pages[key]
        predicted = extractor.extract(parse_announcement(text, where)).json()
        before = {f: Counter(c) for f, c in tally.items()}
        for field in (*SCALARS, *SETS, "published", "spokesperson_th", "decision_date", "decision", "instrument"):
            tally.setdefault(field, Counter())
        score(gold["record"], predicted, gold.get("agenda_item"), tally)
        if args.details:
            misses = [
                f
                for f, c in tally.items()
                if c["fp"] + c["fn"] > before.get(f, Counter())["fp"] + before.get(f, Counter())["fn"]
            ]
            print(f"{gold['source']} item {gold.get('agenda_item')}: misses in {', '.join(misses) or '-'}")
    print(f"gold items: {len(golds)} ({missing} not found in the corpus)\n")
    print(f"{'field':22} {'P':>6} {'R':>6} {'F1':>6}   tp   fp   fn")
    total: Counter[str] = Counter()
    for field in sorted(tally):
        p, r, f = prf(tally[field])
        c = tally[field]
        total.update(c)
        print(f"{field:22} {p:6.3f} {r:6.3f} {f:6.3f} {c['tp']:4} {c['fp']:4} {c['fn']:4}")
    dates: Counter[str] = Counter()
    for field in DATE_FIELDS:
        dates.update(tally.get(field, Counter()))
    for name, c in (("dates (all)", dates), ("countries", tally.get("countries", Counter())), ("OVERALL", total)):
        p, r, f = prf(c)
        print(f"{name:22} {p:6.3f} {r:6.3f} {f:6.3f} {c['tp']:4} {c['fp']:4} {c['fn']:4}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
