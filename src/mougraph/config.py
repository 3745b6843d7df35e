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
from urllib.parse import urlsplit

from mougraph.errors import ConfigError
from mougraph.iris import BASE

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
    # The SPARQL endpoint (mougraph serve); see docs/endpoint.md.
    host: str = field(default="127.0.0.1", metadata={"help": "address the endpoint listens on"})
    port: int = field(default=8000, metadata={"help": "TCP port the endpoint listens on"})
    base_iri: str = field(default=BASE, metadata={"help": "base IRI of the data (the VoID dataset lives under it)"})
    public_url: str = field(
        default="",
        metadata={"help": "URL clients reach the endpoint at (default http://HOST:PORT); update base IRI, GSP graphs"},
    )
    query_timeout: float = field(
        default=10.0, metadata={"help": "seconds a query or update may run before it is killed"}
    )
    max_rows: int = field(default=10_000, metadata={"help": "rows (or triples) a result holds at most; more is cut"})
    max_query_length: int = field(default=65_536, metadata={"help": "characters a query or update may have"})
    max_nesting: int = field(default=100, metadata={"help": "deepest nesting of brackets and braces in a query"})
    max_offset: int = field(default=100_000, metadata={"help": "largest OFFSET a query may ask for"})
    max_body: int = field(default=1_048_576, metadata={"help": "bytes a request body (or query string) may have"})
    max_upload: int = field(default=16_777_216, metadata={"help": "bytes a Graph Store Protocol upload may have"})
    workers: int = field(default=2, metadata={"help": "query worker processes (the pool)"})
    queue: int = field(default=8, metadata={"help": "requests that may wait for a worker; past it 503 + Retry-After"})
    update_token: str = field(
        default="", metadata={"help": "bearer token enabling SPARQL Update and Graph Store writes (empty: read-only)"}
    )
    allow_service: bool = field(
        default=False, metadata={"help": "let queries use SERVICE and updates use LOAD (the server then opens URLs)"}
    )
    # A remote SPARQL server instead of the embedded store; see docs/remote-store.md.
    store_url: str = field(
        default="", metadata={"help": "query endpoint of a remote store (--store URL); empty: the embedded store"}
    )
    store_update: str = field(default="", metadata={"help": "update endpoint of the remote store (default per layout)"})
    store_gsp: str = field(
        default="", metadata={"help": "Graph Store endpoint of the remote store (default per layout)"}
    )
    store_user: str = field(default="", repr=False, metadata={"help": "user name for the remote store"})
    store_password: str = field(default="", repr=False, metadata={"help": "password for the remote store"})
    store_token: str = field(default="", repr=False, metadata={"help": "bearer token for the remote store"})
    store_auth: str = field(default="basic", metadata={"help": "how the user name is sent: basic or digest"})
    result_cache: int = field(
        default=64 * 1024 * 1024,
        metadata={"help": "bytes of query results kept per store version, catalogue answers precomputed (0: off)"},
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
            settings = _with_store(settings, env["MOUGRAPH_STORE"])
        settings = replace(settings, corpus=base.parent / "shared" / "corpus")
        if "MOUGRAPH_CORPUS" in env:
            settings = replace(settings, corpus=Path(env["MOUGRAPH_CORPUS"]))
        if "MOUGRAPH_LANG" in env:
            settings = replace(settings, lang=env["MOUGRAPH_LANG"])
        settings = replace(settings, **_server_env(env))
        given = {key: value for key, value in overrides.items() if value is not None}
        if "store" in given:
            settings = _with_store(settings, given.pop("store"))
        settings = replace(settings, **given)
        settings.check()
        return settings

    def check(self) -> None:
        """Raise :class:`ConfigError` naming the setting whose value cannot be used."""
        if self.lang not in LANGUAGES:
            raise ConfigError(f"setting 'lang' is {self.lang!r}; choose one of: {', '.join(LANGUAGES)}")
        if not 0 < self.port < 65536:
            raise ConfigError(f"setting 'port' is {self.port}; choose 1-65535")
        if self.query_timeout <= 0:
            raise ConfigError(f"setting 'query_timeout' is {self.query_timeout}; it must be above 0 seconds")
        for name in ("max_rows", "max_query_length", "max_nesting", "max_body", "max_upload", "workers"):
            if getattr(self, name) < 1:
                raise ConfigError(f"setting {name!r} is {getattr(self, name)}; it must be at least 1")
        if self.max_offset < 0 or self.queue < 0 or self.result_cache < 0:
            raise ConfigError("settings 'max_offset', 'queue' and 'result_cache' cannot be negative")
        if self.update_token and len(self.update_token) < 16:
            raise ConfigError("setting 'update_token' is too short; use at least 16 characters")
        self._check_remote()

    def _check_remote(self) -> None:
        for name in ("store_url", "store_update", "store_gsp"):
            url = getattr(self, name)
            parts = urlsplit(url)
            if url and (parts.scheme not in ("http", "https") or not parts.hostname):
                raise ConfigError(f"setting {name!r} is {url!r}; give an http:// or https:// URL")
            if url and (parts.username is not None or parts.password is not None):
                raise ConfigError(
                    f"setting {name!r} holds credentials; give them in MOUGRAPH_STORE_USER and"
                    " MOUGRAPH_STORE_PASSWORD (or MOUGRAPH_STORE_TOKEN) instead"
                )
        if self.store_auth not in ("basic", "digest"):
            raise ConfigError(f"setting 'store_auth' is {self.store_auth!r}; choose basic or digest")
        if self.store_url and self.update_token:
            raise ConfigError(
                "setting 'update_token' cannot be used with a remote store: the endpoint does not forward writes;"
                " publish with 'mougraph build --store URL' (docs/remote-store.md)"
            )

    @property
    def endpoint_url(self) -> str:
        """Where clients reach the server: ``public_url``, or http://HOST:PORT."""
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def updates_enabled(self) -> bool:
        return bool(self.update_token)

    @staticmethod
    def variable(name: str) -> str:
        """The environment variable of setting ``name``.

        >>> Settings.variable("query_timeout")
        'MOUGRAPH_QUERY_TIMEOUT'
        """
        return "MOUGRAPH_" + name.upper()

    @classmethod
    def help(cls) -> dict[str, str]:
        """Each setting's name and help text (for the README and ``--help``)."""
        return {f.name: str(f.metadata.get("help", "")) for f in fields(cls)}


def _with_store(settings: Settings, value: str | Path) -> Settings:
    """``store`` set to a folder, or ``store_url`` to a remote server's query endpoint.

    >>> s = Settings(root=Path("/r"), store=Path("/r/var/store"))
    >>> _with_store(s, "http://127.0.0.1:7878/query").store_url
    'http://127.0.0.1:7878/query'
    >>> _with_store(s, "other/store").store_url, _with_store(s, "other/store").store
    ('', PosixPath('other/store'))
    """
    text = str(value)
    if isinstance(value, str) and text.lower().startswith(("http://", "https://")):
        return replace(settings, store_url=text)
    return replace(settings, store=Path(value), store_url="")


#: Server settings read from ``MOUGRAPH_{NAME}`` variables, with the type their text is read as.
_SERVER_FIELDS: dict[str, type] = {
    "host": str,
    "port": int,
    "base_iri": str,
    "public_url": str,
    "query_timeout": float,
    "max_rows": int,
    "max_query_length": int,
    "max_nesting": int,
    "max_offset": int,
    "max_body": int,
    "max_upload": int,
    "workers": int,
    "queue": int,
    "update_token": str,
    "allow_service": bool,
    "store_update": str,
    "store_gsp": str,
    "store_user": str,
    "store_password": str,
    "store_token": str,
    "store_auth": str,
    "result_cache": int,
}


def _server_env(env: Mapping[str, str]) -> dict[str, Any]:
    """The server settings given in ``env``, converted; :class:`ConfigError` names a bad one.

    >>> _server_env({"MOUGRAPH_PORT": "8080", "MOUGRAPH_ALLOW_SERVICE": "yes"})
    {'port': 8080, 'allow_service': True}
    """
    found: dict[str, Any] = {}
    for name, kind in _SERVER_FIELDS.items():
        variable = Settings.variable(name)
        if variable not in env:
            continue
        text = env[variable].strip()
        try:
            if kind is bool:
                if text.lower() not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
                    raise ValueError(text)
                found[name] = text.lower() in ("1", "true", "yes", "on")
            else:
                found[name] = kind(text)
        except ValueError:
            raise ConfigError(f"{variable}={env[variable]!r} is not a valid {kind.__name__}") from None
    return found
