"""The SPARQL endpoint on a live server: protocol, formats, negotiation, errors, caching, operations."""

from __future__ import annotations

import concurrent.futures
import csv
import io
import time

import httpx
import pytest
from rdflib import Graph, URIRef

Q_COUNTRIES = "SELECT ?c WHERE { ?c a <https://schema.org/Country> } ORDER BY ?c"


def get(url: str, **params: str) -> httpx.Response:
    return httpx.get(url + "/sparql", params=params, timeout=30)


def test_select_json_by_default(endpoint: str) -> None:
    response = get(endpoint, query="SELECT (1 AS ?one) {}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    assert response.json()["results"]["bindings"] == [
        {"one": {"type": "literal", "value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}
    ]


def test_select_csv_tsv_xml_by_accept_and_format(endpoint: str) -> None:
    csv_text = httpx.get(endpoint + "/sparql", params={"query": Q_COUNTRIES}, headers={"Accept": "text/csv"}).text
    rows = list(csv.reader(io.StringIO(csv_text)))
    assert rows[0] == ["c"]
    assert rows[1] == ["https://w3id.org/mougraph/id/country/AD"]
    tsv = get(endpoint, query=Q_COUNTRIES, format="tsv")
    assert tsv.headers["content-type"].startswith("text/tab-separated-values")
    assert tsv.text.splitlines()[0] == "?c"
    xml = httpx.get(
        endpoint + "/sparql",
        params={"query": Q_COUNTRIES},
        headers={"Accept": "text/csv;q=0.5, application/sparql-results+xml"},
    )
    assert xml.headers["content-type"].startswith("application/sparql-results+xml")


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/n-quads", "nquads"),
        ("application/trig", "trig"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_in_every_graph_format(endpoint: str, accept: str, rdflib_format: str) -> None:
    query = "CONSTRUCT { ?c ?p ?o } WHERE { ?c ?p ?o FILTER(?c = <https://w3id.org/mougraph/id/country/JP>) }"
    response = httpx.get(endpoint + "/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(accept)
    graph = Graph().parse(data=response.content, format=rdflib_format)
    assert len(graph) > 3
    assert any("ญี่ปุ่น" in str(o) for o in graph.objects()), "Thai labels come back intact"


def test_406_lists_what_is_offered(endpoint: str) -> None:
    response = httpx.get(endpoint + "/sparql", params={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.text


def test_bare_get_is_the_service_description(endpoint: str) -> None:
    response = httpx.get(endpoint + "/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = Graph().parse(data=response.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (None, None, URIRef(sd + "Service")) in graph
    assert (None, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Update")) not in graph, "read-only"


@pytest.mark.parametrize(
    ("query", "status", "says"),
    [
        ("SELECT * WHERE { ?s ?p }", 400, "SPARQL syntax error at line 1, column 25"),
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", 400, "SERVICE is not allowed"),
        ("SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", 400, "SERVICE is not allowed"),
        ("SELECT * WHERE { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }", 400, "nests"),
        ("SELECT * WHERE { FILTER(" + "!" * 30_000 + "true) }", 400, "nests"),
        ("SELECT * WHERE { ?s ?p ?o } OFFSET 100000000", 400, "OFFSET 100000000"),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 1000000", 400, "row limit"),
        ("SELECT * WHERE { ?s ?p ?o } # " + "x" * 70_000, 413, "at most"),
    ],
    ids=["syntax", "service", "escaped-service", "deep-parens", "deep-not", "offset", "limit", "length"],
)
def test_bad_queries_are_4xx_naming_the_problem(endpoint: str, query: str, status: int, says: str) -> None:
    response = httpx.post(
        endpoint + "/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert response.status_code == status, response.text
    assert says in response.text
    assert "Traceback" not in response.text


def test_strings_and_iris_may_hold_keywords(endpoint: str) -> None:
    query = 'SELECT ?x WHERE { BIND("SERVICE LOAD (((" AS ?x) FILTER(?x != <urn:SERVICE>) }'
    response = get(endpoint, query=query)
    assert response.status_code == 200, response.text


def test_update_refused_on_a_read_only_endpoint(endpoint: str) -> None:
    response = httpx.post(
        endpoint + "/sparql", content=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"}
    )
    assert response.status_code == 403
    assert "updates are disabled" in response.text
    put = httpx.put(
        endpoint + "/gsp?default", content=b"<urn:a> <urn:b> <urn:c> .", headers={"Content-Type": "text/turtle"}
    )
    assert put.status_code == 403
    assert get(endpoint, query="ASK { ?s ?p ?o }").json()["boolean"] is True


def test_truncation_is_signalled_in_header_and_body(endpoint: str) -> None:
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    response = get(endpoint, query=query)
    assert response.headers["MOUGRAPH-Result-Truncated"] == "true; limit=50"
    body = response.json()
    assert len(body["results"]["bindings"]) == 50
    assert body["truncated"]["limit"] == 50
    csv_text = get(endpoint, query=query, format="csv").text
    assert csv_text.rstrip().splitlines()[-1].startswith("# mougraph: the result was cut at 50 rows")
    construct = get(endpoint, query="CONSTRUCT WHERE { ?s ?p ?o }", format="ttl")
    assert construct.headers["MOUGRAPH-Result-Truncated"] == "true; limit=50"
    assert "# mougraph: the result was cut at 50 triples" in construct.text
    small = get(endpoint, query="SELECT ?s WHERE { ?s ?p ?o } LIMIT 3")
    assert "MOUGRAPH-Result-Truncated" not in small.headers
    assert "truncated" not in small.json()


def test_etag_revalidation_gives_304(endpoint: str) -> None:
    first = get(endpoint, query=Q_COUNTRIES)
    assert first.headers["ETag"]
    assert first.headers["Last-Modified"]
    assert "max-age" in first.headers["Cache-Control"]
    again = httpx.get(
        endpoint + "/sparql", params={"query": Q_COUNTRIES}, headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304
    other = httpx.get(endpoint + "/sparql", params={"query": Q_COUNTRIES, "format": "csv"})
    assert other.headers["ETag"] != first.headers["ETag"], "each representation has its own tag"


def test_gzip_and_cors(endpoint: str) -> None:
    response = httpx.get(
        endpoint + "/sparql",
        params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
        headers={"Accept-Encoding": "gzip", "Origin": "https://example.org"},
    )
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in response.headers


def test_health_metrics_void(endpoint: str) -> None:
    health = httpx.get(endpoint + "/health").json()
    assert health["status"] == "ok"
    assert health["workers"] == 2
    assert health["updates"] is False
    metrics = httpx.get(endpoint + "/metrics").text
    assert 'mougraph_http_requests_total{route="/sparql",status="200"}' in metrics
    assert "mougraph_http_request_duration_seconds_bucket" in metrics
    assert "mougraph_query_timeouts_total" in metrics
    void = Graph().parse(data=httpx.get(endpoint + "/.well-known/void").text, format="turtle")
    vd = "http://rdfs.org/ns/void#"
    countries = [
        void.value(part, URIRef(vd + "entities"))
        for part in void.objects(None, URIRef(vd + "classPartition"))
        if void.value(part, URIRef(vd + "class")) == URIRef("https://schema.org/Country")
    ]
    assert [int(str(n)) for n in countries] == [249]
    dataset = URIRef("https://w3id.org/mougraph/dataset")
    assert int(str(void.value(dataset, URIRef(vd + "triples")))) > 6000


def test_runaway_query_is_stopped_while_others_answer(endpoint: str) -> None:
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    before = httpx.get(endpoint + "/metrics").text
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        started = time.monotonic()
        slow = pool.submit(get, endpoint, query=runaway)
        time.sleep(0.3)
        quick = get(endpoint, query="ASK { ?s ?p ?o }")
        assert quick.status_code == 200
        assert quick.json()["boolean"] is True
        assert not slow.done(), "the cheap query answered while the runaway one was still running"
        stopped = slow.result()
        elapsed = time.monotonic() - started
    assert stopped.status_code == 503
    assert "time limit" in stopped.text
    assert stopped.headers["Retry-After"]
    assert elapsed < 2.0 + 5.0, "the runaway query is stopped near its 2 s limit, not left running"
    after = httpx.get(endpoint + "/metrics").text
    assert _metric(after, "mougraph_query_timeouts_total") == _metric(before, "mougraph_query_timeouts_total") + 1
    deadline = time.monotonic() + 60
    while httpx.get(endpoint + "/health").json()["workers"] < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert httpx.get(endpoint + "/health").json()["workers"] == 2, "the killed worker was replaced"
    assert get(endpoint, query="ASK {}").status_code == 200


def _metric(text: str, name: str) -> int:
    return int(next(float(line.split()[-1]) for line in text.splitlines() if line.startswith(name + " ")))


def test_busy_pool_answers_503_with_retry_after(endpoint: str) -> None:
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: get(endpoint, query=runaway), range(8)))
    statuses = [a.status_code for a in answers]
    assert set(statuses) == {503}
    assert any("busy" in a.text for a in answers), "past pool + queue (2 + 2) requests are refused at once"
    assert all(a.headers.get("Retry-After") for a in answers)
    deadline = time.monotonic() + 60
    while httpx.get(endpoint + "/health").json()["workers"] < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
