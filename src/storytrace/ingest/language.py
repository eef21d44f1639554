"""storytrace reads English only: a cheap test that a text is English, so other
languages are warned about instead of being read silently into nonsense."""

from __future__ import annotations

import re

ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to a in is was that for on with as by at from it he she they his her "
    "their said has have had be been were are this an not but or which who after will".split()
)
_WORD = re.compile(r"[^\W\d_]+")
MIN_WORDS = 30
"""Shorter texts are not judged."""


def english_share(text: str) -> float:
    """The share of the words of ``text`` that are common English function words."""
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return 0.0
    return sum(w in ENGLISH_FUNCTION_WORDS for w in words) / len(words)


def looks_english(text: str, min_share: float) -> bool:
    """Whether ``text`` reads as English (or is too short to tell)."""
    if len(_WORD.findall(text)) < MIN_WORDS:
        return True
    return english_share(text) >= min_share
