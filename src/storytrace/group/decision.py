"""The same-story decision on one pair of articles, with the evidence a user is shown.

The score is a logistic function of four measures (weights in :class:`GroupOptions`):

- ``text``: cosine of the sublinear TF-IDF vectors of the content words;
- ``keys``: IDF-weighted overlap coefficient of the blocking keys (shared names, places,
  numbers, dates and rare words over the smaller article's total), so a short rewrite that
  keeps only some facts still scores;
- ``shared``: log(1 + number of shared keys);
- copies (estimated 5-shingle Jaccard ≥ ``copy_jaccard``) are the same story outright.

IDF comes from :class:`CorpusStats` (document frequencies the index keeps as articles
arrive); without it every word and key weighs the same.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from .features import StoryFeatures
from .options import GroupOptions


@dataclass(slots=True)
class CorpusStats:
    """Document frequencies of content words and keys over the articles seen so far."""

    articles: int = 0
    term_df: Counter[str] = field(default_factory=Counter)
    key_df: Counter[str] = field(default_factory=Counter)

    def add(self, features: StoryFeatures) -> None:
        self.articles += 1
        self.term_df.update(features.terms)
        self.key_df.update(features.keys)

    def idf(self, df: int) -> float:
        return math.log((1 + self.articles) / (1 + df)) + 1.0


@dataclass(frozen=True, slots=True)
class SharedKey:
    """A name, place, number, date or rare word both articles mention, with both spans."""

    key: str
    label_a: str
    span_a: tuple[int, int]
    label_b: str
    span_b: tuple[int, int]
    weight: float

    @property
    def kind(self) -> str:
        return self.key.split(":", 1)[0]


@dataclass(frozen=True, slots=True)
class PairDecision:
    """Whether two articles tell the same story, the score (0–1) and why.

    ``reason`` is ``copy``, ``evidence``, ``too_far_apart`` or ``too_little``;
    ``shared`` lists the shared keys, heaviest first.
    """

    article_a: str
    article_b: str
    score: float
    same: bool
    reason: str
    text_similarity: float
    copy_similarity: float
    key_overlap: float
    shared: tuple[SharedKey, ...]
    days_apart: float | None

    def shared_of(self, kind: str) -> list[str]:
        """Labels (as article A wrote them) of the shared keys of one kind (person, org,
        place, money, date, term...)."""
        return [s.label_a for s in self.shared if s.kind == kind]


_NO_STATS = CorpusStats()


def same_story(
    a: StoryFeatures,
    b: StoryFeatures,
    options: GroupOptions = GroupOptions(),
    stats: CorpusStats | None = None,
) -> PairDecision:
    """Decide whether ``a`` and ``b`` report the same event."""
    stats = stats or _NO_STATS
    text = text_similarity(a, b, stats)
    copy = copy_similarity(a, b)
    shared = shared_keys(a, b, stats)
    overlap = key_overlap(a, b, shared, stats)
    score = pair_score(text, overlap, len(shared), options)
    days = days_apart(a.published, b.published)
    if copy >= options.copy_jaccard:
        same, reason = True, "copy"
    elif days is not None and days > options.max_days_apart:
        same, reason = False, "too_far_apart"
    elif score >= options.link_threshold:
        same, reason = True, "evidence"
    else:
        same, reason = False, "too_little"
    return PairDecision(
        a.article_id, b.article_id, score, same, reason, text, copy, overlap, shared, days
    )


def pair_score(text: float, overlap: float, n_shared: int, options: GroupOptions) -> float:
    z = (
        options.bias
        + options.weight_text * text
        + options.weight_keys * overlap
        + options.weight_shared * math.log1p(n_shared)
    )
    return 1.0 / (1.0 + math.exp(-z))


def text_similarity(a: StoryFeatures, b: StoryFeatures, stats: CorpusStats) -> float:
    """Cosine of the sublinear TF-IDF vectors of the kept content words."""
    va, vb = _tfidf(a, stats), _tfidf(b, stats)
    dot = sum(w * vb[t] for t, w in va.items() if t in vb)
    norm = math.sqrt(sum(w * w for w in va.values()) * sum(w * w for w in vb.values()))
    return dot / norm if norm else 0.0


def _tfidf(f: StoryFeatures, stats: CorpusStats) -> dict[str, float]:
    df = stats.term_df
    return {
        t: (1.0 + math.log(c)) * stats.idf(df[t]) for t, c in zip(f.terms, f.counts, strict=True)
    }


def copy_similarity(a: StoryFeatures, b: StoryFeatures) -> float:
    """Estimated Jaccard of the word 5-shingles (share of equal MinHash values)."""
    if len(a.signature) != len(b.signature) or not len(a.signature):
        return 0.0
    return float(np.count_nonzero(a.signature == b.signature)) / len(a.signature)


def shared_keys(a: StoryFeatures, b: StoryFeatures, stats: CorpusStats) -> tuple[SharedKey, ...]:
    where_b = {k: i for i, k in enumerate(b.keys)}
    shared = [
        SharedKey(
            key,
            a.key_labels[i],
            a.key_spans[i],
            b.key_labels[where_b[key]],
            b.key_spans[where_b[key]],
            stats.idf(stats.key_df[key]),
        )
        for i, key in enumerate(a.keys)
        if key in where_b
    ]
    return tuple(sorted(shared, key=lambda s: (-s.weight, s.key)))


def key_overlap(
    a: StoryFeatures, b: StoryFeatures, shared: tuple[SharedKey, ...], stats: CorpusStats
) -> float:
    smaller = min(_key_mass(a, stats), _key_mass(b, stats))
    return sum(s.weight for s in shared) / smaller if smaller else 0.0


def _key_mass(f: StoryFeatures, stats: CorpusStats) -> float:
    return sum(stats.idf(stats.key_df[k]) for k in f.keys)


def days_apart(a: str | None, b: str | None) -> float | None:
    """Days between two ISO dates or date-times, or None when either is unknown."""
    da, db = _parse(a), _parse(b)
    return None if da is None or db is None else abs((da - db).total_seconds()) / 86_400


def _parse(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
