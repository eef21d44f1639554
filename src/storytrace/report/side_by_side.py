"""A derived article beside its source: both clean texts cut into segments, each
segment shaded by the kind of reused passage it lies in and marked with the
discrepancies that cover it; a discrepancy's first segment carries its anchor."""

from __future__ import annotations

from typing import Any

Segment = dict[str, Any]


def side_by_side(dossier: dict[str, Any]) -> list[dict[str, Any]]:
    """One view per article derived from another article of the story."""
    texts = {a["id"]: a["clean_text"] for a in dossier["articles"]}
    alignments = {(al["source_id"], al["copy_id"]): al for al in dossier["alignments"]}
    by_pair: dict[tuple[str, Any], list[dict[str, Any]]] = {}
    for d in dossier["discrepancies"]:  # one pass, not one per derived article
        by_pair.setdefault((d["article"], d.get("upstream_article")), []).append(d)
    views = []
    for a in dossier["articles"]:
        source = a.get("derived_from")
        if source not in texts:
            continue
        alignment = alignments.get((source, a["id"]), {"passages": []})
        found = by_pair.get((a["id"], source), [])
        copy_marks = [(d["span"], d["id"], f"sbs-{d['id']}") for d in found if d.get("span")]
        source_marks = [
            (d["upstream_span"], d["id"], f"sbs-{d['id']}-up")
            for d in found
            if d.get("upstream_span")
        ]
        passages = alignment["passages"]
        views.append(
            {
                "article": a["id"],
                "source": source,
                "reuse_share": a.get("reuse_share"),
                "copy_segments": segments(
                    texts[a["id"]], [(p["copy_span"], p["kind"]) for p in passages], copy_marks
                ),
                "source_segments": segments(
                    texts[source], [(p["source_span"], p["kind"]) for p in passages], source_marks
                ),
            }
        )
    return views


def segments(
    text: str,
    passages: list[tuple[list[int], str]],
    marks: list[tuple[list[int], str, str]],
) -> list[Segment]:
    """``text`` cut at every passage and mark boundary. Each segment: ``text``, ``kind``
    (the reused passage it is in, or None), ``marks`` (ids of discrepancies covering it)
    and ``anchor`` (the anchor of the first discrepancy starting there, or None)."""
    n = len(text)
    shaded = [(_clamp(span, n), kind) for span, kind in passages]
    marked = [(_clamp(span, n), ident, anchor) for span, ident, anchor in marks]
    cuts = {0, n}
    for (start, end), *_ in shaded + marked:  # type: ignore[operator]
        cuts.add(start)
        cuts.add(end)
    bounds = sorted(cuts)
    at = {bound: i for i, bound in enumerate(bounds)}  # each span's ends are bounds
    kinds: list[str | None] = [None] * (len(bounds) - 1)
    covering: list[list[str]] = [[] for _ in kinds]
    anchors: list[list[str]] = [[] for _ in kinds]
    for (start, end), kind in shaded:
        for i in range(at[start], at[end]):
            kinds[i] = kinds[i] or kind
    for (start, end), ident, anchor in marked:
        pieces = range(at[start], at[end])
        for i in pieces:
            covering[i].append(ident)
        if pieces:
            anchors[pieces[0]].append(anchor)
    return [
        {"text": text[bounds[i] : bounds[i + 1]], "kind": kinds[i], "marks": covering[i],
         "anchors": anchors[i]}
        for i in range(len(bounds) - 1)
        if bounds[i] < bounds[i + 1]
    ]  # fmt: skip


def _clamp(span: list[int], n: int) -> tuple[int, int]:
    return max(0, min(span[0], n)), max(0, min(span[1], n))
