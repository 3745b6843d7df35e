"""mougraph side by side with `oxigraph serve`, Virtuoso and rdflib-endpoint, on the same data and queries.

    python benchmarks/sidebyside.py                          # sizes 1 and 100, every peer (~30-40 min)
    python benchmarks/sidebyside.py --sizes 1000 --peers mougraph,mougraph-warm,oxigraph,oxigraph-disk,virtuoso
    python benchmarks/sidebyside.py --sizes 1 --duration 5 --runs 3      # a smoke run

For each size (made by ``generate.py`` when missing, under ``var/bench/{N}x/``) each peer is
installed if needed (``pip install oxigraph rdflib-endpoint``, ``apt-get install
virtuoso-opensource``), started on 127.0.0.1 on a free port, loaded with the same ``dump.nq``,
measured, and stopped by its process id, one peer at a time:

- load: seconds from the dump to a server that answers (mougraph: its store's bulk load,
  recorded by ``generate.py``, plus the start of ``mougraph serve`` over it);
- per query, 1 client: median and p99 of up to ``--runs`` runs (fewer when a query is slow:
  at most ``--budget`` seconds per query; p99 of a handful of runs is their maximum);
- 16 clients for ``--duration`` seconds over the whole mix: requests per second and p99;
- peak memory: the sum of VmHWM over the peer's process tree.

Every answer's row count (triples for DESCRIBE) is compared with mougraph's; a mismatch is
reported and that query's timings are not counted for the peer. ``mougraph`` runs with the
result cache off (``MOUGRAPH_RESULT_CACHE=0``: every request is evaluated), ``mougraph-warm``
with it on: the catalogue's answers are computed for the store first, as ``mougraph build`` does
when it publishes (``web/cache.py``, ``publish_answers``; kept beside the store per version, so
only once), its catalogue queries go to ``GET /queries/{name}``, the rest are cached by the check
pass. ``oxigraph-disk`` is ``oxigraph serve-read-only`` on mougraph's own store: the engine on
disk without mougraph's web layer. ``--queries`` runs a few queries only; ``--merge`` keeps the
results of the peers not run now.
Results go to ``var/bench/results-{N}x.json``; the tables and the chart
(``benchmarks/sidebyside.svg``) are written into ``benchmarks/README.md`` between markers.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

OUT = ROOT / "var" / "bench"
README = ROOT / "benchmarks" / "README.md"
CHART = ROOT / "benchmarks" / "sidebyside.svg"
PEERS = ("mougraph", "mougraph-warm", "oxigraph", "oxigraph-disk", "virtuoso", "rdflib-endpoint")
SELECT_TYPE = "application/sparql-results+json"
GRAPH_TYPE = "text/turtle"
MG = "https://w3id.org/mougraph/ontology#"
OA = "http://www.w3.org/ns/oa#"
ID = "https://w3id.org/mougraph/id/"

# ---------------------------------------------------------------- the query mix

HEAVY = {
    "heavy: country × year × area": f"""PREFIX mg: <{MG}>
SELECT ?country ?year ?area (COUNT(DISTINCT ?i) AS ?n) WHERE {{
  ?dec mg:decisionOn ?i ; mg:decisionDate ?d .
  ?i mg:involvesCountry ?country ; mg:scopeItem ?item .
  ?item mg:area ?area .
  BIND(YEAR(?d) AS ?year)
}} GROUP BY ?country ?year ?area""",
    "heavy: evidence quotes per area": f"""PREFIX mg: <{MG}> PREFIX oa: <{OA}>
SELECT ?area (COUNT(*) AS ?n) WHERE {{
  ?ev oa:hasBody ?item ; oa:hasTarget ?t .
  ?t oa:hasSelector ?q . ?q oa:exact ?quote .
  ?item mg:area ?area .
}} GROUP BY ?area""",
    "heavy: partner pairs": f"""PREFIX mg: <{MG}>
SELECT ?a ?b (COUNT(DISTINCT ?i) AS ?n) WHERE {{
  ?i mg:party ?a , ?b .
  ?a mg:country ?ca . ?b mg:country ?cb .
  FILTER(?ca != ?cb && STR(?a) < STR(?b))
}} GROUP BY ?a ?b""",
    "heavy: count per class": """SELECT ?c (COUNT(*) AS ?n) WHERE {
  GRAPH ?g { ?s a ?c } FILTER(STRSTARTS(STR(?g), "https://w3id.org/mougraph/graph/"))
} GROUP BY ?c""",
}


def with_values(text: str, bound: dict[str, str]) -> str:
    """A catalogue query with its parameters bound as a VALUES block opening its WHERE clause.

    (Peers have no substitutions; the same text goes to every peer, mougraph included. The
    catalogue's own substitution path is checked against it: same rows.)
    """
    if not bound:
        return text
    names = " ".join(f"?{name}" for name in bound)
    block = f"VALUES ({names}) {{ ({' '.join(bound.values())}) }}"
    upper = text.upper()
    where = (
        upper.index("WHERE {") + len("WHERE {") if "WHERE {" in upper else upper.index("{", upper.index("SELECT")) + 1
    )
    return text[:where] + " " + block + text[where:]


def query_mix(store: Path) -> dict[str, str]:
    """Catalogue queries (defaults bound), DESCRIBE of three resources, heavy analytical queries."""
    import pyoxigraph as ox

    from mougraph.catalogue import bind, load_catalogue

    mix: dict[str, str] = {}
    for name, query in load_catalogue(ROOT / "queries").items():
        mix[name] = with_values(query.text, bind(query, {}))
    disk = ox.Store.read_only(str(store.resolve()))
    found = disk.query(f"SELECT ?i WHERE {{ ?i <{MG}scopeItem> ?s }} LIMIT 1", use_default_graph_as_union=True)
    assert isinstance(found, ox.QuerySolutions)
    instrument = next(iter(found), None)
    mix["describe: instrument"] = f"DESCRIBE <{instrument[0].value if instrument else ID + 'instrument/x'}>"
    mix["describe: country JP"] = f"DESCRIBE <{ID}country/JP>"
    mix["describe: cabinet"] = f"DESCRIBE <{ID}org/th-cabinet>"
    mix.update(HEAVY)
    return mix


def count_rows(response: httpx.Response) -> int:
    """Rows of a SPARQL JSON result, or triples of an RDF answer."""
    kind = response.headers.get("content-type", "").split(";")[0].strip()
    if "json" in kind and "ld+json" not in kind:
        document = response.json()
        if "boolean" in document:
            return 1
        return len(document["results"]["bindings"])
    import pyoxigraph as ox

    formats = {"text/turtle": ox.RdfFormat.TURTLE, "application/ld+json": ox.RdfFormat.JSON_LD}
    fmt = formats.get(kind, ox.RdfFormat.N_TRIPLES)
    return sum(1 for _ in ox.parse(response.content, format=fmt))


# ---------------------------------------------------------------- peers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def tree(pid: int) -> list[int]:
    """``pid`` and its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found


def peak_memory(pid: int) -> int:
    """Sum of VmHWM (bytes) over the process tree of ``pid``."""
    total = 0
    for each in tree(pid):
        try:
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def wait_until(check: Callable[[], bool], limit: float, what: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode}")
        try:
            if check():
                return
        except (httpx.HTTPError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what} was not ready within {limit:.0f} s")


@dataclass
class Peer:
    """A running server: where to send queries, how to stop it, what loading it took."""

    name: str
    url: str = ""
    process: subprocess.Popen[bytes] | None = None
    load_s: float = 0.0
    folder: Path | None = None
    post_form: bool = True
    extra: dict[str, Any] = field(default_factory=dict)
    catalogue: frozenset[str] = frozenset()  # queries sent to GET /queries/{name} (mougraph-warm)

    def stop(self) -> None:
        """Stop the peer by its process id (SIGTERM, then SIGKILL), children included."""
        if self.process is None:
            return
        pids = tree(self.process.pid)
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            self.process.wait(10)
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


def ensure_installed(peer: str) -> None:
    """Install what ``peer`` needs if it is missing (idempotent)."""
    if peer.startswith("oxigraph") and shutil.which("oxigraph") is None:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "oxigraph>=0.5,<0.6"], check=True)
    if peer == "rdflib-endpoint":
        try:
            import rdflib_endpoint  # noqa: F401
        except ImportError:
            subprocess.run([sys.executable, "-m", "pip", "install", "-q", "rdflib-endpoint>=0.5,<1"], check=True)
    if peer == "virtuoso" and shutil.which("virtuoso-t") is None:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-q"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-q", "virtuoso-opensource"], check=True, env=env)


def build_answers(size: Path, budget: float) -> float:
    """Seconds the catalogue's answers took when computed for the store of ``size`` (as ``mougraph
    build`` does when it publishes); computed now unless kept for this store version already."""
    from mougraph.web.cache import Precomputed, answers_folder, publish_answers

    found = Precomputed.load(size / "store", 10_000_000)
    if found.version is not None:
        index = json.loads((answers_folder(size / "store") / found.version / "index.json").read_text())
        return float(index["seconds"])
    print(f"  computing the catalogue's answers for {size / 'store'} (at most {budget:g} s per query)", flush=True)
    index = publish_answers(size / "store", ROOT / "queries", budget=budget)
    return float(index["seconds"])


def start_mougraph(name: str, size: Path, cap: float, meta: dict[str, Any], answers_budget: float = 600.0) -> Peer:
    answers_s = build_answers(size, answers_budget) if name == "mougraph-warm" else None
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "MOUGRAPH_RESULT_CACHE": "0" if name == "mougraph" else ""}
    if name != "mougraph":
        env.pop("MOUGRAPH_RESULT_CACHE")
    command = [sys.executable, "-m", "mougraph", "serve", "--no-build", "--store", str(size / "store")]
    command += ["--host", "127.0.0.1", "--port", str(port), "--query-timeout", str(cap), "--max-rows", "10000000"]
    command += ["--queue", "32"]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    peer = Peer(name, url + "/sparql", process)
    try:
        wait_until(lambda: httpx.get(url + "/health", timeout=5).status_code == 200, 900, name, process)
    except BaseException:
        peer.stop()
        raise
    peer.extra["start_s"] = time.perf_counter() - started
    peer.load_s = meta["store_load_s"] + peer.extra["start_s"]
    if answers_s is not None:  # the build's step that computes the catalogue's answers, then a start
        from mougraph.catalogue import load_catalogue

        peer.extra["answers_s"] = answers_s
        peer.load_s += answers_s
        peer.catalogue = frozenset(load_catalogue(ROOT / "queries"))
    return peer


def start_oxigraph_disk(size: Path, cap: float) -> Peer:
    """``oxigraph serve-read-only`` on the same RocksDB store mougraph serves (no load: it opens it)."""
    port = free_port()
    command = ["oxigraph", "serve-read-only", "--location", str((size / "store").resolve())]
    command += ["--bind", f"127.0.0.1:{port}", "--union-default-graph", "--timeout-s", str(int(cap))]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    peer = Peer("oxigraph-disk", url + "/query", process)
    try:
        wait_until(lambda: httpx.get(url + "/", timeout=5).status_code < 500, 300, "oxigraph-disk", process)
    except BaseException:
        peer.stop()
        raise
    peer.load_s = time.perf_counter() - started
    return peer


def start_oxigraph(size: Path, cap: float) -> Peer:
    port = free_port()
    command = [
        "oxigraph",
        "serve",
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
        "--timeout-s",
        str(int(cap)),
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    peer = Peer("oxigraph", url + "/query", process)
    try:
        wait_until(lambda: httpx.get(url + "/", timeout=5).status_code < 500, 60, "oxigraph", process)
        started = time.perf_counter()
        with (size / "dump.nq").open("rb") as dump:
            response = httpx.post(
                url + "/store", content=dump, headers={"Content-Type": "application/n-quads"}, timeout=3600
            )
        response.raise_for_status()
        peer.load_s = time.perf_counter() - started
    except BaseException:
        peer.stop()
        raise
    return peer


VIRTUOSO_INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
ServerThreads = 20
CheckpointInterval = 0
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
MaxQueryMem = 1G
DirsAllowed = ., {data}, /usr/share/virtuoso-opensource-7/vad
VADInstallDir = /usr/share/virtuoso-opensource-7/vad
ThreadCleanupInterval = 0
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerThreads = 20
MaxClientConnections = 20
[SPARQL]
ResultSetMaxRows = 100000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = {cap}
DefaultQuery = SELECT * WHERE {{ ?s ?p ?o }} LIMIT 1
"""


def start_virtuoso(size: Path, cap: float) -> Peer:
    folder = Path(tempfile.mkdtemp(prefix="mougraph-virtuoso-"))
    sql, http = free_port(), free_port()
    quads = json.loads((size / "meta.json").read_text())["quads"]
    buffers = min(600_000, max(20_000, quads // 10))
    ini = VIRTUOSO_INI.format(
        dir=folder, sql=sql, http=http, data=size, buffers=buffers, dirty=buffers * 3 // 4, cap=int(cap)
    )
    (folder / "virtuoso.ini").write_text(ini)
    command = ["virtuoso-t", "+foreground", "+configfile", str(folder / "virtuoso.ini")]
    process = subprocess.Popen(command, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{http}"
    peer = Peer("virtuoso", url + "/sparql", process, folder=folder)
    isql = shutil.which("isql-vt") or shutil.which("isql") or "isql-vt"
    try:
        wait_until(lambda: httpx.get(url + "/sparql", timeout=5).status_code < 500, 300, "virtuoso", process)
        started = time.perf_counter()
        script = (
            f"ld_dir('{size}', 'dump.nq', 'urn:mougraph:bench:default');\n"
            "rdf_loader_run();\ncheckpoint;\n"
            "SELECT COUNT(*) FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;\n"
        )
        done = subprocess.run(
            [isql, f"127.0.0.1:{sql}", "dba", "dba"], input=script.encode(), capture_output=True, timeout=7200
        )
        peer.load_s = time.perf_counter() - started
        peer.extra["isql"] = done.stdout.decode(errors="replace")[-400:]
    except BaseException:
        peer.stop()
        raise
    return peer


def serve_rdflib(dump: str, port: int) -> None:
    """(Run in a child process.) Load ``dump`` into an rdflib Dataset (union default graph) and serve it."""
    import rdflib
    import uvicorn
    from rdflib_endpoint import SparqlEndpoint

    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(dump, format="nquads")
    app = SparqlEndpoint(graph=dataset, public_url=f"http://127.0.0.1:{port}/")
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


def start_rdflib(size: Path, load_cap: float) -> Peer:
    port = free_port()
    command = [sys.executable, str(Path(__file__).resolve()), "--serve-rdflib", str(size / "dump.nq"), str(port)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    peer = Peer("rdflib-endpoint", url, process)
    try:
        query = {"query": "ASK { ?s ?p ?o }"}
        ready = lambda: httpx.get(url, params=query, headers={"Accept": SELECT_TYPE}, timeout=5).status_code == 200  # noqa: E731
        wait_until(ready, load_cap, "rdflib-endpoint", process)
    except BaseException:
        peer.stop()
        raise
    peer.load_s = time.perf_counter() - started
    return peer


# ---------------------------------------------------------------- measuring


def route(peer: Peer, name: str, text: str) -> tuple[str, dict[str, str] | None, str]:
    """(URL, form, Accept) of one query: the catalogue route ``GET /queries/{name}`` for the catalogue
    queries on mougraph-warm (what an analyst calls; its answers are computed when a build publishes),
    else ``POST`` of the query text."""
    accept = GRAPH_TYPE if text.lstrip().upper().startswith("DESCRIBE") else SELECT_TYPE
    if peer.catalogue and name in peer.catalogue:
        return peer.url.removesuffix("/sparql") + "/queries/" + name, None, accept
    return peer.url, {"query": text}, accept


def ask(client: httpx.Client, peer: Peer, name: str, text: str, timeout: float) -> httpx.Response:
    url, form, accept = route(peer, name, text)
    if form is None:
        return client.get(url, headers={"Accept": accept}, timeout=timeout)
    return client.post(url, data=form, headers={"Accept": accept}, timeout=timeout)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def single_client(peer: Peer, mix: dict[str, str], expected: dict[str, int] | None, args: Any) -> dict[str, Any]:
    """Check each answer's size, then time each query alone."""
    found: dict[str, Any] = {}
    with httpx.Client() as client:
        for name, text in mix.items():
            started = time.perf_counter()
            try:
                response = ask(client, peer, name, text, args.cap)
                took = time.perf_counter() - started
                if response.status_code != 200:
                    found[name] = {"error": f"HTTP {response.status_code}: {response.text[:160]}"}
                    continue
                rows = count_rows(response)
            except httpx.TimeoutException:
                found[name] = {"error": f"> {args.cap:g} s"}
                continue
            except (httpx.HTTPError, ValueError, SyntaxError, KeyError) as error:
                found[name] = {"error": f"{type(error).__name__}: {str(error)[:160]}"}
                continue
            entry: dict[str, Any] = {"rows": rows, "first_ms": took * 1000}
            if expected is not None and name in expected and expected[name] != rows:
                entry["mismatch"] = f"{rows} rows, mougraph {expected[name]}"
            times = [took]
            spent = took
            while len(times) < args.runs and spent + statistics.median(times) < args.budget:
                started = time.perf_counter()
                try:
                    response = ask(client, peer, name, text, args.cap)
                except httpx.HTTPError:
                    break
                times.append(time.perf_counter() - started)
                spent += times[-1]
            if len(times) > 1:
                times = times[1:]  # the first run checked the answer (and filled caches): not counted
            entry.update(
                median_ms=statistics.median(times) * 1000, p99_ms=percentile(times, 0.99) * 1000, runs=len(times)
            )
            found[name] = entry
            print(f"    {name:34} {entry['median_ms']:10.1f} ms  ({rows} rows, {len(times)} runs)", flush=True)
    return found


async def _clients(
    peer: Peer, texts: list[tuple[str, str]], clients: int, duration: float, cap: float
) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=cap) as client:
        deadline = time.monotonic() + duration

        async def one(index: int) -> None:
            nonlocal errors
            turn = index
            while time.monotonic() < deadline:  # bounded: no new request after the deadline
                name, text = texts[turn % len(texts)]
                turn += 1
                url, form, accept = route(peer, name, text)
                started = time.perf_counter()
                try:
                    if form is None:
                        response = await client.get(url, headers={"Accept": accept})
                    else:
                        response = await client.post(url, data=form, headers={"Accept": accept})
                    await response.aread()
                    if response.status_code == 200:
                        latencies.append(time.perf_counter() - started)
                    else:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1

        started = time.monotonic()
        await asyncio.gather(*(one(i) for i in range(clients)))
        elapsed = time.monotonic() - started
    return {
        "requests": len(latencies),
        "errors": errors,
        "seconds": elapsed,
        "per_s": len(latencies) / elapsed,
        "p99_ms": percentile(latencies, 0.99) * 1000 if latencies else None,
    }


def measure(peer: Peer, mix: dict[str, str], expected: dict[str, int] | None, args: Any) -> dict[str, Any]:
    print(f"  {peer.name}: loaded in {peer.load_s:.1f} s", flush=True)
    queries = single_client(peer, mix, expected, args)
    answered = [(name, mix[name]) for name, entry in queries.items() if "error" not in entry]
    concurrent = asyncio.run(_clients(peer, answered, args.clients, args.duration, args.cap)) if answered else {}
    if concurrent:
        print(f"    {args.clients} clients: {concurrent['per_s']:.1f} req/s, p99 {concurrent['p99_ms']} ms", flush=True)
    assert peer.process is not None
    return {
        "load_s": peer.load_s,
        "memory_bytes": peak_memory(peer.process.pid),
        "queries": queries,
        "concurrent": concurrent,
        "mix_size": len(answered),
        **peer.extra,
    }


def run_size(scale: int, peers: list[str], args: Any) -> dict[str, Any]:
    from generate import generate

    meta = generate(scale, OUT, 2, ROOT.parent / "shared" / "corpus", shortcut=args.shortcut)
    size = OUT / f"{scale}x"
    mix = query_mix(size / "store")
    if args.queries:  # a few queries only (the other peers' results of the rest are kept with --merge)
        wanted = [q.strip() for q in args.queries.split(",") if q.strip()]
        mix = {name: text for name, text in mix.items() if name in wanted}
    result: dict[str, Any] = {
        "scale": scale,
        "meta": meta,
        "load_average": os.getloadavg(),
        "started": time.strftime("%Y-%m-%d %H:%M:%S"),
        "peers": {},
        "args": {k: v for k, v in vars(args).items() if isinstance(v, int | float | str)},
    }
    expected: dict[str, int] | None = None
    earlier = OUT / f"results-{scale}x.json"
    if args.merge and earlier.exists():  # re-measure some peers, keep the others' results
        kept = json.loads(earlier.read_text())
        result["peers"] = {name: found for name, found in kept["peers"].items() if name not in peers}
        result["started"], result["load_average"] = kept["started"], kept["load_average"]
        found = kept["peers"].get("mougraph", {}).get("queries", {})
        expected = {q: e["rows"] for q, e in found.items() if "rows" in e} or None
    print(f"{scale}x: {meta['quads']:,} quads; load average {os.getloadavg()}", flush=True)
    for name in peers:
        if name == "rdflib-endpoint" and meta["quads"] > args.rdflib_max_quads:
            result["peers"][name] = {"skipped": f"{meta['quads']:,} quads > --rdflib-max-quads"}
            continue
        ensure_installed(name)
        try:
            if name.startswith("mougraph"):
                peer = start_mougraph(name, size, args.cap, meta, args.answers_budget)
            elif name == "oxigraph":
                peer = start_oxigraph(size, args.cap)
            elif name == "oxigraph-disk":
                peer = start_oxigraph_disk(size, args.cap)
            elif name == "virtuoso":
                peer = start_virtuoso(size, args.cap)
            else:
                peer = start_rdflib(size, args.load_cap)
        except (RuntimeError, OSError, subprocess.SubprocessError, httpx.HTTPError) as error:
            print(f"  {name}: not started: {error}", flush=True)
            result["peers"][name] = {"skipped": str(error)}
            continue
        try:
            result["peers"][name] = measure(peer, mix, expected, args)
        finally:
            peer.stop()
        if expected is None and name.startswith("mougraph"):
            expected = {q: e["rows"] for q, e in result["peers"][name]["queries"].items() if "rows" in e}
    result["load_average_end"] = os.getloadavg()
    result["peers"] = {name: result["peers"][name] for name in PEERS if name in result["peers"]}
    (OUT / f"results-{scale}x.json").write_text(json.dumps(result, indent=1) + "\n")
    return result


# ---------------------------------------------------------------- report

COLORS = {
    "mougraph": "#1f77b4",
    "mougraph-warm": "#17becf",
    "oxigraph": "#ff7f0e",
    "oxigraph-disk": "#8c564b",
    "virtuoso": "#2ca02c",
    "rdflib-endpoint": "#d62728",
}
BEGIN, END = "<!-- sidebyside:begin -->", "<!-- sidebyside:end -->"


def _ms(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f} ms" if value >= 100 else f"{value:,.1f} ms"


def _cell(entry: dict[str, Any] | None, best: float | None) -> str:
    if entry is None:
        return "—"
    if "error" in entry:
        return "fails" if not entry["error"].startswith(">") else entry["error"]
    text = _ms(entry["median_ms"])
    if best:
        text += f" (×{entry['median_ms'] / best:,.1f})"
    if "mismatch" in entry:
        text += " ≠rows"
    return text


def _valid(entry: dict[str, Any] | None) -> bool:
    return entry is not None and "median_ms" in entry and "mismatch" not in entry


def check_rows(result: dict[str, Any]) -> None:
    """Mark answers whose row count differs from mougraph's, or from Oxigraph's where mougraph gave
    none (results kept by ``--merge`` from a run without mougraph were not checked when measured)."""
    peers = result["peers"]
    reference: dict[str, int] = {}
    for name in ("oxigraph-disk", "oxigraph", "mougraph-warm", "mougraph"):  # mougraph's own count first
        reference.update({q: e["rows"] for q, e in peers.get(name, {}).get("queries", {}).items() if "rows" in e})
    # where mougraph was cut, the same engine's count (oxigraph) is the reference
    for name, found in peers.items():
        if name.startswith(("mougraph", "oxigraph")):
            continue
        for query, entry in found.get("queries", {}).items():
            if "rows" in entry and query in reference and entry["rows"] != reference[query]:
                entry.setdefault("mismatch", f"{entry['rows']} rows, mougraph {reference[query]}")


def size_tables(result: dict[str, Any]) -> str:
    """Markdown tables of one size: per query medians (ratio to the fastest peer), then the totals."""
    peers = [name for name, found in result["peers"].items() if "queries" in found]
    skipped = {name: found["skipped"] for name, found in result["peers"].items() if "skipped" in found}
    meta = result["meta"]
    lines = [
        f"### {result['scale']:,}× — {meta['quads']:,} quads, {meta['published']:,} announcements",
        "",
        f"Measured {result['started']}; load average at start {', '.join(f'{x:.1f}' for x in result['load_average'])}, "
        f"at end {', '.join(f'{x:.1f}' for x in result['load_average_end'])}. Data: {meta['method']}.",
        "",
        "| query (median at 1 client, ×fastest) | " + " | ".join(peers) + " | rows |",
        "|---|" + "---|" * len(peers) + "---|",
    ]
    names = list(next(iter(result["peers"][p]["queries"] for p in peers)) if peers else [])
    for name in names:
        entries = {p: result["peers"][p]["queries"].get(name) for p in peers}
        best = min((e["median_ms"] for e in entries.values() if _valid(e)), default=None)
        rows = next((str(e["rows"]) for e in entries.values() if e and "rows" in e), "—")
        lines.append(f"| {name} | " + " | ".join(_cell(entries[p], best) for p in peers) + f" | {rows} |")
    loads = {p: result["peers"][p]["load_s"] for p in peers}
    best_load = min(loads.values(), default=1.0)
    lines.append(
        "| **load (s, ×fastest)** | "
        + " | ".join(f"{loads[p]:,.1f} s (×{loads[p] / best_load:,.1f})" for p in peers)
        + " | |"
    )
    rates = {p: result["peers"][p]["concurrent"].get("per_s", 0.0) for p in peers}
    best_rate = max(rates.values(), default=1.0) or 1.0
    cells = []
    for p in peers:
        found = result["peers"][p]["concurrent"]
        if not found:
            cells.append("—")
            continue
        errors = f", {found['errors']} errors" if found["errors"] else ""
        cells.append(
            f"{found['per_s']:,.1f}/s (×{best_rate / max(found['per_s'], 1e-9):,.1f} slower), "
            f"p99 {_ms(found['p99_ms'])}{errors}"
        )
    lines.append(
        f"| **{result['args'].get('clients', 16)} clients, {result['args'].get('duration', 30):g} s: "
        "throughput, p99** | " + " | ".join(cells) + " | |"
    )
    lines.append(
        "| **peak memory (VmHWM, process tree)** | "
        + " | ".join(
            f"{result['peers'][p]['memory_bytes'] / 2**20:,.0f} MB" if result["peers"][p]["memory_bytes"] else "—"
            for p in peers
        )
        + " | |"
    )
    answers = {p: result["peers"][p]["answers_s"] for p in peers if "answers_s" in result["peers"][p]}
    for p, seconds in answers.items():
        lines += [
            "",
            f"{p}: its load includes {seconds:,.0f} s of computing the catalogue's answers for the store (what"
            " `mougraph build` does when it publishes); its catalogue queries are sent to `GET /queries/{name}`.",
        ]
    for p in peers:
        if "transcribed" in result["peers"][p]:
            lines += ["", f"{p}: {result['peers'][p]['transcribed']}."]
    if skipped:
        lines += ["", "Not measured: " + "; ".join(f"{name}: {why}" for name, why in skipped.items()) + "."]
    mismatches = [
        f"{p} on {q} ({e['mismatch']})"
        for p in peers
        for q, e in result["peers"][p]["queries"].items()
        if "mismatch" in e
    ]
    failures = [
        f"{p} on {q} ({e['error'][:80]})"
        for p in peers
        for q, e in result["peers"][p]["queries"].items()
        if "error" in e
    ]
    if mismatches:
        lines += [
            "",
            "Row counts that differ from mougraph's (or Oxigraph's where mougraph was cut; timings not compared): "
            + "; ".join(mismatches)
            + ".",
        ]
    if failures:
        lines += ["", "Failed or cut: " + "; ".join(failures) + "."]
    return "\n".join(lines)


def goals(result: dict[str, Any], start_s: float | None) -> str:
    """The issue's goals, met or missed by how much, at one size."""
    peers = result["peers"]

    def medians(name: str) -> dict[str, float]:
        found = peers.get(name, {}).get("queries", {})
        return {
            q: e["median_ms"]
            for q, e in found.items()
            if _valid(e) or (name.startswith("mougraph") and "median_ms" in e)
        }

    cold, warm, oxi, disk, virt, rdf = (medians(n) for n in PEERS)
    every = {q for found in peers.values() for q in found.get("queries", {})}
    catalogue = sorted(q for q in every if not q.startswith(("describe", "heavy")))
    lines = [f"Goals at {result['scale']:,}× (cold = result cache off, warm = on):", ""]

    def line(text: str, met: bool) -> None:
        lines.append(f"- {'met' if met else '**missed**'}: {text}")

    cut = [q for q, e in peers.get("mougraph", {}).get("queries", {}).items() if "median_ms" not in e]
    if oxi and (ratios := {q: cold[q] / oxi[q] for q in cold if q in oxi}):
        worst = max(ratios, key=lambda q: ratios[q])
        within = sum(1 for r in ratios.values() if r <= 1.2)
        line(
            f"cold median within 1.2× of oxigraph serve on {within} of {len(ratios)} queries answered by both"
            f" (worst {worst}: ×{ratios[worst]:.2f})"
            + (f"; {len(cut)} more not answered by cold mougraph within the cap" if cut else ""),
            within == len(ratios) and not cut,
        )
    beside = {  # cold mougraph measured again right beside oxigraph-disk, when the cold column is older
        q: e["median_ms"] for q, e in peers.get("mougraph", {}).get("queries_with_disk", {}).items() if "median_ms" in e
    }
    if disk and (ratios := {q: (beside or cold)[q] / disk[q] for q in (beside or cold) if q in disk}):
        low, high = min(ratios.values()), max(ratios.values())
        engine = {q: disk[q] / oxi[q] for q in disk if q in oxi}
        lines.append(
            f"- for comparison (same engine, same store): cold mougraph ×{low:.2f}–{high:.2f} of `oxigraph"
            f" serve-read-only` on the {len(ratios)} queries run on both"
            + (
                f"; `oxigraph serve-read-only` itself ×{min(engine.values()):.1f}–{max(engine.values()):.1f}"
                " of `oxigraph serve` in memory"
                if engine
                else ""
            )
        )
    if rdf:
        ratios = {q: rdf[q] / cold[q] for q in cold if q in rdf}
        if ratios:
            slowest = min(ratios, key=lambda q: ratios[q])
            at_least = sum(1 for r in ratios.values() if r >= 50)
            line(
                f"cold at least 50× faster than rdflib-endpoint on {at_least} of {len(ratios)} queries it answered"
                f" (least: {slowest}, ×{ratios[slowest]:.1f})",
                at_least == len(ratios),
            )
    else:
        lines.append("- not measured: rdflib-endpoint at this size (see above)")
    if virt and warm:
        compared = [q for q in catalogue if q in virt]  # a query warm did not answer counts as slower
        faster = [q for q in compared if q in warm and warm[q] < virt[q]]
        slower = sorted(set(compared) - set(faster))
        line(
            f"warm faster than Virtuoso on {len(faster)} of {len(compared)} catalogue queries"
            + (f" (not: {', '.join(slower)})" if slower else ""),
            not slower,
        )
    w = peers.get("mougraph-warm", {}).get("concurrent", {}).get("per_s")
    o = peers.get("oxigraph", {}).get("concurrent", {}).get("per_s")
    if w and o:
        line(f"warm throughput at 16 clients {w / o:.1f}× oxigraph serve's (goal ≥ 2×)", w >= 2 * o)
    if start_s is not None:
        line(f"cold start of mougraph serve on the real graph (1×) {start_s:.2f} s (goal < 2 s)", start_s < 2)
    return "\n".join(lines)


def chart(result: dict[str, Any], path: Path) -> None:
    """A horizontal bar chart (log scale) of the median latency per query and peer, as SVG."""
    import math

    peers = [name for name, found in result["peers"].items() if "queries" in found]
    names = list(result["peers"][peers[0]]["queries"]) if peers else []
    bar, gap, left, width = 5, 8, 260, 560
    values = [e["median_ms"] for p in peers for e in result["peers"][p]["queries"].values() if "median_ms" in e]
    low = 10 ** math.floor(math.log10(max(min(values, default=0.1), 0.01)))
    high = 10 ** math.ceil(math.log10(max(values, default=1000)))
    scale = lambda v: left + width * (math.log10(max(v, low)) - math.log10(low)) / (math.log10(high) - math.log10(low))  # noqa: E731
    group = bar * len(peers) + gap
    height = 60 + group * len(names) + 30
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 40}" height="{height}"'
        ' font-family="sans-serif" font-size="10">',
        f'<text x="10" y="16" font-size="13">Median latency at 1 client, {result["scale"]:,}×'
        f" ({result['meta']['quads']:,} quads), log scale</text>",
    ]
    for index, peer in enumerate(peers):
        out.append(f'<rect x="{10 + index * 120}" y="26" width="10" height="10" fill="{COLORS.get(peer, "#888")}"/>')
        out.append(f'<text x="{24 + index * 120}" y="35">{peer}</text>')
    decade = low
    while decade <= high:
        x = scale(decade)
        out.append(f'<line x1="{x:.1f}" y1="48" x2="{x:.1f}" y2="{height - 25}" stroke="#ddd"/>')
        out.append(
            f'<text x="{x:.1f}" y="{height - 12}" text-anchor="middle">{_ms(decade).replace(".0 ms", " ms")}</text>'
        )
        decade *= 10
    for row, name in enumerate(names):
        top = 52 + row * group
        out.append(
            f'<text x="{left - 6}" y="{top + bar * len(peers) / 2 + 3}" text-anchor="end">'
            f"{name.replace('&', '&amp;')}</text>"
        )
        for index, peer in enumerate(peers):
            entry = result["peers"][peer]["queries"].get(name, {})
            if "median_ms" not in entry:
                continue
            x = scale(entry["median_ms"])
            out.append(
                f'<rect x="{left}" y="{top + index * bar}" width="{max(1.0, x - left):.1f}" height="{bar - 1}"'
                f' fill="{COLORS.get(peer, "#888")}"/>'
            )
    out.append("</svg>")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def earlier_sections(text: str) -> dict[int, str]:
    """The size sections (``### N× — …`` up to the next) of the block between the markers, by scale."""
    if BEGIN not in text or END not in text:
        return {}
    block = text[text.index(BEGIN) + len(BEGIN) : text.index(END)]
    found: dict[int, str] = {}
    for part in block.split("\n### ")[1:]:
        head = part.split("×", 1)[0].replace(",", "")
        if head.isdigit():
            found[int(head)] = "### " + part.strip()
    return found


def write_report(folder: Path, readme: Path, chart_path: Path) -> None:
    """The tables of every measured size, the goals and the chart, into the README between markers.

    A size measured before whose results file is not here keeps its section as it was.
    """
    results = [
        json.loads(p.read_text()) for p in sorted(folder.glob("results-*x.json"), key=lambda p: int(p.stem[8:-1]))
    ]
    if not results:
        return
    text = readme.read_text(encoding="utf-8")
    one = next((r for r in results if r["scale"] == 1), None)
    start_s = one["peers"].get("mougraph", {}).get("start_s") if one else None
    largest = results[-1]
    chart(largest, chart_path)
    parts = [f"![median latency per query and peer]({chart_path.name})", ""]
    sections = earlier_sections(text)
    for result in results:
        check_rows(result)
        sections[result["scale"]] = size_tables(result) + "\n\n" + goals(result, start_s if result is largest else None)
    for scale in sorted(sections):
        parts += [sections[scale], ""]
    block = f"{BEGIN}\n" + "\n".join(parts).rstrip() + f"\n{END}"
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    readme.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,100", help="comma-separated scales (1, 100, 1000)")
    parser.add_argument("--peers", default=",".join(PEERS))
    parser.add_argument("--runs", type=int, default=11, help="runs per query at 1 client (the first is not timed)")
    parser.add_argument("--budget", type=float, default=8.0, help="seconds of runs per query at 1 client, at most")
    parser.add_argument("--cap", type=float, default=60.0, help="seconds one request may take")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of the concurrent run")
    parser.add_argument("--load-cap", type=float, default=900.0, help="seconds rdflib-endpoint may take to load")
    parser.add_argument("--rdflib-max-quads", type=int, default=2_000_000)
    parser.add_argument("--report-only", action="store_true", help="only rewrite the README tables from results")
    parser.add_argument("--merge", action="store_true", help="keep the earlier results of peers not run now")
    parser.add_argument("--queries", default="", help="comma-separated names: run only these queries of the mix")
    parser.add_argument(
        "--answers-budget",
        type=float,
        default=600.0,
        help="mougraph-warm: seconds per catalogue query when its answer is computed for the store (a build step)",
    )
    parser.add_argument(
        "--shortcut", action="store_true", help="make a missing 100x the way 1,000x is made (generate.py --shortcut)"
    )
    parser.add_argument("--serve-rdflib", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_rdflib:
        serve_rdflib(args.serve_rdflib[0], int(args.serve_rdflib[1]))
        return 0
    args.clients = min(args.clients, 16)
    sizes = [int(s) for s in args.sizes.split(",")]
    if not args.report_only:
        for scale in sizes:
            run_size(scale, [p for p in args.peers.split(",") if p], args)
    write_report(OUT, README, CHART)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
