"""The web UI and dereferenceable IRIs on the built corpus, and HTML escaping of document text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from fastapi.testclient import TestClient

from kg import pipeline
from kg.serving import create_app
from kg.settings import load_settings
from kg.sparql_worker import Limits

BROWSER = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
DOC = "000_f25b29a1e9a4a597"


@pytest.fixture(scope="module")
def client(built_store: Path) -> Iterator[TestClient]:
    with TestClient(create_app(built_store, limits=Limits(timeout=20, workers=1))) as client:
        yield client


def a_claim(client: TestClient, value: str = "$875K") -> str:
    return client.get("/trace", params={"value": value}).json()["hits"][0]["id"]


def test_home_counts_and_search_box(client: TestClient) -> None:
    page = client.get("/", headers=BROWSER)
    assert page.status_code == 200
    assert 'name="value"' in page.text and "/trace" in page.text
    assert re.search(r"<dt>documents</dt><dd>3</dd>", page.text)
    assert "/static/style.css" in page.text and "http://cdn" not in page.text and "https://cdn" not in page.text


def test_static_css(client: TestClient) -> None:
    assert client.get("/static/style.css").headers["content-type"].startswith("text/css")


def test_document_page_marks_every_claim(client: TestClient) -> None:
    claim = a_claim(client)
    page = client.get(f"/documents/{DOC}", params={"focus": claim}, headers=BROWSER)
    assert page.status_code == 200
    assert f'id="c-{claim}"' in page.text
    assert re.search(r'<mark class="focus">~\$875K</mark>', page.text)
    documents = client.get("/queries/documents", headers={"accept": "application/json"}).json()["results"]["bindings"]
    claims = next(int(d["claims"]["value"]) for d in documents if d["id"]["value"] == DOC)
    assert page.text.count('<span class="anchor" id="c-') == claims  # every claim can be linked to


def test_document_text_is_escaped(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "evil.txt").write_text("Een <script>alert(1)</script> tekst: de data scientist verdient $875K per jaar.\n",
                                     encoding="utf-8")  # fmt: skip
    store = tmp_path / "store"
    assert pipeline.build(corpus, store, load_settings()).published
    with TestClient(create_app(store, limits=Limits(workers=1))) as client:
        page = client.get("/documents/evil", headers=BROWSER)
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_claim_page_has_passage_fields_provenance_and_related(client: TestClient) -> None:
    hits = client.get("/trace", params={"value": "238K"}).json()["hits"]
    claim = next(hit["id"] for hit in hits if hit["conflicting"])
    page = client.get(f"/claims/{claim}", headers=BROWSER)
    assert page.status_code == 200
    for expected in ("Passage", '<mark class="focus">$238K</mark>', "schema:currency", "Provenance", "levels.fyi",
                     "extractor", "conflictsWith", "$100k"):  # fmt: skip
        assert expected in page.text


@pytest.mark.parametrize("media, rdflib_format", [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                                                  ("application/n-triples", "nt")])
def test_claim_and_document_iris_dereference_to_rdf(client: TestClient, media: str, rdflib_format: str) -> None:
    claim = a_claim(client)
    for path, iri in ((f"/claims/{claim}", f"https://w3id.org/kg/claims/{claim}"),
                      (f"/documents/{DOC}", f"https://w3id.org/kg/documents/{DOC}")):
        response = client.get(path, headers={"accept": media})
        assert response.status_code == 200 and response.headers["content-type"].startswith(media)
        graph = rdflib.Graph().parse(data=response.content, format=rdflib_format)
        assert (rdflib.URIRef(iri), None, None) in graph


def test_unknown_ids_are_404_json_or_html(client: TestClient) -> None:
    as_json = client.get("/claims/nope", headers={"accept": "application/ld+json"})
    assert as_json.status_code == 404 and as_json.json() == {"error": "no claim 'nope'", "status": 404}
    as_html = client.get("/documents/nope", headers=BROWSER)
    assert as_html.status_code == 404 and "<html" in as_html.text and "no document" in as_html.text


def test_trace_page(client: TestClient) -> None:
    page = client.get("/trace", params={"value": "875.000"}, headers=BROWSER)
    assert page.status_code == 200 and '<mark class="fig">~$875K</mark>' in page.text
    assert 'class="to-document"' in page.text and "levels.fyi" in page.text
    bad = client.get("/trace", params={"value": "veel"}, headers=BROWSER)
    assert bad.status_code == 400 and "not a number" in bad.text


def test_canned_query_pages(client: TestClient) -> None:
    index = client.get("/queries", headers={"accept": "application/json"}).json()
    assert {"salaries", "at-risk-pay"} <= {q["name"] for q in index}
    html = client.get("/queries/salaries", params={"role": "data scientist"}, headers=BROWSER)
    assert html.status_code == 200 and "<table" in html.text and "Data Scientist" in html.text
    csv = client.get("/queries/salaries", params={"format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv") and csv.text.startswith("claim,")
    as_json = client.get("/queries/risk", params={"level": "low"}, headers={"accept": "application/json"}).json()
    assert {b["lvl"]["value"] for b in as_json["results"]["bindings"]} == {"low"}
    bad = client.get("/queries/salaries", params={"nope": "1"}, headers={"accept": "application/json"})
    assert bad.status_code == 400 and set(bad.json()) == {"error", "status"}


def test_query_page_for_people(client: TestClient) -> None:
    form = client.get("/sparql", headers=BROWSER)
    assert form.status_code == 200 and "<textarea" in form.text
    query = "SELECT ?d WHERE { ?d a <https://w3id.org/kg/ontology#Document> } ORDER BY ?d"
    page = client.get("/sparql", params={"query": query}, headers=BROWSER)
    assert page.status_code == 200 and f"/documents/{DOC}" in page.text and "<table" in page.text
    broken = client.get("/sparql", params={"query": "SELECT ?x WHERE {"}, headers=BROWSER)
    assert broken.status_code == 400 and "syntax error" in broken.text.lower()


def test_service_description(client: TestClient) -> None:
    response = client.get("/sparql", headers={"accept": "text/turtle"})
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.content, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (None, sd.endpoint, rdflib.URIRef("http://testserver/sparql")) in graph
    assert (None, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert (None, sd.name, rdflib.URIRef(f"https://w3id.org/kg/graphs/{DOC}")) in graph


def test_cors(client: TestClient) -> None:
    preflight = client.options("/sparql", headers={"origin": "https://yasgui.org", "access-control-request-method": "POST",
                                                   "access-control-request-headers": "content-type"})  # fmt: skip
    assert preflight.status_code == 200 and preflight.headers["access-control-allow-origin"] in ("*", "https://yasgui.org")
    simple = client.get("/sparql", params={"query": "ASK {}"}, headers={"origin": "https://yasgui.org"})
    assert simple.headers["access-control-allow-origin"] == "*"
