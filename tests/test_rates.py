"""kg.extracting.rates: comparable values in EUR and USD from the bundled ECB table."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from kg.extracting.rates import claim_year, comparable_values, load_rates
from kg.mapping import claim_triples
from kg.model import Document, MonetaryAmount
from kg.namespaces import KG, SCHEMA
from rdflib.namespace import PROV


@pytest.fixture(scope="module")
def table():
    return load_rates()


def test_table_covers_the_currencies_and_years(table) -> None:
    for currency in ("USD", "GBP", "AUD", "INR", "CHF", "CAD"):
        assert {r.year for r in table.rates if r.currency == currency} == set(range(2019, 2025))


def test_rate_year_is_clamped_to_the_table(table) -> None:
    assert table.rate("USD", 2023).value == pytest.approx(1.0813)
    assert table.rate("USD", 2030).year == 2024
    assert table.rate("USD", 2001).year == 2019
    assert table.rate("XYZ", 2023) is None


@pytest.mark.parametrize(
    "value, currency, period, year, eur, usd",
    [
        pytest.param(90000, "EUR", "year", 2024, 90000, 97416, id="eur-per-year"),
        pytest.param(116000, "USD", None, 2023, 107278, 116000, id="usd-no-period"),
        pytest.param(5000, "EUR", "month", 2024, 60000, 64944, id="month-times-12"),
        pytest.param(50, "USD", "hour", 2024, 96083, 104000, id="hour-times-2080"),
        pytest.param(600, "EUR", "day", 2024, 156000, 168854, id="day-times-260"),
        pytest.param(295000, "GBP", None, 2024, 348444, 377156, id="gbp-via-eur"),
    ],
)
def test_comparable_values(table, value, currency, period, year, eur, usd) -> None:
    got = {c.currency: c for c in comparable_values(table, value, None, None, currency, period, year)}
    assert got["EUR"].value == eur and got["USD"].value == usd
    assert got["EUR"].period == ("year" if period in ("year", "month", "day", "hour") else None)


def test_a_conversion_records_the_rates_it_used(table) -> None:
    got = {c.currency: c for c in comparable_values(table, 295000, None, None, "GBP", "once", 2022)}
    assert got["EUR"].rates == ("https://w3id.org/kg/rates/GBP-2022",)
    assert got["USD"].rates == ("https://w3id.org/kg/rates/GBP-2022", "https://w3id.org/kg/rates/USD-2022")
    assert got["USD"].period is None  # once: converted, not annualised


def test_ranges_convert_both_ends(table) -> None:
    [eur, usd] = comparable_values(table, None, 100000, 150000, "USD", "year", 2024)
    assert (eur.low, eur.high, eur.value) == (92387, 138581, None)


def test_unknown_currency_gives_nothing(table) -> None:
    assert comparable_values(table, 100, None, None, "XYZ", None, 2024) == []


def test_claim_year() -> None:
    assert claim_year("2024/2025", 2020) == 2025
    assert claim_year("2025-04", None) == 2025
    assert claim_year(None, 2023) == 2023


def test_mapping_of_comparable_values_and_equivalents(table) -> None:
    doc = Document(id="d", file_name="d.txt", format="text/plain", text="£295.000 (~$400k)", sha256="")
    claim = MonetaryAmount.at(doc, 0, 8, value=295000, currency="GBP", equivalent="d-other", extractor="money")
    claim.id = "d-one"
    claim.comparable = [c.to_json() for c in comparable_values(table, 295000, None, None, "GBP", None, 2024)]
    triples = set(claim_triples(claim, doc))
    node = URIRef("https://w3id.org/kg/claims/d-one")
    usd = URIRef(f"{node}#usd")
    assert (node, KG.equivalentTo, URIRef("https://w3id.org/kg/claims/d-other")) in triples
    assert (node, KG.comparableValue, usd) in triples
    assert (usd, KG.exchangeRate, URIRef("https://w3id.org/kg/rates/USD-2024")) in triples
    assert (usd, PROV.wasDerivedFrom, node) in triples
    assert any(p == SCHEMA.value for s, p, o in triples if s == usd)
