"""Expert opinions: ``ExpertOpinion`` claims for views attributed, not quoted.

Span convention: the sentence. ``holder`` is whose view it is, at the
granularity the text gives:

* ``consulted experts`` -- all of them: ``De geraadpleegde experts zijn het er over
  eens dat``, ``volgens de geïnterviewde deskundigen``, ``deskundigen unaniem``,
  ``The experts we consulted agree``;
* ``most experts`` -- ``De meeste experts verwachten``, ``de meesten denken``;
* ``some experts`` -- ``sommige/enkele/meerdere/diverse/veel/andere experts``,
  ``een aantal experts``, ``sommige geïnterviewden``, ``enkelen``, ``some experts``;
* ``one expert`` -- ``een van hen verwacht``, ``Eén expert noemt``, ``one expert``;
* ``experts`` -- experts not said to be the consulted ones: ``Experts verwachten``,
  ``Experts van Gartner verwachten`` (up to two words after ``van``/``bij``/``of``/``at``),
  ``volgens experts``, ``experts expect``;
* a named person -- ``Chen gaf aan dat``, ``onderstreepte Chen dat``, ``Altman
  gaf in een podcast aan dat``, ``Ingrid Bakker (Universiteit Utrecht) waarschuwt``,
  ``Volgens econoom Mark Jansen``, ``Alan Whitfield of the London School of Economics
  believes``, ``stelde hij`` /
  ``Volgens hem`` (the person named in the two sentences before);
* an organisation or publication -- ``Volgens Reuters``, ``aldus berichten in The
  Wall Street Journal``, ``Een bron bij Meta bevestigde`` (``bron bij Meta``),
  ``Onderzoekers van TNO denken``, ``Economists at the IMF expect``;
* a survey's respondents -- ``werkgevers`` / ``employers`` as the subject of
  ``verwachten``, ``geven aan``, ``stellen``, ``noemden``, named with the survey the
  document cites (``werkgevers (UWV Werkgeversonderzoek 2024)``).

A sentence holding a quotation that the quote extractor attributes is not an
opinion as well (the quote is the better claim).

Known weaknesses: an opinion spread over several sentences gives one claim per
sentence that names its holder, not one for the whole passage; a pronoun is
resolved only to a person named in the two sentences before; a cue word used
for a fact (``volgens de wet``) reads as an opinion held by that noun.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import accumulate
from typing import Any

from kg.extracting import people
from kg.extracting.casefold import fold, fold_document, folded_pattern
from kg.extracting.prefilter import (
    Prefiltered, factored_alternation, group_end, positions, required, required_all, sentences_of,
    top_level_alternatives,
)
from kg.model import ExpertOpinion, SegmentedDocument

try:  # the regex parser of the standard library: re._parser from Python 3.11, sre_parse before
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_parse as _parser  # type: ignore[no-redef]

NAME = "opinions"
VERSION = "0.3.0"

_EXPERT = r"(?:experts?|deskundigen?|specialisten|geïnterviewden|geraadpleegden|bevraagden)"
_CONSULTED = r"(?:geraadpleegde|geïnterviewde|bevraagde|ondervraagde|consulted|interviewed)"
_VERB = (
    r"verwacht(?:en|te|ten)?|voorzien|voorziet|voorspellen|voorspelt|denken|denkt|vinden|vindt|zien|ziet|"
    r"zijn\s+het\s+(?:er\s*)?(?:over\s+)?eens|is\s+het\s+(?:er\s*)?(?:over\s+)?eens|benoemen|benadrukken|noemen|noemt|"
    r"wijzen|wijst|stellen|stelt|geven\s+aan|geeft\s+aan|spreken|spreekt|pleiten|pleit|constateren|constateert|"
    r"vrezen|vreest|waarschuwen|waarschuwt|menen|meent|hopen|schatten|"
    r"expect|expects|predict|predicts|think|thinks|agree|agrees|warn|warns|argue|argues|believe|believes|see|sees|note|notes"
)


def _first_letters(*alternations: str) -> str:
    """The letters the words of plain alternations (``de|the``, ``(?:een|één)``) start with."""
    return "".join(sorted({word[0] for alternation in alternations for word in top_level_alternatives(_ungrouped(alternation))}))


def _ungrouped(alternation: str) -> str:
    """``alternation`` without the non-capturing group around it, if it has one."""
    return alternation[3:-1] if alternation.startswith("(?:") and alternation.endswith(")") else alternation


# (``\b`` and a look at the next letter before the lookbehinds: the same match, but most
# positions fail on these cheaply, and the seven lookbehinds are tested at few of them)
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"\b(?=[{_first_letters('de|the', _CONSULTED)}])(?<!richting )(?<!aan )(?<!met )(?<!naar )(?<!voor )(?<!van )(?<!tot )(?:(?:de|the)\s+)?{_CONSULTED}\s+{_EXPERT}\b|\b{_EXPERT}\s+(?:we|wij)\s+(?:consulted|interviewed|spraken)\b|\b(?:deskundigen|experts)\s+(?:zijn\s+)?unaniem\b|\bde\s+(?:experts|deskundigen)\s+(?:{_VERB})\b|\bthe\s+experts\b", re.IGNORECASE), "consulted experts"),
    (re.compile(rf"\b(?:de\s+meeste|most)\s+(?:{_CONSULTED}\s+)?{_EXPERT}\b|\bde\s+meesten\b", re.IGNORECASE), "most experts"),
    (re.compile(rf"\b(?:sommige|enkele|meerdere|diverse|veel|andere|een\s+aantal|verschillende|several|some|many|other)\s+(?:{_CONSULTED}\s+|bevraagde\s+)?{_EXPERT}\b|\b(?:sommige|enkele)\s+geïnterviewden\b|\benkelen\b|\bonder\s+sommige\s+experts\b", re.IGNORECASE), "some experts"),
    (re.compile(rf"\b(?:een|één|eén)\s+van\s+(?:hen|de\s+(?:{_CONSULTED}\s+)?{_EXPERT})\b|\b(?:eén|één)\s+expert\b|\bone\s+(?:of\s+the\s+)?experts?\b", re.IGNORECASE), "one expert"),
    (re.compile(rf"(?:^|[^\w])(?:volgens|according\s+to)\s+(?:de\s+|the\s+)?{_EXPERT}\b|(?:^|[.;:]\s*)(?:{_EXPERT})(?:\s+(?:van|bij|of|at|from)\s+[^\s.;:,]+(?:\s+[^\s.;:,]+)?)?\s+(?:{_VERB})\b|\b(?:door|by)\s+(?:de\s+)?(?:{_CONSULTED}\s+)?{_EXPERT}\b", re.IGNORECASE), "experts"),
]
_PERSON_VERBS = (
    r"gaf\s+(?:\w+\s+){0,4}aan|geeft\s+aan|stelde|stelt|merkt(?:e)?\s+op|onderstreepte|onderstreept|benadrukte|benadrukt|"
    r"verwacht|verwachtte|denkt|dacht|vindt|vond|meent|meende|waarschuwt|waarschuwde|pleitte|pleit|uitte|beweerde|beweert|"
    r"verzekert|verzekerde|omschreef|noemde|zei|zegt|bevestigde|bevestigen|schat|schatte|voorspelt|voorspelde|gelooft|geloofde|"
    r"said|says|argued|argues|believes|believed|expects|expected|warned|warns|noted|thinks|thought|estimates|estimated|"
    r"predicts|predicted|claims|claimed|insists|insisted"
)


def _by_first_character(source: str) -> str | None:
    """A regex matching at the same positions as ``source`` (though maybe not as far), with
    its alternatives grouped by the character they start with (``\\bde|(?:x|de)y`` gives
    ``d(?:(?<=\\b(?s:.))e|ey)|x(?:y)``): the regex engine rejects a position by its
    character, where it tries in full each alternative that starts with a group or an
    assertion. None when an alternative opens with what :func:`_first_characters` does not read,
    or ``source`` names a group (written out twice, a name would be defined twice)."""
    if "(?P" in source:
        return None
    groups: dict[str, list[str]] = {}
    for alternative in top_level_alternatives(source):
        if (split := _first_characters(alternative)) is None:
            return None
        for first, rest in split:
            groups.setdefault(first, []).append(rest)
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


def _first_characters(alternative: str) -> list[tuple[str, str]] | None:
    """(first character, the rest) pairs, of which ``alternative`` matches at a position
    exactly when one pair does: its opening groups, optional groups and ``\\s*`` written
    out, and its leading assertions tried past the first character, in a lookbehind that
    steps back over it (``\\bx`` gives ``x`` and ``(?<=\\b(?s:.))``). None for an opening
    not read here (a repeated group, a class, ...)."""
    if alternative[:1].isalpha() and alternative[1:2] not in ("*", "+", "?", "{"):
        return [(alternative[0], alternative[1:])]
    if alternative.startswith((r"\s*", r"\s+")) and alternative[3:4] not in ("?", "+"):
        spaced = [(r"\s", r"\s*" + alternative[3:])]
        if alternative[2] == "+":
            return spaced
        split = _first_characters(alternative[3:])
        return None if split is None else split + spaced
    if (assertions := _leading_assertions(alternative)) > 0:
        split = _first_characters(alternative[assertions:])
        return None if split is None else [(first, f"(?<={alternative[:assertions]}(?s:.)){rest}") for first, rest in split]
    if not alternative.startswith("(?:"):
        return None
    end = group_end(alternative)
    options, after = top_level_alternatives(alternative[3:end]), alternative[end + 1 :]
    if after[:1] in ("*", "+", "{") or after[:2] in ("??", "?+"):
        return None
    if after[:1] == "?":  # (an optional group: or without it)
        options.append("")
    split = [_first_characters(option + after.removeprefix("?")) for option in options]
    return None if None in split else [pair for pairs in split for pair in pairs]  # type: ignore[union-attr]


def _leading_assertions(alternative: str) -> int:
    """The length of the run of assertions (``\\b``, lookarounds) ``alternative`` opens with."""
    end = 0
    while True:
        if alternative.startswith(r"\b", end):
            end += 2
        elif alternative.startswith(("(?=", "(?!", "(?<=", "(?<!"), end):
            end += group_end(alternative[end:]) + 1
        else:
            return end


def _by_first_letter(alternation: str) -> str:
    """``alternation`` with its alternatives grouped by their first character
    (:func:`_by_first_character`; ``stelde|zei|stelt`` gives ``s(?:telde|telt)|z(?:ei)``), or as
    it is where they cannot be: the same matches, but the engine tries one branch per letter,
    not every alternative, at each position."""
    return _by_first_character(alternation) or alternation


# (grouped for the patterns that try them at every word: a third faster)
_PERSON_VERBS_BY_LETTER = _by_first_letter(_PERSON_VERBS)
_NAME = r"(?P<name>[A-ZÀ-Þ][\w’'-]+(?:\s+(?:van\s+der|van\s+den|van|de|ten|ter)?\s*[A-ZÀ-Þ][\w’'-]+){0,3})"
_PERSON_SUBJECT = re.compile(rf"(?:^|[,;:]\s+|\s(?:en|dat|and)\s+|^\w+\s+){_NAME}\s+(?:{_PERSON_VERBS_BY_LETTER})\b")
# _PERSON_SUBJECT past the sentence's first character, where its ``^`` cannot match: its other
# openings as one character class first (the lookbehinds tell them apart), so that the regex
# engine skips from one such character to the next in C instead of trying it at every position
# (each alternative after it opens with the character that follows, so that the engine rejects
# most of them by that character before it tries a lookbehind)
_PERSON_SUBJECT_INSIDE = re.compile(
    rf"[,;:\s](?:\s(?<=[,;:]\s)\s*|e(?<=\se)n\s+|d(?<=\sd)at\s+|a(?<=\sa)nd\s+){_NAME}\s+(?:{_PERSON_VERBS_BY_LETTER})\b"
)
_VERB_PERSON = re.compile(rf"\b(?:{_PERSON_VERBS_BY_LETTER})\s+{_NAME}(?=[\s,]+[a-z])")
# _VERB_PERSON without its ``\b``: at the sentence's start, and after a non-word character (a
# class the engine skips to in C, where ``\b`` has it try each position); the name ends before
# a space or comma, so the character before the next match's verb lies past it
_VERB_PERSON_AT_START = re.compile(rf"(?:{_PERSON_VERBS_BY_LETTER})\s+{_NAME}(?=[\s,]+[a-z])")
_VERB_PERSON_INSIDE = re.compile(rf"\W(?:{_PERSON_VERBS_BY_LETTER})\s+{_NAME}(?=[\s,]+[a-z])")
# a parenthesis between the name and its verb: "Ingrid Bakker (Universiteit Utrecht) waarschuwt"
_PERSON_PARENTHESIS_VERB = re.compile(rf"{_NAME}\s+\([^()\n]{{1,80}}\)\s+(?:{_PERSON_VERBS_BY_LETTER})\b")
_PRONOUN = re.compile(
    rf"\b(?i:volgens)\s+(?P<p1>hem|haar)\b|\b(?:{_PERSON_VERBS_BY_LETTER})\s+(?P<p2>hij|zij|ze|he|she)\b|"
    rf"^(?P<p3>Hij|Zij|He|She)\s+(?:{_PERSON_VERBS_BY_LETTER})\b"
)
# researchers of one organisation: "onderzoekers van TNO", "economists at the IMF"
_RESEARCHERS = "onderzoekers|researchers|analisten|analysts|economen|economists"
_OF_ORG = r"\s+(?:van|bij|at|of|from)\s+(?:de\s+|het\s+|the\s+)?"
# (of/for/van/voor de between capitalised words: "Bank of England", "Centraal Bureau voor de Statistiek")
_ORG_WORDS = r"[A-Z][\w&.-]*(?:\s+(?:(?:of|for|van|voor(?:\s+de)?)\s+)?[A-Z][\w&.-]*){0,4}"
# an organisation between the name and its verb: "Alan Whitfield of the London School of Economics believes"
_PERSON_OF_ORG_VERB = re.compile(rf"{_NAME}{_OF_ORG}{_ORG_WORDS}\s+(?:{_PERSON_VERBS_BY_LETTER})\b")
_ORG_VOLGENS = re.compile(
    r"(?:^|[^\w])(?:[Vv]olgens|[Aa]ccording\s+to|aldus)\s+(?:berichten\s+in\s+|onderzoek\s+van\s+|een\s+rapport\s+van\s+|reports\s+in\s+|"
    rf"(?:{_RESEARCHERS}){_OF_ORG}|the\s+|de\s+|het\s+)?(?P<org>(?:The\s+)?{_ORG_WORDS})"
)
# an organisation named as the subject of a verb of finding or opinion: "The OECD concluded that",
# "De Nederlandsche Bank verwacht dat", and after the view: "..., the OECD concluded.",
# "..., concludeert het CPB." (a name: an acronym or two capitalised words, see _named_organisation)
_ORG_VIEW_VERBS_NL = ("concludeert concludeerde stelt stelde verwacht verwachtte schat schatte waarschuwt waarschuwde voorspelt"
                      " voorspelde zegt zei").split()
_ORG_VIEW_VERBS_EN = ("concludes concluded expects expected estimates estimated warns warned predicts predicted finds found"
                      " says said").split()
_ORG_VIEW_VERBS = "|".join(_ORG_VIEW_VERBS_NL + _ORG_VIEW_VERBS_EN)
_ORG_VERB = re.compile(
    rf"(?:^|[^\w])(?:(?:[Tt]he|[Hh]et|[Dd]e)\s+)?(?P<org>{_ORG_WORDS})\s+(?:in\s+(?:its|zijn|haar)\s+[^,.;]{{1,60}}?\s+)?"
    rf"(?:{_ORG_VIEW_VERBS})\s+(?:dat|that)\b"
    rf"|,\s*(?:the\s+)?(?P<org_after>{_ORG_WORDS})\s+(?:{'|'.join(_ORG_VIEW_VERBS_EN)})\b[^,.;]{{0,60}}[.!?]?\s*$"
    rf"|,\s*(?:{'|'.join(_ORG_VIEW_VERBS_NL)})\s+(?:[Hh]et\s+|[Dd]e\s+)?(?P<org_nl>{_ORG_WORDS})\b[^,.;]{{0,60}}[.!?]?\s*$"
)
_ACRONYM = re.compile(r"[A-Z][\w&.-]*[A-Z]")  # OECD, CPB, McKinsey, S&P


def _named_organisation(org: str) -> bool:
    """Whether ``org`` reads as an organisation's name, not a capitalised common noun opening a
    sentence (``Werkgevers``, ``Companies``): an acronym, or two capitalised words."""
    words = [w for w in org.split() if w not in ("of", "for", "van", "voor", "de")]
    return bool(_ACRONYM.match(words[0])) or len(words) >= 2


# "Onderzoekers van TNO denken", "Economists at the IMF expect": a group of one organisation, named
# as the subject of a verb of opinion, holds the organisation's view
_GROUP_OF_ORG_VERBS = (
    "denken verwachten stellen menen schatten waarschuwen concluderen voorspellen zien zeggen "
    "think expect estimate warn conclude predict see say believe"
).split()
_GROUP_OF_ORG = re.compile(
    # (the group's word may open the sentence: its first letter in either case)
    r"(?:^|[^\w])(?:" + "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in _RESEARCHERS.split("|")) + ")"
    rf"{_OF_ORG}(?P<org>{_ORG_WORDS})\s+(?:{'|'.join(_GROUP_OF_ORG_VERBS)})\b"
)
_GROUP_OF_ORG_CUE = Prefiltered(_GROUP_OF_ORG)
_ORG_VERB_CUE = Prefiltered(_ORG_VERB)
# "Volgens econoom Mark Jansen", "according to economist Sarah Lee": a person named after a role
_VOLGENS_ROLE_PERSON = re.compile(
    rf"(?:^|[^\w])(?:[Vv]olgens|[Aa]ccording\s+to)\s+(?:de\s+|het\s+|the\s+)?(?:{people.LONE_ROLES})(?:\s+[a-z]+)?\s+{_NAME}"
)
_SOURCE = re.compile(r"\b(?P<src>(?:[Ee]en\s+)?[Bb]ron(?:nen)?\s+(?:bij|binnen|van|bij)\s+(?P<org>[A-Z][\w-]*))\s+(?:bevestig\w*|meld\w*|zegt|zeggen|stelt)\b")
_RESPONDENTS = re.compile(
    r"\b(?P<who>werkgevers|werknemers|respondenten|employers|respondents|workers)\b[^.]{0,80}?\b(?:verwacht(?:en)?|geeft\s+aan|geven\s+aan|stelt|stellen|denken|denkt|noemden|noemen|sprak\s+de\s+verwachting\s+uit|expect|say|said)\b",
    re.IGNORECASE,
)
_SURVEY = re.compile(r"\b(?P<survey>[A-Z][\w]*\s+[Ww]erkgeversonderzoek(?:\s+\d{4})?|[A-Z][\w]*\s+(?:[Ee]mployer\s+)?[Ss]urvey(?:\s+\d{4})?)")
_NOT_NAMES = frozenset(
    "De Het Een Dit Dat Deze Die Er Ook Maar Zo Toch In Op Bij Voor Met Als Wanneer Verder AI Hij Zij Ze Volgens En "
    "The This That It They He She We Experts Werkgevers Werknemers Binnen Bronnen".split()
)


_SURVEY_WORDS = re.compile(r"%|\baandeel\b|\bonderzoek|\buitvraag\b|\bresultaten\b|\bgeraadpleegde\b|\bgroep\b|\bniet\s+veel\b|\bsurvey|\bshare\b|\bpolled\b", re.IGNORECASE)


def _survey_name(text: str, before: int) -> str | None:
    """The last survey named in ``text`` up to 2000 characters after ``before``."""
    endpos = before + 2000
    ends, starts, names = _surveys(text)
    complete = bisect_right(ends, endpos)  # the document's survey names that end by endpos
    if complete < len(ends) and starts[complete] < endpos:
        # a name runs past endpos, where the cut text may hold a shorter one: read the cut text
        cut = [m.group("survey") for m in _survey_matches(text, endpos)]
        return cut[-1] if cut else None
    # else the cut text holds exactly those names (the pattern has no end-of-text assertion)
    return names[complete - 1] if complete else None


@lru_cache(maxsize=8)
def _surveys(text: str) -> tuple[list[int], list[int], list[str]]:
    """Ends, starts and names of the surveys ``text`` names, in order, read once per document."""
    found = _survey_matches(text, len(text))
    return [m.end() for m in found], [m.start() for m in found], [m.group("survey") for m in found]


# every survey name holds one of these strings (``urvey``, ...), and only word characters
# and white space: a character of neither breaks it
_SURVEY_KEYWORDS = required(_SURVEY)
_BREAK = re.compile(r"[^\w\s]")
_UP_TO_LAST_BREAK = re.compile(r"(?s:.*)[^\w\s]")


def _survey_matches(text: str, endpos: int) -> list[re.Match[str]]:
    """The matches of ``_SURVEY.finditer(text, 0, endpos)``, from a scan of only the stretches
    between breaks that hold a keyword: a name lies within one such stretch, and a scan of the
    stretch alone finds what the scan of the whole text finds there (the regex engine tries
    ``_SURVEY`` at every position of the text, and the keywords are rare)."""
    if _SURVEY_KEYWORDS is None:  # a name might hold no particular string: read it all
        return list(_SURVEY.finditer(text, 0, endpos))
    found: list[re.Match[str]] = []
    scanned = 0  # the end of the stretches scanned so far: a break, or endpos
    for at in positions(text, _SURVEY_KEYWORDS):
        if at >= endpos:
            break
        if at < scanned:
            continue  # in the stretch just scanned
        last_break = _UP_TO_LAST_BREAK.match(text, scanned, at)
        start = last_break.end() if last_break is not None else scanned
        next_break = _BREAK.search(text, at, endpos)
        scanned = next_break.start() if next_break is not None else endpos
        found += _SURVEY.finditer(text, start, scanned)
    return found


_LONE_ROLE_WORDS = frozenset(people.LONE_ROLES.split("|"))


def _person(name: str, registry: dict[str, people.Person]) -> str | None:
    name = people.squash(name)
    first, _, rest = name.partition(" ")
    if first in _LONE_ROLE_WORDS and " " in rest:
        name = rest  # "Professor Alan Whitfield": the role opens the sentence
    if name.split()[0] in _NOT_NAMES:
        return None
    resolved = people.resolve(name, registry)
    if resolved in registry or people.is_person_name(resolved):
        return resolved
    return None


# the group cues as matched: on folded text, several times faster than re.IGNORECASE (see casefold)
# (and checked first for the words they need: see prefilter)
_FOLDED_PATTERNS = [(Prefiltered(folded_pattern(pattern)), holder) for pattern, holder in _PATTERNS]
_FOLDED_RESPONDENTS, _FOLDED_SURVEY_WORDS = Prefiltered(folded_pattern(_RESPONDENTS)), folded_pattern(_SURVEY_WORDS)
_SOURCE_CUE, _ORG_VOLGENS_CUE = Prefiltered(_SOURCE), Prefiltered(_ORG_VOLGENS)
# every named-person and pronoun cue but ``volgens hem/haar`` holds a person verb: most sentences
# hold none. Looked for with one scan for all of the verbs' required words, factored by their
# first letters: for these three dozen words faster than a substring test per word.
# (verb forms that share a long stem are looked for by it, ``bevestig`` for ``bevestigde`` and
# ``bevestigen``: one ``str.find`` scan of the document less each; a prefilter, so a stem
# letting a few more sentences through changes no answer)
_PERSON_VERB_STEMS = ("argue", "bevestig", "beweer", "verzeker", "waarschuw")


def _by_stem(needles: frozenset[str] | None, stems: tuple[str, ...]) -> frozenset[str] | None:
    """``needles`` with each that starts with one of ``stems`` replaced by that stem."""
    if needles is None:
        return None
    return frozenset(next((stem for stem in stems if needle.startswith(stem)), needle) for needle in needles)


_PERSON_VERB_NEEDLES = _by_stem(required(re.compile(_PERSON_VERBS)), _PERSON_VERB_STEMS)
_PERSON_VERB_WORD = re.compile(factored_alternation([tuple(map(re.escape, n)) for n in sorted(_PERSON_VERB_NEEDLES or ())]))
_SAME_SOURCE = re.compile(r"\b(?i:volgens)\s+(?:die|diezelfde|dezelfde|deze|that|the\s+same)\s+(?:bron|source)\b")
_SAME_SOURCE_WORDS = required(_SAME_SOURCE)  # (``bron``, ``source``)
_CAPITALISED_WORD = re.compile(r"\b[A-ZÀ-Þ][\w’'-]+\b")


def _words_held(items: Any, words: frozenset[str]) -> frozenset[str] | None:
    """Some of ``words`` of which every match of the parsed sequence ``items`` holds one, or
    None when a match may hold none of them. Read from runs of literal characters, groups,
    alternations and repeats of at least once; a class or an assertion holds no word."""
    best: frozenset[str] | None = None

    def keep(found: frozenset[str] | None) -> None:
        nonlocal best
        if found and (best is None or len(found) < len(best)):
            best = found

    run: list[str] = []
    for op, av in [*items, (None, None)]:  # (a last item to end the last run)
        if op is _parser.LITERAL:
            run.append(chr(av))
            continue
        literal = "".join(run)
        keep(frozenset(sorted(word for word in words if word in literal)[:1]))  # (one is enough)
        run = []
        if op is _parser.SUBPATTERN and not av[1] and not av[2]:  # a group without flags
            keep(_words_held(av[3].data, words))
        elif op is _parser.BRANCH:
            alternatives = [_words_held(alternative.data, words) for alternative in av[1]]
            keep(None if None in alternatives else frozenset().union(*alternatives))  # type: ignore[arg-type]
        elif op in (_parser.MAX_REPEAT, _parser.MIN_REPEAT) and av[0] >= 1:
            keep(_words_held(av[2].data, words))
    return best


# Every group cue's match holds an expert noun or the word of its few alternatives without
# one (``de meesten``, ``enkelen``, ``een van hen``). Looked for instead of the words
# prefilter.required picks: those may be common (``van`` in ``een van hen``, ``volgens`` in
# ``volgens experts``); these are far rarer.
_GROUP_WORDS = frozenset(required(re.compile(_EXPERT)) or ()) | {"meesten", "enkelen", "hen"}


def _cue_needles(pattern: Prefiltered) -> frozenset[str] | None:
    """The group words every match of ``pattern`` holds one of, else its required strings."""
    if pattern.pattern.flags & re.IGNORECASE:  # (the words are looked for as written: folded)
        return pattern.needles
    return _words_held(_parser.parse(pattern.pattern.pattern, pattern.pattern.flags).data, _GROUP_WORDS) or pattern.needles


# the openings of the alternatives that _matches_somewhere reads: each matches at the text's
# start, or at (or, for ``\b``, right after) a non-word character; what the alternative
# needs after that ``\W`` besides its rest (None: ``^`` matches only at the start)
_OPENINGS: dict[str, str | None] = {
    r"\b": "",  # (before a word character: the start, or after a non-word character)
    r"(?:^|[^\w])": "",
    r"(?:^|[.;:]\s*)": r"(?<=[.;:])\s*",
    "^": None,  # (only at the start)
}


def _matches_somewhere(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    """Does ``pattern`` match somewhere in a text? For a pattern whose alternatives each open
    with one of _OPENINGS (as the group cues' do; a ``\\b`` before what matches only from a
    word character on), the same answer as ``pattern.search``, sooner: an alternative matches
    either at the text's start, without its opening, or after a non-word character (the one
    its opening matches, or the one before its ``\\b``). So the alternatives without their
    openings are tried at the start, then searched for after a ``\\W``: a character class that
    the regex engine skips to in C, where a leading ``\\b`` or ``(?:^|...)`` has it try the
    whole pattern at every position (a quarter fewer instructions); and grouped by their
    first character there (:func:`_by_first_character`). Other patterns: ``pattern.search``."""
    alternatives = top_level_alternatives(pattern.pattern)
    openings = [next((o for o in _OPENINGS if alternative.startswith(o)), None) for alternative in alternatives]
    if None in openings or pattern.flags & re.MULTILINE:  # (``^`` after each line break)
        return lambda text: pattern.search(text) is not None
    rests = [alternative[len(opening) :] for alternative, opening in zip(alternatives, openings)]  # type: ignore[arg-type]
    at_start = re.compile("(?:" + "|".join(rests) + ")", pattern.flags).match
    afters = [_OPENINGS[o] + rest for o, rest in zip(openings, rests) if _OPENINGS[o] is not None]  # type: ignore[index,operator]
    if not afters:
        return lambda text: at_start(text) is not None
    after = "|".join(afters)
    after_non_word = re.compile(r"\W(?:" + (_by_first_character(after) or after) + ")", pattern.flags).search
    return lambda text: at_start(text) is not None or after_non_word(text) is not None


# the group cues share their words (``expert``, ``deskundige``): each is looked for once per
# sentence, not once per cue (None: a cue that requires no word)
_GROUP_CUES = [(_cue_needles(pattern), pattern.pattern, holder) for pattern, holder in _FOLDED_PATTERNS]
_GROUP_NEEDLES = tuple(sorted({needle for needles, _, _ in _GROUP_CUES for needle in needles or ()}))
_EVERY_GROUP_CUE_NEEDS_A_WORD = all(needles is not None for needles, _, _ in _GROUP_CUES)
_GROUP_CUES_FOUND = [(needles, _matches_somewhere(pattern), holder) for needles, pattern, holder in _GROUP_CUES]
# most sentences that hold a group word match no cue: one scan for all of the cues' alternatives
# answers that for them, where a scan per cue read the sentence five times (the cues share flags)
_ANY_GROUP_CUE_FOUND = _matches_somewhere(
    re.compile("|".join(pattern.pattern for _, pattern, _ in _GROUP_CUES), _GROUP_CUES[0][1].flags)
)
_PRONOUN_FOUND = _matches_somewhere(_PRONOUN)  # (asked whether it matches, not where)


# opinions, risks and skills ask about the same sentences: read each sentence once
@lru_cache(maxsize=4096)
def _group_holder(sentence: str) -> str | None:
    """The holder of the first group cue that matches ``sentence``, or None. A cue is tried
    only when the sentence holds one of the words every match of it holds (_cue_needles).
    (Asked of sentences that hold a group word: see _Cues.group. Few of them match a cue.)"""
    folded = fold(sentence)
    if not _ANY_GROUP_CUE_FOUND(folded):
        return None
    present = {needle for needle in _GROUP_NEEDLES if needle in folded}
    for needles, matches_somewhere, holder in _GROUP_CUES_FOUND:
        if (needles is None or not needles.isdisjoint(present)) and matches_somewhere(folded):
            return holder
    return None


@lru_cache(maxsize=4096)
def _subject_names(sentence: str) -> tuple[str, ...]:
    """The names before or after a person verb (asked only where one may be: see _holder)."""
    return tuple(m.group("name") for matches in (_person_subjects(sentence), _persons_after_verbs(sentence)) for m in matches)


def _person_subjects(sentence: str) -> Iterator[re.Match[str]]:
    """The matches of ``_PERSON_SUBJECT.finditer(sentence)``: its try at the start, then, from
    where that one ends or the next character, the scan of _PERSON_SUBJECT_INSIDE."""
    first = _PERSON_SUBJECT.match(sentence)
    if first is not None:
        yield first
    yield from _PERSON_SUBJECT_INSIDE.finditer(sentence, first.end() if first is not None else 1)


def _persons_after_verbs(sentence: str) -> Iterator[re.Match[str]]:
    """Matches with the names of ``_VERB_PERSON.finditer(sentence)``, in order: its try at the
    start, then, from where that one ends, the scan of _VERB_PERSON_INSIDE (each match a
    character before the one of _VERB_PERSON: the non-word one before its verb)."""
    first = _VERB_PERSON_AT_START.match(sentence)
    if first is not None:
        yield first
    yield from _VERB_PERSON_INSIDE.finditer(sentence, first.end() if first is not None else 0)


def _may_hold_pronoun_cue(sentence: str, may_hold_person_verb: bool | None = None) -> bool:
    """False when ``_PRONOUN`` cannot match: it needs ``volgens hem/haar`` or a person verb
    (``may_hold_person_verb``: False when the sentence holds none, None: not known yet)."""
    if "hem" in sentence or "haar" in sentence:
        return True
    return _may_hold_person_verb(sentence) if may_hold_person_verb is None else may_hold_person_verb


@lru_cache(maxsize=4096)
def _may_hold_person_verb(sentence: str) -> bool:
    """(asked for a named subject and for a pronoun)"""
    return _PERSON_VERB_NEEDLES is None or _PERSON_VERB_WORD.search(sentence) is not None


_SENTENCE_CACHES = (_group_holder, _subject_names, _may_hold_person_verb)
_cached_document = [""]  # the text of the document whose sentences the caches hold


def _keep_caches_to(doc_text: str) -> None:
    """Empty the sentence caches when a new document is read: they serve the questions
    opinions, risks and skills ask of one document's sentences. Across documents they
    would hit only on sentences that documents share, which the benchmark's synthetic
    corpora (recombined sentences) hold far more often than real text does."""
    if doc_text is not _cached_document[0]:
        for cached in _SENTENCE_CACHES:
            cached.cache_clear()
        _cached_document[0] = doc_text


def _no_sigma(needles: frozenset[str] | None) -> frozenset[str] | None:
    """``needles`` if none holds a sigma, else None (gate nothing): ``str.lower`` turns a capital
    sigma into ``σ`` or ``ς`` by what follows it, so a sentence folded alone may differ there
    from the same slice of the folded document; elsewhere they are the same characters."""
    return None if needles is None or any("σ" in n or "ς" in n for n in needles) else needles


def _held_by_every_match(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The longest of the strings every match of ``pattern`` holds (as needles: a set of
    one), or None when no string is held by all."""
    clauses = required_all(pattern)
    common = frozenset.intersection(*clauses) if clauses else frozenset()
    return frozenset({max(common, key=lambda s: (len(s), s))}) if common else None


# every source cue holds ``ron`` (``bron``): one scan for it, not one per verb the cue may end in
_SOURCE_SCAN = _held_by_every_match(_SOURCE) or _SOURCE_CUE.needles


_GROUP_SCAN = frozenset(_GROUP_NEEDLES) if _EVERY_GROUP_CUE_NEEDS_A_WORD else None  # (None: every sentence)


class _Cues:
    """Per document: the indices of the sentences in which the cues of :func:`_holder` may
    match (one of their required strings occurs there), found by one scan of the document
    per cue instead of a substring test of every sentence; ``any``: those in which one may."""

    def __init__(self, doc: SegmentedDocument) -> None:
        passages = sentences_of(doc)
        text = doc.text
        folded = fold_document(text)
        self.group = passages.holding(folded, _no_sigma(_GROUP_SCAN))
        self.person_verb = passages.holding(text, _PERSON_VERB_NEEDLES)
        self.source = passages.holding(text, _SOURCE_SCAN)
        self.org_volgens = passages.holding(text, _ORG_VOLGENS_CUE.needles)
        # (the group's word and a verb: sentences about "onderzoekers" are many in some documents)
        self.group_of_org = frozenset(passages.holding(text, _GROUP_OF_ORG_CUE.needles)).intersection(
            passages.holding(text, _GROUP_OF_ORG_VERBS)
        )
        self.org_verb = passages.holding(text, _ORG_VERB_CUE.needles or _ORG_VIEW_VERBS_NL + _ORG_VIEW_VERBS_EN)
        self.respondents = passages.holding(folded, _no_sigma(_FOLDED_RESPONDENTS.needles))
        # (asked only with a person or a source among the recent holders; the pronoun cue
        # needs ``hem``, ``haar`` or a person verb: see _may_hold_pronoun_cue)
        rarely_asked = passages.holding(text, ("hem", "haar")), passages.holding(text, _SAME_SOURCE_WORDS)
        self.any = set().union(
            self.group, self.person_verb, self.source, self.org_volgens, self.group_of_org, self.org_verb, self.respondents,
            *rarely_asked
        )


def _cues_of(doc: SegmentedDocument) -> _Cues:
    """The :class:`_Cues` of ``doc``, found once: risks and skills may pass them to _holder too."""
    return doc.memo("opinions.cues", lambda: _Cues(doc))  # type: ignore[no-any-return]


def holder_of(doc: SegmentedDocument, index: int, registry: dict[str, people.Person]) -> tuple[str, str] | None:
    """(holder, kind) of the view sentence ``index`` of ``doc`` attributes, read on its own
    (no holder of an earlier sentence to refer back to): for risks and skills."""
    sentence = doc.sentences[index]
    body = doc.text[sentence.start : sentence.end]
    return _holder(body, doc.text, sentence.start, registry, [], (_cues_of(doc), index))


def _holder(
    sentence: str, doc_text: str, at: int, registry: dict, recent: list[str], gate: tuple[_Cues, int] | None = None
) -> tuple[str, str] | None:
    """(holder, kind) of an attributed view in ``sentence``, or None. ``gate``: the document's
    cues (:func:`_cues_of`) and the sentence's index among its sentences, to skip the cues
    that cannot match (the same answer, sooner)."""
    _keep_caches_to(doc_text)
    if gate is None or gate[1] in gate[0].group:
        if (group := _group_holder(sentence)) is not None:
            return group, "Group"
    # (gated: the document scan's answer, which may let through a few sentences that hold none)
    may_hold_person_verb = _may_hold_person_verb(sentence) if gate is None else gate[1] in gate[0].person_verb
    if may_hold_person_verb:
        for name in _subject_names(sentence):
            if (person := _person(name, registry)) is not None:
                return person, "Person"
        if "(" in sentence and (m := _PERSON_PARENTHESIS_VERB.search(sentence)) is not None:
            if (person := _person(m.group("name"), registry)) is not None:
                return person, "Person"
        if (m := _PERSON_OF_ORG_VERB.search(sentence)) is not None:
            if (person := _person(m.group("name"), registry)) is not None:
                return person, "Person"
    if recent and _may_hold_pronoun_cue(sentence, may_hold_person_verb) and _PRONOUN_FOUND(sentence):
        return recent[-1], "Person"
    sources = [h for h in recent if h.startswith(("bron", "source"))]
    if sources and _SAME_SOURCE.search(sentence):
        return sources[-1], "Group"
    if (gate is None or gate[1] in gate[0].source) and (m := _SOURCE_CUE.search(sentence)) is not None:
        src = re.sub(r"^[Ee]en\s+", "", m.group("src"))
        return src[0].lower() + src[1:], "Group"
    if (gate is None or gate[1] in gate[0].org_volgens) and (m := _VOLGENS_ROLE_PERSON.search(sentence)) is not None:
        if (person := _person(m.group("name"), registry)) is not None:
            return person, "Person"
    if (gate is None or gate[1] in gate[0].org_volgens) and (m := _ORG_VOLGENS_CUE.search(sentence)) is not None:
        org = m.group("org").strip().rstrip(".")
        if org.split()[0] not in _NOT_NAMES or org.startswith("The "):
            return org, "Organization"
    if (gate is None or gate[1] in gate[0].group_of_org) and (m := _GROUP_OF_ORG_CUE.search(sentence)) is not None:
        return m.group("org"), "Organization"
    if (gate is None or gate[1] in gate[0].org_verb) and (m := _ORG_VERB_CUE.search(sentence)) is not None:
        org = (m.group("org") or m.group("org_after") or m.group("org_nl")).strip().rstrip(".")
        if (person := _person(org, registry)) is not None:
            return person, "Person"
        if org.split()[0] not in _NOT_NAMES and _named_organisation(org):
            return org, "Organization"
    if gate is not None and gate[1] not in gate[0].respondents:
        return None
    folded = fold(sentence)
    if (m := _FOLDED_RESPONDENTS.search(folded)) is not None and _FOLDED_SURVEY_WORDS.search(folded):
        who = sentence[m.start("who") : m.end("who")].lower()  # as written: folding is no lowercasing
        survey = _survey_name(doc_text, at)
        return (f"{who} ({survey})" if survey else who), "Group"
    return None


class _Spans:
    """Spans to test sentences against, by bisection rather than a scan of all of them per sentence."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        self._reach = list(accumulate((end for _, end in ordered), max))  # furthest end so far

    def overlap(self, start: int, end: int) -> bool:
        """Does any span overlap ``start..end``? Of the spans starting before ``end``, one
        does when the furthest of their ends lies past ``start``."""
        before_end = bisect_left(self._starts, end)
        return before_end > 0 and self._reach[before_end - 1] > start


def _people_named(body: str, registry: dict[str, people.Person], surnames: set[str]) -> list[str]:
    """The registry's people ``body`` names: full names, then known surnames, in text order."""
    named: list[str] = []
    for m in people.PERSON_RE.finditer(body):
        if (p := _person(m.group("name"), registry)) is not None and p in registry:
            named.append(p)
    for m in _CAPITALISED_WORD.finditer(body):
        if m.group() in surnames:
            named.append(people.resolve(m.group(), registry))
    return named


def extract(doc: SegmentedDocument, quoted: list[tuple[int, int]] | None = None) -> list[ExpertOpinion]:
    """Opinions in ``doc``; ``quoted`` are the spans of attributed quotes, whose
    sentences are not opinions too."""
    text = doc.text
    registry = people.registry(text)
    said: list[tuple[int, int, str]] = []  # the quotes' speakers, when the quotes are this document's
    if quoted is None:
        from kg.extracting import quotes

        quoted, said = quotes.quoted_spans(doc), quotes.speakers(doc)
    quoted_spans = _Spans(quoted)
    claims: list[ExpertOpinion] = []
    recent: list[str] = []
    surnames = {n.split()[-1] for n in registry}
    # each name that puts a registry person in ``recent`` ends in a registry surname:
    # a sentence holding none names nobody there
    may_name = sentences_of(doc).holding(text, surnames)
    cues = _cues_of(doc)
    _keep_caches_to(text)
    # most sentences hold no cue's strings and no registry surname: they give no holder and
    # leave ``recent`` as it is, so only the others are read
    for index in sorted(cues.any.union(may_name)):
        sentence = doc.sentences[index]
        if sentence.end <= doc.document.body_start:
            continue
        body = text[sentence.start : sentence.end]
        quoted_here = quoted_spans.overlap(sentence.start, sentence.end)
        found = None
        if index in cues.any and not quoted_here:
            found = _holder(body, text, sentence.start, registry, recent[-3:], (cues, index))
        if index in may_name and any(surname in body for surname in surnames):
            # (a quote's speaker too: "“...,” zegt Fleur van Dijk. ... Volgens haar ...")
            recent += _people_named(body, registry, surnames)
        if quoted_here:
            # a speaker the registry does not hold ("“...,” says Dr. Hannah Okafor. She expects ...")
            recent += [who for start, _, who in said if sentence.start <= start < sentence.end and who not in recent[-1:]]
            continue
        if found is None:
            continue
        holder, kind = found
        if kind == "Person" or holder.startswith(("bron", "source")):
            recent.append(holder)
        claims.append(ExpertOpinion.at(doc.document, sentence.start, sentence.end, holder=holder))
    return claims
