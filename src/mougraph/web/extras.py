"""Routes over other modules: the query catalogue (/queries) and the exports (/export).

Each is mounted only when its module is present (they are written on another branch);
catalogue queries run through the same guarded worker pool as any client query, with their
parameters bound as pyoxigraph substitutions, never by string formatting.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from mougraph.errors import NotFound
from mougraph.store import open_read_only

if TYPE_CHECKING:
    from mougraph.web.app import Server


def _module(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def mount(app: FastAPI, server: Server) -> None:
    catalogue = _module("mougraph.catalogue")
    if catalogue is not None:
        _mount_catalogue(app, server, catalogue)
    export = _module("mougraph.export")
    if export is not None:
        _mount_export(app, server, export)


def _mount_catalogue(app: FastAPI, server: Server, catalogue: Any) -> None:
    folder = server.settings.root / "queries"

    def queries() -> dict[str, Any]:
        loaded: dict[str, Any] = catalogue.load_catalogue(folder)
        return loaded

    @app.get("/queries")
    async def list_queries(request: Request) -> JSONResponse:
        listed = [
            {
                "name": q.name,
                "title": {"th": q.title_th, "en": q.title_en},
                "description": q.description,
                "parameters": [
                    {"name": p.name, "kind": p.kind, "default": p.default, "description": p.description}
                    for p in q.parameters
                ],
                "url": f"{server.endpoint}/queries/{q.name}",
            }
            for q in queries().values()
        ]
        return JSONResponse(listed)

    @app.get("/queries/{name}")
    async def run_query(request: Request, name: str) -> Response:
        found = queries().get(name)
        if found is None:
            raise NotFound(f"no query named {name!r} in the catalogue; GET /queries lists them")
        params = {k: v for k, v in request.query_params.items() if k != "format"}
        substitutions = catalogue.bind(found, params)
        return await server.query(
            request, found.text, format_param=request.query_params.get("format"), substitutions=substitutions
        )


def _mount_export(app: FastAPI, server: Server, export: Any) -> None:
    @app.get("/export/mougraph.{extension}")
    async def export_graph(extension: str) -> Response:
        formats: dict[str, tuple[str, str]] = export.FORMATS
        if extension not in formats:
            raise NotFound(f"no export mougraph.{extension}; offered: {', '.join(sorted(formats))}")
        store = open_read_only(server.settings.store)
        return StreamingResponse(
            export.stream_export(store, extension),
            media_type=formats[extension][1],
            headers={"Content-Disposition": f'attachment; filename="mougraph.{extension}"'},
        )
