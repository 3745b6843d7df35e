"""Browser fixtures: a live server over the seed store and Debian's chromium driven by Playwright.

No browser is ever downloaded: Playwright launches ``/usr/bin/chromium`` (``apt-get install
chromium fonts-thai-tlwg``, as ``.ci/run`` does). Without it the browser tests skip, saying why.
"""

from __future__ import annotations

import base64
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..live import serve

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """A headless chromium (the Debian package), shared by the session."""
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        pytest.skip("no /usr/bin/chromium (install Debian's chromium package: apt-get install chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (the test extra)")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def site_url(golden_store: Path) -> Iterator[str]:
    """The site over the store of the vocabulary, reference data and the two seed graphs."""
    with serve(golden_store, workers=2, queue=16) as url:
        yield url


@pytest.fixture
def page(chromium: Any, site_url: str) -> Iterator[Any]:
    """A fresh browser tab (Thai locale, desktop size) whose relative URLs go to the site."""
    context = chromium.new_context(base_url=site_url, locale="th-TH", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()


def picture_stats(chromium: Any, png: bytes) -> dict[str, float]:
    """Size and colour variety of a PNG, measured by drawing it on a canvas in a blank tab."""
    context = chromium.new_context()
    try:
        tab = context.new_page()
        stats: dict[str, float] = tab.evaluate(
            """async (data) => {
                const image = new Image();
                image.src = "data:image/png;base64," + data;
                await image.decode();
                const canvas = document.createElement("canvas");
                canvas.width = image.width; canvas.height = image.height;
                const g = canvas.getContext("2d");
                g.drawImage(image, 0, 0);
                const pixels = g.getImageData(0, 0, image.width, image.height).data;
                const colours = new Map();
                for (let i = 0; i < pixels.length; i += 4 * 7) {
                    const key = (pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2];
                    colours.set(key, (colours.get(key) || 0) + 1);
                }
                const counts = [...colours.values()].sort((a, b) => b - a);
                const total = counts.reduce((a, b) => a + b, 0);
                return {width: image.width, height: image.height, colours: colours.size,
                        background: counts[0] / total};
            }""",
            base64.b64encode(png).decode("ascii"),
        )
        return stats
    finally:
        context.close()


def check_screenshot(chromium: Any, png: bytes, path: Path) -> dict[str, float]:
    """Save ``png`` to ``path`` and assert that it shows something: not small, not one colour."""
    path.write_bytes(png)
    assert len(png) > 20_000, f"{path} is only {len(png)} bytes"
    stats = picture_stats(chromium, png)
    assert stats["colours"] > 50, f"{path}: {stats}"
    assert stats["background"] < 0.95, f"{path} is nearly one colour: {stats}"
    return stats
