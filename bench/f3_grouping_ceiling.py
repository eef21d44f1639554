"""How far pairwise similarity can take grouping on f3-dev news (issue 11, item 2).

For each news rewrite of the chosen fold that the grouping leaves out of its original's
story (a *miss*), where its own original ranks among all stored articles by several
similarity measures: 1 + the number of other pairs' articles closer to the rewrite than
its original (its own pair's other rewrites do not compete). The measures, each a cosine:

- ``storytrace``: the grouping's own TF-IDF cosine of the stored content words (boilerplate
  sentences left out, as the grouping sees them once every article is in);
- ``words``: sublinear TF-IDF over lower-cased words, English stop words out;
- ``bigrams``: sublinear TF-IDF over lower-cased word bigrams;
- ``names``: numbers and the words the corpus writes capitalised inside a sentence more
  often than not, matched lower-cased (so a lower-cased original still has its names);
- ``rare``: content words weighted by their general-language rarity, 8 minus the Zipf
  frequency of the ``wordfreq`` package (skipped when it is not installed);
- ``idf2``: content words weighted by the corpus IDF squared (distinctive words).

Then the trade-off any grouping by one pairwise similarity can reach on the fold: every
two articles at a cosine of at least t linked (single link, all articles of the store
competing), and each article linked only to its nearest neighbour when at that cosine
(``nearest``); together and apart of the fold's news rewrites over a sweep of t.

    .venv/bin/python bench/f3_grouping_ceiling.py --store /tmp/f3.db --fold 0 --name f3-ceiling
"""

from __future__ import annotations

import argparse
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.preprocessing import normalize

from common import base_parser, group_options, shared_dir, write_result
from eval_f3 import documents, group_only, grouping_rows
from f3_data import F3Pair, fold, load_pairs
from storytrace.config import Config
from storytrace.group import StoryFeatures
from storytrace.group.decision import CorpusStats
from storytrace.store import Store

_WORD = re.compile(r"[^\W_]+")
_LETTERS = re.compile(r"(?u)\b[^\W\d_]{2,}\b")
_MID_SENTENCE_CAPITAL = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+")
THRESHOLDS = [round(0.05 * i, 2) for i in range(2, 19)]
RANK_BINS = ((1, 1), (2, 3), (4, 10), (11, 10**9))


def texts_by_key(pairs: list[F3Pair]) -> dict[str, str]:
    found: dict[str, str] = {}
    for p in pairs:
        found.setdefault(f"o:{p.original_key}", p.original)
        found.setdefault(f"r:{p.uuid}", p.rewrite)
    return found


def tfidf(texts: list[str], **kwargs: Any) -> csr_matrix:
    return TfidfVectorizer(sublinear_tf=True, **kwargs).fit_transform(texts)


def name_words(texts: list[str]) -> set[str]:
    """Words written capitalised inside a sentence more often than in lower case."""
    capital = Counter(m.group().lower() for t in texts for m in _MID_SENTENCE_CAPITAL.finditer(t))
    lower = Counter(w for t in texts for w in _WORD.findall(t) if w.islower())
    return {w for w, n in capital.items() if n > lower[w] and w not in ENGLISH_STOP_WORDS}


def names_matrix(texts: list[str]) -> csr_matrix:
    names = name_words(texts)

    def analyse(text: str) -> list[str]:
        words = (w.lower() for w in _WORD.findall(text))
        return [w for w in words if w in names or any(c.isdigit() for c in w)]

    return tfidf(texts, analyzer=analyse)


def weighted_words(texts: list[str], weight: Callable[[str], float]) -> csr_matrix:
    """Sublinear counts of content words times a per-word weight, rows L2-normalised."""
    counts = TfidfVectorizer(
        use_idf=False, norm=None, sublinear_tf=True, stop_words="english", token_pattern=None
    )
    counts.set_params(tokenizer=_LETTERS.findall, lowercase=True)
    matrix = counts.fit_transform(texts).tocsc()
    vocabulary = counts.get_feature_names_out()
    scale = np.array([weight(w) for w in vocabulary])
    return normalize(csr_matrix(matrix.multiply(scale[None, :])))


def rare_matrix(texts: list[str]) -> csr_matrix | None:
    try:
        from wordfreq import zipf_frequency
    except ImportError:
        return None
    return weighted_words(texts, lambda w: max(0.0, 8.0 - zipf_frequency(w, "en")))


def idf2_matrix(texts: list[str]) -> csr_matrix:
    df = Counter(w for t in texts for w in set(_LETTERS.findall(t.lower())))
    n = len(texts)
    return weighted_words(texts, lambda w: (math.log((1 + n) / (1 + df[w])) + 1) ** 2)


def storytrace_matrix(store: Store, keys: list[str], key_of: dict[str, str]) -> csr_matrix:
    """The grouping's own vectors once every stored article has been counted."""
    stats = CorpusStats(boilerplate_documents=Config().group.boilerplate_documents)
    features = [StoryFeatures.from_dict(data) for data, _ in store.story_features()]
    for f in features:
        stats.add(f)
    position = {k: i for i, k in enumerate(keys)}
    vocabulary: dict[str, int] = {}
    rows, cols, values = [], [], []
    for f in features:
        row = position.get(key_of.get(store.article(f.article_id).document_id, ""))
        if row is None:
            continue
        vector, _ = stats.vector(f)
        for term, value in vector.items():
            rows.append(row)
            cols.append(vocabulary.setdefault(term, len(vocabulary)))
            values.append(value)
    return normalize(csr_matrix((values, (rows, cols)), shape=(len(keys), len(vocabulary))))


def measures(pairs: list[F3Pair], store: Store, keys: list[str]) -> dict[str, np.ndarray]:
    texts_of = texts_by_key(pairs)
    texts = [texts_of[k] for k in keys]
    _, key_of = documents(pairs)
    found = {
        "storytrace": storytrace_matrix(store, keys, key_of),
        "words": tfidf(texts, stop_words="english", token_pattern=_LETTERS.pattern),
        "bigrams": tfidf(texts, ngram_range=(2, 2), token_pattern=r"(?u)\b\w+\b"),
        "names": names_matrix(texts),
        "rare": rare_matrix(texts),
        "idf2": idf2_matrix(texts),
    }
    return {name: cosines(m) for name, m in found.items() if m is not None}


def cosines(matrix: csr_matrix) -> np.ndarray:
    dense = (matrix @ matrix.T).toarray()
    np.fill_diagonal(dense, 0.0)
    return dense


def owners(pairs: list[F3Pair], keys: list[str]) -> np.ndarray:
    """Per article (by position in ``keys``) the original key of its pair."""
    owner = {}
    for p in pairs:
        owner[f"o:{p.original_key}"] = owner[f"r:{p.uuid}"] = p.original_key
    return np.array([owner[k] for k in keys])


def rank_of_original(sim: np.ndarray, owner: np.ndarray, r: int, o: int) -> int:
    """1 + the other pairs' articles closer to rewrite ``r`` than its original ``o``."""
    others = owner != owner[r]
    return 1 + int(np.count_nonzero(sim[r, others] > sim[r, o]))


def rank_of_pair(sim: np.ndarray, owner: np.ndarray, r: int) -> int:
    """1 + the other pairs' articles closer to rewrite ``r`` than the closest article of
    its own pair (its original or another rewrite of it)."""
    mine = owner == owner[r]
    mine[r] = False
    return 1 + int(np.count_nonzero(sim[r, ~mine] > sim[r, mine].max()))


def rank_bins(ranks: list[int]) -> dict[str, int]:
    return {
        (f"{lo}" if lo == hi else f"{lo}+" if hi > 10**6 else f"{lo}-{hi}"): sum(
            lo <= x <= hi for x in ranks
        )
        for lo, hi in RANK_BINS
    }


def miss_ranks(
    sims: dict[str, np.ndarray], owner: np.ndarray, where: dict[str, int], misses: list[F3Pair]
) -> dict[str, Any]:
    ranks = {
        name: [
            rank_of_original(s, owner, where[f"r:{p.uuid}"], where[f"o:{p.original_key}"])
            for p in misses
        ]
        for name, s in sims.items()
    }
    pair_ranks = {
        name: [rank_of_pair(s, owner, where[f"r:{p.uuid}"]) for p in misses]
        for name, s in sims.items()
    }
    per_miss = [
        {
            "uuid": p.uuid,
            "source": p.source,
            "label": p.label,
            "prompt": p.prompt,
            **{n: ranks[n][i] for n in ranks},
            **{f"{n}_pair": pair_ranks[n][i] for n in ranks},
        }
        for i, p in enumerate(misses)
    ]
    return {
        "rewrites": len(misses),
        "rank_bins": {n: rank_bins(r) for n, r in ranks.items()},
        "pair_rank_bins": {n: rank_bins(r) for n, r in pair_ranks.items()},
        "first_by_any_measure": first_by_any(ranks, len(misses)),
        "pair_first_by_any_measure": first_by_any(pair_ranks, len(misses)),
        "per_rewrite": per_miss,
    }


def first_by_any(ranks: dict[str, list[int]], n: int) -> int:
    return sum(any(r[i] == 1 for r in ranks.values()) for i in range(n))


def components(edges: np.ndarray) -> np.ndarray:
    graph = csr_matrix(edges)
    return connected_components(graph, directed=False)[1]


def scores(label: np.ndarray, owner: np.ndarray, chosen: list[tuple[int, int]]) -> dict:
    together = np.mean([label[r] == label[o] for r, o in chosen])
    mixed = {}
    for lab, own in zip(label, owner, strict=True):
        mixed.setdefault(lab, set()).add(own)
    apart = np.mean([len(mixed[label[r]]) == 1 for r, _ in chosen])
    return {"together": round(float(together), 3), "apart": round(float(apart), 3)}


def tradeoff(sim: np.ndarray, owner: np.ndarray, chosen: list[tuple[int, int]]) -> dict:
    """Together / apart of the chosen rewrites over the threshold sweep, two ways."""
    nearest = np.zeros_like(sim, dtype=bool)
    nearest[np.arange(len(sim)), sim.argmax(axis=1)] = True
    found: dict[str, list[dict]] = {"single_link": [], "nearest": []}
    for t in THRESHOLDS:
        above = sim >= t
        for name, edges in (("single_link", above), ("nearest", above & nearest)):
            found[name].append({"threshold": t, **scores(components(edges), owner, chosen)})
    return found


def best_points(curve: list[dict]) -> dict[str, Any]:
    """The best together with apart at least 0.95, and the best apart with together 0.97."""
    apart_ok = [c for c in curve if c["apart"] >= 0.95]
    together_ok = [c for c in curve if c["together"] >= 0.97]
    return {
        "together_at_apart_0.95": max((c["together"] for c in apart_ok), default=None),
        "apart_at_together_0.97": max((c["apart"] for c in together_ok), default=None),
        "best_sum": max(curve, key=lambda c: c["together"] + c["apart"]),
    }


def ceiling(missed: dict, every: dict, n: int, together: int) -> dict[str, Any]:
    """Together if every miss whose own pair is the closest by a measure were fixed (and
    no other article moved), and the share of all rewrites whose own pair is closest."""
    first = {name: bins["1"] for name, bins in missed["pair_rank_bins"].items()}
    first["any"] = missed["pair_first_by_any_measure"]
    nearest = {name: bins["1"] / n for name, bins in every["pair_rank_bins"].items()}
    nearest["any"] = every["pair_first_by_any_measure"] / n
    return {
        "misses_fixable": first,
        "together_if_fixed": {k: round((together + v) / n, 3) for k, v in first.items()},
        "own_pair_closest_share": {k: round(v, 3) for k, v in nearest.items()},
    }


def apart_ceiling(
    sims: dict[str, np.ndarray],
    owner: np.ndarray,
    story: np.ndarray,
    not_apart: list[int],
    n: int,
) -> dict[str, Any]:
    """Of the rewrites whose story holds another pair's article, those whose every such
    article has its own pair as its closest text: a rule that sends each article to its
    own pair's story would free them. Apart if they were all freed and nothing else moved."""
    freed = {
        name: sum(
            all(rank_of_pair(sim, owner, x) == 1 for x in intruders(owner, story, r))
            for r in not_apart
        )
        for name, sim in sims.items()
    }
    return {
        "not_apart": len(not_apart),
        "freed": freed,
        "apart_if_freed": {k: round((n - len(not_apart) + v) / n, 3) for k, v in freed.items()},
    }


def intruders(owner: np.ndarray, story: np.ndarray, r: int) -> list[int]:
    """The articles of other pairs in rewrite ``r``'s story."""
    return [int(x) for x in np.flatnonzero((story == story[r]) & (owner != owner[r]))]


def run(pairs: list[F3Pair], store: Store, folds: set[int], config: Config) -> dict[str, Any]:
    keys = list(texts_by_key(pairs))
    where = {k: i for i, k in enumerate(keys)}
    owner = owners(pairs, keys)
    story_of, _ = group_only(pairs, store, config, 1, ingest=False)
    rows = grouping_rows(pairs, story_of)
    news = [
        (p, row)
        for p, row in zip(pairs, rows, strict=True)
        if p.kind == "news" and fold(p) in folds
    ]
    misses = [p for p, row in news if not row["together"]]
    sims = measures(pairs, store, keys)
    chosen = [(where[f"r:{p.uuid}"], where[f"o:{p.original_key}"]) for p, _ in news]
    curves = {name: tradeoff(s, owner, chosen) for name, s in sims.items()}
    story = np.array([story_of.get(k, f"alone:{k}") for k in keys])
    not_apart = [where[f"r:{p.uuid}"] for p, row in news if not row["apart"]]
    missed = miss_ranks(sims, owner, where, misses)
    every = miss_ranks(sims, owner, where, [p for p, _ in news])
    return {
        "folds": sorted(folds),
        "grouping": {
            "together": round(float(np.mean([r["together"] for _, r in news])), 3),
            "apart": round(float(np.mean([r["apart"] for _, r in news])), 3),
            "rewrites": len(news),
        },
        "miss_ranks": missed,
        "all_ranks": {k: v for k, v in every.items() if k != "per_rewrite"},
        "ceiling": ceiling(missed, every, len(news), len(news) - len(misses)),
        "apart_ceiling": apart_ceiling(sims, owner, story, not_apart, len(news)),
        "tradeoff": curves,
        "best": {n: {way: best_points(c) for way, c in ways.items()} for n, ways in curves.items()},
    }


def main() -> None:
    parser = base_parser(__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True, help="an eval_f3 --keep-store store")
    parser.add_argument("--fold", type=int, choices=(0, 1), help="only this fold (default both)")
    parser.add_argument("--name", default="f3-grouping-ceiling", help="result file name")
    args: argparse.Namespace = parser.parse_args()
    pairs = load_pairs(shared_dir(args.shared, "bench", "f3-dev"))
    folds = {args.fold} if args.fold is not None else {0, 1}
    config = replace(Config(), group=group_options(args.group))
    with Store(args.store) as store:
        result = run(pairs, store, folds, config)
    print("grouping", result["grouping"])
    missed = result["miss_ranks"]
    print("misses", missed["rewrites"], "original's rank", missed["rank_bins"])
    print("own pair's rank", missed["pair_rank_bins"])
    print("ceiling", result["ceiling"])
    print("apart ceiling", result["apart_ceiling"])
    for name, ways in result["best"].items():
        print(name, ways)
    print("->", write_result(args.name, {**result, "group_options": args.group or []}))


if __name__ == "__main__":
    main()
