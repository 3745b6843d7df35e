"""Start the endpoint on 127.0.0.1 on a free port, in a thread of the test process, and stop it after."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mougraph.config import Settings
from mougraph.web.serve import free_port, in_thread

__all__ = ["ROOT", "free_port", "serve"]

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def serve(store: Path, **options: Any) -> Iterator[str]:
    """Yield the base URL of a running endpoint over ``store`` with settings ``options``."""
    settings = Settings.from_env({}, root=ROOT, store=store, host="127.0.0.1", port=free_port(), **options)
    with in_thread(settings) as url:
        yield url
