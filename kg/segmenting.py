"""Paragraph and sentence segmentation with exact character offsets.

Hand-written rules instead of a library: pysbd ran at 0.023 MB/s on the corpus
and splits after ``Dr.``; these rules run at several MB/s and know the Dutch
abbreviations, numbers, domains and PDF/HTML artefacts the corpus contains.

Guarantees (tested with hypothesis on arbitrary text):

* paragraphs are ordered, disjoint, non-empty and trimmed of whitespace;
* sentences are ordered, disjoint, non-empty, trimmed and inside their paragraph;
* every non-whitespace character lies in exactly one sentence, so every
  statement of a document is covered.

"Whitespace" is ``str.isspace`` throughout, which is the same set as the
regex ``\\s`` and what ``str.strip`` removes.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from kg.model import Document, Paragraph, SegmentedDocument, Sentence

__all__ = ["segment", "split_paragraphs", "split_sentences"]

# --------------------------------------------------------------------------- lines

# lines longer than this are not hard-wrapped (no PDF wraps this wide), so a
# newline next to one is a real paragraph break (file 000: one paragraph a line)
_LONG_LINE = 250
# "short" for a heading: under 65% of the typical line, or under this
_SHORT_SHARE = 0.65
_MIN_SHORT = 70
# a quote attribution (``...werken.”– Willeke Klinker,``) continues on the next line
_ATTRIBUTION = re.compile(r"[”\"]\s?[–-]")

_BULLET_LINE = re.compile(r"(?:[-*–]\s|[•◼▪●◦▸►■□➢✓])")
_URL_LINE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_FOOTNOTE_LINE = re.compile(r"\d{1,3}[ \t]+(\w)")
# the metadata line some article exports start with: " date 2025-06 Title..."
# (lowercase only: "Date 2024 was ..." is prose)
_DATE_HEADER = re.compile(r"(?:date|datum)[ \t]*:?[ \t]+\d{4}(?:-\d{2}){0,2}(?=\s)")

_CLOSERS = "”’\"'»)]"
_ENDS_SENTENCE = re.compile(r"(?:[.!?…][”’\"'»)\]]*|(?<=[^\W\d_])[.!?…]\d{1,2})$")
# a line ending in these continues on the next line, even when short
_CONTINUES = ",;:-–—/(&+"
_OPEN_QUOTES = "“‘\"'„«‚"


class _Line(NamedTuple):
    """A non-blank line (a named tuple: immutable, and built in a third of the time of a
    frozen dataclass, which counted at thousands of lines a document)."""

    start: int  # first non-whitespace character
    end: int  # after the last non-whitespace character
    indented: bool  # starts with whitespace: a PDF page start or indented paragraph
    blanks_before: int  # whitespace-only lines between this line and the previous one
    forced: bool = False  # always starts a paragraph (split-off header)


def _nonblank_lines(text: str) -> list[_Line]:
    """The non-blank lines of ``text`` with trimmed offsets."""
    lines: list[_Line] = []
    blanks = 0
    pos = 0
    # the line breaks of str.splitlines: \r\n, \r and form feeds (PDF page breaks) all
    # end a line; each line comes with its break, which is whitespace, so stripping the
    # line strips its break too
    for raw in text.splitlines(keepends=True):
        stripped_left = raw.lstrip()
        if not stripped_left:
            blanks += 1
        else:
            start = pos + len(raw) - len(stripped_left)
            lines.append(_Line(start, pos + len(raw.rstrip()), start > pos, blanks))
            blanks = 0
        pos += len(raw)
    return lines


def _header_end(text: str, lines: list[_Line]) -> int:
    """Where the body starts after a leading ``date 2025-06`` header, or 0."""
    if not lines:
        return 0
    m = _DATE_HEADER.match(text, lines[0].start, lines[0].end)
    return m.end() if m else 0


def _force_break(text: str, lines: list[_Line], at: int) -> list[_Line]:
    """Start a paragraph at the first non-blank character from ``at`` on, splitting
    the line it falls in: the metadata header before it is no part of the title."""
    for i, line in enumerate(lines):
        if line.end <= at:
            continue
        if line.start >= at:
            return [*lines[:i], _Line(line.start, line.end, line.indented, line.blanks_before, True), *lines[i + 1 :]]
        head_end = at
        while text[head_end - 1].isspace():
            head_end -= 1
        body_start = at
        while text[body_start].isspace():
            body_start += 1
        head = _Line(line.start, head_end, line.indented, line.blanks_before, line.forced)
        body = _Line(body_start, line.end, True, 0, True)
        return [*lines[:i], head, body, *lines[i + 1 :]]
    return lines


def _typical_length(lengths: list[int]) -> int:
    """The length of a full line: the 75th percentile, since headings and last
    lines of paragraphs are shorter but most lines of wrapped text are full."""
    if not lengths:
        return 0
    ordered = sorted(lengths)
    return ordered[(len(ordered) * 3) // 4]


def _p90(lengths: list[int]) -> int:
    ordered = sorted(lengths)
    return ordered[(len(ordered) * 9) // 10] if ordered else 0


# ----------------------------------------------------------------------- paragraphs


@dataclass(frozen=True, slots=True)
class _Layout:
    """Document-wide facts the line rules need."""

    wrapped: bool  # hard-wrapped (PDF) text rather than one paragraph a line
    short: int  # lines shorter than this may be headings


def _starts_upper(s: str) -> bool:
    c = s[0]
    return c.isupper() or c.istitle() or c.isdigit() or c in _OPEN_QUOTES


def _is_bullet(s: str) -> bool:
    return _BULLET_LINE.match(s) is not None


def _is_url(s: str) -> bool:
    # only h, H, w and W match the first letter of _URL_LINE: most lines need no regex
    return s[0] in "hHwW" and _URL_LINE.fullmatch(s) is not None


def _looks_like_footnote(s: str) -> bool:
    if not s[0].isdecimal():  # what ``\d`` matches: most lines need no regex
        return False
    m = _FOOTNOTE_LINE.match(s)
    return m is not None and m.group(1).isupper()


def _footnotes(contents: list[str], urls: list[bool]) -> list[bool]:
    """A line like ``1 WRR, 2021. Opgave AI`` is a footnote when the next line is
    another footnote or a URL (the foot of a PDF page); decided back to front."""
    notes = [False] * len(contents)
    for i in range(len(contents) - 2, -1, -1):
        notes[i] = _looks_like_footnote(contents[i]) and (notes[i + 1] or urls[i + 1])
    return notes


def _ends_sentence(line: str) -> bool:
    """Whether ``line`` ends in terminal punctuation (+ closing quotes/brackets, or a
    footnote number glued to it). A match of _ENDS_SENTENCE starts at the last character
    before the closers, or (with a number) at most three from the end: searched from there,
    not from every character of the line."""
    return _ENDS_SENTENCE.search(line, max(0, len(line.rstrip(_CLOSERS)) - 3)) is not None


def _is_heading(prev: str, cur: str, layout: _Layout) -> bool:
    """A short line without final punctuation followed by a capitalised line:
    a title such as ``Taalmodellen leiden de dans``, or a list item."""
    return (
        len(prev) < layout.short
        and prev[-1] not in _CONTINUES
        and not _ends_sentence(prev)
        and _starts_upper(cur)
        and _ATTRIBUTION.search(prev) is None
    )


def _wraps_over_blank(prev: str, cur: str, layout: _Layout) -> bool:
    """PDF extraction sometimes puts an empty line inside a wrapped sentence
    (``... maar ook aan`` / ``<empty>`` / ``monitoring van ...``): a full line
    that does not end a sentence, then a line starting in lowercase."""
    return (
        cur[0].islower()
        and len(prev) >= layout.short
        and not _ends_sentence(prev)
    )


def split_paragraphs(text: str, body_start: int | None = None) -> list[Paragraph]:
    """Paragraphs of ``text``: runs of lines between blank lines, further split at
    bullets, headings, footnotes, URL lines and page starts after a full stop.

    ``body_start`` is where the body starts after a metadata header (the reader's
    ``Document.body_start``); the header becomes a paragraph of its own. None
    detects a leading ``date 2025-06`` header here."""
    lines = _nonblank_lines(text)
    if not lines:
        return []
    if body_start is None:
        body_start = _header_end(text, lines)
    if body_start > 0:
        lines = _force_break(text, lines, body_start)
    contents = [text[line.start : line.end] for line in lines]
    lengths = [len(c) for c in contents]
    typical = _typical_length(lengths)
    layout = _Layout(wrapped=_p90(lengths) <= _LONG_LINE, short=max(_MIN_SHORT, int(typical * _SHORT_SHARE)))
    urls = [_is_url(c) for c in contents]
    notes = _footnotes(contents, urls)

    paragraphs: list[Paragraph] = []
    start = lines[0].start
    for i in range(1, len(lines)):
        if _breaks_before(i, lines, contents, urls, notes, layout):
            paragraphs.append(Paragraph(start, lines[i - 1].end))
            start = lines[i].start
    paragraphs.append(Paragraph(start, lines[-1].end))
    return paragraphs


def _breaks_before(
    i: int,
    lines: list[_Line],
    contents: list[str],
    urls: list[bool],
    notes: list[bool],
    layout: _Layout,
) -> bool:
    """Whether line ``i`` starts a new paragraph rather than continuing line ``i-1``."""
    line, prev, cur = lines[i], contents[i - 1], contents[i]
    if line.forced:
        return True
    if line.blanks_before:
        return not (
            line.blanks_before == 1
            and not (urls[i] or urls[i - 1] or notes[i])
            and _wraps_over_blank(prev, cur, layout)
        )
    if not layout.wrapped or len(prev) > _LONG_LINE or len(cur) > _LONG_LINE:
        return True  # one paragraph a line
    if _is_bullet(cur) or urls[i] or urls[i - 1] or notes[i]:
        return True
    if line.indented and _ends_sentence(prev):
        return True  # PDF page start (first line begins with a space) after a full stop
    return _is_heading(prev, cur, layout)


# ------------------------------------------------------------------------ sentences

# A possible boundary: terminal punctuation (+ closing quotes/brackets, + a glued
# footnote number as in ``geven.4 Want``) before whitespace; or a period glued
# between two letters (``bonussen.De``), which the corpus' HTML flattening makes.
# (One alternation behind a shared first character: three times faster to scan; and that
# character written once before its repetition, ``[.!?…][.!?…]*`` for ``[.!?…]+``: a
# pattern starting with a character class lets the engine skip to the next such character.)
# (``(?P<note>\d{0,2})``, not ``(?P<note>\d{1,2})?``: the same match, tried in the same order,
# without the engine's costlier repeat of a group; an absent note is "", not None)
_AFTER_TERMINATOR = (
    r"(?:(?P<close>[”’\"'»)\]]*)(?P<note>\d{0,2})(?=\s)"
    r"|(?<=[^\W\d_]{2}\.)(?=[^\W\d_]{2}))"
)
_CANDIDATE = re.compile(r"(?P<term>[.!?…][.!?…]*)" + _AFTER_TERMINATOR)
# the candidates that start with a full stop, found by a plain character comparison (see _candidates)
_FULL_STOP_CANDIDATE = re.compile(r"(?P<term>\.[.!?…]*)" + _AFTER_TERMINATOR)
_NONSPACE = re.compile(r"\S")

# never end a sentence (compared in lowercase)
_ABBREVIATIONS = frozenset(
    """
    bijv bv bvb b.v ca dr mr mrs ms drs ir ing prof m.b.t i.p.v d.w.z nl evt incl excl
    vs e.g i.e st jr sr nr blz p pp pag fig vgl cf resp t.a.v t.o.v m.u.v c.q o.b.v
    n.a.v i.o.m z.g.a.n zgn mevr mw dhr ong hfst afb approx dept inc ltd corp jl a.s
    ds o.a ph.d
    """.split()
)
# may end a sentence when the next word is a typical sentence start (``enz. De``)
_MAY_END = frozenset("enz etc e.d e.a usw".split())
_SENTENCE_STARTERS = frozenset(
    """
    De Het Een Dit Dat Deze Die Er Ook Maar Toch Daarnaast Daarom Daardoor Hierdoor Zo We
    Wij Ik Hij Zij Ze Je U In Op Bij Voor Met Volgens Als Wanneer Verder Tot Bijvoorbeeld
    Bovendien Echter Dus Kortom Zelfs Hoewel Omdat Sinds Tegelijkertijd The This That These
    Those It They He She I A An However But Also There For So
    """.split()
)
# abbreviations only before a number (``no. 5``, ``art. 12``)
_BEFORE_NUMBER = frozenset("no vol art tab par sec ch bijl".split())
_MONTHS = frozenset("jan feb mrt apr jun jul aug sep sept okt oct nov dec".split())
# the longest abbreviation without a dot (``approx``): a longer word before a full stop is none
_LONGEST_WORD_ABBREVIATION = max(
    len(word) for word in _ABBREVIATIONS | _MAY_END | _BEFORE_NUMBER | _MONTHS if word.isalpha()
)
# ``o.a``, ``d.w.z``, ``U.S``, ``Ph.D`` -- unless the last part is a TLD (``nu.nl``)
_DOTTED = re.compile(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}")
_TLDS = frozenset("nl com org net io ai be de eu uk co fr fyi edu gov us me tv ly info app dev".split())
# a sentence that would be only a label number: ``1.``, ``2.1.``, ``Tabel 1.``, ``Hoofdstuk IV.``
_NUMBER_LABEL = re.compile(r"(?:\d{1,3}(?:\.\d{1,3})*|(?:[^\W\d_][\w-]*\s+)?(?:\d{1,3}|[IVXLC]{1,6}))\.")
_TOKEN_OPENERS = "([{“‘\"'«„‚<"
_BULLETS = "•◼▪●◦▸►■□➢✓"
_QUOTES = "”’\"'»"
_DOMAIN_PATH = re.compile(r"\.[^\W\d_]{2,}/")
_INNER_DOT = re.compile(r"\.[^\W\d_]")
_THROUGH_LAST_SPACE = re.compile(r".*\s", re.DOTALL)


def _token_before(text: str, pos: int, floor: int) -> str:
    """The whitespace-delimited token ending at ``pos``, without opening brackets/quotes."""
    i = max(floor, text.rfind(" ", floor, pos) + 1)  # after the last space: most whitespace
    token = text[i:pos]
    # other whitespace (a tab, a line break, ...) is unprintable, as a space alone is not
    if not token.isprintable():
        through_other_space = _THROUGH_LAST_SPACE.match(text, i, pos)
        if through_other_space is not None:
            token = text[through_other_space.end() : pos]
    return token.lstrip(_TOKEN_OPENERS)


def _is_abbreviation(token: str, text: str, nxt: int, end: int) -> bool:
    """Whether ``token.`` is an abbreviation or initial rather than a sentence end;
    ``nxt`` is the position of the next word."""
    low = token.lower()
    if low in _ABBREVIATIONS:
        return True
    if low in _MAY_END:
        m = re.match(r"\w+", text[nxt : min(end, nxt + 20)])
        return not (m and m.group() in _SENTENCE_STARTERS)
    if low in _MONTHS:  # ``15 jan. 2025``; ``Jan.`` may be a name
        return token.islower() or text[nxt].isdigit()
    if low in _BEFORE_NUMBER:
        return text[nxt].isdigit()
    if len(token) == 1 and token.isalpha():
        return True  # an initial: ``J. Smith``
    if "." in token and _DOTTED.fullmatch(token):  # (most tokens hold no dot: no regex for them)
        return token.rsplit(".", 1)[1].lower() not in _TLDS
    if low == "al" and text[max(0, nxt - 8) : nxt].lower().rstrip().endswith("et al."):
        return True
    return False


def _opens_sentence(text: str, j: int, end: int, close: str) -> bool:
    """Whether the character at ``j`` (after whitespace) can start a sentence."""
    c = text[j]
    if c.isupper() or c.istitle() or c.isdigit() or c in _OPEN_QUOTES or c in _BULLETS:
        return True
    nxt = text[j + 1] if j + 1 < end else ""
    if not nxt:
        return False
    if c in "([":
        return nxt.isupper() or nxt.isdigit() or nxt == "…" or nxt in _OPEN_QUOTES
    if c in "-–*" and nxt.isspace():
        # ``verdienen.” – Financial Times`` is an attribution, not a bullet
        return c == "*" or not any(q in close for q in _QUOTES)
    return False


def _ends_in_label_number(text: str, dot: int) -> bool:
    """Whether a digit or a Roman numeral stands before ``dot``, as before the dot of every
    _NUMBER_LABEL (so most sentences need not be matched against it)."""
    before = text[dot - 1 : dot]
    return before.isdecimal() or (before != "" and before in "IVXLC")


def _standard_boundary(
    text: str, m: re.Match[str], term: str, close: str, note: str, sentence_start: int, end: int
) -> int | None:
    """Where the next sentence starts after terminal punctuation + whitespace (the match ``m``
    of _CANDIDATE and its groups), or None when this is no boundary."""
    term_start = m.start()
    if note and not (close or text[term_start - 1 : term_start].isalpha()):
        return None  # ``3.11 Daarna``: a number, not a footnote mark
    # whitespace follows the match (its lookahead): most often one space, then the next word
    nxt = m.end() + 1
    if nxt >= end or text[nxt].isspace():
        nxt_match = _NONSPACE.search(text, nxt, end)
        if nxt_match is None:
            return None  # paragraph end: a boundary anyway
        nxt = nxt_match.start()
    if not (text[nxt].isupper() or _opens_sentence(text, nxt, end, close)):
        return None
    if term_start > sentence_start and text[term_start - 1] in "([" and set(term) <= {".", "…"}:
        return None  # ``(…)``: omitted text, not an end
    if term == "." and not note:
        if not _ends_in_long_word(text, term_start, sentence_start):
            token = _token_before(text, term_start, sentence_start)
            if token and _is_abbreviation(token, text, nxt, end):
                return None
        if _ends_in_label_number(text, term_start) and _NUMBER_LABEL.fullmatch(
            text, sentence_start, term_start + 1
        ):
            return None  # keep ``1.`` / ``Tabel 1.`` with the title after it
    return nxt


def _ends_in_long_word(text: str, dot: int, sentence_start: int) -> bool:
    """Whether the token before ``dot`` ends in more letters than any undotted abbreviation
    has: then it is none (nor an initial, a dotted abbreviation or ``al``), and the token need
    not be cut out and looked up, as for about half of all full stops. (str.lower never
    shortens a word, so its lowercase is no shorter either.)"""
    first = dot - _LONGEST_WORD_ABBREVIATION - 1
    return first >= sentence_start and text[first:dot].isalpha()


def _glued_boundary(text: str, dot: int, sentence_start: int, end: int) -> int | None:
    """``bonussen.De`` / ``caltech.edu.Cijfers``: a lowercase word, a period and a
    capitalised word without a space. Not in URLs, domains or file names."""
    if not (text[dot - 1].islower() and text[dot - 2].islower()):
        return None
    if not (text[dot + 1].isupper() and text[dot + 2].islower()):
        return None
    left = _token_before(text, dot, sentence_start)
    if "://" in left or left.lower().startswith("www.") or _DOMAIN_PATH.search(left):
        return None
    if _is_abbreviation(left, text, dot + 1, end):
        return None
    right_end = dot + 1
    while right_end < end and not text[right_end].isspace():
        right_end += 1
    right = text[dot + 1 : right_end].rstrip(".,;:!?" + _CLOSERS)
    if "/" in right or "@" in right or _INNER_DOT.search(right):
        return None  # ``www.Google.com``, ``Report.pdf``, an e-mail address
    return dot + 1


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans in ``text[start:end]`` (a paragraph), trimmed of whitespace,
    covering every non-whitespace character of it."""
    start = _skip_space(text, start, end)
    return _sentences_from(text, start, end, _candidates(text, start, end)) if start < end else []


def _sentences_from(
    text: str, start: int, end: int, candidates: Iterable[re.Match[str]]
) -> list[tuple[int, int]]:
    """split_sentences of a slice that starts in non-whitespace, as a paragraph does, given
    the matches of _CANDIDATE.finditer(text, start, end)."""
    spans: list[tuple[int, int]] = []
    sentence_start = start
    # candidates do not overlap and a sentence starts at the end of one or after whitespace,
    # where none starts: every candidate lies in the current sentence
    for m in candidates:
        term, close, note = m.groups()
        if close is not None:
            nxt = _standard_boundary(text, m, term, close, note, sentence_start, end)
        else:
            nxt = _glued_boundary(text, m.start(), sentence_start, end)
        if nxt is not None:
            spans.append((sentence_start, m.end()))
            sentence_start = nxt
    last_end = _trim_end(text, sentence_start, end)
    if last_end > sentence_start:
        spans.append((sentence_start, last_end))
    return spans


def _candidates_by_paragraph(text: str, paragraphs: list[Paragraph]) -> Iterator[list[re.Match[str]]]:
    """The matches of _CANDIDATE.finditer(text, p.start, p.end) for each paragraph ``p``, from
    one scan of the whole text (a scan set up per paragraph, and its search for other terminators,
    cost 5% of segmenting the corpus, where most paragraphs are short).

    No match holds whitespace: so when paragraphs are separated by whitespace, the matches of
    the whole text lie each in one paragraph, and are those of its slice, but for one ending at
    its end, which the slice's end hides from the lookahead for whitespace after it."""
    if not _separated_by_whitespace(text, paragraphs):  # a header split off mid-word (_force_break)
        yield from (list(_candidates(text, p.start, p.end)) for p in paragraphs)
        return
    matches = list(_candidates(text, 0, len(text)))
    starts = [m.start() for m in matches]
    first = 0
    for p in paragraphs:
        first = bisect_left(starts, p.start, first)
        after = bisect_left(starts, p.end, first)
        if after > first and matches[after - 1].end() == p.end:
            yield matches[first : after - 1]
        else:
            yield matches[first:after]
        first = after


def _separated_by_whitespace(text: str, paragraphs: list[Paragraph]) -> bool:
    """Whether whitespace follows every paragraph but the last (paragraphs are trimmed and
    cover all non-whitespace: else the next one starts right there)."""
    return all(text[p.end].isspace() for p in paragraphs[:-1])


def _candidates(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """The matches of _CANDIDATE.finditer(text, start, end), found faster.

    Most text holds no ``!``, ``?`` or ``…``: every candidate there starts with a full stop,
    which _FULL_STOP_CANDIDATE finds with a plain character comparison, where _CANDIDATE's
    class costs ~50 instructions a character (it was a quarter of all segmenting). So only
    the words around other terminators are scanned with _CANDIDATE."""
    others = _other_terminators(text, start, end)
    if not others:
        return _FULL_STOP_CANDIDATE.finditer(text, start, end)
    return _candidates_around(text, start, end, others)


def _candidates_around(text: str, start: int, end: int, others: list[int]) -> Iterator[re.Match[str]]:
    """_candidates where ``others`` are the other terminators. The slice is cut after
    spaces: no match contains whitespace or looks past it (a lookbehind looks before the
    start of a slice as before that of the whole), so the pieces hold the same matches."""
    pos = start
    for other in others:
        if other < pos:
            continue  # in the word just scanned
        word_start = max(pos, text.rfind(" ", pos, other) + 1)
        space = text.find(" ", other, end)
        word_end = end if space < 0 else space + 1
        yield from _FULL_STOP_CANDIDATE.finditer(text, pos, word_start)
        yield from _CANDIDATE.finditer(text, word_start, word_end)
        pos = word_end
    yield from _FULL_STOP_CANDIDATE.finditer(text, pos, end)


def _other_terminators(text: str, start: int, end: int) -> list[int]:
    """Where the ``!``, ``?`` and ``…`` in ``text[start:end]`` are, in order: all found at once,
    as a search for the next one after each word would scan the rest of the text again. (str.find
    scans with memchr: far cheaper than a character class in the regex engine.)"""
    found: list[int] = []
    for terminator in "!?…":
        at = text.find(terminator, start, end)
        while at >= 0:
            found.append(at)
            at = text.find(terminator, at + 1, end)
    found.sort()
    return found


def _skip_space(text: str, i: int, end: int) -> int:
    m = _NONSPACE.search(text, i, end)
    return m.start() if m else end


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


# --------------------------------------------------------------------------- public


def segment(document: Document) -> SegmentedDocument:
    """Split a document into paragraphs and sentences, with offsets into its text."""
    text = document.text
    # the reader's header offset when it found one; otherwise detect it here
    body_start = getattr(document, "body_start", 0) or None
    paragraphs = split_paragraphs(text, body_start)
    sentences = [
        Sentence(s, e, index)
        for index, (p, candidates) in enumerate(zip(paragraphs, _candidates_by_paragraph(text, paragraphs)))
        for s, e in _sentences_from(text, p.start, p.end, candidates)  # a paragraph starts in non-whitespace
    ]
    return SegmentedDocument(document, paragraphs, sentences)
