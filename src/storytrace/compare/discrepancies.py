"""Discrepancies: where a copy says something its upstream source does not.

Each article is compared with the article it derives from (``upstream``). Its claims are
aligned with the source's claims (:func:`storytrace.compare.claims.similarity`); then

- each aligned pair is compared slot by slot (numbers with ``same_quantity``, dates with
  their precision), for certainty (a hedge or plan upstream, a plain assertion in the
  copy: ``hedge_dropped``), for attribution (a stronger reporting verb:
  ``attribution_strengthened``; an attributed claim now in the copy's own voice:
  ``attribution_dropped``) and for polarity (a denial become an assertion: ``distorted``);
- people found in both are compared for age, rank, role and employer (``entity_changed``);
- a source sentence saying what the writer could not establish ("was unable to
  determine") with no counterpart in the copy, while the copy keeps the claim it
  qualified: ``hedge_dropped`` when the copy also firms the claim up (a vouching verb, a
  plan become an event), else ``caveat_omitted``;
- loaded words (:mod:`storytrace.compare.lexicon`) the source never uses:
  ``loaded_language``;
- copy claims with no counterpart: ``unsupported_addition`` when they bring checkable
  news (a new person, a quote, a new number or date, an event involving the story's
  people), ``added_background`` when they are context (an explicit year well before
  publication, another outlet's report, history).

Restatements are not discrepancies: units are converted before numbers are compared,
dates compare by value at the coarser precision, and paraphrase changes no slot.

Each family is a detector in :mod:`storytrace.compare.detectors`, registered with the
types it emits and their default severity (:mod:`storytrace.compare.registry`); they all
read one :class:`storytrace.compare.pair.Pair` context per (copy, source).

Severity: ``high`` when a checkable fact differs or is added (number, date, entity,
unsupported addition, distortion, a plan or doubt turned into fact); ``medium`` when only
how sure or how sourced a fact is changes (attribution, an omitted caveat);
``low`` for framing and context (loaded language, added background).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from storytrace.compare.claims import Members, StoryClaims, Upstream
from storytrace.compare.detectors import DETECTORS, finding_types
from storytrace.compare.facts import Fact, align_facts
from storytrace.compare.fidelity import Fidelity, judge
from storytrace.compare.options import CompareOptions
from storytrace.compare.pair import Discrepancy, Pair, article_label
from storytrace.compare.timeline import TimelineEntry, build_timeline
from storytrace.model import Span

__all__ = [
    "SEVERITY",
    "SEVERITY_ORDER",
    "TYPES",
    "Comparison",
    "Discrepancy",
    "Pair",
    "article_label",
    "compare_story",
    "find_discrepancies",
    "number_findings",
]

#: Every finding type, as the registered detectors declare them.
TYPES = finding_types()
#: Each type's default severity, as its detectors declare it.
SEVERITY = {kind: sev for d in DETECTORS for kind, sev in d.emits.items()}
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


@dataclass(frozen=True, slots=True)
class Comparison:
    """What the comparison found: the findings (with ids) and a verdict per copy."""

    discrepancies: list[Discrepancy]
    fidelity: dict[str, Fidelity]
    timeline: list[TimelineEntry]


def find_discrepancies(
    members: Members,
    upstream: Upstream,
    options: CompareOptions | None = None,
    facts: list[Fact] | None = None,
) -> list[Discrepancy]:
    """Compare every member with its upstream member; findings in a stable order.
    ``facts`` are the members' aligned facts, computed here when not given."""
    return compare_story(members, upstream, options, facts).discrepancies


def compare_story(
    members: Members,
    upstream: Upstream,
    options: CompareOptions | None = None,
    facts: list[Fact] | None = None,
    claims: StoryClaims | None = None,
) -> Comparison:
    """:func:`find_discrepancies` and the fidelity verdict of every member that has an
    upstream member. ``claims``: the members' claims when already built (by
    :func:`align_facts`, say)."""
    opts = options or CompareOptions()
    by_id = {article.id: (article, sheet) for article, sheet in members}
    claims = claims or StoryClaims(members)
    facts = align_facts(members, upstream, opts, claims) if facts is None else facts
    fact_of = _facts_by_article(facts)
    found: dict[tuple[str, str, Span], Discrepancy] = {}
    pairs: dict[str, Pair] = {}
    for article, sheet in members:
        parent = upstream.get(article.id)
        if parent is None or parent not in by_id:
            continue
        pairs[article.id] = pair = Pair((article, sheet), by_id[parent], opts, claims)
        for d in pair.findings():
            d = _with_fact(d, fact_of)
            found.setdefault((d.article, d.type, d.span), d)
    numbered = number_findings(found.values())
    fidelity = {
        article_id: judge(pair, [d for d in numbered if d.article == article_id])
        for article_id, pair in pairs.items()
    }
    ordered = sorted(numbered, key=lambda d: (d.article, d.span, d.type))
    return Comparison(ordered, fidelity, build_timeline(members, numbered))


def number_findings(found: Iterable[Discrepancy]) -> list[Discrepancy]:
    """The findings most severe first (then by article and position), numbered "d1",
    "d2"... in that order: the ids the trace JSON, the dossier and the web pages use."""
    ordered = sorted(
        found, key=lambda d: (SEVERITY_ORDER.get(d.severity, 3), d.article, d.span.start, d.type)
    )
    return [replace(d, id=f"d{n}") for n, d in enumerate(ordered, start=1)]


def _facts_by_article(facts: list[Fact]) -> dict[str, list[tuple[Span, str]]]:
    """Each article's statement spans with their fact, in the order of ``facts`` (a span
    stated in two facts counts for the last of them, at the place of the first)."""
    fact_of = {(s.article_id, s.span): f.id for f in facts for s in f.statements}
    by_article: dict[str, list[tuple[Span, str]]] = {}
    for (article_id, span), fact_id in fact_of.items():
        by_article.setdefault(article_id, []).append((span, fact_id))
    return by_article


def _with_fact(d: Discrepancy, fact_of: dict[str, list[tuple[Span, str]]]) -> Discrepancy:
    for span, fact_id in fact_of.get(d.article, ()):
        if span.start <= d.span.start < span.end:
            return replace(d, fact=fact_id)
    return d
