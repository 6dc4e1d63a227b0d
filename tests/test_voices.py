"""How good the voice extractors are: recall against hand annotations.

``tests/annotations/voices.jsonl`` lists, from reading the corpus, its quotes
(speaker, affiliation), expert opinions (holder), risk classifications (target as
named, level), the report's consulted experts and sounding-board members, and its
footnotes. ``voices-unseen.jsonl`` does the same for the short documents in
``voices-unseen/``, which no rule was written from. The test prints the figures
and asserts the targets of issue 3:

* at least 95% of quotations found with the right speaker and affiliation;
* at least 85% of risk classifications found with the right level;
* every consulted expert present with organisation (or role, when the list gives
  none); every footnote a citation with its publisher, year and URL.

Opinions are reported, not asserted.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from kg import pipeline
from kg.model import Claim
from kg.settings import load_settings

HERE = Path(__file__).parent / "annotations"
TARGETS = {"Quote": 0.95, "RiskClassification": 0.85, "Expert": 1.0, "Citation": 1.0}


def _load(name: str) -> list[dict]:
    return [json.loads(line) for line in (HERE / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def _extract(paths: list[Path]) -> tuple[dict[str, str], dict[str, list[Claim]]]:
    results, _ = pipeline.extract_paths(paths)
    return (
        {r.document.id: r.document.text for r in results},
        {r.document.id: r.claims for r in results},
    )


@pytest.fixture(scope="module")
def corpus() -> tuple[list[dict], dict[str, str], dict[str, list[Claim]]]:
    return (_load("voices.jsonl"), *_extract([load_settings().corpus_dir]))


@pytest.fixture(scope="module")
def unseen() -> tuple[list[dict], dict[str, str], dict[str, list[Claim]]]:
    return (_load("voices-unseen.jsonl"), *_extract([HERE / "voices-unseen"]))


def _squash(text: str) -> str:
    return " ".join(text.split())


def _span(record: dict, text: str) -> tuple[int, int]:
    after = text.find(record["after"])
    assert after >= 0, f"annotation anchor not in text: {record['after']!r}"
    start = text.find(record["exact"], after + len(record["after"]) - 1 if record["after"] else 0)
    assert start >= 0, f"annotated target not in text: {record}"
    return start, start + len(record["exact"])


def judge(record: dict, text: str, claims: list[Claim]) -> tuple[bool, bool]:
    """(found, right): found the annotated thing at all; right in every field."""
    kind = record["type"]
    if kind == "Quote":
        hits = [c for c in claims if c.type == "Quote" and _squash(c.exact).startswith(_squash(record["begins"]))]
        return bool(hits), any((c.speaker, c.affiliation) == (record["speaker"], record["affiliation"]) for c in hits)
    if kind == "ExpertOpinion":
        hits = [c for c in claims if c.type == "ExpertOpinion" and _squash(c.exact).startswith(_squash(record["begins"]))]
        return bool(hits), any(c.holder == record["holder"] for c in hits)
    if kind == "RiskClassification":
        start, end = _span(record, text)
        hits = [c for c in claims if c.type == "RiskClassification" and (c.start, c.end) == (start, end)]
        return bool(hits), any(c.level == record["level"] for c in hits)
    if kind == "Expert":
        mentions = [m for c in claims for m in c.mentions if m["label"] == record["name"] and m.get("group")]
        right = any(
            m.get("affiliation") == record["affiliation"] and m.get("role") == record["role"] and m["group"] == record["group"]
            for m in mentions
        )
        return bool(mentions), right
    if kind == "Citation":
        hits = [c for c in claims if c.type == "Citation" and c.marker == record["marker"]]
        return bool(hits), any(
            (c.publisher, c.time, c.url) == (record["publisher"], record["year"], record["url"]) for c in hits
        )
    raise ValueError(f"unknown annotation type {kind}")


def _figures(annotations: list[dict], texts: dict[str, str], claims: dict[str, list[Claim]]) -> dict[str, dict]:
    figures: dict[str, dict] = defaultdict(lambda: {"n": 0, "found": 0, "right": 0, "misses": []})
    for record in annotations:
        found, right = judge(record, texts[record["doc"]], claims[record["doc"]])
        entry = figures[record["type"]]
        entry["n"] += 1
        entry["found"] += found
        entry["right"] += right
        if not right:
            entry["misses"].append(record)
    return figures


def _report(which: str, figures: dict[str, dict]) -> None:
    print(f"\nvoices recall on {which}:")
    for kind, entry in sorted(figures.items()):
        n = entry["n"]
        print(f"  {kind:20} {entry['right']:3}/{n:<3} right ({entry['right'] / n:.0%}), found {entry['found'] / n:.0%}")
        for miss in entry["misses"]:
            print("      miss:", {k: v for k, v in miss.items() if k != "doc"})


@pytest.mark.parametrize("which", ["corpus", "unseen"])
def test_recall_meets_the_targets(which: str, request: pytest.FixtureRequest) -> None:
    annotations, texts, claims = request.getfixturevalue(which)
    figures = _figures(annotations, texts, claims)
    _report(which, figures)
    for kind, target in TARGETS.items():
        if kind in figures:
            entry = figures[kind]
            assert entry["right"] / entry["n"] >= target, f"{kind}: {entry['right']}/{entry['n']} below {target:.0%}"


@pytest.mark.parametrize("which", ["corpus", "unseen"])
def test_every_voice_claim_points_at_its_text(which: str, request: pytest.FixtureRequest) -> None:
    _, texts, claims = request.getfixturevalue(which)
    for doc, doc_claims in claims.items():
        for claim in doc_claims:
            assert texts[doc][claim.start : claim.end] == claim.exact
            for mention in claim.mentions:
                assert 0 <= mention["start"] < mention["end"] <= len(texts[doc])


def test_shared_people_and_organisations_are_one_node_across_documents(corpus) -> None:
    """Sam Altman, Mark Zuckerberg, OpenAI and Meta are mentioned in documents 000
    and 001; their mentions carry the same label, hence the same entity IRI."""
    from kg.mapping import entity_iri

    _, _, claims = corpus
    where: dict[str, set[str]] = defaultdict(set)
    for doc, doc_claims in claims.items():
        for claim in doc_claims:
            for mention in claim.mentions:
                where[str(entity_iri(mention["label"]))].add(doc[:3])
    for label in ("Sam Altman", "Mark Zuckerberg", "OpenAI", "Meta"):
        assert {"000", "001"} <= where[str(entity_iri(label))], label


def test_taken_spans_answer_as_a_scan_of_all_spans() -> None:
    import random

    from kg.extracting.people import _TakenSpans

    rng = random.Random(3)
    for _ in range(200):
        taken, spans = _TakenSpans(), []
        for _ in range(rng.randint(0, 12)):
            start = rng.randint(0, 80)
            end = start + rng.randint(1, 15)
            taken.add(start, end)
            spans.append((start, end))
            for point in range(0, 100):
                assert taken.holds(point) == any(s <= point < e for s, e in spans)
                end2 = point + rng.randint(1, 10)
                assert taken.overlaps(point, end2) == any(s < end2 and point < e for s, e in spans)


def test_possessive_name_letters_change_no_apposition_match() -> None:
    """The appositions' name letters are taken possessively (Python 3.11+): the same matches."""
    import random
    import re

    from kg.extracting import people

    patterns = [*people._APPOSITIONS, people._ROLE_WITHOUT_ORG]
    plain = [re.compile(p.pattern.replace(people._LOW + "++", people._LOW + "+"), p.flags) for p in patterns]
    names = ["Mark Chen", "Mark", "Dirk van Roode", "Ariel Herbert-Voss", "Ariel Herbert-", "Éva Öberg", "Mark  Chen\n",
             "Leyla el Khamlichi", "Ab Cd Ef Gh Ij", "Mark chen", "Mark Chen-"]
    tails = [", hoofd onderzoek bij OpenAI", ", een arbeidsmarktexpert bij Stepstone", ", CEO van", " (OpenAI CEO)",
             " (de CEO van OpenAI)", " (the head of Research at Meta AI)", " (", ")", ", ", " ", "\n", "x", "-"]
    heads = ["Meta-CEO ", "Meta’s CEO ", "OpenAI's topman ", "CEO ", "oprichter ", "", "", "De ", "x"]
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(heads) + rng.choice(names) + rng.choice(tails) for _ in range(rng.randint(1, 6)))
        for fast, slow in zip(patterns, plain):
            assert [m.regs for m in fast.finditer(text)] == [m.regs for m in slow.finditer(text)], text
