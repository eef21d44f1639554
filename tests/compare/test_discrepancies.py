"""Discrepancies: invented sentence pairs for each type, the demo story's truth, the seeds."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pytest

from storytrace.compare import TYPES, CompareOptions, Discrepancy, find_discrepancies
from storytrace.pipeline import read_paths

from . import demo_story, pair

# Demo truth types outside the list, mapped onto it: a quote from a new person is
# an unsupported addition.
TYPE_OF = {"added_quote": "unsupported_addition"}
SLOT_TYPES = {"number_changed", "date_changed", "entity_changed"}


def found_in(source: str, copy: str, **options) -> list[Discrepancy]:
    members, upstream = pair(source, copy)
    return find_discrepancies(members, upstream, CompareOptions(**options))


def types(found: list[Discrepancy]) -> set[str]:
    return {d.type for d in found}


# -- one invented pair per type ------------------------------------------------------------

PAIRS = [
    (
        "number_changed",
        "Officials said twelve workers were hurt at the Dorran chemical plant on Monday.",
        "Officials said fifteen workers were hurt at the Dorran chemical plant on Monday.",
    ),
    (
        "date_changed",
        "The Bexley water accord, which both councils signed in March 2023, caps river extraction.",
        "The Bexley water accord, which both councils signed in June 2021, caps river extraction.",
    ),
    (
        "hedge_dropped",
        "The transport minister was scheduled to visit the Harrow quarry on Friday.",
        "The transport minister visited the Harrow quarry on Friday.",
    ),
    (
        "hedge_dropped",
        "The Corran bridge was reportedly closed for two days after the storm.",
        "The Corran bridge was closed for two days after the storm.",
    ),
    (
        "attribution_strengthened",
        "A police spokesman said the driver had been drinking before the crash in Ulvik.",
        "A police spokesman confirmed the driver had been drinking before the crash in Ulvik.",
    ),
    (
        "attribution_dropped",
        "The Marrow council spent 4 million euros on the new bus depot, according to "
        "budget documents.",
        "The Marrow council spent 4 million euros on the new bus depot.",
    ),
    (
        "loaded_language",
        "The mayor met property developers at the Kell Hotel on Tuesday evening.",
        "The mayor held secretive talks with property developers at the Kell Hotel on "
        "Tuesday evening.",
    ),
    (
        "unsupported_addition",
        "Fumes from the Dorran plant drifted over the town of Pell on Monday.",
        "Fumes from the Dorran plant drifted over the town of Pell on Monday. Local "
        "resident Petra Vance said the fumes had sickened her two children.",
    ),
    (
        "added_background",
        "Fumes from the Dorran plant drifted over the town of Pell on Monday.",
        "Fumes from the Dorran plant drifted over the town of Pell on Monday. The plant "
        "was built in 1998 and expanded in 2009 to make solvents.",
    ),
    (
        "caveat_omitted",
        "A former guard said prisoners were kept in the basement of the Varn fort. The "
        "Ledger could not verify that account.",
        "A former guard said prisoners were kept in the basement of the Varn fort.",
    ),
    (
        "distorted",
        "Mayor Ilse Brandt denied meeting the developers at the Kell Hotel.",
        "Mayor Ilse Brandt met the developers at the Kell Hotel.",
    ),
]


@pytest.mark.parametrize(("kind", "source", "copy"), PAIRS, ids=[p[0] for p in PAIRS])
def test_each_type_on_an_invented_pair(kind: str, source: str, copy: str) -> None:
    found = found_in(source, copy)
    assert kind in types(found), [d.to_dict() for d in found]
    finding = next(d for d in found if d.type == kind)
    assert finding.text == copy[finding.span.start : finding.span.end]
    assert finding.explanation.endswith(".")


def test_entity_changed_when_a_person_gets_another_employer() -> None:
    found = found_in(
        "Mara Quell, 41, a senior inspector at the Torvane Safety Board, led the review of "
        "the Pell plant.",
        "Mara Quell, 41, a senior inspector with the Ostrander Water Authority, led the "
        "review of the Pell plant.",
    )
    assert "entity_changed" in types(found)


def test_entity_changed_when_a_statement_names_another_person() -> None:
    found = found_in(
        "The levee held through the night. Orla Vesk, the chief engineer of the Dunmore "
        "Water Board, said the pumps ran for eleven hours.",
        "The levee held through the night. Tamsin Rook, the chief engineer of the Dunmore "
        "Water Board, said the pumps ran for eleven hours.",
    )
    [renamed] = [d for d in found if d.type == "entity_changed"]
    assert renamed.text == "Tamsin Rook" and renamed.upstream_text == "Orla Vesk"
    assert "Tamsin Rook" in renamed.explanation and "Orla Vesk" in renamed.explanation


def test_a_person_named_in_both_is_no_rename() -> None:
    found = found_in(
        "Orla Vesk and Tamsin Rook inspected the levee. Orla Vesk said the pumps ran for "
        "eleven hours.",
        "Orla Vesk and Tamsin Rook inspected the levee. Tamsin Rook said the pumps ran for "
        "eleven hours.",
    )
    assert "entity_changed" not in types(found)


@pytest.mark.parametrize(
    ("source", "copy"),
    [
        (
            "The ferry sank 16 km off the coast of Pellin, the coastguard said.",
            "The ferry sank 10 miles off the coast of Pellin, the coastguard said.",
        ),
        (
            "The Bexley accord was signed on March 3 last year by both councils.",
            "The Bexley accord was signed on Mar. 3 of last year by both councils.",
        ),
        (
            "Officials said twelve workers were hurt at the Dorran chemical plant.",
            "Twelve workers were hurt at the Dorran chemical plant, officials said.",
        ),
    ],
    ids=["units", "date format", "paraphrase"],
)
def test_restatements_are_not_discrepancies(source: str, copy: str) -> None:
    assert not found_in(source, copy)


def test_a_word_the_source_uses_is_not_loaded() -> None:
    found = found_in(
        "Council members met in a secret session on the Kell Hotel sale.",
        "Council members held a secret session on the Kell Hotel sale.",
    )
    assert "loaded_language" not in types(found)


def test_records_serialise_with_spans() -> None:
    found = found_in(*PAIRS[0][1:])
    data = json.loads(json.dumps([d.to_dict() for d in found]))
    assert data[0]["span"] == [found[0].span.start, found[0].span.end]
    assert data[0]["severity"] in {"high", "medium", "low"}
    assert all(d.type in TYPES for d in found)


# -- the demo story ------------------------------------------------------------------------


@functools.cache
def demo_findings() -> list[Discrepancy]:
    members, upstream, _, _ = demo_story()
    return find_discrepancies(members, upstream)


def _where(file: str, text: str) -> tuple[str, int, int]:
    members, _, ids, _ = demo_story()
    clean = next(a.clean_text for a, _ in members if a.id == ids[file])
    start = clean.find(text)
    assert start >= 0, f"truth text not in clean text of {file}: {text!r}"
    return ids[file], start, start + len(text)


def _overlapping(article_id: str, start: int, end: int) -> list[Discrepancy]:
    return [
        d
        for d in demo_findings()
        if d.article == article_id and d.span.start < end and d.span.end > start
    ]


#: Truth discrepancies allowed to be missed: none at present (keep the list for regressions).
ALLOWED_MISSES: set[str] = set()
RECALL_FLOOR = 0.9


def test_demo_truth_discrepancies_are_found_with_their_type() -> None:
    truth = demo_story()[3]["discrepancies"]
    misses = []
    for item in truth:
        where = _where(item["file"], item["text"])
        wanted = TYPE_OF.get(item["type"], item["type"])
        if wanted not in {d.type for d in _overlapping(*where)}:
            misses.append(f"{item['file']} {wanted}: {item['text']}")
    recall = 1 - len(misses) / len(truth)
    assert recall >= RECALL_FLOOR, misses
    assert set(misses) <= ALLOWED_MISSES, misses


def test_demo_restatements_are_not_flagged() -> None:
    for item in demo_story()[3]["restatements"]:
        flagged = {d.type for d in _overlapping(*_where(item["file"], item["text"]))}
        assert not flagged & SLOT_TYPES, (item, flagged)


def test_demo_word_for_word_copy_has_no_findings() -> None:
    _, _, ids, _ = demo_story()
    careful = {ids["06_kesten_valley_herald.txt"], ids["02_riverbend_courier.txt"]}
    assert not [d.to_dict() for d in demo_findings() if d.article in careful]


def test_demo_findings_are_deterministic() -> None:
    members, upstream, _, _ = demo_story()
    again = find_discrepancies(members, upstream)
    assert [d.to_dict() for d in again] == [d.to_dict() for d in demo_findings()]


def test_demo_explanation_names_both_outlets_and_values() -> None:
    changed = next(d for d in demo_findings() if d.type == "number_changed")
    assert "TrendPulse Daily" in changed.explanation
    assert "Northline Wire" in changed.explanation
    assert "eleven" in changed.explanation and "Nine" in changed.explanation


# -- the real seeds (read from ../shared at run time) --------------------------------------

ORIGINAL = "004_"


@functools.cache
def seed_story(seeds: Path):
    """(members, file names by id, the original's id, upstream): every seed derived from
    the original 004."""
    items = [x for x in read_paths([str(seeds)]) if isinstance(x, tuple)]
    members = [
        (a, s) for a, s in items if not (Path(a.source).name.startswith(ORIGINAL) and a.part)
    ]
    names = {a.id: Path(a.source).name for a, _ in members}
    original = next(i for i, n in names.items() if n.startswith(ORIGINAL))
    upstream = {i: None if i == original else original for i in names}
    return members, names, original, upstream


@functools.cache
def seed_findings(seeds: Path) -> tuple[dict[str, str], list[Discrepancy]]:
    members, names, _, upstream = seed_story(seeds)
    return names, find_discrepancies(members, upstream)


def _seed(seeds_dir: Path, kind: str) -> list[Discrepancy]:
    return [d for d in seed_findings(seeds_dir)[1] if d.type == kind]


def test_seeds_changed_treaty_date(seeds_dir: Path) -> None:
    dates = _seed(seeds_dir, "date_changed")
    assert any("January 2024" in d.text and d.upstream_text == "January" for d in dates)


def test_seeds_dropped_hedges_about_the_trip(seeds_dir: Path) -> None:
    dropped = _seed(seeds_dir, "hedge_dropped")
    made = re.compile(r"\b(?:visited|arrived|travel+ed)\b")
    doubt = re.compile(r"booked to travel|unable to|couldn't")
    hits = [d for d in dropped if made.search(d.text) and doubt.search(d.upstream_text or "")]
    assert len({d.article for d in hits}) >= 2, [d.to_dict() for d in dropped]


def test_seeds_strengthened_attribution(seeds_dir: Path) -> None:
    stronger = _seed(seeds_dir, "attribution_strengthened")
    assert any(re.search(r"\bconfirmed\b", d.text) for d in stronger)
    assert any(re.search(r"\bcorroborated\b", d.text) for d in stronger)


def test_seeds_loaded_language(seeds_dir: Path) -> None:
    loaded = {d.text.lower() for d in _seed(seeds_dir, "loaded_language")}
    assert {"clandestine", "documented proof"} <= loaded, loaded


def test_seeds_distance_in_km_and_miles_is_not_flagged(seeds_dir: Path) -> None:
    numbers = _seed(seeds_dir, "number_changed")
    assert not [
        d for d in numbers if re.search(r"km|kilomet|mile", d.text + (d.upstream_text or ""))
    ]
    assert not numbers, [d.to_dict() for d in numbers]


def test_seeds_role_compares_by_head(seeds_dir: Path) -> None:
    roles = [d for d in _seed(seeds_dir, "entity_changed") if "deputy" in d.text]
    assert any(d.text == "deputy director" and d.upstream_text == "deputy head" for d in roles)
    ranks = [d for d in _seed(seeds_dir, "entity_changed") if "col" in d.text.lower()]
    assert not ranks, [d.to_dict() for d in ranks]  # Lt. Col. is a lieutenant-colonel


def test_seeds_explicit_strike_dates_are_not_high(seeds_dir: Path) -> None:
    """002's explicit strike dates agree with 004's month (April, proved 2024 by its text)
    or are finer than a month whose year 004 never proves (October): at most background."""
    names, found = seed_findings(seeds_dir)
    strikes = [d for d in found if "April 13, 2024" in d.text or "Oct. 1, 2024" in d.text]
    assert all(d.severity == "low" for d in strikes), [d.to_dict() for d in strikes]
    assert all(d.type == "added_background" for d in strikes)
    assert not [d for d in found if d.type == "date_changed" and names[d.article][:3] == "002"]


def test_seeds_planned_trip_stated_as_made_is_high(seeds_dir: Path) -> None:
    names, found = seed_findings(seeds_dir)
    made = [
        d
        for d in found
        if d.type == "hedge_dropped" and re.search(r"\barrived\b", d.text) and d.severity == "high"
    ]
    assert any(names[d.article].startswith("000") for d in made), [d.to_dict() for d in made]


def test_seeds_the_unverified_trip_caveat_is_behind_the_arrival(seeds_dir: Path) -> None:
    """000's "arrived" and 001's account of the travel drop the source's caveat that the
    April group's trip could not be verified: the finding cites it."""
    names, found = seed_findings(seeds_dir)
    behind = {
        names[d.article][:3]
        for d in found
        if d.type == "hedge_dropped"
        and d.severity == "high"
        and "cautions" in d.explanation
        and re.search(r"couldn't verify", d.explanation)
    }
    assert {"000", "001"} <= behind, behind


def test_seeds_a_caveat_about_one_official_stays_with_that_official(seeds_dir: Path) -> None:
    """The caveat that the Iranian official did not identify the sites is not tied to the
    Western official's account (shared words such as "anonymity" no longer tie them)."""
    names, found = seed_findings(seeds_dir)
    wrong = [
        d
        for d in found
        if d.type in ("caveat_omitted", "hedge_dropped")
        and "Western" in d.text
        and "identify" in (d.upstream_text or "")
    ]
    assert not wrong, [d.to_dict() for d in wrong]
    tied = [d for d in found if "identify" in (d.upstream_text or "")]
    assert tied and all("Western" not in d.text for d in tied)


def test_seeds_timeline_agrees_with_the_findings(seeds_dir: Path) -> None:
    from storytrace.compare.discrepancies import compare_story

    members, _, original, upstream = seed_story(seeds_dir)
    compared = compare_story(members, upstream)
    changed = [d for d in compared.discrepancies if d.type == "date_changed"]
    assert changed
    statements = [(e, s) for e in compared.timeline for s in e.statements]
    for d in changed:
        hits = [(e, s) for e, s in statements if s.article == d.article and d.id in s.findings]
        assert hits, d.to_dict()
        for e, s in hits:  # the disputed date is shown as written, and marked disputed
            assert e.to_dict()["disputed_by"] and s.year_from == "written"
    # the source's yearless "January" takes the year the findings gave it, not 000's
    january = [e for e, s in statements if s.article == original and s.text == "January"]
    assert january and all(not e.value.startswith("2024") for e in january)
    # ... and its bare "October" (of the strikes) keeps no year: nothing proves one
    october = [e for e, s in statements if s.article == original and s.text == "October"]
    assert october and all(e.value == "--10" for e in october)
    for _e, s in statements:  # every statement sits in the sentence that contains it
        assert s.text in s.sentence


def _distorted_in(seeds_dir: Path, prefix: str) -> list[Discrepancy]:
    names, found = seed_findings(seeds_dir)
    return [d for d in found if d.type == "distorted" and names[d.article].startswith(prefix)]


def test_seeds_state_flights_for_state_business_passports(seeds_dir: Path) -> None:
    moved = [d for d in _distorted_in(seeds_dir, "000") if "flights" in d.text]
    assert len(moved) == 1 and moved[0].severity == "medium", [d.to_dict() for d in moved]
    assert "passport" in (moved[0].upstream_text or "")


def test_seeds_denial_scope_narrowed(seeds_dir: Path) -> None:
    scoped = [d for d in _distorted_in(seeds_dir, "000") if "never" in d.text]
    assert len(scoped) == 1 and scoped[0].severity == "high"
    assert re.search(r"\bor both\b", scoped[0].upstream_text or "")


def test_seeds_treaty_recharacterised(seeds_dir: Path) -> None:
    [treaty] = _distorted_in(seeds_dir, "003")
    assert treaty.severity == "high" and "20-year" in treaty.text
    assert "20-year" in (treaty.upstream_text or "")


def test_seeds_no_other_distortions(seeds_dir: Path) -> None:
    """001 and 002 keep what the source says of the denials, passports and the pact."""
    assert not _distorted_in(seeds_dir, "001") and not _distorted_in(seeds_dir, "002")


@pytest.mark.parametrize(
    ("source", "copy"),
    [
        (
            "A conviction could bring the harbour master a fine of up to 215,000 euros.",
            "The harbour master faces a fine of as much as 430,000 euros if convicted.",
        ),
        (
            "Coordinator Ilse Marn said 10 residents spent the night in the Pell school hall.",
            "14 householders spent the night in the Pell school hall, said coordinator Ilse Marn.",
        ),
    ],
    ids=["amount by its unit", "the only count of one person's statement"],
)
def test_numbers_each_with_their_own_noun(source: str, copy: str) -> None:
    [changed] = [d for d in found_in(source, copy) if d.type == "number_changed"]
    assert changed.severity == "high"


def test_one_picked_out_is_not_a_count() -> None:
    found = found_in(
        "Reached by phone, four of the Pell guards denied they were at the depot, including "
        "Ilse Marn.",
        "One of the Pell guards, Ilse Marn, denied she was at the depot.",
    )
    assert "number_changed" not in types(found)


def test_a_reworded_statement_with_another_date_is_a_changed_date() -> None:
    """Too reworded to align, close enough to compare slots: its one date against the
    source claim's one date, not an addition."""
    found = found_in(
        "The Pell harbour inquiry was postponed until March 19.",
        "The inquiry into Pell harbour will sit again on March 22.",
    )
    [changed] = [d for d in found if d.type == "date_changed"]
    assert (changed.text, changed.upstream_text) == ("March 22", "March 19")
    assert "unsupported_addition" not in types(found)
