"""``FactSheet.from_dict`` reads back what ``FactSheet.to_dict`` wrote (``storytrace.facts/1``)."""

from __future__ import annotations

import dataclasses
import datetime
import json

import pytest

from storytrace import demo
from storytrace.clean import clean
from storytrace.ingest import iter_documents
from storytrace.read import read_text
from storytrace.read.sheet import Certainty, FactSheet, SourceKind, Strength

PUBLISHED = datetime.date(2025, 9, 18)

INVENTED = [
    # hedge, anonymous source
    "Officials may have underestimated the damage, according to a senior official who spoke "
    "on condition of anonymity.",
    # denial, no comment
    "The ministry denied that any soldiers had crossed the border. A spokesman declined to "
    "comment on the reports.",
    # credit to an outlet, money, relative dates
    "Reuters reported on Tuesday that the talks had stalled. The company reportedly lost $2bn "
    "last year.",
    # age, employer, measures
    "John Harlow, 46, a former engineer at Northline Power, said the dam was 15 km long and "
    "held 40 million cubic metres of water.",
    # rank, relative dates, percent, temperatures, two paragraphs
    "Col. Maria Vance told reporters yesterday that three years ago the unit had lost 12 percent "
    "of its vehicles.\n\nThe survey found that the temperature reached 38°C last week, up from "
    "31 degrees Celsius in early March.",
    # distanced verb, range, ratio, two spaces between sentences
    "Critics claimed the bridge, which is 9 miles long, would take between 10 and 15 years to "
    "build.  Six of the seven judges agreed.",
    # heading, organisation as source, credit to a news agency
    "Breaking news headline\n\nThe Kremlin said on Friday that it had confirmed the deal, "
    "according to the Interfax news agency.",
]


def _demo_texts() -> list[tuple[str, str]]:
    texts = []
    for doc in iter_documents([str(demo.CORPUS_DIR)]):
        for article in clean(doc):
            texts.append((f"{article.source}:{article.part}", article.clean_text))
    return texts


DEMO = _demo_texts()


def _same_types(a: object, b: object, where: str = "sheet") -> None:
    """``a`` and ``b`` have the same types all the way down: enums stay enums (a StrEnum
    equals its string, so ``==`` alone would not notice), tuples stay tuples."""
    assert type(a) is type(b), f"{where}: {type(a).__name__} != {type(b).__name__}"
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        for f in dataclasses.fields(a):
            _same_types(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    elif isinstance(a, tuple | list):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same_types(x, y, f"{where}[{i}]")


def _assert_round_trip(sheet: FactSheet) -> None:
    data = sheet.to_dict()
    back = FactSheet.from_dict(data, sheet.text)
    assert back == sheet
    _same_types(back, sheet)
    via_json = FactSheet.from_dict(json.loads(json.dumps(data)), sheet.text)
    assert via_json == sheet
    _same_types(via_json, sheet)
    assert via_json.to_dict() == data


@pytest.mark.parametrize("published", [None, PUBLISHED], ids=["no-date", "dated"])
@pytest.mark.parametrize(("name", "text"), DEMO, ids=[name for name, _ in DEMO])
def test_demo_corpus_round_trips(name: str, text: str, published) -> None:
    _assert_round_trip(read_text(text, published))


@pytest.mark.parametrize("published", [None, PUBLISHED], ids=["no-date", "dated"])
@pytest.mark.parametrize("text", INVENTED)
def test_invented_texts_round_trip(text: str, published) -> None:
    _assert_round_trip(read_text(text, published))


def test_invented_texts_cover_what_they_should() -> None:
    sheets = [read_text(t, PUBLISHED) for t in INVENTED]
    claims = [c for s in sheets for c in s.claims]
    assert {Certainty.HEDGED, Certainty.DENIED, Certainty.NO_COMMENT} <= {
        c.certainty for c in claims
    }
    assert SourceKind.ANONYMOUS in {c.attribution.kind for c in claims}
    assert any(s.credits for s in sheets)
    assert any(p.age is not None for s in sheets for p in s.people)
    quantities = [q for s in sheets for q in s.quantities]
    assert any(q.unit and q.si_value is not None for q in quantities)
    assert any(q.currency for q in quantities)
    assert {"range", "ratio", "age", "percent"} <= {q.kind for q in quantities}
    assert any(d.is_relative and d.value for s in sheets for d in s.dates)
    assert any(s.sentences[0].heading for s in sheets)


def test_the_text_is_checked() -> None:
    text = "The dam failed.\tOfficials said 12 people were hurt."
    sheet = read_text(text, PUBLISHED)
    data = sheet.to_dict()
    assert FactSheet.from_dict(data, text) == sheet
    with pytest.raises(ValueError, match="not the text"):
        FactSheet.from_dict(data, text.replace("dam", "pier"))
    with pytest.raises(ValueError, match="not the text"):
        FactSheet.from_dict(data, text + " More.")


@pytest.mark.parametrize("schema", ["storytrace.facts/2", None, ""])
def test_other_schema_is_refused(schema) -> None:
    data = read_text("The dam failed on Tuesday.").to_dict()
    if schema is None:
        del data["schema"]
    else:
        data["schema"] = schema
    with pytest.raises(ValueError, match=r"storytrace\.facts/1"):
        FactSheet.from_dict(data, "The dam failed on Tuesday.")


def test_enum_values_come_back_as_enums() -> None:
    sheet = FactSheet.from_dict(read_text(INVENTED[1]).to_dict(), INVENTED[1])
    for claim in sheet.claims:
        assert isinstance(claim.certainty, Certainty)
        assert isinstance(claim.attribution.kind, SourceKind)
        assert isinstance(claim.attribution.strength, Strength)
