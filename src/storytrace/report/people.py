"""Who and what a story names, merged across its articles from their fact sheets
(``storytrace.facts/1``): people by name with each stated value and the articles that
state it, organisations, and quantities."""

from __future__ import annotations

from typing import Any

from rapidfuzz import fuzz

PERSON_FIELDS = ("age", "rank", "title", "role", "employer")
"""The attributes of a person the dossier compares across articles."""

SAME_WORDING = 85
"""Two wordings of an attribute (rapidfuzz token-set ratio, 0-100) at least this close
are one value ("the defense ministry's academy" / "the Russian Defense Ministry's
academy"); below it the articles disagree."""

SKIPPED_QUANTITIES = frozenset({"ordinal", "age"})
"""Quantity kinds the quantities table leaves out (ages are in the people table)."""

Sheets = dict[str, dict[str, Any]]
"""Fact sheets by article id, in the story's article order."""


def merge_people(sheets: Sheets, outlets: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """Every person named in the story, each attribute with its values, which articles
    give each value (with the span), and whether the articles disagree. Names that are
    ``outlets`` (a misread "Northline Wire said") are left out."""
    people: dict[str, dict[str, Any]] = {}
    for article_id, sheet in sheets.items():
        for person in sheet.get("people", []):
            if person["name"] in outlets:
                continue
            entry = people.setdefault(person["name"], _new_person(person["name"]))
            spans = [m["span"] for m in person["mentions"] + person.get("linked", [])]
            entry["mentions"].append({"article": article_id, "spans": sorted(spans)})
            for name in PERSON_FIELDS:
                value, span = _person_value(person, name)
                if value is not None:
                    _add_value(entry[name]["values"], value, article_id, span)
    result = []
    for entry in people.values():
        entry["articles"] = [m["article"] for m in entry["mentions"]]
        disagreements = []
        for name in PERSON_FIELDS:
            values = entry[name]["values"]
            entry[name]["disagree"] = len(values) > 1
            if entry[name]["disagree"]:
                disagreements.append(name)
        entry["disagreements"] = disagreements
        result.append(entry)
    result.sort(key=lambda p: (-len(p["articles"]), p["name"]))
    return result


def _new_person(name: str) -> dict[str, Any]:
    return {"name": name, "mentions": [], **{f: {"values": []} for f in PERSON_FIELDS}}


def _person_value(person: dict[str, Any], name: str) -> tuple[Any, list[int] | None]:
    if name == "age":
        mention = person.get("age_mention")
        return person.get("age"), mention["span"] if mention else None
    if name == "rank":
        mention = person.get("rank_mention")
        return person.get("rank"), mention["span"] if mention else None
    found = person.get(name)
    return (found["text"], found["span"]) if found else (None, None)


def _add_value(values: list[dict[str, Any]], value: Any, article: str, span: Any) -> None:
    for known in values:
        if _same(known["value"], value):
            if value not in known["wordings"]:
                known["wordings"].append(value)
            known["articles"].append(article)
            known["spans"].append({"article": article, "span": span})
            return
    values.append(
        {"value": value, "wordings": [value], "articles": [article],
         "spans": [{"article": article, "span": span}]}
    )  # fmt: skip


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) or isinstance(b, int | float):
        return bool(a == b)
    return _norm(a) == _norm(b) or fuzz.token_set_ratio(_norm(a), _norm(b)) >= SAME_WORDING


def _norm(value: Any) -> str:
    text = " ".join(str(value).lower().replace("’", "'").split())
    return text.removeprefix("the ")


def merge_organisations(sheets: Sheets) -> list[dict[str, Any]]:
    """Every organisation named, with its kind and the articles naming it."""
    orgs: dict[str, dict[str, Any]] = {}
    for article_id, sheet in sheets.items():
        for org in sheet.get("organisations", []):
            entry = orgs.setdefault(org["name"], {"name": org["name"], "kind": org["kind"]})
            entry.setdefault("mentions", []).append(
                {"article": article_id, "spans": [m["span"] for m in org["mentions"]]}
            )
    result = list(orgs.values())
    for entry in result:
        entry["articles"] = [m["article"] for m in entry["mentions"]]
    result.sort(key=lambda o: (-len(o["articles"]), o["name"]))
    return result


def merge_quantities(sheets: Sheets) -> list[dict[str, Any]]:
    """Quantities merged by kind and value (SI value where there is one): the wordings
    used and the articles stating each."""
    found: dict[tuple[Any, ...], dict[str, Any]] = {}
    for article_id, sheet in sheets.items():
        for q in sheet.get("quantities", []):
            if q["kind"] in SKIPPED_QUANTITIES or _lone_one(q):
                continue
            si = q["si_value"] if q.get("si_value") is not None else q["value"]
            key = (q["kind"], si, q.get("value_of"), q.get("si_unit") or q.get("currency"))
            entry = found.setdefault(
                key,
                {
                    "kind": q["kind"],
                    "value": q["value"],
                    "value_of": q.get("value_of"),
                    "unit": q.get("unit") or q.get("currency"),
                    "si_value": q.get("si_value"),
                    "si_unit": q.get("si_unit"),
                    "texts": [],
                    "statements": [],
                },
            )
            if q["text"] not in entry["texts"]:
                entry["texts"].append(q["text"])
            entry["statements"].append({"article": article_id, "span": q["span"]})
    result = list(found.values())
    for entry in result:
        entry["articles"] = sorted({s["article"] for s in entry["statements"]})
    result.sort(key=lambda q: (q["kind"], q["value"] if q["value"] is not None else 0))
    return result


def _lone_one(q: dict[str, Any]) -> bool:
    """A count of one ("one official said") is a figure of speech, not a quantity."""
    return q["kind"] == "count" and q["value"] == 1 and q.get("value_of") is None
