"""PDF: the text layer, page by page, with the page of every offset kept.

Read with pypdf (the ``[pdf]`` extra). Pages are joined with a line break and
``Document.page_starts`` records where pages 2, 3, ... start, so evidence can say
"page 12". Words hyphenated at a line end (``verant-\\nwoordelijk``) are joined in
the stored text; a hyphen after a capital or digit (``ICT-\\nafdeling``) is a real
one and stays, only the line break goes. Ligature glyphs (``ﬁ``) become letters.
A PDF whose pages have no text at all is a scan: it is refused rather than stored
empty.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from kg.model import Document
from kg.reading import UnusableDocument, make_document, register_reader

# a lower-case letter, a hyphen at the end of the line, a lower-case letter on the next
_SPLIT_WORD = re.compile(r"(?<=[^\W\d_])-[ \t]*\n[ \t]*(?=[^\W\d_])")
# pypdf logs what it repairs ("EOF marker not found") on stderr; an unreadable PDF gets
# one UnusableDocument line instead, a repairable one needs no message
logging.getLogger("pypdf").setLevel(logging.ERROR)
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})


@register_reader((".pdf",), "application/pdf")
def read_pdf(path: Path) -> Document:
    pages = pdf_pages(path)
    text, page_starts = join_pages(pages)
    if not text.strip():
        raise UnusableDocument(path, "no text layer (scanned PDF?)")
    return make_document(path, text, "application/pdf", page_starts)


def pdf_pages(path: Path) -> list[str]:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:
        raise UnusableDocument(path, "reading PDF needs pypdf: pip install 'kg[pdf]'") from None
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise UnusableDocument(path, "encrypted PDF; decrypt it first")
        return [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError) as error:
        raise UnusableDocument(path, f"not a readable PDF ({type(error).__name__}: {error})") from None


def dehyphenate(text: str) -> str:
    """Join words split at a line end; keep hyphens that belong to the word.

    >>> dehyphenate("verant-\\nwoordelijk en ICT-\\nafdeling, 2024-\\n2025")
    'verantwoordelijk en ICT-afdeling, 2024-\\n2025'
    """

    def join(match: re.Match[str]) -> str:
        before, after = text[match.start() - 1], text[match.end()]
        return "" if before.islower() and after.islower() else "-"

    return _SPLIT_WORD.sub(join, text)


def join_pages(pages: list[str]) -> tuple[str, list[int]]:
    """The document text and the offsets at which pages 2, 3, ... start."""
    parts: list[str] = []
    starts: list[int] = []
    offset = 0
    for number, page in enumerate(pages):
        page = dehyphenate(page.translate(_LIGATURES).replace("\r\n", "\n")).strip("\n")
        if number:
            parts.append("\n")
            offset += 1
            starts.append(offset)
        parts.append(page)
        offset += len(page)
    return "".join(parts), starts
