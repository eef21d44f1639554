"""Claims ready to compare: a view of each claim with its slots, and how alike two are.

A claim is compared through its *slots* — the people, numbers, quantities, dates and
places inside its span, normalised by the reading stage — and through its words (content
word stems and a rapidfuzz token ratio). :func:`similarity` combines both;
:func:`number_conflicts` and :func:`date_conflicts` say where two claims disagree. Facts
(:mod:`storytrace.compare.facts`) and discrepancies
(:mod:`storytrace.compare.discrepancies`) both build on them.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from rapidfuzz import fuzz

from storytrace.compare.lexicon import (
    NEGATION,
    QUOTE,
    STRONG_VERB,
    says_caveat,
    says_plan,
)
from storytrace.compare.options import CompareOptions
from storytrace.compare.years import Dated, article_dates
from storytrace.model import Article, Span
from storytrace.read.numbers import Quantity, same_quantity
from storytrace.read.sheet import Certainty, Claim, FactSheet, Strength
from storytrace.text import stem

Members = Sequence[tuple[Article, FactSheet]]
Upstream = Mapping[str, str | None]

#: Function words of a claim. Not :data:`storytrace.text.STOP_WORDS`: grouping drops the
#: words every story uses ("year", "people", weekdays, "last", "new"), which in a claim
#: are content ("last year", "new passports"); here reporting verbs are dropped instead
#: (who vouches is compared as attribution). Stems are :func:`storytrace.text.stem`.
STOPWORDS = frozenset(
    "a an the and or but of to in on at by for with from as is are was were be been being "
    "it its this that these those he she they them his her their who whom which what when "
    "where while had has have having do does did will would can could may might should "
    "also all any some than then there here so not no into onto over under about after "
    "before up out said says say told according i we you our your my me us if nor during "
    "since until must shall just only very each both such own same too why how whose "
    # reporting verbs: who vouches is compared as attribution, not as content
    "confirmed confirms revealed reveals reported reports claimed claims stated described "
    "added noted explained explains".split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")
COUNTABLE = frozenset({"count", "ratio", "range"})


NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty hundred "
    "thousand million billion dozen".split()
)


_LETTER_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
"""The words of :data:`_WORD` that start with a letter: a number's characters never
start or continue one, so a scan for these alone finds the same words."""
_NOT_CONTENT = STOPWORDS | NUMBER_WORDS


def content_stems(text: str) -> frozenset[str]:
    """Stems of the words that carry content: no stopwords, numbers or number words (numbers
    are compared as slots)."""
    words = {w.lower() for w in _LETTER_WORD.findall(text)}
    return frozenset([stem(w) for w in words if w not in _NOT_CONTENT])


def content_stems_ordered(text: str) -> list[str]:
    """:func:`content_stems` in text order, repeats kept."""
    words = (w.lower() for w in _WORD.findall(text) if not w[0].isdigit())
    return [stem(w) for w in words if w not in STOPWORDS and w not in NUMBER_WORDS]


# -- claim views ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClaimView:
    """One claim of one article with its slots, ready to compare."""

    article: Article
    sheet: FactSheet
    claim: Claim
    stems: frozenset[str]
    people: frozenset[str]
    quantities: tuple[Quantity, ...]
    dates: tuple[Dated, ...]
    places: frozenset[str]
    norm: str  # the claim's words, lower-cased and sorted, for rapidfuzz (see similarity)
    hedged: bool = False  # see :func:`is_hedged`
    strength: int = 2  # see :func:`vouching`
    keys: frozenset[str] = frozenset()  # stems, people and places: see :class:`ClaimIndex`
    # everything :func:`similarity` reads of the claim (see :func:`signature`)
    signature: tuple[Any, ...] = ()

    @property
    def span(self) -> Span:
        return self.claim.span


def claim_views(
    article: Article, sheet: FactSheet, dated: list[Dated] | None = None
) -> list[ClaimView]:
    """A view of every claim of the article (``dated``: its :func:`article_dates` when
    already found)."""
    dated = article_dates(article, sheet) if dated is None else dated
    quantities = [q for q in sheet.quantities if isinstance(q, Quantity) and q.kind != "age"]
    slots = _Slots(
        quantities,
        _by_start([q.span for q in quantities]),
        dated,
        _by_start([d.mention.span for d in dated]),
        _mention_spans(sheet.people, linked=True),
        _mention_spans(sheet.places),
    )
    return [_view(article, sheet, c, slots) for c in sheet.claims]


class _Slots(NamedTuple):
    """An article's slots, each list with its spans in order of start (see
    :func:`_listed_within`), to find those inside a claim without scanning them all."""

    quantities: list[Quantity]
    quantity_starts: list[tuple[int, int, int]]
    dates: list[Dated]
    date_starts: list[tuple[int, int, int]]
    people: tuple[list[str], list[tuple[int, int, int]]]
    places: tuple[list[str], list[tuple[int, int, int]]]


#: Distinct claim texts whose words :func:`_claim_words` keeps.
CLAIM_WORDS_CACHE = 16_384


@lru_cache(maxsize=CLAIM_WORDS_CACHE)
def _claim_words(text: str) -> tuple[frozenset[str], str]:
    """A claim's :func:`content_stems` and its words lower-cased and sorted (its
    ``ClaimView.norm``), once per distinct text: a story's wire copies repeat its claims
    word for word."""
    return content_stems(text), " ".join(sorted([w.lower() for w in _WORD.findall(text)]))


def _view(
    article: Article,
    sheet: FactSheet,
    claim: Claim,
    slots: _Slots,
) -> ClaimView:
    span = claim.span
    stems, norm = _claim_words(claim.text)
    people = _names_within(slots.people, span)
    places = _names_within(slots.places, span)
    keys = stems | {f"person:{p}" for p in people} | {f"place:{p}" for p in places}
    within = tuple(slots.quantities[n] for n in _listed_within(slots.quantity_starts, span))
    return ClaimView(
        article=article,
        sheet=sheet,
        claim=claim,
        stems=stems,
        people=people,
        quantities=within,
        dates=tuple(slots.dates[n] for n in _listed_within(slots.date_starts, span)),
        places=places,
        norm=norm,
        hedged=is_hedged(claim),
        strength=vouching(claim),
        keys=keys,
        signature=signature(norm, stems, people, places, within),
    )


def signature(
    norm: str,
    stems: frozenset[str],
    people: frozenset[str],
    places: frozenset[str],
    quantities: tuple[Quantity, ...],
) -> tuple[Any, ...]:
    """What :func:`similarity` and :class:`ClaimIndex` read of a claim: its sorted words,
    stems, people, places and its numbers without their place in the text. Two claims
    with one signature (a sentence a wire copy kept) score alike against any claim, so a
    score is computed once per signature (:class:`StoryClaims`, fact grouping)."""
    return (norm, stems, people, places, tuple(number_fields(q) for q in quantities))


def number_fields(q: Quantity) -> tuple[Any, ...]:
    """Everything :func:`comparable` and :func:`same_number` read of a quantity: all but
    its place in the text."""
    return (
        q.text,
        q.kind,
        q.value,
        q.value_of,
        q.upper,
        q.unit,
        q.si_value,
        q.si_upper,
        q.si_unit,
        q.currency,
    )


#: A claim with at most this many content stems is scored against every claim: with so
#: few content words, two claims that share none can still be worded alike (0.3 ·
#: token ratio + 0.08 for a number reaches ``slot_threshold``), so no key may be missed.
FEW_STEMS = 1


class ClaimIndex:
    """One article's claim views by key (content stem, person, place): the claims another
    claim can score ``slot_threshold`` with, found without scoring every pair. Two claims
    sharing no key score at most 0.3 · token-sort ratio + 0.08 (a shared number) in
    :func:`similarity`, under 0.33 unless their sorted words are ≥ 83 % alike. With no
    content word in common that takes claims made almost only of function words, which
    claims of ``FEW_STEMS`` stems or fewer are: those are always scored. (A longer claim
    of function words around two or more unshared stems could still be missed; on the
    demo pairs and the generated 1,000-article corpus no score changed.) A shared number
    alone (0.08) cannot reach the threshold, so numbers are no key."""

    def __init__(self, views: Sequence[ClaimView]) -> None:
        self.views = views
        self.postings: dict[str, list[int]] = {}
        self.always = [j for j, v in enumerate(views) if len(v.stems) <= FEW_STEMS]
        for j, view in enumerate(views):
            for key in view.keys:
                self.postings.setdefault(key, []).append(j)

    def candidates(self, view: ClaimView) -> Sequence[int]:
        """The indices of the claims sharing a key with ``view`` (or all), in order."""
        if len(view.stems) <= FEW_STEMS:
            return range(len(self.views))
        found = set(self.always)
        for key in view.keys:
            found.update(self.postings.get(key, ()))
        return sorted(found)


class StoryClaims:
    """What comparison reads of each article of a story, built once however many pairs
    and facts it is in: claim views, their index, dates and content stems."""

    def __init__(
        self, members: Members, views: Mapping[str, list[ClaimView]] | None = None
    ) -> None:
        self.members = {article.id: (article, sheet) for article, sheet in members}
        self._views: dict[str, list[ClaimView]] = dict(views or {})
        self._index: dict[str, ClaimIndex] = {}
        self._dates: dict[str, list[Dated]] = {}
        self._stems: dict[str, frozenset[str]] = {}
        #: (source article id, thresholds, signature) -> what ``compare.pair.Pair.scores`` found
        self.scores: dict[tuple[Any, ...], list[tuple[int, float]]] = {}
        #: what a detector computes once per story (keys start with the detector's name)
        self.memo: dict[tuple[Any, ...], Any] = {}

    def views(self, article_id: str) -> list[ClaimView]:
        if article_id not in self._views:
            article, sheet = self.members[article_id]
            self._views[article_id] = claim_views(article, sheet, self.dates(article_id))
        return self._views[article_id]

    def index(self, article_id: str) -> ClaimIndex:
        if article_id not in self._index:
            self._index[article_id] = ClaimIndex(self.views(article_id))
        return self._index[article_id]

    def dates(self, article_id: str) -> list[Dated]:
        if article_id not in self._dates:
            self._dates[article_id] = article_dates(*self.members[article_id])
        return self._dates[article_id]

    def stems(self, article_id: str) -> frozenset[str]:
        """The content stems of the article's whole text."""
        if article_id not in self._stems:
            self._stems[article_id] = content_stems(self.members[article_id][1].text)
        return self._stems[article_id]


def is_hedged(claim: Claim) -> bool:
    """The reading stage's verdict that the claim is hedged; a claim it reads as asserted
    is hedged too when it states a plan ("were among those booked for the flight",
    "listed for the stay") or says what the writer could not show ("do not show
    whether"), which the reading stage's hedges do not cover."""
    if claim.certainty == Certainty.HEDGED:
        return True
    return claim.certainty == Certainty.ASSERTED and _plan_or_caveat(claim.text)


def _plan_or_caveat(text: str) -> bool:
    return says_plan(text) or says_caveat(text)


def vouching(claim: Claim) -> int:
    """The reading stage's attribution strength (0-3); 3 also when the claim itself uses
    a vouching verb outside quotes and not under a negation ("a Reuters investigation
    *reveals*", "this visit *proves*"), which the reading stage reads as the claim's
    content rather than as its attribution."""
    if claim.attribution.strength == Strength.STRONG or _vouching_verb(claim.text):
        return 3
    return int(claim.attribution.strength)


@lru_cache(maxsize=CLAIM_WORDS_CACHE)
def _vouching_verb(text: str) -> bool:
    """Whether ``text`` uses a vouching verb outside quotes and not under a negation."""
    unquoted = QUOTE.sub("", text)
    return any(
        not NEGATION.search(unquoted[max(0, m.start() - 25) : m.start()])
        for m in STRONG_VERB.finditer(unquoted)
    )


def _by_start(spans: Sequence[Span]) -> list[tuple[int, int, int]]:
    """``(start, end, number in the list)`` of each span, in order of start."""
    return sorted((s.start, s.end, n) for n, s in enumerate(spans))


def _listed_within(by_start: list[tuple[int, int, int]], span: Span) -> list[int]:
    """The list numbers of the spans inside ``span``, in list order (``by_start``: see
    :func:`_by_start`): only the spans starting in ``span`` are looked at."""
    start, end = span.start, span.end
    found = []
    for s, e, n in itertools.islice(by_start, bisect.bisect_left(by_start, (start,)), None):
        if s > end:
            break
        if e <= end:
            found.append(n)
    return sorted(found)


def _mention_spans(
    items: Sequence[Any], linked: bool = False
) -> tuple[list[str], list[tuple[int, int, int]]]:
    """Every mention of ``items`` (people or places; with ``linked``, their linked
    mentions too), listed once per article: the name of each, and their spans in order
    of start (:func:`_by_start`)."""
    listed = [
        (m.span, item.name)
        for item in items
        for m in (*item.mentions, *(item.linked if linked else ()))
    ]
    return [name for _, name in listed], _by_start([span for span, _ in listed])


def _names_within(
    mentions: tuple[list[str], list[tuple[int, int, int]]], span: Span
) -> frozenset[str]:
    """The names with a mention inside ``span`` (``mentions``: see
    :func:`_mention_spans`), added to the set in the order they were listed."""
    names, by_start = mentions
    return frozenset([names[n] for n in _listed_within(by_start, span)])


# -- similarity and conflicts --------------------------------------------------------------


def similarity(
    a: ClaimView,
    b: ClaimView,
    rel_tol: float = 0.05,
    overlap: float | None = None,
    floor: float = 0.0,
) -> float:
    """How likely two claims state the same thing, 0-1: content-stem overlap (Dice and
    containment), rapidfuzz's token-sort ratio, and a bonus for shared people, numbers
    and places (``overlap``: :func:`overlap_score` of the two when already computed).
    The token-sort ratio is rapidfuzz's ``ratio`` of the words sorted once per claim
    (``ClaimView.norm``), as ``token_sort_ratio`` would sort them again for every pair.

    ``floor``: the caller keeps the value only from ``floor`` up, so the ratio is cut off
    where the pair can no longer reach it; a pair below ``floor`` may then score lower
    than it would without one (never higher), a pair reaching it scores the same."""
    bonus = 0.0
    if (
        a.quantities
        and b.quantities
        and any(same_number(x, y, rel_tol) for x in a.quantities for y in b.quantities)
    ):
        bonus = 0.08
    if overlap is None:
        overlap = overlap_score(a, b)
    needed = (floor - overlap - bonus) / 0.3 * 100 - RATIO_SLACK
    ratio = fuzz.ratio(a.norm, b.norm, score_cutoff=needed if needed > 0 else 0) / 100
    return min(1.0, overlap + 0.3 * ratio + bonus)


#: How many ratio points (of 100) below the exact cut-off ``similarity`` asks rapidfuzz
#: for: a margin, so float rounding never cuts off a pair that reaches its floor.
RATIO_SLACK = 1e-6


#: What ``similarity`` adds to ``overlap_score`` at most: the token ratio taken as 1 and
#: a number as shared.
RATIO_AND_NUMBER = 0.38


def similarity_bound(a: ClaimView, b: ClaimView) -> float:
    """An upper bound of ``similarity`` from the cheap terms only (ratio taken as 1 and
    numbers as shared): pairs below the score to beat are skipped without the fuzzy
    ratio."""
    return overlap_score(a, b) + RATIO_AND_NUMBER


def overlap_score(a: ClaimView, b: ClaimView) -> float:
    """The stem-overlap and shared-name terms of ``similarity``."""
    sa, sb = a.stems, b.stems
    na, nb = len(sa), len(sb)
    shared = len(sa & sb)
    small = (na if na < nb else nb) or 1
    dice = 2 * shared / ((na + nb) or 1)
    contain = shared / small if small >= 3 else dice
    people = len(a.people & b.people) if a.people and b.people else 0
    bonus = 0.12 * (people if people < 2 else 2)
    if not a.places.isdisjoint(b.places):
        bonus += 0.05
    return 0.4 * dice + 0.3 * contain + bonus


# compiled once: the number checks run for every pair of compared claims
_IN = re.compile(r"\bin\b", re.IGNORECASE)
_GROUPED = re.compile(r"\d{1,3}(?:[.,]\d{3})+")
_NOT_DIGIT = re.compile(r"\D")
_NEGATED = re.compile(r"\b(?:not|no)\s*$", re.IGNORECASE)
_OF = re.compile(r"\s*of\b")
_PHRASE_END = re.compile(r"[,.;:!?()\[\]]|\d")


def role(text: str, q: Quantity, window: int) -> frozenset[str]:
    """What a number counts: the stems of the first content words after it, within its
    own phrase (up to punctuation or the next number: in "nine in 10 residents" the
    residents belong to the 10)."""
    unit = q.si_unit or q.currency or q.unit
    return _role_words(text[q.span.end : q.span.end + 80], window, unit)


@lru_cache(maxsize=CLAIM_WORDS_CACHE)
def _role_words(after: str, window: int, unit: str | None) -> frozenset[str]:
    """:func:`role` of the text ``after`` a number, once per distinct text: the same
    number is compared with many claims, and wire copies repeat it."""
    cut = _PHRASE_END.search(after)
    words = _WORD.findall(after[: cut.start()] if cut else after)
    content = [
        stem(w)
        for w in words
        if w[0].isalpha() and w.lower() not in STOPWORDS and w.lower() not in NUMBER_WORDS
    ]
    # "350,000 euros." counts euros: a measured amount is about its unit, whatever follows
    return frozenset(content[:window]) | ({f"unit:{unit}"} if unit else set())


def is_rate(q: Quantity) -> bool:
    """ "one in four", "nine in 10": a proportion, not a count of things."""
    return q.kind == "ratio" and bool(_IN.search(q.text))


def comparable(a: Quantity, b: Quantity) -> bool:
    """Two quantities of one family: counts with counts, metres with metres, euros with
    euros; a proportion ("nine in 10") only with a proportion or a percentage."""
    if is_rate(a) or is_rate(b):
        return (is_rate(a) or a.kind == "percent") and (is_rate(b) or b.kind == "percent")
    if a.kind in COUNTABLE and b.kind in COUNTABLE:
        return True
    if a.si_unit or b.si_unit:
        return a.si_unit == b.si_unit
    return a.kind == b.kind and a.currency == b.currency


#: A round count within this share of a precise one is that count rounded ("about 2,000"
#: for 2,150): 10 %, the widest gap rounding to one significant figure leaves in the
#: f3-dev faithful rewrites' "1,000 patients" for 1,063.
ROUNDING = 0.1


def same_number(a: Quantity, b: Quantity, rel_tol: float = 0.05) -> bool:
    """Equal amounts: counts and ratios by their count ("Eight of them" = "Eight of the
    nine"), a round count also as the rounding of a precise one ("1,000" for 1,063);
    everything else unit-aware with ``same_quantity``."""
    digits = _digits(a.text)
    if digits and digits == _digits(b.text):
        return True  # "11.723" and "11,723": one number, another thousands separator
    if a.kind in COUNTABLE and b.kind in COUNTABLE:
        if a.value in (b.value, b.value_of) or b.value == a.value_of:
            return True  # "11 countries" is the whole of "eight of the 11 countries"
        return rounded(a.value, b.value) or rounded(b.value, a.value)
    return same_quantity(a, b, rel_tol)


@lru_cache(maxsize=CLAIM_WORDS_CACHE)
def _digits(text: str) -> str:
    """The digits of a number written in figures with a separator, else ""."""
    if not _GROUPED.fullmatch(text.strip()):
        return ""
    return _NOT_DIGIT.sub("", text)


def rounded(x: float, y: float) -> bool:
    """Whether ``x`` is ``y`` rounded to ``x``'s last non-zero digit, within ROUNDING."""
    if x < 100 or x != int(x) or not y:
        return False
    zeros = len(str(int(x))) - len(str(int(x)).rstrip("0"))
    return zeros > 0 and round(y, -zeros) == x and abs(x - y) / abs(y) <= ROUNDING


def negated(text: str, q: Quantity) -> bool:
    """ "not one of", "no two": the number is used to say none."""
    return bool(_NEGATED.search(text[max(0, q.span.start - 8) : q.span.start]))


def _picked_out(text: str, q: Quantity) -> bool:
    """ "One of the guards, Ilse Marn, ...": one person picked out of a group, not a
    count of it."""
    return q.value == 1 and bool(_OF.match(text[q.span.end : q.span.end + 4]))


def number_conflicts(
    a: ClaimView, b: ClaimView, options: CompareOptions
) -> list[tuple[Quantity, Quantity]]:
    """Numbers of ``a`` that match nothing in ``b`` although ``b`` has a number of the same
    family about the same thing (sharing a role word), each with that number of ``b``."""
    found = []
    for qa in a.quantities:
        if qa.kind == "ordinal" or negated(a.sheet.text, qa) or _picked_out(a.sheet.text, qa):
            continue
        if any(same_number(qa, qb, options.number_rel_tol) for qb in b.quantities):
            continue
        rivals = [qb for qb in b.quantities if comparable(qa, qb) and qb.kind != "ordinal"]
        role_a = role(a.sheet.text, qa, options.role_window)
        for qb in rivals:
            if role_a & role(b.sheet.text, qb, options.role_window):
                found.append((qa, qb))
                break
        else:
            if rivals and _sole_counts(a, b) and _same_statement(a, b):
                found.append((qa, rivals[0]))
    return found


#: Content words two claims must share, beside a person they both name, before their only
#: counts are taken for counts of one thing (4: a speaker's name, a place and a verb).
SAME_STATEMENT_WORDS = 4


def _same_statement(a: ClaimView, b: ClaimView) -> bool:
    """The same statement: a person named in both, or four content words in common."""
    return bool(a.people & b.people) or len(a.stems & b.stems) >= SAME_STATEMENT_WORDS


def _sole_counts(a: ClaimView, b: ClaimView) -> bool:
    """Each claim counts one thing only, so in one statement the two counts are of the
    same thing even when the copy names it otherwise ("15 householders" for "10
    residents")."""
    counts_a = [q for q in a.quantities if q.kind in COUNTABLE]
    counts_b = [q for q in b.quantities if q.kind in COUNTABLE]
    if len(counts_a) != 1 or len(counts_b) != 1:
        return False
    # "One of those named" / "four of them": a part picked out, not a count
    return all(q.kind == "count" and q.value != 1 for q in (*counts_a, *counts_b))


def dates_agree(a: Dated, b: Dated, b_strong: Sequence[Dated] = ()) -> bool:
    """Whether two dates can be the same: every part both give is equal, a guessed year
    never contradicts, and a guessed year of ``b`` gives way when ``b``'s article states
    ``a``'s year and month elsewhere (``b_strong``)."""
    if a.month is not None and b.month is not None and a.month != b.month:
        return False
    if a.day is not None and b.day is not None and a.day != b.day:
        return False
    if a.year is None or b.year is None or a.year == b.year or a.weak or b.guessed:
        return True
    if not b.weak:
        return False
    return any(s.year == a.year and (a.month is None or s.month == a.month) for s in b_strong)


def date_conflicts(
    a: ClaimView, b: ClaimView, b_dates: Sequence[Dated] = ()
) -> list[tuple[Dated, Dated]]:
    """Dates of ``a`` that agree with no date of ``b`` (``b_dates``: every date of ``b``'s
    article, whose strongly stated years can excuse a guessed one). A relative date in the
    same words as one of ``b`` ("today" and "today") agrees whatever it resolves to: a copy
    published on another day that keeps its source's words has changed nothing. A present
    reference ("now", "currently") is the time of writing, not a date the claim gives, so
    it is never compared."""
    strong = [d for d in b_dates if not d.weak]
    usable = [d for d in b.dates if (d.month is not None or d.year is not None) and not _present(d)]
    same_words = {d.mention.text.lower() for d in b.dates if d.mention.is_relative}
    found = []
    for da in a.dates:
        if da.month is None and da.year is None or not usable or _present(da):
            continue
        if da.mention.is_relative and da.mention.text.lower() in same_words:
            continue
        if not any(dates_agree(da, db, strong) for db in usable):
            found.append((da, _closest(da, usable)))
    return found


def _present(d: Dated) -> bool:
    return d.mention.reference is not None


def _closest(d: Dated, others: Sequence[Dated]) -> Dated:
    same_precision = [o for o in others if o.mention.precision == d.mention.precision]
    return (same_precision or list(others))[0]
