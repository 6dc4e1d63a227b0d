"""kg.extracting.risks: one classification per target, with its level, from the vocabulary."""

import pytest

from kg.extracting import risks
from kg.model import Document
from kg.segmenting import segment


def doc(text: str):
    return segment(Document(id="t", file_name="t.txt", format="text/plain", text=text, sha256=""))


CASES = [
    pytest.param("Vooral boekhouders lopen een hoog risico.", [("boekhouders", "high")], id="nl-hoog-risico"),
    pytest.param("Beroepen met veel routinematige taken lopen het meeste risico. Dit geldt met name voor secretaresses en vertalers.",
                 [("Beroepen met veel routinematige taken", "high"), ("secretaresses", "high"), ("vertalers", "high")], id="nl-dit-geldt-inherits"),
    pytest.param("Kappers worden niet of nauwelijks geraakt door AI.", [("Kappers", "low")], id="nl-nauwelijks-geraakt"),
    pytest.param("De vraag naar cybersecurityspecialisten zal sterk stijgen.", [("cybersecurityspecialisten", "increasing-demand")], id="nl-vraag-stijgt"),
    pytest.param("Rechters worden niet zozeer bedreigd als wel geassisteerd.", [("Rechters", "transforms")], id="nl-geassisteerd"),
    pytest.param("Ook de zorgsector zal impact ondervinden.", [("zorgsector", "medium")], id="nl-impact-ondervinden"),
    pytest.param("Clerical workers are most exposed to AI.", [("Clerical workers", "high")], id="en-most-exposed"),
    pytest.param("Hairdressers are hardly affected.", [("Hairdressers", "low")], id="en-hardly-affected"),
    pytest.param("There is growing demand for software developers.", [("software developers", "increasing-demand")], id="en-growing-demand"),
    pytest.param("Onderstaand de kwetsbare beroepen:\n\n◼ Journalisten. Zij schrijven veel.\n◼ Vertalers. Zij vertalen.",
                 [("Journalisten", "high"), ("Vertalers", "high")], id="nl-bullets-under-cued-intro"),
]


@pytest.mark.parametrize("text, want", CASES)
def test_classification(text: str, want: list[tuple[str, str]]) -> None:
    found = risks.extract(doc(text))
    assert [(c.exact, c.level) for c in found] == want
    for c in found:
        assert text[c.start : c.end] == c.exact
        assert risks.concept_iri(c.target) is not None


def test_ict_here_and_software_engineers_elsewhere_meet_in_one_group() -> None:
    from rdflib import Graph, URIRef
    from rdflib.namespace import SKOS

    graph = Graph().parse(risks.vocabulary_path())
    ict = risks.concept_iri("ICT-beroepen")
    developers = risks.concept_iri(risks.extract(doc("Software engineers lopen een hoog risico."))[0].target)
    assert (developers, SKOS.broader, ict) in graph
    assert (ict, SKOS.exactMatch, URIRef("http://data.europa.eu/esco/isco/C25")) in graph


@pytest.mark.parametrize("text, want", [
    pytest.param("Data-analisten zijn niet kwetsbaar.", [("Data-analisten", "low")], id="negated-vulnerable"),
])
@pytest.mark.xfail(strict=True, reason="negation other than the listed phrases is not read")
def test_known_failures(text: str, want: list) -> None:
    assert [(c.exact, c.level) for c in risks.extract(doc(text))] == want


def test_the_document_scan_keeps_every_sentence_with_a_cue() -> None:
    """The sentences risks reads for a level cue (found by one scan of the document) include
    every sentence whose cue patterns match, also on text the corpus does not hold."""
    from kg.extracting.casefold import fold
    from kg.extracting.prefilter import sentences_of

    assert risks._CUE_NEEDLES is not None  # else the scan keeps every sentence
    text = "Vertalers lopen risico. Niets hier.\n\nKoks zijn kwetsbaar en ONDER DRUK. Safe from AI. Weer niets"
    segmented = doc(text)
    sentences = segmented.sentences
    folded = fold(text)
    kept = sentences_of(segmented).holding(folded, risks._CUE_NEEDLES)
    cued = {i for i, s in enumerate(sentences) if risks._folded_level_of(folded[s.start : s.end])}
    assert len(sentences) == 5 and cued == {0, 2, 3} and cued <= set(kept) and 1 not in kept
