"""A remote store: a real Oxigraph server on loopback, built into through the Graph
Store Protocol and served through ``kg serve``'s app, as against the embedded store."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from kg import pipeline, storing
from kg.cli import app as cli_app
from kg.mapping import document_graph_iri
from kg.querying import canned_queries
from kg.serving import create_app
from kg.settings import load_settings

SETTINGS = load_settings()
OXIGRAPH = shutil.which("oxigraph")
pytestmark = pytest.mark.skipif(OXIGRAPH is None, reason="the oxigraph server binary (pip install oxigraph)")

PAGE = """<html><body><nav>Home</nav><main><h1>Lonen in de zorg</h1>
<p>Een verpleegkundige verdient gemiddeld &euro;3.400 per maand, volgens het CBS.</p>
<p>Het aantal vacatures steeg met 12% in 2024.</p></main></body></html>"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``oxigraph serve`` with the union default graph, on a free loopback port."""
    port = free_port()
    data = tmp_path_factory.mktemp("oxigraph")
    process = subprocess.Popen(
        [OXIGRAPH, "serve", "--location", str(data), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copy(SETTINGS.corpus_dir / "001_3678f6c9f475e505.txt", folder)
    (folder / "zorg.html").write_text(PAGE, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built(oxigraph_server: str, corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """The same corpus built into the server and into an embedded store."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv(storing.CACHE_ENV, str(tmp_path_factory.mktemp("cache")))
        remote = pipeline.build(corpus, oxigraph_server, SETTINGS)
        local = tmp_path_factory.mktemp("local") / "store"
        embedded = pipeline.build(corpus, local, SETTINGS)
    assert remote.published and embedded.published
    return oxigraph_server, local


def test_endpoints_follow_each_server_layout() -> None:
    assert storing.remote_endpoints("http://h:7878/") == ("http://h:7878/query", "http://h:7878/store")
    assert storing.remote_endpoints("http://h:3030/ds") == ("http://h:3030/ds", "http://h:3030/ds")
    assert storing.remote_endpoints("http://h:7001/#store=/gsp?access-token=x") == (
        "http://h:7001", "http://h:7001/gsp?access-token=x")  # fmt: skip


def test_build_puts_one_named_graph_per_document(built: tuple[str, Path]) -> None:
    url, _ = built
    remote = storing.RemoteStore(url)
    assert remote.exists()
    names = remote.graph_names()
    assert {str(document_graph_iri("001_3678f6c9f475e505")), str(document_graph_iri("zorg"))} <= names


def test_canned_queries_through_kg_serve_match_the_embedded_store(built: tuple[str, Path]) -> None:
    url, local = built
    with TestClient(create_app(url)) as remote, TestClient(create_app(local)) as embedded:
        assert remote.get("/health").json() == {"status": "ok"}
        for name in canned_queries(SETTINGS.queries_dir):
            got = remote.get(f"/queries/{name}", headers={"Accept": "text/csv"})
            want = embedded.get(f"/queries/{name}", headers={"Accept": "text/csv"})
            assert got.status_code == want.status_code == 200, (name, got.text[:300])
            assert sorted(got.text.splitlines()) == sorted(want.text.splitlines()), name


def test_sparql_endpoint_answers_from_the_server(built: tuple[str, Path]) -> None:
    url, _ = built
    with TestClient(create_app(url)) as client:
        query = "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/kg/ontology#MonetaryAmountClaim> }"
        answer = client.post("/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"})
        assert answer.status_code == 200
        assert int(answer.json()["results"]["bindings"][0]["n"]["value"]) >= 2
        bad = client.get("/sparql", params={"query": "SELEC nothing"}, headers={"Accept": "application/json"})
        assert bad.status_code == 400


def test_cli_query_and_trace_read_the_remote_store(built: tuple[str, Path]) -> None:
    url, _ = built
    result = CliRunner().invoke(cli_app, ["query", "money", "--store", url, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "3400" in result.stdout


def test_failed_validation_uploads_nothing(
    oxigraph_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, built: tuple[str, Path]
) -> None:
    from kg.validating import ValidationReport

    monkeypatch.setenv(storing.CACHE_ENV, str(tmp_path / "cache"))
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "nieuw.txt").write_text("Een data scientist verdient $150k per jaar.\n", encoding="utf-8")
    real = pipeline.validate_store

    def failing(store, shapes, scope=None):  # type: ignore[no-untyped-def]
        report = real(store, shapes, scope)
        return ValidationReport(results=[*report.results, *_one_violation()])

    monkeypatch.setattr(pipeline, "validate_store", failing)
    result = pipeline.build(folder, oxigraph_server, SETTINGS)
    assert not result.published
    assert str(document_graph_iri("nieuw")) not in storing.RemoteStore(oxigraph_server).graph_names()


def _one_violation() -> list:
    from kg.validating import ValidationResult

    return [ValidationResult(focus="https://w3id.org/kg/claims/x", path=None, component="MinCountConstraintComponent",
                             severity="Violation", message="forced", value=None, shape="_:s")]  # fmt: skip


def test_a_removed_document_loses_its_graph(oxigraph_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            built: tuple[str, Path]) -> None:  # fmt: skip
    monkeypatch.setenv(storing.CACHE_ENV, str(tmp_path / "cache"))
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "zorg.html").write_text(PAGE, encoding="utf-8")
    assert pipeline.build(folder, oxigraph_server, SETTINGS).published
    names = storing.RemoteStore(oxigraph_server).graph_names()
    assert str(document_graph_iri("zorg")) in names
    assert str(document_graph_iri("001_3678f6c9f475e505")) not in names


def test_unreachable_server_is_one_line_and_exit_2() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    result = CliRunner().invoke(cli_app, ["query", "money", "--store", url])
    assert result.exit_code == 2
    assert url in result.output and "Traceback" not in result.output


def test_doctests_of_storing() -> None:
    import doctest

    assert doctest.testmod(storing).failed == 0
