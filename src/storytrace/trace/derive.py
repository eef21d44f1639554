"""The derivation graph of one story: the original reporting and what each article took.

For every aligned pair of articles (every pair in a story of up to
``TraceOptions.all_pairs_limit`` articles; in a larger one, each article with its
``neighbours`` most promising others, see :mod:`storytrace.trace.neighbours`, one way
only when the pair's order is known, then with up to ``second_chance`` other copies of
the source first chosen for it), direction
comes from publication times when both are known, else from credits (an article crediting
another's outlet came after it), else from an outlet's own voice in one article that the
other credits (:mod:`storytrace.trace.voice`); otherwise the order is unknown. The article
upstream of most others is the root. Every other article takes as its source the upstream
article it reuses most, ties going to the closest wording and order, then to a credited
outlet, shared specifics, the most upstream and the closer in time; an upstream article
holding few of the copy's numbers and names (another event on the same subject) is no
source. The choice then climbs to its source's own source while that explains the copy as
well: a sibling copy is not the source of what both took from one original. Other upstream
articles that explain the copy exactly as well are its ``alternatives``
(:mod:`storytrace.trace.choice`): the text does not say which of them it was taken from.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from storytrace.model import Article
from storytrace.read import FactSheet
from storytrace.trace.align import Alignment, StoryMemo, align_story, prepare
from storytrace.trace.choice import Alternative, Graph, Pair, alternatives, choose_parents
from storytrace.trace.direction import Direction, DirectionEvidence, direction
from storytrace.trace.evidence import Profile, fact_share, profile, retelling
from storytrace.trace.neighbours import copies_of_source, neighbour_pairs
from storytrace.trace.options import TraceOptions

SCHEMA = "storytrace.trace/3"


class Role(StrEnum):
    ORIGINAL = "original"
    DERIVED = "derived"
    PARTIAL = "partial"
    INDEPENDENT = "independent"
    LINKED = "linked"  # linked to copies in an unknown order: not called the original


@dataclass(frozen=True)
class Derivation:
    """Where one article's content came from.

    ``credits_source`` is None when there is no source or its outlet is unknown.
    """

    article_id: str
    role: Role
    derived_from: str | None
    reuse_share: float
    credits: tuple[str, ...]
    credits_source: bool | None
    evidence: tuple[str, ...]
    direction: Direction | None = None  # of the link to ``derived_from``; None without one
    direction_evidence: tuple[DirectionEvidence, ...] = ()
    # other upstream articles that explain it as well as ``derived_from`` (see choice.py)
    alternatives: tuple[Alternative, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "role": self.role.value,
            "derived_from": self.derived_from,
            "direction": self.direction.value if self.direction else None,
            "direction_evidence": [e.to_dict() for e in self.direction_evidence],
            "reuse_share": round(self.reuse_share, 4),
            "credits": list(self.credits),
            "credits_source": self.credits_source,
            "evidence": list(self.evidence),
            "alternatives": [a.to_dict() for a in self.alternatives],
        }


@dataclass(frozen=True)
class StoryTrace:
    """Alignments between the story's articles (kept above ``min_share``) and derivations."""

    alignments: tuple[Alignment, ...]
    derivations: tuple[Derivation, ...]

    def derivation(self, article_id: str) -> Derivation:
        return next(d for d in self.derivations if d.article_id == article_id)

    def root(self) -> Derivation | None:
        return next((d for d in self.derivations if d.role is Role.ORIGINAL), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "alignments": [a.to_dict() for a in self.alignments],
            "derivations": [d.to_dict() for d in self.derivations],
        }


def trace_story(
    members: Sequence[tuple[Article, FactSheet]], options: TraceOptions | None = None
) -> StoryTrace:
    """Align the story's articles pairwise and build its derivation graph.

    Every pair is aligned when the story has at most ``all_pairs_limit`` articles, in a
    larger story each article only with its ``neighbours`` most promising others: one way
    when the pair's order is known, else both ways (:func:`_pairs_to_align`). A large
    story's articles are then aligned with a few other copies of their chosen source
    (:func:`_second_chance`), and the sources are chosen again."""
    opts = options or TraceOptions()
    outlets = sorted({a.metadata.outlet for a, _ in members if a.metadata.outlet})
    profiles = [profile(a, s, outlets) for a, s in members]
    sheets = {a.id: s for a, s in members}
    wanted = _pairs_to_align(profiles, opts)
    ordered = [
        (src, cp) for src, cp in itertools.permutations(profiles, 2) if (src.id, cp.id) in wanted
    ]
    texts = {p.id: prepare(p.article, sheets[p.id], opts) for p in profiles}
    memo = StoryMemo()
    pairs = _aligned(ordered, texts, opts, memo)
    graph = Graph(profiles, pairs, opts)
    parents = choose_parents(graph)
    extra = _second_chance(profiles, parents, wanted, opts)
    if extra:
        pairs.update(_aligned(extra, texts, opts, memo))
        graph = Graph(profiles, pairs, opts)
        parents = choose_parents(graph)
    derivations = tuple(_derivation(p, parents, graph) for p in profiles)
    kept = tuple(
        pair.alignment for pair in pairs.values() if pair.alignment.reuse_share >= opts.min_share
    )
    return StoryTrace(kept, derivations)


def _second_chance(
    profiles: list[Profile],
    parents: dict[str, Pair],
    wanted: set[tuple[str, str]],
    opts: TraceOptions,
) -> list[tuple[Profile, Profile]]:
    """The ``(source, copy)`` pairs a large story aligns once every article has a source:
    each article with up to ``second_chance`` other copies of its source not yet aligned
    with it (:func:`~storytrace.trace.neighbours.copies_of_source`). Nothing for a small story,
    which aligned every pair already."""
    if _is_small(profiles, opts) or not opts.second_chance:
        return []
    chosen = {copy: pair.source.id for copy, pair in parents.items()}
    found = copies_of_source(profiles, chosen, wanted, opts.second_chance)
    by_id = {p.id: p for p in profiles}
    return [(by_id[a], by_id[b]) for a, b in sorted(_ordered(found, profiles, opts) - wanted)]


def _aligned(ordered, texts, opts: TraceOptions, memo: StoryMemo) -> dict[tuple[str, str], Pair]:
    """The evidence on each ordered ``(source, copy)`` profile pair, aligned together
    (``memo``: the story's sentence scores, kept for its second chance)."""
    aligned = align_story(texts, [(src.id, cp.id) for src, cp in ordered], opts, memo)
    return {
        (src.id, cp.id): Pair(
            src,
            cp,
            aligned[(src.id, cp.id)],
            fact_share(cp, src),
            retelling(cp, src, opts.retelling_weights, opts.retelling_bias),
        )
        for src, cp in ordered
    }


def _pairs_to_align(profiles: list[Profile], opts: TraceOptions) -> set[tuple[str, str]]:
    """The ``(source, copy)`` id pairs to align: every pair of a small story, each
    article's neighbour pairs in a large one; one way when the pair's order is known (a
    date, a credit or an outlet's voice puts one first: the later can be no source of the
    earlier), else both."""
    if _is_small(profiles, opts):
        found = {frozenset((a.id, b.id)) for a, b in itertools.combinations(profiles, 2)}
    else:
        floor = (opts.min_fact_share, opts.min_specifics)
        found = neighbour_pairs(profiles, opts.neighbours, opts.earliest, floor)
    return _ordered(found, profiles, opts)


def _is_small(profiles: list[Profile], opts: TraceOptions) -> bool:
    """Whether the story aligns every pair (a large one only each article's neighbours)."""
    return len(profiles) <= opts.all_pairs_limit


def _ordered(
    found: set[frozenset[str]], profiles: list[Profile], opts: TraceOptions
) -> set[tuple[str, str]]:
    """Unordered id pairs as ``(source, copy)`` pairs: one way when the pair's order is
    known, else both (see :func:`_pairs_to_align`)."""
    by_id = {p.id: p for p in profiles}
    wanted: set[tuple[str, str]] = set()
    for pair in found:
        a, b = sorted(pair)
        first, _ = direction(by_id[a], by_id[b], opts)
        if first != b:
            wanted.add((a, b))
        if first != a:
            wanted.add((b, a))
    return wanted


# --- parents and roles -------------------------------------------------------------------


def _derivation(p: Profile, parents: dict[str, Pair], graph: Graph) -> Derivation:
    pair = parents.get(p.id)
    if pair is None:
        return Derivation(
            p.id, _root_role(p, parents, graph), None, 0.0, p.credits, None, _own_evidence(p)
        )
    share = pair.alignment.reuse_share
    role = Role.DERIVED if share >= graph.opts.derived_share else Role.PARTIAL
    outlet = pair.source.article.metadata.outlet
    credited = None if outlet is None else outlet in p.credits
    direction, spans = graph.why[(pair.source.id, p.id)]
    others = alternatives(pair, parents, graph)
    return Derivation(
        p.id,
        role,
        pair.source.id,
        share,
        p.credits,
        credited,
        _evidence(pair, graph, len(others)),
        direction,
        spans,
        others,
    )


def _root_role(p: Profile, parents: dict[str, Pair], graph: Graph) -> Role:
    """An article without a source is the original when a copy is known to come after it,
    linked when its copies are linked to it in unknown order only, else independent."""
    children = [q for q in parents.values() if q.source.id == p.id]
    if any(graph.why[(p.id, q.copy.id)][0] is not Direction.UNKNOWN for q in children):
        return Role.ORIGINAL
    return Role.LINKED if children else Role.INDEPENDENT


def _own_evidence(p: Profile) -> tuple[str, ...]:
    return tuple(f"credits {name}" for name in p.credits) + (
        f"has {len(p.specifics)} numbers/names",
    )


def _evidence(pair: Pair, graph: Graph, alternatives: int) -> tuple[str, ...]:
    src, cp = pair.source, pair.copy
    direction, _ = graph.why[(src.id, cp.id)]
    out = [
        "order unknown: no date, credit or outlet voice says which came first"
        if direction is Direction.UNKNOWN
        else f"upstream by {direction.value} evidence"
    ]
    if src.published and cp.published:
        hours = (cp.published.at - src.published.at).total_seconds() / 3600
        out.append(f"published {hours:.0f} h after {src.label}")
    out.append(f"contains {pair.alignment.reuse_share:.0%} of {src.label}")
    kinds = ", ".join(f"{n} {k}" for k, n in pair.alignment.kind_shares().items() if n)
    if kinds:
        out.append(f"passages: {kinds}")
    if pair.alignment.reuse_share < graph.opts.partial_share:
        out.append(f"shares {pair.facts:.0%} of its numbers/names with {src.label}")
    if len(cp.specifics) < len(src.specifics):
        out.append(
            f"has fewer specifics: {len(cp.specifics)} vs {len(src.specifics)} numbers/names"
        )
    out.extend(f"credits {name}" for name in cp.credits)
    if alternatives:
        out.append(
            f"{alternatives} other upstream article(s) explain it as well: the text does not"
            " say which it was taken from (see alternatives)"
        )
    return tuple(out)
