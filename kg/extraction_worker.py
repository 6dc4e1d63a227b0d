"""What the extraction pool's fork server loads before it forks any worker.

The fork server imports this module once; each worker is a fork of it and starts
with the pipeline imported and the language-identification model (py3langid, ~0.6 s
to decompress, more than extracting a typical document) already in memory, and the
vocabularies and exchange rates the extractors read (~0.15 s) loaded once for all of them
instead of in each worker's first document.
"""

from __future__ import annotations

from pathlib import Path

from kg import mapping, pipeline  # noqa: F401  (the pipeline imported for the workers)
from kg.extracting import extract_claims
from kg.reading import detect_language, make_document
from kg.segmenting import segment

detect_language("Een korte tekst om het taalmodel te laden voordat er workers zijn.")
# a sentence every extractor reads, mapped to RDF: what they load, loaded once here
_SAMPLE = make_document(
    Path("warm-up.txt"),
    "Volgens onderzoeker Jan de Vries (UWV) verdienen 1.200 AI-engineers in Nederland € 5.000 per maand, 12% meer dan in 2023.",
    "text/plain",
)
mapping.document_graphs(_SAMPLE, extract_claims(segment(_SAMPLE)))
