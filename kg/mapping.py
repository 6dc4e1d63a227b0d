"""Mapping claims to RDF.

Per document two graphs: the document's own graph (its node, full text, claims,
evidence and extraction activities) and the shared graph (extractors, cited
sources and entities, which several documents mention and which must be one
node each). Every IRI is derived from content, so the same input gives the same
graph; there are no blank nodes, so files diff cleanly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import lru_cache

from rdflib import Literal, Namespace, URIRef
from rdflib import namespace as rdflib_namespaces

from kg import namespaces
from kg.model import Claim, Document
from kg.vocabulary import load_vocabulary
from kg.namespaces import ACTIVITIES, AGENTS, CLAIMS, DOCUMENTS, ENTITIES, GRAPHS, SOURCES

Triple = tuple[URIRef, URIRef, URIRef | Literal]


class _Terms:
    """A namespace whose terms are made once. An attribute of an rdflib namespace builds
    and validates a new URIRef on every access, which cost as much as the triples."""

    def __init__(self, namespace: Namespace | type[rdflib_namespaces.DefinedNamespace]) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term: URIRef = getattr(self._namespace, name)  # unknown KG terms still raise here
        setattr(self, name, term)  # later lookups find the attribute and skip __getattr__
        return term


DCTERMS, PROV, RDF, RDFS, XSD = (
    _Terms(n) for n in (rdflib_namespaces.DCTERMS, rdflib_namespaces.PROV, rdflib_namespaces.RDF,
                        rdflib_namespaces.RDFS, rdflib_namespaces.XSD)
)  # fmt: skip
KG, OA, SCHEMA = _Terms(namespaces.KG), _Terms(namespaces.OA), _Terms(namespaces.SCHEMA)

SHARED_GRAPH = GRAPHS["shared"]

CLASS_OF_TYPE = {
    "MonetaryAmount": KG.MonetaryAmountClaim,
    "Percentage": KG.PercentageClaim,
    "Count": KG.CountClaim,
    "Quote": KG.QuoteClaim,
    "ExpertOpinion": KG.ExpertOpinionClaim,
    "RiskClassification": KG.RiskClassificationClaim,
    "Statement": KG.StatementClaim,
    "SkillTrend": KG.SkillTrendClaim,
    "Definition": KG.DefinitionClaim,
    "Citation": KG.CitationClaim,
}
TYPE_OF_CLASS = {str(v): k for k, v in CLASS_OF_TYPE.items()}

# claim field -> (predicate, literal datatype)
VALUE_FIELDS: dict[str, tuple[URIRef, URIRef | None]] = {
    "value": (SCHEMA.value, XSD.decimal),
    "low": (SCHEMA.minValue, XSD.decimal),
    "high": (SCHEMA.maxValue, XSD.decimal),
    "currency": (SCHEMA.currency, None),
    "unit": (KG.unit, None),
    "period": (KG.period, None),
    "bound": (KG.bound, None),
    "measure": (KG.measure, None),
    "time": (KG.time, None),
    "level": (KG.level, None),
    "term": (KG.term, None),
    "marker": (KG.marker, None),
    "publisher": (DCTERMS.publisher, None),
    "title": (DCTERMS.title, None),
    "url": (SCHEMA.url, None),
}
_ENTITY_FIELDS: dict[str, URIRef] = {
    "speaker": KG.speaker,
    "affiliation": KG.affiliation,
    "holder": KG.holder,
    "target": KG.target,
}


# Building a term through an rdflib Namespace (``CLAIMS[id]``) costs two extra calls
# per term; these prefixes are joined to ids directly, a URIRef still checks the result
_DOCUMENTS, _CLAIMS, _ACTIVITIES = str(DOCUMENTS), str(CLAIMS), str(ACTIVITIES)


def _fragment(node: URIRef, name: str) -> URIRef:
    """``<node>#name``. Both parts are valid IRI text already (``name`` is a word of ours,
    offsets or a currency code), so rdflib's check for forbidden characters is skipped; a
    URIRef has no state besides its text, so the term is the one ``URIRef(...)`` makes."""
    return str.__new__(URIRef, f"{node}#{name}")


def _plain_literal(text: str) -> Literal:
    """``Literal(text)``: the one rdflib's constructor makes for a str, without its casting
    and checks, which it runs even when nothing changes (a third of mapping's time;
    tests/test_mapping.py holds the two alike)."""
    if type(text) is not str:
        return Literal(text)
    return _literal_of(text, text, None)


def _literal_of(lexical: str, value: object, datatype: URIRef | None) -> Literal:
    """The Literal rdflib makes of ``value`` when its lexical form is ``lexical``: only for
    values whose form rdflib leaves as ``str(value)`` (strings, ints)."""
    literal = str.__new__(Literal, lexical)
    literal._language = literal._ill_typed = None
    literal._datatype = datatype
    literal._value = value
    return literal


@lru_cache(maxsize=256)  # one document per process at a time, its id on every claim
def document_iri(doc_id: str) -> URIRef:
    return URIRef(_DOCUMENTS + doc_id)


def document_graph_iri(doc_id: str) -> URIRef:
    return GRAPHS[doc_id]


def claim_iri(claim_id: str) -> URIRef:
    return URIRef(_CLAIMS + claim_id)


def slug(label: str) -> str:
    """A readable, IRI-safe key for a label: ``Google DeepMind`` -> ``google-deepmind``."""
    ascii_label = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_label.lower()).strip("-") or "x"


@lru_cache(maxsize=1 << 16)  # a label recurs in many claims; the vocabulary is read once per process too
def entity_iri(label: str) -> URIRef:
    """The node of an entity: the concept of ``ontology/entities.ttl`` one of whose
    labels is ``label`` (``VS`` -> entity:united-states), else entity:<slug>."""
    concept = load_vocabulary().concept_for(label)
    return URIRef(concept.iri) if concept else ENTITIES[slug(label)]


@lru_cache(maxsize=1 << 16)
def target_iri(label: str) -> URIRef:
    """A classification's or skill trend's target: its concept in
    ``ontology/occupations.ttl``, else an entity."""
    from kg.extracting.risks import concept_iri

    return concept_iri(label) or entity_iri(label)


def mention_iri(label: str, kind: str, concept: str | None = None) -> URIRef:
    return URIRef(concept) if concept else target_iri(label) if kind == "Concept" else entity_iri(label)


def mention_triples(claim: Claim, node: URIRef, doc: Document) -> Iterator[Triple]:
    """Each mention as a W3C Web Annotation (motivation oa:identifying) whose body
    is the entity and whose target is the span, so one entity keeps every mention."""
    bodies = {mention_iri(r["label"], r["kind"], r.get("concept")) for r in claim.mentions}
    for body in sorted(bodies):
        yield node, SCHEMA.mentions, body
    for record in claim.mentions:
        start, end = record["start"], record["end"]
        name = f"mention-{start}-{end}"
        annotation = _fragment(node, name)
        target, position, quote = (_fragment(node, f"{name}-{part}") for part in ("target", "position", "quote"))
        body = mention_iri(record["label"], record["kind"], record.get("concept"))
        yield annotation, RDF.type, OA.Annotation
        yield annotation, OA.motivatedBy, OA.identifying
        yield annotation, OA.hasBody, body
        yield annotation, OA.hasTarget, target
        if role := record.get("group") or record.get("field"):
            yield annotation, SCHEMA.roleName, _plain_literal(role)
        yield target, RDF.type, OA.SpecificResource
        yield target, OA.hasSource, document_iri(doc.id)
        yield target, OA.hasSelector, position
        yield target, OA.hasSelector, quote
        yield position, RDF.type, OA.TextPositionSelector
        yield position, OA.start, _offset(start)
        yield position, OA.end, _offset(end)
        yield quote, RDF.type, OA.TextQuoteSelector
        yield quote, OA.exact, _plain_literal(doc.text[start:end])


def _declared(label: str) -> bool:
    """Whether ``ontology/entities.ttl`` declares the entity (its triples are there)."""
    return load_vocabulary().concept_for(label) is not None


def people_triples(claims: Iterable[Claim]) -> Iterator[Triple]:
    """People and organisations named in mentions: types, names, affiliations, roles."""
    seen: set[tuple[str, str]] = set()
    for claim in claims:
        for record in claim.mentions:
            kind = record["kind"]
            if kind not in ("Person", "Organization") or (record["label"], kind) in seen:
                continue
            seen.add((record["label"], kind))
            node = entity_iri(record["label"])
            if not _declared(record["label"]):  # the vocabulary types and names its own entities
                yield node, RDF.type, SCHEMA.Person if kind == "Person" else SCHEMA.Organization
                yield node, SCHEMA.name, Literal(record["label"])
            if org := record.get("affiliation"):
                yield node, SCHEMA.affiliation, entity_iri(org)
                if not _declared(org):
                    yield entity_iri(org), RDF.type, SCHEMA.Organization
                    yield entity_iri(org), SCHEMA.name, Literal(org)
                    yield entity_iri(org), RDFS.label, Literal(org)
            if role := record.get("role"):
                yield node, SCHEMA.jobTitle, Literal(role)


def source_iri(label: str) -> URIRef:
    return SOURCES[slug(label) if "/" in label or " " in label else label.lower()]


def agent_iri(name: str, version: str) -> URIRef:
    return AGENTS[f"{name}-{version}"]


@lru_cache(maxsize=1024)  # every claim names its extraction activity
def activity_iri(doc_id: str, extractor: str) -> URIRef:
    return URIRef(f"{_ACTIVITIES}{doc_id}/{extractor}")


def _offset(value: int) -> Literal:
    """A character offset: ``Literal(value, datatype=XSD.nonNegativeInteger)``, made directly
    as rdflib's constructor took 4 µs for it and offsets seldom recur (a cache missed 9 in 10)."""
    if type(value) is not int:
        return Literal(value, datatype=XSD.nonNegativeInteger)
    return _literal_of(str(value), value, XSD.nonNegativeInteger)


@lru_cache(maxsize=1 << 16)  # a typed Literal is slow to make, and figures recur (1 == 1.0 maps alike)
def _decimal(value: float) -> Literal:
    return Literal(Decimal(repr(value)).normalize() if value % 1 else Decimal(int(value)), datatype=XSD.decimal)


_TRUE = Literal(True)


def _date_literal(date: str) -> Literal:
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}.get(len(date), XSD.string)
    return Literal(date, datatype=datatype)


def document_triples(doc: Document) -> Iterator[Triple]:
    node = document_iri(doc.id)
    yield node, RDF.type, KG.Document
    yield node, RDF.type, SCHEMA.DigitalDocument
    yield node, RDF.type, PROV.Entity
    yield node, DCTERMS.identifier, Literal(doc.id)
    yield node, KG.fileName, Literal(doc.file_name)
    yield node, DCTERMS.format, Literal(doc.format)
    yield node, KG.sha256, Literal(doc.sha256)
    yield node, KG.length, Literal(doc.length, datatype=XSD.integer)
    yield node, KG.text, Literal(doc.text)
    if doc.language:
        yield node, DCTERMS.language, Literal(doc.language)
    if doc.title:
        yield node, DCTERMS.title, Literal(doc.title)
    if doc.date:
        yield node, DCTERMS.date, _date_literal(doc.date)


def claim_triples(claim: Claim, doc: Document) -> Iterator[Triple]:
    node = claim_iri(claim.id)
    doc_node = document_iri(claim.doc)
    evidence, position, quote = _fragment(node, "evidence"), _fragment(node, "position"), _fragment(node, "quote")
    yield node, RDF.type, CLASS_OF_TYPE[claim.type]
    yield node, KG.document, doc_node
    yield node, KG.evidence, evidence
    yield node, PROV.wasGeneratedBy, activity_iri(claim.doc, claim.extractor)
    yield node, PROV.wasDerivedFrom, doc_node
    for label in claim.cited_sources:
        yield node, PROV.wasDerivedFrom, source_iri(label)
    for field_name, (predicate, datatype) in VALUE_FIELDS.items():
        value = getattr(claim, field_name, None)
        if value is None:
            continue
        yield node, predicate, _decimal(value) if datatype is XSD.decimal else _plain_literal(value)
    if getattr(claim, "approximate", False):
        yield node, KG.approximate, _TRUE
    for field_name, predicate in _ENTITY_FIELDS.items():
        if label := getattr(claim, field_name, None):
            yield node, predicate, target_iri(label) if field_name == "target" else entity_iri(label)
    yield from mention_triples(claim, node, doc)
    for label in claim.subjects:
        yield node, DCTERMS.subject, entity_iri(label)
    yield from _number_triples(claim, node)
    page = doc.page_at(claim.start)
    yield evidence, RDF.type, OA.SpecificResource
    yield evidence, OA.hasSource, doc_node
    yield evidence, OA.hasSelector, position
    yield evidence, OA.hasSelector, quote
    if page is not None:
        yield evidence, KG.page, Literal(page, datatype=XSD.integer)
    yield position, RDF.type, OA.TextPositionSelector
    yield position, OA.start, _offset(claim.start)
    yield position, OA.end, _offset(claim.end)
    yield quote, RDF.type, OA.TextQuoteSelector
    yield quote, OA.exact, _plain_literal(claim.exact)
    yield quote, OA.prefix, _plain_literal(claim.prefix)
    yield quote, OA.suffix, _plain_literal(claim.suffix)


def _number_triples(claim: Claim, node: URIRef) -> Iterator[Triple]:
    """A money claim's equivalent and its comparable values."""
    equivalent = getattr(claim, "equivalent", None)
    if isinstance(equivalent, str) and equivalent:
        yield node, KG.equivalentTo, claim_iri(equivalent)
    yield from comparable_triples(claim, node)


def comparable_triples(claim: Claim, node: URIRef) -> Iterator[Triple]:
    """A money claim's comparable values in EUR and USD, each derived from the claim and
    the exchange rates it used (``<claim>#eur``, ``<claim>#usd``)."""
    for comparable in getattr(claim, "comparable", None) or []:
        value_node = _fragment(node, comparable["currency"].lower())
        yield node, KG.comparableValue, value_node
        yield value_node, RDF.type, KG.ComparableValue
        yield value_node, SCHEMA.currency, _plain_literal(comparable["currency"])
        for key, predicate in (("value", SCHEMA.value), ("low", SCHEMA.minValue), ("high", SCHEMA.maxValue)):
            if comparable[key] is not None:
                yield value_node, predicate, _decimal(comparable[key])
        if comparable["period"]:
            yield value_node, KG.period, _plain_literal(comparable["period"])
        yield value_node, PROV.wasDerivedFrom, node
        for rate in comparable["rates"]:
            yield value_node, KG.exchangeRate, URIRef(rate)
            yield value_node, PROV.wasDerivedFrom, URIRef(rate)


def activity_triples(doc: Document, claims: Iterable[Claim]) -> Iterator[Triple]:
    for extractor in sorted({c.extractor for c in claims}):
        activity = activity_iri(doc.id, extractor)
        version = next(c.extractor_version for c in claims if c.extractor == extractor)
        yield activity, RDF.type, PROV.Activity
        yield activity, PROV.used, document_iri(doc.id)
        yield activity, PROV.wasAssociatedWith, agent_iri(extractor, version)


def activity_time_triples(doc: Document, claims: Iterable[Claim], ended_at: str) -> Iterator[Triple]:
    """When each extraction activity ended: added at build time, not in the golden files."""
    for extractor in sorted({c.extractor for c in claims}):
        yield activity_iri(doc.id, extractor), PROV.endedAtTime, Literal(ended_at, datatype=XSD.dateTime)


def shared_triples(claims: Iterable[Claim]) -> Iterator[Triple]:
    """Nodes that several documents share: extractors, cited sources, entities."""
    agents = {(c.extractor, c.extractor_version) for c in claims}
    for name, version in sorted(agents):
        agent = agent_iri(name, version)
        yield agent, RDF.type, PROV.SoftwareAgent
        yield agent, RDF.type, KG.Extractor
        yield agent, RDFS.label, Literal(name)
        yield agent, SCHEMA.softwareVersion, Literal(version)
    for label in sorted({s for c in claims for s in c.cited_sources}):
        source = source_iri(label)
        yield source, RDF.type, KG.CitedSource
        yield source, RDF.type, PROV.Entity
        yield source, RDFS.label, Literal(label)
    entity_labels = {s for c in claims for s in c.subjects} | {
        label for c in claims for f in _ENTITY_FIELDS if f != "target" and (label := getattr(c, f, None))
    }
    labelled = set()
    for label in sorted(entity_labels):
        labelled.add((entity_iri(label), RDFS.label, Literal(label)))
        yield entity_iri(label), RDFS.label, Literal(label)
    yield from dict.fromkeys(t for t in people_triples(claims) if t not in labelled)


def document_graphs(doc: Document, claims: list[Claim]) -> dict[URIRef, list[Triple]]:
    """The two graphs of one document: its own, and its part of the shared graph."""
    own = [*document_triples(doc), *activity_triples(doc, claims)]
    for claim in claims:
        own.extend(claim_triples(claim, doc))
    return {document_graph_iri(doc.id): own, SHARED_GRAPH: list(shared_triples(claims))}
