"""Dates in article text (work in progress: full rules follow)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from storytrace.model import Span


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date in a text, normalised to an ISO 8601 value of some precision."""

    span: Span
    text: str
    value: str | None
    precision: str
    year_from: str
    is_relative: bool
    modifier: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "span": [self.span.start, self.span.end],
            "text": self.text,
            "value": self.value,
            "precision": self.precision,
            "year_from": self.year_from,
            "is_relative": self.is_relative,
            "modifier": self.modifier,
        }


def find_dates(text: str, published: dt.date | None = None) -> list[DateMention]:
    """Every date mention in ``text``, resolved against ``published`` where needed."""
    return []


def infer_published(text: str) -> tuple[dt.date | None, str]:
    """Guess the publication date of ``text`` and say how."""
    return None, "no date found in text"
