"""A fact sheet (``storytrace.facts/1`` JSON) as plain text for the terminal."""

from __future__ import annotations

from typing import Any


def facts_text(sheet: dict[str, Any]) -> str:
    sections = [
        ("Claims", [_claim(c) for c in sheet["claims"]]),
        ("Credits to other outlets", [_credit(c) for c in sheet["credits"]]),
        ("People", [_person(p) for p in sheet["people"]]),
        ("Organisations", [f"{o['name']} ({o['kind']})" for o in sheet["organisations"]]),
        ("Places", [f"{p['name']} ({p['kind']})" for p in sheet["places"]]),
        ("Quantities", [_quantity(q) for q in sheet["quantities"]]),
        ("Dates", [_date(d) for d in sheet["dates"]]),
    ]
    lines = []
    for title, items in sections:
        lines.append(f"{title} ({len(items)})")
        lines.extend(f"  {item}" for item in items)
        lines.append("")
    return "\n".join(lines)


def _span(item: dict[str, Any]) -> str:
    start, end = item["span"]
    return f"[{start}:{end}]"


def _claim(claim: dict[str, Any]) -> str:
    attribution = claim["attribution"]
    source = attribution["kind"]
    if attribution["source"]:
        source += f": {attribution['source']['text']}"
    if attribution["verb"]:
        source += f" ({attribution['verb']})"
    cue = f" «{claim['certainty_cue']['text']}»" if claim["certainty_cue"] else ""
    text = claim["text"] if len(claim["text"]) <= 110 else claim["text"][:109] + "…"
    return f"{_span(claim)} {claim['certainty']}{cue} — {source}\n      {text}"


def _credit(credit: dict[str, Any]) -> str:
    return f"{_span(credit)} {credit['outlet'] or '(unnamed outlet)'}: «{credit['cue']['text']}»"


def _person(person: dict[str, Any]) -> str:
    facts = [f"age {person['age']}" if person["age"] is not None else None, person["rank"]]
    for key in ("title", "role", "employer", "evidence"):
        if person[key]:
            facts.append(f"{key}: {person[key]['text']}")
    details = ", ".join(f for f in facts if f)
    mentions = len(person["mentions"]) + len(person["linked"])
    noun = "mention" if mentions == 1 else "mentions"
    return f"{person['name']}{' — ' + details if details else ''} ({mentions} {noun})"


def _quantity(q: dict[str, Any]) -> str:
    value = f"{q['value']:g}" if q["value"] is not None else "?"
    if q.get("value_of") is not None:
        value += f" of {q['value_of']:g}"
    # ages and durations keep their own unit: "45 years", not 1.42e+09 seconds
    shown = q.get("si_value") is not None and q.get("si_unit") != "s"
    si = f" = {q['si_value']:g} {q['si_unit']}" if shown else ""
    return f"{_span(q)} {q['kind']}: «{q['text']}» -> {value}{si}"


def _date(d: dict[str, Any]) -> str:
    return f"{_span(d)} «{d['text']}» -> {d['value']} ({d['precision']}; year: {d['year_from']})"
