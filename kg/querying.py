"""Querying: SPARQL over the store, and canned queries read from ``queries/``.

A canned query is a ``NAME.rq`` file whose header of ``#+`` lines carries its
metadata (as CLARIAH/grlc does)::

    #+ title: Pay figures
    #+ description: Every money figure with its document.
    #+ param currency: string = "" -- ISO 4217 code to filter by; empty for all

Parameters are bound as SPARQL values through Oxigraph's substitutions, never
spliced into the query text. Oxigraph substitutes only variables the SELECT
projects, so a canned query projects its parameters and ``Table`` drops them
from what it shows.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

_HEADER_LINE = re.compile(r"^#\+\s*(?P<key>\w+)(?:\s+(?P<name>[\w-]+))?\s*:\s*(?P<rest>.*)$")
_PARAM = re.compile(r'^(?P<type>\w+)\s*(?:=\s*(?P<default>"[^"]*"|\S+))?\s*(?:--\s*(?P<doc>.*))?$')
PARAM_TYPES = ("string", "integer", "decimal", "iri", "boolean")


class QueryError(ValueError):
    """A query the user asked for cannot run: unknown name, bad parameter, syntax."""


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: str
    description: str = ""

    def to_term(self, raw: str) -> ox.NamedNode | ox.Literal:
        try:
            if self.type == "integer":
                return ox.Literal(str(int(raw)), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
            if self.type == "decimal":
                return ox.Literal(str(Decimal(raw)), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))
            if self.type == "boolean":
                if raw.lower() not in ("true", "false"):
                    raise ValueError(raw)
                return ox.Literal(raw.lower(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
            if self.type == "iri":
                return ox.NamedNode(raw)
        except (ValueError, InvalidOperation):
            raise QueryError(f"parameter {self.name} must be {self.type}, got {raw!r}") from None
        return ox.Literal(raw)


@dataclass(frozen=True)
class CannedQuery:
    name: str
    path: Path
    text: str
    title: str
    description: str
    parameters: tuple[Parameter, ...] = field(default_factory=tuple)

    @property
    def parameter_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.parameters)

    def bindings(self, values: dict[str, str]) -> dict[ox.Variable, ox.NamedNode | ox.Literal]:
        known = {p.name: p for p in self.parameters}
        unknown = set(values) - set(known)
        if unknown:
            raise QueryError(f"query {self.name} has no parameter {', '.join(sorted(unknown))}; it takes: "
                             f"{', '.join(known) or 'none'}")
        return {ox.Variable(p.name): p.to_term(values.get(p.name, p.default)) for p in self.parameters}


def parse_canned_query(path: Path) -> CannedQuery:
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    parameters: list[Parameter] = []
    for line in text.splitlines():
        match = _HEADER_LINE.match(line)
        if not match:
            continue
        key, name, rest = match["key"], match["name"], match["rest"].strip()
        if key == "param" and name:
            spec = _PARAM.match(rest)
            if not spec or spec["type"] not in PARAM_TYPES:
                raise QueryError(f"{path}: bad parameter line {line!r}; expected `#+ param NAME: TYPE = DEFAULT -- text`")
            default = (spec["default"] or '""').strip('"')
            parameters.append(Parameter(name, spec["type"], default, (spec["doc"] or "").strip()))
        else:
            meta[key] = rest
    return CannedQuery(
        name=path.stem,
        path=path,
        text=text,
        title=meta.get("title", path.stem),
        description=meta.get("description", ""),
        parameters=tuple(parameters),
    )


def canned_queries(queries_dir: Path) -> dict[str, CannedQuery]:
    return {p.stem: parse_canned_query(p) for p in sorted(queries_dir.glob("*.rq"))}


def resolve_query(name_or_file: str, queries_dir: Path) -> CannedQuery:
    path = Path(name_or_file)
    if path.suffix == ".rq" and path.is_file():
        return parse_canned_query(path)
    available = canned_queries(queries_dir)
    if name_or_file not in available:
        raise QueryError(f"unknown query {name_or_file!r}; canned queries: {', '.join(available)}")
    return available[name_or_file]


def run_query(
    store: ox.Store,
    query: str,
    bindings: dict[ox.Variable, ox.NamedNode | ox.Literal] | None = None,
    default_graph: list[ox.NamedNode] | None = None,
    named_graphs: list[ox.NamedNode] | None = None,
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Run SPARQL with the union of all graphs as default graph (the contract)."""
    try:
        return store.query(
            query,
            substitutions=bindings or None,
            use_default_graph_as_union=default_graph is None,
            default_graph=default_graph,
            named_graphs=named_graphs,
        )
    except SyntaxError as err:
        raise QueryError(f"SPARQL syntax error: {err}") from None


def term_text(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str:
    if term is None:
        return ""
    return term.value


def term_json(term: ox.NamedNode | ox.Literal | ox.BlankNode) -> dict[str, str]:
    """A term as SPARQL 1.1 Query Results JSON writes it."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


@dataclass
class Table:
    """SELECT results with the parameter columns dropped."""

    variables: list[str]
    rows: list[list[ox.NamedNode | ox.Literal | ox.BlankNode | None]]

    @classmethod
    def of(cls, solutions: ox.QuerySolutions, hidden: tuple[str, ...] = ()) -> "Table":
        variables = [v.value for v in solutions.variables if v.value not in hidden]
        return cls(variables, [[solution[v] for v in variables] for solution in solutions])

    def text_rows(self) -> list[list[str]]:
        return [[term_text(term) for term in row] for row in self.rows]

    def to_json(self) -> str:
        bindings = [
            {var: term_json(term) for var, term in zip(self.variables, row) if term is not None} for row in self.rows
        ]
        return json.dumps({"head": {"vars": self.variables}, "results": {"bindings": bindings}}, ensure_ascii=False)

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(self.variables)
        writer.writerows(self.text_rows())
        return out.getvalue()


def solutions_table(solutions: ox.QuerySolutions, hidden: tuple[str, ...] = ()) -> tuple[list[str], list[list[str]]]:
    table = Table.of(solutions, hidden)
    return table.variables, table.text_rows()
