"""The SPARQL endpoint through every request form, with the error shape checked."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
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
                      "headers": {"content-type": "application/sparql-query"}}, 403, id="update-as-query"),
        pytest.param({"method": "GET", "url": "/sparql", "params": {"query": "SELECT * { SERVICE <http://h/> {} }"}},
                     403, id="service"),
        pytest.param({"method": "POST", "url": "/sparql", "content": "#" * 2_000_000,
                      "headers": {"content-type": "application/sparql-query"}}, 413, id="body-too-large"),
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


# ------------------------------------------------------------------ limits


def test_timeout_kills_the_query_and_the_endpoint_recovers(tiny_store: Path) -> None:
    app = create_app(tiny_store, limits=Limits(timeout=1, max_results=10**9, workers=1))
    slow = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?a{i} ?b{i} ?c{i} ." for i in range(12)) + " }"
    with TestClient(app) as client:
        response = client.get("/sparql", params={"query": slow})
        assert response.status_code == 503
        assert "KG_QUERY_TIMEOUT" in response.json()["error"]
        assert app.state.pool.restarts == 1
        assert count_of(client.get("/sparql", params={"query": COUNT}).content) == 6


def test_result_limit(tiny_store: Path) -> None:
    with TestClient(create_app(tiny_store, limits=Limits(max_results=5, workers=1))) as client:
        response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert response.status_code == 400 and "KG_RESULT_LIMIT" in response.json()["error"]
        assert client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 5"}).status_code == 200


@pytest.mark.parametrize("accept, media", [
    ("application/n-triples", "application/n-triples"),
    ("application/ld+json", "application/ld+json"),
    ("text/turtle;q=0.5, application/ld+json;q=0.9", "application/ld+json"),
])  # fmt: skip
def test_graph_negotiation(client: TestClient, accept: str, media: str) -> None:
    response = client.get("/sparql", params={"query": "DESCRIBE <http://example.org/ann>"}, headers={"accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)


def test_browser_accept_gets_the_query_page(client: TestClient) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
    response = client.get("/sparql", params={"query": COUNT}, headers={"accept": browser})
    assert response.headers["content-type"].startswith("text/html") and "<table" in response.text


def test_named_graph_uri(client: TestClient) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = client.get("/sparql", params={"query": query, "named-graph-uri": EX_GRAPH + "bob"})
    assert count_of(response.content) == 2


EX_GRAPH = "http://example.org/graph/"


# ------------------------------------------------------------------ real clients against `kg serve`


def test_sparqlwrapper_select_ask_construct(live_server: str) -> None:
    from SPARQLWrapper import JSON, POST, SPARQLWrapper, TURTLE, XML

    endpoint = SPARQLWrapper(live_server + "/sparql")
    endpoint.setQuery("SELECT (COUNT(?c) AS ?n) WHERE { ?c a <https://w3id.org/kg/ontology#MonetaryAmountClaim> }")
    endpoint.setReturnFormat(JSON)
    assert int(endpoint.query().convert()["results"]["bindings"][0]["n"]["value"]) > 100
    endpoint.setMethod(POST)
    endpoint.setReturnFormat(XML)
    endpoint.setQuery("ASK { ?d a <https://w3id.org/kg/ontology#Document> }")
    assert endpoint.query().convert().getElementsByTagName("boolean")[0].firstChild.data == "true"
    endpoint.setReturnFormat(TURTLE)
    endpoint.setQuery("CONSTRUCT WHERE { ?d a <https://w3id.org/kg/ontology#Document> }")
    graph = rdflib.Graph().parse(data=endpoint.query().convert(), format="turtle")
    assert len(graph) == 3


def test_rdflib_sparqlstore(live_server: str) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = rdflib.Graph(store=SPARQLStore(live_server + "/sparql"))
    rows = list(graph.query("SELECT ?id WHERE { ?d a <https://w3id.org/kg/ontology#Document> ; "
                            "<http://purl.org/dc/terms/identifier> ?id } ORDER BY ?id"))  # fmt: skip
    assert [str(row.id) for row in rows] == ["000_f25b29a1e9a4a597", "001_3678f6c9f475e505", "002_ddf72b7c495f327d"]
    constructed = graph.query("CONSTRUCT WHERE { ?d a <https://w3id.org/kg/ontology#Document> }")
    assert len(constructed.graph) == 3


def test_update_refused_over_http(live_server: str) -> None:
    import httpx

    response = httpx.post(live_server + "/sparql", content="INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                          headers={"content-type": "application/sparql-update"})  # fmt: skip
    assert response.status_code == 403 and response.json()["status"] == 403


def test_a_slow_post_query_does_not_stall_other_requests(tiny_store: Path) -> None:
    """POST answers wait for a worker process off the event loop: while a runaway
    query posted as application/sparql-query runs, the server keeps answering."""
    import socket
    import threading

    import httpx
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(tiny_store, limits=Limits(timeout=5, max_results=10**9, workers=2))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    serving = threading.Thread(target=server.run, daemon=True)
    serving.start()
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(base + "/health", timeout=1)
                break
            except httpx.TransportError:
                threading.Event().wait(0.1)
        slow = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?a{i} ?b{i} ?c{i} ." for i in range(12)) + " }"
        statuses: list[int] = []
        post = threading.Thread(target=lambda: statuses.append(httpx.post(
            base + "/sparql", content=slow, headers={"content-type": "application/sparql-query"}, timeout=30).status_code))
        post.start()
        threading.Event().wait(0.5)  # let the slow query reach its worker
        assert httpx.get(base + "/sparql", params={"query": COUNT}, timeout=30).status_code == 200
        assert post.is_alive(), "the slow query finished first: the test proves nothing"
        post.join(timeout=30)
        assert statuses == [503]
    finally:
        server.should_exit = True
        serving.join(timeout=10)


# ------------------------------------------------------------------ the /sparql fast path


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?a{i} ?b{i} ?c{i} ." for i in range(12)) + " }"
SPARQL_QUERY = {"content-type": "application/sparql-query"}
SAME_ANSWER_CASES = [
    pytest.param({"method": "GET", "params": {"query": COUNT}}, id="get"),
    pytest.param({"method": "GET", "params": {"query": COUNT}, "headers": {"accept": "text/csv"}}, id="get-csv"),
    pytest.param({"method": "GET", "params": {"query": COUNT}, "headers": {"accept": "application/sparql-results+xml"}},
                 id="get-xml"),
    pytest.param({"method": "GET", "params": {"query": COUNT}, "headers": {"accept": "image/png"}}, id="get-unacceptable"),
    pytest.param({"method": "GET", "params": {"query": "ASK { ?s ?p ?o }"}}, id="ask"),
    pytest.param({"method": "GET", "params": {"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                  "headers": {"accept": "application/n-triples"}}, id="construct"),
    pytest.param({"method": "GET", "params": {"query": "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s ?p"}}, id="rows"),
    pytest.param({"method": "GET", "params": {"query": COUNT, "default-graph-uri": "http://example.org/graph/ann"}},
                 id="default-graph"),
    pytest.param({"method": "GET", "params": {"query": COUNT, "default-graph-uri": "not an iri"}}, id="bad-graph"),
    pytest.param({"method": "GET", "params": {"query": "SELECT ?x WHERE {"}}, id="syntax"),
    pytest.param({"method": "GET", "params": {"query": "SELECT ?x WHERE {"}, "headers": {"accept": "text/html"}},
                 id="syntax-browser"),
    pytest.param({"method": "GET", "params": {"query": "SELECT * { SERVICE <http://h/> {} }"}}, id="service"),
    pytest.param({"method": "GET", "params": {"query": "SELECT * WHERE { ?s ?p ?o }"}}, id="too-many"),
    pytest.param({"method": "GET", "params": {"update": "DROP ALL"}}, id="update-get"),
    pytest.param({"method": "POST", "content": COUNT, "headers": SPARQL_QUERY}, id="post"),
    pytest.param({"method": "POST", "content": COUNT, "headers": {**SPARQL_QUERY, "accept": "text/tab-separated-values"}},
                 id="post-tsv"),
    pytest.param({"method": "POST", "content": COUNT, "headers": SPARQL_QUERY,
                  "params": {"named-graph-uri": "http://example.org/graph/bob"}}, id="post-graphs"),
    pytest.param({"method": "POST", "content": "  ", "headers": SPARQL_QUERY}, id="post-empty"),
    pytest.param({"method": "POST", "content": "DROP ALL", "headers": SPARQL_QUERY}, id="post-update-as-query"),
    pytest.param({"method": "POST", "content": "#" * 2_000_000, "headers": SPARQL_QUERY}, id="post-too-large"),
    pytest.param({"method": "POST", "data": {"query": COUNT}}, id="post-form"),
]  # fmt: skip


@pytest.mark.parametrize("request_args", SAME_ANSWER_CASES)
def test_fast_path_answers_what_the_routes_answer(tiny_store: Path, request_args: dict) -> None:
    answers = []
    for fast in (True, False):
        app = create_app(tiny_store, limits=Limits(timeout=20, max_results=5, workers=1), fast_path=fast)
        with TestClient(app) as client:
            response = client.request(url="/sparql", **request_args)
            answers.append((response.status_code, response.headers.get("content-type"), response.content))
    assert answers[0] == answers[1]


def test_fast_path_answers_cors_preflight_and_simple_requests(client: TestClient) -> None:
    origin = {"origin": "https://yasgui.example"}
    response = client.post("/sparql", content=COUNT, headers={**SPARQL_QUERY, **origin})
    assert response.status_code == 200 and response.headers["access-control-allow-origin"] == "*"
    preflight = client.options("/sparql", headers={**origin, "access-control-request-method": "POST",
                                                   "access-control-request-headers": "content-type"})  # fmt: skip
    assert preflight.status_code == 200 and "POST" in preflight.headers["access-control-allow-methods"]


def test_timeout_kills_a_runaway_query_through_the_fast_path(tiny_store: Path) -> None:
    app = create_app(tiny_store, limits=Limits(timeout=1, max_results=10**9, workers=1))
    with TestClient(app) as client:
        response = client.post("/sparql", content=RUNAWAY, headers=SPARQL_QUERY)
        assert response.status_code == 503 and "KG_QUERY_TIMEOUT" in response.json()["error"]
        assert app.state.pool.restarts == 1
        assert count_of(client.post("/sparql", content=COUNT, headers=SPARQL_QUERY).content) == 6


def test_queries_wait_for_a_busy_worker_or_time_out(tiny_store: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    app = create_app(tiny_store, limits=Limits(timeout=2, max_results=10**9, workers=1))
    with TestClient(app) as client, ThreadPoolExecutor(3) as threads:
        assert client.get("/sparql", params={"query": COUNT}).status_code == 200  # the worker is up
        waiting = [threads.submit(client.get, "/sparql", params={"query": q}) for q in (RUNAWAY, COUNT, COUNT)]
        statuses = sorted(f.result().status_code for f in waiting)
        # the runaway holds the one worker until it is killed; the others waited for it, then ran
        # or ran out of time waiting: never a wrong answer, never a hang
        assert statuses[-1] == 503 and set(statuses) <= {200, 503}
        assert count_of(client.get("/sparql", params={"query": COUNT}).content) == 6


def test_a_published_generation_is_seen_by_the_next_query(tiny_store: Path) -> None:
    import pyoxigraph as ox

    from kg import storing

    with TestClient(create_app(tiny_store, limits=Limits(workers=1))) as client:
        assert count_of(client.post("/sparql", content=COUNT, headers=SPARQL_QUERY).content) == 6
        with storing.new_generation(tiny_store) as (store, path):
            store.add(ox.Quad(ox.NamedNode("http://example.org/x"), ox.NamedNode("http://example.org/p"),
                              ox.Literal("1"), ox.NamedNode("http://example.org/graph/x")))  # fmt: skip
            store.flush()
            storing.publish(tiny_store, path)
        assert count_of(client.post("/sparql", content=COUNT, headers=SPARQL_QUERY).content) == 1
        assert count_of(client.get("/sparql", params={"query": COUNT}).content) == 1


def test_solutions_json_is_table_to_json(tiny_store: Path) -> None:
    import pyoxigraph as ox

    from kg.querying import Table
    from kg.sparql_worker import solutions_json

    store = ox.Store()
    for query in ("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "SELECT ?x WHERE { }",
                  'SELECT ?b ?l ?t ?u WHERE { BIND(BNODE() AS ?b) BIND("a\\"\\n\\u00e9\\u0001 \\\\"@nl AS ?l) '
                  'BIND(3 AS ?t) OPTIONAL { ?u ?u ?u } }'):  # fmt: skip
        result = store.query(query)
        variables = [v.value for v in result.variables]
        rows = [[s[v] for v in variables] for s in result]
        assert solutions_json(variables, rows) == Table(variables, rows).to_json().encode("utf-8")
    ours = ox.Store.read_only(str(tiny_store.resolve()))
    result = ours.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }")
    variables = [v.value for v in result.variables]
    rows = [[s[v] for v in variables] for s in result]
    assert solutions_json(variables, rows) == Table(variables, rows).to_json().encode("utf-8")
