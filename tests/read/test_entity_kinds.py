"""Outlets, companies and headline fragments are not people; organisations merge; roles
are noun phrases."""

from __future__ import annotations

from storytrace.read import read_text
from storytrace.read.organisations import find_organisations
from storytrace.read.people import is_role
from storytrace.read.sentences import split_sentences


def _names(text: str):
    sheet = read_text(text)
    return [p.name for p in sheet.people], [o.name for o in sheet.organisations]


def test_a_company_speaking_in_a_statement_is_an_organisation():
    people, orgs = _names(
        "Petra Holm, 44, a surveyor, was dismissed in May. Korvel Geodetics said in a "
        "statement that it had hired an auditor."
    )
    assert "Korvel Geodetics" in orgs and "Korvel Geodetics" not in people


def test_an_outlet_is_never_a_person():
    people, orgs = _names(
        "Baltic Ledger Wire reported the crane collapse, Baltic Ledger Wire said."
    )
    assert "Baltic Ledger Wire" not in people


def test_headline_fragments_are_neither_people_nor_organisations():
    text = "Exposing the Quiet Harbour Alliance\nThe ferry left Oslo on Monday, officials said."
    headings = [s.span for s in split_sentences(text) if s.heading]
    assert find_organisations(text, headings) == []
    people, _ = _names("Viktor Brandt Is Right About Cranes\nNobody listened, he said.")
    assert people == []


def test_an_acronym_joins_its_expansion_and_names_merge():
    text = (
        "Analysts at the Institute for Harbour Safety (IHS) disagreed. IHS said it would "
        "publish. Staff of the Institute for Harbour-Safety were not reached."
    )
    (org,) = find_organisations(text)
    assert org.name == "Institute for Harbour Safety" and len(org.mentions) == 4


def test_a_possessive_owner_and_two_joined_names_are_separate_organisations():
    orgs = [
        o.name
        for o in find_organisations(
            "The Transport Ministry's Varna Naval Academy and the Coast Guard Command met."
        )
    ]
    assert orgs == ["Transport Ministry", "Varna Naval Academy", "Coast Guard Command"]


def test_a_named_group_in_apposition_is_an_organisation():
    orgs = find_organisations(
        "The files were passed to the paper by Tiimi Kettu, a group of activist hackers."
    )
    assert [(o.name, o.kind) for o in orgs] == [("Tiimi Kettu", "group")]


def test_a_title_or_a_weekday_ends_an_organisation_name():
    orgs = [
        o.name
        for o in find_organisations(
            "Harbour Council Chairman Ilse Rask spoke at Varna University on Monday."
        )
    ]
    assert orgs == ["Harbour Council", "Varna University"]


def test_roles_are_noun_phrases():
    assert is_role("deputy head") and is_role("retired colonel")
    assert not is_role("works") and not is_role("were among those booked")
