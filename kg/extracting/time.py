"""Time: the period a figure refers to, as an ISO 8601 year, month or interval
(``time`` on a claim), like Wikidata's "point in time" qualifier.

Patterns, each named by what it reads (``reference`` is the document's year,
see :func:`reference_year`):

``month-year``
    ``in april 2025``, ``april 2025``, ``in April 2025`` -> ``2025-04``.
``year-range``
    ``2024–25``, ``2024-2025``, ``2023–2025``, ``van 2019 tot 2024``,
    ``tussen 2020 en 2023``, ``from 2019 to 2024`` -> ``2024/2025``, ``2019/2024``.
``by-year``
    ``tegen 2027``, ``tegen het einde van 2027``, ``by 2027``, ``voor 2030``
    -> ``reference/2027`` (``2027`` when there is no reference year or it is later).
``next-years``
    ``de komende 5 jaar``, ``in de komende vijf jaar``, ``the next 5 years``,
    ``over 3 jaar`` -> ``reference/reference+N``; ``afgelopen 3 jaar``,
    ``the past 3 years`` -> ``reference-N/reference``.
``this-year``
    ``dit jaar``, ``this year`` -> ``reference``; ``vorig jaar``, ``last year``
    -> ``reference-1``.
``in-year``
    ``in 2023``, ``sinds 2020`` (``2020/reference``), ``(2023)``, ``eind 2024``,
    ``medio 2025``, ``Werkgeversonderzoek 2024``: a year 1900-2100 not inside a
    URL, an ISO date or a footnote reference (``WEF, 2025``).

A year or month that is the base of a comparison (``9% meer dan in 2023``, ``higher than
in 2019``, ``ten opzichte van 2022``, ``compared with April 2024``) is not a time.

Where
    The pattern nearest to the figure in its sentence wins (distance between spans; of two
    as near, the one after the figure), but not a time right after another figure of the
    sentence, which is that figure's own (``£72,000, up from £66,500 in 2024``); when the
    sentence has none, the last one in the text of its paragraph before the sentence (at
    most 400 characters back), so ``In het najaar van 2024 deed UWV onderzoek ... . Daarvan
    zegt 14% ...`` dates the next sentence's figures. Else ``None``.

Known weaknesses
    A year that is the topic rather than the time of a figure (``de 2026-prognoses``)
    is taken as its time; seasons and quarters (``het najaar van 2024``, ``Q3``)
    give only the year; ``een paar jaar geleden`` gives nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from kg.extracting.casefold import Folded, fold, fold_document
from kg.extracting.prefilter import Needles, required
from kg.model import Claim, Document, NumericClaim, SegmentedDocument
from kg.numbers import parse_number_words, url_spans

__all__ = [
    "TimeCues", "TimeMention", "attach_times", "document_reference_year", "find_times", "reference_year", "time_cues",
    "time_for",
]

MONTHS = {
    "januari": 1, "jan": 1, "january": 1, "februari": 2, "feb": 2, "february": 2, "maart": 3, "mrt": 3,
    "march": 3, "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6, "june": 6, "jun": 6, "juli": 7,
    "july": 7, "jul": 7, "augustus": 8, "aug": 8, "august": 8, "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
_YEAR = r"(?:19\d{2}|20\d{2}|2100)"
_NUM_WORD = r"(?:\d{1,2}|[a-z]+)"


def _first_characters_first(alternatives: Sequence[str], not_after: str) -> str:
    r"""``(?<!not_after)(?:alternatives)`` (``not_after`` a character class, each alternative
    starting with a literal character) with the lookbehind put after each alternative's first
    character: ``(?:d(?<!\wd)it|t(?<!\wt)his)`` for ``\b(?:dit|this)``. A pattern whose
    alternatives start with literals lets the engine skip to the characters they start with,
    instead of trying the lookbehind at every character. It matches the same: the character
    the lookbehind reads last is the one just matched, by the same literal."""
    return "(?:" + "|".join(f"{a[0]}(?<!{not_after}{a[0]}){a[1:]}" for a in alternatives) + ")"


# ``\b`` before a word is "no word character before its first letter"
_MONTH = _first_characters_first(sorted(MONTHS, key=len, reverse=True), r"[\w-]")
_BY = _first_characters_first(("tegen", "by", "voor", "before"), r"\w")
_DIRECTION_WORDS = ("komende", "volgende", "eerstvolgende", "next", "coming", "over", "within", "binnen", "afgelopen",
                    "laatste", "past", "last")  # fmt: skip
_DIRECTION = _first_characters_first(_DIRECTION_WORDS, r"\w")
_WHICH_YEAR_WORDS = ("dit", "this", "vorig", "vorige", "last", "afgelopen")
_WHICH_YEAR = _first_characters_first(_WHICH_YEAR_WORDS, r"\w")
_SINCE = _first_characters_first(("sinds", "sedert", "since", "vanaf"), r"\w")
_IN_YEAR = _first_characters_first((r"19\d{2}", r"20\d{2}", "2100"), r"[\w/.,:-]")  # _YEAR after no [\w/.,:-]

# case-insensitive patterns are matched on the folded document (several times faster, see casefold)
_PATTERNS: list[tuple[str, re.Pattern[str] | Folded]] = [(rule, Folded(p) if p.flags & re.I else p) for rule, p in (
    ("month-year", re.compile(r"(?P<month>" + _MONTH + r")\.?[ \u00a0]+(?P<year>" + _YEAR + r")(?!\d)", re.I)),
    ("year-range", re.compile(
        r"(?<![\w/.-])(?:(?:van|tussen|from|between)[ \u00a0]+)?(?P<y1>" + _YEAR + r")"
        r"(?:[ \u00a0]*[-–—][ \u00a0]*|[ \u00a0]+(?:tot(?:[ \u00a0]+en[ \u00a0]+met)?|t/m|en|to|and|through)[ \u00a0]+)"
        # (two digits end a range only after a dash, ``2024–25``: ``from 2019 to 52 firms`` is no range)
        r"(?P<y2>" + _YEAR + r"|(?<![^\W\d_][ \u00a0])\d{2})(?![\d/.-]\d)(?!\d)", re.I)),
    ("by-year", re.compile(
        _BY + r"[ \u00a0]+(?:(?:het|de|the)[ \u00a0]+(?:einde?|eind|end)[ \u00a0]+(?:van|of)[ \u00a0]+)?"
        r"(?P<year>" + _YEAR + r")(?!\d)", re.I)),
    ("next-years", re.compile(
        r"(?P<dir>" + _DIRECTION + r")[ \u00a0]+(?P<n>" + _NUM_WORD + r")[ \u00a0]+(?:jaar|jaren|years?)\b", re.I)),
    ("this-year", re.compile(r"(?P<which>" + _WHICH_YEAR + r")[ \u00a0]+(?:jaar|year)\b", re.I)),
    ("since-year", re.compile(_SINCE + r"[ \u00a0]+(?P<year>" + _YEAR + r")(?![\d-])", re.I)),
    ("in-year", re.compile(r"(?P<year>" + _IN_YEAR + r")(?![\w/-]|[.,]\d)")),
)]
_FOOTNOTE_REF_RE = re.compile(r"[A-Z][\w&. ]*,[ \u00a0]*$")  # "WEF, 2025": a reference, not a time
# "9% meer dan in 2023", "higher than in 2019", "ten opzichte van 2022": the base a figure is
# compared with, not its time
_COMPARISON_BASE_RE = re.compile(
    r"\b(?:dan|than|ten[ \u00a0]+opzichte[ \u00a0]+van|t\.o\.v\.|vergeleken[ \u00a0]+met|in[ \u00a0]+vergelijking[ \u00a0]+met"
    r"|compared[ \u00a0]+(?:with|to)|tegenover|versus|vs\.?)[ \u00a0]+(?:(?:in|het[ \u00a0]+jaar|the[ \u00a0]+year)[ \u00a0]+)?"
    r"(?:" + _MONTH + r"[ \u00a0]+)?$",  # (the year of "april 2024")
    re.IGNORECASE,
)
_PAST = {"afgelopen", "laatste", "past", "last"}
PARAGRAPH_LOOKBACK = 400  # characters of the paragraph before the sentence that can date it


@dataclass(frozen=True, slots=True)
class TimeMention:
    start: int
    end: int
    value: str  # ISO 8601
    rule: str


def reference_year(document: Document) -> int | None:
    """The year relative times count from: the document's date, else the latest
    year written in its text that is not after today (a report of 2025 cites 2025)."""
    return reference_year_of(document.date, document.text)


def document_reference_year(doc: SegmentedDocument) -> int | None:
    """:func:`reference_year` of ``doc``, read once per document (times and rates both ask)."""
    return doc.memo("time.reference_year", lambda: reference_year(doc.document))  # type: ignore[no-any-return]


def reference_year_of(date_written: str | None, text: str) -> int | None:
    """:func:`reference_year` from a document's date and text (as a store holds them)."""
    if date_written:
        return int(date_written[:4])
    this_year = date.today().year
    years = [y for y in _standalone_years(text) if y <= this_year]
    return max(years) if years else None


# a year without a digit or ``/`` glued to it, each pattern starting with its literal first
# digits (the lookbehind after them): the engine skips from one ``19`` or ``2`` to the next
# instead of testing a class of first characters, or a lookbehind, at every character
_STANDALONE_YEAR_RES = (
    re.compile(r"19(?<![\d/]19)\d{2}(?![\d/])"),
    re.compile(r"2(?<![\d/]2)(?:0\d{2}|100)(?![\d/])"),
)


def _standalone_years(text: str) -> list[int]:
    r"""The years written in ``text`` without a digit or ``/`` glued to them, in order: what
    ``re.findall(r"(?<![\d/])(" + _YEAR + r")(?![\d/])", text)`` reads. That pattern's
    matches cannot overlap (a match has no digit before it), so scanning for the years of
    ``19`` and of ``2`` apart finds each of them once."""
    found = sorted((m.start(), int(m.group())) for scan in _STANDALONE_YEAR_RES for m in scan.finditer(text))
    return [year for _, year in found]


def _count(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    value = parse_number_words(word)
    return value if value and value < 100 else None


# Every year's first digits, also of a year inside a longer run of digits (each pattern
# consumes only what no later year can start with): a literal first character, so the
# engine skips to the next ``19`` or ``2``
_YEAR_STARTS_RES = (re.compile(r"19(?=\d{2})"), re.compile(r"2(?=0\d{2}|100)"))
_YEAR_LENGTH = 4  # every year _YEAR matches
# what the matches of since-year hold besides a year: words (``inds`` of ``sinds``, after its
# lookbehind), read from its folded pattern by prefilter.required and looked for in a passage
# before the pattern is: a few substring searches cost less than the pattern (not so for
# ``voor``, in most Dutch sentences; next-years and this-year need their year words: see TimeCues)
_WORDS = {rule: required(p.folded) for rule, p in _PATTERNS if isinstance(p, Folded) and rule == "since-year"}
_NEED_NO_YEAR = frozenset({"next-years", "this-year"})  # ``de komende 5 jaar``, ``dit jaar``
# the rules whose every match ends in a word found once per document (:class:`TimeCues`)
_ENDS_IN_YEAR = "month-year"
_ENDS_IN_YEAR_WORD = ("next-years", "this-year")
_YEAR_WORD_RE = re.compile(r"jaar|jaren|year")  # (each starts with its only ``j`` or ``y``: none inside another)
_YEAR_WORD_LENGTH = 4  # the shortest
_SPACES = " \u00a0"
_MONTH_NAMES = tuple(MONTHS)
_NUMBER_WORD = re.compile(_NUM_WORD)  # folded: its ``[a-z]`` as the folded pattern reads it


@dataclass(frozen=True, slots=True)
class TimeCues:
    """Where in one document the rules' matches may be: the starts of its years (found once
    per document: most passages hold none, a bisection answers for each), its folded text
    (for the rules' words), and for the rules whose every match ends in a year or a year
    word (_ENDS_IN_YEAR, _ENDS_IN_YEAR_WORD) the starts of the years and words their match
    may end in: those with the rule's words before them (``april 2025``, ``komende 5 jaar``).
    Most years and year words have none: a passage then needs no search by the rule, whose
    many first letters (months, directions) make the engine try it at most characters."""

    year_starts: list[int]
    folded: str
    ends: dict[str, list[int]]  # by rule: the starts of the years or year words its matches may end in

    def rules_that_may_match(self, start: int, end: int) -> list[tuple[str, re.Pattern[str] | Folded]]:
        """The rules (with their patterns, in order) whose pattern may match in ``text[start:end]``."""
        # most passages hold no year: only the rules that need none are asked about them
        checks = _CHECKS if self._any_within(self.year_starts, start, end - _YEAR_LENGTH) else _CHECKS_WITHOUT_YEAR
        return [
            (rule, pattern) for rule, pattern, words, end_length in checks
            if (end_length is None or self._any_within(self.ends[rule], start, end - end_length))
            and (words is None or self._holds_words(words, start, end))
        ]  # fmt: skip

    @staticmethod
    def _any_within(positions: list[int], first: int, last: int) -> bool:
        """Does one of the (sorted) ``positions`` lie in ``first..last``?"""
        i = bisect_left(positions, first)
        return i < len(positions) and positions[i] <= last

    def _holds_words(self, words: Needles, start: int, end: int) -> bool:
        """Does one of ``words`` lie in the folded ``text[start:end]``?"""
        return any(self.folded.find(word, start, end) >= 0 for word in words)


def _end_length(rule: str) -> int | None:
    """The length of the shortest year or year word a match of ``rule`` ends in (None: the
    rule's matches end in neither, see TimeCues.ends)."""
    if rule == _ENDS_IN_YEAR:
        return _YEAR_LENGTH
    return _YEAR_WORD_LENGTH if rule in _ENDS_IN_YEAR_WORD else None


# what TimeCues.rules_that_may_match asks of each rule, in order: its words (None: none
# needed) and the length of the shortest year or year word its matches end in
_CHECKS = tuple((rule, pattern, _WORDS.get(rule), _end_length(rule)) for rule, pattern in _PATTERNS)
_CHECKS_WITHOUT_YEAR = tuple(check for check in _CHECKS if check[0] in _NEED_NO_YEAR)


def time_cues(text: str) -> TimeCues:
    """The :class:`TimeCues` of the document ``text``."""
    year_starts = sorted(m.start() for scan in _YEAR_STARTS_RES for m in scan.finditer(text))
    folded = fold_document(text)
    year_words = [m.start() for m in _YEAR_WORD_RE.finditer(folded)]
    ends = {
        "month-year": [at for at in year_starts if _after_month(folded, at)],
        "next-years": [at for at in year_words if _after_direction_and_number(folded, at)],
        "this-year": [at for at in year_words if _after_word(folded, at, _WHICH_YEAR_WORDS)],
    }
    return TimeCues(year_starts, folded, ends)


def _spaces_before(folded: str, at: int) -> int:
    """Where the run of spaces (plain or no-break) that ends at ``at`` starts (``at``: none)."""
    while at and folded[at - 1] in _SPACES:
        at -= 1
    return at


def _after_word(folded: str, at: int, words: tuple[str, ...]) -> bool:
    """Do one of ``words`` and spaces (``[ \u00a0]+``) end at ``at``?"""
    before = _spaces_before(folded, at)
    return before < at and folded.endswith(words, 0, before)


def _after_month(folded: str, at: int) -> bool:
    """Do a month name, an optional dot and spaces end at ``at`` (as month-year reads them)?"""
    before = _spaces_before(folded, at)
    if before == at:
        return False
    if folded[before - 1 : before] == ".":  # ``\.?``: no month name ends in a dot
        before -= 1
    return folded.endswith(_MONTH_NAMES, 0, before)


def _after_direction_and_number(folded: str, at: int) -> bool:
    """Do a direction, spaces, a number (``_NUM_WORD``) and spaces end at ``at`` (as next-years reads them)?"""
    number_end = _spaces_before(folded, at)
    if number_end == at:
        return False
    # the number holds no space: it starts after the last one before it
    number_start = max(folded.rfind(" ", 0, number_end), folded.rfind("\u00a0", 0, number_end)) + 1
    return (
        number_start > 0 and _NUMBER_WORD.fullmatch(folded, number_start, number_end) is not None
        and _after_word(folded, number_start, _DIRECTION_WORDS)
    )  # fmt: skip


def find_times(
    text: str, start: int, end: int, reference: int | None, cues: TimeCues | None = None
) -> list[TimeMention]:
    """Time expressions in ``text[start:end]``; where patterns overlap the first
    listed (most specific) wins. ``cues``: :func:`time_cues` of ``text`` when the caller has them."""
    rules = (time_cues(text) if cues is None else cues).rules_that_may_match(start, end)
    if not rules:
        return []
    skip = [(a, b) for a, b in url_spans(text[start:end])]
    found: list[TimeMention] = []
    taken: list[tuple[int, int]] = []
    for rule, pattern in rules:
        for m in pattern.finditer(text, start, end):
            s, e = m.span()
            if any(a <= s - start < b for a, b in skip) or any(a < e and s < b for a, b in taken):
                continue
            value = _value(rule, m, text, reference)
            if value is None:
                continue
            found.append(TimeMention(s, e, value, rule))
            taken.append((s, e))
    return sorted(found, key=lambda t: t.start)


def _value(rule: str, m: re.Match[str], text: str, reference: int | None) -> str | None:
    if rule in ("month-year", "in-year") and _COMPARISON_BASE_RE.search(text, max(0, m.start() - 40), m.start()):
        return None
    if rule == "month-year":
        # folded as the pattern compared it: "Aprıl" (dotless i) matched "april"
        return f"{m.group('year')}-{MONTHS[fold(m.group('month'))]:02d}"
    if rule == "year-range":
        y1, y2 = m.group("y1"), m.group("y2")
        if len(y2) == 2:
            y2 = y1[:2] + y2
        if int(y2) <= int(y1):
            return None
        return f"{y1}/{y2}"
    if rule == "by-year":
        year = int(m.group("year"))
        return f"{reference}/{year}" if reference and reference < year else str(year)
    if rule == "next-years":
        n = _count(m.group("n"))
        if n is None or reference is None:
            return None
        if m.group("dir").lower() in _PAST:
            return f"{reference - n}/{reference}"
        return f"{reference}/{reference + n}"
    if rule == "this-year":
        if reference is None:
            return None
        return str(reference if m.group("which").lower() in ("dit", "this") else reference - 1)
    if rule == "since-year":
        year = int(m.group("year"))
        return f"{year}/{reference}" if reference and reference > year else str(year)
    # in-year: not a footnote reference, not part of a date like 11-06-2025
    if _FOOTNOTE_REF_RE.search(text, max(0, m.start() - 40), m.start()):
        return None
    return m.group("year")


def _nearest(times: list[TimeMention], start: int, end: int) -> TimeMention | None:
    """The time nearest to the figure at ``start..end``; of two as near, the one after it: a
    year follows the figure it dates (``from 14,200 in 2023 to 19,800 in 2024``: ``to`` is as
    long as ``in``), then the earlier one."""

    def distance(t: TimeMention) -> tuple[int, bool, int]:
        return max(0, t.start - end, start - t.end), t.start < end, t.start

    return min(times, key=distance) if times else None


def time_for(
    text: str, start: int, end: int, sentence: tuple[int, int], paragraph: tuple[int, int] | None,
    reference: int | None, others: Sequence[int] = (),
) -> str | None:
    """The time of the figure at ``text[start:end]``: nearest in its sentence, else in its paragraph;
    ``others``: where the sentence's other figures end (a time right after one is its own)."""
    return _time_for(lambda lo, hi: find_times(text, lo, hi, reference), text, start, end, sentence, paragraph, others)


# what lies between a figure and the time that is its own: "£66,500 in 2024", "$70k (2021)"
_OWN_TIME_GAP_RE = re.compile(r"[ \u00a0]+(?:in|op)[ \u00a0]+|[ \u00a0]*\(")


def _own_time_of_another(text: str, time: TimeMention, others: Sequence[int]) -> bool:
    """Whether ``time`` follows one of the figures ending at ``others`` as that figure's own
    (``up from £66,500 in 2024``: not the time of ``£72,000`` before it)."""
    return any(end <= time.start and _OWN_TIME_GAP_RE.fullmatch(text, end, time.start) for end in others)


def _time_for(
    times_in: Callable[[int, int], list[TimeMention]], text: str, start: int, end: int, sentence: tuple[int, int],
    paragraph: tuple[int, int] | None, others: Sequence[int] = (),
) -> str | None:
    in_sentence = times_in(*sentence)
    if in_sentence:
        free = [t for t in in_sentence if not _own_time_of_another(text, t, others)] if others else in_sentence
        # (every time of the sentence another figure's own: none for this one, nor from before it)
        nearest = _nearest(free, start, end)
        return nearest.value if nearest else None
    if paragraph is not None and paragraph[0] < sentence[0]:
        # the paragraph's context before the sentence, at most PARAGRAPH_LOOKBACK characters back
        lo = max(paragraph[0], sentence[0] - PARAGRAPH_LOOKBACK)
        earlier = times_in(lo, sentence[0])
        if earlier:
            return earlier[-1].value
    return None


def attach_times(doc: SegmentedDocument, claims: list[Claim]) -> None:
    """Set ``time`` of every numeric claim that has none, from its sentence or paragraph."""
    reference = document_reference_year(doc)
    cues = time_cues(doc.text)
    found: dict[tuple[int, int], list[TimeMention]] = {}  # the figures of a sentence share its times

    def times_in(lo: int, hi: int) -> list[TimeMention]:
        if (lo, hi) not in found:
            found[lo, hi] = find_times(doc.text, lo, hi, reference, cues)
        return found[lo, hi]

    placed = [(claim, sentence) for claim in claims if isinstance(claim, NumericClaim)
              if (sentence := doc.sentence_at(claim.start)) is not None]  # fmt: skip
    figures_by_sentence: dict[int, list[Claim]] = {}  # the figures of each sentence
    for claim, sentence in placed:
        figures_by_sentence.setdefault(sentence.start, []).append(claim)
    for claim, sentence in placed:
        if claim.time is not None:
            continue
        paragraph = doc.paragraphs[sentence.paragraph]
        others = [other.end for other in figures_by_sentence[sentence.start] if other is not claim]
        claim.time = _time_for(times_in, doc.text, claim.start, claim.end, (sentence.start, sentence.end),
                               (paragraph.start, paragraph.end), others)  # fmt: skip
