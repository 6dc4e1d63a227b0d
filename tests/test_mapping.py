import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from kg import mapping, storing
from kg.model import Document, MonetaryAmount, Statement, assign_ids
from kg.namespaces import ACTIVITIES, CLAIMS, DOCUMENTS, KG, OA, PREFIXES, SCHEMA

TEXT = "Een ingenieur verdient €90.000 per jaar glassdoor.com. Dat is veel."


def sample() -> tuple[Document, list]:
    doc = Document("d1", "d1.txt", "text/plain", TEXT, "0" * 64, title="Titel", date="2025-06", language="nl")
    start = TEXT.index("€")
    money = MonetaryAmount.at(doc, start, start + 7, value=90000.0, currency="EUR", period="year", approximate=True,
                              extractor="money", extractor_version="0.1.0", cited_sources=["glassdoor.com"],
                              subjects=["Ingenieur"])  # fmt: skip
    statement = Statement.at(doc, TEXT.index("Dat"), len(TEXT), extractor="statements", extractor_version="0.1.0")
    return doc, assign_ids([money, statement])


def test_claim_has_evidence_with_both_selectors() -> None:
    doc, (money, _) = sample()
    graphs = mapping.document_graphs(doc, [money])
    own = set(graphs[mapping.document_graph_iri("d1")])
    node = mapping.claim_iri(money.id)
    evidence, position, quote = (URIRef(f"{node}#{x}") for x in ("evidence", "position", "quote"))
    assert (node, RDF.type, KG.MonetaryAmountClaim) in own
    assert (node, KG.evidence, evidence) in own
    assert (evidence, OA.hasSource, mapping.document_iri("d1")) in own
    assert (position, OA.start, Literal(TEXT.index("€"), datatype=XSD.nonNegativeInteger)) in own
    assert (quote, OA.exact, Literal("€90.000")) in own
    assert (quote, OA.prefix, Literal("Een ingenieur verdient ")) in own
    assert (node, SCHEMA.value, Literal("90000", datatype=XSD.decimal)) in own
    assert (node, SCHEMA.currency, Literal("EUR")) in own
    assert (node, KG.approximate, Literal(True)) in own


def test_provenance_reaches_document_source_and_activity() -> None:
    doc, (money, _) = sample()
    graphs = mapping.document_graphs(doc, [money])
    own, shared = set(graphs[mapping.document_graph_iri("d1")]), set(graphs[mapping.SHARED_GRAPH])
    node = mapping.claim_iri(money.id)
    source = mapping.source_iri("glassdoor.com")
    activity = mapping.activity_iri("d1", "money")
    assert (node, PROV.wasDerivedFrom, mapping.document_iri("d1")) in own
    assert (node, PROV.wasDerivedFrom, source) in own
    assert (node, PROV.wasGeneratedBy, activity) in own
    assert (activity, PROV.wasAssociatedWith, mapping.agent_iri("money", "0.1.0")) in own
    assert (source, RDF.type, KG.CitedSource) in shared  # shared nodes live once, in the shared graph
    assert (mapping.entity_iri("Ingenieur"), None, None) not in own


def test_document_node_holds_text_and_metadata() -> None:
    doc, claims = sample()
    own = set(mapping.document_graphs(doc, claims)[mapping.document_graph_iri("d1")])
    node = mapping.document_iri("d1")
    assert (node, KG.text, Literal(TEXT)) in own
    assert (node, KG.length, Literal(len(TEXT), datatype=XSD.integer)) in own
    assert (node, URIRef("http://purl.org/dc/terms/date"), Literal("2025-06", datatype=XSD.gYearMonth)) in own


def test_ids_are_content_derived_and_stable() -> None:
    _, first = sample()
    _, second = sample()
    assert [c.id for c in first] == [c.id for c in second]
    assert len({c.id for c in first}) == 2


def test_trig_round_trips_through_rdflib() -> None:
    doc, claims = sample()
    graphs = mapping.document_graphs(doc, claims)
    trig = storing.to_trig(graphs, {k: str(v) for k, v in PREFIXES.items()})
    dataset = Dataset()
    dataset.parse(data=trig, format="trig")
    assert len(dataset) == sum(len(set(t)) for t in graphs.values())


def test_slugs_are_readable_and_safe() -> None:
    assert mapping.slug("Google DeepMind") == "google-deepmind"
    assert mapping.slug("Zuid-Afrika (Azië)") == "zuid-afrika-azie"
    assert mapping.slug("!!!") == "x"


def _state(literal: Literal) -> tuple:  # type: ignore[type-arg]
    return (type(literal), str(literal), literal.language, literal.datatype, type(literal.datatype),
            literal.value, type(literal.value), literal.ill_typed, hash(literal))  # fmt: skip


@pytest.mark.parametrize("text", ["", "€90.000", "Een\nverdient ", ' "quoted" \\ ', "\ud800 lone", "1", "true"])
def test_plain_literals_are_the_ones_rdflib_makes(text: str) -> None:
    # mapping builds plain-string literals without rdflib's constructor: they must not differ in any way
    made = mapping._plain_literal(text)
    assert made == Literal(text) and made.eq(Literal(text))
    assert _state(made) == _state(Literal(text))


@pytest.mark.parametrize("value", [0, 7, 123456, 10**30])
def test_offsets_are_the_literals_rdflib_makes(value: int) -> None:
    expected = Literal(value, datatype=XSD.nonNegativeInteger)
    assert mapping._offset(value) == expected
    assert _state(mapping._offset(value)) == _state(expected)


def test_fragments_and_namespace_iris_are_the_terms_rdflib_makes() -> None:
    node = mapping.claim_iri("c-1")
    assert node == CLAIMS["c-1"] and type(node) is URIRef
    fragment = mapping._fragment(node, "mention-3-9-quote")
    assert fragment == URIRef(f"{node}#mention-3-9-quote") and type(fragment) is URIRef
    assert mapping.document_iri("d1") == DOCUMENTS["d1"]
    assert mapping.activity_iri("d1", "money") == ACTIVITIES["d1/money"]
