"""The pipeline in order: read, segment, extract, map, validate, store.

The CLI, the server and the tests all drive these functions.

Documents are extracted in a process pool, one document per task (reading,
segmenting, extracting and mapping are pure functions of the file). A build keeps
each result in a cache beside the store, keyed by the file's sha256 and by a
fingerprint of everything that turns a file into claims (extractor versions, the
source of the ``kg`` package, the ontology), so a document whose bytes and code
have not changed is not extracted again, and no change of code can serve stale claims.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import pickle
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kg import curation, mapping, storing
from kg.agreements import LINKS_GRAPH, find_links, link_triples
from kg.extracting import extract_claims, extractor_versions
from kg.model import Claim, Document
from kg.namespaces import KG, ONTOLOGY_GRAPH, PREFIXES
from kg.reading import UnusableDocument, find_documents, read_document
from kg.segmenting import segment
from kg.settings import Settings
from kg.validating import Scope, ValidationReport, ValidationResult, load_shapes, validate_store
from kg.validating import sort_key as validation_sort_key

Progress = Callable[[str], None]


@dataclass
class Extracted:
    document: Document
    claims: list[Claim]
    # the document's own graph and its part of the shared graph as N-Quads, made where it
    # was extracted: loading bytes is several times faster than mapping again, a cached
    # document needs no mapping, and an incremental build rebuilds the shared graph from
    # every document's small part without reading their own graphs
    nquads: bytes = b""
    shared_nquads: bytes = b""
    # when the extraction activities ran (ISO 8601, UTC); kept out of the golden
    # files, which must not change when nothing but the clock did
    extracted_at: str = ""
    cpu_seconds: float = 0.0  # spent reading, extracting and mapping it, in the process that did
    mapping_cpu_seconds: float = 0.0  # the part of it spent mapping the claims to RDF and writing N-Quads


@dataclass
class Summary:
    documents: int = 0
    claims_by_type: Counter[str] = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0
    cached: int = 0  # documents taken from the cache instead of being extracted
    # what the documents extracted now (not cached) weighed, and the CPU time they took
    extracted_bytes: int = 0
    cpu_seconds: float = 0.0
    mapping_cpu_seconds: float = 0.0  # of cpu_seconds
    workers: int = 1
    # an incremental build: documents reloaded and dropped on a copy of the previous store
    incremental: tuple[int, int] | None = None

    @property
    def claims(self) -> int:
        return sum(self.claims_by_type.values())

    def line(self) -> str:
        by_type = ", ".join(f"{n} {t}" for t, n in sorted(self.claims_by_type.items(), key=lambda kv: -kv[1]))
        cached = f", {self.cached} from cache" if self.cached else ""
        if self.incremental is not None:
            reloaded, dropped = self.incremental
            cached += f", {reloaded} reloaded" + (f", {dropped} dropped" if dropped else "") + " (incremental)"
        return f"{self.documents} documents{cached}, {self.claims} claims ({by_type}) in {self.seconds:.1f} s"


def extract_document(path: Path) -> Extracted:
    started = time.process_time()
    document = read_document(path)
    claims = extract_claims(segment(document))
    mapping_started = time.process_time()
    graphs = mapping.document_graphs(document, claims)
    shared = {mapping.SHARED_GRAPH: graphs.pop(mapping.SHARED_GRAPH)}
    extracted_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    own_nquads, shared_nquads = storing.nquads(graphs), storing.nquads(shared)
    ended = time.process_time()
    return Extracted(document, claims, own_nquads, shared_nquads, extracted_at, ended - started, ended - mapping_started)


def _extract_job(path: Path) -> Extracted | str:
    """A pool task: an unusable document comes back as its message (exceptions with
    extra constructor arguments do not survive pickling)."""
    try:
        return extract_document(path)
    except UnusableDocument as err:
        return str(err)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@contextmanager
def _main_without_phantom_file() -> Iterator[None]:
    """A script read from stdin has ``__main__.__file__ == "<stdin>"``, which each new
    worker would try to run as a file and die; hide it while workers start."""
    main = sys.modules.get("__main__")
    phantom = getattr(main, "__file__", None)
    if main is None or phantom is None or Path(phantom).is_file():
        yield
        return
    del main.__file__
    try:
        yield
    finally:
        main.__file__ = phantom


def _pool(workers: int) -> ProcessPoolExecutor:
    # forkserver: workers never inherit the caller's threads (a progress bar, a server);
    # the server process imports the pipeline once, so each worker starts in milliseconds
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["kg.extraction_worker"])
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


# Starting the pool (fork server, imports, language model) costs ~1.5 s, more than
# extracting this much text in the calling process
IN_PROCESS_BYTES = 256 * 1024


def _workers_for(sizes: dict[Path, int], workers: int) -> int:
    """How many processes to extract documents of ``sizes`` in: one for a single document or a small batch."""
    if len(sizes) <= 1 or sum(sizes.values()) < IN_PROCESS_BYTES:
        return 1
    return min(workers, len(sizes))


def _run_jobs(paths: list[Path], workers: int, progress: Progress | None) -> dict[Path, Extracted | str]:
    """Extract ``paths`` in ``workers`` processes (in this one when ``workers`` is 1)."""
    done: dict[Path, Extracted | str] = {}
    if workers <= 1:
        for path in paths:
            done[path] = _extract_job(path)
            if progress:
                progress(path.name)
        return done
    with _main_without_phantom_file(), _pool(workers) as pool:
        futures = {pool.submit(_extract_job, path): path for path in paths}
        for future in as_completed(futures):
            done[futures[future]] = future.result()
            if progress:
                progress(futures[future].name)
    return done


@cache
def code_fingerprint() -> str:
    """A digest of everything that turns a file into claims and graphs: the declared
    extractor versions, the source of the kg package and the ontology it reads."""
    from kg.settings import load_settings

    digest = hashlib.sha256(json.dumps(extractor_versions(), sort_keys=True).encode())
    package = Path(__file__).resolve().parent
    for path in [*sorted(package.rglob("*.py")), *load_settings().ontology_files()]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


class ExtractionCache:
    """Extracted documents on disk: ``DIR/<code fingerprint>/<file name>.<sha256[:16]>.pickle``.

    A new fingerprint starts an empty folder (older ones are removed when it is
    written to); a document's older entries go when its new one is written."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / code_fingerprint()

    @staticmethod
    def file_key(path: Path) -> str:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16]

    def _entry(self, path: Path, key: str) -> Path:
        return self.folder / f"{path.name}.{key}.pickle"

    def get(self, path: Path, key: str) -> Extracted | None:
        try:
            return pickle.loads(self._entry(path, key).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None  # absent or unreadable: extract again

    def put(self, path: Path, key: str, extracted: Extracted) -> None:
        if not self.folder.is_dir():
            self._drop_other_fingerprints()
            self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob(f"{_glob_escape(path.name)}.{'?' * 16}.pickle"):
            old.unlink(missing_ok=True)
        entry = self._entry(path, key)
        tmp = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(extracted, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(entry)

    def _drop_other_fingerprints(self) -> None:
        import shutil

        if self.root.is_dir():
            for other in self.root.iterdir():
                if other.is_dir() and other != self.folder:
                    shutil.rmtree(other, ignore_errors=True)


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def extract_paths(
    paths: Iterable[Path],
    *,
    skip_bad: bool = False,
    progress: Progress | None = None,
    cache: ExtractionCache | None = None,
    workers: int | None = None,
) -> tuple[list[Extracted], Summary]:
    """Extract every document under ``paths`` in a process pool (``workers``, default
    one per core), taking unchanged ones from ``cache``; an unusable document raises,
    or is listed in the summary's ``skipped`` when ``skip_bad``."""
    started = time.perf_counter()
    summary = Summary(workers=workers or default_workers())
    documents = list(find_documents(list(paths)))
    keys = {path: ExtractionCache.file_key(path) for path in documents} if cache else {}
    done: dict[Path, Extracted | str] = {}
    for path in documents:
        hit = cache.get(path, keys[path]) if cache else None
        if hit is not None:
            done[path] = hit
            summary.cached += 1
            if progress:
                progress(path.name)
    todo = [path for path in documents if path not in done]
    sizes = {path: path.stat().st_size for path in todo}
    summary.workers = _workers_for(sizes, summary.workers)
    done.update(_run_jobs(todo, summary.workers, progress))
    results: list[Extracted] = []
    seen: dict[str, Path] = {}  # document ids and sha256s taken, and by which file
    for path in documents:  # the order of find_documents, whatever order the pool finished in
        outcome = done[path]
        if not isinstance(outcome, str):
            outcome = _duplicate(path, outcome, seen) or outcome
        if isinstance(outcome, str):
            if not skip_bad:
                raise UnusableDocument(path, outcome.removeprefix(f"{path}: "))
            summary.skipped.append(outcome)
            continue
        if path in sizes:
            summary.extracted_bytes += sizes[path]
            summary.cpu_seconds += outcome.cpu_seconds
            summary.mapping_cpu_seconds += outcome.mapping_cpu_seconds
            if cache:
                cache.put(path, keys[path], outcome)
        results.append(outcome)
        summary.documents += 1
        summary.claims_by_type.update(c.type for c in outcome.claims)
    summary.seconds = time.perf_counter() - started
    return results, summary


def _duplicate(path: Path, extracted: Extracted, seen: dict[str, Path]) -> str | None:
    """The message for a document whose id or text an earlier file already gave (the
    graph would hold it twice, or one would overwrite the other), naming both files;
    None, and the document is registered in ``seen``, otherwise."""
    doc = extracted.document
    if f"id:{doc.id}" in seen:
        return f"{path}: document id {doc.id} also given by {seen[f'id:{doc.id}']}; rename one of the two"
    if f"sha256:{doc.sha256}" in seen:
        return f"{path}: same text as {seen[f'sha256:{doc.sha256}']} (sha256 {doc.sha256[:16]}); remove one of the two"
    seen[f"id:{doc.id}"] = seen[f"sha256:{doc.sha256}"] = path
    return None


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
    """Load ontology, vocabularies, each document's graphs, the links between
    claims of all documents (kg.agreements) and the curated claims into ``store``."""
    results = list(results)
    storing.load_files(store, settings.ontology_files(), graph=ONTOLOGY_GRAPH)
    for extracted in results:
        _load_document(store, extracted, own=True, shared=True)
    for extracted in results:
        _load_activity_times(store, extracted)
    storing.merge_source_names(store)
    # a person's corrections, rejections and additions (claims/curated/), re-anchored to the current texts
    curation.load_curated(store, curation.curated_files(settings.claims_dir))
    curation.apply(store)
    # then the links, between the claims as curated
    links = find_links(_claims_as_curated(store, results))
    store.extend(storing.quads(link_triples(links), LINKS_GRAPH))


def _load_document(store: ox.Store, extracted: Extracted, *, own: bool, shared: bool) -> None:
    """A document's own graph, its part of the shared graph, or both."""
    if not extracted.nquads:  # made without N-Quads: map again
        for graph, triples in mapping.document_graphs(extracted.document, extracted.claims).items():
            if (graph == mapping.SHARED_GRAPH and shared) or (graph != mapping.SHARED_GRAPH and own):
                store.extend(storing.quads(triples, graph))
        return
    if own:
        store.load(extracted.nquads, format=ox.RdfFormat.N_QUADS)
    if shared:
        store.load(extracted.shared_nquads, format=ox.RdfFormat.N_QUADS)


def _load_activity_times(store: ox.Store, extracted: Extracted) -> None:
    if extracted.extracted_at:
        times = mapping.activity_time_triples(extracted.document, extracted.claims, extracted.extracted_at)
        store.extend(storing.quads(times, mapping.document_graph_iri(extracted.document.id)))


@dataclass
class BuildResult:
    summary: Summary
    report: ValidationReport
    published: bool
    # seconds per phase: extract, load, validate, publish
    phases: dict[str, float] = field(default_factory=dict)
    # when validation failed: the violations located in documents and curated files
    failure: str = ""


def build(
    corpus: Path,
    location: str | Path,
    settings: Settings,
    *,
    skip_bad: bool = False,
    progress: Progress | None = None,
    workers: int | None = None,
    full: bool = False,
) -> BuildResult:
    """Extract (in parallel, unchanged documents from the cache), load into a new
    store generation (or an in-memory copy for a remote store), validate, and
    publish only if it conforms.

    When the current embedded generation was built by the same code, shapes and
    curated files (its manifest says so), the new generation starts as a copy of it
    and only what changed is replaced and validated (unless ``full``)."""
    started = time.perf_counter()
    failure = ""
    cache = ExtractionCache(storing.cache_dir(location))
    results, summary = extract_paths([corpus], skip_bad=skip_bad, progress=progress, cache=cache, workers=workers)
    phases = {"extract": time.perf_counter() - started}
    shapes = load_shapes(settings.shapes_files())
    previous = None if full else storing.current_generation(location)
    manifest = BuildManifest.read(previous, settings) if previous else None
    changes = manifest.changes(results) if manifest else None
    with storing.staging(location, based_on=previous if changes else None) as staged:
        scope: Scope | None = None
        if changes:
            load = lambda: changes.apply(staged.store, results, settings)  # noqa: E731
            phases["load"] = _timed(progress, f"loading {len(changes.changed)} changed documents", load)
            # a blank node cannot be named in a query: then validate everything
            if not any(node.startswith("_:") for node in changes.scope):
                scope = Scope([g.value for g in changes.graphs()] + [curation.CURATED_GRAPH.value], changes.scope)
        else:
            phases["load"] = _timed(progress, "loading", lambda: load_into(staged.store, results, settings))
        if progress:
            progress("validating")
        validating = time.perf_counter()
        report = validate_store(staged.store, shapes, scope)
        if scope is not None and manifest:
            report = manifest.merged_report(report, scope)
        phases["validate"] = time.perf_counter() - validating
        if not report.conforms:  # say where, while the store that failed is still open
            failure = _located_violations(report, staged.store, corpus, settings)
        if report.conforms:
            if changes:
                phases["compact"] = _timed(progress, "compacting", lambda: _compact(staged.store))
            if staged.path is not None:
                BuildManifest.of(results, report, settings).write(staged.path)
            phases["publish"] = _timed(None, "publishing", staged.publish)
    summary.incremental = (len(changes.changed), len(changes.removed)) if changes else None
    summary.seconds = time.perf_counter() - started
    return BuildResult(summary, report, report.conforms, phases, failure)


def _compact(store: ox.Store) -> None:
    """Compact a generation edited in place (a checkpoint, then removals and additions): left
    as it is, canned queries ran up to 1.5x slower on it than on a bulk-loaded store (10x
    corpus); compacting costs ~1.6 s at 10x and ~15 s at 100x."""
    store.optimize()


def _located_violations(report: ValidationReport, store: ox.Store, corpus: Path, settings: Settings) -> str:
    """The violations as ``kg validate`` shows them: by claim, with document file, line and
    text, or the curated file that wrote the claim."""
    from kg.reporting import Locator, text_report

    curated = curation.sources(curation.curated_files(settings.claims_dir))
    locator = Locator(store, corpus_dir=corpus if corpus.is_dir() else corpus.parent, curated=curated)
    return text_report(ValidationReport(report.violations), locator)


# ------------------------------------------------------------------ incremental builds

MANIFEST_NAME = "kg-build.json"
MANIFEST_VERSION = 1


def _inputs_digest(settings: Settings) -> str:
    """What besides the code decides a store's content and verdict: shapes and curated files."""
    digest = hashlib.sha256()
    files = [*settings.ontology_files(), *settings.shapes_files(), *curation.curated_files(settings.claims_dir)]
    for path in files:
        digest.update(str(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass
class BuildManifest:
    """Written into each published generation: what it was built from and its verdict,
    so the next build can start from a copy and redo only what changed."""

    fingerprint: str
    inputs: str
    documents: dict[str, str]  # document graph IRI -> the document's sha256
    results: list[dict[str, str | None]]  # the whole store's validation results

    @classmethod
    def of(cls, results: list[Extracted], report: ValidationReport, settings: Settings) -> BuildManifest:
        documents = {str(mapping.document_graph_iri(e.document.id)): e.document.sha256 for e in results}
        findings = [{k: v for k, v in vars(r).items() if k != "terms"} for r in report.results]
        return cls(code_fingerprint(), _inputs_digest(settings), documents, findings)

    @classmethod
    def read(cls, generation: Path, settings: Settings) -> BuildManifest | None:
        """The generation's manifest if the same code, shapes and curated files would
        build it again; None (build everything) otherwise, or if it is missing or unreadable."""
        try:
            data = json.loads((generation / MANIFEST_NAME).read_text("utf-8"))
            if data.pop("version") != MANIFEST_VERSION:
                return None
            manifest = cls(**data)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if manifest.fingerprint != code_fingerprint() or manifest.inputs != _inputs_digest(settings):
            return None
        return manifest

    def write(self, generation: Path) -> None:
        (generation / MANIFEST_NAME).write_text(json.dumps({"version": MANIFEST_VERSION, **vars(self)}), "utf-8")

    def changes(self, results: list[Extracted]) -> Changes | None:
        """What differs between this generation's documents and ``results``; None when
        nothing is left to copy (every document changed)."""
        now = {str(mapping.document_graph_iri(e.document.id)): e for e in results}
        changed = [e for graph, e in now.items() if self.documents.get(graph) != e.document.sha256]
        removed = sorted(set(self.documents) - set(now))
        if len(changed) == len(now) and now:
            return None
        return Changes(changed, removed)

    def merged_report(self, fresh: ValidationReport, scope: Scope) -> ValidationReport:
        """The previous results for nodes outside ``scope``, and the fresh ones inside it."""
        previous = (ValidationResult(**r) for r in self.results)  # type: ignore[arg-type]
        kept = [r for r in previous if not scope.covers(r)]
        return ValidationReport(sorted({*kept, *fresh.results}, key=validation_sort_key))


@dataclass
class Changes:
    """The documents to (re)load into a copy of the previous generation, and those to drop.

    The shared graph (entities, cited sources) and the links between claims depend on
    every document, so they are rebuilt from all results (cached ones cost no
    extraction); the curated graph stays, as the curated files did not change, and
    the curation is applied again (it is idempotent) to the reloaded documents."""

    changed: list[Extracted]
    removed: list[str]
    scope: set[str] = field(default_factory=set)  # nodes whose validation results may differ

    def document_graphs(self) -> list[ox.NamedNode]:
        graphs = [str(mapping.document_graph_iri(e.document.id)) for e in self.changed] + self.removed
        return [ox.NamedNode(g) for g in graphs]

    def graphs(self) -> list[ox.NamedNode]:
        return [*self.document_graphs(), *_DERIVED_GRAPHS]

    def changed_ids(self) -> list[str]:
        return [e.document.id for e in self.changed]

    def removed_ids(self) -> list[str]:
        return [graph.removeprefix(str(mapping.document_graph_iri(""))) for graph in self.removed]

    def apply(self, store: ox.Store, results: list[Extracted], settings: Settings) -> None:
        documents = self.document_graphs()
        self.scope |= _nodes(store, [*documents, curation.CURATED_GRAPH])
        old_claims = _claims_in(store, documents) + _figures_added_to(store, [*self.changed_ids(), *self.removed_ids()])
        for graph in documents:
            store.remove_graph(graph)
        for extracted in self.changed:
            _load_document(store, extracted, own=True, shared=False)
            _load_activity_times(store, extracted)
        # the shared graph as a full build makes it, in memory; then only the difference is written
        fresh = ox.Store()
        for extracted in results:
            _load_document(fresh, extracted, own=False, shared=True)
        storing.merge_source_names(fresh)
        self.scope |= _write_difference(store, fresh, _SHARED_GRAPH)
        _reload_curated_parts(store, settings, {g.value for g in documents})
        curation.apply(store)
        # links between two unchanged documents stay (at 100x ~470k triples); those of the
        # changed documents' claims are found again, between the claims as curated
        claims = _claims_as_curated(store, results)
        self.scope |= _relink(store, old_claims, claims, {e.document.id for e in self.changed})
        self.scope |= _nodes(store, [*documents, curation.CURATED_GRAPH])


def _claims_as_curated(store: ox.Store, results: list[Extracted]) -> list[Claim]:
    """What the links compare: the extracted claims as curated, and the figures a person added."""
    extracted = curation.as_curated(store, ((e.document, e.claims) for e in results))
    return [*extracted, *curation.added_figures(store, {e.document.id: e.document for e in results})]


def _figures_added_to(store: ox.Store, doc_ids: list[str]) -> list[ox.NamedNode]:
    """The claims a person added to these documents (their links change with the documents)."""
    documents = [ox.NamedNode(str(mapping.document_iri(doc_id))) for doc_id in doc_ids]
    return [q.subject for d in documents for q in store.quads_for_pattern(None, _KG_DOCUMENT, d, curation.CURATED_GRAPH)]  # type: ignore[misc]


def _claims_in(store: ox.Store, graphs: list[ox.NamedNode]) -> list[ox.NamedNode]:
    return [q.subject for g in graphs for q in store.quads_for_pattern(None, _KG_DOCUMENT, None, g)]  # type: ignore[misc]


def _relink(store: ox.Store, old_claims: list[ox.NamedNode], claims: list[Claim], documents: set[str]) -> set[str]:
    """Replace the links of the changed documents' claims (``old_claims`` before, the claims
    of ``documents`` now) with those found again; the nodes of the links that changed
    (an edit leaves most of a document's claims, and so their links, as they were)."""
    old = set(_links_of(store, old_claims))
    new = set(storing.quads(link_triples(find_links(claims, touching=documents)), LINKS_GRAPH))
    return _replace_quads(store, old, new)


def _links_of(store: ox.Store, claims: list[ox.NamedNode]) -> Iterator[ox.Quad]:
    """The links from and to ``claims`` (links are stored in both directions)."""
    for claim in claims:
        yield from store.quads_for_pattern(claim, None, None, _LINKS_GRAPH)
        yield from store.quads_for_pattern(None, None, claim, _LINKS_GRAPH)


def _write_difference(store: ox.Store, fresh: ox.Store, graph: ox.NamedNode) -> set[str]:
    """Make ``graph`` in ``store`` what it is in ``fresh``; the nodes of the quads that changed."""
    old, new = set(store.quads_for_pattern(None, None, None, graph)), set(fresh.quads_for_pattern(None, None, None, graph))
    return _replace_quads(store, old, new)


def _replace_quads(store: ox.Store, old: set[ox.Quad], new: set[ox.Quad]) -> set[str]:
    """Remove ``old`` and add ``new`` where they differ; the nodes (IRIs, blank nodes as
    ``_:id``) of the quads that changed, whose validation results may change."""
    for quad in old - new:
        store.remove(quad)
    store.extend(new - old)
    return {term.value if isinstance(term, ox.NamedNode) else str(term)
            for quad in old ^ new for term in (quad.subject, quad.object)
            if isinstance(term, (ox.NamedNode, ox.BlankNode))}  # fmt: skip


# made from every document's claims, not loaded per document
_SHARED_GRAPH, _LINKS_GRAPH = ox.NamedNode(str(mapping.SHARED_GRAPH)), ox.NamedNode(str(LINKS_GRAPH))
_DERIVED_GRAPHS = (_SHARED_GRAPH, _LINKS_GRAPH)
_KG_DOCUMENT = ox.NamedNode(str(KG.document))


def _nodes(store: ox.Store, graphs: list[ox.NamedNode]) -> set[str]:
    """The subjects and objects in ``graphs``: IRIs, and blank nodes as ``_:id``."""
    nodes = set()
    for graph in graphs:
        for quad in store.quads_for_pattern(None, None, None, graph):
            for term in (quad.subject, quad.object):
                if isinstance(term, ox.NamedNode):
                    nodes.add(term.value)
                elif isinstance(term, ox.BlankNode):
                    nodes.add(str(term))
    return nodes


def _reload_curated_parts(store: ox.Store, settings: Settings, graphs: set[str]) -> None:
    """Curated TriG may write into a document's graph: put those quads back in the graphs just reloaded."""
    curated = ox.Store()
    curation.load_curated(curated, curation.curated_files(settings.claims_dir))
    store.extend(q for q in curated if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in graphs)


def _timed(progress: Progress | None, step: str, work: Callable[[], object]) -> float:
    if progress:
        progress(step)
    started = time.perf_counter()
    work()
    return time.perf_counter() - started
