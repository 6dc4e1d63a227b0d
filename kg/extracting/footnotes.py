"""Numbered footnotes: the notes at the foot of a page and the markers in the
text that point at them. Reusable: :func:`find_footnotes` and :func:`find_markers`
are pure functions of the document text.

Footnote (:class:`Footnote`)
    A line ``N text`` (N = 1..999, one space or tab, then a non-space) that is
    part of a run of such lines followed by URL lines, or that reads as a
    reference on its own (``6 Berenschot, 2025. HR trends``: a name, a comma and
    a year). ``publisher`` is the text before ``, YYYY`` (or before the first
    ``.``), ``year`` that year. URL lines after a run of footnotes belong to the
    run's references in order: to every note when the counts match, else to the
    notes that read as references (a note that explains a word, ``4 Een prompt
    is ...``, gets none).

Marker (:class:`Marker`)
    A number glued to the end of a word or to closing punctuation
    (``recognition)1``, ``werkgeversonderzoek5.``, ``geven.4 Want``), after a
    full stop and a space (``zijn. 11 Daarnaast``), or glued to a year
    (``uit 20252:`` is 2025 with marker 2). A candidate is a marker only when it
    is the next number in sequence (1, 2, 3, ...) and that footnote exists after
    it, so page numbers, ``L3`` and ``10e`` are not markers.

>>> text = "Iets geldt (speech)1 zo.\\n\\n1 WRR, 2021. Opgave AI | Rapport\\n\\nhttps://www.wrr.nl/a\\n"
>>> [(f.number, f.publisher, f.year, f.url) for f in find_footnotes(text)]
[(1, 'WRR', 2021, 'https://www.wrr.nl/a')]
>>> [(m.number, text[m.start:m.end]) for m in find_markers(text)]
[(1, '1')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extracting.prefilter import AtLineStarts

__all__ = ["Footnote", "Marker", "find_footnotes", "find_markers", "footnote_label"]

_LINE_RE = re.compile(r"[^\n]*")
_NOTE_RE = re.compile(r"[ \t]?(?P<n>\d{1,3})[ \t]+(?P<body>\S.*?)[ \t]*$")
_URL_LINE_RE = re.compile(r"[ \t]*(?P<url>(?:https?://|www\.)\S+)[ \t]*$")
_REFERENCE_RE = re.compile(r"(?P<publisher>[A-Z][^,.|]{0,80}?),[ \t]*(?P<year>(?:19|20)\d{2})\b")


@dataclass(frozen=True, slots=True)
class Footnote:
    number: int
    start: int  # the footnote's line, number included
    end: int
    text: str  # the note without its number
    publisher: str | None
    year: int | None
    url: str | None = None
    url_start: int | None = None
    url_end: int | None = None


@dataclass(frozen=True, slots=True)
class Marker:
    number: int
    start: int
    end: int


def _reference(body: str) -> tuple[str | None, int | None]:
    m = _REFERENCE_RE.match(body)
    if m:
        return m.group("publisher").strip(), int(m.group("year"))
    head = re.match(r"(?P<publisher>[A-Z][A-Za-z&-]{1,20})\.[ \t]", body)  # "CBS. StatLine - ..."
    return (head.group("publisher"), None) if head else (None, None)


# the start of a line that _NOTE_RE matches: a text without one has no footnotes (most texts);
# looked for after a line break (the engine skips to each at once, not so to each ``^``)
_NOTE_STARTS = AtLineStarts(r"[ \t]?\d{1,3}[ \t]+\S")  # where a line _NOTE_RE matches starts


def find_footnotes(text: str) -> list[Footnote]:
    """The numbered footnotes of ``text`` with publisher, year and URL where given."""
    notes: list[Footnote] = []
    resume = 0  # where the blocks read so far end: a note line before it was read with them
    for line_start in _NOTE_STARTS.starts(text):  # every note line, few of a text's lines
        if line_start < resume:
            continue
        lines, kinds = _block_lines(text, line_start)
        found, read = _block_notes(text, lines, kinds)
        notes += found
        resume = lines[read][0] if read < len(lines) else len(text) + 1
    return sorted(notes, key=lambda f: f.start)


def _block_lines(text: str, start: int) -> tuple[list[tuple[int, int]], list[str]]:
    """The lines from the one starting at ``start`` (as ``[^\\n]*`` finds them in the whole
    text: also an empty one at each line break) up to the first that is no note, URL or
    blank line, with their kinds."""
    lines: list[tuple[int, int]] = []
    kinds: list[str] = []  # note, url, blank, other
    for match in _LINE_RE.finditer(text, start):
        s, e = match.span()
        if s == e == len(text):  # (not a line)
            break
        line = text[s:e]
        kind = ("blank" if not line.strip() else "url" if _URL_LINE_RE.match(line) else
                "note" if _NOTE_RE.match(line) else "other")  # fmt: skip
        lines.append((s, e))
        kinds.append(kind)
        if kind == "other":  # reading a block stops here
            break
    return lines, kinds


def _block_notes(text: str, lines: list[tuple[int, int]], kinds: list[str]) -> tuple[list[Footnote], int]:
    """The footnotes of the block of note lines starting at ``lines[0]`` and of the URL
    lines after it, and the index of the line after what was read."""
    run: list[int] = []
    j = 0
    while j < len(lines) and kinds[j] in ("note", "blank"):
        if kinds[j] == "note":
            run.append(j)
        elif j + 1 < len(lines) and kinds[j + 1] not in ("note", "blank", "url"):
            break
        j += 1
    urls: list[int] = []
    k = j
    while k < len(lines) and kinds[k] in ("url", "blank"):
        if kinds[k] == "url":
            urls.append(k)
        k += 1
    built = []
    for index in run:
        s, e = lines[index]
        m = _NOTE_RE.match(text, s, e)
        assert m is not None
        publisher, year = _reference(m.group("body"))
        built.append([int(m.group("n")), m.start("n"), m.end("body"),
                      m.group("body"), publisher, year, None, None, None])  # fmt: skip
    numbers = [b[0] for b in built]
    ascending = all(b > a for a, b in zip(numbers, numbers[1:]))
    standalone = [b for b in built if b[5] is not None]
    if not ascending or (not urls and len(built) == 1 and not standalone):
        return [], j
    targets = built if len(urls) == len(built) else [b for b in built if b[4] is not None]
    for b, u in zip(targets, urls):
        s, e = lines[u]
        um = _URL_LINE_RE.match(text, s, e)
        assert um is not None
        b[6], b[7], b[8] = um.group("url"), um.start("url"), um.end("url")
    found = [Footnote(*b) for b in built] if urls or len(built) > 1 or standalone else []  # type: ignore[arg-type]
    return found, max(j, k if urls else j)


# a digit first, the lookbehinds (on the character before it) after: the same matches, but
# the engine skips the positions without a digit at once, before the lookbehinds
_CANDIDATE_RE = re.compile(
    r"(?P<digits>\d(?:(?<=[^\W\d_]\d)|(?<=[)\]’”'.,:;]\d)|(?<=\.[ ]\d)|(?<=\s\d))\d{0,5})(?=[\s.,;:)]|$)"
)


def find_markers(text: str, footnotes: list[Footnote] | None = None) -> list[Marker]:
    """Footnote markers in ``text``, in order; each points at a footnote that follows it."""
    footnotes = find_footnotes(text) if footnotes is None else footnotes
    if not footnotes:  # a marker points at a footnote: none to look for (most documents)
        return []
    by_number: dict[int, list[Footnote]] = {}
    for note in footnotes:
        by_number.setdefault(note.number, []).append(note)
    inside = [(f.start, f.end) for f in footnotes] + [
        (f.url_start, f.url_end) for f in footnotes if f.url_start is not None and f.url_end is not None
    ]
    markers: list[Marker] = []
    expected = min(by_number) if by_number else 1
    for m in _CANDIDATE_RE.finditer(text):
        if expected not in by_number:  # no footnote left for a marker to point at
            break
        digits = m.group("digits")
        if not _may_be(expected, digits) or any(a <= m.start() < b for a, b in inside):
            continue
        prev = text[m.start() - 1] if m.start() else ""
        options: list[tuple[int, int]] = []  # (number, start)
        glued = prev and not prev.isspace()
        after_stop = text[max(0, m.start() - 2) : m.start()] == ". "
        if len(digits) <= 3 and (glued or after_stop):
            options.append((int(digits), m.start()))
        if len(digits) in (5, 6) and re.match(r"(?:19|20)\d{2}", digits):
            options.append((int(digits[4:]), m.start() + 4))
        for number, start in options:
            notes = [f for f in by_number.get(number, []) if f.start > start]
            if number == expected and notes:
                markers.append(Marker(number, start, m.end()))
                expected += 1
                break
    return markers


def _may_be(number: int, digits: str) -> bool:
    """Whether ``digits`` may be the marker ``number``: as they are, or after a year."""
    return int(digits) == number if len(digits) <= 3 else len(digits) in (5, 6) and int(digits[4:]) == number


def footnote_label(note: Footnote) -> str:
    """A readable label for a footnote's source: ``WRR, 2021``, ``CBS``."""
    if note.publisher and note.year:
        return f"{note.publisher}, {note.year}"
    return note.publisher or note.text[:80]
