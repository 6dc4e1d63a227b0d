"""Readers for formats that need a parser; each registers itself in kg.reading.READERS.

kg.reading imports this package at its end, so ``read_document`` knows every
format whether or not the caller imported a reader module.
"""

from kg.readers import html, pdf

__all__ = ["html", "pdf"]
