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
    sentences = doc.sentences
    starts = [s.start for s in sentences]
    covered: set[int] = set()
    for claim in claims:
        end = max(claim.end, claim.start + 1)  # an empty claim covers the sentence it is in
        first = bisect.bisect_right(starts, claim.start) - 1  # the sentence it starts in, if any
        last = bisect.bisect_left(starts, end)  # the sentences from here on start after it
        # the sentences after ``first`` start inside the claim; ``first`` itself may end before it
        if first < 0 or claim.start >= sentences[first].end:
            first += 1
        covered.update(range(first, last))
    return covered
