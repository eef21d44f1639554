"""The separate reports one story holds, found once a batch is grouped.

At arrival an article is judged against the stories already there. Another report on the
same subject (the same celebrity, another COVID study) can join a story before its own
retellings arrive, and its retellings then follow it in. Once the batch is in, a story's
members show what arrival could not: a report and its retellings share much of their
wording, two reports on one subject share less. :func:`report_parts` finds the *cores*
(members that average-linkage clustering on the text cosine joins while the mean cosine
is at least ``core_text``), puts every member left alone with the core closest to it in
wording, then joins the cores again unless their mean cosine across is under ``ratio``
times the looser core's own mean cosine. A lone member never splits off: a separate
report of the story's event that no other member retells stays in the story. Two
clusters that are each tight join into one core only when they are nearly as close across
(``core_ratio``), and two members left out of every core that are each other's closest
member are a core of their own (``pair_text``): a report and its loose retelling.

Summaries of a report are close to each other (the same lead and core facts, worded
alike) but far in cosine from the full-length report they summarise, so they form a core
of their own. A part whose members are each *held* by an article of another part (most of
their weighted words and of their names, places, numbers and dates are in it: see
``held`` in :func:`report_parts`) is that report cut short: its members go back to the
parts that hold them. The held members of a part that is not held as a whole (summaries
next to another story's original) move without the rest, when the rest of their part
holds them no more than another story would.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Score = Callable[[np.ndarray, np.ndarray], np.ndarray]


def report_parts(
    similarity: np.ndarray,
    core_text: float,
    ratio: float,
    held: np.ndarray | None = None,
    contained: float | None = None,
    rest: float | None = None,
    core_ratio: float | None = None,
    pair_text: float | None = None,
) -> list[list[int]]:
    """The indices of a story's members (rows of the symmetric text ``similarity``
    matrix) grouped into reports, each sorted, the part holding member 0 first. One part
    when the story holds fewer than two cores. ``held[i, j]`` says how much of member
    ``i`` member ``j`` holds (0-1); with ``contained`` given, a part whose members are held
    by the best article of another part at least this much on average is dissolved, each
    member joining the part that holds it most; then, with ``rest`` given, the members of a
    part held by another part at ``contained`` or more move to it when the rest of their
    part holds them under ``rest`` on average (at least two staying:
    :func:`_move_held_members`). With ``core_ratio`` given, two clusters of two members
    or more join into one core only when their mean cosine across is also at least
    ``core_ratio`` times the looser one's own mean (:func:`_core_link`). With
    ``pair_text`` given, two members left out of every core that are each other's
    closest member, at text cosine ``pair_text`` or more, are a core of their own
    (:func:`_mutual_pairs`)."""
    n = len(similarity)
    link = _mean_link if core_ratio is None else _core_link(core_ratio)
    clusters = _agglomerate([[i] for i in range(n)], similarity, link, core_text)
    cores = [c for c in clusters if len(c) > 1]
    lone = [c[0] for c in clusters if len(c) == 1]
    if pair_text is not None:
        pairs = _mutual_pairs(similarity, lone, pair_text)
        cores += pairs
        lone = [i for i in lone if not any(i in pair for pair in pairs)]
    if len(cores) < 2:
        return [list(range(n))]
    parts = [list(c) for c in cores]
    for i in lone:
        closest = max(range(len(cores)), key=lambda k: (similarity[i, cores[k]].mean(), -k))
        parts[closest].append(i)
    parts = _agglomerate(parts, similarity, _relative_link, ratio)
    if held is not None and contained is not None:
        parts = _rejoin_held(parts, held, contained)
        if rest is not None:
            parts = _move_held_members(parts, held, contained, rest)
    return sorted((sorted(p) for p in parts), key=lambda p: p[0])


def _rejoin_held(parts: list[list[int]], held: np.ndarray, contained: float) -> list[list[int]]:
    """Dissolve a part while its members are held by another part's best article at
    ``contained`` or more on average (summaries of that report), the best-held part
    first. Each of its members goes to the part that holds it most: summaries of two
    look-alike stories, worded alike, can share a part, and each belongs with its own."""
    parts = [list(p) for p in parts]
    while len(parts) > 1:
        best, x = max(
            (float(held[np.ix_(p, q)].max(axis=1).mean()), i)
            for i, p in enumerate(parts)
            for j, q in enumerate(parts)
            if i != j
        )
        if best < contained:
            break
        for member in parts.pop(x):
            home = max(range(len(parts)), key=lambda k: (held[member, parts[k]].max(), -k))
            parts[home].append(member)
    return parts


def _move_held_members(
    parts: list[list[int]], held: np.ndarray, contained: float, rest: float
) -> list[list[int]]:
    """Move the members of a part that another part's articles hold at ``contained`` or
    more to that part, when the rest of their own part holds them under ``rest`` on
    average (each by its best article), as another story would. A report's summaries can
    share a part with another story's original that holds none of them: the part as a
    whole is not held, its summaries are. They hold each other too, so they are judged
    together, against the members that would stay. The parts are judged as they stand (a
    member that moves draws no other after it), each giving to the part that holds its
    movers most; at least two members stay, as a lone member never splits off."""
    moves: dict[int, tuple[list[int], int]] = {}
    for x, part in enumerate(parts):
        best = 0.0
        for y, other in enumerate(parts):
            if x == y:
                continue
            moving = [m for m in part if held[m, other].max() >= contained]
            staying = [m for m in part if m not in moving]
            if not moving or len(staying) < 2:
                continue
            if held[np.ix_(moving, staying)].max(axis=1).mean() >= rest:
                continue
            hold = float(held[np.ix_(moving, other)].max(axis=1).mean())
            if hold > best:
                best, moves[x] = hold, (moving, y)
    if not moves:
        return parts
    gone = {m for moving, _ in moves.values() for m in moving}
    result = [[m for m in part if m not in gone] for part in parts]
    for moving, y in moves.values():
        result[y] += moving
    return result


def _mutual_pairs(similarity: np.ndarray, lone: list[int], least: float) -> list[list[int]]:
    """Pairs of members in no core that are each other's closest member among all the
    story's members, at text cosine ``least`` or more: a report and a loose retelling
    (cosine under ``core_text``), which would otherwise each join some core and loosen
    it, so that its neighbours' cores join it in turn."""
    others = similarity.copy()
    np.fill_diagonal(others, -np.inf)
    closest = others.argmax(axis=1)
    left = set(lone)
    return [
        [i, int(j)]
        for i in lone
        for j in [closest[i]]
        if i < j and j in left and closest[j] == i and similarity[i, j] >= least
    ]


def _mean_link(link: np.ndarray, inner: np.ndarray) -> np.ndarray:
    return link


def _core_link(ratio: float) -> Score:
    """The mean cosine across two clusters, or -inf (never merged) when both have two
    members or more and it is under ``ratio`` times the looser one's own mean: two
    reports on one subject, each tight with its retellings, stay two cores even when
    their wording across reaches ``core_text`` (one publisher's notes on one topic)."""

    def link(across: np.ndarray, inner: np.ndarray) -> np.ndarray:
        looser = np.minimum.outer(inner, inner)
        return np.where((looser == 0) | (across >= ratio * looser), across, -np.inf)

    return link


def _relative_link(link: np.ndarray, inner: np.ndarray) -> np.ndarray:
    """The mean cosine across two clusters over the looser one's own mean cosine."""
    looser = np.minimum.outer(inner, inner)
    return np.divide(link, looser, out=np.full_like(link, np.inf), where=looser > 0)


def _agglomerate(
    clusters: list[list[int]], similarity: np.ndarray, score: Score, threshold: float
) -> list[list[int]]:
    """Merge the best-scoring pair of clusters while its score reaches ``threshold``.
    ``score`` gets the mean cosine across every two clusters and each cluster's own mean
    cosine (0 for a single member). Sums are kept per cluster, so a merge costs O(k²)."""
    clusters = [list(c) for c in clusters]
    k = len(clusters)
    sums = np.array([[similarity[np.ix_(a, b)].sum() for b in clusters] for a in clusters])
    sums[np.diag_indices(k)] /= 2  # within: each pair once (the diagonal of sim is not used)
    for i, c in enumerate(clusters):
        sums[i, i] -= similarity[c, c].sum() / 2
    while len(clusters) > 1:
        sizes = np.array([len(c) for c in clusters], dtype=float)
        pairs_within = sizes * (sizes - 1) / 2
        inner = np.divide(
            np.diag(sums), pairs_within, out=np.zeros(len(sizes)), where=pairs_within > 0
        )
        scores = score(sums / np.outer(sizes, sizes), inner)
        scores[np.tril_indices(len(clusters))] = -np.inf
        x, y = np.unravel_index(int(np.argmax(scores)), scores.shape)
        if scores[x, y] < threshold:
            break
        sums[x, x] += sums[y, y] + sums[x, y]
        sums[x, :x] += sums[y, :x]
        sums[x, x + 1 :] += sums[y, x + 1 :]
        sums[:x, x] += sums[:x, y]
        sums[x + 1 :, x] += sums[x + 1 :, y]
        sums = np.delete(np.delete(sums, y, axis=0), y, axis=1)
        clusters[x] += clusters.pop(y)
    return clusters
