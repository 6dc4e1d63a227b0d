"""Fact-check: one core function behind kg trace and /trace."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.settings import load_settings
from kg.tracing import TraceError, read_value, trace


@pytest.fixture(scope="module")
def store(built_store: Path) -> ox.Store:
    return ox.Store.read_only(str(built_store.resolve()))


@pytest.mark.parametrize("text", ["875000", "$875K", "875.000", "$875.000", " 875000 "])
def test_the_ways_people_write_875000(text: str) -> None:
    assert read_value(text).value == 875000


@pytest.mark.parametrize("text, value", [("1,34M", 1340000), ("$1.34M", 1340000), ("3,7%", 3.7), ("€90.000", 90000)])
def test_read_value(text: str, value: float) -> None:
    assert read_value(text).value == value


@pytest.mark.parametrize("text", ["", "abc", "875K dollars or so", "1.23.456"])
def test_not_a_number(text: str) -> None:
    with pytest.raises(TraceError):
        read_value(text)


@pytest.mark.parametrize("text", ["875000", "$875K", "875.000"])
def test_trace_finds_the_levels_fyi_figure(store: ox.Store, text: str) -> None:
    result = trace(store, text, load_settings().queries_dir)
    exact = [hit for hit in result.hits if hit.match == "value"]
    assert {hit.exact for hit in exact} >= {"~$875K", "$875.000"}
    for hit in result.hits:
        assert hit.passage.figure == hit.exact  # the passage marks exactly the figure
        assert "levels.fyi" in hit.sources or hit.match != "value"
    assert [h.match for h in result.hits] == sorted((h.match for h in result.hits), key=["value", "range-end", "within-range"].index)


def test_trace_shows_conflicts(store: ox.Store) -> None:
    # two entry-level figures of one measure far apart: $238K (an L2 engineer) and $100k
    result = trace(store, "238K", load_settings().queries_dir)
    assert any(link.exact == "$100k" for hit in result.hits for link in hit.conflicting)


def test_figures_of_different_levels_do_not_conflict(store: ox.Store) -> None:
    # "$238K (L2, instapniveau) ..., terwijl ... L6 (senior) ... $1,34M": each side its own level
    result = trace(store, "1,34M", load_settings().queries_dir)
    assert result.hits and not any(link.exact == "$238K" for hit in result.hits for link in hit.conflicting)


def test_trace_range_ends_and_insides(store: ox.Store) -> None:
    matches = {hit.match for hit in trace(store, "500000", load_settings().queries_dir).hits}
    assert {"value", "range-end", "within-range"} <= matches


def test_percent_asks_for_percentages(store: ox.Store) -> None:
    hits = trace(store, "14%", load_settings().queries_dir).hits
    assert hits and {hit.type for hit in hits} == {"Percentage"}


def test_cli_exit_codes(built_store: Path) -> None:
    runner = CliRunner()
    found = runner.invoke(app, ["trace", "$875K", "--store", str(built_store)])
    assert found.exit_code == 0 and "levels.fyi" in found.stdout
    assert runner.invoke(app, ["trace", "123456789123", "--store", str(built_store)]).exit_code == 1
    assert runner.invoke(app, ["trace", "abc", "--store", str(built_store)]).exit_code == 2
    as_json = runner.invoke(app, ["trace", "1,34M", "--format", "json", "--store", str(built_store)])
    assert as_json.exit_code == 0 and '"exact": "$1,34M"' in as_json.stdout
