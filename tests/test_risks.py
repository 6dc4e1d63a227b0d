"""kg.extracting.risks: one classification per target, with its level, from the vocabulary."""

import re

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
    # a low level said as the size of the risk ("lopen ... risico" alone reads as high)
    pytest.param("Loodgieters lopen volgens de bond een laag risico.", [("Loodgieters", "low")], id="nl-laag-risico"),
    pytest.param("Voor kappers is het automatiseringsrisico gering.", [("kappers", "low")], id="nl-risico-gering"),
    pytest.param("For plumbers the risk remains small.", [("plumbers", "low")], id="en-risk-remains-small"),
    pytest.param("Plumbers face a low risk of automation.", [("Plumbers", "low")], id="en-low-risk"),
    pytest.param("Truck drivers face a high risk.", [("Truck drivers", "high")], id="en-high-risk"),
    pytest.param("De bond meldt dat het risico op ontslag voor kappers nog steeds klein is.", [("kappers", "low")],
                 id="nl-risico-op-x-voor-y-klein"),
    pytest.param("The risk of job loss for plumbers remains very low.", [("plumbers", "low")], id="en-risk-of-x-for-y-remains-low"),
    pytest.param("Het risico voor kappers is klein, maar vertalers lopen een hoog risico.",
                 [("kappers", "low"), ("vertalers", "high")], id="nl-maar-contrast-risico-voor-klein"),
    # contrasting clauses: each with a cue of its own gives its targets that level
    pytest.param("Vertalers lopen een hoog risico, terwijl kappers een laag risico lopen.",
                 [("Vertalers", "high"), ("kappers", "low")], id="nl-terwijl-contrast"),
    pytest.param("Translators face a high risk, whereas nurses face a low risk.",
                 [("Translators", "high"), ("nurses", "low")], id="en-whereas-contrast"),
    pytest.param("Boekhouders en vertalers, maar ook secretaresses lopen een hoog risico.",
                 [("Boekhouders", "high"), ("vertalers", "high"), ("secretaresses", "high")], id="nl-clause-without-cue-takes-the-sentence-level"),
    # whose view it is, not what is classified
    pytest.param("Volgens onderzoekers lopen vertalers een hoog risico.", [("vertalers", "high")], id="nl-volgens-holder"),
    pytest.param("Onderzoekers van TNO denken dat heftruckchauffeurs een hoog risico lopen.",
                 [("heftruckchauffeurs", "high")], id="nl-reporting-subject"),
    pytest.param("Consultants expect that translators are at risk.", [("translators", "high")], id="en-reporting-subject"),
    pytest.param("Vertalers lopen een hoog risico. Consultants verwachten dat dit zo blijft.",
                 [("Vertalers", "high")], id="reporting-verb-of-the-next-sentence-drops-nothing"),
    pytest.param("“De vraag naar vertalers groeit,” aldus Jan Smit, econoom bij ING. Hij verwacht dat dit zo blijft.",
                 [("vertalers", "increasing-demand")], id="a-target-far-before-a-reporting-verb-stays"),
    # a sector that places the occupation before it
    pytest.param("Data-analisten in de zorg lopen een hoog risico.", [("Data-analisten", "high")], id="nl-sector-places-occupation"),
    pytest.param("Nurses in healthcare are hardly affected.", [("Nurses", "low")], id="en-sector-places-occupation"),
    pytest.param("De zorg en de horeca lopen een laag risico.", [("zorg", "low"), ("horeca", "low")], id="sectors-of-their-own-stay"),
    pytest.param("Servicedeskmedewerkers en testers lopen het grootste risico.",
                 [("Servicedeskmedewerkers", "high"), ("testers", "high")], id="nl-ict-support-and-testers"),
    pytest.param("IT support staff and QA engineers face a high risk.",
                 [("IT support staff", "high"), ("QA engineers", "high")], id="en-ict-support-and-testers"),
    pytest.param("Telemarketers are among the most exposed, while plumbers are among the least exposed.",
                 [("Telemarketers", "high"), ("plumbers", "low")], id="en-most-and-least-exposed"),
    pytest.param("Verzorgenden zijn het minst blootgesteld.", [("Verzorgenden", "low")], id="nl-minst-blootgesteld"),
    pytest.param("Van alle beroepen lopen telemarketeers het laagste risico.", [("telemarketeers", "low")],
                 id="nl-laagste-risico"),
    pytest.param("Secretaries are highly exposed to automation.", [("Secretaries", "high")], id="en-highly-exposed"),
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


_CUE_PIECES = ["Vertalers", "lopen", "een", "hoog", "risico", "onder", "ONDER", "druk", "kwetsbaar", "vraag", "naar",
               "koks", "groeit", "niet", "of", "nauwelijks", "geraakt", "transformatie", "transform", "safe", "from",
               "AI", "impact", "ondervinden", "meer", "at", "risk", "vooral", "veranderen", "Σ", ".", ". ", ".\n\n",
               "◼ ", ":", ",", "-"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_CUE_PIECES), min_size=1, max_size=40), st.sampled_from([" ", "", "\n"]))
def test_levels_read_for_the_whole_document_are_those_of_each_sentence_alone(pieces: list[str], glue: str) -> None:
    """One scan of the document for the cues' words, then a search of the sentences that hold
    them, gives every sentence the level its first matching cue gives it on its own, also where
    a cue's words are split over two sentences or glued to others (``koksrisico``)."""
    from kg.extracting.casefold import fold_document

    text = glue.join(pieces)
    segmented = doc(text)
    folded = fold_document(text)
    want = {}
    for index, sentence in enumerate(segmented.sentences):
        if (level := risks._folded_level_of(folded[sentence.start : sentence.end])) is not None:
            want[index] = level
    assert risks._SENTENCE_CUES.levels(segmented, folded) == want


def test_levels_of_sentences_with_cues_of_several_levels_take_the_first_in_order() -> None:
    from kg.extracting.casefold import fold_document

    text = "Vertalers lopen risico. Niets hier.\n\nKoks worden niet of nauwelijks geraakt, ook al is er druk. Safe from AI."
    segmented = doc(text)
    assert risks._SENTENCE_CUES.levels(segmented, fold_document(text)) == {0: "high", 2: "low", 3: "low"}


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


def test_vocabulary_scan_finds_what_the_folded_pattern_finds() -> None:
    from pathlib import Path

    from kg.extracting.casefold import fold

    vocabulary = risks.load_vocabulary()
    for path in sorted((Path(__file__).resolve().parent.parent / "corpus").glob("*.txt")):
        text = fold(path.read_text(encoding="utf-8"))
        for start, end in ((0, len(text)), (1, len(text)), (200, 2000)):
            assert list(vocabulary.scan.spans(text, start, end)) == [m.span() for m in vocabulary.folded.finditer(text, start, end)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \t\n\u00a0\u2028\u3000\x1c\x85’'Ab-", max_size=20))
def test_key_collapses_white_space_as_the_regex_did(surface: str) -> None:
    assert risks._key(surface) == re.sub(r"\s+", " ", surface.lower().replace("’", "'")).strip()


def test_a_common_word_anchors_no_cue() -> None:
    """``onder druk`` is looked for by ``druk``, ``impact ondervinden`` by a longer word than ``onder``."""
    anchors = {anchor for _, _, by_anchor in risks._SENTENCE_CUES.cues for anchor, _ in by_anchor or ()}
    assert "druk" in anchors and not anchors & risks.COMMON_WORDS


@given(st.lists(st.lists(st.sampled_from(["ab", "b", "c", "abc", "x"]), max_size=3).map(tuple), max_size=4),
       st.text(alphabet="abcx ", max_size=12))
def test_holds_all_of_one_is_any_of_all(others: list[tuple[str, ...]], body: str) -> None:
    assert risks._holds_all_of_one(body, tuple(others)) == any(all(word in body for word in words) for words in others)
