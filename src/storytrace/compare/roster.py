"""Who and how much a story names, merged across its articles by the rules the findings
use: two values of a person's detail are one when no finding would call them a change
(an age by its years, a rank by its normal form, a role by its head noun, an employer by
its words), and two quantities are one when ``same_number`` holds at the findings'
tolerance. The analysis stores the result; the report only renders it."""

from __future__ import annotations

from typing import Any

from storytrace.compare.claims import Members, comparable, number_fields, same_number
from storytrace.compare.people import different_words, norm_rank, role_changed
from storytrace.read.numbers import Quantity
from storytrace.read.sheet import Mention, Person

PERSON_FIELDS = ("age", "rank", "title", "role", "employer")
SKIPPED_QUANTITIES = frozenset({"ordinal", "age"})
"""Quantity kinds the merged list leaves out (ages are a person's detail)."""


def story_people(members: Members) -> list[dict[str, Any]]:
    """Every person named in the story, each detail with its values, which articles give
    each value (with the span), and whether the articles disagree. Names that are the
    articles' outlets (a misread "Northline Wire said") are left out."""
    outlets = {a.metadata.outlet for a, _ in members if a.metadata.outlet}
    people: dict[str, dict[str, Any]] = {}
    for article, sheet in members:
        for person in sheet.people:
            if person.name in outlets:
                continue
            entry = people.setdefault(person.name, _new_person(person.name))
            spans = sorted([m.span.start, m.span.end] for m in (*person.mentions, *person.linked))
            entry["mentions"].append({"article": article.id, "spans": spans})
            for field in PERSON_FIELDS:
                value, mention = _detail(person, field)
                if value is not None:
                    _add(entry[field]["values"], field, value, article.id, mention)
    for entry in people.values():
        entry["articles"] = [m["article"] for m in entry["mentions"]]
        for field in PERSON_FIELDS:
            entry[field]["disagree"] = len(entry[field]["values"]) > 1
        entry["disagreements"] = [f for f in PERSON_FIELDS if entry[f]["disagree"]]
    return sorted(people.values(), key=lambda p: (-len(p["articles"]), p["name"]))


def _new_person(name: str) -> dict[str, Any]:
    return {"name": name, "mentions": [], **{f: {"values": []} for f in PERSON_FIELDS}}


def _detail(person: Person, field: str) -> tuple[Any, Mention | None]:
    if field == "age":
        return person.age_years, person.age
    if field == "rank":
        return person.rank, person.rank_mention
    found = getattr(person, field)
    return (found.text, found) if found is not None else (None, None)


def same_detail(field: str, a: Any, b: Any) -> bool:
    """Whether two values of a person's detail are one, as the findings judge them."""
    if field == "age":
        return bool(a == b)
    if field == "rank":
        return norm_rank(str(a)) == norm_rank(str(b))
    if field in ("role", "title"):
        return not role_changed(str(a), str(b))
    return not different_words(str(a), str(b)) or str(a).lower() == str(b).lower()


def _add(values: list[dict[str, Any]], field: str, value: Any, article: str, m) -> None:
    span = [m.span.start, m.span.end] if m is not None else None
    for known in values:
        if same_detail(field, known["value"], value):
            if value not in known["wordings"]:
                known["wordings"].append(value)
            known["articles"].append(article)
            known["spans"].append({"article": article, "span": span})
            return
    values.append(
        {"value": value, "wordings": [value], "articles": [article],
         "spans": [{"article": article, "span": span}]}
    )  # fmt: skip


def story_quantities(members: Members, rel_tol: float) -> list[dict[str, Any]]:
    """Quantities merged when the findings would call them the same number (comparable
    and ``same_number`` at ``rel_tol``): the wordings used and the articles stating it."""
    groups: list[tuple[Quantity, dict[str, Any]]] = []
    known: dict[tuple[Any, ...], tuple[int, int | None]] = {}
    for article, sheet in members:
        for q in sheet.quantities:
            if not isinstance(q, Quantity) or q.kind in SKIPPED_QUANTITIES or _lone_one(q):
                continue
            index = _first_group(q, groups, known, rel_tol)
            if index is None:
                index = len(groups)
                groups.append((q, _new_quantity(q)))
            entry = groups[index][1]
            if q.text not in entry["texts"]:
                entry["texts"].append(q.text)
            entry["statements"].append({"article": article.id, "span": [q.span.start, q.span.end]})
    result = [e for _, e in groups]
    for entry in result:
        entry["articles"] = sorted({s["article"] for s in entry["statements"]})
    return sorted(result, key=lambda e: (e["kind"], e["value"] if e["value"] is not None else 0))


def _first_group(
    q: Quantity,
    groups: list[tuple[Quantity, dict[str, Any]]],
    known: dict[tuple[Any, ...], tuple[int, int | None]],
    rel_tol: float,
) -> int | None:
    """The first group whose first quantity is the same number as ``q``, or None.
    Whether two quantities match depends only on their :func:`number_fields`, so
    ``known`` keeps, per fields, the first match found, or how many groups matched none:
    a number repeated by a story's copies scans no group twice."""
    key = number_fields(q)
    scanned, found = known.get(key, (0, None))
    if found is None:
        found = next(
            (
                i
                for i in range(scanned, len(groups))
                if comparable(groups[i][0], q) and same_number(groups[i][0], q, rel_tol)
            ),
            None,
        )
        known[key] = (len(groups), found)
    return found


def _new_quantity(q: Quantity) -> dict[str, Any]:
    return {
        "kind": q.kind,
        "value": q.value,
        "value_of": q.value_of,
        "unit": q.unit or q.currency,
        "si_value": q.si_value,
        "si_unit": q.si_unit,
        "texts": [],
        "statements": [],
    }


def _lone_one(q: Quantity) -> bool:
    """A count of one ("one official said") is a figure of speech, not a quantity."""
    return q.kind == "count" and q.value == 1 and q.value_of is None
