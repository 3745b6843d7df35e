"""The linked-data site: dereferenceable IRIs, pages in Thai and English, indexes, search, charts.

:func:`mount` adds its routes to the app of :func:`mougraph.web.app.create_app`; the pages read
the store only through the server's worker pool. Routes and behaviour: ``docs/site.md``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import Response
from starlette.staticfiles import StaticFiles

from mougraph.site import pages

if TYPE_CHECKING:
    from mougraph.web.app import Server

STATIC = Path(__file__).parent / "static"
#: Index pages: path and the kind of list each shows.
INDEXES = ("countries", "organizations", "instruments", "areas", "modalities", "principles", "announcements")

Route = Callable[[Request], Awaitable[Response]]


def mount(app: FastAPI, server: Server) -> None:
    """Add the site's routes (GET and HEAD) and its static files to ``app``."""

    def bind(function: Callable[..., Awaitable[Response]], **fixed: str) -> Route:
        async def route(request: Request) -> Response:
            return await function(request, server, **fixed)

        route.__name__ = function.__name__ + "".join(f"_{value}" for value in fixed.values())
        return route

    def add(path: str, route: Route) -> None:
        app.add_route(path, route, methods=["GET", "HEAD"], include_in_schema=False)

    add("/", bind(pages.home))
    add("/id", bind(pages.resource_route))
    add("/id/{path:path}", bind(pages.resource_route))
    add("/ontology", bind(pages.ontology_route))
    add("/ontology.{suffix}", bind(pages.ontology_route))
    add("/ontology/{term}", bind(pages.term_route))
    add("/thesaurus", bind(pages.thesaurus))
    for kind in INDEXES:
        add(f"/{kind}", bind(pages.index_page, kind=kind))
    add("/search", bind(pages.search_route))
    add("/charts", bind(pages.charts_page))
    add("/charts/{name}.svg", bind(pages.chart_svg))
    app.mount("/static", StaticFiles(directory=STATIC), name="static")


__all__ = ["mount"]
