"""Numbers: a number of an aligned claim that no similar source claim gives, where the
source counts the same thing (``number_changed``). Units are converted first."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from storytrace.compare.claims import ClaimView, comparable, number_conflicts, role, same_number
from storytrace.compare.pair import Aligned, Discrepancy, Pair
from storytrace.compare.registry import register
from storytrace.model import Span


@register({"number_changed": "high"}, per_claim=True)
def numbers(pair: Pair, aligned: Aligned) -> Iterator[Discrepancy]:
    def compare(c: ClaimView, u: ClaimView) -> Iterator[Discrepancy]:
        return _numbers(pair, c, u)

    def relevant(c: ClaimView, u: ClaimView) -> bool:
        return _same_things(pair, c, u)

    yield from pair.against_candidates(aligned, compare, relevant)


def _numbers(pair: Pair, c: ClaimView, u: ClaimView) -> Iterator[Discrepancy]:
    for qc, qu in number_conflicts(c, u, pair.options):
        if _stated_anywhere(pair, qc):
            continue
        span = _with_role(pair.sheet.text, qc.span)
        up = _with_role(pair.source_sheet.text, qu.span)
        yield pair.finding(
            "number_changed",
            span,
            up,
            f"{pair.name} says “{span.of(pair.sheet.text)}” where its source "
            f"{pair.source_name} says “{up.of(pair.source_sheet.text)}”.",
        )


def _same_things(pair: Pair, c: ClaimView, u: ClaimView) -> bool:
    """Whether ``u`` gives a number about something ``c`` counts: an equal one, or one
    of the same family sharing a role word. Only such a claim can vouch for ``c``'s
    numbers; one counting other things says nothing about them."""
    window = pair.options.role_window
    return any(
        same_number(qc, qu, pair.options.number_rel_tol)
        or (comparable(qc, qu) and role(c.sheet.text, qc, window) & role(u.sheet.text, qu, window))
        for qc in c.quantities
        for qu in u.quantities
    )


def _stated_anywhere(pair: Pair, q: Any) -> bool:
    """Whether the source states this number about the same thing in another sentence."""
    window, tol = pair.options.role_window, pair.options.number_rel_tol
    mine = role(pair.sheet.text, q, window)
    for other in pair.source_views:
        for qu in other.quantities:
            if same_number(q, qu, tol) and mine & role(pair.source_sheet.text, qu, window):
                return True
    return False


def _with_role(text: str, span: Span) -> Span:
    """The number and the word after it ("eleven inspectors")."""
    match = re.match(r"[\s-]*[A-Za-z]+", text[span.end : span.end + 30])
    return Span(span.start, span.end + match.end()) if match else span
