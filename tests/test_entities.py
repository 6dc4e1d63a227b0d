"""kg.vocabulary and kg.extracting.entities: the entity vocabulary and the subjects of figures."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from kg.extracting import casefold, entities
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
        pytest.param("in Spanje en Zuid-Korea, less so in Japan", [("Spain", "places"), ("South Korea", "places"), ("Japan", "places")],
                     id="more-countries"),
    ],
)
def test_find_entities(text: str, want: list[tuple[str, str]]) -> None:
    assert [(m.label, m.scheme) for m in find_entities(text)] == want


def test_subjects_come_from_the_clause_nearest_first() -> None:
    text = "In Europa verdienen data scientists minder (mediaan €67k in Duitsland). In India is het anders."
    start = text.index("€67k")
    assert subjects_for(text, start, start + 4, (0, len(text))) == ["Data Scientist", "Germany"]


@pytest.mark.parametrize("text, figure, want", [
    pytest.param("Een data scientist in Duitsland verdient €67k, terwijl een data engineer in India €20k verdient.", "€20k",
                 ["Data Engineer", "India"], id="nl-terwijl-second"),
    pytest.param("Een data scientist in Duitsland verdient €67k, terwijl een data engineer in India €20k verdient.", "€67k",
                 ["Data Scientist", "Germany"], id="nl-terwijl-first"),
    pytest.param("A data scientist at Google earns $180k, while a data engineer elsewhere earns $120k.", "$120k",
                 ["Data Engineer"], id="en-while"),
    pytest.param("Een data scientist bij Meta verdient $150k per jaar, tegen $200k bij Google.", "$200k",
                 ["Data Scientist", "Google"], id="nl-tegen-inherits-what-its-side-lacks"),
    pytest.param("Een data scientist verdient $150k per jaar, tegen $200k bij Google.", "$150k", ["Data Scientist"],
                 id="nl-before-tegen-inherits-nothing"),
    pytest.param("Een data scientist bij Google verdient $150k en een bonus van $20k.", "$20k", ["Data Scientist", "Google"],
                 id="no-contrast-keeps-the-clause"),
])
def test_a_figure_of_a_contrast_takes_the_entities_of_its_side(text: str, figure: str, want: list[str]) -> None:
    start = text.index(figure)
    assert subjects_for(text, start, start + len(figure), (0, len(text))) == want


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["terwijl", "maar", "while", "but", "tegen", "tegenover", "vergeleken met", "versus", "vs.",
                                 "compared with", "compared to", "against", "whereas", "x", ",", "Maar"]), max_size=8),
       st.sampled_from([" ", "", "\n", ", "]))
def test_the_contrast_words_are_in_every_contrast(words: list[str], glue: str) -> None:
    """A clause without one of _CONTRAST_WORDS is passed over: the regex matches in none."""
    from kg.extracting import entities

    text = glue.join(words)
    if entities._CONTRAST_RE.search(text):
        assert any(word in text for word in entities._CONTRAST_WORDS)


def test_bullet_label_gives_the_role() -> None:
    text = "- Data Engineer: Zij beheren pijplijnen. Ze verdienen $140k."
    start = text.index("$140k")
    assert subjects_for(text, start, start + 5, (41, len(text)), (0, len(text))) == ["Data Engineer"]


def test_entity_iri_is_the_concept_iri_for_any_label() -> None:
    assert entity_iri("VS") == entity_iri("United States") == URIRef("https://w3id.org/kg/entities/united-states")
    assert entity_iri("Acme Labs") == URIRef("https://w3id.org/kg/entities/acme-labs")


def _flat_and_factored(names: list[str], sensitive: bool = False) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A names pattern of entities written flat (as before factoring) and factored: the
    case-sensitive one, or the case-insensitive one folded as entities matches it."""
    from kg.extracting.casefold import folded_pattern

    ordered = sorted(names, key=len, reverse=True)
    flat = "|".join(map(entities._escaped, ordered))
    if sensitive:
        return (
            re.compile(r"(?<![\w-])(?:" + flat + r")(?![^\W_])"),
            re.compile(r"(?:" + entities._factored(ordered, not_after=r"[\w-]") + r")(?![^\W_])"),
        )
    return (
        folded_pattern(re.compile(r"(?<![\w])(?:" + flat + r")" + entities._PLURAL + r"(?![^\W_])", re.I)),
        folded_pattern(re.compile(r"(?<![\w])(?:" + entities._factored(ordered) + r")" + entities._PLURAL + r"(?![^\W_])", re.I)),
    )


def _texts_around(names: list[str], seed: int) -> str:
    """Text made of the names cut, joined, hyphenated, spaced and pluralised at random."""
    rng = random.Random(seed)
    pieces = []
    for _ in range(3000):
        name = rng.choice(names)
        name = name[: rng.randint(1, len(name))] if rng.random() < 0.2 else name
        name = "".join(rng.choice([" ", "-", "\t", "  "]) if c in " -" else c for c in name)
        name = name.lower() if rng.random() < 0.1 else name
        pieces.append(name + rng.choice(["", "s", "en", "'s", "es", "x", "-", " ", "ë"]) + rng.choice([" ", "", "-", ".", "_", "\n"]))
    return "".join(pieces)


@pytest.mark.parametrize("seed", range(5))
def test_the_factored_names_patterns_match_as_the_flat_ones(seed: int) -> None:
    _, insensitive, exact, folded = entities._patterns(load_vocabulary())
    for names, sensitive in ((list(exact), True), (list(folded), False)):
        flat, factored = _flat_and_factored(names, sensitive)
        assert factored.pattern in (entities._patterns(load_vocabulary())[0].pattern, insensitive.folded.pattern)
        text = _texts_around(names, seed)
        text = text if sensitive else casefold.fold_document(text)
        for start in (0, 1, 7):
            assert [m.span() for m in factored.finditer(text, start)] == [m.span() for m in flat.finditer(text, start)]
        assert any(True for _ in flat.finditer(text))


@pytest.mark.parametrize("sensitive", [True, False])
def test_names_whose_first_characters_match_alike_stay_flat_where_they_do(sensitive: bool) -> None:
    # "a b" and "a-b c" both match "a-b c": a branch per first character (" " before "-", for
    # the longer "a bzzzzz") would take the shorter
    names = ["a bzzzzz", "a-b c", "a b", "a-bc", "a-b", "ab", "a", "x y z", "x-y", "xy z", "ij", "i", "-q", " r"]
    flat, factored = _flat_and_factored(names, sensitive)
    for seed in range(5):
        text = _texts_around(names, seed)
        assert [m.span() for m in factored.finditer(text)] == [m.span() for m in flat.finditer(text)]


def test_the_names_are_found_as_the_lookbehind_pattern_finds_them() -> None:
    scan, folded = entities._folded_names(load_vocabulary()), entities._patterns(load_vocabulary())[1].folded
    text = casefold.fold_document(_texts_around(list(entities._patterns(load_vocabulary())[3]), 0))
    for start, end in ((0, len(text)), (1, len(text)), (7, 500), (300, 301)):
        assert list(scan.spans(text, start, end)) == [m.span() for m in folded.finditer(text, start, end)]
