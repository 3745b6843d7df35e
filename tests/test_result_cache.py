"""The per-build result cache (web/cache.py): hits, invalidation, the byte bound, the off switch, and over HTTP."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from mougraph.config import Settings
from mougraph.errors import ConfigError
from mougraph.web.cache import ResultCache, key
from mougraph.web.engine import Reply

from .live import serve

JSON = ("json", "json", "ttl")
CSV = ("csv", "json", "ttl")


def reply(body: bytes, truncated: bool = False) -> Reply:
    return Reply(200, body, "application/sparql-results+json", truncated=truncated)


def test_hit_after_put_and_white_space_does_not_matter() -> None:
    cache = ResultCache(1000)
    cache.put("v1", key("SELECT * { ?s ?p ?o }", formats=JSON, max_rows=10), reply(b"rows"))
    found = cache.get("v1", key("SELECT *\n  { ?s ?p ?o } ", formats=JSON, max_rows=10))
    assert found is not None
    assert found.body == b"rows"
    assert (cache.hits, cache.misses) == (1, 0)


def test_white_space_in_a_literal_is_part_of_the_key() -> None:
    cache = ResultCache(1000)
    cache.put("v1", key('SELECT * { ?s ?p "a  b" }', formats=JSON, max_rows=10), reply(b"x"))
    assert cache.get("v1", key('SELECT * { ?s ?p "a b" }', formats=JSON, max_rows=10)) is None


def test_new_version_drops_everything() -> None:
    cache = ResultCache(1000)
    query = key("ASK {}", formats=JSON, max_rows=10)
    cache.put("v1", query, reply(b"true"))
    assert cache.get("v2", query) is None
    assert len(cache) == 0
    assert cache.size == 0
    assert cache.get("v1", query) is None  # the old version's answers are gone for good


def test_bound_in_bytes_drops_least_recently_used() -> None:
    cache = ResultCache(10)
    a, b, c = (key(f"SELECT ?{n} {{}}", formats=JSON, max_rows=10) for n in "abc")
    cache.put("v", a, reply(b"aaaa"))
    cache.put("v", b, reply(b"bbbb"))
    assert cache.get("v", a) is not None  # a is now the most recently used
    cache.put("v", c, reply(b"cccc"))
    assert cache.get("v", b) is None
    assert cache.get("v", a) is not None
    assert cache.get("v", c) is not None
    assert cache.size == 8
    cache.put("v", key("SELECT ?big {}", formats=JSON, max_rows=10), reply(b"x" * 11))
    assert cache.size == 8  # larger than the whole bound: not kept


def test_off_switch_keeps_nothing() -> None:
    cache = ResultCache(0)
    query = key("ASK {}", formats=JSON, max_rows=10)
    cache.put("v", query, reply(b"true"))
    assert not cache.enabled
    assert cache.get("v", query) is None
    assert len(cache) == 0


def test_formats_rows_graphs_and_substitutions_are_part_of_the_key() -> None:
    cache = ResultCache(1000)
    text = "SELECT ?c {}"
    cache.put("v", key(text, formats=JSON, max_rows=10), reply(b"json"))
    assert cache.get("v", key(text, formats=CSV, max_rows=10)) is None
    assert cache.get("v", key(text, formats=JSON, max_rows=11)) is None
    assert cache.get("v", key(text, formats=JSON, max_rows=10, default_graphs=["urn:g"])) is None
    assert cache.get("v", key(text, formats=JSON, max_rows=10, substitutions={"c": "<urn:x>"})) is None
    assert cache.get("v", key(text, formats=JSON, max_rows=10, default_graphs=None)) is not None


def test_only_complete_answers_are_kept_and_truncation_is_preserved() -> None:
    cache = ResultCache(1000)
    failed = key("SELECT ?x {}", formats=JSON, max_rows=10)
    cache.put("v", failed, Reply(400, b"bad"))
    assert cache.get("v", failed) is None
    cut = key("SELECT ?y {}", formats=JSON, max_rows=10)
    cache.put("v", cut, reply(b"some", truncated=True))
    found = cache.get("v", cut)
    assert found is not None
    assert found.truncated


def test_setting_is_read_from_the_environment() -> None:
    assert Settings.from_env({"MOUGRAPH_RESULT_CACHE": "0"}, root=Path("/r")).result_cache == 0
    assert Settings.from_env({}, root=Path("/r")).result_cache > 0
    with pytest.raises(ConfigError):
        Settings.from_env({"MOUGRAPH_RESULT_CACHE": "-1"}, root=Path("/r"))


QUERY = "SELECT ?c WHERE { ?c a <https://schema.org/Country> } ORDER BY ?c"


def test_over_http_same_answer_per_format_and_truncated_header_kept(seed_store_path: Path) -> None:
    with serve(seed_store_path, max_rows=2) as url:
        server_answers = []
        for _ in range(2):
            json_reply = httpx.get(url + "/sparql", params={"query": QUERY}, timeout=30)
            csv_reply = httpx.get(url + "/sparql", params={"query": QUERY, "format": "csv"}, timeout=30)
            server_answers.append((json_reply, csv_reply))
        for json_reply, csv_reply in server_answers:
            assert json_reply.headers["content-type"].startswith("application/sparql-results+json")
            assert csv_reply.headers["content-type"].startswith("text/csv")
            assert json_reply.headers.get("mougraph-result-truncated", "").startswith("true")
            assert csv_reply.headers.get("mougraph-result-truncated", "").startswith("true")
            assert csv_reply.text.startswith("c\r\n")
        assert server_answers[0][0].content == server_answers[1][0].content
        assert server_answers[0][1].content == server_answers[1][1].content
