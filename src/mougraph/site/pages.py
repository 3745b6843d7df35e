"""The site's routes: home, dereferenced resources, the ontology and thesaurus, indexes, search, charts.

Each route is a plain function of the request and the server; :func:`mougraph.site.mount` wires them.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from mougraph.errors import MougraphError, NotFound
from mougraph.site import indexes, negotiate, resource, search, sparql, urls
from mougraph.site.lang import words
from mougraph.site.negotiate import Choice
from mougraph.site.render import SECURITY, VARY, Context
from mougraph.thaitext import normalize
from mougraph.web.engine import QueryTask
from mougraph.web.formats import content_type, default_formats

if TYPE_CHECKING:
    from mougraph.web.app import Server


def charts_module() -> ModuleType | None:
    """``mougraph.site.charts`` when it is installed (it is written on another branch), else None."""
    try:
        return importlib.import_module("mougraph.site.charts")
    except ModuleNotFoundError as error:
        if error.name == "mougraph.site.charts":
            return None
        raise


async def chart(server: Server, name: str, lang: str) -> str | None:
    """The SVG of chart ``name`` in ``lang``, or None when the charts module is missing."""
    module = charts_module()
    if module is None:
        return None
    svg: str = await module.render(server, name, lang)
    return svg


# ---------------------------------------------------------------- home and indexes


async def home(request: Request, server: Server) -> Response:
    ctx = await Context.of(request, server)
    etag = ctx.etag()
    if cached := ctx.not_modified(etag):
        return cached
    timeline = await chart(server, "timeline", ctx.lang)
    return ctx.render(
        "home.html",
        {"title": words(ctx.lang)["site"], "counts": await indexes.counts(server), "timeline": timeline},
        etag=etag,
    )


async def index_page(request: Request, server: Server, kind: str) -> Response:
    """``/countries``, ``/organizations``, ``/instruments``, ``/areas``, ``/modalities``, ``/principles``,
    ``/announcements``."""
    ctx = await Context.of(request, server)
    etag = ctx.etag()
    if cached := ctx.not_modified(etag):
        return cached
    view = ctx.view
    values: dict[str, Any] = {"title": words(ctx.lang)[kind], "kind": kind, "total": 0}
    if kind == "countries":
        everything = request.query_params.get("all") == "1"
        values["rows"], values["total"] = await indexes.countries(server, view, everything)
        values["everything"] = everything
    elif kind == "organizations":
        values["rows"] = await indexes.organizations(server, view)
    elif kind == "instruments":
        values["rows"] = await indexes.instruments(server, view)
    elif kind == "announcements":
        values["rows"] = await indexes.announcements(server, view)
    else:
        scheme = indexes.SCHEMES[kind]
        values["rows"] = await indexes.concepts(server, view, scheme)
        values["scheme"] = view.iri(scheme)
    return ctx.render("index.html", values, etag=etag)


async def thesaurus(request: Request, server: Server) -> Response:
    ctx = await Context.of(request, server)
    etag = ctx.etag()
    if cached := ctx.not_modified(etag):
        return cached
    schemes = await indexes.schemes(server, ctx.view)
    return ctx.render("thesaurus.html", {"title": words(ctx.lang)["thesaurus"], "schemes": schemes}, etag=etag)


# ---------------------------------------------------------------- resources


async def resource_route(request: Request, server: Server) -> Response:
    """``/id/{path}``: HTML or RDF by Accept (or by the path's suffix), 404 page for unknown IRIs."""
    path: str = request.path_params.get("path", "")
    if not path.strip("/"):
        return RedirectResponse("/", status_code=303)
    stem, key = urls.split_suffix(path)
    iri = urls.resource_iri(stem, server.settings.base_iri)
    return await _describe(request, server, iri, f"/id/{stem}", key)


async def ontology_route(request: Request, server: Server) -> Response:
    """``/ontology`` (and ``.ttl`` …): every term of the ontology, each with an anchor, or its graph as RDF."""
    suffix = request.path_params.get("suffix")
    key = urls.SUFFIXES.get(suffix) if suffix else None
    if suffix and key is None:
        return await not_found(request, server, server.settings.base_iri + "ontology." + suffix)
    choice = Choice(key) if key else negotiate.choose(request.headers.get("accept"))
    ctx = await Context.of(request, server)
    headers = {"Link": negotiate.link_header("/ontology"), "Vary": VARY}
    if key is None:
        headers["Content-Location"] = f"/ontology.{urls.suffix_of(choice.key)}"
    etag = ctx.etag(choice.key)
    if cached := ctx.not_modified(etag):
        cached.headers.update(headers)
        return cached
    if not choice.html:
        return await _rdf(ctx, sparql.ONTOLOGY_GRAPH, None, choice, etag, headers)
    groups = await indexes.ontology(server, ctx.view)
    ontology = ctx.view.iri(server.settings.base_iri + "ontology")
    return ctx.render(
        "ontology.html",
        {"title": words(ctx.lang)["ontology"], "groups": groups, "ontology": ontology},
        etag=etag,
        headers=headers,
    )


async def term_route(request: Request, server: Server) -> Response:
    """``/ontology/{term}``: the page (or RDF) of one ontology term."""
    name, key = urls.split_suffix(request.path_params["term"])
    iri = urls.term_iri(name, server.settings.base_iri)
    return await _describe(request, server, iri, f"/ontology/{name}", key)


async def _describe(request: Request, server: Server, iri: str, path: str, key: str | None) -> Response:
    choice = Choice(key) if key else negotiate.choose(request.headers.get("accept"))
    ctx = await Context.of(request, server)
    if not _storable(iri):
        return await not_found(request, server, iri, ctx=ctx)
    headers = {"Link": negotiate.link_header(path), "Vary": VARY}
    if key is None:
        headers["Content-Location"] = urls.encode_path(f"{path}.{urls.suffix_of(choice.key)}")
    etag = ctx.etag(choice.key)
    if cached := ctx.not_modified(etag):
        cached.headers.update(headers)
        return cached
    if not choice.html:
        if not await server.select(sparql.EXISTS, {"x": sparql.iri(iri)}):
            return await not_found(request, server, iri, ctx=ctx, html=False)
        return await _rdf(ctx, sparql.DESCRIBE, iri, choice, etag, headers)
    try:
        page = await resource.build(server, ctx.view, iri, path)
    except NotFound:
        return await not_found(request, server, iri, ctx=ctx)
    alternates = [
        {"href": urls.encode_path(f"{path}.{suffix}"), "type": negotiate.choice_type(each)}
        for suffix, each in urls.SUFFIXES.items()
        if each != "html"
    ]
    return ctx.render(
        "resource.html",
        {"title": page.title, "page": page, "alternates": alternates, "formats": alternates},
        etag=etag,
        headers=headers,
    )


def _storable(iri: str) -> bool:
    """Whether ``iri`` could name a resource of the store (pyoxigraph accepts it as an IRI)."""
    if not urls.usable_iri(iri):
        return False
    try:
        sparql.iri(iri)
    except ValueError:
        return False
    return True


async def _rdf(
    ctx: Context, text: str, iri: str | None, choice: Choice, etag: str, headers: dict[str, str]
) -> Response:
    """The graph ``text`` constructs (about ``iri``) in the chosen RDF format."""
    server = ctx.server
    formats = default_formats()
    formats["graph"] = choice.format
    task = QueryTask(
        text=text,
        kind="graph",
        formats=formats,
        max_rows=server.settings.max_rows,
        substitutions={"x": sparql.iri(iri)} if iri else {},
    )
    reply = await server.queries.run(task)
    if reply.status != 200:
        raise MougraphError(f"describing {iri or 'the ontology'} failed ({reply.status})")
    all_headers = server._cache_headers(etag)
    all_headers.update(headers)
    all_headers["X-Content-Type-Options"] = "nosniff"
    return Response(reply.body, headers=all_headers, media_type=content_type(choice.format))


async def not_found(
    request: Request, server: Server, iri: str, ctx: Context | None = None, html: bool = True
) -> Response:
    """404: a page that offers a search for the end of the IRI (plain text for RDF clients)."""
    if not html:
        return PlainTextResponse(
            f"no resource {iri} in the graph; search at /search?q=…\n", status_code=404, headers=dict(SECURITY)
        )
    ctx = ctx or await Context.of(request, server)
    guess = urls.local_search_words(iri)
    return ctx.render("notfound.html", {"title": words(ctx.lang)["not_found"], "iri": iri, "q": guess}, status=404)


# ---------------------------------------------------------------- search


async def search_route(request: Request, server: Server) -> Response:
    ctx = await Context.of(request, server)
    raw = request.query_params.get("q", "")
    query = " ".join(normalize(raw).split())
    w = words(ctx.lang)
    values: dict[str, Any] = {"title": w["search"], "q": query[: search.MAX_QUERY], "hits": [], "message": ""}
    if len(query) > search.MAX_QUERY:
        values["message"] = w["search_too_long"].format(n=search.MAX_QUERY)
        return ctx.render("search.html", values, status=400)
    if not query:
        values["message"] = w["search_empty"]
        return ctx.render("search.html", values)
    etag = ctx.etag()
    if cached := ctx.not_modified(etag):
        return cached
    index = await search.index_of(server)
    hits = index.search(query)
    view = ctx.view
    values["hits"] = [
        {
            "value": view.iri(hit.iri),
            "types": [view.iri(t) for t in ctx.names.types.get(hit.iri, [])[:2]],
            "snippet": search.snippet(hit.text, hit.words),
            "lang": hit.lang,
            "is_label": hit.text == view.label(hit.iri),
        }
        for hit in hits
    ]
    if not hits:
        values["message"] = f"{w['search_none']} “{query}”"
    return ctx.render("search.html", values, etag=etag)


# ---------------------------------------------------------------- charts


async def charts_page(request: Request, server: Server) -> Response:
    ctx = await Context.of(request, server)
    etag = ctx.etag()
    if cached := ctx.not_modified(etag):
        return cached
    module = charts_module()
    pictures = []
    if module is not None:
        for name in module.NAMES:
            pictures.append((name, await chart(server, name, ctx.lang)))
    return ctx.render("charts.html", {"title": words(ctx.lang)["charts"], "pictures": pictures}, etag=etag)


async def chart_svg(request: Request, server: Server) -> Response:
    """``/charts/{name}.svg``: one picture as ``image/svg+xml``."""
    ctx = await Context.of(request, server)
    module = charts_module()
    name: str = request.path_params["name"]
    if module is None or name not in module.NAMES:
        raise NotFound(f"no chart {name!r}" + (f"; charts: {', '.join(module.NAMES)}" if module else ""))
    etag = ctx.etag("svg")
    if cached := ctx.not_modified(etag):
        return cached
    svg = await chart(server, name, ctx.lang) or ""
    headers = ctx.headers(etag)
    headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    if "xmlns=" not in svg.split(">", 1)[0]:
        svg = svg.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
    document = svg if svg.lstrip().startswith("<?xml") else '<?xml version="1.0" encoding="utf-8"?>\n' + svg
    return Response(document, media_type="image/svg+xml; charset=utf-8", headers=headers)
