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

import math
import operator
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from ..model import parse_timestamp
from .features import StoryFeatures
from .options import DEFAULT_OPTIONS, GroupOptions

REFRESH_GROWTH = 1.1
MAX_CACHED_VECTORS = 20_000


@dataclass(slots=True)
class CorpusStats:
    """Document frequencies of content words and keys over the articles seen so far."""

    articles: int = 0
    term_df: Counter[str] = field(default_factory=Counter)
    key_df: Counter[str] = field(default_factory=Counter)
    sentence_df: Counter[str] = field(default_factory=Counter)
    boilerplate_documents: int | None = None
    """Sentences in at least this many articles leave the text vectors (see GroupOptions)."""
    boilerplate_max_share: float = 0.5
    # Weights and vectors computed since the last add; every add changes the IDF.
    _term_weights: dict[str, float] = field(default_factory=dict, repr=False, compare=False)
    _vectors: dict[str, tuple[dict[str, float], float]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _key_weights: dict[str, float] = field(default_factory=dict, repr=False, compare=False)
    _key_mass: dict[str, float] = field(default_factory=dict, repr=False, compare=False)

    _refreshed_at: int = 0

    def add(self, features: StoryFeatures) -> None:
        self.articles += 1
        self.term_df.update(features.terms)
        self.key_df.update(features.keys)
        self._vectors.pop(features.article_id, None)
        self._key_mass.pop(features.article_id, None)
        if self._count_sentences(features) or self.articles > self._refreshed_at * REFRESH_GROWTH:
            self._refresh()

    def _count_sentences(self, features: StoryFeatures) -> bool:
        """Count the article's sentences; True when one just became boilerplate, so that the
        cached vectors of the articles that carry it are recomputed without it."""
        if self.boilerplate_documents is None:
            return False
        crossed = False
        for digest in {x.hash for x in features.sentences}:
            self.sentence_df[digest] += 1
            crossed |= self.sentence_df[digest] == self.boilerplate_documents
        return crossed

    def content_counts(self, features: StoryFeatures) -> tuple[int, ...]:
        """The article's term counts without the words of its boilerplate sentences (unless
        those make up more than ``boilerplate_max_share`` of its words: then it is a copy)."""
        limit = self.boilerplate_documents
        if limit is None:
            return features.counts
        df = self.sentence_df
        dropped: list[int] = []  # the term of each dropped word
        seen: set[str] = set()
        for sentence in features.sentences:
            digest = sentence.hash
            if df[digest] >= limit and digest not in seen:
                seen.add(digest)
                dropped += sentence.terms
        if not dropped or len(dropped) > self.boilerplate_max_share * sum(features.counts):
            return features.counts
        counts = list(features.counts)
        for i, n in Counter(dropped).items():  # only the dropped terms' counts change
            counts[i] = max(0, counts[i] - n)
        return tuple(counts)

    def _refresh(self) -> None:
        # Weights are recomputed when the corpus has grown by 10 %, not at every article:
        # recomputing every candidate's vector at each add would cost more than the rest of
        # grouping together, and 10 % more articles moves an IDF by at most log(1.1) ~ 0.1.
        self._refreshed_at = self.articles
        for cache in (self._term_weights, self._vectors, self._key_weights, self._key_mass):
            cache.clear()

    def idf(self, df: int) -> float:
        """Smoothed IDF of a content word (as scikit-learn's TfidfVectorizer)."""
        return math.log((1 + self.articles) / (1 + df)) + 1.0

    def weight_of_key(self, key: str) -> float:
        weight = self._key_weights.get(key)
        if weight is None:
            weight = self._key_weights[key] = self.key_weight(self.key_df[key])
        return weight

    def key_mass(self, features: StoryFeatures) -> float:
        """Total weight of an article's keys."""
        mass = self._key_mass.get(features.article_id)
        if mass is None:
            mass = sum(self.weights_of_keys(features.keys))
            self._key_mass[features.article_id] = mass
        return mass

    def weights_of_keys(self, keys: tuple[str, ...]) -> list[float]:
        """:meth:`weight_of_key` of each key, read from the cache in one go (a mass is
        rebuilt after every refresh: some 1.2 million look-ups for 1,000 articles)."""
        weights = self._key_weights
        try:
            return list(map(weights.__getitem__, keys))
        except KeyError:  # weigh the keys not seen since the last refresh
            for key in keys:
                if key not in weights:
                    weights[key] = self.key_weight(self.key_df[key])
            return list(map(weights.__getitem__, keys))

    def term_idf(self, term: str) -> float:
        weight = self._term_weights.get(term)
        if weight is None:
            weight = self._term_weights[term] = self.idf(self.term_df[term])
        return weight

    def vector(self, features: StoryFeatures) -> tuple[dict[str, float], float]:
        """The sublinear TF-IDF vector of an article's content words, and its norm."""
        found = self._vectors.get(features.article_id)
        if found is None:
            vec = self._weighted(features.terms, self.content_counts(features))
            weights = list(vec.values())
            found = vec, math.sqrt(sum(map(operator.mul, weights, weights)))
            if len(self._vectors) >= MAX_CACHED_VECTORS:
                self._vectors.clear()
            self._vectors[features.article_id] = found
        return found

    def _weighted(self, terms: tuple[str, ...], counts: tuple[int, ...]) -> dict[str, float]:
        """``{term: sublinear count × IDF}`` for the terms counted at least once, each IDF
        as :meth:`term_idf` gives it (computed and kept at its first use), inlined."""
        if len(terms) != len(counts):
            raise ValueError("a count for each term")
        if 0 in counts:  # words of boilerplate sentences dropped
            terms = tuple([t for t, c in zip(terms, counts, strict=True) if c])
            counts = tuple([c for c in counts if c])
        weights = self._term_weights
        try:
            idfs = list(map(weights.__getitem__, terms))
        except KeyError:  # weigh the terms not seen since the last refresh
            df = self.term_df
            for t in terms:
                if t not in weights:
                    weights[t] = self.idf(df[t])
            idfs = list(map(weights.__getitem__, terms))
        sub = _SUBLINEAR if max(counts, default=0) < _TABLE else _sublinear_table(max(counts))
        return dict(zip(terms, map(operator.mul, map(sub.__getitem__, counts), idfs), strict=True))

    def key_weight(self, df: int) -> float:
        """IDF of a blocking key without the +1: a key every article has weighs nothing, so
        "United States" or "Joe Biden" in a corpus of US politics proves little. Without
        statistics every key weighs 1."""
        return math.log((1 + self.articles) / (1 + df)) if self.articles else 1.0


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


def same_story(
    a: StoryFeatures,
    b: StoryFeatures,
    options: GroupOptions = DEFAULT_OPTIONS,
    stats: CorpusStats | None = None,
) -> PairDecision:
    """Decide whether ``a`` and ``b`` report the same event."""
    stats = stats or CorpusStats()
    text = text_similarity(a, b, stats)
    copy = copy_similarity(a, b)
    shared = shared_keys(a, b, stats)
    overlap = key_overlap(a, b, shared, stats, options.min_key_mass)
    score = pair_score(text, overlap, len(shared), options)
    days = days_apart(a.published, b.published)
    if copy >= options.copy_jaccard:
        same, reason = True, "copy"
    elif days is not None and days > options.max_days_apart:
        same, reason = False, "too_far_apart"
    elif text < options.min_text:
        same, reason = False, "too_little"
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
    (va, na), (vb, nb) = stats.vector(a), stats.vector(b)
    if len(vb) < len(va):
        va, vb = vb, va
    dot = sum([w * vb[t] for t, w in va.items() if t in vb])
    return dot / (na * nb) if na and nb else 0.0


def text_measures(
    a: StoryFeatures, b: StoryFeatures, stats: CorpusStats
) -> tuple[float, float, float]:
    """``text_similarity(a, b)``, ``text_containment(a, b)`` and ``text_containment(b, a)``,
    the same floats (each sum over the same terms in the same order) from one look at
    each vector's shared terms."""
    (va, na), (vb, nb) = stats.vector(a), stats.vector(b)
    in_a = [(t, w) for t, w in va.items() if t in vb]
    in_b = [(t, w) for t, w in vb.items() if t in va]
    smaller, other = (in_b, va) if len(vb) < len(va) else (in_a, vb)
    dot = sum([w * other[t] for t, w in smaller])
    return (
        dot / (na * nb) if na and nb else 0.0,
        sum([w * w for _, w in in_a]) / (na * na) if na else 0.0,
        sum([w * w for _, w in in_b]) / (nb * nb) if nb else 0.0,
    )


def text_containment(a: StoryFeatures, b: StoryFeatures, stats: CorpusStats) -> float:
    """The share of ``a``'s TF-IDF vector (its squared norm) on content words ``b`` has too:
    near 1 when ``a`` is a summary or excerpt of ``b``, whatever ``b``'s length, while
    their cosine stays low when ``b`` is much longer."""
    (va, na), (vb, _) = stats.vector(a), stats.vector(b)
    held = sum([w * w for t, w in va.items() if t in vb])
    return held / (na * na) if na else 0.0


@lru_cache(maxsize=1024)
def _sublinear(count: int) -> float:
    return 1.0 + math.log(count)


def _sublinear_table(largest: int) -> tuple[float, ...]:
    """``_sublinear`` of the counts 1 to ``largest``, at their index (0.0 at 0)."""
    return (0.0, *(_sublinear(c) for c in range(1, largest + 1)))


_TABLE = 256
_SUBLINEAR = _sublinear_table(_TABLE - 1)
"""``_sublinear`` of the counts under ``_TABLE``, looked up (the same floats)."""


def copy_similarity(a: StoryFeatures, b: StoryFeatures) -> float:
    """Estimated Jaccard of the word 5-shingles (share of equal MinHash values)."""
    if len(a.signature) != len(b.signature) or not len(a.signature):
        return 0.0
    return float(np.count_nonzero(a.signature == b.signature)) / len(a.signature)


def shared_keys(a: StoryFeatures, b: StoryFeatures, stats: CorpusStats) -> tuple[SharedKey, ...]:
    where_b = dict(zip(b.keys, range(len(b.keys)), strict=True))
    weight = stats.weight_of_key
    shared = [
        _shared_key(key, a, i, b, where_b[key], weight(key))
        for i, key in enumerate(a.keys)
        if key in where_b
    ]
    if len(shared) > 1:
        shared.sort(key=_heaviest_first)
    return tuple(shared)


def _heaviest_first(shared: SharedKey) -> tuple[float, str]:
    return -shared.weight, shared.key


def _shared_key(
    key: str, a: StoryFeatures, i: int, b: StoryFeatures, j: int, weight: float
) -> SharedKey:
    """``SharedKey(key, a's label and span i, b's label and span j, weight)``, built through
    its slots (a frozen dataclass's ``__init__`` sets each field through
    ``object.__setattr__``; grouping makes some 500 of these per article)."""
    found = _new(SharedKey)
    _set_key(found, key)
    _set_label_a(found, a.key_labels[i])
    _set_span_a(found, a.key_spans[i])
    _set_label_b(found, b.key_labels[j])
    _set_span_b(found, b.key_spans[j])
    _set_weight(found, weight)
    return found


_new = object.__new__
_set_key, _set_label_a, _set_span_a = (
    SharedKey.key.__set__,  # type: ignore[attr-defined]
    SharedKey.label_a.__set__,  # type: ignore[attr-defined]
    SharedKey.span_a.__set__,  # type: ignore[attr-defined]
)
_set_label_b, _set_span_b, _set_weight = (
    SharedKey.label_b.__set__,  # type: ignore[attr-defined]
    SharedKey.span_b.__set__,  # type: ignore[attr-defined]
    SharedKey.weight.__set__,  # type: ignore[attr-defined]
)


def key_overlap(
    a: StoryFeatures,
    b: StoryFeatures,
    shared: tuple[SharedKey, ...],
    stats: CorpusStats,
    floor: float = 0.0,
) -> float:
    """Shared key weight over the smaller article's, that weight counted as at least
    ``floor`` (a post naming only "WHO" is not all overlap with every article naming it)."""
    return _over_smaller(sum(s.weight for s in shared), a, b, stats, floor)


def shared_key_overlap(
    a: StoryFeatures, b: StoryFeatures, stats: CorpusStats, floor: float = 0.0
) -> float:
    """``key_overlap(a, b, shared_keys(a, b, stats), stats, floor)`` without building the
    shared keys: their weights summed in the same order (heaviest first, then by key)."""
    in_b = set(b.keys)
    weight = stats.weight_of_key
    ranked = sorted([(-weight(k), k) for k in a.keys if k in in_b])
    return _over_smaller(sum([-w for w, _ in ranked]), a, b, stats, floor)


def _over_smaller(
    total: float, a: StoryFeatures, b: StoryFeatures, stats: CorpusStats, floor: float
) -> float:
    smaller = max(min(stats.key_mass(a), stats.key_mass(b)), floor)
    return total / smaller if smaller else 0.0


def days_apart(a: str | None, b: str | None) -> float | None:
    """Days between two ISO dates or date-times, or None when either is unknown."""
    da, db = parse_timestamp(a), parse_timestamp(b)
    return None if da is None or db is None else abs((da - db).total_seconds()) / 86_400
