"""Curated claims (kg/curation.py): anchoring quotes, corrections, rejections,
additions, re-anchoring after a document edit, orphans, and curated files
surviving ``kg extract --write``. Texts here are made up, not from the corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg import curation
from kg.curation import Anchor, Quote, anchor
from kg.namespaces import CLAIMS, KG, OA, SCHEMA
from kg.reporting import Locator, text_report
from kg.validating import load_shapes, store_from_files, validate_store

ROOT = Path(__file__).resolve().parents[1]
CASES = Path(__file__).parent / "shapes_cases"
ANNA = "mailto:anna@example.org"

# ---------------------------------------------------------------- anchoring (pure)

TEXT = "De kat zit op de mat. De hond ligt op de mat. Op de mat slaapt niemand."


@pytest.mark.parametrize(
    ("text", "quote", "near", "expected"),
    [
        pytest.param(TEXT, Quote("mat", "ligt op de ", ". Op"), 41, Anchor(41, 44, "unchanged"), id="unchanged"),
        pytest.param("Nieuw begin. " + TEXT, Quote("mat", "ligt op de ", ". Op"), 41, Anchor(54, 57, "context"),
                     id="text-inserted-before"),
        pytest.param(TEXT, Quote("mat", "ligt op de ", ". Op"), None, Anchor(41, 44, "context"), id="context-no-hint"),
        pytest.param(TEXT, Quote("hond", "xxx", "yyy"), 3, Anchor(25, 29, "exact"), id="exact-alone-unique"),
        pytest.param(TEXT, Quote("mat", "zzz", "qqq"), 50, Anchor(52, 55, "nearest"), id="nearest-to-old-position"),
        pytest.param(TEXT, Quote("mat", "zit op de ", "qqq"), 50, Anchor(17, 20, "nearest"),
                     id="most-context-beats-nearest"),
        pytest.param(TEXT, Quote("giraf"), 3, None, id="gone"),
        pytest.param(TEXT, Quote(""), 3, None, id="empty"),
    ],
)  # fmt: skip
def test_anchor(text: str, quote: Quote, near: int | None, expected: Anchor | None) -> None:
    found = anchor(text, quote, near)
    assert found == expected
    if found is not None:
        assert text[found.start : found.end] == quote.exact


def test_two_matches_in_context_take_the_nearest() -> None:
    text = "a x b. a x b."
    assert anchor(text, Quote("x", "a ", " b"), near=8) == Anchor(9, 10, "context")
    assert anchor(text, Quote("x", "a ", " b"), near=0) == Anchor(2, 3, "context")


# ---------------------------------------------------------------- a store: the valid base case plus curated files

BASE_TEXT = "🤖 Eén AI-engineer verdient $1,34 miljoen per jaar volgens levels.fyi; 12,5% krijgt daarnaast een bonus."
PREFIXES = """@prefix kg: <https://w3id.org/kg/ontology#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix claim: <https://w3id.org/kg/claims/> .
@prefix doc: <https://w3id.org/kg/documents/> .
@prefix cur: <https://w3id.org/kg/curation/> .
"""
WHO = f'prov:wasAttributedTo <{ANNA}> ; prov:generatedAtTime "2025-06-01T12:00:00Z"^^xsd:dateTime'
CORRECTION = f'cur:fix-1 a kg:Correction ; kg:corrects claim:c2 ; schema:value 12.6 ; kg:reason "12,6% in the table." ; {WHO} .'
REJECTION = f'cur:no-1 a kg:Rejection ; kg:rejects claim:c1 ; kg:reason "A list price, not a salary." ; {WHO} .'


def addition(exact: str = "krijgt daarnaast een bonus", start: int = 76, prefix: str = "s.fyi; 12,5% ") -> str:
    end = start + len(exact)
    return f"""
claim:c3 a kg:StatementClaim ; kg:document doc:d1 ; kg:evidence <https://w3id.org/kg/claims/c3#evidence> ;
    prov:wasDerivedFrom doc:d1 ; {WHO} .
<https://w3id.org/kg/claims/c3#evidence> a oa:SpecificResource ; oa:hasSource doc:d1 ;
    oa:hasSelector <https://w3id.org/kg/claims/c3#position> , <https://w3id.org/kg/claims/c3#quote> .
<https://w3id.org/kg/claims/c3#position> a oa:TextPositionSelector ; oa:start {start} ; oa:end {end} .
<https://w3id.org/kg/claims/c3#quote> a oa:TextQuoteSelector ; oa:exact "{exact}" ; oa:prefix "{prefix}" ; oa:suffix "." .
"""


def _store(tmp_path: Path, curated: str, text: str = BASE_TEXT) -> tuple[ox.Store, Path]:
    base = (CASES / "valid.ttl").read_text(encoding="utf-8")
    if text != BASE_TEXT:  # the document was edited: a new text (and length)
        base = base.replace(f'kg:text "{BASE_TEXT}"', f'kg:text "{text}"').replace("kg:length 103", f"kg:length {len(text)}")
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "d1.ttl").write_text(base, encoding="utf-8")
    path = tmp_path / "claims" / "curated" / "anna.ttl"
    path.parent.mkdir()
    path.write_text(PREFIXES + curated, encoding="utf-8")
    store = store_from_files([ROOT / "ontology" / "kg.ttl", tmp_path / "claims" / "d1.ttl"])
    curation.load_curated(store, [path])
    return store, path


def _values(store: ox.Store, subject: str, predicate: object) -> list[str]:
    return sorted(q.object.value for q in store.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(str(predicate)), None, None))


@pytest.fixture(scope="module")
def shapes():
    return load_shapes(sorted((ROOT / "shapes").glob("*.ttl")))


def test_a_correction_replaces_the_values_it_gives(tmp_path: Path) -> None:
    store, _ = _store(tmp_path, CORRECTION)
    outcome = curation.apply(store)
    assert outcome.corrected == [str(CLAIMS.c2)]
    assert _values(store, str(CLAIMS.c2), SCHEMA.value) == ["12.6"]
    assert _values(store, str(CLAIMS.c2), KG.unit) == ["percent"]  # what it does not give stays


def test_a_rejection_removes_the_claim_and_keeps_a_record(tmp_path: Path, shapes) -> None:
    store, _ = _store(tmp_path, REJECTION)
    assert curation.apply(store).rejected == [str(CLAIMS.c1)]
    c1 = ox.NamedNode(str(CLAIMS.c1))
    assert [q.object.value for q in store.quads_for_pattern(c1, None, None, None)] == [str(KG.RejectedClaim)]
    assert not list(store.quads_for_pattern(ox.NamedNode(f"{CLAIMS.c1}#quote"), None, None, None))
    rejection = ox.NamedNode("https://w3id.org/kg/curation/no-1")
    assert list(store.quads_for_pattern(rejection, ox.NamedNode(str(KG.rejects)), c1, None))
    assert validate_store(store, shapes).results == []


def test_an_addition_gets_a_curation_activity_and_conforms(tmp_path: Path, shapes) -> None:
    store, _ = _store(tmp_path, addition())
    assert curation.apply(store).completed == [str(CLAIMS.c3)]
    assert _values(store, str(CLAIMS.c3), "http://www.w3.org/ns/prov#wasGeneratedBy") == [
        "https://w3id.org/kg/activities/d1/curation"
    ]
    assert validate_store(store, shapes).results == []


def test_an_addition_is_re_anchored_when_text_is_inserted_before_it(tmp_path: Path, shapes) -> None:
    edited = BASE_TEXT.replace("🤖 ", "🤖 Nieuw: ")
    store, _ = _store(tmp_path, addition(), text=edited)
    outcome = curation.apply(store)
    assert [(e.rsplit("/", 1)[-1], a) for e, a in outcome.reanchored] == [("c3#evidence", Anchor(83, 109, "context"))]
    assert outcome.orphans == []
    assert _values(store, f"{CLAIMS.c3}#position", OA.start) == ["83"]
    assert _values(store, f"{CLAIMS.c3}#position", OA.end) == ["109"]
    curated = [r for r in validate_store(store, shapes).results if r.focus.startswith(str(CLAIMS.c3))]
    assert curated == []


def test_an_addition_written_with_blank_nodes_is_re_anchored_too(tmp_path: Path) -> None:
    """Evidence and selectors as blank nodes (``kg:evidence [ ... ]``), as a person may write them."""
    exact, start = "krijgt daarnaast een bonus", 76
    blank = f"""
claim:c3 a kg:StatementClaim ; kg:document doc:d1 ; prov:wasDerivedFrom doc:d1 ; {WHO} ;
    kg:evidence [ a oa:SpecificResource ; oa:hasSource doc:d1 ;
        oa:hasSelector [ a oa:TextPositionSelector ; oa:start {start} ; oa:end {start + len(exact)} ] ,
                       [ a oa:TextQuoteSelector ; oa:exact "{exact}" ; oa:prefix "s.fyi; 12,5% " ; oa:suffix "." ] ] .
"""
    store, _ = _store(tmp_path, blank, text=BASE_TEXT.replace("🤖 ", "🤖 Nieuw: "))
    outcome = curation.apply(store)
    assert [a for _, a in outcome.reanchored] == [Anchor(83, 109, "context")] and outcome.orphans == []


def test_an_addition_whose_text_changed_is_an_orphan_named_with_its_file(tmp_path: Path, shapes) -> None:
    edited = BASE_TEXT.replace("een bonus", "een premie")
    store, path = _store(tmp_path, addition(), text=edited)
    outcome = curation.apply(store)
    assert outcome.orphans == [f"{CLAIMS.c3}#evidence"]
    report = validate_store(store, shapes)
    orphans = [r for r in report.violations if r.focus == str(CLAIMS.c3)]
    assert [r.constraint for r in orphans] == ["https://w3id.org/kg/shapes#CuratedClaim-anchored"]
    assert "orphan" in orphans[0].message
    text = text_report(report, Locator(store, curated=curation.sources([path])))
    assert f"curated in {path}:" in text
    assert "does not conform" in text


def test_a_correction_follows_its_claim_to_a_new_id(tmp_path: Path, shapes) -> None:
    # the extractor gave c2 a new id (say its context changed); the correction carries c2's evidence
    evidence = """ ; kg:evidence <https://w3id.org/kg/curation/fix-1#evidence> .
<https://w3id.org/kg/curation/fix-1#evidence> a oa:SpecificResource ; oa:hasSource doc:d1 ;
    oa:hasSelector <https://w3id.org/kg/curation/fix-1#position> , <https://w3id.org/kg/curation/fix-1#quote> .
<https://w3id.org/kg/curation/fix-1#position> a oa:TextPositionSelector ; oa:start 60 ; oa:end 65 .
<https://w3id.org/kg/curation/fix-1#quote> a oa:TextQuoteSelector ; oa:exact "12,5%" ; oa:prefix "volgens levels.fyi; " ."""
    store, _ = _store(tmp_path, CORRECTION.replace("claim:c2", "claim:c2-old").removesuffix(" .") + evidence)
    outcome = curation.apply(store)
    assert outcome.retargeted == [("https://w3id.org/kg/curation/fix-1", f"{CLAIMS['c2-old']}", str(CLAIMS.c2))]
    assert _values(store, str(CLAIMS.c2), SCHEMA.value) == ["12.6"]
    assert validate_store(store, shapes).results == []


def test_a_correction_of_a_vanished_claim_is_an_orphan(tmp_path: Path, shapes) -> None:
    store, _ = _store(tmp_path, CORRECTION.replace("claim:c2", "claim:gone"))
    curation.apply(store)
    [result] = validate_store(store, shapes).violations
    assert (result.focus, result.component) == ("https://w3id.org/kg/curation/fix-1", "ClassConstraintComponent")
    assert "orphan" in result.message


def test_sources_name_the_file_and_line(tmp_path: Path) -> None:
    _, path = _store(tmp_path, CORRECTION + "\n" + REJECTION)
    found = curation.sources([path])
    assert str(found["https://w3id.org/kg/curation/no-1"]) == f"{path}:10"
    assert found[str(CLAIMS.c2)].path == path  # a corrected claim is named with the correction's file


# ---------------------------------------------------------------- through the command line, in a copy of the project

DOC = "001_3678f6c9f475e505"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project with one document, as KG_HOME and working directory."""
    home = tmp_path / "home"
    for folder in ("ontology", "shapes", "queries"):
        shutil.copytree(ROOT / folder, home / folder)
    (home / "corpus").mkdir()
    (home / "claims").mkdir()
    shutil.copy(ROOT / "corpus" / f"{DOC}.txt", home / "corpus")
    shutil.copy(ROOT / "claims" / f"{DOC}.trig", home / "claims")
    monkeypatch.setenv("KG_HOME", str(home))
    monkeypatch.chdir(home)
    return home


def _rejection_of_first_claim(home: Path) -> tuple[Path, str]:
    store = store_from_files([home / "claims" / f"{DOC}.trig"])
    claim = min(q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode(str(KG.evidence)), None, None))
    curated = home / "claims" / "curated" / "review.trig"
    curated.parent.mkdir(exist_ok=True)
    body = REJECTION.replace("claim:c1", f"<{claim}>")
    curated.write_text(PREFIXES + "<https://w3id.org/kg/graphs/curated> {\n" + body + "\n}\n", encoding="utf-8")
    return curated, claim


def test_curated_files_survive_extract_write_and_build_applies_them(project: Path) -> None:
    from kg.cli import app

    curated, claim = _rejection_of_first_claim(project)
    before = curated.read_bytes()
    runner = CliRunner()
    result = runner.invoke(app, ["extract", "--write"])
    assert result.exit_code == 0, result.output
    assert curated.read_bytes() == before
    assert (project / "claims" / f"{DOC}.trig").exists()

    assert runner.invoke(app, ["validate"]).exit_code == 0
    result = runner.invoke(app, ["build", "--store", str(project / "store")])
    assert result.exit_code == 0, result.output
    from kg import storing

    store = storing.open_store(str(project / "store"))
    ask = f"ASK {{ <{claim}> a <{KG.RejectedClaim}> FILTER NOT EXISTS {{ <{claim}> <{KG.evidence}> ?e }} }}"
    assert store.query(ask, use_default_graph_as_union=True)


def test_validate_names_the_curated_file_of_an_orphan(project: Path) -> None:
    from kg.cli import app

    curated, _ = _rejection_of_first_claim(project)
    curated.write_text(curated.read_text(encoding="utf-8").replace(DOC + "-", DOC + "-gone"), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate"])
    assert result.exit_code == 1
    assert "claims/curated/review.trig:" in result.stdout
    assert "orphan" in result.stdout


@pytest.mark.parametrize("entity, label", [
    ("https://w3id.org/kg/entities/united-states", None),  # a concept, by any of its labels of ontology/entities.ttl
    ("https://w3id.org/kg/entities/acme-robotics", "acme robotics"),  # named by no one else: read from its IRI
])  # fmt: skip
def test_an_added_figure_names_its_subjects_as_the_extractor_would(tmp_path: Path, entity: str, label: str | None) -> None:
    from kg import mapping
    from kg.model import Document

    text = "Bij Acme verdient een monteur $90k per jaar."
    start = text.index("$90k")
    figure = f"""
claim:c4 a kg:MonetaryAmountClaim ; kg:document doc:d1 ; kg:evidence <https://w3id.org/kg/claims/c4#evidence> ;
    schema:value 90000.0 ; schema:currency "USD" ; kg:measure "salary" ;
    <http://purl.org/dc/terms/subject> <{entity}> ; {WHO} .
<https://w3id.org/kg/claims/c4#evidence> oa:hasSelector <https://w3id.org/kg/claims/c4#position> , <https://w3id.org/kg/claims/c4#quote> .
<https://w3id.org/kg/claims/c4#position> oa:start {start} ; oa:end {start + 4} .
<https://w3id.org/kg/claims/c4#quote> oa:exact "$90k" .
"""
    store, _ = _store(tmp_path, figure)
    store.load(path=str(ROOT / "ontology" / "entities.ttl"), format=ox.RdfFormat.TURTLE)
    document = Document(id="d1", file_name="d1.txt", format="text/plain", sha256="0", text=text)
    [claim] = curation.added_figures(store, {"d1": document})
    assert claim.id == str(CLAIMS["c4"]) and (claim.start, claim.exact, claim.value) == (start, "$90k", 90000.0)
    assert [str(mapping.entity_iri(s)) for s in claim.subjects] == [entity]
    if label is not None:
        assert claim.subjects == [label]
    assert claim.comparable  # EUR and USD per year, as for an extracted figure
    assert curation.added_figures(store, {}) == []  # a document not being built: left out
