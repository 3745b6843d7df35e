"""mougraph serve: settings from the environment, and building only when the store is stale."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mougraph.config import Settings
from mougraph.errors import ConfigError
from mougraph.layout import Layout
from mougraph.web.serve import is_stale


def test_server_settings_come_from_variables_and_are_checked(tmp_path: Path) -> None:
    env = {"MOUGRAPH_PORT": "9001", "MOUGRAPH_QUERY_TIMEOUT": "2.5", "MOUGRAPH_ALLOW_SERVICE": "no"}
    settings = Settings.from_env(env, root=tmp_path)
    assert (settings.port, settings.query_timeout, settings.allow_service) == (9001, 2.5, False)
    assert settings.endpoint_url == "http://127.0.0.1:9001"
    assert not settings.updates_enabled
    with pytest.raises(ConfigError, match="MOUGRAPH_PORT='eighty'"):
        Settings.from_env({"MOUGRAPH_PORT": "eighty"}, root=tmp_path)
    with pytest.raises(ConfigError, match="update_token"):
        Settings.from_env({"MOUGRAPH_UPDATE_TOKEN": "short"}, root=tmp_path)


def test_store_is_stale_when_missing_or_older_than_an_input(tmp_path: Path, golden_store: Path) -> None:
    layout = Layout(tmp_path)
    (tmp_path / "ontology").mkdir()
    (tmp_path / "ontology" / "mougraph.ttl").write_text("")
    assert is_stale(tmp_path / "store", layout)
    built = golden_store.resolve().stat().st_mtime
    os.utime(tmp_path / "ontology" / "mougraph.ttl", (built - 10, built - 10))
    assert not is_stale(golden_store, layout)
    os.utime(tmp_path / "ontology" / "mougraph.ttl", (built + 10, built + 10))
    assert is_stale(golden_store, layout)
