"""A story analysis (``storytrace.trace/3`` JSON) as plain text for the terminal."""

from __future__ import annotations

from typing import Any

from ..naming import article_names


def story_text(analysis: dict[str, Any], *, limit: int = 0) -> str:
    """The derivation tree, then the discrepancies (all, or the first ``limit``)."""
    story = analysis["story"]
    names = _names(analysis["articles"])
    lines = [
        f"{story['id']}: {story['title'] or '(untitled)'}",
        f"{story['article_count']} article(s), {story['independent_origins']} independent "
        f"origin(s); {len(analysis['facts'])} fact(s), "
        f"{len(analysis['discrepancies'])} discrepancy(ies)",
        "",
        "Derivation",
        *_tree(analysis["articles"], names),
        "",
    ]
    found = analysis["discrepancies"]
    shown = found[:limit] if limit else found
    lines.append(f"Discrepancies ({len(found)}{', most serious first' if found else ''})")
    for d in shown:
        lines.extend(discrepancy_lines(d, names))
    if len(shown) < len(found):
        lines.append(f"  … {len(found) - len(shown)} more (--all, or --json)")
    return "\n".join(lines)


def comparison_text(analysis: dict[str, Any]) -> str:
    """Two articles compared: direction, shared passages and facts, discrepancies."""
    names = _names(analysis["articles"])
    lines = ["Direction", *_tree(analysis["articles"], names), ""]
    upstream = {a["id"]: a["derived_from"] for a in analysis["articles"]}
    for alignment in analysis["alignments"]:
        if upstream.get(alignment["copy_id"]) != alignment["source_id"]:
            continue
        source, copy = names[alignment["source_id"]], names[alignment["copy_id"]]
        lines.append(f"Passages of {copy} taken from {source} ({alignment['reuse_share']:.0%}):")
        for p in alignment["passages"]:
            lines.append(f"  {p['kind']:<13} {_at(p['copy_span'])} «{_short(p['copy_text'])}»")
    shared = [f for f in analysis["facts"] if f["support"] > 1]
    lines += ["", f"Facts both state ({len(shared)})"]
    lines += [f"  «{_short(f['statements'][0]['text'])}»" for f in shared]
    lines += ["", f"Discrepancies ({len(analysis['discrepancies'])})"]
    for d in analysis["discrepancies"]:
        lines.extend(discrepancy_lines(d, names))
    return "\n".join(lines)


def discrepancy_lines(d: dict[str, Any], names: dict[str, str]) -> list[str]:
    lines = [f"  [{d['severity']}] {d['type']} in {names.get(d['article'], d['article'])}"]
    lines.append(f"      {d['explanation']}")
    lines.append(f"      copy {_at(d['span'])}: «{_short(d['text'])}»")
    if d.get("upstream_text"):
        upstream = names.get(d["upstream_article"], d["upstream_article"])
        lines.append(f"      {upstream} {_at(d['upstream_span'])}: «{_short(d['upstream_text'])}»")
    return lines


def _tree(articles: list[dict[str, Any]], names: dict[str, str]) -> list[str]:
    children: dict[str | None, list[dict[str, Any]]] = {}
    for a in articles:
        parent = a["derived_from"] if a["derived_from"] in names else None
        children.setdefault(parent, []).append(a)
    lines: list[str] = []

    def walk(parent: str | None, prefix: str) -> None:
        kids = children.get(parent, [])
        for i, a in enumerate(kids):
            last = i == len(kids) - 1
            branch = "" if parent is None else ("└─ " if last else "├─ ")
            lines.append(f"  {prefix}{branch}{_node(a, names)}")
            walk(a["id"], prefix + ("" if parent is None else ("   " if last else "│  ")))

    walk(None, "")
    return lines


def _node(a: dict[str, Any], names: dict[str, str]) -> str:
    text = f"{names[a['id']]} — {a['role']}"
    if a["derived_from"]:
        text += f", reuses {a['reuse_share']:.0%}"
        if a["credits_source"] is not None:
            text += (
                ", credits its source" if a["credits_source"] else ", does not credit its source"
            )
        others = [names.get(x["article"], x["article"]) for x in a.get("alternatives") or []]
        if others:
            text += f", or as likely from {', '.join(others)} (the text cannot tell)"
    if a.get("published"):
        text += f" · {a['published'][:16]}"
    return text


def _names(articles: list[dict[str, Any]]) -> dict[str, str]:
    names = article_names(articles)
    return {a["id"]: f"{names[a['id']]} ({a['id'][:8]})" for a in articles}


def _at(span: list[int] | None) -> str:
    return f"[{span[0]}:{span[1]}]" if span else ""


def _short(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
