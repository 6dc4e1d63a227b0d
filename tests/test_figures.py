"""How good the numbers are: recall, value accuracy and precision against figures
annotated by hand.

``tests/annotations/figures.jsonl`` lists every money figure, percentage and
count in the three corpus documents, annotated by reading them (a checklist of
every digit and currency sign in the text was worked through by hand; the
extractor's output was not used). Conventions: a range broken by a
parenthesis (``~$193K (instap) tot ~$893K``) is one range; a level and its
later level (``van $193.000 ... tot $893.000+``) are two figures; years,
dates, footnote markers, list, page, table and section numbers, ``zes
cijfers``, ``2 kanten van dezelfde medaille`` and time spans that are time
qualifiers (``de komende 5 jaar``) are not figures; durations with a counted
unit (``4–6 jaar ervaring``, ``tachtig uur``) are counts. Fractions in words that name a
share or a change (``de helft van de werkgevers``, ``meer dan de helft beter betalen``) are
percentages: added when the extractor learnt them, from a search of the text for every
fraction word (helft, kwart, derde ... op de, one in), not from its output.

``tests/annotations/figures-unseen.jsonl`` does the same for three short texts
in ``tests/unseen/`` written after the extractors, in Dutch and English, one of
them full of traps (years, footnotes, page and article numbers).

A figure is *found* when a claim of its type overlaps it and has its value (or
low and high) and, for money, its currency. A claim is *right* when it overlaps
an annotated figure of its type with the same numbers. Targets (issue 8): at
least 95% of money figures and of percentages found; at least 98% of numeric
claims right.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pytest

from kg.extracting import extract_claims
from kg.model import Claim, NumericClaim
from kg.reading import read_document
from kg.segmenting import segment

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "corpus"
UNSEEN = HERE / "unseen"
NUMERIC = ("MonetaryAmount", "Percentage", "Count")


def _load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _claims(folder: Path) -> tuple[dict[str, str], list[Claim]]:
    texts: dict[str, str] = {}
    claims: list[Claim] = []
    for path in sorted(folder.glob("*.txt")):
        document = read_document(path)
        texts[document.id] = document.text
        claims += [c for c in extract_claims(segment(document)) if c.type in NUMERIC]
    return texts, claims


def _locate(figures: list[dict], texts: dict[str, str]) -> list[dict]:
    """Give unseen annotations (exact only, each unique in its text) their offsets."""
    for figure in figures:
        if "start" not in figure:
            text = texts[figure["doc"]]
            assert text.count(figure["exact"]) >= 1, figure
            figure["start"] = text.index(figure["exact"])
            figure["end"] = figure["start"] + len(figure["exact"])
    return figures


def _numbers(x: dict | NumericClaim) -> tuple:
    get = x.get if isinstance(x, dict) else lambda k: getattr(x, k, None)
    return get("value"), get("low"), get("high"), get("currency") if get("type") == "MonetaryAmount" else None


def _same(claim: NumericClaim, figure: dict) -> bool:
    return (
        claim.type == figure["type"]
        and claim.doc == figure["doc"]
        and claim.start < figure["end"]
        and figure["start"] < claim.end
        and (claim.value, claim.low, claim.high) == (figure.get("value"), figure.get("low"), figure.get("high"))
        and (claim.type != "MonetaryAmount" or claim.currency == figure.get("currency"))
    )


def _score(name: str, figures: list[dict], claims: Iterable[NumericClaim]) -> dict[str, float]:
    claims = list(claims)
    scores: dict[str, float] = {}
    print(f"\n{name}")
    for kind in NUMERIC:
        wanted = [f for f in figures if f["type"] == kind]
        found = [f for f in wanted if any(_same(c, f) for c in claims)]
        scores[f"recall-{kind}"] = len(found) / len(wanted) if wanted else 1.0
        print(f"  {kind:15} found {len(found):3}/{len(wanted):3} = {scores[f'recall-{kind}']:.1%}")
        for missed in (f for f in wanted if f not in found):
            print(f"      missed {missed['doc'][:12]} {missed['start']:6} {missed['exact']!r}")
    right = [c for c in claims if any(_same(c, f) for f in figures)]
    scores["precision"] = len(right) / len(claims) if claims else 1.0
    print(f"  numeric claims right {len(right)}/{len(claims)} = {scores['precision']:.1%}")
    for wrong in (c for c in claims if c not in right):
        print(f"      wrong  {wrong.doc[:12]} {wrong.start:6} {wrong.type} {wrong.exact!r} {_numbers(wrong)}")
    return scores


@pytest.fixture(scope="module")
def corpus() -> tuple[list[dict], list[Claim], dict[str, str]]:
    texts, claims = _claims(CORPUS)
    return _load(HERE / "annotations" / "figures.jsonl"), claims, texts


@pytest.fixture(scope="module")
def unseen() -> tuple[list[dict], list[Claim], dict[str, str]]:
    texts, claims = _claims(UNSEEN)
    return _locate(_load(HERE / "annotations" / "figures-unseen.jsonl"), texts), claims, texts


@pytest.mark.parametrize("which", ["corpus", "unseen"])
def test_annotations_point_at_their_text(which: str, request: pytest.FixtureRequest) -> None:
    figures, _, texts = request.getfixturevalue(which)
    for figure in figures:
        assert texts[figure["doc"]][figure["start"] : figure["end"]] == figure["exact"]


@pytest.mark.parametrize("which", ["corpus", "unseen"])
def test_recall_and_precision(which: str, request: pytest.FixtureRequest) -> None:
    figures, claims, texts = request.getfixturevalue(which)
    for claim in claims:
        assert texts[claim.doc][claim.start : claim.end] == claim.exact
    scores = _score(which, figures, claims)  # type: ignore[arg-type]
    assert scores["recall-MonetaryAmount"] >= 0.95
    assert scores["recall-Percentage"] >= 0.95
    assert scores["precision"] >= 0.98
