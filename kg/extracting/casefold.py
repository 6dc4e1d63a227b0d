"""Case-insensitive matching without ``re.IGNORECASE``, for rules run on every sentence.

Under ``re.IGNORECASE`` the regex engine cannot skip ahead to the positions where one of a
pattern's first letters occurs, so a cue list of alternatives costs the same at every
character of the text. Lowercasing the text once (:func:`fold`) and matching it with the
pattern's lowercased twin (:func:`folded_pattern`, no flag) gives the same matches several
times faster.

:func:`fold` keeps the length of the text, so offsets in the folded text are offsets in the
original. For patterns made of Latin letters it matches exactly what ``re.IGNORECASE``
would: ``str.lower`` agrees with the engine's case folding except for ``İ`` (which it
lowercases to two characters), dotless ``ı`` and long ``ſ``, which are mapped first
(``tests/test_casefold.py`` checks every letter the folded patterns use).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from functools import lru_cache

_ENGINE_FOLDS = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})
# an escape or a group name (kept as written), or a letter to lowercase
_KEPT_OR_LETTER = re.compile(r"\\.|\(\?P<[^>]*>|\(\?P=[^)]*\)|[^\W\d_a-z]", re.DOTALL)
_INLINE_FLAGS = re.compile(r"\(\?(?:[aiLmsux]+(?:-[imsx]+)?|-[imsx]+)[:)]")  # (?i:...), (?-i:...): left alone


def fold(text: str) -> str:
    """``text`` lowercased as ``re.IGNORECASE`` compares characters, same length."""
    # (isascii reads a flag the string keeps: most sentences need no search for the three)
    if not text.isascii() and ("İ" in text or "ı" in text or "ſ" in text):  # rare; translate is slow on every string
        text = text.translate(_ENGINE_FOLDS)
    return text.lower()


@lru_cache(maxsize=8)
def fold_document(text: str) -> str:
    """:func:`fold` of a whole document, kept for the few documents in hand."""
    return fold(text)


def folded_pattern(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The case-sensitive twin of an ``re.IGNORECASE`` pattern, for text passed through
    :func:`fold`: its letters lowercased, its escapes (``\\s``, ``\\W``, ``\\b``) and group names kept."""
    if not pattern.flags & re.IGNORECASE or _INLINE_FLAGS.search(pattern.pattern):
        raise ValueError(f"not a plain IGNORECASE pattern: {pattern.pattern[:60]!r}")
    source = _KEPT_OR_LETTER.sub(lambda m: m.group() if m.group()[0] in "\\(" else m.group().lower(), pattern.pattern)
    return re.compile(source, pattern.flags & ~re.IGNORECASE)


class Folded:
    """An ``re.IGNORECASE`` pattern that finds its matches in folded text, then reads each on
    the original text (at the same offsets), so that groups keep the case they were written in."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.folded = folded_pattern(pattern)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        for m in self.folded.finditer(fold_document(text), pos, endpos):
            # the original pattern matches here too, with the same span (see the module docstring)
            yield self.pattern.match(text, m.start(), endpos) or m
