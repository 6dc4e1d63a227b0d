"""kg.extracting.citations: numbered footnotes, their fields, URLs and markers."""

from kg.extracting import citations
from kg.model import Document
from kg.segmenting import segment


def doc(text: str):
    return segment(Document(id="t", file_name="t.txt", format="text/plain", text=text, sha256=""))


TEXT = """Inleiding

De lonen stijgen snel.1 Ook volgens het ABC stijgen ze, zie het rapport uit 20242: zeker.

1 CPB, 2024. Lonen in Nederland | Rapport | CPB
2 ABC, 2024, Werk en AI
3 Een noot is een toelichting bij de tekst.

https://www.cpb.nl/lonen
https://www.abc.nl/werk-en-ai
"""


def test_footnotes_fields_and_urls() -> None:
    found = citations.extract(doc(TEXT))
    assert [(c.marker, c.publisher, c.time, c.title, c.url) for c in found] == [
        ("1", "CPB", "2024", "Lonen in Nederland", "https://www.cpb.nl/lonen"),
        ("2", "ABC", "2024", "Werk en AI", "https://www.abc.nl/werk-en-ai"),
        ("3", None, None, None, None),
    ]
    for c in found:
        assert TEXT[c.start : c.end] == c.exact


def test_markers_glued_to_a_word_and_to_a_year_cite_their_footnote() -> None:
    d = doc(TEXT)
    claims = citations.extract(d)
    sentence_claims = [c for c in claims]
    from kg.extracting import statements

    sentence_claims += statements.extract(d, claims)
    citations.attach_markers(d, sentence_claims)
    by_text = {c.exact: c.cited_sources for c in sentence_claims if c.type == "Statement"}
    assert by_text["De lonen stijgen snel.1"] == ["https://www.cpb.nl/lonen"]
    assert "https://www.abc.nl/werk-en-ai" in next(v for k, v in by_text.items() if k.startswith("Ook volgens"))
