"""Instructions, not seconds: how much work extraction does, counted by callgrind.

    python bench/instructions.py                          # read+segment+extract, first 10 documents of bench's 10x corpus
    python bench/instructions.py --stage money -n 5       # one extractor's extract() over segmented documents
    python bench/instructions.py --corpus corpus --stage segment

Wall-clock figures on a shared VM drift by ±30% from minute to minute, more than most
changes to one extractor; ``valgrind --tool=callgrind`` counts the instructions the
interpreter executes, the same (±0.2%) from run to run whatever else the machine does.
So: compare two versions of the code by this count, and measure speed with bench/run.py.
Needs Debian's ``valgrind``; a run takes about a minute per 5 documents. The count starts
after a warm-up document (models, vocabularies and compiled patterns loaded) and stops
before the interpreter's exit.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def count(corpus: Path, documents: int, stage: str) -> int:
    """Instructions of ``stage`` over the first ``documents`` files of ``corpus``."""
    with tempfile.TemporaryDirectory(prefix="kg-callgrind-") as tmp:
        out = Path(tmp) / "callgrind.out"
        command = [
            "valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
            sys.executable, __file__, "--child", "--corpus", str(corpus), "-n", str(documents), "--stage", stage,
        ]  # fmt: skip
        # the same hash seed each run: set iteration order, and so the work, stays the same
        env = os.environ | {"PYTHONHASHSEED": "0", "PYTHONPATH": str(ROOT)}
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        summary = re.search(r"^summary: (\d+)", out.read_text() if out.exists() else "", re.MULTILINE)
        if done.returncode != 0 or summary is None:
            raise SystemExit(f"callgrind run failed: {done.stderr.strip().splitlines()[-1:]}")
        return int(summary.group(1))


def run_child(corpus: Path, documents: int, stage: str) -> None:
    """Warm up, switch callgrind's counting on, run ``stage``, leave without the exit's clean-up."""
    from kg import extracting
    from kg.reading import read_document
    from kg.segmenting import segment

    paths = sorted(corpus.glob("*.txt"))
    extracting.extract_claims(segment(read_document(paths[-1])))
    paths = paths[:documents]
    extractors = {module.NAME: module for module in extracting.EXTRACTORS}
    if stage == "segment":
        prepared: list = [read_document(path) for path in paths]
    elif stage in extractors:
        prepared = [segment(read_document(path)) for path in paths]
    subprocess.run(["callgrind_control", "--instr=on", str(os.getpid())], capture_output=True, check=True)
    for i, path in enumerate(paths):
        if stage == "all":
            extracting.extract_claims(segment(read_document(path)))
        elif stage == "read":
            read_document(path)
        elif stage == "segment":
            segment(prepared[i])
        else:
            list(extractors[stage].extract(prepared[i]))
    os._exit(0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="a folder of .txt documents (default: bench's 10x corpus, made if need be)")
    parser.add_argument("-n", "--documents", type=int, default=10, help="how many of its documents (in name order)")
    parser.add_argument("--stage", default="all", help="all, read, segment or an extractor's NAME (money, counts, ...)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.corpus, args.documents, args.stage)
    corpus = args.corpus
    if corpus is None:
        sys.path.insert(0, str(ROOT))
        from bench.synth import make_corpus
        from kg.settings import load_settings

        corpus = Path(tempfile.gettempdir()) / "kg-bench-corpus-10x"
        if not corpus.is_dir():
            make_corpus(load_settings().corpus_dir, corpus, 10)
    instructions = count(corpus, args.documents, args.stage)
    print(f"{args.stage}: {instructions / 1e6:,.1f} M instructions ({args.documents} documents of {corpus})")


if __name__ == "__main__":
    main()
