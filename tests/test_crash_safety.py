"""A build or `kg extract --write` killed with SIGKILL at any moment loses nothing:
the previous store still opens and answers with its old counts, every claims file
still parses, and the next build cleans up what the killed one left behind.

Real processes, really killed: `python -m kg.cli ...` in a session of its own, the
whole session SIGKILLed (the build and its extraction workers) at moments spread
over the time a complete build takes on this machine.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import storing
from kg.settings import load_settings

SETTINGS = load_settings()
COPIES = 30
COUNTS = """SELECT (COUNT(DISTINCT ?doc) AS ?docs) (COUNT(*) AS ?quads)
WHERE { GRAPH ?g { ?s ?p ?o } OPTIONAL { ?doc a <https://w3id.org/kg/ontology#Document> FILTER(?doc = ?s) } }"""


def make_corpus(folder: Path, copies: int) -> Path:
    """``copies`` of the bundled corpus under distinct names, each copy's text perturbed
    (other figures, an extra line) so no two files are the same document."""
    folder.mkdir(parents=True)
    sources = sorted(SETTINGS.corpus_dir.glob("*.txt"))
    for n in range(copies):
        for source in sources[1:2]:  # the short news article: many documents, quick to extract
            text = source.read_text(encoding="utf-8")
            text = text.replace("2024", str(1990 + n)).replace("%", f"% (variant {n})", 1)
            (folder / f"copy{n:02d}_{source.name}").write_text(f"{text}\nKopie {n}: {n * 1000 + 17} euro.\n",
                                                               encoding="utf-8")  # fmt: skip
    return folder


def counts(location: Path) -> tuple[int, int]:
    store = storing.open_store(location)
    row = next(iter(store.query(COUNTS, use_default_graph_as_union=True)))  # type: ignore[arg-type]
    return int(row["docs"].value), int(row["quads"].value)


def kg_process(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "kg.cli", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True, env={**os.environ, **(env or {})},
    )  # fmt: skip


def kill(process: subprocess.Popen[bytes]) -> bool:
    """SIGKILL the whole session; True if it was still running."""
    running = process.poll() is None
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=30)
    if process.stderr:
        process.stderr.close()
    return running


def build_command(corpus: Path, store: Path) -> tuple[str, ...]:
    return ("build", "--corpus", str(corpus), "--store", str(store))


def test_killed_builds_leave_the_previous_store(tmp_path: Path) -> None:
    small = make_corpus(tmp_path / "small", 1)
    big = make_corpus(tmp_path / "big", COPIES)
    store = tmp_path / "kg" / "store"
    first = subprocess.run([sys.executable, "-m", "kg.cli", *build_command(small, store)], capture_output=True)
    assert first.returncode == 0, first.stderr.decode()
    before = counts(store)
    generation = store.resolve()

    # how long a whole build of the big corpus takes here (into a store of its own, no cache)
    started = time.monotonic()
    reference = kg_process(*build_command(big, tmp_path / "reference" / "store"))
    assert reference.wait(timeout=300) == 0
    whole = time.monotonic() - started
    after = counts(tmp_path / "reference" / "store")

    killed_running = 0
    for fraction in (0.05, 0.3, 0.6, 0.9):
        shutil.rmtree(tmp_path / "kg" / "cache", ignore_errors=True)  # every build starts from scratch
        process = kg_process(*build_command(big, store))
        time.sleep(whole * fraction)
        if not kill(process):  # it finished first: then it published the whole new store
            assert process.returncode == 0 and counts(store) == after
            break
        killed_running += 1
        if store.resolve() != generation:
            # killed after the atomic switch (dropping old generations, exiting): the new store must be whole
            assert counts(store) == after, f"killed at {fraction:.0%} of a build: a partial store was published"
            break
        assert counts(store) == before, f"killed at {fraction:.0%} of a build: the store changed"
    assert killed_running >= 2, "the builds ended before they could be killed; the corpus is too small"

    leftovers = [p for p in storing._versions_dir(store).iterdir() if p.resolve() != generation]
    survivor = kg_process(*build_command(big, store))
    assert survivor.wait(timeout=300) == 0
    assert counts(store) == after != before
    remaining = list(storing._versions_dir(store).iterdir())
    assert remaining == [store.resolve()], f"left behind: {remaining} (killed builds left {leftovers})"
    assert not list(store.parent.glob(f".{store.name}.link-*"))


def test_killed_extract_write_leaves_every_claims_file_parseable(tmp_path: Path) -> None:
    home = tmp_path / "home"
    for name in ("ontology", "shapes", "queries", "claims"):
        shutil.copytree(SETTINGS.root / name, home / name)
    corpus = make_corpus(home / "corpus", COPIES)
    claims = home / "claims"
    env = {"KG_HOME": str(home)}
    original = {p.name: p.read_bytes() for p in claims.glob("*.trig")}

    for round_ in range(2):
        marker = time.time()
        process = kg_process("extract", "--write", str(corpus), env=env)
        # the moment the first file is renamed into place: writing has started
        deadline = time.monotonic() + 300
        while process.poll() is None and time.monotonic() < deadline:
            if any(p.stat().st_mtime >= marker for p in claims.glob("copy*.trig")):
                break
            time.sleep(0.005)
        time.sleep(0.002 * round_)
        kill(process)
        for path in claims.glob("*.trig"):
            dataset = ox.Dataset(ox.parse(path=str(path), format=ox.RdfFormat.TRIG))
            assert len(dataset), f"{path.name} is empty after a kill"
        for name, data in original.items():  # files of documents not re-extracted stay as they were
            assert (claims / name).read_bytes() == data
    done = kg_process("extract", "--write", str(corpus), env=env)
    assert done.wait(timeout=300) == 0
    written = sorted(claims.glob("copy*.trig"))
    assert len(written) == len(list(corpus.iterdir()))
    for path in written:
        ox.parse(path=str(path), format=ox.RdfFormat.TRIG)


@pytest.mark.parametrize("stale", ["generation", "link"])
def test_a_build_cleans_up_what_a_killed_one_left(tmp_path: Path, stale: str) -> None:
    small = make_corpus(tmp_path / "small", 1)
    store = tmp_path / "store"
    assert subprocess.run([sys.executable, "-m", "kg.cli", *build_command(small, store)]).returncode == 0
    versions = storing._versions_dir(store)
    if stale == "generation":  # a half-written generation, as a build killed while loading leaves it
        half = versions / "20000101T000000-killed"
        half.mkdir()
        (half / "000001.sst").write_bytes(b"\0" * 100)
    else:  # the link a build killed between symlink() and replace() leaves
        (tmp_path / f".{store.name}.link-99999999").symlink_to("store.versions/nowhere")
    assert subprocess.run([sys.executable, "-m", "kg.cli", *build_command(small, store)]).returncode == 0
    assert list(versions.iterdir()) == [store.resolve()]
    assert not list(tmp_path.glob(f".{store.name}.link-*"))
