"""The fidelity verdict per copy: invented faithful and altered copies, ids, the JSON."""

from __future__ import annotations

import json

from storytrace.compare.discrepancies import compare_story
from storytrace.compare.fidelity import SIGNALS
from storytrace.compare.options import CompareOptions
from storytrace.story import analyse_story

from . import article, pair

SOURCE = (
    "The Harwick county council voted on Tuesday to close the Elm Street library for "
    "repairs. Council member Dana Oyelaran said the roof had leaked for two winters. "
    "The branch will reopen in the spring, the council said."
)
FAITHFUL = (
    "On Tuesday the Harwick county council voted to shut the Elm Street library for "
    "repairs. The roof had leaked for two winters, council member Dana Oyelaran said. "
    "The council said the branch will reopen in the spring."
)
ALTERED = (
    "In a shocking scandal, the Harwick county council voted on Tuesday to close the Elm "
    "Street library forever. Mayor Piet Vandersloot called the building a disgraceful "
    "ruin and blamed the librarians. Protesters clashed with police outside the town hall, "
    "and 40 people were arrested."
)


def verdict(copy: str):
    members, upstream = pair(SOURCE, copy)
    return compare_story(members, upstream).fidelity["cpy-0"]


def test_faithful_copy_is_faithful() -> None:
    found = verdict(FAITHFUL)
    assert found.verdict == "faithful"
    assert 0 <= found.score < CompareOptions().altered_at


def test_altered_copy_is_altered_and_rests_on_its_findings() -> None:
    members, upstream = pair(SOURCE, ALTERED)
    compared = compare_story(members, upstream)
    found = compared.fidelity["cpy-0"]
    assert found.verdict == "altered" and found.score > 0.8
    ids = {d.id for d in compared.discrepancies}
    assert found.findings and set(found.findings) <= ids
    assert [name for name, _ in found.signals] == list(SIGNALS)
    assert dict(found.signals)["new_names"] >= 1


def test_too_short_copy_is_unknown() -> None:
    assert verdict("Library closes.").verdict == "unknown"


def test_finding_ids_follow_severity() -> None:
    members, upstream = pair(SOURCE, ALTERED)
    found = compare_story(members, upstream).discrepancies
    rank = {"high": 0, "medium": 1, "low": 2}
    by_id = sorted(found, key=lambda d: int(d.id[1:]))
    assert [d.id for d in by_id] == [f"d{n}" for n in range(1, len(found) + 1)]
    assert [rank[d.severity] for d in by_id] == sorted(rank[d.severity] for d in by_id)


def test_trace_json_carries_fidelity_of_copies_only() -> None:
    copy = SOURCE + " Mayor Piet Vandersloot called the closure a disgraceful scandal."
    members = [article(SOURCE, "Source Wire", "src"), article(copy, "Copy Daily", "cpy")]
    data = json.loads(json.dumps(analyse_story("s", members).to_dict()))
    rows = {a["id"]: a for a in data["articles"]}
    assert sum(row["derived_from"] is not None for row in rows.values()) == 1
    for row in rows.values():
        if row["derived_from"] is None:
            assert row["fidelity"] is None
        else:
            assert row["fidelity"]["verdict"] in {"faithful", "altered", "unknown"}
            assert 0 <= row["fidelity"]["score"] <= 1
    verdicts = data["story"]["fidelity"]
    assert sorted(sum(verdicts.values(), [])) == sorted(
        a for a, row in rows.items() if row["fidelity"]
    )
    assert all(d["id"] for d in data["discrepancies"])
