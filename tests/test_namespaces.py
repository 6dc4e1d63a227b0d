"""Every term the code uses is declared in the ontology, with labels in English and Dutch."""

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDFS

from kg.namespaces import KG
from kg.settings import load_settings


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    for path in load_settings().ontology_files():
        graph.parse(path)
    return graph


TERMS = sorted(name for name in KG.__annotations__)


@pytest.mark.parametrize("name", TERMS)
def test_term_is_declared_with_labels_in_both_languages(ontology: Graph, name: str) -> None:
    term = KG[name]
    assert (term, None, None) in ontology, f"kg:{name} is not in ontology/"
    for predicate in (RDFS.label, RDFS.comment):
        languages = {o.language for o in ontology.objects(term, predicate) if isinstance(o, Literal)}
        assert {"en", "nl"} <= languages, f"kg:{name} lacks an English or Dutch {predicate.fragment}"


def test_unknown_term_fails_loudly() -> None:
    with pytest.raises(AttributeError):
        KG.Salary  # noqa: B018
