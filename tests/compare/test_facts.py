"""Claim alignment and independent support."""

from __future__ import annotations

import json

from storytrace.compare import align_facts

from . import article, demo_story

WORKERS = "Officials said twelve workers were hurt at the Dorran chemical plant on Monday."
WORKERS_AGAIN = "Twelve workers were hurt at the Dorran chemical plant on Monday, officials said."
WORKERS_MORE = "Officials said fifteen workers were hurt at the Dorran chemical plant on Monday."


def _fact_with(facts, needle: str):
    return next(f for f in facts if any(needle in s.text for s in f.statements))


def test_a_copy_counts_with_its_source() -> None:
    members = [article(WORKERS, "Source Wire", "a"), article(WORKERS_AGAIN, "Copy Daily", "b")]
    facts = align_facts(members, {"a-0": None, "b-0": "a-0"})
    fact = _fact_with(facts, "twelve workers")
    assert fact.support == ("a-0", "b-0")
    assert fact.independent_support == ("a-0",)
    assert fact.status == "single_source"
    assert fact.slots.numbers == ("12",)


def test_independent_reports_corroborate() -> None:
    members = [article(WORKERS, "Source Wire", "a"), article(WORKERS_AGAIN, "Other Post", "b")]
    fact = _fact_with(align_facts(members, {"a-0": None, "b-0": None}), "twelve workers")
    assert fact.independent_support == ("a-0", "b-0")
    assert fact.status == "corroborated"


def test_disagreeing_numbers_make_a_fact_contested() -> None:
    members = [article(WORKERS, "Source Wire", "a"), article(WORKERS_MORE, "Other Post", "b")]
    fact = _fact_with(align_facts(members, {"a-0": None, "b-0": None}), "twelve workers")
    assert len(fact.support) == 2
    assert fact.status == "contested"


def test_a_copys_own_addition_is_its_own_origin() -> None:
    added = WORKERS + " Local resident Petra Vance said the fumes sickened her children."
    members = [article(WORKERS, "Source Wire", "a"), article(added, "Copy Daily", "b")]
    fact = _fact_with(align_facts(members, {"a-0": None, "b-0": "a-0"}), "Petra Vance")
    assert fact.independent_support == ("b-0",)


def test_demo_facts_of_the_original_and_its_copies_have_one_origin() -> None:
    members, upstream, ids, _ = demo_story()
    facts = align_facts(members, upstream)
    original = ids["01_northline_wire.txt"]
    contract = _fact_with(facts, "46 million euro")
    assert len(contract.support) >= 3
    assert original in contract.support
    assert contract.independent_support == (original,)
    shared = [f for f in facts if original in f.support and len(f.support) > 1]
    assert len(shared) >= 10
    assert all(f.independent_support == (original,) for f in shared)


def test_demo_distance_fact_is_not_contested() -> None:
    members, upstream, _, _ = demo_story()
    facts = align_facts(members, upstream)
    distance = _fact_with(facts, "32 km north of the dam")
    assert len(distance.support) >= 3
    assert distance.status != "contested"


def test_fact_ids_are_deterministic_and_records_serialise() -> None:
    members, upstream, _, _ = demo_story()
    first, second = align_facts(members, upstream), align_facts(members, upstream)
    assert [f.id for f in first] == [f.id for f in second]
    assert len({f.id for f in first}) == len(first)
    data = json.loads(json.dumps([f.to_dict() for f in first]))
    assert data[0]["statements"][0]["span"][1] > data[0]["statements"][0]["span"][0]
