"""The story dossier: everything storytrace knows about one story in one record
(``storytrace.dossier/3``, documented in ``docs/dossier-json.md``), rendered as one
self-contained HTML file, Markdown or JSON; and an index page of stories.

:func:`build_dossier` joins the stored story analysis (``storytrace.trace/3``), each
article (clean text, removals, metadata) and each article's fact sheet
(``storytrace.facts/1``). Every span in the dossier indexes the clean text of the
article it names, and every clean text is in the dossier.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from operator import itemgetter
from typing import Any

from .. import naming
from ..store import Store
from . import render
from .articles import removal_dicts
from .people import merge_organisations
from .timeline import build_timeline

SCHEMA = "storytrace.dossier/3"
SHEET_PARTS = ("claims", "organisations")
"""What the dossier reads of each fact sheet: claims (statements' readings) and
organisations; restoring the texts of the rest was a tenth of its time."""
LEDE_PARTS = (*SHEET_PARTS, "sentences")
"""What it reads of the original report's sheet: its sentences too, for the lede."""
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
TOP_DISCREPANCIES = 5
"""How many of the most serious discrepancies the summary lists."""


def build_dossier(store: Store, story_id: str) -> dict[str, Any]:
    """The ``storytrace.dossier/3`` record of the story ``story_id`` (or an id prefix)."""
    analysis = store.story(story_id, passage_texts=False)  # passages are spans here
    ids = [a["id"] for a in analysis["articles"]]
    stored = {i: store.article(i) for i in ids}
    original = analysis["story"]["original"]
    sheets = {i: store.facts(i, LEDE_PARTS if i == original else SHEET_PARTS) or {} for i in ids}
    articles = [_article(a, stored[a["id"]]) for a in analysis["articles"]]
    names = naming.article_names(articles)
    discrepancies = analysis["discrepancies"]
    claims = {i: SheetClaims(sheet) for i, sheet in sheets.items()}
    facts = [_fact(f, claims) for f in analysis["facts"]]
    return {
        "schema": SCHEMA,
        "schemas": {"analysis": analysis["schema"], "facts": "storytrace.facts/1"},
        "story": _summary(analysis, articles, facts, discrepancies, sheets, names),
        "articles": articles,
        "derivations": analysis["derivations"],
        "alignments": analysis["alignments"],  # passages as spans: texts are in clean_text
        "facts": facts,
        "people": analysis.get("people", []),
        "organisations": merge_organisations(sheets),
        "quantities": analysis.get("quantities", []),
        "timeline": build_timeline(articles, analysis.get("timeline", [])),
        "discrepancies": discrepancies,
    }


PASSAGE_FIELDS = ("kind", "score", "source_span", "copy_span")
"""What each passage of the JSON's alignments is a list of, in this order."""

STATEMENT_FIELDS = ("article", "span", "reading")
"""What each fact statement of the JSON is a list of: ``reading`` indexes ``readings``."""

READING_FIELDS = ("certainty", "attribution", "attributed_to")
"""What the reading stage says of a statement; the JSON lists each distinct reading once
(a story's hundreds of statements have a handful)."""


DERIVED_ALIGNMENT_FIELDS = ("passages", "containment")
"""Left out of the JSON's alignments: ``containment`` is ``reuse_share`` and
``source_share`` again, and passages are given for the shown pairs only."""

DERIVATION_FIELDS = ("article", "derived_from")
"""What the JSON's derivations keep: every other field of an edge (role, direction,
evidence, reuse share, credit) is the same field of the article in ``articles``."""

DERIVED_FACT_FIELDS = ("articles",)
"""Left out of the JSON's facts: ``articles`` is the sorted distinct articles of the
statements."""


def json_record(dossier: dict[str, Any]) -> dict[str, Any]:
    """The dossier as its JSON file holds it (``storytrace.dossier/3``): passages as lists
    (``passage_fields``), and only for the pairs the dossier shows (:func:`shown_pairs`;
    the others keep their summary and ``passage_count``); fact statements as lists
    (``statement_fields``) without the text their span gives, their readings listed once
        (``readings``); what repeats other fields is left out (``DERIVED_*_FIELDS``). On the
    generated 1,000-article corpus all passages were 30% of the JSON, statements as
    objects 20%."""
    shown = shown_pairs(dossier)
    alignments = [
        _json_alignment(al, (al["source_id"], al["copy_id"]) in shown)
        for al in dossier["alignments"]
    ]
    readings: dict[tuple[Any, ...], int] = {}
    facts = [
        {
            **{k: v for k, v in f.items() if k not in DERIVED_FACT_FIELDS},
            "statements": [_json_statement(s, readings) for s in f["statements"]],
        }
        for f in dossier["facts"]
    ]
    return {
        "schema": SCHEMA,
        "passage_fields": list(PASSAGE_FIELDS),
        "statement_fields": list(STATEMENT_FIELDS),
        "readings": [dict(zip(READING_FIELDS, r, strict=True)) for r in readings],
        **dossier,
        "derivations": [{k: d[k] for k in DERIVATION_FIELDS} for d in dossier["derivations"]],
        "alignments": alignments,
        "facts": facts,
    }


def shown_pairs(dossier: dict[str, Any]) -> set[tuple[str, str]]:
    """The ``(source, copy)`` pairs whose passages the dossier shows: each derivation
    edge (the side-by-side views) and each pair a discrepancy names."""
    pairs = {(a["derived_from"], a["id"]) for a in dossier["articles"] if a.get("derived_from")}
    pairs |= {
        (d["upstream_article"], d["article"])
        for d in dossier["discrepancies"]
        if d.get("upstream_article")
    }
    return pairs


def _json_alignment(alignment: dict[str, Any], full: bool) -> dict[str, Any]:
    passages = alignment["passages"]
    found = {k: v for k, v in alignment.items() if k not in DERIVED_ALIGNMENT_FIELDS}
    found["passage_count"] = len(passages)
    if full:
        found["passages"] = [[p[k] for k in PASSAGE_FIELDS] for p in passages]
    return found


_reading_values = itemgetter(*READING_FIELDS)


def _json_statement(statement: dict[str, Any], readings: dict[tuple[Any, ...], int]) -> list[Any]:
    reading = _reading_values(statement)
    index = readings.setdefault(reading, len(readings))
    return [statement["article"], statement["span"], index]


def _article(analysed: dict[str, Any], article: Any) -> dict[str, Any]:
    meta = article.metadata
    return {
        **{k: v for k, v in analysed.items()},
        "url": meta.url,
        "author": meta.author,
        "date": _date_note(meta.published, meta.published_from),
        "published_valid": bool(meta.published) and valid_date(meta.published or ""),
        "words": len(article.clean_text.split()),
        "removed": removal_dicts(article),
        "clean_text": article.clean_text,
    }


def _date_note(published: str | None, how: str | None) -> str:
    if not published:
        return "not given, and none could be inferred from the text"
    if not valid_date(published):
        return f"invalid (“{published}” is not a calendar date), so not used"
    if how and how.startswith("inferred"):
        return f"inferred from the text ({how.split(':', 1)[-1].strip()})"
    return f"given ({how or 'input'})"


def valid_date(value: str) -> bool:
    """Whether a stored publication date is an ISO 8601 calendar date (a "2025-13-45"
    from a hand-written sidecar is not)."""
    match = re.fullmatch(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?([T ].*)?", value.strip())
    if match is None:
        return False
    try:
        dt.date(int(match[1]), int(match[2] or 1), int(match[3] or 1))
    except ValueError:
        return False
    return True


def _fact(fact: dict[str, Any], claims: dict[str, SheetClaims]) -> dict[str, Any]:
    statements = [
        {**s, **claims.get(s["article"], _NO_CLAIMS).reading(s["span"])} for s in fact["statements"]
    ]
    return {
        **fact,
        "statements": statements,
        "certainty": sorted({s["certainty"] for s in statements if s["certainty"]}),
        "attribution": sorted({s["attribution"] for s in statements if s["attribution"]}),
    }


ClaimSpans = list[tuple[int, int, dict[str, Any]]]
"""A fact sheet's claims as ``(start, end, claim)``, in the sheet's order."""


class SheetClaims:
    """A fact sheet's claims, found for a statement's span without scanning them all when
    a claim has that very span and no earlier claim reaches as far (a statement's span is
    its claim's, so that is the common case)."""

    def __init__(self, sheet: dict[str, Any]) -> None:
        self.spans: ClaimSpans = [(c["span"][0], c["span"][1], c) for c in sheet.get("claims", [])]
        self.exact: dict[tuple[int, int], int] = {}
        self.reach: list[int] = []  # the furthest end of the claims up to each one
        furthest = -1
        for k, (start, end, _) in enumerate(self.spans):
            self.exact.setdefault((start, end), k)
            furthest = max(furthest, end)
            self.reach.append(furthest)

    def reading(self, span: list[int]) -> dict[str, Any]:
        """:func:`_claim_reading` of ``span``: when claim ``k`` has exactly this span and
        no claim before it ends at or after its end, none before it covers the span, so
        the scan would stop at ``k``."""
        first, last = span
        k = self.exact.get((first, last))
        if k is not None and last > first and (k == 0 or self.reach[k - 1] < last):
            return _reading(self.spans[k][2])
        return _claim_reading(self.spans, span)


_NO_CLAIMS = SheetClaims({})


def _claim_reading(claims: ClaimSpans, span: list[int]) -> dict[str, Any]:
    """The certainty and attribution the reading stage gave the claim at ``span``: the
    first claim overlapping it most (none can overlap it by more than its length)."""
    best, overlap = None, 0
    first, last = span
    for start, end, claim in claims:
        shared = min(last, end) - max(first, start)
        if shared > overlap:
            best, overlap = claim, shared
            if overlap >= last - first:
                break
    return _reading(best)


def _reading(claim: dict[str, Any] | None) -> dict[str, Any]:
    if claim is None:
        return {"certainty": None, "attribution": None, "attributed_to": None}
    attribution = claim["attribution"]
    source = attribution.get("source")
    return {
        "certainty": claim["certainty"],
        "attribution": attribution["kind"],
        "attributed_to": source["text"] if source else None,
    }


def _summary(
    analysis: dict[str, Any],
    articles: list[dict[str, Any]],
    facts: list[dict[str, Any]],
    discrepancies: list[dict[str, Any]],
    sheets: dict[str, dict[str, Any]],
    names: dict[str, str],
) -> dict[str, Any]:
    story = analysis["story"]
    original = next((a for a in articles if a["id"] == story["original"]), None)
    severity: dict[str, int] = {}
    for d in discrepancies:
        severity[d["severity"]] = severity.get(d["severity"], 0) + 1
    status: dict[str, int] = {}
    for f in facts:
        status[f["status"]] = status.get(f["status"], 0) + 1
    return {
        "verdicts": _verdicts(articles, names),
        **story,
        "lede": _lede(sheets.get(story["original"] or "", {})),
        "original_outlet": names.get(story["original"] or ""),
        "original_published": original["published"] if original else None,
        "outlets": sorted({a["outlet"] for a in articles if a.get("outlet")}),
        "outlet_unknown_count": sum(1 for a in articles if not a.get("outlet")),
        "severity_counts": severity,
        "fact_counts": status,
        "top_discrepancies": _most_serious(discrepancies),
    }


def _verdicts(articles: list[dict[str, Any]], names: dict[str, str]) -> list[dict[str, Any]]:
    """The fidelity verdict of every copy, altered first, most likely altered first."""
    rank = {"altered": 0, "unknown": 1, "faithful": 2}
    found = [
        {"article": a["id"], "name": names[a["id"]], **a["fidelity"]}
        for a in articles
        if a.get("fidelity")
    ]
    return sorted(found, key=lambda v: (rank.get(v["verdict"], 3), -v["score"], v["article"]))


def _lede(sheet: dict[str, Any]) -> str | None:
    """The first sentence of the original report that is not a heading or byline."""
    for sentence in sheet.get("sentences", []):
        if not sentence.get("heading") and len(sentence["text"].split()) > 6:
            return str(sentence["text"])
    return None


def _most_serious(discrepancies: list[dict[str, Any]]) -> list[str]:
    """Ids of the most serious discrepancies, one per article and type."""
    ranked = sorted(
        discrepancies, key=lambda d: (SEVERITY_ORDER.get(d["severity"], 3), int(d["id"][1:]))
    )
    chosen, seen = [], set()
    for d in ranked:
        if (d["article"], d["type"]) not in seen:
            seen.add((d["article"], d["type"]))
            chosen.append(d["id"])
        if len(chosen) == TOP_DISCREPANCIES:
            break
    return chosen


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_dossier(
    dossier: dict[str, Any], fmt: str = "html", prepared: dict[str, Any] | None = None
) -> str:
    """The dossier as ``html`` (one self-contained file), ``md`` or ``json``
    (``prepared``: its template context when already built, see :func:`render_dossiers`)."""
    if fmt == "json":
        return json.dumps(json_record(dossier), ensure_ascii=False, separators=(",", ":")) + "\n"
    if fmt == "html":
        return render.dossier_html(dossier, prepared)
    if fmt in ("md", "markdown"):
        return render.dossier_markdown(dossier, prepared)
    raise ValueError(f"unknown dossier format {fmt!r}: use html, md or json")


def render_dossiers(dossier: dict[str, Any], formats: tuple[str, ...]) -> dict[str, str]:
    """The dossier in each of ``formats``, as :func:`render_dossier` gives it; HTML and
    Markdown share one template context (side-by-side views, drawings, highlighted
    passages), built once."""
    templated = [f for f in formats if f in ("html", "md", "markdown")]
    prepared = render.context(dossier) if len(templated) > 1 else None
    return {fmt: render_dossier(dossier, fmt, prepared) for fmt in formats}


def render_index(stories: list[dict[str, Any]], *, articles_report: str | None = None) -> str:
    """``index.html``: a table of stories, each a dossier summary (``dossier["story"]``)
    with ``href`` set to its dossier page."""
    return render.index_html(stories, articles_report)


def dossier_filename(story_id: str, ext: str) -> str:
    """``story-<id>.<ext>``, without doubling the ``story-`` that story ids start with."""
    return f"{story_id if story_id.startswith('story-') else 'story-' + story_id}.{ext}"
