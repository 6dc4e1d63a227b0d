"""Property-based fuzzing: the number parser never raises and its spans stay in the
text; the whole extraction pipeline keeps ``text[start:end] == exact`` for any text,
and the RDF of any text is valid and conforms to the graph's own selectors.

(The segmenter's invariants on arbitrary text are fuzzed in test_segmenting.py.)
"""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg import mapping
from kg.extracting import extract_claims
from kg.model import Document
from kg.numbers import find_numbers, match_number, parse_amount, parse_number, parse_number_words
from kg.segmenting import segment

# pieces that make extractors fire: figures, currencies, magnitudes, percentages, quotes,
# speakers, expert phrases, risk words, sources, footnotes, and every kind of odd space
FRAGMENTS = [
    "$", "€", "£", "USD ", "EUR", "k", "K", "M", "mln", "miljoen", "miljard", "duizend", "thousand", "million",
    "0", "1", "5", "12", "80", "875", "1.000", "1,34", "2.500.000", "3,7", "10–25", "-", "–", "—", "~", "+", ">", "<",
    "%", " procent", " percent", "per jaar", "per maand", "per uur", " ", "  ", "\t", "\n", "\n\n", "\r\n", "\r",
    "\u00a0", "\u202f", "\u200b", "\u2028", "\u2029", "\ufeff", "\x0b", "\x0c", ".", ",", ";", ":", "!", "?", "…",
    "(", ")", "[", "]", "[1]", "¹", '"', "“", "”", "‘", "’", "'", "«", "»",
    "Een analist verdient ", "zegt ", "said ", "Jan de Vries", ", econoom bij ABN AMRO", "volgens ", "levels.fyi",
    "reuters.com", "https://example.org/x", "experts ", "verwachten dat ", "hoog risico", "laag risico",
    "programmeurs", "software engineers", "in 2023", "2024/2025", "april 2025", "ongeveer ", "meer dan ", "tot ",
    "circa ", "tussen ", " en ", " and ", "Date 2025-06\n", "# Kop\n", "• ", "1. ", "|", "<b>", "&amp;", "é", "İ",
    "ß", "٣", "𝟘", "\U0001f600", "👩🏽‍💻", "e\u0301",
]
claim_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=50).map("".join)
number_text = st.lists(st.sampled_from(FRAGMENTS[:50]), max_size=20).map("".join)


def document(text: str) -> Document:
    return Document(id="fuzz", file_name="fuzz.txt", format="text/plain", text=text, sha256="0" * 64)


# ------------------------------------------------------------------ numbers


@settings(max_examples=500, deadline=None)
@given(st.one_of(number_text, st.text(max_size=30)))
def test_number_parsers_never_raise(text: str) -> None:
    value = parse_number(text)
    assert value is None or (isinstance(value, (int, float)) and not math.isnan(value))
    parse_number_words(text)
    amount = parse_amount(text)
    if amount is not None:
        assert 0 <= amount.start <= amount.end <= len(text)


@settings(max_examples=500, deadline=None)
@given(st.one_of(number_text, st.text(max_size=40)), st.booleans())
def test_find_numbers_spans_are_inside_and_in_order(text: str, magnitudes: bool) -> None:
    previous_end = 0
    for number in find_numbers(text, magnitudes=magnitudes):
        assert previous_end <= number.start < number.end <= len(text)
        assert text[number.start : number.end].startswith(number.numeral)
        assert not math.isnan(number.value)
        previous_end = number.end


@settings(max_examples=300, deadline=None)
@given(number_text, st.integers(min_value=0, max_value=200))
def test_match_number_at_any_position(text: str, position: int) -> None:
    found = match_number(text, min(position, len(text)))
    if found is not None:
        assert 0 <= found.start < found.end <= len(text)


# ------------------------------------------------------------------ the whole pipeline


def check_claims(text: str) -> None:
    doc = document(text)
    claims = extract_claims(segment(doc))
    ids = set()
    for claim in claims:
        assert 0 <= claim.start <= claim.end <= len(text), claim
        assert text[claim.start : claim.end] == claim.exact, claim
        assert claim.id not in ids
        ids.add(claim.id)
    mapping.document_graphs(doc, claims)  # every claim maps to RDF


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claim_text)
def test_selectors_hold_for_any_text(text: str) -> None:
    check_claims(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_selectors_hold_for_arbitrary_unicode(text: str) -> None:
    check_claims(text)
