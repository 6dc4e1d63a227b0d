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
from kg.extracting.prefilter import Prefiltered, needles_of, positions

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
    resume = 0  # where the lists read so far end
    for line_start in _heading_line_starts(folded):  # outside a list only a heading counts
        if line_start >= resume:
            resume = _read_list(text, folded, line_start, found)
    return found


def _heading_line_starts(folded: str) -> list[int]:
    """The starts of the lines holding a word a group pattern needs (see prefilter): the
    few lines in which one may match."""
    needles = needles_of(*(pattern for pattern, _ in _FOLDED_GROUPS))
    if needles is None:
        return [start for start, _, _ in _lines(folded)]
    return sorted({folded.rfind("\n", 0, at) + 1 for at in positions(folded, needles)})


def _read_list(text: str, folded: str, start: int, found: list[Member]) -> int:
    """Read the lines from ``start`` (the line of a group's heading, if it is one) into
    ``found``, up to the end of the list: where a line can no longer be one of its members."""
    group: str | None = None
    misses = 0
    for start, end, line in _lines(text, start):
        if not line.strip():
            continue
        m = people._LIST_LINE.match(text, start, end) if group else None
        if m is not None and m.end() <= end:
            org, role = people._split_list_inside(m.group("inside"))
            found.append(Member(people.squash(m.group("name")), *m.span("name"), org, role, group))
            misses = 0
            continue
        for pattern, name in _FOLDED_GROUPS:
            if pattern.pattern.search(folded, start, end) and len(line) < 400:
                group, misses = name, 0
                break
        else:
            if group is None:  # no list here: the next heading goes on
                return end
            misses += 1
            if misses > 2:
                return end + 1
    return len(text) + 1


def _lines(text: str, start: int = 0) -> Iterator[tuple[int, int, str]]:
    """Start, end and text of each line, from the one starting at ``start``."""
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        yield start, end, text[start:end]
        start = end + 1
