"""Schemathesis against the server's own OpenAPI schema, in process (ASGI): every
generated request gets a non-5xx answer whose status the schema allows, in the one
JSON error shape when it is an error."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from kg.serving import create_app
from kg.sparql_worker import Limits

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from kg import pipeline
    from kg.settings import load_settings

    root = tmp_path_factory.mktemp("schemathesis")
    (root / "corpus").mkdir()
    (root / "corpus" / "doc.txt").write_text(
        "Een analist verdient $80k per jaar volgens levels.fyi. Dat is 5% meer dan in 2023, zegt Jan de Vries.\n",
        encoding="utf-8",
    )
    assert pipeline.build(root / "corpus", root / "store", load_settings(), workers=1).published
    return create_app(root / "store", limits=Limits(timeout=5, max_results=200, workers=1))


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture(scope="module")
def api_schema(app):  # type: ignore[no-untyped-def]
    return schemathesis.openapi.from_asgi("/openapi.json", app)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_never_fails_and_keeps_its_schema(case) -> None:  # type: ignore[no-untyped-def]
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:300]}"
    if response.status_code >= 400 and response.headers.get("content-type", [""])[0].startswith("application/json"):
        body = response.json()
        assert set(body) == {"error", "status"} and body["status"] == response.status_code
    # the statuses and JSON bodies the schema declares; media types are negotiated
    # (HTML, RDF, CSV) beyond what the schema lists, and the routes check more than it says
    case.validate_response(response, checks=[not_a_server_error, status_code_conformance, response_schema_conformance])
