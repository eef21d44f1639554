"""Each article's source among the upstream articles it was aligned with, and the other
sources that explain it just as well.

The source is the upstream article the copy reuses most, ties going to the source whose
changed numbers, names, dates and small edits it carries, then to the sources
whose reorderings it shares (a copy inherits its source's swapped paragraphs), then to
the closest wording and order, then to a credited outlet, shared specifics, the most
upstream and the closer in time; an upstream article holding few of the copy's numbers
and names (another event on the same subject) is no source. The choice then climbs to
its source's own source while that explains the copy as well: a sibling copy is not the
source of what both took from one original. A reworded copy that ends where a shortened
copy of a longer text ends, leaving out what it left out, took the shortened one
(:func:`omission_passed_on`).
Upstream articles that explain the copy exactly as well as the chosen one (no sentence,
number, name, edit, omission, order or credit tells them apart) are its *alternatives*:
the text cannot say which of them the copy was taken from.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from storytrace.trace.align import Alignment, PassageKind
from storytrace.trace.direction import Direction, DirectionEvidence, Why, direction
from storytrace.trace.evidence import Profile
from storytrace.trace.options import TraceOptions
from storytrace.trace.similarity import WORD


@dataclass(frozen=True, slots=True)
class Pair:
    """The evidence on one ordered pair: ``copy`` seen as taken from ``source``."""

    source: Profile
    copy: Profile
    alignment: Alignment
    facts: float  # share of the copy's specifics the source has
    retelling: float  # how likely the copy retells the source in its own words (0..1)


@dataclass(frozen=True, slots=True)
class Alternative:
    """Another upstream article that explains a copy as well as its chosen source, and
    the measurements that tie them (``evidence``, next to the chosen source's)."""

    article_id: str
    reuse_share: float
    verbatim_share: float
    direction: Direction
    direction_evidence: tuple[DirectionEvidence, ...]
    evidence: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article_id,
            "reuse_share": round(self.reuse_share, 4),
            "verbatim_share": round(self.verbatim_share, 4),
            "direction": self.direction.value,
            "direction_evidence": [e.to_dict() for e in self.direction_evidence],
            "evidence": list(self.evidence),
        }


class Graph:
    """Pairwise evidence and directions; built once per story."""

    def __init__(self, profiles: list[Profile], pairs: dict[tuple[str, str], Pair], opts):
        self.profiles = profiles
        self.pairs = pairs
        self.opts: TraceOptions = opts
        self.upstream: dict[tuple[str, str], str | None] = {}
        self.why: dict[tuple[str, str], Why] = {}
        for a, b in itertools.combinations(profiles, 2):
            if (a.id, b.id) not in pairs and (b.id, a.id) not in pairs:
                continue  # a pair of known order is aligned one way only
            up, why = direction(a, b, opts)
            self.upstream[(a.id, b.id)] = self.upstream[(b.id, a.id)] = up
            self.why[(a.id, b.id)] = self.why[(b.id, a.id)] = why
        wins: dict[str, int] = dict.fromkeys((p.id for p in profiles), 0)
        for (first, _), up in self.upstream.items():
            wins[first] += 1 if up == first else -1 if up else 0
        self.order = sorted(profiles, key=lambda p: (-wins[p.id], -len(p.specifics), p.id))
        self.rank = {p.id: i for i, p in enumerate(self.order)}
        # (copy, a's source, b's source) -> edits_passed_on(a, b): ranking a copy's tied
        # candidates, its alternatives and each climb ask for the same pairs again
        self._edits: dict[tuple[str, str, str], int] = {}
        # copy -> _candidates(copy): the choice and then the alternatives ask for them
        self._candidates: dict[str, list[Pair]] = {}

    def candidates(self, copy: Profile) -> list[Pair]:
        """:func:`_candidates` of ``copy`` in this graph, ranked once."""
        found = self._candidates.get(copy.id)
        if found is None:
            found = self._candidates[copy.id] = _candidates(self, copy)
        return found

    def edits_passed_on(self, a: Pair, b: Pair) -> int:
        """:func:`edits_passed_on` of two pairs of this graph, computed once."""
        key = (a.copy.id, a.source.id, b.source.id)
        found = self._edits.get(key)
        if found is None:
            found = self._edits[key] = edits_passed_on(a, b)
        return found

    def is_upstream(self, source: Profile, copy: Profile) -> bool:
        """Upstream by the pair's evidence or, when it decides nothing, by rank. Only for
        aligned pairs."""
        up = self.upstream[(source.id, copy.id)]
        if up is None:
            return self.rank[source.id] < self.rank[copy.id]
        return up == source.id


def choose_parents(graph: Graph) -> dict[str, Pair]:
    """Each article's source pair, visiting articles from the most upstream down; a choice
    that would close a cycle falls to the next candidate. The choice then climbs to the
    source's own source while that explains the copy as well (:func:`_climb`)."""
    parents: dict[str, Pair] = {}
    for copy in graph.order[1:]:
        for pair in graph.candidates(copy):
            if not _reaches(parents, pair.source.id, copy.id):
                parents[copy.id] = _climb(pair, parents, graph)
                break
    return parents


def alternatives(chosen: Pair, parents: dict[str, Pair], graph: Graph) -> tuple[Alternative, ...]:
    """The other upstream articles that explain ``chosen.copy`` exactly as well as its
    chosen source (:func:`_ties`), most reused first; none that derive from the copy."""
    share = _share_of(chosen, graph.opts)
    found = [
        pair
        for pair in graph.candidates(chosen.copy)
        if pair.source.id != chosen.source.id
        and not _reaches(parents, pair.source.id, chosen.copy.id)
        and _ties(pair, chosen, share, graph)
    ]
    found.sort(key=lambda p: (-share(p), graph.rank[p.source.id], p.source.id))
    return tuple(_alternative(p, chosen, share, graph) for p in found)


def _alternative(pair: Pair, chosen: Pair, share, graph: Graph) -> Alternative:
    what = "reuses" if share(chosen) == chosen.alignment.reuse_share else "retells"
    name = chosen.source.label
    evidence = (
        f"{what} {share(pair):.0%} of it ({share(chosen):.0%} of {name})",
        f"word for word {verbatim_share(pair):.0%} ({verbatim_share(chosen):.0%} of {name})",
        f"no number, name or small edit the copy has is in only one of them;"
        f" passages as much in order ({out_of_order(pair.alignment)} out of order)",
        _credit_evidence(pair.copy, pair.source, chosen.source),
    )  # fmt: skip
    kind, why = graph.why[(pair.source.id, pair.copy.id)]
    return Alternative(
        pair.source.id, pair.alignment.reuse_share, verbatim_share(pair), kind, why, evidence
    )


def _credit_evidence(copy: Profile, a: Profile, b: Profile) -> str:
    first, second = copy.credits_outlet(a), copy.credits_outlet(b)
    if first == second:
        return "credited by the copy: both" if first else "credited by the copy: neither"
    named, other = (a, b) if first else (b, a)
    return f"the copy credits {named.label}'s outlet, which {other.label} credits too"


def _share_of(pair: Pair, opts: TraceOptions) -> Callable[[Pair], float]:
    """What the choice of ``pair`` ranked on: passage reuse, or the retelling score when
    no passage reuse reached ``partial_share``."""
    if pair.alignment.reuse_share >= opts.partial_share:
        return lambda p: p.alignment.reuse_share
    return lambda p: p.retelling


def _ties(a: Pair, b: Pair, share: Callable[[Pair], float], graph: Graph) -> bool:
    """Whether nothing in the text tells ``a``'s source from ``b``'s as the copy's: the
    same reuse and word-for-word share (within ``share_margin``), no number or person of
    the copy held by only one, no edit or omission passed on, the passages as much in
    order, the same credit (or a credit the other passes on: :func:`_credit_tells_apart`)."""
    copy, margin = a.copy, graph.opts.share_margin
    return (
        abs(share(a) - share(b)) <= margin
        and abs(verbatim_share(a) - verbatim_share(b)) <= margin
        and passed_on(copy, a.source, b.source) == 0 == passed_on(copy, b.source, a.source)
        and graph.edits_passed_on(a, b) == 0 == graph.edits_passed_on(b, a)
        and not omission_passed_on(a, b, graph)
        and not omission_passed_on(b, a, graph)
        and out_of_order(a.alignment) == out_of_order(b.alignment)
        and not _credit_tells_apart(copy, a.source, b.source)
    )


def _credit_tells_apart(copy: Profile, a: Profile, b: Profile) -> bool:
    """Whether the copy credits the outlet of one of ``a`` and ``b`` only, and the other
    does not itself credit that outlet: a copy of a wire copy names the wire the copy
    names, so that credit does not tell the two apart."""
    first, second = copy.credits_outlet(a), copy.credits_outlet(b)
    if first == second:
        return False
    return not (b.credits_outlet(a) if first else a.credits_outlet(b))


def _climb(pair: Pair, parents: dict[str, Pair], graph: Graph) -> Pair:
    """The most upstream source up the chain of ``pair.source``'s own sources that
    explains the copy as well: a sibling copy shares the copy's text only because both
    took it from that upstream article, and is not the source. Climbing stops at the
    first article that does not reach ``partial_share``, keeps fewer of the copy's
    specifics (a changed number or name the copy passed on), keeps the copy's passages
    out of order by more than ``climb_order_ratio`` times as many passages as the
    current source (a reordering it passed on), lacks a small edit the copy repeats word for
    word (:func:`edits_passed_on`), holds a passage the copy and the current source both
    leave out (:func:`omission_passed_on`) or loses a credit the copy gives. Sources
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
        if not _explains_as_well(up, pair, graph):
            break
        pair = up
    return pair


def _explains_as_well(up: Pair, pair: Pair, graph: Graph) -> bool:
    copy, opts = pair.copy, graph.opts
    return (
        up.alignment.reuse_share >= opts.partial_share
        and passed_on(copy, pair.source, up.source) <= passed_on(copy, up.source, pair.source)
        and graph.edits_passed_on(pair, up) <= graph.edits_passed_on(up, pair)
        and not omission_passed_on(pair, up, graph)
        and out_of_order(up.alignment) <= _climb_order_limit(out_of_order(pair.alignment), opts)
        and (copy.credits_outlet(up.source) or not copy.credits_outlet(pair.source))
    )


def _climb_order_limit(current: int, opts: TraceOptions) -> float:
    """How far out of the copy's order an upstream source may stand for the choice to
    climb to it from a source ``current`` passages out of order: ``climb_order_ratio``
    times as many, or ``climb_order_margin`` more."""
    return max(current * opts.climb_order_ratio, current + opts.climb_order_margin)


def passed_on(copy: Profile, a: Profile, b: Profile) -> int:
    """How many of the copy's numbers, people and dates ``a`` has and ``b`` lacks: a
    changed figure, name or date ``a`` passed on to the copy. (Organisations and places
    are left out: their extraction varies with the wording; so are people's roles, which
    the reader attaches to a person from whichever sentence names one.)"""
    named = sum(1 for x in (copy.specifics & a.specifics) - b.specifics if x[:2] in ("n:", "p:"))
    return named + len((copy.dates & a.dates) - b.dates)


def edits_passed_on(a: Pair, b: Pair) -> int:
    """How many small edits of ``b``'s text the copy shares word for word with ``a``'s
    (two pairs of one copy): the copy's near-verbatim passages from ``b`` (a changed word,
    an added adjective, a dropped hedge) that lie inside its verbatim passages from ``a``.
    A copy repeating a rewrite's own edit of the original took it from that rewrite."""
    exact = [p.copy_span for p in a.alignment.passages if p.kind is PassageKind.VERBATIM]
    return sum(
        1
        for p in b.alignment.passages
        if p.kind is PassageKind.NEAR_VERBATIM and _covered(p.copy_span, exact)
    )


def omission_passed_on(a: Pair, b: Pair, graph: Graph) -> bool:
    """Whether the copy leaves out what ``a``'s source cut from ``b``'s (two pairs of one
    copy): ``a``'s source is ``b``'s text with passages left out (at least
    ``whole_share`` of it word for word in ``b``'s, and ``omission_words`` or more of
    ``b``'s words not in it), the copy holds at least ``whole_share`` of ``a``'s source,
    reaching its end, and of the words ``a``'s source left out it holds less than
    ``1 - whole_share``. A copy ending where a shortened copy ends took the shortened text.
    Not when the copy is itself word for word a cut of ``b``'s source: two cuts at the same
    place are as likely made apart."""
    opts = graph.opts
    cut = graph.pairs.get((b.source.id, a.source.id))
    if (
        cut is None
        or a.alignment.source_share < opts.whole_share
        or verbatim_share(cut) < opts.whole_share
        or verbatim_share(b) >= opts.whole_share
        or _tail_words(a) >= opts.omission_words
    ):
        return False
    text = b.source.article.clean_text
    left_out = _gaps([p.source_span for p in cut.alignment.passages], len(text))
    total = sum(len(WORD.findall(text[s:e])) for s, e in left_out)
    if total < opts.omission_words:
        return False
    held = [p.source_span for p in b.alignment.passages]
    kept = sum(_overlap(gap, held) for gap in left_out)
    return kept < (1 - opts.whole_share) * sum(e - s for s, e in left_out)


def _tail_words(pair: Pair) -> int:
    """How many words of the source follow the last passage the copy holds."""
    text = pair.source.article.clean_text
    end = max((p.source_span.end for p in pair.alignment.passages), default=0)
    return len(WORD.findall(text[end:]))


def _gaps(spans, size: int) -> list[tuple[int, int]]:
    """The character ranges of a text of ``size`` characters outside ``spans``."""
    gaps, at = [], 0
    for span in sorted(spans, key=lambda s: s.start):
        if span.start > at:
            gaps.append((at, span.start))
        at = max(at, span.end)
    return gaps + [(at, size)] if at < size else gaps


def _overlap(gap: tuple[int, int], spans) -> int:
    return sum(max(0, min(gap[1], s.end) - max(gap[0], s.start)) for s in spans)


def _covered(span, spans) -> bool:
    """Whether ``spans`` cover at least 90% of ``span`` (run ends may shift a word)."""
    inside = sum(max(0, min(span.end, s.end) - max(span.start, s.start)) for s in spans)
    return inside >= 0.9 * (span.end - span.start)


def _edit_wins(pair: Pair, tied: list[Pair], graph: Graph) -> int:
    """Against how many other tied candidates ``pair``'s source passes on more changes
    (:func:`_passes_on_more`)."""
    return sum(1 for q in tied if q is not pair and _passes_on_more(pair, q, graph))


def _passes_on_more(a: Pair, b: Pair, graph: Graph) -> bool:
    """Whether ``a``'s source passes more changes on to the copy than ``b``'s: more of
    its changed numbers, names and dates (:func:`passed_on`), else more small edits
    (:func:`edits_passed_on`), else as many edits and an omission."""
    changes, theirs_changed = (
        passed_on(a.copy, a.source, b.source),
        passed_on(a.copy, b.source, a.source),
    )
    if changes != theirs_changed:
        return changes > theirs_changed
    mine, theirs = graph.edits_passed_on(a, b), graph.edits_passed_on(b, a)
    return mine > theirs or (mine == theirs and omission_passed_on(a, b, graph))


def out_of_order(alignment: Alignment) -> int:
    """How many of the copy's passages (in copy order) start before the previous one in
    the source, each copy sentence placed where its neighbours put it
    (:attr:`Alignment.out_of_order`): a paraphrase that swapped paragraphs passes the swaps
    on to its copies."""
    return alignment.out_of_order


def _candidates(graph: Graph, copy: Profile) -> list[Pair]:
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


def _ranked(pairs: list[Pair], share, graph: Graph) -> list[Pair]:
    """Best share first; shares within ``share_margin`` of the best are tied. Ties go to
    the source whose changed numbers, names and dates the copy carries
    (:func:`passed_on`), then whose own small edits it repeats (:func:`edits_passed_on`) or, with
    as many edits, whose omission it repeats (:func:`omission_passed_on`), then to the
    sources whose passages stand at most ``order_margin`` more out of the copy's order
    than the least disordered one (a copy inherits its source's reorderings), then to the
    closest wording (a verbatim share within ``share_margin`` of the best), then to
    the passages most in the copy's order, a credited outlet, more shared specifics, the
    most upstream article and the closer in time. :func:`_climb` then moves the choice up
    to an earlier source that explains the copy as well."""
    if not pairs:
        return []
    margin = graph.opts.share_margin
    best = max(share(p) for p in pairs)
    tied = [p for p in pairs if share(p) >= best - margin]
    closest = max(verbatim_share(p) for p in tied)
    wins = {p.source.id: _edit_wins(p, tied, graph) for p in tied}
    least = min(out_of_order(p.alignment) for p in tied)
    tied.sort(
        key=lambda p: (
            -wins[p.source.id],
            out_of_order(p.alignment) > least + graph.opts.order_margin,
            verbatim_share(p) < closest - margin,
            out_of_order(p.alignment),
            not p.copy.credits_outlet(p.source),
            -p.facts,
            graph.rank[p.source.id],
            _gap(p),
            p.source.id,
        )
    )
    rest = sorted((p for p in pairs if p not in tied), key=lambda p: (-share(p), p.source.id))
    return tied + rest


def verbatim_share(pair: Pair) -> float:
    """The share of the copy's characters in verbatim or near-verbatim passages."""
    spans = [p.copy_span for p in pair.alignment.passages if p.kind is not PassageKind.PARAPHRASE]
    size = len(pair.copy.article.clean_text)
    return sum(s.end - s.start for s in spans) / size if size else 0.0


def _gap(pair: Pair) -> float:
    src, cp = pair.source.published, pair.copy.published
    return abs((cp.at - src.at).total_seconds()) if src and cp else float("inf")


def _reaches(parents: dict[str, Pair], start: str, target: str) -> bool:
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
