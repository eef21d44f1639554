"""The relation-strength reading, the prefiltered scans, and the newer attribution rules."""

from __future__ import annotations

import pytest

from storytrace.model import Span
from storytrace.read.attribution import CUE
from storytrace.read.attributions import find_attributions
from storytrace.read.certainty import HEDGE, find_cues
from storytrace.read.relation import (
    CUE_GROUPS,
    Relation,
    RelationModel,
    features,
    relation_of,
    relation_rule,
    shipped_model,
)
from storytrace.read.scan import Prefiltered
from storytrace.read.sheet import Certainty, SourceKind

ASSOCIATED = "Night shifts were associated with poorer sleep."
MAY_REDUCE = "The new hull coating may reduce fuel use."
R, M = relation_rule, relation_of


@pytest.mark.parametrize(
    ("read", "text", "expected", "cue"),
    [
        (R, ASSOCIATED, Relation.CORRELATIONAL, "associated with"),
        (R, "Ferry delays may be linked to the storm.", Relation.CORRELATIONAL, "linked to"),
        (R, MAY_REDUCE, Relation.CONDITIONAL_CAUSAL, "may reduce"),
        (R, "The new hull coating reduces fuel use.", Relation.CAUSAL, "reduces"),
        (R, "We surveyed 400 harbour workers in 2021.", Relation.NONE, None),
        # the learned layer (relation_of) on the same levels; its evidence is one cue
        (M, ASSOCIATED, Relation.CORRELATIONAL, "associated with"),
        (M, MAY_REDUCE, Relation.CONDITIONAL_CAUSAL, "may"),
        (M, "Drinking tea lowers blood pressure in older sailors.", Relation.CAUSAL, "lowers"),
        (M, "Further studies are needed to confirm these results.", Relation.NONE, None),
    ],
)
def test_relation_levels(read, text: str, expected: Relation, cue: str | None) -> None:  # noqa: ANN001
    relation, found = read(text)
    assert relation is expected
    assert (found.text if found else None) == cue


def test_relation_model_reads_only_the_claim_span() -> None:
    text = "Harbour fees rose in 2021. Salt spray may damage the new hull coating."
    span = Span(27, len(text))
    relation, found = relation_of(text, span)
    assert relation is Relation.CONDITIONAL_CAUSAL
    assert found is not None and span.start <= found.span.start < found.span.end <= span.end
    assert all(span.start <= a < b <= span.end for a, b in features(text, span).values())


def test_shipped_weights_cover_the_feature_families() -> None:
    model = shipped_model()
    assert len(model.intercepts) == len(Relation)
    assert all(len(w) == len(Relation) for w in model.weights.values())
    used = {name.split(":", 1)[0] for name in model.weights}
    assert {"cue", "rule", "w", "b"} <= used
    assert sum(f"cue:{name}" in model.weights for name in CUE_GROUPS) >= len(CUE_GROUPS) // 2


def test_relation_model_scores_are_the_sum_of_weights() -> None:
    model = RelationModel((0.0, 0.0, 0.0, 0.0), {"w:lowers": (0.0, 0.0, 0.0, 2.0)})
    assert model.decide("Tea lowers it.")[0] is Relation.CAUSAL
    assert model.decide("Tea is tea.") == (Relation.NONE, None)


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
