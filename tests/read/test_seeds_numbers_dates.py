"""Numbers and dates on the real seed articles (read at run time, never copied)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from storytrace.read.dates import find_dates, infer_published
from storytrace.read.numbers import find_quantities, same_quantity

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seeds"
pytestmark = pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"seed corpus not found at {SEEDS} (../shared is absent)"
)
PUBLISHED = dt.date(2025, 4, 15)


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def flight_dates(text: str, published: dt.date | None) -> list[tuple[str, str | None, str]]:
    sentence_start = text.index("April 24 and September 17")
    return [
        (m.text, m.value, m.year_from)
        for m in find_dates(text, published)
        if sentence_start <= m.span.start < sentence_start + 40 and m.text != "last year"
    ]


def test_flight_dates_resolved_with_publication_date() -> None:
    assert flight_dates(seed("004"), PUBLISHED) == [
        ("April 24", "2024-04-24", "relative:last year"),
        ("September 17", "2024-09-17", "relative:last year"),
    ]


def test_flight_dates_without_publication_date_keep_month_and_day() -> None:
    text = seed("004")
    assert flight_dates(text, None) == [
        ("April 24", "--04-24", "unresolved"),
        ("September 17", "--09-17", "unresolved"),
    ]
    assert all(m.year is None for m in find_dates(text, None) if m.text == "April 24")


def test_rewrite_resolves_the_same_flight_dates() -> None:
    values = {m.value for m in find_dates(seed("002"), PUBLISHED)}
    assert {"2024-04-24", "2024-09-17"} <= values


def test_distance_in_km_and_miles_is_the_same_quantity() -> None:
    km = [q for q in find_quantities(seed("004")) if q.unit == "km"]
    miles = [q for q in find_quantities(seed("002")) if q.unit == "miles"]
    assert km and miles
    assert km[0].value == 15 and miles[0].value == 9
    assert same_quantity(km[0], miles[0], rel_tol=0.05)


@pytest.mark.parametrize("prefix", ["002", "004"])
def test_six_of_the_seven_is_a_ratio_not_a_date(prefix: str) -> None:
    text = seed(prefix)
    ratios = [(q.value, q.value_of) for q in find_quantities(text) if q.kind == "ratio"]
    assert (6, 7) in ratios
    start = text.lower().index("six of the seven")
    assert not [m for m in find_dates(text, PUBLISHED) if start <= m.span.start < start + 16]


def test_pact_is_a_duration_and_ages_and_prefixes_are_not_dates() -> None:
    text = seed("004")
    durations = [q for q in find_quantities(text) if q.kind == "duration" and q.unit == "year"]
    assert 20 in {q.value for q in durations}
    for m in find_dates(text, PUBLISHED):
        assert m.text not in {"20", "22", "46", "48", "20-year"}, m
        assert not m.text.isdigit() or len(m.text) == 4


def test_month_names_resolve_against_publication() -> None:
    found = {(m.text, m.value) for m in find_dates(seed("004"), PUBLISHED)}
    assert ("January", "2025-01") in found  # the pact, "in January"
    assert ("September", "2024-09") in found


def test_infer_published_from_the_latest_explicit_date() -> None:
    published, how = infer_published(seed("004"))
    assert how == "latest explicit date in text"
    assert published is not None and dt.date(2025, 1, 1) <= published <= PUBLISHED
    assert infer_published(seed("000")) == (None, "no full date in text")


@pytest.mark.parametrize("prefix", ["000", "001", "002", "004"])
def test_both_flights_are_in_2024_and_never_in_the_publication_year(prefix: str) -> None:
    """Every "April" / "September" of the flights takes 2024 from the article's own context
    (an explicit year in the sentence or list, "last year", an earlier mention)."""
    months = [m for m in find_dates(seed(prefix), PUBLISHED) if m.text in ("April", "September")]
    assert months
    for m in months:
        assert m.value in ("2024-04", "2024-09"), (m.text, m.value, m.year_from)


@pytest.mark.parametrize("prefix", ["001", "003", "004"])
def test_the_pact_is_in_january_2025(prefix: str) -> None:
    january = [m for m in find_dates(seed(prefix), PUBLISHED) if m.text == "January"]
    assert january and all(m.value == "2025-01" for m in january)


@pytest.mark.parametrize("prefix", ["000", "001", "003", "004"])
def test_now_in_a_seed_is_the_publication_date_not_a_written_day(prefix: str) -> None:
    text = seed(prefix)
    now = [m for m in find_dates(text, PUBLISHED) if m.reference == "PRESENT_REF"]
    assert now and all(text[m.span.start : m.span.end].lower() == "now" for m in now)
    assert all((m.value, m.precision) == ("2025-04-15", "reference") for m in now)
    assert all(m.reference is None for m in find_dates(text, PUBLISHED) if m not in now)
