"""What aligned claims say (invented pairs): the scope of a denial, a qualifier moved to
another thing, a number's thing recharacterised, and their restatements."""

from __future__ import annotations

from storytrace.compare import CompareOptions, Discrepancy, find_discrepancies

from . import pair

DENIAL = (
    "Reached by phone, four of the guards denied they had been at the Varn depot, denied "
    "they carried its keys or both, while one declined to comment."
)


def of_type(kind: str, source: str, copy: str) -> list[Discrepancy]:
    members, upstream = pair(source, copy)
    found = find_discrepancies(members, upstream, CompareOptions())
    return [d for d in found if d.type == kind]


def distorted(source: str, copy: str) -> list[Discrepancy]:
    return of_type("distorted", source, copy)


def test_a_denial_of_either_thing_narrowed_to_one() -> None:
    copy = "Reached by phone, four of the guards insisted they had never been at the Varn depot."
    [found] = distorted(DENIAL, copy)
    assert found.severity == "high" and found.text == copy
    assert found.upstream_text is not None and "or both" in found.upstream_text


def test_a_denial_of_either_thing_made_a_denial_of_both() -> None:
    copy = (
        "Reached by phone, four of the guards denied they had been at the Varn depot and "
        "denied they carried its keys."
    )
    assert [d.severity for d in distorted(DENIAL, copy)] == ["high"]


def test_a_denial_kept_as_either_is_no_finding() -> None:
    copy = (
        "Contacted by phone, four guards denied being at the Varn depot or carrying its "
        "keys, and one declined to comment."
    )
    assert not distorted(DENIAL, copy)


MOVED_SOURCE = (
    "The convoy of nine lorries crossed the border at Varn on Monday, the ministry said. "
    "Their permits were stamped for urgent medical cargo."
)


def test_a_qualifier_moved_to_another_thing() -> None:
    copy = "The convoy of nine urgent medical lorries crossed the border at Varn on Monday."
    [found] = distorted(MOVED_SOURCE, copy)
    assert found.text == "urgent medical lorries" and found.severity == "medium"
    assert found.upstream_text is not None and "urgent medical cargo" in found.upstream_text


def test_a_qualifier_kept_on_its_thing_is_no_finding() -> None:
    copy = (
        "The nine lorries of the convoy crossed the border at Varn on Monday with permits "
        "stamped for urgent medical cargo."
    )
    assert not distorted(MOVED_SOURCE, copy)


def test_a_number_of_another_thing() -> None:
    source = "The two towns signed a 15-year water accord in Kessel in March, officials said."
    copy = "The two towns signed a 15-year joint flood-defence alliance in Kessel in March."
    [found] = distorted(source, copy)
    assert found.severity == "high" and "15-year" in found.explanation


def test_a_number_of_the_same_thing_reworded_is_no_finding() -> None:
    source = "The two towns signed a 15-year water accord in Kessel in March, officials said."
    copy = "Officials said the two towns agreed a 15-year accord on water in Kessel in March."
    assert not distorted(source, copy)


def changed_places(source: str, copy: str) -> list[Discrepancy]:
    return of_type("entity_changed", source, copy)


def test_an_event_moved_to_another_city() -> None:
    source = "The Orvel ferry company opened its new repair yard in Nantes on Monday, it said."
    copy = "The Orvel ferry company opened its new repair yard in Lyon on Monday."
    [moved] = changed_places(source, copy)
    assert (moved.text, moved.upstream_text, moved.severity) == ("Lyon", "Nantes", "high")


def test_a_city_for_its_country_is_no_move() -> None:
    source = "The Orvel ferry company opened its new repair yard in France on Monday, it said."
    copy = "The Orvel ferry company opened its new repair yard in Nantes on Monday."
    assert not changed_places(source, copy)
