"""Quotes: ``Quote`` claims for words in quotation marks attributed to a person,
organisation or publication.

Span convention: the quoted words without the quotation marks (they may run over
several sentences and line wraps). ``speaker`` is a person's full name or an
organisation/publication; ``affiliation`` the organisation the attribution (or,
failing that, the document elsewhere) gives the person.

Quotation marks: ``“...”``, ``„...”``, ``"..."`` and, only with an attribution
right beside them, ``‘...’``; never across a blank line.

Attribution rules, tried in this order

1. **Dash after**: ``“...”– Name, Organisation`` / ``“...” – Name, role bij Org
   domain.com``; the attribution continues on the next line when its line ends in
   a comma or dash, or when the next line is short and ends the paragraph (PDF
   wraps: ``Anna Salomons, Tilburg`` / ``University & Universiteit Utrecht``).
2. **Verb after**: ``“...”, zei Name`` / ``“...”, aldus Name`` / ``“...” said Name``;
   in English also the speaker first: ``"...," she said`` / ``"...," Maria Lopez said``.
3. **Lead-in before**, in the same sentence: ``Name merkt op: “...”``,
   ``Zoals een analist opmerkte: “...”``, ``X vat het zo samen: “...”``,
   ``Volgens Reuters “...”``, ``X merkte op dat “...”``, ``Name said: "..."``.
4. **Next sentence names it**: ``“...” (Dat levendige citaat is van Name, ...)``,
   ``This quote is from Name``.
5. **Continued**: a quote that opens its sentence within 300 characters after an attributed
   one, in the same paragraph with no other quotation mark between, goes on with it and has
   its speaker (``“...,” said Priya Raman, chief economist. “Employers now want ...”``).
6. **Cited publication**: a substantial quote directly followed by a source domain
   (``“...” linkedin.com``) is the publication's (``LinkedIn`` when the text names it).

Not quotes: scare quotes (fewer than four words and no verb: ``“Prompt
Engineer”``, ``‘robots’``, ``“waanzinnige”``), sayings (``Zoals het gezegde
luidt: “...”``) and quoted words nobody is said to have said.

A pronoun as speaker (``zegt hij``, ``Zij zei:``) stands for the person named last before
the quote: one the document introduces with a role (``econoom Mark Jansen``, ``Mark Chen,
hoofd onderzoek bij OpenAI``) within 600 characters, else a person's name in the 200
characters before it.

Known weaknesses: a pronoun's antecedent is the last person named, whoever the text
means; nested quotations are read as one; anonymous speakers (``een tech-recruiter``)
are kept as written, so all such speakers of a kind share one node.
"""

from __future__ import annotations

import re
from itertools import islice

from kg.extracting import people
from kg.extracting.prefilter import Prefiltered
from kg.model import Quote, SegmentedDocument

NAME = "quotes"
VERSION = "0.3.1"

_PAIRS = {"“": "”", "„": "”", '"': '"', "‘": "’"}
_OPEN = re.compile(r"[“„\"‘]")
_OPEN_MARKS = tuple(re.compile(re.escape(mark)) for mark in _PAIRS)  # the marks of ``_OPEN``, one by one
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_MAX_QUOTE = 2000
_TOKEN = re.compile(r"[\w’'-]+")

_VERB_WORDS = frozenset(
    """
    is zijn was waren wordt worden werd werden heeft hebben had hadden kan kunnen kon konden zal zullen
    zou zouden moet moeten mag mogen wil willen gaat gaan ging blijft blijven bleek blijkt komt komen
    maakt maken doet doen krijgt krijgen biedt bieden staat staan ligt liggen betekent vergroot
    are were be been has have can could will would should must may might does do did gets make makes
    """.split()
)
# English verbs of saying that follow their speaker too (``"...," she said``)
_SAID = r"said|says|noted|notes|wrote|writes|told|argued|argues|added|adds|warned|warns"
_SPEECH = (
    r"zei|zegt|zeggen|stelt|stelde|aldus|merkt(?:e)?\s+(?:\w+\s+){0,2}op|opmerkte|opmerkt|adviseert|adviseerde|"
    r"schreef|schrijft|omschreef|omschrijft|beschreef|vat(?:te)?\s+het\s+(?:zo\s+)?samen|verwoordt|verwoordde|"
    r"vertelde|vertelt|benadrukt|benadrukte|waarschuwt|waarschuwde|concludeert|concludeerde|luidt|"
    rf"{_SAID}|put\s+it|observed|observes"
)
# the cues looked for in every lead-in (this one, ``_SUBJECT_VERB``, ``_WAARIN``) are checked
# first for the words they need (see prefilter): most lead-ins hold none. (Not ``_ZOALS``: it
# fails about as fast on its own as that check does.)
_NOT_SPEAKERS = Prefiltered(re.compile(r"\b(?:gezegde|spreekwoord|saying|proverb|motto|uitdrukking|expression|term)\b", re.IGNORECASE))
_ARTICLE = re.compile(r"^(?:een|één|de|het|a|an|the|one)\s+", re.IGNORECASE)

_DASH_AFTER = re.compile(r"[.,]?[ \t]*\r?\n?[ \t]*[–—-][ \t]*")
_VERB_AFTER = re.compile(
    rf"[,.]?\s*(?:{_SPEECH})\s+(?P<spk>(?:(?:Dr|Prof)\.\s+)?[A-ZÀ-Þ][^.;:()“”\"\n]{{1,120}})", re.IGNORECASE
)
# English puts the speaker first: ``"...," she said`` / ``"...," Maria Lopez said``
_SPEAKER_THEN_VERB = re.compile(
    rf"[,.]?[ \t]*(?P<spk>[Hh]e|[Ss]he|[A-ZÀ-Þ][\w’'-]+(?:[ \t]+[A-ZÀ-Þ][\w’'-]+){{1,3}})[ \t]+(?:{_SAID})\b"
)
_ZOALS = re.compile(
    rf"(?:^|[\s(])(?:zoals|as)\s+(?P<spk>[^,:“”\"]{{2,80}}?)\s+(?:het\s+|it\s+)?(?:{_SPEECH})(?:\s+dat)?\s*[:,]?\s*(?:[^“”\"]{{0,200}})$",
    re.IGNORECASE,
)
_SUBJECT_VERB = Prefiltered(re.compile(
    rf"(?:^|[.;:]\s+|\s)(?P<spk>(?:(?:Dr|Prof)\.\s+)?(?:[A-ZÀ-Þ]|een\s|één\s|de\s|het\s)[^.;:“”\"]{{1,80}}?)\s*,?\s+(?:{_SPEECH})(?:\s+dat)?\s*:?\s*$",
))
_VOLGENS = re.compile(
    r"(?:^|\s)(?i:volgens|according\s+to)\s+(?P<spk>(?:(?:Dr|Prof)\.\s+)?(?:[A-ZÀ-Þ][\w.&-]*\s*){1,4}|(?:een|de|het|a|the)\s+[\w-]+)\s*,?\s*$"
)
_WAARIN = Prefiltered(re.compile(r"(?:waarin|in\s+which|where)\s+(?:werd\s+)?(?:opgemerkt|gesteld|gezegd|noted|said|stated)\s+(?:dat|that)\s*$", re.IGNORECASE))
_CITAAT_VAN = re.compile(
    r"^[^“”\"]{0,40}?(?:dat|dit|het|the|this)\s+(?:\w+\s+)?(?:citaat|quote)\s+(?:is|was|komt)\s+(?:afkomstig\s+)?(?:van|from|by)\s+(?P<att>[^.()]{2,160})",
    re.IGNORECASE,
)
_LEAD_INS: tuple[re.Pattern[str] | Prefiltered, ...] = (_VOLGENS, _ZOALS, _SUBJECT_VERB)  # rule 3, in this order
_DOMAIN_AFTER = re.compile(r"\s*(?P<dom>(?:[a-z0-9-]+\.)+(?:com|net|org|fyi|io|ai|nl|edu|gov|co|uk|de|fr|eu|be|info|news))(?![\w/-])", re.IGNORECASE)
# (in _clean_np, _speaker_from_np and extract)
_ZOALS_WORD = re.compile(r"(?:zoals|as)\s+", re.IGNORECASE)
_QUANTIFIER = re.compile(r"(?:dozijn|aantal|paar|groep|handvol|dozen|number of|group of|few)\s+", re.IGNORECASE)
_COMPOUND_WITH_LOWERCASE = re.compile(r"\w+-[a-z]")
_UP_TO_COMMA = re.compile(r"[^,(]+")
_HEAD_NOUN = re.compile(r"[\w-]+(?:\s+(?:op|bij|van|at|on|of)\s+[A-ZÀ-Þ][\w]*(?:\s+[A-ZÀ-Þ][\w]*)*)?")
_CAPITALISED_ORG = re.compile(r"(?P<org>[A-ZÀ-Þ][\w]*(?:\s+[A-ZÀ-Þ][\w]*)*)(?:-\w+)?")
_NAME_BEFORE_PARENTHESIS = re.compile(r"(?P<spk>[A-ZÀ-Þ][\w]*(?:\s+[A-ZÀ-Þ][\w]*)*)\s+\(")
_LEADING_DOMAIN = re.compile(r"^\s*(?:[a-z0-9-]+\.)+[a-z]{2,}\s*")
_DESCRIPTOR_NP = re.compile(
    r"(?P<org>[A-ZÀ-Þ0-9][\w]*(?:\s+[A-ZÀ-Þ][\w]*)*)(?:-|\s+)(?:rapport|report|nieuwsbrief|newsletter|artikel|article|analyse|analysis|onderzoek|study|survey|blog)\b"
)


def _opening_marks(text: str) -> list[int]:
    """Where ``_OPEN`` matches in ``text``, in order: one scan for each mark, which the regex
    engine skips ahead to (it does not skip ahead to a class holding these marks)."""
    return sorted(m.start() for mark in _OPEN_MARKS for m in mark.finditer(text))


def _quoted_spans(text: str) -> list[tuple[int, int, int, int]]:
    """(open, inner start, inner end, close end) of each quotation, in order."""
    spans: list[tuple[int, int, int, int]] = []
    pos = 0  # where the last quotation closes: the next opening mark is looked for after it
    for at in _opening_marks(text):
        if at < pos:
            continue
        opener, after = text[at], at + 1
        if opener == "‘" and text[at - 1 : at].isalnum():
            continue
        closer = _PAIRS[opener]
        close = text.find(closer, after, after + _MAX_QUOTE)
        if opener == "“":  # a curly quote may close with a straight one in sloppy text
            straight = text.find('"', after, close if close >= 0 else after + _MAX_QUOTE)
            nested_open = text.find("“", after, close if close >= 0 else after)
            if nested_open >= 0:  # an unclosed opening quote: skip it
                continue
            if close < 0 and straight >= 0:
                close = straight
        if close < 0 or _BLANK_LINE.search(text, after, close):
            continue
        inner_start, inner_end = after, close
        while inner_start < inner_end and text[inner_start].isspace():
            inner_start += 1
        while inner_end > inner_start and text[inner_end - 1].isspace():
            inner_end -= 1
        if inner_end > inner_start:
            spans.append((at, inner_start, inner_end, close + 1))
        pos = close + 1
    return spans


def _substantial(words: str) -> bool:
    """Four words or more, or a verb: not a scare-quoted term."""
    tokens = [m.group() for m in islice(_TOKEN.finditer(words), 4)]  # (no more needed)
    if len(tokens) >= 4:
        return True
    return any(t.lower() in _VERB_WORDS for t in tokens)


def _dash_attribution(text: str, close_end: int) -> tuple[str, int] | None:
    """Rule 1: the attribution text after a dash, with its line wraps, and its offset."""
    m = _DASH_AFTER.match(text, close_end)
    if m is None:  # (a match holds its dash)
        return None
    start = m.end()
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    for _ in range(2):  # at most two wrapped lines
        line = text[start:end].rstrip()
        nxt_start = end + 1
        if nxt_start >= len(text):
            break
        nxt_end = text.find("\n", nxt_start)
        nxt_end = len(text) if nxt_end < 0 else nxt_end
        nxt = text[nxt_start:nxt_end].strip()
        after_end = text.find("\n", nxt_end + 1)
        after = text[nxt_end + 1 : after_end if after_end >= 0 else len(text)].strip()
        if not nxt:
            break
        wrapped = (not line.strip() or line.endswith((",", "–", "-"))) or (len(nxt) <= 45 and not after)
        if not wrapped or nxt.startswith(("- ", "• ", "◼", "“")):
            break
        end = nxt_end
    att = text[start:end]
    # inline attributions end at the comment after them: "... reuters.com. (Dit ..."
    return att[: _comment_start(att)], start


# where an attribution's comment starts: a full stop (not of a title) before a capital or a
# parenthesis, or a whitespace before "(Dit"/"(This"; each opening with a literal, which the
# regex engine skips ahead to (one alternation of both would try every position)
_FULL_STOP_BEFORE_COMMENT = re.compile(r"\.(?<!\bDr\.)(?<!\bProf\.)\s+[(A-Z]")
_COMMENT_IN_PARENTHESES = re.compile(r"\((?<=\s\()(?:Dit|This)\b")


def _comment_start(att: str) -> int:
    """Where the comment after an attribution starts (the leftmost match of either pattern
    above: where their alternation would match), else the attribution's length."""
    stop = len(att)
    if (m := _FULL_STOP_BEFORE_COMMENT.search(att)) is not None:
        stop = m.start()
    if (m := _COMMENT_IN_PARENTHESES.search(att)) is not None:
        stop = min(stop, m.start() - 1)  # (from the whitespace before the parenthesis)
    return stop


def _clean_np(np: str, offset: int) -> tuple[str, int]:
    """Strip articles and quantifiers: ``een dozijn insiders aan Reuters`` -> ``insiders aan Reuters``."""
    stripped = np.strip()
    offset += len(np) - len(np.lstrip())
    if (m := _ZOALS_WORD.match(stripped)) is not None:
        stripped, offset = stripped[m.end() :], offset + m.end()
    while (m := _ARTICLE.match(stripped)) is not None:
        stripped, offset = stripped[m.end() :], offset + m.end()
    if (m := _QUANTIFIER.match(stripped)):
        stripped, offset = stripped[m.end() :], offset + m.end()
    return stripped, offset


def _speaker_from_np(np: str, offset: int, doc_text: str, cited: str | None, registry: dict) -> people.Attribution | None:
    """A speaker from a noun phrase in running text (``Dr. Tobias Zimmermann, een
    arbeidsmarktexpert bij Stepstone``, ``Het SignalFire rapport``, ``een analyse``)."""
    if _NOT_SPEAKERS.search(np):
        return None
    if (attribution := people.parse_attribution(np, offset)) is not None and attribution.kind == "Person":
        return attribution
    if (named := _registered_in(registry, offset, offset + len(np))) is not None:
        return named  # a role before the name: "bestuurder Petra de Wit"
    phrase, start = _clean_np(np, offset)
    if not phrase:
        return None
    if (m := _DESCRIPTOR_NP.match(phrase)) is not None:
        org = m.group("org")
        return people.Attribution(org, "Organization", (start + m.start("org"), start + m.end("org")))
    first = phrase.split()[0]
    if first[0].isupper() and not _COMPOUND_WITH_LOWERCASE.match(first):  # not "Reddit-gebruiker"
        name = _UP_TO_COMMA.match(phrase).group().strip()
        resolved = people.resolve(name, registry)
        kind = "Person" if resolved in registry or people.is_person_name(name) else "Organization"
        return people.Attribution(resolved, kind, (start, start + len(name)))
    if first.lower() in people.DOCUMENT_NOUNS or phrase.split()[-1].lower() in people.DOCUMENT_NOUNS:
        if cited is None:
            return None
        name = people.publication_of_domain(doc_text, cited)
        return people.Attribution(name, "Organization", (start, start + len(phrase)))
    # an anonymous person: "tech-recruiter", "Reddit-gebruiker", "commentator op Hacker News";
    # the head noun and a place it writes in; objects, recipients and adverbs dropped
    head = _HEAD_NOUN.match(phrase)
    phrase = head.group() if head else phrase
    attribution = people.Attribution(phrase, "Person", (start, start + len(phrase)))
    org = _CAPITALISED_ORG.search(phrase)
    if org is not None:
        attribution.affiliation = org.group("org")
        attribution.affiliation_span = (start + org.start("org"), start + org.end("org"))
    return attribution


def _registered_in(registry: dict[str, people.Person], start: int, end: int) -> people.Attribution | None:
    """The person of the document's registry named in ``text[start:end]``, if one is."""
    for person in registry.values():
        for at, to in person.spans:
            if start <= at and to <= end:
                return _attribution_of(person, (at, to))
    return None


def _attribution_of(person: people.Person, span: tuple[int, int]) -> people.Attribution:
    """``person`` of the registry as the speaker named at ``span``, with what the registry knows of them."""
    return people.Attribution(person.name, "Person", span, person.affiliation, None, person.role)


# a pronoun said to speak (``zegt hij``, ``Zij zei:``): who it stands for is the person the
# document's registry names last before the quote, within _ANTECEDENT_REACH characters, else
# the last person's name (two or more capitalised words, no organisation's) in the
# _NAME_REACH characters before it
_PRONOUNS = frozenset({"hij", "zij", "ze", "he", "she"})
_ANTECEDENT_REACH = 600
_NAME_REACH = 200


def _antecedent(text: str, registry: dict[str, people.Person], before: int) -> people.Attribution | None:
    """The person a pronoun speaking at ``before`` stands for, if the text before names one."""
    best: tuple[int, int, people.Person] | None = None
    for person in registry.values():
        for at, to in person.spans:
            if before - _ANTECEDENT_REACH <= at and to <= before and (best is None or at > best[0]):
                best = (at, to, person)
    if best is not None:
        at, to, person = best
        return _attribution_of(person, (at, to))
    names = [
        m for m in people.PERSON_RE.finditer(text, max(0, before - _NAME_REACH), before)
        if people.is_person_name(m.group()) and m.group("name").split()[0] not in _NOT_FIRST_NAMES
    ]
    if not names:
        return None
    name = names[-1]
    return people.Attribution(people.resolve(name.group("name"), registry), "Person", name.span("name"))


# capitalised at a sentence's start, no first name (nor the pronoun itself)
_NOT_FIRST_NAMES = people.NOT_FIRST_NAMES | {"Hij", "Zij", "He", "She"}


def _cited_after(text: str, close_end: int) -> str | None:
    m = _DOMAIN_AFTER.match(text, close_end)
    return m.group("dom").lower() if m else None


def extract(doc: SegmentedDocument) -> list[Quote]:
    text = doc.text
    registry = people.registry(text)
    claims: list[Quote] = []
    previous_end = 0
    previous: tuple[Quote, int] | None = None  # the last quote taken, and where its closing mark ends
    for open_at, start, end, close_end in _quoted_spans(text):
        words = text[start:end]
        if not _substantial(words):  # a scare-quoted term: no claim, whoever said it
            continue
        cited = _cited_after(text, close_end)
        sentence = doc.sentence_at(open_at)
        sentence_start = sentence.start if sentence else max(0, open_at - 300)
        lead_start = max(sentence_start, previous_end)
        lead = text[lead_start:open_at]
        attribution: people.Attribution | None = None
        how = ""
        if (found := _dash_attribution(text, close_end)) is not None:
            attribution, how = people.parse_attribution(*found), "dash"
        if attribution is None and (m := _VERB_AFTER.match(text, close_end, min(len(text), close_end + 120))):
            attribution = _speaker_from_np(m.group("spk"), m.start("spk"), text, cited, registry)
            how = "verb-after"
        if attribution is None and (m := _SPEAKER_THEN_VERB.match(text, close_end, min(len(text), close_end + 80))):
            attribution = _speaker_from_np(m.group("spk"), m.start("spk"), text, cited, registry)
            how = "verb-after"
        if attribution is None and _NOT_SPEAKERS.search(lead[-60:]) is None:
            for pattern in _LEAD_INS:
                if (m := pattern.search(lead)) is not None:
                    attribution = _speaker_from_np(m.group("spk"), lead_start + m.start("spk"), text, cited, registry)
                    how = "lead-in"
                    if attribution is not None:
                        break
            if attribution is None and _WAARIN.search(lead):
                before = text[max(0, lead_start - 1) : open_at]
                if (m := _NAME_BEFORE_PARENTHESIS.search(before)) is not None:
                    attribution = _speaker_from_np(m.group("spk"), max(0, lead_start - 1) + m.start("spk"), text, cited, registry)
                    how = "lead-in"
        if attribution is None:
            after = _LEADING_DOMAIN.sub("", text[close_end : close_end + 60])
            tail_start = close_end + (len(text[close_end : close_end + 60]) - len(after))
            after = text[tail_start : tail_start + 260]
            if (m := _CITAAT_VAN.match(after)) is not None:
                attribution = people.parse_attribution(m.group("att"), tail_start + m.start("att"))
                how = "next-sentence"
        if attribution is None and (same := _continued(text, previous, open_at, lead)) is not None:
            claims.append(Quote.at(doc.document, start, end, speaker=same.speaker, affiliation=same.affiliation,
                                   mentions=same.mentions))  # fmt: skip
            previous = (claims[-1], close_end)
            previous_end = close_end
            continue
        if attribution is None and cited is not None and len(words.split()) >= 6:  # (words are _substantial)
            name = people.publication_of_domain(text, cited)
            dom = _DOMAIN_AFTER.match(text, close_end)
            attribution = people.Attribution(name, "Organization", dom.span("dom"))
            how = "cited"
        if attribution is None:
            continue
        if attribution.speaker.lower() in _PRONOUNS:
            attribution = _antecedent(text, registry, open_at) or attribution
        if how != "dash" and text[open_at] == "‘" and len(words.split()) < 6:
            continue
        speaker = people.resolve(attribution.speaker, registry) if attribution.kind == "Person" else attribution.speaker
        affiliation = attribution.affiliation
        if affiliation is None and speaker in registry:
            affiliation = registry[speaker].affiliation
        mentions = [people.mention(speaker, *attribution.speaker_span, attribution.kind, "speaker", affiliation, attribution.role)]
        if attribution.affiliation_span is not None and affiliation:
            mentions.append(people.mention(affiliation, *attribution.affiliation_span, "Organization", "affiliation"))
        claims.append(Quote.at(doc.document, start, end, speaker=speaker, affiliation=affiliation, mentions=mentions))
        previous = (claims[-1], close_end)
        previous_end = close_end
    doc.remember("quotes.spans", [(c.start, c.end) for c in claims])
    doc.remember("quotes.speakers", _people_speaking(claims))
    return claims


def _people_speaking(quotes: list[Quote]) -> list[tuple[int, int, str]]:
    """(start, end, speaker) of those of ``quotes`` that a person said."""
    return [(q.start, q.end, q.speaker) for q in quotes
            if any(m["field"] == "speaker" and m["kind"] == "Person" for m in q.mentions)]  # fmt: skip


def speakers(doc: SegmentedDocument) -> list[tuple[int, int, str]]:
    """(start, end, speaker) of the quotes ``extract(doc)`` gives that a person said."""
    return doc.memo("quotes.speakers", lambda: _people_speaking(extract(doc)))


_CONTINUATION_REACH = 300  # characters from a quote's close to the next quote that goes on with it


def _continued(text: str, previous: tuple[Quote, int] | None, open_at: int, lead: str) -> Quote | None:
    """The quote that a quote with no attribution of its own goes on with: the last one,
    when this one opens its sentence in the same paragraph shortly after it (``“...,” said
    Name, role. “More words.”``)."""
    if previous is None or lead.strip():
        return None
    quote, close_end = previous
    between = text[close_end:open_at]
    if len(between) > _CONTINUATION_REACH or _BLANK_LINE.search(between) or _OPEN.search(between):
        return None
    return quote


def quoted_spans(doc: SegmentedDocument) -> list[tuple[int, int]]:
    """The spans of the claims ``extract(doc)`` gives: remembered on the document when
    extract_claims already ran this module on it, else computed."""
    return list(doc.memo("quotes.spans", lambda: [(q.start, q.end) for q in extract(doc)]))
