"""Regenerate the site's screenshots in docs/ (the home page and the Laos MoU page).

    python tools/screenshots.py [--store var/store] [--lang en]

Serves the store (build it first with ``mougraph build``) on a free loopback port and drives
Debian's chromium (``/usr/bin/chromium``) through Playwright; nothing is downloaded.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mougraph.config import Settings  # noqa: E402
from mougraph.web.serve import free_port, in_thread  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"]
#: (path, file, viewport height): the instrument page is tall enough to show its first scope items.
SHOTS = (
    ("/", "screenshot-home.png", 1000),
    ("/id/instrument/2022-10-25-th-la-mou", "screenshot-instrument.png", 1800),
)


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

    settings = Settings.from_env({}, root=ROOT, store=args.store, host="127.0.0.1", port=free_port())
    with in_thread(settings) as base, sync_playwright() as playwright:
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
    return 0


if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
