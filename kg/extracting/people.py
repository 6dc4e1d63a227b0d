"""People and organisations: names, attributions and the mentions of both.

Pure helpers that the voice extractors (quotes, opinions, risks, experts) share,
plus ``attach_mentions``, which gives every claim the spans of the people and
organisations named in its passage, so that one person mentioned in several
documents is one node with every mention kept.

Rules (each names the pattern it handles)

* **Person name**: two to four capitalised words, Dutch/English particles between
  them (``Marjolein ten Hoonte``, ``Dirk van Roode``, ``Leyla el Khamlichi``,
  ``Ariel Herbert-Voss``), an optional title in front (``Dr.``, ``Prof.``) that is
  not part of the name; a word that names an organisation (``Times``,
  ``University``, ``Network``), an all-caps or CamelCase word (``OpenAI``,
  ``SkillLab``) makes it an organisation instead.
* **Attribution** ``Name, Organisation`` / ``Name, role bij Organisation`` /
  ``Name, role`` / ``Publication descriptor (year) domain``: see
  ``parse_attribution``.
* **Appositions** that give a person's organisation anywhere in a document:
  ``Name, (een) role bij/van Org``, ``Name (Org role)``, ``Name (de role van Org)``,
  ``Org-CEO Name``, ``Org’s CEO Name``, list lines ``Name (Org)`` and
  ``Name (role, Org)``: see ``registry``.
* **Short names**: a lone surname (``Chen``, ``Altman``) is the person of the
  same document whose full name ends in it.
* **Publication of a domain**: ``signalfire.com`` is the ``SignalFire`` the
  document names, when it names one whose letters match the domain's first label.

Known weaknesses: a name of one word (``Madonna``) is never a person; a person
with a capitalised particle (``Van Gogh``) in the middle of a sentence is read
without it; anonymous speakers (``een tech-recruiter``) are kept as written.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from kg.extracting.prefilter import AtLineStarts, occurrences, positions
from kg.model import Claim, SegmentedDocument

_UP = r"[A-ZÀ-ÖØ-Þ]"
_LOW = r"[a-zß-öø-ÿ]"
_WORD = rf"{_UP}{_LOW}+(?:-{_UP}{_LOW}+)?"
_PARTICLES = r"(?:van der|van den|van de|van|de|der|den|ten|ter|el|al|le|la|da|von|di|du)"
_TITLE = r"(?:(?:Dr|Prof|Mr|Mevr|Dhr|Ir|Drs|Ing)\.?\s+)"
PERSON_RE = re.compile(rf"(?:{_TITLE})?(?P<name>{_WORD}(?:\s+(?:{_PARTICLES}\s+)?{_WORD}){{1,3}})")

# words that make a capitalised phrase an organisation or publication
ORG_WORDS = frozenset(
    """
    Times Journal News Network Group Groep University Universiteit Universiteiten Coalitie Instituut
    Institute Center Centre Centrum Agenda Ministerie Ministry Stichting Foundation Inc Ltd Labs Lab
    Research Street Post Review Forum Bank Capital Digital Council Raad Bureau Partners Insights
    Office Overheid Rijksoverheid Economic Nederland Netherlands Hogeschool School College Company
    """.split()
)
# descriptor words after a publication's name: ``Financial Times rapport (2023)``
_DESCRIPTORS = re.compile(
    r"\s+(?:\(?\d{4}\)?|rapport|report|inzicht|insight|artikel|article|analyse|analysis|"
    r"nieuwsbrief|newsletter|onderzoek|study|survey|enquête|blog|podcast|interview)\b.*$",
    re.IGNORECASE | re.DOTALL,
)
# nouns that name a document rather than a person: "een analyse", "één veelgestelde vraag"
DOCUMENT_NOUNS = frozenset(
    "rapport report analyse analysis artikel article studie study onderzoek survey nieuwsbrief "
    "newsletter vraag question bericht post blog enquête".split()
)
ROLE_WORDS = (
    r"CEO|CTO|CFO|COO|oprichter|medeoprichter|founder|co-founder|topman|topvrouw|directeur|director|"
    r"voorzitter|chair|hoofd(?:\s+\w+)?|head(?:\s+of\s+\w+)?|chief\s+\w+\s+officer|onderzoeker|researcher|"
    r"hoogleraar|professor|[\w-]*econoom|economist|[\w-]*analist|analyst|woordvoerder|spokesperson|president|"
    r"[\w-]*expert|[\w-]*specialist|adviseur|advisor|manager|medewerker"
)
_DOMAIN_RE = re.compile(
    r"(?<![\w/@.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:com|net|org|fyi|io|ai|nl|edu|gov|co|uk|de|fr|eu|be|info|news)(?![\w/-])",
    re.IGNORECASE,
)


def is_person_name(name: str) -> bool:
    """``Fabian Dekker`` yes; ``Financial Times``, ``WomenTech Network``, ``Nederlandse AI Coalitie`` no."""
    m = PERSON_RE.fullmatch(name.strip())
    if m is None:
        return False
    words = [w for w in re.split(r"[\s-]+", m.group("name")) if w and w[0].isupper()]
    return not any(w in ORG_WORDS for w in words)


def strip_title(name: str) -> str:
    m = PERSON_RE.fullmatch(name.strip())
    return m.group("name") if m else name.strip()


def squash(text: str) -> str:
    """``text`` with each run of whitespace one space, none at either end."""
    # (what ``re.sub(r"\s+", " ", text).strip()`` gives: ``\s`` is ``str.isspace``; without
    # the regex call, asked for every name read)
    return " ".join(text.split())


@dataclass
class Attribution:
    speaker: str
    kind: str  # Person or Organization
    speaker_span: tuple[int, int]
    affiliation: str | None = None
    affiliation_span: tuple[int, int] | None = None
    role: str | None = None


_AFTER_PREP = re.compile(
    rf"\b(?:bij|van|at|of|for|voor)\s+(?:de\s+|het\s+|the\s+)?(?P<org>(?:{_UP}[\w&/.'’-]*)(?:\s+(?:&\s+|en\s+|voor\s+|van\s+|of\s+|for\s+)?{_UP}[\w&/.'’-]*)*)"
)
_GLUED_ORG = re.compile(rf"\b(?P<org>{_UP}[\w]*[A-Z][\w]*|{_UP}{{2,}}[\w]*)-(?:{ROLE_WORDS})\b")


def _org_in_role(text: str, offset: int) -> tuple[str, tuple[int, int]] | None:
    """The organisation a role phrase names: ``arbeidsmarktexpert bij Stepstone``,
    ``voormalig OpenAI-onderzoeker``; None for ``onafhankelijk econoom``."""
    m = _AFTER_PREP.search(text)
    if m is not None:
        org = m.group("org").rstrip(".,")
        return org, (offset + m.start("org"), offset + m.start("org") + len(org))
    m = _GLUED_ORG.search(text)
    if m is not None:
        return m.group("org"), (offset + m.start("org"), offset + m.end("org"))
    return None


def parse_attribution(text: str, offset: int = 0) -> Attribution | None:
    """Who an attribution after a quote names (``offset`` is where ``text`` starts).

    * ``Willeke Klinker, Nederlandse AI Coalitie`` (may wrap over lines): person, organisation;
    * ``Dr. Tobias Zimmermann, arbeidsmarktexpert bij Stepstone thestepstonegroup.com``: the
      title and the cited domain are dropped, the organisation read from the role;
    * ``Mathijs Bouman, onafhankelijk econoom en journalist``: person with a role, no organisation;
    * ``Financial Times rapport (2023) ft.com``, ``Reuters, parafraserend ...``: a publication.
    """
    # drop cited domains and what follows a full stop ("... reuters.com. (Dit ...")
    cut = len(text)
    if (d := _DOMAIN_RE.search(text)) is not None:
        cut = d.start()
    body = text[:cut].rstrip(" \t\r\n.,;")
    if not body:
        return None
    comma = body.find(",")
    head = body if comma < 0 else body[:comma]
    lead = len(head) - len(head.lstrip())
    head = head.strip()
    rest = "" if comma < 0 else body[comma + 1 :]
    rest_offset = offset + comma + 1
    if head and not is_person_name(head) and (m := _NAME_OF_ORG.fullmatch(head)) and is_person_name(m.group("name")):
        # "Omar Haddad of Lloyds", "Eva Smit van de Universiteit Leiden": the person, and where from
        start = offset + lead
        return Attribution(squash(m.group("name")), "Person", (start + m.start("name"), start + m.end("name")),
                           affiliation=squash(m.group("org")), affiliation_span=(start + m.start("org"), start + m.end("org")))
    if head and is_person_name(head):
        name = strip_title(head)
        name_start = offset + lead + head.index(name)
        attribution = Attribution(squash(name), "Person", (name_start, name_start + len(name)))
        role_text = rest.strip()
        if role_text:
            starts_with_role = re.match(rf"(?:{ROLE_WORDS})\b", role_text, re.IGNORECASE) is not None
            found = None if role_text[0].isupper() and not starts_with_role else _org_in_role(rest, rest_offset)
            if found is not None:
                attribution.affiliation, attribution.affiliation_span = squash(found[0]), found[1]
                attribution.role = squash(role_text)
            elif role_text[0].isupper() and not starts_with_role:
                org_start = rest_offset + (len(rest) - len(rest.lstrip()))
                attribution.affiliation = squash(role_text)
                attribution.affiliation_span = (org_start, org_start + len(rest.strip()))
            else:
                attribution.role = squash(role_text)
        return attribution
    if head and head[0].isupper():
        name = _DESCRIPTORS.sub("", head).strip()
        if not name or not name[0].isupper():
            return None
        start = offset + lead
        return Attribution(squash(name), "Organization", (start, start + len(name)))
    return None


# ------------------------------------------------------------------ registry


@dataclass
class Person:
    name: str
    affiliation: str | None = None
    role: str | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)


_LIST_LINE_BODY = rf"[ \t]*(?P<name>{_WORD}(?:[ \t]+(?:{_PARTICLES}[ \t]+)?{_WORD}){{1,3}})[ \t]*\((?P<inside>[^()\n]+)\)[ \t]*$"
_LIST_LINE = re.compile("^" + _LIST_LINE_BODY, re.MULTILINE)
_LIST_LINES = AtLineStarts(_LIST_LINE_BODY, re.MULTILINE)  # the scan of a document for them
# A name in the appositions, its letters taken possessively where Python has it (3.11): what
# follows them there (a hyphen, whitespace, a comma, the end) is never a lowercase letter, so
# giving letters back never gives a match; it only costs time at every capitalised word.
_POSSESSIVE = "+" if sys.version_info >= (3, 11) else ""
_WORD_OF_NAME = rf"{_UP}{_LOW}+{_POSSESSIVE}(?:-{_UP}{_LOW}+{_POSSESSIVE})?"  # _WORD
_NAME = rf"{_WORD_OF_NAME}(?:\s+(?:{_PARTICLES}\s+)?{_WORD_OF_NAME}){{1,3}}"
# an organisation's words: none after one ending in a full stop (``MIT CSAIL. Bronnen``), nor
# across a blank line (a line wrap inside the name is kept); ``of``/``for``/``van``/``voor de``
# between two of them (``London School of Economics``, ``Office for National Statistics``,
# ``Centraal Bureau voor de Statistiek``, ``Universiteit van Amsterdam``)
_ORG_GAP = r"(?<!\.)(?:[ \t]+|[ \t]*\n[ \t]*)"
_ORG_TOKEN = rf"{_UP}[\w&.]*(?:{_ORG_GAP}(?:(?:of|for|van|voor(?:[ \t]+de)?)[ \t]+)?{_UP}[\w&.]*){{0,3}}"
# "CEO Sam Altman", "hoogleraar arbeidseconomie Ingrid Bakker", "econoom Mark Jansen van de
# Erasmus Universiteit", "Hoogleraar Ingrid Bakker (Universiteit Utrecht)": a role (and a word
# saying of what) before the name, and the organisation after it when one follows
# ``van``/``bij``/``at``/``of``/``from`` or stands in parentheses (the name's words taken as few
# as may be before it, else all the name words there are)
_ROLES_BEFORE_NAMES = (
    "CEO CTO topman oprichter founder hoogleraar professor econoom economist bestuurder directeur director "
    "onderzoeker researcher analist analyst woordvoerder woordvoerster spokesperson voorzitter"
).split()
# (capitalised too: a role may open the sentence, "Hoogleraar Ingrid Bakker")
LONE_ROLES = "|".join(dict.fromkeys([*_ROLES_BEFORE_NAMES, *(role[0].upper() + role[1:] for role in _ROLES_BEFORE_NAMES)]))
# a rank before a role word: "chief analyst", "senior econoom", "lead researcher"
_RANK = r"(?:(?:chief|senior|lead|principal|junior|hoofd|chef)\s+)?"
# the kind of organisation a name follows, with one word before it: "bij het uitzendbureau Randstad",
# "at the consultancy Berenberg", "by the recruitment firm Hays"
ORG_KIND = (
    r"(?:[a-z]+[ -])?(?:firm|consultancy|agency|company|bank|think[ -]tank|start-?up|institute|union|newspaper"
    r"|website|platform|(?:[a-z]*bureau)|bedrijf|instituut|vakbond|denktank|organisatie|krant|vacaturesite)"
)
# "econoom bij de Nederlandsche Bank", "head of research at the Alan Turing Institute", "at the consultancy Berenberg"
_ARTICLE = rf"(?:(?:de|het|the)\s+(?:{ORG_KIND}\s+)?)?"
_ROLE_WITHOUT_ORG = re.compile(
    rf"(?<![\w’'-])(?P<role>(?:{LONE_ROLES})(?:\s+(?!(?:of|van|for|voor|bij|at|de|het|the|and|en)\b){_LOW}+)?)\s+"
    rf"(?P<name>{_WORD_OF_NAME}(?:\s+(?:{_PARTICLES}\s+)?{_WORD_OF_NAME}){{1,3}}?)"
    rf"(?![\w’'-])(?:(?:\s+(?:van|bij|at|of|from)\s+{_ARTICLE}|\s+(?P<parenthesis>\())(?P<org>{_ORG_TOKEN})(?(parenthesis)\))"
    rf"|(?!\s+(?:{_PARTICLES}\s+)?{_WORD_OF_NAME}(?![\w’'-])))"
)
_NAME_OF_ORG = re.compile(rf"(?P<name>{_NAME})\s+(?:of|van|at|bij|from)\s+{_ARTICLE}(?P<org>{_ORG_TOKEN})")
_APPOSITIONS = [
    # "Mark Chen, hoofd onderzoek bij OpenAI" / "Dr. Tobias Zimmermann, een arbeidsmarktexpert bij Stepstone"
    re.compile(rf"(?P<name>{_NAME}),\s+(?:een\s+|de\s+|the\s+|an?\s+)?(?P<role>{_RANK}(?:{ROLE_WORDS})(?:\s+\w+)?)\s+(?:bij|van|at|of)\s+{_ARTICLE}(?P<org>{_ORG_TOKEN})"),
    # "Sam Altman (OpenAI CEO)" / "Sam Altman (de CEO van OpenAI)"
    re.compile(rf"(?P<name>{_NAME})\s+\((?:de\s+|the\s+)?(?P<org>{_ORG_TOKEN})\s+(?P<role>{ROLE_WORDS})\)"),
    re.compile(rf"(?P<name>{_NAME})\s+\((?:de\s+|the\s+)?(?P<role>{ROLE_WORDS})\s+(?:van|of|bij|at)\s+{_ARTICLE}(?P<org>{_ORG_TOKEN})\)"),
    # "Meta-CEO Mark Zuckerberg" / "Meta’s CEO Mark Zuckerberg" / "OpenAI's CEO Sam Altman"
    re.compile(rf"(?P<org>{_UP}[\w]*)(?:-|[’']s\s+)(?P<role>{ROLE_WORDS})\s+(?P<name>{_NAME})"),
    _ROLE_WITHOUT_ORG,
]
_NAME_FIRST = _APPOSITIONS[:3]  # they open with a name, then "," or whitespace and "("
# What follows the name in those three, as far as a role: "," and a role; whitespace, "(" and a
# role with an organisation. Few places hold one (each pattern opens with a literal, which the
# regex engine skips ahead to), where a scan for the names would try every capital.
_APPOSITION_AFTER_NAME = (
    re.compile(rf",\s+(?:een\s+|de\s+|the\s+|an?\s+)?{_RANK}(?:{ROLE_WORDS})"),
    re.compile(
        rf"\((?<=\s\()(?:de\s+|the\s+)?"
        rf"(?:{_ORG_TOKEN}\s+(?:{ROLE_WORDS})\)|(?:{ROLE_WORDS})\s+(?:van|of|bij|at)\s+{_ARTICLE}{_ORG_TOKEN}\))"
    ),
)
# a name that ends where the scan ends (``endpos``: there the string ends), but for whitespace:
# a capital (the class first, so that the regex engine skips ahead to the capitals), then a
# lookbehind over it, holding a lookahead for the name
_NAME_ENDING = re.compile(rf"{_UP}(?<=(?=(?:{_NAME})\s*\Z).)")
# words that may be capitalised at a sentence start but are no first names
NOT_FIRST_NAMES = frozenset("De Het Een Dit Dat Deze Die Volgens Zo Ook Maar En The This That In Op Bij Als".split())


def _split_list_inside(inside: str) -> tuple[str | None, str | None]:
    """``Human Capital Agenda ICT`` -> (org, None); ``senior data scientist, UWV`` -> (UWV, role)."""
    inside = squash(inside)
    if "," in inside:
        role, org = inside.rsplit(",", 1)
        return org.strip(), role.strip()
    if inside[:1].islower():
        return None, inside
    return inside, None


_LONE_ROLE_WORDS = LONE_ROLES.split("|")
_ORG_ROLE = _APPOSITIONS[3]  # "Meta-CEO Mark Zuckerberg"
# what follows the organisation there, from the hyphen or apostrophe on: one pattern for each,
# opening with a literal, so that the regex engine skips ahead to them (a class holding ``’``
# does not), where the whole pattern would try every capital
_AFTER_ORG = tuple(re.compile(rf"{joint}(?:{ROLE_WORDS})\s+") for joint in ("-", r"’s\s+", r"'s\s+"))
_WORD_CHARACTER = re.compile(r"\w")
_CAPITAL = re.compile(_UP)


def _appositions(pattern: re.Pattern[str], text: str, name_starts: list[int]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, tried only where a match can start: for the patterns opening
    with a name, at ``name_starts`` (see :func:`_apposition_name_starts`: one scan for the
    three, which would each try every capital); for the lone-role pattern, which opens with a
    lookbehind that the regex engine would try at every position, where a role word starts
    (found by substring search); for "Org-CEO Name", at the capitals of the word before a
    hyphen or apostrophe that a role follows."""
    if any(pattern is name_first for name_first in _NAME_FIRST):
        yield from _matches_from(pattern, text, name_starts)
    elif pattern is _ROLE_WITHOUT_ORG:
        # (the lookbehind still sees the text before a role word)
        yield from _matches_from(pattern, text, positions(text, _LONE_ROLE_WORDS))
    elif pattern is _ORG_ROLE:
        yield from _matches_from(pattern, text, _org_role_starts(text))
    else:
        yield from pattern.finditer(text)


def _org_role_starts(text: str) -> list[int]:
    """Where an "Org-CEO Name" match may start: the organisation is a capital and the word
    characters after it up to the hyphen or apostrophe (every capital of the word before one
    that a role follows, since the organisation may begin inside a word: ``xMeta-CEO``)."""
    starts: set[int] = set()
    for after_org in _AFTER_ORG:
        hit = after_org.search(text)
        while hit is not None:  # every place one starts, also inside an earlier one ("X-AI-CEO")
            at = hit.start()
            while at > 0 and _WORD_CHARACTER.match(text, at - 1):
                at -= 1
            starts.update(i for i in range(at, hit.start()) if _CAPITAL.match(text, i))
            hit = after_org.search(text, hit.start() + 1)
    return sorted(starts)


def _apposition_name_starts(text: str) -> list[int]:
    """Where the names of the appositions that open with one may start, in order: the places
    where a name ends right before what follows it in one of them (``_APPOSITION_AFTER_NAME``).
    Among them are all the places where one of those patterns matches (a name that ends there
    can start only after the last full stop or comma before it: the scans stay apart)."""
    ends = sorted(m.start() for after_name in _APPOSITION_AFTER_NAME for m in after_name.finditer(text))
    starts: list[int] = []
    previous = 0
    for end in ends:
        since = max(previous, text.rfind(".", previous, end) + 1, text.rfind(",", previous, end) + 1)
        starts.extend(m.start() for m in _NAME_ENDING.finditer(text, since, end))
        previous = end
    return starts


def registry(text: str) -> dict[str, Person]:
    """The people a document names with their organisations, by full name."""
    # several extractors ask for the same document's registry: read it once, hand out copies
    return {name: Person(p.name, p.affiliation, p.role, list(p.spans)) for name, p in _registry(text).items()}


@lru_cache(maxsize=8)
def _registry(text: str) -> dict[str, Person]:
    people: dict[str, Person] = {}

    def add(name: str, org: str | None, role: str | None, span: tuple[int, int]) -> None:
        name = squash(name)
        if name.split()[0] in NOT_FIRST_NAMES or not is_person_name(name):
            return
        person = people.setdefault(name, Person(name))
        if org and not person.affiliation:
            person.affiliation = squash(org)
        if role and not person.role:
            # (a role opening the sentence is written capitalised: "Hoogleraar", not "CEO")
            person.role = squash(role[0].lower() + role[1:] if role[1:2].islower() else role)
        person.spans.append(span)

    for m in _LIST_LINES.matches(text):
        org, role = _split_list_inside(m.group("inside"))
        add(m.group("name"), org, role, m.span("name"))
    name_starts = _apposition_name_starts(text)
    for pattern in _APPOSITIONS:
        for m in _appositions(pattern, text, name_starts):
            add(m.group("name"), (m.group("org") or "").rstrip(".") or None, m.group("role"), m.span("name"))
    return people


def resolve(name: str, people: dict[str, Person]) -> str:
    """A full name for ``name``: ``Chen`` -> ``Mark Chen`` when the document names him."""
    name = squash(name)
    if name in people:
        return name
    candidates = [full for full in people if full.split()[-1] == name or full.endswith(" " + name)]
    return candidates[0] if len(candidates) == 1 else name


# a capitalised phrase (see ``publication_of_domain``) from one of its words on: the word (a
# capital or digit not after a word character, then word characters) and the capitalised words
# after it; its ``split()`` are the phrase's words from that one on
_PHRASE_FROM_WORD = re.compile(rf"[\w]*(?:\s+{_UP}[\w]*)*")
# the characters a capitalised phrase's word starts with
_PHRASE_INITIALS = [chr(c) for c in (*range(ord("A"), ord("Z") + 1), *range(0xC0, 0xD7), *range(0xD8, 0xDF))]


@lru_cache(maxsize=256)
def publication_of_domain(text: str, domain: str) -> str:
    r"""``signalfire.com`` -> ``SignalFire`` when the text names it so; else the domain.

    The text's capitalised phrases (``(?<!\w)(?:{_UP}|\d)[\w]*(?:\s+{_UP}[\w]*)*``) are read
    for the first word, in text order, from which the lowercased words of its phrase join to the
    domain's label; the answer is the phrase from that word on."""
    label = domain.lower().split(".")[-2] if domain.count(".") >= 1 else domain.lower()
    if label in ("www", "m", "news") and domain.count(".") >= 2:
        label = domain.lower().split(".")[-2]
    # only a word that is itself a start of the label can begin the join: the words whose first
    # character can start it are tried, found by one scan of the text for all labels opening so
    for at in _phrase_words_opening(text, label[:1]):
        words = _PHRASE_FROM_WORD.match(text, at).group().split()
        if words[0].islower():  # "3m": the join may not begin with it
            continue
        joined = ""
        for word in words:
            joined += word.lower()
            if joined == label:
                return " ".join(words)
            if not label.startswith(joined):
                break
    return domain


@lru_cache(maxsize=64)
def _phrase_words_opening(text: str, letter: str) -> list[int]:
    """Where the words of ``text``'s capitalised phrases start whose first character, lowercased,
    is ``letter`` (every such word is a run of word characters after none, opening with a
    capital or digit). Read once for all the domains of a document whose labels start alike."""
    initials = [c for c in _PHRASE_INITIALS if c.lower() == letter]
    if letter and re.fullmatch(r"\d", letter):
        initials.append(letter)
    if not initials:
        return []
    # the class first, so that the regex engine skips ahead to those characters, then a
    # lookbehind over it and the character before (at the text's start, none: it fails)
    cls = "[" + "".join(re.escape(c) for c in initials) + "]"
    return [m.start() for m in re.finditer(rf"{cls}(?<!\w{cls})", text)]


# ------------------------------------------------------------------ mentions


def mention(label: str, start: int, end: int, kind: str, field_name: str | None = None,
            affiliation: str | None = None, role: str | None = None) -> dict:
    """One mention record (see ``Claim.mentions``)."""
    record = {"label": label, "start": start, "end": end, "kind": kind}
    if field_name:
        record["field"] = field_name
    if affiliation:
        record["affiliation"] = affiliation
    if role:
        record["role"] = role
    return record


_NAME_BORDER = re.compile(r"[\w-]")  # no mention starts after one; no person's ends before one
_ORG_BORDER = re.compile(r"\w")  # an organisation's mention never ends before one
_SPACES = re.compile(r"\s+")


def _phrase_spans(
    label: str, text: str, starts: dict[str, list[int]], border: re.Pattern[str]
) -> Iterator[tuple[int, int]]:
    r"""The spans of ``label`` as a whole phrase, in order and not overlapping: its words with
    any whitespace between them (line wraps), not after a word character or hyphen, not before
    a character ``border`` matches. Tried only where its first word occurs (``starts``, see
    :func:`_word_starts`) and read word by word: the spans ``re.finditer`` would give for
    ``(?<![\w-])word\s+word...(?!border)``, without compiling a pattern for each label (the
    whitespace is greedy, and a word never starts with whitespace, so it never gives any back)."""
    words = label.split()
    if not words:  # no label is blank; for one, what the pattern would match
        yield from (m.span() for m in re.finditer(rf"(?<![\w-])(?!{border.pattern})", text))
        return
    resume = 0  # where the last span ends: none overlaps it
    for at in starts[words[0]]:
        if at < resume or (at > 0 and _NAME_BORDER.match(text, at - 1)):
            continue
        end = _phrase_end(words, text, at)
        if end is not None and not border.match(text, end):
            yield at, end
            resume = end


def _phrase_end(words: list[str], text: str, at: int) -> int | None:
    """Where ``words`` end, read from ``at`` (where the first occurs) with whitespace between
    them; None when they are not there."""
    end = at + len(words[0])
    for word in words[1:]:
        space = _SPACES.match(text, end)
        if space is None or not text.startswith(word, space.end()):
            return None
        end = space.end() + len(word)
    return end


# up to this many words a ``str.find`` scan of the document for each costs less than one regex
# scan for all (measured on documents of 93 kB: a scan for one word ~2.5 instructions a
# character, the regex scan, which stops at every capital, ~60 whatever the number of words)
_FEW_WORDS = 16


def _word_starts(text: str, words: Iterable[str]) -> dict[str, list[int]]:
    """Where each of ``words`` (not empty) starts in ``text``: every occurrence, also
    overlapping ones, in order. For a few words their :func:`prefilter.occurrences` (kept
    lists: not to be changed); for more, one regex scan for all of them (from each place one
    starts, the next)."""
    starts: dict[str, list[int]] = {word: [] for word in words}
    if len(starts) <= _FEW_WORDS:
        return {word: occurrences(text, word) for word in starts}
    by_first: dict[str, list[str]] = {}
    for word in starts:
        by_first.setdefault(word[0], []).append(word)
    search = re.compile("|".join(re.escape(word) for word in sorted(starts, key=len, reverse=True))).search
    m = search(text)
    while m is not None:
        at = m.start()
        for word in by_first[text[at]]:  # the word matched, and any other starting here too
            if text.startswith(word, at):
                starts[word].append(at)
        m = search(text, at + 1)
    return starts


def _matches_from(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern that can match only at ``starts`` (in order)."""
    resume = 0  # where the last match ends: no match overlaps it
    for at in starts:
        if at < resume:
            continue
        m = pattern.match(text, at)  # a lookbehind still sees the text before ``at``
        if m is not None:
            yield m
            resume = m.end() if m.end() > at else at + 1


class _TakenSpans:
    """The spans of the mentions found so far, to ask whether a new one falls on one of them
    by bisection instead of a scan of all (a span starts at most ``longest`` before a point it holds)."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []  # in the order of ``_starts``
        self._longest = 0

    def add(self, start: int, end: int) -> None:
        i = bisect_right(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)
        self._longest = max(self._longest, end - start)

    def _near(self, start: int, end: int) -> range:
        """Indexes of the spans that start after ``start - longest`` and before ``end``."""
        return range(bisect_right(self._starts, start - self._longest), bisect_left(self._starts, end))

    def holds(self, point: int) -> bool:
        return any(point < self._ends[i] for i in self._near(point, point + 1))

    def overlaps(self, start: int, end: int) -> bool:
        return any(start < self._ends[i] for i in self._near(start, end))


def _first_word(phrase: str) -> str:
    return next(iter(phrase.split()), "")


def find_mentions(doc: SegmentedDocument) -> list[dict]:
    """Every occurrence of a person (full name or lone surname) or organisation the
    document's appositions and lists name; the organisations of the people too."""
    text = doc.text
    people = registry(text)
    found: dict[tuple[int, int], dict] = {}
    taken = _TakenSpans()  # the spans of ``found``
    surnames: dict[str, str] = {}
    for name in people:
        last = name.split()[-1]
        surnames[last] = name if last not in surnames else ""  # ambiguous surname: no short form
    orgs = sorted({p.affiliation for p in people.values() if p.affiliation}, key=len, reverse=True)
    # where every name, surname and organisation may start, found by one scan of the document
    anchors = {name.split()[0] for name in people} | {last for last, name in surnames.items() if name}
    starts = _word_starts(text, (anchors | {_first_word(org) for org in orgs}) - {""})
    for name, person in people.items():
        for span in _phrase_spans(name, text, starts, _NAME_BORDER):
            found[span] = mention(name, *span, "Person", affiliation=person.affiliation, role=person.role)
            taken.add(*span)
    for last, name in surnames.items():
        if not name:
            continue
        for span in _phrase_spans(last, text, starts, _NAME_BORDER):
            if not taken.holds(span[0]):
                found[span] = mention(name, *span, "Person", affiliation=people[name].affiliation)
                taken.add(*span)
    for org in orgs:
        for span in _phrase_spans(org, text, starts, _ORG_BORDER):
            if not taken.overlaps(*span):
                found[span] = mention(org, *span, "Organization")
                taken.add(*span)
    from kg.extracting import experts  # experts uses this module's patterns

    for member in experts.members(text):
        record = found.get((member.start, member.end))
        if record is not None:
            record["group"] = member.group
    return [found[k] for k in sorted(found)]


def attach_mentions(doc: SegmentedDocument, claims: list[Claim]) -> None:
    """Give each mention to one claim: the shortest claim containing it, else the
    nearest claim in its sentence; a mention a claim already has is not added twice."""
    if not claims:
        return
    # candidates by bisection: a claim starts at most ``longest`` characters before it ends;
    # the sort is stable, so claims with the same span stay in order and ``min`` picks as before
    by_start = sorted(claims, key=lambda c: c.start)
    starts = [c.start for c in by_start]
    longest = max(c.end - c.start for c in claims)
    for record in find_mentions(doc):
        start, end = record["start"], record["end"]
        candidates = by_start[bisect_left(starts, end - longest) : bisect_right(starts, start)]
        containing = [c for c in candidates if end <= c.end]
        if containing:
            owner = min(containing, key=lambda c: (c.end - c.start, c.start))
        else:
            sentence = doc.sentence_at(start)
            if sentence is None:
                continue
            candidates = by_start[bisect_right(starts, sentence.start - longest) : bisect_left(starts, sentence.end)]
            near = [c for c in candidates if sentence.start < c.end]
            if not near:
                continue
            owner = min(near, key=lambda c: (abs(c.start - start), c.start))
        if not any(m["start"] == start and m["end"] == end for m in owner.mentions):
            owner.mentions.append(record)
