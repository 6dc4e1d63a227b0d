"""A few seconds of bench/load.py: a handful of concurrent clients against a real
`kg serve` on loopback, mixing canned queries, pages, SPARQL and fact-checks; no
request may fail and the server must still be healthy afterwards. (The full load
test, 32 clients for 20 s, is `python -m bench.load`.)"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.load import run  # noqa: E402


def test_load_smoke(built_store: Path) -> None:
    result = run(built_store, clients=6, seconds=3)
    assert result["requests"] > 0
    assert result["errors"] == [], result["errors"][:5]  # type: ignore[index]
    assert result["healthy"]
