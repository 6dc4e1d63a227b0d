"""kg.extracting.casefold: folded text and lowercased patterns match as re.IGNORECASE does."""

import re
import sys
from pathlib import Path

import pytest

from kg.extracting import entities, experts, opinions, risks, skills
from kg.extracting import time as times
from kg.extracting.casefold import Folded, fold, folded_pattern
from kg.vocabulary import load_vocabulary

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
# every pair this module's users run on folded text: (as written, as matched)
FOLDED = [*zip((p for _, p in risks._CUES), (p.pattern for _, p in risks._FOLDED_CUES)),
          (skills._DECREASING, skills._FOLDED_DECREASING), (skills._INCREASING, skills._FOLDED_INCREASING),
          *zip((p for p, _ in opinions._PATTERNS), (p.pattern for p, _ in opinions._FOLDED_PATTERNS)),
          (opinions._RESPONDENTS, opinions._FOLDED_RESPONDENTS.pattern), (opinions._SURVEY_WORDS, opinions._FOLDED_SURVEY_WORDS),
          (risks.load_vocabulary().pattern, risks.load_vocabulary().folded),
          *((p.pattern, p.folded) for _, p in times._PATTERNS if isinstance(p, Folded)),
          *zip((p for p, _ in experts._GROUPS), (p for p, _ in experts._FOLDED_GROUPS)),
          (entities._patterns(load_vocabulary())[1].pattern, entities._patterns(load_vocabulary())[1].folded)]  # fmt: skip
ALL_CHARACTERS = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def test_fold_keeps_length_and_offsets() -> None:
    text = "İstanbul ſtraße ıDE Kelvin K ÀÉÎ"
    assert len(fold(text)) == len(text)
    assert fold(text) == "istanbul straße ide kelvin k àéî"


def test_every_letter_of_the_patterns_folds_as_the_regex_engine_folds() -> None:
    folded = fold(ALL_CHARACTERS)  # same length: position i is character i folded
    letters = {c for original, _ in FOLDED for c in original.pattern if c.isalpha()}
    for letter in sorted(letters):
        ignorecase = set(re.findall(re.escape(letter), ALL_CHARACTERS, re.IGNORECASE))
        by_folding = {ALL_CHARACTERS[m.start()] for m in re.finditer(re.escape(letter.lower()), folded)}
        assert ignorecase == by_folding, letter


def test_folded_patterns_find_what_the_originals_find_in_the_corpus() -> None:
    paragraphs = [p for path in sorted(CORPUS.glob("*.txt")) for p in path.read_text(encoding="utf-8").split("\n\n")]
    assert paragraphs
    for original, folded in FOLDED:
        for paragraph in paragraphs:
            want = [m.span() for m in original.finditer(paragraph)]
            assert [m.span() for m in folded.finditer(fold(paragraph))] == want, paragraph[:80]


def test_escapes_keep_their_case_and_inline_flags_are_refused() -> None:
    assert folded_pattern(re.compile(r"\bAI\S+\W", re.IGNORECASE)).pattern == r"\bai\S+\W"
    assert folded_pattern(re.compile(r"[A-Z]x", re.IGNORECASE)).flags & re.IGNORECASE == 0
    assert folded_pattern(re.compile(r"(?P<Who>X)(?P=Who)", re.IGNORECASE)).pattern == "(?P<Who>x)(?P=Who)"
    with pytest.raises(ValueError):
        folded_pattern(re.compile(r"(?-i:A)b", re.IGNORECASE))
    with pytest.raises(ValueError):
        folded_pattern(re.compile(r"ab"))


def test_folded_matches_keep_the_case_of_the_text() -> None:
    pattern = Folded(re.compile(r"(?<!\w)(?P<month>maart|march)\s+(?P<year>\d{4})", re.IGNORECASE))
    text = "In MAART 2024 en March 2025, niet xmaart 2026."
    assert [(m.group("month"), m.start()) for m in pattern.finditer(text)] == [("MAART", 3), ("March", 17)]
    assert [m.group("month") for m in pattern.finditer(text, 10)] == ["March"]


def test_fold_of_ascii_text_is_its_lowercase() -> None:
    assert fold("Volgens ABN AMRO") == "volgens abn amro"
    assert fold("I İ ı") == "i i i"  # not ASCII: the engine's folds first
