"""kg: a knowledge graph of typed claims, each traceable to the characters it came from."""

from kg.model import (
    Claim, Count, Document, ExpertOpinion, MonetaryAmount, Percentage, Quote, RiskClassification,
    SegmentedDocument, Sentence, Span, Statement,
)  # fmt: skip

__version__ = "0.1.0"

__all__ = [
    "Claim", "Count", "Document", "ExpertOpinion", "MonetaryAmount", "Percentage", "Quote",
    "RiskClassification", "SegmentedDocument", "Sentence", "Span", "Statement", "__version__",
]  # fmt: skip
