"""What tracing knows about each article besides its passages: time, credits, specifics."""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from dataclasses import dataclass, field

from storytrace.model import Article, parse_timestamp
from storytrace.read import FactSheet
from storytrace.text import TextView
from storytrace.trace.voice import Voice, voices


@dataclass(frozen=True, slots=True)
class Published:
    """A publication time; ``exact`` is False for a date without a time of day."""

    at: dt.datetime
    exact: bool

    @classmethod
    def parse(cls, value: str | None) -> Published | None:
        at = parse_timestamp(value)
        if at is None or value is None:
            return None
        return cls(at, exact="T" in value or " " in value.strip())

    def hours_before(self, other: Published, same_minutes: float) -> float | None:
        """Hours from this time to ``other`` (positive: this is earlier), or None if the two
        cannot be ordered (date-only on the same day, or closer than ``same_minutes``)."""
        if not (self.exact and other.exact) and self.at.date() == other.at.date():
            return None
        hours = (other.at - self.at).total_seconds() / 3600
        return None if abs(hours) * 60 <= same_minutes else hours


@dataclass(frozen=True, slots=True)
class Profile:
    """One article as derivation sees it."""

    article: Article
    published: Published | None
    credits: tuple[str, ...]  # outlet names the article credits, in order, deduplicated
    specifics: frozenset[str]  # numbers and names: what a copy tends to drop
    people: frozenset[str]  # the sheet's people, lower case: full names and surnames
    view: TextView  # words, stems and bigrams, computed once per article
    dates: frozenset[str] = frozenset()  # dates written with a day number, as written
    # the voices once found (see ``voices``): a frozen, slotted class caches in a list
    _voices: list[dict[str, Voice]] = field(default_factory=list, compare=False, repr=False)

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def voices(self) -> dict[str, Voice]:
        """Outlet -> first-hand and crediting mentions (:mod:`storytrace.trace.voice`),
        found when first asked: only a pair that neither dates nor credits put in order
        reads them (on the generated corpora, none)."""
        if not self._voices:
            self._voices.append(voices(self.article.clean_text, self.people))
        return self._voices[0]

    @property
    def label(self) -> str:
        return self.article.metadata.outlet or self.article.id

    def credits_outlet(self, other: Profile) -> bool:
        outlet = other.article.metadata.outlet
        return outlet is not None and outlet in self.credits

    def credit_span(self, other: Profile) -> tuple[int, int] | None:
        """Where this article names ``other``'s outlet, if it does."""
        outlet = other.article.metadata.outlet
        if outlet is None:
            return None
        m = _find_outlet(outlet, self.article.clean_text)
        return m.span() if m else None


def profile(article: Article, sheet: FactSheet, outlets: list[str]) -> Profile:
    """``outlets``: the story's outlet names, so a plain mention ("the Riverbend Courier
    reported") counts as a credit even when the reader's outlet list lacks the name."""
    return Profile(
        article,
        Published.parse(article.metadata.published),
        _credits(article, sheet, outlets),
        _specifics(sheet),
        _people(sheet),
        TextView.of(article.clean_text),
        _dates(sheet),
    )


def _credits(article: Article, sheet: FactSheet, outlets: list[str]) -> tuple[str, ...]:
    found = [(c.span.start, c.outlet) for c in sheet.credits if c.outlet]
    own = article.metadata.outlet
    for outlet in outlets:
        if outlet == own:
            continue
        m = _find_outlet(outlet, article.clean_text)
        if m:
            found.append((m.start(), outlet))
    names = [name for _, name in sorted(found)]
    return tuple(dict.fromkeys(n for n in names if n != own))


def _people(sheet: FactSheet) -> frozenset[str]:
    """The sheet's people by full name and surname, lower case."""
    names = {p.name.lower() for p in sheet.people}
    return frozenset(names | {n.split()[-1] for n in names if n})


def _find_outlet(outlet: str, text: str) -> re.Match[str] | None:
    """The first mention of ``outlet`` in ``text`` (without a leading "The"), as a whole
    name; the pattern is only run when the name occurs in the text at all (a story's
    outlets are searched in every article of it)."""
    bare, pattern = _outlet_pattern(outlet)
    return pattern.search(text) if bare in text else None


@functools.lru_cache(maxsize=1024)
def _outlet_pattern(outlet: str) -> tuple[str, re.Pattern[str]]:
    """The outlet's name without a leading "The", and the pattern of it as a whole name."""
    bare = re.sub(r"^The\s+", "", outlet)
    return bare, re.compile(rf"(?<![\w-]){re.escape(bare)}(?![\w-])")


def _specifics(sheet: FactSheet) -> frozenset[str]:
    found = {f"n:{q.to_dict().get('value')}" for q in sheet.quantities}
    found.update(f"p:{p.name.split()[-1]}" for p in sheet.people)
    found.update(f"l:{p.name}" for p in sheet.places)
    found.update(f"o:{o.name}" for o in sheet.organisations)
    return frozenset(found)


def _dates(sheet: FactSheet) -> frozenset[str]:
    """The sheet's dates that name a day ("January 5", "5 March"), lower case, as written:
    a copy keeps a changed date word for word. Not the resolved value, which depends on
    each article's publication date ("Tuesday", "January 5" with its year guessed)."""
    texts = (d.to_dict()["text"] for d in sheet.dates)
    return frozenset(f"d:{t.lower()}" for t in texts if any(c.isdigit() for c in t))


def fact_share(copy: Profile, source: Profile) -> float:
    """The share of the copy's specifics that the source also has."""
    if not copy.specifics:
        return 0.0
    return len(copy.specifics & source.specifics) / len(copy.specifics)


def retelling_features(copy: Profile, source: Profile) -> tuple[float, ...]:
    """The copy's word bigrams found in the source and the reverse, the shared content
    stems (overlap coefficient), the shares of specifics each way, the copy's stem pairs
    (content stems close together, :func:`~storytrace.text.stem_pairs`) found in the
    source and the reverse, and the copy's names (words capitalised inside a sentence,
    :func:`~storytrace.text.names_of`) found among the source's words whatever their case,
    and the reverse."""
    bigrams = _both_ways(copy.view.bigrams, source.view.bigrams)
    pairs = _both_ways(copy.view.stem_pairs, source.view.stem_pairs)
    return (
        *bigrams,
        copy.view.stem_overlap(source.view),
        fact_share(copy, source),
        fact_share(source, copy),
        *pairs,
        copy.view.name_containment(source.view),
        source.view.name_containment(copy.view),
    )


def _both_ways(a: frozenset, b: frozenset) -> tuple[float, float]:
    """The share of ``a`` in ``b`` and of ``b`` in ``a`` (0 for an empty set), with one
    intersection: what ``TextView.bigram_containment`` and ``pair_containment`` give
    each way."""
    shared = len(a & b)
    return shared / len(a) if a else 0.0, shared / len(b) if b else 0.0


def retelling(copy: Profile, source: Profile, weights, bias: float) -> float:
    """Probability-like score (0..1) that ``copy`` retells ``source`` in other words: a
    logistic over :func:`retelling_features` (weights in ``TraceOptions``)."""
    features = retelling_features(copy, source)
    z = bias + sum(w * f for w, f in zip(weights, features, strict=True))
    return 1 / (1 + math.exp(-z))
