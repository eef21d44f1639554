"""The outlet an article names itself by: each form, the cases left alone, the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from storytrace.read.outlet import infer_outlet

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "seeds"


def _found(text: str) -> tuple[str, str, str]:
    found = infer_outlet(text)
    assert found is not None
    return found.name, found.how, text[found.span.start : found.span.end]


def test_a_leading_wire_credit() -> None:
    text = "(Reuters) - Ferry crews at Port Vell stopped work on Monday."
    assert _found(text) == ("Reuters", "wire credit", "Reuters")


def test_a_dateline_with_a_credit_after_a_headline() -> None:
    text = "Ferry crews stop work\nVELLMOUTH, March 3 (AP) \u2014 Ferry crews stopped work."
    assert _found(text) == ("AP", "dateline", "AP")


@pytest.mark.parametrize(
    "text",
    [
        "The harbour master told Quay Courier that the ferries would stay in port.",
        "“We wait,” said Ona Brell, a crane operator, in an interview with Quay Courier.",
        "Quay Courier has learned that the ferries will stay in port until Friday.",
    ],
)
def test_the_outlet_as_interviewer(text: str) -> None:
    assert _found(text) == ("Quay Courier", "told", "Quay Courier")


def test_a_known_agency_needs_no_news_word() -> None:
    assert _found("A port official told Reuters the strike would end.")[0] == "Reuters"


@pytest.mark.parametrize(
    "text",
    [
        # the article relays Reuters' report: Reuters is its source, not its outlet
        "Ferry crews stopped work, Reuters reported. An official told Reuters it would end.",
        "An official told Reuters the strike would end, according to Reuters.",
        # another outlet credited in the lead: a rewrite
        "According to the Tidewater Times, the ferries stopped. A clerk told Quay Courier so.",
        # no news word in the name
        "The harbour master told the Harbour Committee that the ferries would stay.",
        "The clerk told White House Press Secretary Ann Lo about the strike.",
        # an interview dated into the past
        "She told the Tidewater Times in 2019 that the pier was unsafe.",
        # two different interviewers
        "He told Quay Courier it was over. She told the Tidewater Times it was not.",
        # nothing said at all, and a credit in the middle of a paragraph
        "Ferry crews stopped work on Monday.",
        "Crews stopped work. Later (Reuters) - noted the strike.",
    ],
)
def test_no_inference_when_the_text_does_not_say_so_clearly(text: str) -> None:
    assert infer_outlet(text) is None


def test_another_outlet_credited_far_from_the_interview_does_not_block_it() -> None:
    text = (
        "Cranes at Port Vell stood still on Monday.\n"
        + "A docker said so in an interview with Quay Courier.\n"
        + "The strike began in May. " * 30
        + "The Tidewater Times reported last week that the ferries lost money."
    )
    assert _found(text)[:2] == ("Quay Courier", "told")


def test_only_the_opening_is_scanned() -> None:
    assert infer_outlet("Crews stopped work. " * 200 + "An official told Quay Courier.") is None


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seed corpus not present")
def test_seeds() -> None:
    """003 quotes an interview with its own outlet; 002 relays Reuters' report (it credits
    Reuters as reporting it), so Reuters is its source and nothing is inferred."""
    found = {p.name[:3]: infer_outlet(p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt")}
    assert {k: (f.name, f.how) for k, f in found.items() if f} == {
        "003": ("Fox News Digital", "told")
    }
