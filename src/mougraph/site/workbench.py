"""The SPARQL query workbench: YASGUI, vendored in the package, with the query catalogue as examples.

:func:`mount` adds to the app:

- ``GET /workbench``: the page (Thai or English: ``?lang=``, else the ``lang`` cookie, else Thai);
- ``GET /workbench/assets/{name}``: the files of ``static/workbench/`` only (the vendored YASGUI
  bundle, the page's script and style), looked up in an index built at start, so no request
  path ever becomes a file path; cached for a year, with the file's SHA-256 as ETag (the page
  links each file with ``?v=`` and a prefix of that hash, so a new release is fetched anew);
- ``GET /workbench/queries/{name}.rq``: a catalogue query made runnable as it is, its parameters
  (defaults, or ``?country=LA``) bound by a ``VALUES`` line at the top of its ``WHERE`` group;
- a middleware that sends a browser asking for ``/sparql`` (``text/html`` preferred over every
  result format, no ``format=``) to the workbench with a 303, keeping the query string, so
  ``/sparql?query=…`` opens the workbench with that query in it; RDF and SPARQL clients are untouched.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from fastapi import FastAPI
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from mougraph import catalogue
from mougraph.errors import ClientError, NotFound
from mougraph.web import guards
from mougraph.web.formats import OFFERED, parse_accept

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Receive, Scope, Send

    from mougraph.web.app import Server

STATIC = Path(__file__).resolve().parent / "static" / "workbench"
LANGUAGES = ("th", "en")
YEAR = 365 * 24 * 3600
_MEDIA_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    "": "text/plain; charset=utf-8",  # LICENSE
}
#: Every media type a SPARQL result or graph can be served as (what /sparql negotiates among).
_RESULT_TYPES = tuple(sorted({name for kind in OFFERED.values() for f in kind for name in (f.media_type, *f.aliases)}))
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'self'"
)

#: The page's own text (YASGUI's controls keep their English).
LABELS: dict[str, dict[str, str]] = {
    "th": {
        "title": "เครื่องมือสืบค้น SPARQL",
        "home": "mougraph",
        "intro": "เขียนคำค้น SPARQL หรือเลือกคำค้นสำเร็จรูป แล้วกดปุ่มเรียกใช้ ผลลัพธ์แสดงเป็นตาราง แผนภูมิ หรือข้อความตอบกลับ",
        "catalogue": "คำค้นสำเร็จรูป",
        "catalogue_hint": "เลือกคำค้นเพื่อเปิดในแท็บใหม่ (ค่าพารามิเตอร์ตั้งต้นอยู่ในบรรทัด VALUES)",
        "catalogue_error": "โหลดรายการคำค้นไม่ได้",
        "loading": "กำลังโหลด…",
        "parameters": "พารามิเตอร์",
        "select_format": "รูปแบบผล SELECT/ASK",
        "graph_format": "รูปแบบผล CONSTRUCT/DESCRIBE",
        "share": "สร้างลิงก์ถาวร",
        "permalink": "ลิงก์ถาวร (คำค้นและมุมมองผลลัพธ์)",
        "copied": "คัดลอกลิงก์แล้ว",
        "open_link": "เปิดลิงก์",
        "tab": "คำค้น",
        "table": "ตาราง",
        "chart": "แผนภูมิ",
        "response": "ข้อความตอบกลับ",
        "chart_none": "ผลลัพธ์นี้ไม่มีคอลัมน์ตัวเลขให้วาดแผนภูมิ",
        "chart_more": "แสดง {shown} แถวแรกจาก {total} แถว",
        "chart_caption": "{value} ตาม {label}",
        "download_svg": "ดาวน์โหลดแผนภูมิ (SVG)",
        "noscript": "เครื่องมือนี้ต้องใช้ JavaScript ส่วนคำค้นส่งตรงถึง /sparql ได้ตามโพรโทคอล SPARQL 1.1",
        "endpoint": "ปลายทาง SPARQL",
        "catalogue_json": "รายการคำค้น (JSON)",
        "credits": "ใช้ YASGUI (สัญญาอนุญาต MIT) ซึ่งเก็บไว้ในแพ็กเกจนี้ ไม่โหลดจากภายนอก",
        "language": "ภาษา",
    },
    "en": {
        "title": "SPARQL query workbench",
        "home": "mougraph",
        "intro": "Write a SPARQL query or pick a ready one, then run it. "
        "Results show as a table, a chart or the raw response.",
        "catalogue": "Ready queries",
        "catalogue_hint": "Pick a query to open it in a new tab (parameter defaults are on its VALUES lines).",
        "catalogue_error": "The list of queries could not be loaded",
        "loading": "Loading…",
        "parameters": "Parameters",
        "select_format": "SELECT/ASK results as",
        "graph_format": "CONSTRUCT/DESCRIBE results as",
        "share": "Make a permalink",
        "permalink": "Permalink (the query and the result view)",
        "copied": "Link copied",
        "open_link": "Open link",
        "tab": "Query",
        "table": "Table",
        "chart": "Chart",
        "response": "Response",
        "chart_none": "This result has no numeric column to chart",
        "chart_more": "Showing the first {shown} of {total} rows",
        "chart_caption": "{value} by {label}",
        "download_svg": "Download the chart (SVG)",
        "noscript": "The workbench needs JavaScript; queries can also go straight to /sparql (SPARQL 1.1 Protocol).",
        "endpoint": "SPARQL endpoint",
        "catalogue_json": "Query catalogue (JSON)",
        "credits": "Runs YASGUI (MIT licence), shipped inside this package: nothing is loaded from elsewhere.",
        "language": "Language",
    },
}


# ---------------------------------------------------------------- assets


@dataclass(frozen=True)
class Asset:
    """One file of ``static/workbench/``: its bytes, media type and SHA-256."""

    data: bytes
    media_type: str
    sha256: str

    @property
    def etag(self) -> str:
        return f'"{self.sha256[:32]}"'


def index_assets(folder: Path = STATIC) -> dict[str, Asset]:
    """Every servable file below ``folder``, by its relative POSIX path (files of unknown type are left out).

    >>> "vendor/yasgui.min.js" in index_assets()
    True
    """
    assets: dict[str, Asset] = {}
    for path in sorted(folder.rglob("*")):
        media_type = _MEDIA_TYPES.get(path.suffix)
        if path.is_file() and media_type is not None and not path.name.startswith("."):
            data = path.read_bytes()
            assets[path.relative_to(folder).as_posix()] = Asset(data, media_type, hashlib.sha256(data).hexdigest())
    return assets


async def asset(request: Request, name: str) -> Response:
    """A file of the workbench's static folder, cached for a year (``?v=`` changes with its content)."""
    found: Asset | None = request.app.state.workbench_assets.get(name)
    if found is None:
        raise NotFound(f"no workbench asset {name!r}")
    headers = {
        "ETag": found.etag,
        "Cache-Control": f"public, max-age={YEAR}, immutable",
        "X-Content-Type-Options": "nosniff",
    }
    match = request.headers.get("if-none-match", "")
    if found.etag in [tag.strip().removeprefix("W/") for tag in match.split(",")]:
        return Response(status_code=304, headers=headers)
    return Response(found.data, media_type=found.media_type, headers=headers)


# ---------------------------------------------------------------- the page


def language(request: Request) -> tuple[str, bool]:
    """The page language (``?lang=`` first, then the ``lang`` cookie, then Thai) and whether it was asked for."""
    asked = request.query_params.get("lang")
    if asked is not None:
        if asked not in LANGUAGES:
            raise ClientError(f"lang={asked!r} is not offered; use lang=th or lang=en")
        return asked, True
    cookie = request.cookies.get("lang")
    return (cookie if cookie in LANGUAGES else "th"), False


def script_json(value: object) -> str:
    """JSON safe inside a ``<script>`` element (no ``<``, ``>`` or ``&`` that could close it).

    >>> script_json({"q": "</script><b>ไทย"})
    '{"q": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003eไทย"}'
    """
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_page(lang: str, assets: Mapping[str, Asset]) -> str:
    """The workbench page in ``lang``: every text escaped, data for the script as inert JSON."""
    labels = LABELS[lang]
    e = html.escape

    def src(name: str) -> str:
        return e(f"/workbench/assets/{name}?v={assets[name].sha256[:12]}")

    config: dict[str, object] = {
        "lang": lang,
        "endpoint": "/sparql",
        "catalogue": "/queries",
        "runnable": "/workbench/queries/",
        "labels": labels,
    }
    current = ' aria-current="page"'
    switch = " ".join(
        f'<a href="?lang={code}" hreflang="{code}" lang="{code}"{current if code == lang else ""}>{e(name)}</a>'
        for code, name in (("th", "ไทย"), ("en", "English"))
    )
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(labels["title"])} · mougraph</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{src("vendor/yasgui.min.css")}">
<link rel="stylesheet" href="{src("workbench.css")}">
<script src="{src("vendor/yasgui.min.js")}" defer></script>
<script src="{src("workbench.js")}" defer></script>
<script type="application/json" id="wb-config">{script_json(config)}</script>
</head>
<body>
<header class="wb-header">
<a class="wb-home" href="/">{e(labels["home"])}</a>
<h1>{e(labels["title"])}</h1>
<nav class="wb-lang" aria-label="{e(labels["language"])}">{switch}</nav>
</header>
<main class="wb-main">
<aside class="wb-catalogue">
<details id="wb-catalogue" open>
<summary>{e(labels["catalogue"])}</summary>
<p class="wb-hint">{e(labels["catalogue_hint"])}</p>
<ul id="wb-catalogue-list"><li class="wb-loading">{e(labels["loading"])}</li></ul>
</details>
</aside>
<section class="wb-work" aria-label="{e(labels["title"])}">
<p class="wb-intro">{e(labels["intro"])}</p>
<div class="wb-toolbar">
<label>{e(labels["select_format"])} <select id="wb-select-format">
<option value="application/sparql-results+json">JSON</option>
<option value="application/sparql-results+xml">XML</option>
<option value="text/csv">CSV</option>
<option value="text/tab-separated-values">TSV</option>
</select></label>
<label>{e(labels["graph_format"])} <select id="wb-graph-format">
<option value="text/turtle">Turtle</option>
<option value="application/n-triples">N-Triples</option>
<option value="application/ld+json">JSON-LD</option>
<option value="application/rdf+xml">RDF/XML</option>
</select></label>
<button type="button" id="wb-share">{e(labels["share"])}</button>
</div>
<div class="wb-permalink" id="wb-permalink-box" hidden>
<label for="wb-permalink">{e(labels["permalink"])}</label>
<input id="wb-permalink" type="url" readonly>
<a id="wb-permalink-open" href="">{e(labels["open_link"])}</a>
<span id="wb-permalink-status" role="status"></span>
</div>
<div id="yasgui"></div>
<noscript><p class="wb-noscript">{e(labels["noscript"])}</p></noscript>
</section>
</main>
<footer class="wb-footer">
<a href="/sparql">{e(labels["endpoint"])}: /sparql</a> ·
<a href="/queries">{e(labels["catalogue_json"])}</a> ·
<a href="{src("vendor/LICENSE")}">{e(labels["credits"])}</a>
</footer>
</body>
</html>
"""


async def page(request: Request) -> Response:
    """``GET /workbench``: the page; ``?lang=`` also sets the ``lang`` cookie the site shares."""
    lang, asked = language(request)
    headers = {
        "Content-Security-Policy": CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Cache-Control": "no-cache",
        "Content-Language": lang,
        "Vary": "Cookie",
    }
    response = Response(render_page(lang, request.app.state.workbench_assets), media_type="text/html", headers=headers)
    if asked:
        response.set_cookie("lang", lang, max_age=YEAR, path="/", samesite="lax")
    return response


# ---------------------------------------------------------------- runnable catalogue queries


def runnable(query: catalogue.CatalogueQuery, values: Mapping[str, str], lang: str = "en") -> str:
    """The query text with its parameters bound by ``VALUES`` at the start of its ``WHERE`` group.

    The catalogue binds parameters by pyoxigraph substitution; a query typed into the workbench
    goes to /sparql as text, so the values go into the text, as terms :func:`catalogue.bind` has
    validated (never the raw input). Inline data first in the group is joined before the
    group's ``FILTER``s and ``OPTIONAL``s are evaluated, so they see the value as substitution does.

    >>> q = catalogue.CatalogueQuery("q", "", "", "", (catalogue.Parameter("country", "country", "LA", "a country"),),
    ...     "# comment {\\nSELECT ?country ?x WHERE { ?x <urn:p> ?country }")
    >>> print(runnable(q, {}))
    # comment {
    SELECT ?country ?x WHERE {
      # ?country: a country (edit the value to ask about another)
      VALUES ?country { <https://w3id.org/mougraph/id/country/LA> }
     ?x <urn:p> ?country }
    """
    bound = catalogue.bind(query, values)
    if not bound:
        return query.text
    brace = next((t for t in guards.tokens(query.text) if t.kind == "punct" and t.text == "{"), None)
    if brace is None:
        raise ClientError(f"query {query.name} has no WHERE group to bind its parameters in")
    note = "แก้ค่าเพื่อค้นด้วยค่าอื่น" if lang == "th" else "edit the value to ask about another"
    lines = []
    for parameter in query.parameters:
        lines.append(f"  # ?{parameter.name}: {parameter.description} ({note})")
        lines.append(f"  VALUES ?{parameter.name} {{ {bound[parameter.name]} }}")
    at = brace.start + 1
    rest = query.text[at:]
    return query.text[:at] + "\n" + "\n".join(lines) + ("" if rest.startswith("\n") else "\n") + rest


async def runnable_query(request: Request, name: str) -> Response:
    """``GET /workbench/queries/{name}.rq``: the catalogue query ``name``, runnable as it is."""
    server: Server = request.app.state.server
    found = catalogue.load_catalogue(server.settings.root / "queries").get(name)
    if found is None:
        raise NotFound(f"no query named {name!r} in the catalogue; GET /queries lists them")
    lang = request.query_params.get("lang", "en")
    values = {k: v for k, v in request.query_params.items() if k != "lang"}
    return Response(
        runnable(found, values, lang),
        media_type="application/sparql-query; charset=utf-8",
        headers={"Content-Disposition": f'inline; filename="{name}.rq"', "Cache-Control": "no-cache"},
    )


# ---------------------------------------------------------------- /sparql for browsers


def _quality(ranges: list[tuple[str, float]], media_type: str) -> float:
    """The q-value the most specific range of ``ranges`` gives ``media_type`` (0: not acceptable)."""
    specific = {media_type: 2, media_type.partition("/")[0] + "/*": 1, "*/*": 0}
    matching = [(specific[media], q) for media, q in ranges if media in specific]
    return max(matching)[1] if matching else 0.0


def prefers_html(accept: str | None) -> bool:
    """Whether ``accept`` ranks ``text/html`` above every SPARQL result and RDF format (a browser).

    >>> prefers_html("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    True
    >>> prefers_html("*/*"), prefers_html(None), prefers_html("application/sparql-results+json, text/html")
    (False, False, False)
    """
    if not accept:
        return False
    ranges = parse_accept(accept)
    html_q = _quality(ranges, "text/html")
    return html_q > 0 and all(html_q > _quality(ranges, media) for media in _RESULT_TYPES)


class BrowserRedirect:
    """ASGI middleware: a browser's GET of /sparql goes to the workbench (303), query string kept."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] in ("GET", "HEAD")
            and scope["path"] in ("/sparql", "/sparql/")
            and prefers_html(Headers(scope=scope).get("accept"))
        ):
            raw = scope.get("query_string", b"").decode("latin-1")
            keys = {key for key, _ in parse_qsl(raw, keep_blank_values=True)}
            if not keys & {"format", "update"}:
                location = "/workbench" + (f"?{raw}" if raw else "")
                await RedirectResponse(location, status_code=303, headers={"Vary": "Accept"})(scope, receive, send)
                return
        await self.app(scope, receive, send)


# ---------------------------------------------------------------- wiring


def mount(app: FastAPI, server: Server) -> None:
    """Add the workbench's routes and the /sparql browser redirect to ``app`` (routes reach ``server`` by app.state)."""
    app.state.workbench_assets = index_assets()
    app.add_api_route("/workbench", page, methods=["GET"], include_in_schema=False)
    app.add_api_route("/workbench/assets/{name:path}", asset, methods=["GET"], include_in_schema=False)
    app.add_api_route("/workbench/queries/{name}.rq", runnable_query, methods=["GET"], include_in_schema=False)
    app.add_middleware(BrowserRedirect)
