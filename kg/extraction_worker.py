"""What the extraction pool's fork server loads before it forks any worker.

The fork server imports this module once; each worker is a fork of it and starts
with the pipeline imported and the language-identification model (py3langid, ~0.6 s
to decompress, more than extracting a typical document) already in memory.
"""

from __future__ import annotations

from kg import pipeline  # noqa: F401  (imported for the workers)
from kg.reading import detect_language

detect_language("Een korte tekst om het taalmodel te laden voordat er workers zijn.")
