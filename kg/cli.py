"""The ``kg`` command line: thin wrappers around kg.pipeline, kg.querying and kg.serving.

Exit codes follow the contract: 0 ok, 1 the data is invalid (or nothing
found), 2 the input or the usage is wrong.
"""

from __future__ import annotations

import sys
import time
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg import pipeline, storing
from kg.querying import QueryError, resolve_query, run_query
from kg.querying import Table as ResultTable
from kg.reading import UnusableDocument, find_documents
from kg.settings import default_store_location, load_settings

app = typer.Typer(help="kg: a knowledge graph of claims with character-level provenance.", no_args_is_help=True)
err = Console(stderr=True, soft_wrap=True)  # messages name files: never wrap them
SHOWN_LINES = 60  # of a failed build's violations; `kg validate` gives them all

StoreOption = Annotated[
    Optional[str], typer.Option("--store", help="Store location (default: $KG_STORE or .kg/store).")
]


class ExtractFormat(str, Enum):
    jsonl = "jsonl"
    trig = "trig"


class ValidateFormat(str, Enum):
    text = "text"
    turtle = "turtle"
    junit = "junit"
    sarif = "sarif"


class QueryFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class ExportFormat(str, Enum):
    trig = "trig"
    nq = "nq"
    ttl = "ttl"
    jsonld = "jsonld"
    nanopub = "nanopub"


def fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


def default_corpus() -> Path:
    local = Path("corpus")
    return local if local.is_dir() else load_settings().corpus_dir


def progress_bar(total: int) -> Progress:
    return Progress(
        TextColumn("{task.description:<28}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=True,
    )  # fmt: skip


def run_with_progress(paths: list[Path], work):  # type: ignore[no-untyped-def]
    total = sum(1 for _ in find_documents(paths))
    with progress_bar(total) as bar:
        task = bar.add_task("extracting", total=total)

        def step(name: str) -> None:
            if name in ("loading", "validating"):
                bar.update(task, description=name)
            else:
                bar.update(task, description=name[:28], advance=1)

        return work(step)


@app.command()
def extract(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Files or folders (default: corpus/).")] = None,
    format: Annotated[ExtractFormat, typer.Option("--format", help="Output format.")] = ExtractFormat.jsonl,
    write: Annotated[bool, typer.Option("--write", help="Rewrite claims/ (one TriG file per document).")] = False,
) -> None:
    """Extract claims from documents to stdout, or rewrite claims/ with --write."""
    paths = paths or [default_corpus()]
    try:
        results, summary = pipeline.extract_paths(paths)
    except UnusableDocument as error:
        raise fail(str(error)) from None
    if write:
        written = pipeline.write_claims_files(results, load_settings().claims_dir)
        err.print(f"wrote {len(written)} files to {load_settings().claims_dir}")
    elif format is ExtractFormat.jsonl:
        for line in pipeline.claims_jsonl(results):
            sys.stdout.write(line + "\n")
    else:
        for extracted in results:
            sys.stdout.write(pipeline.trig_of(extracted))
    err.print(summary.line(), highlight=False)


@app.command()
def build(
    corpus: Annotated[Optional[Path], typer.Option("--corpus", help="Folder of documents (default: corpus/).")] = None,
    store: StoreOption = None,
    skip_bad: Annotated[bool, typer.Option("--skip-bad", help="Skip unusable documents and list them.")] = False,
    full: Annotated[
        bool, typer.Option("--full", help="Load and validate everything, not only what changed since the last build.")
    ] = False,
) -> None:
    """Extract, validate and load the corpus into the store; the previous store stays if anything fails."""
    settings = load_settings()
    corpus = corpus or default_corpus()
    location = store or default_store_location()
    try:
        result = run_with_progress(
            [corpus], lambda step: pipeline.build(corpus, location, settings, skip_bad=skip_bad, progress=step, full=full)
        )
    except UnusableDocument as error:
        raise fail(f"{error} (store left unchanged)") from None
    except storing.StoreMissing as error:  # a remote store that cannot be reached
        raise fail(str(error)) from None
    for skipped in result.summary.skipped:
        err.print(f"skipped {skipped}", highlight=False)
    report = result.report
    err.print(result.summary.line(), highlight=False)
    if not result.published:
        lines = result.failure.splitlines()[:-1]  # its last line is the verdict, said below
        for line in lines[:SHOWN_LINES]:
            err.print(f"  {line}", highlight=False, markup=False)
        if len(lines) > SHOWN_LINES:
            err.print(f"  ... {len(lines) - SHOWN_LINES} more lines: run `kg validate` for the whole report")
        err.print(f"validation failed: {len(report.violations)} violations; store at {location} left unchanged")
        raise typer.Exit(1)
    err.print(f"validated: {len(report.violations)} violations, {len(report.warnings)} warnings; store at {location}")


@app.command()
def validate(
    files: Annotated[Optional[list[Path]], typer.Argument(help="Claim files or folders (default: claims/).")] = None,
    format: Annotated[ValidateFormat, typer.Option("--format", help="Report format.")] = ValidateFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    out: Annotated[Optional[Path], typer.Option("--out", help="Write the report to FILE (default: stdout).")] = None,
) -> None:
    """SHACL-validate claim files (curated ones in claims/curated/ too) with shapes/ and ontology/."""
    from kg.reporting import failed, render, validate_files

    settings = load_settings()
    paths = _claim_files(files or [settings.claims_dir])
    started = time.perf_counter()
    try:
        checked = validate_files(paths, settings)
    except (SyntaxError, ValueError, OSError) as error:
        raise fail(f"cannot read claim files: {error}") from None
    text = render(checked, format.value, strict)
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    seconds = time.perf_counter() - started
    err.print(f"validated {len(paths)} files in {seconds:.1f} s" + (f"; report in {out}" if out else ""), highlight=False)
    raise typer.Exit(1 if failed(checked.report, strict) else 0)


def _claim_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix in (".trig", ".ttl", ".nq"))  # curated/ too
        elif path.is_file():
            files.append(path)
        else:
            raise fail(f"{path}: no such file or folder")
    return files


@app.command()
def query(
    name: Annotated[str, typer.Argument(help="A canned query name (see queries/) or a .rq file.")],
    param: Annotated[Optional[list[str]], typer.Option("--param", help="K=V, repeatable.")] = None,
    format: Annotated[QueryFormat, typer.Option("--format")] = QueryFormat.table,
    store: StoreOption = None,
) -> None:
    """Run a canned or given SPARQL query against the store."""
    import pyoxigraph as ox

    settings = load_settings()
    try:
        canned = resolve_query(name, settings.queries_dir)
        values = dict(_split_param(p) for p in param or [])
        bindings = canned.bindings(values)
        solutions = run_query(storing.open_store(store or default_store_location()), canned.text, bindings)
    except QueryError as error:
        raise fail(str(error)) from None
    except storing.StoreMissing as error:
        raise fail(str(error)) from None
    if not isinstance(solutions, ox.QuerySolutions):
        raise fail("kg query runs SELECT queries; use the /sparql endpoint for ASK, CONSTRUCT and DESCRIBE")
    result = ResultTable.of(solutions, canned.parameter_names)
    if format is QueryFormat.table:
        table = Table(*result.variables, title=canned.title)
        for row in result.text_rows():
            table.add_row(*row)
        Console().print(table)
    else:
        sys.stdout.write(result.to_json() + "\n" if format is QueryFormat.json else result.to_csv())
    err.print(f"{len(result.rows)} rows")


def _split_param(raw: str) -> tuple[str, str]:
    key, sep, value = raw.partition("=")
    if not sep or not key:
        raise QueryError(f"--param takes K=V, got {raw!r}")
    return key.strip(), value


@app.command()
def trace(
    value: Annotated[str, typer.Argument(help="A number as written: 875000, $875K, 875.000, 1,34M, 14%.")],
    format: Annotated[QueryFormat, typer.Option("--format", help="table (readable) or json.")] = QueryFormat.table,
    store: StoreOption = None,
) -> None:
    """Fact-check a number: every claim stating it, with passage, document, source and related claims."""
    import json
    from dataclasses import asdict

    from kg.tracing import trace as trace_value

    try:
        result = trace_value(storing.open_store(store or default_store_location()), value, load_settings().queries_dir)
    except (QueryError, storing.StoreMissing) as error:
        raise fail(str(error)) from None
    if format is QueryFormat.table:
        from rich.markup import escape

        out = Console()
        for hit in result.hits:
            p = hit.passage
            out.print(f"[bold]{escape(hit.exact)}[/] {hit.type} ({hit.match}) in {hit.document}  claim {hit.id}")
            out.print(f"  …{escape(p.before)}[reverse]{escape(p.figure)}[/]{escape(p.after)}…", highlight=False)
            out.print(f"  cited source: {escape(', '.join(hit.sources) or 'none')}", highlight=False)
            for label, links in (("agrees with", hit.agreeing), ("conflicts with", hit.conflicting)):
                for link in links:
                    out.print(f"  {label}: {escape(link.exact)} ({link.document}, claim {link.id})", highlight=False)
            out.print()
    else:
        sys.stdout.write(json.dumps(asdict(result), ensure_ascii=False) + "\n")
    err.print(f"{len(result.hits)} claims state {result.wanted.value}", highlight=False)
    raise typer.Exit(0 if result.found else 1)


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 8000,
    store: StoreOption = None,
    access_log: Annotated[bool, typer.Option("--access-log/--no-access-log",
                                             help="Log every request on stdout.")] = True,  # fmt: skip
) -> None:
    """Serve the SPARQL endpoint; builds the store first when there is none."""
    import uvicorn

    from kg.serving import create_app

    location = store or default_store_location()
    try:
        exists = storing.store_exists(location)
    except storing.StoreMissing as error:  # a remote store that cannot be reached
        raise fail(str(error)) from None
    if not exists:
        err.print(f"no store at {location}: building it first")
        build(corpus=None, store=location, skip_bad=False)
    uvicorn.run(create_app(location, start_workers=True), host=host, port=port, log_level="info", access_log=access_log)


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Option("--format")] = ExportFormat.trig,
    out: Annotated[Optional[Path], typer.Option("--out", help="File to write (default: stdout).")] = None,
    store: StoreOption = None,
) -> None:
    """Dump the whole graph."""
    from kg.exporting import export_store

    try:
        data = export_store(storing.open_store(store or default_store_location()), format.value)
    except storing.StoreMissing as error:
        raise fail(str(error)) from None
    if out:
        out.write_bytes(data)
        err.print(f"wrote {len(data):,} bytes to {out}")
    else:
        sys.stdout.buffer.write(data)


if __name__ == "__main__":
    app()
