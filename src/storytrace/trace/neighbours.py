"""Which pairs of a large story's articles are worth aligning: a cheap prefilter.

Aligning every ordered pair costs O(n²) alignments, each tens of milliseconds; a story of
240 articles would take hours. Above ``TraceOptions.all_pairs_limit`` articles each
article is aligned only with its ``TraceOptions.neighbours`` most promising others: the
most similar by cosine of IDF-weighted sets of content words and word bigrams (IDF within
the story, so the words every article of the story shares count for little and an
article's rarer wording finds the article it came from; numbers and names count too),
among those not published after it first — a source is published before its copy — and
with the story's first published article(s) (``TraceOptions.earliest``) among those that
hold enough of its numbers and names, the likeliest source of any copy, and
with the articles of the outlets it credits (a wire copy's dateline names its source). The
pairs are unordered: tracing aligns a pair of known order one way, from the earlier to the
later article, and an undated pair both ways (direction needs both containments), so a
story costs at most ``n·(2k + earliest)`` alignments when dated (``n·(k + earliest)``
without credits), twice that when not.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

from storytrace.trace.evidence import Profile, fact_share


def neighbour_pairs(
    profiles: Sequence[Profile], k: int, earliest: int = 0, floor: tuple[float, int] = (0.0, 0)
) -> set[frozenset[str]]:
    """Unordered id pairs to align: each article with its ``k`` most promising others,
    with the story's ``earliest`` first-published articles before it that could be its
    source, and with the ``k`` most promising articles of the outlets it credits.
    ``floor`` is ``(min_fact_share, min_specifics)`` (see ``TraceOptions``): an article
    holding less of the numbers and names of one with at least ``min_specifics`` reports
    another event, so it is not that one's first article (a look-alike story that
    grouping merged starts earlier)."""
    similarity = _similarity(profiles)
    first = sorted((p for p in profiles if p.published), key=lambda p: (p.published.at, p.id))
    pairs: set[frozenset[str]] = set()
    for i, p in enumerate(profiles):
        ranked = sorted(
            (j for j in range(len(profiles)) if j != i),
            key=lambda j: (_later(profiles[j], p), -similarity[i, j], profiles[j].id),
        )
        pairs.update(frozenset((p.id, profiles[j].id)) for j in ranked[:k])
        pairs.update(frozenset((p.id, q.id)) for q in _first_before(p, first, earliest, floor))
        credited = [j for j in ranked if profiles[j].article.metadata.outlet in p.credits]
        pairs.update(frozenset((p.id, profiles[j].id)) for j in credited[:k])
    return pairs


def _first_before(
    p: Profile, first: list[Profile], earliest: int, floor: tuple[float, int]
) -> list[Profile]:
    """The ``earliest`` first-published articles before ``p`` that hold at least the
    floor's share of its numbers and names (any, when it has too few of them)."""
    share = floor[0] if len(p.specifics) >= floor[1] else 0.0
    found: list[Profile] = []
    for q in first:
        if len(found) >= earliest or _later(q, p):
            break
        if q.id != p.id and fact_share(p, q) >= share:
            found.append(q)
    return found


def _later(other: Profile, p: Profile) -> bool:
    """Whether ``other`` is known to be published after ``p`` (so cannot be its source)."""
    return bool(other.published and p.published and other.published.at > p.published.at)


def _similarity(profiles: Sequence[Profile]) -> np.ndarray:
    """Cosine between the articles' IDF-weighted sets of content words, word bigrams and
    specifics (n × n): a changed number or name that a copy passes on to its own copies is
    rare in the story, so it draws them together, and so does a rewrite's own wording."""
    words = [p.view.stems | p.view.bigrams | p.specifics for p in profiles]  # once each
    df = Counter(w for ws in words for w in ws)
    shared = sorted(w for w, c in df.items() if c > 1)  # only these can make a dot product
    column = {w: i for i, w in enumerate(shared)}
    n = len(profiles)
    idf = {w: math.log(n / c) + 1.0 for w, c in df.items()}
    matrix = np.zeros((n, len(shared)), dtype=np.float32)
    norms = np.zeros(n, dtype=np.float32)
    for row, ws in enumerate(words):
        norms[row] = math.sqrt(sum(idf[w] ** 2 for w in ws)) or 1.0
        for w in ws:
            if w in column:
                matrix[row, column[w]] = idf[w]
    matrix /= norms[:, None]
    return matrix @ matrix.T


def copies_of_source(
    profiles: Sequence[Profile], parents: dict[str, str], aligned: set[tuple[str, str]], k: int
) -> set[frozenset[str]]:
    """A second chance for a large story's copies of copies (unordered id pairs to align):
    each article with up to ``k`` of the other articles hung on the same source
    (``parents``: article id -> chosen source id) that are not published after it and not
    yet ``aligned`` with it (``(source, copy)`` id pairs), the most similar first. A copy
    of a copy shares the original's text with every copy of that original, so the
    prefilter may well have aligned it with the original and a few siblings but not with
    the copy it was taken from; that copy was then hung on the original too."""
    similarity = _similarity(profiles)
    index = {p.id: i for i, p in enumerate(profiles)}
    copies: dict[str, list[Profile]] = {}
    for p in profiles:
        if p.id in parents:
            copies.setdefault(parents[p.id], []).append(p)
    pairs: set[frozenset[str]] = set()
    for p in profiles:
        if p.id not in parents:
            continue
        i = index[p.id]
        others = [
            q
            for q in copies[parents[p.id]]
            if q.id != p.id
            and not _later(q, p)
            and (q.id, p.id) not in aligned
            and (p.id, q.id) not in aligned
        ]
        others.sort(key=lambda q: (-similarity[i, index[q.id]], q.id))
        pairs.update(frozenset((p.id, q.id)) for q in others[:k])
    return pairs
