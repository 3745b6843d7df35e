"""The per-build result cache (web/cache.py): hits, invalidation, the byte bound, the off switch, and over HTTP."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from mougraph.config import Settings
from mougraph.errors import ConfigError
from mougraph.web.cache import ResultCache, key
from mougraph.web.engine import Reply

from .live import ROOT, serve

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


# ---------------------------------------------------------------- answers computed when a build publishes

TINY = """
<https://w3id.org/mougraph/id/a> <https://w3id.org/mougraph/ontology#principle> <urn:p1> .
<https://w3id.org/mougraph/id/b> <https://w3id.org/mougraph/ontology#principle> <urn:p1> .
<urn:p1> <http://www.w3.org/2004/02/skos/core#notation> "p1" .
""" + "".join(f"<urn:s{i}> <urn:p> <urn:o{i}> .\n" for i in range(400))


def tiny_store(folder: Path, extra: str = "") -> Path:
    from rdflib import URIRef

    from mougraph.store import write_store

    path = folder / "store"
    write_store({URIRef("urn:g"): TINY + extra}, path)
    return path


def tiny_catalogue(folder: Path) -> Path:
    queries = folder / "queries"
    queries.mkdir()
    (queries / "fast.rq").write_text(
        "# title@en: Fast\n# title@th: เร็ว\n# description: counts principles.\n"
        "SELECT ?principle (COUNT(?i) AS ?n) WHERE { ?i <https://w3id.org/mougraph/ontology#principle> ?principle }"
        " GROUP BY ?principle\n",
        encoding="utf-8",
    )
    (queries / "slow.rq").write_text(
        "# title@en: Slow\n# title@th: ช้า\n# description: a cross join that takes seconds.\n"
        "SELECT (COUNT(*) AS ?n) WHERE { ?a <urn:p> ?b . ?c <urn:p> ?d . ?e <urn:p> ?f . ?g <urn:p> ?h }\n",
        encoding="utf-8",
    )
    return queries


def test_answers_are_computed_at_publish_kept_per_version_and_stopped_at_the_budget(tmp_path: Path) -> None:
    from mougraph.web.cache import Precomputed, answers_folder, publish_answers, store_version

    store = tiny_store(tmp_path)
    queries = tiny_catalogue(tmp_path)
    version = store_version(store)
    assert store_version(store) == version  # stable while the store is the same
    index = publish_answers(store, queries, budget=3.0, jobs=2)
    assert [entry["name"] for entry in index["answers"]] == ["fast"]
    assert index["answers"][0]["rows"] == 1
    assert [(entry["name"], "budget" in entry["why"]) for entry in index["skipped"]] == [("slow", True)]
    kept = answers_folder(store) / version
    assert (kept / "fast.body").exists()
    assert '"n"' in (kept / "fast.body").read_text()

    found = Precomputed.load(store, max_rows=10)
    assert (found.version, len(found), found.skipped) == (version, 1, {"slow"})
    assert Precomputed.load(store, max_rows=0).version == version
    assert len(Precomputed.load(store, max_rows=0)) == 0  # an endpoint that would cut the answer does not use it

    tiny_store(tmp_path, "<urn:x> <urn:y> <urn:z> .\n")  # a new build: a new version, the old answers unused
    assert store_version(store) != version
    assert Precomputed.load(store, max_rows=10).version is None
    publish_answers(store, queries, budget=0.5)
    assert [p.name for p in answers_folder(store).iterdir()] == [store_version(store)]  # the old ones removed


def test_attached_answers_are_hits_until_the_version_changes(tmp_path: Path) -> None:
    from mougraph.catalogue import bind, load_catalogue
    from mougraph.web.cache import Precomputed, publish_answers

    store = tiny_store(tmp_path)
    queries = tiny_catalogue(tmp_path)
    publish_answers(store, queries, budget=0.5, jobs=1)
    fast = load_catalogue(queries)["fast"]
    wanted = key(fast.text, formats=JSON, max_rows=10, substitutions=bind(fast, {}))
    cache = ResultCache(1000)
    assert cache.get("v1", wanted) is None
    cache.attach("v1", Precomputed.load(store, max_rows=10))
    found = cache.get("v1", wanted)
    assert found is not None
    assert found.status == 200
    assert b"urn:p1" in found.body
    assert cache.get("v1", key(fast.text, formats=CSV, max_rows=10)) is None  # another format: not computed
    assert cache.get("v2", wanted) is None  # a new version drops the attached answers too
    off = ResultCache(0)
    off.attach("v1", Precomputed.load(store, max_rows=10))
    assert off.get("v1", wanted) is None  # cache off: every request is evaluated


def test_serve_answers_the_catalogue_from_the_answers_of_the_build(seed_store_path: Path, tmp_path: Path) -> None:
    import shutil

    from mougraph.web.cache import answers_folder, publish_answers

    store = tmp_path / "store"
    shutil.copytree(seed_store_path.resolve(), store)
    index = publish_answers(store, ROOT / "queries", budget=30)
    assert {entry["name"] for entry in index["answers"]} >= {"principles", "announcements"}
    body = answers_folder(store) / index["version"] / "principles.body"
    marker = b'{"head": {"vars": ["marker"]}, "results": {"bindings": []}}'
    body.write_bytes(marker)  # what the endpoint sends must come from this file
    with serve(store) as url:
        warm = httpx.get(url + "/queries/principles", timeout=30)
        assert warm.status_code == 200
        assert warm.content == marker
    with serve(store, result_cache=0) as url:
        cold = httpx.get(url + "/queries/principles", timeout=30)
        assert cold.status_code == 200
        assert cold.content != marker
