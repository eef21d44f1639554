"""Calibrate ``CleanOptions.split_max_similarity``: when is a file two glued articles?

A file is split at the headline-like line whose before/after vocabulary similarity is
lowest, if that similarity is below the threshold; the rest is split again the same way.

* **Negatives** (must not split): single real articles: the ground-truth bodies of
  article-extraction, trafilatura's text of trafilatura-eval pages over ``--min-words``
  words, our own generated articles, and the seeds other than 004.
* **Positives** (must split, at the glued headline): article A + a headline line (B's
  title, else its first short line) + article B, for ``--pairs`` random pairs of different
  real articles plus ``--own-pairs`` pairs of generated articles on different topics; and
  seed 004, which must split exactly once, where the appended article starts.

Each document is cleaned once with splitting off; ``split_candidates`` then gives the chain
of breaks the splitter would take, so every threshold is evaluated without re-cleaning.
The chosen threshold (best split-level F1 on the real cases, ties to the lower value; the
generated ones share templates and are only reported) is then confirmed with real
``clean()`` calls.

Usage: ``python bench/calibrate_split.py [--shared DIR] [--pairs 400] [--jobs 2]``
Writes ``bench/results/split_calibration.json``.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import pickle
import random
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import common
from bench_ingest import TOPICS, make_article
from storytrace.clean import STOPWORDS, Line, clean, split_candidates, split_lines
from storytrace.config import CleanOptions
from storytrace.errors import InputError
from storytrace.ingest.files import decode
from storytrace.ingest.html import read_html
from storytrace.model import Document

NO_SPLIT = dataclasses.replace(CleanOptions(), split_max_similarity=0.0)
THRESHOLDS = [round(0.02 + 0.01 * i, 2) for i in range(39)]  # 0.02 .. 0.40
SEED_WITH_APPENDED = "004"
SEED_APPENDED_LINE = 59  # 1-based line of seed 004 where the appended article's headline is
PERCENTILES = (1, 5, 10, 25, 50, 75, 90, 95, 99)
# Generated articles share bench_ingest's templates, so two of them glued together still
# score 0.2-0.4: they are reported, but the threshold is chosen on real articles only.
GENERATED = ("own", "glued-own")


@dataclass
class Single:
    """One real single article: where it came from, its text, a headline for gluing."""

    group: str
    name: str
    text: str
    headline: str | None


@dataclass
class Case:
    """A document to split: its chain of (kept-line position, score) and the true break."""

    group: str
    name: str
    text: str
    chain: list[tuple[int, float]]
    true_break: int | None  # kept-line position where the glued article starts
    scores: list[float]  # every candidate score (negatives) or [score at true break]


# --- loading --------------------------------------------------------------------------


def _html_single(item: tuple[str, str, bytes, str | None]) -> Single | None:
    group, name, html, truth = item
    try:
        doc = read_html(name, decode(name, html))
    except InputError:
        return None if truth is None else Single(group, name, truth, None)
    return Single(group, name, truth if truth is not None else doc.text, doc.metadata.title)


def load_singles(args: Any) -> list[Single]:
    if args.cache and args.cache.exists():
        return pickle.loads(args.cache.read_bytes())  # type: ignore[no-any-return]
    singles = _load_singles(args)
    if args.cache:
        args.cache.write_bytes(pickle.dumps(singles))
    return singles


def _load_singles(args: Any) -> list[Single]:
    ae = common.shared_dir(args.shared, "bench", "article-extraction")
    te = common.shared_dir(args.shared, "bench", "trafilatura-eval")
    items: list[tuple[str, str, bytes, str | None]] = [
        ("article-extraction", pid, html, truth)
        for pid, html, truth in common.article_extraction_pages(ae)
    ]
    items += [
        ("trafilatura-eval", url, html, None) for url, html, _ in common.trafilatura_eval_pages(te)
    ]
    with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
        found = pool.map(_html_single, items, chunksize=8)
    singles = [s for s in found if s is not None]
    return [
        s
        for s in singles
        if s.group == "article-extraction" or len(s.text.split()) > args.min_words
    ]


def own_singles(n: int, seed: int) -> list[tuple[str, Single]]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        topic = sorted(TOPICS)[i % len(TOPICS)]
        headline, lines = make_article(rng, topic)
        out.append((topic, Single("own", f"own-{i}", "\n\n".join(lines), headline)))
    return out


def headline_of(single: Single, options: CleanOptions) -> str | None:
    """B's title if it can be a headline, else its first short line without end punctuation."""
    candidates = [single.headline or ""] + [ln.text for ln in split_lines(single.text)[:5]]
    for text in candidates:
        text = " ".join(text.split())
        words = len(text.split())
        if 2 <= words <= min(options.headline_max_words, 16) and not text.endswith(
            (".", ",", ";", ":")
        ):
            return text
    return None


# --- chains ---------------------------------------------------------------------------


def chain_of(kept: Sequence[Line], options: CleanOptions) -> list[tuple[int, float]]:
    """The splitter's successive (position, score) choices, as if no threshold stopped it."""
    chain, offset, rest = [], 0, list(kept)
    while True:
        candidates = split_candidates(rest, options)
        if not candidates:
            return chain
        position, score = min(candidates, key=lambda c: c[1])
        chain.append((offset + position, score))
        offset, rest = offset + position, rest[position:]


def kept_lines(text: str) -> tuple[list[Line], list[int]]:
    """The lines cleaning keeps (splitting off) and each one's offset in ``text``."""
    articles = clean(Document("calibration", "text", text), NO_SPLIT)
    if not articles:
        return [], []
    return split_lines(articles[0].clean_text), [seg.raw_start for seg in articles[0].segments]


def negative_case(single: Single) -> Case:
    kept, _ = kept_lines(single.text)
    candidates = split_candidates(kept, NO_SPLIT)
    return Case(single.group, single.name, single.text, chain_of(kept, NO_SPLIT), None,
                [s for _, s in candidates])  # fmt: skip


def glued_case(job: tuple[str, Single, Single, str]) -> Case:
    group, a, b, headline = job
    text = f"{a.text}\n\n{headline}\n\n{b.text}"
    break_at = len(a.text) + 2
    kept, offsets = kept_lines(text)
    true = next((i for i, off in enumerate(offsets) if off >= break_at), len(offsets))
    candidates = dict(split_candidates(kept, NO_SPLIT))
    score = [candidates[true]] if true in candidates else []
    return Case(group, f"{a.name} + {b.name}", text, chain_of(kept, NO_SPLIT), true, score)


def seed_cases(args: Any) -> list[Case]:
    cases = []
    for path in sorted(common.shared_dir(args.shared, "corpus", "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        kept, offsets = kept_lines(text)
        candidates = split_candidates(kept, NO_SPLIT)
        true = None
        if path.name.startswith(SEED_WITH_APPENDED):
            line_start = sum(
                len(x) for x in text.splitlines(keepends=True)[: SEED_APPENDED_LINE - 1]
            )
            true = next(i for i, off in enumerate(offsets) if off >= line_start)
        scores = (
            [dict(candidates).get(true, 1.0)] if true is not None else [s for _, s in candidates]
        )
        cases.append(Case("seeds", path.name[:3], text, chain_of(kept, NO_SPLIT), true, scores))
    return cases


# --- sweep ----------------------------------------------------------------------------


def splits_at(case: Case, threshold: float) -> list[int]:
    out = []
    for position, score in case.chain:
        if score >= threshold:
            break
        out.append(position)
    return out


def evaluate(cases: list[Case], threshold: float) -> dict[str, Any]:
    predicted = correct = 0
    false_docs = []
    for case in cases:
        splits = splits_at(case, threshold)
        predicted += len(splits)
        hit = case.true_break is not None and case.true_break in splits
        correct += hit
        if len(splits) > hit:
            false_docs.append(case.name)
    breaks = sum(c.true_break is not None for c in cases)
    precision = correct / predicted if predicted else 1.0
    recall = correct / breaks if breaks else 0.0
    return {"threshold": threshold, "precision": precision, "recall": recall,
            "f1": common.f1(precision, recall), "splits": predicted, "correct": correct,
            "true_breaks": breaks, "false_split_docs": len(false_docs)}  # fmt: skip


def confirm(cases: list[Case], threshold: float) -> dict[str, Any]:
    """Real ``clean()`` at ``threshold``: do its parts start where the sweep said?"""
    options = dataclasses.replace(CleanOptions(), split_max_similarity=threshold)
    mismatches = []
    for case in cases:
        articles = clean(Document("calibration", "text", case.text), options)
        _, offsets = kept_lines(case.text)
        starts = [offsets.index(a.segments[0].raw_start) for a in articles[1:]]
        if starts != splits_at(case, threshold):
            mismatches.append(case.name)
    return {"documents": len(cases), "mismatches": len(mismatches), "examples": mismatches[:5]}


def best_of(sweep: list[dict[str, Any]]) -> dict[str, Any]:
    """The row with the highest F1; ties go to the lower threshold."""
    return max(sweep, key=lambda r: (round(r["f1"], 9), -r["threshold"]))


def percentiles(values: list[float]) -> dict[str, float]:
    if len(values) < 2:
        return {f"p{p}": round(values[0], 4) for p in PERCENTILES} if values else {}
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    out = {f"p{p}": round(cuts[p - 1], 4) for p in PERCENTILES}
    return {"n": len(values), "min": round(min(values), 4), **out, "max": round(max(values), 4)}


def english_share(text: str) -> float:
    words = text.lower().split()
    return sum(w in STOPWORDS for w in words) / max(len(words), 1)


# --- main -----------------------------------------------------------------------------


def build_cases(args: Any) -> list[Case]:
    singles = load_singles(args)
    own = own_singles(args.own, args.seed)
    rng = random.Random(args.seed)
    pool = [s for s in singles if len(s.text.split()) >= args.min_words // 2]
    jobs = []
    while len(jobs) < args.pairs:
        a, b = rng.sample(pool, 2)
        headline = headline_of(b, CleanOptions())
        if headline:
            pair = "en" if min(english_share(a.text), english_share(b.text)) > 0.2 else "mixed"
            jobs.append((f"glued-{pair}", a, b, headline))
    while len(jobs) < args.pairs + args.own_pairs:
        (ta, a), (tb, b) = rng.sample(own, 2)
        if ta != tb:
            jobs.append(("glued-own", a, b, b.headline or ""))
    with multiprocessing.get_context("fork").Pool(args.jobs) as workers:
        negatives = workers.map(negative_case, singles + [s for _, s in own], chunksize=4)
        positives = workers.map(glued_case, jobs, chunksize=4)
    return negatives + positives + seed_cases(args)


def main() -> None:
    parser = common.base_parser(__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, default=400, help="glued pairs of real articles")
    parser.add_argument("--own", type=int, default=100, help="own generated single articles")
    parser.add_argument("--own-pairs", type=int, default=100, help="glued generated pairs")
    parser.add_argument("--min-words", type=int, default=300, help="trafilatura-eval minimum")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--cache", type=Path, help="pickle the extracted pages here (outside the repo) and reuse"
    )
    parser.add_argument("--jobs", type=int, default=multiprocessing.cpu_count())
    args = parser.parse_args()
    cases = build_cases(args)
    groups = sorted({c.group for c in cases})
    print("documents: " + ", ".join(f"{g} {sum(c.group == g for c in cases)}" for g in groups))
    sweep = [evaluate(cases, t) for t in THRESHOLDS]
    print(f"\n{'threshold':>9} {'P':>6} {'R':>6} {'F1':>6} {'splits':>6} {'false docs':>10}")
    for row in sweep:
        print(f"{row['threshold']:9.2f} {row['precision']:6.3f} {row['recall']:6.3f} "
              f"{row['f1']:6.3f} {row['splits']:6d} {row['false_split_docs']:10d}")  # fmt: skip
    all_best = best_of(sweep)
    real = [c for c in cases if c.group not in GENERATED]
    real_sweep = [evaluate(real, t) for t in THRESHOLDS]
    best = best_of(real_sweep)
    chosen = best["threshold"]
    print("\nreal cases only (the choice):")
    for row in real_sweep:
        print(f"{row['threshold']:9.2f} {row['precision']:6.3f} {row['recall']:6.3f} "
              f"{row['f1']:6.3f} {row['splits']:6d} {row['false_split_docs']:10d}")  # fmt: skip
    print(f"\nwith our generated cases the best threshold would be {all_best['threshold']} "
          f"(F1 {all_best['f1']:.3f})")  # fmt: skip
    by_group = {g: evaluate([c for c in cases if c.group == g], chosen) for g in groups}
    seeds = {c.name: {"splits_at": splits_at(c, chosen), "true_break": c.true_break,
                      "min_score": round(min(s for _, s in c.chain), 4) if c.chain else None}
             for c in cases if c.group == "seeds"}  # fmt: skip
    dist = {
        "real_breaks_all_candidates": percentiles(
            [s for c in cases if c.true_break is None for s in c.scores]
        ),
        "real_breaks_min_per_document": percentiles(
            [min(c.scores) for c in cases if c.true_break is None and c.scores]
        ),
        "glued_breaks": percentiles(
            [s for c in cases if c.true_break is not None for s in c.scores]
        ),
    }
    for g in groups:
        values = [s for c in cases if c.group == g for s in c.scores]
        dist[f"{g}{' (glued)' if g.startswith('glued') else ' (min per doc)'}"] = percentiles(
            values if g.startswith("glued") else
            [min(c.scores) for c in cases if c.group == g and c.scores]
        )  # fmt: skip
    confirmed = confirm(cases, chosen)
    print(
        f"\nchosen split_max_similarity = {chosen} (F1 {best['f1']:.3f}, P {best['precision']:.3f},"
        f" R {best['recall']:.3f}); current default {CleanOptions().split_max_similarity}"
    )
    print(
        f"confirmed with clean(): {confirmed['mismatches']} mismatches in {confirmed['documents']}"
    )
    print(f"seeds at {chosen}: {seeds}")
    for name, row in by_group.items():
        print(
            f"  {name:<20} splits {row['splits']:4d} correct {row['correct']:4d}/"
            f"{row['true_breaks']:<4d} false-split docs {row['false_split_docs']}"
        )
    for name, d in dist.items():
        print(f"  {name:<38} " + " ".join(f"{k}={v}" for k, v in d.items()))
    out = common.write_result("split_calibration", {
        "chosen_threshold": chosen,
        "current_default": CleanOptions().split_max_similarity,
        "best": best,
        "best_with_generated_cases": all_best,
        "sweep_real_cases": real_sweep,
        "by_group_at_chosen": by_group,
        "default_at_current": evaluate(cases, CleanOptions().split_max_similarity),
        "seeds_at_chosen": seeds,
        "confirmed_with_clean": confirmed,
        "score_distributions": dist,
        "sweep": sweep,
        "settings": {k: str(v) for k, v in vars(args).items()},
    })  # fmt: skip
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
