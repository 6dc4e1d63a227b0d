"""Storing: where the graph lives. Two kinds of location, one small interface.

* **Embedded** (a path, default ``.kg/store``): an Oxigraph store on disk, built
  beside the current one and swapped in atomically. ``LOCATION`` is a symbolic
  link to ``LOCATION.versions/<generation>``. A build writes a new generation and,
  only when it loaded and validated, replaces the link with ``os.replace`` (atomic
  on POSIX). A build that fails or is killed leaves the previous generation, and
  the link to it, untouched.
* **Remote** (``http://...`` or ``https://...``): any SPARQL 1.1 server. Queries go
  through the SPARQL Protocol, graphs through the Graph Store Protocol (one PUT
  per named graph); see :class:`RemoteStore` for how the two endpoints are found.
  A build is loaded and validated in memory first and uploaded only if it conforms.

Everything that touches the store goes through :func:`open_store` (something with
pyoxigraph's ``query`` signature), :func:`store_exists` and :func:`staging`.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlencode, urljoin, urlsplit

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.mapping import Triple


class StoreMissing(FileNotFoundError):
    pass


class StoreUnreachable(StoreMissing):
    """A remote store that does not answer, or answers with an error; one line, names the URL.
    A kind of StoreMissing: for a command the store is not there either way."""


QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
Bindings = dict[ox.Variable, ox.NamedNode | ox.Literal]


class QueryableStore(Protocol):
    """What readers of the store need: pyoxigraph's ``Store.query`` signature."""

    def query(
        self,
        query: str,
        *,
        substitutions: Bindings | None = None,
        use_default_graph_as_union: bool = False,
        default_graph: list[ox.NamedNode] | None = None,
        named_graphs: list[ox.NamedNode] | None = None,
    ) -> QueryResult: ...


def is_remote(location: str | Path) -> bool:
    return str(location).startswith(("http://", "https://"))


def _versions_dir(location: Path) -> Path:
    return location.with_name(location.name + ".versions")


def store_exists(location: str | Path) -> bool:
    if is_remote(location):
        return RemoteStore(str(location)).exists()
    location = Path(location)
    return location.is_dir() and any(location.iterdir())


def open_store(location: str | Path) -> ox.Store | RemoteStore:
    """The current embedded generation, read-only (generations are never written after
    the swap), or a remote SPARQL server."""
    if is_remote(location):
        remote = RemoteStore(str(location))
        if not remote.exists():
            raise StoreMissing(f"no kg data at {remote.query_url}; run `kg build --store {location}` first")
        return remote
    location = Path(location)
    if not store_exists(location):
        raise StoreMissing(f"no store at {location}; run `kg build` first")
    return ox.Store.read_only(str(location.resolve()))


CACHE_ENV = "KG_CACHE"


def cache_dir(location: str | Path) -> Path:
    """Where builds for ``location`` keep extracted documents: ``$KG_CACHE``, else beside
    an embedded store (``.kg/store`` -> ``.kg/cache``), else (remote) the user's cache folder."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    if is_remote(location):
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        return base / "kg" / re.sub(r"[^\w.-]+", "_", str(location))
    return Path(location).parent / "cache"


def current_generation(location: str | Path) -> Path | None:
    """The generation an embedded store's location points at, if there is one."""
    if is_remote(location):
        return None
    location = Path(location)
    if not location.is_symlink() or not location.resolve().is_dir():
        return None
    return location.resolve()


@contextmanager
def new_generation(location: str | Path, based_on: Path | None = None) -> Iterator[tuple[ox.Store, Path]]:
    """A fresh on-disk store for a build, or a copy of the generation ``based_on``;
    removed again unless ``publish`` is called."""
    location = Path(location)
    versions = _versions_dir(location)
    versions.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=time.strftime("%Y%m%dT%H%M%S-"), dir=versions))
    if based_on is not None:
        # a RocksDB checkpoint: hard links to the immutable table files, so the copy
        # takes milliseconds whatever the store's size, and the original stays untouched
        path.rmdir()
        ox.Store.read_only(str(based_on)).backup(str(path))
    store = ox.Store(str(path))
    try:
        yield store, path
    finally:
        del store
        if path.exists() and not _is_current(location, path):
            shutil.rmtree(path, ignore_errors=True)


@dataclass
class Staged:
    """A store being built; ``publish`` makes it the one queries see."""

    store: ox.Store
    publish: Callable[[], None]
    path: Path | None = None  # the generation's folder (embedded stores)


@contextmanager
def staging(location: str | Path, based_on: Path | None = None) -> Iterator[Staged]:
    """Build here, validate, then ``publish``: a new on-disk generation for an embedded
    store (empty, or a copy of the generation ``based_on``), an in-memory copy uploaded
    graph by graph for a remote one. Nothing becomes visible unless ``publish`` is called."""
    if is_remote(location):
        remote, store = RemoteStore(str(location)), ox.Store()
        yield Staged(store, lambda: remote.replace_graphs(store))
        return
    with new_generation(location, based_on) as (store, path):
        if based_on is not None:  # a copy of the current generation: write only the changes, in place

            def publish_generation() -> None:
                store.flush()
                publish(location, path)

            yield Staged(store, publish_generation, path)
            return
        # A full build loads and validates in memory and writes the generation once, with the
        # bulk loader: on RocksDB, loading document by document and validating took 4-5 times
        # as long at the 100x corpus (README, Benchmark).
        memory = ox.Store()

        def write_and_publish() -> None:
            store.bulk_extend(memory)
            store.flush()
            publish(location, path)

        yield Staged(memory, write_and_publish, path)


def _is_current(location: Path, path: Path) -> bool:
    return location.is_symlink() and location.resolve() == path.resolve()


def publish(location: str | Path, path: Path) -> None:
    """Point ``location`` at ``path`` atomically and drop older generations, and what
    killed builds left: their half-written generations and temporary links."""
    location = Path(location)
    if location.exists() and not location.is_symlink():
        # a store from before generations existed: keep it aside, never delete data we did not write
        location.rename(location.with_name(location.name + f".old-{int(time.time())}"))
    link = location.with_name(f".{location.name}.link-{os.getpid()}")
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(os.path.relpath(path, location.parent))
    os.replace(link, location)
    for old in _versions_dir(location).iterdir():
        if old.resolve() != path.resolve():
            shutil.rmtree(old, ignore_errors=True)
    for stale_link in location.parent.glob(f".{location.name}.link-*"):
        stale_link.unlink(missing_ok=True)


def to_oxigraph(term: Node) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"cannot store {term!r}")


def quads(triples: Iterable[Triple], graph: URIRef) -> Iterator[ox.Quad]:
    graph_node = ox.NamedNode(str(graph))
    # IRIs repeat (every predicate and class, the document, shared entities): each is
    # converted once per call instead of once per triple
    iris: dict[URIRef, ox.NamedNode] = {}

    def convert(term: Node) -> ox.NamedNode | ox.Literal | ox.BlankNode:
        if type(term) is URIRef:
            node = iris.get(term)
            if node is None:
                node = iris[term] = ox.NamedNode(str(term))
            return node
        return to_oxigraph(term)

    for s, p, o in triples:
        yield ox.Quad(convert(s), convert(p), convert(o), graph_node)


# how Oxigraph's N-Triples writer escapes a literal's characters (oxrdf print_quoted_str)
_LITERAL_ESCAPES = {
    **{code: f"\\u{code:04X}" for code in (*range(0x20), 0x7F, 0xFFFE, 0xFFFF)},
    0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\",
}  # fmt: skip
# str.translate goes character by character once a string holds any non-ASCII character
# (3.6 µs for a 40-character quote with a €, 7 ms for a 93 kB text); a search for the few
# characters that need escaping skips the literals without them and jumps between the rest
_NEEDS_ESCAPE = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_LITERAL_ESCAPES)) + "]")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class _IriTexts(dict[URIRef, str]):
    """Each IRI's N-Quads text, checked by Oxigraph the first time it is asked for; the
    IRIs of a graph recur (predicates, classes, a claim's nodes), and a lookup that finds
    one makes no Python call."""

    def __missing__(self, term: URIRef) -> str:
        text = self[term] = str(ox.NamedNode(str(term)))
        return text


def nquads(graphs: dict[URIRef, list[Triple]]) -> bytes:
    """``graphs`` as N-Quads: the bytes ``ox.serialize`` writes for :func:`quads` of them,
    without an Oxigraph quad per triple. Mapping a document makes ~25 triples per
    claim, and that conversion cost as much as the mapping itself."""
    iris = _IriTexts()

    def node(term: Node) -> str:  # a term other than a plain URIRef
        if isinstance(term, Literal):
            return _literal(term, iris.__getitem__)
        return str(to_oxigraph(term))

    lines = []
    for graph, triples in graphs.items():
        suffix = f" {iris[graph]} .\n"
        # most terms are IRIs: looked up directly, without a call to tell their kind
        lines.extend(
            f"{iris[s] if type(s) is URIRef else node(s)} {iris[p]} {iris[o] if type(o) is URIRef else node(o)}{suffix}"
            for s, p, o in triples
        )  # fmt: skip
    return "".join(lines).encode()


def _literal(term: Literal, iri: Callable[[URIRef], str]) -> str:
    if term.language:
        return str(to_oxigraph(term))  # Oxigraph normalises language tags
    quoted = f'"{_NEEDS_ESCAPE.sub(_escape, term)}"'
    if term.datatype is None or str(term.datatype) == _XSD_STRING:
        return quoted
    return f"{quoted}^^{iri(term.datatype)}"


def _escape(match: re.Match[str]) -> str:
    return _LITERAL_ESCAPES[ord(match.group())]


def sorted_quads(graphs: dict[URIRef, list[Triple]]) -> list[ox.Quad]:
    """All quads of ``graphs`` in one canonical order, so serialisations diff cleanly."""
    all_quads = [q for graph, triples in graphs.items() for q in quads(triples, graph)]
    return sorted(set(all_quads), key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))


def to_trig(graphs: dict[URIRef, list[Triple]], prefixes: dict[str, str]) -> str:
    return ox.serialize(sorted_quads(graphs), format=ox.RdfFormat.TRIG, prefixes=prefixes).decode("utf-8")


_UPDATES = Path(__file__).resolve().parent / "updates"


def merge_source_names(store: ox.Store) -> None:
    """After loading documents: a cited source named in several ways keeps one rdfs:label
    (see updates/source-names.ru); the shapes require exactly one."""
    store.update((_UPDATES / "source-names.ru").read_text(encoding="utf-8"))


def load_files(store: ox.Store, paths: Iterable[Path], graph: URIRef | None = None) -> None:
    """Load Turtle into ``graph`` or TriG/N-Quads with their own graphs."""
    for path in paths:
        fmt = ox.RdfFormat.from_extension(path.suffix.lstrip("."))
        to_graph = ox.NamedNode(str(graph)) if graph is not None and not fmt.supports_datasets else None
        store.load(path=str(path), format=fmt, to_graph=to_graph)


# ------------------------------------------------------------------ remote SPARQL servers

RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
_OUR_GRAPHS = "https://w3id.org/kg/graphs/"  # kg.namespaces.GRAPHS: graphs a build may replace or drop
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_FORM = re.compile(r"^\s*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE | re.MULTILINE)


def remote_endpoints(location: str) -> tuple[str, str]:
    """The SPARQL query endpoint and the Graph Store Protocol endpoint of a location.

    ``URL#store=GSP_URL`` names both. Otherwise the store endpoint follows the
    server's usual layout: ``.../query`` -> ``.../store`` (Oxigraph),
    ``.../sparql`` -> ``.../data`` (Fuseki), ``.../repositories/ID`` ->
    ``.../repositories/ID/rdf-graphs/service`` (GraphDB, RDF4J), a bare
    ``http://host:port`` -> ``/query`` and ``/store`` (Oxigraph), and any other
    URL serves both (a Fuseki dataset such as ``http://host:3030/ds``).

    >>> remote_endpoints("http://127.0.0.1:7878")
    ('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/store')
    >>> remote_endpoints("http://h:3030/ds/sparql")
    ('http://h:3030/ds/sparql', 'http://h:3030/ds/data')
    >>> remote_endpoints("http://h:7200/repositories/kg")
    ('http://h:7200/repositories/kg', 'http://h:7200/repositories/kg/rdf-graphs/service')
    """
    url, _, fragment = location.partition("#")
    url = url.rstrip("/")
    if fragment.startswith("store="):
        return url, urljoin(url + "/", fragment.removeprefix("store="))
    path = urlsplit(url).path
    if not path:
        return url + "/query", url + "/store"
    head, _, last = url.rpartition("/")
    if last == "query":
        return url, head + "/store"
    if last == "sparql":
        return url, head + "/data"
    if "/repositories/" in path:
        return url, url + "/rdf-graphs/service"
    return url, url


def with_values(query: str, substitutions: Bindings | None) -> str:
    """Bind parameters for a server without Oxigraph's substitutions: a ``VALUES`` row
    opening the query's outer ``WHERE`` group, so filters and binds see the values as
    they do with substitutions. Terms are written by pyoxigraph (escaped), never
    spliced from user text.

    >>> with_values("SELECT ?x ?n WHERE { ?x ?p ?n }", {ox.Variable("n"): ox.Literal("a")})
    'SELECT ?x ?n WHERE { VALUES (?n) { ("a") }  ?x ?p ?n }'
    """
    if not substitutions:
        return query
    form = _FORM.search(query)
    where = _WHERE.search(query, form.end() if form else 0)
    if where is None:
        raise SyntaxError("a query with parameters needs a WHERE clause to bind them on a remote store")
    names = " ".join(str(v) for v in substitutions)
    row = " ".join(str(term) for term in substitutions.values())
    return f"{query[:where.end()]} VALUES ({names}) {{ ({row}) }} {query[where.end():]}"


class RemoteStore:
    """A SPARQL 1.1 server: queries through the SPARQL Protocol, graphs replaced
    through the Graph Store Protocol. The server must make its default graph the
    union of the named graphs (Oxigraph ``--union-default-graph``; Fuseki
    ``tdb2:unionDefaultGraph``; GraphDB and QLever do by default)."""

    def __init__(self, location: str, timeout: float = 120.0) -> None:
        import httpx  # only remote stores need an HTTP client

        self.location = location
        self.query_url, self.store_url = remote_endpoints(location)
        self._client = httpx.Client(timeout=timeout)
        self._http_error = httpx.HTTPError

    def _request(self, method: str, url: str, **kwargs: object):  # type: ignore[no-untyped-def]
        try:
            return self._client.request(method, url, **kwargs)  # type: ignore[arg-type]
        except self._http_error as error:
            raise StoreUnreachable(f"{url}: {type(error).__name__}: {error or 'no answer'}") from None

    def forward(
        self, query: str, accept: str, default_graphs: Iterable[str] = (), named_graphs: Iterable[str] = ()
    ) -> tuple[int, bytes, str]:
        """Send a query as it came and return the server's status, body and media type."""
        form = [("query", query)] + [("default-graph-uri", g) for g in default_graphs]
        form += [("named-graph-uri", g) for g in named_graphs]
        response = self._request(
            "POST", self.query_url, content=urlencode(form),
            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
        )  # fmt: skip
        media = response.headers.get("content-type", "application/octet-stream").split(";")[0].strip()
        return response.status_code, response.content, media

    def query(
        self,
        query: str,
        *,
        substitutions: Bindings | None = None,
        use_default_graph_as_union: bool = False,  # the server's setting decides; see the class docstring
        default_graph: list[ox.NamedNode] | None = None,
        named_graphs: list[ox.NamedNode] | None = None,
    ) -> QueryResult:
        status, body, media = self.forward(
            with_values(query, substitutions),
            f"{RESULTS_JSON}, {N_TRIPLES};q=0.9",
            [g.value for g in default_graph or []],
            [g.value for g in named_graphs or []],
        )
        if status == 400:
            raise SyntaxError(f"{self.query_url} refused the query: {_first_line(body)}")
        if status != 200:
            raise StoreUnreachable(f"{self.query_url}: HTTP {status}: {_first_line(body)}")
        if media in (N_TRIPLES, "text/plain"):
            return _as_query_triples(body)
        return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)

    def exists(self) -> bool:
        """True once a build has loaded the ontology graph."""
        from kg.namespaces import ONTOLOGY_GRAPH

        result = self.query(f"ASK {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s ?p ?o }} }}")
        return bool(result)

    def graph_names(self) -> set[str]:
        solutions = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return {s["g"].value for s in solutions}  # type: ignore[union-attr]

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        return (ox.NamedNode(name) for name in sorted(self.graph_names()))

    def quads_for_pattern(
        self,
        subject: ox.NamedNode | ox.BlankNode | None,
        predicate: ox.NamedNode | None,
        object: ox.NamedNode | ox.BlankNode | ox.Literal | None,
        graph_name: ox.NamedNode | None = None,
    ) -> Iterator[ox.Quad]:
        """pyoxigraph's pattern lookup, as one SELECT over the named graphs."""
        pattern = {"s": subject, "p": predicate, "o": object, "g": graph_name}
        bound = {ox.Variable(k): v for k, v in pattern.items() if v is not None}
        names = " ".join(f"?{k}" for k in pattern)
        solutions = self.query(f"SELECT {names} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", substitutions=bound or None)
        for row in solutions:  # type: ignore[union-attr]
            yield ox.Quad(row["s"], row["p"], row["o"], row["g"])  # type: ignore[arg-type]

    def dump(self, format: ox.RdfFormat, prefixes: dict[str, str] | None = None) -> bytes:
        quads = self.quads_for_pattern(None, None, None)
        if not format.supports_datasets:
            return ox.serialize((q.triple for q in quads), format=format, prefixes=prefixes)
        return ox.serialize(quads, format=format, prefixes=prefixes)

    def put_graph(self, graph: str, data: bytes) -> None:
        response = self._request(
            "PUT", self.store_url, params={"graph": graph}, content=data, headers={"Content-Type": N_TRIPLES}
        )
        if response.status_code not in (200, 201, 204):
            raise StoreUnreachable(f"{self.store_url}: PUT graph {graph}: HTTP {response.status_code}: "
                                   f"{_first_line(response.content)}")  # fmt: skip

    def delete_graph(self, graph: str) -> None:
        response = self._request("DELETE", self.store_url, params={"graph": graph})
        if response.status_code not in (200, 204, 404):
            raise StoreUnreachable(f"{self.store_url}: DELETE graph {graph}: HTTP {response.status_code}")

    def replace_graphs(self, staged: ox.Store) -> None:
        """Upload every named graph of ``staged`` (one PUT each, replacing the server's
        copy) and drop graphs of ours the build no longer has (removed documents)."""
        before = self.graph_names()
        names = [g for g in staged.named_graphs() if isinstance(g, ox.NamedNode)]
        for graph in names:
            data = ox.serialize(
                (q.triple for q in staged.quads_for_pattern(None, None, None, graph)), format=ox.RdfFormat.N_TRIPLES
            )
            self.put_graph(graph.value, data)
        kept = {g.value for g in names}
        for stale in sorted(before - kept):
            if stale.startswith(_OUR_GRAPHS):
                self.delete_graph(stale)


def _first_line(body: bytes) -> str:
    text = body.decode("utf-8", "replace").strip()
    return (text.splitlines() or ["(empty answer)"])[0][:300]


def _as_query_triples(body: bytes) -> ox.QueryTriples:
    """N-Triples from a server as pyoxigraph's own graph result, so every caller sees one type."""
    scratch = ox.Store()
    scratch.load(body, format=ox.RdfFormat.N_TRIPLES)
    return scratch.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")  # type: ignore[return-value]
