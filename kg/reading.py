"""Reading documents: one reader per format, all giving a ``Document`` whose
``text`` is what every offset points into.

A reader plugs in by registering its file suffixes in ``READERS``; the HTML
and PDF readers (issue 6) add themselves the same way, the PDF one filling
``Document.page_starts`` so a claim can say on which page it stands.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from kg.model import Document


class UnusableDocument(ValueError):
    """A file we cannot read as a document; the message names the file and the problem."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


Reader = Callable[[Path], Document]
READERS: dict[str, tuple[str, Reader]] = {}  # suffix -> (media type, reader)

# "date 2025-06" (or "datum: 12-03-2024") on the first line: metadata, not title
_DATE_HEADER = re.compile(
    r"^[ \t]*(?:date|datum)\s*:?\s*(?P<date>\d{4}(?:-\d{2}(?:-\d{2})?)?)\b[ \t]*",
    re.IGNORECASE,
)
_MAX_TITLE = 120
MAX_DOCUMENT_ENV = "KG_MAX_DOCUMENT_MB"
DEFAULT_MAX_DOCUMENT_MB = 5.0  # a 2,000-page report; extraction runs at about 30 s per MB
# a document id goes into IRIs and URLs as it is: letters, digits and - _ . ~ only
_DOCUMENT_ID = re.compile(r"[\w.~-]{1,200}")


def register_reader(suffixes: tuple[str, ...], media_type: str) -> Callable[[Reader], Reader]:
    def decorate(reader: Reader) -> Reader:
        for suffix in suffixes:
            READERS[suffix] = (media_type, reader)
        return reader

    return decorate


def document_id(path: Path) -> str:
    return path.stem


def read_text_file(path: Path) -> str:
    """UTF-8 with newlines kept exactly as they are (the contract's offsets depend on it)."""
    raw = path.read_bytes()
    if not raw.strip():
        raise UnusableDocument(path, "empty file")
    if b"\x00" in raw[:8192]:
        raise UnusableDocument(path, "binary content (NUL bytes), not a text document")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise UnusableDocument(path, f"not valid UTF-8 (byte {err.start}: {raw[err.start:err.start + 1]!r})") from None
    return text.removeprefix("\ufeff")


def parse_date_header(text: str) -> tuple[str | None, int]:
    """The date a leading ``date YYYY-MM`` header gives, and where the body starts."""
    match = _DATE_HEADER.match(text)
    if not match or not _is_calendar_date(match.group("date")):
        return None, 0  # "date 2025-13" is no date: the line stays text, as written
    return match.group("date"), match.end()


def _is_calendar_date(iso: str) -> bool:
    """``2025``, ``2025-06`` or ``2025-06-30`` naming a real year, month or day."""
    parts = [int(p) for p in iso.split("-")]
    try:
        datetime.date(parts[0], *(parts[1:] + [1, 1])[:2])
    except ValueError:
        return False
    return True


# section names that open many reports but say nothing about this one
_GENERIC_HEADINGS = frozenset(
    "voorwoord inhoud inhoudsopgave inleiding samenvatting preface foreword contents introduction summary".split()
)
_MARKUP = re.compile(r"\||<[a-z/]|href=", re.IGNORECASE)


def guess_title(text: str, body_start: int) -> str | None:
    """The first line of prose in the body (not a table row, markup or a generic
    section name such as "Voorwoord"), cut at its first sentence end."""
    for line in text[body_start:].splitlines():
        line = line.strip(" \t-•◼#*")
        if not line or _MARKUP.search(line) or line.lower().rstrip(":") in _GENERIC_HEADINGS:
            continue
        sentence_end = re.search(r"[.!?](?=\s|$)", line)
        if sentence_end and sentence_end.start() > 10:
            line = line[: sentence_end.start()]
        if len(line) > _MAX_TITLE:
            line = line[:_MAX_TITLE].rsplit(" ", 1)[0] + "…"
        return line.strip() or None
    return None


# py3langid walks its sample byte by byte in Python (~0.3 µs a byte): the first 20,000
# characters cost 40% of reading and segmenting a document. Four slices spread from the
# start to the end decide as surely, and they see past a cover page or a summary in another
# language, which a prefix takes for the document's language. Slices of 1,250 characters
# gave the 20,000-character prefix's language on 671 documents (the corpus, the unseen test
# documents, benchmark and synthetic corpora), at least 1,670 ahead of the second language
# in log-probability; slices of 500 give the same languages on 336 of them (the corpus, the
# unseen, the 10x and the 100x synthetic documents), at least 675 ahead on those longer than
# the sample, for 1.7% less of the whole extraction's work. A sample above ~11,000 characters also made
# numpy's OpenBLAS run py3langid's final product in threads, which then spun ~70 ms per
# document on the other core (counted in the process's CPU).
_LANGUAGE_SLICES, _LANGUAGE_SLICE_CHARS = 4, 500


def language_sample(text: str) -> str:
    """What the language is told from: a short text whole; of a longer one, slices at its
    start, its end and evenly between, one per line."""
    count, width = _LANGUAGE_SLICES, _LANGUAGE_SLICE_CHARS
    if len(text) <= count * width:
        return text
    starts = ((len(text) - width) * i // (count - 1) for i in range(count))
    return "\n".join(text[start : start + width] for start in starts)


def detect_language(text: str) -> str | None:
    import py3langid  # imported here: loading its model costs ~0.3 s

    sample = language_sample(text)
    if len(sample.strip()) < 20:
        return None
    language, _ = py3langid.classify(sample)
    return language


def make_document(
    path: Path, text: str, media_type: str, page_starts: list[int] | None = None, title: str | None = None
) -> Document:
    """A document of ``text``; ``title`` when the format names one (HTML), else guessed."""
    date, body_start = parse_date_header(text)
    return Document(
        id=document_id(path),
        file_name=path.name,
        format=media_type,
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        title=title or guess_title(text, body_start),
        date=date,
        language=detect_language(text),
        page_starts=page_starts or [],
        body_start=body_start,
    )


@register_reader((".txt", ".text"), "text/plain")
def read_plain_text(path: Path) -> Document:
    return make_document(path, read_text_file(path), "text/plain")


@register_reader((".md", ".markdown"), "text/markdown")
def read_markdown(path: Path) -> Document:
    # Markdown is kept as written: offsets must point into the file's own characters
    return make_document(path, read_text_file(path), "text/markdown")


def max_document_bytes() -> int:
    return int(float(os.environ.get(MAX_DOCUMENT_ENV) or DEFAULT_MAX_DOCUMENT_MB) * 1_000_000)


def check_file(path: Path) -> None:
    """Refuse, before reading a byte, what no reader should get: a file name that
    cannot be a document id, a file above the size limit."""
    if not _DOCUMENT_ID.fullmatch(document_id(path)):
        raise UnusableDocument(
            path, f"the file name {document_id(path)!r} cannot be a document id (it goes into IRIs and URLs); "
            "rename the file using letters, digits, '-', '_' and '.' (at most 200)",
        )  # fmt: skip
    size, limit = path.stat().st_size, max_document_bytes()
    if size > limit:
        raise UnusableDocument(
            path, f"{size / 1e6:.1f} MB is above the {limit / 1e6:g} MB limit for one document "
            f"(set {MAX_DOCUMENT_ENV} to raise it; extraction takes about 30 s per MB)",
        )  # fmt: skip


def read_document(path: Path) -> Document:
    try:
        _, reader = READERS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(READERS))
        raise UnusableDocument(path, f"unsupported format {path.suffix or '(none)'}; known: {known}") from None
    try:
        check_file(path)
        return reader(path)
    except OSError as err:
        raise UnusableDocument(path, err.strerror or str(err)) from None


def find_documents(paths: list[Path]) -> Iterator[Path]:
    """Document files under the given files or folders, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in READERS)
        elif path.exists():
            yield path
        else:
            raise UnusableDocument(path, "no such file or folder")


# HTML and PDF readers register themselves; imported last, as they use this module
import kg.readers  # noqa: E402,F401
