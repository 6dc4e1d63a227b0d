"""Curated claims: a person's corrections, rejections and additions.

They live in TriG or Turtle files under ``claims/curated/``, which ``kg extract
--write`` never touches, and are applied to a store after the generated claims
are loaded (``kg build``, ``kg validate``):

* a ``kg:Correction`` names the claim it fixes (``kg:corrects``); every other
  property it carries (``schema:value``, ``kg:speaker``, ...) replaces that
  property's values on the claim;
* a ``kg:Rejection`` names a claim (``kg:rejects``) and a ``kg:reason``; the
  claim's triples leave the graph and ``claim a kg:RejectedClaim`` stays, beside
  the rejection itself, as the record;
* an added claim is written like an extracted one, but ``prov:wasAttributedTo``
  a person with ``prov:generatedAtTime``; its generating activity (associated
  with the ``agent:curation`` software agent) is filled in when missing.

Documents change. Every curated evidence (of an added claim, or of a correction
or rejection, which may carry the evidence of the claim it targets) is
re-anchored by its quote selector the way annotation tools do it: the exact
text with its prefix and suffix first, then the exact text alone if it occurs
once, then the occurrence nearest the old position. A record whose claim is gone
is pointed at the extracted claim now standing at its re-anchored span. What
cannot be anchored stays as written, and the shapes in ``shapes/curation.ttl``
report it as an orphan: it is never dropped silently.

A corrected or added money claim's comparable values (EUR, USD) are computed from its
figures as curated. For the links between claims, :func:`as_curated` gives the extracted
claims as curated (rejected ones out, corrected figures in) and :func:`added_figures` the
figures a person added.

``anchor`` is a pure function of a text; the rest reads and edits a pyoxigraph
store with a few small queries.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import pyoxigraph as ox

from kg import mapping
from kg.extracting.rates import comparable_of
from kg.extracting.time import reference_year, reference_year_of
from kg.model import Claim, Count, Document, MonetaryAmount, NumericClaim, Percentage
from kg.namespaces import ACTIVITIES, AGENTS, DOCUMENTS, ENTITIES, GRAPHS, KG, OA
from kg.numbers import clean_number
from kg.storing import to_oxigraph
from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

CURATED_DIR = "curated"
CURATED_GRAPH = ox.NamedNode(str(GRAPHS["curated"]))
CURATION_AGENT = ox.NamedNode(str(AGENTS["curation"]))
RDF_SUFFIXES = (".trig", ".ttl")

# properties of a correction that say who, when and why, not what the claim should say
BOOKKEEPING = frozenset(
    str(p) for p in (RDF.type, KG.corrects, PROV.wasAttributedTo, PROV.generatedAtTime, KG.reason, KG.evidence,
                     RDFS.comment, RDFS.label)
)  # fmt: skip


def _node(iri: object) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


_TYPE, _START, _END = _node(RDF.type), _node(OA.start), _node(OA.end)
_CORRECTS, _REJECTS = _node(KG.corrects), _node(KG.rejects)
_NON_NEGATIVE = _node(XSD.nonNegativeInteger)

# ---------------------------------------------------------------- anchoring quotes (pure)


@dataclass(frozen=True)
class Quote:
    """A W3C Web Annotation TextQuoteSelector."""

    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    how: str  # "unchanged", "context", "exact" or "nearest"


def anchor(text: str, quote: Quote, near: int | None = None) -> Anchor | None:
    """Where ``quote`` stands in ``text`` now, or None when its exact text is gone.

    ``near`` is the old start offset: it settles ties.

    >>> anchor("one two one", Quote("one", prefix="two "))
    Anchor(start=8, end=11, how='context')
    >>> anchor("a b c", Quote("b"), near=0)
    Anchor(start=2, end=3, how='exact')
    >>> anchor("x. x. x.", Quote("x", suffix="?"), near=5)
    Anchor(start=6, end=7, how='nearest')
    >>> anchor("nothing here", Quote("gone")) is None
    True
    """
    size = len(quote.exact)
    if not size:
        return None
    if near is not None and text[near : near + size] == quote.exact and _in_context(text, near, quote):
        return Anchor(near, near + size, "unchanged")
    found = list(_occurrences(text, quote.exact))
    if not found:
        return None
    distance = (lambda i: abs(i - near)) if near is not None else (lambda i: 0)
    in_context = [i for i in found if _in_context(text, i, quote)]
    if in_context:
        return _at(min(in_context, key=distance), size, "context")
    if len(found) == 1:
        return _at(found[0], size, "exact")
    best = max(found, key=lambda i: (_context_overlap(text, i, quote), -distance(i)))
    return _at(best, size, "nearest")


def _at(start: int, size: int, how: str) -> Anchor:
    return Anchor(start, start + size, how)


def _occurrences(text: str, exact: str) -> Iterator[int]:
    start = text.find(exact)
    while start >= 0:
        yield start
        start = text.find(exact, start + 1)


def _in_context(text: str, start: int, quote: Quote) -> bool:
    return text[:start].endswith(quote.prefix) and text[start + len(quote.exact) :].startswith(quote.suffix)


def _context_overlap(text: str, start: int, quote: Quote) -> int:
    """How many characters of the prefix and suffix still stand next to the quote."""
    before, after = text[:start], text[start + len(quote.exact) :]
    prefix = next((n for n in range(len(quote.prefix), 0, -1) if before.endswith(quote.prefix[-n:])), 0)
    suffix = next((n for n in range(len(quote.suffix), 0, -1) if after.startswith(quote.suffix[:n])), 0)
    return prefix + suffix


# ---------------------------------------------------------------- files


def curated_files(claims_dir: Path) -> list[Path]:
    """The curated files under ``claims_dir/curated/``, sorted."""
    folder = claims_dir / CURATED_DIR
    return sorted(p for p in folder.rglob("*") if p.suffix in RDF_SUFFIXES) if folder.is_dir() else []


def is_curated(path: Path) -> bool:
    return CURATED_DIR in path.parent.parts


def load_curated(store: ox.Store, paths: Iterable[Path]) -> None:
    """Load curated files: TriG into the graphs they name, Turtle into the curated graph."""
    for path in paths:
        if path.suffix == ".ttl":
            store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=CURATED_GRAPH)
        else:
            store.load(path=str(path), format=ox.RdfFormat.TRIG)


@dataclass(frozen=True)
class Source:
    """Where a curated node is written: the file and the line that first names it."""

    path: Path
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else str(self.path)


def sources(paths: Iterable[Path]) -> dict[str, Source]:
    """Each node a curated file describes (and each claim it corrects or rejects) -> that file."""
    found: dict[str, Source] = {}
    for path in paths:
        fmt = ox.RdfFormat.TURTLE if path.suffix == ".ttl" else ox.RdfFormat.TRIG
        lines = path.read_text(encoding="utf-8").splitlines()
        for quad in ox.parse(path=str(path), format=fmt):
            for term in (quad.subject, quad.object if quad.predicate in (_CORRECTS, _REJECTS) else None):
                if isinstance(term, ox.NamedNode) and term.value not in found:
                    found[term.value] = Source(path, _first_line(lines, term.value))
    return found


def _first_line(lines: list[str], iri: str) -> int | None:
    local = iri.rstrip("/#").replace("#", "/").rsplit("/", 1)[-1]
    return next((n for n, line in enumerate(lines, 1) if local and local in line), None)


# ---------------------------------------------------------------- applying curation to a store


@dataclass
class Outcome:
    """What ``apply`` did, for reports and tests."""

    completed: list[str] = field(default_factory=list)  # additions given a curation activity
    reanchored: list[tuple[str, Anchor]] = field(default_factory=list)  # (evidence, new anchor)
    orphans: list[str] = field(default_factory=list)  # curated evidence whose quote is gone
    retargeted: list[tuple[str, str, str]] = field(default_factory=list)  # (record, old claim, new claim)
    corrected: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)


def apply(store: ox.Store) -> Outcome:
    """Apply every correction, rejection and addition in ``store``, in place."""
    outcome = Outcome()
    outcome.completed = _complete_additions(store)
    _reanchor(store, outcome)
    _retarget(store, outcome)
    outcome.corrected = _correct(store)
    _refresh_comparable_values(store, [*outcome.corrected, *_additions(store)])
    outcome.rejected = _reject(store)
    return outcome


_PREFIXES = f"""
PREFIX kg: <{KG._NS}>
PREFIX oa: <{OA}>
PREFIX prov: <{PROV}>
"""


def _select(store: ox.Store, query: str) -> list[dict[str, ox.NamedNode | ox.Literal]]:
    solutions = store.query(_PREFIXES + query, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
    return [{n: row[n] for n in names if row[n] is not None} for row in solutions]  # type: ignore[union-attr]


def _graph_of(store: ox.Store, subject: ox.NamedNode, predicate: ox.NamedNode) -> ox.NamedNode | ox.DefaultGraph:
    quad = next(iter(store.quads_for_pattern(subject, predicate, None, None)), None)
    return quad.graph_name if quad is not None else CURATED_GRAPH  # type: ignore[return-value]


def _complete_additions(store: ox.Store) -> list[str]:
    rows = _select(store, """
        SELECT DISTINCT ?claim ?doc WHERE {
            ?claim prov:wasAttributedTo ?who ; kg:document ?doc ; kg:evidence ?evidence .
            FILTER NOT EXISTS { ?claim prov:wasGeneratedBy ?activity }
        }""")  # fmt: skip
    for row in rows:
        claim, doc = row["claim"], row["doc"]
        doc_id = doc.value.removeprefix(str(DOCUMENTS))
        activity = ox.NamedNode(str(ACTIVITIES[f"{doc_id}/curation"]))
        graph = _graph_of(store, claim, _node(KG.document))
        store.add(ox.Quad(claim, _node(PROV.wasGeneratedBy), activity, graph))
        for predicate, value in ((RDF.type, _node(PROV.Activity)), (PROV.used, doc), (PROV.wasAssociatedWith, CURATION_AGENT)):
            store.add(ox.Quad(activity, _node(predicate), value, CURATED_GRAPH))
    return sorted(row["claim"].value for row in rows)


def _additions(store: ox.Store) -> list[str]:
    rows = _select(store, "SELECT DISTINCT ?claim WHERE { ?claim prov:wasAttributedTo ?who ; kg:document ?doc }")
    return sorted(row["claim"].value for row in rows if isinstance(row["claim"], ox.NamedNode))


def _reanchor(store: ox.Store, outcome: Outcome) -> None:
    # the curated records' evidence first: asked in one query, Oxigraph's plan started from
    # every quote selector of the store (7 s at 100x with no curated record at all)
    curated = _select(store, "SELECT DISTINCT ?evidence WHERE { ?node prov:wasAttributedTo ?who ; kg:evidence ?evidence }")
    if not curated:
        return
    nodes = [row["evidence"] for row in curated]
    if all(isinstance(node, ox.NamedNode) for node in nodes):
        selection = f"VALUES ?evidence {{ {' '.join(map(str, nodes))} }}"
    else:  # a blank node cannot be named in VALUES
        selection = "?node prov:wasAttributedTo ?who ; kg:evidence ?evidence ."
    rows = _select(store, f"""
        SELECT DISTINCT ?evidence ?position ?exact ?prefix ?suffix ?start ?text WHERE {{
            {selection}
            ?evidence oa:hasSource ?doc ; oa:hasSelector ?quote , ?position .
            ?quote oa:exact ?exact .
            OPTIONAL {{ ?quote oa:prefix ?prefix }} OPTIONAL {{ ?quote oa:suffix ?suffix }}
            ?position oa:start ?start ; oa:end ?end .
            ?doc kg:text ?text .
        }}""")  # fmt: skip
    for row in rows:
        quote = Quote(*(row[k].value if k in row else "" for k in ("exact", "prefix", "suffix")))
        old = int(row["start"].value) if row["start"].value.isdigit() else None
        found = anchor(row["text"].value, quote, old)
        if found is None:
            outcome.orphans.append(row["evidence"].value)
        elif found.how != "unchanged":
            _move(store, row["position"], found)  # type: ignore[arg-type]
            outcome.reanchored.append((row["evidence"].value, found))


def _move(store: ox.Store, position: ox.NamedNode, to: Anchor) -> None:
    for predicate, offset in ((_START, to.start), (_END, to.end)):
        graph = _graph_of(store, position, predicate)
        for quad in list(store.quads_for_pattern(position, predicate, None, None)):
            store.remove(quad)
        store.add(ox.Quad(position, predicate, ox.Literal(str(offset), datatype=_NON_NEGATIVE), graph))


def _retarget(store: ox.Store, outcome: Outcome) -> None:
    """Point a correction or rejection whose claim is gone at the claim now at its span."""
    rows = _select(store, """
        SELECT DISTINCT ?record ?link ?target ?doc ?start ?end WHERE {
            VALUES ?link { kg:corrects kg:rejects }
            ?record ?link ?target ; kg:evidence ?evidence .
            FILTER NOT EXISTS { ?target kg:evidence ?any }
            ?evidence oa:hasSource ?doc ; oa:hasSelector ?position .
            ?position oa:start ?start ; oa:end ?end .
        }""")  # fmt: skip
    for row in rows:
        candidates = _select(store, f"""
            SELECT DISTINCT ?claim WHERE {{
                ?claim kg:document <{row["doc"].value}> ; kg:evidence/oa:hasSelector ?position .
                ?position oa:start {row["start"]} ; oa:end {row["end"]} .
                FILTER NOT EXISTS {{ ?claim prov:wasAttributedTo ?who }}
            }}""")  # fmt: skip
        if len(candidates) != 1:
            continue  # gone or ambiguous: the shapes report the record as an orphan
        record, link, old, new = row["record"], row["link"], row["target"], candidates[0]["claim"]
        graph = _graph_of(store, record, link)  # type: ignore[arg-type]
        store.remove(ox.Quad(record, link, old, graph))  # type: ignore[arg-type]
        store.add(ox.Quad(record, link, new, graph))  # type: ignore[arg-type]
        outcome.retargeted.append((record.value, old.value, new.value))


def _correct(store: ox.Store) -> list[str]:
    rows = _select(store, """
        SELECT ?correction ?claim ?property ?value WHERE {
            ?correction a kg:Correction ; kg:corrects ?claim ; ?property ?value .
            ?claim kg:evidence ?evidence .
        }""")  # fmt: skip
    replacements: dict[tuple[str, str], dict[str, list]] = {}
    for row in rows:
        if row["property"].value not in BOOKKEEPING:
            per_claim = replacements.setdefault((row["correction"].value, row["claim"].value), {})
            per_claim.setdefault(row["property"].value, []).append(row["value"])
    for (_, claim_iri), values in sorted(replacements.items()):
        claim = ox.NamedNode(claim_iri)
        graph = _graph_of(store, claim, _node(KG.evidence))
        for property_iri, new_values in values.items():
            predicate = ox.NamedNode(property_iri)
            for quad in list(store.quads_for_pattern(claim, predicate, None, None)):
                store.remove(quad)
            for value in new_values:
                store.add(ox.Quad(claim, predicate, value, graph))
    return sorted({claim for _, claim in replacements})


def _reject(store: ox.Store) -> list[str]:
    rows = _select(store, """
        SELECT DISTINCT ?claim WHERE { ?rejection a kg:Rejection ; kg:rejects ?claim . ?claim kg:evidence ?evidence }
        """)  # fmt: skip
    for row in rows:
        _remove_claim(store, row["claim"])  # type: ignore[arg-type]
        store.add(ox.Quad(row["claim"], _TYPE, _node(KG.RejectedClaim), CURATED_GRAPH))
    return sorted(row["claim"].value for row in rows)


def _remove_claim(store: ox.Store, claim: ox.NamedNode) -> None:
    """The claim's triples, those of its own nodes (claim#evidence, #quote, #mention-...),
    and the links of other claims to it; the curation records that name it stay."""
    graph = _graph_of(store, claim, _node(KG.evidence))
    own = claim.value + "#"
    doomed = [q for q in store.quads_for_pattern(None, None, None, graph)
              if q.subject == claim or (isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(own))]
    doomed += [q for q in store.quads_for_pattern(claim, None, None, None) if q.graph_name != graph]
    doomed += [q for q in store.quads_for_pattern(None, None, claim, None) if q.predicate not in (_CORRECTS, _REJECTS)]
    for quad in doomed:
        store.remove(quad)


# ---------------------------------------------------------------- figures as corrected

# the fields of a figure that a correction may change and that links and comparable values read
_FIGURES = ("value", "low", "high", "currency", "unit", "period", "measure", "time", "bound")
_MONEY_CLAIM, _COMPARABLE = _node(KG.MonetaryAmountClaim), _node(KG.comparableValue)
_REJECTED_CLAIM, _APPROXIMATE = _node(KG.RejectedClaim), _node(KG.approximate)


def as_curated(store: ox.Store, documents: Iterable[tuple[Document, list[Claim]]]) -> list[Claim]:
    """The extracted claims as :func:`apply` left them in ``store``: rejected ones left out,
    corrected figures read back from their nodes (with comparable values computed again).
    Links between claims (kg.agreements) compare these: what a person confirmed, not
    what was first extracted."""
    rejected = {q.subject for q in store.quads_for_pattern(None, _TYPE, _REJECTED_CLAIM, CURATED_GRAPH)}
    corrected = {q.object for q in store.quads_for_pattern(None, _CORRECTS, None, None)}
    if not rejected and not corrected:
        return [claim for _, extracted in documents for claim in extracted]
    claims = []
    for document, extracted in documents:
        for claim in extracted:
            node = _node(mapping.claim_iri(claim.id))
            if node in rejected:
                continue
            if node in corrected and isinstance(claim, NumericClaim):
                claim = _with_stored_figures(store, node, claim, document)
            claims.append(claim)
    return claims


_FIGURE_CLASSES: dict[str, type[NumericClaim]] = {
    str(mapping.CLASS_OF_TYPE[cls.type]): cls for cls in (MonetaryAmount, Percentage, Count)
}
_SUBJECT = _node(DCTERMS.subject)
_LABELS = tuple(_node(p) for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel))


def added_figures(store: ox.Store, documents: dict[str, Document]) -> list[NumericClaim]:
    """The money figures, percentages and counts a person added, read back from their nodes
    (type, document, re-anchored span, figures, subjects), so that links reach them as they
    reach extracted figures. Their ids are their IRIs. A figure of a document not in
    ``documents``, or naming a subject no label can be found for, is left out (it has no links)."""
    values = " ".join(f"<{iri}>" for iri in _FIGURE_CLASSES)
    rows = _select(store, f"""
        SELECT DISTINCT ?claim ?class ?doc ?start ?end ?exact WHERE {{
            VALUES ?class {{ {values} }}
            ?claim prov:wasAttributedTo ?who ; a ?class ; kg:document ?doc ; kg:evidence ?evidence .
            ?evidence oa:hasSelector ?position , ?quote .
            ?position oa:start ?start ; oa:end ?end .
            ?quote oa:exact ?exact .
        }}""")  # fmt: skip
    figures = []
    for row in rows:
        document = documents.get(row["doc"].value.removeprefix(str(DOCUMENTS)))
        subjects = _subject_labels(store, row["claim"])  # type: ignore[arg-type]
        if document is None or subjects is None or not isinstance(row["claim"], ox.NamedNode):
            continue
        figures.append(_figure(store, row, document, subjects))
    return figures


def _figure(store: ox.Store, row: dict[str, ox.NamedNode | ox.Literal], document: Document,
            subjects: list[str]) -> NumericClaim:
    cls = _FIGURE_CLASSES[row["class"].value]
    names = {f.name for f in fields(cls)}
    stored = {k: v for k, v in _stored_figures(store, row["claim"]).items() if k in names}  # type: ignore[arg-type]
    start, end = (int(row[k].value) if row[k].value.isdigit() else 0 for k in ("start", "end"))
    claim = cls(doc=document.id, start=start, end=end, exact=row["exact"].value, id=row["claim"].value,
                subjects=subjects, **stored)  # type: ignore[arg-type]
    if isinstance(claim, MonetaryAmount):
        claim.comparable = comparable_of(claim, reference_year(document))
    return claim


def _subject_labels(store: ox.Store, node: ox.NamedNode) -> list[str] | None:
    """A label for each of ``node``'s subjects that names it as the extractor would
    (``mapping.entity_iri(label)`` is the subject), or None when one has none."""
    labels = []
    for quad in store.quads_for_pattern(node, _SUBJECT, None, None):
        entity = quad.object.value
        candidates = {q.object.value for p in _LABELS for q in store.quads_for_pattern(quad.object, p, None, None)}  # type: ignore[arg-type]
        candidates.add(entity.removeprefix(str(ENTITIES)).replace("-", " "))  # an entity no one else named
        label = next((c for c in sorted(candidates) if str(mapping.entity_iri(c)) == entity), None)
        if label is None:
            return None
        labels.append(label)
    return sorted(labels)


def _with_stored_figures(store: ox.Store, node: ox.NamedNode, claim: NumericClaim, document: Document) -> Claim:
    names = {f.name for f in fields(claim)}
    stored = _stored_figures(store, node)
    changes = {name: stored.get(name) for name in (*_FIGURES, "approximate") if name in names}
    changes = {name: value for name, value in changes.items() if value != getattr(claim, name)}
    if not changes:
        return claim
    corrected = replace(claim, **changes)
    if isinstance(corrected, MonetaryAmount):
        corrected.comparable = comparable_of(corrected, reference_year(document))
    return corrected


def _stored_figures(store: ox.Store, node: ox.NamedNode) -> dict[str, object]:
    """The figure fields of the claim ``node`` as ``store`` holds them (absent ones left out)."""
    figures: dict[str, object] = {}
    for name in _FIGURES:
        predicate, datatype = mapping.VALUE_FIELDS[name]
        quad = next(iter(store.quads_for_pattern(node, _node(predicate), None, None)), None)
        if quad is None:
            continue
        if datatype == XSD.decimal:
            try:
                figures[name] = clean_number(float(quad.object.value))
            except ValueError:
                continue  # ill-typed: the shapes report it; the figure stays as extracted
        else:
            figures[name] = quad.object.value
    figures["approximate"] = any(q.object.value == "true" for q in store.quads_for_pattern(node, _APPROXIMATE, None, None))
    return figures


def _refresh_comparable_values(store: ox.Store, claims: list[str]) -> None:
    """A corrected money claim's comparable values computed again from its corrected figures,
    in place of those computed when it was extracted; an added one's computed as an
    extracted one's are (in place of any the person wrote)."""
    for iri in claims:
        node = ox.NamedNode(iri)
        if next(iter(store.quads_for_pattern(node, _TYPE, _MONEY_CLAIM, None)), None) is None:
            continue
        figures = _stored_figures(store, node)
        claim = MonetaryAmount(doc="", start=0, end=0, exact="", **figures)  # type: ignore[arg-type]
        claim.comparable = comparable_of(claim, _reference_year(store, node))
        graph = _graph_of(store, node, _node(KG.evidence))
        old = list(store.quads_for_pattern(node, _COMPARABLE, None, None))
        for value_node in [q.object for q in old]:
            old += store.quads_for_pattern(value_node, None, None, None)  # type: ignore[arg-type]
        for quad in old:
            store.remove(quad)
        for s, p, o in mapping.comparable_triples(claim, URIRef(iri)):
            store.add(ox.Quad(_node(s), _node(p), to_oxigraph(o), graph))  # type: ignore[arg-type]


def _reference_year(store: ox.Store, claim: ox.NamedNode) -> int | None:
    """The claim's document's reference year, from its date or text as the store holds them."""
    doc = next(iter(store.quads_for_pattern(claim, _node(KG.document), None, None)), None)
    if doc is None:
        return None
    date = next(iter(store.quads_for_pattern(doc.object, _node(DCTERMS.date), None, None)), None)  # type: ignore[arg-type]
    text = next(iter(store.quads_for_pattern(doc.object, _node(KG.text), None, None)), None)  # type: ignore[arg-type]
    return reference_year_of(date.object.value if date else None, text.object.value if text else "")
