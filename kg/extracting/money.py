"""Money figures: ``MonetaryAmount`` claims for every amount written with a currency.

What counts as money
    A number in digits (read by :mod:`kg.numbers`, so ``16.759``, ``$1,34M``,
    ``1.000.000``, ``2 miljoen`` all work) with a currency before it (``$``,
    ``US$``, ``€``, ``£``, ``EUR``, ``USD``, ``AUD``...) or after it (``euro``,
    ``dollar``, ``pond``, ``EUR``, ``€``). A bare number (``2024``, ``2,3 miljoen
    vacatures``) is never money; the end of a range may borrow the currency of the
    other end (``$1–2 miljoen``).

Span convention (``exact``)
    The figure or range as written: currency symbol/code/word, digits, magnitude
    (``$500k – $800k``, ``90.000 euro``, ``$10M``, ``100 miljoen dollar``), plus
    the symbols glued to it without a space: ``~ ≈ ± > < ≥ ≤`` in front and ``+``
    behind (``~$90k tot $150k``, ``$180k+``, ``>$10M``). Words that qualify the
    figure (``ongeveer``, ``meer dan``, ``tot wel``, ``tussen de``) and the period
    (``per jaar``, ``/jaar``) are never part of the span; they only set fields.

Fields
    ``value`` for one figure; ``low``/``high`` (and ``value`` None) for a range.
    A magnitude on the high end applies to a low end without one when the low
    numeral is smaller (``$10–$25M`` -> 10M..25M, but ``$800.000-$1 miljoen`` stays
    800 000..1 000 000). ``approximate`` from ``~``, ``ongeveer``, ``rond de``,
    ``circa``, ``ca.``, ``zo'n``, ``bijna``, ``about``, ``around``, ``roughly``...
    ``bound``: ``gt`` (``>``, ``meer dan``, ``boven``, ``over``, ``more than``, a
    glued ``+``, ``of meer``), ``lt`` (``<``, ``minder dan``, ``onder``, ``less
    than``), ``upto`` (``tot``, ``tot wel``, ``up to``, ``maximaal`` when not a
    range). For a range ``gt`` means the top is open (``$200.000 tot $300.000+``);
    a bound word before a range qualifies the range as a whole. A glued symbol
    beats a word. In a Dutch sentence ``over`` is a preposition (``berichten over
    $10M``), not ``more than``. ``tot`` after a loose ``van X ...`` is the end of
    that span, not ``upto``; ``steeg van $100k tot $120k`` is two figures, not a
    range. ``period``: ``year``/``month``/``week``/``day``/``hour``
    from ``per jaar``, ``/jaar``, ``/jr``, ``per year``, ``a year``, ``annually``,
    ``jaarsalaris``..., within 30 characters after the figure (no digits or
    sentence punctuation in between) or as a compound word shortly before it;
    ``once`` for sign-on bonuses, acquisitions and ``eenmalig``.
    ``currency`` is ISO 4217.

Measure (``measure``), one of ``salary``, ``base-salary``, ``total-compensation``,
``median``, ``average``, ``bonus``, ``sign-on-bonus``, ``retention-bonus``,
``equity``, ``offer``, ``investment``, ``acquisition-price``. Keywords are looked
for in the sentence near the figure, never past a neighbouring figure:

1. a keyword right after the figure, possibly after ``aan``/``in``/``als``/``of``
   and a period (``$2 miljoen aan retentiebonussen``, ``$150k basissalaris``);
2. else the nearest specific keyword in the 60 characters before it, else the
   first specific keyword in the 40 characters after it;
3. else the same for the generic keywords (``salary``: ``salaris``, ``verdient``,
   ``betaalde``, ``earns``; ``offer``: ``biedt``, ``aanbieding``), so
   ``mediaan salaris van $152.000`` is ``median`` and ``betaalde $100M om een
   startup te verwerven`` is ``acquisition-price``.

A figure followed by an equivalent in parentheses (``£295.000 (~$400k)``,
``€90.000 ($100k) per jaar``) gives two claims that share period and measure
and point at each other (``equivalent``, ``kg:equivalentTo``).
Numbers inside URLs and ``key=value`` tokens are skipped.

Known weaknesses
    Amounts in words (``tien miljoen dollar``, ``een half miljoen``) and ``ton``
    (100 000) are not read; a code glued to digits (``USD100``) is missed; a range
    broken by a parenthesis (``~$193K (instap) tot ~$893K``) gives two claims;
    ``$`` is always USD (no ``A$`` unless written so); measures and periods are
    keyword heuristics within a sentence and can pick a neighbouring clause's
    word; a figure the segmenter splits across two sentences is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extracting.casefold import fold, fold_document, folded_pattern
from kg.extracting.prefilter import Prefiltered, factored_alternation, top_level_alternatives
from kg.model import MonetaryAmount, SegmentedDocument
from kg.numbers import (
    CURRENCY_CODES,
    LANGUAGE_DEPENDENT_QUALIFIER,
    CURRENCY_PREFIX,
    CURRENCY_SUFFIX,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    NumberMatch,
    clean_number,
    currency_code,
    is_transition,
    is_year_like,
    sentence_looks_dutch,
    joins_range,
    read_after,
    read_qualifiers,
    sentence_numbers,
    url_spans,
)

NAME = "money"
VERSION = "0.3.0"

_LEFT_RE = re.compile(
    r"(?:(?P<glue>[~≈±<>≤≥]{0,2})(?P<cur>" + CURRENCY_PREFIX + r")[ \u00a0]?)?"
    r"(?P<glue2>[~≈±<>≤≥]{0,2})$"
)
_RIGHT_RE = re.compile(r"(?:[ \u00a0]?(?P<cur>" + CURRENCY_SUFFIX + r"))?(?P<plus>\+(?!\d))?")
_PERCENT_AFTER_RE = re.compile(r"[ \u00a0]?(?:%|procent|percent|pct\b|per cent)", re.IGNORECASE)
_GLUE_KIND = {"~": "approx", "≈": "approx", "±": "approx", ">": "gt", "≥": "gt", "<": "lt", "≤": "upto"}
# The longest text _LEFT_RE matches: two glued symbols, a currency, a space, two glued
# symbols; one more for the newline its "$" may match before. A match ends where the text
# before the figure ends, so it starts in these last characters: the search tries no others.
_LEFT_REACH = 2 + max(map(len, (*CURRENCY_SYMBOLS, *CURRENCY_CODES))) + 1 + 2 + 1
# the characters a currency written before a figure ends with
_CURRENCY_PREFIX_ENDS = frozenset(written[-1] for written in (*CURRENCY_SYMBOLS, *CURRENCY_CODES))


def _may_hold_left(text: str, start: int) -> bool:
    """Whether ``_LEFT_RE`` can read a currency or a glued symbol right before ``start``: the
    character there must end one (or be a space after a currency). Most numbers in prose
    follow a word, and the search would try every one of the 16 characters before them."""
    end = start - 1 if start and text[start - 1] == "\n" else start  # its "$" also matches before a last newline
    if not end:
        return False
    before = text[end - 1]
    if before in _GLUE_KIND or before in _CURRENCY_PREFIX_ENDS:
        return True
    return before in " \u00a0" and end >= 2 and text[end - 2] in _CURRENCY_PREFIX_ENDS


@dataclass
class _Atom:
    start: int  # sentence-relative span, glued symbols included
    end: int
    number: NumberMatch
    currency: str | None
    glue: str = ""
    plus: bool = False
    factor: int = 1

    @property
    def value(self) -> float | int:
        return clean_number(self.number.numeral_value * self.factor)


@dataclass
class _Item:
    atoms: list[_Atom]
    currency: str
    start: int
    end: int
    approximate: bool = False
    bound: str | None = None
    period: str | None = None
    measure: str | None = None
    values: dict[str, float | int | None] = field(default_factory=dict)
    equivalent: "_Item | None" = None


def _atoms(text: str, numbers: tuple[NumberMatch, ...], skip: list[tuple[int, int]]) -> list[_Atom]:
    atoms = []
    for number in numbers:
        if any(a <= number.start < b for a, b in skip):
            continue
        if number.factor == 1 and _PERCENT_AFTER_RE.match(text, number.end):
            continue
        left = _LEFT_RE.search(text, max(0, number.start - _LEFT_REACH), number.start) if _may_hold_left(text, number.start) else None
        right = _RIGHT_RE.match(text, number.end)
        start, glue, pre = number.start, "", None
        if left:
            if left.group("cur"):
                pre, start = left.group("cur"), left.start()
                glue = left.group("glue") + left.group("glue2")
            elif left.group("glue2"):
                start, glue = left.start("glue2"), left.group("glue2")
        post = right.group("cur") if right else None
        end = right.end() if right and (post or right.group("plus")) else number.end
        if post and not right.group("plus"):
            end = right.end("cur")
        currency = currency_code(pre) if pre else (currency_code(post) if post else None)
        atoms.append(
            _Atom(
                start=start,
                end=end,
                number=number,
                currency=currency,
                glue=glue,
                plus=bool(right and right.group("plus")),
                factor=number.factor,
            )
        )
    return atoms


def _join(text: str, a: _Atom, b: _Atom) -> bool:
    """Whether ``a`` and ``b`` form a range; fixes up the low end's magnitude."""
    if a.plus or (a.currency and b.currency and a.currency != b.currency):
        return False
    if not (a.currency or b.currency):
        return False
    if (not a.currency and is_year_like(a.number)) or (not b.currency and is_year_like(b.number)):
        return False
    if not joins_range(text, a.start, a.end, b.start):
        return False  # "en"/"and" joins a range only after "tussen"/"between"
    if is_transition(text, a.start, a.end, b.start):
        return False  # "steeg van $100k tot $120k": two levels, not a range
    low_factor, high_factor = a.factor, b.factor
    if a.number.magnitude is None and b.number.magnitude is not None:
        if a.number.numeral_value < b.number.numeral_value:
            low_factor = b.factor
    elif b.number.magnitude is None and a.number.magnitude is not None:
        if b.number.numeral_value > a.number.numeral_value:
            high_factor = a.factor
    low = a.number.numeral_value * low_factor
    high = b.number.numeral_value * high_factor
    if not low < high:
        return False
    a.factor, b.factor = low_factor, high_factor
    return True


# --------------------------------------------------------------------------- periods

_PERIODS = [
    ("year", r"per[ \u00a0]+jaar|/[ \u00a0]?(?:jaar|jr|j|yr|year|annum)\b|p\.?[ \u00a0]?j\.|per[ \u00a0]+jr\b"
     r"|per[ \u00a0]+(?:year|annum)|a[ \u00a0]+year(?![ \u00a0]+(?:ago|earlier|later|before))|annually"
     r"|jaarlijks|each[ \u00a0]+year|every[ \u00a0]+year|yearly"),
    ("month", r"per[ \u00a0]+maand|/[ \u00a0]?(?:maand|mnd|mo|month)\b|p/m\b|per[ \u00a0]+month|a[ \u00a0]+month"
     r"|monthly|maandelijks"),
    ("week", r"per[ \u00a0]+week|/[ \u00a0]?(?:week|wk)\b|a[ \u00a0]+week|weekly|wekelijks"),
    ("day", r"per[ \u00a0]+dag|/[ \u00a0]?(?:dag|day)\b|per[ \u00a0]+day|a[ \u00a0]+day(?![ \u00a0]+(?:ago|earlier|later|before))"
     r"|daily|dagelijks"),
    ("hour", r"per[ \u00a0]+uur|/[ \u00a0]?(?:uur|u|hr|h|hour)\b|per[ \u00a0]+hour|an[ \u00a0]+hour|hourly"),
    ("once", r"eenmalig\w*|one-?time|one-off|once"),
]  # fmt: skip
_PERIOD_AFTER_RE = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _PERIODS), re.IGNORECASE)
_PERIOD_BEFORE_RE = re.compile(
    r"\b(?:(?P<year>\w*jaar(?:salaris|loon|inkomen|omzet|budget)\w*|jaarlijks\w*|annual\w*|yearly)"
    r"|(?P<month>\w*maand(?:salaris|loon|inkomen)\w*|maandelijks\w*|monthly)"
    r"|(?P<week>weekloon|weekly)|(?P<day>dagloon|dagtarief|day[ \u00a0]+rate|daily)|(?P<hour>uurloon|uurtarief|hourly)"
    r"|(?P<once>eenmalig\w*|one-?time|one-off))\b",
    re.IGNORECASE,
)
# both matched on folded text (see casefold); a window without one of the words every
# period word before a figure holds is not searched (see prefilter)
_FOLDED_PERIOD_AFTER = folded_pattern(_PERIOD_AFTER_RE)
_FOLDED_PERIOD_BEFORE = Prefiltered(folded_pattern(_PERIOD_BEFORE_RE))
_PERIOD_STOP_RE = re.compile(r"[\d;.!?]")  # a digit or sentence punctuation ends the window after a figure
_PERIOD_LEAD_IN_RE = re.compile(r"[\s\w)\]'’,+-]*")  # what may stand between a figure and its period


def _period_after(text: str, folded: str) -> str | None:
    """The period written within 30 characters after a figure (``text``: the text after it;
    ``folded``: at least its first 30 characters, folded)."""
    window = text[:30]
    stop = _PERIOD_STOP_RE.search(window)
    if stop:
        window = window[: stop.start() + (1 if stop.group() == "." else 0)]
    m = _FOLDED_PERIOD_AFTER.search(folded[: len(window)])
    if not m or not _PERIOD_LEAD_IN_RE.fullmatch(window[: m.start()] or " "):
        return None
    return m.lastgroup


# how far back a period word may stand ("het uurtarief van een ervaren freelance developer ligt
# rond de €85"); a measure word nearer (a farther "gemiddelde" is more often another figure's:
# "boven het gemiddelde voor de sector; zo verdient een AI-specialist ... $120k")
_PERIOD_BEFORE_REACH = 80
_MEASURE_BEFORE_REACH = 60


def _period_before(folded: str) -> str | None:
    """The period of the last period word (``jaarsalaris``, ``monthly``) in the folded text ``folded``."""
    found = None
    for m in _FOLDED_PERIOD_BEFORE.finditer(folded):
        found = m.lastgroup
    return found


# --------------------------------------------------------------------------- measures

_MEASURES: list[tuple[str, str]] = [
    ("sign-on-bonus", r"\w*tekenbonus\w*|\w*aantekeningbonus\w*|welkomstbonus\w*|startbonus\w*"
     r"|sign-?on[ -]bonus\w*|signing[ -]bonus\w*|sign-?on\b"),
    ("retention-bonus", r"\w*retentiebonus\w*|blijfbonus\w*|retention[ -]bonus\w*|retentie\w*|retention"),
    ("base-salary", r"\w*basissalaris\w*|basisloon\w*|\w*basissalarissen|base[ -]salar\w*|base[ -]pay"),
    ("total-compensation", r"totale[ \u00a0](?:compensatie|vergoeding|beloning|pakket)\w*|total[ -]comp\w*"
     r"|\w*compensatie\w*|vergoeding\w*|compensation|\w*pakket\w*|packages?|totaal[ \u00a0]inkomen"
     r"|total[ \u00a0]pay"),
    ("median", r"\w*median\w*|\w*mediaan\w*|mediane"),
    ("average", r"gemiddeld\w*|\w*gemiddelde\w*|average\w*|mean|gem\."),
    ("equity", r"\w*aandelen\w*|equity|stock\w*|RSUs?|aandelenopties|opties|options"),
    ("investment", r"\w*investering\w*|geïnvesteerd|investeer\w*|investeert|investeren|investments?|invested"
     r"|invests?|investing|financieringsronde|funding"),
    ("acquisition-price", r"\w*overname\w*|overgenomen|overnemen|acquisition\w*|acquired|acquires?"
     r"|verwerven|verworven|over[ \u00a0]te[ \u00a0]nemen|overnam|kocht|gekocht|buyout|takeover|to[ \u00a0]buy"),
    ("offer", r"\w*aanbieding\w*|aanbod|aanbiedt|aangeboden|bood|boden|geboden|biedt|bieden|offers?|offered|offering"),
    ("bonus", r"\w*bonus\w*|\w*bonussen"),
    ("salary", r"\w*salaris\w*|\w*salarissen|\w*loon\b|lonen|salar(?:y|ies)|wages?|verdien\w*|earns?"
     r"|earning|earned|inkomen|income|pay\b|paid|betaal\w*|betal\w*|betaald"),
]  # fmt: skip
_MEASURE_RE = re.compile(
    r"\b(?:" + "|".join(f"(?P<{name.replace('-', '_')}>{pattern})" for name, pattern in _MEASURES) + r")",
    re.IGNORECASE,
)
# Every keyword starts with a word character (a letter, or ``\w*`` and a letter), so ``\b``
# can only hold before one at the start of a word: said with ``(?=\w)``, the engine tries
# the keywords at word starts only, not also at every word's end (same matches, faster).
_MEASURE_AT_WORD_START_RE = re.compile(r"\b(?=\w)" + _MEASURE_RE.pattern.removeprefix(r"\b"), _MEASURE_RE.flags)
# matched on folded text (several times faster than re.IGNORECASE, see casefold); a window
# without one of the words every measure needs is not searched (see prefilter)
_MEASURE_CUES = Prefiltered(folded_pattern(_MEASURE_AT_WORD_START_RE))
# the windows are short and the needles many: one search of their factored alternation
# tells faster than an ``in`` test per needle (Prefiltered.may_match) whether one is there
_MEASURE_NEEDLE_RE = (
    re.compile(factored_alternation([tuple(map(re.escape, n)) for n in sorted(_MEASURE_CUES.needles)]))
    if _MEASURE_CUES.needles is not None
    else None
)


def minimal_needles(needles: set[str]) -> set[str]:
    """``needles`` without those that hold another: a text holding one still holds one of these."""
    return {n for n in needles if not any(other != n and other in n for other in needles)}


# The keywords written ``\w*core...`` cost most: at every word start the engine runs the
# word's letters for each of them. All of them fail unless the word holds one of their cores,
# so one lookahead for the cores picks between all the keywords (as before) and the keywords
# without ``\w*`` (``_PLAIN``: the same first match where no ``\w*`` keyword can match).
_PREFIXED_CORE_RE = re.compile(r"\\w\*([^\W\d_]+)")
_PLAIN = "__"  # suffix of the names of the groups of keywords without ``\w*``
_PREFIXED_CORES = minimal_needles(
    {
        m.group(1).lower()
        for _, pattern in _MEASURES
        for m in map(_PREFIXED_CORE_RE.match, top_level_alternatives(pattern))
        if m
    }
)
_MEASURE_GATED_RE = re.compile(
    r"\b(?=\w)(?:(?=\w*(?:" + "|".join(sorted(_PREFIXED_CORES)) + r"))"
    + _MEASURE_RE.pattern.removeprefix(r"\b")
    + "|(?:"
    + "|".join(
        f"(?P<{name.replace('-', '_')}{_PLAIN}>{'|'.join(plain)})"
        for name, pattern in _MEASURES
        if (plain := [a for a in top_level_alternatives(pattern) if not a.startswith(r"\w*")])
    )
    + "))",
    re.IGNORECASE,
)
_FOLDED_MEASURE_GATED = folded_pattern(_MEASURE_GATED_RE)


def _measure_cues(folded: str) -> list[re.Match[str]]:
    """The measure keywords in the folded window ``folded``."""
    if _MEASURE_NEEDLE_RE is not None and _MEASURE_NEEDLE_RE.search(folded) is None:
        return []  # none of the words every keyword holds
    return list(_FOLDED_MEASURE_GATED.finditer(folded))


_LEAD_IN_RE = re.compile(
    r"^[ \u00a0)\]]*(?:(?:per[ \u00a0]+\w+|/\w+)[ \u00a0]+)?(?:(?:aan|in|als|of|at|aan[ \u00a0]+totale|in[ \u00a0]+de"
    r"[ \u00a0]+vorm[ \u00a0]+van)[ \u00a0]+)?$",
    re.IGNORECASE,
)


_WEAK_MEASURES = ("salary", "offer")  # generic words: any other keyword in reach beats them


def _measure_name(m: re.Match[str]) -> str:
    return m.lastgroup.removesuffix(_PLAIN).replace("_", "-")  # type: ignore[union-attr]


def _measure(before: str, after: str) -> str | None:
    """The measure of a figure with ``before`` and ``after`` it (up to its neighbouring figures)."""
    return _measure_folded(after, fold(before[-60:]), fold(after[:40]))  # fold keeps offsets


def _measure_folded(after: str, folded_before: str, folded_after: str) -> str | None:
    """:func:`_measure` from the text ``after`` the figure and the windows it reads, folded:
    the last 60 characters before the figure and the first 40 after it."""
    found_after = _measure_cues(folded_after)
    if found_after and _LEAD_IN_RE.match(after[: found_after[0].start()]):
        return _measure_name(found_after[0])  # the keyword right after the figure
    found_before = _measure_cues(folded_before)
    for strong in (True, False):
        before_tier = [m for m in found_before if (_measure_name(m) not in _WEAK_MEASURES) == strong]
        if before_tier:
            return _measure_name(before_tier[-1])  # the nearest before the figure
        after_tier = [m for m in found_after if (_measure_name(m) not in _WEAK_MEASURES) == strong]
        if after_tier:
            return _measure_name(after_tier[0])
    return None


# --------------------------------------------------------------------------- extraction

_VAN_BEFORE_RE = re.compile(
    r"\b(?:van|vanaf|from|tussen|between)\b(?:[^.;!?]|\.(?=\d))*\d(?:[^.;!?]|\.(?=\d))*$", re.IGNORECASE
)
_PAREN_OPEN_RE = re.compile(
    r"[ \u00a0]*[(\[][ \u00a0]*(?:(?:[A-Z]{3}|ca\.|circa|ongeveer|about|approx\.|±|~|≈)[ \u00a0]*)?$"
)
_PAREN_CLOSE_RE = re.compile(r"[ \u00a0]*[)\]]")


def _items(text: str, numbers: tuple[NumberMatch, ...]) -> list[_Item]:
    atoms = _atoms(text, numbers, url_spans(text))
    items: list[_Item] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        if i + 1 < len(atoms) and _join(text, a, atoms[i + 1]):
            b = atoms[i + 1]
            items.append(_Item([a, b], (a.currency or b.currency), a.start, b.end))  # type: ignore[arg-type]
            i += 2
            continue
        if a.currency:
            items.append(_Item([a], a.currency, a.start, a.end))
        i += 1
    return items


def _describe(text: str, folded: str, items: list[_Item], dutch: bool) -> None:
    """Set the qualifiers, values, period and measure of the ``items`` of the sentence
    ``text`` (``folded``: the sentence folded, see casefold)."""
    for k, item in enumerate(items):
        first, last = item.atoms[0], item.atoms[-1]
        prev_end = items[k - 1].end if k else 0
        next_start = items[k + 1].start if k + 1 < len(items) else len(text)
        before = text[prev_end : item.start]
        after = text[item.end : next_start]

        quals = read_qualifiers(before, dutch=dutch)
        approximate = quals.approximate or any(_GLUE_KIND.get(c) == "approx" for c in first.glue)
        bound = None
        for c in first.glue:
            bound = bound or (_GLUE_KIND.get(c) if _GLUE_KIND.get(c) != "approx" else None)
        if last.plus:
            bound = "gt"
        if bound is None and quals.bound:
            bound = quals.bound
            if bound == "upto" and _VAN_BEFORE_RE.search(text[: prev_end + quals.start]):
                bound = None  # "van $193.000 op instapniveau tot $893.000": the end of a loose range
        after_quals = read_after(after)
        bound = bound or after_quals.bound
        approximate = approximate or after_quals.approximate

        item.approximate, item.bound = approximate, bound
        if len(item.atoms) == 1:
            item.values = {"value": first.value}
        else:
            item.values = {"low": first.value, "high": last.value}
        # the period and measure words are read in folded windows, cut out of ``folded`` (fold
        # keeps offsets) and ending at the neighbouring figures
        folded_after = folded[item.end : min(next_start, item.end + 40)]
        item.period = _period_after(after, folded_after) or _period_before(folded[max(prev_end, item.start - _PERIOD_BEFORE_REACH) : item.start])
        item.measure = _measure_folded(after, folded[max(prev_end, item.start - _MEASURE_BEFORE_REACH) : item.start], folded_after)
        if item.period is None and item.measure in ("sign-on-bonus", "acquisition-price"):
            item.period = "once"

    # an equivalent in parentheses shares period and measure with its figure
    for a, b in zip(items, items[1:]):
        if _PAREN_OPEN_RE.fullmatch(text[a.end : b.start]) and _PAREN_CLOSE_RE.match(text, b.end):
            period = a.period or b.period
            measure = a.measure or b.measure
            a.period = b.period = period
            a.measure = b.measure = measure
            a.equivalent, b.equivalent = b, a


# Every currency CURRENCY_PREFIX or CURRENCY_SUFFIX matches holds one of these: symbols and
# codes as written, words (matched in any case) folded; a sentence without one holds no money
_CURRENCY_NEEDLES = tuple(sorted(minimal_needles(set(CURRENCY_SYMBOLS) | CURRENCY_CODES)))
_CURRENCY_WORD_NEEDLES = tuple(sorted(minimal_needles({fold(word.split()[-1]) for word in CURRENCY_WORDS})))


# one search for any of the symbols and codes: ``in`` tests of 26 needles cost more than the
# scan; the nine words open with common letters, where the scan stops at every one of them,
# and their ``in`` tests (run in C by ``map``) cost less
_CURRENCY_NEEDLE_RE = re.compile("|".join(map(re.escape, _CURRENCY_NEEDLES)))


def _names_currency(text: str, folded: str) -> bool:
    """Whether ``text`` (``folded``: the same text folded) may name a currency."""
    return _CURRENCY_NEEDLE_RE.search(text) is not None or any(map(folded.__contains__, _CURRENCY_WORD_NEEDLES))


def extract(doc: SegmentedDocument) -> list[MonetaryAmount]:
    document = doc.document
    claims: list[MonetaryAmount] = []
    folded_document = fold_document(doc.text)
    for index, (sentence, numbers) in enumerate(zip(doc.sentences, sentence_numbers(doc))):
        if not numbers:
            continue  # most sentences: no number, no money
        text = doc.sentence_text(sentence)
        folded = folded_document[sentence.start : sentence.end]
        # a test per sentence with numbers: in a text about pay most of them name a currency,
        # and one scan of the document for the needles (prefilter.Passages) costs more
        if not _names_currency(text, folded):
            continue  # numbers, but no currency: no money
        items = _items(text, numbers)
        if not items:
            continue  # no need to know the sentence's language
        # the language of a sentence matters only when it holds LANGUAGE_DEPENDENT_QUALIFIER
        dutch = LANGUAGE_DEPENDENT_QUALIFIER in folded and sentence_looks_dutch(doc, index, document.language)
        _describe(text, folded, items, dutch)
        made: dict[int, MonetaryAmount] = {}
        for item in items:
            claim = MonetaryAmount.at(
                document,
                sentence.start + item.start,
                sentence.start + item.end,
                currency=item.currency,
                approximate=item.approximate,
                bound=item.bound,
                period=item.period,
                measure=item.measure,
                **item.values,
            )
            if claim.exact == text[item.start : item.end]:  # every claim traces to its characters
                claims.append(claim)
                made[id(item)] = claim
        for item in items:  # link equivalents by object; extract_claims turns them into ids
            if item.equivalent is not None and id(item) in made and id(item.equivalent) in made:
                made[id(item)].equivalent = made[id(item.equivalent)]
    doc.remember("money.spans", [(c.start, c.end) for c in claims])
    return claims


def claim_spans(doc: SegmentedDocument) -> list[tuple[int, int]]:
    """The spans of the claims ``extract(doc)`` gives: remembered on the document when
    extract_claims already ran this module on it, else computed."""
    return list(doc.memo("money.spans", lambda: [(c.start, c.end) for c in extract(doc)]))
