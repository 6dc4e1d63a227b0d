"""Cited sources: where a document says a claim comes from.

Domains
    A run of bare domain names (not part of a URL: ``... $189.000 aijobs.net
    aijobs.net.``, ``... levels.fyi.``) cites the figures before it in the same
    sentence, back to the previous run. A figure with no run after it takes the
    sentence's last run before it. A statement (a whole sentence) cites every
    run in it.

Named sources (:func:`named_sources`), cited by every claim of their sentence
    ``volgens (de|het|een analyse van|data van ...) X``, ``according to X``;
    ``X meldde``/``meldt``/``rapporteerde``/``schreef``/``reported``/``reports``;
    ``onderzoek``/``data``/``gegevens``/``cijfers``/``analyse``/``rapport``/
    ``enquête van X`` and ``data from X``; ``(X)`` right after a figure when X is
    an organisation of the entity vocabulary (``$116.000 (Glassdoor)``). X is a
    capitalised name of one to four words (``Reuters``, ``Financial Times``,
    ``Levels.fyi``), mapped to the vocabulary's label when it lists it.
    ``Bron: X`` / ``Bronnen: X`` / ``Source: X`` (X up to a parenthesis or the
    end of the line: ``Bron: UWV Werkgeversonderzoek 2024``) is a caption: it
    cites the claims of its own sentence and of the paragraphs before it, back
    to the previous caption or heading (a paragraph that does not end in
    sentence punctuation), at most three paragraphs.

Footnotes (:mod:`kg.extracting.footnotes`)
    A claim in a sentence holding a footnote marker (``recognition)1``,
    ``20252:``) cites that footnote's publisher and URL (``WRR, 2021`` and
    ``https://www.wrr.nl/...``), or its text when it names no publisher.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

from kg.extracting.casefold import fold_document
from kg.extracting.prefilter import NeedleIndex, Prefiltered, positions, sentences_of
from kg.extracting.footnotes import find_footnotes, find_markers, footnote_label
from kg.model import Claim, NumericClaim, SegmentedDocument, Statement
from kg.vocabulary import load_vocabulary

# a bare domain: labels, a dot, a top-level domain of letters; not preceded by
# "/" or "@" (part of a URL or an address) and not followed by "/" (a path)
_TLDS = r"(?:com|net|org|fyi|io|ai|nl|edu|gov|co|uk|de|fr|eu|be|info|news|app|dev)"
_DOMAIN = re.compile(rf"(?<![\w/@.-])((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+{_TLDS})(?![\w/-])", re.IGNORECASE)
# what every domain holds: a dot before its top-level domain (one quick scan of a document
# finds these; the sentences without one need no domain search, whose lookbehind costs at every character)
_DOT_TLD = re.compile(rf"\.{_TLDS}", re.IGNORECASE)
_RUN_GAP = re.compile(r"[\s,]*")


@lru_cache(maxsize=8)
def _dots_before_tlds(text: str) -> list[int]:
    return [m.start() for m in _DOT_TLD.finditer(text)]


def find_citation_runs(text: str, start: int, end: int) -> list[tuple[int, int, list[str]]]:
    """Runs of adjacent domains in ``text[start:end]``: (run start, run end, domains in order, unique)."""
    runs: list[tuple[int, int, list[str]]] = []
    dots = _dots_before_tlds(text)
    first = bisect_left(dots, start)
    if first == len(dots) or dots[first] >= end:  # no dot before a top-level domain: no domain
        return runs
    for match in _DOMAIN.finditer(text, start, end):
        domain = match.group(1).lower().rstrip(".")
        if runs and not text[runs[-1][1] : match.start()].strip(" ,"):
            run_start, _, domains = runs[-1]
            runs[-1] = (run_start, match.end(), domains + [d for d in [domain] if d not in domains])
        else:
            runs.append((match.start(), match.end(), [domain]))
    return runs


_NAME = r"(?P<name>[A-Z][\w&’'-]*(?:\.[a-z]{2,4})?(?:[ ](?:[A-Z][\w&’'-]*|of|de|van|for))*)"
_NAME_END = r"(?![\w.]\w)"
# each checked first for the words it needs (volgens, meldde, ...): see prefilter
_STUDY_WORDS = "onderzoek data gegevens cijfers analyse rapport enquête survey research analysis report".split()
_NAMED_RES: list[Prefiltered] = [Prefiltered(pattern) for pattern in (
    re.compile(
        r"\b(?:[Vv]olgens|[Aa]ccording[ ]to)[ ](?:(?:de|het|een|the|an?)[ ])?(?:(?:[a-zà-ÿ]+[ ]){0,2}(?:van|of|from)[ ])?"
        r"(?:(?:de|het|the)[ ])?" + _NAME + _NAME_END
    ),
    re.compile(r"(?:\b(?:[Dd]e|[Hh]et|[Tt]he)[ ])?" + _NAME + r"[ ](?:meldde|meldt|rapporteerde|rapporteert|schreef|berichtte"
               r"|reported|reports|wrote)\b"),
    re.compile(r"\b(?i:" + "|".join(_STUDY_WORDS) + r")"
               r"[ ](?:van|from|by)[ ](?:(?:de|het|the)[ ])?" + _NAME + _NAME_END),
)]
# the last pattern requires a study word in any case (prefilter reads no needle under ``(?i:...)``)
_STUDY_PATTERN = _NAMED_RES[-1]
_CAPTION_RE = Prefiltered(re.compile(r"(?:^|\n)[ \t]*(?:Bron(?:nen)?|Source|Sources)[ \t]*:[ \t]*(?P<name>[^\n(]*[^\s(,.;])"))
_PAREN_RE = re.compile(r"[ \u00a0]?\((?P<name>[A-Z][\w.&’' -]{1,40})\)")
_NOT_A_SOURCE = frozenset(
    "De Het Een Dit Deze Die The A An This Hij Zij Ze Hem Haar Hun We Wij Ik Je U Door Uit In Op Bij Van".split()
)


@dataclass(frozen=True, slots=True)
class NamedSource:
    label: str
    start: int  # of the name
    end: int
    caption: bool = False  # a "Bron: X" line


def _normalise(name: str) -> str | None:
    name = re.sub(r"(?:’s|'s|(?<=[^\W\d_])\d{1,3})$", "", name.strip()).strip()
    name = re.sub(r"(?:[ ](?:of|de|van|for))+$", "", name)
    if not name or name.split(" ")[0] in _NOT_A_SOURCE or len(name) < 2:
        return None
    concept = load_vocabulary().concept_for(name)
    return concept.label if concept else name


def named_sources(text: str, start: int, end: int) -> list[NamedSource]:
    """Sources named in ``text[start:end]`` (see the module docstring)."""
    named_cues, caption_cues = _cues(text)
    return _named_sources(
        text,
        start,
        end,
        [cues is None or cues.within(start, end) for cues in named_cues],
        caption_cues is None or caption_cues.within(max(0, start - 1), end),
    )


def _named_sources(text: str, start: int, end: int, named: list[bool], caption: bool) -> list[NamedSource]:
    """``named_sources``, running only the patterns of _NAMED_RES whose entry of ``named``
    is true, and the caption pattern only when ``caption`` is (the others cannot match)."""
    found: list[NamedSource] = []
    for pattern, may_match in zip(_NAMED_RES, named):
        if not may_match:
            continue
        for m in pattern.pattern.finditer(text, start, end):
            label = _normalise(m.group("name"))
            if label:
                found.append(NamedSource(label, m.start("name"), m.end("name")))
    if caption:
        for m in _CAPTION_RE.pattern.finditer(text, max(0, start - 1), end):
            label = _normalise(m.group("name"))
            if label:
                found.append(NamedSource(label, m.start("name"), m.end("name"), caption=True))
    if not found:  # most sentences
        return found
    return sorted(set(found), key=lambda s: (s.start, s.label))


def _source_sentences(doc: SegmentedDocument) -> tuple[list[int], list[Collection[int]], Collection[int]]:
    """The sentences of ``doc`` in which ``named_sources`` may find a source, in order; for
    each pattern of _NAMED_RES those holding the words it needs, and those for the caption
    pattern. One scan of the document per pattern (prefilter.Passages, which stops at the
    first word of a sentence) instead of finding every occurrence of every word: a sentence
    holding a word holds where it starts. The caption pattern is searched from the character
    before a sentence, so a word starting there counts for the sentence after it."""
    text = doc.text
    passages = sentences_of(doc)
    named: list[Collection[int]] = []
    for pattern in _NAMED_RES:
        if pattern is _STUDY_PATTERN:
            named.append(passages.holding(fold_document(text), _STUDY_WORDS))
        else:
            named.append(passages.holding(fold_document(text) if pattern._folds else text, pattern.needles))
    caption: Collection[int]
    if _CAPTION_RE.needles is None or _CAPTION_RE._folds:
        caption = range(len(doc.sentences))
    else:
        starts = [s.start for s in doc.sentences]
        caption = {bisect_right(starts, at + 1) - 1 for at in positions(text, _CAPTION_RE.needles)} - {-1}
    every: set[int] = set(caption)
    for indices in named:
        every.update(indices)
    return sorted(every), named, caption


@lru_cache(maxsize=8)
def _cues(text: str) -> tuple[list[NeedleIndex | None], NeedleIndex | None]:
    """Where a document holds the words each pattern of named sources needs: the patterns
    are run only on the sentences holding one (asked for every sentence: see prefilter)."""
    named = [NeedleIndex(fold_document(text), _STUDY_WORDS) if pattern is _STUDY_PATTERN else pattern.index(text)
             for pattern in _NAMED_RES]
    return named, _CAPTION_RE.index(text)


def _starts_within(starts: list[int], start: int, end: int) -> bool:
    """Whether one of the sorted ``starts`` lies in ``start..end``."""
    i = bisect_left(starts, start)
    return i < len(starts) and starts[i] < end


def _parenthesised_sources(text: str, claim: Claim) -> list[str]:
    """``$116.000 (Glassdoor)``: an organisation in parentheses right after a figure."""
    m = _PAREN_RE.match(text, claim.end)
    if not m:
        return []
    concept = load_vocabulary().concept_for(m.group("name").strip())
    return [concept.label] if concept and concept.scheme == "organisations" else []


def _caption_scope(doc: SegmentedDocument, paragraph_index: int) -> tuple[int, int]:
    """The span a caption in paragraph ``paragraph_index`` covers: its paragraph and
    up to three before it, back to a heading or another caption."""
    text = doc.text
    paragraphs = doc.paragraphs
    first = paragraph_index
    for k in range(paragraph_index - 1, max(-1, paragraph_index - 4), -1):
        body = text[paragraphs[k].start : paragraphs[k].end]
        if _CAPTION_RE.match("\n" + body) or not re.search(r"[.!?:;”\"’)]\s*$", body):
            break
        first = k
    return paragraphs[first].start, paragraphs[paragraph_index].end


def attach_cited_sources(doc: SegmentedDocument, claims: list[Claim]) -> None:
    """Fill ``cited_sources`` of ``claims`` from domains, named sources and footnotes."""
    _attach_domains(doc, claims)
    text = doc.text
    # named sources: every claim of their sentence; captions: their block
    by_sentence: dict[int, list[str]] = {}
    caption_spans: list[tuple[int, int, str]] = []
    candidates, named, caption = _source_sentences(doc)
    for index in candidates:  # the few sentences holding a word a pattern needs
        sentence = doc.sentences[index]
        may_match = [index in indices for indices in named]
        for source in _named_sources(text, sentence.start, sentence.end, may_match, index in caption):
            by_sentence.setdefault(index, []).append(source.label)
            if source.caption:
                caption_spans.append((*_caption_scope(doc, sentence.paragraph), source.label))
    # footnote markers: every claim of the sentence holding the marker
    footnotes = find_footnotes(text)
    notes = {(f.number, f.start): f for f in footnotes}
    for marker in find_markers(text, footnotes):
        note = min((f for (n, s), f in notes.items() if n == marker.number and s > marker.start), key=lambda f: f.start)
        sentence = doc.sentence_at(marker.start) or doc.sentence_at(max(0, marker.start - 1))
        if sentence is None:
            continue
        index = doc.sentences.index(sentence)
        labels = [footnote_label(note)] + ([note.url] if note.url else [])
        by_sentence.setdefault(index, []).extend(labels)
    starts = [s.start for s in doc.sentences]
    for claim in claims:
        index = _sentence_index(doc, starts, claim.start)
        cited: list[str] = []
        if index is not None:
            cited += by_sentence.get(index, [])
        if isinstance(claim, NumericClaim):
            cited += _parenthesised_sources(text, claim)
            cited += [label for a, b, label in caption_spans if a <= claim.start < b]
        if cited:
            claim.cited_sources = _unique(claim.cited_sources + cited)


def _sentence_index(doc: SegmentedDocument, starts: list[int], offset: int) -> int | None:
    """The index of the sentence holding ``offset``, the last that starts at or before it
    as ``doc.sentence_at`` finds it (its starts listed once, not read through a key at every step)."""
    i = bisect_right(starts, offset) - 1
    return i if i >= 0 and offset < doc.sentences[i].end else None


def _unique(labels: list[str]) -> list[str]:
    """Labels in order without repeats, ignoring case (``levels.fyi`` and ``Levels.fyi``)."""
    seen: set[str] = set()
    out = []
    for label in labels:
        if label.casefold() not in seen:
            seen.add(label.casefold())
            out.append(label)
    return out


def _attach_domains(doc: SegmentedDocument, claims: list[Claim]) -> None:
    text = doc.text
    dots = _dots_before_tlds(text)  # every domain holds one: the sentences without one have no runs
    runs_by_sentence = [
        find_citation_runs(text, s.start, s.end) if _starts_within(dots, s.start, s.end) else []
        for s in doc.sentences
    ]
    starts = [s.start for s in doc.sentences]
    for claim in claims:
        index = _sentence_index(doc, starts, claim.start)
        if index is None:
            continue
        runs = runs_by_sentence[index]
        if not runs:
            continue
        if isinstance(claim, Statement):
            cited = [d for _, _, domains in runs for d in domains]
        else:
            after = [r for r in runs if r[0] >= claim.end]
            before = [r for r in runs if r[1] <= claim.start]
            chosen = after[0] if after else before[-1] if before else None
            cited = chosen[2] if chosen else []
        claim.cited_sources = list(dict.fromkeys(claim.cited_sources + cited))
