"""Running user SPARQL where it can be stopped: a small pool of worker processes.

pyoxigraph has no query timeout and holds the GIL-free Rust evaluation in its
own thread of control, so a runaway query can only be stopped by ending the
process that runs it. Each :class:`Worker` is a process with one pipe; the
:class:`QueryPool` hands a query to an idle worker, waits at most
``Limits.timeout`` seconds for the answer and, when none comes, kills that worker
and starts a fresh one. The worker serialises the answer itself (bytes cross the
pipe, never live iterators) and stops reading solutions after
``Limits.max_results`` rows or triples.

Workers are fresh interpreters (``python -m kg.sparql_worker``): they inherit
no threads, open stores or ``__main__`` module from the server, and a
replacement is ready in about half a second.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import os
import queue
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Literal as TypingLiteral

import pyoxigraph as ox

from kg import storing
from kg.querying import Table
from kg.sparql_guard import ForbiddenQuery, check_query

log = logging.getLogger(__name__)

TIMEOUT_ENV = "KG_QUERY_TIMEOUT"
LIMIT_ENV = "KG_RESULT_LIMIT"
WORKERS_ENV = "KG_QUERY_WORKERS"
READY = "ready"  # a worker's first message
STARTUP_TIMEOUT = 60.0  # seconds a fresh worker may take to import and say READY

RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


@dataclass(frozen=True)
class Limits:
    """How long a query may run, how much it may return, how many run at once."""

    timeout: float = 10.0  # seconds
    max_results: int = 10_000  # rows of a SELECT, triples of a CONSTRUCT/DESCRIBE
    workers: int = 2

    @classmethod
    def from_env(cls) -> "Limits":
        default = cls()
        return cls(
            timeout=float(os.environ.get(TIMEOUT_ENV) or default.timeout),
            max_results=int(os.environ.get(LIMIT_ENV) or default.max_results),
            workers=int(os.environ.get(WORKERS_ENV) or default.workers),
        )


@dataclass(frozen=True)
class QueryRequest:
    store_path: str  # the resolved store generation
    query: str
    result_media: str  # media type for SELECT/ASK results
    graph_media: str  # media type for CONSTRUCT/DESCRIBE results
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_results: int = 10_000
    prefixes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class QueryAnswer:
    body: bytes
    media_type: str
    form: TypingLiteral["solutions", "boolean", "graph"]


@dataclass(frozen=True)
class QueryFailure:
    kind: TypingLiteral["syntax", "forbidden", "too-many-results", "bad-request", "internal"]
    message: str


class QueryFailed(Exception):
    """A query that did not answer; ``status`` is the HTTP status that says why."""

    status = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class QuerySyntaxError(QueryFailed):
    status = 400


class TooManyResults(QueryFailed):
    status = 400


class QueryForbidden(QueryFailed):
    status = 403


class QueryTimeout(QueryFailed):
    status = 503


class WorkerCrashed(QueryFailed):
    status = 500


# ------------------------------------------------------------------ the worker side

_stores: dict[str, ox.Store] = {}


def _store(path: str) -> ox.Store:
    if path not in _stores:
        _stores.clear()  # a new generation was published: drop the old one
        # a URL is a remote SPARQL server (kg.storing.RemoteStore, same query signature)
        _stores[path] = storing.open_store(path) if storing.is_remote(path) else ox.Store.read_only(path)  # type: ignore[assignment]
    return _stores[path]


def execute(request: QueryRequest) -> QueryAnswer | QueryFailure:
    """Run one query and serialise its answer; every failure becomes a value."""
    try:
        check_query(request.query)  # before anything runs: no SERVICE calls, no updates
    except ForbiddenQuery as error:
        return QueryFailure("forbidden", str(error))
    try:
        result = _store(request.store_path).query(
            request.query,
            use_default_graph_as_union=not request.default_graphs,
            default_graph=[ox.NamedNode(g) for g in request.default_graphs] or None,
            named_graphs=[ox.NamedNode(g) for g in request.named_graphs] or None,
        )
        return _serialise(result, request)
    except SyntaxError as error:
        return QueryFailure("syntax", f"SPARQL syntax error: {error}")
    except ValueError as error:
        return QueryFailure("bad-request", str(error))
    except OSError as error:  # evaluation errors (e.g. a SERVICE call, a vanished store)
        return QueryFailure("internal", f"{type(error).__name__}: {error}")


def _too_many(limit: int, what: str) -> QueryFailure:
    return QueryFailure(
        "too-many-results",
        f"the query returns more than {limit:,} {what}, this endpoint's limit ({LIMIT_ENV}); "
        "add LIMIT and OFFSET to page through the results",
    )


def _serialise(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, request: QueryRequest) -> QueryAnswer | QueryFailure:
    limit = request.max_results
    if isinstance(result, ox.QueryBoolean):
        body = result.serialize(format=RESULT_FORMATS[request.result_media])
        return QueryAnswer(body, request.result_media, "boolean")
    if isinstance(result, ox.QueryTriples):
        triples = list(itertools.islice(result, limit + 1))
        if len(triples) > limit:
            return _too_many(limit, "triples")
        media = request.graph_media
        prefixes = request.prefixes if GRAPH_FORMATS[media] in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
        return QueryAnswer(ox.serialize(triples, format=GRAPH_FORMATS[media], prefixes=prefixes), media, "graph")
    variables = [v.value for v in result.variables]
    rows = [[solution[v] for v in variables] for solution in itertools.islice(result, limit + 1)]
    if len(rows) > limit:
        return _too_many(limit, "rows")
    as_json = Table(variables, rows).to_json().encode("utf-8")
    results_format = RESULT_FORMATS[request.result_media]
    if results_format is ox.QueryResultsFormat.JSON:
        return QueryAnswer(as_json, request.result_media, "solutions")
    body = ox.parse_query_results(as_json, format=ox.QueryResultsFormat.JSON).serialize(format=results_format)
    return QueryAnswer(body, request.result_media, "solutions")


def serve(reader: Connection, writer: Connection) -> None:
    """A worker's loop: one request in, one answer out, until the pipe closes.
    The first message says the worker is ready, so starting it does not count
    against a query's time limit."""
    writer.send(READY)
    while True:
        try:
            request = reader.recv()
        except (EOFError, OSError):
            return
        writer.send(execute(request))


# ------------------------------------------------------------------ the server side


class Worker:
    """``python -m kg.sparql_worker`` with a pipe each way: a fresh interpreter that
    shares nothing with the server (no threads, no open store, no ``__main__``)."""

    def __init__(self) -> None:
        from_child, child_out = os.pipe()
        child_in, to_child = os.pipe()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg.sparql_worker", str(child_in), str(child_out)], pass_fds=(child_in, child_out)
        )
        os.close(child_in)
        os.close(child_out)
        self.reader = Connection(from_child, writable=False)
        self.writer = Connection(to_child, readable=False)
        self.ready = False

    def wait_ready(self) -> None:
        """Wait for the worker's READY (once): a query's time limit starts after it."""
        if self.ready:
            return
        if not self.reader.poll(STARTUP_TIMEOUT) or self.reader.recv() != READY:
            raise EOFError("the query worker did not start")
        self.ready = True

    def stop(self) -> None:
        self.writer.close()
        self.reader.close()
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=5)


class QueryPool:
    """``limits.workers`` processes; a query waits for an idle one as long as it may run."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._started = 0
        self._closed = False
        self.restarts = 0  # workers killed for running too long or dying

    def _acquire(self) -> Worker:
        with self._lock:
            if self._closed:
                raise WorkerCrashed("the query pool is shut down")
            start = self._idle.empty() and self._started < self.limits.workers
            if start:
                self._started += 1
        if start:
            try:
                return Worker()
            except OSError:
                with self._lock:
                    self._started -= 1
                raise
        try:
            return self._idle.get(timeout=self.limits.timeout)
        except queue.Empty:
            raise QueryTimeout(
                f"all {self.limits.workers} query workers stayed busy for {self.limits.timeout:g} s; "
                f"try again later or raise {WORKERS_ENV}"
            ) from None

    def _replace(self, worker: Worker) -> Worker:
        worker.stop()
        self.restarts += 1
        return Worker()

    def run(self, request: QueryRequest) -> QueryAnswer:
        request = dataclasses.replace(request, max_results=self.limits.max_results)
        worker = self._acquire()
        try:
            worker.wait_ready()
            worker.writer.send(request)
            if not worker.reader.poll(self.limits.timeout):
                worker = self._replace(worker)
                raise QueryTimeout(
                    f"the query ran longer than {self.limits.timeout:g} s, this endpoint's limit "
                    f"({TIMEOUT_ENV}); narrow it down or add a LIMIT"
                )
            outcome = worker.reader.recv()
        except (EOFError, BrokenPipeError, ConnectionResetError):
            worker = self._replace(worker)
            log.error("a SPARQL worker died while running a query")
            raise WorkerCrashed("the query worker died while running the query") from None
        finally:
            self._release(worker)
        if isinstance(outcome, QueryAnswer):
            return outcome
        if outcome.kind == "internal":
            log.error("SPARQL query failed: %s", outcome.message)
            raise QueryFailed(outcome.message)
        if outcome.kind == "forbidden":
            raise QueryForbidden(outcome.message)
        if outcome.kind == "too-many-results":
            raise TooManyResults(outcome.message)
        raise QuerySyntaxError(outcome.message)

    def _release(self, worker: Worker) -> None:
        with self._lock:
            if self._closed:
                worker.stop()
            else:
                self._idle.put(worker)

    def close(self) -> None:
        with self._lock:
            self._closed = True
        while not self._idle.empty():
            self._idle.get_nowait().stop()


if __name__ == "__main__":
    from kg.sparql_worker import serve as _serve_pipes  # the module's own classes, not __main__'s

    _serve_pipes(Connection(int(sys.argv[1]), writable=False), Connection(int(sys.argv[2]), readable=False))
