"""Years of dates from evidence only (invented texts, no publication date)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from storytrace.compare import find_discrepancies
from storytrace.compare.timeline import build_timeline
from storytrace.compare.years import article_dates, text_year
from storytrace.read import read_text

from . import article

UNDATED = (
    "The ferry crews met the harbour board on March 3 and June 9 last year, the minutes show. "
    "The June 2023 meeting ended without a deal. "
    "The board signed a ten-year lease in January. "
    "Strikes closed the port in May and October."
)


def undated(text: str, doc: str, outlet: str):
    a, _ = article(text, outlet, doc)
    a = replace(a, metadata=replace(a.metadata, published=None))
    return a, read_text(text)


def _years(text: str) -> dict[str, int | None]:
    a, sheet = undated(text, "u", "Undated Wire")
    return {d.mention.text: None if d.guessed else d.year for d in article_dates(a, sheet)}


def test_a_relative_date_written_elsewhere_with_its_year_proves_the_text_year() -> None:
    assert text_year(UNDATED) == 2024
    years = _years(UNDATED)
    assert years["June 9"] == 2023 and years["March 3"] == 2023
    assert years["January"] == 2024  # January of 2024 whatever the day of publication
    assert years["October"] is None  # October 2023 or 2024: no evidence, no year


def test_without_evidence_a_yearless_date_stays_yearless() -> None:
    text = "The board signed a ten-year lease in January. Strikes closed the port in May."
    assert text_year(text) is None
    assert set(_years(text).values()) == {None}


def test_disagreeing_evidence_proves_nothing() -> None:
    text = (
        "Crews met on June 9 last year and on March 3 last year. "
        "The June 2023 meeting failed; the March 2020 one too."
    )
    assert text_year(text) is None


def test_a_year_against_a_yearless_month_is_not_a_changed_date() -> None:
    source = undated("The harbour board signed a ten-year port lease in January.", "s", "Src")
    copy = undated("The harbour board signed a ten-year port lease in January 2021.", "c", "Cpy")
    found = find_discrepancies([source, copy], {"s-0": None, "c-0": "s-0"})
    assert not [d for d in found if d.type == "date_changed"], [d.to_dict() for d in found]


def test_a_year_the_text_proves_is_compared() -> None:
    source = undated(UNDATED, "s", "Src")
    copy_text = UNDATED.replace("lease in January", "lease in January 2022")
    copy = undated(copy_text, "c", "Cpy")
    found = find_discrepancies([source, copy], {"s-0": None, "c-0": "s-0"})
    changed = [d for d in found if d.type == "date_changed"]
    assert [(d.text, d.upstream_text) for d in changed] == [("January 2022", "January")]


def test_a_present_reference_is_the_time_of_writing_not_a_changed_date() -> None:
    source = "The Harbour Road bridge is now closed to lorries, the council said."
    copy = "The Harbour Road bridge is currently closed to lorries, the council said."
    (src, src_sheet), (cpy, _) = article(source, "Source Wire", "src"), article(copy, "Copy", "cpy")
    three_days_on = replace(cpy.metadata, published="2025-06-15")
    members = [
        (src, src_sheet),
        (replace(cpy, metadata=three_days_on), read_text(copy, dt.date(2025, 6, 15))),
    ]
    assert [d.mention.reference for d in article_dates(*members[1])] == ["PRESENT_REF"]
    found = find_discrepancies(members, {"src-0": None, "cpy-0": "src-0"})
    assert "date_changed" not in {d.type for d in found}
    assert build_timeline(members, found) == []
