"""The claim model: documents, their segments, and typed claims with evidence spans.

Every claim keeps the raw span (``exact`` at ``start``..``end``) beside its
normalised fields, so a figure can always be traced back to its characters.
"""

from __future__ import annotations

import bisect
import hashlib
import operator
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

CONTEXT_CHARS = 32  # prefix/suffix length of a TextQuoteSelector


@dataclass(frozen=True, slots=True, order=True)
class Span:
    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end


@dataclass
class Document:
    """A document as the KG stores it: ``text`` is what every offset points into."""

    id: str
    file_name: str
    format: str  # media type, e.g. text/plain
    text: str
    sha256: str
    title: str | None = None
    date: str | None = None  # ISO 8601 year, month or day
    language: str | None = None
    # offsets at which pages 2, 3, ... start (PDF); empty for unpaged formats
    page_starts: list[int] = field(default_factory=list)
    # where the body starts after a metadata header such as "date 2025-06"
    body_start: int = 0

    @property
    def length(self) -> int:
        return len(self.text)

    def page_at(self, offset: int) -> int | None:
        if not self.page_starts:
            return None
        return bisect.bisect_right(self.page_starts, offset) + 1

    def line_column(self, offset: int) -> tuple[int, int]:
        """1-based line and column of an offset, as editors and SARIF count them."""
        line = self.text.count("\n", 0, offset) + 1
        column = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return line, column


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int  # index into SegmentedDocument.paragraphs

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass
class SegmentedDocument:
    document: Document
    paragraphs: list[Paragraph]
    sentences: list[Sentence]
    # results one extractor computed that another needs (money spans for counts): kept
    # with the document they belong to, so no extractor holds module-level state
    _memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def remember(self, key: str, value: Any) -> None:
        self._memo[key] = value

    @property
    def text(self) -> str:
        return self.document.text

    def sentence_text(self, sentence: Sentence) -> str:
        return self.document.text[sentence.start : sentence.end]

    def sentence_at(self, offset: int) -> Sentence | None:
        sentences = self.sentences
        i = bisect.bisect_right(self._sentence_starts(), offset) - 1
        if i >= 0 and sentences[i].start <= offset < sentences[i].end:
            return sentences[i]
        return None

    def _sentence_starts(self) -> list[int]:
        """The starts of ``sentences``, listed once: a bisection of them costs no Python call
        per step, as a key function would. Listed again if ``sentences`` is replaced or grows."""
        listed = self._memo.get("model.sentence_starts")
        if listed is None or listed[0] is not self.sentences or len(listed[1]) != len(self.sentences):
            listed = self._memo["model.sentence_starts"] = (self.sentences, [s.start for s in self.sentences])
        return listed[1]  # type: ignore[no-any-return]


@dataclass(kw_only=True)
class Claim:
    """What every claim has: its document, evidence span and the extractor that made it."""

    type: ClassVar[str] = "Claim"

    doc: str
    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""
    extractor: str = ""
    extractor_version: str = ""
    subjects: list[str] = field(default_factory=list)
    cited_sources: list[str] = field(default_factory=list)
    time: str | None = None
    # entities named in the passage, each with its own span: {"label", "start",
    # "end", "kind" (Person/Organization/Concept), "affiliation", "role", "field"}
    mentions: list[dict[str, Any]] = field(default_factory=list)
    id: str = ""

    @classmethod
    def at(cls, document: Document, start: int, end: int, **values: Any) -> "Claim":
        """A claim whose evidence is ``document.text[start:end]``, with quote context."""
        text = document.text
        return cls(
            doc=document.id,
            start=start,
            end=end,
            exact=text[start:end],
            prefix=text[max(0, start - CONTEXT_CHARS) : start],
            suffix=text[end : end + CONTEXT_CHARS],
            **values,
        )

    def content_key(self) -> str:
        # position-free, so editing another part of the document keeps this id
        return "\x1f".join((self.doc, self.type, self.exact, self.prefix, self.suffix))

    def to_json(self) -> dict[str, Any]:
        record: dict[str, Any] = dict(EMPTY_RECORD)
        for f in fields(self):
            if f.name in ("prefix", "suffix", "extractor", "extractor_version"):
                continue
            record[f.name] = getattr(self, f.name)
        record["type"] = self.type
        return {key: record[key] for key in JSONL_FIELDS} | {
            k: v for k, v in record.items() if k not in JSONL_FIELDS
        }


@dataclass(kw_only=True)
class NumericClaim(Claim):
    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    approximate: bool = False
    bound: str | None = None  # gt, lt, upto
    measure: str | None = None


@dataclass(kw_only=True)
class MonetaryAmount(NumericClaim):
    type: ClassVar[str] = "MonetaryAmount"
    currency: str | None = None
    period: str | None = None  # year, month, week, day, hour, once
    # the same figure stated again (``£295.000 (~$400k)``): the other claim while
    # extracting, its id once ids are assigned (kg.extracting.extract_claims)
    equivalent: "str | MonetaryAmount | None" = None
    # the amount in EUR and USD (per year where the period allows), with the
    # exchange rates used: kg.extracting.rates.ComparableValue.to_json() dicts
    comparable: list[dict[str, Any]] = field(default_factory=list)


@dataclass(kw_only=True)
class Percentage(NumericClaim):
    type: ClassVar[str] = "Percentage"


@dataclass(kw_only=True)
class Count(NumericClaim):
    type: ClassVar[str] = "Count"


@dataclass(kw_only=True)
class Quote(Claim):
    type: ClassVar[str] = "Quote"
    speaker: str | None = None
    affiliation: str | None = None


@dataclass(kw_only=True)
class ExpertOpinion(Claim):
    type: ClassVar[str] = "ExpertOpinion"
    holder: str | None = None


@dataclass(kw_only=True)
class RiskClassification(Claim):
    type: ClassVar[str] = "RiskClassification"
    holder: str | None = None
    target: str | None = None
    level: str | None = None


@dataclass(kw_only=True)
class Statement(Claim):
    type: ClassVar[str] = "Statement"


@dataclass(kw_only=True)
class SkillTrend(Claim):
    """A skill gaining or losing importance: ``target`` the skill, ``level``
    ``increasing`` or ``decreasing``, ``holder`` whose view it is."""

    type: ClassVar[str] = "SkillTrend"
    holder: str | None = None
    target: str | None = None
    level: str | None = None


@dataclass(kw_only=True)
class Definition(Claim):
    """A definition; the span is the defining text, ``term`` what it defines."""

    type: ClassVar[str] = "Definition"
    term: str | None = None


@dataclass(kw_only=True)
class Citation(Claim):
    """A numbered footnote citing a source; the span is the footnote's text."""

    type: ClassVar[str] = "Citation"
    marker: str | None = None
    publisher: str | None = None
    title: str | None = None
    url: str | None = None


CLAIM_TYPES: dict[str, type[Claim]] = {
    cls.type: cls
    for cls in (
        MonetaryAmount, Percentage, Count, Quote, ExpertOpinion, RiskClassification, Statement,
        SkillTrend, Definition, Citation,
    )
}  # fmt: skip

JSONL_FIELDS = (
    "id", "type", "doc", "start", "end", "exact", "value", "low", "high", "currency", "unit",
    "period", "approximate", "bound", "speaker", "affiliation", "holder", "target", "level",
    "subjects", "cited_sources", "time",
)  # fmt: skip
EMPTY_RECORD: dict[str, Any] = {name: None for name in JSONL_FIELDS} | {
    "approximate": False,
    "subjects": [],
    "cited_sources": [],
}


# the order claims are listed and numbered in: ``(claim.start, claim.end, claim.type)``, read in C
DOCUMENT_ORDER: Callable[[Claim], tuple[int, int, str]] = operator.attrgetter("start", "end", "type")


def assign_ids(claims: list[Claim]) -> list[Claim]:
    """Give each claim a stable id from its content; repeats of the same content
    (same text, same context) are numbered in document order."""
    seen: dict[str, int] = {}
    sha256 = hashlib.sha256
    for claim in sorted(claims, key=DOCUMENT_ORDER):
        key = claim.content_key()
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        digest = sha256(f"{key}\x1f{occurrence}".encode()).hexdigest()[:16]
        claim.id = f"{claim.doc}-{digest}"
    return claims
