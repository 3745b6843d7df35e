"""Settings, built in one place: the only reader of ``MOUGRAPH_*`` environment variables.

Every other module receives a :class:`Settings` (or plain arguments) and never looks at the
environment itself.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from mougraph.errors import ConfigError

LANGUAGES = ("th", "en")


def _find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` that holds ``ontology/mougraph.ttl``."""
    for folder in (start, *start.parents):
        if (folder / "ontology" / "mougraph.ttl").is_file():
            return folder
    package_checkout = Path(__file__).resolve().parents[2]
    if (package_checkout / "ontology" / "mougraph.ttl").is_file():
        return package_checkout
    return start


@dataclass(frozen=True)
class Settings:
    """What a mougraph command needs to know about its world.

    >>> s = Settings.from_env({"MOUGRAPH_LANG": "th"}, root=Path("/repo"))
    >>> s.lang, s.store
    ('th', PosixPath('/repo/var/store'))
    """

    root: Path = field(metadata={"help": "repository root holding ontology/, shapes/, data/"})
    store: Path = field(metadata={"help": "embedded store folder (a symlink swapped on each build)"})
    lang: str = field(default="en", metadata={"help": "language of messages: th or en"})
    corpus: Path | None = field(
        default=None, metadata={"help": "folder of the ThaiGov corpus archives (default: ../shared/corpus)"}
    )

    @classmethod
    def from_env(
        cls,
        env: Mapping[str, str] | None = None,
        *,
        root: Path | None = None,
        **overrides: Any,
    ) -> Settings:
        """Defaults, then ``MOUGRAPH_*`` variables, then explicit overrides (CLI options)."""
        env = os.environ if env is None else env
        base = root or Path(env.get("MOUGRAPH_ROOT") or _find_root(Path.cwd()))
        settings = cls(root=base, store=base / "var" / "store")
        if "MOUGRAPH_STORE" in env:
            settings = replace(settings, store=Path(env["MOUGRAPH_STORE"]))
        settings = replace(settings, corpus=base.parent / "shared" / "corpus")
        if "MOUGRAPH_CORPUS" in env:
            settings = replace(settings, corpus=Path(env["MOUGRAPH_CORPUS"]))
        if "MOUGRAPH_LANG" in env:
            settings = replace(settings, lang=env["MOUGRAPH_LANG"])
        given = {key: value for key, value in overrides.items() if value is not None}
        settings = replace(settings, **given)
        settings.check()
        return settings

    def check(self) -> None:
        """Raise :class:`ConfigError` naming the setting whose value cannot be used."""
        if self.lang not in LANGUAGES:
            raise ConfigError(f"setting 'lang' is {self.lang!r}; choose one of: {', '.join(LANGUAGES)}")

    @classmethod
    def help(cls) -> dict[str, str]:
        """Each setting's name and help text (for the README and ``--help``)."""
        return {f.name: str(f.metadata.get("help", "")) for f in fields(cls)}
