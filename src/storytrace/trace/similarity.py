"""Sentence similarity for paraphrase detection: cheap lexical features, one linear score.

The features are the ones the issue names — token-set ratio, shared content words, shared
numbers and shared names — combined by the weights in :class:`TraceOptions`, which
``bench/eval_paraphrase.py`` fits on the msrp training split. Sentences are compared as
:class:`Tokens` so a sentence is tokenised once however many pairs it takes part in.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from storytrace.text import STOP_WORDS, stem
from storytrace.trace.options import TraceOptions

WORD = re.compile(r"\w+")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
NAME = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][\w'’-]*")


@dataclass(frozen=True, slots=True)
class Tokens:
    """One sentence prepared for comparison."""

    text: str  # lower-cased words joined by single spaces (what rapidfuzz compares)
    content: frozenset[str]  # stems of the content words
    numbers: frozenset[str]
    names: frozenset[str]


#: Sentences whose :class:`Tokens` :func:`tokens` keeps: a story's wire copies repeat most
#: sentences (on the generated corpus, seed 1: 9,584 distinct of 36,501 long sentences).
TOKENS_CACHE = 16_384


@lru_cache(maxsize=TOKENS_CACHE)
def tokens(sentence: str) -> Tokens:
    """``sentence`` prepared for comparison, once per distinct sentence (the last
    ``TOKENS_CACHE`` kept: a :class:`Tokens` is immutable)."""
    words = WORD.findall(sentence.lower())
    content = frozenset(stem(w) for w in words if w not in STOP_WORDS and not w.isdigit())
    numbers = frozenset(n.replace(",", "") for n in NUMBER.findall(sentence))
    names = frozenset(n.lower() for n in NAME.findall(sentence))
    return Tokens(" ".join(words), content, numbers, names)


def features(
    a: Tokens, b: Tokens, set_ratio: float | None = None
) -> tuple[float, float, float, float]:
    """``(token-set ratio, content-word Dice, number agreement, name agreement)``, each 0..1.

    Number and name agreement are 1 when neither sentence has any: absent details do not
    count against a pair, but a number in one sentence and not the other does.
    ``set_ratio``: rapidfuzz's token-set ratio of the two (0-100) when already computed.
    """
    if set_ratio is None:
        set_ratio = fuzz.token_set_ratio(a.text, b.text)
    return (
        set_ratio / 100,
        _dice(a.content, b.content),
        _agreement(a.numbers, b.numbers),
        _agreement(a.names, b.names),
    )


def paraphrase_score(
    a: Tokens, b: Tokens, options: TraceOptions, set_ratio: float | None = None
) -> float:
    """Probability-like score (0..1) that ``a`` and ``b`` say the same thing
    (``set_ratio``: see :func:`features`)."""
    ratio, dice, numbers, names = features(a, b, set_ratio)
    w_ratio, w_dice, w_numbers, w_names = options.paraphrase_weights
    # the weighted sum in the order ``sum`` adds it, so the score keeps every bit
    linear = options.paraphrase_bias + (
        w_ratio * ratio + w_dice * dice + w_numbers * numbers + w_names * names
    )
    return 1 / (1 + math.exp(-linear))


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


def _agreement(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0
