"""The SPARQL workbench over HTTP: page, assets, runnable catalogue queries, /sparql for browsers (golden store)."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import html5lib
import httpx
import pytest

from mougraph.catalogue import load_catalogue
from mougraph.site import workbench

from .conftest import ROOT

STATIC = ROOT / "src" / "mougraph" / "site" / "static" / "workbench"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
SELECT = "SELECT ?s WHERE { ?s a <https://w3id.org/mougraph/ontology#CooperationInstrument> }"


def get(url: str, **options: object) -> httpx.Response:
    return httpx.get(url, timeout=30, follow_redirects=False, **options)  # type: ignore[arg-type]


# ---------------------------------------------------------------- the page


@pytest.mark.parametrize(
    ("query", "cookies", "lang", "title"),
    [
        ("", {}, "th", "เครื่องมือสืบค้น SPARQL"),
        ("?lang=en", {}, "en", "SPARQL query workbench"),
        ("", {"lang": "en"}, "en", "SPARQL query workbench"),
        ("?lang=th", {"lang": "en"}, "th", "เครื่องมือสืบค้น SPARQL"),
        ("", {"lang": "fr"}, "th", "เครื่องมือสืบค้น SPARQL"),
    ],
)
def test_page_in_the_asked_language(endpoint: str, query: str, cookies: dict[str, str], lang: str, title: str) -> None:
    page = get(endpoint + "/workbench" + query, cookies=cookies)
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["content-language"] == lang
    assert f'<html lang="{lang}">' in page.text
    assert f"<h1>{title}</h1>" in page.text
    if query:
        assert f"lang={lang}" in page.headers["set-cookie"]
    else:
        assert "set-cookie" not in page.headers


def test_page_is_valid_html_with_its_assets_local(endpoint: str) -> None:
    page = get(endpoint + "/workbench")
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    document = parser.parse(page.text)  # strict: raises on any HTML parse error
    ids = [element.get("id") for element in document.iter() if element.get("id")]
    assert len(ids) == len(set(ids)), "duplicate ids"
    sources = [
        e.get("src") or e.get("href") for e in document.iter() if e.tag in ("script", "link") and e.get("rel") != "icon"
    ]
    sources = [s for s in sources if s]
    assert len(sources) == 4
    assert all(s.startswith("/workbench/assets/") for s in sources), sources
    viewport = [e for e in document.iter("meta") if e.get("name") == "viewport"]
    assert viewport
    assert "width=device-width" in viewport[0].get("content", "")
    policy = page.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "connect-src 'self'" in policy
    assert "script-src 'self';" in policy  # no inline script: the page's data is inert JSON


def test_page_echoes_nothing_it_is_sent(endpoint: str) -> None:
    probe = "<script>alert(1)</script>"
    page = get(endpoint + "/workbench", params={"query": probe, "x": probe}, headers={"Referer": probe})
    assert page.status_code == 200
    assert "<script>alert" not in page.text
    assert "alert(1)" not in page.text


def test_unknown_language_is_a_clear_400(endpoint: str) -> None:
    page = get(endpoint + "/workbench", params={"lang": "fr"})
    assert page.status_code == 400
    assert "lang=th or lang=en" in page.text


def test_script_json_cannot_close_its_script_element() -> None:
    text = workbench.script_json({"x": "</script><!-- & ไทย"})
    assert "<" not in text
    assert ">" not in text
    assert "&" not in text
    assert "ไทย" in text


# ---------------------------------------------------------------- assets


@pytest.mark.parametrize(
    ("name", "media_type"),
    [
        ("vendor/yasgui.min.js", "text/javascript; charset=utf-8"),
        ("vendor/yasgui.min.css", "text/css; charset=utf-8"),
        ("vendor/LICENSE", "text/plain; charset=utf-8"),
        ("vendor/VENDORED.md", "text/markdown; charset=utf-8"),
        ("workbench.js", "text/javascript; charset=utf-8"),
        ("workbench.css", "text/css; charset=utf-8"),
    ],
)
def test_assets_served_with_type_and_long_caching(endpoint: str, name: str, media_type: str) -> None:
    data = (STATIC / name).read_bytes()
    response = get(endpoint + f"/workbench/assets/{name}", headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type
    assert response.content == data
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "max-age=31536000" in response.headers["cache-control"]
    etag = response.headers["etag"]
    assert etag == f'"{hashlib.sha256(data).hexdigest()[:32]}"'
    again = get(endpoint + f"/workbench/assets/{name}", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""


def test_page_links_assets_by_content_hash(endpoint: str) -> None:
    page = get(endpoint + "/workbench").text
    for name in ("vendor/yasgui.min.js", "workbench.js", "workbench.css"):
        digest = hashlib.sha256((STATIC / name).read_bytes()).hexdigest()
        assert f"/workbench/assets/{name}?v={digest[:12]}" in page


@pytest.mark.parametrize(
    "path",
    [
        "/workbench/assets/..%2F..%2Fweb%2Fapp.py",
        "/workbench/assets/%2e%2e/workbench.py",
        "/workbench/assets/vendor/..%2F..%2F..%2F__init__.py",
        "/workbench/assets/%2Fetc%2Fpasswd",
        "/workbench/assets//etc/passwd",
        "/workbench/assets/vendor",
        "/workbench/assets/vendor/",
        "/workbench/assets/vendor/yasgui.min.js.map",
        "/workbench/assets/..\\workbench.py",
    ],
)
def test_asset_paths_outside_the_folder_are_refused(endpoint: str, path: str) -> None:
    with httpx.Client(timeout=30) as client:
        request = client.build_request("GET", endpoint)
        request.url = request.url.copy_with(raw_path=path.encode())
        response = client.send(request)
    assert response.status_code == 404, path
    assert "root:" not in response.text
    assert "def " not in response.text


def test_only_files_of_the_static_folder_are_indexed() -> None:
    assets = workbench.index_assets()
    assert set(assets) == {
        "vendor/LICENSE",
        "vendor/VENDORED.md",
        "vendor/yasgui.min.css",
        "vendor/yasgui.min.js",
        "workbench.css",
        "workbench.js",
    }


# ---------------------------------------------------------------- vendored files


def test_vendored_files_match_their_manifest() -> None:
    vendor = STATIC / "vendor"
    manifest = (vendor / "VENDORED.md").read_text(encoding="utf-8")
    assert "`@zazuko/yasgui`" in manifest
    assert re.search(r"\| version \| `4\.\d+\.\d+` \|", manifest)
    assert re.search(r"`sha512-[A-Za-z0-9+/]+=*`", manifest)
    rows = dict(re.findall(r"^\| `([^`]+)` \| \d+ \| `([0-9a-f]{64})` \|$", manifest, re.MULTILINE))
    assert set(rows) == {"LICENSE", "yasgui.min.css", "yasgui.min.js"}
    for name, digest in rows.items():
        assert hashlib.sha256((vendor / name).read_bytes()).hexdigest() == digest, name
    assert "MIT License" in (vendor / "LICENSE").read_text(encoding="utf-8")


def test_vendor_tool_check_agrees() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "vendor_yasgui.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------- runnable catalogue queries


def _rows(response: httpx.Response) -> list[str]:
    """The rows of a SPARQL JSON answer, in a canonical order (GROUP_CONCAT's order is not defined: words sorted)."""
    assert response.status_code == 200, response.text
    rows = response.json()["results"]["bindings"]
    for row in rows:
        for term in row.values():
            term["value"] = " ".join(sorted(term["value"].split(" ")))
    return sorted(repr(sorted(row.items())) for row in rows)


@pytest.mark.parametrize("name", sorted(load_catalogue(ROOT / "queries")))
def test_runnable_query_answers_as_the_catalogue_does(endpoint: str, name: str) -> None:
    """The text the workbench opens, sent to /sparql, gives the rows /queries/{name} gives with its defaults."""
    text = get(endpoint + f"/workbench/queries/{name}.rq")
    assert text.status_code == 200
    assert text.headers["content-type"] == "application/sparql-query; charset=utf-8"
    answer = httpx.post(endpoint + "/sparql", data={"query": text.text}, timeout=30)
    assert _rows(answer) == _rows(get(endpoint + f"/queries/{name}"))


def test_runnable_query_takes_parameter_values(endpoint: str) -> None:
    text = get(endpoint + "/workbench/queries/instruments-with-country.rq", params={"country": "la", "lang": "th"})
    assert "VALUES ?country { <https://w3id.org/mougraph/id/country/LA> }" in text.text
    assert "แก้ค่า" in text.text
    answer = httpx.post(endpoint + "/sparql", data={"query": text.text}, timeout=30)
    rows = _rows(answer)
    assert rows
    assert rows == _rows(get(endpoint + "/queries/instruments-with-country", params={"country": "LA"}))
    thai = get(endpoint + "/workbench/queries/scope-search.rq", params={"text": "ไปรษณีย์"}).text
    assert 'VALUES ?text { "ไปรษณีย์" }' in thai


@pytest.mark.parametrize(
    ("path", "params", "status", "says"),
    [
        ("/workbench/queries/no-such-query.rq", {}, 404, "no-such-query"),
        ("/workbench/queries/instruments-with-country.rq", {"country": "Laos"}, 400, "country"),
        ("/workbench/queries/instruments-with-country.rq", {"country": 'LA" } ; DROP ALL #'}, 400, "country"),
        ("/workbench/queries/instruments-with-country.rq", {"colour": "red"}, 400, "colour"),
    ],
)
def test_runnable_query_errors_are_clear(
    endpoint: str, path: str, params: dict[str, str], status: int, says: str
) -> None:
    response = get(endpoint + path, params=params)
    assert response.status_code == status
    assert says in response.text


# ---------------------------------------------------------------- /sparql for browsers and for clients


@pytest.mark.parametrize(
    ("accept", "params", "redirected"),
    [
        (BROWSER, {}, True),
        (BROWSER, {"query": SELECT}, True),
        ("text/html", {"query": SELECT, "default-graph-uri": "https://w3id.org/mougraph/graph/x"}, True),
        (BROWSER, {"query": SELECT, "format": "json"}, False),
        (BROWSER, {"format": "ttl"}, False),
        ("*/*", {}, False),
        (None, {}, False),
        (None, {"query": SELECT}, False),
        ("text/turtle", {}, False),
        ("application/sparql-results+json", {"query": SELECT}, False),
        ("application/sparql-results+json,text/html", {"query": SELECT}, False),
        ("text/html;q=0.5, text/csv", {"query": SELECT}, False),
        ("text/html, application/xml", {"query": SELECT}, False),
        ("text/*", {"query": SELECT}, False),
    ],
)
def test_sparql_sends_browsers_to_the_workbench(
    endpoint: str, accept: str | None, params: dict[str, str], redirected: bool
) -> None:
    headers = {"Accept": accept} if accept else {}
    response = get(endpoint + "/sparql", params=params, headers=headers)
    if redirected:
        assert response.status_code == 303
        location = urlsplit(response.headers["location"])
        assert location.path == "/workbench"
        assert {k: v[0] for k, v in parse_qs(location.query).items()} == params
        assert "Accept" in response.headers["vary"]
    else:
        assert response.status_code == 200, response.text
        assert not response.headers["content-type"].startswith("text/html")


def test_browser_post_still_runs_the_query(endpoint: str) -> None:
    answer = httpx.post(endpoint + "/sparql", data={"query": SELECT}, headers={"Accept": BROWSER}, timeout=30)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/sparql-results+xml")


def test_redirect_keeps_thai_in_the_query_string(endpoint: str) -> None:
    query = 'SELECT ?s WHERE { ?s ?p "ไปรษณีย์"@th }'
    response = get(endpoint + "/sparql", params={"query": query}, headers={"Accept": BROWSER})
    assert response.status_code == 303
    assert "%E0%B9%84" in response.headers["location"]  # ไ, percent-encoded UTF-8
    assert parse_qs(urlsplit(response.headers["location"]).query)["query"] == [query]


def test_static_files_ship_in_the_package() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"site/static/**/*"' in text
    assert Path(workbench.STATIC).is_dir()
