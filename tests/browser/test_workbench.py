"""The SPARQL workbench in a real browser: Debian's chromium, headless, driven by Playwright.

Picks a catalogue query, runs it, sees the table and the chart, follows a permalink in a fresh
browser context (nothing kept in its storage) and sees the query and the chart again; checks
that no request leaves 127.0.0.1 and that screenshots show something.
"""

from __future__ import annotations

import struct
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("no /usr/bin/chromium (Debian: apt-get install chromium)", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e '.[test]'")


@pytest.fixture(scope="module")
def wb_server(golden_store: Path) -> Iterator[str]:
    from ..live import serve

    with serve(golden_store, query_timeout=5.0, workers=2, queue=4) as url:
        yield url


@pytest.fixture(scope="module")
def wb_browser(chromium: Any) -> Any:
    """The session's chromium (``conftest.py``): Playwright's sync API allows one driver at a time."""
    return chromium


class Watch:
    """What a page asked for and complained about."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.problems: list[str] = []

    def attach(self, page: Any) -> Any:
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on(
            "console",
            lambda message: self.problems.append(f"console: {message.text}") if message.type == "error" else None,
        )
        return page

    def outside(self) -> list[str]:
        local = {"127.0.0.1"}
        return [
            u for u in self.requests if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).hostname not in local
        ]


@pytest.fixture
def wb_watch() -> Watch:
    return Watch()


def png_pixels(data: bytes) -> tuple[int, int, set[bytes]]:
    """Width, height and the distinct pixels of an 8-bit, non-interlaced RGB or RGBA PNG (what chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    at, idat, header = 8, b"", b""
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        header = body if kind == b"IHDR" else header
        idat += body if kind == b"IDAT" else b""
        at += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert (depth, interlace) == (8, 0), "unexpected PNG layout"
    assert colour in (2, 6), "unexpected PNG colour type"
    size = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(idat), width * size
    previous, pixels = bytearray(stride), set()
    for row in range(height):
        kind, line = raw[row * (stride + 1)], bytearray(raw[row * (stride + 1) + 1 : (row + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - size] if i >= size else 0
            up, corner = previous[i], previous[i - size] if i >= size else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        if row % 8 == 0:
            pixels.update(bytes(line[i : i + size]) for i in range(0, stride, size * 4))
        previous = line
    return width, height, pixels


def check_screenshot(page: Any, path: Path) -> bytes:
    """Take a full-page screenshot to ``path`` and check that it shows something."""
    name = path.name
    data: bytes = page.screenshot(path=str(path), full_page=True)
    assert len(data) > 20_000, f"{name}: a {len(data)}-byte screenshot is too small to hold the page"
    width, height, pixels = png_pixels(data)
    assert width >= 375
    assert height >= 500
    assert len(pixels) > 20, f"{name}: the screenshot has {len(pixels)} colours: nothing was drawn"
    return data


def wait_until(page: Any, expression: str, timeout: float = 15.0) -> None:
    """Poll a JavaScript expression until it is true (Playwright's wait_for_function polls with a
    generated function, which the pages' Content-Security-Policy, script-src 'self', forbids)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(f"() => {{ try {{ return Boolean({expression}); }} catch (e) {{ return false; }} }}"):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {expression}"
        page.wait_for_timeout(100)


def editor_text(page: Any) -> str:
    text: str = page.evaluate("window.mougraphWorkbench.yasgui.getTab().getQuery()")
    return text


def test_catalogue_query_table_chart_and_permalink(
    wb_server: str, wb_browser: Any, wb_watch: Watch, tmp_path: Path
) -> None:
    context = wb_browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")
    page = wb_watch.attach(context.new_page())
    page.goto(wb_server + "/workbench?lang=en")
    page.locator('.wb-query[data-name="instruments-by-kind"]').click()
    wait_until(page, "window.mougraphWorkbench.yasgui.getTab().getName() === 'Instruments by kind'")
    assert "COUNT(DISTINCT ?instrument)" in editor_text(page)

    page.locator(".yasqe_queryButton:visible").click()
    rows = page.locator(".yasr tbody tr:visible")
    rows.first.wait_for()
    assert rows.count() == 2
    assert "Memorandum of understanding" in page.locator(".yasr table:visible").inner_text()
    check_screenshot(page, tmp_path / "workbench-table.png")

    page.locator(".yasr .select_chart:visible").click()
    bars = page.locator("svg.wb-chart rect")
    bars.first.wait_for()
    assert bars.count() == 2
    widths = [float(bars.nth(i).get_attribute("width").rstrip("%")) for i in range(2)]
    assert widths[0] == pytest.approx(85)
    assert widths[1] == pytest.approx(42.5)
    assert "Memorandum of cooperation" in page.locator("svg.wb-chart").text_content()
    check_screenshot(page, tmp_path / "workbench-chart.png")

    page.locator("#wb-share").click()
    link = page.input_value("#wb-permalink")
    fragment = urlsplit(link).fragment
    assert "outputFormat=chart" in fragment
    assert "contentTypeSelect=application%2Fsparql-results%2Bjson" in fragment
    assert "endpoint" not in fragment
    query = editor_text(page)
    context.close()

    fresh = wb_browser.new_context(viewport={"width": 1280, "height": 900})  # nothing in its storage
    opened = wb_watch.attach(fresh.new_page())
    opened.goto(link)
    opened.locator("svg.wb-chart rect").first.wait_for()  # the permalink runs its query, in the chart view
    assert editor_text(opened) == query
    assert opened.locator(".yasr .select_chart.selected:visible").count() == 1
    assert opened.locator("svg.wb-chart rect").count() == 2
    assert opened.evaluate("document.documentElement.lang") == "en"
    fresh.close()

    assert wb_watch.outside() == [], "requests left 127.0.0.1"
    assert any(u.startswith(wb_server + "/sparql") for u in wb_watch.requests)
    assert wb_watch.problems == []


def test_permalink_keeps_the_result_format(wb_server: str, wb_browser: Any, wb_watch: Watch) -> None:
    context = wb_browser.new_context(viewport={"width": 1280, "height": 900})
    page = wb_watch.attach(context.new_page())
    page.goto(wb_server + "/workbench?lang=th")
    page.locator('.wb-query[data-name="instruments-with-country"]').click()
    wait_until(page, "window.mougraphWorkbench.yasgui.getTab().getQuery().includes('VALUES ?country')")
    page.select_option("#wb-select-format", "text/csv")
    page.locator(".yasr_btn.select_response:visible").click()
    page.locator("#wb-share").click()
    link = page.input_value("#wb-permalink")
    context.close()

    fresh = wb_browser.new_context(viewport={"width": 1280, "height": 900})
    opened = wb_watch.attach(fresh.new_page())
    with opened.expect_request(lambda r: r.url.startswith(wb_server + "/sparql")) as sent:
        opened.goto(link)
    assert sent.value.headers["accept"] == "text/csv"
    assert opened.input_value("#wb-select-format") == "text/csv"
    response = opened.locator(".yasr .CodeMirror:visible, .yasr pre:visible").first
    response.wait_for()
    assert "2022-08-02-th-jp-moc" in response.inner_text()  # the raw CSV answer, shown as it came
    assert opened.locator(".yasr .select_response.selected:visible").count() == 1
    fresh.close()
    assert wb_watch.outside() == []
    assert wb_watch.problems == []


def test_sparql_in_a_browser_opens_the_workbench_and_data_stays_text(
    wb_server: str, wb_browser: Any, wb_watch: Watch
) -> None:
    """``/sparql?query=…`` in a browser opens the query in the workbench; markup in results stays text.

    The page's Content-Security-Policy would block inline script anyway; it is bypassed here so that
    the test shows the escaping itself (table, chart and response views) keeps hostile data inert.
    """
    context = wb_browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = wb_watch.attach(context.new_page())
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    probe = "<img src=/xss-probe onerror=alert(1)>ไปรษณีย์"
    query = (
        f'SELECT ?label ?n WHERE {{ VALUES (?label ?n) {{ ("{probe}" 3) ("ลาว</text><script>alert(2)</script>" 1) }} }}'
    )
    page.goto(wb_server + "/sparql?" + urlencode({"query": query}))
    assert urlsplit(page.url).path == "/workbench"
    wait_until(page, "window.mougraphWorkbench !== undefined")
    assert editor_text(page) == query
    assert page.evaluate("document.documentElement.lang") == "th"
    page.locator(".yasr tbody tr:visible").first.wait_for()  # YASGUI runs a query it was sent
    assert page.locator(".yasr tbody tr:visible").count() == 2
    assert probe in page.locator(".yasr table:visible").inner_text()
    page.locator(".yasr .select_chart:visible").click()
    page.locator("svg.wb-chart rect").first.wait_for()
    assert page.locator("svg.wb-chart .wb-chart-label").first.text_content() == probe
    assert page.locator("svg.wb-chart script, svg.wb-chart img, .yasr img").count() == 0
    page.locator(".yasr .select_response:visible").click()
    page.locator(".yasr .CodeMirror:visible").first.wait_for()
    assert page.locator(".yasr img, .yasr script").count() == 0
    context.close()
    assert not [u for u in wb_watch.requests if urlsplit(u).path == "/xss-probe"]
    assert dialogs == []
    assert wb_watch.outside() == []
    assert wb_watch.problems == []


def test_usable_on_a_phone_in_thai(wb_server: str, wb_browser: Any, wb_watch: Watch, tmp_path: Path) -> None:
    context = wb_browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = wb_watch.attach(context.new_page())
    page.goto(wb_server + "/workbench?lang=th")
    assert page.locator("h1").inner_text() == "เครื่องมือสืบค้น SPARQL"
    page.locator('.wb-query[data-name="modalities"]').tap()
    wait_until(page, "window.mougraphWorkbench.yasgui.getTab().getName() === 'รูปแบบความร่วมมือที่ใช้มากที่สุด'")
    page.locator(".yasqe_queryButton:visible").tap()
    page.locator(".yasr_results:visible").first.wait_for()
    page.locator(".yasr .select_chart:visible").tap()
    page.locator("svg.wb-chart rect").first.wait_for()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than a 375px phone"
    label = page.locator("svg.wb-chart .wb-chart-label").first.text_content()
    assert any("\u0e00" <= char <= "\u0e7f" for char in label), label  # Thai labels in a Thai page
    check_screenshot(page, tmp_path / "workbench-phone.png")
    context.close()
    assert wb_watch.outside() == []
    assert wb_watch.problems == []
