"""Newswire attribution forms: appositives, relative pronouns, speaker labels, passives
and cues inside quotations (invented sentences)."""

from __future__ import annotations

import pytest

from storytrace.model import Span
from storytrace.read import read_text
from storytrace.read.attributions import find_attributions
from storytrace.read.sheet import Attribution, SourceKind


def _all(text: str) -> list[Attribution]:
    found = find_attributions(text, Span(0, len(text)))
    for a in found:
        for m in (a.source, a.cue, a.content, a.antecedent):
            assert m is None or m.span.of(text) == m.text
    return found


def _one(text: str) -> Attribution:
    found = _all(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "source", "cue"),
    [
        (
            '"The quay is safe," Ilse Varga, who ran the port for a decade, told reporters.',
            "Ilse Varga",
            "told",
        ),
        (
            '"We warned them," Tomas Reyes, the harbour master, one of three on duty, said.',
            "Tomas Reyes",
            "said",
        ),
        (
            "Ilse Varga, in a statement released by her office on Friday, said the quay was safe.",
            "Ilse Varga",
            "said",
        ),
        ("Varga, meanwhile, told the board that the quay was safe.", "Varga", "told"),
        (
            "The two engineers, however, argue that the quay is sinking.",
            "The two engineers",
            "argue",
        ),
        ("Ilse Varga praised the crew for their speed.", "Ilse Varga", "praised"),
        ("Tomas Reyes is telling dockers the strike is over.", "Tomas Reyes", "telling"),
        (
            "On Monday, Tomas Reyes backed down, saying the strike was over.",
            "Tomas Reyes",
            "saying",
        ),
        (
            "The port stayed shut, though most dockers said the strike was over.",
            "most dockers",
            "said",
        ),
        ("The gate was locked all night, harbour police said.", "harbour police", "said"),
        ('"The quay held," Ilse Varga said as she left the meeting.', "Ilse Varga", "said"),
        ("Tomas Reyes said as much to the board on Monday.", "Tomas Reyes", "said"),
        ('“The quay held," Ilse Varga said on Friday.', "Ilse Varga", "said"),
        ('"The quay held," said harbour pilot Ilse Varga.', "harbour pilot Ilse Varga", "said"),
        ("Tomas Reyes, of Bergen, Ore., said the quay held.", "Tomas Reyes", "said"),
        ('"It held," Tomas B. Reyes Jr., a pilot at the port, said.', "Tomas B. Reyes Jr", "said"),
        (
            "Harbour master Ilse Varga, at a briefing on Friday, said the quay held.",
            "Harbour master Ilse Varga",
            "said",
        ),
        ("Norland, Vesta's only ally, said the quay held.", "Norland", "said"),
        ("It was what the engineers said was a safe quay.", "the engineers", "said"),
    ],
)
def test_source_before_the_cue(text: str, source: str, cue: str) -> None:
    a = _one(text)
    assert (a.source.text, a.cue.text) == (source, cue)


def test_a_relative_pronoun_is_the_source_and_its_noun_the_antecedent() -> None:
    a = _one("The union backed Tomas Reyes, who told dockers the strike was over.")
    assert (a.source.text, a.cue.text) == ("who", "told")
    assert a.antecedent is not None and a.antecedent.text == "Tomas Reyes"
    assert a.kind is SourceKind.NAMED_PERSON
    assert a.speaker.text == "Tomas Reyes"


def test_a_relative_pronoun_past_a_time_phrase() -> None:
    a = _one("The port hired Ilse Varga, who in 2019 said the quay was safe.")
    assert (a.source.text, a.cue.text, a.antecedent.text) == ("who", "said", "Ilse Varga")


def test_a_preposition_after_an_inverted_cue_is_no_source() -> None:
    assert all(a.source.text != "on Radio Vesta" for a in _all('"It held," said on Radio Vesta.'))


def test_the_relative_speaker_survives_reading() -> None:
    text = "The union backed Tomas Reyes, who told dockers the strike was over."
    (claim,) = [c for c in read_text(text).claims if c.attribution.cue is not None]
    assert claim.attribution.speaker.text == "Tomas Reyes"


def test_a_transcript_label_is_a_source() -> None:
    text = "REYES: The strike is over and the quay reopens tomorrow."
    a = _one(text)
    assert (a.source.text, a.cue.text) == ("REYES", ":")
    assert a.content.text == "The strike is over and the quay reopens tomorrow"


@pytest.mark.parametrize(
    "text", ["UPDATE: The quay reopened at noon.", "Reyes: 1,204 votes, all counted."]
)
def test_section_labels_and_scores_are_not_sources(text: str) -> None:
    assert _all(text) == []


def test_a_dash_sign_off_names_the_speaker_of_the_quote_before_it() -> None:
    text = "“The quay was never safe for the night shift.” ― Ilse Varga"
    a = _one(text)
    assert (a.source.text, a.cue.text) == ("Ilse Varga", "―")
    assert a.content.text == "The quay was never safe for the night shift"


@pytest.mark.parametrize(
    "text",
    [
        "Tomas Reyes was told the quay would reopen.",
        "The plan is being discussed by the board.",
        "Hundreds of dockers showed up at the gate.",
        "Tomas Reyes was known as a strict harbour master.",
    ],
)
def test_passive_and_phrasal_verbs_are_not_cues(text: str) -> None:
    assert _all(text) == []


def test_a_cue_inside_a_quotation_belongs_to_the_quoted_speaker() -> None:
    text = '"I think the quay is safe and they said so too," Ilse Varga said.'
    (a,) = _all(text)
    assert (a.source.text, a.cue.text) == ("Ilse Varga", "said")


def test_a_participle_cue_shares_the_source_of_the_cue_before_it() -> None:
    found = _all('"The quay is safe," Ilse Varga said, adding that the cranes were not.')
    assert [(a.source.text, a.cue.text) for a in found] == [
        ("Ilse Varga", "said"),
        ("Ilse Varga", "adding"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "On a day rich in rain, under a sky that seemed grey, the pilots met.",
        '"The quay held," harbour master Ilse Varga, R-Ore., said Tuesday.',
    ],
)
def test_an_adverbial_phrase_is_never_a_source(text: str) -> None:
    sources = [a.source.text for a in _all(text) if a.source is not None]
    assert not any(s.split()[0] in ("On", "Tuesday") for s in sources), sources


def test_a_leading_conjunction_is_not_part_of_the_source() -> None:
    a = _one("After the dockers insisted that the quay was unsafe, the port shut.")
    assert (a.source.text, a.cue.text) == ("the dockers", "insisted")


def test_a_passive_cue_is_attributed_to_its_agent() -> None:
    a = _one("The port plan has been endorsed by the harbour pilots' union.")
    assert (a.source.text, a.cue.text, a.content.text) == (
        "the harbour pilots' union",
        "endorsed",
        "The port plan",
    )
