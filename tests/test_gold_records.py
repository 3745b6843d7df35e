"""The hand-annotated gold extraction records pass tools/check_gold.py (structure, codes, dates, gazetteer)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def test_gold_records_are_well_formed() -> None:
    records = sorted((ROOT / "tests" / "golden" / "records").glob("*.json"))
    assert len(records) >= 30
    corpus = Path("/tmp/corpus")
    extra = [] if corpus.is_dir() else ["--no-corpus"]
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "check_gold.py"), *extra], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr
