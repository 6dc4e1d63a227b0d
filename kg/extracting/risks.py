"""Risk classifications: one ``RiskClassification`` claim per occupation,
occupation group, task type or sector a sentence classifies by how AI affects it.

Span convention: the target as named (``ICT-beroepen``, ``vertaler``). ``target``
is the Dutch preferred label of its concept in ``ontology/occupations.ttl``
(read at run time: every pref/alt/hidden label is a surface form, matched
case-insensitively as whole words, line wraps allowed); ``level`` one of
``high``, ``medium``, ``low``, ``increasing-demand``, ``transforms``; ``holder``
whose view it is (see :mod:`kg.extracting.opinions`), when the sentence says.

Level cues, tried in this order on the sentence (first match wins):

* ``low``: ``laag/klein/gering/laagste risico``, ``minst blootgesteld``, ``least exposed``, ``risico is beperkt``, ``het risico op werkloosheid
  voor programmeurs nog steeds klein is``, ``the risk for nurses remains small``, ``niet of nauwelijks
  geraakt``, ``buiten schot``, ``geen directe bedreiging``, ``waarde blijven hechten aan
  menselijke interactie``, ``low risk``, ``risk remains small``, ``hardly affected``;
* ``transforms``: ``niet zozeer bedreigd als wel geassisteerd``, ``vooral veranderen``,
  ``sterk veranderen``, ``samenwerken met AI``, ``coachende rol``, ``transformatie``,
  ``will mainly change``;
* ``increasing-demand``: ``meer vraag``, ``de vraag naar X groeit/zal stijgen``,
  ``nodig zullen zijn``, ``zullen bijkomen``, ``nieuwe beroepen``, ``stuwt de vraag``,
  ``growing demand``;
* ``high``: ``(meeste|hoogste|hoog) risico``, ``high risk``, ``most/highly exposed``, ``meest blootgesteld``, ``kwetsbaar``, ``onder druk``,
  ``bedreigd``, ``overgenomen``, ``vervangen``, ``acuut gevaar``, ``getroffen``,
  ``geraakt``, ``gevolgen merken``, ``at risk``, ``vulnerable``, ``replaced``;
* ``medium``: ``impact ondervinden``, ``some impact``.

**Inherited level**: a sentence without a cue that illustrates the one before
(also at the start of the next paragraph)
(``Dit geldt met name voor ...``, ``Denk aan ...``, ``Deze werkgevers noemden ...``,
``Het gaat om ...``, ``This applies to ...``) takes that sentence's level; a
bullet item (``◼ Administratieve beroepen. ...``) under an introduction ending in
``:`` with a cue takes the introduction's level for the targets of its first
sentence, unless that sentence has a cue of its own; a bullet item without such an
introduction (``◼ Onderwijs. Het is niet de verwachting dat AI hier een directe
bedreiging vormt``) gives its head the level of the item's first cue.

**Clauses**: a sentence that contrasts two classifications at ``terwijl``, ``maar``,
``whereas``, ``while``, ``but`` or ``;`` (``X lopen een hoog risico, terwijl Y een laag
risico lopen``) gives each target the level of its clause's cue; a clause without one
takes the sentence's level.

**Not targets**: an occupation named as whose view it is (``Volgens onderzoekers ...``,
``Onderzoekers van TNO denken dat ...``: before a reporting verb and its ``dat``/``that``),
and a sector that places the occupation before it (``Data-analisten in de zorg``).

Known weaknesses: a contrast without one of those words (``X groeit, Y verdwijnt``)
gives both the first cue's level; a target only in the vocabulary's words is found (new occupation names
must be added to ``ontology/occupations.ttl``); negation other than the listed
phrases is not read (``niet kwetsbaar`` reads as high).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from kg.extracting import entities, opinions, people
from kg.extracting.casefold import fold, fold_document, folded_pattern
from kg.extracting.prefilter import AfterNonWord, Prefiltered, factored_alternation, required_all, sentences_of
from kg.model import RiskClassification, SegmentedDocument, Sentence
from kg.settings import load_settings
from kg.vocabulary import ALT_LABEL, HIDDEN_LABEL, IN_SCHEME, PREF_LABEL, read_graph

NAME = "risks"
VERSION = "0.3.2"

LEVELS = ("high", "medium", "low", "increasing-demand", "transforms")
TARGET_SCHEMES = ("occupations", "tasks", "sectors")


@dataclass(frozen=True)
class Concept:
    iri: str
    label: str  # Dutch prefLabel
    scheme: str


@dataclass(frozen=True)
class Vocabulary:
    pattern: re.Pattern[str]
    by_surface: dict[str, tuple[Concept, ...]]
    by_label: dict[str, Concept]  # Dutch prefLabel -> concept (the first by surface order)
    folded: re.Pattern[str]  # ``pattern`` for case-folded text, several times faster (see casefold)
    scan: AfterNonWord  # ``folded`` as searched: from the characters a surface may come after

    def find(self, text: str, start: int, end: int, schemes: tuple[str, ...],
             folded_text: str | None = None) -> list[tuple[int, int, Concept]]:
        """Targets in ``text[start:end]``; pass ``folded_text`` (``fold(text)``) to search it instead."""
        found = []
        if folded_text is None:
            spans: Iterable[tuple[int, int]] = (m.span() for m in self.pattern.finditer(text, start, end))
        else:
            spans = self.scan.spans(folded_text, start, end)
        for at, to in spans:
            key = _key(text[at:to])  # the surface as written
            for concept in self.by_surface.get(key, ()):
                if concept.scheme in schemes:
                    found.append((at, to, concept))
        return found


def _key(surface: str) -> str:
    return people.squash(surface.lower().replace("’", "'"))


def vocabulary_path() -> Path:
    return load_settings().ontology_dir / "occupations.ttl"


@functools.lru_cache(maxsize=4)
def load_vocabulary(path: Path | None = None) -> Vocabulary:
    """The concepts of ``ontology/occupations.ttl`` and their surface forms."""
    graph = read_graph(path or vocabulary_path())
    by_surface: dict[str, list[Concept]] = {}
    for concept in sorted(c for c, about in graph.items() if IN_SCHEME in about):
        about = graph[concept]
        scheme = about[IN_SCHEME][0].value.rsplit("/", 1)[-1]
        labels = about[PREF_LABEL]
        nl = next((l.value for l in labels if getattr(l, "language", None) == "nl"), labels[0].value)
        record = Concept(concept, nl, scheme)
        for predicate in (PREF_LABEL, ALT_LABEL, HIDDEN_LABEL):
            for label in about.get(predicate, ()):
                bucket = by_surface.setdefault(_key(label.value), [])
                if record not in bucket:
                    bucket.append(record)
    pattern = re.compile(rf"{_NOT_AFTER_WORD}(?:{_alternation(by_surface)})(?![\w-]|[’']\w)", re.IGNORECASE)
    folded = folded_pattern(pattern)
    by_label: dict[str, Concept] = {}
    for concepts in by_surface.values():
        for record in concepts:
            by_label.setdefault(record.label, record)
    # (the ontology's labels are not blank: the pattern matches no empty string, as AfterNonWord needs)
    scan = AfterNonWord(r"\w-", folded.pattern.removeprefix(_NOT_AFTER_WORD))
    return Vocabulary(pattern, {k: tuple(v) for k, v in by_surface.items()}, by_label, folded, scan)


_NOT_AFTER_WORD = r"(?<![\w-])"


def _tokens(surface: str) -> tuple[str, ...]:
    """The regex of each character of a surface form: ``\\s+`` for its (single) spaces,
    either apostrophe for ``'``."""
    return tuple(r"\s+" if c == " " else "['’]" if c == "'" else re.escape(c) for c in surface)


def _alternation(surfaces: Iterable[str]) -> str:
    """An alternation of ``surfaces`` (keys as :func:`_key` makes them) factored by their
    first tokens (:func:`~kg.extracting.prefilter.factored_alternation`).

    It matches what the flat alternation of the surfaces, longest first, matches: the
    surfaces that match at one position are prefixes of one another (where two differ,
    one has a letter or space the other lacks, and the text holds only one), and of those
    both try the longest first, then, when what follows fails, the next longest."""
    return factored_alternation([_tokens(s) for s in sorted(set(surfaces))])


_CUES: list[tuple[str, re.Pattern[str]]] = [
    ("low", re.compile(
        r"(?:laag|lage|laagste|klein|kleine|gering|geringe|beperkt|beperkte|weinig)\s+(?:automatiserings)?risico|"
        r"minst\s+(?:blootgesteld|kwetsba(?:ar|re))|least\s+(?:exposed|vulnerable)|lowest\s+(?:automation\s+)?risk|"
        r"risico(?:\s+(?:op|voor|van)(?:\s+[\w-]+){1,6}?)?(?:\s+(?:is|blijft|lijkt|wordt))?\s+(?:nog\s+(?:steeds\s+|altijd\s+)?)?"
        r"(?:zeer\s+|erg\s+)?(?:gering|klein|laag|beperkt)\b|"
        r"\b(?:low|lower|little|small|minimal)\s+(?:automation\s+)?risk|"
        r"risk(?:\s+(?:for|of|to)(?:\s+[\w-]+){1,6}?)?\s+(?:is|remains|seems)\s+(?:still\s+)?(?:very\s+)?(?:low|small|limited)\b|"
        r"niet\s+of\s+nauwelijks\s+(?:geraakt|te\s+maken)|niet\s+(?:\w+\s+){0,8}(?:een\s+)?directe\s+bedreiging|merken\s+weinig|weinig\s+merken|nauwelijks\s+geraakt|buiten\s+schot|geen\s+directe\s+bedreiging|"
        r"waarde\s+(?:zullen\s+)?blijven\s+hechten\s+aan\s+menselijke|hardly\s+affected|not\s+at\s+risk|safe\s+from", re.IGNORECASE)),
    ("transforms", re.compile(
        r"niet\s+zozeer\s+bedreigd\s+als\s+wel|geassisteerd|vooral\s+veranderen|sterk\s+(?:\w+\s+){0,3}veranderen|werk\s+vooral\s+veranderen|"
        r"samenwerken\s+met\s+(?:AI|robots)|samen\s+met\s+robots|coachende\s+rol|transformatie|transformeren|"
        r"sterke\s+veranderingen|gaan\s+veranderen|will\s+(?:\w+\s+)?change|mainly\s+change|will\s+be\s+transformed|transform", re.IGNORECASE)),
    ("increasing-demand", re.compile(
        r"meer\s+vraag|grotere\s+vraag|vraag\s+naar\s+[^.]{0,80}?(?:groeit|toeneemt|toenemen|stijgen|stijgt)|zo\s+sterk\s+zal\s+stijgen|"
        r"tekort\s+aan\s+[^.]{0,40}?groeit|nodig\s+zullen\s+zijn|zullen\s+(?:\w+\s+){0,3}bijkomen|nieuwe\s+beroepen|nieuwe\s+werkgelegenheid|"
        r"grotere\s+rol|stuwt\s+(?:AI\s+)?de\s+vraag|groeiende\s+vraag|stijgende\s+vraag|in\s+demand|growing\s+demand|demand\s+for\s+[^.]{0,60}?(?:grows|rises|will\s+rise)",
        re.IGNORECASE)),
    ("high", re.compile(
        r"(?:meeste|hoogste|hoog|hoge|groot|reëel)\s+(?:automatiserings)?risico|risico\s+lopen|lopen\s+(?:\w+\s+){0,8}risico\b|kwetsba(?:ar|re)|onder\s+druk|"
        r"bedreigd|bedreigt|overgenomen|overnemen|vervangen|acuut\s+gevaar|verdwijnen|getroffen|geraakt|gevolgen\s+merken|"
        r"meest\s+voelen|impact\s+[^.]{0,30}?sterk\s+merken|impact\s+zich\s+(?:nu\s+al\s+)?(?:doet\s+)?voelen|impact\s+hebben\s+op|minder\s+behoefte\s+(?:is\s+)?aan|automatiseringsrisico|gevoelig\s+voor|substitutie|"
        r"\bat\s+risk|\bhigh(?:er|est)?\s+(?:automation\s+)?risk|vulnerable|replaced|automated\s+away|most\s+exposed|highly\s+exposed|meest\s+blootgesteld|sterk\s+blootgesteld", re.IGNORECASE)),
    ("medium", re.compile(r"impact\s+ondervinden|some\s+impact|moderately\s+affected", re.IGNORECASE)),
]
_ILLUSTRATES = re.compile(
    r"^(?:◼\s*)?(?:(?:\w+\s+)?geldt\s+dit|Dit\s+geldt|Denk\s+(?:hierbij\s+|bijvoorbeeld\s+)?aan|(?:Maar\s+)?[Oo]ok\s+aan|Deze\s+\w+\s+noemden|"
    r"Het\s+meest\s+genoemd|Genoemd\s+worden|Het\s+(?:gaat|zou)\s+(?:\w+\s+){0,4}om|Te\s+denken\s+valt|Voorbeelden|Een\s+voorbeeld\s+is|"
    r"\w*(?:namen|titels)\s+als|This\s+applies|Think\s+of|For\s+example|Examples|These\s+include)",
)
_BULLET = re.compile(r"^[◼•▪●■]\s*")


class SentenceCues:
    """Cue patterns for case-folded sentences, each naming a level, tried in order (the
    first that matches a sentence gives its level), read for all the sentences of a
    document at once.

    Few sentences hold a cue, and a cue's alternatives each need several words
    (:func:`~kg.extracting.prefilter.required_all`: ``onder`` and ``druk``): one scan of
    the document for one word of each alternative (see :func:`_anchors`) finds the
    sentences that may hold it, a search inside those sentences for its other words keeps
    fewer still, and only there the cue's pattern is run, on the sentence as it would be
    on its own."""

    def __init__(self, cues: Iterable[tuple[str, re.Pattern[str]]]) -> None:
        needs = [(level, pattern, required_all(pattern)) for level, pattern in cues]
        anchors = _anchors(clause for _, _, clauses in needs for clause in clauses or ())
        # each cue's alternatives by the word to scan for first: the other words of each,
        # longest first (the least common, so ``all`` stops soonest)
        self.cues = [
            (level, pattern, None if clauses is None else _by_anchor(clauses, anchors))
            for level, pattern, clauses in needs
        ]
        self.anchors = frozenset(anchor for _, _, by_anchor in self.cues for anchor, _ in by_anchor or ())

    def level_of(self, folded_sentence: str) -> str | None:
        """The level of the first cue that matches ``folded_sentence``, if any."""
        for level, pattern, _ in self.cues:
            if pattern.search(folded_sentence):
                return level
        return None

    def levels(self, doc: SegmentedDocument, folded: str) -> dict[int, str]:
        """The level (:meth:`level_of`) of each sentence of ``doc`` that has one, by index;
        ``folded`` is ``fold_document(doc.text)``."""
        sentences = doc.sentences
        passages = sentences_of(doc)
        bodies: dict[int, str] = {}  # the folded sentences looked into, each sliced once
        levels: dict[int, str] = {}
        for level, pattern, by_anchor in self.cues:
            candidates: Iterable[int] = range(len(sentences)) if by_anchor is None else set()
            for anchor, others in by_anchor or ():
                for index in passages.holding(folded, (anchor,)):
                    if index in levels or index in candidates:  # (a cue tried earlier matched it)
                        continue
                    if others:
                        body = bodies.get(index)
                        if body is None:
                            sentence = sentences[index]
                            body = bodies[index] = folded[sentence.start : sentence.end]
                        if not _holds_all_of_one(body, others):
                            continue
                    candidates.add(index)  # type: ignore[attr-defined]
            for index in candidates:
                if index not in levels:  # a cue tried earlier matched it
                    sentence = sentences[index]
                    # (a slice: at the sentence's edges, \b reads as on the sentence alone)
                    if pattern.search(bodies.get(index) or folded[sentence.start : sentence.end]):
                        levels[index] = level
        return levels


def _holds_all_of_one(body: str, others: tuple[tuple[str, ...], ...]) -> bool:
    """Does ``body`` hold every word of one of ``others``? (loops, not ``any(all(...))``:
    two generators made and closed per candidate sentence cost more than the test)"""
    for words in others:
        for word in words:
            if word not in body:
                break
        else:
            return True
    return False


def _by_anchor(clauses: Iterable[frozenset[str]], anchors: dict[frozenset[str], str]) -> list[tuple[str, tuple[tuple[str, ...], ...]]]:
    """``clauses`` grouped by their anchors (:func:`_anchors`), in the order the anchors come
    first: each anchor with the other words of each of its clauses, longest first; none (an
    empty tuple) when one of its clauses is the anchor alone, which every sentence holding
    the anchor may match."""
    grouped: dict[str, list[tuple[str, ...]]] = {}
    for clause in clauses:
        anchor = anchors[clause]
        grouped.setdefault(anchor, []).append(tuple(sorted(clause - {anchor}, key=lambda w: (-len(w), w))))
    return [(anchor, () if () in others else tuple(others)) for anchor, others in grouped.items()]


ANCHOR_LENGTH = 5  # a shorter word is in so many sentences that its scan finds little
# words so common that a scan for them finds many sentences, each then looked into: a
# clause holding one is anchored on its other words (``druk`` for ``onder druk``)
COMMON_WORDS = frozenset({"onder"})


def _anchors(clauses: Iterable[frozenset[str]]) -> dict[frozenset[str], str]:
    """The string to scan a document for of each clause (the words an alternative needs):
    one of its words, or a word or stem of words of other clauses inside one of them
    (``transform`` in ``transformatie``, ``bedreig`` in ``bedreigd`` and ``bedreigt``). A
    scan reads the whole document, whatever it finds, and serves every clause it is in: so
    they are chosen as few as may be, the one in the most clauses left first, then the
    longest (the least common), of the words of ANCHOR_LENGTH or more and their beginnings
    of that length or more (of a clause without such a word, its longest word), none of
    them one of the COMMON_WORDS."""
    clauses = set(clauses)
    words = {word[:end] for clause in clauses for word in _long_words(clause) for end in range(ANCHOR_LENGTH, len(word) + 1)}
    words -= COMMON_WORDS  # (a beginning of a longer word: ``onder`` of ``ondervinden``)
    words |= {word for clause in clauses for word in _long_words(clause)}  # (a short clause's longest word)
    serves = {word: {clause for clause in clauses if any(word in other for other in clause)} for word in words}
    chosen: dict[frozenset[str], str] = {}
    while len(chosen) < len(clauses):
        best = max(words, key=lambda word: (len(serves[word] - chosen.keys()), len(word), word))
        chosen.update(dict.fromkeys(serves[best] - chosen.keys(), best))
    return chosen


def _long_words(clause: frozenset[str]) -> list[str]:
    """The words of ``clause`` an anchor may be or begin: those of ANCHOR_LENGTH or more,
    else its longest; not the COMMON_WORDS, when it has other words."""
    words = clause - COMMON_WORDS or clause
    return [word for word in words if len(word) >= ANCHOR_LENGTH] or [max(words, key=lambda word: (len(word), word))]


# the cues as matched: on folded text, several times faster than re.IGNORECASE (see casefold)
_FOLDED_CUES = [(level, Prefiltered(folded_pattern(pattern), all_strings=True)) for level, pattern in _CUES]
_SENTENCE_CUES = SentenceCues((level, pattern.pattern) for level, pattern in _FOLDED_CUES)


def level_of(sentence: str) -> str | None:
    return _folded_level_of(fold(sentence))


def _folded_level_of(folded_sentence: str) -> str | None:
    return _SENTENCE_CUES.level_of(folded_sentence)


def extract(doc: SegmentedDocument) -> list[RiskClassification]:
    text = doc.text
    vocabulary = load_vocabulary()
    registry = people.registry(text)
    claims: list[RiskClassification] = []
    previous_level: str | None = None
    intro_level: str | None = None  # a list introduction's level, for its bullets
    previous_paragraph = -1
    pending: list[tuple[int, int, Concept]] = []  # bullet heads waiting for their bullet's cue
    folded = fold_document(text)
    claimed: set[tuple[int, int]] = set()  # the spans of ``claims``: one claim per target
    levels = _SENTENCE_CUES.levels(doc, folded)

    def add(start: int, end: int, concept: Concept, level: str, holder: str | None) -> None:
        claims.append(_claim(doc, start, end, concept, level, holder))
        claimed.add((start, end))

    for index, sentence in enumerate(doc.sentences):
        level = levels.get(index)
        first_of_paragraph = sentence.paragraph != previous_paragraph
        previous_paragraph = sentence.paragraph
        if level is None and previous_level is None and not first_of_paragraph:
            continue  # no cue, none to inherit, no paragraph or bullet starting: most sentences
        body = text[sentence.start : sentence.end]
        if first_of_paragraph:
            pending = []
        bullet = _BULLET.match(body)
        is_bullet = bullet is not None
        if is_bullet and first_of_paragraph and intro_level is not None:
            head_end = body.find(". ")
            head_end = sentence.start + (head_end if head_end > 0 else len(body))
            for start, end, concept in vocabulary.find(text, sentence.start, head_end, TARGET_SCHEMES, folded):
                add(start, end, concept, intro_level, None)
            if level is None:
                previous_level = intro_level
                continue
        elif is_bullet and first_of_paragraph:
            # a bullet without a cued introduction: its head takes the bullet's first cue
            head_end = body.find(". ")
            head_end = head_end if head_end > 0 else len(body) if len(body) < 80 else 0
            pending = vocabulary.find(text, sentence.start, sentence.start + head_end, TARGET_SCHEMES, folded)
            previous_level = None
        elif first_of_paragraph and not is_bullet:
            # a paragraph opening "Te denken valt aan ..." still illustrates the one before
            if previous_level is not None and not _ILLUSTRATES.search(body):
                previous_level = None
            intro_level = None
            pending = []
        if level is None and previous_level is not None and _ILLUSTRATES.search(body[bullet.end() :] if bullet else body):
            level = previous_level  # (the illustration read without its bullet)
        if level is not None and body.rstrip().endswith(":"):
            intro_level = level
        if level is None:
            continue
        previous_level = level
        for start, end, concept in pending:
            add(start, end, concept, level, None)
        pending = []
        targets = _classified(text, sentence, vocabulary.find(text, sentence.start, sentence.end, TARGET_SCHEMES, folded))
        if not targets:
            continue
        found = opinions.holder_of(doc, index, registry)
        holder = found[0] if found else None
        clauses = _clause_levels(body, sentence.start) if index in levels else []
        for start, end, concept in targets:
            if (start, end) in claimed:
                continue
            add(start, end, concept, _level_at(start, clauses) or level, holder)
    return claims


# targets a sentence names for another role than what it classifies: whose view it is
# (``Volgens onderzoekers lopen ...``, ``Onderzoekers van TNO denken dat ...``: the subject of a
# reporting verb followed by its ``dat``/``that``, at most four words before the verb; the
# verb mid-sentence, in lower case), or a sector that places another target
# (``Data-analisten in de zorg``, ``nurses in healthcare``)
_HOLDER_BEFORE = re.compile(r"\b(?:[Vv]olgens|[Aa]ccording\s+to)\s+(?:de\s+|het\s+|the\s+)?$")
_REPORTING_THAT = re.compile(
    r"\b(?:denkt|denken|verwacht|verwachten|stelt|stellen|zegt|zeggen|meent|menen|schat|schatten|waarschuwt|waarschuwen|"
    r"concludeert|concluderen|voorspelt|voorspellen|vreest|vrezen|think|thinks|expect|expects|say|says|warn|warns|"
    r"believe|believes|predict|predicts|estimate|estimates|conclude|concludes|argue|argues)\s+(?:\w+\s+){0,3}?(?:dat|that)\b",
)
# between a reporting verb's subject and the verb: a few words (``van TNO``), no punctuation
_SUBJECT_GAP = re.compile(r"\s*(?:[^\s.,;:!?“”\"]+\s+){0,4}")
_PLACES_BEFORE = re.compile(r"\s+(?:in|bij|binnen|within|at)\s+(?:de\s+|het\s+|the\s+)?")
# how far back a holder's ``volgens`` may be read (``according to the``)
_HOLDER_REACH = 20


def _classified(text: str, sentence: Sentence, targets: list[tuple[int, int, Concept]]) -> list[tuple[int, int, Concept]]:
    """Of ``sentence``'s ``targets``, those it classifies: not a holder, nor a sector placing the target before it."""
    if not targets:
        return targets
    sentence_start = sentence.start
    reporting = _REPORTING_THAT.search(text, sentence_start, sentence.end)
    kept: list[tuple[int, int, Concept]] = []
    previous_end = -1
    for start, end, concept in targets:
        placed = concept.scheme == "sectors" and _PLACES_BEFORE.fullmatch(text, previous_end, start) is not None
        previous_end = end
        if placed or _HOLDER_BEFORE.search(text, max(sentence_start, start - _HOLDER_REACH), start):
            continue
        if reporting is not None and end <= reporting.start() and _SUBJECT_GAP.fullmatch(text, end, reporting.start()):
            continue
        kept.append((start, end, concept))
    return kept


# a sentence that contrasts two classifications (``X lopen een hoog risico, terwijl Y een laag
# risico lopen``): each clause with a cue of its own gives its targets that level
_CONTRAST = re.compile(rf",?\s+(?:{entities.CONTRAST_CONJUNCTIONS})\s+|;\s+")


def _clause_levels(body: str, offset: int) -> list[tuple[int, str | None]]:
    """The end (in the document) and cue level of each clause of the sentence ``body`` at
    ``offset``, split at contrasting conjunctions; none for a sentence without one."""
    ends = [m.start() for m in _CONTRAST.finditer(body)]
    if not ends:
        return []
    clauses, start = [], 0
    for end in (*ends, len(body)):
        clauses.append((offset + end, level_of(body[start:end])))
        start = end
    return clauses


def _level_at(position: int, clauses: list[tuple[int, str | None]]) -> str | None:
    """The cue level of the clause that holds ``position``, if it has one of its own."""
    for end, level in clauses:
        if position < end:
            return level
    return None


def _claim(doc: SegmentedDocument, start: int, end: int, concept: Concept, level: str, holder: str | None) -> RiskClassification:
    mention = people.mention(concept.label, start, end, "Concept", "target")
    mention["concept"] = concept.iri
    return RiskClassification.at(doc.document, start, end, target=concept.label, level=level, holder=holder, mentions=[mention])


def concept_iri(label: str) -> URIRef | None:
    """The IRI of the concept whose Dutch preferred label is ``label``."""
    concept = load_vocabulary().by_label.get(label)
    return URIRef(concept.iri) if concept else None
