"""IRIs of our terms and of the standard vocabularies we reuse.

``KG`` is a DefinedNamespace: a typo raises at import time, and a test checks
every term against ``ontology/kg.ttl``.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

BASE = "https://w3id.org/kg/"

OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")

CLAIMS = Namespace(BASE + "claims/")
DOCUMENTS = Namespace(BASE + "documents/")
ENTITIES = Namespace(BASE + "entities/")
SOURCES = Namespace(BASE + "sources/")
AGENTS = Namespace(BASE + "agents/")
ACTIVITIES = Namespace(BASE + "activities/")
GRAPHS = Namespace(BASE + "graphs/")
OCCUPATIONS = Namespace(BASE + "occupations/")

ONTOLOGY_GRAPH = URIRef(BASE + "graphs/ontology")


class KG(DefinedNamespace):
    """Terms of the kg ontology (ontology/kg.ttl)."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes
    Claim: URIRef
    MonetaryAmountClaim: URIRef
    PercentageClaim: URIRef
    CountClaim: URIRef
    QuoteClaim: URIRef
    ExpertOpinionClaim: URIRef
    RiskClassificationClaim: URIRef
    StatementClaim: URIRef
    SkillTrendClaim: URIRef
    DefinitionClaim: URIRef
    CitationClaim: URIRef
    Document: URIRef
    CitedSource: URIRef
    Extractor: URIRef
    ComparableValue: URIRef
    ExchangeRate: URIRef
    Correction: URIRef
    Rejection: URIRef
    RejectedClaim: URIRef

    # properties
    evidence: URIRef
    document: URIRef
    text: URIRef
    sha256: URIRef
    length: URIRef
    fileName: URIRef
    page: URIRef
    measure: URIRef
    period: URIRef
    approximate: URIRef
    bound: URIRef
    unit: URIRef
    time: URIRef
    speaker: URIRef
    affiliation: URIRef
    holder: URIRef
    target: URIRef
    level: URIRef
    sentenceStart: URIRef
    term: URIRef
    marker: URIRef
    sentenceEnd: URIRef
    comparableValue: URIRef
    exchangeRate: URIRef
    quoteCurrency: URIRef
    equivalentTo: URIRef
    corroborates: URIRef
    conflictsWith: URIRef
    corrects: URIRef
    rejects: URIRef
    reason: URIRef


PREFIXES: dict[str, Namespace | str] = {
    "kg": KG._NS,
    "oa": OA,
    "prov": PROV,
    "schema": SCHEMA,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "claim": CLAIMS,
    "doc": DOCUMENTS,
    "entity": ENTITIES,
    "source": SOURCES,
    "agent": AGENTS,
    "activity": ACTIVITIES,
    "occ": OCCUPATIONS,
}
