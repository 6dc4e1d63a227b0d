"""Definitions: ``Definition`` claims for a term and what it means.

Span convention: the defining text (inside its quotation marks when quoted);
``term`` the term as written.

Rules

* **Glossary item**: a bullet line ``• Term: “definition”`` (a box of definitions
  such as ``Box 1 Definities van AI``); the definition may wrap over lines and
  ends at its closing quotation mark. (``- Term: text`` without quotation marks
  is a list item with a lead-in, not a definition.)
* **Defining footnote**: a footnote (see :mod:`kg.extracting.citations`) that
  reads ``Een/De/Het X is een ...`` or ``A/An X is a ...``.
* **Explicit definition**: ``X wordt gedefinieerd als ...`` / ``X is defined as ...``
  in any sentence.

Known weaknesses: a definition given in running prose without these patterns
(``met X bedoelen we ...``) is missed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extracting import citations
from kg.extracting.prefilter import AtLineStarts, Prefiltered, positions
from kg.model import Definition, SegmentedDocument

NAME = "definitions"
VERSION = "0.1.0"

_ITEM_LINE = r"[ \t]*[•◼▪\-*][ \t]+(?P<term>[^\n:“”\"]{2,60}?):[ \t]*[“\"](?P<quoted>[^”\"]+)[”\"]"
_ITEMS = AtLineStarts(_ITEM_LINE)  # glossary items, looked for at line starts only
_NOTE_DEFINITION = re.compile(r"^(?:Een|De|Het|A|An|The)\s+(?P<term>[\w-]+(?:\s+[\w-]+)?)\s+(?:is|zijn|is\s+a|are)\s+(?:een|a|an)\s+")
# run only near the words "gedefinieerd" or "defined" (see prefilter and _explicit_definitions):
# the lazy term before them is tried at every capital letter of the document otherwise
_EXPLICIT = Prefiltered(re.compile(r"(?P<term>[A-ZÀ-Þ][\w -]{1,50}?)\s+(?:wordt|worden)\s+gedefinieerd\s+als\s+(?P<def>[^.]+)|(?P<term2>[A-Z][\w -]{1,50}?)\s+is\s+defined\s+as\s+(?P<def2>[^.]+)"))
# how far before its "gedefinieerd"/"defined" a match starts at most: a term of 51 characters,
# "worden" (6) or "is", and two runs of whitespace (see _reach); keep in step with the pattern
# (tests/test_definitions.py tries terms of the longest length)
_TERM_AND_VERB = 51 + 6
_WHITESPACE_RUN = re.compile(r"\s+")


def _reach(text: str, at: int) -> int:
    """How far before ``at``, where a required word starts, a match of ``_EXPLICIT`` holding
    it there can start: ``_TERM_AND_VERB`` and two runs of whitespace, each at most ``longest``,
    the longest run inside that stretch before ``at`` (grown until it holds none longer).

    A match starting further back would cover the whole stretch, in which its term (its
    first character outside) and verb take at most ``_TERM_AND_VERB - 1`` characters, so its
    two runs more than ``2 * longest``: one of them more than ``longest`` inside the stretch."""
    longest = 1
    while True:
        reach = _TERM_AND_VERB + 2 * longest
        inside = max(map(len, _WHITESPACE_RUN.findall(text, max(0, at - reach), at)), default=0)
        if inside <= longest:
            return reach
        longest = inside


def _explicit_definitions(text: str) -> Iterator[re.Match[str]]:
    """``_EXPLICIT.finditer(text)``, tried only at the positions a match can start from: those
    at most the reach of a match before one of its required words. The pattern looks at
    nothing before its start, so the first of these positions where it matches is the
    position where finditer's scan would find it."""
    if _EXPLICIT.needles is None:  # the pattern requires no word: try every position
        yield from _EXPLICIT.pattern.finditer(text)
        return
    next_start = 0  # positions before it were tried, or lie inside the last match
    for at in positions(text, _EXPLICIT.needles):
        start = max(next_start, at - _reach(text, at))
        while start <= at:
            if (m := _EXPLICIT.pattern.match(text, start)) is not None:
                yield m
                next_start = m.end()
                break
            start += 1
        else:
            next_start = max(next_start, at + 1)


def extract(doc: SegmentedDocument) -> list[Definition]:
    text = doc.text
    claims: list[Definition] = []
    for m in _ITEMS.matches(text):
        start, end = m.span("quoted")
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        claims.append(Definition.at(doc.document, start, end, term=m.group("term").strip()))
    for note in citations.footnotes(text):
        body = text[note.start : note.end]
        if note.publisher is None and (m := _NOTE_DEFINITION.match(body)) is not None:
            claims.append(Definition.at(doc.document, note.start, note.end, term=m.group("term")))
    for m in _explicit_definitions(text):
        term, group = ("term", "def") if m.group("term") else ("term2", "def2")
        claims.append(Definition.at(doc.document, m.start(group), m.end(group), term=m.group(term).strip()))
    return claims
