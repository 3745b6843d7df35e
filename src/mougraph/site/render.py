"""HTML answers: the Jinja2 environment (autoescape always on), the request context every page
gets, and the headers every page carries (caching from the store version, language, security).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from mougraph.site import lang as languages
from mougraph.site.names import Names, names_of
from mougraph.site.search import index_of
from mougraph.site.urls import encode_path
from mougraph.site.values import View

if TYPE_CHECKING:
    from mougraph.web.app import Server

log = logging.getLogger("mougraph.site")
HERE = Path(__file__).parent
#: Autoescape on for every template whatever its name; data is never marked safe.
ENVIRONMENT = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
SECURITY = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self';"
        " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
VARY = "Accept, Accept-Language, Cookie, Accept-Encoding"
#: The site's navigation: (path, key of its words).
NAVIGATION = (
    ("/instruments", "instruments"),
    ("/countries", "countries"),
    ("/organizations", "organizations"),
    ("/areas", "areas"),
    ("/modalities", "modalities"),
    ("/charts", "charts"),
    ("/ontology", "ontology"),
    ("/thesaurus", "thesaurus"),
    ("/workbench", "workbench"),
)


_warming: set[asyncio.Task[Any]] = set()


def warm_up(server: Server) -> None:
    """Start building the search index in the background after the first page of a store version."""
    cache = server.dataset.cache
    if "site.search" in cache or "site.search.started" in cache:
        return
    cache["site.search.started"] = True
    task = asyncio.ensure_future(index_of(server))
    _warming.add(task)
    task.add_done_callback(_finished)


def _finished(task: asyncio.Task[Any]) -> None:
    _warming.discard(task)
    if not task.cancelled() and task.exception() is not None:
        log.warning("building the search index failed: %s", task.exception())


@dataclass
class Context:
    """One request as pages see it: the server, the language chosen, the names of the store version."""

    request: Request
    server: Server
    lang: str
    names: Names

    @classmethod
    async def of(cls, request: Request, server: Server) -> Context:
        server.dataset.refresh(watch=server.writer is None)
        names = await names_of(server)
        warm_up(server)
        return cls(request, server, languages.choose(request), names)

    @property
    def view(self) -> View:
        return View(self.names, self.lang, self.server.settings.base_iri)

    @property
    def path(self) -> str:
        """The request path, percent-encoded (Thai slugs stay valid in hrefs)."""
        return encode_path(self.request.scope["path"])

    def etag(self, *parts: object) -> str:
        return self.server._etag("site", self.request.scope["path"], str(self.request.query_params), self.lang, *parts)

    def switch_href(self) -> str:
        """This page in the other language."""
        params = [(k, v) for k, v in self.request.query_params.multi_items() if k != "lang"]
        params.append(("lang", languages.other(self.lang)))
        return f"{self.path}?{urlencode(params)}"

    def headers(self, etag: str) -> dict[str, str]:
        headers = self.server._cache_headers(etag)
        headers.update(SECURITY)
        headers["Vary"] = VARY
        headers["Content-Language"] = self.lang
        return headers

    def not_modified(self, etag: str) -> Response | None:
        if self.server._not_modified(self.request, etag):
            return Response(status_code=304, headers=self.headers(etag))
        return None

    def render(
        self,
        template: str,
        values: dict[str, Any],
        *,
        etag: str | None = None,
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> HTMLResponse:
        """The page ``template`` filled with ``values`` and the context every page has."""
        words = languages.words(self.lang)
        page = ENVIRONMENT.get_template(template).render(
            lang=self.lang,
            w=words,
            path=self.path,
            switch_href=self.switch_href(),
            other_lang=languages.other(self.lang),
            navigation=[(href, words[key]) for href, key in NAVIGATION],
            q=values.pop("q", ""),
            alternates=values.pop("alternates", []),
            **values,
        )
        all_headers = self.headers(etag or self.etag())
        if status != 200:
            for key in ("ETag", "Last-Modified"):
                all_headers.pop(key, None)
            all_headers["Cache-Control"] = "no-store"
        all_headers.update(headers or {})
        response = HTMLResponse(page, status_code=status, headers=all_headers)
        asked = self.request.query_params.get("lang", "").strip().lower()
        if asked in languages.LANGUAGES:
            response.set_cookie(languages.COOKIE, asked, max_age=365 * 24 * 3600, path="/", samesite="lax")
        return response
