"""kg.extracting.prefilter: the strings a pattern requires, and patterns that check them first."""

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extracting import definitions, entities, money, opinions, percentages, prefilter, risks, sources
from kg.extracting.casefold import fold
from kg.extracting.prefilter import (
    AfterNonWord, AtLineStarts, Prefiltered, required, required_all, top_level_alternatives,
)

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
PREFILTERED = [
    *sources._NAMED_RES, sources._CAPTION_RE, definitions._EXPLICIT, *(p for _, p in entities._UNLISTED_RES),
    percentages._WORD_UNIT_RE, money._MEASURE_CUES,
    opinions._SOURCE_CUE, opinions._ORG_VOLGENS_CUE,
]  # fmt: skip
PREFILTERED_FOLDED = [*(p for _, p in risks._FOLDED_CUES), *(p for p, _ in opinions._FOLDED_PATTERNS),
                      opinions._FOLDED_RESPONDENTS]  # fmt: skip


@pytest.mark.parametrize(
    "pattern, want",
    [
        (r"[Vv]olgens (?:de|het) X", {"olgens "}),
        (r"\bX (?:meldde|schreef)\b", {"meldde", "schreef"}),
        (r"(?:ab|cd)+ efgh", {" efgh"}),
        (r"(?i:defined) as such", {" as such"}),
        (r"(?:wordt )?gedefinieerd|is defined", {"gedefinieerd", "is defined"}),
        (r"(?:abc)? x", None),  # optional: nothing required
        (r"[A-Z]\w+ (?:a|bcd)", None),  # the shortest alternative is too short to filter
        (r"abc|\d+", None),  # one alternative requires nothing
        (r"(?<=volgens )X", None),  # an assertion's text is not part of the match
    ],
)
def test_required(pattern: str, want: set[str] | None) -> None:
    assert required(re.compile(pattern)) == (None if want is None else frozenset(want))


def test_ignorecase_needles_are_folded_and_looked_for_in_folded_text() -> None:
    assert required(re.compile("GeDefinieerd", re.IGNORECASE)) == {"gedefinieerd"}
    pattern = Prefiltered(re.compile(r"\w+ procent", re.IGNORECASE))
    assert pattern.search("Tien PROCENT").group() == "Tien PROCENT"
    assert pattern.search("tien procent", 1, 8) is None
    assert pattern.search("geen percentage") is None


def test_prefiltered_skips_texts_without_the_needles_and_finds_the_rest() -> None:
    pattern = Prefiltered(re.compile(r"(?P<org>[A-Z]\w+) (?:meldde|schreef)"))
    assert pattern.search("Niets hier.") is None
    assert list(pattern.finditer("Reuters meldde dat, en de FT schreef het.")) != []
    assert [m.group("org") for m in pattern.finditer("Reuters meldde dat, FT schreef het.", 8)] == ["FT"]
    assert pattern.search("Reuters meldde", 0, 10) is None  # the needle must lie inside pos..endpos
    assert pattern.match("Reuters meldde").group("org") == "Reuters"


def _paragraphs() -> list[str]:
    return [p for path in sorted(CORPUS.glob("*.txt")) for p in path.read_text(encoding="utf-8").split("\n\n")]


@pytest.mark.parametrize("folded", [False, True])
def test_every_corpus_match_holds_a_needle_and_prefiltering_changes_no_match(folded: bool) -> None:
    paragraphs = _paragraphs()
    for prefiltered in PREFILTERED_FOLDED if folded else PREFILTERED:
        for paragraph in paragraphs:
            text = fold(paragraph) if folded else paragraph
            plain = list(prefiltered.pattern.finditer(text))
            for m in plain:
                found = fold(m.group()) if prefiltered.pattern.flags & re.IGNORECASE else m.group()
                assert prefiltered.needles is None or any(n in found for n in prefiltered.needles), m.group()
            assert [m.span() for m in prefiltered.finditer(text)] == [m.span() for m in plain]


def test_short_and_long_texts_give_the_same_answer() -> None:
    """Up to SHORT_TEXT characters the needles are looked for one by one, beyond in one scan."""
    from kg.extracting import prefilter

    pattern = Prefiltered(re.compile(r"[A-Z]\w+ (?:meldde|schreef)"))
    filler = "x " * prefilter.SHORT_TEXT
    for text in ("Reuters meldde", filler + "Reuters schreef", filler, "FT schreef " + filler):
        for pos, endpos in ((0, len(text)), (0, 10**9), (-5, 12), (3, len(text) - 2), (8, 2)):
            found = pattern.pattern.search(text, pos, endpos)
            assert (pattern.search(text, pos, endpos) is None) == (found is None), (text[:20], pos, endpos)
            if found is not None:
                assert pattern.may_match(text, pos, endpos)


def test_needle_index_finds_what_a_search_of_each_passage_finds() -> None:
    from kg.extracting.prefilter import NeedleIndex

    text = "Jansen zei dat. Volgens Chen niet. Pietersen-Chen ook? Ja. Chenchen."
    words = ("Chen", "Jansen", "nchen")
    index = NeedleIndex(text, words)
    for pos in range(-2, len(text) + 2):
        for endpos in range(pos - 1, len(text) + 3):
            want = any(w in text[max(pos, 0) : max(endpos, 0)] for w in words)
            assert index.within(pos, endpos) == want, (pos, endpos)


def test_a_patterns_needle_index_agrees_with_its_check_of_each_passage() -> None:
    text = "Reuters meldde het. Daarna SCHREEF de FT iets. Niets. The FT wrote so."
    for pattern in (Prefiltered(re.compile(r"[A-Z]\w+ (?:meldde|wrote)")),
                    Prefiltered(re.compile(r"\w+ (?:schreef|wrote)", re.IGNORECASE))):
        index = pattern.index(text)
        for pos in range(len(text)):
            for endpos in range(pos, len(text) + 1):
                assert index.within(pos, endpos) == pattern.may_match(text, pos, endpos), (pos, endpos)
    assert Prefiltered(re.compile(r"\w+")).index(text) is None


# ------------------------------------------------------------------ Passages


def _holding_brute_force(text: str, passages: list[tuple[int, int]], needles: list[str]) -> set[int]:
    return {i for i, (start, end) in enumerate(passages) if any(n in text[start:end] for n in needles)}


@pytest.mark.parametrize("many", [False, True, "names"], ids=["find", "find, same first characters", "regex scan for names"])
def test_passages_holding_finds_every_passage_that_holds_a_needle(many: bool | str) -> None:
    from kg.extracting.prefilter import FEW_NAMES, Passages

    # with ``many``, needles with the same first character, also inside each other
    needles = ["aba", "bab", "cc"] + (["abc", "a.b", "a c", "ccc"] if many is True else [])
    if many == "names":  # all capitalised: a regex scan from more than FEW_NAMES on
        needles = ["Aba", "Bab", "Cc"] + [f"Z{i:02d}q" for i in range(FEW_NAMES)]
    rng = __import__("random").Random(7)
    for _ in range(300):
        text = "".join(rng.choice("abcABC ." if many == "names" else "abc .") for _ in range(rng.randint(0, 60)))
        cuts = sorted(rng.sample(range(len(text) + 1), min(len(text) + 1, rng.randint(0, 8))))
        passages = [(a, b) for a, b in zip(cuts, cuts[1:]) if rng.random() < 0.8]  # with gaps between some
        got = Passages([a for a, _ in passages], [b for _, b in passages]).holding(text, needles)
        want = _holding_brute_force(text, passages, needles)
        assert want <= set(got), (text, passages)
        # only a passage where a needle starts is added
        assert all(any(text.startswith(n, at) for n in needles for at in range(*passages[i])) for i in got)


def test_passages_holding_sees_overlapping_needles_a_whole_text_search_skips() -> None:
    from kg.extracting.prefilter import Passages

    text = "ababa"  # "aba" at 0 and at 2: re.finditer finds only the first, which runs past passage 0
    passages = Passages([0, 2], [2, 5])
    assert [m.start() for m in re.finditer("aba", text)] == [0]
    assert 1 in passages.holding(text, ["aba"])


def test_passages_holding_a_needle_across_a_boundary_holds_nothing_whole() -> None:
    from kg.extracting.prefilter import Passages

    text = "Het risi" + "co blijft."  # a needle cut by the boundary: in the text, in no passage
    passages = Passages([0, 8], [8, len(text)])
    assert "risico" in text and 1 not in passages.holding(text, ["risico"])
    assert passages.holding(text, ["nergens"]) == set()
    assert passages.holding(text, []) == set()


def test_passages_holding_without_needles_or_with_overlapping_passages_is_every_passage() -> None:
    from kg.extracting.prefilter import Passages

    assert list(Passages([0, 5], [5, 9]).holding("abcdefghi", None)) == [0, 1]
    assert list(Passages([0, 3], [5, 9]).holding("abcdefghi", ["zzz"])) == [0, 1]  # overlap: no scan


def test_needles_of_is_the_union_or_none() -> None:
    from kg.extracting.prefilter import needles_of

    a, b = Prefiltered(re.compile("alpha|beta")), Prefiltered(re.compile("gamma"))
    assert needles_of(a, b) == {"alpha", "beta", "gamma"}
    assert needles_of(a, Prefiltered(re.compile(r"\w+"))) is None


@pytest.mark.parametrize(
    "pattern, want",
    [
        (r"onder\s+druk|bedreigd", [{"onder", "druk"}, {"bedreigd"}]),
        (r"(?:hoog|groot)\s+risico", [{"hoog", "risico"}, {"groot", "risico"}]),
        (r"kwetsba(?:ar|re)", [{"kwetsba", "ar"}, {"kwetsba", "re"}]),
        (r"niet\s+(?:\w+\s+){0,8}directe", [{"niet", "directe"}]),
        (r"a+b", [{"a", "b"}]),
        (r"(?i:X)yz", [{"yz"}]),
        (r"abc|\w+", None),  # one alternative requires nothing
        (r"x?", None),
    ],
)
def test_required_all_asks_for_every_string_of_one_alternative(pattern: str, want: list[set[str]] | None) -> None:
    got = required_all(re.compile(pattern))
    assert (None if got is None else sorted(map(sorted, got))) == (None if want is None else sorted(map(sorted, want)))


def test_required_all_folds_ignorecase_strings_and_caps_the_clauses() -> None:
    assert required_all(re.compile(r"Onder\s+DRUK", re.I)) == (frozenset({"onder", "druk"}),)
    # 2**8 combinations: the parts past MAX_CLAUSES are left out, never a string a match may lack
    pattern = re.compile(r"\s".join(f"(?:a{i}|b{i})" for i in range(8)))
    clauses = required_all(pattern)
    assert clauses is not None and 1 < len(clauses) <= 64
    match = pattern.search(" ".join(f"b{i}" for i in range(8)))
    assert match and any(all(s in match.group() for s in c) for c in clauses)


@pytest.mark.parametrize("folded", [False, True])
def test_all_strings_prefilter_changes_no_match(folded: bool) -> None:
    patterns = PREFILTERED_FOLDED if folded else PREFILTERED
    texts = [fold(t) if folded else t for p in _paragraphs() for t in re.split(r"(?<=[.!?])\s+", p)]
    texts += ["het werk staat onder hoge druk", "onder de streep", "de druk neemt toe", "onder druk"]
    skipped = 0
    for p in patterns:
        strict = Prefiltered(p.pattern, all_strings=True)
        for text in texts:
            assert (strict.search(text) is None) == (p.pattern.search(text) is None), (p.pattern.pattern[:40], text)
            skipped += strict.may_match(text) < p.may_match(text)
    assert skipped  # the strict check does skip texts the one-string check lets through
    high = Prefiltered(next(p for level, p in risks._FOLDED_CUES if level == "high").pattern, all_strings=True)
    assert not high.may_match("de druk neemt toe") and high.may_match("het werk staat onder druk")


def test_many_needles_in_a_short_text_are_found_by_one_scan_as_by_the_loop() -> None:
    """Beyond MANY_NEEDLES strings a short text too is searched with one alternation."""
    from kg.extracting.prefilter import MANY_NEEDLES

    words = [f"w{i:02d}x" for i in range(MANY_NEEDLES + 4)]
    pattern = Prefiltered(re.compile(r"\b(?:" + "|".join(words) + r")\b"))
    assert pattern.needles is not None and len(pattern.needles) > MANY_NEEDLES
    for text in ("niets", "een w03x hier", "aw17xb", "w1", words[-1], "w05 x"):
        for pos, endpos in ((0, len(text)), (2, len(text)), (0, 4)):
            want = any(needle in text[pos:endpos] for needle in pattern.needles)  # ("17x": w is factored out)
            assert pattern.may_match(text, pos, endpos) == want, (text, pos, endpos)


def test_passages_holding_answers_again_what_it_found_and_each_text_for_itself() -> None:
    from kg.extracting.prefilter import Passages

    passages = Passages([0, 4], [4, 8])
    assert set(passages.holding("abc efgh", ["efg"])) == {1}
    assert set(passages.holding("abc efgh", ["efg"])) == {1}  # kept: the same answer
    assert set(passages.holding("efg abcd", ["efg"])) == {0}  # another text: its own answer
    assert set(passages.holding("abc efgh", ["abc", "efg"])) == {0, 1}


def test_needle_index_answers_every_range_as_a_search_of_it() -> None:
    from kg.extracting.prefilter import NeedleIndex

    words = ("a", "ab", "ba", "b c", "cab", "abab")
    rng = __import__("random").Random(3)
    for _ in range(300):
        text = "".join(rng.choice("ab c") for _ in range(rng.randint(0, 20)))
        needles = rng.sample(words, rng.randint(1, len(words)))
        index = NeedleIndex(text, needles)
        for pos in range(-2, len(text) + 2):
            for endpos in range(pos - 1, len(text) + 3):
                want = any(n in text[max(pos, 0) : max(endpos, 0)] for n in needles)
                assert index.within(pos, endpos) == want, (text, needles, pos, endpos)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab1 \t\n-:", max_size=60))
def test_at_line_starts_finds_what_a_multiline_scan_finds(text: str) -> None:
    line = r"[ \t]*(?P<n>\d)[ \t]*-(?P<rest>[ab]*)"
    flat = re.compile("^" + line, re.MULTILINE)
    lines = AtLineStarts(line)
    line_starts = [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]
    assert list(lines.starts(text)) == [at for at in line_starts if flat.match(text, at)]
    assert [(m.group("n"), m.group("rest")) for m in lines.matches(text)] == [
        (m.group("n"), m.group("rest")) for m in flat.finditer(text)
    ]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.text(alphabet="ab(-' .", min_size=1, max_size=4), min_size=1, max_size=6),
    st.text(alphabet="abAB(-' .\né_", max_size=40),
    st.sampled_from([r"\w", r"\w-"]),
    st.integers(-1, 42),
    st.integers(0, 42),
)
def test_after_non_word_spans_are_the_lookbehind_patterns_matches(
    names: list[str], text: str, word: str, pos: int, endpos: int
) -> None:
    # names that start with a character of the class or not (``(``), that hold one and
    # that end with one; a lookahead after them as the vocabularies' patterns have
    body = "(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")s?(?![^\W_])"
    lookbehind = re.compile(f"(?<![{word}])" + body)
    expected = [m.span() for m in lookbehind.finditer(text, pos, endpos)]
    assert list(AfterNonWord(word, body).spans(text, pos, endpos)) == expected


def test_top_level_alternatives_split_outside_groups_classes_and_escapes() -> None:
    assert top_level_alternatives(r"a[|\]]b|c\|d|(e|f)|[^]|]x|g") == [r"a[|\]]b", r"c\|d", "(e|f)", "[^]|]x", "g"]
    assert top_level_alternatives(r"[\]|]|[]|]|a") == [r"[\]|]", "[]|]", "a"]


# ------------------------------------------------------------------ occurrences

_PIECES = st.text(alphabet="ab cdé€\n😀Ω-", min_size=1, max_size=40)


def _long(piece: str) -> str:
    """``piece`` repeated past LONG_TEXT: a text the automaton scans."""
    return piece * (prefilter.LONG_TEXT // len(piece) + 1)


def _every_start(text: str, needle: str) -> list[int]:
    return [at for at in range(len(text)) if text.startswith(needle, at)]


@settings(max_examples=150, deadline=None)
@given(first=_PIECES, second=_PIECES, needles=st.lists(st.text(alphabet="ab cé€😀Ω", min_size=1, max_size=4), min_size=1, max_size=6))
def test_occurrences_are_every_start_whether_scanned_for_or_searched(first: str, second: str, needles: list[str]) -> None:
    """Needles asked for in one text are found in the next by the automaton, others by
    ``str.find``: either way every start, overlapping ones too (astral characters count one)."""
    texts = [_long(first), _long(second) + "x", _long(first) + "y"]
    for text in texts:
        for needle in needles:
            assert prefilter.occurrences(text, needle) == _every_start(text, needle)
    late = needles[0] + "a"  # first asked for in a text already scanned
    assert prefilter.occurrences(texts[-1], late) == _every_start(texts[-1], late)


def test_a_long_text_is_scanned_for_the_needles_asked_for_before() -> None:
    earlier, later = _long("Volgens de expert stijgt het loon. "), _long("Het loon daalt, volgens hem. ")
    assert prefilter.occurrences(earlier, "volgens") == _every_start(earlier, "volgens")
    assert prefilter.occurrences(earlier, "loon") != []
    index = prefilter._TextIndex(later)
    assert index.found["volgens"] == _every_start(later, "volgens")  # found before it is asked for
    assert index.found["loon"] == _every_start(later, "loon")


@pytest.mark.parametrize("text", ["kort: loon en loon", _long("loonloon ")])
def test_occurrences_of_overlapping_and_empty_needles(text: str) -> None:
    assert prefilter.occurrences(text, "oo") == _every_start(text, "oo")
    assert prefilter.occurrences(text, "") == list(range(len(text) + 1))
