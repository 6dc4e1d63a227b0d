"""Three SPARQL servers on the same data, driven side by side by the same load generator.

    python -m bench.endpoints --store /tmp/ep/store [--seconds 5] [--only kg,oxigraph]

``measure_endpoints(location, work, seconds)`` starts ``kg serve`` on the store at
``location``, a plain ``oxigraph serve --union-default-graph`` on a copy of it, and
rdflib-endpoint (an rdflib ``Dataset`` with a union default graph, loaded from an N-Quads
dump of the same store, served by uvicorn in a child process), all three at once,
and drives them in turn (``ROUNDS`` slices of ``seconds`` each, the order reversed
every round, so that the machine's drift falls on all of them alike; a canned slice lasts
at least ``SLICE_ANSWERS`` times a canned query's mean time alone, at most ``MAX_SLICE``) with two workloads:
the canned queries with their default parameters bound (``canned``) and ``SELECT ?p ?o WHERE { <claim> ?p ?o }`` over up to 2,000 claims
(``lookups``), and the same lookups over only ``FEW`` claims (``lookups (few)``: few enough
that rdflib-endpoint's cache of 128 parsed queries always hits). The load generator is ``wrk`` (8 connections, 1 thread, a Lua script
posting the queries round robin as ``application/sparql-query`` and asking for
``application/sparql-results+json``); without ``wrk`` on the PATH it is a Python
client of 8 threads with one keep-alive httpx connection each, which saturates
long before the servers do. Before the load, one lookup and every canned query are
asked once of every server and their row counts compared; a query that fails or
runs past ``CHECK_TIMEOUT`` on a server is left out of that server's canned mix, and
the canned figures of the three servers are then compared on the queries all of them
answer with the same number of rows (``... canned (common)``). ``kg serve`` runs with
``--no-access-log`` and rdflib-endpoint without one: ``oxigraph serve`` logs no requests either;
``kg serve`` runs with a query timeout and result limit (``KG_LIMITS``) no canned query reaches,
as the other servers have none.

Figures are requests/s, with p50/p99 latency in ms and the count of failed requests
(non-2xx answers, socket errors and timeouts) per run. Wall-clock facts about one
machine, not assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg import storing  # noqa: E402
from kg.querying import canned_queries  # noqa: E402
from kg.settings import load_settings  # noqa: E402

CONNECTIONS = 8
THREADS = 1  # wrk threads: one drives 8 connections far faster than any of these servers answers
CHECK_TIMEOUT = 60.0  # seconds one query may take in the pre-flight check
REQUEST_TIMEOUT = 120  # seconds wrk waits for one answer (a canned query at 10x takes seconds)
LOOKUPS = 2000
ROUNDS = 2  # slices per server and workload, the servers taking turns
SLICE_ANSWERS = 10  # a canned slice lasts this many times a canned query's mean time alone (see _canned_slice)
MAX_SLICE = 90.0
IDLE_WAIT = 300.0  # seconds to wait at most for a server to finish the queries left when a slice ends
# `kg serve` stops a query after 10 s and refuses answers of more than 10,000 rows, as a public
# endpoint should; the other servers have no such limits. For the same work on every server
# it runs here with limits none of the canned queries reaches (the client's wait, a huge count).
KG_LIMITS = {"KG_QUERY_TIMEOUT": str(REQUEST_TIMEOUT), "KG_RESULT_LIMIT": str(10**8)}
FEW = 100  # "lookups (few)": fewer distinct queries than rdflib-endpoint caches parsed (128)
ACCEPT = "application/sparql-results+json"
SERVERS = ("kg", "oxigraph", "rdflib-endpoint")


# ------------------------------------------------------------------ the workload


def workload(location: Path) -> tuple[dict[str, str], list[str]]:
    """The canned queries by name, their defaults bound as VALUES (any server can run
    them), and simple lookups: every triple of one claim, for up to ``LOOKUPS`` claims."""
    settings = load_settings()
    canned = {name: storing.with_values(c.text, c.bindings({}))
              for name, c in canned_queries(settings.queries_dir).items()}  # fmt: skip
    store = storing.open_store(location)
    claims = [s["c"].value for s in store.query(
        f"SELECT ?c WHERE {{ ?c <https://w3id.org/kg/ontology#evidence> ?e }} LIMIT {LOOKUPS}",
        use_default_graph_as_union=True)]  # fmt: skip
    return canned, [f"SELECT ?p ?o WHERE {{ <{c}> ?p ?o }}" for c in claims]


# ------------------------------------------------------------------ servers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server for {url} exited with {process.returncode} before answering")
        try:
            if httpx.get(url, timeout=5).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


def cpu_seconds(pid: int) -> float:
    """CPU time used so far by process ``pid`` and its children (Linux ``/proc``)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone, or not ours to read
        if stat.parent.name == str(pid) or fields[1] == str(pid):  # the process or one of its children
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def wait_until_idle(process: subprocess.Popen, most: float = IDLE_WAIT) -> None:
    """Wait until ``process`` stops working: a server goes on answering the queries still
    under way when the load generator stops, and would slow the next server's slice."""
    if not Path("/proc").is_dir():
        time.sleep(1.0)
        return
    deadline = time.monotonic() + most
    used = cpu_seconds(process.pid)
    while time.monotonic() < deadline:
        time.sleep(0.25)
        now = cpu_seconds(process.pid)
        if now - used < 0.25 * 0.05:  # under 5% of a core
            return
        used = now


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def dump(location: Path, work: Path) -> Path:
    path = work / "endpoint.nq"
    if not path.exists():
        path.write_bytes(storing.open_store(location).dump(format=ox.RdfFormat.N_QUADS))
    return path


def serve_kg(location: Path, work: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    log = work / f"kg-serve-{port}.log"
    with log.open("wb") as stderr:
        process = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(location), "--port", str(port),
                                    "--no-access-log"], stdout=subprocess.DEVNULL, stderr=stderr,
                                   env=os.environ | KG_LIMITS)  # fmt: skip
    wait_for(f"http://127.0.0.1:{port}/health", process)
    wait_for_workers(log, process)
    return process, f"http://127.0.0.1:{port}/sparql"


WORKER_LINE = re.compile(r"^kg (?:query worker \d+|serve \(pages\)): (answers from .*)$", re.M)


def wait_for_workers(log: Path, process: subprocess.Popen, seconds: float = 900) -> list[str]:
    """Wait until every query worker of ``kg serve`` and the server itself (for its pages) have
    said where they answer from (their in-memory copies of the store load in the background):
    measured before that, the first slices would mix answers from disk and from memory, and
    the copies' work would fall on the other servers' slices."""
    workers = int(KG_LIMITS.get("KG_QUERY_WORKERS") or os.environ.get("KG_QUERY_WORKERS") or 2) + 1
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        said = WORKER_LINE.findall(log.read_text("utf-8", "replace"))
        if len(said) >= workers:
            return said
        if process.poll() is not None:
            raise RuntimeError(f"kg serve exited with {process.returncode}; see {log}")
        time.sleep(0.5)
    raise RuntimeError(f"kg serve's query workers did not say where they answer from within {seconds:.0f} s; see {log}")


def serve_oxigraph(location: Path, work: Path) -> tuple[subprocess.Popen, str]:
    binary = shutil.which("oxigraph")
    if not binary:
        raise RuntimeError("the oxigraph server binary is missing: pip install oxigraph")
    data = work / "oxigraph-data"
    if not data.exists():
        subprocess.run([binary, "load", "--location", str(data), "--file", str(dump(location, work))], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    port = free_port()
    process = subprocess.Popen([binary, "serve", "--location", str(data), "--bind", f"127.0.0.1:{port}",
                                "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    wait_for(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", process)
    return process, f"http://127.0.0.1:{port}/query"


def serve_rdflib(location: Path, work: Path) -> tuple[subprocess.Popen, str]:
    try:
        import rdflib_endpoint  # noqa: F401
    except ImportError:
        raise RuntimeError("rdflib-endpoint is missing: pip install -e '.[bench]'") from None
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "bench.endpoints", "--rdflib-child", str(dump(location, work)),
                                "--port", str(port)], cwd=Path(__file__).resolve().parents[1],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    wait_for(f"http://127.0.0.1:{port}/health", process, seconds=900)  # rdflib parses ~100k triples/s
    return process, f"http://127.0.0.1:{port}/sparql"


def rdflib_child(data: Path, port: int) -> None:
    """rdflib-endpoint as its README runs it (uvicorn, one process), without an access log
    like the other two servers here."""
    import uvicorn
    from rdflib import Dataset
    from rdflib_endpoint import SparqlEndpoint

    dataset = Dataset(default_union=True)
    dataset.parse(str(data), format="nquads")
    app = SparqlEndpoint(graph=dataset, path="/sparql", cors_enabled=True)
    app.add_api_route("/health", lambda: {"status": "ok"}, methods=["GET"])
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


STARTERS = {"kg": serve_kg, "oxigraph": serve_oxigraph, "rdflib-endpoint": serve_rdflib}


# ------------------------------------------------------------------ checking answers


def rows(url: str, query: str, timeout: float = CHECK_TIMEOUT) -> int | str:
    """The number of result rows of ``query`` at ``url``, or why there is none."""
    try:
        answer = httpx.post(url, content=query.encode(), timeout=timeout,
                            headers={"Content-Type": "application/sparql-query", "Accept": ACCEPT})  # fmt: skip
    except httpx.TimeoutException:
        return f"no answer within {timeout:g} s"
    except httpx.TransportError as error:
        return f"{type(error).__name__}: {error}"
    if answer.status_code != 200:
        return f"HTTP {answer.status_code}: {answer.text[:160]}"
    try:
        return len(answer.json()["results"]["bindings"])
    except (ValueError, KeyError, TypeError):
        return f"not SPARQL JSON results: {answer.text[:160]}"


# ------------------------------------------------------------------ load generators


@dataclass
class Run:
    requests: int = 0
    seconds: float = 0.0
    errors: int = 0
    p50_ms: float = float("nan")
    p99_ms: float = float("nan")
    first_error: str = ""

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def _lua_string(text: str) -> str:
    level = 0
    while f"]{'=' * level}]" in text:
        level += 1
    return f"[{'=' * level}[\n{text}]{'=' * level}]"  # a newline right after the bracket is dropped by Lua


LUA = """
local queries = {%(queries)s}
local threads = {}
local counter = 0

function setup(thread)
  thread:set("offset", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  i = offset * 7919
  bad = 0
  headers = {["Content-Type"] = "application/sparql-query", ["Accept"] = "%(accept)s"}
end

function request()
  i = i + 1
  return wrk.format("POST", "%(path)s", headers, queries[(i %% #queries) + 1])
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local non2xx = 0
  for _, thread in ipairs(threads) do
    non2xx = non2xx + thread:get("bad")
  end
  local e = summary.errors
  io.write(string.format(
    '\\nRESULT {"requests": %%d, "micros": %%d, "non2xx": %%d, "socket": %%d, "p50": %%d, "p99": %%d}\\n',
    summary.requests, summary.duration, non2xx, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


def wrk_run(url: str, queries: list[str], seconds: float, work: Path) -> Run:
    """``wrk`` posting ``queries`` round robin over ``CONNECTIONS`` connections."""
    host, path = re.match(r"(https?://[^/]+)(/.*)", url).groups()  # type: ignore[union-attr]
    script = work / "sparql.lua"
    script.write_text(LUA % {"queries": ",\n".join(_lua_string(q) for q in queries), "accept": ACCEPT, "path": path},
                      "utf-8")  # fmt: skip
    command = ["wrk", "-t", str(THREADS), "-c", str(CONNECTIONS), "-d", f"{max(1, round(seconds))}s",
               "--timeout", f"{REQUEST_TIMEOUT}s", "-s", str(script), host]  # fmt: skip
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + REQUEST_TIMEOUT + 60)
    found = re.search(r"^RESULT (\{.*\})$", out.stdout, re.M)
    if out.returncode != 0 or not found:
        raise RuntimeError(f"wrk failed ({out.returncode}): {out.stderr[-500:] or out.stdout[-500:]}")
    figures = json.loads(found.group(1))
    # wrk's latency percentiles are 0 when no request completed
    return Run(requests=figures["requests"], seconds=figures["micros"] / 1e6, errors=figures["non2xx"] + figures["socket"],
               p50_ms=figures["p50"] / 1000, p99_ms=figures["p99"] / 1000)  # fmt: skip


def thread_run(url: str, queries: list[str], seconds: float, work: Path) -> Run:
    """The fallback: ``CONNECTIONS`` threads, one keep-alive httpx connection each."""
    latencies: list[list[float]] = [[] for _ in range(CONNECTIONS)]
    errors: list[str] = []
    deadline = time.monotonic() + seconds

    def client(n: int) -> None:
        i = n * 7919
        with httpx.Client(timeout=REQUEST_TIMEOUT) as http:
            while time.monotonic() < deadline:
                i += 1
                started = time.perf_counter()
                try:
                    answer = http.post(url, content=queries[i % len(queries)].encode(),
                                       headers={"Content-Type": "application/sparql-query", "Accept": ACCEPT})  # fmt: skip
                    if not 200 <= answer.status_code < 300:
                        errors.append(f"HTTP {answer.status_code}: {answer.text[:160]}")
                except httpx.HTTPError as error:
                    errors.append(f"{type(error).__name__}: {error}")
                latencies[n].append((time.perf_counter() - started) * 1000)

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = sorted(x for per in latencies for x in per)
    run = Run(requests=len(every), seconds=time.monotonic() - started, errors=len(errors),
              first_error=errors[0] if errors else "")  # fmt: skip
    if every:
        run.p50_ms = statistics.median(every)
        run.p99_ms = every[min(len(every) - 1, int(0.99 * len(every)))]
    return run


def load_client() -> str:
    """The load generator ``measure_endpoints`` uses on this machine."""
    binary = shutil.which("wrk")
    if not binary:
        return f"Python httpx threads ({CONNECTIONS} keep-alive connections; wrk not installed)"
    version = subprocess.run([binary, "-v"], capture_output=True, text=True).stdout.split(" [")[0].strip()
    return f"{version or 'wrk'} ({CONNECTIONS} connections, {THREADS} thread, POST application/sparql-query)"


# ------------------------------------------------------------------ side by side


@dataclass
class Server:
    name: str
    canned: dict[str, int | str] = field(default_factory=dict)  # rows, or why not
    seconds: dict[str, float] = field(default_factory=dict)  # how long each canned query took, asked alone
    lookup_rows: int | str = ""


def measure_endpoints(location: Path, work: Path, seconds: float, *, notes: list[str] | None = None,
                      servers: tuple[str, ...] = SERVERS, rounds: int = ROUNDS) -> dict[str, float]:  # fmt: skip
    """Requests/s of each server on the canned queries and on simple lookups, driven by the
    same load generator; also p50/p99 latency (ms) and failed requests.

    All servers run at once and are loaded in turn, ``rounds`` slices of ``seconds`` each,
    in an order that reverses every round (A B C, C B A, ...): a drift of the machine's speed
    during the run then falls on every server alike instead of on whichever ran last.

    Keys, for each server name N in ``servers`` ("kg", "oxigraph", "rdflib-endpoint") and
    workload W ("canned", "canned (common)", "lookups", "lookups (few)"): "N W" (requests/s),
    "N W p50 ms", "N W p99 ms", "N W errors"; "N W" is missing when N answered none of
    W's queries. "canned (common)" is the mix of canned queries that every server answered,
    with the same number of rows, in the pre-flight check (the same as "canned" when all did). ``notes`` (when given)
    receives lines to print under the table: the load generator, the data size, which
    canned queries failed or disagreed where, and any failed requests."""
    notes = notes if notes is not None else []
    work.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="endpoints-", dir=work))  # dumps of this store only; removed at the end
    try:
        return _measure(location, work, seconds, notes, servers, rounds)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _check(name: str, location: Path, work: Path, canned: dict[str, str], lookup: str) -> tuple[Server, subprocess.Popen, str]:
    """Start ``name`` and ask it one lookup and every canned query once."""
    server = Server(name)
    process, url = STARTERS[name](location, work)
    server.lookup_rows = rows(url, lookup)
    for query_name, text in canned.items():
        started = time.monotonic()
        server.canned[query_name] = rows(url, text)
        server.seconds[query_name] = time.monotonic() - started
        if isinstance(server.canned[query_name], str) and process.poll() is None:
            # a query past its time may still hold a single-threaded server: restart it
            stop(process)
            process, url = STARTERS[name](location, work)
    return server, process, url


def _canned_slice(seconds: float, checked: dict[str, Server], canned: dict[str, str], mixes: dict[str, list[str]]) -> float:
    """A slice long enough for the canned mix to be answered some SLICE_ANSWERS times: at 100x a
    canned query takes seconds, and a slice of a few seconds counts a handful of answers (a ratio
    of 2 to 4 is noise); at most MAX_SLICE."""
    asked = {text for mix in mixes.values() for text in mix}
    took = [server.seconds[q] for server in checked.values() for q, text in canned.items()
            if text in asked and isinstance(server.canned.get(q), int)]  # fmt: skip
    mean = statistics.fmean(took) if took else 0.0
    return min(MAX_SLICE, max(seconds, SLICE_ANSWERS * mean))


def combined(slices: list[Run]) -> Run:
    """One figure from a server's slices: requests over seconds; the median of the slices'
    p50 and the largest of their p99 (wrk reports percentiles, not the latencies)."""
    first_errors = [s.first_error for s in slices if s.first_error]
    return Run(requests=sum(s.requests for s in slices), seconds=sum(s.seconds for s in slices),
               errors=sum(s.errors for s in slices), p50_ms=statistics.median(s.p50_ms for s in slices),
               p99_ms=max(s.p99_ms for s in slices), first_error=first_errors[0] if first_errors else "")  # fmt: skip


def interleaved(run: Callable[..., Run], urls: dict[str, str], processes: dict[str, subprocess.Popen],
                mixes: dict[str, list[str]], seconds: float, rounds: int, work: Path) -> dict[str, Run]:  # fmt: skip
    """Each server's ``mixes[name]`` in ``rounds`` slices of ``seconds``, the servers taking
    turns in an order reversed every round; each slice starts when the last server is idle."""
    names = [name for name in urls if mixes.get(name)]
    slices: dict[str, list[Run]] = {name: [] for name in names}
    for round_ in range(rounds):
        for name in names if round_ % 2 == 0 else reversed(names):
            slices[name].append(run(urls[name], mixes[name], seconds, work))
            wait_until_idle(processes[name])
    return {name: combined(runs) for name, runs in slices.items()}


def _measure(location: Path, work: Path, seconds: float, notes: list[str], servers: tuple[str, ...],
             rounds: int) -> dict[str, float]:  # fmt: skip
    run = wrk_run if shutil.which("wrk") else thread_run
    canned, lookups = workload(location)
    notes.append(f"load generator: {load_client()}; the servers take turns, {rounds} slices of {seconds:g} s each")
    notes.append(f"data: {len(storing.open_store(location)):,} quads; lookups cycle over {len(lookups):,} claims")
    checked: dict[str, Server] = {}
    processes: dict[str, subprocess.Popen] = {}
    urls: dict[str, str] = {}
    figures: dict[str, float] = {}
    try:
        for name in servers:
            checked[name], processes[name], urls[name] = _check(name, location, work, canned, lookups[0])
            wait_until_idle(processes[name])
        if "kg" in servers:
            said = sorted({line for log in work.glob("kg-serve-*.log") for line in WORKER_LINE.findall(log.read_text("utf-8"))})
            notes.append(f"kg serve's in-memory copies (workers and pages): {'; '.join(said)}")
        for name in servers:
            run(urls[name], lookups[:FEW], 2.0, work)  # warm up; fills rdflib-endpoint's cache of parsed queries
            wait_until_idle(processes[name])
        answered = {name: [canned[q] for q, n in checked[name].canned.items() if isinstance(n, int)] for name in servers}
        # the canned mix every server answered alike, when one of them failed or disagreed on some
        everyone = [q for q in canned if all(isinstance(checked[s].canned.get(q), int) for s in servers)
                    and len({checked[s].canned[q] for s in servers}) == 1]  # fmt: skip
        partial = len(everyone) < len(canned)
        workloads = {"lookups (few)": {name: lookups[:FEW] for name in servers},
                     "lookups": {name: lookups for name in servers}, "canned": answered}  # fmt: skip
        if partial:
            workloads["canned (common)"] = {name: [canned[q] for q in everyone] for name in servers}
        runs: dict[str, dict[str, Run]] = {name: {} for name in servers}
        for kind, mixes in workloads.items():
            span = seconds if kind.startswith("lookups") else _canned_slice(seconds, checked, canned, mixes)
            if span > seconds:
                notes.append(f"{kind} slices of {span:.0f} s: {SLICE_ANSWERS} times the mean time a query of it took alone")
            for name, result in interleaved(run, urls, processes, mixes, span, rounds, work).items():
                runs[name][kind] = result
    finally:
        for process in processes.values():
            stop(process)
    for name in servers:
        if not partial and "canned" in runs[name]:
            runs[name]["canned (common)"] = runs[name]["canned"]
        for kind, result in runs[name].items():
            figures[f"{name} {kind}"] = result.rate
            figures[f"{name} {kind} p50 ms"] = result.p50_ms
            figures[f"{name} {kind} p99 ms"] = result.p99_ms
            figures[f"{name} {kind} errors"] = float(result.errors)
            if result.errors:
                notes.append(f"{name} {kind}: {result.errors} of {result.requests + result.errors} requests failed"
                             + (f" (first: {result.first_error})" if result.first_error else ""))  # fmt: skip
    # do the servers agree?
    lookup_counts = {name: checked[name].lookup_rows for name in servers}
    same = len(set(lookup_counts.values())) == 1 and all(isinstance(n, int) for n in lookup_counts.values())
    notes.append(f"one lookup, rows per server: {lookup_counts}" + ("" if same else "  <- DISAGREE"))
    for query_name in canned:
        answers = {name: checked[name].canned[query_name] for name in servers}
        if len(set(answers.values())) > 1 or any(isinstance(a, str) for a in answers.values()):
            notes.append(f"canned {query_name}: " + "; ".join(f"{n}: {a}" for n, a in answers.items()))
    if partial:
        notes.append(f"canned (common): {len(everyone)} of {len(canned)} canned queries answered alike (same rows) by every server: "
                     f"{', '.join(everyone) or 'none'}")  # fmt: skip
    return figures


# ------------------------------------------------------------------ the command


def print_figures(figures: dict[str, float], servers: tuple[str, ...]) -> None:
    print(f"| {'workload':<16} | " + " | ".join(f"{s + ' req/s':>22}" for s in servers)
          + " | " + " | ".join(f"kg / {s}" for s in servers if s != "kg") + " |")  # fmt: skip
    for kind in ("canned", "canned (common)", "lookups", "lookups (few)"):
        cells = []
        for s in servers:
            rate = figures.get(f"{s} {kind}")
            cells.append(f"{rate:,.0f} (p50 {figures[f'{s} {kind} p50 ms']:.0f} / p99 {figures[f'{s} {kind} p99 ms']:.0f} ms)"
                         if rate is not None else "-")  # fmt: skip
        ratios = []
        for s in servers:
            if s == "kg":
                continue
            ours, theirs = figures.get(f"kg {kind}"), figures.get(f"{s} {kind}")
            ratios.append(f"{ours / theirs:.2f}" if ours is not None and theirs else "-")
        print(f"| {kind:<16} | " + " | ".join(f"{c:>22}" for c in cells) + " | " + " | ".join(ratios) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a store built by `kg build`")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of one slice of load")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="slices per server and workload, in turns")
    parser.add_argument("--only", default=",".join(SERVERS), help="servers to run, e.g. kg,oxigraph")
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    parser.add_argument("--rdflib-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rdflib_child:
        rdflib_child(args.rdflib_child, args.port)
        return
    if not args.store:
        parser.error("--store is required")
    servers = tuple(s.strip() for s in args.only.split(",") if s.strip())
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="kg-endpoints-") as tmp:
        figures = measure_endpoints(args.store, args.work or Path(tmp), args.seconds, notes=notes, servers=servers,
                                     rounds=args.rounds)
    print_figures(figures, servers)
    for note in notes:
        print(f"  {note}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
