"""Small parts of kg/reporting.py; the formats themselves are tested through the CLI (test_validate_cli.py)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.reporting import Locator, _line_column, rule_id


@pytest.mark.parametrize(
    ("text", "offset", "expected"),
    [("abc", 0, (1, 1)), ("abc", 3, (1, 4)), ("a\nbc", 2, (2, 1)), ("🤖 x\ny", 2, (1, 3)), ("a\r\nb", 3, (2, 1))],
)
def test_line_and_column_count_code_points_from_1(text: str, offset: int, expected: tuple[int, int]) -> None:
    assert _line_column(text, offset) == expected


def test_rule_ids() -> None:
    shapes = "https://w3id.org/kg/shapes#"
    assert rule_id(shapes + "Claim-evidence", "MinCountConstraintComponent", None) == "Claim-evidence/MinCount"
    assert rule_id(shapes + "X", "SPARQLConstraintComponent", shapes + "Money-cites") == "Money-cites"


def test_a_selector_is_reported_under_its_claim() -> None:
    locator = Locator(ox.Store())
    assert locator.owner("https://w3id.org/kg/claims/c1#quote") == "https://w3id.org/kg/claims/c1"
    assert locator.owner("https://w3id.org/kg/claims/c1") == "https://w3id.org/kg/claims/c1"
    assert locator.owner("_:b0") == "_:b0"
    assert locator.locate("https://w3id.org/kg/claims/nowhere").file is None
