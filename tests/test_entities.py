"""kg.vocabulary and kg.extracting.entities: the entity vocabulary and the subjects of figures."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from kg.extracting import entities
from kg.extracting.entities import find_entities, subjects_for
from kg.mapping import entity_iri
from kg.settings import load_settings
from kg.vocabulary import load_vocabulary

WIKIDATA = {  # the identifiers the issue names; the vocabulary must carry exactly these
    "openai": "Q21708200", "meta": "Q380", "google-deepmind": "Q15733006", "netherlands": "Q55",
    "germany": "Q183", "united-states": "Q30", "india": "Q668",
}  # fmt: skip


def test_vocabulary_is_read_from_the_ontology_file() -> None:
    graph = Graph().parse(load_settings().ontology_dir / "entities.ttl")
    vocabulary = load_vocabulary()
    assert len(vocabulary.concepts) == len(set(graph.subjects(SKOS.inScheme, None)))
    for concept in vocabulary.concepts:
        languages = {o.language for o in graph.objects(URIRef(concept.iri), SKOS.prefLabel)}
        assert {"en", "nl"} <= languages, concept.iri


@pytest.mark.parametrize("slug, qid", sorted(WIKIDATA.items()))
def test_wikidata_links(slug: str, qid: str) -> None:
    graph = Graph().parse(load_settings().ontology_dir / "entities.ttl")
    node = URIRef(f"https://w3id.org/kg/entities/{slug}")
    assert (node, SKOS.exactMatch, URIRef(f"http://www.wikidata.org/entity/{qid}")) in graph


@pytest.mark.parametrize(
    "text, want",
    [
        pytest.param("In de VS verdienen datawetenschappers meer", [("United States", "places"), ("Data Scientist", "roles")], id="nl-abbreviation-and-plural"),
        pytest.param("bij Google DeepMind in Londen", [("Google DeepMind", "organisations"), ("London", "places")], id="longest-label-wins"),
        pytest.param("ML-engineers in Duitsland", [("Machine Learning Engineer", "roles"), ("Germany", "places")], id="hyphenated-alt-label"),
        pytest.param("de meta-analyse en vs. de rest", [], id="case-sensitive-names"),
        pytest.param("Acme-CEO Jan Jansen zei", [("Acme", "organisations")], id="unlisted-org-before-ceo"),
        pytest.param("een baan bij Contoso Labs in Utrecht", [("Contoso Labs", "organisations")], id="unlisted-org-after-bij"),
        pytest.param("a Staff Reliability Engineer earns", [("Staff Reliability Engineer", "roles")], id="unlisted-english-title"),
        pytest.param("veel chip-ingenieurs vertrekken", [("chip-ingenieur", "roles")], id="unlisted-dutch-ingenieur"),
        pytest.param("Bij de overheid is dat anders", [("government", "sectors")], id="bij-de-is-not-a-name"),
    ],
)
def test_find_entities(text: str, want: list[tuple[str, str]]) -> None:
    assert [(m.label, m.scheme) for m in find_entities(text)] == want


def test_subjects_come_from_the_clause_nearest_first() -> None:
    text = "In Europa verdienen data scientists minder (mediaan €67k in Duitsland). In India is het anders."
    start = text.index("€67k")
    assert subjects_for(text, start, start + 4, (0, len(text))) == ["Data Scientist", "Germany"]


def test_bullet_label_gives_the_role() -> None:
    text = "- Data Engineer: Zij beheren pijplijnen. Ze verdienen $140k."
    start = text.index("$140k")
    assert subjects_for(text, start, start + 5, (41, len(text)), (0, len(text))) == ["Data Engineer"]


def test_entity_iri_is_the_concept_iri_for_any_label() -> None:
    assert entity_iri("VS") == entity_iri("United States") == URIRef("https://w3id.org/kg/entities/united-states")
    assert entity_iri("Acme Labs") == URIRef("https://w3id.org/kg/entities/acme-labs")


def test_the_first_letter_lookahead_of_the_case_sensitive_names_changes_no_match() -> None:
    import re

    sensitive, _, exact, _ = entities._patterns(load_vocabulary())
    lookahead = entities._first_letters(list(exact))
    assert lookahead and sensitive.pattern.startswith(lookahead)
    without = re.compile(sensitive.pattern[len(lookahead) :])
    names = sorted(exact)
    text = " ".join(f"{name} x-{name}s {name.upper()} ({name}) {name}-achtig {name.lower()}" for name in names)
    assert [m.span() for m in sensitive.finditer(text)] == [m.span() for m in without.finditer(text)]
    assert any(True for _ in sensitive.finditer(text))
