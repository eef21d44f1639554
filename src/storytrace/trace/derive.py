"""The derivation graph of one story: the original reporting and what each article took.

For every aligned pair of articles (every pair in a story of up to
``TraceOptions.all_pairs_limit`` articles; in a larger one, each article with its
``neighbours`` most promising others, see :mod:`storytrace.trace.neighbours`), direction
comes from publication times when both are known, else from credits (an article crediting
another's outlet came after it), else from an outlet's own voice in one article that the
other credits (:mod:`storytrace.trace.voice`); otherwise the order is unknown. The article
upstream of most others is the root. Every other article takes as its source the upstream
article it reuses most, ties going to the closest wording and order, then to a credited
outlet, shared specifics, the most upstream and the closer in time; an upstream article
holding few of the copy's numbers and names (another event on the same subject) is no
source. The choice then climbs to its source's own source while that explains the copy as
well: a sibling copy is not the source of what both took from one original.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from storytrace.model import Article
from storytrace.read import FactSheet
from storytrace.trace.align import Alignment, PassageKind, align_story, prepare
from storytrace.trace.evidence import Profile, fact_share, profile, retelling
from storytrace.trace.neighbours import neighbour_pairs
from storytrace.trace.options import TraceOptions
from storytrace.trace.voice import upstream_by_voice

SCHEMA = "storytrace.trace/2"


class Role(StrEnum):
    ORIGINAL = "original"
    DERIVED = "derived"
    PARTIAL = "partial"
    INDEPENDENT = "independent"
    LINKED = "linked"  # linked to copies in an unknown order: not called the original


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


@dataclass(frozen=True, slots=True)
class _Pair:
    """The evidence on one ordered pair: ``copy`` seen as taken from ``source``."""

    source: Profile
    copy: Profile
    alignment: Alignment
    facts: float  # share of the copy's specifics the source has
    retelling: float  # how likely the copy retells the source in its own words (0..1)


class _Graph:
    """Pairwise evidence and directions; built once per story."""

    def __init__(self, profiles: list[Profile], pairs: dict[tuple[str, str], _Pair], opts):
        self.profiles = profiles
        self.pairs = pairs
        self.opts = opts
        self.upstream: dict[tuple[str, str], str | None] = {}
        self.why: dict[tuple[str, str], tuple[Direction, tuple[DirectionEvidence, ...]]] = {}
        for a, b in itertools.combinations(profiles, 2):
            if (a.id, b.id) not in pairs:
                continue
            up, why = _direction(a, b, opts)
            self.upstream[(a.id, b.id)] = self.upstream[(b.id, a.id)] = up
            self.why[(a.id, b.id)] = self.why[(b.id, a.id)] = why
        wins: dict[str, int] = dict.fromkeys((p.id for p in profiles), 0)
        for (first, _), up in self.upstream.items():
            wins[first] += 1 if up == first else -1 if up else 0
        self.order = sorted(profiles, key=lambda p: (-wins[p.id], -len(p.specifics), p.id))
        self.rank = {p.id: i for i, p in enumerate(self.order)}

    def is_upstream(self, source: Profile, copy: Profile) -> bool:
        """Upstream by the pair's evidence or, when it decides nothing, by rank. Only for
        aligned pairs."""
        up = self.upstream[(source.id, copy.id)]
        if up is None:
            return self.rank[source.id] < self.rank[copy.id]
        return up == source.id


def trace_story(
    members: Sequence[tuple[Article, FactSheet]], options: TraceOptions | None = None
) -> StoryTrace:
    """Align the story's articles pairwise and build its derivation graph.

    Every ordered pair is aligned when the story has at most ``all_pairs_limit`` articles;
    in a larger story each article only with its ``neighbours`` most promising others."""
    opts = options or TraceOptions()
    outlets = sorted({a.metadata.outlet for a, _ in members if a.metadata.outlet})
    profiles = [profile(a, s, outlets) for a, s in members]
    sheets = {a.id: s for a, s in members}
    wanted = _pairs_to_align(profiles, opts)
    ordered = [
        (src, cp)
        for src, cp in itertools.permutations(profiles, 2)
        if wanted is None or frozenset((src.id, cp.id)) in wanted
    ]
    texts = {p.id: prepare(p.article, sheets[p.id], opts) for p in profiles}
    aligned = align_story(texts, [(src.id, cp.id) for src, cp in ordered], opts)
    pairs = {
        (src.id, cp.id): _Pair(
            src,
            cp,
            aligned[(src.id, cp.id)],
            fact_share(cp, src),
            retelling(cp, src, opts.retelling_weights, opts.retelling_bias),
        )
        for src, cp in ordered
    }
    graph = _Graph(profiles, pairs, opts)
    parents = _choose_parents(graph)
    derivations = tuple(_derivation(p, parents, graph) for p in profiles)
    kept = tuple(
        pair.alignment for pair in pairs.values() if pair.alignment.reuse_share >= opts.min_share
    )
    return StoryTrace(kept, derivations)


def _pairs_to_align(profiles: list[Profile], opts: TraceOptions) -> set[frozenset[str]] | None:
    """None (every pair) for a small story; else each article's neighbour pairs."""
    if len(profiles) <= opts.all_pairs_limit:
        return None
    return neighbour_pairs(profiles, opts.neighbours, opts.earliest)


# --- direction ---------------------------------------------------------------------------


def _direction(
    a: Profile, b: Profile, opts: TraceOptions
) -> tuple[str | None, tuple[Direction, tuple[DirectionEvidence, ...]]]:
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


# --- parents and roles -------------------------------------------------------------------


def _choose_parents(graph: _Graph) -> dict[str, _Pair]:
    """Each article's source pair, visiting articles from the most upstream down; a choice
    that would close a cycle falls to the next candidate. The choice then climbs to the
    source's own source while that explains the copy as well (:func:`_climb`)."""
    parents: dict[str, _Pair] = {}
    for copy in graph.order[1:]:
        for pair in _candidates(graph, copy):
            if not _reaches(parents, pair.source.id, copy.id):
                parents[copy.id] = _climb(pair, parents, graph)
                break
    return parents


def _climb(pair: _Pair, parents: dict[str, _Pair], graph: _Graph) -> _Pair:
    """The most upstream source up the chain of ``pair.source``'s own sources that
    explains the copy as well: a sibling copy shares the copy's text only because both
    took it from that upstream article, and is not the source. Climbing stops at the
    first article that does not reach ``partial_share``, keeps fewer of the copy's
    specifics (a changed number or name the copy passed on), keeps the copy's passages
    less in order (a reordering it passed on) or loses a credit the copy gives. Sources
    up the chain that were not aligned with the copy (a large story's far pairs) are
    passed over."""
    seen = {pair.copy.id}
    above = pair.source.id
    while above in parents and above not in seen:
        seen.add(above)
        above = parents[above].source.id
        up = graph.pairs.get((above, pair.copy.id))
        if up is None:
            continue
        if not _explains_as_well(up, pair, graph.opts):
            break
        pair = up
    return pair


def _explains_as_well(up: _Pair, pair: _Pair, opts: TraceOptions) -> bool:
    copy = pair.copy
    return (
        up.alignment.reuse_share >= opts.partial_share
        and _passed_on(copy, pair.source, up.source) <= _passed_on(copy, up.source, pair.source)
        and _out_of_order(up.alignment) <= _out_of_order(pair.alignment)
        and (copy.credits_outlet(up.source) or not copy.credits_outlet(pair.source))
    )


def _passed_on(copy: Profile, a: Profile, b: Profile) -> int:
    """How many of the copy's numbers and people ``a`` has and ``b`` lacks: a changed
    figure or name ``a`` passed on to the copy. (Organisations and places are left out:
    their extraction varies with the wording.)"""
    return sum(1 for x in (copy.specifics & a.specifics) - b.specifics if x[:2] in ("n:", "p:"))


def _out_of_order(alignment: Alignment) -> int:
    """How many of the copy's passages (in copy order) start before the previous one in
    the source: a paraphrase that swapped paragraphs passes the swaps on to its copies."""
    starts = [p.source_span.start for p in alignment.passages]
    return sum(1 for a, b in itertools.pairwise(starts) if b < a)


def _candidates(graph: _Graph, copy: Profile) -> list[_Pair]:
    """Upstream pairs worth a source, best first (passage reuse, then shared specifics).
    A copy keeps its source's numbers and names: an upstream article holding fewer than
    ``min_fact_share`` of the copy's specifics is another event on the same subject."""
    opts = graph.opts
    ups = [
        graph.pairs[(src.id, copy.id)]
        for src in graph.profiles
        if (src.id, copy.id) in graph.pairs and graph.is_upstream(src, copy)
    ]
    if len(copy.specifics) >= opts.min_specifics:
        ups = [p for p in ups if p.facts >= opts.min_fact_share]
    by_passages = [p for p in ups if p.alignment.reuse_share >= opts.partial_share]
    if by_passages:
        return _ranked(by_passages, lambda p: p.alignment.reuse_share, graph)
    retold = [p for p in ups if p.retelling >= opts.retelling_threshold]
    return _ranked(retold, lambda p: p.retelling, graph)


def _ranked(pairs: list[_Pair], share, graph: _Graph) -> list[_Pair]:
    """Best share first; shares within ``share_margin`` of the best are tied. Ties go to
    the closest wording (a verbatim share within ``share_margin`` of the best), then to
    the passages most in the copy's order, a credited outlet, more shared specifics, the
    most upstream article and the closer in time. :func:`_climb` then moves the choice up
    to an earlier source that explains the copy as well."""
    if not pairs:
        return []
    margin = graph.opts.share_margin
    best = max(share(p) for p in pairs)
    tied = [p for p in pairs if share(p) >= best - margin]
    closest = max(_verbatim_share(p) for p in tied)
    tied.sort(
        key=lambda p: (
            _verbatim_share(p) < closest - margin,
            _out_of_order(p.alignment),
            not p.copy.credits_outlet(p.source),
            -p.facts,
            graph.rank[p.source.id],
            _gap(p),
            p.source.id,
        )
    )
    rest = sorted((p for p in pairs if p not in tied), key=lambda p: (-share(p), p.source.id))
    return tied + rest


def _verbatim_share(pair: _Pair) -> float:
    """The share of the copy's characters in verbatim or near-verbatim passages."""
    spans = [p.copy_span for p in pair.alignment.passages if p.kind is not PassageKind.PARAPHRASE]
    size = len(pair.copy.article.clean_text)
    return sum(s.end - s.start for s in spans) / size if size else 0.0


def _gap(pair: _Pair) -> float:
    src, cp = pair.source.published, pair.copy.published
    return abs((cp.at - src.at).total_seconds()) if src and cp else float("inf")


def _reaches(parents: dict[str, _Pair], start: str, target: str) -> bool:
    """Whether following sources up from ``start`` reaches ``target``."""
    seen = set()
    while start not in seen:
        if start == target:
            return True
        seen.add(start)
        if start not in parents:
            return False
        start = parents[start].source.id
    return False


def _derivation(p: Profile, parents: dict[str, _Pair], graph: _Graph) -> Derivation:
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
    return Derivation(
        p.id,
        role,
        pair.source.id,
        share,
        p.credits,
        credited,
        _evidence(pair, graph),
        direction,
        spans,
    )


def _root_role(p: Profile, parents: dict[str, _Pair], graph: _Graph) -> Role:
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


def _evidence(pair: _Pair, graph: _Graph) -> tuple[str, ...]:
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
    return tuple(out)
