"""HTML and PDF readers: the same figures as from the plain text, offsets into the
stored text, the page of every claim, and one-line refusals of what cannot be read."""

from __future__ import annotations

import html
from collections import Counter
from pathlib import Path

import pytest

from kg import mapping
from kg.extracting import extract_claims
from kg.namespaces import KG
from kg.reading import READERS, UnusableDocument, read_document
from kg.readers.pdf import dehyphenate, join_pages
from kg.segmenting import segment
from kg.settings import load_settings

fpdf = pytest.importorskip("fpdf")
pytest.importorskip("pypdf")

CORPUS = load_settings().corpus_dir
FIGURE_TYPES = ("MonetaryAmount", "Percentage")


def figures(path: Path) -> Counter[tuple]:
    document = read_document(path)
    claims = extract_claims(segment(document))
    for claim in claims:
        assert document.text[claim.start : claim.end] == claim.exact
    return Counter(
        (c.type, c.value, c.low, c.high, getattr(c, "currency", None)) for c in claims if c.type in FIGURE_TYPES
    )


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def sample_text() -> str:
    """Document 001 (one short article) and the paragraphs of document 002 (a report
    as extracted from a PDF, hard-wrapped) that state money or percentages."""
    head = (CORPUS / "001_3678f6c9f475e505.txt").read_text(encoding="utf-8")
    report = paragraphs((CORPUS / "002_ddf72b7c495f327d.txt").read_text(encoding="utf-8"))
    more = [p for p in report if any(sign in p for sign in "$€%")][:20]
    return head.strip() + "\n\n" + "\n\n".join(more) + "\n"


def write_html(text: str, path: Path) -> Path:
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs(text))
    path.write_text(
        "<!doctype html><html><head><title>t</title><script>var pay = '$9,999,999';</script>"
        "<style>p { color: red }</style></head><body><nav><a href='/'>Home 50%</a></nav>"
        f"<header>Site €1M</header><main>{body}</main><aside>Advertentie 75%</aside>"
        "<footer>© 2025, 12 medewerkers</footer></body></html>",
        encoding="utf-8",
    )
    return path


def latin1(text: str) -> str:
    """The core PDF fonts know Latin-1 only; both sides of a comparison use this text."""
    swaps = {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "€": "EUR ", "…": "...", "\u202f": " "}
    for old, new in swaps.items():
        text = text.replace(old, new)
    return text.encode("latin-1", "replace").decode("latin-1")


def write_pdf(pages: list[str], path: Path) -> Path:
    pdf = fpdf.FPDF()
    pdf.set_font("helvetica", size=10)
    for page in pages:
        pdf.add_page()
        for paragraph in paragraphs(page):
            pdf.multi_cell(0, 5, paragraph)
            pdf.ln(3)
    pdf.output(str(path))
    return path


def test_html_and_pdf_are_registered() -> None:
    assert READERS[".html"][0] == READERS[".htm"][0] == "text/html"
    assert READERS[".pdf"][0] == "application/pdf"


def test_html_gives_the_same_figures_as_the_plain_text(tmp_path: Path) -> None:
    text = sample_text()
    (tmp_path / "plain.txt").write_text(text, encoding="utf-8")
    expected = figures(tmp_path / "plain.txt")
    assert sum(expected.values()) >= 5
    assert figures(write_html(text, tmp_path / "page.html")) == expected


def test_html_keeps_visible_article_text_only(tmp_path: Path) -> None:
    document = read_document(write_html("Eerste alinea &amp; meer.\n\nTweede alinea.", tmp_path / "a.html"))
    assert document.text == "Eerste alinea &amp; meer.\n\nTweede alinea."  # escaped once by write_html
    page = tmp_path / "b.htm"
    page.write_text("<body><div>caf&eacute; <b>bold</b>\n  text<br>next</div><script>x()</script><ul><li>one</li>"
                    "<li>two</li></ul></body>", encoding="utf-8")  # fmt: skip
    document = read_document(page)
    assert document.text == "café bold text\nnext\n\none\n\ntwo"
    assert document.format == "text/html"


def test_html_without_visible_text_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text("<html><body><nav>menu</nav><script>x()</script></body></html>", encoding="utf-8")
    with pytest.raises(UnusableDocument, match=r"empty\.html: no visible text"):
        read_document(page)


def test_pdf_gives_the_same_figures_as_the_plain_text(tmp_path: Path) -> None:
    text = latin1(sample_text())
    (tmp_path / "plain.txt").write_text(text, encoding="utf-8")
    expected = figures(tmp_path / "plain.txt")
    assert sum(expected.values()) >= 5
    assert figures(write_pdf([text], tmp_path / "report.pdf")) == expected


def test_pdf_keeps_the_page_of_every_claim(tmp_path: Path) -> None:
    pages = ["Inleiding over lonen in de zorg.", "Een verpleegkundige verdient gemiddeld EUR 3.400 per maand.",
             "Het aantal vacatures steeg met 12% in 2024."]  # fmt: skip
    document = read_document(write_pdf(pages, tmp_path / "pages.pdf"))
    assert len(document.page_starts) == 2
    claims = {c.exact: c for c in extract_claims(segment(document))}
    assert document.page_at(claims["12%"].start) == 3
    money = next(c for c in claims.values() if c.type == "MonetaryAmount")
    assert document.page_at(money.start) == 2
    triples = mapping.document_graphs(document, list(claims.values()))[mapping.document_graph_iri(document.id)]
    assert sorted({int(o) for _, p, o in triples if p == KG.page}) == [1, 2, 3]  # a statement per page


def test_pdf_hyphenated_line_wraps_are_joined(tmp_path: Path) -> None:
    pdf = fpdf.FPDF()
    pdf.set_font("helvetica", size=10)
    pdf.add_page()
    pdf.multi_cell(0, 5, "De manager is verant-\nwoordelijk voor de ICT-\nafdeling en verdient $120k per jaar.")
    pdf.output(str(tmp_path / "wrap.pdf"))
    document = read_document(tmp_path / "wrap.pdf")
    assert "verantwoordelijk" in document.text and "verant-" not in document.text
    assert "ICT-afdeling" in document.text


def test_dehyphenate_and_page_starts() -> None:
    assert dehyphenate("verant-\nwoordelijk, ICT-\nafdeling, 2024-\n2025") == "verantwoordelijk, ICT-afdeling, 2024-\n2025"
    text, starts = join_pages(["een ver-\nhaal", "twee", "drie"])
    assert text == "een verhaal\ntwee\ndrie" and starts == [12, 17]
    assert text[starts[0] :].startswith("twee") and text[starts[1] :].startswith("drie")


def test_pdf_without_text_layer_is_refused(tmp_path: Path) -> None:
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)  # a drawing, like a scan: no text
    pdf.output(str(tmp_path / "scan.pdf"))
    with pytest.raises(UnusableDocument, match=r"scan\.pdf: no text layer \(scanned PDF\?\)"):
        read_document(tmp_path / "scan.pdf")


def test_broken_pdf_is_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\nnot really a pdf")
    with pytest.raises(UnusableDocument, match=r"broken\.pdf: ") as info:
        read_document(tmp_path / "broken.pdf")
    assert "\n" not in str(info.value)
