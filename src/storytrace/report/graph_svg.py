"""The derivation graph as a layered SVG drawn server-side: originals on top, each copy
one layer below its source, edges labelled with the reuse share and whether the copy
credits its source. A link of unknown order has no arrowhead, and says why."""

from __future__ import annotations

from html import escape
from typing import Any

from ..naming import distinct_labels

NODE_W, NODE_H, GAP_X, GAP_Y, PER_ROW, PAD = 180, 54, 26, 74, 5, 16
GRAPH_LABEL_CHARS = 22
"""A node's label fits in this many characters (see storytrace.naming.distinct_labels)."""
UNKNOWN_ORDER = (
    "Linked in unknown order: no publication dates, credit or outlet voice says which of "
    "the two came first, so neither is called the original."
)


def layers(articles: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Articles by depth in the derivation forest, each layer ordered by its parents'
    positions, then by publication."""
    by_id = {a["id"]: a for a in articles}

    def depth(a: dict[str, Any]) -> int:
        seen, d = {a["id"]}, 0
        while a.get("derived_from") in by_id and a["derived_from"] not in seen:
            a = by_id[a["derived_from"]]
            seen.add(a["id"])
            d += 1
        return d

    result: list[list[dict[str, Any]]] = []
    for a in articles:
        level = depth(a)
        while len(result) <= level:
            result.append([])
        result[level].append(a)
    position: dict[str, int] = {}
    for layer in result:
        layer.sort(
            key=lambda a: (position.get(a.get("derived_from") or "", -1), a.get("published") or "~")
        )
        position.update({a["id"]: i for i, a in enumerate(layer)})
    return result


def derivation_svg(articles: list[dict[str, Any]], names: dict[str, str]) -> str:
    """The graph as an ``<svg>`` string: one ``g.node`` per article, one ``g.edge`` per
    derivation (reuse % on it; dashed and marked ✗ when the copy does not credit)."""
    rows: list[list[dict[str, Any]]] = []
    for layer in layers(articles):
        rows += [layer[i : i + PER_ROW] for i in range(0, len(layer), PER_ROW)]
    cols = max((len(r) for r in rows), default=1)
    width = PAD * 2 + cols * NODE_W + (cols - 1) * GAP_X
    height = PAD * 2 + len(rows) * NODE_H + (len(rows) - 1) * GAP_Y
    at: dict[str, tuple[float, float]] = {}
    for r, row in enumerate(rows):
        offset = (width - (len(row) * NODE_W + (len(row) - 1) * GAP_X)) / 2
        for c, a in enumerate(row):
            at[a["id"]] = (offset + c * (NODE_W + GAP_X), PAD + r * (NODE_H + GAP_Y))
    out = [
        f'<svg class="graph" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} '
        f'{height:.0f}" style="max-width:{width:.0f}px" role="img" '
        f'aria-label="Derivation graph: {len(articles)} articles">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z"/></marker></defs>',
    ]
    out += [_edge(a, at) for a in articles if a.get("derived_from") in at]
    labels = distinct_labels(names, GRAPH_LABEL_CHARS)
    out += [_node(a, at[a["id"]], labels) for a in articles]
    out.append("</svg>")
    return "\n".join(out)


def _edge(a: dict[str, Any], at: dict[str, tuple[float, float]]) -> str:
    (px, py), (cx, cy) = at[a["derived_from"]], at[a["id"]]
    x1, y1, x2, y2 = px + NODE_W / 2, py + NODE_H, cx + NODE_W / 2, cy - 2
    mid = (y1 + y2) / 2
    credit = a.get("credits_source")
    unknown = a.get("direction") == "unknown"
    cls = "edge" + (" nocredit" if credit is False else "") + (" unknown" if unknown else "")
    share = f"{a.get('reuse_share') or 0:.0%}"
    tag = " ✓ credited" if credit else " ✗ no credit" if credit is False else ""
    tag += " · order unknown" if unknown else ""
    lx, ly = x1 + (x2 - x1) * 0.62, y1 + (y2 - y1) * 0.62
    text = share + tag
    w = 7 * len(text) + 10
    # An unknown-order link has no arrowhead: nothing says which article came first.
    arrow = "" if unknown else ' marker-end="url(#arrow)"'
    why = f"<title>{escape(UNKNOWN_ORDER)}</title>" if unknown else ""
    return (
        f'<g class="{cls}" data-from="{escape(a["derived_from"])}" data-to="{escape(a["id"])}">'
        f"{why}"
        f'<path d="M{x1:.1f},{y1:.1f} C{x1:.1f},{mid:.1f} {x2:.1f},{mid:.1f} {x2:.1f},{y2:.1f}"'
        f"{arrow}/>"
        f'<rect class="label" x="{lx - w / 2:.1f}" y="{ly - 10:.1f}" width="{w}" '
        f'height="18" rx="3"/>'
        f'<text x="{lx:.1f}" y="{ly + 3:.1f}" text-anchor="middle">{escape(text)}</text></g>'
    )


def _node(a: dict[str, Any], xy: tuple[float, float], names: dict[str, str]) -> str:
    x, y = xy
    title = names.get(a["id"], a["id"][:24])
    date = (a.get("published") or "no date")[:10]
    role = a.get("role") or ""
    return (
        f'<a href="#article-{escape(a["id"])}"><g class="node {escape(role)}" '
        f'data-article="{escape(a["id"])}"><title>{escape(a.get("title") or a["id"])}</title>'
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{NODE_W}" height="{NODE_H}" rx="6"/>'
        f'<text class="name" x="{x + NODE_W / 2:.1f}" y="{y + 22:.1f}" text-anchor="middle">'
        f"{escape(title)}</text>"
        f'<text class="meta" x="{x + NODE_W / 2:.1f}" y="{y + 41:.1f}" text-anchor="middle">'
        f"{escape(role)} · {escape(date)}</text></g></a>"
    )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
