"""Tests of kg/validating.py and shapes/*.ttl.

Each ``tests/shapes_cases/NAME.ttl`` is a small graph (the valid base with one
thing broken) and ``NAME.expected.json`` lists the results the fast path must
report for it, message text included. Every case also runs through pyshacl, and
both paths must report the same (focus, path, component, severity) set.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, SH

from kg.namespaces import PREFIXES
from kg.validating import (
    KGSH,
    Scope,
    UnsupportedShapeError,
    ValidationReport,
    load_shapes,
    report_from_graph,
    sort_key,
    store_from_files,
    validate_graph_with_pyshacl,
    validate_store,
)

ROOT = Path(__file__).resolve().parents[1]
SHAPES_FILES = sorted((ROOT / "shapes").glob("*.ttl"))
CASES = Path(__file__).parent / "shapes_cases"
ONTOLOGY = CASES / "ontology-min.ttl"
COMPILER = CASES / "compiler"

Key = tuple[str, str | None, str, str]


def _case(name: str) -> dict:
    return json.loads((CASES / f"{name}.expected.json").read_text(encoding="utf-8"))


CASE_NAMES = sorted(p.name.removesuffix(".expected.json") for p in CASES.glob("*.expected.json"))


def _agreement_params() -> list:
    """Every case; a case where pyshacl is known to be wrong is a strict xfail, so a fix shows."""
    params = []
    for name in CASE_NAMES:
        differs = _case(name).get("pyshacl_differs")
        marks = [pytest.mark.xfail(strict=True, reason=differs)] if differs else []
        params.append(pytest.param(name, marks=marks, id=name))
    return params


@pytest.fixture(scope="module")
def shapes():
    return load_shapes(SHAPES_FILES)


@pytest.fixture(scope="module")
def fast(shapes):
    """The fast path's report on a case, computed once per module."""
    reports: dict[str, ValidationReport] = {}

    def report(name: str) -> ValidationReport:
        if name not in reports:
            reports[name] = validate_store(store_from_files([ONTOLOGY, CASES / f"{name}.ttl"]), shapes)
        return reports[name]

    return report


def _expand(text: str | None) -> str | None:
    """claim:c1#quote -> the full IRI; SPARQL paths (<...>), _: and literals stay."""
    if text is None or text.startswith(("<", "_:")):
        return text
    prefix, colon, rest = text.partition(":")
    return str(PREFIXES[prefix]) + rest if colon and prefix in PREFIXES else text


def _anonymous(text: str | None) -> str | None:
    # blank node labels differ between parsers; "_:" stands for any blank node
    return "_:" if text is not None and text.startswith("_:") else text


def _key(result) -> Key:
    return _anonymous(result.focus), result.path, result.component, result.severity  # type: ignore[return-value]


def _reference(name: str) -> ValidationReport:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # rdflib warns about the deliberately ill-typed literals
        data = Graph().parse(CASES / f"{name}.ttl", format="turtle")
    return validate_graph_with_pyshacl(data, SHAPES_FILES, [ONTOLOGY])


# ---------------------------------------------------------------- the cases


@pytest.mark.parametrize("name", CASE_NAMES)
def test_fast_path_reports_exactly_the_expected_results(name, fast):
    expected = {
        (_anonymous(_expand(r["focus"])), _expand(r["path"]), r["component"], r["severity"])
        + (_anonymous(_expand(r["value"])), r["message"])
        for r in _case(name)["results"]
    }
    report = fast(name)
    actual = {(*_key(r), _anonymous(r.value), r.message) for r in report.results}
    assert actual == expected


@pytest.mark.parametrize("name", _agreement_params())
def test_fast_path_and_pyshacl_agree(name, fast):
    assert {_key(r) for r in fast(name).results} == {_key(r) for r in _reference(name).results}


def test_every_constraint_has_a_case_that_breaks_it(shapes, fast):
    broken = set()
    for name in CASE_NAMES:
        broken |= {(r.shape, r.component, r.constraint) for r in fast(name).results}
    every = {(str(c.shape), c.component, str(c.constraint) if c.constraint else None) for c in shapes.constraints}
    assert every - broken == set()


def test_the_valid_cases_have_no_results(fast):
    for name in ("valid", "valid-range"):
        assert _case(name)["results"] == []
        assert fast(name).results == []


def test_a_warning_alone_conforms(fast):
    report = fast("money-no-cited-source")
    assert report.conforms
    assert [r.component for r in report.warnings] == ["SPARQLConstraintComponent"]
    assert report.violations == []


def test_a_violation_does_not_conform(fast):
    report = fast("quote-exact-mismatch")
    assert not report.conforms
    assert [r.shape for r in report.violations] == [str(KGSH.TextQuoteSelectorShape)]


# ---------------------------------------------------------------- a valid graph as the pipeline writes it


def test_a_valid_multi_claim_dataset_conforms(shapes):
    # two documents in their own named graphs plus the shared graph, every claim type
    report = validate_store(store_from_files([ONTOLOGY, CASES / "valid-multi.trig"]), shapes)
    assert report.results == []
    assert report.conforms


def test_pyshacl_sees_the_union_of_named_graphs():
    dataset = Dataset()
    dataset.parse(CASES / "valid-multi.trig", format="trig")
    assert validate_graph_with_pyshacl(dataset, SHAPES_FILES, [ONTOLOGY]).results == []


@pytest.mark.skipif(not (ROOT / "ontology" / "kg.ttl").exists(), reason="ontology/kg.ttl not written yet")
def test_the_valid_dataset_conforms_with_the_real_ontology(shapes):
    store = store_from_files([ROOT / "ontology" / "kg.ttl", CASES / "valid-multi.trig"])
    assert validate_store(store, shapes).results == []


# ---------------------------------------------------------------- the compiler beyond the kg shapes


def test_the_compiler_handles_every_target_path_and_component_it_claims():
    expected = {tuple(r) for r in json.loads((COMPILER / "expected.json").read_text(encoding="utf-8"))}
    shapes_files = [COMPILER / "shapes.ttl"]
    fast = validate_store(store_from_files([COMPILER / "data.ttl"]), load_shapes(shapes_files))
    assert {(*r.key, r.value, r.message) for r in fast.results} == expected
    reference = validate_graph_with_pyshacl(Graph().parse(COMPILER / "data.ttl"), shapes_files)
    assert {r.key for r in reference.results} == {r.key for r in fast.results}


UNSUPPORTED = {
    "sh:node": "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:node ex:T .",
    "sh:qualifiedValueShape": """ex:S a sh:NodeShape ; sh:targetClass ex:C ;
        sh:property [ sh:path ex:p ; sh:qualifiedValueShape [ sh:class ex:D ] ; sh:qualifiedMinCount 1 ] .""",
    "sh:closed": "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true .",
    "sh:languageIn": """ex:S a sh:NodeShape ; sh:targetClass ex:C ;
        sh:property [ sh:path ex:p ; sh:languageIn ( "nl" ) ] .""",
    "sh:ConstraintComponent": """ex:S a sh:NodeShape ; sh:targetClass ex:C ; ex:size 3 .
        ex:Size a sh:ConstraintComponent ; sh:parameter [ sh:path ex:size ] .""",
    "sh:target": "ex:S a sh:NodeShape ; sh:target [ a sh:SPARQLTarget ; sh:select \"SELECT ?this {}\" ] .",
    "sh:or": """ex:S a sh:NodeShape ; sh:targetClass ex:C ;
        sh:or ( [ sh:path ex:p ; sh:minCount 1 ] [ sh:class ex:D ] ) .""",
    "$shapesGraph": """ex:S a sh:NodeShape ; sh:targetClass ex:C ;
        sh:sparql [ sh:select "SELECT $this WHERE { GRAPH $shapesGraph { ?s ?p ?o } }" ] .""",
}


@pytest.mark.parametrize("feature", sorted(UNSUPPORTED))
def test_an_unsupported_constraint_raises_instead_of_being_skipped(feature, tmp_path):
    path = tmp_path / "shapes.ttl"
    path.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://example.org/> .\n" + UNSUPPORTED[feature]
    )
    with pytest.raises(UnsupportedShapeError):
        load_shapes([path])


def test_the_error_names_the_shape_and_the_parameter(tmp_path):
    path = tmp_path / "shapes.ttl"
    path.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://example.org/> .\n"
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property ex:P .\n"
        "ex:P sh:path ex:p ; sh:uniqueLang true .\n"
    )
    with pytest.raises(UnsupportedShapeError, match=r"http://example.org/P: sh:uniqueLang is not supported"):
        load_shapes([path])


# ---------------------------------------------------------------- the shapes files themselves


def test_every_shape_and_constraint_has_an_iri_and_a_message():
    graph = Graph()
    for path in SHAPES_FILES:
        graph.parse(path, format="turtle")
    shapes = set(graph.subjects(RDF.type, SH.NodeShape)) | set(graph.subjects(RDF.type, SH.PropertyShape))
    shapes |= set(graph.objects(None, SH.property))
    sparql = set(graph.objects(None, SH.sparql))
    assert all(isinstance(node, URIRef) and node.startswith(str(KGSH)) for node in shapes | sparql)
    for node in shapes | sparql:
        has_own_constraints = any(p != SH.sparql and p != SH.property for p in _constraint_parameters(graph, node))
        if has_own_constraints or node in sparql:
            assert graph.value(node, SH.message) is not None, f"{node} has no sh:message"


def _constraint_parameters(graph: Graph, node) -> set:
    ignored = {RDF.type, SH.targetClass, SH.targetObjectsOf, SH.targetSubjectsOf, SH.path, SH.message, SH.severity}
    return {p for p in graph.predicates(node, None) if p not in ignored and str(p).startswith(str(SH))}


def test_severities_are_violation_except_what_a_fact_checker_should_look_at(shapes):
    warnings_ = {str(c.constraint) for c in shapes.constraints if c.severity == "Warning"}
    assert warnings_ == {
        str(KGSH["MonetaryAmount-citesSource"]),
        str(KGSH["TextQuoteContext-prefix"]),
        str(KGSH["TextQuoteContext-suffix"]),
        str(KGSH["ExpertOpinion-namesHolder"]),
    }
    assert {c.severity for c in shapes.constraints} == {"Violation", "Warning"}


# ---------------------------------------------------------------- the report


def test_the_report_graph_reads_back_to_the_same_results(fast):
    report = fast("claim-no-document")
    graph = report.to_graph()
    assert (None, SH.conforms, None) in graph
    assert report_from_graph(graph, Graph()).results == report.results


def test_the_report_graph_is_standard_shacl(fast):
    graph = fast("money-no-cited-source").to_graph()
    report = next(graph.subjects(RDF.type, SH.ValidationReport))
    assert graph.value(report, SH.conforms).toPython() is True
    result = graph.value(report, SH.result)
    assert graph.value(result, SH.resultSeverity) == SH.Warning
    assert graph.value(result, SH.sourceConstraintComponent) == SH.SPARQLConstraintComponent
    assert graph.value(result, SH.sourceShape) == KGSH["MonetaryAmount-citedSource"]
    assert graph.value(result, SH.sourceConstraint) == KGSH["MonetaryAmount-citesSource"]
    assert graph.value(result, SH.resultPath) == URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")


def test_store_from_files_refuses_what_is_not_rdf(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not rdf")
    with pytest.raises(ValueError, match="not an RDF file"):
        store_from_files([path])


# ---------------------------------------------------------------- validating a scope (incremental builds)


def _whole_scope(store) -> Scope:
    graphs = ["", *(g.value for g in store.named_graphs())]
    nodes = {t.value for q in store for t in (q.subject, q.object) if isinstance(t, ox.NamedNode)}
    return Scope(graphs, nodes)


def _named(report: ValidationReport) -> list:
    # a blank node cannot be put in scope (the build validates everything when one changes)
    return [r for r in report.results if not r.focus.startswith("_:")]


def _merged(full: ValidationReport, scope: Scope, scoped: ValidationReport) -> list:
    """What an incremental build reports: earlier results outside the scope, fresh ones inside."""
    return sorted({*(r for r in _named(full) if not scope.covers(r)), *scoped.results}, key=sort_key)


@pytest.mark.parametrize("name", CASE_NAMES)
def test_a_scope_of_every_node_gives_the_full_report(name, shapes, fast):
    store = store_from_files([ONTOLOGY, CASES / f"{name}.ttl"])
    scope = _whole_scope(store)
    scoped = validate_store(store, shapes, scope)
    assert scoped.results == _named(fast(name))
    assert _merged(fast(name), scope, scoped) == _named(fast(name))


def test_a_scope_of_every_node_gives_the_full_report_for_every_target_kind():
    shapes = load_shapes([COMPILER / "shapes.ttl"])
    store = store_from_files([COMPILER / "data.ttl"])
    full, scope = validate_store(store, shapes), _whole_scope(store)
    scoped = validate_store(store, shapes, scope)
    # a target node absent from the data is never in a scope: nothing about it can change
    assert {r.focus for r in _named(full)} - {r.focus for r in scoped.results} == {"http://example.org/dave"}
    assert _merged(full, scope, scoped) == _named(full)


def test_a_scope_reports_its_own_nodes_only(shapes, fast):
    name = next(n for n in CASE_NAMES if any(not r.focus.startswith("_:") for r in fast(n).results))
    store = store_from_files([ONTOLOGY, CASES / f"{name}.ttl"])
    failing = _named(fast(name))[0].focus
    everything = _whole_scope(store)
    alone = validate_store(store, shapes, Scope(everything.graphs, {failing}))
    assert alone.results == [r for r in fast(name).results if r.focus == failing]
    others = validate_store(store, shapes, Scope([], everything.nodes - {failing}))
    assert failing not in {r.focus for r in others.results}


def test_an_empty_scope_validates_nothing(shapes, fast):
    store = store_from_files([ONTOLOGY, CASES / f"{CASE_NAMES[0]}.ttl"])
    assert validate_store(store, shapes, Scope([], set())).results == []
