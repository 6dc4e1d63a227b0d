from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.querying import QueryError, canned_queries, parse_canned_query, resolve_query, run_query, solutions_table
from kg.settings import load_settings

QUERY = '''#+ title: People by age
#+ description: Everyone at least a given age.
#+ param min_age: integer = 18 -- youngest age to list
#+ param name: string = "" -- exact name; empty for all
PREFIX ex: <http://example.org/>
SELECT ?person ?age ?min_age ?name WHERE {
  ?person ex:age ?age .
  OPTIONAL { ?person ex:name ?n }
  FILTER (?age >= ?min_age && (?name = "" || ?n = ?name))
} ORDER BY ?age
'''


@pytest.fixture
def query_file(tmp_path: Path) -> Path:
    path = tmp_path / "people.rq"
    path.write_text(QUERY, encoding="utf-8")
    return path


@pytest.fixture
def people() -> ox.Store:
    store = ox.Store()
    ex = "http://example.org/"
    for name, age in (("ann", 12), ("bob", 30), ("cas", 45)):
        person = ox.NamedNode(ex + name)
        graph = ox.NamedNode(ex + "g-" + name)  # each in its own graph: the union must see all
        store.add(ox.Quad(person, ox.NamedNode(ex + "age"), ox.Literal(str(age), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")), graph))
        store.add(ox.Quad(person, ox.NamedNode(ex + "name"), ox.Literal(name), graph))
    return store


def test_header_is_parsed(query_file: Path) -> None:
    canned = parse_canned_query(query_file)
    assert canned.name == "people" and canned.title == "People by age"
    assert canned.description == "Everyone at least a given age."
    assert [(p.name, p.type, p.default) for p in canned.parameters] == [("min_age", "integer", "18"), ("name", "string", "")]
    assert canned.parameters[0].description == "youngest age to list"


@pytest.mark.parametrize(
    "values, expected",
    [
        pytest.param({}, ["30", "45"], id="defaults"),
        pytest.param({"min_age": "40"}, ["45"], id="integer-param"),
        pytest.param({"min_age": "0", "name": "ann"}, ["12"], id="string-param"),
        pytest.param({"name": 'bob" || true || "'}, [], id="injection-stays-a-value"),
    ],
)
def test_parameters_are_bound_not_spliced(query_file: Path, people: ox.Store, values: dict, expected: list) -> None:
    canned = parse_canned_query(query_file)
    variables, rows = solutions_table(run_query(people, canned.text, canned.bindings(values)), canned.parameter_names)
    assert variables == ["person", "age"]
    assert [row[1] for row in rows] == expected


@pytest.mark.parametrize(
    "values, message",
    [
        pytest.param({"min_age": "old"}, "must be integer", id="bad-integer"),
        pytest.param({"colour": "red"}, "has no parameter colour", id="unknown-param"),
    ],
)
def test_bad_parameters_are_refused(query_file: Path, values: dict, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_canned_query(query_file).bindings(values)


def test_syntax_error_is_a_query_error(people: ox.Store) -> None:
    with pytest.raises(QueryError, match="SPARQL syntax error"):
        run_query(people, "SELECT ?x WHERE { ?x ")


def test_unknown_canned_query(tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="unknown query 'nope'"):
        resolve_query("nope", tmp_path)


def test_every_shipped_query_has_title_and_description() -> None:
    queries = canned_queries(load_settings().queries_dir)
    assert queries, "queries/ is empty"
    for canned in queries.values():
        assert canned.title != canned.name and canned.description, canned.name
        ox.Store().query(canned.text, substitutions=canned.bindings({}))  # parses and binds
