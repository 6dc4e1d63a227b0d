"""kg.extracting.definitions: glossary items, defining footnotes, explicit definitions."""

from kg.extracting import definitions
from kg.model import Document
from kg.segmenting import segment


def doc(text: str):
    return segment(Document(id="t", file_name="t.txt", format="text/plain", text=text, sha256=""))



def test_glossary_item_wrapped() -> None:
    text = "Box 2 Begrippen\n\n• Chatbot: “Een programma dat \ngesprekken voert.”\n"
    (d,) = definitions.extract(doc(text))
    assert (d.term, d.exact) == ("Chatbot", "Een programma dat \ngesprekken voert.")


def test_explicit_definition() -> None:
    text = "Een startup wordt gedefinieerd als een jong bedrijf met groeiambitie."
    (d,) = definitions.extract(doc(text))
    assert d.exact == "een jong bedrijf met groeiambitie"


def test_list_item_with_lead_in_is_no_definition() -> None:
    assert definitions.extract(doc("- Startups: Startups zoeken ook naar talent.")) == []


def test_explicit_definitions_are_the_ones_a_scan_of_every_position_finds() -> None:
    texts = [
        "Een startup wordt gedefinieerd als een jong bedrijf. AI Act is defined as a law. Niets hier.",
        "Undefined   wordt\n\n\n     gedefinieerd als iets. Scale-up worden gedefinieerd als groeiers, "
        "Groei is defined as more; Een Heel Lange Term Met Veel Woorden Erin Die Niet Past wordt gedefinieerd als x.",
        "X is defined as a. Y is defined as b. Z wordt gedefinieerd als " + "c" * 3000 + ". " + "W " * 200 + "is defined as d.",
        "gedefinieerd defined is defined as wordt gedefinieerd als.",
        "Geen definitie in deze tekst.",
    ]
    for text in texts:
        want = [m.span() for m in definitions._EXPLICIT.pattern.finditer(text)]
        assert [m.span() for m in definitions._explicit_definitions(text)] == want, text[:40]


def test_explicit_definitions_with_the_longest_terms_and_whitespace() -> None:
    """A match reaches furthest before its required word with a term of the longest length."""
    term = "A" + "b" * 50  # [A-Z] and 50 more: the longest term the pattern takes
    for gap in (" ", "\n\n  ", "\t" * 7):
        for text in (f"x. {term}{gap}worden{gap}gedefinieerd als iets.", f"x. {term}{gap}is{gap}defined as iets.",
                     f"x. Ab{term}{gap}worden{gap}gedefinieerd als iets."):
            want = [m.span() for m in definitions._EXPLICIT.pattern.finditer(text)]
            assert want, text  # (the case exists)
            assert [m.span() for m in definitions._explicit_definitions(text)] == want, text
