"""Agreement and conflict links: named cases, and the links the built corpus holds."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.agreements import LINKS_GRAPH, Link, find_links, link_triples
from kg.model import Count, MonetaryAmount, Percentage


def money(id: str, doc: str = "d1", start: int = 0, **values) -> MonetaryAmount:  # type: ignore[no-untyped-def]
    fields = {"currency": "USD", "measure": "median", "subjects": ["OpenAI"]} | values
    return MonetaryAmount(doc=doc, start=start, end=start + 4, exact="$1M", id=id, **fields)


CASES = [
    pytest.param([money("a", value=875_000), money("b", doc="d2", value=875_000)], "corroborates", id="same-value-across-docs"),
    pytest.param([money("a", value=1_000_000), money("b", value=2_000_000, start=50)], "conflictsWith", id="two-medians"),
    pytest.param([money("a", value=1_000_000, approximate=True), money("b", value=1_080_000, start=50)], "corroborates",
                 id="approximate-within-10pct"),
    pytest.param([money("a", value=1_000_000), money("b", value=1_080_000, start=50)], "conflictsWith",
                 id="exact-outside-2pct"),
    pytest.param([money("a", low=240_000, high=1_300_000), money("b", value=1_000_000, start=50)], "corroborates",
                 id="value-inside-range"),
    pytest.param([money("a", value=10_000_000, bound="gt"), money("b", value=2_000_000, start=50)], None,
                 id="bound-never-conflicts"),
    pytest.param([money("a", value=1_000_000), money("b", value=2_000_000, start=50, subjects=["Meta"])], None,
                 id="other-subjects"),
    pytest.param([money("a", value=1_000_000), money("b", value=2_000_000, start=50, measure="salary")], None,
                 id="other-measure"),
    pytest.param([money("a", value=1_000_000, time="2023"), money("b", value=2_000_000, start=50, time="2025")], None,
                 id="other-year"),
    pytest.param([money("a", value=1_000_000, period="year"), money("b", value=1_000_000, start=50, period="month")],
                 None, id="other-period"),
    pytest.param([money("a", value=1_000_000), money("b", value=1_000_000)], None, id="same-span-is-no-link"),
    pytest.param([money("a", value=1_000_000, subjects=[]), money("b", value=2_000_000, start=50, subjects=[])], None,
                 id="no-subjects-too-vague"),
    pytest.param([Percentage(doc="d", start=0, end=3, exact="5%", id="a", value=5, unit="percent", measure="share",
                             subjects=["AI Engineer"]),
                  Percentage(doc="d", start=9, end=12, exact="14%", id="b", value=14, unit="percent", measure="share",
                             subjects=["AI Engineer"])], "conflictsWith", id="percentages"),
    pytest.param([Count(doc="d", start=0, end=5, exact="2.300", id="a", value=2300, unit="werkgevers", subjects=["UWV"]),
                  Count(doc="e", start=0, end=5, exact="2.300", id="b", value=2300, unit="werkgevers", subjects=["UWV"])],
                 "corroborates", id="counts-by-unit"),
    pytest.param([Count(doc="d", start=0, end=1, exact="5", id="a", value=5, unit="jaar", subjects=["UWV"]),
                  Count(doc="d", start=9, end=12, exact="2-3", id="b", low=2, high=3, unit="jaar", subjects=["UWV"])],
                 None, id="durations-not-compared"),
]


@pytest.mark.parametrize("claims, kind", CASES)
def test_link(claims, kind) -> None:  # type: ignore[no-untyped-def]
    links = find_links(claims)
    assert [link.kind for link in links] == ([kind] if kind else [])


def test_currencies_compare_through_comparable_values() -> None:
    gbp = money("a", value=295_000, currency="GBP", comparable=[{"currency": "USD", "value": 400_000, "low": None,
                                                                  "high": None, "period": None, "rates": []}])
    usd = money("b", doc="d2", value=400_000, approximate=True)
    assert find_links([gbp, usd]) == [Link("corroborates", "a", "b")]


def test_links_are_written_both_ways() -> None:
    triples = list(link_triples([Link("conflictsWith", "a", "b")]))
    assert len(triples) == 2 and triples[0][0] == triples[1][2]


def test_built_store_holds_links_graph(built_store: Path) -> None:
    store = ox.Store.read_only(str(built_store.resolve()))
    graph = ox.NamedNode(str(LINKS_GRAPH))
    predicates = {q.predicate.value for q in store.quads_for_pattern(None, None, None, graph)}
    assert predicates == {"https://w3id.org/kg/ontology#corroborates", "https://w3id.org/kg/ontology#conflictsWith"}


def test_links_touching_some_documents_are_the_full_links_that_touch_them() -> None:
    """An incremental build keeps the links between unchanged documents and asks only for
    the pairs with a claim of a changed one; together they must be the full set."""
    claims = [money(f"{doc}{i}", doc=doc, start=10 * i, value=value)
              for doc, values in (("d1", [1e6, 2e6]), ("d2", [1e6, 1.01e6]), ("d3", [2e6, 3e6]))
              for i, value in enumerate(values)]  # fmt: skip
    everything = find_links(claims)
    assert {link.kind for link in everything} == {"corroborates", "conflictsWith"}
    docs = {c.id: c.doc for c in claims}
    for touching in ({"d1"}, {"d2"}, {"d1", "d3"}, {"d1", "d2", "d3"}, set()):
        expected = [l for l in everything if docs[l.source] in touching or docs[l.target] in touching]
        assert find_links(claims, touching=touching) == expected
