"""Tests for kg.extracting.statements: the sentences no typed claim overlaps, found by one
pass over sorted spans, are those two bisections per claim found (the former code)."""

from __future__ import annotations

import bisect

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extracting import statements
from kg.model import Claim, Document, Paragraph, SegmentedDocument, Sentence, Statement


def _covered_by_bisection(sentences: list[Sentence], claims: list[Claim]) -> set[int]:
    starts = [s.start for s in sentences]
    covered: set[int] = set()
    for claim in claims:
        end = max(claim.end, claim.start + 1)
        first = bisect.bisect_right(starts, claim.start) - 1
        last = bisect.bisect_left(starts, end)
        if first < 0 or claim.start >= sentences[first].end:
            first += 1
        covered.update(range(first, last))
    return covered


def _segmented(bounds: list[int]) -> SegmentedDocument:
    """Disjoint non-empty sentences between sorted distinct offsets (pairs of them)."""
    text = "x" * 200
    document = Document(id="d", file_name="d.txt", format="text/plain", text=text, sha256="")
    sentences = [Sentence(bounds[i], bounds[i + 1], 0) for i in range(0, len(bounds) - 1, 2)]
    return SegmentedDocument(document, [Paragraph(0, len(text))], sentences)


offsets = st.integers(min_value=0, max_value=200)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(offsets, unique=True, max_size=20).map(sorted),
    st.lists(st.tuples(offsets, st.integers(min_value=-3, max_value=60)), max_size=12),
)
def test_covered_sentences_as_by_bisection(bounds: list[int], spans: list[tuple[int, int]]) -> None:
    doc = _segmented(bounds)
    claims = [Claim.at(doc.document, start, max(0, start + length)) for start, length in spans]
    assert statements._covered_sentences(doc, claims) == _covered_by_bisection(doc.sentences, claims)


def test_statements_are_the_uncovered_sentences_after_the_header() -> None:
    doc = _segmented([0, 10, 12, 30, 31, 50, 60, 70])
    doc.document.body_start = 11
    claims = [Claim.at(doc.document, 35, 35)]  # empty: covers the sentence it is in
    found = statements.extract(doc, claims)
    assert [(c.start, c.end) for c in found] == [(12, 30), (60, 70)]
    assert all(isinstance(c, Statement) for c in found)
