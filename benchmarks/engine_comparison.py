"""Query engines compared on a synthetic graph shaped like mougraph's: rdflib vs pyoxigraph.

Usage::

    python benchmarks/engine_comparison.py                       # 1,000 instruments
    python benchmarks/engine_comparison.py --instruments 10000 --cap 30 --runs 3
    python benchmarks/engine_comparison.py --engines oxigraph-memory,oxigraph-disk

The graph holds the real ontology, thesaurus and reference data plus N synthetic instruments,
each in its own named graph with its announcement, cabinet decision, two parties (a Thai and a
foreign organization of the gazetteer), 3-12 scope items classified under thesaurus areas, with
Web Annotation evidence (selectors as blank nodes), modalities, principles, some supersessions
and planned signings. Generation is deterministic (``--seed``). The first instrument is named
like the Japan seed, so the queries' default parameters find data.

Each engine loads the same N-Quads and runs every catalogue query with its default parameters
(pyoxigraph through ``substitutions``, rdflib through ``initBindings``); the table shows load
time and the median latency of ``--runs`` runs. rdflib is stopped after ``--cap`` seconds per
query (SIGALRM; reported as "> cap"). Row counts are compared between engines.
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib.plugins.sparql import prepareQuery

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mougraph.catalogue import CatalogueQuery, bind, load_catalogue, parse_term  # noqa: E402
from mougraph.layout import Layout  # noqa: E402
from mougraph.pipeline import load  # noqa: E402

ID = "https://w3id.org/mougraph/id/"
MG = "https://w3id.org/mougraph/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OA = "http://www.w3.org/ns/oa#"
WORDS = [
    "ความร่วมมือ",
    "ด้าน",
    "ไปรษณีย์",
    "โทรคมนาคม",
    "เทคโนโลยี",
    "ดิจิทัล",
    "การพัฒนา",
    "บุคลากร",
    "ความมั่นคงปลอดภัย",
    "ไซเบอร์",
    "ข้อมูล",
    "นวัตกรรม",
]
KINDS = ["MemorandumOfUnderstanding", "MemorandumOfCooperation", "Agreement", "JointStatement", "Declaration"]


def context_nquads(layout: Layout) -> str:
    """The ontology, thesaurus and reference data, as N-Quads in their named graphs."""
    parts = []
    for path, graph in load(layout.context_files).graphs.items():
        name = layout.named_graph(path)
        nt = graph.serialize(format="nt", encoding="utf-8").decode()
        parts.extend(f"{line[:-1]}<{name}> .\n" for line in nt.splitlines() if line.endswith(" ."))
    return "".join(parts)


def vocabulary(store: ox.Store) -> dict[str, list[str]]:
    """Codes of areas, modalities, principles, and organizations by country, from the loaded context."""

    def values(query: str) -> list[Any]:
        result = store.query(query, use_default_graph_as_union=True)
        assert isinstance(result, ox.QuerySolutions)
        return [tuple(term.value for term in row) for row in result]

    found: dict[str, list[str]] = {}
    for scheme in ("area", "modality", "principle"):
        found[scheme] = sorted(
            v[0]
            for v in values("SELECT ?c WHERE { ?c a <http://www.w3.org/2004/02/skos/core#Concept> }")
            if v[0].startswith(f"{ID}{scheme}/")
        )
    orgs = values(f"SELECT ?o ?c WHERE {{ ?o <{MG}country> ?k . ?k <{MG}iso3166Alpha2> ?c }}")
    found["thai"] = sorted(o for o, c in orgs if c == "TH")
    found["foreign"] = sorted(f"{o} {c}" for o, c in orgs if c != "TH")
    return found


def synthetic(n: int, seed: int, vocab: dict[str, list[str]]) -> Iterator[str]:
    """N-Quads lines of ``n`` synthetic instruments, one named graph per announcement."""
    rng = random.Random(seed)

    def lit(value: str, datatype: str | None = None, lang: str | None = None) -> str:
        text = value.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{text}"@{lang}' if lang else (f'"{text}"^^<{XSD}{datatype}>' if datatype else f'"{text}"')

    for i in range(n):
        day = f"{rng.randint(2017, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        foreign, country = rng.choice(vocab["foreign"]).split() if i else (f"{ID}org/jp-mic", "JP")
        kind = rng.choice(KINDS)
        name = "2022-08-02-th-jp-moc" if i == 0 else f"{day}-th-{country.lower()}-{i}"
        inst, dec, ann = f"<{ID}instrument/{name}>", f"<{ID}decision/{name}>", f"<{ID}announcement/synthetic-{i}>"
        graph = f"<https://w3id.org/mougraph/graph/announcement/synthetic-{i}>"
        title = " ".join(rng.choices(WORDS, k=8))
        triples = [
            (ann, RDF_TYPE, f"<{MG}Announcement>"),
            (ann, "https://schema.org/url", f"<https://www.thaigov.go.th/news/contents/details/{i}>"),
            (ann, "http://purl.org/dc/terms/issued", lit(day, "date")),
            (ann, MG + "announces", dec),
            (dec, RDF_TYPE, f"<{MG}CabinetDecision>"),
            (dec, MG + "decisionDate", lit(day, "date")),
            (dec, MG + "decisionKind", f"<{MG}Approve>"),
            (dec, MG + "decidedBy", f"<{ID}org/th-cabinet>"),
            (dec, MG + "decisionOn", inst),
            (dec, "http://www.w3.org/ns/prov#wasDerivedFrom", ann),
            (inst, RDF_TYPE, f"<{MG}{kind}>"),
            (inst, "http://purl.org/dc/terms/title", lit(title, lang="th")),
            (inst, MG + "party", f"<{rng.choice(vocab['thai'])}>"),
            (inst, MG + "party", f"<{foreign}>"),
            (inst, MG + "proposedBy", f"<{rng.choice(vocab['thai'])}>"),
            (inst, MG + "involvesCountry", f"<{ID}country/TH>"),
            (inst, MG + "involvesCountry", f"<{ID}country/{country}>"),
            (inst, "http://www.w3.org/ns/prov#wasDerivedFrom", ann),
        ]
        for modality in rng.sample(vocab["modality"], rng.randint(3, 8)):
            triples.append((inst, MG + "modality", f"<{modality}>"))
        for principle in rng.sample(vocab["principle"], rng.randint(1, 3)):
            triples.append((inst, MG + "principle", f"<{principle}>"))
        if rng.random() < 0.2:
            triples.append((inst, MG + "plannedSigningDate", lit(day, "date")))
        if rng.random() < 0.1 and i > 0:
            earlier = f"<{ID}instrument/{rng.randint(2010, 2016)}-th-{country.lower()}-old-{i}>"
            triples += [
                (inst, MG + "supersedes", earlier),
                (earlier, MG + "supersededBy", inst),
                (earlier, MG + "signingYear", lit(str(rng.randint(2010, 2016)), "gYear")),
                (earlier, MG + "expiryDate", lit(day, "date")),
            ]
        items = rng.randint(3, 12)
        triples.append((inst, MG + "scopeCountStated", lit(str(items), "nonNegativeInteger")))
        offset = 1000
        for k in range(1, items + 1):
            item = f"<{ID}instrument/{name}/scope/{k}>"
            text = " ".join(rng.choices(WORDS, k=rng.randint(2, 6)))
            areas = rng.sample(vocab["area"], rng.randint(1, 3))
            evidence = f"<{ID}evidence/synthetic-{i}/{offset}-{offset + len(text)}-verbatimText>"
            target, position, quote = f"_:t{i}x{k}", f"_:p{i}x{k}", f"_:q{i}x{k}"
            triples += [
                (inst, MG + "scopeItem", item),
                (item, RDF_TYPE, f"<{MG}ScopeItem>"),
                (item, MG + "ordinal", lit(str(k), "positiveInteger")),
                (item, MG + "verbatimText", lit(text, lang="th")),
                *((item, MG + "area", f"<{a}>") for a in areas),
                *((inst, MG + "scopeArea", f"<{a}>") for a in areas),
                (evidence, RDF_TYPE, f"<{MG}Evidence>"),
                (evidence, OA + "hasBody", item),
                (evidence, MG + "supportsProperty", f"<{MG}verbatimText>"),
                (evidence, OA + "hasTarget", target),
                (target, RDF_TYPE, f"<{OA}SpecificResource>"),
                (target, OA + "hasSource", ann),
                (target, OA + "hasSelector", position),
                (target, OA + "hasSelector", quote),
                (position, RDF_TYPE, f"<{OA}TextPositionSelector>"),
                (position, OA + "start", lit(str(offset), "nonNegativeInteger")),
                (position, OA + "end", lit(str(offset + len(text)), "nonNegativeInteger")),
                (quote, RDF_TYPE, f"<{OA}TextQuoteSelector>"),
                (quote, OA + "exact", lit(text)),
            ]
            offset += len(text) + 3
        for s, p, o in triples:
            predicate = p if p.startswith("<") else f"<{p}>"
            yield f"{s} {predicate} {o} {graph} .\n"


class Timeout(Exception):
    pass


def capped(seconds: float, work: Callable[[], int]) -> tuple[float | None, int]:
    """Run ``work`` (returns a row count) under a SIGALRM deadline; (seconds or None if cut, rows)."""

    def stop(signum: int, frame: Any) -> None:
        raise Timeout

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    start = time.perf_counter()
    try:
        rows = work()
        return time.perf_counter() - start, rows
    except Timeout:
        return None, -1
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def oxigraph_runner(store: ox.Store, query: CatalogueQuery) -> Callable[[], int]:
    substitutions: dict[ox.Variable, Any] = {ox.Variable(k): parse_term(v) for k, v in bind(query, {}).items()}
    return lambda: len(list(store.query(query.text, substitutions=substitutions, use_default_graph_as_union=True)))  # type: ignore[arg-type]


def values_runner(store: ox.Store, query: CatalogueQuery) -> Callable[[], int]:
    """For comparison only: the defaults written into the query as a leading VALUES block.

    (mougraph binds by substitution; this measures what that costs with pyoxigraph 0.5.)
    """
    bound = bind(query, {})
    text = query.text
    if bound:
        names = " ".join(f"?{name}" for name in bound)
        block = f"VALUES ({names}) {{ ({' '.join(bound.values())}) }}"
        where = text.upper().index("WHERE {") + len("WHERE {")
        text = text[:where] + " " + block + text[where:]
    return lambda: len(list(store.query(text, use_default_graph_as_union=True)))  # type: ignore[arg-type]


def rdflib_runner(dataset: rdflib.Dataset, query: CatalogueQuery) -> Callable[[], int]:
    bindings = {}
    for name, nt in bind(query, {}).items():
        bindings[rdflib.Variable(name)] = next(
            iter(rdflib.Graph().parse(data=f"<urn:x:s> <urn:x:p> {nt} .", format="nt"))
        )[2]
    prepared = prepareQuery(query.text)
    return lambda: len(list(dataset.query(prepared, initBindings=bindings)))


def measure(work: Callable[[], int], runs: int, cap: float | None) -> tuple[str, int]:
    times: list[float] = []
    rows = -1
    for _ in range(runs):
        if cap is None:
            start = time.perf_counter()
            rows = work()
            times.append(time.perf_counter() - start)
            continue
        took, rows = capped(cap, work)
        if took is None:
            return f"> {cap:g} s", -1
        times.append(took)
    return f"{statistics.median(times) * 1000:,.1f} ms", rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--instruments", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20221025)
    parser.add_argument("--runs", type=int, default=3, help="runs per query; the median is shown")
    parser.add_argument("--cap", type=float, default=30.0, help="seconds before an rdflib query is stopped")
    parser.add_argument(
        "--engines",
        default="rdflib,oxigraph-memory,oxigraph-disk,oxigraph-memory-values",
        help="oxigraph-memory-values: in memory, defaults inlined as VALUES instead of substitutions",
    )
    args = parser.parse_args()
    engines = args.engines.split(",")

    layout = Layout(ROOT)
    catalogue = load_catalogue(layout.queries_dir)
    context = context_nquads(layout)
    scratch = ox.Store()
    scratch.bulk_load(context.encode(), format=ox.RdfFormat.N_QUADS)
    data = (context + "".join(synthetic(args.instruments, args.seed, vocabulary(scratch)))).encode()
    del scratch
    quads = data.count(b"\n")
    print(
        f"# {args.instruments:,} instruments, {quads:,} quads ({len(data) / 1e6:.1f} MB of N-Quads), seed {args.seed}"
    )

    columns: dict[str, dict[str, str]] = {}
    counts: dict[str, dict[str, int]] = {}
    loads: dict[str, str] = {}
    folder = Path(tempfile.mkdtemp(prefix="mougraph-bench-"))
    try:
        for engine in engines:
            start = time.perf_counter()
            if engine == "rdflib":
                dataset = rdflib.Dataset(default_union=True)
                dataset.parse(data=data.decode(), format="nquads")
                make: Callable[[CatalogueQuery], Callable[[], int]] = lambda q, d=dataset: rdflib_runner(d, q)  # noqa: E731
                cap: float | None = args.cap
            else:
                store = ox.Store(str(folder / "store")) if engine == "oxigraph-disk" else ox.Store()
                store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
                store.flush()
                if engine == "oxigraph-disk":
                    del store
                    store = ox.Store.read_only(str(folder / "store"))
                runner = values_runner if engine.endswith("-values") else oxigraph_runner
                make = lambda q, s=store, r=runner: r(s, q)  # type: ignore[misc]  # noqa: E731
                cap = None
            loads[engine] = f"{time.perf_counter() - start:.1f} s"
            print(f"# {engine}: loaded in {loads[engine]}", flush=True)
            columns[engine], counts[engine] = {}, {}
            for name, query in catalogue.items():
                columns[engine][name], counts[engine][name] = measure(make(query), args.runs, cap)
                print(f"#   {name}: {columns[engine][name]} ({counts[engine][name]} rows)", flush=True)
            if engine == "rdflib":
                del dataset
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    header = ["query", *engines, "rows"]
    lines = [header, ["load", *(loads[e] for e in engines), f"{quads:,} quads"]]
    for name in catalogue:
        found = {counts[e][name] for e in engines if counts[e][name] >= 0}
        rows = (
            str(found.pop()) if len(found) == 1 else "differ: " + ", ".join(f"{e}={counts[e][name]}" for e in engines)
        )
        lines.append([name, *(columns[e][name] for e in engines), rows])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    print()
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for line in lines[1:]:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
