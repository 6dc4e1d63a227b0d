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


def test_squash_is_the_substitution_of_whitespace_runs() -> None:
    """``squash`` splits at what ``\\s`` matches: the two agree on every character."""
    import re
    import sys

    assert all((re.fullmatch(r"\s", chr(c)) is not None) == chr(c).isspace() for c in range(sys.maxunicode + 1))
    for text in ["", " ", " Mark \u00a0 Chen\n", "Mark\u2003Chen\u3000", "\x1c\x1dA\x1e\x1f\x85B ", *_random_texts(7, 200)]:
        assert people.squash(text) == re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("count", [1, people._FEW_WORDS, people._FEW_WORDS + 1, 40])
def test_word_starts_are_every_occurrence_of_each_word(count: int) -> None:
    """Found by a scan per word or by one for all: every start, overlapping ones too, in order."""
    words = ["Mark", "Ma", "Chen", "Roode", "van", "Mark Chen", "aa", "a", *(f"W{i}" for i in range(40))][:count]
    for text in ["", "aaaa", *_random_texts(11, 100), "W1W10W3 Mark Chen"]:
        got = people._word_starts(text, words)
        assert list(got) == words
        for word in words:
            assert got[word] == [at for at in range(len(text)) if text.startswith(word, at)], (word, text)


@pytest.mark.parametrize("text, name, affiliation, role", [
    pytest.param("Volgens econoom Karel Appel van de Radboud Universiteit stijgen de lonen.", "Karel Appel",
                 "Radboud Universiteit", "econoom", id="role-name-van-org"),
    pytest.param("Dat meldt woordvoerder Anna de Groot.", "Anna de Groot", None, "woordvoerder", id="role-name-with-particle"),
    pytest.param("Het is zo dat CEO Jan Pieter Balkenende OpenAI leidt.", "Jan Pieter Balkenende",
                 None, "CEO", id="three-word-name-before-a-capitalised-word"),
    pytest.param("Hoogleraar Ingrid Bakker (Universiteit Utrecht) waarschuwt.", "Ingrid Bakker", "Universiteit Utrecht",
                 "hoogleraar", id="capitalised-role-organisation-in-parentheses"),
    pytest.param("The figures, says analyst Sarah Lee at Gartner, are too high.", "Sarah Lee", "Gartner", "analyst",
                 id="en-role-name-at-org"),
    pytest.param("hoogleraar arbeidseconomie Ingrid Bakker waarschuwt", "Ingrid Bakker", None, "hoogleraar arbeidseconomie",
                 id="role-with-its-field"),
])
def test_role_before_name(text: str, name: str, affiliation: str | None, role: str) -> None:
    person = people.registry(text)[name]
    assert (person.affiliation, person.role) == (affiliation, role)
    for start, end in person.spans:
        assert text[start:end] == name


def test_a_job_title_of_a_field_names_no_person() -> None:
    assert people.registry("Functies als “Director of Machine Learning” en Hoofd van Data Science betalen goed.") == {}


@pytest.mark.parametrize("text, org", [
    pytest.param("Dat zegt Anna Smit, directeur bij Acme Labs.\n\nBronnen: CBS", "Acme Labs", id="not-past-a-full-stop"),
    pytest.param("Dat zegt Anna Smit, directeur bij Acme\n\nLabs", "Acme", id="not-across-a-blank-line"),
    pytest.param("Dat zegt Anna Smit, directeur bij Acme\nLabs Nederland", "Acme\nLabs Nederland", id="across-a-line-wrap"),
    pytest.param("Dat zegt Anna Smit, econoom bij de Bank of Scotland.", "Bank of Scotland", id="en-of-inside-a-name"),
    pytest.param("Dat zegt Anna Smit, arbeidsmarktanalist bij Brainnet.", "Brainnet", id="compound-role-analist"),
    pytest.param("Dat zegt Anna Smit, hoofdeconoom van ING.", "ING", id="compound-role-econoom"),
    pytest.param("Dat zegt Anna Smit, analist bij het Bureau voor de Statistiek Curaçao.", "Bureau voor de Statistiek Curaçao",
                 id="nl-voor-de-inside-a-name"),
    pytest.param("Dat zegt Anna Smit, onderzoeker van de Universiteit van Tilburg.", "Universiteit van Tilburg", id="nl-van-inside-a-name"),
    pytest.param("Dat zegt Anna Smit, analist bij Acme of elders.", "Acme", id="of-before-a-lowercase-word"),
])
def test_organisation_of_an_apposition_ends_at_its_sentence(text: str, org: str) -> None:
    assert people.registry(text)["Anna Smit"].affiliation == people.squash(org)
