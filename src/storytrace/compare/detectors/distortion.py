"""Polarity: a denial in the source become an assertion in the copy, or the reverse
(``distorted``)."""

from __future__ import annotations

from collections.abc import Iterator

from storytrace.compare.lexicon import NEGATION
from storytrace.compare.pair import Aligned, Discrepancy, Pair, short
from storytrace.compare.registry import register
from storytrace.read.sheet import Certainty


@register({"distorted": "high"}, per_claim=True)
def polarity(pair: Pair, aligned: Aligned) -> Iterator[Discrepancy]:
    c, u = aligned.copy, aligned.source
    flipped = {c.claim.certainty, u.claim.certainty} == {Certainty.DENIED, Certainty.ASSERTED}
    if flipped and c.people & u.people and not NEGATION.search(c.claim.text):
        yield pair.finding(
            "distorted",
            c.span,
            u.span,
            f"{pair.name} turns “{short(u.claim.text, 60)}” in its source "
            f"{pair.source_name} into “{short(c.claim.text, 60)}”.",
        )
