"""Incremental builds: after an edit, a build starts from a copy of the previous store,
reloads and validates only what changed, and ends with exactly what a full build of
the same documents gives: the same quads and the same validation report."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg import pipeline, storing
from kg.namespaces import KG
from kg.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
TEXTS = {
    "zorg.txt": "Een verpleegkundige verdient gemiddeld €3.400 per maand. Dat is 4,5% meer dan vorig jaar.\n",
    "tech.txt": "Een AI-engineer bij Google verdient $500k – $800k per jaar volgens levels.fyi.\n",
    "bouw.txt": "Ongeveer 2.300 werkgevers zoeken personeel; 37% vindt niemand.\n",
}


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with four documents; extraction results cached once for every build."""
    home = tmp_path / "home"
    for folder in ("ontology", "shapes"):
        shutil.copytree(ROOT / folder, home / folder)
    (home / "claims").mkdir()
    corpus = home / "corpus"
    corpus.mkdir()
    shutil.copy(ROOT / "corpus" / "001_3678f6c9f475e505.txt", corpus)
    for name, text in TEXTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    monkeypatch.setenv(storing.CACHE_ENV, str(tmp_path / "cache"))
    return home


def build(home: Path, store: str, *, full: bool = False) -> pipeline.BuildResult:
    result = pipeline.build(home / "corpus", home / store, Settings(root=home), workers=1, full=full)
    assert result.published, result.report.violations
    return result


def curate(home: Path, record: str) -> None:
    """A curated file with one correction or rejection ``record`` (Turtle, without its provenance)."""
    curated = home / "claims" / "curated" / "review.ttl"
    curated.parent.mkdir(exist_ok=True)
    curated.write_text(
        "@prefix kg: <https://w3id.org/kg/ontology#> . @prefix prov: <http://www.w3.org/ns/prov#> .\n"
        "@prefix schema: <https://schema.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        f"{record} ;\n  prov:wasAttributedTo <https://orcid.org/0000-0002-1825-0097> ;\n"
        '  prov:generatedAtTime "2025-06-01T12:00:00Z"^^xsd:dateTime .\n',
        "utf-8",
    )


def quads(home: Path, store: str) -> set[str]:
    return {str(q) for q in storing.open_store(home / store)}


def assert_same_as_a_full_build(home: Path, incremental: pipeline.BuildResult) -> None:
    full = build(home, "full", full=True)
    assert full.summary.incremental is None
    assert quads(home, "store") == quads(home, "full")
    assert incremental.report.results == full.report.results


def test_an_edit_reloads_one_document(home: Path) -> None:
    first = build(home, "store")
    assert first.summary.incremental is None  # nothing to start from
    zorg = home / "corpus" / "zorg.txt"
    zorg.write_text(zorg.read_text("utf-8").replace("4,5%", "6,5%") + "Ook 12% van de artsen vertrekt.\n", "utf-8")
    again = build(home, "store")
    assert again.summary.incremental == (1, 0)
    assert "1 reloaded (incremental)" in again.summary.line()
    assert_same_as_a_full_build(home, again)


def test_nothing_changed_copies_everything(home: Path) -> None:
    build(home, "store")
    before = quads(home, "store")
    again = build(home, "store")
    assert again.summary.incremental == (0, 0)
    assert quads(home, "store") == before


def test_added_and_removed_documents(home: Path) -> None:
    build(home, "store")
    (home / "corpus" / "bouw.txt").unlink()
    (home / "corpus" / "haven.txt").write_text("In de haven verdient een kraanmachinist €4.100 per maand.\n", "utf-8")
    again = build(home, "store")
    assert again.summary.incremental == (1, 1)
    graphs = {g.value for g in storing.open_store(home / "store").named_graphs()}
    assert not any(g.endswith("/bouw") for g in graphs) and any(g.endswith("/haven") for g in graphs)
    assert_same_as_a_full_build(home, again)


def test_the_report_keeps_warnings_of_documents_not_validated_again(home: Path) -> None:
    first = build(home, "store")
    assert first.report.warnings  # money figures that cite no source
    (home / "corpus" / "bouw.txt").write_text(TEXTS["bouw.txt"].replace("37%", "39%"), "utf-8")
    again = build(home, "store")
    assert again.summary.incremental == (1, 0)
    assert {r.focus for r in again.report.warnings} == {r.focus for r in first.report.warnings}


def test_other_shapes_or_code_mean_a_full_build(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(home, "store")
    shapes = home / "shapes" / "core.ttl"
    shapes.write_text(shapes.read_text("utf-8") + "\n# a comment changes the digest\n", "utf-8")
    assert build(home, "store").summary.incremental is None
    assert build(home, "store").summary.incremental == (0, 0)
    monkeypatch.setattr(pipeline, "code_fingerprint", lambda: "another-version")
    assert build(home, "store").summary.incremental is None


def test_full_builds_everything(home: Path) -> None:
    build(home, "store")
    assert build(home, "store", full=True).summary.incremental is None


def test_a_store_without_a_manifest_is_built_in_full(home: Path) -> None:
    build(home, "store")
    (storing.current_generation(home / "store") / pipeline.MANIFEST_NAME).unlink()  # type: ignore[operator]
    assert build(home, "store").summary.incremental is None


def test_curation_applies_to_a_reloaded_document(home: Path) -> None:
    build(home, "store")
    store = storing.open_store(home / "store")
    ask_values = "SELECT ?c ?v WHERE { ?c a <%s> ; <https://schema.org/value> ?v ; <%s> <%s> }" % (
        KG.PercentageClaim, KG.document, "https://w3id.org/kg/documents/zorg")  # fmt: skip
    claim = next(iter(store.query(ask_values, use_default_graph_as_union=True)))["c"].value  # type: ignore[index]
    del store
    curate(home, f'<https://w3id.org/kg/curation/fix> a kg:Correction ; kg:corrects <{claim}> ; schema:value 5.5 ; '
                 'kg:reason "The table says 5,5%."')
    assert build(home, "store").summary.incremental is None  # a new curated file: everything again
    zorg = home / "corpus" / "zorg.txt"
    zorg.write_text("Nieuw: de zorg groeit. " + zorg.read_text("utf-8"), "utf-8")  # the claim moves
    again = build(home, "store")
    assert again.summary.incremental == (1, 0)
    assert_same_as_a_full_build(home, again)
    values = [r["v"].value for r in storing.open_store(home / "store").query(  # type: ignore[index, union-attr]
        ask_values, use_default_graph_as_union=True)]  # fmt: skip
    assert "5.5" in values


def test_an_incremental_build_never_touches_the_published_store(home: Path) -> None:
    build(home, "store")
    published = storing.current_generation(home / "store")
    before = quads(home, "store")
    (home / "corpus" / "tech.txt").write_text(TEXTS["tech.txt"].replace("$500k", "$550k"), "utf-8")
    build(home, "store")
    assert storing.current_generation(home / "store") != published
    assert not published.exists()  # type: ignore[union-attr]  # replaced, and cleaned up
    assert quads(home, "store") != before


def test_a_rejected_claim_gets_no_links_back(home: Path) -> None:
    (home / "corpus" / "tech2.txt").write_text("Ook hier: " + TEXTS["tech.txt"], "utf-8")  # the same figures elsewhere
    build(home, "store")
    store = storing.open_store(home / "store")
    links = "SELECT ?a ?b WHERE { GRAPH <https://w3id.org/kg/graphs/links> { ?a ?link ?b } }"
    linked = [(r["a"].value, r["b"].value) for r in store.query(links)]  # type: ignore[index, union-attr]
    assert linked, "the two documents' figures should corroborate each other"
    claim = next(c for pair in linked for c in pair if "/tech2-" in c)
    del store
    curate(home, f'<https://w3id.org/kg/curation/no> a kg:Rejection ; kg:rejects <{claim}> ; kg:reason "a list price"')
    build(home, "store")
    (home / "corpus" / "bouw.txt").write_text(TEXTS["bouw.txt"].replace("37%", "38%"), "utf-8")
    again = build(home, "store")
    assert again.summary.incremental == (1, 0)
    store = storing.open_store(home / "store")
    assert all(claim not in pair for r in store.query(links) for pair in [(r["a"].value, r["b"].value)])  # type: ignore[index, union-attr]
    del store
    assert_same_as_a_full_build(home, again)


def test_links_of_an_edited_document_are_found_again_and_others_kept(home: Path) -> None:
    """Three documents name the same salary; after an edit one pair changes from corroborating
    to conflicting, one link goes, and the link between the two unchanged documents stays."""
    salary = "Een data scientist bij Meta verdient {} per jaar volgens Glassdoor.\n"
    for name, figure in (("g1.txt", "$500k – $800k"), ("g2.txt", "$650k"), ("g3.txt", "$655k")):
        (home / "corpus" / name).write_text(salary.format(figure), "utf-8")
    build(home, "store")
    before = _links(home)
    assert len(before) == 3 and {kind for kind, _, _ in before} == {"corroborates"}
    (home / "corpus" / "g3.txt").write_text(salary.format("$2M"), "utf-8")
    again = build(home, "store")
    assert again.summary.incremental == (1, 0)
    after = _links(home)
    kept = [(kind, a, b) for kind, a, b in after if "/g3-" not in a + b]
    assert kept == [(kind, a, b) for kind, a, b in before if "/g3-" not in a + b]
    assert {kind for kind, a, b in after if "/g3-" in a + b} == {"conflictsWith"}
    assert_same_as_a_full_build(home, again)


def _links(home: Path) -> list[tuple[str, str, str]]:
    """The links as (kind, source, target), each once (source < target)."""
    store = storing.open_store(home / "store")
    query = "SELECT ?a ?link ?b WHERE { GRAPH <https://w3id.org/kg/graphs/links> { ?a ?link ?b FILTER(STR(?a) < STR(?b)) } }"
    rows = [(r["link"].value.rsplit("#", 1)[-1], r["a"].value, r["b"].value) for r in store.query(query)]  # type: ignore[index, union-attr]
    return sorted(rows)


def test_links_and_comparable_values_follow_a_corrected_figure(home: Path) -> None:
    """A person corrects a misread salary: its links are found between the corrected figures
    (the conflict becomes an agreement), its USD and EUR values are computed again, and an
    incremental build after an edit elsewhere keeps both, as a full build does."""
    salary = "Een data scientist bij Meta verdient {} per jaar volgens Glassdoor.\n"
    for name, figure in (("g1.txt", "$650k"), ("g2.txt", "$2M")):
        (home / "corpus" / name).write_text(salary.format(figure), "utf-8")
    build(home, "store")
    assert {kind for kind, a, b in _links(home) if "/g1-" in a + b and "/g2-" in a + b} == {"conflictsWith"}
    money = "SELECT ?c WHERE { ?c a <%s> ; <%s> <https://w3id.org/kg/documents/g2> }" % (KG.MonetaryAmountClaim, KG.document)
    claim = next(iter(storing.open_store(home / "store").query(money, use_default_graph_as_union=True)))["c"].value  # type: ignore[index]
    curate(home, f'<https://w3id.org/kg/curation/fix> a kg:Correction ; kg:corrects <{claim}> ; schema:value 655000.0 ; '
                 'kg:reason "The table says $655k."')
    build(home, "store")
    assert {kind for kind, a, b in _links(home) if "/g1-" in a + b and "/g2-" in a + b} == {"corroborates"}
    assert _comparable(home, claim, "usd") == "655000"
    (home / "corpus" / "g1.txt").write_text(salary.format("$660k"), "utf-8")
    again = build(home, "store")
    assert again.summary.incremental == (1, 0)
    assert {kind for kind, a, b in _links(home) if "/g1-" in a + b and "/g2-" in a + b} == {"corroborates"}
    assert _comparable(home, claim, "usd") == "655000"
    assert_same_as_a_full_build(home, again)


def _comparable(home: Path, claim: str, currency: str) -> str:
    value = f"SELECT ?v WHERE {{ <{claim}#{currency}> <https://schema.org/value> ?v }}"
    return next(iter(storing.open_store(home / "store").query(value, use_default_graph_as_union=True)))["v"].value  # type: ignore[index]


def test_an_incremental_generation_is_compacted_before_it_is_published(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Edited in place, a generation answers queries slower than a bulk-loaded one until compacted."""
    compacted: list[object] = []
    monkeypatch.setattr(pipeline, "_compact", compacted.append)
    build(home, "store")
    assert compacted == []  # a full build is bulk-loaded
    (home / "corpus" / "bouw.txt").write_text(TEXTS["bouw.txt"].replace("37%", "38%"), "utf-8")
    again = build(home, "store")
    assert again.summary.incremental == (1, 0) and len(compacted) == 1 and "compact" in again.phases


def test_a_figure_a_person_adds_is_linked_and_its_links_follow_edits(home: Path) -> None:
    """An added money figure is compared like an extracted one: it conflicts with the other
    document's figure, turns to an agreement when that document is edited, and gets its
    comparable values; not linked to the extracted claim on its own span (a restatement)."""
    salary = "Een data scientist bij Meta verdient {} per jaar volgens Glassdoor.\n"
    (home / "corpus" / "g1.txt").write_text(salary.format("$650k"), "utf-8")
    g2 = "Ook hier. " + salary.format("$650k")
    (home / "corpus" / "g2.txt").write_text(g2, "utf-8")
    build(home, "store")
    store = storing.open_store(home / "store")
    extracted = next(iter(store.query(  # type: ignore[call-overload]
        "SELECT ?c ?m (GROUP_CONCAT(STR(?s); separator=' ') AS ?subjects) WHERE { ?c a <%s> ; <%s> <%s> ; <%s> ?m ; "
        "<http://purl.org/dc/terms/subject> ?s } GROUP BY ?c ?m" % (KG.MonetaryAmountClaim, KG.document,
        "https://w3id.org/kg/documents/g2", KG.measure), use_default_graph_as_union=True)))  # fmt: skip
    del store
    start = g2.index("$650k")
    added = "https://w3id.org/kg/claims/review-1"
    subjects = ", ".join(f"<{s}>" for s in extracted["subjects"].value.split())
    curate(home, f"""@prefix oa: <http://www.w3.org/ns/oa#> .
<{added}#evidence> a oa:SpecificResource ; oa:hasSource <https://w3id.org/kg/documents/g2> ;
    oa:hasSelector <{added}#position> , <{added}#quote> .
<{added}#position> a oa:TextPositionSelector ; oa:start {start} ; oa:end {start + 5} .
<{added}#quote> a oa:TextQuoteSelector ; oa:exact "$650k" ; oa:prefix "{g2[:start]}" ; oa:suffix " per jaar" .
<{added}> a kg:MonetaryAmountClaim ; kg:document <https://w3id.org/kg/documents/g2> ;
    prov:wasDerivedFrom <https://w3id.org/kg/documents/g2> ; kg:evidence <{added}#evidence> ;
    schema:value 2000000.0 ; schema:currency "USD" ; kg:period "year" ; kg:measure "{extracted['m'].value}" ;
    <http://purl.org/dc/terms/subject> {subjects}""")
    first = build(home, "store")
    assert first.report.conforms, first.report.results
    touching = [(kind, a, b) for kind, a, b in _links(home) if added in (a, b)]
    assert [(kind, "/g1-" in a + b) for kind, a, b in touching] == [("conflictsWith", True)]
    assert _comparable(home, added, "usd") == "2000000"
    (home / "corpus" / "g1.txt").write_text(salary.format("$2M"), "utf-8")
    again = build(home, "store")
    assert again.summary.incremental == (1, 0)
    assert [kind for kind, a, b in _links(home) if added in (a, b)] == ["corroborates"]
    assert_same_as_a_full_build(home, again)
