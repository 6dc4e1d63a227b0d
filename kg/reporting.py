"""Reporting validation results as people and CI systems read them.

Each result is located in the source text: the claim it belongs to, the claims
file (generated or curated) that holds it, and the document file with the line
and column where the claim's evidence starts and ends, looked up in the store.
Four faces over one ``Locator``: text, JUnit XML and SARIF 2.1.0 (and the
standard SHACL report, ``ValidationReport.to_graph``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

import pyoxigraph as ox

from kg.curation import Outcome, Source
from kg.namespaces import DOCUMENTS
from kg.settings import Settings
from kg.validating import CompiledConstraint, ValidationReport, ValidationResult

_EVIDENCE = """
PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?node ?doc ?start ?end ?exact WHERE {
  ?node kg:evidence ?evidence . ?evidence oa:hasSource ?doc .
  OPTIONAL { ?evidence oa:hasSelector ?position . ?position oa:start ?start ; oa:end ?end }
  OPTIONAL { ?evidence oa:hasSelector ?quote . ?quote oa:exact ?exact }
}
"""
_DOCUMENTS = """
PREFIX kg: <https://w3id.org/kg/ontology#>
SELECT ?node ?file ?text WHERE { ?node kg:fileName ?file OPTIONAL { ?node kg:text ?text } }
"""
_DOCUMENT_OF = """
PREFIX kg: <https://w3id.org/kg/ontology#>
SELECT ?node ?doc WHERE { ?node kg:document ?doc }
"""


@dataclass(frozen=True)
class Location:
    node: str  # the claim (or document, activity, ...) the result belongs to
    document: str | None = None  # document id
    file: str | None = None  # the document's file, relative to the working directory when inside it
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    exact: str | None = None
    claims_file: str | None = None  # the claims file that holds the node
    curated: Source | None = None  # the curated file that wrote, corrected or rejected it

    @property
    def place(self) -> str:
        if self.file and self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file or ""

    @property
    def suite(self) -> str:
        """The file a CI report files the node under."""
        if self.curated is not None:
            return str(self.curated.path)
        return self.claims_file or self.document or "other"


@dataclass(frozen=True)
class _Evidence:
    doc: str
    start: int | None
    end: int | None
    exact: str | None


def _offset(value: str | None) -> int | None:
    return int(value) if value is not None and value.isdigit() else None


def _line_column(text: str, offset: int) -> tuple[int, int]:
    offset = min(offset, len(text))
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def relative(path: Path) -> str:
    """``path`` relative to the working directory when it is inside it, else absolute."""
    absolute = path.resolve()
    try:
        return absolute.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return absolute.as_posix()


@dataclass
class Locator:
    """Finds where focus nodes stand: document file, line and column, claims file.

    ``claims_files`` maps a document id to its generated claims file; ``curated``
    maps nodes written, corrected or rejected in curated files to those files."""

    store: ox.Store
    corpus_dir: Path | None = None
    claims_files: dict[str, Path] = field(default_factory=dict)
    curated: dict[str, Source] = field(default_factory=dict)
    _seen: dict[str, Location] = field(default_factory=dict, repr=False)
    _evidence: dict[str, _Evidence] | None = field(default=None, repr=False)
    _documents: dict[str, tuple[str, str | None]] = field(default_factory=dict, repr=False)
    _document_of: dict[str, str] = field(default_factory=dict, repr=False)

    def owner(self, focus: str) -> str:
        """The claim a node belongs to: ``claim:x#quote`` -> ``claim:x``."""
        base = focus.split("#", 1)[0]
        return base if base != focus and not base.startswith("_:") else focus

    def locate(self, focus: str) -> Location:
        node = self.owner(focus)
        if node not in self._seen:
            self._seen[node] = self._locate(node)
        return self._seen[node]

    def _locate(self, node: str) -> Location:
        curated = self.curated.get(node)
        evidence = self._index()[0].get(node)
        doc = evidence.doc if evidence else self._index()[2].get(node) or (node if node in self._index()[1] else None)
        if doc is None:
            return Location(node, curated=curated)
        file, text = self._index()[1].get(doc, (None, None))
        doc_id = doc.removeprefix(str(DOCUMENTS))
        claims_file = self.claims_files.get(doc_id)
        where: dict = {}
        if evidence is not None and text is not None and evidence.start is not None:
            where["line"], where["column"] = _line_column(text, evidence.start)
            if evidence.end is not None:
                where["end_line"], where["end_column"] = _line_column(text, evidence.end)
        return Location(
            node,
            document=doc_id,
            file=self._document_file(file) if file is not None else None,
            exact=evidence.exact if evidence else None,
            claims_file=relative(claims_file) if claims_file else None,
            curated=curated,
            **where,
        )

    def _index(self) -> tuple[dict[str, _Evidence], dict[str, tuple[str, str | None]], dict[str, str]]:
        """Evidence of every node, file and text of every document, document of every claim:
        three queries once, instead of three per node."""
        if self._evidence is None:
            self._evidence = {}
            for row in self._rows(_EVIDENCE):
                start, end, exact = (row.get(k) for k in ("start", "end", "exact"))
                self._evidence.setdefault(row["node"], _Evidence(row["doc"], _offset(start), _offset(end), exact))
            self._documents = {row["node"]: (row["file"], row.get("text")) for row in self._rows(_DOCUMENTS)}
            self._document_of = {row["node"]: row["doc"] for row in self._rows(_DOCUMENT_OF)}
        return self._evidence, self._documents, self._document_of

    def _rows(self, query: str) -> list[dict[str, str]]:
        solutions = self.store.query(query, use_default_graph_as_union=True)
        names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
        return [{n: row[n].value for n in names if row[n] is not None} for row in solutions]  # type: ignore[union-attr]

    def _document_file(self, name: str) -> str:
        return relative(self.corpus_dir / name) if self.corpus_dir is not None else name

    def claims_by_suite(self) -> dict[str, list[str]]:
        """Every claim in the store, under the file a CI report files it."""
        suites: dict[str, list[str]] = defaultdict(list)
        evidence, _, document_of = self._index()
        for claim in document_of.keys() & evidence.keys():
            suites[self.locate(claim).suite].append(claim)
        return {suite: sorted(claims) for suite, claims in sorted(suites.items())}


def group_by_focus(report: ValidationReport, locator: Locator | None = None) -> dict[str, list[ValidationResult]]:
    """Results grouped by claim (``claim#quote`` counts as its claim) when a locator is given."""
    grouped: dict[str, list[ValidationResult]] = defaultdict(list)
    for result in sorted(report.results, key=lambda r: (r.focus, r.severity, r.message)):
        grouped[locator.owner(result.focus) if locator else result.focus].append(result)
    return grouped


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def failed(report: ValidationReport, strict: bool) -> bool:
    return bool(report.violations or (strict and report.warnings))


# ---------------------------------------------------------------- text


def text_report(report: ValidationReport, locator: Locator | ox.Store, strict: bool = False) -> str:
    locator = locator if isinstance(locator, Locator) else Locator(locator)
    lines: list[str] = []
    for node, results in group_by_focus(report, locator).items():
        where = locator.locate(node)
        held = f"  in {where.claims_file}" if where.claims_file else ""
        lines.append(f"{node}  {where.place}{held}".rstrip())
        if where.curated is not None:
            lines.append(f"  curated in {where.curated}")
        if where.exact is not None:
            lines.append(f"  text: “{_short(where.exact)}”")
        for result in results:
            path = f" [{result.path}]" if result.path else ""
            focus = f" on {result.focus}" if result.focus != node else ""
            lines.append(f"  {result.severity}{path}{focus}: {result.message}")
    violations, warnings = len(report.violations), len(report.warnings)
    verdict = "does not conform" if failed(report, strict) else "conforms"
    lines.append(f"{verdict}: {violations} violations, {warnings} warnings" + (" (--strict)" if strict else ""))
    return "\n".join(lines)


# ---------------------------------------------------------------- JUnit XML


def junit_report(report: ValidationReport, locator: Locator, strict: bool = False) -> str:
    """One testsuite per claims file (curated files included), one testcase per
    checked claim and per other node with results. Violations are failures;
    warnings too with ``strict``, else they go to the testcase's system-out."""
    grouped = group_by_focus(report, locator)
    suites = locator.claims_by_suite()
    for node in grouped:
        suite = suites.setdefault(locator.locate(node).suite, [])
        if node not in suite:
            suite.append(node)
    root = ET.Element("testsuites", name="kg validate")
    totals = [0, 0]
    for name in sorted(suites):
        element = ET.SubElement(root, "testsuite", name=name)
        counts = [0, 0]
        for node in sorted(suites[name]):
            counts[0] += 1
            counts[1] += _testcase(element, node, grouped.get(node, []), locator.locate(node), strict)
        _counts(element, *counts)
        totals = [totals[0] + counts[0], totals[1] + counts[1]]
    _counts(root, *totals)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _counts(element: ET.Element, tests: int, failures: int) -> None:
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", "0")
    element.set("skipped", "0")


def _testcase(suite: ET.Element, node: str, results: list[ValidationResult], where: Location, strict: bool) -> int:
    """Add one testcase; returns 1 if it failed."""
    case = ET.SubElement(suite, "testcase", classname=where.document or "graph", name=node)
    if where.file:
        case.set("file", where.file)
        if where.line:
            case.set("line", str(where.line))
    failing = [r for r in results if r.severity == "Violation" or (strict and r.severity == "Warning")]
    others = [r for r in results if r not in failing]
    if failing:
        failure = ET.SubElement(case, "failure", type=failing[0].severity, message=failing[0].message)
        failure.text = _details(failing, where)
    if others:
        ET.SubElement(case, "system-out").text = _details(others, where)
    return 1 if failing else 0


def _details(results: Sequence[ValidationResult], where: Location) -> str:
    lines = [f"{where.place}" + (f"  (curated in {where.curated})" if where.curated else "")]
    if where.exact is not None:
        lines.append(f"text: “{_short(where.exact)}”")
    lines += [f"{r.severity}{f' [{r.path}]' if r.path else ''}: {r.message}" for r in results]
    return "\n".join(line for line in lines if line)


# ---------------------------------------------------------------- SARIF 2.1.0

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVELS = {"Violation": "error", "Warning": "warning", "Info": "note"}


def rule_id(shape: str, component: str, constraint: str | None) -> str:
    """``Claim-evidence/MinCount``; a SPARQL constraint by its own name: ``MonetaryAmount-citesSource``."""
    if constraint:
        return _local(constraint)
    return f"{_local(shape)}/{component.removesuffix('ConstraintComponent')}"


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def sarif_report(
    report: ValidationReport,
    locator: Locator,
    constraints: Iterable[CompiledConstraint],
    version: str = "",
) -> str:
    """SARIF 2.1.0: one run, the shapes' constraints as rules, each result located
    at the claim's evidence in the document file (code point columns)."""
    rules: dict[str, dict] = {}
    for c in constraints:
        rid = rule_id(str(c.shape), c.component, str(c.constraint) if c.constraint is not None else None)
        rules.setdefault(rid, _rule(rid, c.message, c.severity))
    results = []
    for result in report.results:
        rid = rule_id(result.shape, result.component, result.constraint)
        rules.setdefault(rid, _rule(rid, result.message, result.severity))
        results.append(_sarif_result(result, rid, list(rules).index(rid), locator.locate(result.focus)))
    driver = {"name": "kg", "informationUri": "https://w3id.org/kg/", "rules": list(rules.values())}
    if version:
        driver["version"] = version
    run = {
        "tool": {"driver": driver},
        "columnKind": "unicodeCodePoints",
        "originalUriBaseIds": {"SRCROOT": {"uri": Path.cwd().resolve().as_uri() + "/"}},
        "results": results,
    }
    return json.dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, ensure_ascii=False, indent=2)


def _rule(rid: str, message: str, severity: str) -> dict:
    return {
        "id": rid,
        "shortDescription": {"text": message},
        "defaultConfiguration": {"level": _LEVELS.get(severity, "note")},
    }


def _sarif_result(result: ValidationResult, rid: str, index: int, where: Location) -> dict:
    entry: dict = {
        "ruleId": rid,
        "ruleIndex": index,
        "level": _LEVELS.get(result.severity, "note"),
        "message": {"text": result.message},
        "locations": [_sarif_location(where, result.focus)],
        "partialFingerprints": {"kgFocus/v1": f"{result.focus}|{result.path or ''}|{result.component}"},
    }
    if where.curated is not None:
        entry["relatedLocations"] = [
            {"id": 1, "message": {"text": "curated here"}, "physicalLocation": _artifact(str(where.curated.path), where.curated.line)}
        ]
    return entry


def _sarif_location(where: Location, focus: str) -> dict:
    location: dict = {"logicalLocations": [{"fullyQualifiedName": focus, "kind": "object"}]}
    if where.file and where.line:
        region = {"startLine": where.line, "startColumn": where.column}
        if where.end_line:
            region |= {"endLine": where.end_line, "endColumn": where.end_column}
        if where.exact is not None:
            region["snippet"] = {"text": where.exact}
        location["physicalLocation"] = {"artifactLocation": _uri(where.file), "region": region}
    elif where.curated is not None:
        location["physicalLocation"] = _artifact(str(where.curated.path), where.curated.line)
    elif where.file or where.claims_file:
        location["physicalLocation"] = {"artifactLocation": _uri(where.file or where.claims_file or "")}
    return location


def _artifact(path: str, line: int | None) -> dict:
    physical: dict = {"artifactLocation": _uri(relative(Path(path)))}
    if line:
        physical["region"] = {"startLine": line}
    return physical


def _uri(path: str) -> dict:
    if path.startswith("/"):
        return {"uri": Path(path).as_uri()}
    return {"uri": path, "uriBaseId": "SRCROOT"}


# ---------------------------------------------------------------- the engine behind `kg validate`


@dataclass
class Checked:
    """A validation of claim files, with what is needed to report it."""

    report: ValidationReport
    locator: Locator
    constraints: tuple[CompiledConstraint, ...]
    curation: Outcome
    files: list[Path]


FORMATS = ("text", "turtle", "junit", "sarif")


def validate_files(paths: Sequence[Path], settings: Settings) -> Checked:
    """Load generated and curated claim files beside the ontology, apply curation,
    and validate with the shapes. Raises SyntaxError/ValueError/OSError on a bad file."""
    from kg import curation, storing
    from kg.validating import load_shapes, store_from_files, validate_store

    curated = [p for p in paths if curation.is_curated(p)]
    generated = [p for p in paths if p not in curated]
    store = store_from_files([*settings.ontology_files(), *generated])
    storing.merge_source_names(store)
    curation.load_curated(store, curated)
    outcome = curation.apply(store)
    shapes = load_shapes(settings.shapes_files())
    locator = Locator(
        store,
        corpus_dir=settings.corpus_dir,
        claims_files={p.stem: p for p in generated if p.suffix == ".trig"},
        curated=curation.sources(curated),
    )
    return Checked(validate_store(store, shapes), locator, shapes.constraints, outcome, list(paths))


def render(checked: Checked, format: str, strict: bool = False) -> str:
    """The report in one of ``FORMATS``."""
    if format == "turtle":
        return checked.report.to_graph().serialize(format="turtle")
    if format == "junit":
        return junit_report(checked.report, checked.locator, strict)
    if format == "sarif":
        from importlib.metadata import PackageNotFoundError, version

        try:
            tool_version = version("kg")
        except PackageNotFoundError:
            tool_version = ""
        return sarif_report(checked.report, checked.locator, checked.constraints, tool_version) + "\n"
    return text_report(checked.report, checked.locator, strict) + "\n"
