"""Hostile documents through the real command line: each bad file gets one line on
stderr naming the file and the problem, exit code 2, never a traceback; odd but
readable files are read, and every claim's span still points at its words.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.reading import MAX_DOCUMENT_ENV, read_document

runner = CliRunner()
GOOD = "Een analist verdient $80k per jaar volgens levels.fyi. Dat is 5% meer dan in 2023.\n"


def kg(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), env=env, catch_exceptions=False)


def scanned_pdf(path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)  # a page with a drawing and no text: what a scan looks like
    pdf.output(str(path))


def big_text(path: Path) -> None:
    sentence = b"Een analist verdient $80k per jaar. "
    with path.open("wb") as out:
        for _ in range(50_000_000 // (len(sentence) * 1000) + 1):
            out.write(sentence * 1000)


def write(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


# (file name, how to write it, what the message must say)
BAD = [
    pytest.param("invalid.txt", write(b"Een zin \xff\xfe en nog een."), "not valid UTF-8 (byte 8", id="invalid-utf8"),
    pytest.param("latin1.md", write("Salaris: € 5.000 per maand, café".encode("cp1252")), "not valid UTF-8", id="latin1"),
    pytest.param("binary.txt", write(bytes(range(256)) * 40), "binary content", id="binary-with-text-extension"),
    pytest.param("png.txt", write(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)), "binary content", id="png-as-txt"),
    pytest.param("empty.txt", write(b""), "empty file", id="empty"),
    pytest.param("blank.md", write(b" \n\t\r\n\n"), "empty file", id="only-whitespace"),
    pytest.param("big.txt", big_text, "above the 5 MB limit", id="50MB"),
    pytest.param("scripts.html", write(b"<html><head><script>alert(1)</script></head><body><nav>menu</nav></body></html>"),
                 "no visible text in the HTML", id="html-only-scripts"),  # fmt: skip
    pytest.param("scan.pdf", scanned_pdf, "no text layer", id="pdf-without-text-layer"),
    pytest.param("broken.pdf", write(b"%PDF-1.4\n1 0 obj garbage"), "not a readable PDF", id="pdf-truncated"),
    pytest.param("my report.txt", write(GOOD.encode()), "cannot be a document id", id="space-in-file-name"),
    pytest.param('x"><script>.txt', write(GOOD.encode()), "cannot be a document id", id="markup-in-file-name"),
    pytest.param("notes.docx", write(b"PK\x03\x04"), None, id="unknown-extension-is-not-a-document"),
]


@pytest.mark.parametrize("name, make, problem", BAD)
def test_bad_document_one_line_exit_2(tmp_path: Path, name: str, make: Callable[[Path], None], problem: str | None) -> None:
    path = tmp_path / name
    make(path)
    result = kg("extract", str(path))
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr + result.stdout
    if problem is None:  # asked for by name: refused with the list of formats
        assert result.exit_code == 2 and "unsupported format .docx" in result.stderr
        return
    assert result.exit_code == 2, result.stderr
    assert len(lines) == 1, lines
    assert str(path) in lines[0] and problem in lines[0], lines[0]
    assert result.stdout == ""


def test_size_limit_is_a_setting(tmp_path: Path) -> None:
    path = tmp_path / "medium.txt"
    path.write_text(GOOD * 20, encoding="utf-8")  # 1.7 kB
    refused = kg("extract", str(path), env={MAX_DOCUMENT_ENV: "0.001"})
    assert refused.exit_code == 2 and MAX_DOCUMENT_ENV in refused.stderr
    assert kg("extract", str(path), env={MAX_DOCUMENT_ENV: "0.01"}).exit_code == 0


def test_same_text_under_two_names_is_refused_naming_both(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_text(GOOD, encoding="utf-8")
    result = kg("extract", str(tmp_path))
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert "b.txt" in result.stderr and "a.txt" in result.stderr and "same text" in result.stderr


def test_same_id_from_two_formats_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "a.md").write_text(GOOD + "Nog een zin.\n", encoding="utf-8")
    result = kg("extract", str(tmp_path))
    assert result.exit_code == 2 and "document id a also given by" in result.stderr


def claims_of(result) -> list[dict]:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


ODD = [
    pytest.param("crlf.txt", (GOOD.replace("\n", "\r\n") * 3).encode(), id="crlf"),
    pytest.param("mixed.txt", b"Een analist verdient $80k.\r\nDat is 5% meer.\rIn 2023 was het\n$70k.\r\n", id="mixed-line-endings"),
    pytest.param("nbsp.txt", "Een analist verdient\u00a0$80k\u00a0per jaar; dat is 5\u00a0% meer.".encode(), id="nbsp"),
    pytest.param("zw.txt", "Een ana\u200blist verdient $80\u200bk per jaar.\ufeff Dat is 5% meer.".encode(), id="zero-width"),
    pytest.param("tabs.txt", b"Een\tanalist\tverdient\t$80k\tper jaar.\t\tDat is 5%\tmeer.\n", id="tabs"),
    pytest.param("seps.txt", "Een analist verdient $80k.\u2028Dat is 5% meer.\u2029In 2023: $70k.\x0bEinde.".encode(), id="u2028-u2029"),
    pytest.param("bom.md", "\ufeff# Salaris\n\nEen analist verdient $80k per jaar.".encode(), id="bom"),
    pytest.param("combining.txt", "Cafe\u0301 e\u0301n analist: $80k; 5% meer.".encode(), id="combining-marks"),
    pytest.param("emoji.txt", "🚀 Een analist 👩🏽‍💻 verdient $80k 💰 per jaar, 5% 📈 meer.".encode(), id="astral-emoji"),
]


@pytest.mark.parametrize("name, data", ODD)
def test_odd_whitespace_is_read_and_spans_hold(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    claims = claims_of(kg("extract", str(path)))
    text = read_document(path).text
    assert claims, "no claims found in an ordinary sentence"
    for claim in claims:
        assert text[claim["start"] : claim["end"]] == claim["exact"], claim


def test_html_scripts_are_dropped_and_entities_decoded(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<!doctype html><html><head><title>T</title><script>var pay = '$999k'; alert(1)</script>"
        "<style>p { content: '77%' }</style></head><body><nav>Home &gt; Salaris</nav>"
        "<p>Een analist verdient &euro;&nbsp;5.000 per maand &amp; krijgt 5&#37; meer.</p>"
        "<p onclick=\"alert(2)\">In 2023 was dat &lt;b&gt;&#x20AC;&#160;4.800&lt;/b&gt;.</p></body></html>",
        encoding="utf-8",
    )
    claims = claims_of(kg("extract", str(path)))
    text = read_document(path).text
    assert "alert" not in text and "999" not in text and "77%" not in text and "Home" not in text
    assert "€\u00a05.000" in text and "<b>€\u00a04.800</b>" in text  # entities decoded, escaped markup kept as text
    exacts = {c["exact"] for c in claims}
    assert "€\u00a05.000" in exacts and "5%" in exacts
    for claim in claims:
        assert text[claim["start"] : claim["end"]] == claim["exact"]


def test_build_skip_bad_builds_the_rest_and_lists_what_it_skipped(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "copy.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "other.md").write_text("Een ontwikkelaar verdient $90k per jaar.\n", encoding="utf-8")
    for name, make, _ in (p.values for p in BAD):
        if name not in ("big.txt", "notes.docx"):  # the size case has its own test; .docx is no document
            make(corpus / name)
    store = tmp_path / "store"
    refused = kg("build", "--corpus", str(corpus), "--store", str(store))
    assert refused.exit_code == 2 and "store left unchanged" in refused.stderr and not store.exists()
    result = kg("build", "--corpus", str(corpus), "--store", str(store), "--skip-bad")
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    expected = {"good.txt"} | {  # copy.txt comes first: good.txt is the second name of the same text
        name for name, _, _ in (p.values for p in BAD) if name not in ("big.txt", "notes.docx")
    }
    assert len(skipped) == len(expected), skipped
    for name in expected:
        assert any(name in line for line in skipped), (name, skipped)
    assert "2 documents" in result.stderr
    table = kg("query", "documents", "--store", str(store), "--format", "csv")
    assert table.exit_code == 0 and table.stdout.count("\n") == 3  # header + good (or copy) + other
