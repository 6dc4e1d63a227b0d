"""Statements: every sentence that carries no typed claim becomes a ``Statement``,
so every statement of a document is in the graph."""

from __future__ import annotations

import bisect

from kg.model import Claim, SegmentedDocument, Statement

NAME = "statements"
VERSION = "0.1.0"


def extract(doc: SegmentedDocument, typed_claims: list[Claim]) -> list[Claim]:
    covered = _covered_sentences(doc, typed_claims)
    return [
        Statement.at(doc.document, sentence.start, sentence.end)
        for index, sentence in enumerate(doc.sentences)
        if index not in covered and sentence.end > doc.document.body_start  # a header is metadata
    ]


def _covered_sentences(doc: SegmentedDocument, claims: list[Claim]) -> set[int]:
    """Indices of the sentences some claim overlaps (a quote may span several)."""
    starts = [s.start for s in doc.sentences]
    covered: set[int] = set()
    for claim in claims:
        first = max(0, bisect.bisect_right(starts, claim.start) - 1)
        last = bisect.bisect_left(starts, max(claim.end, claim.start + 1))
        covered.update(
            i for i in range(first, last) if doc.sentences[i].start < max(claim.end, claim.start + 1)
            and claim.start < doc.sentences[i].end
        )
    return covered
