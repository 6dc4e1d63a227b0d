"""Shared fixtures: stores and apps built on tmp_path, never in the working tree."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import storing

EX = "http://example.org/"


@pytest.fixture
def tiny_store(tmp_path: Path) -> Path:
    """A published store of three people, each in a named graph of their own."""
    location = tmp_path / "store"
    with storing.new_generation(location) as (store, path):
        for name, age in (("ann", 12), ("bob", 30), ("cas", 45)):
            person, graph = ox.NamedNode(EX + name), ox.NamedNode(EX + "graph/" + name)
            age_literal = ox.Literal(str(age), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
            store.add(ox.Quad(person, ox.NamedNode(EX + "age"), age_literal, graph))
            store.add(ox.Quad(person, ox.NamedNode(EX + "name"), ox.Literal(name), graph))
        store.flush()
        storing.publish(location, path)
    return location


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus built once into a store for the whole session (read-only for tests)."""
    from kg import pipeline
    from kg.settings import load_settings

    settings = load_settings()
    location = tmp_path_factory.mktemp("built") / "store"
    result = pipeline.build(settings.corpus_dir, location, settings)
    assert result.published, [r.message for r in result.report.violations][:5]
    return location


@pytest.fixture(scope="session")
def live_server(built_store: Path) -> Iterator[str]:
    """``kg serve`` on the built store as a real uvicorn process on loopback; yields its base URL."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "kg.cli", "serve", "--store", str(built_store), "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                with urllib.request.urlopen(url + "/health", timeout=1):
                    break
            except OSError:
                assert process.poll() is None, "kg serve exited"
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
