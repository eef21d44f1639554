"""Which derivation edges of a generated corpus can be decided at all from the text and
the publication dates, and what precision a perfect reader could reach.

The corpus plan is rebuilt from the seed with ``generate_corpus``'s own functions
(``plan_corpus``, ``fill_copies``: the same sentences the files hold). For every copy, each
earlier non-summary article of its story is tested as its source under the generator's copy
model (``copy_sentences``, ``plant``): the copy's sentences, as rendered, must be

* a *wire copy*: the candidate's sentences word for word, cut by 0-3 at the end, with the
  candidate's headline, byline and credit;
* a *partial rewrite*: the candidate's sentences in order, each in either wording;
* a *paraphrase*: every sentence in the other wording, the first and last two in place and
  the middle reordered by at most ``len(middle) // 4`` swaps of neighbours (inversions of
  the same parity);
* a *summary*: the candidate's lead and first six core sentences, in the other wording;

in each rewrite at most one core sentence changed by one planted distortion (a number,
date, name or role replaced, a hedge dropped or a loaded word added) that the candidate
does not carry. Dates: the copy is published 0.5-30 hours after its source
(``window``; ``earlier`` uses only "published before"). Summaries are never sources.

The *consistent* sources of a copy are the candidates this leaves; the true source is
always among them (checked). An edge is *decidable* when it is the only one. Ceilings:

* ``uniform``: the expected precision of a reader choosing uniformly among the consistent
  sources (mean of 1 / their number);
* ``bayes``: the share of copies whose true source has the highest posterior under the
  generator's probabilities (the original's 0.6 prior, the role weights, one half per
  wording choice of a partial rewrite, the cut lengths, a planted change costing
  ``PLANT_LIKELIHOOD``; a paraphrase's reordering taken as uniform over the reachable
  orders): what the best possible guess reaches on this corpus;
* ``earliest``: the share whose true source is the earliest published consistent one
  (the tracer's own tie rule, "the most upstream", given perfect consistency tests).

With ``--store DB`` (a ``bench_scale.py`` store of the same corpus) the tracer's decided
edges are scored on decidable and undecidable copies apart, with how many wrong ones chose
a consistent source (a tie the text cannot break) or an inconsistent one (a decidable
mistake), and how many edges declare every other consistent source in ``alternatives``.

    .venv/bin/python bench/derivation_ceiling.py --articles 1000 --seed 1 \\
        --store /tmp/st/scale-1000.db --name derivation-ceiling-seed1
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import generate_corpus as gen
from common import write_result

HOUR = 1 / 24
WINDOW = (0.5 * HOUR, 30 * HOUR)
"""The generator's delay between a source and its copy (``plan_articles``)."""
CUTS = {0: 0.4, 1: 0.2, 2: 0.2, 3: 0.2}
"""A wire copy drops 0-3 last sentences, none twice as often (``copy_sentences``)."""
PLANT_LIKELIHOOD = 0.5 * (1 / 6) * (1 / 5) * (1 / 5)
"""Rough probability of one particular planted change: half the rewrites carry one, six
kinds, ~five sentences that can carry it, ~five values. Only the ``bayes`` ceiling uses
it (a candidate already carrying the change explains the copy far better)."""
SIZES = ((1, 12), (13, 30), (31, 50))


@dataclass
class Copy:
    file: str
    size: int
    source: str
    consistent: dict[str, float]  # file -> likelihood x prior (dates: window)
    earlier: dict[str, float]  # the same with dates taken only as "published before"


# --- the copy model --------------------------------------------------------------------


def text(s: gen.Sentence, story: gen.StoryPlan) -> str:
    return gen.render(s, story, None, "")  # type: ignore[arg-type]


def _one_change(e: gen.Sentence, c: gen.Sentence) -> bool:
    if (e.kind, e.index, e.wording) != (c.kind, c.index, c.wording) or c.kind != "core":
        return False
    if c.firm != e.firm:
        return c.firm and not e.firm and c.changes == e.changes
    was, now = dict(e.changes), dict(c.changes)
    return len(set(was.items()) ^ set(now.items())) in (1, 2) and len(now) - len(was) in (0, 1)


def _match(copy: list[gen.Sentence], expected: list[list[gen.Sentence]], story) -> int | None:
    """How many planted changes make ``copy`` the sentences ``expected`` allows (each a
    list of allowed forms); None when one or more do not fit."""
    changes = 0
    for c, forms in zip(copy, expected, strict=True):
        seen = text(c, story)
        if any(text(e, story) == seen for e in forms):
            continue
        if not any(_one_change(e, c) for e in forms):
            return None
        changes += 1
    return changes if changes <= 1 else None


def _rewrite_odds(changes: int | None) -> float:
    if changes is None:
        return 0.0
    return 0.5 if changes == 0 else PLANT_LIKELIHOOD


def wire_odds(copy: gen.ArticlePlan, source: gen.ArticlePlan, story: gen.StoryPlan) -> float:
    cut = len(source.sentences) - len(copy.sentences)
    if cut not in CUTS or gen.text_source(story, copy) is not gen.text_source(story, source):
        return 0.0
    same = all(
        text(c, story) == text(s, story)
        for c, s in zip(copy.sentences, source.sentences, strict=False)
    )
    return CUTS[cut] if same else 0.0


def partial_odds(copy: list[gen.Sentence], source: list[gen.Sentence], story) -> float:
    if len(copy) != len(source) or _keys(copy) != _keys(source):
        return 0.0
    forms = [[s, gen._flip(s)] if gen._flip(s) != s else [s] for s in source]
    choices = sum(len(f) == 2 for f in forms)
    return 0.5**choices * _rewrite_odds(_match(copy, forms, story))


def paraphrase_odds(copy: list[gen.Sentence], source: list[gen.Sentence], story) -> float:
    n = len(source)
    if len(copy) != n or n < 5 or sorted(_keys(copy)) != sorted(_keys(source)):
        return 0.0
    flipped = [gen._flip(s) for s in source]
    if _keys(copy[:2] + copy[-2:]) != _keys(flipped[:2] + flipped[-2:]):
        return 0.0
    middle = flipped[2:-2]
    where = {(s.kind, s.index): i for i, s in enumerate(middle)}
    order = [where[(s.kind, s.index)] for s in copy[2:-2]]
    swaps, inversions = len(middle) // 4, _inversions(order)
    if inversions > swaps or (swaps - inversions) % 2:
        return 0.0
    expected = [[flipped[i]] for i in range(2)] + [[middle[i]] for i in order]
    expected += [[flipped[i]] for i in range(n - 2, n)]
    return _rewrite_odds(_match(copy, expected, story)) / _orders(len(middle), swaps)


def summary_odds(copy: list[gen.Sentence], source: list[gen.Sentence], story) -> float:
    expected = [gen._flip(source[0])] + [gen._flip(s) for s in source if s.kind == "core"][:6]
    if _keys(copy) != _keys(expected):
        return 0.0
    return _rewrite_odds(_match(copy, [[e] for e in expected], story))


def likelihood(copy: gen.ArticlePlan, source: gen.ArticlePlan, story: gen.StoryPlan) -> float:
    """P(copy's text | source), summed over the roles (``ROLE_WEIGHTS``)."""
    weights = {k: v / sum(gen.ROLE_WEIGHTS.values()) for k, v in gen.ROLE_WEIGHTS.items()}
    c, s = copy.sentences, source.sentences
    return (
        weights["wire_copy"] * wire_odds(copy, source, story)
        + weights["partial_rewrite"] * partial_odds(c, s, story)
        + weights["paraphrase"] * paraphrase_odds(c, s, story)
        + weights["summary"] * summary_odds(c, s, story)
    )


def _keys(sentences: list[gen.Sentence]) -> list[tuple[str, int]]:
    return [(s.kind, s.index) for s in sentences]


def _inversions(order: list[int]) -> int:
    return sum(1 for i, a in enumerate(order) for b in order[i + 1 :] if a > b)


def _orders(n: int, swaps: int) -> int:
    """How many orders of ``n`` items have at most ``swaps`` inversions of the parity of
    ``swaps`` (Mahonian numbers): the orders a paraphrase's swaps can reach."""
    counts = [1]
    for size in range(2, n + 1):
        nxt = [0] * (len(counts) + size - 1)
        for k, v in enumerate(counts):
            for j in range(size):
                nxt[k + j] += v
        counts = nxt[: swaps + 1]
    return max(1, sum(v for k, v in enumerate(counts) if k <= swaps and (swaps - k) % 2 == 0))


# --- the corpus ------------------------------------------------------------------------


def copies(n_articles: int, seed: int) -> list[Copy]:
    rng, stories = gen.plan_corpus(n_articles, seed)
    found: list[Copy] = []
    for story in stories:
        gen.fill_copies(story, rng)
        found += [_copy(story, a) for a in story.articles[1:]]
        story.articles = []
    return found


def _copy(story: gen.StoryPlan, copy: gen.ArticlePlan) -> Copy:
    original = story.articles[0]
    window, earlier = {}, {}
    candidates = [
        a for a in story.articles
        if a is not copy and a.role != "summary" and a.published <= copy.published - WINDOW[0]
    ]  # fmt: skip
    for source in candidates:
        odds = likelihood(copy, source, story)
        if not odds:
            continue
        prior = (0.6 if source is original else 0.0) + 0.4 / len(candidates)
        earlier[source.file] = odds * prior
        if copy.published - source.published <= WINDOW[1]:
            window[source.file] = odds * prior
    truth = story.articles[copy.parent or 0].file
    return Copy(copy.file, len(story.articles), truth, window, earlier)


def ceilings(found: list[Copy], dates: str = "window") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for low, high in ((1, 50), *SIZES):
        here = [c for c in found if low <= c.size <= high]
        sets = [c.consistent if dates == "window" else c.earlier for c in here]
        if not here:
            continue
        best = [max(s, key=s.__getitem__) for s in sets]
        out[f"{low}-{high}"] = {
            "copies": len(here),
            "true_source_consistent": sum(c.source in s for c, s in zip(here, sets, strict=True)),
            "decidable": sum(len(s) == 1 for s in sets),
            "consistent_sources": dict(sorted(Counter(min(len(s), 5) for s in sets).items())),
            "uniform_ceiling": round(sum(1 / len(s) for s in sets) / len(here), 4),
            "bayes_ceiling": round(
                sum(b == c.source for b, c in zip(best, here, strict=True)) / len(here), 4
            ),
            # files are numbered in publication order: the first consistent source
            "earliest_ceiling": round(
                sum(min(s) == c.source for c, s in zip(here, sets, strict=True)) / len(here), 4
            ),
        }
    return out


# --- the tracer's edges on the same corpus ---------------------------------------------


def traced(store_path: Path) -> tuple[dict[str, tuple[str, str]], dict[str, set[str]]]:
    """Each copy's decided source and direction, and its declared alternatives."""
    from bench_scale import story_edges
    from storytrace.store import Store, _unpack

    with Store(store_path) as store:
        file_of = {
            a: Path(src.split("#")[0]).name
            for a, src in store.db.execute(
                "SELECT a.id, d.source FROM articles a JOIN documents d ON d.id = a.document_id"
            )
        }
        edges, alternatives = set(), {}
        for (blob,) in store.db.execute("SELECT data FROM stories"):
            edges |= story_edges(_unpack(blob), file_of, set(), {}, alternatives)
    return {c: (s, d) for c, s, d in edges}, alternatives


def scored(found: list[Copy], edges: dict, alternatives: dict, dates: str) -> dict[str, Any]:
    """The tracer's decided edges on decidable and undecidable copies, by story size."""
    out: dict[str, Any] = {}
    for low, high in ((1, 50), *SIZES):
        here = [(c, c.consistent if dates == "window" else c.earlier) for c in found]
        here = [(c, s) for c, s in here if low <= c.size <= high]
        groups = {
            "decidable": [(c, s) for c, s in here if len(s) == 1],
            "undecidable": [(c, s) for c, s in here if len(s) > 1],
        }
        out[f"{low}-{high}"] = {k: _score(v, edges, alternatives) for k, v in groups.items()}
    return out


def _score(
    group: list[tuple[Copy, dict[str, float]]], edges: dict, alternatives: dict
) -> dict[str, Any]:
    decided = [
        (c, edges[c.file][0], s)
        for c, s in group
        if c.file in edges and edges[c.file][1] != "unknown"
    ]
    right = [c for c, chosen, _ in decided if chosen == c.source]
    wrong = [(c, chosen, s) for c, chosen, s in decided if chosen != c.source]
    ties = [(c, chosen, s) for c, chosen, s in decided if len(s) > 1]
    declared = sum(
        1 for c, chosen, s in ties if set(s) - {chosen} <= alternatives.get(c.file, set())
    )
    return {
        "copies": len(group),
        "decided": len(decided),
        "decided_precision": round(len(right) / len(decided), 4) if decided else None,
        "wrong": len(wrong),
        "wrong_chose_consistent_source": sum(1 for _, chosen, s in wrong if chosen in s),
        "wrong_chose_inconsistent_source": sum(1 for _, chosen, s in wrong if chosen not in s),
        "decided_with_every_other_consistent_source_declared": declared,
        "decided_ties": len(ties),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--store", type=Path, help="a bench_scale.py store of this corpus")
    parser.add_argument("--name", help="write bench/results/NAME.json")
    args = parser.parse_args()
    found = copies(args.articles, args.seed)
    missing = sum(c.source not in c.consistent for c in found)
    if missing:
        raise SystemExit(f"error: the copy model rejects {missing} true sources")
    result: dict[str, Any] = {
        "articles": args.articles, "seed": args.seed,
        "window": ceilings(found, "window"), "earlier": ceilings(found, "earlier"),
    }  # fmt: skip
    if args.store:
        edges, alternatives = traced(args.store)
        result["traced"] = {
            "earlier": scored(found, edges, alternatives, "earlier"),
            "window": scored(found, edges, alternatives, "window"),
        }
    print(result if not args.name else write_result(args.name, result))


if __name__ == "__main__":
    main()
