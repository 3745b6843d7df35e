"""Per-request latency of the SPARQL endpoint over HTTP (p50/p95), and how long a runaway query holds on.

Builds a store of the ontology, thesaurus, reference data and the golden graphs in a temporary
folder, serves it on 127.0.0.1 (2 workers, 2 s limit), and times each query N times.

    python benchmarks/endpoint_latency.py [N]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
from rdflib import Graph, URIRef

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.live import serve  # noqa: E402

from mougraph.layout import Layout  # noqa: E402
from mougraph.pipeline import load  # noqa: E402
from mougraph.store import write_store  # noqa: E402

QUERIES = {
    "ask": "ASK { ?s ?p ?o }",
    "countries (249 rows)": "SELECT ?c ?l WHERE { ?c a <https://schema.org/Country> ; "
    "<http://www.w3.org/2004/02/skos/core#prefLabel> ?l FILTER(lang(?l) = 'th') }",
    "count per class": "SELECT ?c (COUNT(*) AS ?n) WHERE { ?s a ?c } GROUP BY ?c",
    "describe one": "DESCRIBE <https://w3id.org/mougraph/id/country/JP>",
}
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def main(rounds: int) -> None:
    layout = Layout(ROOT)
    named: dict[URIRef, Graph] = {}
    for path, graph in load([*layout.context_files, *sorted((ROOT / "tests" / "golden").glob("*.ttl"))]).graphs.items():
        named.setdefault(layout.named_graph(path), Graph())
        named[layout.named_graph(path)] += graph
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "store"
        summary = write_store(named, store)
        started = time.perf_counter()
        with serve(store, query_timeout=2.0, workers=2) as url, httpx.Client(timeout=30) as client:
            print(f"store: {summary.quads:,} quads; server ready in {time.perf_counter() - started:.2f} s")
            for name, query in QUERIES.items():
                times = []
                for _ in range(rounds):
                    t0 = time.perf_counter()
                    response = client.get(url + "/sparql", params={"query": query})
                    times.append((time.perf_counter() - t0) * 1000)
                    assert response.status_code == 200, response.text
                times.sort()
                p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
                print(f"{name:24} p50 {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms")
            t0 = time.perf_counter()
            response = client.get(url + "/sparql", params={"query": RUNAWAY})
            print(f"runaway query: HTTP {response.status_code} after {time.perf_counter() - t0:.2f} s (limit 2 s)")
            t0 = time.perf_counter()
            while client.get(url + "/health").json()["workers"] < 2:
                time.sleep(0.05)
            print(f"worker replaced within {time.perf_counter() - t0:.2f} s after the 503")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
