"""kg.numbers: reading numbers as people write them in Dutch and English."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.numbers import (
    Amount,
    clean_number,
    currency_code,
    find_numbers,
    interpret_numeral,
    is_year_like,
    looks_dutch,
    match_number,
    numbers_in_passages,
    parse_amount,
    parse_number,
    parse_number_words,
    range_connector,
    read_after,
    read_qualifiers,
    sentence_looks_dutch,
    sentence_numbers,
    without_magnitudes,
)

# --------------------------------------------------------------------------- parse_number


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("875000", 875000, id="plain"),
        pytest.param("875.000", 875000, id="nl-thousands"),
        pytest.param("875,000", 875000, id="en-thousands"),
        pytest.param("16.759", 16759, id="nl-thousands-5-digits"),
        pytest.param("1,000", 1000, id="en-thousands-1000"),
        pytest.param("1.000.000", 1_000_000, id="nl-million-groups"),
        pytest.param("1,000,000", 1_000_000, id="en-million-groups"),
        pytest.param("3,7", 3.7, id="nl-decimal"),
        pytest.param("2.5", 2.5, id="en-decimal"),
        pytest.param("14,30", 14.3, id="nl-decimal-2-digits"),
        pytest.param("0,375", 0.375, id="leading-zero-decimal"),
        pytest.param("3.14159", 3.14159, id="long-decimal"),
        pytest.param("1.234.567,89", 1234567.89, id="nl-mixed"),
        pytest.param("1,234,567.89", 1234567.89, id="en-mixed"),
        pytest.param("1.234,5", 1234.5, id="nl-mixed-one-decimal"),
        pytest.param("875K", 875_000, id="suffix-K"),
        pytest.param("90k", 90_000, id="suffix-k"),
        pytest.param("1,34M", 1_340_000, id="nl-decimal-suffix-M"),
        pytest.param("1.34M", 1_340_000, id="en-decimal-suffix-M"),
        pytest.param("1.5k", 1500, id="en-decimal-suffix-k"),
        pytest.param("1.250M", 1_250_000, id="decimal-before-glued-suffix"),
        pytest.param("2m", 2_000_000, id="suffix-lower-m"),
        pytest.param("5bn", 5_000_000_000, id="suffix-bn"),
        pytest.param("2 miljoen", 2_000_000, id="nl-miljoen"),
        pytest.param("2,3 miljoen", 2_300_000, id="nl-decimal-miljoen"),
        pytest.param("10 mln", 10_000_000, id="nl-mln"),
        pytest.param("3 miljard", 3_000_000_000, id="nl-miljard"),
        pytest.param("1.500 miljoen", 1_500_000_000, id="nl-thousands-before-word"),
        pytest.param("4.5 million", 4_500_000, id="en-million"),
        pytest.param("1 billion", 1_000_000_000, id="en-billion"),
        pytest.param("12 thousand", 12_000, id="en-thousand"),
        pytest.param("-3,5", -3.5, id="negative"),
        pytest.param("+6", 6, id="plus-sign"),
        pytest.param("  42 ", 42, id="surrounding-space"),
        pytest.param("1.250,-", 1250, id="nl-whole-euros"),
        pytest.param("vijf", 5, id="nl-words"),
        pytest.param("vijfentwintig", 25, id="nl-compound-words"),
        pytest.param("twenty-five", 25, id="en-words"),
    ],
)
def test_parse_number(text: str, expected: float) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("abc", id="letters"),
        pytest.param("1.23.456", id="bad-grouping"),
        pytest.param("12.34.56", id="dotted-date"),
        pytest.param("1,2,3", id="comma-list"),
        pytest.param("16-04-2025", id="date"),
        pytest.param("$100", id="currency-is-not-a-number"),
        pytest.param("14%", id="percentage"),
        pytest.param("L3", id="level-code"),
        pytest.param("5 appels", id="trailing-word"),
    ],
)
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    "numeral, glued, value, rule",
    [
        pytest.param("2024", False, 2024, "plain", id="plain"),
        pytest.param("16.759", False, 16759, "thousands-groups", id="thousands-dot"),
        pytest.param("1,000", False, 1000, "thousands-groups", id="thousands-comma"),
        pytest.param("1.250", True, 1.25, "decimal-before-suffix", id="decimal-before-suffix"),
        pytest.param("3,7", False, 3.7, "decimal", id="decimal-comma"),
        pytest.param("2.5", True, 2.5, "decimal", id="decimal-dot-with-suffix"),
        pytest.param("0.125", False, 0.125, "decimal", id="decimal-leading-zero"),
        pytest.param("1.234,56", False, 1234.56, "mixed-separators", id="mixed-nl"),
        pytest.param("1,234.56", False, 1234.56, "mixed-separators", id="mixed-en"),
    ],
)
def test_interpret_numeral_names_its_rule(numeral: str, glued: bool, value: float, rule: str) -> None:
    read = interpret_numeral(numeral, glued_suffix=glued)
    assert read is not None
    assert read[0] == Decimal(str(value))
    assert read[1] == rule


@pytest.mark.parametrize("numeral", ["1.2.3", "1,23,456", "1.234,5.6", "12.3456,7", ".5", "5."])
def test_interpret_numeral_rejects_bad_separators(numeral: str) -> None:
    assert interpret_numeral(numeral) is None


def test_clean_number_removes_float_noise() -> None:
    assert clean_number(0.1 + 0.2) == 0.3
    assert clean_number(1.34 * 1_000_000) == 1_340_000
    assert isinstance(clean_number(875000.0), int)


# --------------------------------------------------------------------------- spans


def test_find_numbers_spans_trace_to_characters() -> None:
    text = "In 2024 kostte het $1,34M per jaar, op 16-04-2025 versie 1.2.3 en niveau L3; 2 miljoen."
    found = find_numbers(text)
    assert [text[n.start : n.end] for n in found] == ["2024", "1,34M", "16", "04", "2025", "2 miljoen"]
    assert [n.value for n in found] == [2024, 1_340_000, 16, 4, 2025, 2_000_000]
    million = found[1]
    assert (million.numeral, million.magnitude, million.factor, million.numeral_value) == ("1,34", "M", 10**6, 1.34)


def test_find_numbers_without_magnitudes() -> None:
    text = "Het kost 5 miljoen en 10k."
    assert [text[n.start : n.end] for n in find_numbers(text, magnitudes=False)] == ["5", "10"]


def test_numbers_in_passages_reads_each_passage_as_a_text_of_its_own() -> None:
    # "x2" glued to a letter, a decimal split by a passage edge, a passage without a digit
    text = "x2 kost 1,5 en 3k. Geen cijfers hier. 4,5"
    spans = [(0, 2), (3, 10), (10, 18), (19, 37), (38, 41), (40, 41), (41, 41)]
    found = numbers_in_passages(text, spans)
    assert found == [tuple(find_numbers(text[a:b])) for a, b in spans]
    assert [[text[a + n.start : a + n.end] for n in ns] for (a, _), ns in zip(spans, found)] == [
        [], ["1"], ["5", "3k"], [], ["4,5"], ["5"], []
    ]
    assert [text[n.start : n.end] for n in find_numbers(text)] == ["1,5", "3k", "4,5"]  # read as one text


numeric_text = st.text(alphabet="0123456789.,-kKmMbn ilojrdu\u00a0xz€$%(", max_size=40)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="0123456789.,k ab\n", max_size=40),
    st.lists(st.tuples(st.integers(0, 45), st.integers(0, 45)), max_size=8),
)
def test_property_numbers_in_passages_is_find_numbers_of_each_passage(text: str, spans: list[tuple[int, int]]) -> None:
    """Passages in any order, overlapping, empty or past the end: each read as on its own."""
    assert numbers_in_passages(text, spans) == [tuple(find_numbers(text[a:b])) for a, b in spans]


@given(numeric_text)
def test_property_without_magnitudes_is_find_numbers_without_magnitudes(text: str) -> None:
    assert without_magnitudes(find_numbers(text)) == tuple(find_numbers(text, magnitudes=False))


@pytest.mark.parametrize("text", ["$1.250M", "1,500k", "2 miljoen en 3 mln", "10bn12", "1.5 billion,7"])
def test_without_magnitudes_reads_the_numeral_alone(text: str) -> None:
    assert without_magnitudes(find_numbers(text)) == tuple(find_numbers(text, magnitudes=False))
    assert all(n.magnitude is None and n.factor == 1 for n in without_magnitudes(find_numbers(text)))


def test_sentence_numbers_are_read_once_per_document() -> None:
    from kg.model import Document, Paragraph, SegmentedDocument, Sentence

    text = "Het kost 1.250M. Geen. Nu 12 mln"
    document = Document(id="t", file_name="t.txt", format="text/plain", text=text, sha256="")
    doc = SegmentedDocument(document, [Paragraph(0, len(text))], [Sentence(0, 16, 0), Sentence(17, 22, 0), Sentence(23, 32, 0)])
    with_magnitudes = sentence_numbers(doc)
    assert [[n.value for n in ns] for ns in with_magnitudes] == [[1_250_000], [], [12_000_000]]  # 1.250M: 1.25 million
    assert [[n.value for n in ns] for ns in sentence_numbers(doc, magnitudes=False)] == [[1250], [], [12]]
    assert sentence_numbers(doc) is with_magnitudes  # memoised on the document


def test_sentence_looks_dutch_counts_each_sentence_once() -> None:
    from kg.model import Document, Paragraph, SegmentedDocument, Sentence

    text = "Het loon van de klerk is laag. The wage of the clerk is low. 12 k"
    document = Document(id="t", file_name="t.txt", format="text/plain", text=text, sha256="")
    sentences = [Sentence(0, 30, 0), Sentence(31, 60, 0), Sentence(61, 65, 0)]
    doc = SegmentedDocument(document, [Paragraph(0, len(text))], sentences)
    got = [sentence_looks_dutch(doc, i, default) for default in ("nl", "en") for i in range(3)]
    want = [looks_dutch(doc.sentence_text(s), default) for default in ("nl", "en") for s in sentences]
    assert got == want == [True, False, True, True, False, False]  # the tie (no function word) goes to the default
    counts = doc.memo("numbers.function_words", dict)
    assert sorted(counts) == [0, 1, 2]
    counts[1] = (5, 0)  # read from the memo, not counted again
    assert sentence_looks_dutch(doc, 1, "en")


def test_match_number_at_position() -> None:
    text = "prijs: €90.000 netto"
    number = match_number(text, 8)
    assert number is not None
    assert (number.value, text[number.start : number.end]) == (90000, "90.000")
    assert match_number(text, 0) is None


# --------------------------------------------------------------------------- amounts


@pytest.mark.parametrize(
    "text, value, currency",
    [
        pytest.param("875000", 875000, None, id="bare"),
        pytest.param("$875K", 875000, "USD", id="usd-K"),
        pytest.param("875.000", 875000, None, id="bare-nl-thousands"),
        pytest.param("1,34M", 1_340_000, None, id="bare-nl-decimal-M"),
        pytest.param("$1.34M", 1_340_000, "USD", id="usd-en-decimal-M"),
        pytest.param("€90.000", 90000, "EUR", id="eur-symbol"),
        pytest.param("90.000 euro", 90000, "EUR", id="eur-word"),
        pytest.param("EUR 90k", 90000, "EUR", id="eur-code"),
        pytest.param("£295.000", 295000, "GBP", id="gbp"),
        pytest.param("US$ 45,000", 45000, "USD", id="us-dollar"),
        pytest.param("AUD 120k", 120000, "AUD", id="aud-code"),
        pytest.param("100 miljoen dollar", 100_000_000, "USD", id="nl-miljoen-dollar"),
        pytest.param("$10 miljard", 10_000_000_000, "USD", id="usd-miljard"),
        pytest.param(" 2,5 mln euro ", 2_500_000, "EUR", id="padded"),
    ],
)
def test_parse_amount(text: str, value: float, currency: str | None) -> None:
    amount = parse_amount(text)
    assert amount == Amount(value, currency, len(text) - len(text.lstrip()), len(text.rstrip()))


@pytest.mark.parametrize("text", ["", "euro", "$", "$ abc", "€90.000 dollar", "1.2.3 euro", "tien euro"])
def test_parse_amount_rejects(text: str) -> None:
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    "token, code",
    [("$", "USD"), ("US$", "USD"), ("A$", "AUD"), ("€", "EUR"), ("£", "GBP"), ("euro", "EUR"),
     ("Euro's", "EUR"), ("dollars", "USD"), ("pond", "GBP"), ("AUD", "AUD"), ("CHF", "CHF"), ("kr", None)],
)  # fmt: skip
def test_currency_code(token: str, code: str | None) -> None:
    assert currency_code(token) == code


# --------------------------------------------------------------------------- qualifiers


@pytest.mark.parametrize(
    "before, approximate, bound, range_marker",
    [
        pytest.param("verdient ongeveer ", True, None, False, id="nl-ongeveer"),
        pytest.param("liggen rond de ", True, None, False, id="nl-rond-de"),
        pytest.param("mediaan ca. ", True, None, False, id="nl-ca"),
        pytest.param("zo’n ", True, None, False, id="nl-zon-curly"),
        pytest.param("bijna ", True, None, False, id="nl-bijna"),
        pytest.param("meer dan ", False, "gt", False, id="nl-meer-dan"),
        pytest.param("ver boven de ", False, "gt", False, id="nl-boven-de"),
        pytest.param("meer dan ongeveer ", True, "gt", False, id="nl-gt-and-approx"),
        pytest.param("minder dan ", False, "lt", False, id="nl-minder-dan"),
        pytest.param("pakketten tot wel ", False, "upto", False, id="nl-tot-wel"),
        pytest.param("kan tot ongeveer ", True, "upto", False, id="nl-tot-ongeveer"),
        pytest.param("tussen de ", False, None, True, id="nl-tussen-de"),
        pytest.param("earning about ", True, None, False, id="en-about"),
        pytest.param("well over ", False, "gt", False, id="en-over"),
        pytest.param("up to ", False, "upto", False, id="en-up-to"),
        pytest.param("could affect as many as ", False, "upto", False, id="en-as-many-as"),
        pytest.param("less than ", False, "lt", False, id="en-less-than"),
        pytest.param("between ", False, None, True, id="en-between"),
        pytest.param("salaris van ", False, None, False, id="nothing"),
        pytest.param("totaal", False, None, False, id="not-tot-inside-a-word"),
        pytest.param("de ", False, None, False, id="filler-alone"),
    ],
)
def test_read_qualifiers(before: str, approximate: bool, bound: str | None, range_marker: bool) -> None:
    q = read_qualifiers(before)
    assert (q.approximate, q.bound, q.range_marker) == (approximate, bound, range_marker)


def test_read_qualifiers_over_is_a_preposition_in_dutch() -> None:
    assert read_qualifiers("berichten over ", dutch=True).bound is None
    assert read_qualifiers("salaries of over ", dutch=False).bound == "gt"


@pytest.mark.parametrize(
    "after, approximate, bound",
    [(" of meer aan", False, "gt"), (" or more", False, "gt"), (" of minder", False, "lt"),
     (" or so", True, None), ("+ per jaar", False, "gt"), (" per jaar", False, None)],
)  # fmt: skip
def test_read_after(after: str, approximate: bool, bound: str | None) -> None:
    q = read_after(after)
    assert (q.approximate, q.bound) == (approximate, bound)


@pytest.mark.parametrize(
    "gap, between, joins",
    [("–", False, True), (" – ", False, True), ("-", False, True), (" tot ", False, True), (" to ", False, True),
     (" en ", False, False), (" en ", True, True), (" and ", True, True), (" of ", False, False), (", ", False, False)],
)  # fmt: skip
def test_range_connector(gap: str, between: bool, joins: bool) -> None:
    assert range_connector(gap, between=between) is joins


def test_is_year_like() -> None:
    years = [n for n in find_numbers("2024 1999 875 20245 2.024") if is_year_like(n)]
    assert [n.numeral for n in years] == ["2024", "1999"]


@pytest.mark.parametrize("text", ["Het kost 10,- per maand.", "Zij kregen 25,- extra.", "00,-", "€ 99,- p/m"])
def test_a_whole_amount_written_with_a_dash_is_no_year(text: str) -> None:
    """``10,-`` (Dutch for 10 whole euros) is four characters but no four-digit year;
    reading it as one crashed the count extractor (found by hypothesis)."""
    numbers = find_numbers(text)
    assert numbers and not any(is_year_like(n) for n in numbers)


def test_looks_dutch() -> None:
    assert looks_dutch("Het salaris van een engineer is hoog")
    assert not looks_dutch("The salary of an engineer is high")
    assert looks_dutch("$100k", default="nl")


def test_parse_number_words_languages() -> None:
    assert parse_number_words("vijf", "nl") == 5
    assert parse_number_words("five") == 5
    assert parse_number_words("vijf", "en") is None
    assert parse_number_words("een paar") is None


# --------------------------------------------------------------------------- properties


def _english(n: int, cents: int | None) -> str:
    return f"{n:,}" + (f".{cents:02d}" if cents is not None else "")


def _dutch(n: int, cents: int | None) -> str:
    return f"{n:,}".replace(",", ".") + (f",{cents:02d}" if cents is not None else "")


def _expected(n: int, cents: int | None, factor: int = 1) -> float:
    return float(Decimal(f"{n}.{cents or 0:02d}") * factor)


integers = st.integers(min_value=0, max_value=10**12)
cents_or_none = st.one_of(st.none(), st.integers(min_value=0, max_value=99))
style = st.sampled_from([_english, _dutch])


@given(integers, cents_or_none, style)
def test_property_grouped_numbers_read_back(n: int, cents: int | None, fmt) -> None:  # type: ignore[no-untyped-def]
    text = fmt(n, cents)
    assert parse_number(text) == pytest.approx(_expected(n, cents), rel=1e-12, abs=1e-9)


@given(
    st.integers(min_value=0, max_value=999),
    cents_or_none,
    style,
    st.sampled_from([("k", 10**3), ("K", 10**3), ("M", 10**6), ("m", 10**6), ("bn", 10**9), ("B", 10**9)]),
)
def test_property_glued_suffix_reads_decimals(n: int, cents: int | None, fmt, suffix) -> None:  # type: ignore[no-untyped-def]
    word, factor = suffix
    text = fmt(n, cents) + word
    assert parse_number(text) == pytest.approx(_expected(n, cents, factor), rel=1e-12)


@given(
    integers,
    cents_or_none,
    style,
    st.sampled_from([("miljoen", 10**6), ("miljard", 10**9), ("million", 10**6), ("billion", 10**9),
                     ("mln", 10**6), ("duizend", 10**3)]),
)  # fmt: skip
def test_property_spaced_magnitude_word_keeps_thousands(n: int, cents: int | None, fmt, suffix) -> None:  # type: ignore[no-untyped-def]
    word, factor = suffix
    text = f"{fmt(n, cents)} {word}"
    assert parse_number(text) == pytest.approx(_expected(n, cents, factor), rel=1e-12)


@given(integers, cents_or_none, style, st.sampled_from(["Het kost ", "(", "tot ", ""]), st.sampled_from([" euro.", ")", ", ", ""]))
def test_property_find_numbers_span(n: int, cents: int | None, fmt, before: str, after: str) -> None:  # type: ignore[no-untyped-def]
    numeral = fmt(n, cents)
    text = before + numeral + after
    found = find_numbers(text)
    assert len(found) == 1
    assert text[found[0].start : found[0].end] == numeral
    assert found[0].value == pytest.approx(_expected(n, cents), rel=1e-12, abs=1e-9)


@given(st.text(max_size=60))
def test_property_find_numbers_never_crashes_and_spans_are_exact(text: str) -> None:
    for number in find_numbers(text):
        assert text[number.start : number.end].startswith(number.numeral)



@pytest.mark.parametrize(
    "text, figure, want",
    [
        ("Het loon (ca. 5.000 euro) steeg. Daarna niet.", "5.000", "Het loon (ca. 5.000 euro) steeg"),
        ("Rollen als bijv. analisten verdienen 3.5 ton; anderen minder.", "3.5", "Rollen als bijv. analisten verdienen 3.5 ton"),
        ("Dr. Jansen en prof. Smit verdienen 10 – niet meer.", "10", "Dr. Jansen en prof. Smit verdienen 10"),
        ("Acca. Het loon is 10.", "10", "Het loon is 10"),  # "ca" inside a word is no abbreviation
        # abbreviations with two periods: neither of them ends the clause
        ("Banen zoals o.a. analisten leveren 10 procent op.", "10", "Banen zoals o.a. analisten leveren 10 procent op"),
        ("Roles, e.g. nurses, earn 12 percent more.", "12", "Roles, e.g. nurses, earn 12 percent more"),
        ("Top earners, i.e. partners, take 40 percent.", "40", "Top earners, i.e. partners, take 40 percent"),
        ("Dat zei Bo. Ander werk levert 7 procent op.", "7", "Ander werk levert 7 procent op"),  # "Bo." is a name
    ],
)
def test_clause_bounds_skip_abbreviations_and_decimals(text: str, figure: str, want: str) -> None:
    from kg.numbers import clause_bounds

    at = text.index(figure)
    lo, hi = clause_bounds(text, at, at + len(figure))
    assert text[lo:hi].strip() == want


# the words and symbols read_qualifiers looks for, with blanks and other text around them
_QUALIFIER_TEXT = st.lists(
    st.sampled_from(["meer dan", "ongeveer", "tot wel", "rond de", "tussen", "om en nabij de", "~", ">=", "<",
                     "ca.", "zo’n", " ", "\u00a0", "\n", "\t", "(", "x", "De", "a", "2"]),
    max_size=12,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=_QUALIFIER_TEXT, cut=st.integers(min_value=0, max_value=200))
def test_property_search_at_end_is_a_search_of_the_text_up_to_end(text: str, cut: int) -> None:
    """The windowed search finds what a search of the whole text before ``end`` finds."""
    from kg.numbers import _LONGEST_QUALIFIER, _QUALIFIER_RE, _SYMBOL_QUALIFIER_RE, search_at_end

    end = min(cut, len(text))
    for pattern, longest in ((_QUALIFIER_RE, _LONGEST_QUALIFIER), (_SYMBOL_QUALIFIER_RE, 2)):
        want = pattern.search(text[:end])
        got = search_at_end(pattern, text, end, longest)
        assert (got and (got.span(), got.group())) == (want and (want.span(), want.group()))


# the numeral as it was written before its first digit moved ahead of the lookbehinds
_NUMERAL_WITH_LEADING_LOOKAHEAD = (
    r"(?=\d)(?<!\w)(?<!\d[.,])"
    r"(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?"
    r"|\d+(?:[.,]\d+)?)"
    r"(?:,-{1,2}(?!\d)|,=)?"
    r"(?![.,]?\d)"
)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(list("0123456789.,-= kKmMb€$\u00a0_x٣\n") + ["miljoen", "bn", ",-"]), max_size=40).map("".join))
def test_property_the_numeral_starting_with_its_digit_matches_as_before(text: str) -> None:
    """``\\d`` first (the engine skips to the next digit in C) finds what ``(?=\\d)`` before
    the lookbehinds found."""
    import re

    from kg.numbers import _NUMBER_RE, _NUMERAL, NUMERAL_RE

    for pattern in (_NUMBER_RE, NUMERAL_RE):
        before = re.compile(pattern.pattern.replace(_NUMERAL, _NUMERAL_WITH_LEADING_LOOKAHEAD, 1))
        assert before.pattern != pattern.pattern
        assert [(m.span(), m.groupdict()) for m in pattern.finditer(text)] == [
            (m.span(), m.groupdict()) for m in before.finditer(text)
        ]


_NUMBER_WORD_STEM_WITH_LEADING_LOOKBEHIND = r"|(?<![^\W\d_])os*(?![^\W\d_])"


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(list("osOé_1- \n") + ["ten", "bos", "oss", "één"]), max_size=20).map("".join))
def test_property_the_number_word_stems_are_found_as_before(text: str) -> None:
    """The lone ``o`` branch with its lookbehind after the ``o`` finds what it found before."""
    import re

    from kg.numbers import _NUMBER_WORD_STEM_RE

    last = _NUMBER_WORD_STEM_RE.pattern.rindex("|")
    before = re.compile(_NUMBER_WORD_STEM_RE.pattern[:last] + _NUMBER_WORD_STEM_WITH_LEADING_LOOKBEHIND)
    assert before.pattern != _NUMBER_WORD_STEM_RE.pattern
    assert [m.span() for m in _NUMBER_WORD_STEM_RE.finditer(text)] == [m.span() for m in before.finditer(text)]


# the words text2num's Dutch reader knows (its number words, their ordinals, the connectors
# and the words it skips) and English ones, to build words from
_DUTCH_READER_WORDS = (
    "nul één een eerste twee tweede drie derde vier vierde vijf vijfde zes zesde zeven zevende acht achtste"
    " negen negende tien tiende elf elfde twaalf twaalfde dertien veertien vijftien zestien zeventien achttien"
    " negentien twintig dertig veertig vijftig zestig zeventig tachtig negentig honderd honderdste duizend"
    " duizendste miljoen miljoenste miljard biljoen en ën ja dus plus uh dan min dat is komma"
    " one two ten twenty hundred o a s t"
).split()


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(st.sampled_from(_DUTCH_READER_WORDS), min_size=1, max_size=5),
    st.lists(st.sampled_from(["", " ", "-"]), min_size=4, max_size=4),
)
def test_property_text2num_reads_no_dutch_number_without_a_dutch_stem(words: list[str], joins: list[str]) -> None:
    """A text without a Dutch stem is not asked of text2num in Dutch: it would not read it."""
    from text_to_num import text2num

    from kg.numbers import _DUTCH_NUMBER_WORD_STEM_RE

    text = words[0] + "".join(join + word for join, word in zip(joins, words[1:]))
    if _DUTCH_NUMBER_WORD_STEM_RE.search(text):
        return
    with pytest.raises((ValueError, IndexError, KeyError, AssertionError)):
        text2num(text, "nl")


def test_every_dutch_number_word_holds_a_dutch_stem() -> None:
    from text_to_num import text2num

    from kg.numbers import _DUTCH_NUMBER_WORD_STEM_RE

    for word in _DUTCH_READER_WORDS:
        try:
            text2num(word, "nl")
        except ValueError:
            continue
        assert _DUTCH_NUMBER_WORD_STEM_RE.search(word), word


def test_digit_set_holds_exactly_the_unicode_digits() -> None:
    """numbers._DIGIT stands for ``\\d``: its character set holds every ``\\d`` and its
    lookbehind keeps only those."""
    import re
    import sys

    from kg import numbers

    digit = re.compile(numbers._DIGIT)
    for code in range(sys.maxunicode + 1):
        c = chr(code)
        assert bool(digit.fullmatch(c)) == bool(re.fullmatch(r"\d", c)), hex(code)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789٣", min_size=1, max_size=20), st.sampled_from([None, "k", "miljoen", "biljoen"]))
def test_read_of_plain_digits_as_interpret_numeral(numeral: str, magnitude: str | None) -> None:
    """The int shortcut of numbers._read gives what interpret_numeral's Decimal gives."""
    from kg import numbers

    read = numbers._read.__wrapped__(numeral, magnitude, False)
    number, rule = numbers.interpret_numeral(numeral)  # type: ignore[misc]
    factor = numbers.magnitude_factor(magnitude) if magnitude else 1
    assert read == (clean_number(number * factor), clean_number(number), factor, rule)
    assert [type(x) for x in read] == [type(clean_number(number * factor)), type(clean_number(number)), int, str]  # type: ignore[union-attr]


_OLD_CLAUSE_BREAK = (
    r"[.](?<!\bca\.)(?<!\bbijv\.)(?<!\bbv\.)(?<!\bincl\.)(?<!\bexcl\.)(?<!\bvs\.)(?<!\bDr\.)(?<!\bdr\.)(?<!\betc\.)"
    r"(?<!\bo\.a\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bresp\.)(?<!\bzgn\.)(?<!\bprof\.)(?<!\bmr\.)(?<!\bjr\.)(?!\d)"
    r"(?!(?<=\bo\.)a\.)(?!(?<=\be\.)g\.)(?!(?<=\bi\.)e\.)"
    r"|[;!?]|[ \u00a0][–—][ \u00a0]|\n"
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["ca", "o", "a", "e", "g", "i", "bijv", " ", "\u00a0", ".", ";", "!", "?", "–", "—",
                                 "-", "\n", "7", "x", "Dr"]), max_size=30).map("".join))
def test_clause_breaks_as_the_pattern_with_a_class_first(text: str) -> None:
    """Each branch of numbers._CLAUSE_BREAK_RE opening with a literal finds the breaks the
    pattern whose branch opened with ``[;!?]`` and ``[ \\u00a0]`` found."""
    import re

    from kg import numbers

    old = re.compile(_OLD_CLAUSE_BREAK)
    assert [m.span() for m in numbers._CLAUSE_BREAK_RE.finditer(text)] == [m.span() for m in old.finditer(text)]


def _qualifier_pieces() -> list[str]:
    """Qualifier words as listed and upper-cased, blanks, and characters that case-fold onto
    ASCII letters (Kelvin sign, long s, dotted I) or are qualifiers' own non-ASCII characters."""
    from kg import numbers

    words = {word for word, _ in numbers._QUALIFIERS}
    return sorted(words | {word.upper() for word in words} | {" ", "\u00a0", "\n", "(", "/", ",", "x", "ſ", "\u212a", "İ", "’", "≈", "~"})


_QUALIFIER_PIECES = _qualifier_pieces()


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_QUALIFIER_PIECES), max_size=8).map("".join), st.booleans())
def test_read_qualifiers_as_without_the_ascii_precheck(before: str, dutch: bool) -> None:
    """numbers._may_end_in_qualifier only skips searches that would find nothing."""
    from unittest import mock

    from kg import numbers

    with mock.patch.object(numbers, "_may_end_in_qualifier", lambda text, end: True):
        searched = numbers.read_qualifiers(before, dutch=dutch)
    assert numbers.read_qualifiers(before, dutch=dutch) == searched


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(["ca", "o", "a", "e", "bijv", " ", "\u00a0", ".", ";", "!", "?", "–", "—", "-", "\n",
                              "7", "x"]), max_size=30).map("".join),
    st.integers(min_value=0, max_value=30),
    st.integers(min_value=0, max_value=5),
)
def test_clause_bounds_as_with_the_old_pattern(text: str, start: int, length: int) -> None:
    """numbers.clause_bounds, which leaves out the dash branches for a text without a dash,
    finds the clause the old pattern found."""
    import re

    from kg import numbers

    start = min(start, len(text))
    end = min(start + length, len(text))
    old = re.compile(_OLD_CLAUSE_BREAK)
    starts = [m.end() for m in old.finditer(text, 0, start)]
    after = old.search(text, end)
    assert numbers.clause_bounds(text, start, end) == ((starts[-1] if starts else 0), (after.start() if after else len(text)))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["steeg", "Verhoging", "loon", "groei", "van", "VANAF", "from", " ", "\u00a0", "\n",
                                 "\t", "x", "_", "7", "up by", "-", ".", "é"]), max_size=12).map("".join))
def test_change_patterns_as_without_the_word_start_lookahead(text: str) -> None:
    """``\\b(?=\\w)`` in numbers.CHANGE_WORDS_RE and _CHANGE_NOUN_VAN_RE finds what ``\\b`` found,
    and _FROM_RE searched at the end (search_at_end) what a search of all the text found."""
    import re

    from kg import numbers

    for new in (numbers.CHANGE_WORDS_RE, numbers._CHANGE_NOUN_VAN_RE):
        old = re.compile(new.pattern.replace(r"\b(?=\w)", r"\b", 1), new.flags)
        assert [m.span() for m in new.finditer(text)] == [m.span() for m in old.finditer(text)]
    found = numbers.search_at_end(numbers._FROM_RE, text, len(text), len("vanaf"))
    old_found = numbers._FROM_RE.search(text)
    assert (found and found.span()) == (old_found and old_found.span())


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["de", "De", "the", "van", "é", "édé", "²", "½", "_", "7", ",", "(", " ", "\u00a0", "\n",
                                 "\u2009", "İ", "x", "of", "-"]), max_size=15).map("".join))
def test_function_word_counts_as_reading_every_run_of_letters(text: str) -> None:
    """numbers._function_word_counts, which reads tokens of letters alone without the pattern,
    counts what counting every run of letters counted."""
    from kg import numbers

    words = numbers._LETTERS_RE.findall(text.lower())
    assert numbers._function_word_counts(text) == (
        sum(w in numbers._DUTCH_WORDS for w in words),
        sum(w in numbers._ENGLISH_WORDS for w in words),
    )
