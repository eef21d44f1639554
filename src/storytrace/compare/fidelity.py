"""A verdict per copy: how likely a derived article alters its source's facts.

The score is a logistic model over a few measurements of the copy against its source,
all taken from the comparison's pair context and its findings:

- ``new_content``: the share of the copy's content words (stems) its source never uses;
- ``unsupported``: the share of the copy's claim words in claims with no counterpart;
- ``new_names``: people, organisations and places the copy names and the source does not
  mention (at most 5 counted);
- ``new_numbers``: numbers the copy gives and the source does not (at most 5);
- counts of the copy's findings (at most 3 each) by family: additions
  (``unsupported_addition``), loaded words, background, attribution changes and changed
  facts (number, date, entity, distorted, hedge dropped).

The weights are ``CompareOptions.fidelity_weights``, fitted on fold 0 of f3-dev
(``bench/eval_f3_fidelity.py --fit``). The verdict is ``altered`` at a score of at least
``CompareOptions.altered_at``, else ``faithful``; ``unknown`` when the copy has fewer than
``CompareOptions.fidelity_min_words`` words of claims (too little to judge). The findings
the verdict rests on are the copy's findings, most severe first.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storytrace.compare.pair import Discrepancy, Pair

#: The finding families counted by the score, in the order of the weights after the four
#: measurements.
FAMILIES = (
    ("unsupported_addition",),
    ("loaded_language",),
    ("added_background",),
    ("attribution_strengthened", "attribution_dropped"),
    ("number_changed", "date_changed", "entity_changed", "distorted", "hedge_dropped"),
)
SIGNALS = ("new_content", "unsupported", "new_names", "new_numbers") + tuple(
    f[0] if len(f) == 1 else ("attribution" if "attribution_dropped" in f else "changed_fact")
    for f in FAMILIES
)
VERDICTS = ("faithful", "altered", "unknown")


@dataclass(frozen=True, slots=True)
class Fidelity:
    """The verdict on one copy: ``score`` in [0, 1] (how likely it alters its source's
    facts), ``verdict`` and the ids of the findings it rests on; ``signals`` are the
    measurements behind the score."""

    article: str
    upstream_article: str
    score: float
    verdict: str
    findings: tuple[str, ...]
    signals: tuple[tuple[str, float], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": round(self.score, 4),
            "verdict": self.verdict,
            "findings": list(self.findings),
            "upstream_article": self.upstream_article,
            "signals": {k: round(v, 4) for k, v in self.signals},
        }


def signals(pair: Pair, found: Sequence[Discrepancy]) -> tuple[float, ...]:
    """The measurements of the copy in ``pair`` (see the module docstring)."""
    copy_stems = pair.stems  # content_stems of each whole text, built once per story
    new = len(copy_stems - pair.source_stems) / (len(copy_stems) or 1)
    words = sum(len(v.claim.text.split()) for v in pair.views) or 1
    loose = sum(
        len(v.claim.text.split()) for i, v in enumerate(pair.views) if i not in pair.aligned
    )
    numbers = [q for v in pair.views for q in v.quantities if not pair.in_source(q)]
    counts = [min(3, sum(d.type in family for d in found)) for family in FAMILIES]
    return (new, loose / words, min(5, new_names(pair)), min(5, len(numbers)), *counts)


def new_names(pair: Pair) -> int:
    """Named things of the copy that its source's text never mentions (case-blind: some
    sources are lower-cased)."""
    source = pair.source_sheet.text.lower()
    sheet = pair.sheet
    found = 0
    for item in (*sheet.people, *sheet.organisations, *sheet.places):
        if not any(m.text.lower() in source for m in item.mentions):
            found += 1
    return found


def judge(pair: Pair, found: Sequence[Discrepancy]) -> Fidelity:
    """The fidelity of ``pair``'s copy, from its measurements and its findings (``found``,
    with their ids)."""
    opts = pair.options
    values = signals(pair, found)
    z = opts.fidelity_bias + sum(w * x for w, x in zip(opts.fidelity_weights, values, strict=True))
    score = 1 / (1 + math.exp(-z))
    words = sum(len(v.claim.text.split()) for v in pair.views)
    if words < opts.fidelity_min_words:
        verdict = "unknown"
    else:
        verdict = "altered" if score >= opts.altered_at else "faithful"
    return Fidelity(
        pair.copy.id,
        pair.source.id,
        score,
        verdict,
        tuple(d.id for d in found if d.id),
        tuple(zip(SIGNALS, values, strict=True)),
    )
