"""SHACL validation of the graph, over the shapes in ``shapes/*.ttl``.

Two evaluation paths read the same shapes files:

* the fast path (``load_shapes`` + ``validate_store``) compiles every constraint
  into one SPARQL SELECT and runs it on a ``pyoxigraph.Store``; it supports the
  SHACL Core and SHACL-SPARQL subset the shapes use and raises
  ``UnsupportedShapeError`` for anything else, so a new shape is never skipped
  silently;
* the reference path (``validate_graph_with_pyshacl``) runs pyshacl, which is
  complete but slow; tests check that both report the same results.

Both return a ``ValidationReport`` of ``ValidationResult``.
"""

from __future__ import annotations

import re
import threading
import warnings
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

from kg.namespaces import BASE, PREFIXES

KGSH = Namespace(BASE + "shapes#")

# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class ResultTerms:
    """The RDF terms behind a result's strings, kept for ``to_graph``."""

    focus: Node
    path: PathExpr | None = None
    value: Node | None = None
    shape: Node | None = None
    constraint: Node | None = None


@dataclass(frozen=True)
class ValidationResult:
    focus: str  # IRI, or _:id for a blank node
    path: str | None  # IRI for a predicate path, else SPARQL property path syntax
    component: str  # local name, e.g. MinCountConstraintComponent
    severity: str  # Violation, Warning or Info
    message: str
    value: str | None  # IRI or lexical form
    shape: str
    constraint: str | None = None  # the sh:sparql node of a SPARQL-based constraint
    terms: ResultTerms | None = field(default=None, compare=False, repr=False)

    @property
    def key(self) -> tuple[str, str | None, str, str]:
        return self.focus, self.path, self.component, self.severity


@dataclass
class ValidationReport:
    results: list[ValidationResult]

    @property
    def violations(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Warning"]

    @property
    def conforms(self) -> bool:
        """No violations; warnings and infos do not stop a build."""
        return not self.violations

    def to_graph(self) -> Graph:
        """A standard sh:ValidationReport. Its sh:conforms follows ``conforms``, as
        pyshacl's allow_warnings does: plain SHACL would count warnings too."""
        graph = Graph()
        for prefix, namespace in {**PREFIXES, "sh": SH, "kgsh": KGSH}.items():
            graph.bind(prefix, namespace)
        report = BNode()
        graph.add((report, RDF.type, SH.ValidationReport))
        graph.add((report, SH.conforms, Literal(self.conforms)))
        for result in self.results:
            graph.add((report, SH.result, _result_node(graph, result)))
        return graph


def _result_node(graph: Graph, result: ValidationResult) -> BNode:
    terms = result.terms or ResultTerms(focus=_term_of(result.focus))
    node = BNode()
    graph.add((node, RDF.type, SH.ValidationResult))
    graph.add((node, SH.focusNode, terms.focus))
    graph.add((node, SH.sourceConstraintComponent, SH[result.component]))
    graph.add((node, SH.resultSeverity, SH[result.severity]))
    graph.add((node, SH.resultMessage, Literal(result.message)))
    graph.add((node, SH.sourceShape, terms.shape or _term_of(result.shape)))
    if terms.path is not None:
        graph.add((node, SH.resultPath, path_to_rdf(terms.path, graph)))
    elif result.path is not None and not result.path.startswith(("<", "^", "(")):
        graph.add((node, SH.resultPath, URIRef(result.path)))  # a result made by hand: only a predicate path
    if terms.value is not None or result.value is not None:
        graph.add((node, SH.value, terms.value if terms.value is not None else Literal(result.value)))
    if terms.constraint is not None or result.constraint is not None:
        graph.add((node, SH.sourceConstraint, terms.constraint or _term_of(result.constraint or "")))
    return node


def _term_of(text: str) -> URIRef | BNode:
    return BNode(text[2:]) if text.startswith("_:") else URIRef(text)


def _text(term: Node) -> str:
    """How a term shows in results and messages: the IRI, _:id or the lexical form."""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _local_name(iri: Node) -> str:
    return re.split(r"[#/]", str(iri))[-1]


# ---------------------------------------------------------------- property paths

# A SHACL property path: an IRI, or (operator, operand, ...) with operator one of
# inverse, sequence, alternative, zeroOrMore, oneOrMore, zeroOrOne.
PathExpr = Union[URIRef, tuple]

_PATH_OPERATORS = {
    SH.inversePath: "inverse",
    SH.alternativePath: "alternative",
    SH.zeroOrMorePath: "zeroOrMore",
    SH.oneOrMorePath: "oneOrMore",
    SH.zeroOrOnePath: "zeroOrOne",
}
_PATH_SUFFIX = {"zeroOrMore": "*", "oneOrMore": "+", "zeroOrOne": "?"}


def parse_path(graph: Graph, node: Node) -> PathExpr:
    if isinstance(node, URIRef):
        return node
    if graph.value(node, RDF.first) is not None:
        return ("sequence", *(parse_path(graph, item) for item in Collection(graph, node)))
    for predicate, operator in _PATH_OPERATORS.items():
        operand = graph.value(node, predicate)
        if operand is None:
            continue
        if operator == "alternative":
            return (operator, *(parse_path(graph, item) for item in Collection(graph, operand)))
        return (operator, parse_path(graph, operand))
    raise UnsupportedShapeError(f"cannot read property path {node!r}")


def path_sparql(path: PathExpr) -> str:
    """SPARQL property path syntax, with full IRIs."""
    if isinstance(path, URIRef):
        return f"<{path}>"
    operator, *operands = path
    if operator == "inverse":
        return f"^{path_sparql(operands[0])}"
    if operator in ("sequence", "alternative"):
        joiner = "/" if operator == "sequence" else "|"
        return "(" + joiner.join(path_sparql(p) for p in operands) + ")"
    return f"({path_sparql(operands[0])}){_PATH_SUFFIX[operator]}"


def path_text(path: PathExpr | None) -> str | None:
    """A result's path: the bare IRI of a predicate path, else SPARQL syntax."""
    if path is None:
        return None
    if isinstance(path, URIRef):
        return str(path)
    text = path_sparql(path)
    return text[1:-1] if path[0] in ("sequence", "alternative") else text


def path_to_rdf(path: PathExpr, graph: Graph) -> Node:
    if isinstance(path, URIRef):
        return path
    operator, *operands = path
    if operator == "sequence":
        return Collection(graph, BNode(), [path_to_rdf(p, graph) for p in operands]).uri
    node = BNode()
    predicate = next(p for p, op in _PATH_OPERATORS.items() if op == operator)
    if operator == "alternative":
        graph.add((node, predicate, Collection(graph, BNode(), [path_to_rdf(p, graph) for p in operands]).uri))
    else:
        graph.add((node, predicate, path_to_rdf(operands[0], graph)))
    return node


# ---------------------------------------------------------------- compiling shapes to SPARQL


class UnsupportedShapeError(ValueError):
    """The shapes use SHACL the SPARQL compiler does not implement."""


@dataclass(frozen=True)
class CompiledConstraint:
    """One constraint of one shape, as a SELECT that returns one row per result.

    The query projects ``?this`` and optionally ``?value``, ``?path`` and any
    variables the message template names."""

    shape: Node
    component: str
    severity: str
    message: str
    path: PathExpr | None
    is_property_shape: bool
    query: str
    constraint: Node | None = None
    focus: str = ""  # the pattern in ``query`` that binds ?this to the focus nodes
    targets: Targets | None = None  # what ``focus`` selects, to find focus nodes without it

    def for_nodes(self, nodes: Sequence[str]) -> str:
        """The query with its focus nodes given (N-Triples terms) instead of searched for."""
        return self.query.replace(self.focus, f"{{ VALUES ?this {{ {' '.join(nodes)} }} }}")


@dataclass(frozen=True)
class Targets:
    """A shape's targets (SHACL 2.1.3), as IRIs."""

    classes: tuple[str, ...] = ()
    nodes: tuple[str, ...] = ()  # N-Triples terms
    subjects_of: tuple[str, ...] = ()
    objects_of: tuple[str, ...] = ()


@dataclass(frozen=True)
class Shapes:
    paths: tuple[Path, ...]
    graph: Graph
    constraints: tuple[CompiledConstraint, ...]


# Parameters that are not constraints; any other sh: predicate on a shape must
# be one the compiler implements, or it raises.
_NON_CONSTRAINT = {
    SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.property, SH.path,
    SH.message, SH.severity, SH.deactivated, SH.name, SH.description, SH.order, SH.group,
    SH.defaultValue, SH.flags,
}  # fmt: skip
_VALUE_PARAMETERS = {
    SH["class"]: "ClassConstraintComponent",
    SH.datatype: "DatatypeConstraintComponent",
    SH.nodeKind: "NodeKindConstraintComponent",
    SH["in"]: "InConstraintComponent",
    SH.pattern: "PatternConstraintComponent",
    SH.minInclusive: "MinInclusiveConstraintComponent",
    SH.maxInclusive: "MaxInclusiveConstraintComponent",
    SH.minExclusive: "MinExclusiveConstraintComponent",
    SH.maxExclusive: "MaxExclusiveConstraintComponent",
    SH.minLength: "MinLengthConstraintComponent",
    SH.maxLength: "MaxLengthConstraintComponent",
}
_COUNT_PARAMETERS = {
    SH.minCount: ("MinCountConstraintComponent", "<"),
    SH.maxCount: ("MaxCountConstraintComponent", ">"),
}
_PAIR_PARAMETERS = {
    SH.equals: "EqualsConstraintComponent",
    SH.disjoint: "DisjointConstraintComponent",
    SH.lessThan: "LessThanConstraintComponent",
    SH.lessThanOrEquals: "LessThanOrEqualsConstraintComponent",
}
_OTHER_PARAMETERS = {SH.hasValue, SH["or"], SH.sparql}
SUPPORTED_PARAMETERS = frozenset({*_VALUE_PARAMETERS, *_COUNT_PARAMETERS, *_PAIR_PARAMETERS, *_OTHER_PARAMETERS})

_RDF_TYPE = f"<{RDF.type}>/<{RDFS.subClassOf}>*"


def load_shapes(paths: Sequence[Path]) -> Shapes:
    """Read and compile the shapes once; raises UnsupportedShapeError for SHACL the compiler lacks."""
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return Shapes(tuple(paths), graph, tuple(compile_shapes(graph)))


def compile_shapes(graph: Graph) -> Iterator[CompiledConstraint]:
    if (None, RDF.type, SH.ConstraintComponent) in graph:
        raise UnsupportedShapeError("custom constraint components (sh:ConstraintComponent) are not supported")
    for shape in sorted(_shapes_with_targets(graph), key=str):
        if _deactivated(graph, shape):
            continue
        focus, targets = _focus_pattern(graph, shape), _targets(graph, shape)
        yield from _compile_shape(graph, shape, focus, targets)
        for property_shape in sorted(graph.objects(shape, SH.property), key=str):
            if graph.value(property_shape, SH.path) is None:
                raise UnsupportedShapeError(f"shape {shape}: sh:property {property_shape} has no sh:path")
            if not _deactivated(graph, property_shape):
                yield from _compile_shape(graph, property_shape, focus, targets)


def _shapes_with_targets(graph: Graph) -> set[Node]:
    shapes: set[Node] = set()
    for predicate in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
        shapes.update(graph.subjects(predicate, None))
    for kind in (SH.NodeShape, SH.PropertyShape):
        for shape in graph.subjects(RDF.type, kind):
            if _implicit_classes(graph, shape):
                shapes.add(shape)
    if any(graph.subjects(SH.target, None)):
        raise UnsupportedShapeError("SPARQL-based targets (sh:target) are not supported")
    return shapes


def _implicit_classes(graph: Graph, shape: Node) -> list[Node]:
    # a shape that is also a class targets its instances (SHACL 2.1.3.1)
    return [shape] if {RDFS.Class, OWL.Class} & set(graph.objects(shape, RDF.type)) else []


def _deactivated(graph: Graph, node: Node) -> bool:
    return graph.value(node, SH.deactivated) == Literal(True)


def _focus_pattern(graph: Graph, shape: Node) -> str:
    """A group pattern binding ?this to every focus node of ``shape``, once each."""
    def targets(predicate: URIRef) -> list[Node]:
        return _sorted(graph.objects(shape, predicate))

    classes = targets(SH.targetClass) + _implicit_classes(graph, shape)
    alternatives = [f"{{ ?this {_RDF_TYPE} {_sparql_term(c)} }}" for c in classes]
    alternatives += [f"{{ VALUES ?this {{ {_sparql_term(n)} }} }}" for n in targets(SH.targetNode)]
    alternatives += [f"{{ ?this {_sparql_term(p)} [] }}" for p in targets(SH.targetSubjectsOf)]
    alternatives += [f"{{ [] {_sparql_term(p)} ?this }}" for p in targets(SH.targetObjectsOf)]
    return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(alternatives) + " } }"


def _targets(graph: Graph, shape: Node) -> Targets:
    def targets(predicate: URIRef) -> tuple[str, ...]:
        return tuple(str(n) for n in _sorted(graph.objects(shape, predicate)))

    return Targets(
        classes=targets(SH.targetClass) + tuple(str(c) for c in _implicit_classes(graph, shape)),
        nodes=tuple(_sparql_term(n) for n in _sorted(graph.objects(shape, SH.targetNode))),
        subjects_of=targets(SH.targetSubjectsOf),
        objects_of=targets(SH.targetObjectsOf),
    )


def _sorted(nodes: Iterable[Node]) -> list[Node]:
    return sorted(nodes, key=str)


@dataclass(frozen=True)
class _Shape:
    """What every constraint of one shape needs to know."""

    node: Node
    path: PathExpr | None
    severity: str
    message: str | None
    focus: str
    targets: Targets

    @property
    def values(self) -> str:
        """A pattern binding ?value to each value node of ?this."""
        if self.path is None:
            return "BIND (?this AS ?value)"
        return f"?this {path_sparql(self.path)} ?value ."


def _compile_shape(graph: Graph, node: Node, focus: str, targets: Targets) -> Iterator[CompiledConstraint]:
    _check_parameters(graph, node)
    path_node = graph.value(node, SH.path)
    shape = _Shape(
        node=node,
        path=parse_path(graph, path_node) if path_node is not None else None,
        severity=_local_name(graph.value(node, SH.severity) or SH.Violation),
        message=_message(graph, node),
        focus=focus,
        targets=targets,
    )
    for predicate, component in _VALUE_PARAMETERS.items():
        for parameter in _sorted(graph.objects(node, predicate)):
            test = _value_test(graph, node, predicate, parameter)
            query = _value_query(shape, test)
            yield _constraint(shape, component, query, default=_default(graph, predicate, parameter))
    for predicate, (component, operator) in _COUNT_PARAMETERS.items():
        for parameter in graph.objects(node, predicate):
            query = _count_query(shape, operator, int(parameter))
            yield _constraint(shape, component, query, default=_default(graph, predicate, parameter))
    for predicate, component in _PAIR_PARAMETERS.items():
        for parameter in _sorted(graph.objects(node, predicate)):
            query = _pair_query(shape, predicate, parameter)
            yield _constraint(shape, component, query, default=_default(graph, predicate, parameter))
    for parameter in _sorted(graph.objects(node, SH.hasValue)):
        query = _has_value_query(shape, parameter)
        yield _constraint(shape, "HasValueConstraintComponent", query, default=_default(graph, SH.hasValue, parameter))
    for members in _sorted(graph.objects(node, SH["or"])):
        test = " || ".join(_member_test(graph, member) for member in Collection(graph, members))
        query = _value_query(shape, test or "false")
        yield _constraint(shape, "OrConstraintComponent", query, default="Value conforms to none of the sh:or shapes")
    for sparql in _sorted(graph.objects(node, SH.sparql)):
        if not _deactivated(graph, sparql):
            yield _sparql_constraint(graph, shape, sparql)


def _check_parameters(graph: Graph, node: Node) -> None:
    for predicate in set(graph.predicates(node, None)):
        if str(predicate).startswith(str(SH)) and predicate not in SUPPORTED_PARAMETERS | _NON_CONSTRAINT:
            supported = ", ".join(sorted("sh:" + _local_name(p) for p in SUPPORTED_PARAMETERS))
            raise UnsupportedShapeError(
                f"shape {node}: sh:{_local_name(predicate)} is not supported by the SPARQL compiler in "
                f"kg/validating.py; supported: {supported}"
            )
    has_path = graph.value(node, SH.path) is not None
    needs_path = (*_COUNT_PARAMETERS, *_PAIR_PARAMETERS)
    if not has_path and any(graph.value(node, p) is not None for p in needs_path):
        raise UnsupportedShapeError(f"shape {node}: count and property-pair constraints need sh:path")
    if has_path and graph.value(node, SH.property) is not None:
        raise UnsupportedShapeError(f"shape {node}: sh:property inside a property shape is not supported")


def _message(graph: Graph, node: Node) -> str | None:
    def english_first(message: Node) -> tuple[bool, str]:
        return getattr(message, "language", None) not in (None, "en"), str(message)

    messages = sorted(graph.objects(node, SH.message), key=english_first)
    return str(messages[0]) if messages else None


def _default(graph: Graph, predicate: URIRef, parameter: Node) -> str:
    """The message for a shape without sh:message, e.g. ``Fails sh:datatype xsd:string``."""
    if predicate == SH["in"]:
        shown = "(" + " ".join(_show(graph, m) for m in Collection(graph, parameter)) + ")"
    else:
        shown = _show(graph, parameter)
    return f"Fails sh:{_local_name(predicate)} {shown}"


def _show(graph: Graph, term: Node) -> str:
    if isinstance(term, Literal) and term.datatype not in (None, XSD.string):
        return str(term)  # 1, 2.5, true: the lexical form says enough
    return term.n3(graph.namespace_manager)


def _constraint(
    shape: _Shape,
    component: str,
    query: str,
    *,
    default: str,
    message: str | None = None,
    constraint: Node | None = None,
) -> CompiledConstraint:
    return CompiledConstraint(
        shape=shape.node,
        component=component,
        severity=shape.severity,
        message=message or shape.message or default,
        path=shape.path,
        is_property_shape=shape.path is not None,
        query=query,
        constraint=constraint,
        focus=shape.focus,
        targets=shape.targets,
    )


# -- queries; each returns one row per result


def _value_query(shape: _Shape, test: str) -> str:
    # SHACL counts a test that cannot be evaluated (a type error) as failing, hence COALESCE
    return f"SELECT DISTINCT ?this ?value WHERE {{ {shape.focus} {shape.values} FILTER (!COALESCE({test}, false)) }}"


def _count_query(shape: _Shape, operator: str, bound: int) -> str:
    counts = (
        f"SELECT ?this (COUNT(DISTINCT ?value) AS ?count) "
        f"WHERE {{ {shape.focus} OPTIONAL {{ {shape.values} }} }} GROUP BY ?this"
    )
    return f"SELECT ?this WHERE {{ {{ {counts} }} FILTER (?count {operator} {bound}) }}"


def _pair_query(shape: _Shape, predicate: URIRef, other: Node) -> str:
    path = path_sparql(shape.path)  # type: ignore[arg-type]  # checked: has a path
    this_values, other_values = f"?this {path} ?value", f"?this {_sparql_term(other)} ?value"
    if predicate == SH.equals:
        # values on one side without an equal value on the other
        where = (
            f"{{ {shape.focus} {this_values} {_lacks(_sparql_term(other), '?value')} }} UNION "
            f"{{ {shape.focus} {other_values} {_lacks(path, '?value')} }}"
        )
        return f"SELECT DISTINCT ?this ?value WHERE {{ {where} }}"
    if predicate == SH.disjoint:
        where = f"{this_values} . {other_values} ."
    else:
        operator = "<" if predicate == SH.lessThan else "<="
        where = f"{this_values} . ?this {_sparql_term(other)} ?other . "
        where += f"FILTER (!COALESCE(?value {operator} ?other, false))"
    return f"SELECT DISTINCT ?this ?value WHERE {{ {shape.focus} {where} }}"


def _has_value_query(shape: _Shape, value: Node) -> str:
    if shape.path is None:
        test = f"sameTerm(?this, {_sparql_term(value)})"
        return f"SELECT ?this ?value WHERE {{ {shape.focus} BIND (?this AS ?value) FILTER (!{test}) }}"
    return f"SELECT DISTINCT ?this WHERE {{ {shape.focus} {_lacks(path_sparql(shape.path), _sparql_term(value))} }}"


def _lacks(path: str, value: str) -> str:
    """A filter keeping ?this only if ``path`` does not lead from it to ``value``.

    Not ``FILTER NOT EXISTS { ?this path value }``: with both ends bound Oxigraph
    may start a sequence path from the value end, which made sh:equals quadratic."""
    return f"OPTIONAL {{ ?this {path} ?seen FILTER (sameTerm(?seen, {value})) }} FILTER (!BOUND(?seen))"


# -- value tests: SPARQL expressions over ?value, true when the value conforms

# Oxigraph stores every derived integer type as xsd:integer, so these check the range instead
_INTEGER_RANGES: dict[URIRef, tuple[int | None, int | None]] = {
    XSD.nonNegativeInteger: (0, None),
    XSD.positiveInteger: (1, None),
    XSD.nonPositiveInteger: (None, 0),
    XSD.negativeInteger: (None, -1),
    XSD.long: (-(2**63), 2**63 - 1),
    XSD.int: (-(2**31), 2**31 - 1),
    XSD.short: (-(2**15), 2**15 - 1),
    XSD.byte: (-(2**7), 2**7 - 1),
    XSD.unsignedLong: (0, 2**64 - 1),
    XSD.unsignedInt: (0, 2**32 - 1),
    XSD.unsignedShort: (0, 2**16 - 1),
    XSD.unsignedByte: (0, 2**8 - 1),
}
# datatypes Oxigraph can cast to: a cast to its own type fails exactly when the literal is ill-typed
_CASTABLE = {
    XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.boolean, XSD.date, XSD.dateTime, XSD.time,
    XSD.gYear, XSD.gYearMonth, XSD.duration, XSD.dayTimeDuration, XSD.yearMonthDuration,
}  # fmt: skip
_NODE_KINDS = {
    SH.IRI: "isIRI(?value)",
    SH.BlankNode: "isBlank(?value)",
    SH.Literal: "isLiteral(?value)",
    SH.BlankNodeOrIRI: "!isLiteral(?value)",
    SH.BlankNodeOrLiteral: "!isIRI(?value)",
    SH.IRIOrLiteral: "!isBlank(?value)",
}
_COMPARISONS = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}


def _value_test(graph: Graph, shape: Node, predicate: URIRef, parameter: Node) -> str:
    if predicate == SH["class"]:
        return f"EXISTS {{ ?value {_RDF_TYPE} {_sparql_term(parameter)} }}"
    if predicate == SH.datatype:
        return _datatype_test(parameter)
    if predicate == SH.nodeKind:
        if parameter not in _NODE_KINDS:
            raise UnsupportedShapeError(f"shape {shape}: unknown sh:nodeKind {parameter}")
        return _NODE_KINDS[parameter]  # type: ignore[index]
    if predicate == SH["in"]:
        members = [f"sameTerm(?value, {_sparql_term(m)})" for m in Collection(graph, parameter)]
        return "(" + (" || ".join(members) or "false") + ")"
    if predicate == SH.pattern:
        flags = graph.value(shape, SH.flags)
        flag_arg = f", {_sparql_term(Literal(str(flags)))}" if flags is not None else ""
        return f"(!isBlank(?value) && REGEX(STR(?value), {_sparql_term(Literal(str(parameter)))}{flag_arg}))"
    if predicate in _COMPARISONS:
        return f"(isLiteral(?value) && ?value {_COMPARISONS[predicate]} {_sparql_term(parameter)})"
    operator = ">=" if predicate == SH.minLength else "<="
    return f"(!isBlank(?value) && STRLEN(STR(?value)) {operator} {int(parameter)})"


def _datatype_test(datatype: Node) -> str:
    if datatype == RDF.langString:
        return "(isLiteral(?value) && LANG(?value) != \"\")"
    if datatype in _INTEGER_RANGES:
        low, high = _INTEGER_RANGES[datatype]  # type: ignore[index]
        tests = [
            f"(sameTerm(DATATYPE(?value), <{XSD.integer}>) || sameTerm(DATATYPE(?value), <{datatype}>))",
            f"isLiteral(<{XSD.integer}>(?value))",
        ]
        tests += [f"?value >= {low}"] if low is not None else []
        tests += [f"?value <= {high}"] if high is not None else []
        return "(isLiteral(?value) && " + " && ".join(tests) + ")"
    test = f"(isLiteral(?value) && sameTerm(DATATYPE(?value), <{datatype}>)"
    if datatype in _CASTABLE:
        test += f" && isLiteral(<{datatype}>(?value))"
    return test + ")"


def _member_test(graph: Graph, member: Node) -> str:
    """A member shape of sh:or, made of value tests only, as one conjunction."""
    tests = []
    for predicate, parameter in graph.predicate_objects(member):
        if predicate in _VALUE_PARAMETERS:
            tests.append(_value_test(graph, member, predicate, parameter))
        elif predicate not in (RDF.type, SH.message):
            supported = ", ".join(sorted("sh:" + _local_name(p) for p in _VALUE_PARAMETERS))
            raise UnsupportedShapeError(f"sh:or member {member}: only value constraints ({supported}) are supported")
    return "(" + (" && ".join(tests) or "true") + ")"


# -- SHACL-SPARQL constraints

_PREBOUND_UNSUPPORTED = re.compile(r"\$(currentShape|shapesGraph)\b")


def _sparql_constraint(graph: Graph, shape: _Shape, sparql: Node) -> CompiledConstraint:
    select = graph.value(sparql, SH.select)
    if select is None:
        raise UnsupportedShapeError(f"SPARQL constraint {sparql}: only sh:select is supported")
    text = str(select)
    if _PREBOUND_UNSUPPORTED.search(text):
        raise UnsupportedShapeError(f"SPARQL constraint {sparql}: $currentShape and $shapesGraph are not supported")
    if "$PATH" in text:
        if shape.path is None:
            raise UnsupportedShapeError(f"SPARQL constraint {sparql} uses $PATH; shape {shape.node} has no sh:path")
        text = text.replace("$PATH", path_sparql(shape.path))
    query = _prefix_lines(graph, sparql) + _inject_focus(text, shape.focus, sparql)
    default = f"Fails SPARQL constraint {sparql}"
    return _constraint(
        shape, "SPARQLConstraintComponent", query, default=default, message=_message(graph, sparql), constraint=sparql
    )


def _prefix_lines(graph: Graph, sparql: Node) -> str:
    declared: dict[str, str] = {}
    for ontology in graph.objects(sparql, SH.prefixes):
        for declaration in graph.objects(ontology, SH.declare):
            prefix, namespace = graph.value(declaration, SH.prefix), graph.value(declaration, SH.namespace)
            if declared.setdefault(str(prefix), str(namespace)) != str(namespace):
                raise UnsupportedShapeError(f"prefix {prefix}: declared as {declared[str(prefix)]} and {namespace}")
    return "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in sorted(declared.items()))


_SELECT = re.compile(r"\bSELECT\s+((?:DISTINCT|REDUCED)\s+)?", re.IGNORECASE)


def _inject_focus(text: str, focus: str, sparql: Node) -> str:
    """Bind $this by joining the focus nodes at the start of the outer WHERE group.

    Pre-binding $this per focus node (as SHACL describes it) would mean one query
    per node; a FILTER in the outer group sees ?this bound either way."""
    match = _SELECT.search(text)
    if match is None or "{" not in text[match.end() :]:
        raise UnsupportedShapeError(f"SPARQL constraint {sparql}: sh:select is not a SELECT query")
    brace = text.index("{", match.end())
    projection = text[match.end() : brace]
    if not re.search(r"[?$]this\b|\*", projection):
        text = text[: match.end()] + "?this " + text[match.end() :]
        brace += len("?this ")
    return text[: brace + 1] + f"\n{focus}\n" + text[brace + 1 :]


def _sparql_term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        lexical = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if term.language:
            return f'"{lexical}"@{term.language}'
        return f'"{lexical}"^^<{term.datatype or XSD.string}>'
    raise UnsupportedShapeError(f"a blank node ({term}) cannot be a constraint parameter")


# ---------------------------------------------------------------- the fast path


_OXIGRAPH_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
}


def store_from_files(paths: Iterable[Path]) -> ox.Store:
    """A fresh in-memory store with each Turtle file in the default graph and each
    TriG or N-Quads file in its own named graphs."""
    store = ox.Store()
    for path in paths:
        fmt = _OXIGRAPH_FORMATS.get(Path(path).suffix)
        if fmt is None:
            raise ValueError(f"{path}: not an RDF file ({', '.join(_OXIGRAPH_FORMATS)})")
        store.load(path=str(path), format=fmt)
    return store


@dataclass
class Scope:
    """What an incremental build changed: the graphs it replaced and every node (subject
    or object, IRIs) of a triple they held before or after. A node's results can only
    change when a triple it is part of changed: the shapes read a node's own triples
    and, through inverse paths and links, those pointing at it."""

    graphs: list[str]  # IRIs; "" for the default graph
    nodes: set[str]
    validated: set[str] = field(default_factory=set)  # focus nodes validated, as results show them

    def covers(self, result: ValidationResult) -> bool:
        return result.focus in self.nodes or result.focus in self.validated


def validate_store(store: ox.Store, shapes: Shapes, scope: Scope | None = None) -> ValidationReport:
    """Run every compiled constraint over the union of the store's graphs, for every
    focus node or (an incremental build) only for those in ``scope``."""
    results: set[ValidationResult] = set()
    focus = _ScopedFocus(store, scope) if scope is not None else None
    with warnings.catch_warnings():
        # rdflib warns when it meets an ill-typed literal; here that is a finding, reported as one
        warnings.simplefilter("ignore", UserWarning)
        for constraint in shapes.constraints:
            query = constraint.query
            if focus is not None and constraint.targets is not None:
                nodes = focus.of(constraint.targets)
                if not nodes:
                    continue
                query = constraint.for_nodes(nodes)
            solutions = store.query(query, use_default_graph_as_union=True)
            names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
            for solution in solutions:  # type: ignore[union-attr]
                bindings = {name: _from_oxigraph(solution[name]) for name in names if solution[name] is not None}
                results.add(_result(constraint, bindings))
    return ValidationReport(sorted(results, key=sort_key))


class _ScopedFocus:
    """The focus nodes of each target within a scope, found by index lookups: in a
    query, joining a few thousand scope nodes with ``rdf:type/rdfs:subClassOf*`` cost
    more than validating the whole store."""

    def __init__(self, store: ox.Store, scope: Scope) -> None:
        self.store, self.scope = store, scope
        self.nodes = [ox.NamedNode(iri) for iri in sorted(scope.nodes)]
        superclasses: dict[str, set[str]] = {}
        query = f"SELECT ?class ?super WHERE {{ ?class <{RDFS.subClassOf}>+ ?super }}"
        for row in store.query(query, use_default_graph_as_union=True):  # type: ignore[union-attr]
            superclasses.setdefault(row["class"].value, set()).add(row["super"].value)
        self.types = {n.value: self._types(n, superclasses) for n in self.nodes}
        self.memo: dict[Targets, list[str]] = {}

    def _types(self, node: ox.NamedNode, superclasses: dict[str, set[str]]) -> set[str]:
        direct = {q.object.value for q in self.store.quads_for_pattern(node, _TYPE, None, None)}
        return direct.union(*(superclasses.get(t, set()) for t in direct))

    def of(self, targets: Targets) -> list[str]:
        """N-Triples terms of the focus nodes of ``targets`` in scope."""
        if targets not in self.memo:
            found = [term for term in self._find(targets) if not isinstance(term, ox.BlankNode)]
            self.scope.validated.update(term.value for term in found)
            self.memo[targets] = sorted({str(term) for term in found})
        return self.memo[targets]

    def _find(self, targets: Targets) -> Iterator[ox.NamedNode | ox.Literal | ox.BlankNode]:
        classes = set(targets.classes)
        yield from (n for n in self.nodes if self.types[n.value] & classes)
        yield from (ox.NamedNode(t[1:-1]) for t in targets.nodes if t.startswith("<") and t[1:-1] in self.scope.nodes)
        for predicate in map(ox.NamedNode, targets.subjects_of):
            yield from (n for n in self.nodes if next(self.store.quads_for_pattern(n, predicate, None, None), None))
        for predicate in map(ox.NamedNode, targets.objects_of):
            for graph in (ox.NamedNode(g) if g else ox.DefaultGraph() for g in self.scope.graphs):
                # values a changed graph gives
                yield from (q.object for q in self.store.quads_for_pattern(None, predicate, None, graph))
            # and values whose own data changed
            yield from (n for n in self.nodes if next(self.store.quads_for_pattern(None, predicate, n, None), None))


_TYPE = ox.NamedNode(str(RDF.type))


def _from_oxigraph(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        # keep the lexical form as stored: rdflib would "normalise" an ill-typed literal away
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)
    raise TypeError(f"unexpected term in a validation result: {term!r}")


def _result(constraint: CompiledConstraint, bindings: dict[str, Node]) -> ValidationResult:
    focus = bindings["this"]
    value = bindings.get("value")
    if value is None and not constraint.is_property_shape and constraint.component == "SPARQLConstraintComponent":
        value = focus  # SHACL-SPARQL: a node shape's result without ?value reports the focus node
    path = constraint.path
    if isinstance(bindings.get("path"), URIRef):
        path = bindings["path"]  # type: ignore[assignment]
    message = _fill(constraint.message, {**bindings, "this": focus, **({"value": value} if value is not None else {})})
    return ValidationResult(
        focus=_text(focus),
        path=path_text(path),
        component=constraint.component,
        severity=constraint.severity,
        message=message,
        value=_text(value) if value is not None else None,
        shape=_text(constraint.shape),
        constraint=_text(constraint.constraint) if constraint.constraint is not None else None,
        terms=ResultTerms(focus, path, value, constraint.shape, constraint.constraint),
    )


_PLACEHOLDER = re.compile(r"\{[?$](\w+)\}")


def _fill(template: str, bindings: dict[str, Node]) -> str:
    """Substitute {$this}, {?value} and {?var} in a message; unknown names stay."""
    return _PLACEHOLDER.sub(lambda m: _text(bindings[m[1]]) if m[1] in bindings else m[0], template)


def sort_key(result: ValidationResult) -> tuple:
    return result.focus, result.path or "", result.component, result.severity, result.value or "", result.message


# ---------------------------------------------------------------- the reference path


def validate_graph_with_pyshacl(
    data: Graph | Dataset,
    shapes_paths: Sequence[Path],
    ontology: Graph | Sequence[Path] | None = None,
) -> ValidationReport:
    """Validate with pyshacl over the union of ``data``'s graphs, like the fast path."""
    import pyshacl  # slow to import; only the reference path needs it

    shapes = Graph()
    for path in shapes_paths:
        shapes.parse(path, format="turtle")
    ontology_graph = ontology if isinstance(ontology, Graph) or ontology is None else _graph_of_files(ontology)
    with _translating_each_query_once():
        _, report, _ = pyshacl.validate(
            _union(data), shacl_graph=shapes, ont_graph=ontology_graph, inference="none", advanced=True
        )
    return report_from_graph(report, shapes)  # type: ignore[arg-type]


_TRANSLATED: dict[tuple, object] = {}
_PREFIX_LINE = re.compile(r"\s*PREFIX\s+[^\n]*\n", re.IGNORECASE)


def _canonical_prologue(query: str) -> str:
    # pyshacl writes the PREFIX lines in set order, which changes from run to run
    lines, rest = [], query
    while match := _PREFIX_LINE.match(rest):
        lines.append(match[0].strip())
        rest = rest[match.end() :]
    return "\n".join(sorted(lines)) + "\n" + rest
_PYSHACL = threading.Lock()


@contextmanager
def _translating_each_query_once() -> Iterator[None]:
    """pyshacl hands rdflib the text of a SPARQL constraint again for every focus
    node, and parsing it is most of pyshacl's run time. Translating each text once
    and reusing the result is what rdflib's prepareQuery is for; evaluation is
    unchanged. The patch is process-wide while it lasts, hence the lock."""
    from rdflib.plugins.sparql import processor

    original = processor.SPARQLProcessor.query

    def query(self, query, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803 (rdflib's names)
        if isinstance(query, str):
            key = (_canonical_prologue(query), base, tuple(sorted((initNs or {}).items())))
            if key not in _TRANSLATED:
                if len(_TRANSLATED) > 4096:
                    _TRANSLATED.clear()
                _TRANSLATED[key] = processor.translateQuery(processor.parseQuery(query), base, initNs)
            query = _TRANSLATED[key]
        return original(self, query, initBindings, initNs, base, DEBUG)

    with _PYSHACL:
        processor.SPARQLProcessor.query = query  # type: ignore[method-assign]
        try:
            yield
        finally:
            processor.SPARQLProcessor.query = original  # type: ignore[method-assign]


def _graph_of_files(paths: Sequence[Path]) -> Graph:
    graph = Graph()
    for path in paths:
        fmt = _RDFLIB_FORMATS.get(Path(path).suffix)
        if fmt is None:
            raise ValueError(f"{path}: not an RDF file ({', '.join(_RDFLIB_FORMATS)})")
        if fmt in ("trig", "nquads"):
            dataset = Dataset()
            dataset.parse(path, format=fmt)
            graph += _union(dataset)
        else:
            graph.parse(path, format=fmt)
    return graph


_RDFLIB_FORMATS = {".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nquads"}


def _union(data: Graph | Dataset) -> Graph:
    # pyshacl validates each named graph of a Dataset on its own; the store sees their union
    if not isinstance(data, Dataset):
        return data
    union = Graph()
    for s, p, o, _ in data.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def report_from_graph(report: Graph, shapes: Graph) -> ValidationReport:
    """Read a standard sh:ValidationReport (as pyshacl writes it) into results."""
    results = set()
    for node in report.objects(None, SH.result):
        focus = report.value(node, SH.focusNode)
        path_node = report.value(node, SH.resultPath)
        path = parse_path(report, path_node) if path_node is not None else None
        value = report.value(node, SH.value)
        shape = report.value(node, SH.sourceShape)
        constraint = report.value(node, SH.sourceConstraint)
        results.add(
            ValidationResult(
                focus=_text(focus),  # type: ignore[arg-type]
                path=path_text(path),
                component=_local_name(report.value(node, SH.sourceConstraintComponent)),  # type: ignore[arg-type]
                severity=_local_name(report.value(node, SH.resultSeverity)),  # type: ignore[arg-type]
                message=_report_message(report, node, shapes, shape),
                value=_text(value) if value is not None else None,
                shape=_text(shape),  # type: ignore[arg-type]
                constraint=_text(constraint) if constraint is not None else None,
                terms=ResultTerms(focus, path, value, shape, constraint),  # type: ignore[arg-type]
            )
        )
    return ValidationReport(sorted(results, key=sort_key))


def _report_message(report: Graph, node: Node, shapes: Graph, shape: Node | None) -> str:
    # pyshacl lists a SPARQL constraint's own message beside its shape's; prefer the former
    messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
    shape_messages = {str(m) for m in shapes.objects(shape, SH.message)} if shape is not None else set()
    specific = [m for m in messages if m not in shape_messages]
    return (specific or messages or [""])[0]
