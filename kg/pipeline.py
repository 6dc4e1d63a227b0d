"""The pipeline in order: read, segment, extract, map, validate, store.

The CLI, the server and the tests all drive these functions.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg import mapping, storing
from kg.agreements import LINKS_GRAPH, find_links, link_triples
from kg.extracting import extract_claims
from kg.model import Claim, Document
from kg.namespaces import ONTOLOGY_GRAPH, PREFIXES
from kg.reading import UnusableDocument, find_documents, read_document
from kg.segmenting import segment
from kg.settings import Settings
from kg.validating import ValidationReport, load_shapes, validate_store

Progress = Callable[[str], None]


@dataclass
class Extracted:
    document: Document
    claims: list[Claim]


@dataclass
class Summary:
    documents: int = 0
    claims_by_type: Counter[str] = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def claims(self) -> int:
        return sum(self.claims_by_type.values())

    def line(self) -> str:
        by_type = ", ".join(f"{n} {t}" for t, n in sorted(self.claims_by_type.items(), key=lambda kv: -kv[1]))
        return f"{self.documents} documents, {self.claims} claims ({by_type}) in {self.seconds:.1f} s"


def extract_document(path: Path) -> Extracted:
    document = read_document(path)
    return Extracted(document, extract_claims(segment(document)))


def extract_paths(
    paths: Iterable[Path], *, skip_bad: bool = False, progress: Progress | None = None
) -> tuple[list[Extracted], Summary]:
    """Extract every document under ``paths``; an unusable one raises, or is
    listed in the summary's ``skipped`` when ``skip_bad``."""
    started = time.perf_counter()
    summary = Summary()
    results: list[Extracted] = []
    for path in find_documents(list(paths)):
        if progress:
            progress(path.name)
        try:
            extracted = extract_document(path)
        except UnusableDocument as err:
            if not skip_bad:
                raise
            summary.skipped.append(str(err))
            continue
        results.append(extracted)
        summary.documents += 1
        summary.claims_by_type.update(c.type for c in extracted.claims)
    _refuse_duplicates(results)
    summary.seconds = time.perf_counter() - started
    return results, summary


def _refuse_duplicates(results: list[Extracted]) -> None:
    seen: dict[str, Document] = {}
    for extracted in results:
        doc = extracted.document
        if doc.id in seen:
            raise UnusableDocument(Path(doc.file_name), f"document id {doc.id} also given by {seen[doc.id].file_name}")
        seen[doc.id] = doc


def claims_jsonl(results: Iterable[Extracted]) -> Iterable[str]:
    for extracted in results:
        for claim in extracted.claims:
            yield json.dumps(claim.to_json(), ensure_ascii=False)


def trig_of(extracted: Extracted) -> str:
    graphs = mapping.document_graphs(extracted.document, extracted.claims)
    return storing.to_trig(graphs, {k: str(v) for k, v in PREFIXES.items()})


def write_claims_files(results: Iterable[Extracted], claims_dir: Path) -> list[Path]:
    """Rewrite one TriG file per document; files of curated claims are left alone."""
    claims_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for extracted in results:
        path = claims_dir / f"{extracted.document.id}.trig"
        tmp = path.with_suffix(".trig.tmp")
        tmp.write_text(trig_of(extracted), encoding="utf-8")
        tmp.replace(path)  # never leave a half-written golden file behind
        written.append(path)
    return written


def load_into(store: ox.Store, results: Iterable[Extracted], settings: Settings) -> None:
    """Load ontology, vocabularies, each document's graphs and the links between
    claims of all documents (kg.agreements) into ``store``."""
    results = list(results)
    storing.load_files(store, settings.ontology_files(), graph=ONTOLOGY_GRAPH)
    for extracted in results:
        for graph, triples in mapping.document_graphs(extracted.document, extracted.claims).items():
            store.extend(storing.quads(triples, graph))
    links = find_links(claim for extracted in results for claim in extracted.claims)
    store.extend(storing.quads(link_triples(links), LINKS_GRAPH))


@dataclass
class BuildResult:
    summary: Summary
    report: ValidationReport
    published: bool


def build(
    corpus: Path, location: str | Path, settings: Settings, *, skip_bad: bool = False, progress: Progress | None = None
) -> BuildResult:
    """Extract, load into a new store generation, validate, and publish it only if it conforms."""
    started = time.perf_counter()
    results, summary = extract_paths([corpus], skip_bad=skip_bad, progress=progress)
    shapes = load_shapes(settings.shapes_files())
    with storing.new_generation(location) as (store, path):
        if progress:
            progress("loading")
        load_into(store, results, settings)
        if progress:
            progress("validating")
        report = validate_store(store, shapes)
        published = report.conforms
        if published:
            store.flush()
            storing.publish(location, path)
    summary.seconds = time.perf_counter() - started
    return BuildResult(summary, report, published)
