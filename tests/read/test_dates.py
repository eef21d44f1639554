"""Dates: invented sentences, each with the value, precision and year source expected."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from storytrace.read.dates import DateMention, find_dates, infer_published

PUB = dt.date(2031, 6, 12)  # a Thursday


def mention(text: str, quoted: str, published: dt.date | None = PUB) -> DateMention:
    found = [m for m in find_dates(text, published) if m.text == quoted]
    assert len(found) == 1, [m.text for m in find_dates(text, published)]
    m = found[0]
    assert m.span.of(text) == quoted
    assert m.span.start == text.index(quoted)
    return m


@pytest.mark.parametrize(
    ("text", "quoted", "value", "precision", "year_from"),
    [
        # explicit
        ("The dam opened on March 3, 2029.", "March 3, 2029", "2029-03-03", "day", "explicit"),
        ("It opened on 3 March 2029.", "3 March 2029", "2029-03-03", "day", "explicit"),
        ("Filed 2029-03-03 in court.", "2029-03-03", "2029-03-03", "day", "explicit"),
        ("Filed on 11/30/2029.", "11/30/2029", "2029-11-30", "day", "explicit"),
        (
            "They met on Monday, Feb. 4, 2030.",
            "Monday, Feb. 4, 2030",
            "2030-02-04",
            "day",
            "explicit",
        ),
        ("Work slowed in late October 2030.", "late October 2030", "2030-10", "month", "explicit"),
        ("The port was built in 1998.", "1998", "1998", "year", "explicit"),
        ("Trade grew in the 1980s.", "the 1980s", "198", "decade", "explicit"),
        ("The expedition of 1957-58 was long.", "1957", "1957", "year", "explicit"),
        ("The expedition of 1957-58 was long.", "58", "1958", "year", "explicit"),
        # partial, resolved against publication (2031-06-12)
        ("The ferry sank on May 2.", "May 2", "2031-05-02", "day", "publication year"),
        ("The ferry sank on 2 May.", "2 May", "2031-05-02", "day", "publication year"),
        ("The ferry sank on August 9.", "August 9", "2030-08-09", "day", "most recent past"),
        ("The vote will be held on August 9.", "August 9", "2031-08-09", "day", "upcoming"),
        ("The port reopened in February.", "February", "2031-02", "month", "publication year"),
        ("The port closed in November.", "November", "2030-11", "month", "most recent past"),
        (
            "Repairs ran from November 4 to December 8, 2030.",
            "November 4",
            "2030-11-04",
            "day",
            "explicit",
        ),
        (
            "Crews flew out on March 9 and July 21 last year.",
            "March 9",
            "2030-03-09",
            "day",
            "relative:last year",
        ),
        (
            "Crews flew out on March 9 and July 21 last year.",
            "July 21",
            "2030-07-21",
            "day",
            "relative:last year",
        ),
        (
            "Last year the crews, briefed in March, flew out.",
            "March",
            "2030-03",
            "month",
            "relative:last year",
        ),
        (
            "Shipping stalled in late last July.",
            "late last July",
            "2030-07",
            "month",
            "relative:last July",
        ),
        # relative
        ("The mayor resigned yesterday.", "yesterday", "2031-06-11", "day", "relative:yesterday"),
        ("Talks resumed on Tuesday.", "on Tuesday", "2031-06-10", "day", "most recent past"),
        ("The report came out Thursday.", "Thursday", "2031-06-12", "day", "most recent past"),
        ("The panel will meet on Monday.", "on Monday", "2031-06-16", "day", "upcoming"),
        ("Prices fell last month.", "last month", "2031-05", "month", "relative:last month"),
        ("Fares rose last year.", "last year", "2030", "year", "relative:last year"),
        ("Fares will rise next year.", "next year", "2032", "year", "relative:next year"),
        ("Cases peaked this week.", "this week", "2031-W24", "week", "relative:this week"),
        (
            "The quay collapsed three years ago.",
            "three years ago",
            "2028",
            "year",
            "relative:three years ago",
        ),
        ("The lab closed last summer.", "last summer", "2030-SU", "season", "relative:last summer"),
    ],
)
def test_values_precision_and_year_source(
    text: str, quoted: str, value: str, precision: str, year_from: str
) -> None:
    m = mention(text, quoted)
    assert (m.value, m.precision, m.year_from) == (value, precision, year_from)
    assert m.is_relative is (year_from != "explicit")


@pytest.mark.parametrize(
    ("text", "quoted", "value", "precision"),
    [
        ("The ferry sank on May 2.", "May 2", "--05-02", "day"),
        ("The port reopened in February.", "February", "--02", "month"),
        ("The mayor resigned yesterday.", "yesterday", None, "day"),
        ("Talks resumed on Tuesday.", "on Tuesday", None, "day"),
        ("It opened on 3 March 2029.", "3 March 2029", "2029-03-03", "day"),
    ],
)
def test_without_a_publication_date_the_year_stays_unknown(
    text: str, quoted: str, value: str | None, precision: str
) -> None:
    m = mention(text, quoted, published=None)
    assert (m.value, m.precision) == (value, precision)
    assert m.year is None or m.year_from == "explicit"
    if m.year_from != "explicit":
        assert m.year_from == "unresolved"


@pytest.mark.parametrize(
    "text",
    [
        "They signed a 30-year concession.",  # a duration
        "Over the past year the harbour grew.",  # a duration
        "Ilse Varga, 47, runs the depot.",  # an age
        'All permits carry the prefix "31".',  # a code
        "Four of the nine pilots refused.",  # a ratio
        "About 2,000 troops and 2000 vehicles moved.",  # counts
        "It may rain, and we march on.",  # modal verb, verb
    ],
)
def test_things_that_are_not_dates(text: str) -> None:
    assert find_dates(text, PUB) == []


def test_modifiers() -> None:
    text = "Work began in early March, paused in mid-April and ended at the end of 2030."
    mods = [(m.text, m.modifier) for m in find_dates(text, PUB)]
    assert mods == [("early March", "start"), ("mid-April", "mid"), ("the end of 2030", "end")]


def test_now_is_the_publication_date_and_timeml_values_are_opt_in() -> None:
    text = "The tunnel is now closed; in the past it flooded."
    (m,) = find_dates(text, PUB)
    assert (m.text, m.value, m.precision, m.reference) == (
        "now",
        PUB.isoformat(),
        "reference",
        "PRESENT_REF",
    )
    assert find_dates(text, None)[0].value is None
    found = find_dates(text, PUB, references=True)
    assert [(m.text, m.value, m.reference) for m in found] == [
        ("now", "PRESENT_REF", "PRESENT_REF"),
        ("the past", "PAST_REF", "PAST_REF"),
    ]
    assert DateMention.from_dict(m.to_dict()) == m


def test_datetime_publication_is_accepted_and_output_is_json_safe() -> None:
    text = "Crews flew out on March 9 and July 21 last year."
    found = find_dates(text, dt.datetime(2031, 6, 12, 9, 30))
    payload = json.loads(json.dumps([m.to_dict() for m in found]))
    assert [(d["value"], d["year"]) for d in payload] == [
        ("2030-03-09", 2030),
        ("2030-07-21", 2030),
        ("2030", 2030),
    ]
    assert payload[0]["span"] == [text.index("March 9"), text.index("March 9") + 7]


@pytest.mark.parametrize(
    ("text", "expected", "how"),
    [
        (
            "Published: 14 May 2031\nThe ferry sank on May 2.",
            dt.date(2031, 5, 14),
            "published line",
        ),
        (
            "PORT ELLIS, June 3, 2031 - The ferry sank.\nIt had sailed on May 2, 2031.",
            dt.date(2031, 6, 3),
            "dateline",
        ),
        (
            "The dam opened on March 3, 2029, and closed on 4 April 2030 after a flood.",
            dt.date(2030, 4, 4),
            "latest explicit date in text",
        ),
        ("The ferry sank on May 2.", None, "no full date in text"),
    ],
)
def test_infer_published(text: str, expected: dt.date | None, how: str) -> None:
    assert infer_published(text) == (expected, how)


# -- the year from the article's own context ----------------------------------------------

PUB_APRIL = dt.date(2025, 4, 15)


def _values(text: str, published=PUB_APRIL):
    return [(m.text, m.value, m.year_from) for m in find_dates(text, published)]


def test_a_year_in_the_same_sentence_is_taken_before_the_publication_year():
    found = _values("The ferry sailed twice, once in April and once more in September 2024.")
    assert ("April", "2024-04", "sentence year") in found


def test_a_year_across_a_clause_break_is_not_taken():
    found = _values("The board, formed in 2019, meets on March 3 each spring.")
    assert ("March 3", "2025-03-03", "publication year") in found


def test_a_list_shares_the_year_of_its_last_item():
    found = _values("The barges left in March and in October.")
    assert [v for _, v, _ in found] == ["2024-03", "2024-10"]


def test_a_later_mention_of_a_month_takes_the_year_given_earlier():
    text = "The crane failed in April 2024. Engineers said the April failure was avoidable."
    found = _values(text)
    assert found[-1] == ("April", "2024-04", "earlier mention")


def test_a_far_older_mention_does_not_anchor_a_later_month():
    text = "The pier opened in April 1988. Repairs started in April."
    assert _values(text)[-1] == ("April", "2025-04", "publication year")


def test_no_year_without_evidence():
    assert _values("Repairs started in April.", None) == [("April", "--04", "unresolved")]


def test_quarters_resolve_to_the_last_such_quarter():
    found = _values("Profit fell in the third quarter and rose in the first quarter of 2023.")
    assert ("the third quarter", "2024-Q3", "most recent past") in found
    assert ("the first quarter of 2023", "2023-Q1", "explicit") in found
