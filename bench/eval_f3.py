"""storytrace on real AI rewrites of real news (``../shared/bench/f3-dev``), next to a
word-bigram-overlap baseline measured in the same run.

- **together**: every original and rewrite of the selected pairs is ingested into one store
  and grouped by ``update_stories``; the share of rewrites in their original's story.
- **apart**: the share of rewrites whose story holds no article of another original; also
  given with the articles of near-duplicate originals allowed (two originals that are
  essentially one text, word-bigram overlap at least 0.8), labelled ``apart_but_twins``.
- **link**: ``trace_story`` on (original, rewrite) and on (random other original of the same
  source, rewrite), fixed seed; a link is any derivation edge between the two. Precision,
  recall and F1; the baseline links a pair when the overlap coefficient of the word
  bigrams reaches a threshold fitted on fold 0.
- **direction**: on the true pairs, the share of links pointing the right way (rewrite
  derived from the original), the wrong way, and left in unknown order; undated, and
  dated (the original a day earlier). The baseline calls the longer text the original.

Each figure is given overall and by source and prompt type, news and tweets apart.
Fit on fold 0 (``--fold 0``), report fold 1 too.

    nice -n 10 .venv/bin/python bench/eval_f3.py [--fold 0|1] [--limit N] [--workers 2]
    nice -n 10 .venv/bin/python bench/eval_f3.py --fold 0 --fit 250   # the retelling fit
    # links and direction alone (ingest, no grouping): ~2 min CPU; again from a kept store:
    nice -n 10 .venv/bin/python bench/eval_f3.py --fold 0 --only link --keep-store /tmp/l.db
    nice -n 10 .venv/bin/python bench/eval_f3.py --fold 0 --only link --from-store /tmp/l.db
    # grouping alone (no trace); keep the store, then regroup it in seconds with new options:
    nice -n 10 .venv/bin/python bench/eval_f3.py --only grouping --keep-store /tmp/f3.db
    nice -n 10 .venv/bin/python bench/eval_f3.py --only grouping --from-store /tmp/f3.db
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from common import base_parser, f1, group_options, shared_dir, write_result
from f3_data import F3Pair, fold, load_pairs
from storytrace.config import Config
from storytrace.group import Assignment, StoryFeatures, StoryIndex
from storytrace.model import Article, Document
from storytrace.pipeline import fact_sheet, ingest_documents, update_stories
from storytrace.read import FactSheet
from storytrace.store import Store
from storytrace.trace import trace_story

SEED = 11
_WORD = re.compile(r"[^\W_]+")
MISSING = "(no article)"
NEAR_DUPLICATE = 0.8  # bigram overlap from which two originals are essentially one text
DAY_ONE, DAY_TWO = "2020-03-01", "2020-03-02"


def bigrams(text: str) -> set[tuple[str, str]]:
    words = _WORD.findall(text.lower())
    return set(zip(words, words[1:], strict=False))


def bigram_overlap(a: str, b: str) -> float:
    """Share of the smaller text's word bigrams that the other has (the baseline)."""
    x, y = bigrams(a), bigrams(b)
    return len(x & y) / min(len(x), len(y)) if x and y else 0.0


# -- data -----------------------------------------------------------------------------------


def select(pairs: list[F3Pair], folds: set[int], limit: int | None) -> list[F3Pair]:
    chosen = [p for p in pairs if fold(p) in folds]
    if limit:
        chosen = random.Random(SEED).sample(chosen, min(limit, len(chosen)))
    return chosen


def documents(pairs: list[F3Pair]) -> tuple[list[Document], dict[str, str]]:
    """One document per distinct original and per rewrite; document id -> text key
    (``o:<original key>`` or ``r:<uuid>``)."""
    found: dict[str, Document] = {}
    keys: dict[str, str] = {}
    for p in pairs:
        for key, text in ((f"o:{p.original_key}", p.original), (f"r:{p.uuid}", p.rewrite)):
            doc = Document(source=f"f3/{key}", format="text", text=text)
            if doc.id not in keys:
                found[key] = doc
                keys[doc.id] = key
    return list(found.values()), keys


def negatives(pairs: list[F3Pair]) -> dict[str, F3Pair]:
    """Each rewrite's negative: a random other original of the same source and kind."""
    by_source: dict[tuple[str, str], list[F3Pair]] = defaultdict(list)
    for p in pairs:
        by_source[(p.source, p.kind)].append(p)
    rng = random.Random(SEED)
    found = {}
    for p in pairs:
        others = [q for q in by_source[(p.source, p.kind)] if q.original_key != p.original_key]
        if others:
            found[p.uuid] = rng.choice(others)
    return found


# -- grouping ---------------------------------------------------------------------------------


def ingest_and_group(
    pairs: list[F3Pair], store: Store, config: Config, workers: int
) -> tuple[dict[str, list[tuple[Article, FactSheet]]], dict[str, str]]:
    """Articles (with fact sheets) by text key, and text key -> story id."""
    docs, keys = documents(pairs)
    ingest_documents(docs, store, config, workers=workers)
    update_stories(store, config, workers=workers)
    members: dict[str, list[tuple[Article, FactSheet]]] = defaultdict(list)
    story_of: dict[str, str] = {}
    for story_id, ids in store.story_members().items():
        for article_id in ids:
            article = store.article(article_id)
            key = keys[article.document_id]
            members[key].append((article, fact_sheet(article, store.facts(article_id), config)))
            story_of.setdefault(key, story_id)
    return members, story_of


def ingested(
    pairs: list[F3Pair], store: Store, config: Config, workers: int, ingest: bool
) -> dict[str, list[tuple[Article, FactSheet]]]:
    """Articles (with fact sheets) by text key, every article of the store, without
    grouping: what :func:`link_rows` needs. With ``ingest`` false the store is one an
    earlier ``--keep-store`` run left."""
    docs, keys = documents(pairs)
    if ingest:
        ingest_documents(docs, store, config, workers=workers)
    members: dict[str, list[tuple[Article, FactSheet]]] = defaultdict(list)
    for article in store.articles():
        key = keys.get(article.document_id)
        if key:
            members[key].append((article, fact_sheet(article, store.facts(article.id), config)))
    return members


def group_only(
    pairs: list[F3Pair], store: Store, config: Config, workers: int, ingest: bool
) -> tuple[dict[str, str], dict[str, str]]:
    """Text key -> story id from the grouping stage alone: the stored features of every
    article replayed through a :class:`StoryIndex` in arrival order (what
    ``update_stories`` does on a fresh store), without analysing the stories. With
    ``ingest`` false the store is one an earlier ``--keep-store`` run left, regrouped with
    the current options. Also, rewrite key -> how its original's story fared when the
    rewrite arrived (see :func:`step_at_arrival`)."""
    docs, keys = documents(pairs)
    if ingest:
        ingest_documents(docs, store, config, workers=workers)
    index = StoryIndex(config.group)
    article_of: dict[str, str] = {}  # text key -> article id
    original_of = {f"r:{p.uuid}": f"o:{p.original_key}" for p in pairs}
    steps: dict[str, str] = {}
    for data, _ in store.story_features():
        features = StoryFeatures.from_dict(data)
        key = keys.get(store.article(features.article_id).document_id)
        original = article_of.get(original_of.get(key or "", ""))
        before = index.story_of(original) if original else None
        assignment = index.add(features)
        if key:
            article_of.setdefault(key, features.article_id)
        if key in original_of:
            steps[key] = step_at_arrival(assignment, before)
    index.settle()
    story_of = {key: index.story_of(article_id) for key, article_id in article_of.items()}
    return story_of, steps


def step_at_arrival(assignment: Assignment, original_story: str | None) -> str:
    """Where a rewrite stood against its original's story when it arrived: ``joined``,
    ``no candidate`` (no member of that story was scored), the story's
    :attr:`StoryVote.outcome` otherwise, or ``original later`` (not yet in the index)."""
    if original_story is None:
        return "original later"
    vote = next((v for v in assignment.votes if v.story_id == original_story), None)
    return "no candidate" if vote is None else vote.outcome


def misses_by_step(pairs: list[F3Pair], rows: list[dict[str, Any]], steps: dict[str, str]) -> Any:
    """News rewrites not in their original's story, counted by source and by the step at
    which they were lost (``joined`` here means they joined it, then the story merged away)."""
    found: dict[str, Counter[str]] = defaultdict(Counter)
    for p, row in zip(pairs, rows, strict=True):
        if p.kind == "news" and not row["together"]:
            found[p.source][steps.get(f"r:{p.uuid}", MISSING)] += 1
    return {source: dict(sorted(counts.items())) for source, counts in sorted(found.items())}


def near_duplicates(pairs: list[F3Pair]) -> dict[str, set[str]]:
    """Original key -> the other originals of its source and kind that are essentially the
    same text (word-bigram overlap at least ``NEAR_DUPLICATE``: one publisher's notes that
    differ by a sentence or a date). Grouping rightly puts them in one story, so **apart**
    is also given with them allowed."""
    by_source: dict[tuple[str, str], dict[str, set[tuple[str, str]]]] = defaultdict(dict)
    for p in pairs:
        by_source[(p.source, p.kind)].setdefault(p.original_key, bigrams(p.original))
    found: dict[str, set[str]] = defaultdict(set)
    for grams in by_source.values():
        keys = sorted(grams)
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                x, y = grams[a], grams[b]
                if x and y and len(x & y) / min(len(x), len(y)) >= NEAR_DUPLICATE:
                    found[a].add(b)
                    found[b].add(a)
    return found


def near_duplicate_counts(pairs: list[F3Pair]) -> dict[str, int]:
    """How many originals of each kind have a near-duplicate original (see above)."""
    twins = near_duplicates(pairs)
    kinds = {p.original_key: p.kind for p in pairs}
    return dict(sorted(Counter(kinds[k] for k in twins).items()))


def grouping_rows(pairs: list[F3Pair], story_of: dict[str, str]) -> list[dict[str, Any]]:
    """Per rewrite: ``together``, ``apart`` and ``apart_but_twins`` (apart when articles
    of near-duplicate originals of its own, :func:`near_duplicates`, are allowed)."""
    twins = near_duplicates(pairs)
    owner: dict[str, set[str]] = defaultdict(set)  # story -> original keys of its articles
    story_of = defaultdict(lambda: MISSING, story_of)  # a text cleaning left empty
    for p in pairs:
        for key in (f"o:{p.original_key}", f"r:{p.uuid}"):
            owner[story_of[key]].add(p.original_key)
    rows = []
    for p in pairs:
        story = story_of[f"r:{p.uuid}"]
        rows.append(
            {
                **_tags(p),
                "together": story == story_of[f"o:{p.original_key}"] != MISSING,
                "apart": owner[story] == {p.original_key},
                "apart_but_twins": owner[story] <= {p.original_key} | twins[p.original_key],
            }
        )
    return rows


def baseline_groups(pairs: list[F3Pair], threshold: float) -> dict[str, str]:
    """Union of every two texts whose bigram overlap reaches ``threshold`` (checked only
    between texts sharing a rare bigram, so the run stays short)."""
    texts: dict[str, str] = {}
    for p in pairs:
        texts[f"o:{p.original_key}"] = p.original
        texts[f"r:{p.uuid}"] = p.rewrite
    keys = list(texts)
    grams = {k: bigrams(texts[k]) for k in keys}
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        for g in grams[k]:
            postings[g].append(i)
    parent = list(range(len(keys)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, k in enumerate(keys):
        seen = {j for g in grams[k] if len(postings[g]) <= 50 for j in postings[g] if j > i}
        for j in seen:
            x, y = grams[k], grams[keys[j]]
            if x and y and len(x & y) / min(len(x), len(y)) >= threshold:
                parent[find(i)] = find(j)
    return {k: f"b{find(i)}" for i, k in enumerate(keys)}


def baseline_grouping(pairs: list[F3Pair]) -> tuple[float, list[dict[str, Any]]]:
    """The baseline's grouping at the threshold with the best mean of together and apart on
    fold 0 (coarse grid), and its rows."""
    best: tuple[float, float, list[dict[str, Any]]] | None = None
    for threshold in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6):
        rows = grouping_rows(pairs, baseline_groups(pairs, threshold))
        fit = [r for r in rows if r["fold"] == 0] or rows
        score = sum(r["together"] + r["apart"] for r in fit) / (2 * len(fit))
        if best is None or score > best[0]:
            best = (score, threshold, rows)
    assert best is not None
    return best[1], best[2]


# -- links and direction ------------------------------------------------------------------------


def dated(members: list[tuple[Article, FactSheet]], day: str) -> list[tuple[Article, FactSheet]]:
    return [
        (replace(a, metadata=replace(a.metadata, published=day, published_from="input")), s)
        for a, s in members
    ]


def trace_call(original: list, rewrite: list, config: Config) -> tuple[str, str]:
    """(link, way): link ``yes``/``no``; way ``right``/``wrong``/``unknown``/``none``."""
    trace = trace_story([*original, *rewrite], config.trace)
    orig_ids = {a.id for a, _ in original}
    rew_ids = {a.id for a, _ in rewrite}
    right = wrong = unknown = False
    for d in trace.derivations:
        if d.derived_from is None:
            continue
        between = (d.article_id in rew_ids and d.derived_from in orig_ids) or (
            d.article_id in orig_ids and d.derived_from in rew_ids
        )
        if not between:
            continue
        if getattr(d, "direction", None) == "unknown":
            unknown = True
        elif d.article_id in rew_ids:
            right = True
        else:
            wrong = True
    if not (right or wrong or unknown):
        return "no", "none"
    return "yes", "right" if right else "wrong" if wrong else "unknown"


def link_rows(
    pairs: list[F3Pair],
    members: dict[str, list[tuple[Article, FactSheet]]],
    config: Config,
) -> list[dict[str, Any]]:
    rows = []
    negs = negatives(pairs)
    for p in pairs:
        orig, rew = members.get(f"o:{p.original_key}"), members.get(f"r:{p.uuid}")
        if not orig or not rew:
            continue  # cleaning left one side empty (counted in "missing")
        link, way = trace_call(orig, rew, config)
        _, way_dated = trace_call(dated(orig, DAY_ONE), dated(rew, DAY_TWO), config)
        row = {
            **_tags(p),
            "positive": True,
            "link": link == "yes",
            "way": way,
            "way_dated": way_dated,
            "baseline": bigram_overlap(p.original, p.rewrite),
            "baseline_way": "right" if len(p.original) >= len(p.rewrite) else "wrong",
        }
        rows.append(row)
        neg = negs.get(p.uuid)
        if neg is not None and members.get(f"o:{neg.original_key}"):
            link, _ = trace_call(members[f"o:{neg.original_key}"], rew, config)
            rows.append(
                {
                    **_tags(p),
                    "positive": False,
                    "link": link == "yes",
                    "baseline": bigram_overlap(neg.original, p.rewrite),
                }
            )
    return rows


def fit_retelling(
    pairs: list[F3Pair], members: dict[str, list[tuple[Article, FactSheet]]], sample: int
) -> dict[str, Any]:
    """Fit ``TraceOptions.retelling_*`` (logistic regression, C=10) on ``sample`` rewrites
    with their original and their negative; precision and recall by threshold."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from storytrace.trace.evidence import profile, retelling_features

    negs = negatives(pairs)
    rows, labels = [], []
    for p in random.Random(SEED).sample(pairs, min(sample, len(pairs))):
        rewrite = members.get(f"r:{p.uuid}")
        for label, key in (
            (1, p.original_key),
            (0, negs[p.uuid].original_key if p.uuid in negs else None),
        ):
            source = members.get(f"o:{key}")
            if rewrite and source:
                copy, src = (profile(a, s, []) for a, s in (rewrite[0], source[0]))
                rows.append(retelling_features(copy, src))
                labels.append(label)
    x, y = np.array(rows), np.array(labels)
    model = LogisticRegression(C=10, max_iter=1000).fit(x, y)
    scores = model.predict_proba(x)[:, 1]
    table = {}
    for t in (0.3, 0.4, 0.5, 0.6):
        tp = int(((scores >= t) & (y == 1)).sum())
        table[t] = {
            "precision": round(tp / max(1, (scores >= t).sum()), 4),
            "recall": round(tp / y.sum(), 4),
        }
    return {
        "weights": [round(float(w), 2) for w in model.coef_[0]],
        "bias": round(float(model.intercept_[0]), 2),
        "rows": len(y),
        "by_threshold": table,
    }


# -- scoring ----------------------------------------------------------------------------------


def _tags(p: F3Pair) -> dict[str, Any]:
    return {
        "uuid": p.uuid,
        "source": p.source,
        "kind": p.kind,
        "prompt": f"{p.label}/{p.prompt}",
        "fold": fold(p),
    }


def prf(rows: list[dict[str, Any]], called: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    tp = sum(1 for r in rows if r["positive"] and called(r))
    fp = sum(1 for r in rows if not r["positive"] and called(r))
    fn = sum(1 for r in rows if r["positive"] and not called(r))
    p = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(rc, 4), "f1": round(f1(p, rc), 4)}


def best_threshold(rows: list[dict[str, Any]]) -> float:
    """The bigram-overlap threshold with the best link F1 on ``rows``."""
    grid = [i / 100 for i in range(1, 100)]
    return max(grid, key=lambda t: prf(rows, lambda r: r["baseline"] >= t)["f1"])


def shares(rows: list[dict[str, Any]], field: str) -> dict[str, Any]:
    counts: dict[str, int] = defaultdict(int)
    for r in rows:
        counts[str(r[field])] += 1
    return {k: round(v / len(rows), 4) for k, v in sorted(counts.items())} | {"n": len(rows)}


def by_slice(
    rows: list[dict[str, Any]], score: Callable[[list[dict[str, Any]]], dict[str, Any]]
) -> dict[str, Any]:
    """``score`` overall, by kind, by kind and source, by kind and prompt, by fold."""
    out: dict[str, Any] = {"all": score(rows)}
    for name, key in (
        ("kind", lambda r: r["kind"]),
        ("source", lambda r: f"{r['kind']}/{r['source']}"),
        ("prompt", lambda r: f"{r['kind']}/{r['prompt']}"),
        ("fold", lambda r: f"{r['kind']}/fold{r['fold']}"),
    ):
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in rows:
            groups[key(r)].append(r)
        out[name] = {k: score(v) for k, v in sorted(groups.items())}
    return out


def direction_score(field: str) -> Callable[[list[dict[str, Any]]], dict[str, Any]]:
    def score(rows: list[dict[str, Any]]) -> dict[str, Any]:
        linked = [r for r in rows if r["positive"] and r[field] != "none"]
        if not linked:
            return {"n": 0}
        return shares(linked, field)

    return score


def mean_of(field: str) -> Callable[[list[dict[str, Any]]], dict[str, Any]]:
    def score(rows: list[dict[str, Any]]) -> dict[str, Any]:
        return {"share": round(sum(r[field] for r in rows) / len(rows), 4), "n": len(rows)}

    return score


# -- run --------------------------------------------------------------------------------------


def fit(pairs: list[F3Pair], workers: int, sample: int, config: Config) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "f3.db") as store:
        members = ingested(pairs, store, config, workers, ingest=True)
    return fit_retelling(pairs, members, sample)


def run(
    pairs: list[F3Pair], workers: int, config: Config, keep: Path | None = None
) -> dict[str, Any]:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, Store(keep or Path(tmp) / "f3.db") as store:
        members, story_of = ingest_and_group(pairs, store, config, workers)
    grouped = time.perf_counter()
    links = link_rows(pairs, members, config)
    traced = time.perf_counter()
    group_rows = grouping_rows(pairs, story_of)
    group_threshold, base_rows = baseline_grouping(pairs)
    linked = link_result(links)
    return {
        "pairs": len(pairs),
        "missing": sorted(
            {k for p in pairs for k in (f"o:{p.original_key}", f"r:{p.uuid}")} - set(members)
        ),
        "seconds": {"group": round(grouped - started, 1), "trace": round(traced - grouped, 1)},
        "baseline_threshold": {**linked.pop("baseline_threshold"), "group": group_threshold},
        "together": by_slice(group_rows, mean_of("together")),
        "apart": by_slice(group_rows, mean_of("apart")),
        "apart_but_twins": by_slice(group_rows, mean_of("apart_but_twins")),
        "near_duplicate_originals": near_duplicate_counts(pairs),
        **linked,
        "baseline": {
            "together": by_slice(base_rows, mean_of("together")),
            "apart": by_slice(base_rows, mean_of("apart")),
            **linked["baseline"],
        },
        "link_misses": link_misses(links),
    }


def link_misses(links: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The news rows the trace got wrong: rewrites not linked to their own original
    (``missed``) and rewrites linked to another original (``false``)."""
    news = [r for r in links if r["kind"] == "news"]
    keep = ("uuid", "source", "prompt", "fold", "baseline")
    return {
        "missed": [{k: r[k] for k in keep} for r in news if r["positive"] and not r["link"]],
        "false": [{k: r[k] for k in keep} for r in news if not r["positive"] and r["link"]],
    }


def link_result(links: list[dict[str, Any]]) -> dict[str, Any]:
    """Link and direction figures with the bigram baseline, from :func:`link_rows`."""
    fit_rows = [r for r in links if r["fold"] == 0] or links
    threshold = best_threshold(fit_rows)
    base_way = [{**r, "way": r["baseline_way"]} for r in links if r["positive"]]
    return {
        "link": by_slice(links, lambda rs: prf(rs, lambda r: r["link"])),
        "direction_undated": by_slice(links, direction_score("way")),
        "direction_dated": by_slice(links, direction_score("way_dated")),
        "baseline_threshold": {"link": threshold},
        "baseline": {
            "link": by_slice(links, lambda rs: prf(rs, lambda r: r["baseline"] >= threshold)),
            "direction_longer_is_original": by_slice(base_way, direction_score("way")),
        },
    }


def run_links(
    pairs: list[F3Pair], workers: int, config: Config, keep: Path | None, reuse: Path | None
) -> dict[str, Any]:
    """Only link and direction (and their baseline): ingest, no grouping."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, Store(reuse or keep or Path(tmp) / "f3.db") as store:
        members = ingested(pairs, store, config, workers, ingest=reuse is None)
    read = time.perf_counter()
    cpu = time.process_time()
    links = link_rows(pairs, members, config)
    return {
        "pairs": len(pairs),
        "only": "link",
        "seconds": {
            "ingest": round(read - started, 1),
            "trace": round(time.perf_counter() - read, 1),
            "trace_cpu": round(time.process_time() - cpu, 1),
        },
        **link_result(links),
        "link_misses": link_misses(links),
    }


def run_grouping(
    pairs: list[F3Pair], workers: int, config: Config, keep: Path | None, reuse: Path | None
) -> dict[str, Any]:
    """Only together and apart (and their baseline): no trace, no story analysis."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, Store(reuse or keep or Path(tmp) / "f3.db") as store:
        story_of, steps = group_only(pairs, store, config, workers, ingest=reuse is None)
    grouped = time.perf_counter()
    group_threshold, base_rows = baseline_grouping(pairs)
    group_rows = grouping_rows(pairs, story_of)
    return {
        "pairs": len(pairs),
        "only": "grouping",
        "seconds": {"group": round(grouped - started, 1)},
        "baseline_threshold": {"group": group_threshold},
        "together": by_slice(group_rows, mean_of("together")),
        "apart": by_slice(group_rows, mean_of("apart")),
        "apart_but_twins": by_slice(group_rows, mean_of("apart_but_twins")),
        "near_duplicate_originals": near_duplicate_counts(pairs),
        "together_misses_by_step": misses_by_step(pairs, group_rows, steps),
        "baseline": {
            "together": by_slice(base_rows, mean_of("together")),
            "apart": by_slice(base_rows, mean_of("apart")),
        },
    }


def summary(result: dict[str, Any]) -> Iterable[str]:
    for kind in ("news", "tweet"):
        line = [kind]
        for name in ("together", "apart"):
            if name not in result:
                continue
            got = result[name]["kind"].get(kind)
            base = result["baseline"][name]["kind"].get(kind)
            if got:
                line.append(f"{name} {got['share']:.3f} (bigram {base['share']:.3f})")
        twins = result.get("apart_but_twins", {"kind": {}})["kind"].get(kind)
        if twins:
            line.append(
                f"apart with near-duplicate originals allowed {twins['share']:.3f} "
                f"({result['near_duplicate_originals'].get(kind, 0)} such originals)"
            )
        if "link" not in result:
            yield " | ".join(line)
            if kind == "news":
                for source, counts in result["together_misses_by_step"].items():
                    yield f"  {source} misses by step: " + ", ".join(
                        f"{step} {n}" for step, n in counts.items()
                    )
            continue
        link = result["link"]["kind"].get(kind)
        base = result["baseline"]["link"]["kind"].get(kind)
        if link:
            line.append(
                f"link P {link['precision']:.3f} R {link['recall']:.3f} F1 {link['f1']:.3f} "
                f"(bigram F1 {base['f1']:.3f})"
            )
        for name in ("direction_undated", "direction_dated"):
            got = result[name]["kind"].get(kind, {})
            line.append(
                f"{name.split('_')[1]} right {got.get('right', 0):.3f} "
                f"wrong {got.get('wrong', 0):.3f} unknown {got.get('unknown', 0):.3f}"
            )
        yield " | ".join(line)


def main() -> None:
    parser = base_parser(__doc__.splitlines()[0])
    parser.add_argument("--fold", type=int, choices=(0, 1), help="only this fold (default both)")
    parser.add_argument("--limit", type=int, help="a random sample of this many pairs")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep-store", type=Path, help="write the store here (new file)")
    parser.add_argument(
        "--fit", type=int, metavar="N", help="fit the retelling score on N rewrites and stop"
    )
    parser.add_argument(
        "--only",
        choices=("grouping", "link"),
        help="grouping: only together/apart (ingest and group, no trace); "
        "link: only link and direction (ingest and trace pairs, no grouping)",
    )
    parser.add_argument(
        "--from-store",
        type=Path,
        help="with --only grouping or link: the articles of a --keep-store store, no ingest",
    )
    parser.add_argument("--name", default="f3", help="result file name (bench/results/NAME.json)")
    args = parser.parse_args()
    folder = shared_dir(args.shared, "bench", "f3-dev")
    folds = {args.fold} if args.fold is not None else {0, 1}
    pairs = select(load_pairs(folder), folds, args.limit)
    config = replace(Config(), group=group_options(args.group))
    if args.fit:
        print(json.dumps(fit(pairs, args.workers, args.fit, config), indent=2))
        return
    if args.only == "grouping":
        result = run_grouping(pairs, args.workers, config, args.keep_store, args.from_store)
    elif args.only == "link":
        result = run_links(pairs, args.workers, config, args.keep_store, args.from_store)
    else:
        result = run(pairs, args.workers, config, args.keep_store)
    result["group_options"] = args.group or []
    result["selection"] = {"folds": sorted(folds), "limit": args.limit, "seed": SEED}
    result["date_of_run"] = dt.date.today().isoformat()
    for line in summary(result):
        print(line)
    print("->", write_result(args.name, result))


if __name__ == "__main__":
    main()
