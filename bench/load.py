"""A bounded load test of `kg serve` on loopback.

    python -m bench.load [--clients 32] [--seconds 20] [--store LOCATION]

Starts `kg serve` on a free port (building the bundled corpus into a temporary
store unless --store is given), then runs ``--clients`` concurrent clients for
``--seconds``, each looping over a mix of canned queries (JSON), claim and
document pages (HTML), SPARQL SELECTs and fact-check searches. The server's
resident memory (its own and its SPARQL workers') is sampled every 0.25 s.
Prints one row in the benchmark table's style; exits 1 if any request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CLAIMS = ("SELECT DISTINCT ?c WHERE { ?c a ?t . FILTER(STRSTARTS(STR(?c), 'https://w3id.org/kg/claims/') "
          "&& !CONTAINS(STR(?c), '#')) } LIMIT 400")
TYPES = "SELECT ?t (COUNT(?c) AS ?n) WHERE { ?c a ?t } GROUP BY ?t ORDER BY DESC(?n) LIMIT 20"
CANNED = ["claims-by-type", "documents", "money", "sources", "unsourced", "experts", "quotes", "risk"]
TRACES = ["875000", "$80k", "5%", "1,34M", "2023"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_kib(pid: int) -> int:
    """Resident memory of ``pid`` and its children (the SPARQL workers), in KiB."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration):
            continue
    return total


class Sampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.samples, self.stop = pid, [], threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.samples.append(rss_kib(self.pid))
            self.stop.wait(0.25)


def start_server(store: Path, port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "kg.cli", "serve", "--store", str(store), "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        if process.poll() is not None:
            raise SystemExit("kg serve exited before answering")
        time.sleep(0.2)
    process.kill()
    raise SystemExit("kg serve did not answer /health within 300 s")


def requests_for(claims: list[str], documents: list[str]) -> list[tuple[str, dict, dict]]:
    """(path, params, headers) of the mix; one is drawn at random for each request."""
    html, json_ = {"accept": "text/html"}, {"accept": "application/json"}
    mix = [(f"/queries/{name}", {"format": "json"}, json_) for name in CANNED]
    mix += [(f"/claims/{claim}", {}, html) for claim in claims[:50]]
    mix += [(f"/documents/{doc}", {}, html) for doc in documents]
    mix += [("/sparql", {"query": q}, {"accept": "application/sparql-results+json"}) for q in (COUNT, TYPES)] * 4
    mix += [("/trace", {"value": v}, json_) for v in TRACES]
    return mix


async def client(base: str, mix: list, until: float, latencies: list[float], errors: list[str], seed: int) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        while time.monotonic() < until:
            path, params, headers = rng.choice(mix)
            started = time.perf_counter()
            try:
                response = await http.get(path, params=params, headers=headers)
                if response.status_code != 200:
                    errors.append(f"{path}: HTTP {response.status_code} {response.text[:200]}")
            except httpx.HTTPError as error:
                errors.append(f"{path}: {type(error).__name__}: {error}")
            latencies.append(time.perf_counter() - started)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def run(store: Path, clients: int, seconds: float) -> dict[str, object]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(store, port)
    try:
        sparql = httpx.get(f"{base}/sparql", params={"query": CLAIMS}, headers={"accept": "application/json"}).json()
        claims = [b["c"]["value"].rsplit("/", 1)[1] for b in sparql["results"]["bindings"]]
        documents = [row["id"]["value"] for row in
                     httpx.get(f"{base}/queries/documents", params={"format": "json"}).json()["results"]["bindings"]]  # fmt: skip
        mix = requests_for(claims, documents)
        sampler = Sampler(server.pid)
        sampler.start()
        latencies: list[float] = []
        errors: list[str] = []
        started = time.monotonic()

        async def all_clients() -> None:
            until = time.monotonic() + seconds
            await asyncio.gather(*(client(base, mix, until, latencies, errors, n) for n in range(clients)))

        asyncio.run(all_clients())
        elapsed = time.monotonic() - started
        sampler.stop.set()
        sampler.join()
        still_healthy = httpx.get(f"{base}/health", timeout=10).status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "clients": clients, "seconds": round(elapsed, 1), "requests": len(latencies), "errors": errors,
        "rps": len(latencies) / elapsed, "p50": percentile(latencies, 50) * 1000,
        "p99": percentile(latencies, 99) * 1000, "mean": statistics.fmean(latencies) * 1000,
        "rss_start": sampler.samples[0] / 1024, "rss_max": max(sampler.samples) / 1024,
        "rss_end": sampler.samples[-1] / 1024, "healthy": still_healthy,
    }  # fmt: skip


def print_row(result: dict[str, object]) -> None:
    print(f"\n{time.strftime('%Y-%m-%d')}, {platform.node() or 'this machine'}: "
          f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores")  # fmt: skip
    header = "| load test (loopback) | requests/s | p50 ms | p99 ms | requests | errors | server RSS MB (start → max) |"
    print(header)
    print("|" + "|".join("-" * (len(cell) + 0) for cell in header.split("|")[1:-1]) + "|")
    print(f"| {result['clients']} clients × {result['seconds']} s | {result['rps']:.0f} | {result['p50']:.0f} | "
          f"{result['p99']:.0f} | {result['requests']} | {len(result['errors'])} | "  # type: ignore[arg-type]
          f"{result['rss_start']:.0f} → {result['rss_max']:.0f} |")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--store", type=Path, help="a built store (default: build the bundled corpus into a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-load-") as scratch:
        store = args.store
        if store is None:
            store = Path(scratch) / "store"
            print("building the bundled corpus ...", file=sys.stderr, flush=True)
            subprocess.run([sys.executable, "-m", "kg.cli", "build", "--store", str(store)], check=True,
                           stderr=subprocess.DEVNULL)  # fmt: skip
        result = run(store, args.clients, args.seconds)
    print_row(result)
    for error in result["errors"][:10]:  # type: ignore[index]
        print(f"  {error}", file=sys.stderr)
    return 0 if not result["errors"] and result["healthy"] else 1


if __name__ == "__main__":
    sys.exit(main())
