"""Dates: a date of an aligned claim that agrees with no date of any similar source claim
(``date_changed``); dates compare by value at the coarser precision. An old year or a
date more precise than the source's is background (``added_background``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from storytrace.compare.claims import ClaimView, date_conflicts, dates_agree
from storytrace.compare.pair import Aligned, Discrepancy, Pair
from storytrace.compare.registry import register


@register({"date_changed": "high", "added_background": "low"}, per_claim=True)
def dates(pair: Pair, aligned: Aligned) -> Iterator[Discrepancy]:
    def compare(c: ClaimView, u: ClaimView) -> Iterator[Discrepancy]:
        return changed_dates(pair, c, u)

    yield from pair.against_candidates(aligned, compare, _has_dates)


def changed_dates(pair: Pair, c: ClaimView, u: ClaimView) -> Iterator[Discrepancy]:
    """Date findings of copy claim ``c`` against source claim ``u``."""
    for dc, du in date_conflicts(c, u, pair.source_dates):
        if _old(pair, dc) or _finer(dc, du):
            yield pair.background(c)
            continue
        if _dated_anywhere(pair, dc):
            continue
        yield pair.finding(
            "date_changed",
            dc.mention.span,
            du.mention.span,
            f"{pair.name} gives the date as “{dc.mention.text}” where its source "
            f"{pair.source_name} has “{du.mention.text}”.",
        )


def _dated_anywhere(pair: Pair, d: Any) -> bool:
    """Whether the source gives this date, at least as precisely, in another claim."""
    return any(
        (o.month is not None or d.month is None)
        and (o.year is not None or o.month is not None)
        and dates_agree(d, o, pair.strong_dates)
        for o in pair.source_dates
    )


def _old(pair: Pair, d: Any) -> bool:
    """An explicit year well before publication: background, not a changed date."""
    year, gap = pair.year, pair.options.background_year_gap
    return bool(year and d.year and d.month is None and not d.weak and d.year <= year - gap)


def _finer(mine: Any, theirs: Any) -> bool:
    """A date more precise than its counterpart ("April 13, 2024" for "April", a year
    where the source's has none on evidence): a date the source does not give,
    background rather than a change."""
    return (
        (mine.month is not None and theirs.month is None)
        or (mine.day is not None and theirs.day is None)
        or (mine.year is not None and not mine.weak and (theirs.year is None or theirs.guessed))
    )


def _has_dates(c: ClaimView, u: ClaimView) -> bool:
    return bool(u.dates)
