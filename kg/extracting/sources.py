"""Cited sources: where a document says a claim comes from.

Domains
    A run of bare domain names (not part of a URL: ``... $189.000 aijobs.net
    aijobs.net.``, ``... levels.fyi.``) cites the figures before it in the same
    sentence, back to the previous run. A figure with no run after it takes the
    sentence's last run before it. A statement (a whole sentence) cites every
    run in it.

Named sources (:func:`named_sources`), cited by every claim of their sentence
    ``volgens (de|het|een analyse van|data van ...) X``, ``according to X``;
    ``X meldde``/``meldt``/``rapporteerde``/``schreef``/``reported``/``reports``, ``told the
    Financial Times``/``vertelde aan de NOS``/``zei tegen Reuters``, also
    with the verb first after a comma or ``Dat``/``Dit`` (``..., meldt het UWV``);
    ``onderzoek``/``data``/``gegevens``/``cijfers``/``analyse``/``rapport``/
    ``enquête van X`` and ``data from X``; ``(X)`` right after a figure when X is
    an organisation of the entity vocabulary (``$116.000 (Glassdoor)``). X is a
    capitalised name of one to four words (``Reuters``, ``Financial Times``,
    ``Levels.fyi``), with lower-case particles between them (``Centraal Bureau
    voor de Statistiek``, ``Bank of England``), mapped to the vocabulary's label
    when it lists it; the kind of organisation may stand before it (``according to
    a survey by the recruitment firm Hays``, ``volgens het uitzendbureau Randstad``,
    ``enquête van vakbond FNV``).
    ``Bron: X`` / ``Bronnen: X`` / ``Source: X`` (X up to a parenthesis or the
    end of the line: ``Bron: UWV Werkgeversonderzoek 2024``; after a plural,
    each item of a list: ``Bronnen: CBS, UWV en TNO``) is a caption: it
    cites the claims of its own sentence and of the paragraphs before it, back
    to the previous caption or heading (a paragraph that does not end in
    sentence punctuation), at most three paragraphs.

    A sentence that says its sources are the previous sentence's (``Dat blijkt uit
    cijfers van het CPB``, ``Dit meldt Reuters``, ``This is according to the OECD``) has
    them cited by the claims of the sentence before it in its paragraph too.

Footnotes (:mod:`kg.extracting.footnotes`)
    A claim in a sentence holding a footnote marker (``recognition)1``,
    ``20252:``) cites that footnote's publisher and URL (``WRR, 2021`` and
    ``https://www.wrr.nl/...``), or its text when it names no publisher.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

from kg.extracting.casefold import fold_document, folded_pattern
from kg.extracting.prefilter import NeedleIndex, Prefiltered, positions, sentences_of
from kg.extracting.people import ORG_KIND
from kg.extracting.footnotes import find_footnotes, find_markers, footnote_label
from kg.model import Claim, NumericClaim, SegmentedDocument, Statement
from kg.vocabulary import load_vocabulary

# a bare domain: labels, a dot, a top-level domain of letters; not preceded by
# "/" or "@" (part of a URL or an address) and not followed by "/" (a path)
_TLDS = r"(?:com|net|org|fyi|io|ai|nl|edu|gov|co|uk|de|fr|eu|be|info|news|app|dev)"
_DOMAIN = re.compile(rf"(?<![\w/@.-])((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+{_TLDS})(?![\w/-])", re.IGNORECASE)
_FOLDED_DOMAIN = folded_pattern(_DOMAIN)
# what every domain holds: a dot before its top-level domain (one quick scan of a document
# finds these; the sentences without one need no domain search, whose lookbehind costs at every character)
_DOT_TLD = re.compile(rf"\.{_TLDS}", re.IGNORECASE)
_FOLDED_DOT_TLD = folded_pattern(_DOT_TLD)  # in folded text, which it scans faster (see casefold)
# the characters a domain is made of (as _DOMAIN reads them, case-insensitively), as they read
# in folded text: a domain starts where the run of these characters holding its dot starts
_DOMAIN_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789.-"
_RUN_WINDOW = 64  # characters before a dot read at first for its run (domains are shorter)


@lru_cache(maxsize=8)
def _dots_before_tlds(text: str) -> list[int]:
    """Where ``_DOT_TLD`` matches in ``text``."""
    return [m.start() for m in _FOLDED_DOT_TLD.finditer(fold_document(text))]


def _domain_run_start(folded: str, dot: int) -> int:
    """Where the run of domain characters before ``dot`` in the folded text ``folded`` starts:
    the characters before it stripped of the run (by str.rstrip, in C) from a window of the
    text, widened while the run fills it."""
    window = _RUN_WINDOW
    while True:
        lo = max(0, dot - window)
        kept = folded[lo:dot].rstrip(_DOMAIN_CHARACTERS)
        if kept or lo == 0:
            return lo + len(kept)
        window *= 4


def find_citation_runs(text: str, start: int, end: int) -> list[tuple[int, int, list[str]]]:
    """Runs of adjacent domains in ``text[start:end]``: (run start, run end, domains in order, unique)."""
    return _citation_runs(text, [start], [end]).get(0, [])


def _citation_runs(
    text: str, starts: Sequence[int], ends: Sequence[int]
) -> dict[int, list[tuple[int, int, list[str]]]]:
    """:func:`find_citation_runs` of each of the ranges ``text[starts[i]:ends[i]]`` (ordered,
    disjoint) holding a run, by index: one pass over the document's dots before a top-level
    domain, each looked up in the ranges by bisection (most ranges hold none).

    A domain ends in a dot before a top-level domain and, as nothing of [\\w/@.-] may precede
    it, starts where the run of domain characters holding that dot starts: _DOMAIN is tried
    there only (once per run), not at every character of a range, where its lookbehind costs;
    and in the folded document, without IGNORECASE (the same matches: see casefold), its
    domain read from the text."""
    folded = fold_document(text)
    found: dict[int, list[tuple[int, int, list[str]]]] = {}
    tried = -1
    for dot in _dots_before_tlds(text):
        index = bisect_right(starts, dot) - 1
        if index < 0 or dot >= ends[index]:
            continue
        at = _domain_run_start(folded, dot)
        if at == tried or at < starts[index]:  # a run's dots share its start, tried once; a run
            continue  # begun before the range: no domain starts inside it
        tried = at
        match = _FOLDED_DOMAIN.match(folded, at, ends[index])
        if match is None:
            continue
        domain = text[match.start(1) : match.end(1)].lower().rstrip(".")
        runs = found.setdefault(index, [])
        if runs and not text[runs[-1][1] : match.start()].strip(" ,"):
            run_start, _, domains = runs[-1]
            runs[-1] = (run_start, match.end(), domains + [d for d in [domain] if d not in domains])
        else:
            runs.append((match.start(), match.end(), [domain]))
    return found


# the lower-case words an organisation's name holds between capitalised ones ("Centraal Bureau voor
# de Statistiek", "Raad voor het Regeringsbeleid", "Bank of England"); none ends a name (_normalise)
_NAME_PARTICLES = "of|the|for|de|het|van|der|voor"
_NAME = r"(?P<name>[A-Z][\w&’'-]*(?:\.[a-z]{2,4})?(?:[ ](?:[A-Z][\w&’'-]*|" + _NAME_PARTICLES + r"))*)"
_NAME_END = r"(?![\w.]\w)"
_NOT_A_PRONOUN = r"(?!(?:Dat|Dit|Deze|Die|Het|Hij|Zij|Ze|Wij|We|Men|That|This|These|Those|It|He|She|They)\b)"
# each checked first for the words it needs (volgens, meldde, ...): see prefilter
_STUDY_WORDS = "onderzoek data gegevens cijfers analyse rapport enquête survey research analysis report".split()
_NAMED_RES: list[Prefiltered] = [Prefiltered(pattern) for pattern in (
    re.compile(
        r"\b(?:[Vv]olgens|[Aa]ccording[ ]to)[ ](?:(?:de|het|een|the|an?)[ ])?(?:(?:[a-zà-ÿ]+[ ]){0,2}(?:van|of|from|by)[ ])?"
        r"(?:(?:de|het|the)[ ])?(?:" + ORG_KIND + r"[ ])?" + _NAME + _NAME_END
    ),
    # (a pronoun is no source: "Dat meldt het CBS" names it after the verb)
    re.compile(r"(?:\b(?:[Dd]e|[Hh]et|[Tt]he)[ ])?" + _NOT_A_PRONOUN + _NAME + r"[ ](?:meldde|meldt|rapporteerde|rapporteert"
               r"|schreef|berichtte|reported|reports|wrote)\b"),
    # the verb before its subject: "..., meldt het UWV", "Dit schreef Reuters"
    re.compile(r"(?:,[ ]|\b(?:Dat|Dit|That|This)[ ])(?:meldt|meldde|melden|schrijft|schreef|rapporteert|rapporteerde|berichtte"
               r"|reports|reported|writes|wrote)[ ](?:(?:de|het|the)[ ])?" + _NAME + _NAME_END),
    # whom it was told: "She told the Financial Times that", "vertelde aan de NOS", "zei tegen Reuters"
    re.compile(r"\b(?:told|vertelde(?:[ ]aan)?|zei[ ]tegen|zegt[ ]tegen)[ ](?:(?:de|het|the)[ ])?" + _NAME + _NAME_END),
    re.compile(r"\b(?i:" + "|".join(_STUDY_WORDS) + r")"
               r"[ ](?:van|from|by)[ ](?:(?:de|het|the)[ ])?(?:" + ORG_KIND + r"[ ])?" + _NAME + _NAME_END),
)]
# the last pattern requires a study word in any case (prefilter reads no needle under ``(?i:...)``)
_STUDY_PATTERN = _NAMED_RES[-1]
# what follows the study word of its every match (" van " of "data van "), in folded text
# ("van" of any case: so a few sentences too many, never one too few), with the pattern that
# finds it after a study word: many sentences hold "data" or "analyse", few "data van ". A
# document is scanned for a link from its first occurrence (str.find: English links seldom
# occur in Dutch, where this scan is all it costs), by the pattern, which starts with the
# link's literal letters (that the engine skips to) and looks behind for the word only there:
# one lookbehind per word length (each reads a fixed width). Cheaper than a str.find loop
# stopping at every " van " to ask what ends before it.
_STUDY_LINKS = tuple(
    (link, re.compile(
        re.escape(link.removeprefix(" ")) + "(?:"
        + "|".join(
            "(?<=" + "|".join(re.escape(word + link) for word in _STUDY_WORDS if len(word) == n) + ")"
            for n in sorted({len(word) for word in _STUDY_WORDS})
        )
        + ")"
    ))
    for link in (" van ", " from ", " by ")
)  # fmt: skip
_CAPTION_RE = Prefiltered(re.compile(r"(?:^|\n)[ \t]*(?P<word>Bron(?:nen)?|Source|Sources)[ \t]*:[ \t]*(?P<name>[^\n(]*[^\s(,.;])"))
_PLURAL_CAPTIONS = frozenset({"Bronnen", "Sources"})  # a list of sources follows
_LIST_SEPARATOR = re.compile(r"[ \t]*[,;][ \t]*|[ \t]+(?:en|and)[ \t]+")  # between the items of a plural caption
_PAREN_RE = re.compile(r"[ \u00a0]?\((?P<name>[A-Z][\w.&’' -]{1,40})\)")
_PARENTHESISED = re.compile(_PAREN_RE.pattern.removeprefix(r"[ \u00a0]?"))  # found in a whole document
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
    name = re.sub(rf"(?:[ ](?:{_NAME_PARTICLES}))+$", "", name)
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
            for item_start, item_end in _caption_items(m):
                label = _normalise(text[item_start:item_end])
                if label:
                    found.append(NamedSource(label, item_start, item_end, caption=True))
    if not found:  # most sentences
        return found
    return sorted(set(found), key=lambda s: (s.start, s.label))


def _caption_items(caption: re.Match[str]) -> list[tuple[int, int]]:
    """The spans of the sources a caption names: its whole text (``Bron: UWV
    Werkgeversonderzoek 2024``), or after a plural (``Bronnen: CBS, UWV en TNO``, ``Sources:
    a.com; b.org``) each item of the list."""
    start, end = caption.span("name")
    if caption.group("word") not in _PLURAL_CAPTIONS:
        return [(start, end)]
    items, at = [], start
    for separator in _LIST_SEPARATOR.finditer(caption.string, start, end):
        items.append((at, separator.start()))
        at = separator.end()
    return [*items, (at, end)]


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
            named.append(_study_sentences(doc))
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


def _study_sentences(doc: SegmentedDocument) -> set[int]:
    """Indices of the sentences of ``doc`` in which a study word (of any case) is followed
    by `` van ``, `` from `` or `` by ``: those in which _STUDY_PATTERN may match."""
    folded = fold_document(doc.text)
    starts = [s.start for s in doc.sentences]
    found: set[int] = set()
    for link, after_study_word in _STUDY_LINKS:
        first = folded.find(link)
        if first < 0:
            continue
        for match in after_study_word.finditer(folded, first + 1):
            at = match.start() - 1  # where the link starts
            index = bisect_right(starts, at) - 1  # a match lies in one sentence: its link too
            if index >= 0 and at < doc.sentences[index].end:
                found.add(index)
    return found


@lru_cache(maxsize=8)
def _cues(text: str) -> tuple[list[NeedleIndex | None], NeedleIndex | None]:
    """Where a document holds the words each pattern of named sources needs: the patterns
    are run only on the sentences holding one (asked for every sentence: see prefilter)."""
    named = [NeedleIndex(fold_document(text), _STUDY_WORDS) if pattern is _STUDY_PATTERN else pattern.index(text)
             for pattern in _NAMED_RES]
    return named, _CAPTION_RE.index(text)


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
    text = doc.text
    sentences = doc.sentences
    starts = [s.start for s in sentences]
    runs_by_sentence = _citation_runs(text, starts, [s.end for s in sentences])
    by_sentence, caption_spans = _named_and_noted_sources(doc)
    parenthesised = _parenthesised_names(text)
    # the sentences citing something: most claims are in none, have no "(Name)" after them,
    # and a caption is rare, so they are passed over at once
    citing = runs_by_sentence.keys() | by_sentence.keys()
    for claim in claims:
        # the index of the sentence holding the claim's start (the last that starts at or
        # before it, as doc.sentence_at finds it), else None
        index: int | None = bisect_right(starts, claim.start) - 1
        if index < 0 or claim.start >= sentences[index].end:
            index = None
        numeric = isinstance(claim, NumericClaim)
        if index not in citing and not (
            numeric and (caption_spans or _parenthesised_name(text, claim.end, parenthesised) is not None)
        ):
            continue
        runs = runs_by_sentence.get(index) if index is not None else None
        if runs:  # domains first, then the others
            claim.cited_sources = list(dict.fromkeys(claim.cited_sources + _cited_domains(claim, runs)))
        cited: list[str] = []
        if index is not None:
            cited += by_sentence.get(index, [])
        if numeric:
            cited += _parenthesised_sources(text, claim, parenthesised)
            if caption_spans:  # (few documents have captions)
                cited += [label for a, b, label in caption_spans if a <= claim.start < b]
        if cited:
            claim.cited_sources = _unique(claim.cited_sources + cited)


def _named_and_noted_sources(doc: SegmentedDocument) -> tuple[dict[int, list[str]], list[tuple[int, int, str]]]:
    """The sources named in each sentence (by index) or pointed at by a footnote marker in
    it, cited by every claim of the sentence; and the captions' spans with their source."""
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
    _cite_back(doc, by_sentence)
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
    return by_sentence, caption_spans


# a sentence that names the source of the one before it: "Dat blijkt uit cijfers van het CPB",
# "Dit meldt Reuters", "Deze cijfers komen van het UWV", "This is according to the OECD"
_BACK_REFERENCE = re.compile(
    r"[ \t]*(?:Dat|Dit|Die|Deze|Het|That|This|These)(?:[ ]cijfers|[ ]gegevens|[ ]figures|[ ]data|[ ]numbers)?[ ]"
    r"(?:blijkt|blijken|meldt|meldde|melden|schrijft|schreef|stelt|stelde|concludeert|concludeerde|komt|komen|staat|"
    r"is[ ]according|are[ ]according|comes|come|is[ ]what|was[ ]what|according)\b"
)


def _cite_back(doc: SegmentedDocument, by_sentence: dict[int, list[str]]) -> None:
    """The sources of a sentence that says they are the previous one's (_BACK_REFERENCE at its
    start) are cited by the previous sentence of its paragraph too."""
    text = doc.text
    sentences = doc.sentences
    for index in sorted(by_sentence):
        sentence = sentences[index]
        if index and sentences[index - 1].paragraph == sentence.paragraph and _BACK_REFERENCE.match(text, sentence.start, sentence.end):
            by_sentence[index - 1] = _unique(by_sentence.get(index - 1, []) + by_sentence[index])


def _parenthesised_names(text: str) -> dict[int, str]:
    """Where ``(Name)`` parentheses open in ``text``, with the name: one scan of the document
    instead of a match after every figure (none follows most)."""
    return {m.start(): m.group("name") for m in _PARENTHESISED.finditer(text)}


def _parenthesised_name(text: str, end: int, parenthesised: dict[int, str]) -> str | None:
    """The name in parentheses right after a figure ending at ``end`` (_PAREN_RE matched
    there: its parenthesis at ``end``, or after one space), else None."""
    name = parenthesised.get(end + 1) if text[end : end + 1] in (" ", "\u00a0") else None
    return name if name is not None else parenthesised.get(end)


def _parenthesised_sources(text: str, claim: Claim, parenthesised: dict[int, str]) -> list[str]:
    """``$116.000 (Glassdoor)``: an organisation in parentheses right after a figure."""
    name = _parenthesised_name(text, claim.end, parenthesised)
    if name is None:
        return []
    concept = load_vocabulary().concept_for(name.strip())
    return [concept.label] if concept and concept.scheme == "organisations" else []


def _unique(labels: list[str]) -> list[str]:
    """Labels in order without repeats, ignoring case (``levels.fyi`` and ``Levels.fyi``)."""
    seen: set[str] = set()
    out = []
    for label in labels:
        if label.casefold() not in seen:
            seen.add(label.casefold())
            out.append(label)
    return out


def _cited_domains(claim: Claim, runs: list[tuple[int, int, list[str]]]) -> list[str]:
    """The domains of its sentence's ``runs`` a claim cites: a statement all of them, a figure
    the first run after it, else the last before it."""
    if isinstance(claim, Statement):
        return [d for _, _, domains in runs for d in domains]
    after = [r for r in runs if r[0] >= claim.end]
    before = [r for r in runs if r[1] <= claim.start]
    chosen = after[0] if after else before[-1] if before else None
    return chosen[2] if chosen else []
