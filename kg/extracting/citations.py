"""Citations: one ``Citation`` claim per numbered footnote, and the claims that
carry its marker cite it.

Rules

* **Footnote block** (the foot of a PDF page): lines ``N Text`` (``1 WRR, 2021.
  Opgave AI. De nieuwe systeemtechnologie | Rapport | WRR``), numbered in
  sequence, followed by the URL lines of that page in the same order.
* **Fields**: ``Publisher, 2021. Title`` / ``Publisher, 2024, Title`` /
  ``Publisher. Title`` give ``publisher``, ``time`` (the year) and ``title``; a
  title's trailing ``| Rapport | WRR`` is dropped. A footnote that is a remark
  (``4 Een prompt is een instructie ...``) has no publisher and no URL.
* **URLs** go to the citing footnotes of the block in order; when there are fewer
  URLs than citing footnotes, each URL goes to the footnote whose title shares
  most words with it.
* **Markers**: footnote N's marker is the first ``N`` after marker N-1 that is
  glued to a word, bracket or full stop (``(speech recognition)1``,
  ``werkgeversonderzoek5.``, ``zijn.7``), stands after a full stop
  (``zijn. 11 Daarnaast``) or is glued to a year (``uit 20252:``), and comes before
  the footnote itself. Every claim in the marker's sentence gets the footnote's
  URL (else its text) as a cited source, as the Citation claim itself does.

Known weaknesses: footnotes are only recognised in a block followed by URL lines
or by another footnote line (as the segmenter finds them); a marker glued to a
number other than a year (``2,5%3``) is missed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import islice

from kg.extracting.prefilter import AtLineStarts
from kg.model import Citation, Claim, SegmentedDocument

NAME = "citations"
VERSION = "0.1.0"

_NOTE_LINE = re.compile(r"^[ \t]*(?P<n>\d{1,3})[ \t]+(?P<body>\S[^\n]*?)[ \t]*$", re.MULTILINE)
_LINE = re.compile(r"[^\n]*")
_NOTE_STARTS = AtLineStarts(r"[ \t]*\d{1,3}[ \t]+\S")  # where a line _NOTE_LINE matches starts
_URL_LINE = re.compile(r"^[ \t]*(?P<url>https?://\S+)[ \t]*$", re.MULTILINE)
_FIELDS = re.compile(
    r"(?P<pub>[^,.|]{2,80}?)(?:,\s*(?P<year>(?:19|20)\d\d)\s*[.,]|\.)\s+(?P<title>.+)"
)


@dataclass
class Footnote:
    number: int
    start: int  # the footnote text, after its number
    end: int
    publisher: str | None = None
    year: str | None = None
    title: str | None = None
    url: str | None = None


def _words(text: str) -> set[str]:
    return {w for w in re.split(r"[^a-z0-9]+", text.lower()) if len(w) > 3}


def footnotes(text: str) -> list[Footnote]:
    """The footnotes of ``text``: blocks of numbered lines followed by URL lines."""
    # citations and definitions both ask for a document's footnotes: read them once, hand out copies
    return [replace(note) for note in _footnotes(text)]


@lru_cache(maxsize=8)
def _footnotes(text: str) -> tuple[Footnote, ...]:
    notes: list[Footnote] = []
    expected = 1
    resume = 0  # where the blocks read so far end
    for first in _note_lines(text):  # few of a text's lines
        if first.start() < resume or int(first.group("n")) != expected:
            continue
        block, urls, resume = _block(text, first.start(), expected)
        expected += len(block)
        for note in block:
            _fill(note, text[note.start : note.end])
        citing = [n for n in block if n.publisher]
        if len(urls) == len(citing):
            for note, url in zip(citing, urls):
                note.url = url
        else:
            for url in urls:
                best = max(citing, key=lambda n: (len(_words(n.title or "") & _words(url)), -n.number), default=None)
                if best is not None and best.url is None and _words(best.title or "") & _words(url):
                    best.url = url
        notes.extend(block)
    return tuple(notes)


def _note_lines(text: str) -> Iterator[re.Match[str]]:
    """The lines _NOTE_LINE matches, in order: tried at the start of the text and after each
    line break followed by a number (the engine skips to each break at once, not to each ``^``)."""
    for start in _NOTE_STARTS.starts(text):
        if (m := _NOTE_LINE.match(text, start)) is not None:
            yield m


def _block(text: str, start: int, expected: int) -> tuple[list[Footnote], list[str], int]:
    """The block of footnotes whose first, numbered ``expected``, starts the line at ``start``:
    its notes, the URLs of its lines and of the twelve lines after it, and where it ends.
    (Lines as ``[^\\n]*`` finds them in the whole text: also an empty one after each line.)"""
    block: list[Footnote] = []
    read: list[re.Match[str]] = []  # the block's lines
    after: list[re.Match[str]] = []  # the lines after it, up to twelve
    lines = _LINE.finditer(text, start)
    for line_match in lines:
        line = line_match.group()
        mm = _NOTE_LINE.fullmatch(line)
        if mm is not None and int(mm.group("n")) == expected:
            block.append(Footnote(expected, line_match.start() + mm.start("body"), line_match.start() + mm.end("body")))
            expected += 1
        elif line.strip() and not _URL_LINE.fullmatch(line):
            after = [line_match, *islice(lines, 11)]
            break
        read.append(line_match)
    # URL lines follow the block (possibly after blank lines)
    urls = [u.group("url") for line_match in read + after if (u := _URL_LINE.fullmatch(line_match.group())) is not None]
    return block, urls, after[0].start() if after else len(text) + 1


def _fill(note: Footnote, body: str) -> None:
    m = _FIELDS.match(body)
    if m is None or not (m.group("pub")[:1].isupper() or m.group("pub")[:1].isdigit()):
        return
    publisher = m.group("pub").strip()
    if len(publisher.split()) > 4 and not m.group("year"):
        return  # a sentence, not a publisher: "Een prompt is een instructie aan een AI-model."
    note.publisher = publisher
    note.year = m.group("year")
    note.title = re.sub(r"(?:\s*\|\s*[^|]*)+$", "", m.group("title")).strip().rstrip(".") or m.group("title")


def _marker(text: str, number: int, start: int, stop: int) -> int | None:
    pattern = _marker_pattern(number)
    # every match holds the number's digits, followed by no digit, where it starts or (after a
    # year) four characters on: the pattern is tried at those few places, in order, instead
    # of at every character (its lookbehinds cost at each)
    at_digits = [m.start() for m in _number_pattern(number).finditer(text, start, stop)]
    for at in sorted(set(at_digits) | {at - 4 for at in at_digits if at - 4 >= start}):
        m = pattern.match(text, at, stop)
        if m is not None:
            group = "m" if m.group("m") else "spaced" if m.group("spaced") else "year"
            return m.start(group)
    return None


@lru_cache(maxsize=64)
def _marker_pattern(number: int) -> re.Pattern[str]:
    n = re.escape(str(number))
    return re.compile(
        rf"(?:(?<=[^\W\d_])|(?<=[).,:;”’]))(?P<m>{n})(?!\d)"
        rf"|(?<=[.!?] )(?P<spaced>{n})(?= [A-Z])"
        rf"|(?<![\d,.])(?:19|20)\d\d(?P<year>{n})(?!\d)"
    )


@lru_cache(maxsize=64)
def _number_pattern(number: int) -> re.Pattern[str]:
    return re.compile(re.escape(str(number)) + r"(?!\d)")


def extract(doc: SegmentedDocument) -> list[Citation]:
    text = doc.text
    claims: list[Citation] = []
    for note in footnotes(text):
        claims.append(
            Citation.at(
                doc.document, note.start, note.end, marker=str(note.number), publisher=note.publisher,
                title=note.title, url=note.url, time=note.year,
                cited_sources=[note.url] if note.url else [],
            )
        )
    return claims


def attach_markers(doc: SegmentedDocument, claims: list[Claim]) -> None:
    """Give every claim in the sentence of footnote N's marker the footnote's source."""
    text = doc.text
    citations = sorted((c for c in claims if isinstance(c, Citation)), key=lambda c: int(c.marker or 0))
    position = 0
    for citation in citations:
        at = _marker(text, int(citation.marker or 0), position, citation.start)
        if at is None:
            continue
        position = at + 1
        sentence = doc.sentence_at(at) or doc.sentence_at(max(0, at - 1))
        if sentence is None:
            continue
        label = citation.url or citation.exact
        for claim in claims:
            if claim is not citation and claim.start < sentence.end and sentence.start < claim.end:
                if label not in claim.cited_sources:
                    claim.cited_sources.append(label)
