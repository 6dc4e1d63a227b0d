"""Statements: every sentence that carries no typed claim becomes a ``Statement``,
so every statement of a document is in the graph."""

from __future__ import annotations

from kg.model import Claim, SegmentedDocument, Statement

NAME = "statements"
VERSION = "0.1.0"


def extract(doc: SegmentedDocument, typed_claims: list[Claim]) -> list[Claim]:
    covered = _covered_sentences(doc, typed_claims)
    document = doc.document
    body_start = document.body_start  # a sentence in the header before it is metadata
    return [
        Statement.at(document, sentence.start, sentence.end)
        for index, sentence in enumerate(doc.sentences)
        if index not in covered and sentence.end > body_start
    ]


def _covered_sentences(doc: SegmentedDocument, claims: list[Claim]) -> set[int]:
    """Indices of the sentences some claim overlaps (a quote may span several). One pass
    over the claims' spans in order and the sentences, which are in order and disjoint:
    cheaper than bisecting the sentences for each claim."""
    sentences = doc.sentences
    count = len(sentences)
    covered: set[int] = set()
    i = 0
    for start, end in sorted(_spans(claims)):
        # a sentence ending before this span ends before every later one too
        while i < count and sentences[i].end <= start:
            i += 1
        while i < count and sentences[i].start < end:
            covered.add(i)
            i += 1
    return covered


def _spans(claims: list[Claim]) -> list[tuple[int, int]]:
    """Each claim's span; an empty one widened to a character, so it covers the sentence
    it is in."""
    return [(claim.start, claim.end if claim.end > claim.start else claim.start + 1) for claim in claims]
