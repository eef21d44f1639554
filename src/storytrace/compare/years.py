"""The year of every date an article mentions, from evidence only.

The reading stage resolves each date against the article's publication date and says how
(:mod:`storytrace.read.dates`, ``year_from``). This module does not judge years a second
time; it only decides which publication date that resolution may use:

- the article's own valid publication date: the fact sheet's dates as read;
- else a publication *year* its own text proves: a date it places relative to now
  ("September 17 last year") that it also gives with an explicit year elsewhere ("the
  September 2024 flight"), see :func:`text_year`. The reading stage then resolves the
  article against the first and the last day of that year, and a date keeps the year
  only when both agree (a bare "January" in an article of 2025 is January 2025 whatever
  its day of publication; a bare "October" may be 2024 or 2025, so it stays yearless);
- else no year: a yearless date keeps none, and compares by month and day alone.

A year resting on no evidence (the reading stage's calendar guesses ``most recent
past`` / ``upcoming`` without a day of publication, or none at all) is ``guessed`` and
never compared.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from storytrace.model import Article
from storytrace.read.dates import DateMention, find_dates
from storytrace.read.sheet import FactSheet

#: How the reading stage resolved a year without writing it: weaker than a written year.
WEAK_YEAR = frozenset({"publication year", "most recent past", "upcoming", "unresolved"})
#: How the reading stage resolved a year from the calendar alone: a guess.
GUESSED_YEAR = frozenset({"most recent past", "upcoming", "unresolved"})
#: A probe publication date: the offset between what it resolves "last year" to and the
#: written year of the same date is what the text says about its own year.
_PROBE = dt.date(2000, 7, 1)
_ISO = re.compile(r"^(?P<year>\d{4}|-)-?(?P<month>\d\d)?(?:-(?P<day>\d\d))?$")


@dataclass(frozen=True, slots=True)
class Dated:
    """A date mention split into parts; ``weak`` when its year was not written with it,
    ``guessed`` when that year rests on no evidence (never compared; a yearless date is
    guessed too)."""

    mention: DateMention
    year: int | None
    month: int | None
    day: int | None
    weak: bool
    guessed: bool = False


def article_dates(article: Article, sheet: FactSheet) -> list[Dated]:
    """Every date of the article in text order, each with the year the evidence gives."""
    mentions = sorted(
        (d for d in sheet.dates if isinstance(d, DateMention)), key=lambda m: m.span.start
    )
    if published_year(article) or not mentions:
        return [dated(m) for m in mentions]
    year = text_year(sheet.text)
    if year is None:
        return [dated(m) for m in mentions]
    sure = year_resolved(sheet.text, year)
    found = []
    for m in mentions:
        resolved = sure.get((m.span.start, m.span.end))
        found.append(dated(resolved, guessed=False) if resolved else dated(m))
    return found


def article_year(article: Article, sheet: FactSheet) -> int | None:
    """The article's year: of its publication date, else the one its text proves
    (:func:`text_year`), else None."""
    return published_year(article) or text_year(sheet.text)


def published_year(article: Article) -> int | None:
    """The year of a valid publication date (a stored "2025-13-45" gives none)."""
    published = article.metadata.published or ""
    match = re.match(r"(\d{4})(?:-(\d\d))?(?:-(\d\d))?", published)
    if not match:
        return None
    month, day = int(match[2] or 1), int(match[3] or 1)
    return int(match[1]) if 1 <= month <= 12 and 1 <= day <= 31 else None


@lru_cache(maxsize=1024)
def text_year(text: str) -> int | None:
    """The year an undated text was written in, when it says so: every date it places
    relative to its own year ("September 17 last year") that it also writes with an
    explicit year (the same month, and day when both give one) gives the same year.
    None without such a date, or when they disagree."""
    probe = find_dates(text, _PROBE)
    written: dict[int, set[tuple[int, int | None]]] = {}
    for m in probe:
        parts = _month_day(m)
        if parts and m.year and m.year_from == "explicit":
            written.setdefault(parts[0], set()).add((m.year, parts[1]))
    offsets = set()
    for m in probe:
        parts = _month_day(m)
        if not (parts and m.year and _RELATIVE_YEAR.match(m.year_from)):
            continue
        month, day = parts
        years = {y for y, d in written.get(month, ()) if d is None or day is None or d == day}
        if len(years) == 1:
            offsets.add(years.pop() - m.year)
    return _PROBE.year + offsets.pop() if len(offsets) == 1 else None


_RELATIVE_YEAR = re.compile(r"relative:[\w ]+ year$")


def _month_day(m: DateMention) -> tuple[int, int | None] | None:
    """(9, 17) for September 17, (9, None) for September; None for other precisions."""
    value = m.value or ""
    if m.precision not in ("day", "month") or len(value) < 7 or value[4] != "-":
        return None
    return int(value[5:7]), int(value[8:10]) if m.precision == "day" else None


@lru_cache(maxsize=1024)
def year_resolved(text: str, year: int) -> dict[tuple[int, int], DateMention]:
    """The reading stage's dates of ``text`` that resolve alike whether it was published
    on the first or the last day of ``year``, by span."""
    first = {(m.span.start, m.span.end): m for m in find_dates(text, dt.date(year, 1, 1))}
    last = find_dates(text, dt.date(year, 12, 31))
    same = {}
    for m in last:
        key = (m.span.start, m.span.end)
        if m.value and key in first and first[key].value == m.value:
            same[key] = m
    return same


def dated(mention: DateMention, guessed: bool | None = None) -> Dated:
    """Year, month and day of a mention as the reading stage resolved it; ``guessed``
    overrides whether its year is a guess (a year every possible publication day gives
    is not)."""
    match = _ISO.match(mention.value or "")
    if match is None:  # weeks, seasons, decades: not compared
        return Dated(mention, None, None, None, weak=True, guessed=True)
    month = int(match["month"]) if match["month"] else None
    day = int(match["day"]) if match["day"] else None
    if match["year"] == "-":  # no evidence of the year: none
        return Dated(mention, None, month, day, weak=True, guessed=True)
    weak = mention.year_from in WEAK_YEAR
    if guessed is None:
        guessed = mention.year_from in GUESSED_YEAR
    return Dated(mention, int(match["year"]), month, day, weak, guessed)
