"""Cues that name no speaker, reports nested in another, and cue words that are not cues
(invented sentences)."""

from __future__ import annotations

import pytest

from storytrace.model import Span
from storytrace.read import read_text
from storytrace.read.attributions import find_attributions
from storytrace.read.cue_model import features, lemma, quote_state
from storytrace.read.options import ReadOptions
from storytrace.read.sheet import Attribution, SourceKind


def _all(text: str, options: ReadOptions | None = None) -> list[Attribution]:
    found = find_attributions(text, Span(0, len(text)), options)
    for a in found:
        for m in (a.source, a.cue, a.content):
            assert m is None or m.span.of(text) == m.text
    return found


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The harbour master was accused of selling berths to the highest bidder.", "accused"),
        ("The new ferry line is expected to open in the spring.", "expected"),
        ("The two quay workers have been criticized for leaving the gate open.", "criticized"),
    ],
)
def test_an_agentless_passive_is_attributed_to_an_unnamed_source(text: str, cue: str) -> None:
    (a,) = _all(text)
    assert (a.kind, a.source, a.cue.text) == (SourceKind.UNNAMED, None, cue)
    assert a.content is not None and a.content.text in text


def test_turning_unnamed_sources_off_restores_the_outlets_voice() -> None:
    text = "The harbour master was accused of selling berths to the highest bidder."
    assert _all(text, ReadOptions(cue_without_source=False)) == []


@pytest.mark.parametrize(
    "text",
    [
        "Tomas Reyes was told the quay would reopen.",  # the listener, not the teller
        "The dockers' union hung up when asked about the toll.",
        "A second crate was found in the warehouse on Monday.",  # a place, not a report
        "The plan is being discussed by the board.",
        "These claims were false.",
    ],
)
def test_no_unnamed_source_for_listeners_places_processes_and_nouns(text: str) -> None:
    assert all(a.kind is not SourceKind.UNNAMED for a in _all(text))


def test_a_passive_with_an_agent_keeps_the_agent() -> None:
    (a,) = _all("The quay plan was criticized by the island council on Monday.")
    assert a.kind is SourceKind.ORGANISATION and a.source.text.startswith("the island council")


def test_an_unnamed_claim_is_reported_not_asserted() -> None:
    sheet = read_text("The harbour master was accused of selling berths to the highest bidder.")
    (claim,) = sheet.claims
    assert claim.attribution.kind is SourceKind.UNNAMED
    assert claim.attribution.to_dict()["source"] is None


@pytest.mark.parametrize(
    ("text", "outer"),
    [
        ("Mayor Lena Holm said she thinks the ferry will run again by May.", "Mayor Lena Holm"),
        ("The council aide says Holm promised to keep the quay open.", "The council aide"),
        ("Petra Lund said on Friday that she believes the toll is illegal.", "Petra Lund"),
    ],
)
def test_a_report_nested_right_after_a_cue_keeps_the_outer_source(text: str, outer: str) -> None:
    (a,) = _all(text)
    assert a.source.text == outer


def test_two_reports_in_one_sentence_both_stay() -> None:
    text = "Lena Holm said the quay was safe, and the harbour board said it was not."
    assert [a.source.text for a in _all(text)] == ["Lena Holm", "the harbour board"]


@pytest.mark.parametrize(
    "text",
    [
        "On The Harbour Morning Show on Tuesday, the crane stood idle.",
        "The so-called quay tax was dropped in June.",
    ],
)
def test_cue_words_in_names_and_compounds_are_not_cues(text: str) -> None:
    assert _all(text) == []


def test_a_title_case_headline_keeps_its_cue() -> None:
    (a,) = _all("Ferry Line Will Reopen, Harbour Chief Says.")
    assert a.cue.text == "Says"


def test_the_stem_joins_a_verbs_forms() -> None:
    assert {lemma(w) for w in ("planned", "plans", "planning", "plan")} == {"plan"}
    assert lemma("called") == "call" and lemma("denied") == "deny" == lemma("denies")


def test_features_see_the_words_slot_in_its_clause() -> None:
    text = "The port authority has vowed that the quay will reopen."
    vowed = Span(text.index("vowed"), text.index("vowed") + 5)
    names = set(features(text, Span(0, len(text)), vowed, quote_state(text, 0, 0), 0))
    assert {"l:vow", "form:ed", "pc:aux", "n1:that", "pc_form:aux_ed"} <= names
