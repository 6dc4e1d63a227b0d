"""Hostile requests: malformed and forbidden SPARQL, runaway queries, big bodies,
path tricks, and document text full of markup shown in HTML pages."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kg import pipeline
from kg.serving import create_app
from kg.settings import load_settings
from kg.sparql_guard import check_query, keywords
from kg.sparql_worker import Limits

EVIL = (
    "Een analist verdient <script>alert(1)</script> $80k per jaar volgens levels.fyi.\n"
    '"><img src=x onerror=alert(2)> Dat is 5% meer dan in 2023, zegt Jan de Vries, econoom bij "><b>ABN</b>.\n'
)
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?a{i} ?b{i} ?c{i} ." for i in range(12)) + " }"
HTML = {"accept": "text/html"}
MAX_BODY = 10_000


@pytest.fixture(scope="module")
def evil_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("evil")
    (root / "corpus").mkdir()
    (root / "corpus" / "evil.txt").write_text(EVIL, encoding="utf-8")
    result = pipeline.build(root / "corpus", root / "store", load_settings(), workers=1)
    assert result.published
    return root / "store"


@pytest.fixture(scope="module")
def client(evil_store: Path) -> Iterator[TestClient]:
    app = create_app(evil_store, limits=Limits(timeout=3, max_results=1000, workers=2), max_body=MAX_BODY)
    with TestClient(app) as client:
        yield client


def claim_ids(client: TestClient) -> dict[str, str]:
    rows = client.get("/sparql", params={"query": (
        "PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX kg: <https://w3id.org/kg/ontology#> "
        "SELECT ?c ?exact WHERE { ?c kg:evidence/oa:hasSelector/oa:exact ?exact }"
    )}).json()["results"]["bindings"]  # fmt: skip
    return {r["exact"]["value"]: r["c"]["value"].rsplit("/", 1)[1] for r in rows}


# ------------------------------------------------------------------ SPARQL


@pytest.mark.parametrize("query, where", [
    ("SELEC * WHERE { ?s ?p ?o }", "1:1"),
    ("SELECT * WHERE { ?s ?p ?o ", "1:27"),
    ("SELECT * WHERE { ?s <http://x y> ?o }", "1:"),
    ("SELECT * WHERE { ?s ?p \"unterminated }", "1:"),
])  # fmt: skip
def test_malformed_sparql_is_400_with_the_parser_message(client: TestClient, query: str, where: str) -> None:
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 400
    assert response.json()["error"].startswith("SPARQL syntax error: error at " + where), response.json()


@pytest.mark.parametrize("query, word", [
    ("INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }", "INSERT"),
    ("PREFIX ex: <http://x/>\nDELETE WHERE { ?s ?p ?o }", "DELETE"),
    ("LOAD <http://example.org/data.ttl>", "LOAD"),
    ("load silent <http://example.org/data.ttl> into graph <http://x/g>", "LOAD"),
    ("CLEAR ALL", "CLEAR"),
    ("DROP GRAPH <http://x/g>", "DROP"),
    ("# comment\nWITH <http://x/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
])  # fmt: skip
def test_updates_are_refused(client: TestClient, query: str, word: str) -> None:
    for response in (
        client.get("/sparql", params={"query": query}),
        client.post("/sparql", data={"query": query}),
        client.post("/sparql", content=query, headers={"content-type": "application/sparql-query"}),
    ):
        assert response.status_code == 403, response.text
        assert f"SPARQL Update ({word}) is not allowed" in response.json()["error"]
    assert client.post("/sparql", data={"update": query}).status_code == 403
    assert client.post("/sparql", content=query, headers={"content-type": "application/sparql-update"}).status_code == 403
    assert client.get("/sparql", params={"update": query}).status_code == 403


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A port that notices whether anyone calls it."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(5)
        server.settimeout(0.3)
        yield server


def called(server: socket.socket) -> bool:
    try:
        connection, _ = server.accept()
    except TimeoutError:
        return False
    connection.close()
    return True


@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
    "select * where {{ service<{url}>{{?s ?p ?o}} }}",
    "SELECT * WHERE {{ BIND(<{url}> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
    "PREFIX e: <{url}#>\nASK {{ ?s ?p ?o FILTER(?s != e:x) SERVICE e:x {{ ?a ?b ?c }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
])  # fmt: skip
def test_service_is_refused_before_any_call(client: TestClient, listener: socket.socket, template: str) -> None:
    url = "http://127.0.0.1:%d/sparql" % listener.getsockname()[1]
    response = client.get("/sparql", params={"query": template.format(url=url)})
    assert response.status_code == 403 and "SERVICE" in response.json()["error"]
    assert not called(listener)


@pytest.mark.parametrize("query", [
    'SELECT ?service WHERE { ?s ?p ?o } LIMIT 1',
    'PREFIX service: <http://x/> SELECT * WHERE { ?s service:x ?o } LIMIT 1',
    'SELECT * WHERE { ?s ?p "SERVICE <http://evil/> {}" } LIMIT 1',
    'SELECT * WHERE { ?s ?p ?o } LIMIT 1 # SERVICE <http://evil/>',
    'SELECT * WHERE { ?s ?p <http://x/SERVICE> } LIMIT 1',
    "SELECT * WHERE { ?s ?p '''a\n'SERVICE' ''' } LIMIT 1",
])  # fmt: skip
def test_the_word_service_in_names_strings_and_comments_is_fine(client: TestClient, query: str) -> None:
    assert client.get("/sparql", params={"query": query}).status_code == 200


def test_guard_tokens() -> None:
    assert keywords('PREFIX a: <http://x/#SERVICE> SELECT ?SERVICE { ?s a:SERVICE "SERVICE" } # SERVICE') == [
        "PREFIX", "SELECT"
    ]  # fmt: skip
    check_query("SELECT * WHERE { ?s ?p ?o FILTER(?o < 3 && ?o > 1) }")  # < and > are no IRI here


def test_runaway_query_stops_while_others_are_answered(client: TestClient) -> None:
    ids = claim_ids(client)
    with ThreadPoolExecutor(4) as pool:
        runaway = pool.submit(client.get, "/sparql", params={"query": RUNAWAY})
        answered = []
        while not runaway.done() or not answered:
            answered += [
                client.get("/sparql", params={"query": COUNT}).status_code,
                client.get(f"/claims/{ids['$80k']}", headers=HTML).status_code,
                client.get("/queries/money", params={"format": "json"}).status_code,
            ]
        response = runaway.result()
    assert response.status_code == 503 and "KG_QUERY_TIMEOUT" in response.json()["error"]
    assert answered and set(answered) == {200}
    assert client.get("/sparql", params={"query": COUNT}).status_code == 200


# ------------------------------------------------------------------ bodies


def test_body_above_the_limit_is_413(client: TestClient) -> None:
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * MAX_BODY
    response = client.post("/sparql", content=big, headers={"content-type": "application/sparql-query"})
    assert response.status_code == 413 and "KG_MAX_BODY" in response.json()["error"]
    response = client.post("/sparql", data={"query": big})
    assert response.status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for _ in range(5):
            yield b"#" + b"x" * (MAX_BODY // 4)

    response = client.post("/sparql", content=chunks(), headers={"content-type": "application/sparql-query"})
    assert response.status_code == 413 and response.json()["status"] == 413
    small = client.post("/sparql", content=COUNT, headers={"content-type": "application/sparql-query"})
    assert small.status_code == 200


# ------------------------------------------------------------------ paths and ids

TRICKS = [
    "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "%2e%2e%2f%2e%2e%2fpyproject.toml", "..%5C..%5Cwin.ini", "a%00b", "%00",
    "x" * 5000, "a%20b", "%3Cscript%3E", "x%22y", "%7Bx%7D", "a%5Cb", "%F0%9F%92%A9", "%ff%fe", "evil%00.txt",
]  # fmt: skip


@pytest.mark.parametrize("trick", TRICKS, ids=lambda trick: trick[:20])
@pytest.mark.parametrize("route, accept", [
    ("claims", "text/html"), ("claims", "text/turtle"), ("claims", "application/ld+json"),
    ("documents", "text/html"), ("documents", "text/turtle"), ("documents", "application/n-triples"),
    ("queries", "text/html"), ("queries", "application/json"), ("queries", "text/csv"),
])  # fmt: skip
def test_unknown_ids_and_path_tricks_are_404(client: TestClient, route: str, accept: str, trick: str) -> None:
    response = client.get(f"/{route}/{trick}", headers={"accept": accept})
    assert response.status_code == 404, response.text[:300]
    assert "/etc/passwd" not in response.text and "root:" not in response.text


def test_document_ids_are_not_paths(client: TestClient) -> None:
    assert client.get("/documents/evil", headers=HTML).status_code == 200
    for trick in ("evil.txt", "EVIL", "corpus%2Fevil", "%65vil%00"):
        assert client.get(f"/documents/{trick}", headers=HTML).status_code == 404, trick


# ------------------------------------------------------------------ escaping


def assert_escaped(html: str) -> None:
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>ABN" not in html
    assert "onerror=alert(2)>" not in html.replace("&gt;", "")  # no live attribute either


def test_document_text_is_escaped_on_every_page(client: TestClient) -> None:
    ids = claim_ids(client)
    opinion = next(i for exact, i in ids.items() if "onerror" in exact)
    pages = {
        "document": client.get("/documents/evil", headers=HTML),
        "document-focus": client.get("/documents/evil", params={"focus": opinion}, headers=HTML),
        "claim": client.get(f"/claims/{opinion}", headers=HTML),
        "money claim": client.get(f"/claims/{ids['$80k']}", headers=HTML),
        "trace": client.get("/trace", params={"value": "80k"}, headers=HTML),
        "trace-percent": client.get("/trace", params={"value": "5%"}, headers=HTML),
        "query": client.get("/queries/experts", headers=HTML),
        "sparql": client.get("/sparql", params={"query": "SELECT ?e WHERE { ?q <http://www.w3.org/ns/oa#exact> ?e }"},
                             headers=HTML),  # fmt: skip
        "sparql-any": client.get("/sparql", params={"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 900"}, headers=HTML),
        "home": client.get("/", headers=HTML),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        assert_escaped(response.text)
    for name in ("document", "claim", "trace", "sparql"):
        assert "&lt;script&gt;" in pages[name].text or "&lt;img" in pages[name].text, name


def test_hostile_parameters_are_escaped(client: TestClient) -> None:
    payload = '"><script>alert(3)</script>'
    for response in (
        client.get("/trace", params={"value": payload}, headers=HTML),
        client.get("/sparql", params={"query": payload}, headers=HTML),
        client.get("/queries/money", params={"min": payload}, headers=HTML),
        client.get(f"/documents/{payload}", headers=HTML),
        client.get("/documents/evil", params={"focus": payload}, headers=HTML),
    ):
        assert "<script>alert(3)" not in response.text, response.url


def test_concurrent_requests_from_threads_see_one_store(client: TestClient) -> None:
    errors: list[int] = []

    def hit() -> None:
        for _ in range(5):
            status = client.get("/sparql", params={"query": COUNT}).status_code
            if status != 200:
                errors.append(status)

    threads = [threading.Thread(target=hit) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
