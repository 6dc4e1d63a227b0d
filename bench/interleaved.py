"""CPU time of two versions of the extraction code, measured document by document, interleaved.

    python bench/interleaved.py HEAD~1                     # that revision against the working tree
    python bench/interleaved.py v1 --against v2 --rounds 5 --corpus /tmp/kg-bench/corpus-10x

Instruction counts (bench/instructions.py) miss what a change does to the instructions' speed:
a ``str.find`` scan of a 93 kB document for each of a hundred strings and one pass of an
Aho-Corasick automaton for all of them count about the same instructions, and the pass takes
a third of the time. Wall-clock runs one after the other drift with the VM (±30% from minute
to minute). So each version runs in its own process, both load their models first, and every
document goes to one and then the other (in alternating order), one at a time: both meet the
same phase of the machine, and the ratio of their CPU seconds is steady to about ±2%.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT / "corpus"


def checkout(revision: str, into: Path) -> Path:
    """The tree of ``revision`` (``git archive``) under ``into``; the working tree for ``.``."""
    if revision == ".":
        return ROOT
    folder = into / revision.replace("/", "_")
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def start_worker(tree: Path, corpus: Path) -> subprocess.Popen[str]:
    env = os.environ | {"PYTHONPATH": str(tree), "PYTHONHASHSEED": "0"}
    worker = subprocess.Popen(
        [sys.executable, __file__, "--worker", str(corpus)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd=tempfile.gettempdir(),
    )  # fmt: skip
    assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
    return worker


def seconds_for(worker: subprocess.Popen[str], path: Path) -> float:
    assert worker.stdin is not None and worker.stdout is not None
    worker.stdin.write(f"{path}\n")
    worker.stdin.flush()
    return float(worker.stdout.readline())


def run_worker(corpus: Path) -> None:
    """Read, segment and extract each path read from stdin; answer its CPU seconds."""
    from kg.extracting import extract_claims
    from kg.reading import read_document
    from kg.segmenting import segment

    extract_claims(segment(read_document(sorted(corpus.glob("*.txt"))[-1])))  # models, vocabularies, patterns
    print("ready", flush=True)
    for line in sys.stdin:
        started = time.process_time()
        extract_claims(segment(read_document(Path(line.strip()))))
        print(time.process_time() - started, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("revision", nargs="?", help="the version to compare (a git revision)")
    parser.add_argument("--against", default=".", help="the other version (a git revision; default: the working tree)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of .txt documents")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the corpus")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        run_worker(args.worker)
        return
    if args.revision is None:
        parser.error("name the revision to compare")
    corpus = args.corpus.resolve()  # (the workers run in another folder)
    paths = sorted(corpus.glob("*.txt"))
    if not paths:
        parser.error(f"no .txt documents in {corpus}")
    with tempfile.TemporaryDirectory(prefix="kg-interleaved-") as tmp:
        trees = [checkout(args.revision, Path(tmp)), checkout(args.against, Path(tmp))]
        workers = [start_worker(tree, corpus) for tree in trees]
        seconds, size = [0.0, 0.0], 0
        for turn in range(args.rounds):
            for i, path in enumerate(paths):
                for side in (0, 1) if (i + turn) % 2 == 0 else (1, 0):
                    seconds[side] += seconds_for(workers[side], path)
                size += path.stat().st_size
        for worker in workers:
            assert worker.stdin is not None
            worker.stdin.close()
            worker.wait()
    names = [args.revision, "working tree" if args.against == "." else args.against]
    for name, spent in zip(names, seconds):
        print(f"{name:>20}: {spent:7.2f} CPU s  {size / 1e6 / spent:.3f} MB/s")
    print(f"{names[1]} / {names[0]}: {seconds[1] / seconds[0]:.3f} of the CPU time")


if __name__ == "__main__":
    main()
