"""The ThaiGov corpora in ``../shared/corpus``: pages streamed from their xz archives, never copied.

A page is found by its source URL (its ``ที่มา`` line). Archives are read sequentially
(``tarfile`` stream mode), so finding any set of pages costs one pass over the archives.
"""

from __future__ import annotations

import re
import tarfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
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


#: Archive suffixes read as corpora (``tarfile`` streams them; any compression it knows).
ARCHIVE_SUFFIXES = (".tar.xz", ".tar.gz", ".tgz", ".tar.bz2", ".tar")


@dataclass(frozen=True)
class Input:
    """One file to read: an archive of pages or a single page; ``name`` is how pages are cited."""

    path: Path
    name: str
    archive: bool

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def inputs(paths: Iterable[Path]) -> list[Input]:
    """The archives and ``.txt`` pages at or below ``paths`` (folders are walked in name order)."""
    found: list[Input] = []
    for path in paths:
        if path.is_file():
            found.append(Input(path, path.name, _is_archive(path)))
            continue
        if not path.is_dir():
            raise BadInput(str(path), "no such file or folder")
        before = len(found)
        for child in sorted(path.rglob("*")):
            if child.is_file() and (_is_archive(child) or child.suffix == ".txt"):
                name = f"{path.name}/{child.relative_to(path).as_posix()}"
                found.append(Input(child, name, _is_archive(child)))
        if len(found) == before:
            raise BadInput(str(path), "no corpus pages here (no .txt files, no .tar.xz archives)")
    return found


def read_input(source: Input, progress: Callable[[int], None] | None = None) -> Iterator[tuple[str, bytes]]:
    """Every page of ``source`` as (``archive:member`` or file name, raw bytes); ``progress`` is told
    how many bytes of the input file were consumed since its last call."""
    if not source.archive:
        raw = source.path.read_bytes()
        if progress:
            progress(len(raw))
        yield source.name, raw
        return
    with source.path.open("rb") as handle:
        try:
            tar = tarfile.open(fileobj=handle, mode="r|*")  # noqa: SIM115 (closed by the with below)
        except tarfile.TarError as exc:
            raise BadInput(str(source.path), f"not a readable tar archive ({exc})") from None
        done = 0
        with tar:
            for member in tar:
                if progress:
                    now = handle.tell()
                    progress(now - done)
                    done = now
                if not member.isfile() or not member.name.endswith(".txt"):
                    continue
                page = tar.extractfile(member)
                if page is not None:
                    yield f"{source.name}:{member.name}", page.read()
        if progress:
            progress(source.size - done)


def _is_archive(path: Path) -> bool:
    return path.name.endswith(ARCHIVE_SUFFIXES)
