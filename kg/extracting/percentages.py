"""Percentages: ``Percentage`` claims for ``14%``, ``3,7%``, ``10–15%``, ``5 procent``,
``vijf procent``, ``+6%``, ``330%``, ``3 procentpunt``.

Span convention (``exact``)
    The figure or range as written with its ``%`` or ``procent``/``percent`` word,
    and the symbols glued to it: a sign or ``~ ≈ ± > < ≥ ≤`` in front, ``+``
    behind (``+6%``, ``~14%``, ``10–20%``, ``vijf procent``). Qualifying words
    (``ongeveer``, ``meer dan``, ``tot``) are not part of it; they set
    ``approximate`` and ``bound`` exactly as for money (see :mod:`kg.extracting.money`).

Fields
    ``unit`` is ``percent`` (``percentage-point`` for ``procentpunt``/``percentage
    points``); ``value`` is the number as written (``14%`` -> 14, ``-3%`` -> -3);
    a range (``10–15%``, ``10 tot 15 procent``, ``tussen 10 en 20 procent``) has
    ``low``/``high`` and no ``value``.

Measure: ``change`` or ``share``. A percentage is a ``change`` when

1. a sign is glued to it (``+6%``, ``-3%``), or
2. a comparative or change noun follows it (``5% meer salaris``, ``14% hoger``,
   ``25% groei``, ``10% less``), or
3. a change noun introduces it (``een stijging van 5%``, ``an increase of 5%``), or
4. its clause (the sentence up to ``.;!?``, a spaced dash or a line break) has a
   change word (``steeg``, ``stijging``, ``groei``, ``daalde``,
   ``toename``, ``afname``, ``increase``, ``rose``, ``grew``...) and the figure is
   not a level introduced by ``van``/``naar``/``tot``/``op``/``from``/``to``/``at``
   (``steeg van 8,8% naar 14,3%`` gives two shares, ``steeg met 330%`` a change);

else it is a ``share``. Percentage points are always a ``change``. Two figures
joined by ``tot``/``to`` after ``van``/``from`` in a clause with a change verb
are a before and after (two claims), not a range: ``grew from 8.8% to 14.3%``.

Fractions in words are percentages too, ``approximate`` (a fraction rounds): ``de helft``,
``een kwart``, ``twee derde``, ``driekwart``, ``a third``, ``three quarters``, ``half``
when ``van``/``of`` and a whole follow (``de helft van de banen``; not ``een derde
partij``, ``de eerste helft``, ``a quarter of a century``, ``de helft van 2025``), when
a comparative follows (``de helft beter betalen``) or when ``met``/``by`` makes them the
size of a change (``met een kwart gedaald``); and ``één op de vijf``, ``1 op de 3``,
``one in four``, ``3 out of 10`` (value 20, 33.3...). Ranges in words are ranges
(``drie tot vijf procent``, ``tussen vier en zes procent``).

Known weaknesses
    A range in words is read only with its unit after the high end (``drie tot vijf
    procent``, ``tussen drie en vijf procent``); a fraction without a whole or a change
    (``half time``) is not read; a
    figure broken by a line break (``10–2\\n0%``, PDF) is missed or misread;
    ``share``/``change`` is a keyword heuristic, so a percentage that is a
    premium or gap (``een loonpremie van 56%``) reads as a share.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from kg.extracting.casefold import fold_document, folded_pattern
from kg.extracting.prefilter import Prefiltered, occurrences, sentences_of
from kg.model import Percentage, SegmentedDocument
from kg.numbers import (
    LANGUAGE_DEPENDENT_QUALIFIER,
    NumberMatch,
    clean_number,
    has_change_word,
    is_transition,
    is_year_like,
    sentence_looks_dutch,
    parse_number_word,
    parse_number_words,
    joins_range,
    read_after,
    read_qualifiers,
    sentence_numbers,
    url_spans,
)

NAME = "percentages"
VERSION = "0.2.1"

_UNIT_RE = re.compile(
    r"(?P<sp>[ \u00a0]?)(?:(?P<pp>procentpunt(?:en)?|percentagepunt(?:en)?|percentage[ \u00a0]points?"
    r"|%[- ]?punt(?:en)?|pp\b)|(?P<pct>%|procent\b|percent\b|pct\b\.?|per[ \u00a0]cent\b))",
    re.IGNORECASE,
)
# tried at every word otherwise: first checked for "procent" or "percent" (see prefilter)
_WORD_UNIT_RE = Prefiltered(re.compile(
    r"(?<![\w-])(?P<words>[^\W\d_]+(?:[ -][^\W\d_]+){0,3})[ \u00a0]+(?P<unit>procent|percent|procentpunt(?:en)?)\b",
    re.IGNORECASE,
))
# every match of _WORD_UNIT_RE holds one of these (folded): a sentence without them is not searched
_WORD_UNITS = ("procent", "percent")
# every match of _UNIT_RE and _WORD_UNIT_RE holds one of these (folded): a sentence without
# them has no unit, so no percentage
_UNIT_NEEDLES = ("%", "cent", "pp", "pct")  # "cent": procent, percent(age), per cent
_LEFT_GLUE_RE = re.compile(r"(?:(?<=[\s(\[:;,“\"'])|^)(?P<glue>[+\-\u2212~≈±<>≤≥]{1,2})$")
_GLUE_CHARS = "+-\u2212~≈±<>≤≥"  # the characters of _LEFT_GLUE_RE's glue
_GLUE_KIND = {"~": "approx", "≈": "approx", "±": "approx", ">": "gt", "≥": "gt", "<": "lt", "≤": "upto"}
_SIGNS = {"+": 1, "-": -1, "\u2212": -1}

_CHANGE_AFTER_RE = re.compile(
    r"[ \u00a0]*(?:meer|minder|hoger|lager|groter|kleiner|beter|extra|erbij|more|less|higher|lower|larger|smaller|better"
    r"|groei\w*|stijging\w*|daling\w*|toename\w*|afname\w*|increase\w*|decrease\w*|growth|rise|drop|decline"
    r"|jump|boost|premie|premium|loonpremie)\b",
    re.IGNORECASE,
)
_CHANGE_NOUN_BEFORE_RE = re.compile(
    r"\b(?:(?:stijging\w*|groei|daling\w*|toename\w*|afname\w*|\w*verhoging\w*|verlaging\w*|increase|decrease"
    r"|rise|growth|drop|decline|jump)[ \u00a0]+(?:(?:van|met|of|by)[ \u00a0]+)?"
    r"|(?:gestegen|gedaald|gegroeid|toegenomen|afgenomen|steeg|stegen|daalde[n]?|groeide[n]?|nam[ \u00a0]+\w+"
    r"|namen[ \u00a0]+\w+|rose|fell|grew|increased|decreased|declined|dropped|jumped)[ \u00a0]+(?:met|by)[ \u00a0]+)$",
    re.IGNORECASE,
)
_LEVEL_BEFORE_RE = re.compile(r"\b(?:van|vanaf|naar|tot|op|from|to|at)[ \u00a0]+$", re.IGNORECASE)


@dataclass
class _Atom:
    start: int
    end: int
    value: float | int
    unit: str | None  # percent, percentage-point, None for the bare low end of a range
    number: NumberMatch | None  # None for a number in words
    glue: str = ""
    plus: bool = False


def _atoms(text: str, numerals: tuple[NumberMatch, ...], word_unit: bool = True) -> list[_Atom]:
    """The figures of a sentence whose numbers (without magnitudes) are ``numerals``;
    ``word_unit`` False when it holds no ``procent``/``percent`` (then the numbers in
    words before one are not looked for)."""
    skip = url_spans(text)
    atoms: list[_Atom] = []
    for number in numerals:
        if skip and any(a <= number.start < b for a, b in skip):
            continue
        unit_m = _UNIT_RE.match(text, number.end)
        unit = None
        end = number.end
        if unit_m:
            unit = "percentage-point" if unit_m.group("pp") else "percent"
            end = unit_m.end()
        plus = text.startswith("+", end) and not text[end + 1 : end + 2].isdigit()
        glue = ""
        if number.start and text[number.start - 1] in _GLUE_CHARS:  # else no glue ends at the number
            left = _LEFT_GLUE_RE.search(text, max(0, number.start - 3), number.start)
            glue = left.group("glue") if left else ""
        atoms.append(
            _Atom(
                start=number.start - len(glue),
                end=end + (1 if plus and unit else 0),
                value=number.numeral_value,
                unit=unit,
                number=number,
                glue=glue,
                plus=plus and bool(unit),
            )
        )
    taken = [(a.start, a.end) for a in atoms]
    for m in _WORD_UNIT_RE.finditer(text) if word_unit else ():
        words = m.group("words").split(" ")
        for k in range(len(words)):  # the longest tail of words that is a number
            if words[k].lower() in _JOINTS:
                continue  # text2num reads "en vijf" as 5
            phrase = " ".join(words[k:])
            value = parse_number_words(phrase)
            if value is not None:
                start = m.start("words") + len(" ".join(words[:k])) + (1 if k else 0)
                if not any(a < m.end() and start < b for a, b in skip + taken):
                    unit = "percentage-point" if m.group("unit").lower().startswith("procentp") else "percent"
                    if (low := _low_end_in_words(words, k, value)) is not None:
                        low_start = m.start("words") + len(" ".join(words[: k - 2])) + (1 if k > 2 else 0)
                        atoms.append(_Atom(low_start, low_start + len(words[k - 2]), low, None, None))
                    atoms.append(_Atom(start, m.end(), value, unit, None))
                break
    atoms.sort(key=lambda a: a.start)
    return atoms


_RANGE_JOINTS = ("tot", "to", "à", "en", "and")  # between the ends of a range in words
_JOINTS = frozenset((*_RANGE_JOINTS, "of", "or"))


def _low_end_in_words(words: list[str], k: int, high: int) -> int | None:
    """The low end of a range in words whose high end is ``words[k:]``: ``drie tot vijf``,
    ``three to five``, ``tussen drie en vijf``, ``between three and five``."""
    if k < 2 or (joint := words[k - 1].lower()) not in _RANGE_JOINTS:
        return None
    if joint in ("en", "and") and (k < 3 or words[k - 3].lower() not in ("tussen", "between")):
        return None
    low = parse_number_words(words[k - 2])
    return low if low is not None and low < high else None


def _sign_glue(glue: str) -> tuple[int, str]:
    """Split a glued prefix into a sign and the other symbols."""
    sign = 1
    rest = ""
    for c in glue:
        if c in _SIGNS:
            sign = _SIGNS[c]
        else:
            rest += c
    return sign, rest


def _items(text: str, numerals: tuple[NumberMatch, ...], word_unit: bool = True) -> list[list[_Atom]]:
    atoms = _atoms(text, numerals, word_unit)
    items: list[list[_Atom]] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        if i + 1 < len(atoms) and a.unit is None and a.number is None and atoms[i + 1].number is None:
            items.append([a, atoms[i + 1]])  # a range in words (_low_end_in_words)
            i += 2
            continue
        if i + 1 < len(atoms):
            b = atoms[i + 1]
            # the glued "-" of b is then the range dash, not a sign
            b_start = b.start + (len(b.glue) if b.glue in ("-", "\u2212") else 0)
            a_end = a.end
            if (
                b.unit
                and (a.unit in (None, b.unit))
                and not a.plus
                and a.number is not None
                and b.number is not None
                and not (a.unit is None and is_year_like(a.number))
                and (a.value < b.value)
                and joins_range(text, a.start, a_end, b_start)
                and not is_transition(text, a.start, a_end, b_start)
            ):
                if b_start != b.start:
                    b.start, b.glue = b_start, ""
                items.append([a, b])
                i += 2
                continue
        if a.unit:
            items.append([a])
        i += 1
    return items


# the most whitespace-separated words a match of _CHANGE_NOUN_BEFORE_RE or _LEVEL_BEFORE_RE
# spans (``nam sterk toe met``: ``nam``, ``toe``, ``met``)
_WORDS_BEFORE = 3


def _is_change(text: str, start: int, end: int, signed: bool, before_words_start: int) -> bool:
    if signed:
        return True
    if _CHANGE_AFTER_RE.match(text, end):
        return True
    lead = text[:before_words_start]
    last_words = _last_words_start(lead, _WORDS_BEFORE)
    if _CHANGE_NOUN_BEFORE_RE.search(lead, last_words):
        return True
    if _LEVEL_BEFORE_RE.search(lead, last_words):
        return False
    return has_change_word(text, start, end)


def _last_words_start(text: str, words: int) -> int:
    """Where the last ``words`` whitespace-separated words of ``text`` start, or before.

    A match of at most that many words, with whitespace between them and after the last up
    to the end of ``text`` (as the patterns before a figure, anchored with ``[ ]+$``), starts
    there or later: each of its words lies in one of the text's last words, each in another.
    So a search from there finds one if a search of the whole text does (``\\b`` still sees
    the character before), without trying every position of a long sentence before it."""
    parts = text.rsplit(None, words)  # (only the first part is not one of the last words)
    return len(parts[0]) if len(parts) > words else 0



def extract(doc: SegmentedDocument) -> list[Percentage]:
    document = doc.document
    claims: list[Percentage] = []
    # where "procent"/"percent" occur, found once in the folded document: most sentences
    # hold neither, and need no search for a number in words before one
    folded = fold_document(doc.text)
    word_units = sorted((at, at + len(word)) for word in _WORD_UNITS for at in occurrences(folded, word))
    all_numerals = sentence_numbers(doc, magnitudes=False)
    # a percentage has a unit: only the sentences where one may occur are read (one scan)
    for index in sorted(sentences_of(doc).holding(folded, _UNIT_NEEDLES)):
        sentence, numerals = doc.sentences[index], all_numerals[index]
        word_unit = _any_within(word_units, sentence.start, sentence.end)
        if not word_unit and not numerals:
            continue  # no number in digits, no percentage in words
        text = doc.sentence_text(sentence)
        items = _items(text, numerals, word_unit)
        if not items:
            continue  # most sentences: no need to know their language
        # the language of a sentence matters only when it holds LANGUAGE_DEPENDENT_QUALIFIER
        holds_word = folded.find(LANGUAGE_DEPENDENT_QUALIFIER, sentence.start, sentence.end) >= 0
        dutch = holds_word and sentence_looks_dutch(doc, index, document.language)
        for k, atoms in enumerate(items):
            first, last = atoms[0], atoms[-1]
            start, end = first.start, last.end
            prev_end = items[k - 1][-1].end if k else 0
            next_start = items[k + 1][0].start if k + 1 < len(items) else len(text)
            sign, symbols = _sign_glue(first.glue)
            quals = read_qualifiers(text[prev_end:start], dutch=dutch)
            approximate = quals.approximate or any(_GLUE_KIND.get(c) == "approx" for c in symbols)
            bound = next((_GLUE_KIND[c] for c in symbols if _GLUE_KIND.get(c) not in (None, "approx")), None)
            if last.plus:
                bound = "gt"
            bound = bound or quals.bound
            after = read_after(text[end:next_start])
            bound = bound or after.bound
            approximate = approximate or after.approximate
            unit = last.unit or "percent"
            change = unit == "percentage-point" or _is_change(
                text, start, end, any(c in _SIGNS for c in first.glue), prev_end + quals.start
            )
            if len(atoms) == 1:
                values = {"value": clean_number(sign * first.value)}
            else:
                values = {"low": clean_number(sign * first.value), "high": clean_number(last.value)}
            claim = Percentage.at(
                document,
                sentence.start + start,
                sentence.start + end,
                unit=unit,
                approximate=approximate,
                bound=bound,
                measure="change" if change else "share",
                **values,
            )
            if claim.exact == text[start:end]:
                claims.append(claim)
    taken = [(c.start, c.end) for c in claims]
    fraction_sentences = set(sentences_of(doc).holding(folded, _FRACTION_NEEDLES))
    fraction_sentences.update(i for i, numerals in enumerate(all_numerals) if numerals and any(
        _FOLDED_ONE_IN_RE.match(folded, doc.sentences[i].start + n.start) for n in numerals))  # fmt: skip
    for index in sorted(fraction_sentences):
        claims += _fraction_claims(doc, index, folded, taken)
    doc.remember("percentages.spans", [(c.start, c.end) for c in claims])
    return claims


# ------------------------------------------------------------------ fractions in words

# the share of a whole each fraction word names, in percent (singular and plural)
_FRACTION_WORDS = {
    "helft": 50, "half": 50, "kwart": 25, "quarter": 25, "quarters": 25, "derde": 100 / 3, "third": 100 / 3,
    "thirds": 100 / 3, "vijfde": 20, "fifth": 20, "fifths": 20, "zesde": 100 / 6, "sixth": 100 / 6,
    "achtste": 12.5, "eighth": 12.5, "tiende": 10, "tenth": 10, "tenths": 10,
}
_FRACTION_COUNTS = {"een": 1, "één": 1, "eén": 1, "a": 1, "one": 1, "1": 1, "twee": 2, "two": 2, "2": 2, "drie": 3, "three": 3,
                    "3": 3, "vier": 4, "four": 4, "4": 4}  # fmt: skip
_FRACTION_NOUN = r"helft|half|kwart|quarters?|derde|thirds?|vijfde|fifths?|zesde|sixth|achtste|eighth|tiende|tenths?"
# "de helft", "een kwart", "twee derde", "driekwart", "a third", "two thirds", "half": a
# fraction, when "van"/"of" and the whole follow it (not "een derde partij", "de eerste
# helft", "the first half": an ordinal), or when a comparative follows it ("de helft meer")
# or "met"/"by" puts it as the size of a change ("met een kwart gedaald"); "of a century",
# "van 2025" are not a whole of which a share is meant
_FRACTION_RE = re.compile(
    r"(?<![\w-])(?P<fraction>(?:de|the|one)\s+(?:helft|half)"
    r"|(?<!first )(?<!second )(?<!last )(?<!other )half"
    r"|(?P<count>een|één|eén|a|one|twee|two|drie|three|vier|four|[1-4])\s+(?P<noun>" + _FRACTION_NOUN + r")"
    r"|(?P<glued>drie)(?P<gnoun>kwart))(?![\w-])"
    r"(?:(?=\s+(?P<of>van|of)\s+(?!(?:een|an?)\b|\d)\w))?",
    re.IGNORECASE,
)
_CHANGE_BY_RE = re.compile(r"\b(?:met|by)\s+$", re.IGNORECASE)
# "één op de vijf ontwikkelaars", "1 op de 10", "one in five workers", "3 out of 10": a share
_ONE_IN_RE = re.compile(
    r"(?<![\w,.-])(?P<part>\d{1,3}|een|één|eén|twee|drie|vier|vijf|one|two|three|four|five)"
    r"\s+(?:op\s+de|in|out\s+of)\s+(?P<whole>\d{1,4}|[^\W\d_]+)(?![\w,.-]|[.,]\d)",
    re.IGNORECASE,
)
_FOLDED_FRACTION_RE, _FOLDED_ONE_IN_RE = folded_pattern(_FRACTION_RE), folded_pattern(_ONE_IN_RE)
# every match of _FRACTION_RE holds one of these (folded), and every match of _ONE_IN_RE
# whose parts are words; one whose part is in digits starts at a number (see extract)
_FRACTION_NEEDLES = ("helft", "half", "kwart", "quarter", "derde", "third", "vijfde", "fifth", "zesde", "sixth",
                     "achtste", "eighth", "tiende", "tenth") + tuple(
    f"{first}{space}{second}" for first, second in (("op", "de"), ("out", "of"), *((part, "in") for part in (
        "one", "two", "three", "four", "five"))) for space in " \u00a0\n")  # fmt: skip
# (a line wrap inside a fraction: "de helft van de\nwerkgevers", "één op\nde vijf")


def _fraction_value(m: re.Match[str]) -> float | None:
    """The percentage a match of _FOLDED_FRACTION_RE names, if a fraction of a whole."""
    if m.group("count"):
        count, noun = _FRACTION_COUNTS[m.group("count")], m.group("noun")
        if count > 1 and not noun.endswith("s") and noun in ("quarter", "third", "fifth", "tenth"):
            return None  # "two third", not English
    elif m.group("glued"):
        count, noun = 3, "kwart"
    else:
        count, noun = 1, "helft"
    value = count * _FRACTION_WORDS[noun]
    return value if value < 100 else None


def _fraction_claims(doc: SegmentedDocument, index: int, folded: str, taken: list[tuple[int, int]]) -> list[Percentage]:
    """Fractions in words in sentence ``index``: ``de helft van``, ``twee derde van``,
    ``één op de vijf``, ``met een kwart gedaald``; ``approximate``, as a fraction rounds.
    ``folded`` is the folded document: the patterns run on it (see casefold)."""
    sentence = doc.sentences[index]
    text, lowered = doc.sentence_text(sentence), folded[sentence.start : sentence.end]
    found: list[tuple[int, int, float]] = []
    for m in _FOLDED_FRACTION_RE.finditer(lowered):
        value = _fraction_value(m)
        if value is None or not (m.group("of") or _CHANGE_AFTER_RE.match(text, m.end("fraction"))
                                 or _CHANGE_BY_RE.search(_qualified_lead(text, m.start()))):  # fmt: skip
            continue
        found.append((m.start("fraction"), m.end("fraction"), value))
    for m in _FOLDED_ONE_IN_RE.finditer(lowered):
        part, whole = _small_number(m.group("part")), _small_number(m.group("whole"))
        if part is None or whole is None or not 0 < part < whole <= 1000:
            continue
        found.append((m.start(), m.end(), 100 * part / whole))
    claims = []
    for start, end, value in sorted(found):
        at = sentence.start + start
        if any(a < sentence.start + end and at < b for a, b in taken):
            continue
        quals = read_qualifiers(text[:start])
        change = _is_change(text, start, end, False, quals.start)
        claim = Percentage.at(doc.document, at, sentence.start + end, unit="percent", approximate=True,
                              bound=quals.bound, measure="change" if change else "share",
                              value=clean_number(round(value, 1)))  # fmt: skip
        if claim.exact == text[start:end]:
            claims.append(claim)
            taken.append((claim.start, claim.end))
    return claims


def _qualified_lead(text: str, start: int) -> str:
    """The text before ``start`` without the qualifying words right before it
    (``met bijna``  for ``met bijna een kwart``)."""
    return text[: read_qualifiers(text[:start]).start].rstrip() + " "


def _small_number(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else _FRACTION_COUNTS.get(word) or parse_number_word(word)


def _any_within(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether one of ``spans`` (sorted by start) lies inside ``start..end``."""
    i = bisect_left(spans, (start, start))
    while i < len(spans) and spans[i][0] < end:
        if spans[i][1] <= end:
            return True
        i += 1
    return False


def claim_spans(doc: SegmentedDocument) -> list[tuple[int, int]]:
    """The spans of the claims ``extract(doc)`` gives: remembered on the document when
    extract_claims already ran this module on it, else computed."""
    return list(doc.memo("percentages.spans", lambda: [(c.start, c.end) for c in extract(doc)]))
