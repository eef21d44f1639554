"""Speakers of "he said", "the official said" and of quotes running over several sentences."""

from __future__ import annotations

from storytrace.read import read_text
from storytrace.read.sheet import Attribution


def _claims(text: str):
    return [(c.text, c.attribution) for c in read_text(text).claims]


def _speaker(a: Attribution) -> str | None:
    return a.speaker.text if a.speaker else None


def test_a_pronoun_is_linked_to_the_person_named_before_it():
    text = (
        "Petra Holm, 44, a harbour pilot in Varna, said the crane fell on Monday. "
        "She said the arm had been failing for weeks."
    )
    (_, first), (_, second) = _claims(text)
    assert second.source.text == "She"
    assert second.antecedent is not None and second.antecedent.text == "Petra Holm"
    assert text[second.antecedent.span.start : second.antecedent.span.end] == "Petra Holm"
    assert first.antecedent is None  # a name needs no antecedent


def test_the_official_is_linked_to_the_earlier_description():
    text = (
        "A senior port official, who asked not to be named, said inspections were late. "
        "The official said repairs would start in May."
    )
    second = _claims(text)[-1][1]
    assert second.source.text == "The official"
    assert second.antecedent.text == "A senior port official"


def test_no_antecedent_when_nothing_fits():
    ((_, only),) = _claims("He said the bridge would reopen on Friday.")
    assert only.source.text == "He" and only.antecedent is None


def test_a_quote_over_three_sentences_keeps_its_speaker():
    text = (
        "“The arm was rusted through. Everyone on the quay could see it. "
        "We reported it twice,” said Viktor Brandt, a crane operator."
    )
    speakers = {_speaker(a) for _, a in _claims(text)}
    assert speakers == {"Viktor Brandt"}


def test_a_participle_cue_takes_the_subject_of_the_sentence():
    ((_, a),) = _claims("Mara Tomas waved the report away, saying the figures were years old.")
    assert a.source.text == "Mara Tomas" and a.cue.text == "saying"


def test_the_antecedent_survives_the_round_trip():
    text = "Petra Holm, 44, a harbour pilot, said the crane fell. She said it was old."
    a = _claims(text)[-1][1]
    assert Attribution.from_dict(a.to_dict()) == a
