"""The record of one date mention (see :mod:`storytrace.read.dates`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storytrace.model import Span


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date in a text, normalised to an ISO 8601 value of ``precision``.

    ``precision`` is day, week, month, year or decade; ``year_from`` says how the year
    was decided (see the module docstring); ``is_relative`` is true when the mention
    needs the publication date or a nearby phrase to have a value. ``reference`` is
    TimeML's class of a vague reference (``PRESENT_REF`` for "now", whose value is the
    publication date; ``PAST_REF``, ``FUTURE_REF``), None for other dates.
    """

    span: Span
    text: str
    value: str | None
    precision: str
    year_from: str
    is_relative: bool
    modifier: str | None = None
    reference: str | None = None

    @property
    def year(self) -> int | None:
        """The resolved year, or None when unknown."""
        head = (self.value or "")[:4]
        return int(head) if len(head) == 4 and head.isdigit() else None

    def to_dict(self) -> dict[str, object]:
        """JSON-safe form; the span becomes ``[start, end]``."""
        return {
            "span": [self.span.start, self.span.end],
            "text": self.text,
            "value": self.value,
            "precision": self.precision,
            "year": self.year,
            "year_from": self.year_from,
            "is_relative": self.is_relative,
            "modifier": self.modifier,
            "reference": self.reference,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DateMention:
        """The date mention :meth:`to_dict` wrote (``year`` is derived from ``value``)."""
        start, end = data["span"]
        return cls(
            Span(start, end),
            data["text"],
            data["value"],
            data["precision"],
            data["year_from"],
            data["is_relative"],
            data["modifier"],
            data.get("reference"),
        )
