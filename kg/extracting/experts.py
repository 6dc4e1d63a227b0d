"""The lists of consulted experts and sounding-board members a report ends with.

Rule: after a heading or sentence naming the group (``Lijst van geraadpleegde
experts``, ``klankbordgroep, bestaande uit:``, ``consulted experts``, ``advisory
board``), every following line of the form ``Name (Organisation)`` or ``Name
(role, Organisation)`` is a member, until a line of another form that is not
blank. The people become mentions (kind Person, with affiliation, role and
``group``) of the claims whose passage holds their line; see
:func:`kg.extracting.people.attach_mentions`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kg.extracting import people
from kg.extracting.casefold import fold_document, folded_pattern
from kg.extracting.prefilter import Prefiltered

_GROUPS = [
    (re.compile(r"geraadpleegde\s+(?:experts|deskundigen)|consulted\s+experts|geïnterviewde\s+experts|experts\s+interviewed", re.IGNORECASE), "consulted expert"),
    (re.compile(r"klankbordgroep|sounding[- ]board|advisory\s+board|begeleidingscommissie", re.IGNORECASE), "sounding-board member"),
]
# (each looked for only in the lines holding one of the words it needs: see prefilter)
_FOLDED_GROUPS = [(Prefiltered(folded_pattern(pattern)), name) for pattern, name in _GROUPS]


@dataclass(frozen=True)
class Member:
    name: str
    start: int
    end: int
    affiliation: str | None
    role: str | None
    group: str


def members(text: str) -> list[Member]:
    """The members of every expert or sounding-board list in ``text``, in order."""
    found: list[Member] = []
    folded = fold_document(text)  # the group headings are matched case-insensitively (see casefold)
    cues = [(pattern.index(folded), pattern.pattern, name) for pattern, name in _FOLDED_GROUPS]
    group: str | None = None
    misses = 0
    for start, end, line in _lines(text):
        if not line.strip():
            continue
        m = people._LIST_LINE.match(text, start, end) if group else None
        if m is not None and m.end() <= end:
            org, role = people._split_list_inside(m.group("inside"))
            found.append(Member(people.squash(m.group("name")), *m.span("name"), org, role, group))
            misses = 0
            continue
        for where, pattern, name in cues:
            if (where is None or where.within(start, end)) and pattern.search(folded, start, end) and len(line) < 400:
                group, misses = name, 0
                break
        else:
            if group is not None:
                misses += 1
                if misses > 2:
                    group = None
    return found


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    """Start, end and text of each line."""
    start = 0
    for line in text.split("\n"):
        yield start, start + len(line), line
        start += len(line) + 1
