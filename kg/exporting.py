"""Exporting the whole graph in the standard RDF formats, or each claim as a nanopublication."""

from __future__ import annotations

import pyoxigraph as ox

from kg.namespaces import PREFIXES

FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
    "ttl": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
}


def export_store(store: ox.Store, format: str) -> bytes:
    """Datasets keep their named graphs; Turtle gets the union of all graphs;
    ``nanopub`` writes each claim as a nanopublication (TriG)."""
    if format == "nanopub":
        return export_nanopubs(store)
    rdf_format = FORMATS[format]
    prefixes = {k: str(v) for k, v in PREFIXES.items()}
    if rdf_format.supports_datasets:
        return store.dump(format=rdf_format, prefixes=prefixes if rdf_format is not ox.RdfFormat.N_QUADS else None)
    triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
    return ox.serialize(triples, format=rdf_format, prefixes=prefixes)


# ------------------------------------------------------------------ nanopublications

NP = "http://www.nanopub.org/nschema#"
NANOPUBS = "https://w3id.org/kg/np/"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_PROV = "http://www.w3.org/ns/prov#"
_PROVENANCE_PREDICATES = {_PROV + "wasGeneratedBy", _PROV + "wasDerivedFrom"}


def nanopublication(store: ox.Store, claim: ox.NamedNode, created: str) -> list[ox.Quad]:
    """One claim as a nanopublication: the head links the assertion (the claim and
    its evidence nodes), the provenance (where the assertion comes from: document,
    cited sources, extraction activity and extractor) and the publication info."""
    from kg.views import describe

    claim_id = claim.value.rsplit("/", 1)[-1]
    base = NANOPUBS + claim_id
    this, head, assertion, provenance, pubinfo = (
        ox.NamedNode(base), *(ox.NamedNode(f"{base}#{part}") for part in ("Head", "assertion", "provenance", "pubinfo"))
    )
    np = {name: ox.NamedNode(NP + name) for name in ("Nanopublication", "hasAssertion", "hasProvenance", "hasPublicationInfo")}
    quads = [
        ox.Quad(this, _RDF_TYPE, np["Nanopublication"], head),
        ox.Quad(this, np["hasAssertion"], assertion, head),
        ox.Quad(this, np["hasProvenance"], provenance, head),
        ox.Quad(this, np["hasPublicationInfo"], pubinfo, head),
    ]
    agents = []
    for triple in describe(store, claim.value):
        if triple.subject == claim and triple.predicate.value in _PROVENANCE_PREDICATES:
            quads.append(ox.Quad(assertion, triple.predicate, triple.object, provenance))
            if triple.predicate.value == _PROV + "wasGeneratedBy":
                quads.append(ox.Quad(triple.object, _RDF_TYPE, ox.NamedNode(_PROV + "Activity"), provenance))
                for used in store.quads_for_pattern(triple.object, None, None, None):
                    quads.append(ox.Quad(used.subject, used.predicate, used.object, provenance))
                    if used.predicate.value == _PROV + "wasAssociatedWith":
                        agents.append(used.object)
        else:
            quads.append(ox.Quad(triple.subject, triple.predicate, triple.object, assertion))
    for agent in agents:
        quads.append(ox.Quad(this, ox.NamedNode(_PROV + "wasAttributedTo"), agent, pubinfo))
    quads.append(ox.Quad(this, ox.NamedNode("http://purl.org/dc/terms/created"),
                         ox.Literal(created, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")), pubinfo))
    return quads


def export_nanopubs(store: ox.Store, created: str | None = None) -> bytes:
    """Every claim as a nanopublication, in one TriG document, sorted by claim."""
    import datetime

    created = created or datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()
    document = ox.NamedNode("https://w3id.org/kg/ontology#document")
    claims = sorted({q.subject for q in store.quads_for_pattern(None, document, None, None)}, key=str)
    quads = [quad for claim in claims for quad in nanopublication(store, claim, created)]  # type: ignore[arg-type]
    prefixes = {k: str(v) for k, v in PREFIXES.items()} | {"np": NP, "this": NANOPUBS}
    return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes)
