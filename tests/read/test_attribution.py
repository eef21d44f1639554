"""Attribution and credits on invented sentences."""

from __future__ import annotations

import pytest

from storytrace.model import Span
from storytrace.read import read_text
from storytrace.read.attribution import classify_source
from storytrace.read.attributions import find_attributions
from storytrace.read.credits import find_credits
from storytrace.read.sentences import split_sentences
from storytrace.read.sheet import SourceKind, Strength


def first(text: str):
    found = find_attributions(text, Span(0, len(text)))
    assert found, f"no attribution in {text!r}"
    a = found[0]
    for m in (a.source, a.cue, a.content):
        assert m is None or m.span.of(text) == m.text
    return a


@pytest.mark.parametrize(
    ("text", "kind", "source", "cue", "strength"),
    [
        (
            "Petra Holm, 44, a pilot at Norvik Air, said the engine failed twice.",
            SourceKind.NAMED_PERSON,
            "Petra Holm",
            "said",
            Strength.NEUTRAL,
        ),
        (
            "A senior harbour official, who requested anonymity, said the crane collapsed.",
            SourceKind.ANONYMOUS,
            "A senior harbour official",
            "said",
            Strength.NEUTRAL,
        ),
        (
            "The crane collapsed at noon, according to maintenance records seen by the paper.",
            SourceKind.DOCUMENT,
            "maintenance records",
            "according to",
            Strength.NEUTRAL,
        ),
        (
            "The cargo was insured, insurance filings for 2022 show.",
            SourceKind.DOCUMENT,
            "insurance filings for 2022",
            "show",
            Strength.NEUTRAL,
        ),
        (
            "The barge sank in ten minutes, Reuters reported on Friday.",
            SourceKind.OUTLET,
            "Reuters",
            "reported",
            Strength.NEUTRAL,
        ),
        (
            "Harbour pilot Jonas Brekke confirmed that the tug was late.",
            SourceKind.NAMED_PERSON,
            "Harbour pilot Jonas Brekke",
            "confirmed",
            Strength.STRONG,
        ),
        (
            "The owner claimed the hull had been inspected.",
            SourceKind.ANONYMOUS,
            "The owner",
            "claimed",
            Strength.DISTANCED,
        ),
        (
            "The port authority declined to comment.",
            SourceKind.ORGANISATION,
            "The port authority",
            "declined to comment",
            Strength.NO_STATEMENT,
        ),
        (
            '"The hull was sound," said Marta Ilves, an engineer at the yard.',
            SourceKind.NAMED_PERSON,
            "Marta Ilves",
            "said",
            Strength.NEUTRAL,
        ),
        (
            "A Nordic diplomat, also speaking anonymously, mentioned that talks had stalled.",
            SourceKind.ANONYMOUS,
            "A Nordic diplomat",
            "mentioned",
            Strength.NEUTRAL,
        ),
    ],
)
def test_attribution(
    text: str, kind: SourceKind, source: str, cue: str, strength: Strength
) -> None:
    a = first(text)
    assert (a.kind, a.source.text, a.cue.text, a.strength) == (kind, source, cue, strength)


def test_content_of_a_trailing_cue() -> None:
    a = first("The barge sank in ten minutes, Reuters reported on Friday.")
    assert a.content.text == "The barge sank in ten minutes"


def test_content_of_a_leading_cue() -> None:
    a = first("Petra Holm said that the engine failed twice.")
    assert a.content.text == "the engine failed twice"


@pytest.mark.parametrize(
    "text",
    [
        "The paper was unable to determine who owned the barge.",
        "The paper couldn't establish if the tug was late.",
        "These claims were false.",
        "The crew were said to have left early.",
    ],
)
def test_no_attribution(text: str) -> None:
    assert find_attributions(text, Span(0, len(text))) == []


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("tax records", SourceKind.DOCUMENT),
        ("a 2021 court filing", SourceKind.DOCUMENT),
        ("Bloomberg", SourceKind.OUTLET),
        ("the news agency", SourceKind.OUTLET),
        ("Ada Lund", SourceKind.NAMED_PERSON),
        ("ministry spokesman Ada Lund", SourceKind.NAMED_PERSON),
        ("a senior defense ministry official", SourceKind.ANONYMOUS),
        ("The Kremlin", SourceKind.ORGANISATION),
        ("she", SourceKind.NAMED_PERSON),
    ],
)
def test_classify_source(source: str, kind: SourceKind) -> None:
    assert classify_source(source) is kind


def test_credits() -> None:
    text = (
        "The barge sank on Friday, Reuters reported. The crew of six survived, according to "
        "the news agency. Bloomberg reported in May that the owner was in debt. A pilot told "
        "the Associated Press he saw smoke. According to the report, the hull was old."
    )
    credits = find_credits(text, split_sentences(text))
    assert [(c.outlet, c.mention.text, c.cue.text.strip()) for c in credits] == [
        ("Reuters", "Reuters", "reported"),
        ("Reuters", "the news agency", "according to"),
        ("Bloomberg", "Bloomberg", "reported"),
        ("Associated Press", "Associated Press", "told"),
        ("Associated Press", "the report", "According to"),
    ]
    for c in credits:
        assert c.mention.span.of(text) == c.mention.text
        assert [s.index for s in split_sentences(text)][c.sentence] == c.sentence


def test_a_place_that_speaks_is_an_institution_not_a_person() -> None:
    text = (
        "Ferry services across the strait were cut to two a day. Lisbon said the "
        "cuts were temporary. Maria Costa, a ferry captain, said she had heard nothing."
    )
    kinds = {
        c.attribution.source.text: c.attribution.kind
        for c in read_text(text).claims
        if c.attribution is not None and c.attribution.source is not None
    }
    assert kinds == {"Lisbon": SourceKind.ORGANISATION, "Maria Costa": SourceKind.NAMED_PERSON}
