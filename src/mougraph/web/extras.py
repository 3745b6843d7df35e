"""Routes over other modules: the query catalogue (/queries) and the exports (/export).

Each is mounted only when its module is present (they are written on another branch);
catalogue queries run through the same guarded worker pool as any client query, with their
parameters bound as pyoxigraph substitutions, never by string formatting.
"""

from __future__ import annotations

import base64
import importlib
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response

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


def _export_source(server: Server) -> tuple[str, Callable[[], Any]]:
    """The store version (the folder a build swapped in, or a remote build's identifier) and how to open it."""
    if server.settings.store_url:
        from mougraph.web.remote import export_source

        return export_source(server)
    store = server.settings.store
    return store.resolve().name, lambda: open_read_only(store)


def _mount_export(app: FastAPI, server: Server, export: Any) -> None:
    """``/export/mougraph.{ext}`` and ``/export/mougraph.{ext}.sha256``.

    Each format is written once per store version (the store folder a build swapped in) to
    ``{store}.exports/{version}/``, atomically, with its SHA-256, and then streamed from the file:
    the checksum is known before the first byte is sent (``Digest`` and ``ETag`` headers).
    """

    def exported(extension: str) -> tuple[Path, str]:
        formats: dict[str, tuple[str, str]] = export.FORMATS
        if extension not in formats:
            raise NotFound(f"no export mougraph.{extension}; offered: {', '.join(sorted(formats))}")
        version, source = _export_source(server)
        folder = server.settings.store.parent / f"{server.settings.store.name}.exports" / version
        path = folder / f"mougraph.{extension}"
        checksum = path.with_name(path.name + ".sha256")
        if path.exists() and checksum.exists():
            return path, checksum.read_text(encoding="utf-8").split()[0]
        for stale in folder.parent.glob("*"):
            if stale.name != version:
                shutil.rmtree(stale, ignore_errors=True)
        digest: str = export.write_export(source(), extension, path)
        return path, digest

    @app.get("/export/mougraph.{extension}")
    async def export_graph(extension: str) -> Response:
        if extension.endswith(".sha256"):
            path, digest = await run_in_threadpool(exported, extension.removesuffix(".sha256"))
            return PlainTextResponse(f"{digest}  {path.name}\n")
        path, digest = await run_in_threadpool(exported, extension)
        media_type = export.FORMATS[extension][1]
        return FileResponse(
            path,
            media_type=media_type,
            headers={
                "Content-Disposition": f'attachment; filename="mougraph.{extension}"',
                "Digest": "sha-256=" + base64.b64encode(bytes.fromhex(digest)).decode("ascii"),
                "ETag": f'"{digest}"',
                "Cache-Control": "public, max-age=300",
            },
        )
