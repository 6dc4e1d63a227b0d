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
