"""kg.extracting.risks: one classification per target, with its level, from the vocabulary."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def _flat(surfaces: list[str]) -> str:
    """The alternation as it was written before the factored one: every surface, longest first."""
    import re

    ordered = sorted(set(surfaces), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in s.split(" ")) for s in ordered).replace("'", "['’]")


def test_factored_alternation_matches_the_flat_one_longest_first() -> None:
    import re

    surfaces = ["ict", "ict-beroepen", "ict beroepen", "ict beroep", "it", "it'er", "ab", "a", "a b"]
    assert risks._alternation(surfaces).startswith("(?:")
    text = "ICT-beroepen, ict  beroep, ICT beroepen; it’er en it'ers. a  b ab a-b ict-"
    for body in (risks._alternation(surfaces), _flat(surfaces)):
        assert re.fullmatch(f"(?:{body})", "ict beroepen")
    edge = r"(?<![\w-])(?:{})(?![\w-]|[’']\w)"
    got = [m.span() for m in re.finditer(edge.format(risks._alternation(surfaces)), text, re.I)]
    want = [m.span() for m in re.finditer(edge.format(_flat(surfaces)), text, re.I)]
    assert got == want and ("ICT-beroepen", "ict  beroep", "ICT beroepen", "it’er") == tuple(text[a:b] for a, b in got[:4])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="ab -'", min_size=1, max_size=5).map(lambda s: " ".join(s.split())).filter(bool), min_size=1, max_size=8),
    st.text(alphabet="abAB -'’x\n", max_size=40),
)
def test_factored_alternation_agrees_with_the_flat_one_on_any_text(surfaces: list[str], text: str) -> None:
    import re

    edge = r"(?<![\w-])(?:{})(?![\w-]|[’']\w)"
    got = [m.span() for m in re.finditer(edge.format(risks._alternation(surfaces)), text, re.I)]
    assert got == [m.span() for m in re.finditer(edge.format(_flat(surfaces)), text, re.I)]


def test_vocabulary_pattern_finds_what_the_flat_alternation_finds() -> None:
    import re
    from pathlib import Path

    vocabulary = risks.load_vocabulary()
    flat = re.compile(rf"(?<![\w-])(?:{_flat(list(vocabulary.by_surface))})(?![\w-]|[’']\w)", re.I)
    for path in sorted((Path(__file__).resolve().parent.parent / "corpus").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert [m.span() for m in vocabulary.pattern.finditer(text)] == [m.span() for m in flat.finditer(text)]
