"""Discrepancies: where a copy says something its upstream source does not.

Each article is compared with the article it derives from (``upstream``). Its claims are
aligned with the source's claims (:func:`storytrace.compare.facts.similarity`); then

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

Severity: ``high`` when a checkable fact differs or is added (number, date, entity,
unsupported addition, distortion, a plan or doubt turned into fact); ``medium`` when only
how sure or how sourced a fact is changes (attribution, an omitted caveat);
``low`` for framing and context (loaded language, added background).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from rapidfuzz import fuzz

from storytrace.compare.facts import (
    ClaimView,
    Fact,
    Members,
    Upstream,
    align_facts,
    article_dates,
    article_year,
    claim_views,
    comparable,
    content_stems,
    content_stems_ordered,
    date_conflicts,
    dates_agree,
    number_conflicts,
    role,
    same_number,
    similarity,
    similarity_bound,
)
from storytrace.compare.fidelity import Fidelity, judge
from storytrace.compare.lexicon import (
    BACKGROUND,
    CAVEAT,
    EVENT,
    NEGATION,
    PLAN,
    QUOTE,
    STRONG_VERB,
    loaded_pattern,
)
from storytrace.compare.options import CompareOptions
from storytrace.compare.people import PersonChange, person_changes, renamed
from storytrace.compare.timeline import TimelineEntry, build_timeline
from storytrace.model import Article, Span
from storytrace.read.certainty import HEDGE
from storytrace.read.sheet import Certainty, FactSheet, SourceKind

TYPES = (
    "number_changed",
    "date_changed",
    "entity_changed",
    "hedge_dropped",
    "attribution_strengthened",
    "attribution_dropped",
    "distorted",
    "unsupported_addition",
    "added_background",
    "loaded_language",
    "caveat_omitted",
)
SEVERITY = {
    "number_changed": "high",
    "date_changed": "high",
    "entity_changed": "high",
    "hedge_dropped": "high",
    "distorted": "high",
    "unsupported_addition": "high",
    "attribution_strengthened": "medium",
    "attribution_dropped": "medium",
    "caveat_omitted": "medium",
    "added_background": "low",
    "loaded_language": "low",
}


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
) -> Comparison:
    """:func:`find_discrepancies` and the fidelity verdict of every member that has an
    upstream member."""
    opts = options or CompareOptions()
    by_id = {article.id: (article, sheet) for article, sheet in members}
    facts = align_facts(members, upstream, opts) if facts is None else facts
    fact_of = {(s.article_id, s.span): f.id for f in facts for s in f.statements}
    found: dict[tuple[str, str, Span], Discrepancy] = {}
    pairs: dict[str, Pair] = {}
    for article, sheet in members:
        parent = upstream.get(article.id)
        if parent is None or parent not in by_id:
            continue
        pairs[article.id] = pair = Pair((article, sheet), by_id[parent], opts)
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


def _with_fact(d: Discrepancy, fact_of: dict[tuple[str, Span], str]) -> Discrepancy:
    for (article_id, span), fact_id in fact_of.items():
        if article_id == d.article and span.start <= d.span.start < span.end:
            return replace(d, fact=fact_id)
    return d


def article_label(article: Article) -> str:
    """How explanations name an article: its outlet, else its title, else its file."""
    if article.metadata.outlet:
        return article.metadata.outlet
    if article.title:
        return f"“{_short(article.title, 40)}”"
    return article.source.rsplit("/", 1)[-1]


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _strength(view: ClaimView) -> int:
    """The reporting verb's strength, 3 when the claim uses a vouching verb outside quotes
    and not under a negation ("could not be independently verified")."""
    unquoted = QUOTE.sub("", view.claim.text)
    for match in STRONG_VERB.finditer(unquoted):
        if not NEGATION.search(unquoted[max(0, match.start() - 25) : match.start()]):
            return 3
    return int(view.claim.attribution.strength)


def _hedged(text: str, certainty: Certainty) -> bool:
    return certainty == Certainty.HEDGED or bool(
        HEDGE.search(text) or PLAN.search(text) or CAVEAT.search(text)
    )


class Pair:
    """A copy and its source, with the claims aligned; :meth:`findings` lists what differs."""

    def __init__(
        self,
        copy: tuple[Article, FactSheet],
        source: tuple[Article, FactSheet],
        options: CompareOptions,
    ) -> None:
        self.copy, self.sheet = copy
        self.source, self.source_sheet = source
        self.options = options
        self.views = claim_views(*copy)
        self.source_views = claim_views(*source)
        self.source_dates = article_dates(*source)
        self._strong_dates = [d for d in self.source_dates if not d.weak]
        self.candidates = self._candidates()
        self.aligned = {i: js[0] for i, js in self.candidates.items()}

    def _candidates(self) -> dict[int, list[tuple[int, float]]]:
        """For each aligned copy claim, the source claims close enough to compare slots
        with, best first; the first is its counterpart."""
        found = {}
        for i, view in enumerate(self.views):
            above = [(j, x) for j, x in self._scores(view) if x >= self.options.slot_threshold]
            best = sorted(above, key=lambda jx: (-jx[1], jx[0]))[: self.options.slot_candidates]
            if best and best[0][1] >= self.options.align_threshold:
                found[i] = best
        return found

    def _scores(self, view: ClaimView) -> Iterator[tuple[int, float]]:
        """``similarity`` of ``view`` to each source claim that may reach ``slot_threshold``."""
        for j, other in enumerate(self.source_views):
            if similarity_bound(view, other) >= self.options.slot_threshold:
                yield j, similarity(view, other, self.options.number_rel_tol)

    def findings(self) -> Iterator[Discrepancy]:
        for i, (j, score) in sorted(self.aligned.items()):
            yield from self._compare(self.views[i], self.source_views[j], score)
            yield from self._slots(self.views[i], self.candidates[i])
        yield from self._people()
        yield from self._caveats()
        yield from self._loaded()
        yield from self._additions()

    # -- making records ----------------------------------------------------------------

    def _finding(
        self, kind: str, span: Span, up: Span | None, explanation: str, severity: str = ""
    ) -> Discrepancy:
        up_text = None if up is None else up.of(self.source_sheet.text)
        return Discrepancy(
            kind,
            severity or SEVERITY[kind],
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

    # -- aligned claims ----------------------------------------------------------------

    def _compare(self, c: ClaimView, u: ClaimView, score: float) -> Iterator[Discrepancy]:
        yield from self._certainty(c, u)
        yield from self._attribution(c, u)
        yield from self._polarity(c, u, score)
        yield from self._renamed(c, u)

    def _renamed(self, c: ClaimView, u: ClaimView) -> Iterator[Discrepancy]:
        found = renamed(c, u, self.sheet, self.source_sheet)
        if found is not None:
            yield self._finding(
                "entity_changed",
                found.span,
                found.upstream_span,
                f"{self.name} names {found.new} where its source {self.source_name} names "
                f"{found.old} in the same statement, and mentions no such person elsewhere.",
            )

    def _slots(self, c: ClaimView, candidates: list[tuple[int, float]]) -> Iterator[Discrepancy]:
        """Numbers and dates against every similar source claim: a value conflicts when each
        candidate that gives a value of its kind disagrees; reported against the best."""
        for compare, relevant in ((self._numbers, self._same_things), (self._dates, _has_dates)):
            per_candidate = []
            for j, _ in candidates:
                found = list(compare(c, self.source_views[j]))
                if found or relevant(c, self.source_views[j]):
                    per_candidate.append(found)
            if per_candidate and all(per_candidate):
                common = set.intersection(*({d.span for d in f} for f in per_candidate))
                yield from (d for d in per_candidate[0] if d.span in common)

    def _numbers(self, c: ClaimView, u: ClaimView) -> Iterator[Discrepancy]:
        for qc, qu in number_conflicts(c, u, self.options):
            if self._stated_anywhere(qc):
                continue
            span, up = (
                self._with_role(self.sheet.text, qc.span),
                self._with_role(self.source_sheet.text, qu.span),
            )
            yield self._finding(
                "number_changed",
                span,
                up,
                f"{self.name} says “{span.of(self.sheet.text)}” where its source "
                f"{self.source_name} says “{up.of(self.source_sheet.text)}”.",
            )

    def _same_things(self, c: ClaimView, u: ClaimView) -> bool:
        """Whether ``u`` gives a number about something ``c`` counts: an equal one, or one
        of the same family sharing a role word. Only such a claim can vouch for ``c``'s
        numbers; one counting other things says nothing about them."""
        window = self.options.role_window
        return any(
            same_number(qc, qu, self.options.number_rel_tol)
            or (
                comparable(qc, qu)
                and role(c.sheet.text, qc, window) & role(u.sheet.text, qu, window)
            )
            for qc in c.quantities
            for qu in u.quantities
        )

    def _stated_anywhere(self, q: Any) -> bool:
        """Whether the source states this number about the same thing in another sentence."""
        mine = role(self.sheet.text, q, self.options.role_window)
        for other in self.source_views:
            for qu in other.quantities:
                if same_number(q, qu, self.options.number_rel_tol) and mine & role(
                    self.source_sheet.text, qu, self.options.role_window
                ):
                    return True
        return False

    @staticmethod
    def _with_role(text: str, span: Span) -> Span:
        """The number and the word after it ("eleven inspectors")."""
        match = re.match(r"[\s-]*[A-Za-z]+", text[span.end : span.end + 30])
        return Span(span.start, span.end + match.end()) if match else span

    def _dates(self, c: ClaimView, u: ClaimView) -> Iterator[Discrepancy]:
        for dc, du in date_conflicts(c, u, self.source_dates):
            if self._old(dc) or _finer(dc, du):
                yield self._background(c)
                continue
            if self._dated_anywhere(dc):
                continue
            yield self._finding(
                "date_changed",
                dc.mention.span,
                du.mention.span,
                f"{self.name} gives the date as “{dc.mention.text}” where its source "
                f"{self.source_name} has “{du.mention.text}”.",
            )

    def _dated_anywhere(self, d: Any) -> bool:
        """Whether the source gives this date, at least as precisely, in another claim."""
        return any(
            (o.month is not None or d.month is None)
            and (o.year is not None or o.month is not None)
            and dates_agree(d, o, self._strong_dates)
            for o in self.source_dates
        )

    def _old(self, d: Any) -> bool:
        """An explicit year well before publication: background, not a changed date."""
        year = article_year(self.copy, self.sheet)
        gap = self.options.background_year_gap
        return bool(year and d.year and d.month is None and not d.weak and d.year <= year - gap)

    def _certainty(self, c: ClaimView, u: ClaimView) -> Iterator[Discrepancy]:
        """A plan or a doubt upstream stated as fact. High when a checkable fact's
        certainty changed: a plan become an event, a report's evidential doubt
        ("reportedly", "unconfirmed") or a caveat in a sentence short enough to say what
        it qualifies dropped; medium for a general modal ("may face") made plain."""
        if c.claim.certainty != Certainty.ASSERTED or _hedged(c.claim.text, c.claim.certainty):
            return
        event = EVENT.search(c.claim.text)
        planned = PLAN.search(u.claim.text) and event
        doubted = u.claim.certainty == Certainty.HEDGED and self._about_same(c, u)
        sentence = self._source_sentence(u)
        short = len(sentence.split()) <= self.options.caveat_sentence_words
        caveated = event and short and CAVEAT.search(sentence)
        if planned or doubted or caveated:
            cue = u.claim.certainty_cue
            evidential = cue is not None and EVIDENTIAL.search(cue.text)
            yield self._finding(
                "hedge_dropped",
                c.span,
                u.span,
                f"{self.name} states as fact “{_short(c.claim.text)}” where its source "
                f"{self.source_name} only says “{_short(u.claim.text)}”.",
                "high" if short and (planned or caveated or evidential) else "medium",
            )

    def _about_same(self, c: ClaimView, u: ClaimView) -> bool:
        """Whether the copy keeps what the hedge qualified: the words right after the cue."""
        cue = u.claim.certainty_cue
        if cue is None or PLAN.search(cue.text):
            return False
        after = self.source_sheet.text[cue.span.end : u.span.end]
        return bool(set(list(content_stems_ordered(after))[:2]) & c.stems)

    def _source_sentence(self, u: ClaimView) -> str:
        return self.source_sheet.sentences[u.claim.sentence].span.of(self.source_sheet.text)

    def _attribution(self, c: ClaimView, u: ClaimView) -> Iterator[Discrepancy]:
        ua, ca = u.claim.attribution, c.claim.attribution
        if ua.kind == SourceKind.OWN_VOICE or ua.strength == 0:
            return
        if _strength(c) > _strength(u):
            said = ua.cue.text if ua.cue else ua.verb
            yield self._finding(
                "attribution_strengthened",
                c.span,
                u.span,
                f"{self.name} has the source vouch for “{_short(c.claim.text, 60)}” where its "
                f"source {self.source_name} only reports it (“{said}”).",
            )
        elif ca.kind == SourceKind.OWN_VOICE and self._attribution_lost(c, u):
            who = ua.source.text if ua.source else ua.verb
            yield self._finding(
                "attribution_dropped",
                c.span,
                u.span,
                f"{self.name} states “{_short(c.claim.text, 60)}” in its own voice where its "
                f"source {self.source_name} attributes it to {who}.",
            )

    def _attribution_lost(self, c: ClaimView, u: ClaimView) -> bool:
        """The source names its source inside the aligned claim; the copy's sentence names
        none, and the two claims are close (a loose match says nothing about sourcing)."""
        cue = u.claim.attribution.cue
        if cue is None or not u.span.start <= cue.span.start < u.span.end:
            return False
        if similarity(c, u, self.options.number_rel_tol) < self.options.dropped_attribution_min:
            return False
        sentence = self.sheet.sentences[c.claim.sentence].span.of(self.sheet.text)
        siblings = [v for v in self.views if v.claim.sentence == c.claim.sentence]
        attributed = any(v.claim.attribution.kind != SourceKind.OWN_VOICE for v in siblings)
        return not attributed and not REPORTING.search(sentence)

    def _polarity(self, c: ClaimView, u: ClaimView, score: float) -> Iterator[Discrepancy]:
        flipped = {c.claim.certainty, u.claim.certainty} == {Certainty.DENIED, Certainty.ASSERTED}
        if flipped and c.people & u.people and not NEGATION.search(c.claim.text):
            yield self._finding(
                "distorted",
                c.span,
                u.span,
                f"{self.name} turns “{_short(u.claim.text, 60)}” in its source "
                f"{self.source_name} into “{_short(c.claim.text, 60)}”.",
            )

    # -- people ------------------------------------------------------------------------

    def _people(self) -> Iterator[Discrepancy]:
        for change in person_changes(self.sheet, self.source_sheet):
            yield self._changed(change)

    def _changed(self, change: PersonChange) -> Discrepancy:
        theirs = change.theirs
        return self._finding(
            change.kind,
            change.mine.span,
            theirs.span if theirs is not None else None,
            f"{self.name} gives {change.name}'s {change.what} as “{change.mine.text}” where its "
            f"source {self.source_name} gives “{theirs.text if theirs is not None else '?'}”.",
        )

    # -- caveats -----------------------------------------------------------------------

    def _caveats(self) -> Iterator[Discrepancy]:
        kept = {j for j, _ in self.aligned.values()}
        by_source = {j: [i for i, (jj, _) in self.aligned.items() if jj == j] for j in kept}
        for j, u in enumerate(self.source_views):
            if j in kept or not CAVEAT.search(u.claim.text):
                continue
            for k in self._referents(u):
                for i in by_source.get(k, []):
                    yield from self._caveat_lost(self.views[i], u)

    def _referents(self, caveat: ClaimView) -> list[int]:
        """Source claims a caveat qualifies: the clauses before it in its sentence, else the
        sentence before it when they share a word or the caveat points back ("that
        account"); and any claim stating most of what the caveat's complement says
        ("couldn't verify that *the five booked on it made the trip*"), not one that merely
        shares the story's words with the caveat's subject."""
        own = content_stems(_complement(caveat.claim.text)) - content_stems(self.source_name)
        views = self.source_views
        here = [k for k, u in enumerate(views) if u.claim.sentence == caveat.claim.sentence]
        earlier = [k for k in here if views[k].span.start < caveat.span.start]
        pointing = POINTING.search(caveat.claim.text)
        short = len(caveat.claim.text.split()) <= 10
        found = set(earlier)
        for k, u in enumerate(views):
            shared = len(own & u.stems)
            before = u.claim.sentence == caveat.claim.sentence - 1 and not earlier and short
            # Topic words ("Reuters", "missile") are shared by most claims of a story: a
            # caveat qualifies another claim only if they share most of its words.
            related = shared >= max(3, len(own) // 2)
            if k not in here and (related or before and (shared or pointing)):
                found.add(k)
        return sorted(found)

    def _caveat_lost(self, c: ClaimView, caveat: ClaimView) -> Iterator[Discrepancy]:
        if _hedged(c.claim.text, c.claim.certainty) or c.claim.certainty != Certainty.ASSERTED:
            return
        # Still reported as someone's account, the claim only lost a caveat; in the copy's
        # own voice (or vouched for), the doubt itself is gone.
        own = c.claim.attribution.kind == SourceKind.OWN_VOICE
        firmer = _strength(c) == 3 or own and EVENT.search(c.claim.text)
        kind = "hedge_dropped" if firmer else "caveat_omitted"
        yield self._finding(
            kind,
            c.span,
            caveat.span,
            f"{self.name} states “{_short(c.claim.text, 60)}” without its source "
            f"{self.source_name}'s caveat “{_short(caveat.claim.text, 70)}”.",
        )

    # -- loaded language ---------------------------------------------------------------

    def _loaded(self) -> Iterator[Discrepancy]:
        pattern = loaded_pattern(self.options.extra_loaded_terms)
        source_text = self.source_sheet.text.lower()
        quotes = [m.span() for m in QUOTE.finditer(self.sheet.text)]
        for match in pattern.finditer(self.sheet.text):
            word = match.group(0)
            if word.lower() in source_text or any(a <= match.start() < b for a, b in quotes):
                continue
            span = Span(*match.span())
            up = self._counterpart(span)
            where = f" (its source: “{_short(up.of(self.source_sheet.text), 60)}”)" if up else ""
            yield self._finding(
                "loaded_language",
                span,
                up,
                f"{self.name} uses the loaded word “{word}”, which its source "
                f"{self.source_name} does not{where}.",
            )

    def _counterpart(self, span: Span) -> Span | None:
        for i, (j, _) in self.aligned.items():
            if self.views[i].span.start <= span.start < self.views[i].span.end:
                return self.source_views[j].span
        return None

    # -- additions ---------------------------------------------------------------------

    def _additions(self) -> Iterator[Discrepancy]:
        year = article_year(self.copy, self.sheet)
        for i, c in enumerate(self.views):
            if i in self.aligned or len(c.claim.text.split()) < self.options.min_addition_words:
                continue
            kind = self._addition_kind(c, year)
            if kind == "unsupported_addition":
                quote = self._new_quote(c)
                yield self._finding(
                    kind,
                    c.span,
                    None,
                    f"{self.name} adds “{_short(c.claim.text, 70)}”, which its source "
                    f"{self.source_name} does not say"
                    + (", in a quote the source does not have." if quote else "."),
                    self._addition_severity(c, quote),
                )
            elif kind == "added_background":
                yield self._background(c)

    def _addition_severity(self, c: ClaimView, quote: bool) -> str:
        """High for what the copy asserts itself (an invented event, number or statement)
        and for a quote the source lacks; medium for an attributed addition ("X said
        that ..."), which the reader can check with whoever is named."""
        if quote:
            return "high"
        attributed = c.claim.attribution.kind != SourceKind.OWN_VOICE
        sentence = self.sheet.sentences[c.claim.sentence].span.of(self.sheet.text)
        hedged = _hedged(c.claim.text, c.claim.certainty)
        said = REPORTING.search(sentence) or SPEECH.search(sentence)
        return "medium" if attributed or said or hedged else "high"

    def _background(self, c: ClaimView) -> Discrepancy:
        return self._finding(
            "added_background",
            c.span,
            None,
            f"{self.name} adds background its source {self.source_name} does not "
            f"give: “{_short(c.claim.text, 70)}”.",
        )

    def _addition_kind(self, c: ClaimView, year: int | None) -> str | None:
        if c.claim.certainty in (Certainty.NO_COMMENT, Certainty.DENIED):
            return None
        if FIRST_PERSON.search(c.claim.text) and not HEARSAY.search(c.claim.text):
            return None  # the writer's own commentary, not a claim about the story
        source_people = {p.name for p in self.source_sheet.people}
        if self._new_quote(c):
            return "unsupported_addition"
        if self._is_background(c, year) or PAST_OFFICE.search(c.claim.text):
            return "added_background"
        if c.people - source_people:
            return "unsupported_addition"
        new_numbers = [q for q in c.quantities if not self._in_source(q) and q.value != 1]
        story = c.people & source_people or c.stems & self._story_stems()
        new_words = c.stems - content_stems(self.source_sheet.text)
        if c.claim.certainty == Certainty.QUOTED_OPINION and not c.people:
            return None
        if new_numbers or self._new_dates(c):
            return "unsupported_addition"
        checkable = c.dates or c.quantities or c.people
        if story and (
            EVENT.search(c.claim.text) or checkable and len(new_words) >= self.options.new_words
        ):
            return "unsupported_addition"
        return None

    def _new_quote(self, c: ClaimView) -> bool:
        source = self.source_sheet.text
        for quote in QUOTE.finditer(c.claim.text):
            if fuzz.partial_ratio(quote.group(0)[1:-1], source) < 90:
                return True
        return False

    def _is_background(self, c: ClaimView, year: int | None) -> bool:
        if c.claim.attribution.kind == SourceKind.OUTLET:
            return True
        gap = self.options.background_year_gap
        old = [d for d in c.dates if d.year and not d.weak and year and d.year <= year - gap]
        return bool(old) or bool(BACKGROUND.search(c.claim.text)) and not c.people

    def _in_source(self, q: Any) -> bool:
        tol = self.options.number_rel_tol
        return any(same_number(q, u, tol) for v in self.source_views for u in v.quantities)

    def _new_dates(self, c: ClaimView) -> bool:
        strong = [d for d in self.source_dates if not d.weak]
        return any(
            d.month is not None and not any(dates_agree(d, s, strong) for s in self.source_dates)
            for d in c.dates
        )

    def _story_stems(self) -> frozenset[str]:
        """Stems of the source's named things: people, organisations, places."""
        sheet = self.source_sheet
        names = [p.name for p in sheet.people] + [o.name for o in sheet.organisations]
        return content_stems(" ".join(names + [p.name for p in sheet.places]))


POINTING = re.compile(
    r"\b(?:that|this|these|those)\s+(?:account|claim|report|information|letter|figure)\b"
    r"|\b(?:that|this|it)\s*[.,;]",
    re.IGNORECASE,
)
#: Evidential hedges: the report itself is in doubt, so dropping one changes a checkable fact.
EVIDENTIAL = re.compile(
    r"\b(?:reportedly|allegedly|purportedly|supposedly|unconfirmed|unverified|believed|"
    r"suspected|thought\s+to|said\s+to|claimed|alleged|unable|not\s+able|could\s*n|unclear)",
    re.IGNORECASE,
)
#: Someone's past office or career: background about a person, not news.
PAST_OFFICE = re.compile(
    r"\b(?:served\s+as|formerly|previously\s+(?:led|served|worked|headed)|"
    r"(?:was|is)\s+a\s+former)\b",
    re.IGNORECASE,
)
FIRST_PERSON = re.compile(r"\b(?:I|my|me|I['’]m|I['’]ve)\b")
HEARSAY = re.compile(r"\b(?:tell|told|tells)\s+me\b|\bI\s+(?:hear|heard|learned|understand)\b")
#: Verbs of speech a rewrite uses to put an addition in someone's mouth.
SPEECH = re.compile(
    r"\b(?:stated|accused|discussed|shared|advised|explained|noted|warned|argued|"
    r"announced|insisted|called|urged|praised|criticized|criticised|described)\b",
    re.IGNORECASE,
)
REPORTING = re.compile(
    r"\b(?:according\s+to|citing|cited|reported|reports?|said|says|told|show(?:s|ed)?)\b",
    re.IGNORECASE,
)


def _complement(text: str) -> str:
    """What a caveat says could not be established: the words after its cue ("was unable
    to verify *that the five made the trip*"), else the whole caveat without the cue."""
    match = CAVEAT.search(text)
    after = text[match.end() :] if match else text
    return after if len(content_stems(after)) >= 2 else CAVEAT.sub("", text)


def _finer(mine: Any, theirs: Any) -> bool:
    """A date more precise than its counterpart ("April 13, 2024" for "April"): a date the
    source does not give, background rather than a change."""
    return (mine.month is not None and theirs.month is None) or (
        mine.day is not None and theirs.day is None
    )


def _has_dates(c: ClaimView, u: ClaimView) -> bool:
    return bool(u.dates)
