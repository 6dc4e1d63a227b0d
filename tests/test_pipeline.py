"""The whole pipeline on the bundled corpus and on documents it has never seen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg import pipeline
from kg.model import JSONL_FIELDS
from kg.reading import read_document
from kg.segmenting import segment
from kg.settings import load_settings

SETTINGS = load_settings()

UNSEEN = """Lonen in de zorg stijgen

Volgens het CBS verdient een verpleegkundige gemiddeld €3.400 per maand cbs.nl. Dat is 4,5% meer dan vorig jaar.
- Specialisten krijgen soms meer dan €150k per jaar.
- Het aantal vacatures daalde.

Dr. A. de Vries (o.a. hoogleraar) zegt: "We zien ca. 12% minder instroom." Dat baart zorgen.
"""


@pytest.fixture(scope="module")
def corpus_results() -> list[pipeline.Extracted]:
    results, _ = pipeline.extract_paths([SETTINGS.corpus_dir])
    return results


@pytest.fixture
def unseen(tmp_path: Path) -> Path:
    path = tmp_path / "zorg.txt"
    path.write_text(UNSEEN, encoding="utf-8")
    return path


def test_claims_from_every_document(corpus_results: list[pipeline.Extracted]) -> None:
    assert len(corpus_results) == 3
    for extracted in corpus_results:
        types = {c.type for c in extracted.claims}
        assert "Statement" in types, extracted.document.id
        assert {"MonetaryAmount", "Percentage"} & types, extracted.document.id


def test_every_claim_is_traceable(corpus_results: list[pipeline.Extracted]) -> None:
    for extracted in corpus_results:
        text = extracted.document.text
        for claim in extracted.claims:
            assert text[claim.start : claim.end] == claim.exact, claim
            assert text[max(0, claim.start - len(claim.prefix)) : claim.start] == claim.prefix
            assert text[claim.end : claim.end + len(claim.suffix)] == claim.suffix


def test_every_sentence_is_covered(corpus_results: list[pipeline.Extracted]) -> None:
    for extracted in corpus_results:
        doc = segment(extracted.document)
        spans = sorted((c.start, c.end) for c in extracted.claims)
        for sentence in doc.sentences:
            if sentence.end <= doc.document.body_start:
                continue
            assert any(s < sentence.end and sentence.start < e for s, e in spans), doc.sentence_text(sentence)


def test_ids_are_unique_and_stable(corpus_results: list[pipeline.Extracted]) -> None:
    ids = [c.id for r in corpus_results for c in r.claims]
    assert len(ids) == len(set(ids))
    again, _ = pipeline.extract_paths([SETTINGS.corpus_dir])
    assert ids == [c.id for r in again for c in r.claims]


def test_jsonl_has_the_contract_fields(corpus_results: list[pipeline.Extracted]) -> None:
    for line in list(pipeline.claims_jsonl(corpus_results))[:50]:
        record = json.loads(line)
        assert list(record)[: len(JSONL_FIELDS)] == list(JSONL_FIELDS)


def test_unseen_document(unseen: Path) -> None:
    (extracted,), summary = pipeline.extract_paths([unseen])
    by_type = {c.exact: c for c in extracted.claims if c.type != "Statement"}
    assert by_type["€3.400"].value == 3400 and by_type["€3.400"].currency == "EUR"
    assert by_type["€3.400"].period == "month" and by_type["€3.400"].cited_sources == ["cbs.nl", "CBS"]
    assert "4,5%" in by_type and by_type["4,5%"].value == 4.5
    assert summary.documents == 1 and summary.claims == len(extracted.claims)
    statements = [c.exact for c in extracted.claims if c.type == "Statement"]
    assert "- Het aantal vacatures daalde." in statements or "Het aantal vacatures daalde." in statements


def test_header_is_metadata_not_a_statement(tmp_path: Path) -> None:
    path = tmp_path / "news.txt"
    path.write_text(" date 2024-11 Banen verdwijnen niet. Ze veranderen.", encoding="utf-8")
    (extracted,), _ = pipeline.extract_paths([path])
    assert extracted.document.date == "2024-11"
    assert [c.exact for c in extracted.claims] == ["Banen verdwijnen niet.", "Ze veranderen."]


def test_golden_claim_files_are_current(corpus_results: list[pipeline.Extracted]) -> None:
    """claims/ is derived: when this fails, run `kg extract --write` and review the diff."""
    for extracted in corpus_results:
        path = SETTINGS.claims_dir / f"{extracted.document.id}.trig"
        assert path.exists(), f"{path} missing: run `kg extract --write`"
        assert path.read_text(encoding="utf-8") == pipeline.trig_of(extracted), (
            f"{path.name} is out of date with the extractor: run `kg extract --write` and review the diff"
        )


def test_duplicate_document_ids_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder in ("a", "b"):
        (tmp_path / folder / "same.txt").write_text("Een zin.", encoding="utf-8")
    with pytest.raises(Exception, match="same"):
        pipeline.extract_paths([tmp_path])


def test_reading_is_independent_of_working_directory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    doc = read_document(SETTINGS.corpus_dir / "001_3678f6c9f475e505.txt")
    assert doc.date == "2025-06"


def test_build_records_when_extraction_ran(built_store: Path) -> None:
    from kg.storing import open_store

    rows = list(open_store(built_store).query(
        "PREFIX prov: <http://www.w3.org/ns/prov#> SELECT ?a ?t WHERE { ?a a prov:Activity ; prov:endedAtTime ?t }",
        use_default_graph_as_union=True,
    ))  # fmt: skip
    assert rows and all(r["t"].datatype.value.endswith("#dateTime") for r in rows)


def test_a_source_written_in_two_cases_does_not_fail_the_build(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Volgens Booking.com verdient een data-analist gemiddeld €5.200 per maand.\n"
        "Bij het bedrijf werken 2.000 engineers, meldde booking.com in een persbericht.\n",
        encoding="utf-8",
    )
    result = pipeline.build(corpus, tmp_path / "store", load_settings(), workers=1)
    assert result.published, result.failure
