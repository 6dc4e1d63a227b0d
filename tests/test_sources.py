"""kg.extracting.sources and kg.extracting.footnotes: the sources a document cites for a claim."""

from __future__ import annotations

import re

import pytest

from kg.extracting import extract_claims
from kg.extracting.footnotes import find_footnotes, find_markers
from kg.extracting import sources
from kg.extracting.sources import named_sources
from kg.model import Document
from kg.segmenting import segment


@pytest.mark.parametrize(
    "text, want",
    [
        pytest.param("Volgens Bloomberg verdienen zij $300k.", ["Bloomberg"], id="volgens"),
        pytest.param("Volgens data van Levels.fyi is dat $238K.", ["Levels.fyi"], id="volgens-data-van"),
        pytest.param("De Financial Times meldde dat het $2M was.", ["Financial Times"], id="meldde"),
        pytest.param("according to the Bureau of Labor Statistics, jobs grew", ["Bureau of Labor Statistics"], id="according-to"),
        pytest.param("Onderzoek van UWV onder 2.300 werkgevers", ["UWV"], id="onderzoek-van"),
        pytest.param("recent onderzoek van het WEF3, dat stelt", ["World Economic Forum"], id="marker-stripped-alt-label"),
        pytest.param("Volgens hem is dat zo.", [], id="pronoun"),
        pytest.param("Volgens één bron is dat zo.", [], id="lowercase"),
        pytest.param("Het Centraal Bureau voor de Statistiek meldde een daling.", ["Centraal Bureau voor de Statistiek"],
                     id="particles-voor-de"),
        pytest.param("Volgens de Raad voor het Openbaar Bestuur kan dat.", ["Raad voor het Openbaar Bestuur"],
                     id="particles-voor-het"),
        pytest.param("according to the Bank of the North, rates rose", ["Bank of the North"], id="particles-of-the"),
        pytest.param("Pay rose, according to a survey by the recruitment firm Talento.", ["Talento"], id="survey-by-the-kind-of-org"),
        pytest.param("Volgens het uitzendbureau Flexwerk stijgen de lonen.", ["Flexwerk"], id="volgens-het-kind-of-org"),
        pytest.param("Dat blijkt uit onderzoek van de denktank Polder Instituut.", ["Polder Instituut"], id="onderzoek-van-de-kind-of-org"),
        pytest.param("Het blijkt uit een enquête van vakbond Techniek Nu onder leden.", ["Techniek Nu"], id="enquete-van-kind-of-org-no-article"),
        pytest.param("Volgens Eurostat voor de meeste landen niet.", ["Eurostat"], id="particles-never-end-a-name"),
        pytest.param("Tekst.\nBronnen: CBS, UWV en TNO\n", ["CBS", "UWV", "TNO"], id="plural-caption-list"),
        pytest.param("Tekst.\nSources: Reuters; Financial Times and Bloomberg\n", ["Reuters", "Financial Times", "Bloomberg"],
                     id="plural-caption-list-en"),
        pytest.param("Tekst.\nBron: CBS, bewerking Intelligence Group\n", ["CBS, bewerking Intelligence Group"],
                     id="singular-caption-whole"),
        pytest.param("Werkgevers zoeken 2.300 technici, meldt het UWV.", ["UWV"], id="verb-first-after-comma"),
        pytest.param("She told the Financial Times that wages grew 4%.", ["Financial Times"], id="en-told-publication"),
        pytest.param("Hij vertelde aan de NOS dat de lonen 4% stegen.", ["NOS"], id="nl-vertelde-aan"),
        pytest.param("Ze zei tegen Reuters dat de lonen 4% stegen.", ["Reuters"], id="nl-zei-tegen"),
        pytest.param("Dit schreef de Volkskrant gisteren.", ["Volkskrant"], id="verb-first-after-dit"),
        pytest.param("Wages rose 4%, reports the Financial Times.", ["Financial Times"], id="en-verb-first-after-comma"),
        pytest.param("Hij meldt Reuters niet als bron.", [], id="verb-first-needs-comma-or-dat"),
    ],
)
def test_named_sources(text: str, want: list[str]) -> None:
    assert [s.label for s in named_sources(text, 0, len(text))] == want


def test_caption_cites_the_block_above() -> None:
    text = "Kop\n\nVan de werkgevers zegt 14% dat banen verdwijnen.\n\nBron: Werkgeverspanel 2024 (noot: klein)\n"
    doc = Document(id="d", file_name="d.txt", format="text/plain", text=text, sha256="", language="nl")
    [pct] = [c for c in extract_claims(segment(doc)) if c.type == "Percentage"]
    assert pct.cited_sources == ["Werkgeverspanel 2024"]


@pytest.mark.parametrize("text, cited", [
    pytest.param("Het aantal daalde met 12%. Dat blijkt uit cijfers van het Centraal Planbureau.", ["Centraal Planbureau"],
                 id="dat-blijkt-uit"),
    pytest.param("Het aantal daalde met 12%. Dit meldt Reuters.", ["Reuters"], id="dit-meldt"),
    pytest.param("Het aantal daalde met 12%. Dat meldt het UWV vandaag.", ["UWV"], id="dat-meldt-the-pronoun-is-no-source"),
    pytest.param("Wages rose by 4%. This is according to the OECD.", ["OECD"], id="en-this-is-according-to"),
    pytest.param("Het aantal daalde met 12%.\n\nDit meldt Reuters.", [], id="not-across-paragraphs"),
    pytest.param("Het aantal daalde met 12%. Volgens Reuters is dat zo.", [], id="a-source-of-its-own-sentence-only"),
])
def test_a_sentence_naming_the_source_of_the_one_before(text: str, cited: list[str]) -> None:
    doc = Document(id="d", file_name="d.txt", format="text/plain", text=text, sha256="", language="nl")
    [figure] = [c for c in extract_claims(segment(doc)) if c.type == "Percentage"]
    assert figure.cited_sources == cited


FOOTNOTED = (
    "Een verpleegkundige verdiende 3.200 euro per maand.2 Zie ook pagina 12.\n"
    "Zo leert het rapport (speech recognition)1 niets.\n\n"
    "1 WRR, 2021. Opgave AI | Rapport\n2 NU'91, 2023. Loonmonitor zorg\n\n"
    "https://www.wrr.nl/a\nhttps://www.nu91.nl/loonmonitor\n"
)


def test_footnotes_with_publisher_year_and_url() -> None:
    notes = find_footnotes(FOOTNOTED)
    assert [(f.number, f.publisher, f.year, f.url) for f in notes] == [
        (1, "WRR", 2021, "https://www.wrr.nl/a"), (2, "NU'91", 2023, "https://www.nu91.nl/loonmonitor"),
    ]  # fmt: skip


def test_markers_follow_the_sequence() -> None:
    # "maand.2" comes before marker 1 in the text, so it is not accepted; "12" is a page number
    assert [(m.number, FOOTNOTED[m.start : m.end]) for m in find_markers(FOOTNOTED)] == [(1, "1")]


def test_marker_glued_to_a_year() -> None:
    text = "de definities uit 20252: zie daar.\n\n1 A, 2020. X\n2 Rijksoverheid, 2025. Handreiking\n\nhttps://x.nl/1\nhttps://x.nl/2\n"
    text = "Een eerste noot (zie)1 en " + text
    assert [m.number for m in find_markers(text)] == [1, 2]


def test_a_claim_in_a_sentence_with_a_marker_cites_the_footnote() -> None:
    text = "De lonen stegen met 4%.1 Daarna niet.\n\n1 CBS, 2024. Cao-lonen\n\nhttps://www.cbs.nl/loon\n"
    doc = Document(id="d", file_name="d.txt", format="text/plain", text=text, sha256="", language="nl")
    [pct] = [c for c in extract_claims(segment(doc)) if c.type == "Percentage"]
    assert pct.cited_sources == ["CBS, 2024", "https://www.cbs.nl/loon"]


def test_parenthesised_organisation_after_a_figure() -> None:
    text = "Zij verdienen gemiddeld $116.000 (Glassdoor) per jaar."
    doc = Document(id="d", file_name="d.txt", format="text/plain", text=text, sha256="", language="nl")
    [money] = [c for c in extract_claims(segment(doc)) if c.type == "MonetaryAmount"]
    assert money.cited_sources == ["Glassdoor"]
    assert "Glassdoor" not in money.subjects


def searched(text: str, start: int, end: int) -> list:
    """The citation runs of ``text[start:end]`` by a search of the range for domains alone."""
    runs: list = []
    for match in sources._DOMAIN.finditer(text, start, end):
        domain = match.group(1).lower().rstrip(".")
        if runs and not text[runs[-1][1] : match.start()].strip(" ,"):
            runs[-1] = (runs[-1][0], match.end(), runs[-1][2] + [d for d in [domain] if d not in runs[-1][2]])
        else:
            runs.append((match.start(), match.end(), [domain]))
    return runs


def test_citation_runs_of_any_range_as_the_domain_search_alone_finds() -> None:
    """Ranges without a dot before a top-level domain are not searched: the same runs."""

    text = "Lonen stegen $189.000 aijobs.net AIJobs.NET. Zie ook levels.fyi, glassdoor.com en x.co.uk; niet www/a.nl of a@b.com."
    for start in range(0, len(text), 3):
        for end in range(start, len(text) + 1, 2):
            assert sources.find_citation_runs(text, start, end) == searched(text, start, end), (start, end)


def test_named_sources_of_any_range_as_the_patterns_alone_find() -> None:
    text = ("Volgens Reuters groeit het. De FT meldde dat. Onderzoek van het CBS toont het; DATA FROM Eurostat ook.\n"
            "Bron: UWV Werkgeversonderzoek 2024\nSource: Indeed (2023)\nBronnen: CBS, TNO en UWV")
    for start in range(0, len(text), 4):
        for end in range(start, len(text) + 1, 5):
            want = []
            for pattern in sources._NAMED_RES:
                want += [(m.start("name"), m.end("name")) for m in pattern.pattern.finditer(text, start, end)
                         if sources._normalise(m.group("name"))]
            want += [span for m in sources._CAPTION_RE.pattern.finditer(text, max(0, start - 1), end)
                     for span in sources._caption_items(m) if sources._normalise(text[slice(*span)])]
            assert sorted(set(want)) == sorted({(s.start, s.end) for s in sources.named_sources(text, start, end)}), (start, end)


@pytest.mark.parametrize(
    "note_line",
    ["1 WRR, 2021. Opgave AI", " 1 WRR, 2021. Opgave AI", "\t1\tWRR, 2021. Opgave AI", "1 \tWRR, 2021. Opgave AI\r"],
)
def test_footnotes_are_found_however_their_line_starts(note_line: str) -> None:
    text = f"Iets geldt (speech)1 zo.\n\n{note_line}\n\nhttps://www.wrr.nl/a\n"
    assert [(f.number, f.publisher, f.url) for f in find_footnotes(text)] == [(1, "WRR", "https://www.wrr.nl/a")]


@pytest.mark.parametrize("text", ["", "Geen voetnoten.\n\nhttps://www.wrr.nl/a\n", "  1 WRR, 2021.\n", "1234 WRR, 2021.\n\nhttps://x.nl\n"])
def test_a_text_without_a_note_line_has_no_footnotes(text: str) -> None:
    assert find_footnotes(text) == []


def test_domains_are_read_only_where_a_sentence_holds_a_top_level_domain() -> None:
    text = "Het mediane salaris is $189.000 aijobs.net levels.fyi. Geen bron voor $100.000 hier. Zie ook x.com."
    claims = extract_claims(segment(Document("d", "d.txt", "text/plain", text, "")))
    cited = {c.exact: c.cited_sources for c in claims if c.type == "MonetaryAmount"}
    assert cited == {"$189.000": ["aijobs.net", "levels.fyi"], "$100.000": []}


def test_source_sentences_keep_every_sentence_a_pattern_finds_a_source_in() -> None:
    """Any cut of a text into sentences (also right after a caption's "B" or "S", also with
    gaps): the sentences _source_sentences skips hold no named source, and for the others
    the patterns it runs find what named_sources finds."""
    import random

    from kg.model import Paragraph, SegmentedDocument, Sentence

    text = ("Volgens Reuters groeit het. De FT meldde dat. Onderzoek van het CBS toont het; DATA FROM Eurostat ook.\n"
            "Bron: UWV Werkgeversonderzoek 2024\nSource: Indeed (2023) Niets hier. Xsource: Acme\nBron:Acme")
    document = Document(id="t", file_name="t.txt", format="text/plain", text=text, sha256="")
    rng = random.Random(7)
    skipped = 0
    for _ in range(300):
        cuts = sorted(rng.sample(range(1, len(text)), rng.randint(1, 30)))
        bounds = list(zip([0, *cuts], [*cuts, len(text)]))
        sentences = [Sentence(a + (rng.random() < 0.2), b, 0) for a, b in bounds if a + 1 < b]  # some gaps
        doc = SegmentedDocument(document, [Paragraph(0, len(text))], sentences)
        candidates, named, caption = sources._source_sentences(doc)
        assert candidates == sorted(candidates)
        for index, sentence in enumerate(sentences):
            want = sources.named_sources(text, sentence.start, sentence.end)
            if index not in candidates:
                assert want == [], (index, sentence)
                skipped += 1
                continue
            got = sources._named_sources(text, sentence.start, sentence.end, [index in n for n in named], index in caption)
            assert got == want
    assert skipped  # sentences holding no cue word are skipped


def test_dots_before_tlds_in_folded_text_as_in_the_text() -> None:
    """The scan of the folded document finds the places the case-insensitive pattern finds."""
    from hypothesis import given, settings, strategies as st

    pieces = [".", "com", "COM", "Co", "de", "DE", "ſ", "İ", "K", "\u212a", "x", " ", "nl", "fyi"]

    @settings(max_examples=1000, deadline=None)
    @given(st.lists(st.sampled_from(pieces), max_size=12).map("".join))
    def check(text: str) -> None:
        sources._dots_before_tlds.cache_clear()
        assert sources._dots_before_tlds(text) == [m.start() for m in sources._DOT_TLD.finditer(text)]

    check()


def test_domain_run_start_as_the_case_insensitive_class_reads_backwards() -> None:
    """The run of domain characters before a dot, stripped from the folded text (windows
    widened for long runs), starts where ``[a-z0-9.-]*`` (IGNORECASE) matched backwards from it
    ends; and the folded class holds what the case-insensitive one matches, for every character."""
    import sys

    from hypothesis import given, settings, strategies as st

    from kg.extracting.casefold import fold

    backwards_class = re.compile(r"[a-z0-9.-]*", re.IGNORECASE)
    one = re.compile(r"[a-z0-9.-]", re.IGNORECASE)
    characters = set(sources._DOMAIN_CHARACTERS)
    assert all(bool(one.match(chr(c))) == (fold(chr(c)) in characters)
               for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    pieces = ["a", "x" * 70, "-" * 200, ".", "com", "ſ", "İ", "\u212a", "/", " ", "é", "9"]

    @settings(max_examples=500, deadline=None)
    @given(st.lists(st.sampled_from(pieces), max_size=12).map("".join))
    def check(text: str) -> None:
        backwards = text[::-1]
        for dot in range(len(text) + 1):
            run = backwards_class.match(backwards, len(text) - dot)
            assert sources._domain_run_start(fold(text), dot) == dot - (run.end() - run.start())

    check()


def test_citation_runs_of_many_ranges_as_of_each_range_alone() -> None:
    """One pass over a document's dots finds each range's runs, as a search of that range alone
    (also with case-insensitive letters the folded domain pattern must read the same: ſ, K, İ)."""
    from hypothesis import given, settings, strategies as st

    pieces = ["a", "x.", ".", "com", "CO", "uK", "ſ", "İ", "\u212a", "-", "/", "@", " ", ", ", "nl", "fyi", "9", "é"]

    @settings(max_examples=500, deadline=None)
    @given(st.lists(st.sampled_from(pieces), max_size=16).map("".join), st.lists(st.integers(0, 40), max_size=8))
    def check(text: str, cuts: list[int]) -> None:
        sources._dots_before_tlds.cache_clear()
        bounds = sorted({min(c, len(text)) for c in cuts} | {0, len(text)})
        starts, ends = bounds[:-1], bounds[1:]
        want = {i: runs for i, (a, b) in enumerate(zip(starts, ends)) if (runs := searched(text, a, b))}
        assert sources._citation_runs(text, starts, ends) == want

    check()


def test_study_sentences_as_a_search_for_each_link() -> None:
    """The sentences _study_sentences finds are those in which a study word ends right before
    one of the links (every occurrence of each, also overlapping ones)."""
    from hypothesis import given, settings, strategies as st

    from kg.model import Paragraph, SegmentedDocument, Sentence

    pieces = ["data", "Onderzoek", "RAPPORT", "enquête", "report", " van ", " VAN", " from ", " by", "van", " ", "x", "."]

    @settings(max_examples=500, deadline=None)
    @given(st.lists(st.sampled_from(pieces), max_size=14).map("".join), st.lists(st.integers(1, 60), max_size=6))
    def check(text: str, cuts: list[int]) -> None:
        bounds = sorted({min(c, len(text)) for c in cuts} | {0, len(text)})
        sentences = [Sentence(a, b, 0) for a, b in zip(bounds, bounds[1:])]
        doc = SegmentedDocument(Document("t", "t.txt", "text/plain", text, ""), [Paragraph(0, len(text))], sentences)
        folded = text.lower()
        want = set()
        for link in (" van ", " from ", " by "):
            want |= {i for at in range(len(folded)) if folded.startswith(link, at)
                     and folded.endswith(tuple(sources._STUDY_WORDS), 0, at)
                     for i, s in enumerate(sentences) if s.start <= at < s.end}
        assert sources._study_sentences(doc) == want

    check()
