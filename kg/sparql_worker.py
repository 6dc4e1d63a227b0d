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

A worker answers from an in-memory copy of the store generation when it has one
(``Limits.memory``): pyoxigraph's in-memory store answers the canned queries 3x
(corpus) to 7x (100x corpus) faster than its RocksDB store, whose every term is a
lookup in another column family. The copy is made in a thread of the worker while
it answers from disk, so a worker is never unavailable while it loads, and a newly
published generation is answered at once, from disk, until its copy is ready.
"""

from __future__ import annotations

import asyncio
import collections
import dataclasses
import itertools
from json.encoder import encode_basestring  # type: ignore[attr-defined]
import logging
import os
import pickle
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Literal as TypingLiteral

import pyoxigraph as ox

from kg import storing
from kg.sparql_guard import ForbiddenQuery, check_query

log = logging.getLogger(__name__)

TIMEOUT_ENV = "KG_QUERY_TIMEOUT"
LIMIT_ENV = "KG_RESULT_LIMIT"
WORKERS_ENV = "KG_QUERY_WORKERS"
MEMORY_ENV = "KG_QUERY_MEMORY"
MEMORY_MODES = ("auto", "on", "off")
# An in-memory copy of the 100x corpus's store (3.85 million quads) took 1.4 GB: 380 bytes a quad.
BYTES_PER_QUAD = 500
COPY_CHUNK = 1000  # quads copied at a time: ~15 ms of reading RocksDB
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
    # answer from an in-memory copy of the store: "auto" when all copies (each worker's and
    # the server's, for its pages) fit in half the available memory, "on" always, "off" never
    # (remote stores: never)
    memory: str = "auto"

    @property
    def copies(self) -> int:
        """In-memory copies of the store on this machine: each worker's and the server's."""
        return self.workers + 1

    def __post_init__(self) -> None:
        if self.memory not in MEMORY_MODES:
            raise ValueError(f"{MEMORY_ENV} must be one of {', '.join(MEMORY_MODES)}, not {self.memory!r}")

    @classmethod
    def from_env(cls) -> "Limits":
        default = cls()
        return cls(
            timeout=float(os.environ.get(TIMEOUT_ENV) or default.timeout),
            max_results=int(os.environ.get(LIMIT_ENV) or default.max_results),
            workers=int(os.environ.get(WORKERS_ENV) or default.workers),
            memory=(os.environ.get(MEMORY_ENV) or default.memory).strip().lower(),
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


@dataclass(frozen=True)
class Served:
    """The store generation a worker answers from, and from where: "disk", "memory" or "remote"."""

    path: str
    store: ox.Store
    kind: TypingLiteral["disk", "memory", "remote"]


@dataclass
class WorkerState:
    memory: str = "off"  # Limits.memory, as the server passed it
    copies: int = 1  # Limits.copies: how many copies share the machine's memory
    served: Served | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


_state = WorkerState()


def _store(path: str) -> ox.Store:
    with _state.lock:
        served = _state.served
        if served is None or served.path != path:  # a new generation was published: drop the old one
            served = _state.served = _open(path)
            if served.kind == "disk" and _state.memory != "off":  # started once it is served, so it sees itself current
                threading.Thread(target=_copy_to_memory, args=(path, served.store), name="memory copy", daemon=True).start()
    return served.store


def _open(path: str) -> Served:
    if storing.is_remote(path):  # a remote SPARQL server (kg.storing.RemoteStore, same query signature)
        return Served(path, storing.open_store(path), "remote")  # type: ignore[arg-type]
    return Served(path, ox.Store.read_only(path), "disk")


def available_memory() -> int | None:
    """Bytes of memory available to new processes (Linux's MemAvailable), else half the
    physical memory; None when neither can be read."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // 2
    except (ValueError, OSError, AttributeError):
        return None


def fits_in_memory(quads: int, copies: int, available: int | None) -> bool:
    """Whether ``copies`` copies of ``quads`` quads together take at most half of ``available``."""
    return available is not None and quads * BYTES_PER_QUAD * max(1, copies) <= available // 2


def _say(message: str) -> None:
    """One line on the server's console (a worker shares its stderr)."""
    print(f"kg query worker {os.getpid()}: {message}", file=sys.stderr, flush=True)


def memory_copy(disk: ox.Store, wanted: Callable[[], bool] = lambda: True) -> ox.Store | None:
    """An exact in-memory copy of ``disk`` (terms as they are, blank nodes too), made a chunk
    at a time so that few quads are in flight at once; None when ``wanted()`` turns false
    between two chunks (a newer generation was published meanwhile)."""
    memory = ox.Store()
    for graph in [ox.DefaultGraph(), *disk.named_graphs()]:
        quads = disk.quads_for_pattern(None, None, None, graph)
        # in chunks: reading a quad holds the GIL, and only between two chunks can the thread
        # answering queries take it (one call over a graph of a million quads held it for seconds)
        while chunk := list(itertools.islice(quads, COPY_CHUNK)):
            if not wanted():
                return None
            memory.bulk_extend(chunk)
    return memory


def copy_when_it_fits(disk: ox.Store, mode: str, copies: int, wanted: Callable[[], bool]) -> tuple[ox.Store | None, str]:
    """An in-memory copy of ``disk`` when ``mode`` (``Limits.memory``) asks for one and, for
    "auto", ``copies`` of it fit; with a line that says where answers come from, for the console
    (empty when ``wanted()`` turned false, the copy being of a replaced generation)."""
    if mode == "off":
        return None, ""
    started = time.perf_counter()
    try:
        quads = len(disk)
        if mode == "auto" and not fits_in_memory(quads, copies, available_memory()):
            return None, (f"answers from disk: {copies} in-memory copies of {quads:,} quads would take more than "
                          f"half the available memory ({MEMORY_ENV}=on to copy anyway)")  # fmt: skip
        memory = memory_copy(disk, wanted)
    except (OSError, MemoryError) as error:  # a generation removed under us, or too little memory after all
        return None, f"answers from disk: the in-memory copy failed ({type(error).__name__}: {error})"
    if memory is None:
        return None, ""
    return memory, f"answers from memory: {quads:,} quads copied in {time.perf_counter() - started:.1f} s"


def _copy_to_memory(path: str, disk: ox.Store) -> None:
    """Copy the generation at ``path`` into memory (when it fits) and answer from the copy from then on."""

    def still_served() -> bool:
        return _state.served is not None and _state.served.path == path

    memory, said = copy_when_it_fits(disk, _state.memory, _state.copies, still_served)
    if memory is not None:
        with _state.lock:
            if not still_served():
                return
            _state.served = Served(path, memory, "memory")
    if said:
        _say(said)


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
    as_json = solutions_json(variables, rows)
    results_format = RESULT_FORMATS[request.result_media]
    if results_format is ox.QueryResultsFormat.JSON:
        return QueryAnswer(as_json, request.result_media, "solutions")
    body = ox.parse_query_results(as_json, format=ox.QueryResultsFormat.JSON).serialize(format=results_format)
    return QueryAnswer(body, request.result_media, "solutions")


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def solutions_json(variables: list[str], rows: list[list[ox.NamedNode | ox.Literal | ox.BlankNode | None]]) -> bytes:
    """``Table(variables, rows).to_json()`` as UTF-8, byte for byte, without building the
    dicts: the same SPARQL JSON results in a third of the time (simple lookups spend
    more time here than in the query)."""
    quote = encode_basestring
    names = [quote(v) + ": " for v in variables]
    seen: dict[object, str] = {}  # a term's JSON, once per answer (predicates repeat)
    solutions = []
    for row in rows:
        fields = []
        for name, term in zip(names, row):
            if term is None:
                continue
            text = seen.get(term)
            if text is None:
                if isinstance(term, ox.NamedNode):
                    text = '{"type": "uri", "value": ' + quote(term.value) + "}"
                elif isinstance(term, ox.BlankNode):
                    text = '{"type": "bnode", "value": ' + quote(term.value) + "}"
                elif term.language:
                    text = '{"type": "literal", "value": ' + quote(term.value) + ', "xml:lang": ' + quote(term.language) + "}"
                elif term.datatype.value != _XSD_STRING:
                    text = ('{"type": "literal", "value": ' + quote(term.value) + ', "datatype": '
                            + quote(term.datatype.value) + "}")  # fmt: skip
                else:
                    text = '{"type": "literal", "value": ' + quote(term.value) + "}"
                seen[term] = text
            fields.append(name + text)
        solutions.append("{" + ", ".join(fields) + "}")
    head = '{"head": {"vars": [' + ", ".join(quote(v) for v in variables) + ']}, "results": {"bindings": ['
    return (head + ", ".join(solutions) + "]}}").encode("utf-8")


def serve(reader: Connection, writer: Connection, memory: str = "off", copies: int = 1, path: str = "") -> None:
    """A worker's loop: one request in, one answer out, until the pipe closes.
    The first message says the worker is ready, so starting it does not count
    against a query's time limit. ``path``, when given, is opened at once (its
    in-memory copy starts loading before the first query comes)."""
    _state.memory, _state.copies = memory, copies
    if path:
        try:
            _store(path)
        except Exception as error:  # noqa: BLE001 -- never keep a worker from starting; the first query says what is wrong
            _say(f"cannot open {path}: {type(error).__name__}: {error}")
    writer.send(READY)
    while True:
        try:
            request = reader.recv()
        except (EOFError, OSError):
            return
        writer.send(execute(request))


# ------------------------------------------------------------------ the server side


def _expire(waiter: asyncio.Future) -> None:  # type: ignore[type-arg]
    if not waiter.done():
        waiter.set_exception(TimeoutError())


class Worker:
    """``python -m kg.sparql_worker`` with a pipe each way: a fresh interpreter that
    shares nothing with the server (no threads, no open store, no ``__main__``).

    The server reads the worker's pipe without blocking, in the event loop
    (:meth:`receive`): waiting for an answer costs no thread."""

    def __init__(self, limits: Limits | None = None, store_path: str = "") -> None:
        limits = limits or Limits()
        from_child, child_out = os.pipe()
        child_in, to_child = os.pipe()
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "kg.sparql_worker", str(child_in), str(child_out), limits.memory,
                 str(limits.copies), store_path], pass_fds=(child_in, child_out)
            )  # fmt: skip
        except BaseException:
            for fd in (from_child, child_out, child_in, to_child):
                os.close(fd)
            raise
        os.close(child_in)
        os.close(child_out)
        os.set_blocking(from_child, False)
        self.fd = from_child
        self.writer = Connection(to_child, readable=False)
        self.ready = False
        self._buffer = bytearray()
        self._loop: asyncio.AbstractEventLoop | None = None  # the event loop watching the pipe
        self._waiter: asyncio.Future[bytes] | None = None  # the query waiting for the next message
        self._closed = ""  # why the pipe closed, once it did

    def _message(self) -> bytes | None:
        """One whole message from the buffer (multiprocessing.Connection's framing), if there is one."""
        if len(self._buffer) < 4:
            return None
        (size,) = struct.unpack("!i", self._buffer[:4])
        start = 4
        if size == -1:  # a message of 2 GiB or more
            if len(self._buffer) < 12:
                return None
            (size,) = struct.unpack("!Q", self._buffer[4:12])
            start = 12
        if len(self._buffer) < start + size:
            return None
        message = bytes(self._buffer[start : start + size])
        del self._buffer[: start + size]
        return message

    def _watch(self, loop: asyncio.AbstractEventLoop) -> None:
        """Have ``loop`` read the pipe whenever the worker writes: registered once per loop
        (not once per query), which spares two epoll changes per query."""
        if self._loop is loop:
            return
        self._unwatch()
        loop.add_reader(self.fd, self._readable)
        self._loop = loop

    def _unwatch(self) -> None:
        if self._loop is not None:
            try:
                self._loop.remove_reader(self.fd)
            except (RuntimeError, ValueError, OSError):  # a loop that is closed already
                pass
            self._loop = None

    def _readable(self) -> None:
        try:
            chunk = os.read(self.fd, 65536)  # a pipe holds 64 KiB; a bigger buffer costs an mmap per read
        except BlockingIOError:
            return
        except OSError as error:
            chunk, self._closed = b"", str(error)
        if not chunk:
            self._closed = self._closed or "the query worker closed its pipe"
            self._unwatch()  # a closed pipe stays readable: stop listening
        else:
            self._buffer += chunk
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            if self._closed:
                waiter.set_exception(EOFError(self._closed))
            else:
                message = self._message()
                if message is not None:
                    waiter.set_result(message)

    async def receive(self, timeout: float) -> object:
        """The worker's next message; :class:`TimeoutError` when none came within ``timeout``
        seconds, :class:`EOFError` when the worker closed its pipe (died)."""
        message = self._message()
        if message is None:
            if self._closed:
                raise EOFError(self._closed)
            loop = asyncio.get_running_loop()
            self._watch(loop)
            waiter = self._waiter = loop.create_future()
            timer = loop.call_later(timeout, _expire, waiter)
            try:
                message = await waiter
            finally:
                timer.cancel()
                self._waiter = None
        return pickle.loads(message)

    async def wait_ready(self) -> None:
        """Wait for the worker's READY (once): a query's time limit starts after it."""
        if self.ready:
            return
        try:
            said = await self.receive(STARTUP_TIMEOUT)
        except TimeoutError:
            raise EOFError("the query worker did not start") from None
        if said != READY:
            raise EOFError("the query worker did not start")
        self.ready = True

    def stop(self) -> None:
        self._unwatch()
        self.writer.close()
        try:
            os.close(self.fd)
        except OSError:
            pass
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=5)


class QueryPool:
    """``limits.workers`` processes; a query waits for an idle one as long as it may run.

    :meth:`run_async` is the one way in (an event loop waits on the workers' pipes);
    :meth:`run` is the same for callers without an event loop. The pool's state is
    guarded by a lock, and a worker is handed to a waiting query in that query's loop,
    so requests from several event loops (threads) may share one pool."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._idle: list[Worker] = []
        self._waiting: collections.deque[asyncio.Future[Worker]] = collections.deque()
        self._lock = threading.Lock()
        self._started = 0
        self._closed = False
        self._last_path = ""  # the store generation of the last query: a replacement worker opens it at once
        self.restarts = 0  # workers killed for running too long or dying

    def start(self, store_path: str = "") -> None:
        """Start the workers now rather than at the first queries, each opening ``store_path``,
        so that their in-memory copies load before anyone asks."""
        with self._lock:
            missing = 0 if self._closed else self.limits.workers - self._started
            self._started += missing
            self._last_path = store_path or self._last_path
        for _ in range(missing):
            self._release(Worker(self.limits, store_path))

    async def _acquire(self) -> Worker:
        loop = asyncio.get_running_loop()
        with self._lock:
            if self._closed:
                raise WorkerCrashed("the query pool is shut down")
            if self._idle:
                return self._idle.pop()
            start = self._started < self.limits.workers
            if start:
                self._started += 1
                path = self._last_path
            else:
                handed: asyncio.Future[Worker] = loop.create_future()
                self._waiting.append(handed)
        if start:
            try:
                return Worker(self.limits, path)
            except OSError:
                with self._lock:
                    self._started -= 1
                raise
        timer = loop.call_later(self.limits.timeout, _expire, handed)
        try:
            return await handed
        except TimeoutError:
            with self._lock:
                if handed in self._waiting:
                    self._waiting.remove(handed)
            raise QueryTimeout(
                f"all {self.limits.workers} query workers stayed busy for {self.limits.timeout:g} s; "
                f"try again later or raise {WORKERS_ENV}"
            ) from None
        except asyncio.CancelledError:
            with self._lock:
                if handed in self._waiting:
                    self._waiting.remove(handed)
            raise  # a hand-over already on its way sees the cancelled future and passes the worker on
        finally:
            timer.cancel()

    def _replace(self, worker: Worker) -> Worker:
        worker.stop()
        self.restarts += 1
        return Worker(self.limits, self._last_path)

    async def run_async(self, request: QueryRequest) -> QueryAnswer:
        if request.max_results != self.limits.max_results:
            request = dataclasses.replace(request, max_results=self.limits.max_results)
        self._last_path = request.store_path
        worker = await self._acquire()
        try:
            await worker.wait_ready()
            worker.writer.send(request)
            try:
                outcome = await worker.receive(self.limits.timeout)
            except TimeoutError:
                worker = self._replace(worker)
                raise QueryTimeout(
                    f"the query ran longer than {self.limits.timeout:g} s, this endpoint's limit "
                    f"({TIMEOUT_ENV}); narrow it down or add a LIMIT"
                ) from None
        except (EOFError, BrokenPipeError, ConnectionResetError):
            worker = self._replace(worker)
            log.error("a SPARQL worker died while running a query")
            raise WorkerCrashed("the query worker died while running the query") from None
        except asyncio.CancelledError:
            worker = self._replace(worker)  # its answer may still come: nobody else may read it
            raise
        finally:
            self._release(worker)
        return self._answer(outcome)

    def run(self, request: QueryRequest) -> QueryAnswer:
        """:meth:`run_async` for a caller without a running event loop."""
        return asyncio.run(self.run_async(request))

    @staticmethod
    def _answer(outcome: object) -> QueryAnswer:
        if isinstance(outcome, QueryAnswer):
            return outcome
        assert isinstance(outcome, QueryFailure)
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
            if not self._closed:
                while self._waiting:
                    handed = self._waiting.popleft()
                    if not handed.done():
                        handed.get_loop().call_soon_threadsafe(self._hand, handed, worker)
                        return
                self._idle.append(worker)
                return
        worker.stop()

    def _hand(self, handed: asyncio.Future[Worker], worker: Worker) -> None:
        if handed.done():  # the query stopped waiting meanwhile
            self._release(worker)
        else:
            handed.set_result(worker)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.stop()


if __name__ == "__main__":
    from kg.sparql_worker import serve as _serve_pipes  # the module's own classes, not __main__'s

    _serve_pipes(Connection(int(sys.argv[1]), writable=False), Connection(int(sys.argv[2]), readable=False),
                 memory=sys.argv[3], copies=int(sys.argv[4]), path=sys.argv[5])  # fmt: skip
