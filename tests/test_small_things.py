"""Small things a newcomer trips on: "(1 mention)", ages in seconds, counts of one."""

from __future__ import annotations

from types import SimpleNamespace

from storytrace.compare.roster import story_quantities
from storytrace.read import read_text
from storytrace.report.facts import facts_text

TEXT = (
    "Harbour master Ilse Varrow, 52, said the cranes would stay idle for three days. "
    "One crane operator said 14 ships were waiting outside the breakwater."
)


def test_one_mention_ages_in_years_and_no_lone_counts() -> None:
    read = read_text(TEXT)
    sheet = read.to_dict()
    text = facts_text(sheet)
    assert "(1 mention)" in text and "(1 mentions)" not in text
    [age] = [line for line in text.splitlines() if "age: «52»" in line]
    assert age.endswith("-> 52")
    merged = story_quantities([(SimpleNamespace(id="a"), read)], rel_tol=0.05)
    counts = [q["value"] for q in merged if q["kind"] == "count"]
    assert 14 in counts and 1 not in counts
