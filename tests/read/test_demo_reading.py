"""The reading stage on the bundled demo corpus, against demo/truth.json."""

from __future__ import annotations

from pathlib import Path

import pytest

from storytrace import demo
from storytrace.ingest import load_sidecar
from storytrace.pipeline import read_paths
from storytrace.read.numbers import same_quantity

TRUTH = demo.truth()


@pytest.fixture(scope="module")
def sheets():
    found = {}
    for article, sheet in read_paths(
        [str(demo.CORPUS_DIR)], sidecar=load_sidecar(str(demo.META_FILE))
    ):
        if article.part == 0:
            found[Path(article.source.split("#")[0]).name] = sheet
    return found


def _claim_at(sheet, text: str):
    start = sheet.text.find(text)
    assert start >= 0, text
    for claim in sheet.claims:
        if claim.span.start <= start < claim.span.end or start <= claim.span.start < start + len(
            text
        ):
            return claim
    return None


def _share(items, ok) -> tuple[float, list]:
    misses = [item for item in items if not ok(item)]
    return 1 - len(misses) / len(items), misses


def test_people_with_age_title_and_employer(sheets) -> None:
    for truth in TRUTH["people"]:
        person = sheets[truth["mentioned_in"][0]].person(truth["name"])
        assert person is not None, truth["name"]
        assert person.age_years == truth.get("age"), truth["name"]

    def described(truth) -> bool:
        person = sheets[truth["mentioned_in"][0]].person(truth["name"]).to_dict()
        said = " ".join(
            (person[k] or {}).get("text", "") for k in ("title", "role", "employer")
        ) + (person["rank"] or "")
        return truth["rank_or_title"].lower() in said.lower()

    reported = [p for p in TRUTH["people"] if "byline" not in p["rank_or_title"]]
    share, misses = _share(reported, described)
    assert share >= 0.85, misses

    def employed(truth) -> bool:
        person = sheets[truth["mentioned_in"][0]].person(truth["name"]).to_dict()
        return bool(person["employer"]) and person["employer"]["text"].lower() in (
            "the " + truth["employer"].lower(), truth["employer"].lower(), "the inspectorate",
            "the inspectorate's kesten regional office",
        )  # fmt: skip

    share, misses = _share(TRUTH["people"], employed)
    assert share >= 0.7, misses


def test_dates_resolve_against_the_publication_date(sheets) -> None:
    known = {n for n, f in TRUTH["files"].items() if f["published_in_meta"]}
    dates = [d for d in TRUTH["dates"] if d["file"] in known]

    def resolved(truth) -> bool:
        sheet = sheets[truth["file"]]
        at = sheet.text.find(truth["context"])
        return any(
            at <= d.span.start < at + len(truth["context"]) and d.value == truth["resolved"]
            for d in sheet.dates
        )

    share, misses = _share(dates, resolved)
    assert share >= 0.9, misses


def test_dates_without_a_publication_date_stay_unresolved(sheets) -> None:
    blog = sheets["04_sorne_watch_blog.txt"]
    days = [d for d in blog.dates if d.precision == "day"]
    assert days and all(d.value.startswith("--") for d in days)


def test_distance_in_km_and_in_miles_is_one_quantity(sheets) -> None:
    def distance(name: str):
        return next(q for q in sheets[name].quantities if q.kind == "measure" and q.si_unit == "m")

    km, miles = distance("01_northline_wire.txt"), distance("02_riverbend_courier.txt")
    assert (km.text, miles.text) == ("32 km", "20 miles")
    assert same_quantity(km, miles)


def test_hedges_and_denials(sheets) -> None:
    hedged = TRUTH["hedged_sentences"]
    share, misses = _share(
        hedged, lambda h: _claim_at(sheets[h["file"]], h["text"]).certainty == "hedged"
    )
    assert share >= 0.8, misses
    denials = [
        d for d in TRUTH["denials"] if d["kind"] in ("denial", "declined_to_comment", "hung_up")
    ]
    share, misses = _share(
        denials,
        lambda d: _claim_at(sheets[d["file"]], d["text"]).certainty in ("denied", "no_comment"),
    )
    assert share >= 0.75, misses


def test_anonymous_sources_and_records(sheets) -> None:
    anonymous = TRUTH["anonymous_sources"]
    share, misses = _share(
        anonymous, lambda a: _claim_at(sheets[a["file"]], a["text"]).attribution.kind == "anonymous"
    )
    assert share >= 0.75, misses
    records = [r for r in TRUTH["record_sources"] if r["kind"] != "statement"]
    share, misses = _share(
        records, lambda r: _claim_at(sheets[r["file"]], r["text"]).attribution.kind == "document"
    )
    assert share >= 0.85, misses


def test_credits_to_the_original_outlet(sheets) -> None:
    for name, truth in TRUTH["files"].items():
        credited = {c.outlet for c in sheets[name].credits}
        for outlet in truth["credits"]:
            assert outlet in credited, (name, outlet, credited)
