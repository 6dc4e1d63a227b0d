"""What the web pages show, as plain data: counts, a document with its claims
marked up, a claim with its fields, provenance and related claims.

The HTTP app renders these with the templates in ``kg/templates``; tests call
them directly. The SPARQL they run sits in ``kg/sparql/*.rq`` and every value is
bound through substitutions, never spliced in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from kg.mapping import TYPE_OF_CLASS
from kg.namespaces import CLAIMS, DOCUMENTS, PREFIXES
from kg.querying import Table, resolve_query, run_query, term_text
from kg.settings import load_settings

SPARQL_DIR = Path(__file__).resolve().parent / "sparql"
FIGURE_TYPES = ("MonetaryAmount", "Percentage", "Count")
PASSAGE_CHARS = 280  # at most this many characters of context on each side of a figure


class NotFound(LookupError):
    """No claim or document with that id."""


@lru_cache(maxsize=None)
def internal_query(name: str) -> str:
    return (SPARQL_DIR / f"{name}.rq").read_text(encoding="utf-8")


def select(store: ox.Store, name: str, **values: ox.NamedNode | ox.Literal) -> list[dict[str, ox.NamedNode | ox.Literal | ox.BlankNode | None]]:
    """Rows of an internal query (``kg/sparql/NAME.rq``) with ``values`` bound."""
    solutions = run_query(store, internal_query(name), {ox.Variable(k): v for k, v in values.items()})
    assert isinstance(solutions, ox.QuerySolutions)
    variables = [v.value for v in solutions.variables]
    return [{v: row[v] for v in variables} for row in solutions]


def number(term: ox.Literal | None) -> float | int | None:
    if term is None:
        return None
    value = float(term.value)
    return int(value) if value.is_integer() else value


def claim_id(iri: str) -> str:
    return iri.removeprefix(str(CLAIMS))


def short(iri: str) -> str:
    """``https://w3id.org/kg/entities/openai`` -> ``entity:openai``, for display."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(str(kv[1]))):
        if iri.startswith(str(namespace)):
            return f"{prefix}:{iri[len(str(namespace)):]}"
    return iri


# ------------------------------------------------------------------ documents


@dataclass
class DocumentInfo:
    id: str
    iri: str
    title: str
    date: str
    file: str
    format: str
    language: str
    sha256: str
    text: str


def document_info(store: ox.Store, doc_id: str) -> DocumentInfo:
    rows = select(store, "document", doc=ox.Literal(doc_id))
    if not rows:
        raise NotFound(f"no document {doc_id!r}")
    row = rows[0]
    return DocumentInfo(
        id=doc_id, iri=str(DOCUMENTS[doc_id]), title=term_text(row["title"]), date=term_text(row["date"]),
        file=term_text(row["file"]), format=term_text(row["format"]), language=term_text(row["language"]),
        sha256=term_text(row["sha256"]), text=term_text(row["text"]),
    )  # fmt: skip


@dataclass
class Passage:
    """A figure in its context: ``before`` + ``figure`` + ``after`` is a slice of the text."""

    before: str
    figure: str
    after: str
    start: int  # where ``before`` starts in the document


def passage(text: str, start: int, end: int, width: int = PASSAGE_CHARS) -> Passage:
    """The paragraph around ``text[start:end]``, cut at sentence ends when longer than ``width``."""
    left = max(text.rfind("\n", 0, start) + 1, start - width)
    right = text.find("\n", end)
    right = min(len(text) if right == -1 else right, end + width)
    if left > 0 and text[left - 1] != "\n":  # cut mid-paragraph: start after a sentence end if there is one
        cut = max(text.rfind(". ", left, start), text.rfind("? ", left, start), text.rfind("! ", left, start))
        left = cut + 2 if cut != -1 else left
    if right < len(text) and text[right] != "\n":
        cut = text.find(". ", end, right)
        right = cut + 1 if cut != -1 else right
    return Passage(text[left:start], text[start:end], text[end:right], left)


@dataclass
class Mark:
    """A claim's evidence span on a document page."""

    id: str
    type: str
    start: int
    end: int

    @property
    def figure(self) -> bool:
        return self.type in FIGURE_TYPES


@dataclass
class Segment:
    """A stretch of text covered by the same claims; ``claim`` is the innermost."""

    text: str
    claim: Mark | None
    anchors: list[str]  # ids of claims that start here
    focus: bool


def document_marks(store: ox.Store, doc_id: str) -> list[Mark]:
    marks = []
    for row in select(store, "document-claims", doc=ox.Literal(doc_id)):
        kind = TYPE_OF_CLASS.get(term_text(row["class"]))
        if kind:
            marks.append(Mark(claim_id(term_text(row["claim"])), kind, int(row["start"].value), int(row["end"].value)))
    return marks


def segments(text: str, marks: list[Mark], focus: str | None = None) -> list[Segment]:
    """Split ``text`` at every claim boundary; each piece links to the shortest claim
    covering it, so a figure inside a sentence links to the figure and the rest of
    the sentence to the sentence."""
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    starting: dict[int, list[str]] = {}
    for mark in marks:
        starting.setdefault(mark.start, []).append(mark.id)
    focus_mark = next((m for m in marks if m.id == focus), None)
    out = []
    for start, end in zip(cuts, cuts[1:]):
        covering = [m for m in marks if m.start <= start and end <= m.end and m.start < m.end]
        innermost = min(covering, key=lambda m: (m.end - m.start, not m.figure), default=None)
        in_focus = focus_mark is not None and focus_mark.start <= start and end <= focus_mark.end
        out.append(Segment(text[start:end], innermost, starting.get(start, []), in_focus))
    return out


@dataclass
class DocumentView:
    info: DocumentInfo
    segments: list[Segment]
    marks: list[Mark]
    counts: dict[str, int]


def document_view(store: ox.Store, doc_id: str, focus: str | None = None) -> DocumentView:
    info = document_info(store, doc_id)
    marks = document_marks(store, doc_id)
    counts: dict[str, int] = {}
    for mark in marks:
        counts[mark.type] = counts.get(mark.type, 0) + 1
    return DocumentView(info, segments(info.text, marks, focus), marks, dict(sorted(counts.items(), key=lambda kv: -kv[1])))


# ------------------------------------------------------------------ claims


@dataclass
class Related:
    kind: str  # corroborates, conflictsWith, equivalentTo, overlaps
    id: str
    exact: str
    document: str


@dataclass
class Field:
    name: str  # the property, shortened (schema:value)
    value: str  # the value as text
    iri: str | None = None  # when the value is a node
    label: str = ""


@dataclass
class Provenance:
    document: str
    file: str
    sha256: str
    activity: str
    agent: str
    extractor: str
    version: str
    sources: list[str] = field(default_factory=list)


@dataclass
class ClaimView:
    id: str
    iri: str
    type: str
    document: DocumentInfo
    start: int
    end: int
    passage: Passage
    fields: list[Field]
    provenance: Provenance
    related: list[Related]


def related_claims(store: ox.Store, claim_iri: str) -> list[Related]:
    return [
        Related(term_text(row["kind"]), claim_id(term_text(row["other"])), term_text(row["exact"]), term_text(row["document"]))
        for row in select(store, "links", claim=ox.NamedNode(claim_iri))
    ]


def claim_view(store: ox.Store, id: str) -> ClaimView:
    iri = str(CLAIMS[id])
    rows = select(store, "claim", claim=node) if (node := named_node(iri)) else []
    if not rows:
        raise NotFound(f"no claim {id!r}")
    fields, kind, doc_id = [], "Claim", ""
    for row in rows:
        predicate, value = term_text(row["p"]), row["o"]
        if predicate.endswith("#type") and term_text(value) in TYPE_OF_CLASS:
            kind = TYPE_OF_CLASS[term_text(value)]
        if predicate == "https://w3id.org/kg/ontology#document":
            doc_id = term_text(value).removeprefix(str(DOCUMENTS))
        is_node = isinstance(value, ox.NamedNode)
        fields.append(Field(short(predicate), short(term_text(value)) if is_node else term_text(value),
                            term_text(value) if is_node else None, term_text(row["label"])))  # fmt: skip
    document = document_info(store, doc_id)
    marks = document_marks(store, doc_id)
    mark = next(m for m in marks if m.id == id)
    related = related_claims(store, iri)
    for other in marks:  # claims sharing characters with this one: the sentence around a figure, its figures
        if other.id != id and other.start < mark.end and mark.start < other.end:
            related.append(Related("overlaps", other.id, document.text[other.start : other.end], doc_id))
    prov = select(store, "provenance", claim=ox.NamedNode(iri))[0]
    provenance = Provenance(
        document=doc_id, file=term_text(prov["file"]), sha256=term_text(prov["sha256"]),
        activity=term_text(prov["activity"]), agent=term_text(prov["agent"]), extractor=term_text(prov["extractor"]),
        version=term_text(prov["version"]), sources=sorted(filter(None, term_text(prov["sources"]).split("\x1f"))),
    )  # fmt: skip
    return ClaimView(
        id=id, iri=iri, type=kind, document=document, start=mark.start, end=mark.end,
        passage=passage(document.text, mark.start, mark.end), fields=fields, provenance=provenance, related=related,
    )  # fmt: skip


# ------------------------------------------------------------------ home


def counts(store: ox.Store) -> dict[str, int]:
    found = {term_text(row["what"]): int(row["n"].value) for row in select(store, "counts")}
    order = ["documents", "claims", "cited sources", "corroborating links", "conflicting links"]
    return {k: found[k] for k in order if k in found} | {
        k: v for k, v in sorted(found.items(), key=lambda kv: -kv[1]) if k not in order
    }


def documents(store: ox.Store) -> list[dict[str, str]]:
    canned = resolve_query("documents", load_settings().queries_dir)
    solutions = run_query(store, canned.text, canned.bindings({}))
    table = Table.of(solutions, canned.parameter_names)  # type: ignore[arg-type]
    return [dict(zip(table.variables, row)) for row in table.text_rows()]


# ------------------------------------------------------------------ RDF of one resource


def named_node(iri: str) -> ox.NamedNode | None:
    """``iri`` as a node, or None when it is no valid IRI (an id from a URL can hold anything)."""
    try:
        return ox.NamedNode(iri)
    except ValueError:
        return None


def describe(store: ox.Store, iri: str, follow: tuple[str, ...] = ()) -> list[ox.Triple]:
    """The statements about ``iri`` and about its own fragment nodes (``#evidence``,
    ``#position``...), plus those whose object is ``iri`` through a ``follow``
    predicate (a document's claims)."""
    triples: list[ox.Triple] = []
    if named_node(iri) is None:
        return triples  # an id no IRI can hold (a space, a quote, a NUL): nothing is about it
    todo, seen = [iri], set()
    while todo:
        subject = todo.pop()
        if subject in seen:
            continue
        seen.add(subject)
        for quad in store.quads_for_pattern(ox.NamedNode(subject), None, None, None):
            triples.append(ox.Triple(quad.subject, quad.predicate, quad.object))
            if isinstance(quad.object, ox.NamedNode) and quad.object.value.startswith(iri + "#"):
                todo.append(quad.object.value)
    for predicate in follow:
        for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), ox.NamedNode(iri), None):
            triples.append(ox.Triple(quad.subject, quad.predicate, quad.object))
    return sorted(set(triples), key=str)
