"""The ThaiGov corpora in ``../shared/corpus``: pages streamed from their xz archives, never copied.

A page is found by its source URL (its ``ที่มา`` line). Archives are read sequentially
(``tarfile`` stream mode), so finding any set of pages costs one pass over the archives.
"""

from __future__ import annotations

import re
import tarfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from mougraph.errors import BadInput

_SOURCE = re.compile(r"ที่มา\s*:\s*(\S+)\s*$")
_ID = re.compile(r"/details/([0-9]+)")


def archives(folder: Path) -> list[Path]:
    """The corpus archives under ``folder`` (``thaigov-v1/*.tar.xz``, ``thaigov-v2/*.tar.xz``)."""
    found = sorted(folder.glob("*/*.tar.xz"))
    if not found:
        raise BadInput(str(folder), "no corpus archives here (expected thaigov-v1/*.tar.xz, thaigov-v2/*.tar.xz)")
    return found


def page_key(url: str) -> str:
    """Pages are matched by their numeric thaigov id (http/https and www variants are the same page).

    >>> page_key("http://www.thaigov.go.th/news/contents/details/4283"), page_key("https://x.org/a")
    ('4283', 'https://x.org/a')
    """
    found = _ID.search(url)
    return found.group(1) if found else url


def iter_pages(folder: Path) -> Iterator[tuple[str, str]]:
    """Every page of the corpus as (``archive:member`` name, text)."""
    for archive in archives(folder):
        with tarfile.open(archive, "r|xz") as tar:
            for member in tar:
                if not member.isfile() or not member.name.endswith(".txt"):
                    continue
                handle = tar.extractfile(member)
                if handle is None:
                    continue
                raw = handle.read()
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:
                    continue
                yield f"{archive.parent.name}/{archive.name}:{member.name}", text


def find_pages(folder: Path, urls: Iterable[str]) -> dict[str, tuple[str, str]]:
    """The pages whose source URL is in ``urls``: key -> (where, text). Missing ones are absent."""
    wanted = {page_key(url) for url in urls}
    found: dict[str, tuple[str, str]] = {}
    for where, text in iter_pages(folder):
        tail = text[-300:]
        match = _SOURCE.search(tail)
        if match is None:
            continue
        key = page_key(match.group(1))
        if key in wanted and key not in found:
            found[key] = (where, text)
            if len(found) == len(wanted):
                break
    return found
