"""kg.extracting.experts and people: expert lists, attributions and appositions."""

import pytest

from kg.extracting import experts, people

LIST = """Lijst van geraadpleegde experts

Anna de Jong (Universiteit Twente)
Bram van der Meer (CPB)

Daarnaast dank aan de klankbordgroep, bestaande uit:

Carla Smit (senior adviseur, UWV)
"""


def test_members_with_organisation_role_and_group() -> None:
    assert [(m.name, m.affiliation, m.role, m.group) for m in experts.members(LIST)] == [
        ("Anna de Jong", "Universiteit Twente", None, "consulted expert"),
        ("Bram van der Meer", "CPB", None, "consulted expert"),
        ("Carla Smit", "UWV", "senior adviseur", "sounding-board member"),
    ]


ATTRIBUTIONS = [
    pytest.param("Jan de Vries, \nNederlandse AI Coalitie", ("Jan de Vries", "Person", "Nederlandse AI Coalitie"), id="name-org-wrapped"),
    pytest.param("Dr. Eva Bos, arbeidsmarktexpert bij Indeed indeed.com", ("Eva Bos", "Person", "Indeed"), id="title-role-bij-org-domain"),
    pytest.param("Tim Ros, onafhankelijk econoom", ("Tim Ros", "Person", None), id="role-no-org"),
    pytest.param("Financial Times rapport (2023) ft.com", ("Financial Times", "Organization", None), id="publication"),
    pytest.param("Ariel Herbert-Voss, voormalig OpenAI-onderzoeker", ("Ariel Herbert-Voss", "Person", "OpenAI"), id="org-glued-to-role"),
]


@pytest.mark.parametrize("text, want", ATTRIBUTIONS)
def test_attribution(text: str, want: tuple) -> None:
    a = people.parse_attribution(text)
    assert (a.speaker, a.kind, a.affiliation) == want


APPOSITIONS = [
    pytest.param("Sam Altman (OpenAI CEO) zei dat.", "Sam Altman", "OpenAI", id="name-paren-org-role"),
    pytest.param("Meta-CEO Mark Zuckerberg belde zelf.", "Mark Zuckerberg", "Meta", id="org-hyphen-ceo-name"),
    pytest.param("Google’s CEO Sundar Pichai reageerde.", "Sundar Pichai", "Google", id="org-s-ceo-name"),
    pytest.param("Mark Chen, hoofd onderzoek bij OpenAI, schreef.", "Mark Chen", "OpenAI", id="name-role-bij-org"),
]


@pytest.mark.parametrize("text, name, org", APPOSITIONS)
def test_registry(text: str, name: str, org: str) -> None:
    assert people.registry(text)[name].affiliation == org


def test_surname_resolves_within_the_document() -> None:
    registry = people.registry("Mark Chen, hoofd onderzoek bij OpenAI, sprak.")
    assert people.resolve("Chen", registry) == "Mark Chen"
