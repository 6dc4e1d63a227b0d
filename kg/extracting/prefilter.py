"""Required strings: a cheap test that a rule's regex cannot match, before running it.

Many rules look in every sentence for a phrase that few sentences hold (``X wordt
gedefinieerd als``, ``X meldde``), and the regex engine tries such a pattern at every
position, as costly when nothing matches as when something does. :func:`required` reads
the pattern's syntax tree for strings of which every match must contain at least one
(``gedefinieerd`` or `` is defined as ``); :class:`Prefiltered` looks for those with a
plain substring search first and runs the pattern only where one occurs. The matches
are the pattern's own, so a rule behaves exactly as before. :class:`NeedleIndex` answers the
same question for many passages of one document (its sentences) by bisection, and
:class:`Passages` finds the passages that may hold one with a single scan of the document.

For an ``re.IGNORECASE`` pattern the strings are looked for in the text folded as the
regex engine folds it (:mod:`kg.extracting.casefold`). Letters under an inline ``(?i:...)``
or ``(?-i:...)``, character classes, assertions and optional parts require nothing.
"""

from __future__ import annotations

import re
import sys
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING, Any

import ahocorasick_rs

from kg.extracting.casefold import fold, fold_document

if TYPE_CHECKING:
    from kg.model import SegmentedDocument

try:  # the regex parser of the standard library: re._parser from Python 3.11, sre_parse before
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_parse as _parser  # type: ignore[no-redef]

MIN_LENGTH = 3  # a shorter required string is in most sentences: no use as a filter
SHORT_TEXT = 2000  # up to this length, needles are looked for one by one (see Prefiltered)...
MANY_NEEDLES = 16  # ... unless there are more than this many: then one regex search is faster
FEW_NAMES = 24  # beyond this many names (all needles capitalised), Passages scans for all at once: see Passages._find
LONG_TEXT = SHORT_TEXT  # from this length on, a text's needles are found by one scan for all (see occurrences)
INDEXED_TEXTS = 4  # texts whose occurrences are kept: a document's text and its folded text, and the previous pair

_LITERAL, _BRANCH, _SUBPATTERN = _parser.LITERAL, _parser.BRANCH, _parser.SUBPATTERN
_REPEATS = tuple(getattr(_parser, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_parser, name))
_ATOMIC = getattr(_parser, "ATOMIC_GROUP", None)

Needles = frozenset[str]  # every match contains one of these


def _better(a: Needles | None, b: Needles | None) -> Needles | None:
    """The more selective requirement: longer shortest string, then fewer strings."""
    if a is None or b is None:
        return a if b is None else b
    return max(a, b, key=lambda n: (min(map(len, n)), -len(n)))


def _sequence(items: Any) -> Needles | None:
    """What a sequence of parsed items requires: its best run of literal characters or item."""
    best: Needles | None = None
    run: list[str] = []
    for op, av in items:
        if op is _LITERAL:
            run.append(chr(av))
            continue
        if run:
            best, run = _better(best, frozenset({"".join(run)})), []
        best = _better(best, _item(op, av))
    if run:
        best = _better(best, frozenset({"".join(run)}))
    return best


def _item(
    op: Any,
    av: Any,
    sequence: Callable[[Any], Any] = _sequence,
    union: Callable[[list[Any]], Any] = lambda alternatives: frozenset().union(*alternatives),
) -> Any:
    """What one parsed item requires, read by ``sequence`` (its parts) and ``union`` (an
    alternation): needles by default, clauses for :func:`required_all`."""
    if op is _SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        return None if add_flags or del_flags else sequence(sub.data)
    if op is _BRANCH:
        alternatives = [sequence(alternative.data) for alternative in av[1]]
        if any(a is None for a in alternatives):
            return None
        return union(alternatives)
    if op in _REPEATS:
        low, _high, sub = av
        return sequence(sub.data) if low >= 1 else None
    if _ATOMIC is not None and op is _ATOMIC:
        return sequence(av.data)
    return None  # a character class, any character, an assertion, a back reference


def required(pattern: re.Pattern[str]) -> Needles | None:
    """Strings of which every match of ``pattern`` contains one, or None when the pattern
    gives none of at least MIN_LENGTH characters."""
    needles = _sequence(_parser.parse(pattern.pattern, pattern.flags).data)
    if needles is None or min(map(len, needles)) < MIN_LENGTH:
        return None
    # a needle holding another is found whenever that one is: keep the shorter
    needles = frozenset(n for n in needles if not any(other != n and other in n for other in needles))
    return frozenset(map(fold, needles)) if pattern.flags & re.IGNORECASE else needles


Clauses = tuple[frozenset[str], ...]  # every match contains all the strings of one of these
MAX_CLAUSES = 64  # a sequence of alternations multiplies its clauses: beyond this, one item is left out


def _dnf_sequence(items: Any) -> Clauses | None:
    """What a sequence of parsed items requires, as clauses (None: nothing). A part that
    would give more than MAX_CLAUSES clauses is left out: the clauses then ask for less,
    never for a string a match may lack."""
    clauses: Clauses = (frozenset(),)
    run: list[str] = []

    def add(part: Clauses | None) -> None:
        nonlocal clauses
        if part is not None and len(clauses) * len(part) <= MAX_CLAUSES:
            clauses = tuple(dict.fromkeys(c | p for c in clauses for p in part))

    for op, av in items:
        if op is _LITERAL:
            run.append(chr(av))
            continue
        if run:
            add((frozenset({"".join(run)}),))
            run = []
        add(_dnf_item(op, av))
    if run:
        add((frozenset({"".join(run)}),))
    return None if any(not clause for clause in clauses) else clauses


def _dnf_item(op: Any, av: Any) -> Clauses | None:
    return _item(op, av, _dnf_sequence, lambda alternatives: tuple(dict.fromkeys(c for a in alternatives for c in a)))  # type: ignore[no-any-return]


def required_all(pattern: re.Pattern[str]) -> Clauses | None:
    r"""Clauses of strings: every match of ``pattern`` contains all the strings of one of them
    (one clause per alternative: both ``onder`` and ``druk`` for ``onder\s+druk``), or None
    when the pattern requires nothing. Stricter than :func:`required`, which asks for one
    string of each alternative; for an ``re.IGNORECASE`` pattern the strings are folded."""
    clauses = _dnf_sequence(_parser.parse(pattern.pattern, pattern.flags).data)
    if clauses is None:
        return None
    if pattern.flags & re.IGNORECASE:
        clauses = tuple(dict.fromkeys(frozenset(map(fold, clause)) for clause in clauses))
    return clauses


class Prefiltered:
    """A pattern whose ``search`` and ``finditer`` first check for a required string; with
    ``all_strings``, in a short text, for all the strings one alternative requires
    (:func:`required_all`): a few more ``in`` tests, fewer regex runs where a pattern's
    words are common but seldom together."""

    def __init__(self, pattern: re.Pattern[str], *, all_strings: bool = False) -> None:
        self.pattern = pattern
        self.needles = required(pattern)
        clauses = required_all(pattern) if all_strings and self.needles is not None else None
        # each clause's strings longest first: the least common, so ``all`` stops soonest
        self._clauses = None if clauses is None else tuple(
            tuple(sorted(clause, key=lambda n: (-len(n), n))) for clause in clauses
        )
        self._folds = bool(pattern.flags & re.IGNORECASE)  # look for the needles in folded text
        # several needles: in a long text one scan for all of them (an alternation of literals);
        # in a sentence an ``in`` test per needle is several times faster than that scan, up
        # to MANY_NEEDLES needles (measured on the extractors' patterns: 12 loop, 38 scan)
        alternatives = sorted(self.needles or (), key=lambda n: (-len(n), n))
        self._any = _scanner(self.needles) if len(alternatives) > 1 else None  # type: ignore[arg-type]
        self._scan_short = len(alternatives) > MANY_NEEDLES
        self._each = tuple(alternatives)

    def may_match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> bool:
        """False when no match can lie in ``text[pos:endpos]``."""
        if self.needles is None:
            return True
        if self._folds:
            text = fold(text[pos:endpos])
        elif pos > 0 or endpos < len(text):
            text = text[max(pos, 0) : max(endpos, 0)]  # the range as the regex engine reads it
        if self._any is not None and (self._scan_short or len(text) > SHORT_TEXT):
            return self._any.search(text) is not None
        if self._clauses is not None:
            for clause in self._clauses:
                for needle in clause:
                    if needle not in text:
                        break
                else:
                    return True
            return False
        for needle in self._each:
            if needle in text:
                return True
        return False

    def index(self, text: str) -> NeedleIndex | None:
        """Where the needles occur in a whole document ``text``, to ask of many passages of it
        whether the pattern may match there (None: no needles, it may match anywhere)."""
        if self.needles is None:
            return None
        return NeedleIndex(fold_document(text) if self._folds else text, self.needles)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.pattern.search(text, pos, endpos) if self.may_match(text, pos, endpos) else None

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.pattern.match(text, pos, endpos) if self.may_match(text, pos, endpos) else None

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(text, pos, endpos) if self.may_match(text, pos, endpos) else iter(())


class NeedleIndex:
    """Where any of some strings occurs in one text (also overlapping, or inside words), to
    ask of many passages of the text which hold one: by bisection, instead of searching
    each passage for each string."""

    def __init__(self, text: str, needles: Iterable[str]) -> None:
        needles = frozenset(needles)
        spans = sorted((at, at + len(needle)) for needle in needles for at in occurrences(text, needle))
        self._starts = [start for start, _ in spans]
        self._ends = [end for _, end in spans]
        # the first end of the spans from each on: an occurrence starting at ``endpos`` or
        # later ends after it, so one lookup answers :meth:`within` (not so for an empty string)
        self._first_end: list[int] | None = None if "" in needles else list(accumulate(reversed(self._ends), min))[::-1]

    def within(self, pos: int, endpos: int) -> bool:
        """Does one of the strings occur inside ``text[pos:endpos]``?"""
        i = bisect_left(self._starts, pos)
        if self._first_end is not None:
            return i < len(self._first_end) and self._first_end[i] <= endpos
        while i < len(self._starts) and self._starts[i] < endpos:
            if self._ends[i] <= endpos:
                return True
            i += 1
        return False


def needles_of(*patterns: Prefiltered) -> Needles | None:
    """Strings of which every match of any of ``patterns`` contains one (None: one of them
    requires nothing). The patterns must be matched on the same text (all folded, or none)."""
    if any(pattern.needles is None for pattern in patterns):
        return None
    return frozenset().union(*(pattern.needles for pattern in patterns))  # type: ignore[misc]


class Passages:
    """The passages of one text (a document's sentences), ordered and disjoint, to ask which
    of them may hold one of some strings: one scan of the whole text finds them, instead of
    a search of every passage for every string (most passages hold none). The answers are
    kept with the passages (made once per document): several extractors ask for the same words."""

    def __init__(self, starts: Sequence[int], ends: Sequence[int]) -> None:
        self._starts, self._ends = list(starts), list(ends)
        # the scan maps a position to the one passage around it: so passages must not overlap
        self._disjoint = all(s <= e for s, e in zip(self._starts, self._ends)) and all(
            end <= start for end, start in zip(self._ends, self._starts[1:])
        )
        self._holding: dict[tuple[str, Needles], frozenset[int]] = {}

    def holding(self, text: str, needles: Iterable[str] | None) -> Collection[int]:
        """Indices of the passages of ``text`` in which one of ``needles`` starts: among them
        every passage that holds one (one that starts there and runs on past the passage's
        end counts too: a few extra passages, never one too few). None: no needles, every
        passage may hold a match."""
        if needles is None or not self._disjoint:
            return range(len(self._starts))
        needles = frozenset(needles)
        key = (text, needles)  # (the text's hash is kept by the string: no rescan of it)
        found = self._holding.get(key)
        if found is None:
            found = self._holding[key] = frozenset(self._find(text, needles))
        return found

    def _find(self, text: str, needles: Needles) -> set[int]:
        """The passages where one of ``needles`` starts, from each needle's :func:`occurrences`.
        Only for needles beyond FEW_NAMES that all start with a capital (names: seldom in text,
        new in each document, so not among the automaton's) one regex scan for all is cheaper
        than a ``str.find`` scan for each (its cost hardly grows with their number: 24 surnames
        cost as much either way, 12 twice as much by it)."""
        found: set[int] = set()
        if len(needles) > FEW_NAMES and all(needle[:1].isupper() for needle in needles):
            self._find_any(text, needles, found)
            return found
        for needle in needles:
            self._find_one(text, needle, found)
        return found

    def _find_any(self, text: str, needles: Needles, found: set[int]) -> None:
        """:meth:`_scan` for the first of ``needles`` from each position, by one regex."""
        search = _scanner(needles).search
        self._scan(lambda pos: m.start() if (m := search(text, pos)) is not None else -1, found)

    def _find_one(self, text: str, needle: str, found: set[int]) -> None:
        """:meth:`_scan` for one needle, over its :func:`occurrences`."""
        starts, ends, add = self._starts, self._ends, found.add
        done = -1  # the end of the passage found last: occurrences before it add nothing
        for at in occurrences(text, needle):
            if at >= done:
                i = bisect_right(starts, at) - 1  # the passage starting last at or before ``at``
                if i >= 0 and at < ends[i]:
                    add(i)
                    done = ends[i]

    def _scan(self, next_at: Callable[[int], int], found: set[int]) -> None:
        """Add to ``found`` the passages in which ``next_at(pos)`` (the next position from
        ``pos`` where a needle starts, or -1) finds one, skipping passages found already."""
        starts, ends = self._starts, self._ends
        at = next_at(0)
        while at >= 0:
            i = bisect_right(starts, at) - 1  # the passage starting last at or before ``at``
            if i >= 0 and at < ends[i]:
                found.add(i)
                at = next_at(ends[i])  # the rest of this passage can add nothing
            elif i + 1 < len(starts):
                at = next_at(starts[i + 1])  # ``at`` lies between passages: go on at the next one
            else:
                break


def sentences_of(doc: SegmentedDocument) -> Passages:
    """The sentences of ``doc`` as :class:`Passages`, made once per document."""
    return doc.memo("prefilter.sentences", lambda: Passages([s.start for s in doc.sentences], [s.end for s in doc.sentences]))


@lru_cache(maxsize=256)
def _scanner(needles: Needles) -> re.Pattern[str]:
    """A pattern that matches where one of ``needles`` starts."""
    return re.compile(factored_alternation([tuple(map(re.escape, needle)) for needle in sorted(needles)]))


def _top_level_characters(source: str) -> Iterator[tuple[int, str, int]]:
    """(index, character, depth in groups) of the characters of a regex source that are no
    part of a character class or an escape: its brackets and ``|``, among others."""
    depth, i = 0, 0
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 1  # (the escaped character is no ``|`` or bracket)
        elif c == "[":
            i += 2 if source[i + 1 : i + 2] == "^" else 1
            i += 2 if source[i] == "\\" else 1  # (the first character is in the class, even a ``]``)
            while source[i] != "]":
                i += 2 if source[i] == "\\" else 1
        else:
            depth -= c == ")"
            yield i, c, depth
            depth += c == "("
        i += 1


def top_level_alternatives(source: str) -> list[str]:
    """The alternatives of a regex source at its top level, as written (``a|b(?:c|d)`` gives
    ``a`` and ``b(?:c|d)``): split at each ``|`` outside groups, classes and escapes."""
    bars = [i for i, c, depth in _top_level_characters(source) if c == "|" and depth == 0]
    return [source[start + 1 : end] for start, end in zip([-1, *bars], [*bars, len(source)])]


def group_end(source: str) -> int:
    """The index of the ``)`` that closes the group ``source`` opens with."""
    return next(i for i, c, depth in _top_level_characters(source) if c == ")" and depth == 0)


def factored_alternation(words: Sequence[Sequence[str]]) -> str:
    """An alternation of ``words``, each a sequence of regex tokens (escaped characters, or
    ``\\s+``), factored by their first tokens (``ict(?:\\-beroepen|)`` for ``ict``,
    ``ict-beroepen``): at a position the regex engine tries the few branches of its token
    instead of every word, several times faster than a flat alternation of tens of words.
    Branches keep the order of ``words``; a word ending where longer ones go on comes after
    them (``|)``), so, as in a flat alternation sorted longest first, the longest is tried first."""
    tails = [tuple(word) for word in words]
    firsts = list(dict.fromkeys(tail[0] for tail in tails if tail))
    branches = [first + factored_alternation([tail[1:] for tail in tails if tail and tail[0] == first]) for first in firsts]
    if () in tails:
        branches.append("")  # a word ends here: tried after every longer one
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def positions(text: str, needles: Iterable[str]) -> list[int]:
    """Where any of ``needles`` starts in ``text`` (all occurrences, also overlapping), in order."""
    return sorted(at for needle in needles for at in occurrences(text, needle))


def occurrences(text: str, needle: str) -> list[int]:
    """Where ``needle`` starts in ``text``: every occurrence, also overlapping ones, in order.

    The extractors ask for a hundred-odd strings in each document (in its text and its
    folded text), most of them the same in every document; each was found by a ``str.find``
    scan of the whole text. A text of LONG_TEXT characters or more is now scanned once for
    all the strings asked for in the texts before it (the last INDEXED_TEXTS) by an
    Aho-Corasick automaton (ahocorasick_rs, the Rust crate's), in a tenth of the time of those
    scans on 93 kB documents; a string not among them is found by ``str.find``. (The list
    is kept for the next caller: not to be changed.)"""
    if len(text) < LONG_TEXT or not needle:
        return list(_find_all(text, needle))
    index = _INDEXES.get(text)
    if index is None:
        with _INDEXING:  # (extraction in threads: one of them changes the texts kept at a time)
            index = _INDEXES.get(text) or _TextIndex(text)
    found = index.found.get(needle)
    if found is None:
        found = index.found[needle] = list(_find_all(text, needle))
    index.asked.add(needle)
    return found


def _find_all(text: str, needle: str) -> Iterator[int]:
    at = text.find(needle)
    while at >= 0:
        yield at
        at = text.find(needle, at + 1)


class _TextIndex:
    """The starts in one text of the strings asked for in the texts before it (found by one
    pass of an automaton), and of the others asked for in it so far."""

    def __init__(self, text: str) -> None:
        needles = frozenset().union(*(index.asked for index in _INDEXES.values()))
        self.found: dict[str, list[int]] = {needle: [] for needle in needles}
        self.asked: set[str] = set()
        if needles:
            automaton, strings = _automaton(needles)
            for i, start, _ in automaton.find_matches_as_indexes(text, overlapping=True):
                self.found[strings[i]].append(start)
        if len(_INDEXES) >= INDEXED_TEXTS:
            del _INDEXES[next(iter(_INDEXES))]
        _INDEXES[text] = self


_INDEXES: dict[str, _TextIndex] = {}  # the last INDEXED_TEXTS long texts asked about, oldest first
_INDEXING = threading.Lock()


@lru_cache(maxsize=2)
def _automaton(needles: Needles) -> tuple[Any, tuple[str, ...]]:
    """An Aho-Corasick automaton that finds each of ``needles``, and the needles in the order
    it numbers them. A DFA: it takes a millisecond more to make (once per document, as the
    names asked for change) and scans a 93 kB text in a third of the time (0.7 ms, not 2)."""
    strings = tuple(sorted(needles))
    automaton = ahocorasick_rs.AhoCorasick(
        strings, matchkind=ahocorasick_rs.MatchKind.Standard, implementation=ahocorasick_rs.Implementation.DFA
    )
    return automaton, strings


class AtLineStarts:
    """A pattern ``line`` tried only where lines start (the text's start, and after each line
    break): a search for a line break followed by the pattern lets the regex engine skip from
    break to break, where ``^`` with re.MULTILINE is tried at every position of the text."""

    def __init__(self, line: str, flags: int = 0) -> None:
        self._at_start = re.compile(line, flags)
        self._after_break = re.compile("\n" + line, flags)

    def starts(self, text: str) -> Iterator[int]:
        """Where the lines start at which the pattern matches, in order."""
        if self._at_start.match(text):
            yield 0
        for match in self._after_break.finditer(text):
            yield match.start() + 1

    def matches(self, text: str) -> Iterator[re.Match[str]]:
        """The matches a scan of ``text`` for the pattern at line starts finds, in order (the
        groups as the pattern's; after the first line a match starts at the break before its
        line). Each goes on from where the one before ended, as ``finditer`` does."""
        first = self._at_start.match(text)
        if first is not None:
            yield first
        yield from self._after_break.finditer(text, first.end() if first is not None else 0)


class AfterNonWord:
    """The matches of ``(?<![word])body``: ``body`` where no character of the class ``word``
    comes before it (``\\w``, ``\\w-``), found by a search for a character not in the class
    followed by ``body`` (``[^word](?=(body))``), and a try at the text's start. A pattern
    opening with a lookbehind makes the regex engine enter it at every position of the text;
    one opening with a character class lets it skip, in its own loop, to the characters of
    the class (blanks and punctuation: a fraction of the text).

    :meth:`spans` are the spans ``finditer`` of the lookbehind pattern finds (``body`` must
    not match an empty string, nor hold groups of its own): the search finds, in order,
    every position where that pattern matches, each with the match it makes there (the class
    reads the character the lookbehind reads, also before ``pos``); of those, the ones
    inside an earlier match are passed over, as ``finditer`` goes on from each match's end."""

    def __init__(self, word: str, body: str) -> None:
        self._at_start = re.compile(body)
        self._after = re.compile(f"[^{word}](?=({body}))")

    def spans(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[tuple[int, int]]:
        """The spans of the matches in ``text[pos:endpos]``, in order, none overlapping."""
        end = 0
        if pos <= 0:
            first = self._at_start.match(text, 0, endpos)
            if first is not None:
                end = first.end()
                yield first.span()
        for m in self._after.finditer(text, max(pos - 1, 0), endpos):
            if m.start(1) >= end:
                end = m.end(1)
                yield m.start(1), end
