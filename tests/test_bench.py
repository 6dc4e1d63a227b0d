"""The benchmark's corpus generator: copies whose claims are not duplicates."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kg import pipeline
from kg.settings import load_settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.synth import make_corpus  # noqa: E402


def test_synthetic_copies_state_different_figures(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    (source / "a.txt").write_text((load_settings().corpus_dir / "001_3678f6c9f475e505.txt").read_text("utf-8"),
                                  encoding="utf-8")  # fmt: skip
    paths = make_corpus(source, tmp_path / "synth", factor=3)
    assert len(paths) == 3 and len({p.read_text("utf-8") for p in paths}) == 3
    assert make_corpus(source, tmp_path / "again", factor=3)[0].read_text("utf-8") == paths[0].read_text("utf-8")
    results, _ = pipeline.extract_paths([tmp_path / "synth"], workers=1)
    figures = [tuple((c.type, c.value) for c in r.claims if c.type == "MonetaryAmount") for r in results]
    assert all(figures) and len(set(figures)) == 3
    ids = [c.id for r in results for c in r.claims]
    assert len(ids) == len(set(ids))


def test_interleaved_compares_a_revision_with_the_working_tree(tmp_path: Path) -> None:
    """bench/interleaved.py runs both versions on every document and prints their CPU seconds."""
    import re
    import subprocess

    root = Path(__file__).resolve().parents[1]
    if not (root / ".git").exists():
        pytest.skip("needs a git checkout (git archive HEAD)")
    (tmp_path / "a.txt").write_text((load_settings().corpus_dir / "001_3678f6c9f475e505.txt").read_text("utf-8"),
                                    encoding="utf-8")  # fmt: skip
    done = subprocess.run([sys.executable, str(root / "bench" / "interleaved.py"), "HEAD", "--corpus", str(tmp_path),
                           "--rounds", "2"], capture_output=True, text=True, cwd=root)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert re.search(r"HEAD: +\d+\.\d+ CPU s", done.stdout) and re.search(r"working tree: +\d+\.\d+ CPU s", done.stdout)
    assert re.search(r"working tree / HEAD: \d+\.\d+ of the CPU time", done.stdout)
