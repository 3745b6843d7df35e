"""``mougraph serve``: build the store when it is missing or stale, then run the endpoint."""

from __future__ import annotations

from pathlib import Path

from mougraph.config import Settings
from mougraph.layout import Layout


def is_stale(store: Path, layout: Layout) -> bool:
    """True when there is no store, or an input file is newer than it."""
    if not store.exists():
        return True
    built = store.resolve().stat().st_mtime
    return any(path.stat().st_mtime > built for path in [*layout.data_files, *layout.announcement_files])


def run(settings: Settings) -> None:
    """Serve until interrupted (uvicorn, one process; queries run in the worker pool)."""
    import uvicorn

    from mougraph.web.app import create_app

    app = create_app(settings)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level="info",
        timeout_keep_alive=5,
        limit_concurrency=max(64, 4 * (settings.workers + settings.queue)),
        h11_max_incomplete_event_size=65_536,
    )
