import hashlib
from pathlib import Path

import pytest

from kg.reading import (
    READERS, UnusableDocument, detect_language, find_documents, guess_title, language_sample, parse_date_header,
    read_document,
)  # fmt: skip


@pytest.mark.parametrize(
    "text, date, body",
    [
        pytest.param(" date 2025-06 OpenAI gaat...", "2025-06", "OpenAI gaat...", id="year-month"),
        pytest.param("Date: 2024-03-12\nTitle here", "2024-03-12", "\nTitle here", id="colon-day"),
        pytest.param("datum 2023 Iets", "2023", "Iets", id="dutch-year"),
        pytest.param("Dated report 2025", None, "Dated report 2025", id="not-a-header"),
        pytest.param("In 2025-06 gebeurde het", None, "In 2025-06 gebeurde het", id="date-in-prose"),
        pytest.param("date 2025-13 Iets", None, "date 2025-13 Iets", id="no-such-month"),
        pytest.param("datum 2024-02-30 Iets", None, "datum 2024-02-30 Iets", id="no-such-day"),
        pytest.param("date 2024-02-29 Schrikkeldag", "2024-02-29", "Schrikkeldag", id="leap-day"),
    ],
)
def test_date_header(text: str, date: str | None, body: str) -> None:
    found, start = parse_date_header(text)
    assert found == date
    assert text[start:] == body


@pytest.mark.parametrize(
    "text, title",
    [
        pytest.param("Voorwoord\n\nDe arbeidsmarkt verandert snel. Meer tekst.", "De arbeidsmarkt verandert snel", id="skip-generic"),
        pytest.param("A | $5 <a href=x>\nSalaries rise\n", "Salaries rise", id="skip-table-row"),
        pytest.param("- Kort kopje\n", "Kort kopje", id="bullet-stripped"),
        pytest.param("\n\n  \n", None, id="no-title"),
    ],
)
def test_guess_title(text: str, title: str | None) -> None:
    assert guess_title(text, 0) == title


def test_long_title_is_cut_at_a_word() -> None:
    title = guess_title("woord " * 60, 0)
    assert title is not None and len(title) <= 121 and title.endswith("…")


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("bom", [b"", "\ufeff".encode()], ids=["plain", "byte-order-mark"])
@pytest.mark.parametrize("name", ["a.txt", "a.md"])
def test_sha256_is_that_of_the_texts_utf8(tmp_path: Path, bom: bytes, name: str) -> None:
    """Hashed from the file's bytes, not the text encoded again: the same digest."""
    doc = read_document(write(tmp_path, name, bom + "Één regel\r\nmet ‘tekst’ – 😀\n".encode()))
    assert doc.text == "Één regel\r\nmet ‘tekst’ – 😀\n"
    assert doc.sha256 == hashlib.sha256(doc.text.encode("utf-8")).hexdigest()


def test_text_keeps_newlines_as_they_are(tmp_path: Path) -> None:
    path = write(tmp_path, "mixed.txt", "date 2024-01 Eerste regel\r\ntweede\rderde\n".encode())
    doc = read_document(path)
    assert doc.text == "date 2024-01 Eerste regel\r\ntweede\rderde\n"
    assert doc.id == "mixed" and doc.file_name == "mixed.txt" and doc.format == "text/plain"
    assert doc.date == "2024-01" and doc.title == "Eerste regel"
    assert len(doc.sha256) == 64 and doc.length == len(doc.text)


def test_markdown_reader(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "note.md", "# Lonen in de zorg\n\nDe lonen stijgen.\n".encode()))
    assert doc.format == "text/markdown" and doc.title == "Lonen in de zorg"


def test_language_is_detected(tmp_path: Path) -> None:
    nl = read_document(write(tmp_path, "nl.txt", "De werkgevers zoeken mensen die goed kunnen samenwerken en leren.".encode()))
    en = read_document(write(tmp_path, "en.txt", "The employers are looking for people who can work together and learn.".encode()))
    assert (nl.language, en.language) == ("nl", "en")


def test_language_sample_is_bounded_and_spans_the_text() -> None:
    short = "Een korte tekst. " * 100
    assert language_sample(short) == short
    long = "".join(f"zin {i:06d}. " for i in range(20_000))  # 240,000 characters
    sample = language_sample(long)
    assert len(sample) <= 2_003  # four slices of 500 and the line breaks between them
    assert sample.startswith(long[:500]) and sample.endswith(long[-500:])
    assert long[500:1_000] not in sample  # slices, not a prefix


def test_language_is_told_from_the_body_past_a_long_front_matter() -> None:
    # an English summary longer than any prefix sample, before a Dutch report three times as long
    english = "The employers are looking for people who can work together and learn new skills. " * 300
    dutch = "De werkgevers zoeken mensen die goed kunnen samenwerken en nieuwe vaardigheden leren. " * 1_000
    assert len(english) > 20_000
    assert detect_language(english + dutch) == "nl"


@pytest.mark.parametrize(
    "name, data, problem",
    [
        pytest.param("empty.txt", b"", "empty file", id="empty"),
        pytest.param("blank.txt", b" \n\t\n", "empty file", id="whitespace-only"),
        pytest.param("bad.txt", b"caf\xe9 au lait", "not valid UTF-8", id="latin-1"),
        pytest.param("bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary", id="binary"),
        pytest.param("doc.docx", b"PK\x03\x04", "unsupported format", id="unknown-suffix"),
    ],
)
def test_unusable_documents_are_named(tmp_path: Path, name: str, data: bytes, problem: str) -> None:
    path = write(tmp_path, name, data)
    with pytest.raises(UnusableDocument) as info:
        read_document(path)
    assert str(info.value).startswith(str(path)) and problem in str(info.value)


def test_find_documents_is_sorted_and_filters_formats(tmp_path: Path) -> None:
    for name in ("b.txt", "a.md", "c.bin"):
        write(tmp_path, name, b"x")
    assert [p.name for p in find_documents([tmp_path])] == ["a.md", "b.txt"]
    with pytest.raises(UnusableDocument):
        list(find_documents([tmp_path / "missing"]))


def test_reader_registry_has_text_formats() -> None:
    assert {".txt", ".md"} <= set(READERS)
