"""People, organisations and places on an invented story."""

from __future__ import annotations

import pytest

from storytrace.read import read_text
from storytrace.read.places import find_places

STORY = (
    "Harbour Blast\n"
    "Lt. Col. Mara Vinter, 51, and 39-year-old Tomas Edvik were aboard the ferry, port logs show. "
    "Vinter works as deputy head of logistics at the Northern Fleet Supply Directorate, "
    "according to pension records from 2022. "
    "Edvik, a colonel, has worked at the Varna Naval Academy, bank data shows. "
    "The vessel left Oslo for Helsinki in Finland on Monday. "
    '"We saw smoke," said Ilse Brandt, a professor at Aalborg University.\n'
)


@pytest.fixture(scope="module")
def sheet():
    return read_text(STORY)


def test_people_with_ages_ranks_and_employers(sheet) -> None:
    vinter = sheet.person("Mara Vinter")
    assert vinter is not None
    assert (vinter.age_years, vinter.rank) == (51, "lieutenant-colonel")
    assert vinter.role.text == "deputy head of logistics"
    assert vinter.employer.text == "the Northern Fleet Supply Directorate"
    assert vinter.evidence.text == "pension records"
    edvik = sheet.person("Tomas Edvik")
    assert (edvik.age_years, edvik.rank) == (39, "colonel")
    assert edvik.employer.text == "the Varna Naval Academy"
    assert edvik.evidence.text == "bank data"
    brandt = sheet.person("Ilse Brandt")
    assert brandt.role.text == "professor" and brandt.employer.text == "Aalborg University"


def test_surname_mentions_are_linked_and_spans_resolve(sheet) -> None:
    vinter = sheet.person("Vinter")
    assert vinter.name == "Mara Vinter"
    assert [m.text for m in vinter.linked] == ["Vinter"]
    for person in sheet.people:
        for m in (*person.mentions, *person.linked, person.age, person.employer, person.role):
            assert m is None or STORY[m.span.start : m.span.end] == m.text


def test_heading_words_are_not_people(sheet) -> None:
    assert sheet.person("Harbour Blast") is None
    assert {p.name for p in sheet.people} == {"Mara Vinter", "Tomas Edvik", "Ilse Brandt"}


def test_organisations(sheet) -> None:
    names = {o.name: o.kind for o in sheet.organisations}
    assert names["Northern Fleet Supply Directorate"] == "government"
    assert names["Varna Naval Academy"] == "education"
    assert names["Aalborg University"] == "education"


def test_places(sheet) -> None:
    places = {p.name: (p.kind, p.country) for p in sheet.places}
    assert places["Oslo"] == ("city", "NO")
    assert places["Helsinki"] == ("city", "FI")
    assert places["Finland"] == ("country", "FI")
    assert "Varna" not in places  # inside an organisation's name


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("Talks moved from the U.S. to Russia.", "United States", "country"),
        ("Talks moved from the U.S. to Russia.", "Russia", "country"),
        ("Boats crossed the Caspian Sea at night.", "Caspian Sea", "region"),
        ("Officials in Washington said nothing.", "Washington", "city"),
    ],
)
def test_gazetteer(text: str, name: str, kind: str) -> None:
    found = {p.name: p.kind for p in find_places(text, 15_000, [])}
    assert found.get(name) == kind


def test_common_words_are_not_places() -> None:
    assert find_places("Police said the Mobile unit would Deal with it in May.", 15_000, []) == []


def test_a_person_with_the_company_s_title_is_not_a_company() -> None:
    text = "Work should start in 26 months, stated Casper Ystvelard, the company's chief executive."
    sheet = read_text(text)
    assert [p.name for p in sheet.people] == ["Casper Ystvelard"]
    assert sheet.people[0].role.text == "chief executive"
    assert "Casper Ystvelard" not in [o.name for o in sheet.organisations]
