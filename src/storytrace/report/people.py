"""The organisations a story names, merged across its articles from their fact sheets
(``storytrace.facts/1``). People and quantities are merged by the comparison stage
(:mod:`storytrace.compare.roster`, with the findings' rules) and stored in the analysis;
the dossier only renders them."""

from __future__ import annotations

from typing import Any

Sheets = dict[str, dict[str, Any]]
"""Fact sheets by article id, in the story's article order."""


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
