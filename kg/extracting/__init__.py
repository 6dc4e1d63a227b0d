"""Claim extraction: independent extractors over a segmented document.

Each extractor is a module with ``NAME``, ``VERSION`` and a pure function
``extract(doc: SegmentedDocument) -> list[Claim]``. ``extract_claims`` runs them
all, stamps each claim with its extractor, attaches cited sources, covers every
remaining sentence with a ``Statement`` and gives each claim its stable id.
"""

from __future__ import annotations

from types import ModuleType

from kg.extracting import counts, entities, money, percentages, rates, sources, statements, time
from kg.extracting import citations, definitions, opinions, people, quotes, risks, skills
from kg.model import DOCUMENT_ORDER, Claim, MonetaryAmount, SegmentedDocument, assign_ids

EXTRACTORS: tuple[ModuleType, ...] = (
    money, percentages, counts, quotes, opinions, risks, skills, definitions, citations,
)  # fmt: skip


def extractor_versions() -> dict[str, str]:
    return {m.NAME: m.VERSION for m in (*EXTRACTORS, statements)}


def _stamp(claims: list[Claim], module: ModuleType) -> list[Claim]:
    name, version = module.NAME, module.VERSION  # read once, not for every claim
    for claim in claims:
        claim.extractor = name
        claim.extractor_version = version
    return claims


def extract_claims(doc: SegmentedDocument) -> list[Claim]:
    claims: list[Claim] = []
    for module in EXTRACTORS:
        claims += _stamp(module.extract(doc), module)
    claims += _stamp(statements.extract(doc, claims), statements)
    sources.attach_cited_sources(doc, claims)
    # voices: footnote markers cite their footnote; people and organisations keep every mention
    citations.attach_markers(doc, claims)
    people.attach_mentions(doc, claims)
    # numeric claims: what they are about, when, and in comparable currencies
    entities.attach_subjects(doc, claims)
    time.attach_times(doc, claims)
    rates.attach_comparable_values(doc, claims)
    claims.sort(key=DOCUMENT_ORDER)
    assign_ids(claims)
    for claim in claims:  # equivalents were linked by object; now they have ids
        if isinstance(claim, MonetaryAmount) and isinstance(claim.equivalent, MonetaryAmount):
            claim.equivalent = claim.equivalent.id
    return claims
