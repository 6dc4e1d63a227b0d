"""People: the appositions are tried only where a match can start, with the matches of a scan."""

from __future__ import annotations

import random

import pytest

from kg.extracting import people

NAMES = ["Mark Chen", "Mark", "Dirk van Roode", "Ariel Herbert-Voss", "Éva Öberg", "Mark  Chen\n", "Ab Cd Ef Gh Ij"]
HEADS = ["Meta-CEO ", "Meta’s CEO ", "OpenAI's topman ", "xMeta-CEO ", "X-AI-CEO ", "X-AI-expert ", "AB-co-founder ",
         "De Meta-hoofd onderzoek ", "CEO ", "Volgens ", "xY", ". ", ", ", "Zo van ", "Mark ", "oprichter ", "-CEO ", "’s CEO ", "Meta’s  professor ", "aCEO ", "", "x"]
TAILS = [", hoofd onderzoek bij OpenAI", " (OpenAI CEO)", " (de CEO van OpenAI)", ", ", " ", "\n", "-", "’s",
         ",\n een arbeidsmarktexpert van Stepstone", ", CEO bij Meta Research Lab",
         "\n(the head of Research at Meta AI)", "(OpenAI CEO)", " (2023) ", ". ", ", en ", " (de CEO van", ", CEO",
         " (Meta AI Labs Research Group CTO)"]


def _random_texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    texts = ["", "Meta-CEO Mark Chen", "X-AI-CEO Mark Chen", "Meta-CEO Mark Chen-CEO Dirk van Roode"]
    for _ in range(count):
        texts.append("".join(rng.choice(HEADS) + rng.choice(NAMES) + rng.choice(TAILS) for _ in range(rng.randint(1, 6))))
    return texts


@pytest.mark.parametrize("index", range(len(people._APPOSITIONS)))
def test_appositions_as_finditer_finds_them(index: int) -> None:
    pattern = people._APPOSITIONS[index]
    for text in _random_texts(index, 2000):
        name_starts = people._apposition_name_starts(text)
        found = [m.regs for m in people._appositions(pattern, text, name_starts)]
        assert found == [m.regs for m in pattern.finditer(text)], text


def test_org_role_reads_organisation_role_and_name() -> None:
    registry = people.registry("Volgens Meta-CEO Mark Zuckerberg en OpenAI's CEO Sam Altman gaat het goed.")
    assert registry["Mark Zuckerberg"].affiliation == "Meta"
    assert registry["Sam Altman"].affiliation == "OpenAI"
