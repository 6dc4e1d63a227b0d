"""Cited sources: the domains a document names after a statement to say where it
comes from (``... $189.000 aijobs.net aijobs.net.``, ``... levels.fyi.``).

Rule: a run of bare domain names (not part of a URL) cites the figures before it
in the same sentence, back to the previous run. A figure with no run after it
takes the sentence's last run before it. A statement (a whole sentence) cites
every run in it.
"""

from __future__ import annotations

import re

from kg.model import Claim, SegmentedDocument, Statement

# a bare domain: labels, a dot, a top-level domain of letters; not preceded by
# "/" or "@" (part of a URL or an address) and not followed by "/" (a path)
_DOMAIN = re.compile(
    r"(?<![\w/@.-])((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:com|net|org|fyi|io|ai|nl|edu|gov|co|uk|de|fr|eu|be|info|news|app|dev))(?![\w/-])",
    re.IGNORECASE,
)
_RUN_GAP = re.compile(r"[\s,]*")


def find_citation_runs(text: str, start: int, end: int) -> list[tuple[int, int, list[str]]]:
    """Runs of adjacent domains in ``text[start:end]``: (run start, run end, domains in order, unique)."""
    runs: list[tuple[int, int, list[str]]] = []
    for match in _DOMAIN.finditer(text, start, end):
        domain = match.group(1).lower().rstrip(".")
        if runs and not text[runs[-1][1] : match.start()].strip(" ,"):
            run_start, _, domains = runs[-1]
            runs[-1] = (run_start, match.end(), domains + [d for d in [domain] if d not in domains])
        else:
            runs.append((match.start(), match.end(), [domain]))
    return runs


def attach_cited_sources(doc: SegmentedDocument, claims: list[Claim]) -> None:
    text = doc.text
    runs_by_sentence = {
        (s.start, s.end): find_citation_runs(text, s.start, s.end) for s in doc.sentences
    }
    for claim in claims:
        sentence = doc.sentence_at(claim.start)
        if sentence is None:
            continue
        runs = runs_by_sentence[(sentence.start, sentence.end)]
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
