"""Shared fixtures: stores and apps built on tmp_path, never in the working tree."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import storing

EX = "http://example.org/"


@pytest.fixture
def tiny_store(tmp_path: Path) -> Path:
    """A published store of three people, each in a named graph of their own."""
    location = tmp_path / "store"
    with storing.new_generation(location) as (store, path):
        for name, age in (("ann", 12), ("bob", 30), ("cas", 45)):
            person, graph = ox.NamedNode(EX + name), ox.NamedNode(EX + "graph/" + name)
            age_literal = ox.Literal(str(age), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
            store.add(ox.Quad(person, ox.NamedNode(EX + "age"), age_literal, graph))
            store.add(ox.Quad(person, ox.NamedNode(EX + "name"), ox.Literal(name), graph))
        store.flush()
        storing.publish(location, path)
    return location


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus built once into a store for the whole session (read-only for tests)."""
    from kg import pipeline
    from kg.settings import load_settings

    settings = load_settings()
    location = tmp_path_factory.mktemp("built") / "store"
    result = pipeline.build(settings.corpus_dir, location, settings)
    assert result.published, [r.message for r in result.report.violations][:5]
    return location
