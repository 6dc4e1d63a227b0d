"""kg.extracting.skills: skills gaining or losing importance."""

import pytest

from kg.extracting import skills
from kg.model import Document
from kg.segmenting import segment


def doc(text: str):
    return segment(Document(id="t", file_name="t.txt", format="text/plain", text=text, sha256=""))



@pytest.mark.parametrize("text, want", [
    pytest.param("Digitale geletterdheid wordt steeds belangrijker.", [("Digitale geletterdheid", "increasing")], id="nl-belangrijker"),
    pytest.param("Experts noemen aanpassingsvermogen cruciaal.", [("aanpassingsvermogen", "increasing")], id="nl-cruciaal"),
    pytest.param("Zelf kunnen schrijven wordt minder belangrijk.", [("Zelf kunnen schrijven", "decreasing")], id="nl-minder-belangrijk"),
    pytest.param("Critical thinking is increasingly important.", [("Critical thinking", "increasing")], id="en-increasingly-important"),
])
def test_trend(text: str, want: list) -> None:
    assert [(c.exact, c.level) for c in skills.extract(doc(text))] == want
