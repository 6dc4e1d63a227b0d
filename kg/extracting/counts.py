"""Counts: ``Count`` claims for counted quantities: ``2.300 werkgevers``,
``~600.000 professionals``, ``2,3 miljoen AI-vacatures``, ``18 interviews``,
``vier senior onderzoekers``, ``tachtig uur per week``, ``4–6 jaar ervaring``.

What counts as a count (conservative: a number is a count only when a noun
says what is counted)
    A number in digits (with Dutch or English separators and a magnitude, read
    by :mod:`kg.numbers`) or in words (``vier``, ``tachtig``, ``twenty``; read
    by text2num; ``een``/``één``/``one`` never, they are articles as often as
    numbers), followed after one space by the counted noun, possibly after up
    to two modifiers (``18 semigestructureerde interviews``, ``vier senior
    onderzoekers``, ``4,500 survey respondents``, ``14.200 open vacatures``, ``300 AI
    engineers``). The noun is a lowercase word
    (or an acronym compound such as ``AI-vacatures``, ``IT'ers``) that looks like a
    plural (ends in ``-en``, ``-s``, ``-'s``, Latin ``-ici``: ``technici``) or is a unit
    that counts without a plural (``uur``, ``jaar``, ``man``, ``keer`` excepted, see below).

What is never a count
    money and percentages (a currency or ``%``/``procent`` next to the number);
    bare years (1800-2100) and dates (a month name after the number); numbers
    glued to a letter, ``)``, ``-`` or ``.`` before them (footnote markers
    ``recognition)1``, codes ``mbo-2``, versions); numbers after a label word
    (``Tabel 1``, ``Box 3``, ``niveau 66``, ``SBI-afdeling 78``, ``pagina 4``);
    list and section numbers (``1.``, ``2)``) and page numbers (no noun after
    them); ``zes cijfers`` (a salary's magnitude, not a count of digits);
    ``2 keer``/``3 times`` (a ratio) and the denominator of a ratio (``een op de
    vijf ontwikkelaars``, ``one in four workers``); time spans that are time qualifiers
    (``de komende 5 jaar``, ``afgelopen 3 jaar``, ``over 2 jaar``, ``in vijf jaar``,
    ``na 3 jaar``: see :mod:`kg.extracting.time`), a point in time (``vijf jaar geleden``,
    ``two weeks later``) and a number before one (``47.500 vorig jaar``, ``900 last year``);
    infinitives and other verbs ending in ``-en``.

A bare number is a count too when it states the level of ``het aantal X`` / ``the number
of X`` before it in its clause (``Het aantal orderpickers daalde van 61.000 in 2020 naar
47.500``, ``the number of nurses fell from 410,000 to 395,000``): after a level word
(``van``, ``naar``, ``tot``, ``is``, ``bedroeg``, ``from``, ``to``, ``at``) and followed by
the clause's end, the next level or its time; not when the figure after it has a unit it
shares (``van 12 naar 18 procent``). With a change word, ``tot``/``to`` before a count is the
level reached, not a bound (``steeg tot 1,2 miljoen``).

Span convention (``exact``)
    The number or range as written, with a glued ``~ ≈ ± > <`` in front and a
    glued ``+`` behind (``~600.000``, ``10+``, ``4–6``, ``2-19``,
    ``2,3 miljoen``, ``vier``); the noun is not part of it but is the ``unit``.

Fields
    ``unit``: the counted noun, lowercase (``werkgevers``, ``professionals``,
    ``ai-vacatures``, ``uur``, ``jaar``); ``value`` or ``low``/``high`` for a range
    (``4–6 jaar``, ``tussen 10 en 20 medewerkers``, ``drie tot vijf banen``: both ends in
    digits or both in words); ``approximate`` and ``bound``
    from the same words as money (``ruim 2.300`` -> ``gt``, ``meer dan 4.500`` ->
    ``gt``, ``10+`` -> ``gt``, ``~600.000`` -> approximate).

Known weaknesses
    A noun that is not plural-looking is missed (``1 interview``, ``5 kind``);
    a count in words before a compound modifier (``drie AI-gerelateerde
    functies``) is read; nouns after more than two modifiers are missed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, replace

from kg.extracting import money, percentages
from kg.model import Count, SegmentedDocument
from kg.numbers import (
    CURRENCY_PREFIX,
    CURRENCY_SUFFIX,
    NumberMatch,
    clean_number,
    has_change_word,
    is_year_like,
    looks_dutch,
    sentence_looks_dutch,
    parse_number_word,
    joins_range,
    read_after,
    read_qualifiers,
    search_at_end,
    sentence_numbers,
    url_spans,
)

NAME = "counts"
VERSION = "0.4.1"

# a lowercase word (``AI-vacatures``, ``IT'ers`` too) or an acronym (``AI`` as a modifier, ``GPUs``)
_WORD = r"(?:[A-Z]{2,6}s?(?![-'’\w])|(?:[A-Z]{2,6}[-'’])?[a-zà-ÿ][a-zà-ÿ'’-]*)"
_TOKEN_RE = re.compile(r"(?:[ \u00a0]|[ \u00a0]?\r?\n[ \u00a0]?)(?P<word>" + _WORD + r")(?=$|[\s.,;:!?)\]”\"'’/])")
_ANY_WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")

UNIT_NOUNS = frozenset(
    "uur jaar maand week dag minuut seconde man persoon mensen hours years months weeks days minutes"
    " people staff".split()
)
TIME_UNITS = frozenset("uur jaar jaren maand maanden week weken dag dagen hours years months weeks days".split())
MONTHS = frozenset(
    "januari februari maart april mei juni juli augustus september oktober november december"
    " january february march may june july august october".split()
)
# nouns after a number that do not make it a counted quantity
NOT_COUNTED = frozenset(
    "cijfers cijferig digits figures keer maal times procent percent procentpunt procentpunten punten"
    " euro dollar dollars euros pond pounds dingen zaken manieren redenen kanten aspecten effecten things ways"
    " reasons sides aspects".split()
)
FUNCTION_WORDS = frozenset(
    "de het een en of van in op te tot met voor bij aan als dan die dat is zijn was waren wordt worden"
    " per om over uit naar door maar ook nog al niet wel er hun zij ze we plus the a an and or of in on to for"
    " with at by as than that is are was were be per from into over between when then even often".split()
)
# verbs ending like plural nouns, seen right after numbers
VERBS = frozenset(
    "verdienen verdiend bieden betalen krijgen hebben kunnen zullen moeten willen worden blijven gaan"
    " komen stijgen dalen groeien uitkomen liggen lopen oplopen bereiken ontvangen zien maken werken"
    " vinden staan geven nemen houden tonen laten zijn kan kon kunnen zou zouden earn earns pay pays"
    " make makes get gets has have is was".split()
)
# words before a number that make it a label, not a quantity
LABEL_BEFORE_RE = re.compile(
    r"(?:\b(?:tabel|table|box|figuur|figure|fig\.|bijlage|appendix|hoofdstuk|chapter|paragraaf|section|sectie"
    r"|pagina|page|blz\.|p\.|pp\.|nr\.|nummer|number|no\.|niveau|level|versie|version|stap|step|fase|phase"
    r"|afdeling|groep|groepen|klasse|subklasse|subklassen|code|artikel|art\.|week|jaar|sbi(?:-\w+)?)"
    r"|(?-i:(?<![\w'’])[A-Z]))[ \u00a0]*$",
    re.IGNORECASE,
)
# "een op de vijf ontwikkelaars", "drie op de tien", "one in four workers", "1 out of 3": the
# number after "op (de)", "in", "out of" is a ratio's denominator, not a count of its noun
RATIO_BEFORE_RE = re.compile(
    r"(?<![\w.,])(?:\d{1,3}|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien"
    r"|one|two|three|four|five|six|seven|eight|nine|ten)"
    r"[ \u00a0](?:op(?:[ \u00a0]de)?|in|out[ \u00a0]of)[ \u00a0]+$",
    re.IGNORECASE,
)
TIME_QUALIFIER_BEFORE_RE = re.compile(
    r"\b(?:komende|afgelopen|laatste|volgende|eerstvolgende|over|binnen|in|na|next|past|last|coming|within|after)"
    r"[ \u00a0]+$",
    re.IGNORECASE,
)
_PREFIX_GLUE_RE = re.compile(r"(?:(?<=[\s(\[:;,“\"'])|^)(?P<glue>[~≈±<>≤≥]{1,2})$")
_MONEY_BEFORE_RE = re.compile(r"(?:" + CURRENCY_PREFIX + r")[ \u00a0]?[~≈±]?$")
_MONEY_AFTER_RE = re.compile(r"[ \u00a0]?(?:" + CURRENCY_SUFFIX + r")")
_PERCENT_AFTER_RE = re.compile(r"[ \u00a0]?(?:%|procent\b|percent\b|pct\b|per[ \u00a0]cent\b|procentpunt)", re.IGNORECASE)
_GLUE_KIND = {"~": "approx", "≈": "approx", "±": "approx", ">": "gt", "≥": "gt", "<": "lt", "≤": "upto"}
_NO_WORDS = frozenset("een één eén one a an".split())


@dataclass
class _Atom:
    start: int
    end: int  # the number's end, a glued "+" included
    value: float | int
    number: NumberMatch | None  # None for a number in words
    glue: str = ""
    plus: bool = False


# a modifier that makes a time unit after it a point in time, not a span counted: "47.500 vorig jaar"
TIME_DEICTICS = frozenset("vorig vorige dit deze volgend volgende komend komende afgelopen last next this previous".split())


# adjectives and participles ending like a Dutch plural, seen before the noun counted:
# ``14.200 open vacatures``, ``300 eigen medewerkers``, ``12 hidden costs``
ADJECTIVES_IN_EN = frozenset("open eigen gesloten gouden verborgen golden hidden proven broken".split())


def _is_plural_like(word: str) -> bool:
    if word.isupper():
        return False  # an acronym (``CBS``, ``AI``) names no plural: a footnote's ``13 CBS`` counts nothing
    w = word.lower().split("-")[-1]
    if w in UNIT_NOUNS:
        return True
    if w in ADJECTIVES_IN_EN:
        return False
    # (Latin plurals: ``technici``, ``musici``, ``academici``)
    return len(w) >= 3 and (w.endswith(("en", "'s", "’s", "ici")) or (w.endswith("s") and not w.endswith("ss")))


def _is_modifier(word: str) -> bool:
    w = word.lower()
    if w in FUNCTION_WORDS or w in VERBS or w in MONTHS:
        return False
    if w in ADJECTIVES_IN_EN:
        return True
    return w.endswith("e") or w in {"senior", "junior", "extra", "nieuw", "fulltime", "parttime", "full-time"} or (
        w.isascii() and not w.endswith(("en",))
    )


def _noun_after(text: str, end: int) -> tuple[str, int] | None:
    """The counted noun after a number ending at ``end``, and where it ends."""
    pos = end
    deictic = False
    for depth in range(3):
        m = _TOKEN_RE.match(text, pos)
        if not m:
            return None
        word = m.group("word")
        low = word.lower()
        if low in MONTHS or low in FUNCTION_WORDS or low in VERBS or low in NOT_COUNTED:
            return None
        if _is_plural_like(word):
            return None if deictic and low in TIME_UNITS else (low, m.end())
        if depth < 2 and _is_modifier(word):
            deictic = deictic or low in TIME_DEICTICS
            pos = m.end()
            continue
        return None
    return None


def _glued_before(text: str, start: int) -> bool:
    """A footnote marker, code or version: the number is glued to what precedes it."""
    if start == 0:
        return False
    prev = text[start - 1]
    if prev.isalnum() or prev in ")]}.’'/_#§":
        return True
    return prev in "-\u2010\u2011" and start >= 2 and text[start - 2].isalpha()


# Words known to be no count in words in either language (capitalised, an article, not
# a number, or at most one): most words are in it, so only the others are tested one by one.
# Chunks (what lies between whitespace: a word with its punctuation, "werkgevers,",
# "(vier") known to hold no such word: a word never spans whitespace, so a chunk holds
# the same words in a sentence as alone, and one set difference of a sentence's chunks
# (str.split, in C, several times faster than finding its words) tells whether it needs
# the word by word reading at all; the chunks that hold one are known with their number
# words (the same few come back: "twee", "drie,"). They hold the vocabulary seen; each is
# emptied when it grows past _MAX_KNOWN.
_NOT_NUMBER_WORDS: set[str] = set()
_PLAIN_CHUNKS: set[str] = set()
_NUMBER_CHUNKS: dict[str, frozenset[str]] = {}
_MAX_KNOWN = 100_000  # ~10 MB of strings at most in each


def _number_word_value(word: str, language: str) -> float | int | None:
    """The value of ``word`` as a count in words (``vier``, ``twenty``), or None."""
    low = word.lower()
    if word[0].isupper() or low in _NO_WORDS:
        return None
    value = parse_number_word(low, language)
    return value if value is not None and value > 1 else None


_NONE: frozenset[str] = frozenset()


def _number_words(text: str) -> frozenset[str] | set[str]:
    """The words of ``text`` (of _ANY_WORD_RE) that are a count in words in Dutch or English."""
    chunks = text.split()
    # most sentences: every chunk known to be plain, asked of the list without a set of it
    if _PLAIN_CHUNKS.issuperset(chunks):
        return _NONE
    found: set[str] = set()
    new: list[str] = []
    for chunk in set(chunks).difference(_PLAIN_CHUNKS):
        words = _NUMBER_CHUNKS.get(chunk)
        if words is None:
            new.append(chunk)
        else:
            found.update(words)
    if new:
        found.update(_read_chunks(new))
    return found


def _read_chunks(chunks: list[str]) -> set[str]:
    """The words of ``chunks``, chunks not seen before, that are a count in words. The chunks
    are remembered as plain or with their number words, their other words as no count in
    words. All the words of the chunks are read at once (a word never spans the blank that
    joins them): chunk by chunk only when one of them is a count in words (seldom)."""
    _make_room()
    unknown = set(_ANY_WORD_RE.findall(" ".join(chunks))).difference(_NOT_NUMBER_WORDS)
    found = {word for word in unknown if _is_number_word(word)}
    _NOT_NUMBER_WORDS.update(unknown.difference(found))
    if not found:
        _PLAIN_CHUNKS.update(chunks)
        return found
    for chunk in chunks:
        words = found.intersection(_ANY_WORD_RE.findall(chunk))
        if words:
            _NUMBER_CHUNKS[chunk] = frozenset(words)
        else:
            _PLAIN_CHUNKS.add(chunk)
    return found


def _is_number_word(word: str) -> bool:
    # asked of every word not seen before: one reading in either language (None only when
    # neither reads it) rules out most of them with one test of the word instead of two
    if parse_number_word(word.lower()) is None:
        return False
    return _number_word_value(word, "nl") is not None or _number_word_value(word, "en") is not None


def _make_room() -> None:
    """Empty the words and chunks known that outgrew _MAX_KNOWN (asked before the chunks
    of a sentence are read: those of one sentence add little)."""
    for known in (_NOT_NUMBER_WORDS, _PLAIN_CHUNKS, _NUMBER_CHUNKS):
        if len(known) > _MAX_KNOWN:
            known.clear()


_GLUE_CHARS = "~≈±<>≤≥"  # the characters of _PREFIX_GLUE_RE's glue


def _digit_atoms(text: str, numbers: tuple[NumberMatch, ...], skip: list[tuple[int, int]]) -> list[_Atom]:
    atoms: list[_Atom] = []
    for number in numbers:
        start = number.start
        if (skip and any(a <= start < b for a, b in skip)) or _glued_before(text, start):
            continue
        plus = text.startswith("+", number.end) and not text[number.end + 1 : number.end + 2].isdigit()
        glue = ""
        if start and text[start - 1] in _GLUE_CHARS:  # else no glue can end at the number (most numbers)
            left = _PREFIX_GLUE_RE.search(text, max(0, start - 3), start)
            glue = left.group("glue") if left else ""
        atoms.append(
            _Atom(number.start - len(glue), number.end + (1 if plus else 0), number.value, number, glue, plus)
        )
    return atoms


# counts in words of a text: where each starts, and the word
_WordsFound = list[tuple[int, str]]


def _word_atoms(text: str, language: str, blocked: list[tuple[int, int]], found: _WordsFound) -> list[_Atom]:
    """The counts in words of ``text`` outside ``blocked``, of the number words ``found`` in it."""
    atoms: list[_Atom] = []
    for start, word in found:
        value = _number_word_value(word, language)
        if value is not None and not any(a <= start < b for a, b in blocked):
            atoms.append(_Atom(start, start + len(word), value, None))
    return atoms


def _words_found(text: str) -> _WordsFound:
    """Where the counts in words of ``text`` start, and which: the occurrences (as words of
    _ANY_WORD_RE) of its ``_number_words``. The words of the few sentences that hold one are
    read with the one pattern of all words: a pattern of the sentence's number words would
    find them faster, but compiling it costs as much as reading some hundred sentences."""
    words = _number_words(text)
    if not words:
        return []
    return [(m.start(), word) for m in _ANY_WORD_RE.finditer(text) if (word := m.group()) in words]


def _atoms(
    text: str,
    numbers: tuple[NumberMatch, ...],
    default_language: str | None,
    dutch: Callable[[], bool] | None = None,
    found: _WordsFound | None = None,
) -> list[_Atom]:
    """The numbers of a sentence in digits and words; ``dutch`` (when given) tells whether
    the sentence reads as Dutch, else ``looks_dutch(text, default_language)``; ``found``
    (when given) are its ``_words_found``."""
    skip = url_spans(text)
    atoms = _digit_atoms(text, numbers, skip)
    if found is None:
        found = _words_found(text)
    if found:
        # the sentence's language matters only for a word that reads differently in the two
        if all(_number_word_value(word, "nl") == _number_word_value(word, "en") for _, word in found):
            language = "nl"
        else:
            is_dutch = dutch() if dutch is not None else looks_dutch(text, default_language)
            language = "nl" if is_dutch else "en"
        atoms += _word_atoms(text, language, skip + [(a.start, a.end) for a in atoms], found)
    atoms.sort(key=lambda a: a.start)
    return atoms


# The patterns above that end in "$" are searched only in the last characters before a
# number (search_at_end): at most this many up to the last non-blank character.
_LONGEST_MONEY_BEFORE = 5  # "US$ ~"
_LONGEST_TIME_QUALIFIER = len("eerstvolgende")
_LONGEST_LABEL = 24  # "subklassen", "SBI-afdeling"; a longer "sbi-..." is looked for in full
_LONGEST_RATIO = len("seven out of")


def _money_before(text: str, end: int) -> bool:
    """A currency right before ``text[end]``: the number is money."""
    return search_at_end(_MONEY_BEFORE_RE, text, end, _LONGEST_MONEY_BEFORE) is not None


def _time_qualifier_before(text: str, end: int) -> bool:
    """``komende``, ``afgelopen``, ``over``... right before ``text[end]``."""
    return search_at_end(TIME_QUALIFIER_BEFORE_RE, text, end, _LONGEST_TIME_QUALIFIER) is not None


def _ratio_before(text: str, end: int) -> bool:
    """``een op de``, ``one in``, ``1 out of``... right before ``text[end]``."""
    return search_at_end(RATIO_BEFORE_RE, text, end, _LONGEST_RATIO) is not None


def _label_before(text: str, end: int) -> bool:
    """A label word (``Tabel``, ``niveau``, ``SBI-afdeling``) or a capital right before ``text[end]``."""
    if search_at_end(LABEL_BEFORE_RE, text, end, _LONGEST_LABEL) is not None:
        return True
    # only "sbi-" with a long word after it can be longer than the window, and then the
    # window holds no blank: search the whole text only in that case
    stop = len(text[:end].rstrip())
    window = text[max(0, stop - _LONGEST_LABEL) : stop]
    return stop > _LONGEST_LABEL and not any(c.isspace() for c in window) and bool(LABEL_BEFORE_RE.search(text[:end]))


def _at_line_start(text: str, end: int) -> bool:
    """Only spaces and tabs between the start of the line (or text) and ``text[end]``:
    ``re.search(r"(?:^|\n)[ \t]*$", text[:end])`` without scanning the whole text."""
    before = text[:end].rstrip(" \t")
    return not before or before.endswith("\n")


def _excluded(text: str, atom: _Atom) -> bool:
    number = atom.number
    if number is not None:
        if is_year_like(number):
            return True
        if _money_before(text, atom.start) or _MONEY_AFTER_RE.match(text, number.end):
            return True
        if _PERCENT_AFTER_RE.match(text, number.end):
            return True
        if _at_line_start(text, atom.start) and re.match(r"[.)]", text[number.end : number.end + 1]):
            return True  # a list number at the start of a line
    if _ratio_before(text, atom.start):
        return True
    return _label_before(text, atom.start) and not atom.glue


# "vijf jaar geleden", "five years ago", "twee weken later": a point in time, not a span counted
_POINT_IN_TIME_AFTER_RE = re.compile(r"[ \u00a0]+(?:geleden|terug|eerder|later|ago|earlier)\b", re.IGNORECASE)


def _time_not_counted(text: str, atom: _Atom, noun: tuple[str, int]) -> bool:
    """A time unit that is a time qualifier (``de komende 5 jaar``) or a point in time
    (``vijf jaar geleden``), not a duration counted."""
    return noun[0] in TIME_UNITS and bool(
        _time_qualifier_before(text, atom.start) or _POINT_IN_TIME_AFTER_RE.match(text, noun[1])
    )


def _range_end_is_money_or_percent(text: str, b: _Atom) -> bool:
    return b.number is not None and bool(
        _MONEY_AFTER_RE.match(text, b.number.end) or _PERCENT_AFTER_RE.match(text, b.number.end)
    )


def _joins_as_range(text: str, a: _Atom, b: _Atom) -> bool:
    """Whether the numbers ``a`` and ``b`` make one range (``4–6``, ``tussen 10 en 20``), both in
    digits or both in words (``drie tot vijf``, ``between two and four``): a digit next to a
    word is seldom a range (``2 to five-year plans``)."""
    if a.plus or a.value >= b.value or (a.number is None) != (b.number is None):
        return False
    if a.number is not None and (
        is_year_like(a.number) or _money_before(text, a.start) or _range_end_is_money_or_percent(text, b)
    ):
        return False
    return joins_range(text, a.start, a.end, b.start)


def _items(
    text: str,
    numbers: tuple[NumberMatch, ...],
    default_language: str | None,
    taken: list[tuple[int, int]],
    dutch: Callable[[], bool] | None = None,
    found: _WordsFound | None = None,
) -> list[tuple[list[_Atom], str]]:
    """Counts in a sentence: (atoms, counted noun); a range has two atoms. Numbers
    inside ``taken`` (money and percentage spans) are skipped. ``default_language``
    decides the language of a sentence that is as Dutch as English (see looks_dutch);
    ``found`` (when given) are the sentence's ``_words_found``."""
    atoms = _atoms(text, numbers, default_language, dutch, found)
    if taken:
        atoms = [a for a in atoms if not any(s < a.end and a.start < e for s, e in taken)]
    items: list[tuple[list[_Atom], str]] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        if i + 1 < len(atoms):
            b = atoms[i + 1]
            if _joins_as_range(text, a, b):
                noun = _noun_after(text, b.end)
                if noun and not _excluded(text, a) and not _time_not_counted(text, a, noun):
                    items.append(([a, b], noun[0]))
                i += 2
                continue
        # the noun first: most numbers have none, and then need no test of what precedes them
        noun = _noun_after(text, a.end)
        if noun is None:
            after = read_after(text[a.end :])
            if after.bound:  # "100 of meer werknemers"
                noun = _noun_after(text, a.end + after.start)
        if noun and not _excluded(text, a) and not _time_not_counted(text, a, noun):
            items.append(([a], noun[0]))
        i += 1
    if "aantal" in text or "umber of" in text:  # (cheap: most sentences have neither)
        items = _levels_of_a_number_of(text, atoms, items, taken)
    return items


# "het aantal orderpickers", "the number of AI jobs": what the bare levels after it count
_NUMBER_OF_RE = re.compile(r"\b(?:aantal|number[ \u00a0]+of)(?=[ \u00a0])", re.IGNORECASE)
# a level of that number: "daalde van 61.000 in 2020 naar 47.500", "rose from 12,000 to 15,000",
# "is 4.200", "bedroeg 4.200", "stood at 4,200"
_LEVEL_BEFORE_RE = re.compile(
    r"\b(?:van|vanaf|naar|tot|op|from|to|at|is|was|bedraagt|bedroeg|reached|totaalt|totals?|totalled)[ \u00a0]+$",
    re.IGNORECASE,
)
# what may follow such a level: the clause's end, the next level, its time or its source
_LEVEL_ENDS_RE = re.compile(
    r"[ \u00a0]*(?:$|[.,;:!?)\]\u2013\u2014-]|(?:in|naar|tot|to|en|and|vorig|vorige|afgelopen|dit|this|last"
    r"|between|tussen|sinds|since|volgens|according|op|at|by|bij)\b)",
    re.IGNORECASE,
)
_NUMBER_OF_REACH = 160  # characters after the counted noun in which its levels are looked for
_RANGE_REACH = 12  # characters from a bare number to a money or percentage figure whose unit it shares
_SHARED_UNIT_GAP = re.compile(r"[ \u00a0]*(?:[-\u2013\u2014]|naar|tot|en|of|to|and|or)[ \u00a0]*", re.IGNORECASE)
_CLAUSE_BREAKS = ";:()"


def _level_before(text: str, start: int) -> bool:
    """A level word before ``start``: right before it, or before one or two of its
    qualifiers (``van ruim``, ``tot bijna``; ``tot`` is a qualifier as well)."""
    end = start
    for _ in range(3):
        if _LEVEL_BEFORE_RE.search(text, max(0, end - 20), end):
            return True
        lead = read_qualifiers(text[:end], max_words=1).start
        if lead == end:
            return False
        end = len(text[:lead].rstrip(" \u00a0")) + 1  # (as before a number: the word, one space)
    return False


def _levels_of_a_number_of(text: str, atoms: list[_Atom], items: list[tuple[list[_Atom], str]],
                           taken: list[tuple[int, int]]) -> list[tuple[list[_Atom], str]]:  # fmt: skip
    """``items`` with the bare numbers that state the level of a ``het aantal X`` / ``the number
    of X`` before them in their clause (after ``van``/``naar``/``is``/``from``/``to``...) as counts of X."""
    counted = [a for item, _ in items for a in item]
    added = False
    for m in _NUMBER_OF_RE.finditer(text):
        noun = _noun_after(text, m.end())
        if noun is None:
            continue
        for a in atoms:
            if a in counted or a.number is None or not noun[1] < a.start <= noun[1] + _NUMBER_OF_REACH:
                continue
            if any(c in text[noun[1] : a.start] for c in _CLAUSE_BREAKS) or not _LEVEL_ENDS_RE.match(text, a.end):
                continue  # another clause, or a count of something else ("3 keer", "20.000 banen")
            if is_year_like(a.number) or _excluded(text, a) or not _level_before(text, a.start):
                continue
            if any(a.end < start <= a.end + _RANGE_REACH and _SHARED_UNIT_GAP.fullmatch(text, a.end, start) for start, _ in taken):
                continue  # "van 12 naar 18 procent": the unit of the figure after it
            items.append(([a], noun[0]))
            counted.append(a)
            added = True
    return sorted(items, key=lambda item: item[0][0].start) if added else items


def extract(doc: SegmentedDocument) -> list[Count]:
    document = doc.document
    claims: list[Count] = []
    # a number that is money or a percentage is never a count
    figures = sorted((*money.claim_spans(doc), *percentages.claim_spans(doc)))
    figure_starts = [s for s, _ in figures]
    doc_text = document.text
    for index, (sentence, numbers) in enumerate(zip(doc.sentences, sentence_numbers(doc))):
        text = doc_text[sentence.start : sentence.end]
        found = _words_found(text)
        if not numbers and not found:
            continue  # no number in digits or words (most sentences)
        # the figures starting in this sentence
        first, last = bisect_left(figure_starts, sentence.start), bisect_left(figure_starts, sentence.end)
        taken = [(s - sentence.start, e - sentence.start) for s, e in figures[first:last]]
        def reads_dutch(index: int = index) -> bool:
            return sentence_looks_dutch(doc, index, document.language)

        items = _items(text, numbers, document.language, taken, reads_dutch, found)
        if not items:
            continue  # no need to know the sentence's language
        dutch = reads_dutch()
        for k, (atoms, unit) in enumerate(items):
            first, last = atoms[0], atoms[-1]
            start, end = first.start, last.end
            prev_end = items[k - 1][0][-1].end if k else 0
            quals = read_qualifiers(text[prev_end:start], dutch=dutch)
            if dutch and quals.bound == "lt" and re.search(r"\bonder[ \u00a0]*$", text[prev_end:start], re.I):
                quals = read_qualifiers("")  # "onderzoek onder 2.300 werkgevers": among, not less than
            approximate = quals.approximate or any(_GLUE_KIND.get(c) == "approx" for c in first.glue)
            bound = next((_GLUE_KIND[c] for c in first.glue if _GLUE_KIND.get(c) not in (None, "approx")), None)
            if last.plus:
                bound = "gt"
            if quals.bound == "upto" and quals.words[:1] in (("tot",), ("to",)) and has_change_word(text, start, end):
                quals = replace(quals, bound=None)  # "steeg van 9.000 tot 14.000": the level reached, not a bound
            bound = bound or quals.bound or read_after(text[end:]).bound
            if len(atoms) == 1:
                values = {"value": clean_number(first.value)}
            else:
                values = {"low": clean_number(first.value), "high": clean_number(last.value)}
            claim = Count.at(
                document,
                sentence.start + start,
                sentence.start + end,
                unit=unit,
                approximate=approximate,
                bound=bound,
                **values,
            )
            if claim.exact == text[start:end]:
                claims.append(claim)
    return claims
