from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from kg import storing

EX = "http://example.org/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def publish_one(location: Path, value: str) -> Path:
    with storing.new_generation(location) as (store, path):
        store.add(ox.Quad(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.Literal(value), ox.NamedNode(EX + "g")))
        store.flush()
        storing.publish(location, path)
    return path


def values(location: Path) -> list[str]:
    store = storing.open_store(location)
    return [s["o"].value for s in store.query("SELECT ?o WHERE { ?s ?p ?o }", use_default_graph_as_union=True)]


def test_missing_store_is_reported(tmp_path: Path) -> None:
    assert not storing.store_exists(tmp_path / "store")
    with pytest.raises(storing.StoreMissing, match="run `kg build` first"):
        storing.open_store(tmp_path / "store")


def test_publish_swaps_generations(tmp_path: Path) -> None:
    location = tmp_path / "store"
    first = publish_one(location, "one")
    assert storing.store_exists(location) and values(location) == ["one"]
    second = publish_one(location, "two")
    assert values(location) == ["two"]
    assert not first.exists() and second.exists()  # older generations are dropped
    assert location.is_symlink()


def test_failed_build_leaves_previous_store(tmp_path: Path) -> None:
    location = tmp_path / "store"
    publish_one(location, "kept")
    with pytest.raises(RuntimeError):
        with storing.new_generation(location) as (store, path):
            store.add(ox.Quad(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.Literal("half"), ox.NamedNode(EX + "g")))
            raise RuntimeError("validation failed")
    assert values(location) == ["kept"]
    assert not path.exists()  # the unpublished generation is cleaned up


def test_legacy_directory_is_kept_aside(tmp_path: Path) -> None:
    location = tmp_path / "store"
    legacy = ox.Store(str(location))
    legacy.add(ox.Quad(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.Literal("old")))
    legacy.flush()
    del legacy
    publish_one(location, "new")
    assert values(location) == ["new"]
    assert any(p.name.startswith("store.old-") for p in tmp_path.iterdir())


def test_rdflib_terms_convert_to_oxigraph() -> None:
    quads = list(storing.quads([(URIRef(EX + "s"), URIRef(EX + "p"), Literal("t", lang="nl")),
                                (URIRef(EX + "s"), URIRef(EX + "p"), Literal(3))], URIRef(EX + "g")))  # fmt: skip
    assert quads[0].object == ox.Literal("t", language="nl")
    assert quads[1].object.datatype == ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


def test_trig_is_sorted_and_deterministic() -> None:
    graphs = {URIRef(EX + "g2"): [(URIRef(EX + "b"), URIRef(EX + "p"), Literal("2"))],
              URIRef(EX + "g1"): [(URIRef(EX + "a"), URIRef(EX + "p"), Literal("1")),
                                  (URIRef(EX + "a"), URIRef(EX + "p"), Literal("1"))]}  # fmt: skip
    out = storing.to_trig(graphs, {"ex": EX})
    assert out == storing.to_trig(dict(reversed(list(graphs.items()))), {"ex": EX})
    assert out.index("ex:g1") < out.index("ex:g2") and out.count('"1"') == 1


@pytest.mark.parametrize("order", [("a", "b"), ("b", "a")])
def test_a_source_named_two_ways_keeps_one_label_whatever_the_order(order: tuple[str, str]) -> None:
    kg, rdfs, skos = "https://w3id.org/kg/ontology#", "http://www.w3.org/2000/01/rdf-schema#", "http://www.w3.org/2004/02/skos/core#"
    source = ox.NamedNode("https://w3id.org/kg/sources/booking.com")
    names = {"a": "Booking.com", "b": "booking.com"}
    store = ox.Store()
    for doc in order:
        graph = ox.NamedNode(f"{EX}graph-{doc}")
        store.add(ox.Quad(source, RDF_TYPE, ox.NamedNode(f"{kg}CitedSource"), graph))
        store.add(ox.Quad(source, ox.NamedNode(f"{rdfs}label"), ox.Literal(names[doc]), graph))
    other = ox.NamedNode(f"{EX}other")  # a source with one name is left alone
    store.add(ox.Quad(other, ox.NamedNode(f"{rdfs}label"), ox.Literal("Other"), ox.NamedNode(f"{EX}graph-a")))
    storing.merge_source_names(store)
    labels = {(q.predicate.value, q.object.value) for q in store.quads_for_pattern(source, None, None, None)
              if q.predicate != RDF_TYPE}  # fmt: skip
    assert labels == {(f"{rdfs}label", "Booking.com"), (f"{skos}altLabel", "booking.com")}
    assert [q.object.value for q in store.quads_for_pattern(other, None, None, None)] == ["Other"]


def _serialized(graphs: dict) -> bytes:  # type: ignore[type-arg]
    return ox.serialize((q for g, triples in graphs.items() for q in storing.quads(triples, g)), format=ox.RdfFormat.N_QUADS)


EVERY_ESCAPE = "".join(map(chr, range(0x80))) + "\u0085\u00a0\u2028\u2029\ufeff\ufffe\uffff\U0001f600 é ı ß"


@pytest.mark.parametrize(
    "obj",
    [
        Literal(EVERY_ESCAPE),
        Literal('She said "€875K?" \\ then\nleft'),
        Literal("7", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer")),
        Literal("42.50", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal")),
        Literal(True),
        Literal("2025-04", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYearMonth")),
        Literal("plain", datatype=URIRef("http://www.w3.org/2001/XMLSchema#string")),
        Literal("salaris", lang="nl"),
        Literal("salary", lang="EN-gb"),
        Literal(""),
        URIRef(EX + "o/é?x=1#frag"),
    ],
    ids=["control-and-ascii", "quotes-backslash-newline", "integer", "decimal", "boolean", "gyearmonth",
         "xsd-string", "language", "language-case", "empty", "iri"],
)
def test_nquads_are_the_bytes_oxigraph_writes(obj) -> None:  # type: ignore[no-untyped-def]
    graphs = {URIRef(EX + "g1"): [(URIRef(EX + "s"), URIRef(EX + "p"), obj)],
              URIRef(EX + "g2"): [(URIRef(EX + "s"), URIRef(EX + "p"), obj), (URIRef(EX + "t"), URIRef(EX + "q"), obj)]}  # fmt: skip
    assert storing.nquads(graphs) == _serialized(graphs)


def test_nquads_of_the_corpus_documents_are_the_bytes_oxigraph_writes() -> None:
    from kg import mapping
    from kg.extracting import extract_claims
    from kg.reading import read_document
    from kg.segmenting import segment

    for path in sorted((Path(__file__).resolve().parents[1] / "corpus").glob("*.txt")):
        doc = read_document(path)
        graphs = mapping.document_graphs(doc, extract_claims(segment(doc)))
        assert storing.nquads(graphs) == _serialized(graphs), path.name


def test_nquads_refuse_an_invalid_iri() -> None:
    with pytest.raises(ValueError):
        storing.nquads({URIRef(EX + "g"): [(URIRef(EX + "s"), URIRef(EX + "p"), URIRef("not an iri"))]})
