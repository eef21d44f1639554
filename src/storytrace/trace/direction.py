"""Which article of a linked pair came first, decided only on evidence: publication
times, a credit to the other's outlet, or an outlet's own voice in one article that the
other credits (:mod:`storytrace.trace.voice`). Otherwise the order is unknown."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from storytrace.trace.evidence import Profile
from storytrace.trace.options import TraceOptions
from storytrace.trace.voice import upstream_by_voice


class Direction(StrEnum):
    """What decided which article of a link came first."""

    DATED = "dated"  # both publication dates known and apart
    CREDITED = "credited"  # the later one credits the other's outlet
    TEXTUAL = "textual"  # one speaks in an outlet's own voice, the other credits it
    UNKNOWN = "unknown"  # nothing says: the link has no order


@dataclass(frozen=True, slots=True)
class DirectionEvidence:
    """One piece of evidence for a link's direction: what it is, in which article, where
    (a character span into the clean text; None for a publication date from metadata)."""

    article_id: str
    what: str
    span: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article_id,
            "what": self.what,
            "span": list(self.span) if self.span else None,
        }


Why = tuple[Direction, tuple[DirectionEvidence, ...]]


def direction(a: Profile, b: Profile, opts: TraceOptions) -> tuple[str | None, Why]:
    """Which of ``a`` and ``b`` is upstream (None: unknown), what decided it and where.

    Only evidence decides: publication times, a credit to the other's outlet, or one
    article in an outlet's own voice where the other credits that outlet. Containment and
    specifics do not: on real rewrites (f3-dev) they point the wrong way 41-52% of the time
    (``bench/results/f3-before.json``)."""
    if a.published and b.published:
        hours = a.published.hours_before(b.published, opts.same_time_minutes)
        if hours is not None:
            first, later = (a, b) if hours > 0 else (b, a)
            return first.id, (Direction.DATED, _dates(first, later))
    a_credits_b, b_credits_a = a.credits_outlet(b), b.credits_outlet(a)
    if a_credits_b != b_credits_a:
        first, later = (b, a) if a_credits_b else (a, b)
        span = later.credit_span(first)
        what = f"credits {first.label}"
        return first.id, (Direction.CREDITED, (DirectionEvidence(later.id, what, span),))
    found = upstream_by_voice(a.voices, b.voices, opts.voice_margin)
    if found is not None:
        which, outlet, up_span, down_span = found
        first, later = (a, b) if which == 0 else (b, a)
        return first.id, (
            Direction.TEXTUAL,
            (
                DirectionEvidence(first.id, f"reports in {outlet}'s own voice", up_span),
                DirectionEvidence(later.id, f"retells {outlet}'s reporting", down_span),
            ),
        )
    return None, (Direction.UNKNOWN, ())


def _dates(first: Profile, later: Profile) -> tuple[DirectionEvidence, ...]:
    return tuple(
        DirectionEvidence(
            p.id,
            f"published {p.article.metadata.published}"
            f" ({p.article.metadata.published_from or 'given'})",
        )
        for p in (first, later)
    )
