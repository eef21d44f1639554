"""People: a person renamed within an aligned claim, and people found in both articles
with another age, rank, role or employer (:mod:`storytrace.compare.people`)."""

from __future__ import annotations

from collections.abc import Iterator

from storytrace.compare.pair import Aligned, Discrepancy, Pair
from storytrace.compare.people import PersonChange, person_changes, renamed
from storytrace.compare.registry import register


@register({"entity_changed": "high"}, per_claim=True)
def renamed_person(pair: Pair, aligned: Aligned) -> Iterator[Discrepancy]:
    found = renamed(aligned.copy, aligned.source, pair.sheet, pair.source_sheet)
    if found is not None:
        yield pair.finding(
            "entity_changed",
            found.span,
            found.upstream_span,
            f"{pair.name} names {found.new} where its source {pair.source_name} names "
            f"{found.old} in the same statement, and mentions no such person elsewhere.",
        )


@register({"entity_changed": "high", "number_changed": "high"})
def people(pair: Pair) -> Iterator[Discrepancy]:
    """A person's age (``number_changed``), rank, role or employer (``entity_changed``)."""
    for change in person_changes(pair.sheet, pair.source_sheet):
        yield _changed(pair, change)


def _changed(pair: Pair, change: PersonChange) -> Discrepancy:
    theirs = change.theirs
    return pair.finding(
        change.kind,
        change.mine.span,
        theirs.span if theirs is not None else None,
        f"{pair.name} gives {change.name}'s {change.what} as “{change.mine.text}” where its "
        f"source {pair.source_name} gives “{theirs.text if theirs is not None else '?'}”.",
    )
