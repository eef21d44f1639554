"""Certainty levels of invented claims."""

from __future__ import annotations

import pytest

from storytrace.model import Span
from storytrace.read.attributions import find_attributions
from storytrace.read.certainty import classify
from storytrace.read.sheet import OWN_VOICE, Certainty


def certainty_of(text: str) -> tuple[Certainty, str | None]:
    span = Span(0, len(text))
    found = find_attributions(text, span)
    level, cue = classify(text, span, found[0] if found else OWN_VOICE)
    if cue is not None:
        assert cue.span.of(text) == cue.text
    return level, None if cue is None else cue.text


@pytest.mark.parametrize(
    ("text", "level", "cue"),
    [
        (
            "The Daily Ledger was unable to determine who owned the barge.",
            Certainty.HEDGED,
            "was unable to determine",
        ),
        (
            "The paper couldn't verify that the crew made the trip.",
            Certainty.HEDGED,
            "couldn't verify",
        ),
        (
            "Investigators could not establish when the fire started.",
            Certainty.HEDGED,
            "could not establish",
        ),
        (
            "The four engineers were booked to travel to Varna on June 2.",
            Certainty.HEDGED,
            "were booked to",
        ),
        ("The tanker reportedly carried 40,000 tonnes of grain.", Certainty.HEDGED, "reportedly"),
        ("The cargo is believed to be fertiliser.", Certainty.HEDGED, "believed"),
        ("The strike will likely spread to other ports.", Certainty.HEDGED, "likely"),
        ("Three of the engineers denied they had been to Varna.", Certainty.DENIED, "denied"),
        ("The port authority declined to comment.", Certainty.NO_COMMENT, "declined to comment"),
        (
            "The ministry didn't respond to a request for comment.",
            Certainty.NO_COMMENT,
            "didn't respond to a request for comment",
        ),
        (
            '"This is a dangerous gamble for the whole coast," said Petra Holm.',
            Certainty.QUOTED_OPINION,
            '"This is a dangerous gamble for the whole coast,"',
        ),
        ("The tanker carried 40,000 tonnes of grain in May.", Certainty.ASSERTED, None),
        ("Petra Holm confirmed the tanker left on Tuesday.", Certainty.ASSERTED, None),
        ("The owner claimed the cargo was insured.", Certainty.HEDGED, "claimed"),
    ],
)
def test_certainty(text: str, level: Certainty, cue: str | None) -> None:
    assert certainty_of(text) == (level, cue)


def test_month_may_is_not_a_hedge() -> None:
    assert certainty_of("The ferry sailed on May 3 with 200 passengers.")[0] is Certainty.ASSERTED
