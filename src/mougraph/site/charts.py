"""Pictures of the graph as server-side SVG: a timeline, a country × scope-area matrix, a network.

Data flows one way: SPARQL rows (:data:`~mougraph.site.chart_data.QUERIES`, run by :func:`render`
through the worker pool) → :func:`~mougraph.site.chart_data.facts` → a layout per picture
(positions and texts in one language: :mod:`~mougraph.site.chart_timeline`,
:mod:`~mougraph.site.chart_matrix`, :mod:`~mougraph.site.chart_network`) → an ``<svg>`` string.
All but :func:`render` are pure functions: the same data and language give the same bytes, so
callers may cache a picture per store version. Choices are documented in ``docs/charts.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mougraph.errors import ClientError, NotFound
from mougraph.site import svg
from mougraph.site.chart_data import NEEDS, QUERIES, TEXT, Facts, facts
from mougraph.site.chart_matrix import matrix, matrix_svg
from mougraph.site.chart_network import network, network_svg
from mougraph.site.chart_timeline import timeline, timeline_svg

if TYPE_CHECKING:
    from mougraph.web.app import Server

NAMES: tuple[str, ...] = ("timeline", "matrix", "network")
LANGS = ("th", "en")


def check(name: str, lang: str) -> None:
    """Refuse an unknown picture (404) or language (400), naming the choices."""
    if name not in NAMES:
        raise NotFound(f"no picture named {name!r}; choose one of: {', '.join(NAMES)}")
    if lang not in LANGS:
        raise ClientError(f"no pictures in language {lang!r}; choose one of: {', '.join(LANGS)}")


def draw(name: str, data: Facts, lang: str) -> str:
    """Picture ``name`` of ``data`` in ``lang`` as an ``<svg>`` element (a small "no data" picture when empty)."""
    check(name, lang)
    if not data.instruments:
        return svg.empty(name, lang, TEXT[lang][name], TEXT[lang]["empty"])
    if name == "timeline":
        return timeline_svg(timeline(data, lang), lang)
    if name == "matrix":
        return matrix_svg(matrix(data, lang), lang)
    return network_svg(network(data, lang), lang)


async def render(server: Server, name: str, lang: str) -> str:
    """A complete inline-able <svg> element (escaped) for picture `name` in language `lang` ("th" or "en")."""
    check(name, lang)
    rows: dict[str, list[dict[str, Any]]] = {}
    for query in NEEDS[name]:
        rows[query] = await server.select(QUERIES[query])
    return draw(name, facts(rows), lang)
