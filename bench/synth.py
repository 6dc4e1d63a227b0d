"""Synthetic corpora N times the size of the bundled one, made from its own sentences.

Copy ``i`` of a document keeps its paragraphs but shuffles them (the first line,
with its ``date`` header, stays first), swaps organisations and people for others
of the same kind, and rewrites every figure digit by digit (same length, same
separators, so ``$1,34M`` stays a money figure and ``3,7%`` a percentage). The
claims of two copies therefore differ in value, subject and document, never only
in their id. Deterministic: the same seed gives the same corpus.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

# no domain names such as Booking.com: the source mapper gives "Booking.com" and "booking.com" two labels
ORGANISATIONS = ["Google", "Meta", "OpenAI", "Microsoft", "Amazon", "Apple", "Nvidia", "Anthropic", "IBM", "ASML",
                 "Philips", "ING", "Adyen", "Bol", "DeepMind", "Salesforce", "Oracle", "SAP"]  # fmt: skip
PEOPLE = ["Mark Chen", "Sam Altman", "Mark Zuckerberg", "Sundar Pichai", "Satya Nadella", "Jensen Huang",
          "Lisa Su", "Demis Hassabis", "Fei-Fei Li", "Andrew Ng", "Yann LeCun", "Mira Murati"]  # fmt: skip
_NAMES = re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(PEOPLE + ORGANISATIONS, key=len, reverse=True)) + r")\b")
_DIGITS = re.compile(r"\d+")


def perturb(text: str, rng: random.Random) -> str:
    """Swap names within their kind and rewrite every digit run (years too, within 2015-2030)."""

    def name(match: re.Match[str]) -> str:
        pool = PEOPLE if match[0] in PEOPLE else ORGANISATIONS
        return rng.choice(pool)

    def digits(match: re.Match[str]) -> str:
        run = match[0]
        if len(run) == 4 and run.startswith("20"):
            return str(rng.randint(2015, 2030))
        first = str(rng.randint(1, 9)) if run[0] != "0" else "0"
        return first + "".join(str(rng.randint(0, 9)) for _ in run[1:])

    return _DIGITS.sub(digits, _NAMES.sub(name, text))


def shuffle_paragraphs(text: str, rng: random.Random) -> str:
    separator = "\n\n" if "\n\n" in text else "\n"
    head, *rest = text.split(separator)
    rng.shuffle(rest)
    return separator.join([head, *rest])


def make_corpus(source: Path, target: Path, factor: int, seed: int = 6) -> list[Path]:
    """``factor`` copies of every document of ``source`` in ``target`` (``factor`` 1: the originals)."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(source.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for i in range(factor):
            rng = random.Random(f"{seed}/{path.name}/{i}")
            copy = text if factor == 1 else perturb(shuffle_paragraphs(text, rng), rng)
            out = target / f"{path.stem}_x{i:03d}.txt"
            out.write_text(copy, encoding="utf-8")
            written.append(out)
    return written
