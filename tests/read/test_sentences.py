"""Sentence segmentation and clause units on invented text."""

from __future__ import annotations

import pytest

from storytrace.model import Span
from storytrace.read.sentences import split_clauses, split_sentences


def texts(text: str) -> list[str]:
    return [s.span.of(text) for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Lt. Col. Mara Vinter, 51, led the drill. She left in Oct. 2023 for Oslo.",
            ["Lt. Col. Mara Vinter, 51, led the drill.", "She left in Oct. 2023 for Oslo."],
        ),
        (
            "The ferry reached the U.S. coast at dawn. The U.S. The crew slept.",
            ["The ferry reached the U.S. coast at dawn.", "The U.S.", "The crew slept."],
        ),
        (
            "Dr. Ines Kalt met Gen. Rowe at 9 a.m. on Monday. Nobody else came.",
            ["Dr. Ines Kalt met Gen. Rowe at 9 a.m. on Monday.", "Nobody else came."],
        ),
        (
            '"We saw the boats," the harbour master said. "Then they left." It rained.',
            ['"We saw the boats," the harbour master said.', '"Then they left."', "It rained."],
        ),
        (
            "Tolgrad Mining Inc. said output fell. Shares of Brask Corp. rose 3.5 percent.",
            ["Tolgrad Mining Inc. said output fell.", "Shares of Brask Corp. rose 3.5 percent."],
        ),
        (
            "- Three barges sank.\n- Two crews were rescued.\nHarbour Alert\nThe port shut.",
            [
                "- Three barges sank.",
                "- Two crews were rescued.",
                "Harbour Alert",
                "The port shut.",
            ],
        ),
        (
            "Was it sabotage? Investigators said no! The inquiry goes on.",
            ["Was it sabotage?", "Investigators said no!", "The inquiry goes on."],
        ),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_headings_and_paragraphs() -> None:
    text = "Harbour Alert\n\nThe port shut. Boats waited.\nA second line."
    sentences = split_sentences(text)
    assert [s.heading for s in sentences] == [True, False, False, False]
    assert [s.paragraph for s in sentences] == [0, 1, 1, 2]
    assert [s.index for s in sentences] == [0, 1, 2, 3]


@pytest.mark.parametrize(
    ("sentence", "clauses"),
    [
        (
            "The clerk called them all: two denied it, while one declined to comment.",
            ["The clerk called them all", "two denied it", "one declined to comment."],
        ),
        (
            "The mill closed; forty workers lost jobs.",
            ["The mill closed", "forty workers lost jobs."],
        ),
        ("The mill closed in May after a fire.", ["The mill closed in May after a fire."]),
        ("It rained; so?", ["It rained; so?"]),
    ],
)
def test_split_clauses(sentence: str, clauses: list[str]) -> None:
    spans = split_clauses(sentence, Span(0, len(sentence)))
    assert [s.of(sentence) for s in spans] == clauses
