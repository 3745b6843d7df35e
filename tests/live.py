"""Start the endpoint on 127.0.0.1 on a free port, in a thread of the test process, and stop it after."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from mougraph.config import Settings
from mougraph.web.app import create_app

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(store: Path, **options: Any) -> Iterator[str]:
    """Yield the base URL of a running endpoint over ``store`` with settings ``options``."""
    port = free_port()
    settings = Settings.from_env({}, root=ROOT, store=store, host="127.0.0.1", port=port, **options)
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    else:
        server.should_exit = True
        raise RuntimeError("the endpoint did not start within 120 s")
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(30)
