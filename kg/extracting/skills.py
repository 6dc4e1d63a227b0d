"""Skill trends: ``SkillTrend`` claims for a skill a sentence says gains or loses
importance.

Span convention: the skill as named; ``target`` the Dutch preferred label of its
concept in the ``skills`` scheme of ``ontology/occupations.ttl``; ``level``
``increasing`` or ``decreasing``; ``holder`` as for opinions.

Cues (the sentence; ``decreasing`` is tried first):

* ``decreasing``: ``minder belangrijk``, ``aan belang verliezen``, ``relevantie
  verliezen``, ``less important``, ``loses importance``;
* ``increasing``: ``belangrijker``, ``aan belang winnen``, ``toenemend/groeiend
  belang``, ``cruciaal``, ``van groot belang``, ``essentieel``, ``in de lift``,
  ``steeds relevanter``, ``grotere rol``, ``meer vraag naar``, ``more important``,
  ``increasingly important``, ``in demand``.

Known weaknesses: every skill in a cued sentence gets the sentence's direction,
so ``A wordt minder belangrijk, B belangrijker`` gives both ``decreasing``.
"""

from __future__ import annotations

import re

from kg.extracting import opinions, people
from kg.extracting.casefold import fold_document, folded_pattern
from kg.extracting.risks import SentenceCues, load_vocabulary
from kg.model import SegmentedDocument, SkillTrend

NAME = "skills"
VERSION = "0.1.0"

_DECREASING = re.compile(
    r"minder\s+belangrijk|aan\s+belang\s+(?:zal\s+|zullen\s+)?verliez|relevantie\s+verliez|verliezen\s+(?:hun\s+)?relevantie|"
    r"less\s+important|loses?\s+(?:its\s+)?importance|declining\s+importance",
    re.IGNORECASE,
)
_INCREASING = re.compile(
    r"belangrijker|aan\s+belang\s+(?:zullen\s+|zal\s+)?win|winnen\s+[^.]{0,40}aan\s+belang|toenemend(?:e)?\s+belang|groeiend(?:e)?\s+belang|"
    r"cruciaal|van\s+groot\s+belang|essentieel|in\s+de\s+lift|steeds\s+relevanter|grotere\s+rol|meer\s+vraag\s+naar|"
    r"more\s+important|increasingly\s+important|in\s+demand|growing\s+importance",
    re.IGNORECASE,
)

# the cues as matched: on folded text, several times faster than re.IGNORECASE (see casefold)
_FOLDED_DECREASING, _FOLDED_INCREASING = folded_pattern(_DECREASING), folded_pattern(_INCREASING)
# (run only in the few sentences that hold the words they need, found by a scan of the document)
_SENTENCE_CUES = SentenceCues([("decreasing", _FOLDED_DECREASING), ("increasing", _FOLDED_INCREASING)])


def extract(doc: SegmentedDocument) -> list[SkillTrend]:
    text = doc.text
    vocabulary = load_vocabulary()
    registry = people.registry(text)
    claims: list[SkillTrend] = []
    folded = fold_document(text)
    levels = _SENTENCE_CUES.levels(doc, folded)
    for index in sorted(levels):  # in document order, as the claims were made before
        sentence, level = doc.sentences[index], levels[index]
        skills = vocabulary.find(text, sentence.start, sentence.end, ("skills",), folded)
        if not skills:
            continue
        found = opinions.holder_of(doc, index, registry)
        for start, end, concept in skills:
            mention = people.mention(concept.label, start, end, "Concept", "target")
            mention["concept"] = concept.iri
            claims.append(
                SkillTrend.at(doc.document, start, end, target=concept.label, level=level,
                              holder=found[0] if found else None, mentions=[mention])
            )
    return claims
