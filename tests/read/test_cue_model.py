"""The learned cue tagger: the shipped weights, its features, and the cues it adds to the
rules' (invented sentences)."""

from __future__ import annotations

import json
import math

import pytest

from storytrace.model import Span
from storytrace.read import read_text
from storytrace.read.attributions import find_attributions
from storytrace.read.cue_model import WEIGHTS, CueModel, features, quote_state, shipped
from storytrace.read.options import ReadOptions

RULES_ONLY = ReadOptions(cue_model_threshold=None)


def _found(text: str, options: ReadOptions | None = None) -> list[tuple[str, str, str]]:
    out = []
    for a in find_attributions(text, Span(0, len(text)), options):
        for m in (a.source, a.cue, a.content):
            assert m is None or m.span.of(text) == m.text
        out.append((a.source.text, a.cue.text, a.content.text if a.content else ""))
    return out


def test_the_shipped_weights_say_where_they_come_from() -> None:
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    assert "PolNeAR train" in data["fitted_on"] and "test part never read" in data["fitted_on"]
    assert data["fitted_by"] == "bench/fit_attribution.py"
    tagger = shipped()
    assert len(tagger.vocabulary) > 100
    assert tagger.add.weights and tagger.keep.weights


def test_probability_is_the_logistic_of_the_summed_weights() -> None:
    model = CueModel(-1.0, {"w:spoke": 2.5, "cap": -0.5})
    assert model.probability(["w:spoke", "unseen"]) == pytest.approx(1 / (1 + math.exp(-1.5)))
    assert model.probability([]) == pytest.approx(1 / (1 + math.exp(1.0)))


def test_features_see_the_word_its_neighbours_and_quotation_marks() -> None:
    text = 'Ilse Varga spoke of "a harbour that never sleeps" on Friday.'
    sentence = Span(0, len(text))
    spoke = Span(text.index("spoke"), text.index("spoke") + 5)
    names = features(text, sentence, spoke, quote_state(text, 0, 0), 0)
    assert {"w:spoke", "p1:varga", "n1:of", "p1:capital", "quote_after"} <= set(names)
    assert "in_quote" not in names
    never = Span(text.index("never"), text.index("never") + 5)
    assert "in_quote" in features(text, sentence, never, quote_state(text, 0, 0), 0)


@pytest.mark.parametrize(
    ("text", "source", "cue"),
    [
        (
            "Mayor Lena Holm made clear on Tuesday that the harbour would stay closed.",
            "Mayor Lena Holm",
            "made",
        ),
        (
            "Councillor Tomas Reyes spoke out against the new toll on Monday.",
            "Councillor Tomas Reyes",
            "spoke",
        ),
        # "took aim": the first tagged word of the phrase is the cue
        ("Tomas Reyes took aim at the new toll on Monday.", "Tomas Reyes", "took"),
    ],
)
def test_the_tagger_adds_cues_the_rules_miss(text: str, source: str, cue: str) -> None:
    assert _found(text, RULES_ONLY) == []
    ((got_source, got_cue, content),) = _found(text)
    assert (got_source, got_cue) == (source, cue)
    assert content and content in text


def test_a_passive_tagger_cue_takes_its_agent_as_source() -> None:
    text = "The ferry plan was endorsed by the island council on Monday."
    ((source, cue, content),) = _found(text)
    assert cue == "endorsed" and source.startswith("the island council")
    assert content == "The ferry plan"


def test_a_negated_cue_is_not_added_the_source_vouches_for_nothing() -> None:
    assert _found("The port authority has not confirmed that the quay was closed.") == []


def test_no_tagger_cue_inside_a_sources_appositive_nor_for_phrasal_verbs() -> None:
    text = "A harbour official, who requested anonymity, said the quay was closed."
    assert _found(text) == [("A harbour official", "said", "the quay was closed")]
    assert _found("Hundreds of dockers showed up at the gate.") == []


def test_the_tagger_can_be_turned_off_and_the_claim_keeps_its_speaker() -> None:
    text = "Councillor Tomas Reyes spoke out against the new toll on Monday.\n"
    (claim,) = read_text(text).claims
    assert claim.attribution.source.text == "Councillor Tomas Reyes"
    (claim,) = read_text(text, options=RULES_ONLY).claims
    assert claim.attribution.source is None
