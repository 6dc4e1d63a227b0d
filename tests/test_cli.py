"""The kg command as a user runs it: typer's runner for commands, a real server process for serve."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Dataset
from typer.testing import CliRunner

from kg.cli import app
from kg.settings import load_settings

runner = CliRunner()
SETTINGS = load_settings()


def kg(*args: str, env: dict | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), env=env, catch_exceptions=False)


def test_extract_jsonl_on_a_file() -> None:
    result = kg("extract", str(SETTINGS.corpus_dir / "001_3678f6c9f475e505.txt"))
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records and {r["doc"] for r in records} == {"001_3678f6c9f475e505"}
    assert "claims (" in result.stderr


def test_extract_bad_input_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe broken")
    result = kg("extract", str(bad))
    assert result.exit_code == 2
    assert "bad.txt" in result.stderr and "UTF-8" in result.stderr and "Traceback" not in result.stderr


def test_build_prints_claims_by_type(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Een analist verdient $80k per jaar levels.fyi. Dat is 5% meer.", encoding="utf-8")
    result = kg("build", "--corpus", str(corpus), "--store", str(tmp_path / "store"))
    assert result.exit_code == 0, result.stderr
    assert "1 documents" in result.stderr and "MonetaryAmount" in result.stderr and "Percentage" in result.stderr


def test_build_refuses_bad_input_and_keeps_store(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Een zin.", encoding="utf-8")
    store = str(tmp_path / "store")
    assert kg("build", "--corpus", str(corpus), "--store", store).exit_code == 0
    (corpus / "b.txt").write_bytes(b"")
    result = kg("build", "--corpus", str(corpus), "--store", store)
    assert result.exit_code == 2 and "b.txt: empty file" in result.stderr
    assert kg("query", "documents", "--store", store, "--format", "csv").stdout.count("\n") == 2  # header + a
    skipped = kg("build", "--corpus", str(corpus), "--store", store, "--skip-bad")
    assert skipped.exit_code == 0 and "skipped" in skipped.stderr and "b.txt" in skipped.stderr


def test_a_build_that_fails_validation_says_where(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    home = tmp_path / "home"
    for folder in ("ontology", "shapes", "queries"):
        shutil.copytree(SETTINGS.root / folder, home / folder)
    (home / "corpus").mkdir()
    (home / "corpus" / "a.txt").write_text("Een zin vooraf.\nEen analist verdient $80k per jaar.\n", encoding="utf-8")
    monkeypatch.setenv("KG_HOME", str(home))
    store = str(tmp_path / "store")
    assert kg("build", "--corpus", str(home / "corpus"), "--store", store).exit_code == 0
    money = kg("query", "money", "--store", store, "--format", "json")
    claim = json.loads(money.stdout)["results"]["bindings"][0]["claim"]["value"]
    curated = home / "claims" / "curated" / "fix.ttl"
    curated.parent.mkdir(parents=True)
    curated.write_text(
        "@prefix kg: <https://w3id.org/kg/ontology#> . @prefix prov: <http://www.w3.org/ns/prov#> .\n"
        "@prefix schema: <https://schema.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        f"<https://w3id.org/kg/curation/fix> a kg:Correction ; kg:corrects <{claim}> ; schema:currency \"XYZ\" ;\n"
        '  kg:reason "typo" ; prov:wasAttributedTo <https://orcid.org/0000-0002-1825-0097> ;\n'
        '  prov:generatedAtTime "2025-06-01T12:00:00Z"^^xsd:dateTime .\n',
        encoding="utf-8",
    )
    result = kg("build", "--corpus", str(home / "corpus"), "--store", store)
    assert result.exit_code == 1
    assert f"{claim}  " in result.stderr and "a.txt:2:" in result.stderr  # the claim, its file, line and column
    assert "$80k" in result.stderr and "curated in " in result.stderr and "fix.ttl" in result.stderr
    assert "Violation [https://schema.org/currency]" in result.stderr
    assert "store at" in result.stderr and "left unchanged" in result.stderr


def test_validate_committed_claims_conform() -> None:
    result = kg("validate")
    assert result.exit_code == 0, result.stdout
    assert "conforms" in result.stdout


def test_validate_reports_a_broken_claim(tmp_path: Path) -> None:
    source = SETTINGS.claims_dir / "001_3678f6c9f475e505.trig"
    broken = tmp_path / "broken.trig"
    text = source.read_text(encoding="utf-8")
    # move one selector's end past its exact text: the span no longer matches
    broken.write_text(text.replace('oa:end "127"', 'oa:end "128"', 1), encoding="utf-8")
    assert 'oa:end "127"' in text
    result = kg("validate", str(broken))
    assert result.exit_code == 1
    assert "001_3678f6c9f475e505.txt:" in result.stdout and "Violation" in result.stdout


def test_validate_turtle_report(tmp_path: Path) -> None:
    result = kg("validate", "--format", "turtle")
    assert result.exit_code == 0 and "ValidationReport" in result.stdout


def test_query_canned_and_file(built_store: Path, tmp_path: Path) -> None:
    result = kg("query", "claims-by-type", "--store", str(built_store), "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)["results"]["bindings"]
    assert {r["document"]["value"] for r in rows} == {p.stem for p in SETTINGS.corpus_dir.glob("*.txt")}
    assert "doc" not in json.loads(result.stdout)["head"]["vars"]  # parameters are not columns
    rq = tmp_path / "count.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", encoding="utf-8")
    result = kg("query", str(rq), "--store", str(built_store), "--format", "csv")
    assert result.exit_code == 0 and int(result.stdout.splitlines()[1]) > 10000


@pytest.mark.parametrize(
    "args, message",
    [
        pytest.param(["query", "no-such-query"], "unknown query", id="unknown"),
        pytest.param(["query", "money", "--param", "min=lots"], "must be decimal", id="bad-type"),
        pytest.param(["query", "money", "--param", "colour=red"], "no parameter colour", id="unknown-param"),
        pytest.param(["query", "money", "--param", "novalue"], "K=V", id="malformed"),
    ],
)
def test_query_usage_errors_exit_2(built_store: Path, args: list[str], message: str) -> None:
    result = kg(*args, "--store", str(built_store))
    assert result.exit_code == 2 and message in result.stderr


def test_export_trig_round_trips_through_rdflib(built_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "dump.trig"
    assert kg("export", "--format", "trig", "--out", str(out), "--store", str(built_store)).exit_code == 0
    dataset = Dataset()
    dataset.parse(out, format="trig")
    graphs = {str(g.identifier) for g in dataset.graphs()}
    assert {f"https://w3id.org/kg/graphs/{p.stem}" for p in SETTINGS.corpus_dir.glob("*.txt")} <= graphs
    count = kg("query", str(_count_query(tmp_path)), "--store", str(built_store), "--format", "csv")
    assert len(dataset) == int(count.stdout.splitlines()[1])


def _count_query(tmp_path: Path) -> Path:
    rq = tmp_path / "quads.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", encoding="utf-8")
    return rq


@pytest.mark.parametrize("fmt, marker", [("nq", b"> ."), ("ttl", b"@prefix"), ("jsonld", b"@")])
def test_export_formats(built_store: Path, fmt: str, marker: bytes) -> None:
    result = runner.invoke(app, ["export", "--format", fmt, "--store", str(built_store)])
    assert result.exit_code == 0 and marker in result.stdout_bytes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_over_http(built_store: Path) -> None:
    """A real `kg serve` process, queried by a real SPARQL client."""
    from SPARQLWrapper import JSON, SPARQLWrapper

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", "--port", str(port), "--store", str(built_store)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "KG_HOME": str(SETTINGS.root)},
    )  # fmt: skip
    try:
        client = SPARQLWrapper(f"http://127.0.0.1:{port}/sparql")
        client.setQuery("SELECT (COUNT(*) AS ?n) WHERE {?s ?p ?o}")
        client.setReturnFormat(JSON)
        deadline = time.monotonic() + 30
        while True:
            try:
                result = client.queryAndConvert()
                break
            except Exception:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.2)
        assert int(result["results"]["bindings"][0]["n"]["value"]) > 10000
    finally:
        process.terminate()
        process.wait(timeout=10)
