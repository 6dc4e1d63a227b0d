"""Comparable values: a money claim's amount in EUR and USD, per year, from the
bundled ECB annual average reference rates (``ontology/exchange-rates.ttl``).

Which rate
    The rate of the year the figure refers to (the last year of the claim's
    ``time``), else of the document's reference year
    (:func:`kg.extracting.time.reference_year`); a year after the table's last
    year uses the last year, one before its first uses the first. The rate used
    (its IRI, value and year) is recorded with the computed value: the original
    amount and currency stay as written on the claim.

Per year
    ``year`` x1, ``month`` x12, ``week`` x52, ``day`` x260 (5 days a week, 52 weeks),
    ``hour`` x2080 (40 hours a week, 52 weeks: the usual full-time convention; a
    part-time or contract rate is overstated by it). ``once`` (a bonus, an acquisition) and no period: the
    amount is converted as it is and the comparable value has no period, since
    nothing says it recurs.

>>> table = load_rates()
>>> c = comparable_values(table, 90000, None, None, "EUR", "year", 2024)
>>> [(v.currency, v.value) for v in c]
[('EUR', 90000), ('USD', 97416)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF

from kg.extracting.time import document_reference_year
from kg.model import Claim, MonetaryAmount, SegmentedDocument
from kg.namespaces import KG, SCHEMA
from kg.numbers import clean_number
from kg.settings import load_settings

__all__ = ["ComparableValue", "PER_YEAR", "RateTable", "attach_comparable_values", "comparable_values", "load_rates"]

RATES_FILE = "exchange-rates.ttl"
PER_YEAR = {"year": 1, "month": 12, "week": 52, "day": 260, "hour": 2080}
TARGETS = ("EUR", "USD")


@dataclass(frozen=True, slots=True)
class Rate:
    iri: str
    currency: str  # units of it per 1 EUR
    year: int
    value: float


@dataclass(frozen=True)
class RateTable:
    rates: tuple[Rate, ...]

    @cached_property
    def _by_currency(self) -> dict[str, list[Rate]]:
        """The rates of each currency by year, sorted once: every money claim asks for two."""
        grouped: dict[str, list[Rate]] = {}
        for r in self.rates:
            grouped.setdefault(r.currency, []).append(r)
        return {currency: sorted(rates, key=lambda r: r.year) for currency, rates in grouped.items()}

    def rate(self, currency: str, year: int | None) -> Rate | None:
        """The rate of ``currency`` for ``year``, clamped to the years the table has."""
        candidates = self._by_currency.get(currency)
        if not candidates:
            return None
        if year is None:
            return candidates[-1]
        return next((r for r in candidates if r.year == year), candidates[0] if year < candidates[0].year else candidates[-1])


@dataclass(frozen=True, slots=True)
class ComparableValue:
    currency: str  # EUR or USD
    value: float | int | None
    low: float | int | None
    high: float | int | None
    period: str | None  # "year" when normalised per year, else None
    rates: tuple[str, ...]  # IRIs of the rates used (none for EUR -> EUR)
    rate_year: int | None

    def to_json(self) -> dict[str, object]:
        return {
            "currency": self.currency, "value": self.value, "low": self.low, "high": self.high,
            "period": self.period, "rates": list(self.rates), "rate_year": self.rate_year,
        }  # fmt: skip


@lru_cache(maxsize=4)
def load_rates(path: Path | None = None) -> RateTable:
    graph = Graph()
    graph.parse(path or load_settings().ontology_dir / RATES_FILE, format="turtle")
    rates = []
    for node in graph.subjects(RDF.type, KG.ExchangeRate):
        currency, year, value = (
            graph.value(node, KG.quoteCurrency), graph.value(node, DCTERMS.date), graph.value(node, SCHEMA.value)
        )
        if isinstance(node, URIRef) and currency is not None and year is not None and value is not None:
            rates.append(Rate(str(node), str(currency), int(str(year)[:4]), float(value.toPython())))
    return RateTable(tuple(sorted(rates, key=lambda r: (r.currency, r.year))))


def comparable_values(
    table: RateTable, value: float | None, low: float | None, high: float | None, currency: str | None,
    period: str | None, year: int | None,
) -> list[ComparableValue]:
    """The amount in EUR and USD (per year where ``period`` says how); empty when a
    rate is missing for the currency."""
    if currency is None:
        return []
    factor = PER_YEAR.get(period or "", 1)
    per = "year" if period in PER_YEAR else None
    used: list[Rate] = []
    if currency == "EUR":
        to_eur = 1.0
    else:
        source = table.rate(currency, year)
        if source is None:
            return []
        used.append(source)
        to_eur = 1 / source.value
    out = []
    for target in TARGETS:
        if target == currency:
            rates: list[Rate] = []
            rate = 1.0
        elif target == "EUR":
            rates, rate = used, to_eur
        else:
            target_rate = table.rate(target, year)
            if target_rate is None:
                continue
            rates, rate = [*used, target_rate], to_eur * target_rate.value

        def convert(x: float | None, rate: float = rate) -> float | int | None:
            if x is None:
                return None
            y = x * factor * rate
            return clean_number(round(y, 2) if abs(y) < 1000 else round(y))

        out.append(
            ComparableValue(
                target, convert(value), convert(low), convert(high), per,
                tuple(r.iri for r in rates), rates[0].year if rates else None,
            )
        )
    return out


def claim_year(time: str | None, reference: int | None) -> int | None:
    """The year whose rate applies: the last year of ``time`` (``2024/2025`` -> 2025), else ``reference``."""
    if time:
        years = re.findall(r"\d{4}", time)
        if years:
            return int(years[-1])
    return reference


def attach_comparable_values(doc: SegmentedDocument, claims: list[Claim]) -> None:
    """Set ``comparable`` of every money claim (after ``time`` is known)."""
    reference = document_reference_year(doc)
    for claim in claims:
        if isinstance(claim, MonetaryAmount):
            claim.comparable = comparable_of(claim, reference)


def comparable_of(claim: MonetaryAmount, reference: int | None) -> list[dict[str, object]]:
    """The comparable values of ``claim`` as its ``comparable`` field holds them; ``reference``
    is its document's reference year (also used when a person corrects the claim's figures)."""
    values = comparable_values(
        load_rates(), claim.value, claim.low, claim.high, claim.currency, claim.period,
        claim_year(claim.time, reference),
    )  # fmt: skip
    return [v.to_json() for v in values]
