"""Storing: the embedded Oxigraph store on disk, built beside the current one and
swapped in atomically.

``LOCATION`` is a symbolic link to ``LOCATION.versions/<generation>``. A build
writes a new generation and, only when it loaded and validated, replaces the link
with ``os.replace`` (atomic on POSIX). A build that fails or is killed leaves the
previous generation, and the link to it, untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.mapping import Triple


class StoreMissing(FileNotFoundError):
    pass


def _versions_dir(location: Path) -> Path:
    return location.with_name(location.name + ".versions")


def store_exists(location: str | Path) -> bool:
    location = Path(location)
    return location.is_dir() and any(location.iterdir())


def open_store(location: str | Path) -> ox.Store:
    """The current generation, read-only: generations are never written after the swap."""
    location = Path(location)
    if not store_exists(location):
        raise StoreMissing(f"no store at {location}; run `kg build` first")
    return ox.Store.read_only(str(location.resolve()))


@contextmanager
def new_generation(location: str | Path) -> Iterator[tuple[ox.Store, Path]]:
    """A fresh on-disk store for a build; removed again unless ``publish`` is called."""
    location = Path(location)
    versions = _versions_dir(location)
    versions.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=time.strftime("%Y%m%dT%H%M%S-"), dir=versions))
    store = ox.Store(str(path))
    try:
        yield store, path
    finally:
        del store
        if path.exists() and not _is_current(location, path):
            shutil.rmtree(path, ignore_errors=True)


def _is_current(location: Path, path: Path) -> bool:
    return location.is_symlink() and location.resolve() == path.resolve()


def publish(location: str | Path, path: Path) -> None:
    """Point ``location`` at ``path`` atomically and drop older generations."""
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
    for s, p, o in triples:
        yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph_node)


def sorted_quads(graphs: dict[URIRef, list[Triple]]) -> list[ox.Quad]:
    """All quads of ``graphs`` in one canonical order, so serialisations diff cleanly."""
    all_quads = [q for graph, triples in graphs.items() for q in quads(triples, graph)]
    return sorted(set(all_quads), key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))


def to_trig(graphs: dict[URIRef, list[Triple]], prefixes: dict[str, str]) -> str:
    return ox.serialize(sorted_quads(graphs), format=ox.RdfFormat.TRIG, prefixes=prefixes).decode("utf-8")


def load_files(store: ox.Store, paths: Iterable[Path], graph: URIRef | None = None) -> None:
    """Load Turtle into ``graph`` or TriG/N-Quads with their own graphs."""
    for path in paths:
        fmt = ox.RdfFormat.from_extension(path.suffix.lstrip("."))
        to_graph = ox.NamedNode(str(graph)) if graph is not None and not fmt.supports_datasets else None
        store.load(path=str(path), format=fmt, to_graph=to_graph)
