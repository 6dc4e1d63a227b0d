"""kg.extracting.time: the period a figure refers to, as ISO 8601."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extracting.time import find_times, reference_year, time_for
from kg.model import Document


@pytest.mark.parametrize(
    "text, want",
    [
        pytest.param("het salaris bereikte $160k in april 2025", "2025-04", id="nl-month-year"),
        pytest.param("in March 2024 the median was", "2024-03", id="en-month-year"),
        pytest.param("in APRIL 2024 the median was", "2024-04", id="month-in-capitals"),
        pytest.param("in Aprıl 2024 (a dotless i) the median was", "2024-04", id="month-with-dotless-i"),
        pytest.param("landen (2024–25) gemiddeld", "2024/2025", id="short-year-range"),
        pytest.param("landen (2024 – 25) gemiddeld", "2024/2025", id="short-year-range-spaced-dash"),
        pytest.param("between 2019 and 40 firms", "2019", id="two-digits-after-and-are-no-year"),
        pytest.param("van 2021 tot 35 procent", "2021", id="two-digits-after-tot-are-no-year"),
        pytest.param("steeg van 2019 tot 2024 met 330%", "2019/2024", id="van-tot"),
        pytest.param("between 2020 and 2023 pay rose", "2020/2023", id="en-between"),
        pytest.param("zal verdubbelen tegen 2027", "2025/2027", id="tegen-year"),
        pytest.param("de komende 5 jaar", "2025/2030", id="komende-n-jaar"),
        pytest.param("in de komende vijf jaar", "2025/2030", id="komende-word-jaar"),
        pytest.param("over the past 3 years", "2022/2025", id="past-n-years"),
        pytest.param("vorig jaar stegen de lonen", "2024", id="vorig-jaar"),
        pytest.param("In 2023 werden vacatures", "2023", id="in-year"),
        pytest.param("sinds 2020 is het aantal", "2020/2025", id="since-year"),
        pytest.param("Financial Times rapport (2023) ft.com", "2023", id="year-in-parentheses"),
    ],
)
def test_time_expressions(text: str, want: str) -> None:
    times = find_times(text, 0, len(text), 2025)
    assert [t.value for t in times] == [want]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("https://www.wrr.nl/publicaties/rapporten/2021/11/11/opgave-ai", id="url"),
        pytest.param("1 WRR, 2021. Opgave AI", id="footnote-reference"),
        pytest.param("Geraadpleegd op 11-06-2025.", id="date-with-dashes"),
        pytest.param("een salaris van $2.024 per maand", id="amount-not-year"),
        pytest.param("€3.900 per maand, 9% meer dan in 2023", id="nl-dan-in-base"),
        pytest.param("wages were 4% higher than in 2019", id="en-than-in-base"),
        pytest.param("een stijging ten opzichte van 2022", id="nl-ten-opzichte-van"),
        pytest.param("lager vergeleken met april 2024", id="nl-vergeleken-met-month"),
        pytest.param("up 3% compared with 2021", id="en-compared-with"),
        pytest.param("groei t.o.v. het jaar 2020", id="nl-tov-het-jaar"),
    ],
)
def test_not_times(text: str) -> None:
    assert find_times(text, 0, len(text), 2025) == []


def test_relative_times_need_a_reference_year() -> None:
    assert find_times("de komende 5 jaar", 0, 17, None) == []


def test_nearest_in_sentence_else_earlier_in_paragraph() -> None:
    text = "In het najaar van 2024 deed UWV onderzoek. Daarvan zegt 14% iets. In 2023 was dat 9%."
    second = text.index("Daarvan")
    third = text.index("In 2023")
    at14 = text.index("14%")
    at9 = text.index("9%")
    assert time_for(text, at14, at14 + 3, (second, third - 1), (0, len(text)), 2025) == "2024"
    assert time_for(text, at9, at9 + 2, (third, len(text)), (0, len(text)), 2025) == "2023"
    assert time_for(text, at14, at14 + 3, (second, third - 1), None, 2025) is None


@pytest.mark.parametrize(
    "text, figure, want",
    [
        pytest.param("Jobs rose from 8,100 in 2022 to 9,300 in 2023.", "9,300", "2023", id="en-from-in-to-in"),
        pytest.param("Jobs rose from 8,100 in 2022 to 9,300 in 2023.", "8,100", "2022", id="en-from-in"),
        pytest.param("Pay went up from $70k (2021) to $81k (2024).", "$81k", "2024", id="en-parenthesised-years"),
        pytest.param("De lonen gingen van 40 in 2019 tot 52 in 2021.", "52", "2021", id="nl-van-in-tot-in"),
    ],
)
def test_of_two_times_as_near_the_one_after_the_figure(text: str, figure: str, want: str) -> None:
    at = text.index(figure)
    assert time_for(text, at, at + len(figure), (0, len(text)), None, 2026) == want


@pytest.mark.parametrize(
    "text, figure, other, want",
    [
        pytest.param("Pay averaged £72,000, up from £66,500 in 2024.", "£72,000", "£66,500", None, id="en-up-from-in"),
        pytest.param("Pay averaged £72,000, up from £66,500 in 2024.", "£66,500", "£72,000", "2024", id="en-the-other-keeps-its-own"),
        pytest.param("In 2025 pay averaged £72,000, up from £66,500 (2024).", "£72,000", "£66,500", "2025",
                     id="en-parenthesised-year-of-the-other"),
        pytest.param("Het loon steeg naar 4.100 euro, van 3.800 euro in 2023.", "4.100 euro", "3.800 euro", None,
                     id="nl-van-in"),
        pytest.param("In 2025 kwamen er 400 banen bij, 300 in Utrecht.", "300", "400", "2025", id="nl-in-a-place-is-no-time"),
    ],
)
def test_a_time_right_after_another_figure_is_that_figures_own(text: str, figure: str, other: str, want: str | None) -> None:
    at, other_at = text.index(figure), text.index(other)
    assert time_for(text, at, at + len(figure), (0, len(text)), (0, len(text)), 2026, [other_at + len(other)]) == want


@pytest.mark.parametrize(
    "text, want",
    [
        pytest.param("In 2024 lag het loon 9% hoger dan in 2023.", "2024", id="nl-time-and-base"),
        pytest.param("Het loon lag 9% hoger dan in 2023.", None, id="nl-base-only"),
        pytest.param("In March 2025 pay was 9% higher than in March 2024.", "2025-03", id="en-months"),
    ],
)
def test_a_comparison_base_is_not_the_time_of_the_figure(text: str, want: str | None) -> None:
    at = text.index("9%")
    assert time_for(text, at, at + 2, (0, len(text)), None, 2026) == want


def test_reference_year_from_date_else_latest_year_in_text() -> None:
    doc = Document(id="d", file_name="d.txt", format="text/plain", text="In 2019 en 2023.", sha256="", date="2025-06")
    assert reference_year(doc) == 2025
    doc.date = None
    assert reference_year(doc) == 2023


_TIME_TEXT = st.lists(
    st.sampled_from(["2024", "1999", "2100", "19", "25", "april ", "APRIL ", "van ", "tot ", "–", "-", "/", ".", ",",
                     "komende ", "vijf ", "3 ", "jaar", "Jaren", "YEARS", "year", "dit ", "vorig ", "sinds ", "tegen ",
                     "WEF, ", " ", "\n", "x", "٣"]),
    max_size=14,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=_TIME_TEXT, a=st.integers(min_value=0, max_value=120), b=st.integers(min_value=0, max_value=120))
def test_property_skipping_rules_without_their_year_or_year_word_changes_nothing(text: str, a: int, b: int) -> None:
    """A passage is searched only with the rules whose matches it can hold: the same times come out."""
    from unittest import mock

    from kg.extracting import time as T

    start, end = sorted((min(a, len(text)), min(b, len(text))))
    with mock.patch.object(T.TimeCues, "rules_that_may_match", lambda *_: T._PATTERNS):
        want = find_times(text, start, end, 2025)
    assert find_times(text, start, end, 2025) == want


@settings(max_examples=300, deadline=None)
@given(text=_TIME_TEXT)
def test_property_standalone_years_are_the_years_the_pattern_reads(text: str) -> None:
    import re

    from kg.extracting import time as T

    want = [int(y) for y in re.findall(r"(?<![\d/])(" + T._YEAR + r")(?![\d/])", text)]
    assert T._standalone_years(text) == want


@settings(max_examples=300, deadline=None)
@given(text=_TIME_TEXT)
def test_property_year_starts_are_where_every_year_starts(text: str) -> None:
    """Also a year inside a longer run of digits (``192024``: 1920 and 2024)."""
    import re

    from kg.extracting import time as T

    year = re.compile(T._YEAR)
    assert T.time_cues(text).year_starts == [i for i in range(len(text)) if year.match(text, i)]


_OLD_PATTERNS = {  # the patterns as written before their lookbehinds moved after the first characters
    "month-year": r"(?<![\w-])(?P<month>MONTH)\.?[ \u00a0]+(?P<year>YEAR)(?!\d)",
    "by-year": r"\b(?:tegen|by|voor|before)[ \u00a0]+"
    r"(?:(?:het|de|the)[ \u00a0]+(?:einde?|eind|end)[ \u00a0]+(?:van|of)[ \u00a0]+)?(?P<year>YEAR)(?!\d)",
    "next-years": r"\b(?P<dir>komende|volgende|eerstvolgende|next|coming|over|within|binnen|afgelopen|laatste|"
    r"past|last)[ \u00a0]+(?P<n>(?:\d{1,2}|[a-z]+))[ \u00a0]+(?:jaar|jaren|years?)\b",
    "this-year": r"\b(?P<which>dit|this|vorig|vorige|last|afgelopen)[ \u00a0]+(?:jaar|year)\b",
    "since-year": r"\b(?:sinds|sedert|since|vanaf)[ \u00a0]+(?P<year>YEAR)(?![\d-])",
    "in-year": r"(?<![\w/.,:-])(?P<year>YEAR)(?![\w/-]|[.,]\d)",
}
_RULE_WORDS = ["Sept", "sep", "DEC", "mei", "ſinds", "sinds", "vanaf", "tegen", "by", "voor", "het", "einde", "van", "over",
               "komende", "vijf", "this", "vorige", "last", "jaar", "Years"]
_RULE_TEXT = st.lists(
    st.sampled_from([*_RULE_WORDS, *(w + " " for w in _RULE_WORDS), "2024", "1999", "2100", "19", "20", "5 ", "x", "é",
                     "-", "/", ".", ",", ":", " ", "\u00a0", "\n", "٣"]),
    max_size=12,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=_RULE_TEXT, pos=st.integers(min_value=0, max_value=8))
def test_property_patterns_match_as_with_their_lookbehinds_first(text: str, pos: int) -> None:
    """Each rule's pattern finds what it found with its lookbehind (or ``\\b``) first, also
    folded (as matched on the folded document) and from a position with text before it."""
    import re

    from kg.extracting import time as T
    from kg.extracting.casefold import Folded, fold

    month = "|".join(sorted(T.MONTHS, key=len, reverse=True))
    for rule, pattern in T._PATTERNS:
        if rule not in _OLD_PATTERNS:
            continue
        new = pattern.pattern if isinstance(pattern, Folded) else pattern
        old = re.compile(_OLD_PATTERNS[rule].replace("MONTH", month).replace("YEAR", T._YEAR), new.flags)
        pairs = [(old, new, text)]
        if isinstance(pattern, Folded):
            pairs.append((Folded(old).folded, pattern.folded, fold(text)))
        for was, now, subject in pairs:
            def found(p: re.Pattern[str], subject: str = subject) -> list[tuple[tuple[int, int], dict[str, Any]]]:
                return [(m.span(), m.groupdict()) for m in p.finditer(subject, min(pos, len(subject)))]

            assert found(now) == found(was), rule


_END_TEXT = st.lists(
    st.sampled_from(["2024", "2100", "19", "25", "april", "Sept", "mei", "DEC", "jun", ".", " ", "\u00a0", "komende",
                     "over", "Afgelopen", "last", "dit", "vorige", "this", "vijf", "3", "12", "٣", "jaar", "jaren",
                     "Years", "year", "xjaar", "-", "x", "\n"]),
    max_size=12,
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(text=_END_TEXT, a=st.integers(min_value=0, max_value=80), b=st.integers(min_value=0, max_value=80))
def test_property_skipping_rules_without_the_words_before_their_year_changes_nothing(text: str, a: int, b: int) -> None:
    """month-year, next-years and this-year run only where a year or year word has their
    words before it: the same times come out (spaces, dots and numbers of any kind between)."""
    from unittest import mock

    from kg.extracting import time as T

    start, end = sorted((min(a, len(text)), min(b, len(text))))
    with mock.patch.object(T.TimeCues, "rules_that_may_match", lambda *_: T._PATTERNS):
        want = find_times(text, start, end, 2025)
    assert find_times(text, start, end, 2025) == want
    cues = T.time_cues(text)
    ruled_out = {rule for rule, _ in T._PATTERNS} - {rule for rule, _ in cues.rules_that_may_match(start, end)}
    for rule, pattern in T._PATTERNS:
        if rule in ruled_out:
            assert not list(pattern.finditer(text, start, end)), rule
