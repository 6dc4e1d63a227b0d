"""The query workers' in-memory copies of the store: when they are made, that they are
exact, and that a worker answers the same from memory as from disk."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import sparql_worker as sw
from kg import storing
from kg.querying import canned_queries
from kg.settings import load_settings

GB = 1024**3
EX = "http://example.org/"


@pytest.mark.parametrize(
    "quads, copies, available, fits",
    [
        (1_000_000, 2, 4 * GB, True),  # 2 x 0.5 GB in half of 4 GB
        (1_000_000, 2, 1 * GB, False),
        (4_000_000, 1, 4 * GB, True),
        (4_000_000, 2, 4 * GB, False),
        (4_000_000, 8, 64 * GB, True),
        (0, 2, 0, True),  # an empty store fits anywhere
        (10, 2, None, False),  # memory unknown: stay on disk
        (10, 0, 1 * GB, True),  # no copies count as one
    ],
)
def test_fits_in_memory(quads: int, copies: int, available: int | None, fits: bool) -> None:
    assert sw.fits_in_memory(quads, copies, available) is fits


def test_available_memory_is_a_positive_number_of_bytes() -> None:
    available = sw.available_memory()
    assert available is not None and available > 16 * 1024**2


@pytest.mark.parametrize("value, mode", [("on", "on"), ("OFF", "off"), (" auto ", "auto"), ("", "auto")])
def test_memory_mode_from_the_environment(monkeypatch: pytest.MonkeyPatch, value: str, mode: str) -> None:
    monkeypatch.setenv(sw.MEMORY_ENV, value)
    assert sw.Limits.from_env().memory == mode


@pytest.mark.parametrize("value", ["yes", "1", "memory", "disk"])
def test_an_unknown_memory_mode_is_refused_with_the_setting_named(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(sw.MEMORY_ENV, value)
    with pytest.raises(ValueError, match=sw.MEMORY_ENV):
        sw.Limits.from_env()


def _store_with_shared_blank_node(location: Path) -> Path:
    """A published store whose blank node appears in two graphs and in the default graph."""
    node = ox.BlankNode("shared")
    with storing.new_generation(location) as (store, path):
        store.add(ox.Quad(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "p"), node, ox.NamedNode(EX + "g1")))
        store.add(ox.Quad(node, ox.NamedNode(EX + "q"), ox.Literal("zwölf", language="nl"), ox.NamedNode(EX + "g2")))
        store.add(ox.Quad(node, ox.NamedNode(EX + "r"), ox.Literal("12", datatype=ox.NamedNode(EX + "t"))))
        store.flush()
        storing.publish(location, path)
    return Path(storing.current_generation(location))  # type: ignore[arg-type]


def test_the_memory_copy_is_exact(tmp_path: Path) -> None:
    disk = ox.Store.read_only(str(_store_with_shared_blank_node(tmp_path / "store")))
    memory = sw.memory_copy(disk)
    assert memory is not None
    assert set(memory) == set(disk) and len(memory) == 3
    # the blank node is one node across graphs, as on disk
    joined = "SELECT ?v WHERE { GRAPH ?g1 { ?a ?p ?b } GRAPH ?g2 { ?b ?q ?v } }"
    assert [s["v"] for s in memory.query(joined)] == [ox.Literal("zwölf", language="nl")]


def test_a_copy_no_longer_wanted_stops(tmp_path: Path) -> None:
    disk = ox.Store.read_only(str(_store_with_shared_blank_node(tmp_path / "store")))
    asked = []

    def wanted() -> bool:
        asked.append(1)
        return len(asked) < 2  # a newer generation is published after the first chunk

    assert sw.memory_copy(disk, wanted) is None


@pytest.fixture(scope="module")
def corpus_disk_and_memory(tmp_path_factory: pytest.TempPathFactory) -> tuple[ox.Store, ox.Store]:
    from kg import pipeline

    settings = load_settings()
    location = tmp_path_factory.mktemp("memory") / "store"
    assert pipeline.build(settings.corpus_dir, location, settings).published
    disk = ox.Store.read_only(str(storing.current_generation(location)))
    memory = sw.memory_copy(disk)
    assert memory is not None
    return disk, memory


GROUP_CONCAT = re.compile(r'GROUP_CONCAT\((?:DISTINCT )?.*?; separator="([^"]*)"\) AS \?(\w+)\)')


def _as_compared(bindings: list[dict[str, dict[str, str]]], query: str) -> list[str]:
    """Rows as comparable text, each GROUP_CONCAT's parts sorted: SPARQL leaves their order
    open, and the two stores hand a group its values in different orders."""
    separators = {name: sep.encode().decode("unicode_escape") for sep, name in GROUP_CONCAT.findall(query)}
    rows = []
    for row in bindings:
        row = {k: dict(v) for k, v in row.items()}
        for name, separator in separators.items():
            if name in row:
                row[name]["value"] = separator.join(sorted(row[name]["value"].split(separator)))
        rows.append(json.dumps(row, sort_keys=True))
    return sorted(rows)


@pytest.mark.parametrize("name", sorted(canned_queries(load_settings().queries_dir)))
def test_canned_queries_answer_the_same_from_memory(corpus_disk_and_memory: tuple[ox.Store, ox.Store], name: str) -> None:
    from kg.querying import run_query

    canned = canned_queries(load_settings().queries_dir)[name]
    disk, memory = corpus_disk_and_memory
    answers = [run_query(store, canned.text, canned.bindings({})) for store in (disk, memory)]
    serialised = [a.serialize(format=ox.QueryResultsFormat.JSON) for a in answers]  # type: ignore[union-attr]
    from_disk, from_memory = (json.loads(s)["results"]["bindings"] for s in serialised)
    assert from_disk, f"{name} answers nothing on the corpus: the comparison proves nothing"
    assert _as_compared(from_memory, canned.text) == _as_compared(from_disk, canned.text)


@pytest.fixture
def in_process_worker() -> Iterator[sw.WorkerState]:
    """This process as a worker (the module's state), restored afterwards."""
    saved = sw._state
    sw._state = sw.WorkerState()
    try:
        yield sw._state
    finally:
        sw._state = saved


def _wait_for_kind(path: str, kind: str, seconds: float = 30) -> None:
    def served_from_kind() -> bool:
        served = sw._state.served
        return served is not None and served.path == path and served.kind == kind

    _wait(served_from_kind, seconds, lambda: f"the worker did not answer from {kind} within {seconds} s: {sw._state.served}")


def _wait(condition: Callable[[], bool], seconds: float = 30, why: Callable[[], str] = lambda: "gave up waiting") -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, why()
        time.sleep(0.05)


def test_a_worker_answers_from_disk_then_from_its_copy(tmp_path: Path, in_process_worker: sw.WorkerState,
                                                         capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    path = str(_store_with_shared_blank_node(tmp_path / "store"))
    query = "SELECT ?o (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?o ORDER BY STR(?o)"
    request = sw.QueryRequest(path, query, "application/sparql-results+json", "text/turtle")
    served = in_process_worker.served = sw._open(path)  # opened, no copy started
    from_disk = sw.execute(request)
    in_process_worker.memory = "on"
    sw._copy_to_memory(path, served.store)  # what the worker's thread does, here in this thread
    assert sw._state.served is not None and sw._state.served.kind == "memory"
    assert "answers from memory: 3 quads copied" in capsys.readouterr().err
    from_memory = sw.execute(request)
    assert isinstance(from_disk, sw.QueryAnswer) and isinstance(from_memory, sw.QueryAnswer)
    assert from_memory.body == from_disk.body and "zwölf".encode() in from_memory.body


def test_a_worker_copies_in_a_thread_when_it_opens_a_generation(tmp_path: Path, in_process_worker: sw.WorkerState) -> None:
    path = str(_store_with_shared_blank_node(tmp_path / "store"))
    in_process_worker.memory = "on"
    assert sw._store(path) is not None
    _wait_for_kind(path, "memory")
    assert sw._store(path) is sw._state.served.store  # type: ignore[union-attr]


def test_a_worker_stays_on_disk_when_off(tmp_path: Path, in_process_worker: sw.WorkerState) -> None:
    path = str(_store_with_shared_blank_node(tmp_path / "store"))
    in_process_worker.memory = "off"
    sw._store(path)
    time.sleep(0.3)
    assert sw._state.served is not None and sw._state.served.kind == "disk"


def test_auto_stays_on_disk_when_memory_is_short(tmp_path: Path, in_process_worker: sw.WorkerState,
                                                monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    path = str(_store_with_shared_blank_node(tmp_path / "store"))
    monkeypatch.setattr(sw, "available_memory", lambda: 100)
    in_process_worker.memory, in_process_worker.copies = "auto", 2
    served = sw._open(path)
    in_process_worker.served = served
    sw._copy_to_memory(path, served.store)  # what the thread does, here in this thread
    assert sw._state.served is served and served.kind == "disk"
    assert "would take more than half the available memory" in capsys.readouterr().err


def test_a_replaced_generation_is_not_copied_into_service(tmp_path: Path, in_process_worker: sw.WorkerState) -> None:
    location = tmp_path / "store"
    old = str(_store_with_shared_blank_node(location))
    in_process_worker.memory = "off"
    served = sw._open(old)
    in_process_worker.served = sw.Served("/a/newer/generation", served.store, "disk")
    in_process_worker.memory = "on"
    sw._copy_to_memory(old, served.store)
    assert sw._state.served is not None and sw._state.served.path == "/a/newer/generation"


def test_started_workers_copy_the_store_before_the_first_query(tiny_store: Path, capfd: pytest.CaptureFixture[str]) -> None:
    pool = sw.QueryPool(sw.Limits(workers=2, memory="on"))
    path = str(storing.current_generation(tiny_store))
    try:
        pool.start(path)
        deadline = time.monotonic() + 60
        said = ""
        while said.count("answers from memory") < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
            said += capfd.readouterr().err
        assert said.count("answers from memory: 6 quads copied") == 2, said
        query = sw.QueryRequest(path, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "application/sparql-results+json",
                                "text/turtle")  # fmt: skip
        answer = asyncio.run(pool.run_async(query))
        assert json.loads(answer.body)["results"]["bindings"][0]["n"]["value"] == "6"
    finally:
        pool.close()


def test_the_pages_answer_from_their_own_copy_and_start_over_on_a_new_generation(tiny_store: Path,
                                                                                  capfd: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    from kg.serving import StoreHolder

    holder = StoreHolder(tiny_store, memory="on", copies=3)
    disk = holder.get()
    _wait(lambda: holder.in_memory)
    memory = holder.get()
    assert memory is not disk and set(memory) == set(disk)
    assert "kg serve (pages): answers from memory: 6 quads copied" in capfd.readouterr().err
    with storing.new_generation(tiny_store, based_on=Path(holder.path())) as (store, path):
        store.add(ox.Quad(ox.NamedNode(EX + "dan"), ox.NamedNode(EX + "age"), ox.Literal("7"), ox.NamedNode(EX + "graph/dan")))
        store.flush()
        storing.publish(tiny_store, path)
    fresh = holder.get()  # the new generation, from disk at first, then copied
    assert len(fresh) == 7
    _wait(lambda: holder.in_memory)
    assert len(holder.get()) == 7 and holder.get() is not fresh


def test_the_pages_stay_on_disk_when_off(tiny_store: Path) -> None:
    from kg.serving import StoreHolder

    holder = StoreHolder(tiny_store, memory="off")
    disk = holder.get()
    time.sleep(0.3)
    assert holder.get() is disk and not holder.in_memory


def test_a_worker_that_cannot_open_its_first_store_still_starts(tiny_store: Path, capfd: pytest.CaptureFixture[str]) -> None:
    pool = sw.QueryPool(sw.Limits(workers=1, memory="on"))
    path = str(storing.current_generation(tiny_store))
    try:
        pool.start(str(tiny_store.parent / "no-such-generation"))
        query = sw.QueryRequest(path, "ASK { ?s ?p ?o }", "application/sparql-results+json", "text/turtle")
        answer = asyncio.run(pool.run_async(query))
        assert json.loads(answer.body)["boolean"] is True
        assert "cannot open" in capfd.readouterr().err
    finally:
        pool.close()
