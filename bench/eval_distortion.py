"""Distortion detection of the comparison stage on public data, next to an n-gram baseline.

Each benchmark pairs a news article (the *source*) with a summary (the *copy*);
:func:`storytrace.compare.find_discrepancies` compares the copy with its source.

bump (Ma et al. 2023)
    Each item has a faithful reference summary and a minimally edited, unfaithful one.
    Score of a summary: the weighted findings (high 3, medium 2, low 1; loaded language
    left out: it is not an error of fact) plus one minus the mean best claim similarity
    to the article. ROC AUC of separating references (positive) from edited summaries,
    as in the paper (QAFactEval 71.5 on task 1). Baseline: the share of the summary's
    word bigrams found in the article.
xsum-hallucinations (Maynez et al. 2020)
    Token-level precision/recall/F1 of hallucinated tokens (marked by at least two of
    three annotators), for *extrinsic* (our ``unsupported_addition`` /
    ``added_background``), *intrinsic* (every other finding type) and *any*. Only the 249
    articles whose text is in the folder. Baseline: extrinsic = a summary word absent from
    the article; intrinsic = a word present but in a bigram the article lacks.
frank (Pagnoni et al. 2021), test split
    Per-type precision/recall of "this summary has an error of type T" (gold: the type's
    score below 1). Mapping from storytrace's types (documented choice):
    ``EntE`` <- entity_changed, number_changed; ``CircE`` <- date_changed;
    ``RelE`` <- distorted, hedge_dropped, attribution_strengthened, attribution_dropped,
    caveat_omitted; ``OutE`` <- unsupported_addition, added_background. ``CorefE``,
    ``LinkE`` and ``GramE`` have no counterpart. Baseline: flag every type when the
    bigram overlap with the article is below 0.8 (type-agnostic).

Usage: ``python bench/eval_distortion.py [--shared DIR] [--limit N]``
Writes ``bench/results/distortion.json``. Nothing here was tuned on these data.
"""

from __future__ import annotations

import csv
import functools
import json
import time
from collections import Counter, defaultdict
from collections.abc import Iterable

from sklearn.metrics import roc_auc_score

import common
from storytrace.compare import Discrepancy, find_discrepancies
from storytrace.compare.claims import similarity
from storytrace.compare.discrepancies import Pair
from storytrace.compare.options import CompareOptions
from storytrace.model import Article, Metadata, Segment, Span
from storytrace.read import FactSheet, read_text

WEIGHT = {"high": 3, "medium": 2, "low": 1}
EXTRINSIC = {"unsupported_addition", "added_background"}
FRANK_TYPES = {
    "EntE": {"entity_changed", "number_changed"},
    "CircE": {"date_changed"},
    "RelE": {
        "distorted",
        "hedge_dropped",
        "attribution_strengthened",
        "attribution_dropped",
        "caveat_omitted",
    },
    "OutE": EXTRINSIC,
}
OPTIONS = CompareOptions()


# -- running storytrace on one pair -------------------------------------------------------


def text_article(text: str, doc: str, published: str | None = None) -> Article:
    """A plain-text article of one segment (id ``doc-0``), its outlet named ``doc``."""
    return Article(
        doc,
        0,
        doc,
        "txt",
        text,
        Span(0, len(text)),
        text,
        (Segment(0, 0, len(text)),),
        Metadata(outlet=doc, published=published),
    )


@functools.lru_cache(maxsize=512)
def _read(text: str, doc: str) -> tuple[Article, FactSheet]:
    return text_article(text, doc), read_text(text)


def compare(source: str, summary: str) -> tuple[list[Discrepancy], float]:
    """Findings on the summary and its mean best claim similarity to the source."""
    members = [_read(source, "source"), _read(summary, "summary")]
    found = find_discrepancies(members, {"source-0": None, "summary-0": "source-0"}, OPTIONS)
    pair = Pair(members[1], members[0], OPTIONS)
    best = [
        max((pair_score(pair, i, j) for j in range(len(pair.source_views))), default=0.0)
        for i in range(len(pair.views))
    ]
    return found, sum(best) / len(best) if best else 0.0


def pair_score(pair: Pair, i: int, j: int) -> float:
    return similarity(pair.views[i], pair.source_views[j])


def unfaithfulness(found: list[Discrepancy], support: float) -> float:
    weights = sum(WEIGHT[d.severity] for d in found if d.type != "loaded_language")
    return weights + (1 - support)


# -- the baseline --------------------------------------------------------------------------


def bigrams(text: str) -> set[tuple[str, str]]:
    words = common.TOKEN.findall(text.lower())
    return set(zip(words, words[1:], strict=False))


def overlap(source: str, summary: str) -> float:
    grams = bigrams(summary)
    return len(grams & bigrams(source)) / len(grams) if grams else 1.0


# -- bump ----------------------------------------------------------------------------------


def eval_bump(root, limit: int | None) -> dict:
    out = {}
    for task in ("task1", "task2"):
        items = json.loads((root / f"{task}_dataset.json").read_text(encoding="utf-8"))
        items = items[:limit] if limit else items
        labels, ours, base, by_type = [], [], [], defaultdict(lambda: [[], [], []])
        for item in items:
            kind = item.get("corrected_error_type") or item["error_type"]
            for summary, label in ((item["reference_summary"], 1), (item["edited_summary"], 0)):
                score = -unfaithfulness(*compare(item["article"], summary))
                labels.append(label)
                ours.append(score)
                base.append(overlap(item["article"], summary))
                for target, value in zip(by_type[kind], (label, score, base[-1]), strict=True):
                    target.append(value)
        out[task] = {
            "pairs": len(items),
            "roc_auc": round(100 * roc_auc_score(labels, ours), 1),
            "baseline_roc_auc": round(100 * roc_auc_score(labels, base), 1),
            "reference_qafacteval_roc_auc": 71.5 if task == "task1" else 71.2,
            "by_error_type": {
                k: {
                    "roc_auc": round(100 * roc_auc_score(v[0], v[1]), 1),
                    "baseline": round(100 * roc_auc_score(v[0], v[2]), 1),
                }
                for k, v in sorted(by_type.items())
            },
        }
    return out


# -- xsum-hallucinations --------------------------------------------------------------------


def eval_xsum(root, limit: int | None) -> dict:
    articles = {}
    for line in (root / "articles_subset.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        articles[row["bbcid"]] = row["article"]
    marks: dict[tuple[str, str, str], list[tuple[str, str]]] = defaultdict(list)
    with open(root / "hallucination_annotations_xsum_summaries.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["bbcid"] in articles:
                key = (row["bbcid"], row["system"], row["summary"])
                marks[key].append((row["hallucination_type"], row["hallucinated_span"]))
    keys = sorted(marks)[:limit] if limit else sorted(marks)
    counts = {name: Counter() for name in ("extrinsic", "intrinsic", "any")}
    base = {name: Counter() for name in counts}
    for bbcid, _, summary in keys:
        gold = gold_tokens(summary, marks[(bbcid, _, summary)])
        found, _support = compare(articles[bbcid], summary)
        tally(counts, gold, predicted_tokens(summary, found))
        tally(base, gold, baseline_tokens(articles[bbcid], summary))
    return {"summaries": len(keys), "storytrace": prf(counts), "baseline": prf(base)}


def token_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in common.TOKEN.finditer(text)]


def gold_tokens(summary: str, marks: list[tuple[str, str]]) -> dict[str, set[int]]:
    """Token indices marked by at least two annotators, per type."""
    votes: dict[str, Counter] = {"extrinsic": Counter(), "intrinsic": Counter()}
    tokens = token_spans(summary)
    for kind, span_text in marks:
        start = summary.find(span_text) if kind in votes else -1
        if start < 0:
            continue
        end = start + len(span_text)
        votes[kind].update(i for i, (a, b) in enumerate(tokens) if a < end and b > start)
    gold = {k: {i for i, n in v.items() if n >= 2} for k, v in votes.items()}
    gold["any"] = gold["extrinsic"] | gold["intrinsic"]
    return gold


def predicted_tokens(summary: str, found: Iterable[Discrepancy]) -> dict[str, set[int]]:
    tokens = token_spans(summary)
    pred: dict[str, set[int]] = {"extrinsic": set(), "intrinsic": set()}
    for d in found:
        if d.type == "loaded_language":
            continue
        kind = "extrinsic" if d.type in EXTRINSIC else "intrinsic"
        s = d.span
        pred[kind] |= {i for i, (a, b) in enumerate(tokens) if a < s.end and b > s.start}
    pred["any"] = pred["extrinsic"] | pred["intrinsic"]
    return pred


def baseline_tokens(source: str, summary: str) -> dict[str, set[int]]:
    vocab = set(common.TOKEN.findall(source.lower()))
    grams = bigrams(source)
    words = [summary[a:b].lower() for a, b in token_spans(summary)]
    extrinsic = {i for i, w in enumerate(words) if w not in vocab}
    intrinsic = {
        i
        for i in range(1, len(words))
        if i not in extrinsic and (words[i - 1], words[i]) not in grams
    }
    return {"extrinsic": extrinsic, "intrinsic": intrinsic, "any": extrinsic | intrinsic}


def tally(counts: dict[str, Counter], gold: dict[str, set[int]], pred: dict[str, set[int]]):
    for name, c in counts.items():
        c["tp"] += len(gold[name] & pred[name])
        c["fp"] += len(pred[name] - gold[name])
        c["fn"] += len(gold[name] - pred[name])


def prf(counts: dict[str, Counter]) -> dict[str, dict[str, float]]:
    out = {}
    for name, c in counts.items():
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        out[name] = {
            "precision": round(p, 3),
            "recall": round(r, 3),
            "f1": round(common.f1(p, r), 3),
        }
    return out


# -- frank ---------------------------------------------------------------------------------


def eval_frank(root, limit: int | None) -> dict:
    rows = []
    with open(root / "frank_benchmark.jsonl", encoding="utf-8") as f:
        rows = [r for r in map(json.loads, f) if r["split"] == "test"]
    rows = rows[:limit] if limit else rows
    ours = {t: Counter() for t in FRANK_TYPES}
    base = {t: Counter() for t in FRANK_TYPES}
    for row in rows:
        found, _ = compare(row["article"], row["summary"])
        mine = {d.type for d in found}
        flagged = overlap(row["article"], row["summary"]) < 0.8
        for kind, ours_types in FRANK_TYPES.items():
            gold = row[kind] < 1.0
            count(ours[kind], gold, bool(mine & ours_types))
            count(base[kind], gold, flagged)
    return {"summaries": len(rows), "storytrace": pr(ours), "baseline": pr(base)}


def count(c: Counter, gold: bool, predicted: bool) -> None:
    c["tp" if gold and predicted else "fp" if predicted else "fn" if gold else "tn"] += 1


def pr(counts: dict[str, Counter]) -> dict[str, dict[str, float]]:
    out = {}
    for kind, c in counts.items():
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        out[kind] = {"precision": round(p, 3), "recall": round(r, 3), "gold": c["tp"] + c["fn"]}
    return out


def main() -> None:
    parser = common.base_parser(__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="items per data set (all)")
    args = parser.parse_args()
    result = {"limit": args.limit}
    for name, run in (
        ("bump", eval_bump),
        ("xsum-hallucinations", eval_xsum),
        ("frank", eval_frank),
    ):
        started = time.perf_counter()
        result[name] = run(common.shared_dir(args.shared, "bench", name), args.limit)
        result[name]["seconds"] = round(time.perf_counter() - started, 1)
        print(name, json.dumps(result[name], indent=1))
    print("wrote", common.write_result("distortion", result))


if __name__ == "__main__":
    main()
