"""Reporting validation results as people and CI systems read them.

Each result is located in the source text: the claim's document file, and the
line and column where its evidence starts, looked up in the store.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

from kg.validating import ValidationReport, ValidationResult

_LOCATE = """
PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?focus ?file ?text ?start ?exact WHERE {
  OPTIONAL { ?focus kg:document ?doc . ?doc kg:fileName ?file ; kg:text ?text }
  OPTIONAL { ?focus kg:evidence/oa:hasSelector ?pos . ?pos oa:start ?start }
  OPTIONAL { ?focus kg:evidence/oa:hasSelector ?quote . ?quote oa:exact ?exact }
} LIMIT 1
"""


@dataclass(frozen=True)
class Location:
    file: str | None = None
    line: int | None = None
    column: int | None = None
    exact: str | None = None


def _line_column(text: str, offset: int) -> tuple[int, int]:
    offset = min(offset, len(text))
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def locate(store: ox.Store, focus: str) -> Location:
    """Where a focus node's evidence stands in its document, as far as the data tells."""
    if focus.startswith("_:"):
        return Location()
    solutions = store.query(
        _LOCATE, substitutions={ox.Variable("focus"): ox.NamedNode(focus)}, use_default_graph_as_union=True
    )
    for row in solutions:
        file, text, start, exact = (row[v] for v in ("file", "text", "start", "exact"))
        line = column = None
        if text is not None and start is not None and start.value.isdigit():
            line, column = _line_column(text.value, int(start.value))
        return Location(file.value if file else None, line, column, exact.value if exact else None)
    return Location()


def group_by_focus(report: ValidationReport) -> dict[str, list[ValidationResult]]:
    grouped: dict[str, list[ValidationResult]] = defaultdict(list)
    for result in sorted(report.results, key=lambda r: (r.focus, r.severity, r.message)):
        grouped[result.focus].append(result)
    return grouped


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def text_report(report: ValidationReport, store: ox.Store) -> str:
    lines: list[str] = []
    for focus, results in group_by_focus(report).items():
        where = locate(store, focus)
        place = f"{where.file}:{where.line}:{where.column}" if where.file and where.line else where.file or ""
        lines.append(f"{focus}  {place}".rstrip())
        if where.exact is not None:
            lines.append(f"  text: “{_short(where.exact)}”")
        for result in results:
            path = f" [{result.path}]" if result.path else ""
            lines.append(f"  {result.severity}{path}: {result.message}")
    violations, warnings = len(report.violations), len(report.warnings)
    verdict = "conforms" if report.conforms else "does not conform"
    lines.append(f"{verdict}: {violations} violations, {warnings} warnings")
    return "\n".join(lines)
