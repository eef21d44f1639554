"""One story, analysed: the derivation graph (:mod:`.trace`), the aligned facts and the
discrepancies (:mod:`.compare`), joined into one record whose JSON is the documented
``storytrace.trace/3`` schema (``docs/trace-json.md``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .compare import Discrepancy, Fact, align_facts
from .compare.claims import StoryClaims
from .compare.discrepancies import compare_story
from .compare.fidelity import Fidelity
from .compare.roster import story_people, story_quantities
from .compare.timeline import TimelineEntry
from .config import Config
from .model import Article
from .read import FactSheet
from .trace import Alignment, StoryTrace, trace_story
from .trace.origins import origins

SCHEMA = "storytrace.trace/3"
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}

Members = Sequence[tuple[Article, FactSheet]]


@dataclass(frozen=True, slots=True)
class StoryAnalysis:
    story_id: str
    articles: tuple[Article, ...]
    trace: StoryTrace
    facts: tuple[Fact, ...]
    discrepancies: tuple[Discrepancy, ...]
    fidelity: tuple[Fidelity, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    people: tuple[dict[str, Any], ...] = ()
    quantities: tuple[dict[str, Any], ...] = ()

    @property
    def original(self) -> Article | None:
        root = self.trace.root()
        return next((a for a in self.articles if root and a.id == root.article_id), None)

    def to_dict(self) -> dict[str, Any]:
        origin_of = origins(self.trace)
        texts = {a.id: a.clean_text for a in self.articles}
        return {
            "schema": SCHEMA,
            "story": self._summary(origin_of),
            "articles": [self._article(a, origin_of[a.id]) for a in self.articles],
            "derivations": [_edge(d.to_dict()) for d in self.trace.derivations if d.derived_from],
            "alignments": [self._alignment(a, texts) for a in self.trace.alignments],
            "facts": [_fact(f) for f in self.facts],
            "discrepancies": [d.to_dict() for d in self.discrepancies],
            "timeline": [e.to_dict() for e in self.timeline],
            "people": list(self.people),
            "quantities": list(self.quantities),
        }

    def _summary(self, origin_of: dict[str, str]) -> dict[str, Any]:
        original = self.original
        counts: dict[str, int] = {}
        for d in self.discrepancies:
            counts[d.type] = counts.get(d.type, 0) + 1
        return {
            "id": self.story_id,
            "title": (original or self.articles[0]).title,
            "original": original.id if original else None,
            "article_count": len(self.articles),
            "independent_origins": len(set(origin_of.values())),
            "discrepancy_counts": counts,
            "fidelity": self._verdicts(),
        }

    def _verdicts(self) -> dict[str, list[str]]:
        """The copies by verdict (faithful, altered, unknown), most likely altered first."""
        found: dict[str, list[str]] = {v: [] for v in ("altered", "faithful", "unknown")}
        for f in sorted(self.fidelity, key=lambda f: (-f.score, f.article)):
            found[f.verdict].append(f.article)
        return found

    def _alignment(self, alignment: Alignment, texts: dict[str, str]) -> dict[str, Any]:
        return alignment.to_dict(texts[alignment.source_id], texts[alignment.copy_id])

    def _article(self, article: Article, origin: str) -> dict[str, Any]:
        derivation = self.trace.derivation(article.id).to_dict()
        fidelity = next((f for f in self.fidelity if f.article == article.id), None)
        meta = article.metadata
        return {
            "id": article.id,
            "source": meta.url or article.source,
            "file": article.source,
            "title": meta.title,
            "outlet": meta.outlet,
            "published": meta.published,
            "published_from": meta.published_from,
            "outlet_from": meta.outlet_from,
            "origin": origin,
            **{k: v for k, v in derivation.items() if k != "article_id"},
            "fidelity": None if fidelity is None else fidelity.to_dict(),
        }


def analyse_story(story_id: str, members: Members, config: Config = Config()) -> StoryAnalysis:
    """Trace and compare the articles of one story."""
    ordered = sorted(members, key=lambda m: (m[0].metadata.published or "~", m[0].id))
    trace = trace_story(ordered, config.trace)
    upstream = {d.article_id: d.derived_from for d in trace.derivations}
    claims = StoryClaims(ordered)  # each article's claim views, built once
    facts = align_facts(ordered, upstream, config.compare, claims)
    compared = compare_story(ordered, upstream, config.compare, facts, claims)
    found = sorted(compared.discrepancies, key=lambda d: int((d.id or "d0")[1:]))
    fidelity = tuple(compared.fidelity[a.id] for a, _ in ordered if a.id in compared.fidelity)
    articles = tuple(a for a, _ in ordered)
    timeline = tuple(compared.timeline)
    people = tuple(story_people(ordered))
    quantities = tuple(story_quantities(ordered, config.compare.number_rel_tol))
    return StoryAnalysis(
        story_id,
        articles,
        trace,
        tuple(facts),
        tuple(found),
        fidelity,
        timeline,
        people,
        quantities,
    )


def _edge(derivation: dict[str, Any]) -> dict[str, Any]:
    return {
        "article": derivation["article_id"],
        "derived_from": derivation["derived_from"],
        "role": derivation["role"],
        "direction": derivation["direction"],
        "direction_evidence": derivation["direction_evidence"],
        "reuse_share": derivation["reuse_share"],
        "credits_source": derivation["credits_source"],
        "alternatives": derivation["alternatives"],
    }


def _fact(fact: Fact) -> dict[str, Any]:
    data = fact.to_dict()
    return {
        **data,
        "articles": data["support"],
        "origins": data["independent_support"],
        "support": len(fact.support),
        "independent_support": len(fact.independent_support),
    }
