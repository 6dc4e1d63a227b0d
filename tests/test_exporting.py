"""Exports: each claim as a nanopublication."""

from __future__ import annotations

from pathlib import Path

import rdflib
from typer.testing import CliRunner

from kg.cli import app

NP = rdflib.Namespace("http://www.nanopub.org/nschema#")


def test_every_claim_is_a_nanopublication(built_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "np.trig"
    result = CliRunner().invoke(app, ["export", "--format", "nanopub", "--out", str(out), "--store", str(built_store)])
    assert result.exit_code == 0, result.output
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(out, format="trig")
    nanopubs = set(dataset.subjects(rdflib.RDF.type, NP.Nanopublication))
    claims = {s for s in dataset.subjects(rdflib.URIRef("https://w3id.org/kg/ontology#document"), None)}
    assert len(nanopubs) == len(claims) > 1000
    graphs = {g.identifier: g for g in dataset.graphs()}
    for nanopub in list(nanopubs)[:50]:
        head = graphs[rdflib.URIRef(f"{nanopub}#Head")]
        assertion, provenance, pubinfo = (head.value(nanopub, p) for p in (NP.hasAssertion, NP.hasProvenance,
                                                                           NP.hasPublicationInfo))  # fmt: skip
        claim = rdflib.URIRef(str(nanopub).replace("/np/", "/claims/"))
        assert (claim, rdflib.RDF.type, None) in graphs[assertion]
        prov = rdflib.Namespace("http://www.w3.org/ns/prov#")
        assert (assertion, prov.wasDerivedFrom, None) in graphs[provenance]
        assert (assertion, prov.wasGeneratedBy, None) in graphs[provenance]
        assert (nanopub, rdflib.DCTERMS.created, None) in graphs[pubinfo]
        assert (nanopub, prov.wasAttributedTo, None) in graphs[pubinfo]
