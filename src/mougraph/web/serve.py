"""``mougraph serve``: build the store when it is missing or stale, then run the endpoint."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
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


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def in_thread(settings: Settings, startup: float = 120.0) -> Iterator[str]:
    """Run the app for ``settings`` in a thread of this process (tests, tools); yield its base URL
    once ``/health`` answers, and stop it on leaving."""
    import httpx
    import uvicorn

    from mougraph.web.app import create_app

    config = uvicorn.Config(create_app(settings), host=settings.host, port=settings.port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://{settings.host}:{settings.port}"
    deadline = time.monotonic() + startup
    try:
        while True:
            try:
                if httpx.get(url + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the endpoint did not start within {startup:.0f} s")
            time.sleep(0.1)
        yield url
    finally:
        server.should_exit = True
        thread.join(30)
