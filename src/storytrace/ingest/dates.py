"""Publication dates given with an input (a JSON record, a sidecar, an API request, a WARC
header) are checked at the edge: an ISO 8601 date or date-time that exists on the
calendar, or the input is refused with a message saying so."""

from __future__ import annotations

import datetime
import re

DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$"
"""What a given publication date must look like: an ISO 8601 date or date-time (the
calendar check is :func:`valid_date`'s)."""
_DATE = re.compile(DATE_PATTERN)


def valid_date(value: str | None) -> str | None:
    """``value`` (stripped) when it is a real ISO 8601 date or date-time, else None."""
    value = (value or "").strip()
    if not _DATE.match(value):
        return None
    try:
        datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    return value


def date_problem(value: str) -> str:
    """Why ``value`` is not accepted as a publication date, in one line."""
    return (
        f"invalid publication date {value[:40]!r}: give a real ISO 8601 date or date-time, "
        "such as 2025-04-15 or 2025-04-15T09:30:00Z"
    )
