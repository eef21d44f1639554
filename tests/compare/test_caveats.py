"""Caveats belong to the claim they qualify by an explicit rule (invented pairs): the same
sentence, a pointer back, the same named source, the plan they doubt; never by shared
words alone."""

from __future__ import annotations

from storytrace.compare import CompareOptions, Discrepancy, find_discrepancies

from . import pair

CAVEAT_TYPES = {"caveat_omitted", "hedge_dropped"}


def caveat_findings(source: str, copy: str) -> list[Discrepancy]:
    members, upstream = pair(source, copy)
    found = find_discrepancies(members, upstream, CompareOptions())
    return [d for d in found if d.type in CAVEAT_TYPES and "caveat" in d.explanation]


WORKERS = (
    "The Orvel ferry company hired forty drivers for the Varn route in March, payroll "
    "records show. Harbour workers said the drivers went unpaid for six weeks. The Ledger "
    "could not verify the workers' account."
)


def test_a_caveat_pointing_back_qualifies_the_sentence_before() -> None:
    copy = "Harbour workers said the drivers of the Orvel ferry company went unpaid for six weeks."
    [found] = caveat_findings(WORKERS, copy)
    assert found.type == "caveat_omitted" and found.text == copy
    assert found.upstream_text == "The Ledger could not verify the workers' account."


def test_sharing_words_with_a_caveat_does_not_tie_a_claim_to_it() -> None:
    copy = "The Orvel ferry company hired forty drivers for the Varn route in March."
    assert not caveat_findings(WORKERS, copy)


OFFICIAL = (
    "A port official said cranes at the Varn terminal stood idle for three days in May. "
    "A union leader said the cranes were sabotaged. "
    "The official, who asked not to be named, didn't identify the cranes."
)


def test_a_caveat_naming_a_source_qualifies_that_source_s_claim() -> None:
    copy = "Cranes at the Varn terminal stood idle for three days in May, a port official said."
    [found] = caveat_findings(OFFICIAL, copy)
    assert found.type == "caveat_omitted"  # a detail caveat: nothing is made firmer
    assert "didn't identify" in (found.upstream_text or "")


def test_a_caveat_naming_one_source_leaves_another_source_s_claim() -> None:
    copy = "A union leader said cranes at the Varn terminal were sabotaged."
    assert not caveat_findings(OFFICIAL, copy)


def test_a_caveat_doubting_a_plan_is_cited_when_the_copy_states_the_event() -> None:
    source = (
        "Twelve officers were booked on the Friday ferry from Pell to Varn, booking records "
        "show. The Ledger was unable to see the passenger list, so could not verify that the "
        "officers booked on it made the crossing."
    )
    copy = "Twelve officers travelled on the Friday ferry from Pell to Varn."
    members, upstream = pair(source, copy)
    found = find_discrepancies(members, upstream, CompareOptions())
    [dropped] = [d for d in found if d.type == "hedge_dropped"]
    assert dropped.severity == "high" and "cautions" in dropped.explanation
