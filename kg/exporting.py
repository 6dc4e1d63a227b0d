"""Exporting the whole graph in the standard RDF formats."""

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
    """Datasets keep their named graphs; Turtle gets the union of all graphs."""
    rdf_format = FORMATS[format]
    prefixes = {k: str(v) for k, v in PREFIXES.items()}
    if rdf_format.supports_datasets:
        return store.dump(format=rdf_format, prefixes=prefixes if rdf_format is not ox.RdfFormat.N_QUADS else None)
    triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
    return ox.serialize(triples, format=rdf_format, prefixes=prefixes)
