"""Serving: the SPARQL 1.1 Protocol endpoint (query only) and health check.

``create_app(location)`` is the app factory; tests build a store on tmp_path
and call it directly.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from kg import storing
from kg.querying import QueryError, run_query

RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


class HTTPError(Exception):
    """An error with its HTTP status; one handler renders every such error."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class StoreHolder:
    """The current store generation, reopened when ``kg build`` publishes a new one."""

    location: Path
    _target: str = ""
    _store: ox.Store | None = None

    def get(self) -> ox.Store:
        target = os.path.realpath(self.location)
        if self._store is None or target != self._target:
            self._store = storing.open_store(self.location)
            self._target = target
        return self._store


def negotiate(accept: str, offered: list[str]) -> str | None:
    """The offered media type the Accept header prefers most (q-values, wildcards)."""
    best, best_q = None, 0.0
    for position, part in enumerate(accept.split(",")):
        media, *params = [x.strip() for x in part.split(";")]
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        for candidate in offered:
            if media in (candidate, "*/*") or (media.endswith("/*") and candidate.startswith(media[:-1])):
                if q > best_q:
                    best, best_q = candidate, q
                break
    return best


def create_app(location: str | Path) -> FastAPI:
    app = FastAPI(title="kg", description="SPARQL endpoint over a claim graph with character-level provenance.")
    holder = StoreHolder(Path(location))

    @app.exception_handler(HTTPError)
    async def render_error(request: Request, error: HTTPError) -> JSONResponse:
        return JSONResponse({"error": error.message, "status": error.status}, status_code=error.status)

    @app.get("/health")
    def health() -> dict[str, str]:
        holder.get()
        return {"status": "ok"}

    @app.get("/sparql")
    def sparql_get(request: Request) -> Response:
        params = request.query_params
        query = params.get("query")
        if not query:
            raise HTTPError(400, "missing query parameter")
        return answer(query, request.headers.get("accept", ""), params.getlist("default-graph-uri"),
                      params.getlist("named-graph-uri"))  # fmt: skip

    @app.post("/sparql")
    async def sparql_post(request: Request) -> Response:
        content_type = request.headers.get("content-type", "").split(";")[0].strip()
        graphs = request.query_params
        if content_type == "application/sparql-query":
            query = (await request.body()).decode("utf-8")
        elif content_type == "application/x-www-form-urlencoded":
            form = await request.form()
            query = str(form.get("query") or "")
            if form.get("update"):
                raise HTTPError(403, "SPARQL Update is not allowed on this endpoint")
            graphs = form  # type: ignore[assignment]
        else:
            raise HTTPError(415, "POST application/sparql-query or application/x-www-form-urlencoded")
        if not query:
            raise HTTPError(400, "missing query")
        return answer(query, request.headers.get("accept", ""), graphs.getlist("default-graph-uri"),
                      graphs.getlist("named-graph-uri"))  # fmt: skip

    def answer(query: str, accept: str, default_graphs: list[str], named_graphs: list[str]) -> Response:
        try:
            result = run_query(
                holder.get(),
                query,
                default_graph=[ox.NamedNode(g) for g in default_graphs] or None,
                named_graphs=[ox.NamedNode(g) for g in named_graphs] or None,
            )
        except QueryError as error:
            raise HTTPError(400, str(error)) from None
        except ValueError as error:  # a malformed graph IRI
            raise HTTPError(400, str(error)) from None
        if isinstance(result, ox.QueryTriples):
            media = negotiate(accept or "text/turtle", list(GRAPH_TYPES)) or "text/turtle"
            return Response(ox.serialize(result, format=GRAPH_TYPES[media]), media_type=media)
        media = negotiate(accept or "application/sparql-results+json", list(RESULT_TYPES))
        media = media or "application/sparql-results+json"
        return Response(result.serialize(format=RESULT_TYPES[media]), media_type=media)

    return app
