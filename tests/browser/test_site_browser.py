"""The site in a real browser (Debian's chromium, headless): from the home page to the Laos MoU,
its scope items with the source sentences highlighted, the language switch, a Thai search, a
phone-sized layout. Each flow takes a screenshot and checks that it shows something.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from .conftest import check_screenshot

pytestmark = pytest.mark.browser
LAOS_MOU = "/id/instrument/2022-10-25-th-la-mou"


def test_home_to_the_laos_mou_with_highlighted_evidence(page: Any, chromium: Any, tmp_path: Path) -> None:
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "th"  # Thai locale, no cookie: Thai
    assert page.locator("h1").first.inner_text() == "mougraph"
    check_screenshot(chromium, page.screenshot(full_page=False), tmp_path / "home.png")
    page.get_by_role("navigation").get_by_role("link", name="เอกสารความร่วมมือ").click()
    page.wait_for_url("**/instruments")
    assert page.locator("table.index tbody tr").count() == 3
    page.locator(f'a[href="{LAOS_MOU}"]').first.click()
    page.wait_for_url(f"**{LAOS_MOU}")
    assert "ร่างบันทึกความเข้าใจว่าด้วยความร่วมมือด้านไปรษณีย์" in page.locator("h1").inner_text()
    items = page.locator("li.scope-item")
    assert items.count() == 15
    assert items.locator("mark").count() == 15
    seventh = page.locator("#scope-7 mark")
    assert seventh.inner_text() == "ความมั่นคงปลอดภัยทางไซเบอร์"
    assert seventh.is_visible()
    background = seventh.evaluate("mark => getComputedStyle(mark).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    page.locator("#scope").scroll_into_view_if_needed()
    check_screenshot(chromium, page.screenshot(), tmp_path / "instrument.png")
    # The evidence link lands on the span, marked, in the announcement's full text.
    page.locator("#scope-7 figcaption a").first.click()
    page.wait_for_url(re.compile(r".*/id/announcement/thaigov-60838#span-1579-1606$"))
    assert page.locator("#span-1579-1606").inner_text() == "ความมั่นคงปลอดภัยทางไซเบอร์"


def test_switch_to_english(page: Any, chromium: Any, tmp_path: Path) -> None:
    page.goto(LAOS_MOU)
    summary = page.locator("dl.summary")
    assert "ลาว" in summary.inner_text()
    page.locator("a.switch").click()
    page.wait_for_url(f"**{LAOS_MOU}?lang=en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Memorandum of understanding: Thailand–Laos (25 Oct 2022)"
    english = summary.inner_text()
    assert "Laos" in english
    assert "Ministry of Digital Economy and Society" in english
    assert "Parties" in english
    assert page.locator("li.scope-item").count() == 15
    check_screenshot(chromium, page.screenshot(), tmp_path / "english.png")
    # The choice is remembered (a cookie): the next page is English without ?lang=.
    page.goto("/id/country/LA")
    assert page.locator("h1").inner_text() == "Laos"


def test_search_in_thai(page: Any, chromium: Any, tmp_path: Path) -> None:
    page.goto("/")
    box = page.locator("header form.search input[name=q]")
    box.fill("ไซเบอร์")
    box.press("Enter")
    page.wait_for_url("**/search?q=*")
    hits = page.locator("li.hit")
    assert hits.count() >= 3
    links = [hits.nth(i).locator("a").first.get_attribute("href") for i in range(hits.count())]
    assert links[0] == "/id/area/cybersecurity"
    assert LAOS_MOU in links
    assert "/id/instrument/2022-08-02-th-jp-moc" in links
    assert page.locator("li.hit mark").count() >= 1
    check_screenshot(chromium, page.screenshot(), tmp_path / "search.png")


def test_phone_layout(chromium: Any, site_url: str, tmp_path: Path) -> None:
    context = chromium.new_context(base_url=site_url, locale="th-TH", viewport={"width": 375, "height": 740})
    try:
        tab = context.new_page()
        for path in ("/", LAOS_MOU, "/instruments", "/search?q=ลาว"):
            tab.goto(path)
            width = tab.evaluate("document.documentElement.scrollWidth")
            assert width <= 375, f"{path} is {width}px wide on a 375px screen"
        tab.goto(LAOS_MOU)
        check_screenshot(chromium, tab.screenshot(), tmp_path / "phone.png")
    finally:
        context.close()
