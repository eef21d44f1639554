"""Origins: which articles of a story count as one source when support is counted.

Two articles are one origin when one derives from the other (directly or through others),
when both derive from a common article, or when they are linked in unknown order: in
short, when derivation links connect them, whatever their direction. An article linked
to nothing is an origin of its own. A fact is independently supported only by articles
of different origins.
"""

from __future__ import annotations

from collections.abc import Iterable

from storytrace.trace.derive import StoryTrace


def origins(trace: StoryTrace) -> dict[str, str]:
    """Article id -> origin id (the first article of its origin in the trace's order)."""
    ids = [d.article_id for d in trace.derivations]
    return connected(ids, ((d.article_id, d.derived_from) for d in trace.derivations))


def connected(ids: list[str], links: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    """Each id -> the first id (in ``ids`` order) of its connected component."""
    parent = {i: i for i in ids}

    def find(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    order = {i: n for n, i in enumerate(ids)}
    for a, b in links:
        if b is None or a not in parent or b not in parent:
            continue
        ra, rb = find(a), find(b)
        if ra != rb:
            keep, drop = (ra, rb) if order[ra] < order[rb] else (rb, ra)
            parent[drop] = keep
    return {i: find(i) for i in ids}


def origin_heads(support: Iterable[str], upstream: dict[str, str | None]) -> tuple[str, ...]:
    """The origins behind the articles ``support`` (of a story whose derivation links are
    ``upstream``: article -> the article it was linked to, in any direction), each named by
    its most upstream article in ``support``; sorted."""
    origin_of = connected(list(upstream), upstream.items())
    depth = _depths(upstream)
    heads: dict[str, str] = {}
    for article in sorted(support, key=lambda a: (depth.get(a, 0), a)):
        heads.setdefault(origin_of.get(article, article), article)
    return tuple(sorted(heads.values()))


def _depths(upstream: dict[str, str | None]) -> dict[str, int]:
    """Derivation steps from each article up to its root (a cycle counts as a root)."""
    depth: dict[str, int] = {}
    for start in upstream:
        path: list[str] = []
        node: str | None = start
        while node is not None and node not in depth and node not in path:
            path.append(node)
            node = upstream.get(node)
        base = depth.get(node, -1) if node is not None else -1
        for n, article in enumerate(reversed(path), start=1):
            depth[article] = base + n
    return depth
