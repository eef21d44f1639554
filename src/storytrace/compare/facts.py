"""Independent support: the claims of a story's articles grouped into facts, each with the
articles that state it and the independent origins behind them.

Claims are compared as :mod:`storytrace.compare.claims` views. A copy counts with its
source, not beside it: the origins of a fact are the heads of the derivation groups of the
articles stating it (:func:`storytrace.trace.origins.origin_heads`); a copy's own
addition is its own origin.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from storytrace.compare.claims import (
    COUNTABLE,
    RATIO_AND_NUMBER,
    ClaimView,
    Members,
    StoryClaims,
    Upstream,
    claim_views,
    comparable,
    content_stems,
    content_stems_ordered,
    date_conflicts,
    dates_agree,
    number_conflicts,
    overlap_score,
    role,
    same_number,
    similarity,
    similarity_bound,
    stem,
)
from storytrace.compare.options import CompareOptions
from storytrace.compare.years import Dated, article_dates, article_year
from storytrace.model import Span
from storytrace.read.numbers import Quantity
from storytrace.trace.origins import origin_heads

#: Names this module gave before claims moved to :mod:`storytrace.compare.claims`.
__all__ = [
    "COUNTABLE",
    "ClaimView",
    "Dated",
    "Fact",
    "FactSlots",
    "Members",
    "Statement",
    "Upstream",
    "align_facts",
    "article_dates",
    "article_year",
    "claim_views",
    "comparable",
    "content_stems",
    "content_stems_ordered",
    "date_conflicts",
    "dates_agree",
    "group_claims",
    "number_conflicts",
    "role",
    "same_number",
    "similarity",
    "similarity_bound",
    "stem",
]


@dataclass(frozen=True, slots=True)
class Statement:
    """One article's wording of a fact: the claim's span in its clean text."""

    article_id: str
    span: Span
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article_id,
            "span": [self.span.start, self.span.end],
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class FactSlots:
    """The normalised values the statements of a fact carry."""

    people: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    quantities: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    places: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {name: list(getattr(self, name)) for name in self.__slots__}


@dataclass(frozen=True, slots=True)
class Fact:
    """Claims stating the same fact across articles.

    ``support`` is every article that states it; ``independent_support`` the origins
    behind them once derived copies are collapsed onto their source. ``status`` is
    ``contested`` when two statements disagree on a number or date, else ``corroborated``
    with two or more origins, else ``single_source``.
    """

    id: str
    statements: tuple[Statement, ...]
    slots: FactSlots
    support: tuple[str, ...]
    independent_support: tuple[str, ...]
    status: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "statements": [s.to_dict() for s in self.statements],
            "slots": self.slots.to_dict(),
            "support": list(self.support),
            "independent_support": list(self.independent_support),
            "status": self.status,
        }


def align_facts(
    members: Members,
    upstream: Upstream,
    options: CompareOptions | None = None,
    claims: StoryClaims | None = None,
) -> list[Fact]:
    """Group the claims of ``members`` into facts (originals' claims seed the groups);
    ``claims``: the members' claims when already built."""
    opts = options or CompareOptions()
    groups = group_claims(members, upstream, opts, claims)
    return [_fact(g, upstream, opts) for g in groups]


def group_claims(
    members: Members,
    upstream: Upstream,
    options: CompareOptions,
    claims: StoryClaims | None = None,
) -> list[list[ClaimView]]:
    """Greedy grouping: each claim joins the most similar group that has no claim of its
    article yet, if similar enough, else starts one.

    Only groups sharing a content word or a person with the claim are scored: without one,
    the similarity cannot reach ``fact_threshold``, and scoring every group made big
    stories quadratic in their number of claims. A group's claims are scored once per
    signature (:func:`storytrace.compare.claims.signature`): wire copies put the same
    claim in a group many times, and the best score is the same without the repeats."""
    groups: list[list[ClaimView]] = []
    summaries: list[_GroupSummary] = []
    postings: dict[str, set[int]] = {}
    claims = claims or StoryClaims(members)
    for article, _ in sorted(members, key=lambda m: (depth(m[0].id, upstream), m[0].id)):
        article_id = article.id
        for view in claims.views(article_id):
            keys = view.stems | {f"person:{p}" for p in view.people}
            candidates = sorted(set().union(*(postings.get(k, ()) for k in keys)))
            best, score = None, options.fact_threshold
            for index in candidates:
                summary = summaries[index]
                if article_id in summary.articles or summary.bound(view) < score:
                    continue
                s = _best_similarity(view, summary.distinct.values(), score, options.number_rel_tol)
                if s >= score:
                    best, score = index, s
            if best is None:
                best = len(groups)
                groups.append([])
                summaries.append(_GroupSummary())
            groups[best].append(view)
            summaries[best].add(view)
            for key in keys:
                postings.setdefault(key, set()).add(best)
    return groups


@dataclass(slots=True)
class _GroupSummary:
    """What the claims of one group have between them, to bound ``similarity`` to any of
    them without scoring each."""

    articles: set[str] = field(default_factory=set)
    stems: set[str] = field(default_factory=set)
    people: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    fewest_stems: int = 1_000_000
    # the group's first claim of each signature: the others score alike
    distinct: dict[tuple[Any, ...], ClaimView] = field(default_factory=dict)

    def add(self, view: ClaimView) -> None:
        self.distinct.setdefault(view.signature, view)
        self.articles.add(view.article.id)
        self.stems |= view.stems
        self.people |= view.people
        self.places |= view.places
        self.fewest_stems = min(self.fewest_stems, len(view.stems))

    def bound(self, view: ClaimView) -> float:
        """At least ``similarity_bound`` of ``view`` to every claim of the group: both
        overlap terms are at most shared stems over the smaller stem count."""
        stems = len(view.stems)
        smaller = stems if stems < self.fewest_stems else self.fewest_stems
        overlap = len(view.stems & self.stems) / (smaller if smaller > 1 else 1)
        people = len(view.people & self.people) if view.people else 0
        names = 0.12 * (people if people < 2 else 2) + 0.05 * (
            0 if view.places.isdisjoint(self.places) else 1
        )
        return 0.7 * (overlap if overlap < 1.0 else 1.0) + names + RATIO_AND_NUMBER


def _best_similarity(
    view: ClaimView, group: Iterable[ClaimView], floor: float, rel_tol: float
) -> float:
    """The highest ``similarity`` of ``view`` to a claim of ``group`` when it reaches
    ``floor`` (else a value below ``floor``; the order of ``group`` does not change it);
    claims whose bound stays below ``floor`` or the best so far are not scored, nor
    scored further than it takes to know."""
    best = 0.0
    for other in group:
        overlap = overlap_score(view, other)
        beat = max(floor, best)
        if overlap + RATIO_AND_NUMBER >= beat:
            best = max(best, similarity(view, other, rel_tol, overlap, beat))
    return best


def depth(article_id: str, upstream: Upstream) -> int:
    """How many derivation steps separate the article from its root."""
    seen = {article_id}
    parent = upstream.get(article_id)
    while parent is not None and parent not in seen:
        seen.add(parent)
        parent = upstream.get(parent)
    return len(seen) - 1


def _fact(group: list[ClaimView], upstream: Upstream, options: CompareOptions) -> Fact:
    statements = tuple(Statement(v.article.id, v.span, v.claim.text) for v in group)
    support = tuple(sorted({v.article.id for v in group}))
    origins = origin_heads(support, upstream)  # articles linked in any order: one origin
    contested = _contested(group, options)
    status = "contested" if contested else "corroborated" if len(origins) > 1 else "single_source"
    key = "\x1f".join(f"{s.article_id}:{s.span.start}:{s.span.end}" for s in statements)
    fact_id = "f" + hashlib.sha256(key.encode()).hexdigest()[:12]
    return Fact(fact_id, statements, _slots(group), support, origins, status)


def _contested(group: list[ClaimView], options: CompareOptions) -> bool:
    """Whether two statements of a fact conflict: only those giving a number or a date
    can (see :func:`_conflict`), so the others are left out before pairing."""
    slotted = [v for v in group if v.quantities or v.dates]
    return any(_conflict(a, b, options) for i, a in enumerate(slotted) for b in slotted[i + 1 :])


def _conflict(a: ClaimView, b: ClaimView, options: CompareOptions) -> bool:
    """Whether two statements of a fact disagree on a number or a date: only claims
    that both give numbers (dates) can (the checks find nothing otherwise, and a big
    fact has thousands of pairs)."""
    if a.quantities and b.quantities and number_conflicts(a, b, options):
        return True
    return bool(a.dates and b.dates and date_conflicts(a, b))


def _slots(group: list[ClaimView]) -> FactSlots:
    counts = [q for v in group for q in v.quantities if q.kind in COUNTABLE]
    others = [q for v in group for q in v.quantities if q.kind not in COUNTABLE]
    return FactSlots(
        people=_unique(p for v in group for p in sorted(v.people)),
        numbers=_unique(_number(q.value) for q in counts),
        quantities=_unique(_quantity(q) for q in others),
        dates=_unique(d.mention.value or d.mention.text for v in group for d in v.dates),
        places=_unique(p for v in group for p in sorted(v.places)),
    )


def _unique(items: Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _quantity(q: Quantity) -> str:
    if q.si_value is not None and q.si_unit:
        return f"{q.si_value:.4g} {q.si_unit}"
    unit = q.currency or q.unit or q.kind
    return f"{_number(q.value)} {unit}"
