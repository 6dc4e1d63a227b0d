"""Agreement and conflict between figures about the same quantity.

Two numeric claims are about the *same quantity* when they are of the same type,
name the same measure (``median``, ``salary``, ``share``...) or, for counts, the
same unit, the same set of subjects (role, organisation, country...: compared as
the entities they name, so ``VS`` and ``Verenigde Staten`` are one), and do not
contradict each other's period or time. Such a pair *corroborates* when the
values agree within a tolerance and *conflicts* when they do not:

- a figure is the interval it states: a value (widened by :data:`TOLERANCE`, or
  :data:`APPROXIMATE_TOLERANCE` when written as approximate), a range
  ``low..high``, or a bound (``> X`` is ``X..inf``, ``tot X`` is ``0..X``);
- the two agree when their intervals overlap and conflict when they do not, but
  a bound only ever corroborates: it states an extreme (``offers above $10M``),
  which a single smaller figure does not contradict; two bounds are not linked;
- money in different currencies is compared through the claims' comparable USD
  values (kg.extracting.rates).

Claims restating one another in the same place (overlapping spans, or an
``equivalent`` pair such as ``£295.000 (~$400k)``) are not linked.

>>> from kg.model import MonetaryAmount
>>> a = MonetaryAmount(doc="d1", start=0, end=4, exact="$1M", id="a", value=1e6, currency="USD",
...                    measure="median", subjects=["OpenAI"])
>>> b = MonetaryAmount(doc="d2", start=0, end=4, exact="$2M", id="b", value=2e6, currency="USD",
...                    measure="median", subjects=["OpenAI"])
>>> [(link.kind, link.source, link.target) for link in find_links([a, b])]
[('conflictsWith', 'a', 'b')]
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass
from typing import Literal as TypingLiteral

from rdflib import URIRef

from kg.mapping import Triple, claim_iri, entity_iri
from kg.model import Claim, NumericClaim
from kg.namespaces import GRAPHS, KG

LINKS_GRAPH = GRAPHS["links"]
TOLERANCE = 0.02  # relative: figures as written, rounded to what a text prints
APPROXIMATE_TOLERANCE = 0.10  # either figure written as approximate (~, ongeveer, rond de)
# counts of time (``over 5 jaar``, ``2-3 jaar``) are horizons and durations of
# different things far more often than two statements of one quantity
DURATION_UNITS = frozenset("jaar jaren maand maanden week weken dag dagen uur uren year years month months "
                           "week weeks day days hour hours".split())  # fmt: skip

Kind = TypingLiteral["corroborates", "conflictsWith"]


@dataclass(frozen=True, order=True)
class Link:
    kind: Kind
    source: str  # claim id
    target: str  # claim id


@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    currency: str | None

    @property
    def open(self) -> bool:
        return self.low == 0 or math.isinf(self.high)


def quantity_key(claim: Claim) -> tuple[object, ...] | None:
    """What a figure is about, or None when it says too little to compare."""
    if not isinstance(claim, NumericClaim) or not claim.subjects:
        return None
    measure = claim.measure or (claim.unit if claim.type == "Count" else None)
    if not measure or measure in DURATION_UNITS:
        return None
    subjects = frozenset(map(entity_iri, claim.subjects))
    return (claim.type, measure, claim.unit if claim.type == "Count" else None, subjects)


def interval(claim: NumericClaim, currency: str | None = None) -> Interval | None:
    """The values ``claim`` allows, in ``currency`` (through its comparable values) when given."""
    value, low, high, own = claim.value, claim.low, claim.high, getattr(claim, "currency", None)
    if currency and own and currency != own:
        comparable = next((c for c in getattr(claim, "comparable", []) if c["currency"] == currency), None)
        if comparable is None:
            return None
        value, low, high = comparable["value"], comparable["low"], comparable["high"]
        own = currency
    tolerance = APPROXIMATE_TOLERANCE if claim.approximate else TOLERANCE
    if low is not None and high is not None:
        lo, hi = float(low), float(high)
    elif value is not None:
        lo, hi = float(value) * (1 - tolerance), float(value) * (1 + tolerance)
    else:
        return None
    if claim.bound == "gt":
        hi = math.inf
    elif claim.bound in ("lt", "upto"):
        lo = 0.0
    return Interval(lo, hi, own)


def _compatible(a: Claim, b: Claim) -> bool:
    """Not a restatement and not about a different period or time."""
    if a.doc == b.doc and a.start < b.end and b.start < a.end:
        return False
    for claim, other in ((a, b), (b, a)):
        equivalent = getattr(claim, "equivalent", None)
        if equivalent is other or equivalent == other.id:
            return False
    for name in ("period", "time"):
        first, second = getattr(a, name, None), getattr(b, name, None)
        if first and second and first != second:
            return False
    return True


def compare(a: NumericClaim, b: NumericClaim) -> Kind | None:
    """``corroborates``, ``conflictsWith`` or None (not comparable)."""
    currency_a, currency_b = getattr(a, "currency", None), getattr(b, "currency", None)
    common = "USD" if currency_a and currency_b and currency_a != currency_b else None
    first, second = interval(a, common), interval(b, common)
    if first is None or second is None or (first.open and second.open):
        return None
    if first.low <= second.high and second.low <= first.high:
        return "corroborates"
    # a bound (``meer dan $10M``, ``tot $100M``) describes an extreme, which one
    # other figure outside it does not contradict
    return None if first.open or second.open else "conflictsWith"


def find_links(claims: Iterable[Claim], *, touching: Container[str] | None = None) -> list[Link]:
    """Every corroborating and conflicting pair, once each (``source`` < ``target``), sorted;
    with ``touching`` (document ids) only the pairs with a claim of one of those documents:
    a link depends on its two claims alone, so an incremental build keeps the others."""
    groups: dict[tuple[object, ...], list[NumericClaim]] = defaultdict(list)
    for claim in claims:
        key = quantity_key(claim)
        if key is not None:
            groups[key].append(claim)  # type: ignore[arg-type]
    links = []
    for members in groups.values():
        for a, b in _pairs(members, touching):
            if not _compatible(a, b):
                continue
            kind = compare(a, b)
            if kind:
                links.append(Link(kind, a.id, b.id))
    return sorted(links, key=lambda link: (link.source, link.target))


def _pairs(members: list[NumericClaim], touching: Container[str] | None) -> Iterator[tuple[NumericClaim, NumericClaim]]:
    """The pairs of one group to compare, the smaller id first."""
    members.sort(key=lambda c: c.id)
    if touching is None:
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                yield a, b
        return
    for a in (c for c in members if c.doc in touching):
        for b in members:
            # a pair of two touched claims is met twice: take it when ``a`` comes first
            if b is a or (b.doc in touching and b.id < a.id):
                continue
            yield (a, b) if a.id < b.id else (b, a)


def link_triples(links: Iterable[Link]) -> Iterator[Triple]:
    """Both directions of each link, as the properties are symmetric."""
    for link in links:
        predicate: URIRef = KG.corroborates if link.kind == "corroborates" else KG.conflictsWith
        source, target = _claim_node(link.source), _claim_node(link.target)
        yield source, predicate, target
        yield target, predicate, source


def _claim_node(claim_id: str) -> URIRef:
    # a figure a person added (kg.curation.added_figures) goes by its own IRI
    return URIRef(claim_id) if "://" in claim_id else claim_iri(claim_id)
