"""Incremental story grouping: :class:`StoryIndex` and the one-shot :func:`group_articles`.

A new article is compared only with candidates: articles sharing an LSH band of its MinHash
signature (copies) or one of its rarest blocking keys (rewrites). Keys seen in more than
``max_postings`` articles stop being looked up, so the work per article is bounded and the
total grows near-linearly with the corpus. Each candidate is decided by
:func:`~.decision.same_story`; the article joins the story that supports it best (mean pair
score over that story's candidates, an incremental average linkage), and another story
merges into it (union-find) only when it supports the article at ``merge_threshold``.
A story's id is ``story-`` + the article id of its earliest member, so the same articles
added in the same order always give the same ids. Once a batch is in,
:meth:`StoryIndex.settle` puts each article still alone into the story clearly closest to
it in wording, then splits each story that gained articles into the separate reports it
holds (:mod:`.reports`).
"""

from __future__ import annotations

import hashlib
import itertools
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from storytrace.errors import NotFoundError
from storytrace.model import Article
from storytrace.read.sheet import FactSheet

from .decision import (
    CorpusStats,
    PairDecision,
    same_story,
    shared_key_overlap,
    text_measures,
    text_similarity,
)
from .features import StoryFeatures, story_features
from .options import DEFAULT_OPTIONS, GroupOptions
from .reports import report_parts

_STOPPED: list[int] = []  # marks a posting list dropped for being too common


@dataclass(frozen=True, slots=True)
class StoryVote:
    """How one story a new article was scored against fared: its id (as it was then), its
    support (mean pair score over the scored members, a copy counting 1) and the outcome:
    ``joined``; ``unlinked`` (no scored member reaches ``link_threshold``); ``incoherent``
    (refused by the cohesion rule, see ``GroupOptions.cohesion_margin``); ``weak`` (support
    under ``link_threshold``); or ``outranked`` (another story was joined instead)."""

    story_id: str
    support: float
    outcome: str


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where :meth:`StoryIndex.add` put an article: its story (as of now), the candidate
    pairs it was compared with and their decisions, the stories it merged, and how each
    story it was scored against fared (``votes``)."""

    article_id: str
    story_id: str
    decisions: tuple[PairDecision, ...]
    merged: tuple[str, ...] = ()
    votes: tuple[StoryVote, ...] = ()

    @property
    def links(self) -> tuple[PairDecision, ...]:
        return tuple(d for d in self.decisions if d.same)


class StoryIndex:
    """Stories of the articles added so far; add one article at a time."""

    def __init__(self, options: GroupOptions = DEFAULT_OPTIONS) -> None:
        self.options = options
        self.stats = CorpusStats(
            boilerplate_documents=options.boilerplate_documents,
            boilerplate_max_share=options.boilerplate_max_share,
        )
        self._features: list[StoryFeatures] = []
        self._ordinal: dict[str, int] = {}
        self._parent: list[int] = []
        self._postings: dict[str | int, list[int]] = {}
        self._restored_roots: dict[str, int] = {}
        self._members: dict[int, list[int]] = {}  # story root -> member ordinals, in order
        self._cohesion: dict[int, tuple[float, int]] = {}  # story root -> closeness sum, pairs
        self._fresh: set[int] = set()  # ordinals added (not restored) since the last settle

    @classmethod
    def from_features(
        cls, features: Iterable[StoryFeatures], options: GroupOptions = DEFAULT_OPTIONS
    ) -> StoryIndex:
        """Rebuild an index from persisted features, in their original order."""
        index = cls(options)
        for item in features:
            index.add(item)
        return index

    def __len__(self) -> int:
        return len(self._features)

    def add(self, features: StoryFeatures) -> Assignment:
        """Add one article: it joins the stories it links to, or starts its own."""
        if features.article_id in self._ordinal:
            return Assignment(features.article_id, self.story_of(features.article_id), ())
        candidates = self._candidates(features)
        self.stats.add(features)
        decisions, linked, votes = self._decide(features, candidates)
        ordinal = self._register(features)
        self._fresh.add(ordinal)
        merged = self._merge(ordinal, linked)
        return Assignment(
            features.article_id, self.story_of(features.article_id), decisions, merged, votes
        )

    def restore(self, features: StoryFeatures, story_id: str) -> None:
        """Put back an article grouped in an earlier run, into the story it was in, without
        deciding anything again. Restore in the original order: a story's id names its
        first member, so that member must come back first."""
        if features.article_id in self._ordinal:
            return
        self.stats.add(features)
        ordinal = self._register(features)
        root = self._restored_roots.setdefault(story_id, ordinal)
        self._parent[ordinal] = root
        if root != ordinal:
            self._members.setdefault(root, [root]).append(ordinal)

    def settle(self) -> dict[str, str]:
        """Once a batch of articles is in: put each article still alone into the story
        clearly closest to it in wording, then split each story that gained articles into
        the separate reports it holds. Returns moved article id -> story id.

        An article still alone is mostly a loose rewrite whose original gave the pair score
        too little to go on (a short, lower-cased text with no names): it joins the story
        of its best-matching candidate (its usual candidates and up to
        ``settle_candidates`` more sharing its words) when that text cosine reaches
        ``settle_min_text`` and ``settle_ratio`` times the best in any other story. A
        story splits when its members form two or more cores of close wording, each a
        report and its retellings, that are clearly looser across
        (:mod:`storytrace.group.reports`)."""
        moved: dict[str, str] = {}
        if self.options.settle_ratio is not None:
            for ordinal, features in enumerate(self._features):
                if self._find(ordinal) != ordinal or len(self._members.get(ordinal, ())) > 1:
                    continue
                target = self._clearly_closest(ordinal, features)
                if target is not None:
                    self._attach(ordinal, target)
                    moved[features.article_id] = self.story_of(features.article_id)
        moved.update(self._split_reports())
        self._fresh.clear()
        return moved

    def _clearly_closest(self, ordinal: int, features: StoryFeatures) -> int | None:
        """The root of the story clearly closest in wording to a lone article, or None."""
        best: dict[int, float] = {}
        for other in self._settle_candidates(features):
            root = self._find(other)
            if root != ordinal:
                text = text_similarity(features, self._features[other], self.stats)
                best[root] = max(best.get(root, 0.0), text)
        ranked = sorted(best, key=lambda r: (-best[r], r))
        if not ranked or best[ranked[0]] < self.options.settle_min_text:
            return None
        rival = best[ranked[1]] if len(ranked) > 1 else 0.0
        return ranked[0] if best[ranked[0]] >= self.options.settle_ratio * rival else None

    def _settle_candidates(self, features: StoryFeatures) -> list[int]:
        """A lone article's candidates, then up to ``settle_candidates`` more of the
        articles sharing its topical words (by the summed IDF of the shared ones)."""
        found = self._candidates(features)
        more = self.options.settle_candidates
        if not more:
            return found
        return list(dict.fromkeys([*found, *self._by_terms(features)[:more]]))

    def _split_reports(self) -> dict[str, str]:
        """Split every story that gained articles since the last settle into its reports;
        the part holding the earliest member keeps the story (and its cohesion record).
        Returns moved article id -> new story id."""
        if self.options.report_core_text is None:
            return {}
        moved: dict[str, str] = {}
        for root in sorted({self._find(o) for o in self._fresh}):
            members = self._members.get(root, [root])
            if not 4 <= len(members) <= self.options.report_max_members:
                continue  # fewer than four members cannot hold two cores of two
            similarity, held = self._wording(members)
            parts = report_parts(
                similarity,
                self.options.report_core_text,
                self.options.report_ratio,
                held,
                self.options.report_contained,
                self.options.report_rest_held,
                self.options.report_core_ratio,
                self.options.report_pair_text,
            )
            if len(parts) == 1:
                continue
            for number, part in enumerate(parts):
                # every member points at its part's root: a pointer through a member that
                # moved to another part would otherwise follow it there
                ordinals = sorted(members[i] for i in part)
                for o in ordinals:
                    self._parent[o] = ordinals[0]
                    if number:
                        moved[self._features[o].article_id] = self._story_id(ordinals[0])
                self._members[ordinals[0]] = ordinals
        return moved

    def _wording(self, ordinals: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """The text cosine of every two of these articles (the diagonal is 1), and how much
        of each one each other one holds: the lesser of the share of its words the other
        has (:func:`~.decision.text_containment`) and of its key weight
        (:func:`~.decision.key_overlap`, floored at ``min_key_mass``)."""
        n = len(ordinals)
        similarity, held = np.eye(n), np.eye(n)
        for i, j in itertools.combinations(range(n), 2):
            a, b = (self._features[ordinals[k]] for k in (i, j))
            text, a_in_b, b_in_a = text_measures(a, b, self.stats)
            similarity[i, j] = similarity[j, i] = text
            if self.options.report_contained is not None:
                keys = shared_key_overlap(a, b, self.stats, self.options.min_key_mass)
                held[i, j] = min(keys, a_in_b)
                held[j, i] = min(keys, b_in_a)
        return similarity, held

    def _attach(self, ordinal: int, root: int) -> None:
        """Merge a lone article into a story; the earlier of the two names the result."""
        keep, other = min(ordinal, root), max(ordinal, root)
        self._parent[other] = keep
        members = self._members.pop(root, [root])
        self._members[keep] = sorted([*members, ordinal])
        if root in self._cohesion:
            self._cohesion[keep] = self._cohesion.pop(root)

    def stories(self) -> dict[str, list[str]]:
        """Story id -> article ids, stories and members in the order they were added."""
        found: dict[str, list[str]] = {}
        for ordinal, features in enumerate(self._features):
            found.setdefault(self._story_id(self._find(ordinal)), []).append(features.article_id)
        return found

    def story_of(self, article_id: str) -> str:
        if article_id not in self._ordinal:
            raise NotFoundError(f"article {article_id} is not in this story index; add it first")
        return self._story_id(self._find(self._ordinal[article_id]))

    def features(self, article_id: str) -> StoryFeatures:
        if article_id not in self._ordinal:
            raise NotFoundError(f"article {article_id} is not in this story index; add it first")
        return self._features[self._ordinal[article_id]]

    # -- candidates -------------------------------------------------------------------------

    def _candidates(self, features: StoryFeatures) -> list[int]:
        """Ordinals of earlier articles worth a decision: LSH band mates first, then those
        sharing the most of the new article's rarest keys (latest first on ties)."""
        copies = sorted(
            {o for band in band_keys(features, self.options) for o in self._postings.get(band, ())}
        )
        shared = Counter[int]()
        for key in self._lookup_keys(features):
            shared.update(self._postings[key])
        ranked = _heaviest_latest_first(shared)
        worded = self._by_terms(features)
        mixed = [o for pair in itertools.zip_longest(ranked, worded) for o in pair if o is not None]
        return self._cap_per_story(dict.fromkeys([*copies, *mixed]))

    def _by_terms(self, features: StoryFeatures) -> list[int]:
        """Earlier articles sharing the new article's topical words, by the summed IDF of the
        shared ones: the only way to a rewrite when one side has no names to block on (a
        lower-cased original, a summary that drops them)."""
        weight: dict[int, float] = {}
        summed = weight.get
        for term in term_keys(features, self.options):
            postings = self._postings.get(term, _STOPPED)
            if postings is not _STOPPED:
                idf = self.stats.term_idf(term[2:])
                for o in postings:
                    weight[o] = summed(o, 0) + idf
        return _heaviest_latest_first(weight)

    def _cap_per_story(self, ordered: Iterable[int]) -> list[int]:
        chosen: list[int] = []
        per_story = Counter[int]()
        for ordinal in ordered:
            root = self._find(ordinal)
            if per_story[root] < self.options.max_per_story:
                per_story[root] += 1
                chosen.append(ordinal)
                if len(chosen) == self.options.max_candidates:
                    break
        return chosen

    def _lookup_keys(self, features: StoryFeatures) -> list[str]:
        live = [k for k in features.keys if self._postings.get(k, _STOPPED) is not _STOPPED]
        df = self.stats.key_df
        return sorted(live, key=lambda k: (df[k], k))[: self.options.lookup_keys]

    # -- decisions and stories ----------------------------------------------------------------

    def _decide(
        self, features: StoryFeatures, candidates: list[int]
    ) -> tuple[tuple[PairDecision, ...], list[int], tuple[StoryVote, ...]]:
        decisions: list[PairDecision] = []
        by_story: dict[int, list[PairDecision]] = {}
        for ordinal in candidates:
            decision = same_story(features, self._features[ordinal], self.options, self.stats)
            decisions.append(decision)
            by_story.setdefault(self._find(ordinal), []).append(decision)
        for root in [r for r, found in by_story.items() if any(d.same for d in found)]:
            extra = self._sample(root, set(candidates))
            for ordinal in extra:
                decision = same_story(features, self._features[ordinal], self.options, self.stats)
                decisions.append(decision)
                by_story[root].append(decision)
        chosen, votes = self._stories_to_join(by_story)
        return tuple(decisions), chosen, votes

    def _sample(self, root: int, scored: set[int]) -> list[int]:
        """Members of a story beyond the candidates, so that its support is measured on
        ``story_sample`` members when it has them: the earliest ones, which started it."""
        members = self._members.get(root, [root])
        have = sum(1 for o in members if o in scored)
        want = self.options.story_sample - have
        return [o for o in members if o not in scored][: max(0, want)]

    def _stories_to_join(
        self, by_story: dict[int, list[PairDecision]]
    ) -> tuple[list[int], tuple[StoryVote, ...]]:
        """The best-supported story, then any other story supported enough to merge, and
        how every scored story fared.

        A story's support is the mean score of its scored members (average linkage over the
        candidates and a sample of its members); a copy counts as full support. A story is
        only joined when the new article is about as close to those members as the story's
        members are to each other (see ``GroupOptions.cohesion_margin``)."""
        support = {
            root: sum(1.0 if d.reason == "copy" else d.score for d in found) / len(found)
            for root, found in by_story.items()
        }
        linked = {root for root, found in by_story.items() if any(d.same for d in found)}
        coherent = {root for root in linked if self._coheres(root, by_story[root])}
        rank = _mean_text(by_story) if self.options.rank_by_text else support
        eligible = [r for r in coherent if support[r] >= self.options.link_threshold]
        ranked = sorted(eligible, key=lambda r: (-rank[r], r))
        chosen = ranked[:1] + [r for r in ranked[1:] if support[r] >= self.options.merge_threshold]
        if chosen:
            self._record_cohesion(chosen, by_story)
        votes = tuple(
            StoryVote(self._story_id(root), support[root], outcome)
            for root in by_story
            for outcome in [_outcome(root, chosen, linked, coherent, eligible)]
        )
        return chosen, votes

    def _closeness(self, decision: PairDecision) -> float:
        return closeness(decision, self.options.cohesion_cap)

    def _coheres(self, root: int, found: list[PairDecision]) -> bool:
        """Whether the new article's mean closeness to a story's scored members reaches the
        story's own cohesion minus the margin. A story of one member always coheres, and
        every story does when the rule is off (no margin)."""
        if self.options.cohesion_margin is None or self._shares_specifics(found):
            return True
        total, count = self._cohesion.get(root) or self._seed_cohesion(root, found)
        if not count:
            return True
        mean = sum(map(self._closeness, found)) / len(found)
        return mean >= total / count - self.options.cohesion_margin

    def _shares_specifics(self, found: list[PairDecision]) -> bool:
        """Whether the new article shares, on average, at least ``cohesion_shared_keys``
        names, places, numbers and dates with a story's scored members: a separate report
        of the story's event, which the cohesion rule must not keep out."""
        least = self.options.cohesion_shared_keys
        return least is not None and sum(len(d.shared) for d in found) >= least * len(found)

    def _seed_cohesion(self, root: int, found: list[PairDecision]) -> tuple[float, int]:
        """The cohesion of a story that has no record (one restored from an earlier run):
        the closeness of its scored members to each other."""
        ids = [d.article_b for d in found]
        if len(ids) < 2:
            return 0.0, 0
        inner = [
            self._closeness(
                same_story(self.features(a), self.features(b), self.options, self.stats)
            )
            for i, a in enumerate(ids)
            for b in ids[i + 1 :]
        ]
        self._cohesion[root] = (sum(inner), len(inner))
        return self._cohesion[root]

    def _record_cohesion(self, chosen: list[int], by_story: dict[int, list[PairDecision]]) -> None:
        """The joined story's cohesion: the closeness of every pair scored when its members
        joined it, the new article's among them."""
        if self.options.cohesion_margin is None:
            return
        total = count = 0.0
        for root in chosen:
            old_total, old_count = self._cohesion.pop(root, (0.0, 0))
            total += old_total + sum(map(self._closeness, by_story[root]))
            count += old_count + len(by_story[root])
        self._cohesion[min(chosen)] = (total, int(count))

    def _register(self, features: StoryFeatures) -> int:
        ordinal = len(self._features)
        self._features.append(features)
        self._ordinal[features.article_id] = ordinal
        self._parent.append(ordinal)
        for key in (
            *features.keys,
            *band_keys(features, self.options),
            *term_keys(features, self.options),
        ):
            self._post(key, ordinal)
        return ordinal

    def _post(self, key: str | int, ordinal: int) -> None:
        postings = self._postings.setdefault(key, [])
        if postings is _STOPPED:
            return
        if len(postings) >= self.options.max_postings:
            self._postings[key] = _STOPPED
        else:
            postings.append(ordinal)

    def _merge(self, ordinal: int, roots: list[int]) -> tuple[str, ...]:
        if not roots:
            return ()
        keep = min(roots)
        absorbed = tuple(self._story_id(r) for r in sorted(roots) if r != keep)
        members = self._members.setdefault(keep, [keep])
        for root in (*roots, ordinal):
            self._parent[root] = keep
            if root != keep:
                members.extend(self._members.pop(root, [root]))
        return absorbed

    def _find(self, ordinal: int) -> int:
        root = ordinal
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[ordinal] != root:  # path compression
            self._parent[ordinal], ordinal = root, self._parent[ordinal]
        return root

    def _story_id(self, root: int) -> str:
        return f"story-{self._features[root].article_id}"


def _heaviest_latest_first(weight: dict[int, float] | Counter[int]) -> list[int]:
    """The ordinals by weight, heaviest first, then latest first: ``sorted(weight,
    key=lambda o: (-weight[o], -o))`` in two C-keyed sorts (stable, so a tie keeps the
    order of the first)."""
    ranked = sorted(weight, reverse=True)
    ranked.sort(key=weight.__getitem__, reverse=True)
    return ranked


def _outcome(
    root: int, chosen: list[int], linked: set[int], coherent: set[int], eligible: list[int]
) -> str:
    if root in chosen:
        return "joined"
    if root not in linked:
        return "unlinked"
    if root not in coherent:
        return "incoherent"
    return "outranked" if root in eligible else "weak"


def _mean_text(by_story: dict[int, list[PairDecision]]) -> dict[int, float]:
    """Each story's mean text cosine to the new article over its scored members (a copy
    counts as 1)."""
    return {
        root: sum(1.0 if d.reason == "copy" else d.text_similarity for d in found) / len(found)
        for root, found in by_story.items()
    }


def closeness(decision: PairDecision, cap: float) -> float:
    """A pair's score on the logit scale, at most ``cap`` (a copy is ``cap``): scores near 1
    still differ there, where a rewrite and its original stand apart from two reports that
    only share a subject."""
    if decision.reason == "copy":
        return cap
    score = min(max(decision.score, 1e-15), 1.0 - 1e-15)
    return min(cap, math.log(score / (1.0 - score)))


def band_keys(features: StoryFeatures, options: GroupOptions) -> list[int]:
    """One integer per LSH band: a stable hash of the band's signature values."""
    rows, signature = options.lsh_rows, features.signature
    keys = []
    for band in range(min(options.lsh_bands, len(signature) // rows)):
        chunk = band.to_bytes(2, "little") + signature[band * rows : (band + 1) * rows].tobytes()
        keys.append(int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "little"))
    return keys


def term_keys(features: StoryFeatures, options: GroupOptions) -> list[str]:
    """Posting keys of an article's most frequent content words (``w:`` + stem)."""
    return [f"w:{t}" for t in features.terms[: options.post_terms]]


def group_articles(
    pairs: Iterable[tuple[Article, FactSheet]], options: GroupOptions = DEFAULT_OPTIONS
) -> dict[str, list[str]]:
    """Group articles into stories in one go: story id -> article ids."""
    index = StoryIndex(options)
    for article, sheet in pairs:
        index.add(story_features(article, sheet, options))
    index.settle()
    return index.stories()
