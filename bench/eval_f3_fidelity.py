"""Per-copy fidelity on real AI rewrites (f3-dev), next to the bigram-novelty baseline.

Each f3-dev pair (an original and a GPT-3.5 rewrite of it, faithful or distorted; see
``../shared/bench/f3-dev/SOURCE.md`` and ``bench/f3_data.py``) is analysed as one story of
two articles, the original published a day before the rewrite, as a user would run
storytrace on them: :func:`storytrace.story.analyse_story` traces and compares them.

Scores of a rewrite, each higher = more likely distorted:

- ``fidelity``: the rewrite's ``fidelity.score`` in the analysis (0.5 when the trace did
  not derive it from the original, so it has no verdict), and its verdict
  (``altered`` counts as "distorted", ``faithful`` and ``unknown`` as not);
- ``findings``: the findings-only score before fidelity existed: the weighted findings
  on the rewrite (high 3, medium 2, low 1, loaded language left out); its verdict is
  "any high finding";
- ``bigram_novelty`` (baseline): the share of the rewrite's word bigrams absent from the
  original; its verdict threshold is the best on fold 0.

Two modes, both reported: ``story`` runs the whole analysis (the trace must first derive
the rewrite from the original; a rewrite it does not link has no verdict), ``pair``
compares the rewrite with its known original (:func:`storytrace.compare.discrepancies.
compare_story` with the derivation given), which measures the comparison alone.

Reported: ROC AUC, verdict accuracy, the always-"altered" accuracy, and the false-high
rate (faithful rewrites with at least one high finding), overall and by source, prompt
type and fold, news and tweets apart. Thresholds of ``storytrace`` were fitted on fold 0
(``bench/f3_data.fold``); fold 1 is the held-out half.

``--fit`` fits the fidelity weights (logistic regression on the pair-mode signals of the
fold-0 news pairs) and prints them for ``CompareOptions.fidelity_weights``.

Usage: ``python bench/eval_f3_fidelity.py [--shared DIR] [--limit N] [--name NAME] [--fit]``
Writes ``bench/results/f3-fidelity.json`` (or ``NAME.json``).
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass

from sklearn.metrics import roc_auc_score

import common
from eval_distortion import text_article
from f3_data import F3Pair, fold, load_pairs
from storytrace.compare.discrepancies import compare_story
from storytrace.compare.fidelity import SIGNALS
from storytrace.read import read_text
from storytrace.story import analyse_story

WEIGHT = {"high": 3, "medium": 2, "low": 1}


@dataclass(frozen=True, slots=True)
class Row:
    pair: F3Pair
    fold: int
    linked: bool
    fidelity: float
    verdict: str
    findings: float
    any_high: bool
    novelty: float
    signals: tuple[float, ...] = ()


def analyse(pair: F3Pair, mode: str) -> Row:
    members = [
        (text_article(pair.original, "original", "2024-03-01"), read_text(pair.original)),
        (text_article(pair.rewrite, "rewrite", "2024-03-02"), read_text(pair.rewrite)),
    ]
    if mode == "story":
        analysis = analyse_story("f3", members)
        found = list(analysis.discrepancies)
        verdict = next((f for f in analysis.fidelity if f.article == "rewrite-0"), None)
    else:
        compared = compare_story(members, {"original-0": None, "rewrite-0": "original-0"})
        found = compared.discrepancies
        verdict = compared.fidelity.get("rewrite-0")
    mine = [d for d in found if d.article == "rewrite-0"]
    return Row(
        pair=pair,
        fold=fold(pair),
        linked=verdict is not None,
        fidelity=verdict.score if verdict else 0.5,
        verdict=verdict.verdict if verdict else "unknown",
        findings=sum(WEIGHT[d.severity] for d in mine if d.type != "loaded_language"),
        any_high=any(d.severity == "high" for d in mine),
        novelty=novelty(pair.original, pair.rewrite),
        signals=tuple(v for _, v in verdict.signals) if verdict else (),
    )


def bigrams(text: str) -> set[tuple[str, str]]:
    words = common.TOKEN.findall(text.lower())
    return set(zip(words, words[1:], strict=False))


def novelty(original: str, rewrite: str) -> float:
    grams = bigrams(rewrite)
    return len(grams - bigrams(original)) / len(grams) if grams else 0.0


def best_threshold(rows: list[Row]) -> float:
    """The novelty threshold with the best accuracy on ``rows`` (the baseline's fit)."""
    values = sorted({r.novelty for r in rows})
    best, best_acc = 0.5, -1.0
    for t in values:
        acc = sum((r.novelty >= t) == r.pair.distorted for r in rows) / len(rows)
        if acc > best_acc:
            best, best_acc = t, acc
    return best


def auc(labels: list[bool], scores: list[float]) -> float | None:
    if len(set(labels)) < 2:
        return None
    return round(roc_auc_score(labels, scores), 3)


def share(rows: list[Row], test) -> float:
    return round(sum(1 for r in rows if test(r)) / len(rows), 3)


def summary(rows: list[Row], novelty_at: float) -> dict:
    labels = [r.pair.distorted for r in rows]
    faithful = [r for r in rows if not r.pair.distorted]
    n = len(rows)
    return {
        "pairs": n,
        "distorted": sum(labels),
        "linked": share(rows, lambda r: r.linked),
        "fidelity": {
            "roc_auc": auc(labels, [r.fidelity for r in rows]),
            "accuracy": share(rows, lambda r: (r.verdict == "altered") == r.pair.distorted),
            "unknown": round(sum(r.verdict == "unknown" for r in rows) / n, 3),
        },
        "findings": {
            "roc_auc": auc(labels, [r.findings for r in rows]),
            "accuracy_any_high": share(rows, lambda r: r.any_high == r.pair.distorted),
        },
        "bigram_novelty": {
            "roc_auc": auc(labels, [r.novelty for r in rows]),
            "accuracy": share(rows, lambda r: (r.novelty >= novelty_at) == r.pair.distorted),
        },
        "always_altered_accuracy": round(sum(labels) / n, 3),
        "false_high_rate": share(faithful, lambda r: r.any_high) if faithful else None,
    }


def breakdown(rows: list[Row], novelty_at: float) -> dict:
    out: dict = {}
    for kind in ("news", "tweet"):
        mine = [r for r in rows if r.pair.kind == kind]
        if not mine:
            continue
        part = {"all": summary(mine, novelty_at)}
        for name, key in (
            ("fold", lambda r: str(r.fold)),
            ("source", lambda r: r.pair.source),
            ("prompt", lambda r: f"{r.pair.prompt}"),
        ):
            groups = defaultdict(list)
            for r in mine:
                groups[key(r)].append(r)
            part[name] = {k: summary(v, novelty_at) for k, v in sorted(groups.items())}
        out[kind] = part
    return out


def fit(rows: list[Row]) -> dict:
    """Logistic regression of distortion on the pair-mode signals of ``rows``."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(max_iter=5000).fit(
        [r.signals for r in rows], [r.pair.distorted for r in rows]
    )
    weights = [round(float(w), 2) for w in model.coef_[0]]
    return {
        "fidelity_weights": dict(zip(SIGNALS, weights, strict=True)),
        "fidelity_bias": round(float(model.intercept_[0]), 2),
    }


def main() -> None:
    parser = common.base_parser(__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="pairs to run (all)")
    parser.add_argument("--name", default="f3-fidelity", help="result file name")
    parser.add_argument("--fit", action="store_true", help="fit the fidelity weights")
    args = parser.parse_args()
    pairs = load_pairs(common.shared_dir(args.shared, "bench", "f3-dev"))
    pairs = pairs[:: max(1, len(pairs) // args.limit)] if args.limit else pairs
    result: dict = {"tuned_on": "fold 0 of f3-dev (bench/f3_data.fold); fold 1 is held out"}
    for mode in ("pair", "story"):
        started = time.perf_counter()
        rows = [analyse(p, mode) for p in pairs]
        seconds = round(time.perf_counter() - started, 1)
        train = [r for r in rows if r.fold == 0 and r.pair.kind == "news"]
        if args.fit and mode == "pair":
            print(json.dumps(fit(train), indent=1))
            return
        novelty_at = best_threshold(train)
        result[mode] = {
            "seconds": seconds,
            "novelty_threshold_fold0": round(novelty_at, 3),
            **breakdown(rows, novelty_at),
        }
        for kind in ("news", "tweet"):
            print(mode, kind, json.dumps(result[mode][kind]["all"]))
    print("wrote", common.write_result(args.name, result))


if __name__ == "__main__":
    main()
