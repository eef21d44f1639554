"""The reading stage on the real seed articles (read at run time, never copied)."""

from __future__ import annotations

from pathlib import Path

import pytest

from storytrace.read import Certainty, SourceKind, read_text

SEEDS = Path(__file__).resolve().parents[2] / "../shared/corpus/seeds"
ORIGINAL = "004_7801b6999f89b298.txt"

pytestmark = pytest.mark.skipif(
    not (SEEDS / ORIGINAL).is_file(), reason=f"seed corpus not found at {SEEDS.resolve()}"
)

#: name -> (age, rank, a word of the employer); None where the seed states nothing.
SPECIALISTS = {
    "Denis Kalko": (48, None, "Academy"),
    "Vadim Malov": (46, None, "military unit"),
    "Andrei Gusev": (45, "lieutenant-colonel", "Penza Artillery Engineering Institute"),
    "Alexander Antonov": (43, None, "Main Rocket and Artillery Directorate"),
    "Marat Khusainov": (54, "colonel", "Kapustin Yar"),
    "Sergei Yurchenko": (46, None, "Rocket and Artillery Directorate"),
    "Oleg Fedosov": (46, None, "Directorate of Advanced Inter-Service Research"),
}


def sheet_of(name: str):
    text = (SEEDS / name).read_text(encoding="utf-8")
    return text, read_text(text)


@pytest.fixture(scope="module")
def original():
    return sheet_of(ORIGINAL)


def test_seven_specialists(original) -> None:
    text, sheet = original
    for name, (age, rank, employer) in SPECIALISTS.items():
        person = sheet.person(name)
        assert person is not None, name
        assert person.age_years == age, name
        assert text[person.age.span.start : person.age.span.end] == str(age)
        assert person.rank == rank, name
        assert person.employer is not None and employer in person.employer.text, name


def test_evidence_types(original) -> None:
    _, sheet = original
    assert sheet.person("Denis Kalko").evidence.text == "tax records"
    assert sheet.person("Marat Khusainov").evidence.text == "bank data"
    assert "car registration records" in sheet.person("Alexander Antonov").evidence.text


def sources(sheet, kind: SourceKind) -> list[str]:
    return [c.attribution.source.text for c in sheet.claims if c.attribution.kind is kind]


def test_anonymous_officials_and_records(original) -> None:
    _, sheet = original
    anonymous = sources(sheet, SourceKind.ANONYMOUS)
    assert "A senior Iranian defense ministry official" in anonymous
    assert "A Western defense official" in anonymous
    documents = " | ".join(sources(sheet, SourceKind.DOCUMENT))
    for records in ("travel records", "tax records", "the records", "car ownership records"):
        assert records in documents
    assert any("booking" in d for d in sources(sheet, SourceKind.DOCUMENT))


def certainty_of(sheet, words: str) -> Certainty:
    matches = [c for c in sheet.claims if words in c.text]
    assert matches, words
    return matches[0].certainty


def test_hedges_and_denials(original) -> None:
    _, sheet = original
    assert certainty_of(sheet, "was unable to determine what the seven") is Certainty.HEDGED
    assert certainty_of(sheet, "couldn't establish") is Certainty.HEDGED
    assert certainty_of(sheet, "couldn't verify") is Certainty.HEDGED
    assert certainty_of(sheet, "were booked to travel") is Certainty.HEDGED
    assert certainty_of(sheet, "five of them denied") is Certainty.DENIED
    assert certainty_of(sheet, "declined to comment for this article") is Certainty.NO_COMMENT


def test_credits_in_the_rewrites() -> None:
    credits = {}
    for path in sorted(SEEDS.glob("00[0-3]_*.txt")):
        _, sheet = sheet_of(path.name)
        credits[path.name[:3]] = {
            (c.outlet, c.mention.text, c.cue.text.strip()) for c in sheet.credits
        }
    assert ("Reuters", "Reuters", "reported") in credits["002"]
    assert ("Reuters", "the report", "according to") in credits["002"]
    assert ("Bloomberg", "Bloomberg", "reported") in credits["002"]
    assert ("Bloomberg", "Bloomberg", "reported") in credits["003"]
    assert any(outlet == "Reuters" for outlet, _, _ in credits["000"] | credits["001"])


def test_every_span_resolves(original) -> None:
    text, sheet = original
    data = sheet.to_dict()
    assert data["schema"] == "storytrace.facts/1"
    for claim in data["claims"]:
        start, end = claim["span"]
        assert text[start:end] == claim["text"]
        for part in ("source", "cue", "content"):
            item = claim["attribution"][part]
            assert item is None or text[item["span"][0] : item["span"][1]] == item["text"]
