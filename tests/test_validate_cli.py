"""`kg validate` through typer's runner: every format, every exit code.

Conforming data is a copy of one document's claims file (fast); a violation and
a warning come from the shapes cases (tests/shapes_cases/)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from typer.testing import CliRunner

from kg.cli import app

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).parent
CASES = HERE / "shapes_cases"
DOC = "001_3678f6c9f475e505"
VIOLATION = CASES / "quote-exact-mismatch.ttl"  # claim c1's quote is not the text at its offsets
WARNING = CASES / "money-no-cited-source.ttl"  # a figure with no cited source: a warning only


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project with one document and its claims, as KG_HOME and working directory."""
    home = tmp_path / "home"
    for folder in ("ontology", "shapes"):
        shutil.copytree(ROOT / folder, home / folder)
    for folder, name in (("corpus", f"{DOC}.txt"), ("claims", f"{DOC}.trig")):
        (home / folder).mkdir()
        shutil.copy(ROOT / folder / name, home / folder)
    shutil.copy(VIOLATION, home / "violation.ttl")
    shutil.copy(WARNING, home / "warning.ttl")
    monkeypatch.setenv("KG_HOME", str(home))
    monkeypatch.chdir(home)
    return home


def run(*args: str):
    return CliRunner().invoke(app, ["validate", *args])


# ---------------------------------------------------------------- exit codes


@pytest.mark.parametrize("format", ["text", "turtle", "junit", "sarif"])
def test_conforming_claims_exit_0_in_every_format(project: Path, format: str) -> None:
    result = run("--format", format)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("format", ["text", "turtle", "junit", "sarif"])
def test_a_violation_exits_1_in_every_format(project: Path, format: str) -> None:
    assert run("violation.ttl", "--format", format).exit_code == 1


def test_warnings_alone_exit_0_and_1_with_strict(project: Path) -> None:
    assert run("warning.ttl").exit_code == 0
    strict = run("warning.ttl", "--strict")
    assert strict.exit_code == 1
    assert "does not conform: 0 violations, 1 warnings (--strict)" in strict.stdout


def test_a_missing_file_or_bad_rdf_exits_2_naming_it(project: Path) -> None:
    missing = run("nope.trig")
    assert missing.exit_code == 2 and "nope.trig" in missing.output
    (project / "broken.ttl").write_text("this is not turtle", encoding="utf-8")
    broken = run("broken.ttl")
    assert broken.exit_code == 2 and "cannot read claim files" in broken.output


# ---------------------------------------------------------------- text


def test_text_names_claim_claims_file_document_line_and_text(project: Path) -> None:
    out = run("warning.ttl").stdout
    first = out.splitlines()[0]
    assert first.startswith("https://w3id.org/kg/claims/c1  corpus/d1.txt:1:28")
    assert "  text: “$1,34 miljoen”" in out
    assert "Warning [http://www.w3.org/ns/prov#wasDerivedFrom]:" in out
    assert out.rstrip().endswith("conforms: 0 violations, 1 warnings")


def test_text_names_the_generated_claims_file(project: Path) -> None:
    # a violation in the real claims file: break one quote, keep the file's name
    path = project / "claims" / f"{DOC}.trig"
    text = path.read_text(encoding="utf-8")
    exact = text.split('oa:exact "', 1)[1].split('"', 1)[0]
    path.write_text(text.replace(f'oa:exact "{exact}"', 'oa:exact "not the text"', 1), encoding="utf-8")
    result = run()
    assert result.exit_code == 1
    assert f"in claims/{DOC}.trig" in result.stdout
    assert f"corpus/{DOC}.txt:" in result.stdout


# ---------------------------------------------------------------- JUnit


def test_junit_counts_and_failures(project: Path) -> None:
    result = run(f"claims/{DOC}.trig", "violation.ttl", "--format", "junit", "--out", "report.xml")
    assert result.exit_code == 1
    root = ET.parse(project / "report.xml").getroot()
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {f"claims/{DOC}.trig", "d1"}
    own = suites[f"claims/{DOC}.trig"]
    assert own.get("failures") == "0" and int(own.get("tests")) == len(own.findall("testcase")) > 10
    broken = suites["d1"]
    failed = [case for case in broken.iter("testcase") if case.find("failure") is not None]
    assert [case.get("name") for case in failed] == ["https://w3id.org/kg/claims/c1"]
    assert failed[0].get("file") == "corpus/d1.txt"
    assert broken.get("failures") == "1" and broken.get("tests") == str(len(broken.findall("testcase")))
    assert root.get("tests") == str(sum(int(s.get("tests")) for s in suites.values()))
    assert root.get("failures") == "1"


def test_junit_warnings_are_system_out_unless_strict(project: Path) -> None:
    lenient = ET.fromstring(run("warning.ttl", "--format", "junit").stdout)
    case = next(c for c in lenient.iter("testcase") if c.get("name") == "https://w3id.org/kg/claims/c1")
    assert case.find("failure") is None and "Warning" in case.find("system-out").text
    strict = ET.fromstring(run("warning.ttl", "--format", "junit", "--strict").stdout)
    case = next(c for c in strict.iter("testcase") if c.get("name") == "https://w3id.org/kg/claims/c1")
    assert case.find("failure").get("type") == "Warning"
    assert strict.get("failures") == "1"


# ---------------------------------------------------------------- SARIF


def _sarif(*args: str) -> dict:
    return json.loads(run(*args, "--format", "sarif").stdout)


def _schemas() -> list[Path]:
    """The hand-written subset, and the official schema when someone put it beside it."""
    return [p for p in (HERE / "sarif-schema-subset.json", HERE / "sarif-schema-2.1.0.json") if p.exists()]


def test_sarif_is_valid_against_the_schema(project: Path) -> None:
    sarif = _sarif("violation.ttl", "warning.ttl")
    for schema_path in _schemas():
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        jsonschema.validators.validator_for(schema)(schema).validate(sarif)


def test_sarif_locates_results_in_the_document_file(project: Path) -> None:
    sarif = _sarif("violation.ttl")
    [run_] = sarif["runs"]
    assert sarif["version"] == "2.1.0" and run_["columnKind"] == "unicodeCodePoints"
    rules = run_["tool"]["driver"]["rules"]
    [result] = [r for r in run_["results"] if r["ruleId"] == "TextQuoteSelector-exactMatchesText"]
    assert result["level"] == "error"
    assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    assert rules[result["ruleIndex"]]["defaultConfiguration"]["level"] == "error"
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "corpus/d1.txt", "uriBaseId": "SRCROOT"}
    # "$1,34 miljoen" at code points 27..40 of a one-line text (the emoji counts as one)
    assert physical["region"] | {"snippet": None} == {
        "startLine": 1, "startColumn": 28, "endLine": 1, "endColumn": 41, "snippet": None
    }  # fmt: skip


def test_sarif_rules_are_every_constraint_with_its_message(project: Path) -> None:
    rules = _sarif("warning.ttl")["runs"][0]["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    assert len(ids) == len(set(ids)) > 100
    by_id = {rule["id"]: rule for rule in rules}
    assert by_id["MonetaryAmount-citesSource"]["defaultConfiguration"]["level"] == "warning"
    assert by_id["Claim-evidence/MinCount"]["shortDescription"]["text"].startswith("A claim must have exactly one evidence")


def test_out_writes_the_report_to_a_file(project: Path) -> None:
    result = run("--format", "sarif", "--out", "kg.sarif")
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads((project / "kg.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
