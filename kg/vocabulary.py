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

import pyoxigraph as ox

from kg.settings import load_settings

VOCABULARY_FILE = "entities.ttl"
VOCAB_BASE = "https://w3id.org/kg/vocab/"

SKOS = "http://www.w3.org/2004/02/skos/core#"
IN_SCHEME, PREF_LABEL, ALT_LABEL, HIDDEN_LABEL = (SKOS + name for name in ("inScheme", "prefLabel", "altLabel", "hiddenLabel"))
Term = ox.NamedNode | ox.BlankNode | ox.Literal
Graph = dict[str, dict[str, list[Term]]]  # subject IRI -> predicate IRI -> objects

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


def read_graph(path: Path) -> Graph:
    """The triples of a Turtle file about IRIs, objects in file order without repeats.
    pyoxigraph's parser: rdflib's took most of a worker's first extraction."""
    graph: Graph = {}
    for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        if isinstance(triple.subject, ox.NamedNode):
            objects = graph.setdefault(triple.subject.value, {}).setdefault(triple.predicate.value, [])
            if triple.object not in objects:
                objects.append(triple.object)
    return graph


@lru_cache(maxsize=4)
def load_vocabulary(path: Path | None = None) -> Vocabulary:
    """The concepts of ``path`` (default ``ontology/entities.ttl``), sorted by IRI."""
    graph = read_graph(path or default_path())
    concepts = []
    for concept, about in graph.items():
        if IN_SCHEME not in about:
            continue
        scheme = about[IN_SCHEME][0]
        labels = [o for o in about.get(PREF_LABEL, ()) if isinstance(o, ox.Literal)]
        english = next((o.value for o in labels if o.language == "en"), None) or (labels[0].value if labels else None)
        if english is None or not isinstance(scheme, ox.NamedNode):
            continue
        names = sorted({o.value for p in (PREF_LABEL, ALT_LABEL, HIDDEN_LABEL) for o in about.get(p, ())})
        concepts.append(Concept(concept, english, scheme.value.removeprefix(VOCAB_BASE), tuple(names)))
    return Vocabulary(tuple(sorted(concepts, key=lambda c: c.iri)))
