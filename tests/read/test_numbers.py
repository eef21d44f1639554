"""Numbers and quantities: invented sentences with the expected reading of each number."""

from __future__ import annotations

import json

import pytest

from storytrace.read.numbers import Quantity, find_quantities, parse_number, same_quantity


def only(text: str, kind: str | None = None) -> Quantity:
    found = [q for q in find_quantities(text) if kind is None or q.kind == kind]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("7", 7),
        ("3,000", 3000),
        ("2.5", 2.5),
        ("seven", 7),
        ("twenty-five", 25),
        ("two hundred and fifty", 250),
        ("1.5 million", 1.5e6),
        ("three thousand", 3000),
        ("a dozen", 12),
        ("Eleven", 11),
        ("ninety nine", 99),
    ],
)
def test_parse_number(token: str, value: float) -> None:
    assert parse_number(token) == value


@pytest.mark.parametrize(
    ("text", "kind", "quoted", "value", "extra"),
    [
        ("The harbour hosts eleven ferries.", "count", "eleven", 11, {}),
        ("About 3,400 residents left.", "count", "3,400", 3400, {}),
        ("Four of the nine pilots refused.", "ratio", "Four of the nine", 4, {"value_of": 9}),
        ("one of the two inspectors", "ratio", "one of the two", 1, {"value_of": 2}),
        ("3 out of 10 households", "ratio", "3 out of 10", 3, {"value_of": 10}),
        ("two out of the five divers", "ratio", "two out of the five", 2, {"value_of": 5}),
        ("Turnout rose 12.5% overall.", "percent", "12.5%", 12.5, {"unit": "percent"}),
        ("a gain of 7 percent", "percent", "7 percent", 7, {"unit": "percent"}),
        (
            "up two percentage points",
            "percent",
            "two percentage points",
            2,
            {"unit": "percentage points"},
        ),
        ("The fine was $2.5bn last time.", "money", "$2.5bn", 2.5e9, {"currency": "USD"}),
        ("a grant of €40m for roads", "money", "€40m", 4e7, {"currency": "EUR"}),
        ("worth 30 million roubles", "money", "30 million roubles", 3e7, {"currency": "RUB"}),
        ("£12 for a ticket", "money", "£12", 12, {"currency": "GBP"}),
        ("Between 20 and 30 boats sank.", "range", "Between 20 and 30", 20, {"upper": 30}),
        ("a 10-15 km stretch", "range", "10-15 km", 10, {"upper": 15, "si_upper": 15000}),
        ("The reef lies 40 km offshore.", "measure", "40 km", 40, {"si_value": 40000.0}),
        ("a nine-mile tunnel", "measure", "nine-mile", 9, {"si_unit": "m"}),
        ("a cargo of 5,000 tonnes", "measure", "5,000 tonnes", 5000, {"si_value": 5e6}),
        ("winds of 90 km/h", "measure", "90 km/h", 90, {"si_value": 25.0}),
        ("it reached 30°C", "measure", "30°C", 30, {"si_value": 303.15, "si_unit": "K"}),
        ("They agreed a 25-year lease.", "duration", "25-year", 25, {"unit": "year"}),
        ("within 90 days", "duration", "90 days", 90, {"si_value": 90 * 86400.0}),
        ("Marta Quell, 52, declined.", "age", "52", 52, {}),
        ("Marta Quell, also 52, declined.", "age", "52", 52, {}),
        ("the 61-year-old harbour master", "age", "61-year-old", 61, {}),
        ("the third convoy", "ordinal", "third", 3, {}),
        ("finished 2nd overall", "ordinal", "2nd", 2, {}),
    ],
)
def test_kinds_values_and_spans(
    text: str, kind: str, quoted: str, value: float, extra: dict[str, object]
) -> None:
    q = only(text, kind)
    assert q.text == quoted
    assert q.span.of(text) == quoted
    assert q.span.start == text.index(quoted)
    assert q.value == pytest.approx(value)
    for name, expected in extra.items():
        got = getattr(q, name)
        assert (
            got == pytest.approx(expected)
            if isinstance(expected, float | int)
            else got == (expected)
        ), name


@pytest.mark.parametrize(
    "text",
    [
        "The ferry sailed in 2023.",  # a year
        "It docked on March 14 at noon.",  # a day of a month
        "It docked on 14 March.",
        "Boarding closed at 10:45.",  # a clock time
        'Its registration began with the code "31".',  # a quoted code
        "The T-72 tanks and the MiG-29 jets.",  # model numbers
    ],
)
def test_things_that_are_not_quantities(text: str) -> None:
    assert [q for q in find_quantities(text) if q.kind != "ordinal"] == []


def test_ratio_is_not_two_counts() -> None:
    text = "Five of the eight crew members and two of the 12 guests were rescued."
    kinds = [(q.kind, q.value, q.value_of) for q in find_quantities(text)]
    assert kinds == [("ratio", 5, 8), ("ratio", 2, 12)]


def test_results_are_in_text_order_and_json_safe() -> None:
    text = "The 2nd inquiry found 14 faults, a 20% rise, costing $3m over 6 months."
    found = find_quantities(text)
    assert [q.span.start for q in found] == sorted(q.span.start for q in found)
    payload = json.loads(json.dumps([q.to_dict() for q in found]))
    assert payload[1]["span"] == [text.index("14"), text.index("14") + 2]
    assert [d["kind"] for d in payload] == ["ordinal", "count", "percent", "money", "duration"]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("a lake 24 km wide", "a lake 15 miles wide", True),
        ("a lake 24 km wide", "a lake 18 miles wide", False),
        ("a 2-week trip", "a 14-day trip", True),
        ("a 3-week trip", "a 14-day trip", False),
        ("a bill of $5m", "a bill of 5 million dollars", True),
        ("a bill of $5m", "a bill of €5m", False),
        ("six of the seven", "6 out of 7", True),
        ("six of the seven", "five of the seven", False),
        ("seven experts", "eight experts", False),
        ("about 1,000 people", "about 1,020 people", True),
        ("40 km", "40 kg", False),
    ],
)
def test_same_quantity(a: str, b: str, same: bool) -> None:
    qa = [q for q in find_quantities(a) if q.kind != "ordinal"][0]
    qb = [q for q in find_quantities(b) if q.kind != "ordinal"][0]
    assert same_quantity(qa, qb) is same
    assert same_quantity(qb, qa) is same


def test_tolerance_is_a_parameter() -> None:
    km, miles = only("24 km"), only("15 miles")  # 24 km vs 24.14 km: 0.6 % apart
    assert same_quantity(km, miles, rel_tol=0.01)
    assert not same_quantity(km, miles, rel_tol=0.001)
