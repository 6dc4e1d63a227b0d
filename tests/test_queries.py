"""Every canned query: a header with title, description and typed parameters with
defaults; runs on the built corpus; is listed in the README."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.querying import Table, canned_queries, run_query
from kg.settings import load_settings

QUERIES = canned_queries(load_settings().queries_dir)
REQUIRED = ["salaries", "trace", "quotes", "risk", "shared-entities", "sources", "unsourced", "experts", "agreements",
            "conflicts", "at-risk-pay"]  # fmt: skip


@pytest.fixture(scope="module")
def store(built_store: Path) -> ox.Store:
    return ox.Store.read_only(str(built_store.resolve()))


def rows(store: ox.Store, name: str, **values: str) -> list[dict[str, str]]:
    canned = QUERIES[name]
    table = Table.of(run_query(store, canned.text, canned.bindings(values)), canned.parameter_names)  # type: ignore[arg-type]
    return [dict(zip(table.variables, row)) for row in table.text_rows()]


def test_required_queries_exist() -> None:
    assert set(REQUIRED) <= set(QUERIES)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_header_and_parameters_are_projected(name: str) -> None:
    canned = QUERIES[name]
    assert canned.title != name and canned.description
    select = canned.text[canned.text.index("SELECT") : canned.text.index("WHERE")]
    for parameter in canned.parameters:
        assert parameter.description, f"{name}: parameter {parameter.name} undocumented"
        # pyoxigraph binds only projected variables: an unprojected parameter would silently stay unbound
        assert re.search(rf"\?{parameter.name}\b", select), f"{name}: parameter {parameter.name} is not projected"


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_runs_with_defaults(store: ox.Store, name: str) -> None:
    found = rows(store, name)
    if name in REQUIRED:
        assert found, f"{name} returns nothing on the bundled corpus"


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_listed_in_readme(name: str) -> None:
    readme = (load_settings().root / "README.md").read_text(encoding="utf-8")
    assert f"`{name}`" in readme, f"canned query {name} is not in the README's table"


def test_salaries_filter_by_role_country_and_organisation(store: ox.Store) -> None:
    data = rows(store, "salaries", role="data scientist")
    assert data and all("Data Scientist" in row["roles"] for row in data)
    assert all("OpenAI" in row["organisations"] for row in rows(store, "salaries", organisation="openai"))
    assert rows(store, "salaries", country="VS")  # a Dutch alternative label of the United States


def test_shared_entities_are_in_two_documents(store: ox.Store) -> None:
    found = {row["label"]: row for row in rows(store, "shared-entities")}
    assert "OpenAI" in found and int(found["OpenAI"]["documents"]) >= 2


def test_at_risk_pay_pairs_labour_report_with_salary_report(store: ox.Store) -> None:
    found = rows(store, "at-risk-pay")
    assert any(row["payDocument"] not in row["riskDocuments"].split(", ") for row in found)
    pairs = [(row["occupation"], row["lvl"], row["payClaim"]) for row in found]
    assert len(pairs) == len(set(pairs))  # one row per classification level and pay claim, not per risk document


def test_agreements_and_conflicts(store: ox.Store) -> None:
    assert rows(store, "agreements") and rows(store, "conflicts")


def test_cli_param(built_store: Path) -> None:
    result = CliRunner().invoke(app, ["query", "quotes", "--param", "speaker=zimmermann", "--format", "csv",
                                      "--store", str(built_store)])  # fmt: skip
    assert result.exit_code == 0 and "Tobias Zimmermann" in result.stdout


_FIGURES_CITING = """PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT DISTINCT ?claim ?cites WHERE {
  VALUES ?class { kg:MonetaryAmountClaim kg:PercentageClaim kg:CountClaim }
  ?claim a ?class .
  BIND (EXISTS { ?claim prov:wasDerivedFrom ?source . ?source a kg:CitedSource } AS ?cites)
}"""


def test_unsourced_lists_exactly_the_figures_that_cite_nothing(store: ox.Store) -> None:
    cites = {s["claim"].value: s["cites"].value == "true" for s in run_query(store, _FIGURES_CITING)}  # type: ignore[union-attr]
    listed = {row["claim"] for row in rows(store, "unsourced")}
    assert any(cites.values()) and not all(cites.values())  # the corpus has both kinds
    assert listed == {claim for claim, cited in cites.items() if not cited}
