"""Parallel extraction and the extraction cache: the same claims as one process,
unchanged documents not extracted again, nothing stale after a code change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg import pipeline
from kg.reading import UnusableDocument
from kg.settings import load_settings

SETTINGS = load_settings()
TEXTS = {
    "zorg.txt": "Een verpleegkundige verdient gemiddeld €3.400 per maand. Dat is 4,5% meer dan vorig jaar.\n",
    "tech.txt": "Een AI-engineer bij Google verdient $500k – $800k per jaar volgens levels.fyi.\n",
    "bouw.txt": "Ongeveer 2.300 werkgevers zoeken personeel; 37% vindt niemand.\n",
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(SETTINGS.corpus_dir / "001_3678f6c9f475e505.txt", folder)
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def claims_of(results: list[pipeline.Extracted]) -> list[tuple[str, list[dict]]]:
    return [(r.document.id, [c.to_json() for c in r.claims]) for r in results]


def test_a_pool_gives_the_same_claims_in_the_same_order(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "IN_PROCESS_BYTES", 0)  # a pool even for these few bytes
    alone, _ = pipeline.extract_paths([corpus], workers=1)
    pooled, summary = pipeline.extract_paths([corpus], workers=2)
    assert summary.workers == 2 and summary.documents == 4
    assert claims_of(pooled) == claims_of(alone)
    assert [(r.nquads, r.shared_nquads) for r in pooled] == [(r.nquads, r.shared_nquads) for r in alone]


def test_a_small_batch_is_extracted_without_a_pool(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Starting the pool costs more than extracting a few small documents."""
    monkeypatch.setattr(pipeline, "_pool", None)  # calling it would fail
    _, summary = pipeline.extract_paths([corpus], workers=2)
    assert summary.workers == 1 and summary.documents == 4
    monkeypatch.setattr(pipeline, "IN_PROCESS_BYTES", sum(p.stat().st_size for p in corpus.iterdir()))
    with pytest.raises(TypeError):  # as many bytes as the threshold: the pool
        pipeline.extract_paths([corpus], workers=2)


def test_unchanged_documents_come_from_the_cache(corpus: Path, tmp_path: Path) -> None:
    cache = pipeline.ExtractionCache(tmp_path / "cache")
    fresh, first = pipeline.extract_paths([corpus], cache=cache, workers=2)
    again, second = pipeline.extract_paths([corpus], cache=cache, workers=2)
    assert (first.cached, second.cached) == (0, 4)
    assert claims_of(again) == claims_of(fresh)
    (corpus / "zorg.txt").write_text(TEXTS["zorg.txt"].replace("4,5%", "6,5%"), encoding="utf-8")
    edited, third = pipeline.extract_paths([corpus], cache=cache, workers=2)
    assert third.cached == 3
    zorg = next(r for r in edited if r.document.id == "zorg")
    assert 6.5 in [c.to_json()["value"] for c in zorg.claims]
    assert len(list(cache.folder.glob("zorg.txt.*.pickle"))) == 1  # the old entry is gone


def test_a_code_change_never_serves_stale_claims(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = pipeline.ExtractionCache(tmp_path / "cache")
    pipeline.extract_paths([corpus], cache=old)
    monkeypatch.setattr(pipeline, "code_fingerprint", lambda: "another-version")
    new = pipeline.ExtractionCache(tmp_path / "cache")
    assert new.folder != old.folder
    _, summary = pipeline.extract_paths([corpus], cache=new)
    assert summary.cached == 0
    assert not old.folder.exists()


def test_fingerprint_covers_extractor_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    before = pipeline.code_fingerprint()
    pipeline.code_fingerprint.cache_clear()
    from kg.extracting import money

    monkeypatch.setattr(money, "VERSION", money.VERSION + ".1")
    try:
        assert pipeline.code_fingerprint() != before
    finally:
        pipeline.code_fingerprint.cache_clear()


def test_an_unusable_document_in_the_pool_names_the_file(corpus: Path) -> None:
    (corpus / "kapot.txt").write_bytes(b"\xff\xfe not utf-8 \x00")
    with pytest.raises(UnusableDocument, match=r"kapot\.txt: "):
        pipeline.extract_paths([corpus], workers=2)
    results, summary = pipeline.extract_paths([corpus], workers=2, skip_bad=True)
    assert len(results) == 4 and len(summary.skipped) == 1 and "kapot.txt" in summary.skipped[0]


def test_build_reports_its_phases_and_reuses_the_cache(corpus: Path, tmp_path: Path) -> None:
    location = tmp_path / "store"
    first = pipeline.build(corpus, location, SETTINGS)
    second = pipeline.build(corpus, location, SETTINGS)
    assert first.published and second.published
    assert set(first.phases) == {"extract", "load", "validate", "publish"}
    assert (first.summary.cached, second.summary.cached) == (0, 4)
    assert (tmp_path / "cache").is_dir()


def test_the_summary_counts_the_bytes_and_cpu_time_of_what_was_extracted(corpus: Path, tmp_path: Path) -> None:
    """The benchmark's per-core throughput: bytes extracted now (not cached) per CPU second."""
    cache = pipeline.ExtractionCache(tmp_path / "cache")
    _, first = pipeline.extract_paths([corpus], cache=cache)
    assert first.extracted_bytes == sum(p.stat().st_size for p in corpus.iterdir()) and first.cpu_seconds > 0
    assert 0 < first.mapping_cpu_seconds < first.cpu_seconds  # mapping to RDF is a part of it
    (corpus / "zorg.txt").write_text(TEXTS["zorg.txt"] + "Ook 12% van de artsen vertrekt.\n", encoding="utf-8")
    _, second = pipeline.extract_paths([corpus], cache=cache)
    assert second.extracted_bytes == (corpus / "zorg.txt").stat().st_size and second.cpu_seconds > 0
