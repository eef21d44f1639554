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

from rapidfuzz import fuzz

from storytrace.trace.options import TraceOptions

WORD = re.compile(r"\w+")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
NAME = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][\w'’-]*")

#: Function words that say nothing about content (shared by any two English sentences).
STOPWORDS = frozenset(
    """a an the and or but nor of in on at to for from by with without into onto over under
    about above after before during since until while as than then that this these those
    there here it its it's he she they we you i me him her them us our your their his my
    is are was were be been being am has have had having do does did done will would shall
    should can could may might must not no so if also just only very more most some any
    all each both other such own same too s t which who whom whose what when where why how
    said says say told according""".split()
)

STEM_LENGTH = 6
"""Words are compared by their first six letters: a crude stem that joins "inspector" and
"inspectors" or "reported" and "reporting" without a stemmer dependency."""


@dataclass(frozen=True, slots=True)
class Tokens:
    """One sentence prepared for comparison."""

    text: str  # lower-cased words joined by single spaces (what rapidfuzz compares)
    content: frozenset[str]  # stems of the content words
    numbers: frozenset[str]
    names: frozenset[str]


def tokens(sentence: str) -> Tokens:
    words = WORD.findall(sentence.lower())
    content = frozenset(w[:STEM_LENGTH] for w in words if w not in STOPWORDS and not w.isdigit())
    numbers = frozenset(n.replace(",", "") for n in NUMBER.findall(sentence))
    names = frozenset(n.lower() for n in NAME.findall(sentence))
    return Tokens(" ".join(words), content, numbers, names)


def features(a: Tokens, b: Tokens) -> tuple[float, float, float, float]:
    """``(token-set ratio, content-word Dice, number agreement, name agreement)``, each 0..1.

    Number and name agreement are 1 when neither sentence has any: absent details do not
    count against a pair, but a number in one sentence and not the other does.
    """
    return (
        fuzz.token_set_ratio(a.text, b.text) / 100,
        _dice(a.content, b.content),
        _agreement(a.numbers, b.numbers),
        _agreement(a.names, b.names),
    )


def paraphrase_score(a: Tokens, b: Tokens, options: TraceOptions) -> float:
    """Probability-like score (0..1) that ``a`` and ``b`` say the same thing."""
    linear = options.paraphrase_bias + sum(
        w * f for w, f in zip(options.paraphrase_weights, features(a, b), strict=True)
    )
    return 1 / (1 + math.exp(-linear))


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


def _agreement(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0
