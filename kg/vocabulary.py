"""The entity vocabulary (``ontology/entities.ttl``), read at run time.

A :class:`Concept` is one SKOS concept: its IRI, English preferred label (the
label claims carry in ``subjects``), the scheme it belongs to (``roles``,
``organisations``, ``places``, ``sectors``, ``experience``) and every label
that names it in text. :func:`load_vocabulary` parses the file once per path.

>>> vocabulary = load_vocabulary()
>>> vocabulary.concept_for("VS").label
'United States'
>>> vocabulary.concept_for("datawetenschapper").scheme
'roles'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg.settings import load_settings

VOCABULARY_FILE = "entities.ttl"
VOCAB_BASE = "https://w3id.org/kg/vocab/"

# schemes whose labels are proper names: matched with their case as written
CASE_SENSITIVE_SCHEMES = frozenset({"organisations", "places"})


@dataclass(frozen=True, slots=True)
class Concept:
    iri: str
    label: str  # the English prefLabel
    scheme: str  # local name of the skos:ConceptScheme
    names: tuple[str, ...]  # every pref/alt/hidden label, any language

    @property
    def case_sensitive(self) -> bool:
        return self.scheme in CASE_SENSITIVE_SCHEMES


@dataclass(frozen=True)
class Vocabulary:
    concepts: tuple[Concept, ...]
    # label indexes and the hash, built once: every mention, subject and entity IRI asks
    # ``concept_for``, and hashing every concept's names per call cost more than the lookups
    _index: dict[str, Concept] = field(init=False, repr=False, compare=False)
    _folded_index: dict[str, Concept] = field(init=False, repr=False, compare=False)
    _by_iri: dict[str, Concept] = field(init=False, repr=False, compare=False)
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        concepts = self.concepts
        assign = object.__setattr__  # frozen: the derived fields are set once, here
        assign(self, "_index", {name: c for c in concepts for name in (c.label, *c.names)})
        assign(self, "_folded_index", {
            name.casefold(): c for c in concepts if not c.case_sensitive for name in (c.label, *c.names)
        })  # fmt: skip
        by_iri: dict[str, Concept] = {}
        for c in concepts:
            by_iri.setdefault(c.iri, c)  # the first, as a scan in order finds it
        assign(self, "_by_iri", by_iri)
        assign(self, "_hash", hash(concepts))

    def __hash__(self) -> int:
        return self._hash

    def concept_for(self, label: str) -> Concept | None:
        """The concept one of whose labels is ``label`` (exact case first, then any case
        for case-insensitive schemes)."""
        return self._index.get(label) or self._folded_index.get(label.casefold())

    def by_iri(self, iri: str) -> Concept | None:
        return self._by_iri.get(iri)


def default_path() -> Path:
    return load_settings().ontology_dir / VOCABULARY_FILE


@lru_cache(maxsize=4)
def load_vocabulary(path: Path | None = None) -> Vocabulary:
    """The concepts of ``path`` (default ``ontology/entities.ttl``), sorted by IRI."""
    graph = Graph()
    graph.parse(path or default_path(), format="turtle")
    concepts = []
    for concept in set(graph.subjects(SKOS.inScheme, None)):
        scheme = graph.value(concept, SKOS.inScheme)
        labels = [o for o in graph.objects(concept, SKOS.prefLabel) if isinstance(o, Literal)]
        english = next((str(o) for o in labels if o.language == "en"), None) or (str(labels[0]) if labels else None)
        if english is None or not isinstance(scheme, URIRef):
            continue
        names = sorted(
            {str(o) for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel) for o in graph.objects(concept, p)}
        )
        concepts.append(Concept(str(concept), english, str(scheme).removeprefix(VOCAB_BASE), tuple(names)))
    return Vocabulary(tuple(sorted(concepts, key=lambda c: c.iri)))
