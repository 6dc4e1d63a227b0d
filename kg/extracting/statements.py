"""Statements: every sentence that carries no typed claim becomes a ``Statement``,
so every statement of a document is in the graph."""

from __future__ import annotations

from kg.model import Claim, SegmentedDocument, Span, Statement

NAME = "statements"
VERSION = "0.1.0"


def extract(doc: SegmentedDocument, typed_claims: list[Claim]) -> list[Claim]:
    covered = sorted(Span(c.start, c.end) for c in typed_claims)
    statements: list[Claim] = []
    for sentence in doc.sentences:
        if not _holds_a_claim(sentence.span, covered):
            statements.append(Statement.at(doc.document, sentence.start, sentence.end))
    return statements


def _holds_a_claim(sentence: Span, covered: list[Span]) -> bool:
    return any(sentence.overlaps(span) for span in covered if span.start < sentence.end)
