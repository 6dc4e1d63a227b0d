"""Fact-check: every claim that states a number, as a person types it.

``trace(store, "$875K")`` reads the number with :func:`kg.numbers.parse_amount`
(``875000``, ``$875K``, ``875.000``, ``1,34M``; a trailing ``%`` asks for
percentages), runs the canned query ``queries/trace.rq`` with it bound, and
returns each claim with its passage (the figure marked), document, cited
sources and the claims that corroborate or conflict with it. ``kg trace``,
``GET /trace`` and the tests all call this one function.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from kg.numbers import parse_amount
from kg.querying import QueryError, Table, resolve_query, run_query, term_text
from kg.views import Passage, Related, claim_id, document_info, number, passage, related_claims


class TraceError(QueryError):
    """The text is not one number."""


@dataclass(frozen=True)
class Wanted:
    value: float | int
    currency: str | None
    percent: bool
    text: str


@dataclass
class Hit:
    id: str
    type: str
    match: str  # value, range-end, within-range
    exact: str
    document: str
    document_title: str
    start: int
    end: int
    value: float | int | None
    low: float | int | None
    high: float | int | None
    currency: str
    period: str
    measure: str
    sources: list[str]
    passage: Passage
    agreeing: list[Related] = field(default_factory=list)
    conflicting: list[Related] = field(default_factory=list)
    equivalent: list[Related] = field(default_factory=list)


@dataclass
class TraceResult:
    wanted: Wanted
    hits: list[Hit]

    @property
    def found(self) -> bool:
        return bool(self.hits)


def read_value(text: str) -> Wanted:
    """The number in ``text``; a trailing ``%`` asks for percentages only.

    >>> read_value("$875K")
    Wanted(value=875000, currency='USD', percent=False, text='$875K')
    >>> read_value("1,34M").value, read_value("875.000").value, read_value("3,7%").percent
    (1340000, 875000, True)
    """
    stripped = text.strip()
    percent = stripped.endswith("%")
    amount = parse_amount(stripped.rstrip("%").strip()) if stripped else None
    if amount is None:
        raise TraceError(f"{text!r} is not a number; write it as in a text: 875000, $875K, 875.000, 1,34M or 3,7%")
    return Wanted(amount.value, amount.currency, percent, stripped)


def trace(store: ox.Store, text: str, queries_dir: Path) -> TraceResult:
    """Every claim stating the number in ``text``: exact values first, then range ends, then ranges holding it."""
    wanted = read_value(text)
    canned = resolve_query("trace", queries_dir)
    bindings = canned.bindings({"value": str(Decimal(str(wanted.value))), "currency": wanted.currency or ""})
    solutions = run_query(store, canned.text, bindings)
    assert isinstance(solutions, ox.QuerySolutions)
    table = Table.of(solutions, canned.parameter_names)
    documents: dict[str, object] = {}
    hits = []
    for row in table.rows:
        record = dict(zip(table.variables, row))
        kind = term_text(record["type"])
        if wanted.percent and kind != "Percentage":
            continue
        doc_id = term_text(record["document"])
        if doc_id not in documents:
            documents[doc_id] = document_info(store, doc_id)
        info = documents[doc_id]
        start, end = int(record["start"].value), int(record["end"].value)
        hit = Hit(
            id=claim_id(term_text(record["claim"])), type=kind, match=term_text(record["match"]),
            exact=term_text(record["exact"]), document=doc_id, document_title=info.title,  # type: ignore[attr-defined]
            start=start, end=end, value=number(record["val"]), low=number(record["low"]), high=number(record["high"]),
            currency=term_text(record["cur"]), period=term_text(record["period"]), measure=term_text(record["measure"]),
            sources=[s for s in term_text(record["sources"]).split(", ") if s],
            passage=passage(info.text, start, end),  # type: ignore[attr-defined]
        )  # fmt: skip
        for link in related_claims(store, term_text(record["claim"])):
            {"corroborates": hit.agreeing, "conflictsWith": hit.conflicting}.get(link.kind, hit.equivalent).append(link)
        hits.append(hit)
    return TraceResult(wanted, hits)
