"""The shared command line of the generators: write a committed file, or ``--check`` that it is current."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path


def main(description: str | None, target: Path, render: Callable[[], str], script: str) -> int:
    """Write ``render()`` to ``target``; with ``--check``, exit 1 (naming ``script``) when it differs."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--check", action="store_true", help=f"exit 1 if {target.name} is not what would be generated")
    args = parser.parse_args()
    text = render()
    if args.check:
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            print(f"{target} is stale: run python tools/{script}", file=sys.stderr)
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    return 0
