"""Subjects: the entities a numeric claim is about (role, organisation, place,
sector, experience level), as labels in the claim's ``subjects``.

Where an entity is looked for
    In the clause around the figure (:func:`kg.numbers.clause_bounds`: up to
    ``.;!?``, a spaced dash or a line break), and of a clause contrasting two
    figures (``terwijl``, ``maar``, ``while``, ``whereas``) the side the figure is
    on; after ``tegen``, ``versus``, ``compared with`` the kinds its side does not
    name are those of the side before; of each kind (role, organisation,
    place, sector, level) the mention nearest the figure. A source the claim
    cites (``(Glassdoor)``, ``volgens Reuters``) is not its subject. When the clause names no role and
    its paragraph opens with a bullet label that is a role (``- Data Scientist:
    ...``), that role is the paragraph's topic and is added.

How an entity is recognised
    1. A label of a concept in ``ontology/entities.ttl`` (pref, alt or hidden, in
       any language): organisations and places with their case as written
       (``VS``, ``Meta``), roles, sectors and experience levels in any case and
       with a plural ending (``data scientists``, ``AI-onderzoekers``). The
       longest label wins where labels overlap (``Google DeepMind`` over
       ``Google``). The subject is the concept's English preferred label.
    2. Patterns for entities the vocabulary does not list (:func:`unlisted`):
       ``X-CEO``/``X-topman`` (organisation X), ``bij X``/``at X`` with X
       capitalised (organisation), English job titles ending in ``Engineer``,
       ``Scientist``, ``Researcher``, ``Developer``, ``Analyst``, ``Architect``
       or ``Officer`` (``Staff Research Engineer``), Dutch compounds ending in
       ``-ingenieur`` or ``-onderzoeker`` (``robotica-ingenieurs``). The label is
       the singular as written.

Known weaknesses
    No coreference (``hun``, ``daar``, ``het bedrijf``); an entity of a
    neighbouring clause in a long sentence is missed; capitalised words after
    ``bij`` at the start of a title may be taken for an organisation.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from kg.extracting.casefold import Folded, fold_document
from kg.extracting.prefilter import AfterNonWord, NeedleIndex, Prefiltered, positions, required
from kg.model import Claim, NumericClaim, SegmentedDocument
from kg.numbers import clause_bounds
from kg.vocabulary import Concept, Vocabulary, load_vocabulary

__all__ = ["Mention", "attach_subjects", "find_entities", "subjects_for", "unlisted", "unlisted_cues"]

_PLURAL = r"(?:s|en|'s|’s|es)?"


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    label: str  # the concept's English prefLabel, or the unlisted entity's label
    scheme: str  # roles, organisations, places, sectors, experience


@lru_cache(maxsize=4)
def _patterns(vocabulary: Vocabulary) -> tuple[re.Pattern[str], Folded, dict[str, Concept], dict[str, Concept]]:
    exact: dict[str, Concept] = {}
    folded: dict[str, Concept] = {}
    for concept in vocabulary.concepts:
        for name in concept.names:
            if concept.case_sensitive:
                exact.setdefault(name, concept)
            else:
                folded.setdefault(name.casefold(), concept)

    longest_first = sorted(exact, key=len, reverse=True)
    sensitive = re.compile(r"(?:" + _factored(longest_first, not_after=r"[\w-]") + r")(?![^\W_])")
    # matched in the folded text (several times faster, see casefold), read back as written:
    # by _folded_names, from the characters that may come before a name (in lowercase text,
    # letters the names start with are everywhere)
    longest_first = sorted(folded, key=len, reverse=True)
    insensitive = Folded(re.compile(
        _NOT_AFTER_WORD + r"(?:" + _factored(longest_first) + r")" + _PLURAL + r"(?![^\W_])", re.IGNORECASE
    ))
    return sensitive, insensitive, exact, folded


_NOT_AFTER_WORD = r"(?<![\w])"


@lru_cache(maxsize=4)
def _folded_names(vocabulary: Vocabulary) -> AfterNonWord:
    """The case-insensitive names pattern of :func:`_patterns` as matched in folded text."""
    folded = _patterns(vocabulary)[1].folded.pattern
    assert folded.startswith(_NOT_AFTER_WORD)
    return AfterNonWord(r"\w", folded[len(_NOT_AFTER_WORD) :])


def _factored(names: list[str], not_after: str = "") -> str:
    """The alternation of ``names`` (longest first; a space read as any blank or a hyphen),
    preceded by no character of ``not_after`` (a character class) if given, factored by
    first characters as prefilter.factored_alternation does: at a position the engine tries
    the branch of one letter instead of a hundred names. It matches exactly what the flat
    alternation does where a character can match one first character alone: then the names
    that match at a position run along one branch, tried longest first as in the flat form.
    So where two first characters can match the same character (a space and a hyphen:
    ``ai engineer`` and ``ai-engineer``; letters the folded pattern lowercases alike), the
    rest is left flat. The lookbehind for ``not_after`` is put after the first character
    (``A(?<![\\w-]A)I``: no such character before the first): a pattern starting with
    literals lets the engine skip to the characters names start with (capitals, rare in
    text) instead of testing the lookbehind at every position."""
    firsts = list(dict.fromkeys(name[0] for name in names if name))

    def first(character: str) -> str:
        token = _escaped(character)
        return token + (f"(?<!{not_after}{token})" if not_after else "")

    if len({_matched_as(c) for c in firsts}) < len(firsts):
        flat = [first(name[0]) + _escaped(name[1:]) if name else "" for name in names]
        return "(?:" + "|".join(flat) + ")"
    branches = [first(c) + _factored([name[1:] for name in names if name[:1] == c]) for c in firsts]
    if "" in names:
        branches.append("")  # a name ends here: tried after every longer one
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _matched_as(character: str) -> str:
    """What ``character`` of a name matches in folded text: the same for two characters
    that can match the same one."""
    return " " if re.fullmatch(r"[\s-]", character) else character.lower()


def _escaped(name: str) -> str:
    return re.escape(name).replace(r"\ ", r"[\s-]")


def _lookup(found: str, exact: dict[str, Concept], folded: dict[str, Concept]) -> Concept | None:
    if found in exact:
        return exact[found]
    key = _SPACES_RE.sub(" ", found.casefold())
    spaced = _spaced_index(folded)
    for candidate in (key, *(key[: -len(end)] for end in ("'s", "’s", "es", "en", "s") if key.endswith(end))):
        if candidate in spaced:
            return spaced[candidate]
    return None


_SPACES_RE = re.compile(r"[\s-]+")
_SPACED: dict[int, tuple[dict[str, Concept], dict[str, Concept]]] = {}


def _spaced_index(folded: dict[str, Concept]) -> dict[str, Concept]:
    """``folded`` keyed by names with runs of spaces and hyphens as one space; the first
    name wins, as a scan of ``folded`` in order would find it."""
    cached = _SPACED.get(id(folded))
    if cached is not None and cached[0] is folded:
        return cached[1]
    index: dict[str, Concept] = {}
    for name, concept in folded.items():
        index.setdefault(_SPACES_RE.sub(" ", name), concept)
    _SPACED[id(folded)] = (folded, index)
    return index


# ``\b(?:bij|at)`` written with its first letters first (the word boundary before them
# checked after, as "no word character before the letter"): the engine then skips from one
# ``b`` or ``a`` to the next instead of testing the boundary at every character
_BIJ_OR_AT = r"(?:b(?<!\wb)ij|a(?<!\wa)t)"
_TITLE_WORDS = r"(?:Engineer|Scientist|Researcher|Developer|Analyst|Architect|Officer)"
# each checked first for the words it needs (-CEO, Engineer, ...): see prefilter
_UNLISTED_RES: list[tuple[str, Prefiltered]] = [(scheme, Prefiltered(pattern)) for scheme, pattern in (
    ("organisations", re.compile(r"(?<![\w-])(?P<name>[A-Z][\w.&]*(?:[ ][A-Z][\w.&]*){0,2})-(?:CEO|topman|topvrouw|oprichter|baas)\b")),
    ("organisations", re.compile(_BIJ_OR_AT + r"[ ](?P<name>[A-Z][\w&]*(?:\.[a-z]{2,4})?(?:[ ][A-Z][\w&]+){0,2})(?![\w-])(?!’s|'s)")),
    ("roles", re.compile(r"(?<![\w-])(?P<name>(?:[A-Z][\w/]*[ -]){0,3}" + _TITLE_WORDS + r")s?\b")),
    ("roles", re.compile(r"(?<![\w-])(?P<name>[\w]+-(?:ingenieur|onderzoeker))(?:s)?\b", re.IGNORECASE)),
)]
# capitalised words that are not names: sentence-initial function words, pronouns, generic terms
_NOT_A_NAME = frozenset(
    "De Het Een Dit Deze Die Dat Zij Hij Ze We Wij Je Hun Haar Zijn Er Ook En Of Maar In Op Bij Van Voor Met"
    " The A An This These That It They We He She In At AI ML IT ICT R&D PhD CEO".split()
)


def unlisted_cues(text: str) -> list[NeedleIndex | None]:
    """For each pattern of _UNLISTED_RES, where the words it needs (-CEO, Engineer, ...)
    occur in the document ``text`` (None: it needs none): found once per document, to
    ask of each clause whether the pattern may match there, as Prefiltered.may_match
    answers (a word it needs lies inside the range; the folded document is the range
    folded, at the same offsets, but for a Greek sigma, which no word holds). Most
    clauses hold none of the words: a bisection instead of a search of each clause."""
    return [pattern.index(text) for _, pattern in _UNLISTED_RES]


def unlisted(text: str, start: int, end: int, cues: list[NeedleIndex | None] | None = None) -> list[Mention]:
    """Entities in ``text[start:end]`` that the vocabulary does not list, by pattern;
    ``cues``: :func:`unlisted_cues` of ``text`` when the caller has them."""
    may_match = (
        [pattern.may_match(text, start, end) for _, pattern in _UNLISTED_RES] if cues is None
        else [cue is None or cue.within(start, end) for cue in cues]
    )  # fmt: skip
    mentions = []
    for (scheme, pattern), may in zip(_UNLISTED_RES, may_match):
        if not may:
            continue
        for m in pattern.pattern.finditer(text, start, end):
            name = m.group("name").strip()
            first = name.split(" ")[0]
            if first in _NOT_A_NAME or name in _NOT_A_NAME or len(name) < 2:
                continue
            if scheme == "roles" and name[0].islower():
                name = name.lower()
            mentions.append(Mention(m.start("name"), m.start("name") + len(m.group("name")), name, scheme))
    return mentions


def find_entities(
    text: str, start: int = 0, end: int | None = None, vocabulary: Vocabulary | None = None,
    cues: list[NeedleIndex | None] | None = None,
) -> list[Mention]:
    """Entity mentions in ``text[start:end]``, vocabulary first, longest first, no overlaps;
    ``cues``: :func:`unlisted_cues` of ``text`` when the caller has them."""
    end = len(text) if end is None else end
    vocabulary = vocabulary or load_vocabulary()
    sensitive, _, exact, folded = _patterns(vocabulary)
    found: list[Mention] = []
    for m in sensitive.finditer(text, start, end):
        concept = _lookup(m.group(0), exact, folded)
        if concept is not None:
            found.append(Mention(m.start(), m.end(), concept.label, concept.scheme))
    # the case-insensitive names matched in the folded text and read as written: the span is
    # the one the pattern matches in ``text`` (see casefold), no need to match it there again
    for at, to in _folded_names(vocabulary).spans(fold_document(text), start, end):
        concept = _lookup(text[at:to], exact, folded)
        if concept is not None:
            found.append(Mention(at, to, concept.label, concept.scheme))
    for mention in unlisted(text, start, end, cues):
        known = vocabulary.concept_for(mention.label)
        if known is not None:
            mention = Mention(mention.start, mention.end, known.label, known.scheme)
        found.append(mention)
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def _nearest_per_scheme(mentions: list[Mention], start: int, end: int) -> list[Mention]:
    """Of the mentions of each scheme (roles, places, ...), the one nearest the figure:
    ``L2 (instap) ... $238K, terwijl ... L6 (senior)`` is about the entry level."""
    def distance(m: Mention) -> int:
        return max(0, m.start - end, start - m.end)

    best: dict[str, Mention] = {}
    for mention in mentions:
        if mention.scheme not in best or distance(mention) < distance(best[mention.scheme]):
            best[mention.scheme] = mention
    return sorted(best.values(), key=lambda m: m.start)


# a clause contrasting two figures ("$162,000 a year, while warehouse associates earn $18.50",
# "$187.000 per jaar, tegen $245.000 bij grote techbedrijven"): each figure's entities are those
# of its own side. A conjunction opens a clause with a subject of its own; after a preposition
# (tegen, versus, compared with) the figure compared is of the same kind as the one before it
# unless its side says otherwise ("een senior ML-engineer ... € 96.500, tegen $110K in Berlijn":
# a senior ML engineer in Berlin), so its side takes the kinds of entity it lacks from there.
# (mid-sentence, in lower case; risks splits its sentences at the same conjunctions)
CONTRAST_CONJUNCTIONS = "terwijl|maar|whereas|while|but"
_CONTRAST_RE = re.compile(
    rf",?\s+(?:{CONTRAST_CONJUNCTIONS}|(?P<preposition>tegen|tegenover|vergeleken\s+met|against|versus|vs\.|compared\s+(?:with|to)))\s+"
)
# one of these is in every match: most clauses hold none, so a clause is searched only where a
# document's scan for them found one
_CONTRAST_WORDS = required(_CONTRAST_RE)
assert _CONTRAST_WORDS is not None


def contrast_word_starts(text: str) -> list[int]:
    """Where one of _CONTRAST_WORDS starts in ``text``, in order (a document's, found once)."""
    return positions(text, _CONTRAST_WORDS)  # type: ignore[arg-type]


def _contrasted_part(
    text: str, lo: int, hi: int, start: int, end: int, word_starts: list[int]
) -> tuple[int, int, tuple[int, int] | None]:
    """The part of the clause ``text[lo:hi]`` around the figure ``text[start:end]`` between
    the contrasting words (_CONTRAST_RE) before and after it; and, when the word before it is
    a preposition, the part before that word, whose entities it inherits. ``word_starts``:
    the text's contrast_word_starts."""
    inherits: tuple[int, int] | None = None
    at = bisect_left(word_starts, lo)
    if at == len(word_starts) or word_starts[at] >= hi:
        return lo, hi, inherits
    for m in _CONTRAST_RE.finditer(text, lo, start):
        inherits = (lo, m.start()) if m.group("preposition") else None
        lo = m.end()
    after = _CONTRAST_RE.search(text, end, hi)
    return lo, after.start() if after is not None else hi, inherits


_BULLET_TOPIC_RE = re.compile(r"\s*[-–•*]\s+(?P<topic>[^:\n]{2,80}):")


def subjects_for(
    text: str, start: int, end: int, sentence: tuple[int, int], paragraph: tuple[int, int] | None = None
) -> list[str]:
    """The subjects of a figure at ``text[start:end]`` in ``sentence`` (its span):
    entities in its clause, plus the role its paragraph's bullet label names when
    the clause names none."""
    return _subjects_for(
        lambda lo, hi: find_entities(text, lo, hi), text, start, end, sentence, paragraph, contrast_word_starts(text)
    )


def _subjects_for(
    entities_in: Callable[[int, int], list[Mention]], text: str, start: int, end: int, sentence: tuple[int, int],
    paragraph: tuple[int, int] | None, word_starts: list[int],
) -> list[str]:
    s_start, s_end = sentence
    lo, hi = clause_bounds(text[s_start:s_end], start - s_start, end - s_start)
    lo, hi, inherits = _contrasted_part(text, s_start + lo, s_start + hi, start, end, word_starts)
    mentions = _nearest_per_scheme(entities_in(lo, hi), start, end)
    if inherits is not None:
        own = {m.scheme for m in mentions}
        mentions += [m for m in _nearest_per_scheme(entities_in(*inherits), start, end) if m.scheme not in own]
        mentions.sort(key=lambda m: m.start)
    if paragraph is not None and not any(m.scheme == "roles" for m in mentions):
        topic = _BULLET_TOPIC_RE.match(text, paragraph[0], paragraph[1])
        if topic:
            mentions += [m for m in entities_in(topic.start("topic"), topic.end("topic")) if m.scheme == "roles"]
    return list(dict.fromkeys(m.label for m in mentions))


def attach_subjects(doc: SegmentedDocument, claims: list[Claim]) -> None:
    """Set ``subjects`` of every numeric claim (money, percentage, count)."""
    text = doc.text
    vocabulary = load_vocabulary()
    cues = unlisted_cues(text)
    found_in: dict[tuple[int, int], list[Mention]] = {}  # the figures of a clause share its entities
    word_starts = contrast_word_starts(text)

    def entities_in(lo: int, hi: int) -> list[Mention]:
        if (lo, hi) not in found_in:
            found_in[lo, hi] = find_entities(text, lo, hi, vocabulary, cues)
        return found_in[lo, hi]

    for claim in claims:
        if not isinstance(claim, NumericClaim):
            continue
        sentence = doc.sentence_at(claim.start)
        if sentence is None:
            continue
        paragraph = doc.paragraphs[sentence.paragraph]
        found = _subjects_for(
            entities_in, text, claim.start, claim.end, (sentence.start, sentence.end), (paragraph.start, paragraph.end),
            word_starts,
        )
        cited = {c.casefold() for c in claim.cited_sources}
        claim.subjects = list(dict.fromkeys(claim.subjects + [f for f in found if f.casefold() not in cited]))
