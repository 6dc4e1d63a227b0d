"""kg.extracting.quotes: quotations with speaker and affiliation, on phrasings the corpus does not contain."""

import pytest

from kg.extracting import quotes
from kg.model import Document
from kg.segmenting import segment


def doc(text: str):
    return segment(Document(id="t", file_name="t.txt", format="text/plain", text=text, sha256=""))

CASES = [
    pytest.param("“AI verandert ons werk ingrijpend en snel.”– Jan de Vries, \nCBS \n\nVolgende alinea.",
                 "AI verandert ons werk ingrijpend en snel.", "Jan de Vries", "CBS", id="nl-dash-wrapped-org"),
    pytest.param("“Dit is pas het begin van een lange weg.” – \nEva Smit, Universiteit Leiden \n",
                 "Dit is pas het begin van een lange weg.", "Eva Smit", "Universiteit Leiden", id="nl-dash-name-next-line"),
    pytest.param("- “Salarissen stijgen dit jaar nog verder door.” – Tom Bakker, recruiter bij Adyen reuters.com. (Opvallend.)",
                 "Salarissen stijgen dit jaar nog verder door.", "Tom Bakker", "Adyen", id="nl-bullet-role-bij-org-domain"),
    pytest.param("“We nemen dit jaar veel meer mensen aan,” zei Lisa Jansen, directeur van Bol.",
                 "We nemen dit jaar veel meer mensen aan,", "Lisa Jansen", "Bol", id="nl-zei-after"),
    pytest.param("“The premium will shrink once the tools mature,” warned Tomas Berg, chief analyst at the consultancy Norvik.",
                 "The premium will shrink once the tools mature,", "Tomas Berg", "Norvik", id="en-role-at-the-kind-of-org"),
    pytest.param("“Dit gaat snel,” zegt Eva Smit, econoom bij het onderzoeksbureau Panteia.",
                 "Dit gaat snel,", "Eva Smit", "Panteia", id="nl-role-bij-het-kind-of-org"),
    pytest.param("“De markt is volledig oververhit op dit moment,” aldus Peter de Graaf.",
                 "De markt is volledig oververhit op dit moment,", "Peter de Graaf", None, id="nl-aldus-after"),
    pytest.param("Prof. Anna Visser, econoom bij DNB, merkt op: “De lonen lopen achter bij de productiviteit.”",
                 "De lonen lopen achter bij de productiviteit.", "Anna Visser", "DNB", id="nl-merkt-op-lead-in"),
    pytest.param("Volgens Bloomberg “betalen banken hun AI-teams inmiddels meer dan hun handelaren”.",
                 "betalen banken hun AI-teams inmiddels meer dan hun handelaren", "Bloomberg", None, id="nl-volgens-org"),
    pytest.param('"Banks will automate the back office first," said Omar Haddad of Lloyds.',
                 "Banks will automate the back office first,", "Omar Haddad", "Lloyds", id="en-said-name-of-org"),
    pytest.param("“De krapte houdt nog jaren aan,” zei Eva Smit van de Universiteit Leiden.",
                 "De krapte houdt nog jaren aan,", "Eva Smit", "Universiteit Leiden", id="nl-zei-name-van-org"),
    pytest.param('"Hiring has never been this hard for us," said Maria Lopez, chief economist at Indeed.',
                 "Hiring has never been this hard for us,", "Maria Lopez", "Indeed", id="en-said-after"),
    pytest.param('As one analyst put it: "Every company now wants an AI team of its own."',
                 "Every company now wants an AI team of its own.", "analyst", None, id="en-as-x-put-it"),
    pytest.param("Het loon ligt hoog: “bedrijven betalen grif voor talent met ervaring” glassdoor.com.",
                 "bedrijven betalen grif voor talent met ervaring", "glassdoor.com", None, id="nl-cited-publication-only"),
]


@pytest.mark.parametrize("text, exact, speaker, affiliation", CASES)
def test_quote(text: str, exact: str, speaker: str, affiliation: str | None) -> None:
    d = doc(text)
    found = quotes.extract(d)
    assert len(found) == 1, [q.exact for q in found]
    (q,) = found
    assert (q.exact, q.speaker, q.affiliation) == (exact, speaker, affiliation)
    assert text[q.start : q.end] == q.exact


NOT_QUOTES = [
    pytest.param("Functies zoals “Data Engineer” betalen goed.", id="scare-quoted-title"),
    pytest.param("Het werk wordt verzet door ‘robots’ en software.", id="single-quoted-term"),
    pytest.param("Zoals het gezegde luidt: “Wie niet waagt, die niet wint en dat geldt hier ook.”", id="a-saying"),
    pytest.param("Hij noemde het “waanzinnige” bedragen.", id="one-word-attributed"),
    pytest.param("De conclusie: “er gaan banen verdwijnen en verschijnen, maar het werk verandert vooral.”", id="no-attribution"),
]


@pytest.mark.parametrize("text", NOT_QUOTES)
def test_not_a_quote(text: str) -> None:
    assert quotes.extract(doc(text)) == []


SPEAKERS = [
    # a pronoun stands for the person named last before the quote
    pytest.param("Marieke Bos is stellig. Zij zei: “Dit gaat niet goed aflopen voor de sector.”", "Marieke Bos",
                 id="pronoun-speaker-previous-sentence"),
    pytest.param("Volgens econoom Karel Appel van de Radboud Universiteit stijgen de lonen. “Dat houdt nog wel even aan,” zegt hij.",
                 "Karel Appel", id="pronoun-after-role-before-name"),
    pytest.param("Sarah Lee, analyst at Gartner, disagrees. \"The numbers are far too optimistic here,\" she said.",
                 "Sarah Lee", id="en-pronoun-after-apposition"),
    pytest.param("Het rapport is somber. “Dit gaat niet goed aflopen voor de sector,” zei hij.", "hij",
                 id="pronoun-without-a-name-before-stays"),
    pytest.param('"Nobody saw this shift coming so fast," Maria Lopez said.', "Maria Lopez", id="en-name-then-said"),
    # a role before the name
    pytest.param("“Beloftes over omscholing worden zelden waargemaakt,” stelt bestuurder Joke Smit.", "Joke Smit",
                 id="role-before-name-after-quote"),
    pytest.param('"We will hire fewer juniors next year," said spokesperson Tom Reed.', "Tom Reed",
                 id="en-role-before-name"),
]


@pytest.mark.parametrize("text, speakers", [
    pytest.param("“De vraag blijft groot,” zegt Sanne Mol, directeur bij Brainnet. “We vinden simpelweg te weinig mensen.”",
                 ["Sanne Mol", "Sanne Mol"], id="nl-continued-after-verb"),
    pytest.param('"Costs are falling," said Omar Haddad of Lloyds. "Banks will automate the back office first."',
                 ["Omar Haddad", "Omar Haddad"], id="en-continued-after-said"),
    pytest.param("“De vraag blijft groot,” zegt Sanne Mol.\n\n“Niemand weet hoe dit zich ontwikkelt voor de sector.”",
                 ["Sanne Mol"], id="not-across-a-paragraph"),
    pytest.param("“De vraag blijft groot,” zegt Sanne Mol. “Het valt wel mee met die krapte,” zegt Piet Kok.",
                 ["Sanne Mol", "Piet Kok"], id="not-when-it-has-its-own-speaker"),
    pytest.param("“De vraag blijft groot,” zegt Sanne Mol. Dat gold ook voor de zorg, waar men “vooral wacht op betere regelingen van het Rijk”.",
                 ["Sanne Mol"], id="not-inside-a-sentence"),
])
def test_a_quote_that_goes_on_has_the_speaker_of_the_one_before(text: str, speakers: list[str]) -> None:
    found = quotes.extract(doc(text))
    assert [q.speaker for q in found] == speakers
    for q in found:
        assert text[q.start : q.end] == q.exact


@pytest.mark.parametrize("text, speaker", SPEAKERS)
def test_speaker(text: str, speaker: str) -> None:
    found = quotes.extract(doc(text))
    assert [q.speaker for q in found] == [speaker]
    for q in found:
        for mention in q.mentions:
            assert mention["end"] <= len(text)


def _scanned_publication(text: str, domain: str) -> str:
    """``people.publication_of_domain`` as a scan of every word of every capitalised phrase."""
    import re

    label = domain.lower().split(".")[-2] if domain.count(".") >= 1 else domain.lower()
    if label in ("www", "m", "news") and domain.count(".") >= 2:
        label = domain.lower().split(".")[-2]
    for m in re.finditer(r"(?<!\w)(?:[A-ZÀ-ÖØ-Þ]|\d)[\w]*(?:\s+[A-ZÀ-ÖØ-Þ][\w]*)*", text):
        words = m.group().split()
        for i in range(len(words)):
            joined = ""
            for j in range(i, len(words)):
                joined += words[j].lower()
                if joined == label and not words[i].islower():
                    return " ".join(words[i:])
                if not label.startswith(joined):
                    break
    return domain


def test_publication_of_domain_as_a_scan_of_every_phrase_finds() -> None:
    """Only the words that may begin a join are tried, not every word: the same answer."""
    from kg.extracting import people

    text = ("Het Signal Fire rapport en SignalFire zelf. Volgens de Financial Times Group en FT. "
            "Ook 3m en 3M Company, Levels Fyi, New York Times; www.nytimes.com. Sig Nal Fire Ltd")
    for domain in ("signalfire.com", "ft.com", "nytimes.com", "www.nytimes.com", "3m.com", "levels.fyi",
                   "levelsfyi.com", "sig.com", "news.signal.com", "fire.com", "unknown.org", "com", ".com"):
        assert people.publication_of_domain(text, domain) == _scanned_publication(text, domain), domain


def test_publication_of_domain_in_random_texts_as_the_scan_finds() -> None:
    """Words after a word character, at the text's start, opening with accented capitals or
    digits, phrases broken by lowercase words or line breaks: the same answer as the scan."""
    import random

    from kg.extracting import people

    alphabet = ["A", "b", "Ab", "É", "é", "Øb", "ß", "7", "7b", "_", " ", " ", "\n", "-", ".", "x", "Xa", "Ba"]
    domains = ["ab.com", "abba.nl", "7b.io", "ébab.org", "øb.com", "xa.com", "baab.com", "b.com", "-x.com",
               "ß.de", "7.com", "www.ab.com", "a.b.c"]
    rng = random.Random(11)
    texts = ["", "Ab", "7b Ab", "xAb", "_Ab Ba", "Ab\nBa ab.com", "ÉbAb Ba", "Ab ba Ba"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(1500)]
    for text in texts:
        for domain in domains:
            people.publication_of_domain.cache_clear()
            people._phrase_words_opening.cache_clear()
            assert people.publication_of_domain(text, domain) == _scanned_publication(text, domain), (text, domain)


def test_opening_marks_as_the_class_finds_them() -> None:
    import random

    rng = random.Random(5)
    alphabet = ["“", "„", '"', "‘", "’", "”", "a", " ", "\n"]
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert quotes._opening_marks(text) == [m.start() for m in quotes._OPEN.finditer(text)], text


def _searched_quoted_spans(text: str) -> list[tuple[int, int, int, int]]:
    """``quotes._quoted_spans`` as a search for the next opening mark after each quotation."""
    spans = []
    pos = 0
    while (m := quotes._OPEN.search(text, pos)) is not None:
        opener, pos = m.group(), m.end()
        if opener == "‘" and text[m.start() - 1 : m.start()].isalnum():
            continue
        close = text.find(quotes._PAIRS[opener], m.end(), m.end() + quotes._MAX_QUOTE)
        if opener == "“":
            straight = text.find('"', m.end(), close if close >= 0 else m.end() + quotes._MAX_QUOTE)
            if text.find("“", m.end(), close if close >= 0 else m.end()) >= 0:
                continue
            if close < 0 and straight >= 0:
                close = straight
        if close < 0 or quotes._BLANK_LINE.search(text, m.end(), close):
            continue
        inner = text[m.end() : close]
        start, end = m.end() + len(inner) - len(inner.lstrip()), close - (len(inner) - len(inner.rstrip()))
        if end > start:
            spans.append((m.start(), start, end, close + 1))
        pos = close + 1
    return spans


def test_quoted_spans_as_a_search_after_each_quotation_finds_them() -> None:
    import random

    rng = random.Random(9)
    alphabet = ["“", "„", '"', "‘", "’", "”", "a", "b ", " ", "\n", "\n\n", "x‘"]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert quotes._quoted_spans(text) == _searched_quoted_spans(text), text


def test_comment_start_as_the_alternation_finds_it() -> None:
    """The two scans for where an attribution's comment starts find the leftmost match of the
    alternation they replace."""
    import re

    from hypothesis import given, settings, strategies as st

    alternation = re.compile(r"(?<!\bDr)(?<!\bProf)\.\s+[(A-Z]|\s\(Dit\b|\s\(This\b")
    pieces = ["Dr", "Prof", "xDr", ".", " ", "\n", "(", "Dit", "This", "Dits", "A", "a", "é", "D", "_"]

    @settings(max_examples=1000, deadline=None)
    @given(st.lists(st.sampled_from(pieces), max_size=14).map("".join))
    def check(att: str) -> None:
        m = alternation.search(att)
        assert quotes._comment_start(att) == (m.start() if m else len(att))

    check()
