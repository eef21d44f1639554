"""What the wrong derivation edges of a generated corpus are: which article a copy was
hung on instead of its true source.

Each decided edge (copy, source) that the generator's ``truth.jsonl`` does not hold falls
into one kind, by where the chosen source stands to the copy in the gold story tree:

* ``other_story_original``: an original of another story (grouping merged look-alikes),
  the copy itself being an original too (``original_to_original``) or a copy;
* ``other_story_copy``: a copy in another story;
* ``reversed``: the copy's own copy (the edge points the wrong way);
* ``descendant``: a deeper descendant of the copy;
* ``ancestor``: an ancestor of the true source (a generation skipped);
* ``sibling``: another copy of the same source;
* ``relative``: any other article of the same story (a cousin, a sibling's copy).

Also counted: the wrong edges by the copy's role, the true edges with no decided
edge at all (``missed``: the copy got no source, or only a link of unknown order), and,
when the stories' kept alignments are given, the wrong edges whose true source was not
aligned with the copy (``true_source_not_aligned``: a large story's neighbour prefilter
left the pair out, or grouping put them apart; a true source always reuses far more than
the ``min_share`` that keeps an alignment).
"""

from __future__ import annotations

from collections import Counter
from typing import Any


def wrong_source_kinds(
    articles: dict[str, dict],
    found: set[tuple[str, str, str]],
    aligned: set[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    """``articles``: the generator's article records by file; ``found``: (copy, source,
    direction) file triples; ``aligned``: the (source, copy) file pairs of the stories'
    kept alignments."""
    parent = {f: r["derived_from"] for f, r in articles.items()}
    decided = {(c, s) for c, s, d in found if d != "unknown"}
    wrong = [(c, s) for c, s in decided if parent[c] != s]
    kinds = Counter(_kind(c, s, articles, parent) for c, s in wrong)
    has_source = {c for c, _ in decided}
    gold = [c for c, p in parent.items() if p]
    missed = sum(1 for c in gold if c not in has_source)
    out = {
        "wrong": len(wrong),
        "kinds": dict(kinds.most_common()),
        "wrong_by_copy_role": dict(Counter(articles[c]["role"] for c, _ in wrong).most_common()),
        "true_source_is_original": sum(
            1 for c, _ in wrong if parent[c] and articles[parent[c]]["role"] == "original"
        ),
        "missed": missed,
    }
    if aligned is not None:
        out["true_source_not_aligned"] = sum(
            1 for c, _ in wrong if parent[c] and (parent[c], c) not in aligned
        )
    return out


def _kind(copy: str, source: str, articles: dict[str, dict], parent: dict) -> str:
    if articles[copy]["story"] != articles[source]["story"]:
        if articles[source]["role"] != "original":
            return "other_story_copy"
        both = articles[copy]["role"] == "original"
        return "original_to_original" if both else "other_story_original"
    if parent[source] == copy:
        return "reversed"
    if copy in _ancestors(source, parent):
        return "descendant"
    if source in _ancestors(parent[copy], parent):
        return "ancestor"
    if parent[copy] and parent[source] == parent[copy]:
        return "sibling"
    return "relative"


def _ancestors(start: str | None, parent: dict) -> set[str]:
    found = set()
    while start and start not in found:
        found.add(start)
        start = parent[start]
    return found
