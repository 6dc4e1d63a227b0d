"""Serving: the SPARQL 1.1 Protocol endpoint (query only), canned queries, the
fact-check search, dereferenceable claims and documents, and the web UI.

``create_app(location)`` is the app factory; tests build a store on tmp_path and
call it directly. Every route is a thin face over kg.querying, kg.tracing,
kg.views and kg.sparql_worker; templates live in ``kg/templates``.

User SPARQL runs in a pool of worker processes (kg.sparql_worker) that are
killed when a query runs past its time limit; canned queries and pages run our
own queries in-process.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import sys
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException as StarletteHTTPException

from kg import storing
from kg.namespaces import KG, PREFIXES
from kg.querying import CannedQuery, QueryError, Table, canned_queries, run_query
from kg.settings import Settings, load_settings
from kg.sparql_worker import (
    GRAPH_FORMATS, RESULT_FORMATS, Limits, QueryFailed, QueryPool, QueryRequest, copy_when_it_fits,
)
from kg.tracing import trace
from kg.views import NotFound, claim_view, counts, describe, document_view, documents, internal_query

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent
RESULT_TYPES = {media: fmt for media, fmt in RESULT_FORMATS.items()}
GRAPH_TYPES = {media: fmt for media, fmt in GRAPH_FORMATS.items()}
HTML = "text/html"
FORMAT_NAMES = {  # ?format= shortcuts for links and curl
    "json": "application/json", "csv": "text/csv", "tsv": "text/tab-separated-values", "html": HTML,
    "xml": "application/sparql-results+xml", "ttl": "text/turtle", "turtle": "text/turtle",
    "nt": "application/n-triples", "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml",
}  # fmt: skip
PREFIX_MAP = {k: str(v) for k, v in PREFIXES.items()}
MAX_BODY_ENV = "KG_MAX_BODY"
DEFAULT_MAX_BODY = 1_000_000  # bytes; a SPARQL query is rarely above a few kilobytes


class HTTPError(Exception):
    """An error with its HTTP status; one handler renders every such error."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


ERROR_SCHEMA = {
    "type": "object", "required": ["error", "status"],
    "properties": {"error": {"type": "string"}, "status": {"type": "integer"}},
}  # fmt: skip
# what any route may answer besides success, all in the one error shape (HTML for browsers)
ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    status: {"description": why, "content": {"application/json": {"schema": ERROR_SCHEMA}, HTML: {}}}
    for status, why in {
        400: "bad input: a SPARQL syntax error, a bad parameter, too many results",
        403: "refused: SPARQL Update or SERVICE",
        404: "no such claim, document, query or route",
        405: "method not allowed",
        406: "no acceptable media type",
        413: f"request body above the limit ({MAX_BODY_ENV})",
        415: "unsupported request content type",
        503: "no store yet, or the query ran past its time limit",
    }.items()
}


def max_body_from_env() -> int:
    return int(os.environ.get(MAX_BODY_ENV) or DEFAULT_MAX_BODY)


class BodyLimit:
    """ASGI middleware: a request body above ``limit`` bytes gets 413, whether its
    Content-Length says so up front (answered by ``reject`` before anything is read)
    or a chunked body grows past it while the route reads it."""

    def __init__(self, app, limit: int, reject) -> None:  # type: ignore[no-untyped-def]
        self.app, self.limit, self.reject = app, limit, reject

    def message(self) -> str:
        return f"request body larger than {self.limit:,} bytes, this endpoint's limit ({MAX_BODY_ENV})"

    async def __call__(self, scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await self.reject(Request(scope), 413, self.message())(scope, receive, send)
            return
        seen = 0

        async def limited_receive():  # type: ignore[no-untyped-def]
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise HTTPError(413, self.message())
            return message

        await self.app(scope, limited_receive, send)


class SparqlFastPath:
    """ASGI middleware: the SPARQL Protocol requests of machine clients to ``/sparql`` --
    ``GET ?query=`` whose Accept does not prefer HTML, and ``POST`` with an
    ``application/sparql-query`` body -- answered straight from the worker pool, past
    FastAPI's routing, dependency and response machinery, which costs several times
    more server time than a simple lookup does. It answers exactly what the routes
    answer (both call ``answer``, the routes' own function; errors are rendered by
    the app's ``render_error``); every other request to ``/sparql`` (the query page,
    forms, the service description, updates, other methods) goes on to the routes.
    Added innermost, so the CORS and body-limit middlewares wrap it as they wrap the
    routes."""

    def __init__(self, app, answer, render_error) -> None:  # type: ignore[no-untyped-def]
        self.app, self.answer, self.render_error = app, answer, render_error

    async def __call__(self, scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        if scope["type"] != "http" or scope["path"] != "/sparql" or scope["method"] not in ("GET", "POST"):
            await self.app(scope, receive, send)
            return
        accept = content_type = None
        for name, value in scope["headers"]:  # the first of each, as Starlette's Headers.get
            if name == b"accept" and accept is None:
                accept = value.decode("latin-1")
            elif name == b"content-type" and content_type is None:
                content_type = value.decode("latin-1")
        accept = accept or ""
        params = QueryParams(scope["query_string"])
        if scope["method"] == "GET":
            query = params.get("query")
            if query is None or "update" in params or negotiate(accept, [*RESULT_TYPES, *GRAPH_TYPES, HTML]) == HTML:
                await self.app(scope, receive, send)
                return
        elif (content_type or "").split(";")[0].strip().lower() == "application/sparql-query":
            query = None
        else:
            await self.app(scope, receive, send)
            return
        try:
            if query is None:
                body = await self.body(receive)
                if body is None:
                    return  # the client went away
                query = body.decode("utf-8", errors="replace")
                if not query.strip():
                    raise HTTPError(400, "missing query")
            response = await self.answer(accept, query, params.getlist("default-graph-uri"),
                                         params.getlist("named-graph-uri"))  # fmt: skip
        except HTTPError as error:
            response = self.render_error(Request(scope), error.status, error.message)
        except Exception as error:  # as the app's handler of last resort does
            log.exception("unhandled error on %s %s", scope["method"], scope["path"])
            response = self.render_error(Request(scope), 500, f"internal error ({type(error).__name__}); "
                                                                "the server log has the details")  # fmt: skip
        await response(scope, receive, send)

    @staticmethod
    async def body(receive) -> bytes | None:  # type: ignore[no-untyped-def]
        chunks = []
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                return b"".join(chunks)


class StoreHolder:
    """The current store generation, reopened when ``kg build`` publishes a new one; for the
    pages, answered from an in-memory copy once one is made (``memory``: ``Limits.memory``,
    ``copies``: ``Limits.copies``), as the query workers do."""

    def __init__(self, location: Path | str, memory: str = "off", copies: int = 1) -> None:
        self.location = location
        self.memory = memory
        self.copies = copies
        self._target = ""
        self._store: ox.Store | None = None
        self._checked: tuple[tuple[int, int, int], str] | None = None  # (stat key, real path) last found
        self._lock = threading.Lock()
        self.in_memory = False

    def path(self) -> str:
        """The current generation's real path, checked on every call. One ``stat`` of the
        location decides whether the last answer still holds: a published generation is a
        new directory (another inode, another ctime) behind the swapped link."""
        if storing.is_remote(self.location):
            return str(self.location)  # a remote store is asked once, when first opened
        try:
            info = os.stat(self.location)
            key = (info.st_dev, info.st_ino, info.st_ctime_ns)
        except OSError:
            key = None
        checked = self._checked
        if key is not None and checked is not None and checked[0] == key:
            return checked[1]
        if not storing.store_exists(self.location):
            raise HTTPError(503, f"no store at {self.location}; run `kg build --store {self.location}`")
        path = os.path.realpath(self.location)
        if key is not None:
            self._checked = (key, path)
        return path

    def get(self) -> ox.Store:
        target = self.path()
        with self._lock:
            if self._store is None or target != self._target:
                self._store = storing.open_store(self.location)  # type: ignore[assignment]
                self._target, self.in_memory = target, False
                if self.memory != "off" and not storing.is_remote(self.location):
                    threading.Thread(target=self._copy, args=(target, self._store), name="memory copy", daemon=True).start()
            return self._store

    def _copy(self, target: str, disk: ox.Store) -> None:
        memory, said = copy_when_it_fits(disk, self.memory, self.copies, lambda: self._target == target)
        if memory is not None:
            with self._lock:
                if self._target != target:
                    return
                self._store, self.in_memory = memory, True
        if said:
            print(f"kg serve (pages): {said}", file=sys.stderr, flush=True)


def _accept_ranges(accept: str) -> list[tuple[str, str, float]]:
    ranges = []
    for part in accept.split(","):
        media, *params = [x.strip() for x in part.split(";")]
        if "/" not in media:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        kind, _, subtype = media.lower().partition("/")
        ranges.append((kind, subtype, q))
    return ranges


def negotiate(accept: str, offered: list[str]) -> str | None:
    """The offered media type the Accept header prefers most: each candidate takes the
    q of the most specific range matching it (``text/csv`` over ``text/*`` over
    ``*/*``); ties go to the order of ``offered``. An empty header takes the first."""
    return _negotiate(accept, tuple(offered))


@functools.lru_cache(maxsize=512)  # a pure function of its arguments; clients repeat their Accept header
def _negotiate(accept: str, offered: tuple[str, ...]) -> str | None:
    if not accept.strip():
        return offered[0] if offered else None
    ranges = _accept_ranges(accept)
    best, best_q = None, 0.0
    for candidate in offered:
        kind, _, subtype = candidate.partition("/")
        matches = [
            (specificity, q)
            for r_kind, r_sub, q in ranges
            for specificity in [2 if (r_kind, r_sub) == (kind, subtype) else 1 if (r_kind, r_sub) == (kind, "*")
                                else 0 if (r_kind, r_sub) == ("*", "*") else -1]
            if specificity >= 0
        ]  # fmt: skip
        if not matches:
            continue
        q = max(matches)[1]
        if q > best_q:
            best, best_q = candidate, q
    return best


def wants(request: Request, offered: list[str]) -> str:
    """The media type for a response: ``?format=`` first, then Accept, else the first offered."""
    named = request.query_params.get("format")
    if named:
        media = FORMAT_NAMES.get(named)
        if media not in offered:
            raise HTTPError(406, f"format {named!r} is not offered here; choose one of "
                                 f"{', '.join(k for k, v in FORMAT_NAMES.items() if v in offered)}")  # fmt: skip
        return media  # type: ignore[return-value]
    media = negotiate(request.headers.get("accept", ""), offered)
    if media is None:
        raise HTTPError(406, f"cannot answer with {request.headers.get('accept')!r}; offered: {', '.join(offered)}")
    return media


def create_app(
    location: str | Path, *, limits: Limits | None = None, settings: Settings | None = None, max_body: int | None = None,
    fast_path: bool = True, start_workers: bool = False,
) -> FastAPI:
    """The app. ``fast_path=False`` leaves every /sparql request to the FastAPI routes
    (SparqlFastPath answers the same; the tests compare the two). ``start_workers`` starts
    the query workers with the app (``kg serve``), so their in-memory copies of the store
    load before the first query; otherwise they start with the first queries."""
    limits = limits or Limits.from_env()
    settings = settings or load_settings()
    holder = StoreHolder(location if storing.is_remote(location) else Path(location), limits.memory, limits.copies)
    pool = QueryPool(limits)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if start_workers:
            try:
                pool.start(holder.path())
                await run_in_threadpool(holder.get)  # the pages' copy starts loading too
            except HTTPError:  # no store yet: the workers start with the first query after a build
                pass
        yield
        pool.close()

    app = FastAPI(
        title="kg", description="SPARQL endpoint and fact-check UI over a claim graph with character-level provenance.",
        lifespan=lifespan, responses=ERROR_RESPONSES,
    )  # fmt: skip
    app.state.pool = pool
    if fast_path:  # added first, so innermost: CORS and the body limit below still wrap it
        app.add_middleware(SparqlFastPath, answer=lambda *args: machine_answer(*args),
                           render_error=lambda request, status, message: error_response(request, status, message))  # fmt: skip
    app.add_middleware(
        CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "OPTIONS"], allow_headers=["*"],
        expose_headers=["Content-Type"],
    )  # fmt: skip
    app.add_middleware(BodyLimit, limit=max_body or max_body_from_env(),
                       reject=lambda request, status, message: error_response(request, status, message))  # fmt: skip
    app.mount("/static", StaticFiles(directory=PACKAGE_DIR / "static"), name="static")
    templates = Jinja2Templates(directory=PACKAGE_DIR / "templates")

    def page(request: Request, name: str, status_code: int = 200, **context: object) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context, status_code=status_code)

    def error_response(request: Request, status: int, message: str) -> Response:
        if negotiate(request.headers.get("accept", ""), ["application/json", HTML]) == HTML:
            return page(request, "error.html", status, status=status, message=message)
        return JSONResponse({"error": message, "status": status}, status_code=status)

    @app.exception_handler(HTTPError)
    async def render_error(request: Request, error: HTTPError) -> Response:
        return error_response(request, error.status, error.message)

    @app.exception_handler(StarletteHTTPException)
    async def render_http_exception(request: Request, error: StarletteHTTPException) -> Response:
        response = error_response(request, error.status_code, str(error.detail))
        response.headers.update(error.headers or {})  # a 405 keeps its Allow header
        return response

    @app.exception_handler(Exception)
    async def render_our_fault(request: Request, error: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(request, 500, f"internal error ({type(error).__name__}); the server log has the details")

    # ------------------------------------------------------------------ pages

    @app.get("/health")
    def health() -> dict[str, str]:
        holder.get()
        return {"status": "ok"}

    @app.get("/", response_class=HTMLResponse)
    def home(request: Request) -> Response:
        store = holder.get()
        return page(request, "home.html", counts=counts(store), documents=documents(store),
                    queries=list(canned_queries(settings.queries_dir).values()))  # fmt: skip

    @app.get("/documents/{id}")
    def document_page(request: Request, id: str, focus: str | None = None) -> Response:
        store = holder.get()
        media = wants(request, [HTML, *GRAPH_TYPES])
        try:
            if media != HTML:
                triples = describe(store, f"https://w3id.org/kg/documents/{id}", follow=(str(KG.document),))
                if not triples:
                    raise NotFound(f"no document {id!r}")
                return rdf_response(triples, media)
            return page(request, "document.html", view=document_view(store, id, focus))
        except NotFound as error:
            raise HTTPError(404, str(error)) from None

    @app.get("/claims/{id}")
    def claim_page(request: Request, id: str) -> Response:
        store = holder.get()
        media = wants(request, [HTML, *GRAPH_TYPES])
        try:
            if media != HTML:
                triples = describe(store, f"https://w3id.org/kg/claims/{id}")
                if not triples:
                    raise NotFound(f"no claim {id!r}")
                return rdf_response(triples, media)
            return page(request, "claim.html", view=claim_view(store, id))
        except NotFound as error:
            raise HTTPError(404, str(error)) from None

    def rdf_response(triples: list[ox.Triple], media: str) -> Response:
        fmt = GRAPH_TYPES[media]
        prefixes = PREFIX_MAP if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
        return Response(ox.serialize(triples, format=fmt, prefixes=prefixes), media_type=media)

    @app.get("/trace")
    def trace_page(request: Request, value: str = "") -> Response:
        media = wants(request, ["application/json", HTML])
        if not value.strip():
            if media == HTML:
                return page(request, "trace.html", value="", result=None, error="Type a number to fact-check.")
            raise HTTPError(400, "missing value parameter: /trace?value=875000")
        try:
            result = trace(holder.get(), value, settings.queries_dir)
        except QueryError as error:
            if media == HTML:
                return page(request, "trace.html", 400, value=value, result=None, error=str(error))
            raise HTTPError(400, str(error)) from None
        if media == HTML:
            return page(request, "trace.html", value=value, result=result)
        return JSONResponse(asdict(result))

    # ------------------------------------------------------------------ canned queries

    @app.get("/queries")
    def queries_index(request: Request) -> Response:
        available = list(canned_queries(settings.queries_dir).values())
        if wants(request, [HTML, "application/json"]) == HTML:
            return page(request, "queries.html", queries=available)
        return JSONResponse([
            {"name": q.name, "title": q.title, "description": q.description,
             "parameters": [asdict(p) for p in q.parameters], "url": str(request.url_for("query_page", name=q.name))}
            for q in available
        ])  # fmt: skip

    @app.get("/queries/{name}")
    def query_page(request: Request, name: str) -> Response:
        available = canned_queries(settings.queries_dir)
        if name not in available:
            raise HTTPError(404, f"unknown query {name!r}; canned queries: {', '.join(available)}")
        canned = available[name]
        media = wants(request, [HTML, "application/json", "application/sparql-results+json", "text/csv"])
        values = {k: v for k, v in request.query_params.items() if k != "format"}
        try:
            table = run_canned(holder.get(), canned, values)
        except QueryError as error:
            if media == HTML:
                return page(request, "query.html", 400, canned=canned, values=values, table=None, error=str(error),
                            query_string=urlencode(values))  # fmt: skip
            raise HTTPError(400, str(error)) from None
        if media == HTML:
            return page(request, "query.html", canned=canned, values=values, table=table, error=None,
                        query_string=urlencode(values))  # fmt: skip
        if media == "text/csv":
            return Response(table.to_csv(), media_type="text/csv; charset=utf-8")
        return Response(table.to_json(), media_type=media)

    # ------------------------------------------------------------------ SPARQL protocol

    @app.get("/sparql")
    async def sparql_get(request: Request) -> Response:
        params = request.query_params
        if "update" in params:
            raise HTTPError(403, "SPARQL Update is not allowed on this endpoint")
        query = params.get("query")
        if query is None:
            if negotiate(request.headers.get("accept", ""), [*GRAPH_TYPES, HTML]) == HTML:
                return page(request, "sparql.html", query=internal_query("example"), limits=limits, table=None, boolean=None,
                            graph=None, error=None)  # fmt: skip
            return await run_in_threadpool(service_description, request)  # opens the store: off the event loop
        return await answer(request, query, params.getlist("default-graph-uri"), params.getlist("named-graph-uri"),
                            allow_html=True)  # fmt: skip

    @app.post("/sparql")
    async def sparql_post(request: Request) -> Response:
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        graphs = request.query_params
        if content_type == "application/sparql-update":
            raise HTTPError(403, "SPARQL Update is not allowed on this endpoint")
        if content_type == "application/sparql-query":
            query = (await request.body()).decode("utf-8", errors="replace")
        elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.form()
            if form.get("update") is not None:
                raise HTTPError(403, "SPARQL Update is not allowed on this endpoint")
            query = str(form.get("query") or "")
            graphs = form  # type: ignore[assignment]
        else:
            raise HTTPError(415, "POST a query as application/sparql-query or application/x-www-form-urlencoded")
        if not query.strip():
            raise HTTPError(400, "missing query")
        return await answer(request, query, graphs.getlist("default-graph-uri"), graphs.getlist("named-graph-uri"),
                            allow_html=False)  # fmt: skip

    def query_request(accept: str, query: str, default_graphs: list[str], named_graphs: list[str], *,
                      html: bool) -> QueryRequest:  # fmt: skip
        for iri in (*default_graphs, *named_graphs):
            try:
                ox.NamedNode(iri)
            except ValueError as error:
                raise HTTPError(400, f"bad graph IRI {iri!r}: {error}") from None
        # nothing acceptable: answer in the default format rather than refuse a SPARQL client
        result_media = "application/sparql-results+json" if html else negotiate(accept, list(RESULT_TYPES))
        graph_media = "text/turtle" if html else negotiate(accept, list(GRAPH_TYPES))
        return QueryRequest(
            store_path=holder.path(), query=query,
            result_media=result_media or "application/sparql-results+json", graph_media=graph_media or "text/turtle",
            default_graphs=tuple(default_graphs), named_graphs=tuple(named_graphs), prefixes=PREFIX_MAP,
            max_results=limits.max_results,
        )  # fmt: skip

    async def machine_answer(accept: str, query: str, default_graphs: list[str], named_graphs: list[str]) -> Response:
        """The answer for a SPARQL client (never HTML), from the routes and from SparqlFastPath alike.
        Waiting for the worker is waiting on a pipe in the event loop: a slow query holds no
        thread and stalls no other request."""
        request_ = query_request(accept, query, default_graphs, named_graphs, html=False)
        try:
            result = await pool.run_async(request_)
        except QueryFailed as error:
            raise HTTPError(error.status, error.message) from None
        return Response(result.body, media_type=result.media_type)

    async def answer(request: Request, query: str, default_graphs: list[str], named_graphs: list[str], *,
                     allow_html: bool) -> Response:  # fmt: skip
        accept = request.headers.get("accept", "")
        html = allow_html and negotiate(accept, [*RESULT_TYPES, *GRAPH_TYPES, HTML]) == HTML
        if not html:
            return await machine_answer(accept, query, default_graphs, named_graphs)
        request_ = query_request(accept, query, default_graphs, named_graphs, html=True)
        context: dict[str, object] = {"query": query, "limits": limits, "table": None, "boolean": None, "graph": None,
                                      "error": None}  # fmt: skip
        status = 200
        try:
            result = await pool.run_async(request_)
        except QueryFailed as error:
            context["error"], status = error.message, error.status
        else:
            if result.form == "graph":
                context["graph"] = result.body.decode("utf-8")
            elif result.form == "boolean":
                context["boolean"] = json.loads(result.body)["boolean"]
            else:
                context["table"] = table_of_json(result.body)
        return page(request, "sparql.html", status, **context)

    def service_description(request: Request) -> Response:
        media = negotiate(request.headers.get("accept", ""), list(GRAPH_TYPES)) or "text/turtle"
        graphs = sorted(g.value for g in holder.get().named_graphs())
        turtle = templates.get_template("service-description.ttl").render(
            endpoint=str(request.url_for("sparql_get")), graphs=graphs, limits=limits
        )
        if media == "text/turtle":
            return Response(turtle, media_type=media)
        triples = [q.triple for q in ox.parse(turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE)]
        return rdf_response(triples, media)

    return app


def run_canned(store: ox.Store, canned: CannedQuery, values: dict[str, str]) -> Table:
    """A canned query's rows; the solutions iterator never leaves this thread (pyoxigraph's are unsendable)."""
    solutions = run_query(store, canned.text, canned.bindings(values))
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError(f"canned query {canned.name} must be a SELECT query")
    return Table.of(solutions, canned.parameter_names)


def table_of_json(body: bytes) -> Table:
    """SPARQL JSON results as a Table, for the HTML query page."""
    solutions = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    assert isinstance(solutions, ox.QuerySolutions)
    return Table.of(solutions)
