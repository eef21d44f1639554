"""The relation-strength reading, the prefiltered scans, and the newer attribution rules."""

from __future__ import annotations

import pytest

from storytrace.model import Span
from storytrace.read.attribution import CUE, find_attributions
from storytrace.read.certainty import HEDGE, find_cues
from storytrace.read.relation import Relation, relation_of
from storytrace.read.scan import Prefiltered
from storytrace.read.sheet import Certainty, SourceKind


@pytest.mark.parametrize(
    ("text", "expected", "cue"),
    [
        (
            "Night shifts were associated with poorer sleep.",
            Relation.CORRELATIONAL,
            "associated with",
        ),
        ("Ferry delays may be linked to the storm.", Relation.CORRELATIONAL, "linked to"),
        ("The new hull coating may reduce fuel use.", Relation.CONDITIONAL_CAUSAL, "may reduce"),
        ("The new hull coating reduces fuel use.", Relation.CAUSAL, "reduces"),
        ("We surveyed 400 harbour workers in 2021.", Relation.NONE, None),
    ],
)
def test_relation_levels(text: str, expected: Relation, cue: str | None) -> None:
    relation, found = relation_of(text)
    assert relation is expected
    assert (found.text if found else None) == cue


def test_prefiltered_equals_plain_scan() -> None:
    text = (
        "The barge reportedly sank. It could not be verified; officials were unable to "
        "confirm. The owner didn't respond to requests and declined to comment. Maybe "
        "it may sink. İstanbul officials suggested it was scheduled to leave."
    )
    for pattern, openers in ((HEDGE, "reportedly could were may suggest was"),):
        scan = Prefiltered(pattern, openers)
        assert scan.spans(text) == [m.span() for m in pattern.finditer(text)]
    cues = find_cues(text)
    assert cues[Certainty.NO_COMMENT] and cues[Certainty.HEDGED]
    assert CUE.search(text)


@pytest.mark.parametrize(
    ("text", "source", "kind"),
    [
        (
            "The port was closed on Friday, harbour officials said.",
            "harbour officials",
            SourceKind.ANONYMOUS,
        ),
        (
            "Petra Holm, speaking at a briefing in Turku, said the barge sank.",
            "Petra Holm",
            SourceKind.NAMED_PERSON,
        ),
        (
            "Ruben Falk, Director of Ports at the Authority, said the barge sank.",
            "Ruben Falk",
            SourceKind.NAMED_PERSON,
        ),
        (
            "The harbour master, Lena Rask, said the barge sank.",
            "Lena Rask",
            SourceKind.NAMED_PERSON,
        ),
        (
            "It was the third time Emil Berg said the crane had failed.",
            "Emil Berg",
            SourceKind.NAMED_PERSON,
        ),
        ("''The crane failed,'' said Mr. Lund.", "Mr. Lund", SourceKind.NAMED_PERSON),
    ],
)
def test_more_sources(text: str, source: str, kind: SourceKind) -> None:
    found = find_attributions(text, Span(0, len(text)))
    assert found, text
    assert found[0].source is not None and found[0].source.text == source
    assert found[0].kind is kind
