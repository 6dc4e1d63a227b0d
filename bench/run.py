"""The benchmark: one table of build, validation, query and endpoint figures for the
bundled corpus and synthetic corpora 10x and 100x its size (bench/synth.py).

    pip install '.[bench]' && apt-get install wrk   # rdflib-endpoint, the oxigraph server; the load generator
    python bench/run.py                 # sizes 1,10,100 (about 40 minutes on 2 cores, pyshacl at 10x most of it)
    python bench/run.py --sizes 1,10    # a quicker run
    python bench/run.py --sizes 1 --quick

Everything runs on loopback: our endpoint is ``kg serve``; beside it, on the same data
and under the same load generator (bench/endpoints.py: wrk, 8 connections, the servers
taking turns), a plain ``oxigraph serve --union-default-graph`` process and, at 1x, rdflib-endpoint. pyshacl
runs in a child process stopped after ``--pyshacl-cap`` seconds. Not part of the test
suite: wall-clock figures are facts about one machine, not assertions.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.endpoints import SERVERS, measure_endpoints  # noqa: E402
from bench.synth import make_corpus  # noqa: E402
from kg import pipeline, storing  # noqa: E402
from kg.querying import canned_queries  # noqa: E402
from kg.settings import load_settings  # noqa: E402

SETTINGS = load_settings()
NOTES: list[str] = []  # printed under the table


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


# ------------------------------------------------------------------ builds


def timed_build(corpus: Path, location: Path) -> pipeline.BuildResult:
    result = pipeline.build(corpus, location, SETTINGS)
    if not result.published:
        raise SystemExit(f"build of {corpus} failed validation: {result.report.violations[:3]}")
    return result


def pyshacl_seconds(location: Path, cap: float) -> float | None:
    """pyshacl over a dump of the store, in a child process stopped after ``cap`` seconds."""
    dump = location.parent / "dump.nq"
    dump.write_bytes(storing.open_store(location).dump(format=ox.RdfFormat.N_QUADS))
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    child = context.Process(target=_pyshacl_child, args=(str(dump), out))
    child.start()
    child.join(cap)
    if child.is_alive():
        child.kill()
        child.join()
        return None
    return out.get() if not out.empty() else None


def _pyshacl_child(dump: str, out: "multiprocessing.Queue[float]") -> None:
    from rdflib import Dataset

    from kg.validating import validate_graph_with_pyshacl

    data = Dataset()
    data.parse(dump, format="nquads")
    started = time.perf_counter()
    validate_graph_with_pyshacl(data, SETTINGS.shapes_files(), SETTINGS.ontology_files())
    out.put(time.perf_counter() - started)


# enough text for a steady figure (the 10x corpus); more only makes the run longer
ALONE_BYTES = 2_000_000


def extraction_alone(corpus: Path) -> float:
    """MB per CPU second of reading, segmenting and extracting the first ALONE_BYTES of
    ``corpus`` in one fresh process while nothing else runs: the per-core figure without
    the other core's contention (a build's workers slow each other down on this kind of VM)."""
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    child = context.Process(target=_extraction_alone_child, args=(str(corpus), out))
    child.start()
    child.join()
    return out.get()


def _extraction_alone_child(corpus: str, out: "multiprocessing.Queue[float]") -> None:
    from kg.extracting import extract_claims
    from kg.reading import read_document
    from kg.segmenting import segment

    paths, size = [], 0
    for path in sorted(Path(corpus).glob("*.txt")):
        if size >= ALONE_BYTES:
            break
        paths.append(path)
        size += path.stat().st_size
    extract_claims(segment(read_document(paths[-1])))  # loads the language model and vocabularies, as a worker's start does
    started = time.process_time()
    for path in paths:
        extract_claims(segment(read_document(path)))
    out.put(size / 1e6 / (time.process_time() - started))


def edit_one(corpus: Path) -> None:
    victim = sorted(corpus.glob("*.txt"))[0]
    victim.write_text(victim.read_text("utf-8") + "\nDe mediane AI-engineer verdient $123k per jaar.\n", "utf-8")


# ------------------------------------------------------------------ queries


def query_latencies(location: Path, budget: float, least: int, cap: float) -> dict[str, tuple[float, float] | None]:
    """p50 and p99 in ms of each canned query with its default parameters, run by pyoxigraph
    in a child process: as many runs as fit in ``budget`` seconds, at least ``least``, at most
    200; None for a query whose runs were stopped after ``cap`` seconds (a pyoxigraph query
    cannot be interrupted in process, and some canned reports grow quadratically)."""
    context = multiprocessing.get_context("spawn")
    latencies: dict[str, tuple[float, float] | None] = {}
    for name in canned_queries(SETTINGS.queries_dir):
        out = context.Queue()
        child = context.Process(target=_latency_child, args=(str(location), name, budget, least, out))
        child.start()
        child.join(cap)
        if child.is_alive():
            child.kill()
            child.join()
            latencies[name] = None
            continue
        latencies[name] = out.get() if not out.empty() else None
    return latencies


def _latency_child(location: str, name: str, budget: float, least: int, out: "multiprocessing.Queue") -> None:
    store = storing.open_store(location)
    canned = canned_queries(SETTINGS.queries_dir)[name]
    bindings = canned.bindings({})
    runs: list[float] = []
    deadline = time.perf_counter() + budget
    while len(runs) < 200 and (len(runs) < least or time.perf_counter() < deadline):
        started = time.perf_counter()
        list(store.query(canned.text, substitutions=bindings, use_default_graph_as_union=True))
        runs.append((time.perf_counter() - started) * 1000)
    out.put((statistics.median(runs), percentile(runs, 0.99)))


# ------------------------------------------------------------------ one size


def _per_cpu_second(size: int, seconds: float) -> str:
    return f"{size / 1e6 / seconds:.3f}" if seconds > 0 else "cached"


def measure(size: int, work: Path, args: argparse.Namespace) -> dict[str, str]:
    corpus = work / f"corpus-{size}x"
    make_corpus(SETTINGS.corpus_dir, corpus, size)
    megabytes = sum(p.stat().st_size for p in corpus.iterdir()) / 1e6
    location = work / f"store-{size}x" / "store"
    os.environ[storing.CACHE_ENV] = str(work / f"cache-{size}x")
    full = timed_build(corpus, location)
    edit_one(corpus)
    again = timed_build(corpus, location)
    row = {
        "documents": f"{full.summary.documents}",
        "claims": f"{full.summary.claims:,}",
        "triples": f"{len(storing.open_store(location)):,}",
        "text (MB)": f"{megabytes:.2f}",
        # bytes per CPU second in the workers: what one core does, whatever the pool's start and balance;
        # to claims (reading, segmenting, extracting) and on to RDF (mapping, N-Quads) as well
        "extraction to claims (MB/s per core)": _per_cpu_second(full.summary.extracted_bytes,
                                                                full.summary.cpu_seconds - full.summary.mapping_cpu_seconds),
        "  to claims and RDF, as a build does (MB/s per core)": _per_cpu_second(full.summary.extracted_bytes,
                                                                                 full.summary.cpu_seconds),
        "  one worker alone, the other core idle (MB/s)": f"{extraction_alone(corpus):.3f}",
        "  wall: MB / extract phase / workers": f"{megabytes / full.phases['extract'] / full.summary.workers:.3f}",
        "build, full (s)": f"{full.summary.seconds:.1f}",
        "  extract / load / validate / publish (s)": " / ".join(f"{full.phases[k]:.1f}" for k in
                                                          ("extract", "load", "validate", "publish")),  # fmt: skip
        "build after editing 1 document (s)": f"{again.summary.seconds:.1f}",
        "  incremental / full": f"{again.summary.seconds / full.summary.seconds:.2f}",
    }
    validate = full.phases["validate"]
    cap = 0 if args.quick or size > 10 else args.pyshacl_cap
    shacl = pyshacl_seconds(location, cap) if cap else None
    row["validation: ours (s)"] = f"{validate:.2f}"
    row["validation: pyshacl (s)"] = (f"{shacl:.1f}" if shacl else f">{cap:.0f} (stopped)" if cap else "not run")
    row["  pyshacl / ours"] = f"{shacl / validate:.0f}x" if shacl else f">{cap / validate:.0f}x" if cap else "-"
    # at 100x a canned query can take a minute: two runs each (the p99 is then the slower one)
    latencies = query_latencies(location, 0.3 if args.quick else 1.5, 2 if size >= 100 else 5, args.query_cap)
    for name, figures in latencies.items():
        row[f"query {name} p50 / p99 (ms)"] = f"{figures[0]:.1f} / {figures[1]:.1f}" if figures else f">{args.query_cap:.0f} s (stopped)"
    # rdflib-endpoint only at 1x: at 10x it parses for minutes and times out on canned queries
    servers = SERVERS if size == 1 and not args.no_rdflib else ("kg", "oxigraph")
    notes: list[str] = []
    figures = measure_endpoints(location, work, 2 if args.quick else args.seconds, notes=notes, servers=servers)
    NOTES.extend(f"{size}x: {note}" for note in notes)
    for kind, label in (("canned (common)", "canned queries"), ("lookups", "simple lookups"),
                        ("lookups (few)", "simple lookups, 100 distinct")):  # fmt: skip
        for server in servers:
            rate = figures.get(f"{server} {kind}")
            latency = f" (p99 {figures[f'{server} {kind} p99 ms']:.0f} ms)" if rate else ""
            row[f"endpoint {label}: {server} (req/s)"] = f"{rate:,.0f}{latency}" if rate else "-"
        for server in servers[1:]:
            ours, theirs = figures.get(f"kg {kind}"), figures.get(f"{server} {kind}")
            row[f"  kg / {server}, {label}"] = f"{ours / theirs:.2f}" if ours and theirs else "-"
    row["peak memory of this process (GB)"] = f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6:.1f}"
    return row


def print_table(columns: dict[int, dict[str, str]], builds: dict[int, float]) -> None:
    sizes = sorted(columns)
    rows = list(dict.fromkeys(k for c in columns.values() for k in c))
    if 1 in builds:
        rows.append("  build time / 1x build")
        for size in sizes:
            columns[size]["  build time / 1x build"] = f"{builds[size] / builds[1]:.1f}"
    width = max(len(r) for r in rows)
    header = f"| {'':<{width}} | " + " | ".join(f"{f'{s}x':>22}" for s in sizes) + " |"
    print(f"\n{time.strftime('%Y-%m-%d')}, {platform.node() or 'this machine'}: {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}, pyoxigraph {ox.__version__}\n")  # fmt: skip
    print(header)
    print("|" + "-" * (width + 2) + "|" + "|".join("-" * 24 for _ in sizes) + "|")
    for row in rows:
        print(f"| {row:<{width}} | " + " | ".join(f"{columns[s].get(row, ''):>22}" for s in sizes) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100", help="corpus multiples, e.g. 1,10")
    parser.add_argument("--quick", action="store_true", help="short query and load runs, no pyshacl")
    parser.add_argument("--seconds", type=float, default=5, help="duration of one slice of endpoint load (two per server, in turns)")
    parser.add_argument("--pyshacl-cap", type=float, default=900, help="stop pyshacl after this many seconds")
    parser.add_argument("--query-cap", type=float, default=120, help="stop a canned query's runs after this many seconds")
    parser.add_argument("--no-rdflib", action="store_true", help="leave rdflib-endpoint out of the endpoint runs")
    args = parser.parse_args()
    columns, builds = {}, {}
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            print(f"measuring {size}x ...", file=sys.stderr, flush=True)
            columns[size] = measure(size, Path(tmp), args)
            builds[size] = float(columns[size]["build, full (s)"])
            # each column as soon as it is measured: a later size may take long, or fail
            print("\n".join(f"  {k}: {v}" for k, v in columns[size].items()), file=sys.stderr, flush=True)
    print_table(columns, builds)
    print()
    for note in NOTES:
        print(f"- {note}")


if __name__ == "__main__":
    main()
