"""Regenerate the site's screenshots in docs/ (the home page and the Laos MoU page).

    python tools/screenshots.py [--store var/store] [--lang en]

Serves the store (build it first with ``mougraph build``) on a free loopback port and drives
Debian's chromium (``/usr/bin/chromium``) through Playwright; nothing is downloaded.
"""

from __future__ import annotations

import argparse
import multiprocessing
import socket
import sys
import threading
import time
from pathlib import Path

import httpx
import uvicorn

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mougraph.config import Settings  # noqa: E402
from mougraph.web.app import create_app  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"]
#: (path, file, viewport height): the instrument page is tall enough to show its first scope items.
SHOTS = (
    ("/", "screenshot-home.png", 1000),
    ("/id/instrument/2022-10-25-th-la-mou", "screenshot-instrument.png", 1800),
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=ROOT / "var" / "store", help="the store to serve")
    parser.add_argument("--lang", choices=("th", "en"), default="th", help="the language of the pages")
    parser.add_argument("--output", type=Path, default=ROOT / "docs", help="folder the screenshots go to")
    args = parser.parse_args()
    if not args.store.exists():
        print(f"no store at {args.store}: run 'python -m mougraph build' first", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    port = _free_port()
    settings = Settings.from_env({}, root=ROOT, store=args.store, host="127.0.0.1", port=port)
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(base + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            context = browser.new_context(base_url=base, viewport={"width": 1200, "height": 900})
            page = context.new_page()
            for path, name, height in SHOTS:
                page.set_viewport_size({"width": 1200, "height": height})
                page.goto(f"{path}?lang={args.lang}")
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(args.output / name))
                print(f"wrote {args.output / name}")
            browser.close()
    finally:
        server.should_exit = True
        thread.join(30)
    return 0


if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
