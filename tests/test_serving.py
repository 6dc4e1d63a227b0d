"""The SPARQL endpoint through every request form, with the error shape checked."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kg.serving import create_app, negotiate
from kg.sparql_worker import Limits

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture
def client(tiny_store: Path) -> Iterator[TestClient]:
    with TestClient(create_app(tiny_store, limits=Limits(timeout=20, max_results=100, workers=1))) as client:
        yield client


def count_of(body: bytes) -> int:
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_health(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok"}


def test_get_sees_union_of_named_graphs(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": COUNT})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    assert count_of(response.content) == 6


def test_post_form(client: TestClient) -> None:
    response = client.post("/sparql", data={"query": COUNT})
    assert response.status_code == 200 and count_of(response.content) == 6


def test_post_sparql_query(client: TestClient) -> None:
    response = client.post("/sparql", content=COUNT, headers={"content-type": "application/sparql-query"})
    assert response.status_code == 200 and count_of(response.content) == 6


def test_default_graph_uri_restricts(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": COUNT, "default-graph-uri": "http://example.org/graph/ann"})
    assert count_of(response.content) == 2


@pytest.mark.parametrize(
    "accept, media",
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("*/*", "application/sparql-results+json"),
    ],
)
def test_accept_negotiation(client: TestClient, accept: str, media: str) -> None:
    response = client.get("/sparql", params={"query": COUNT}, headers={"accept": accept})
    assert response.headers["content-type"].startswith(media)


def test_construct_as_turtle(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"accept": "text/turtle"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    assert b"http://example.org/ann" in response.content


@pytest.mark.parametrize(
    "request_args, status",
    [
        pytest.param({"method": "GET", "url": "/sparql", "params": {"query": "SELECT ?x WHERE {"}}, 400, id="syntax"),
        pytest.param({"method": "POST", "url": "/sparql", "data": {"query": ""}}, 400, id="no-query"),
        pytest.param({"method": "POST", "url": "/sparql", "content": "DROP ALL",
                      "headers": {"content-type": "application/sparql-update"}}, 403, id="update-content-type"),
        pytest.param({"method": "GET", "url": "/sparql", "params": {"update": "DROP ALL"}}, 403, id="update-get"),
        pytest.param({"method": "GET", "url": "/sparql", "params": {"query": COUNT, "default-graph-uri": "not an iri"}},
                     400, id="bad-graph-iri"),
        pytest.param({"method": "GET", "url": "/claims/nope", "headers": {"accept": "text/turtle"}}, 404, id="no-claim"),
        pytest.param({"method": "GET", "url": "/documents/nope", "headers": {"accept": "text/turtle"}}, 404,
                     id="no-document"),
        pytest.param({"method": "GET", "url": "/queries/nope"}, 404, id="no-canned-query"),
        pytest.param({"method": "GET", "url": "/nowhere"}, 404, id="no-route"),
        pytest.param({"method": "GET", "url": "/trace", "params": {"value": "abc"}}, 400, id="trace-not-a-number"),
        pytest.param({"method": "POST", "url": "/sparql", "data": {"update": "DROP ALL"}}, 403, id="update-form"),
        pytest.param({"method": "POST", "url": "/sparql", "content": "DROP ALL",
                      "headers": {"content-type": "application/sparql-query"}}, 400, id="update-as-query"),
        pytest.param({"method": "POST", "url": "/sparql", "content": "x",
                      "headers": {"content-type": "text/plain"}}, 415, id="bad-content-type"),
    ],
)
def test_errors_have_one_shape(client: TestClient, request_args: dict, status: int) -> None:
    response = client.request(**request_args)
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error", "status"} and body["status"] == status and body["error"]
    assert client.get("/health").status_code == 200  # and the server keeps serving


def test_negotiate_prefers_higher_q() -> None:
    assert negotiate("a/b;q=0.1, c/d", ["a/b", "c/d"]) == "c/d"
    assert negotiate("x/y", ["a/b"]) is None
    assert negotiate("text/*", ["application/json", "text/csv"]) == "text/csv"
