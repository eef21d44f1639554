"""The pair context: a copy and its source with their claims aligned, built once per
(copy, source) and shared by every detector (:mod:`storytrace.compare.detectors`), and
the finding record the detectors make from it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from storytrace.compare.claims import (
    RATIO_AND_NUMBER,
    ClaimView,
    StoryClaims,
    overlap_score,
    same_number,
    similarity,
)
from storytrace.compare.options import CompareOptions
from storytrace.compare.registry import DETECTORS, default_severity
from storytrace.compare.years import Dated, article_year
from storytrace.model import Article, Span
from storytrace.read.sheet import FactSheet


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """One finding: what the copy says (``span``/``text`` in its clean text), what its
    source says (``upstream_span``/``upstream_text``; None for additions), and why."""

    type: str
    severity: str
    article: str
    upstream_article: str
    span: Span
    text: str
    upstream_span: Span | None
    upstream_text: str | None
    explanation: str
    fact: str | None = None
    id: str | None = None  # "d1", "d2"... in severity order, see number_findings

    def to_dict(self) -> dict[str, Any]:
        up = self.upstream_span
        return {
            "type": self.type,
            "severity": self.severity,
            "article": self.article,
            "upstream_article": self.upstream_article,
            "span": [self.span.start, self.span.end],
            "text": self.text,
            "upstream_span": None if up is None else [up.start, up.end],
            "upstream_text": self.upstream_text,
            "explanation": self.explanation,
            "fact": self.fact,
            "id": self.id,
        }


@dataclass(frozen=True, slots=True)
class Aligned:
    """A copy claim with its counterpart in the source (``candidates``: the source claims
    close enough to compare slots with, best first, the counterpart first)."""

    index: int
    copy: ClaimView
    source: ClaimView
    score: float
    candidates: tuple[tuple[int, float], ...]


REPORTING = re.compile(
    r"\b(?:according\s+to|citing|cited|reported|reports?|said|says|told|show(?:s|ed)?)\b",
    re.IGNORECASE,
)


def article_label(article: Article) -> str:
    """How explanations name an article: its outlet, else its title, else its file."""
    if article.metadata.outlet:
        return article.metadata.outlet
    if article.title:
        return f"“{short(article.title, 40)}”"
    return article.source.rsplit("/", 1)[-1]


def short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class Pair:
    """A copy and its source, with the claims aligned: what every detector reads."""

    def __init__(
        self,
        copy: tuple[Article, FactSheet],
        source: tuple[Article, FactSheet],
        options: CompareOptions,
        views: Mapping[str, list[ClaimView]] | StoryClaims | None = None,
    ) -> None:
        """``views``: the story's claims (:class:`StoryClaims`, or the claim views by
        article id), built once per story: an article is the source of many copies."""
        self.copy, self.sheet = copy
        self.source, self.source_sheet = source
        self.options = options
        story = views if isinstance(views, StoryClaims) else StoryClaims([copy, source], views)
        self.views = story.views(self.copy.id)
        self.source_views = story.views(self.source.id)
        self.source_index = story.index(self.source.id)
        # scores of a claim against the source's, by signature: shared by every copy
        # of the story with this source (wire copies keep most claims word for word)
        self.story_scores = story.scores
        self.story_memo = story.memo  # what a detector computes once per story
        self.source_dates: list[Dated] = story.dates(self.source.id)
        self.strong_dates = [d for d in self.source_dates if not d.weak]
        self.year = article_year(self.copy, self.sheet)
        self.stems = story.stems(self.copy.id)  # of the whole text, as source_stems
        self.source_stems = story.stems(self.source.id)
        self.memo: dict[str, Any] = {}  # what a detector computes once per pair
        self._scores: dict[int, list[tuple[int, float]]] = {}
        self.candidates = self._candidates()
        self.aligned = {i: js[0] for i, js in self.candidates.items()}

    def _candidates(self) -> dict[int, list[tuple[int, float]]]:
        """For each aligned copy claim, the source claims close enough to compare slots
        with, best first; the first is its counterpart."""
        found = {}
        for i, view in enumerate(self.views):
            above = [(j, x) for j, x in self.scores(view) if x >= self.options.slot_threshold]
            best = sorted(above, key=lambda jx: (-jx[1], jx[0]))[: self.options.slot_candidates]
            if best and best[0][1] >= self.options.align_threshold:
                found[i] = best
        return found

    def scores(self, view: ClaimView) -> list[tuple[int, float]]:
        """``similarity`` of ``view`` to each source claim reaching ``slot_threshold``
        (found among those sharing a key, see :class:`ClaimIndex`), scored once per pair."""
        if id(view) not in self._scores:
            key = (
                self.source.id,
                self.options.slot_threshold,
                self.options.number_rel_tol,
                view.signature,
            )
            found = self.story_scores.get(key)
            if found is None:
                found = self.story_scores[key] = self._score(view)
            self._scores[id(view)] = found
        return self._scores[id(view)]

    def _score(self, view: ClaimView) -> list[tuple[int, float]]:
        threshold, tol = self.options.slot_threshold, self.options.number_rel_tol
        found = []
        for j in self.source_index.candidates(view):
            other = self.source_views[j]
            overlap = overlap_score(view, other)
            if overlap + RATIO_AND_NUMBER >= threshold:
                score = similarity(view, other, tol, overlap, threshold)
                if score >= threshold:
                    found.append((j, score))
        return found

    def aligned_claims(self) -> list[Aligned]:
        """The aligned copy claims in text order, each with its counterpart."""
        return [
            Aligned(i, self.views[i], self.source_views[j], score, tuple(self.candidates[i]))
            for i, (j, score) in sorted(self.aligned.items())
        ]

    def findings(self) -> Iterator[Discrepancy]:
        """What every registered detector finds: the per-claim ones on each aligned claim,
        then the others once, in registration order."""
        per_claim = [d for d in DETECTORS if d.per_claim]
        for aligned in self.aligned_claims():
            for detector in per_claim:
                yield from detector.run(self, aligned)
        for detector in DETECTORS:
            if not detector.per_claim:
                yield from detector.run(self)

    # -- shared by the detectors -------------------------------------------------------

    def finding(
        self, kind: str, span: Span, up: Span | None, explanation: str, severity: str = ""
    ) -> Discrepancy:
        up_text = None if up is None else up.of(self.source_sheet.text)
        return Discrepancy(
            kind,
            severity or default_severity(kind),
            self.copy.id,
            self.source.id,
            span,
            span.of(self.sheet.text),
            up,
            up_text,
            explanation,
        )

    @property
    def name(self) -> str:
        return article_label(self.copy)

    @property
    def source_name(self) -> str:
        return article_label(self.source)

    def sentence(self, c: ClaimView) -> str:
        """The copy sentence holding claim ``c``."""
        return self.sheet.sentences[c.claim.sentence].span.of(self.sheet.text)

    def source_sentence(self, u: ClaimView) -> str:
        return self.source_sheet.sentences[u.claim.sentence].span.of(self.source_sheet.text)

    def in_source(self, q: Any) -> bool:
        """Whether the source gives this number anywhere."""
        tol = self.options.number_rel_tol
        return any(same_number(q, u, tol) for v in self.source_views for u in v.quantities)

    def background(self, c: ClaimView) -> Discrepancy:
        return self.finding(
            "added_background",
            c.span,
            None,
            f"{self.name} adds background its source {self.source_name} does not "
            f"give: “{short(c.claim.text, 70)}”.",
        )

    def against_candidates(
        self,
        aligned: Aligned,
        compare: Callable[[ClaimView, ClaimView], Iterator[Discrepancy]],
        relevant: Callable[[ClaimView, ClaimView], bool],
    ) -> Iterator[Discrepancy]:
        """Slot findings of one kind against every similar source claim: a value conflicts
        when each candidate that gives a value of its kind disagrees; reported against the
        best."""
        c = aligned.copy
        per_candidate = []
        for j, _ in aligned.candidates:
            found = list(compare(c, self.source_views[j]))
            if found or relevant(c, self.source_views[j]):
                per_candidate.append(found)
        if per_candidate and all(per_candidate):
            common = set.intersection(*({d.span for d in f} for f in per_candidate))
            yield from (d for d in per_candidate[0] if d.span in common)
