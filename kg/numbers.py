"""Numbers as people write them in Dutch and English.

The one hard question is what a ``.`` or ``,`` inside a numeral means. Each
reading is decided by a named rule (the ``rule`` of a :class:`NumberMatch`):

``plain``
    no separator: ``875000``, ``2024``.
``mixed-separators``
    both ``.`` and ``,`` occur: the last one is the decimal mark and the other
    groups thousands: ``1.234.567,89`` (Dutch), ``1,234,567.89`` (English).
``thousands-groups``
    one kind of separator, each followed by exactly three digits, a first group
    of one to three digits that is not a lone ``0``: ``16.759`` -> 16759,
    ``1,000`` -> 1000, ``1.000.000``. A Dutch ``,-`` for whole euros
    (``€ 1.250,-``) is allowed after it.
``decimal-before-suffix``
    a single separator followed by three digits and a *glued* magnitude letter
    (``k``, ``M``, ``bn``...): the decimal reading is the writing convention
    there, so ``$1.250M`` -> 1 250 000 and ``1,500k`` -> 1500. With a magnitude
    *word* the thousands reading stays: ``1.500 miljoen`` -> 1.5 billion.
``decimal``
    a single separator followed by one or two digits (``3,7`` Dutch, ``2.5``
    English), by four or more digits (``3.14159``), or after a lone ``0``
    (``0,375``).

Any other grouping (``1.23.456``) is not a number. A magnitude follows a
numeral either glued (``875K``, ``$1,34M``, ``€5bn``) or after one space
(``2 miljoen``, ``10 mln``, ``3 billion``).

Values are floats without float noise (rounded to 6 decimals) and come back as
``int`` when integral, so ``875000`` and ``1340000`` print as written.

Beside the parser the module holds what money and percentage extraction share:
currency symbols, codes and words (``CURRENCY_*``, :func:`currency_code`), the
reader for approximation and bound words before a figure
(:func:`read_qualifiers`) and :func:`parse_amount` for search boxes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import filterfalse
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numbers is a leaf module: the model only as a type
    from kg.model import SegmentedDocument

__all__ = [
    "Amount",
    "CURRENCY_CODES",
    "CURRENCY_SYMBOLS",
    "CURRENCY_WORDS",
    "MAGNITUDES",
    "NumberMatch",
    "Qualifiers",
    "clean_number",
    "currency_code",
    "find_numbers",
    "numbers_in_passages",
    "sentence_numbers",
    "without_magnitudes",
    "clause_bounds",
    "has_change_word",
    "is_transition",
    "is_year_like",
    "looks_dutch",
    "sentence_looks_dutch",
    "range_connector",
    "read_after",
    "url_spans",
    "interpret_numeral",
    "magnitude_factor",
    "match_number",
    "parse_amount",
    "parse_number",
    "parse_number_words",
    "read_qualifiers",
    "LANGUAGE_DEPENDENT_QUALIFIER",
    "search_at_end",
]

# --------------------------------------------------------------------------- magnitudes

MAGNITUDES: dict[str, int] = {
    "k": 10**3,
    "duizend": 10**3,
    "thousand": 10**3,
    "m": 10**6,
    "mln": 10**6,
    "mio": 10**6,
    "miljoen": 10**6,
    "million": 10**6,
    "b": 10**9,
    "bn": 10**9,
    "mld": 10**9,
    "mrd": 10**9,
    "miljard": 10**9,
    "billion": 10**9,
    "biljoen": 10**12,
    "trillion": 10**12,
}
# letters that count as a magnitude only when glued to the digits: 875K, $10M, €5bn
_GLUED_MAGNITUDE = r"(?:bn|mln|mld|mrd|mio|[kKmMbB])(?![^\W\d_])"
# words that follow after one space: 2 miljoen, 10 mln, 3 billion
_SPACED_MAGNITUDE = (
    r"(?:miljoen|miljard|biljoen|million|billion|trillion|thousand|duizend|mln|mld|mrd|mio|bn)"
    r"(?![^\W\d_])"
)


def magnitude_factor(word: str) -> int | None:
    """The multiplier of a magnitude word or suffix: ``k`` -> 1000, ``miljoen`` -> 10**6."""
    return MAGNITUDES.get(word.strip().rstrip(".").lower())


# --------------------------------------------------------------------------- numerals

# ``\d`` where a search skips to it: under Unicode the engine tests ``\d`` with a category
# lookup at every character it passes (most of the cost of finding the numbers of a text),
# and this character set is two range tests. It holds every ``\d``: the ASCII digits and all
# characters from U+0660, the first other digit; the lookbehind keeps exactly the ``\d``.
_DIGIT = r"[0-9\u0660-\U0010ffff](?<=\d)"
# The first digit is matched before the lookbehinds (which then look past it) and the
# groupings below count one digit fewer: a pattern that starts with a digit lets the
# engine skip to the next digit in C, where a leading lookahead made it try every position.
_NUMERAL = (
    _DIGIT + r"(?<!\w\d)(?<!\d[.,]\d)"  # no letter, digit or digit and separator before the numeral
    r"(?:\d{0,2}(?:\.\d{3})+(?:,\d+)?"  # Dutch grouping: 1.234.567,89
    r"|\d{0,2}(?:,\d{3})+(?:\.\d+)?"  # English grouping: 1,234,567.89
    r"|\d*(?:[.,]\d+)?)"  # no grouping: 875000, 3,7, 2.5
    r"(?:,-{1,2}(?!\d)|,=)?"  # Dutch whole euros: 1.250,-
    r"(?![.,]?\d)"
)
NUMERAL_RE = re.compile(_NUMERAL)
_NUMBER_RE = re.compile(
    _NUMERAL
    + r"(?:(?P<glued>"
    + _GLUED_MAGNITUDE
    + r")|[ \u00a0](?P<spaced>"
    + _SPACED_MAGNITUDE
    + r"))?"
)

RULE_PLAIN = "plain"
RULE_MIXED = "mixed-separators"
RULE_THOUSANDS = "thousands-groups"
RULE_DECIMAL_BEFORE_SUFFIX = "decimal-before-suffix"
RULE_DECIMAL = "decimal"


def clean_number(x: float | int | Decimal) -> float | int:
    """``x`` without float noise: rounded to 6 decimals, an ``int`` when integral."""
    r = round(float(x), 6)
    if r.is_integer() and abs(r) < 2**53:
        return int(r)
    return r


def _grouped(int_part: str, sep: str) -> bool:
    groups = int_part.split(sep)
    return (
        1 <= len(groups[0]) <= 3
        and groups[0] != "0"
        and all(len(g) == 3 for g in groups[1:])
        and all(g.isdigit() for g in groups)
    )


_WHOLE_EUROS_RE = re.compile(r",(?:-{1,2}|=)$")
_DIGITS_AND_SEPARATORS_RE = re.compile(r"[\d.,]+")


def interpret_numeral(numeral: str, *, glued_suffix: bool = False) -> tuple[Decimal, str] | None:
    """The value of a numeral (digits and separators only) and the name of the rule
    that read it; ``None`` when the separators follow no rule.

    ``glued_suffix`` says a magnitude letter is glued to it (``1.250M``).
    """
    s = numeral.strip()
    s = _WHOLE_EUROS_RE.sub("", s)
    if not s or not _DIGITS_AND_SEPARATORS_RE.fullmatch(s) or not s[0].isdigit() or not s[-1].isdigit():
        return None
    dots, commas = s.count("."), s.count(",")
    try:
        if not dots and not commas:
            return Decimal(s), RULE_PLAIN
        if dots and commas:
            decimal_mark = "." if s.rfind(".") > s.rfind(",") else ","
            thousands = "," if decimal_mark == "." else "."
            int_part, _, frac = s.rpartition(decimal_mark)
            if decimal_mark in int_part or not _grouped(int_part, thousands) or not frac:
                return None
            return Decimal(int_part.replace(thousands, "") + "." + frac), RULE_MIXED
        sep = "." if dots else ","
        parts = s.split(sep)
        if len(parts) > 2:
            if not _grouped(s, sep):
                return None
            return Decimal(s.replace(sep, "")), RULE_THOUSANDS
        int_part, frac = parts
        if len(frac) == 3 and _grouped(s, sep):
            if glued_suffix:
                return Decimal(int_part + "." + frac), RULE_DECIMAL_BEFORE_SUFFIX
            return Decimal(int_part + frac), RULE_THOUSANDS
        return Decimal(int_part + "." + frac), RULE_DECIMAL
    except InvalidOperation:
        return None


@dataclass(frozen=True, slots=True)
class NumberMatch:
    """A number found in a text: ``text[start:end]`` is the numeral plus magnitude."""

    value: float | int  # with the magnitude applied
    start: int
    end: int
    numeral: str  # the digits and separators as written
    numeral_value: float | int  # without the magnitude
    magnitude: str | None  # the magnitude suffix or word as written
    factor: int  # 1 when there is no magnitude
    rule: str  # which separator rule read the numeral

    @property
    def numeral_end(self) -> int:
        return self.start + len(self.numeral)


def _build(m: re.Match[str], base: int = 0) -> NumberMatch | None:
    numeral = m.group(0)
    mag = None
    glued = False
    if m.re is _NUMBER_RE:
        glued_mag, spaced_mag = m.group("glued", "spaced")  # one call: most numbers have neither
        if glued_mag is not None:
            mag, glued = glued_mag, True
            numeral = numeral[: m.start("glued") - m.start()]
        elif spaced_mag is not None:
            mag = spaced_mag
            numeral = numeral[: m.start("spaced") - m.start()].rstrip(" \u00a0")
    read = _read(numeral, mag, glued)
    if read is None:
        return None
    value, numeral_value, factor, rule = read
    start, end = m.span()
    return NumberMatch(value, base + start, base + end, numeral, numeral_value, mag, factor, rule)


# digits an int may have for its product with any magnitude to stay within Decimal's 28
# digits of precision: then int and Decimal arithmetic give the same value
_EXACT_DIGITS = 28 - len(str(max(MAGNITUDES.values()))) + 1


@lru_cache(maxsize=4096)
def _read(numeral: str, mag: str | None, glued: bool) -> tuple[float | int, float | int, int, str] | None:
    """Value, numeral value, factor and rule of a numeral with its magnitude: the same few
    numerals (years, small counts) come back in every document, so each is read once."""
    number: Decimal | int
    if numeral.isdecimal() and len(numeral) <= _EXACT_DIGITS:
        number, rule = int(numeral), RULE_PLAIN  # most numerals: what interpret_numeral reads, without Decimal
    else:
        read = interpret_numeral(numeral, glued_suffix=glued)
        if read is None:
            return None
        number, rule = read
    factor = magnitude_factor(mag) if mag else 1
    if factor is None:  # pragma: no cover - the pattern only admits known magnitudes
        return None
    return clean_number(number * factor), clean_number(number), factor, rule


def match_number(text: str, pos: int = 0, *, magnitudes: bool = True) -> NumberMatch | None:
    """The number that starts exactly at ``text[pos]``, with its span, or ``None``."""
    pattern = _NUMBER_RE if magnitudes else NUMERAL_RE
    m = pattern.match(text, pos)
    return _build(m) if m else None


def find_numbers(text: str, *, magnitudes: bool = True) -> list[NumberMatch]:
    """Every number written in digits in ``text``, in order, with value and span.

    Numerals glued to letters (``L3``, ``E5``) and malformed groupings are skipped.
    """
    return list(_find_numbers(text, magnitudes))


def _find_numbers(text: str, magnitudes: bool, first_digit: int = 0) -> tuple[NumberMatch, ...]:
    """``find_numbers``; ``first_digit``: where the first digit of ``text`` may be, known to the
    caller (every numeral starts with one: the search starts there, its lookbehinds still see
    the text before)."""
    pattern = _NUMBER_RE if magnitudes else NUMERAL_RE
    found = []
    for m in pattern.finditer(text, first_digit):
        number = _build(m)
        if number is not None:
            found.append(number)
    return tuple(found)


_DIGIT_RE = re.compile(_DIGIT)  # the digits every numeral starts with


def numbers_in_passages(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[NumberMatch, ...]]:
    """``find_numbers(text[start:end])`` for each span, offsets relative to its start.

    A passage without a digit is not searched: every numeral starts with one (most
    sentences hold none). A passage is searched as a text of its own, as
    ``find_numbers`` would, so the lookarounds see its edges, not the text beyond.

    The next digit is looked for only when the passage starts past the last one found
    (``searched_from <= start <= next_digit``: then it is the first digit from ``start``
    on too), so the passages between two digits cost no search; a passage is searched from
    that digit on."""
    found: list[tuple[NumberMatch, ...]] = []
    searched_from, next_digit = 1, 0  # nothing searched yet (the test below fails at once)
    for start, end in spans:
        if not searched_from <= start <= next_digit:
            m = _DIGIT_RE.search(text, start)
            searched_from, next_digit = start, (m.start() if m else len(text))
        found.append(_find_numbers(text[start:end], True, next_digit - start) if next_digit < end else ())
    return found


def without_magnitudes(numbers: Iterable[NumberMatch]) -> tuple[NumberMatch, ...]:
    """``find_numbers(text, magnitudes=False)`` from ``numbers = find_numbers(text)``, without
    reading the text again: each number's numeral read on its own.

    The two searches find the same numerals at the same places: a magnitude is optional
    after the numeral, so it never changes which numeral matches, and it holds no digit,
    so no numeral starts inside it. Only the reading differs (``1.250M`` is 1.25 million,
    ``1.250`` alone is 1250)."""
    found = []
    for number in numbers:
        if number.magnitude is None:
            found.append(number)
            continue
        read = _read(number.numeral, None, False)
        if read is None:  # pragma: no cover - a magnitude never makes a numeral readable
            continue
        value, numeral_value, factor, rule = read
        end = number.start + len(number.numeral)
        found.append(NumberMatch(value, number.start, end, number.numeral, numeral_value, None, factor, rule))
    return tuple(found)


def sentence_numbers(doc: SegmentedDocument, *, magnitudes: bool = True) -> list[tuple[NumberMatch, ...]]:
    """``find_numbers`` of each sentence of a segmented document, by sentence index, read
    once per document: money, percentages and counts all need them."""
    with_magnitudes: list[tuple[NumberMatch, ...]] = doc.memo(
        "numbers.sentences", lambda: numbers_in_passages(doc.text, ((s.start, s.end) for s in doc.sentences))
    )
    if magnitudes:
        return with_magnitudes
    return doc.memo(  # type: ignore[no-any-return]
        "numbers.sentences.numerals", lambda: [without_magnitudes(n) if n else n for n in with_magnitudes]
    )


_WORDS_RE = re.compile(r"[^\W\d_]+(?:[ -][^\W\d_]+)*")
# Every number text2num reads in Dutch or English contains one of these (a cheap
# pre-filter: most words are not numbers and never reach text2num). English reads a
# lone ``o`` (plural ``os``, ``oss``: it drops trailing s) as zero.
_NUMBER_WORD_STEM_RE = re.compile(
    r"nul|een|één|twee|drie|vier|vijf|zes|zev|acht|negen|tien|elf|twaalf|dert|veer|twin|tig|honderd|duizend"
    r"|miljoen|miljard|biljoen"
    r"|zero|nought|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thir|fif|twen|for|hundred"
    r"|thousand|illion"
    r"|o(?<![^\W\d_]o)s*(?![^\W\d_])"  # the lookbehind after the "o": every branch starts with a letter
)
# Every number text2num reads in Dutch holds one of its Dutch number words (nul, een, eerste,
# twee, drie, derde, vier, vijf, zes, zeven, acht, negen, tien, elf, twaalf, dertien..., twintig,
# dertig, veertig..., honderd, duizend, miljoen, miljard, biljoen, and their ordinals): a word
# without one of these stems is not asked of its Dutch reader, which costs ~25 times an English
# reading (it builds its word splitter on every call). Words are lowercase, as above.
_DUTCH_NUMBER_WORD_STEM_RE = re.compile(
    r"nul|een|één|eerst|twee|drie|derde|vier|vijf|zes|zev|acht|negen|tien|elf|twaalf|dert|veer|twin|tig"
    r"|honderd|duizend|miljoen|miljard|biljoen"
)


def parse_number_words(s: str, lang: str | None = None) -> int | None:
    """A number written in words (``vijf``, ``vijfentwintig``, ``twenty-five``), via text2num."""
    return _parse_number_words(" ".join(s.strip().lower().split()), lang)


def parse_number_word(word: str, lang: str | None = None) -> int | None:
    """``parse_number_words`` of one lowercase word without spaces (``vijfentwintig``,
    ``twenty-five``): for callers that read every word of a text, without normalising it."""
    return _parse_number_words(word, lang)


@lru_cache(maxsize=65536)
def _parse_number_words(words: str, lang: str | None) -> int | None:
    if not words or not _WORDS_RE.fullmatch(words) or not _NUMBER_WORD_STEM_RE.search(words):
        return None
    from text_to_num import text2num  # imported here, after the cheap tests most words fail

    for language in (lang,) if lang else ("nl", "en"):
        if language == "nl" and not _DUTCH_NUMBER_WORD_STEM_RE.search(words):
            continue  # text2num would not read it in Dutch
        try:
            return int(text2num(words, language))
        except (ValueError, IndexError, KeyError, AssertionError):
            continue
    return None


_SIGN_RE = re.compile(r"^([+\-\u2212])\s*")


def parse_number(s: str) -> float | int | None:
    """The value of a string that is one number: digits with Dutch or English
    separators and an optional magnitude (``16.759``, ``1,34M``, ``2 miljoen``,
    ``1.234.567,89``), an optional sign, or a number in words (``vijf``).
    ``None`` when the whole string is not a number."""
    text = " ".join(s.split())
    sign = 1
    m = _SIGN_RE.match(text)
    if m:
        sign = 1 if m.group(1) == "+" else -1
        text = text[m.end() :]
    number = match_number(text)
    if number is not None and number.end == len(text):
        return clean_number(sign * number.value)
    words = parse_number_words(text)
    return None if words is None else sign * words


# --------------------------------------------------------------------------- currencies

CURRENCY_SYMBOLS: dict[str, str] = {
    "US$": "USD",
    "U$S": "USD",
    "AU$": "AUD",
    "A$": "AUD",
    "CA$": "CAD",
    "C$": "CAD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "S$": "SGD",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₩": "KRW",
    "₽": "RUB",
    "CHF": "CHF",
}
CURRENCY_CODES: frozenset[str] = frozenset(
    "USD EUR GBP AUD CAD CHF JPY CNY INR NZD SEK NOK DKK HKD SGD KRW BRL ZAR PLN".split()
)
CURRENCY_WORDS: dict[str, str] = {
    "euro": "EUR",
    "euro's": "EUR",
    "euros": "EUR",
    "dollar": "USD",
    "dollars": "USD",
    "us-dollar": "USD",
    "us dollar": "USD",
    "amerikaanse dollar": "USD",
    "amerikaanse dollars": "USD",
    "australische dollar": "AUD",
    "australische dollars": "AUD",
    "canadese dollar": "CAD",
    "canadese dollars": "CAD",
    "pond": "GBP",
    "pond sterling": "GBP",
    "britse pond": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "pounds sterling": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "zwitserse frank": "CHF",
    "swiss francs": "CHF",
}


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# a currency written before the figure: $, US$, €, EUR (code needs no letter before it)
CURRENCY_PREFIX = (
    r"(?:(?<![A-Za-z])(?:" + _alternation([k for k in CURRENCY_SYMBOLS if k[0].isalpha()]) + r")"
    r"|(?<![A-Za-z])(?:" + "|".join(sorted(CURRENCY_CODES)) + r")(?![A-Za-z])"
    r"|" + _alternation([k for k in CURRENCY_SYMBOLS if not k[0].isalpha()]) + r")"
)
# a currency written after the figure: euro, dollar, EUR, €
CURRENCY_SUFFIX = (
    r"(?:(?i:" + _alternation(list(CURRENCY_WORDS)).replace(r"\ ", r"[ \u00a0]") + r")(?![\w-])"
    r"|(?:" + "|".join(sorted(CURRENCY_CODES)) + r")(?![A-Za-z])"
    r"|[€£¥₹])"
)


def currency_code(token: str) -> str | None:
    """The ISO 4217 code for a currency symbol, code or word: ``$`` -> ``USD``,
    ``euro`` -> ``EUR``, ``AUD`` -> ``AUD``."""
    t = " ".join(token.split())
    if t in CURRENCY_SYMBOLS:
        return CURRENCY_SYMBOLS[t]
    if t.upper() in CURRENCY_CODES and (t.isupper() or len(t) == 3):
        return t.upper()
    return CURRENCY_WORDS.get(t.lower())


@dataclass(frozen=True, slots=True)
class Amount:
    """A value read by :func:`parse_amount`; ``currency`` is ``None`` for a bare number."""

    value: float | int
    currency: str | None
    start: int
    end: int


_AMOUNT_RE = re.compile(
    r"(?P<pre>" + CURRENCY_PREFIX + r")?[ \u00a0]?(?P<num>\S.*?)"
    r"(?:[ \u00a0]?(?P<post>" + CURRENCY_SUFFIX + r"))?",
)


def parse_amount(s: str) -> Amount | None:
    """A money figure or bare number typed as one string, as used in fact-check
    search: ``875000``, ``$875K``, ``875.000``, ``1,34M``, ``$1.34M``, ``€90.000``,
    ``90.000 euro``, ``EUR 90k``, ``100 miljoen dollar``. The span is the stripped
    part of ``s`` that was read; ``None`` when ``s`` is not one amount."""
    lead = len(s) - len(s.lstrip())
    text = s.strip()
    m = _AMOUNT_RE.fullmatch(text)
    if not m:
        return None
    pre, post = m.group("pre"), m.group("post")
    if pre and post and currency_code(pre) != currency_code(post):
        return None
    number = match_number(text, m.start("num"))
    if number is None or number.end != m.end("num"):
        return None
    currency = currency_code(pre or post) if (pre or post) else None
    return Amount(number.value, currency, lead, lead + len(text))


# --------------------------------------------------------------------------- qualifiers

APPROXIMATE_WORDS = (
    "ongeveer", "circa", "ca.", "ca", "rond de", "rond", "rondom", "zo'n", "zo’n", "bijna",
    "nagenoeg", "ruwweg", "grofweg", "pakweg", "naar schatting", "om en nabij de",
    "om en nabij", "about", "around", "roughly", "approximately", "approx.", "nearly",
    "almost", "some", "an estimated", "estimated", "~", "≈", "±", "+/-", "+-",
)  # fmt: skip
GT_WORDS = (
    "meer dan", "ruim", "boven de", "boven", "over", "more than", "above", "minstens",
    "ten minste", "tenminste", "minimaal", "at least", "upwards of", "in excess of",
    "vanaf", "starting at", ">", "≥", ">=",
)  # fmt: skip
LT_WORDS = (
    "minder dan", "onder de", "onder", "less than", "under", "below", "fewer than",
    "nog geen", "<",
)  # fmt: skip
UPTO_WORDS = (
    "tot wel", "tot zelfs", "tot aan", "tot", "oplopend tot", "up to", "as much as", "as many as",
    "maximaal", "hooguit", "at most", "niet meer dan", "no more than", "≤", "<=",
)  # fmt: skip
RANGE_WORDS = ("tussen de", "tussen", "between")
FILLER_WORDS = ("de", "het", "the", "wel", "zelfs", "slechts", "only", "just", "maar liefst", "even")

_QUALIFIERS: list[tuple[str, str]] = sorted(
    [(w, "approx") for w in APPROXIMATE_WORDS]
    + [(w, "gt") for w in GT_WORDS]
    + [(w, "lt") for w in LT_WORDS]
    + [(w, "upto") for w in UPTO_WORDS]
    + [(w, "range") for w in RANGE_WORDS]
    + [(w, "filler") for w in FILLER_WORDS],
    key=lambda wk: len(wk[0]),
    reverse=True,
)
_QUALIFIER_RE = re.compile(
    r"(?:(?<=[\s(\[“\"‘'/:;,])|^)(?P<word>"
    + "|".join(re.escape(w) for w, _ in _QUALIFIERS)
    + r")[ \u00a0]*$",
    re.IGNORECASE,
)
_SYMBOL_QUALIFIER_RE = re.compile(r"(?P<word>~|≈|±|>=|<=|>|<|≥|≤)[ \u00a0]*$")
_LONGEST_QUALIFIER = max(len(w) for w, _ in _QUALIFIERS)
_KIND = {w.lower(): k for w, k in _QUALIFIERS}
_SYMBOL_KIND = {"~": "approx", "≈": "approx", "±": "approx", ">": "gt", ">=": "gt", "≥": "gt",
                "<": "lt", "<=": "upto", "≤": "upto"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Qualifiers:
    """What the words right before a figure say about it."""

    approximate: bool = False
    bound: str | None = None  # gt, lt, upto
    range_marker: bool = False  # tussen / between
    start: int = 0  # where the qualifying words start in the text that was read
    words: tuple[str, ...] = ()


_DUTCH_WORDS = frozenset(
    "de het een van en is zijn dat die niet met voor op te bij naar ook als maar of er om aan door uit tot"
    " wordt worden werd heeft hebben kan kunnen zal deze dit nog wel geen meer dan hun hij zij ze we je".split()
)
_ENGLISH_WORDS = frozenset(
    "the a an of and is are that not with for on to at by as but or it its this these has have had can will"
    " than more their he she they we you from".split()
)


_LETTERS_RE = re.compile(r"[^\W\d_]+")


def _function_word_counts(text: str) -> tuple[int, int]:
    """How many of the words (runs of letters) of ``text`` are Dutch and English function words."""
    # No run of letters holds whitespace, so a token of str.split made of letters alone is one
    # run (most words: split costs less than the pattern); the pattern reads the runs of the
    # other tokens (those with a digit or punctuation), which as tokens are no function word.
    tokens = text.lower().split()
    runs = _LETTERS_RE.findall(" ".join(filterfalse(str.isalpha, tokens)))
    # map and sum in C: a generator costs a Python step per word
    return (
        sum(map(_DUTCH_WORDS.__contains__, tokens)) + sum(map(_DUTCH_WORDS.__contains__, runs)),
        sum(map(_ENGLISH_WORDS.__contains__, tokens)) + sum(map(_ENGLISH_WORDS.__contains__, runs)),
    )


def search_at_end(pattern: re.Pattern[str], text: str, end: int, longest: int) -> re.Match[str] | None:
    """``pattern.search(text[:end])`` for a pattern anchored at the end (``...[ ]*$``) whose
    matches, up to their last non-blank character, are at most ``longest`` characters.

    Such a match ends where ``text[:end]`` ends, so it starts in the last ``longest``
    characters before the trailing blanks; searching the whole text would try every
    position of it (the cost of reading the words before each figure of a long sentence).
    Lookbehinds and ``\\b`` still see the characters before the window; ``^`` matches only
    at the start of ``text``, as before."""
    stop = end
    while stop and text[stop - 1].isspace():
        stop -= 1
    return pattern.search(text, max(0, stop - longest), end)


def looks_dutch(text: str, default: str | None = None) -> bool:
    """Whether ``text`` reads as Dutch by its function words; ties go to ``default``
    (a language code such as the document's)."""
    nl, en = _function_word_counts(text)
    if nl != en:
        return nl > en
    return default == "nl"


def sentence_looks_dutch(doc: SegmentedDocument, index: int, default: str | None = None) -> bool:
    """``looks_dutch`` of the sentence ``index`` of ``doc``: its function words counted once
    per document and sentence (money, percentages and counts each ask), on first request."""
    counts: dict[int, tuple[int, int]] = doc.memo("numbers.function_words", dict)
    found = counts.get(index)
    if found is None:
        sentence = doc.sentences[index]
        found = counts[index] = _function_word_counts(doc.text[sentence.start : sentence.end])
    nl, en = found
    if nl != en:
        return nl > en
    return default == "nl"


# every word a qualifier search can match in ASCII text, lowercased: under IGNORECASE an ASCII
# character matches a word's character only when both lowercase alike (the characters of the
# other words, ’ ≈ ± ≤ ≥, have no ASCII case twin)
_ASCII_QUALIFIERS = tuple(sorted({word.lower() for word, _ in _QUALIFIERS if word.isascii()}))


def _may_end_in_qualifier(text: str, end: int) -> bool:
    """Whether a qualifier may end where ``text[:end]`` ends before its trailing blanks (where
    every match of the qualifier searches ends): when the characters there are ASCII, only if
    they end with one of the words (one C call, where the two searches try every position)."""
    stop = end
    while stop and text[stop - 1].isspace():
        stop -= 1
    tail = text[max(0, stop - _LONGEST_QUALIFIER) : stop]
    return not tail.isascii() or tail.lower().endswith(_ASCII_QUALIFIERS)


# the one qualifier word read by the sentence's language (``over`` is "more than" in English, "in"
# in Dutch): callers need a sentence's language for read_qualifiers only when it holds this word
LANGUAGE_DEPENDENT_QUALIFIER = "over"


def read_qualifiers(before: str, *, max_words: int = 5, dutch: bool = False) -> Qualifiers:
    """Read approximation and bound words at the end of ``before`` (the text right
    before a figure): ``meer dan ongeveer`` -> bound ``gt``, approximate;
    ``tot wel`` -> ``upto``; ``rond de`` -> approximate; ``tussen de`` -> a range
    marker. The nearest bound word wins; fillers (``de``, ``wel``, ``slechts``) are
    skipped but never qualify on their own. In ``dutch`` text ``over`` is a
    preposition (``berichten over $10M``), not ``more than``."""
    approximate = False
    bound = None
    range_marker = False
    words: list[str] = []
    end = len(before)
    start = end
    for _ in range(max_words):
        if not _may_end_in_qualifier(before, end):
            break  # the searches below would find nothing (most figures)
        m = search_at_end(_SYMBOL_QUALIFIER_RE, before, end, 2) or search_at_end(
            _QUALIFIER_RE, before, end, _LONGEST_QUALIFIER
        )
        if not m:
            break
        word = m.group("word")
        kind = _SYMBOL_KIND.get(word) or _KIND.get(word.lower())
        if kind is None or (dutch and word.lower() == LANGUAGE_DEPENDENT_QUALIFIER):
            break
        if kind == "approx":
            approximate = True
        elif kind in ("gt", "lt", "upto"):
            bound = bound or kind
        elif kind == "range":
            range_marker = True
        words.append(word)
        end = m.start()
        if kind != "filler":
            start = end
    return Qualifiers(approximate, bound, range_marker, start, tuple(reversed(words)))


_AFTER_RE = re.compile(
    r"^[ \u00a0]*(?:(?:of|en|or|and)[ \u00a0]+(?P<word>meer|hoger|meer dan dat|more|higher|above|over"
    r"|minder|lager|less|lower|fewer|zo|so|thereabouts)\b|(?P<plus>\+)(?![\d]))",
    re.IGNORECASE,
)


def read_after(after: str) -> Qualifiers:
    """Qualifiers right after a figure: ``of meer`` / ``or more`` -> ``gt``,
    ``of minder`` -> ``lt``, ``or so`` -> approximate."""
    m = _AFTER_RE.match(after)
    if not m:
        return Qualifiers()
    if m.group("plus"):
        return Qualifiers(bound="gt", start=m.end(), words=("+",))
    word = m.group("word").lower()
    if word in ("zo", "so", "thereabouts"):
        return Qualifiers(approximate=True, start=m.end(), words=(word,))
    bound = "lt" if word in ("minder", "lager", "less", "lower", "fewer") else "gt"
    return Qualifiers(bound=bound, start=m.end(), words=(word,))


# --------------------------------------------------------------------------- ranges, URLs

_CONNECTOR_RE = re.compile(
    r"[ \u00a0]*[-\u2010\u2011\u2012\u2013\u2014\u2212][ \u00a0]*"
    r"|[ \u00a0]+(?:tot(?:[ \u00a0]+(?:wel|aan|en[ \u00a0]+met))?|t/m|to|through|à)[ \u00a0]+"
    r"|(?P<and>[ \u00a0]+(?:en|and)[ \u00a0]+)",
    re.IGNORECASE,
)


def range_connector(gap: str, *, between: bool = False) -> bool:
    """Whether ``gap``, the text between two figures, joins them into a range:
    a dash (``500k – 800k``, ``10–15``), ``tot``/``to``/``t/m``, or ``en``/``and``
    when ``between`` (``tussen X en Y``)."""
    m = _CONNECTOR_RE.fullmatch(gap)
    return bool(m) and (between or not m.group("and"))


def joins_range(text: str, first_start: int, first_end: int, second_start: int) -> bool:
    """Whether the text between a figure at ``first_start..first_end`` and one at
    ``second_start`` joins them into a range (:func:`range_connector`); the words before
    the first figure are read only for ``en``/``and``, the one connector that needs them
    (``tussen X en Y``)."""
    gap = text[first_end:second_start]
    return range_connector(gap) or (
        range_connector(gap, between=True) and read_qualifiers(text[:first_start]).range_marker
    )


def is_year_like(number: NumberMatch) -> bool:
    """A bare four-digit number that reads as a year (1800-2100)."""
    numeral = number.numeral  # ``10,-`` (Dutch for a whole amount) is four characters too
    return number.rule == RULE_PLAIN and number.factor == 1 and len(numeral) == 4 and numeral.isdigit() and (
        1800 <= int(numeral) <= 2100
    )


_URL_RE = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|\b[\w-]+=[^\s]+")


def url_spans(text: str) -> list[tuple[int, int]]:
    """Spans of URLs, e-mail addresses and ``key=value`` tokens, where numbers are not figures."""
    if "@" not in text and "=" not in text and "http" not in text and "www." not in text:
        return []  # none of the three alternatives can match
    return [m.span() for m in _URL_RE.finditer(text)]


# --------------------------------------------------------------------------- changes

# Every word of the two patterns below starts with a word character, so ``\b`` before one is a
# word start: said with ``(?=\w)``, the engine tries the words at word starts only, not also
# at every word's end.
CHANGE_WORDS_RE = re.compile(
    r"\b(?=\w)(?:steeg|stegen|gestegen|stijg\w*|groei\w*|gegroeid|daal\w*|daling\w*|gedaald|toename\w*|toegenomen"
    r"|toenemen|toeneemt|afname\w*|afgenomen|afnemen|verhoging\w*|\w+verhoging\w*|verhoogd|verlaging\w*"
    r"|verlaagd|krimp\w*|gekrompen|increase\w*|decrease\w*|rose|rise[ns]?|rising|grew|grow\w*|fell|fall\w*"
    r"|declin\w*|drop\w*|jump\w*|surg\w*|gained|up[ \u00a0]by|down[ \u00a0]by"
    # verbs of a steep or steady move: ``klom``, ``zakte``, ``kelderde``, ``climbed``, ``soared``, ``shrank``
    r"|klom|klommen|geklommen|zakte[n]?|gezakt|kelder\w*|gekelderd|slonk|slonken|geslonken"
    r"|climb\w*|soar\w*|plung\w*|slump\w*|tumbl\w*|shr[iau]nk\w*|dipped)\b",
    re.IGNORECASE,
)
_CHANGE_NOUN_VAN_RE = re.compile(
    r"\b(?=\w)(?:stijging\w*|groei|daling\w*|toename\w*|afname\w*|\w*verhoging\w*|verlaging\w*|increase|decrease"
    r"|rise|growth|drop|decline|jump)[ \u00a0]+(?:van|of|from)[ \u00a0]*$",
    re.IGNORECASE,
)
# a clause ends at sentence punctuation (not a decimal point), a spaced dash or a line break
# (the abbreviations are checked after the period: at every other character the first test fails)
_PUNCTUATION_BREAKS = (
    r"[.](?<!\bca\.)(?<!\bbijv\.)(?<!\bbv\.)(?<!\bincl\.)(?<!\bexcl\.)(?<!\bvs\.)(?<!\bDr\.)(?<!\bdr\.)(?<!\betc\.)"
    r"(?<!\bo\.a\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bresp\.)(?<!\bzgn\.)(?<!\bprof\.)(?<!\bmr\.)(?<!\bjr\.)(?!\d)"
    r"(?!(?<=\bo\.)a\.)(?!(?<=\be\.)g\.)(?!(?<=\bi\.)e\.)"  # the first period of o.a., e.g., i.e.
    # every branch opens with one literal character: the engine then skips to the next of
    # them (a class such as ``[;!?]`` as a branch's first makes it try every position)
    r"|;|!|\?|\n"
)
_CLAUSE_BREAK_RE = re.compile(_PUNCTUATION_BREAKS + r"| [–—][ \u00a0]|\u00a0[–—][ \u00a0]")
# The same without the spaced dashes, for a text without a dash: their branches open with a
# space, where the engine would stop at every word; no two branches open with the same
# character, so at most one matches at a position and dropping the others changes no match.
_CLAUSE_BREAK_NO_DASH_RE = re.compile(_PUNCTUATION_BREAKS)


def _clause_breaks_in(text: str) -> re.Pattern[str]:
    """The clause-break pattern to search ``text`` with."""
    return _CLAUSE_BREAK_RE if "–" in text or "—" in text else _CLAUSE_BREAK_NO_DASH_RE


_TRANSITION_GAP_RE = re.compile(r"[ \u00a0]+(?:tot|to|naar)[ \u00a0]+", re.IGNORECASE)
_FROM_RE = re.compile(r"\b(?:van|vanaf|from)[ \u00a0]*$", re.IGNORECASE)


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around ``text[start:end]``: up to ``.;!?`` (not a decimal point,
    not the periods of ``ca.``, ``bijv.``, ``o.a.``...), a spaced dash or a line
    break on either side."""
    breaks = _clause_breaks_in(text)
    starts = [m.end() for m in breaks.finditer(text, 0, start)]
    after = breaks.search(text, end)
    return (starts[-1] if starts else 0), (after.start() if after else len(text))


def has_change_word(text: str, start: int, end: int) -> bool:
    """Whether the clause around ``text[start:end]`` says something changed
    (``steeg``, ``groei``, ``daalde``, ``toename``, ``rose``, ``increase``...)."""
    lo, hi = clause_bounds(text, start, end)
    return CHANGE_WORDS_RE.search(text, lo, hi) is not None


def is_transition(text: str, low_start: int, low_end: int, high_start: int) -> bool:
    """Whether two figures joined by ``tot``/``to`` are a before and after rather
    than a range: ``steeg van 8,8% tot 14,3%``, ``rose from $100k to $120k``.
    A change noun before ``van`` keeps the range: ``een groei van 10 tot 15%``."""
    if not _TRANSITION_GAP_RE.fullmatch(text[low_end:high_start]):
        return False
    before = text[:low_start]
    before = before[: read_qualifiers(before).start]
    if not search_at_end(_FROM_RE, before, len(before), len("vanaf")) or _CHANGE_NOUN_VAN_RE.search(before):
        return False
    return has_change_word(text, low_start, low_end)
