"""Paraphrase vs different on msrp: storytrace's sentence-pair decision next to baselines.

Everything is calibrated on the msrp training split and measured on the test split, in
one run:

1. ``storytrace (shipped)``: ``paraphrase_score`` with the ``TraceOptions`` defaults
   (weights and threshold as shipped; they came from an earlier run of this script).
2. ``storytrace (refit)``: the same four features, logistic regression refitted on train;
   threshold tuned on train for F1. Its weights are written out so the defaults can be
   updated from them.
3. ``tfidf cosine``: word TF-IDF (fitted on train sentences) cosine, threshold tuned on
   train for F1.
4. ``word overlap``: Dice of lower-cased word sets, threshold tuned on train for F1.
5. ``majority``: always "paraphrase".

Usage::

    python bench/eval_paraphrase.py [--shared ../shared]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import base_parser, f1, shared_dir, write_result  # noqa: E402
from storytrace.trace import TraceOptions  # noqa: E402
from storytrace.trace.similarity import WORD, features, paraphrase_score, tokens  # noqa: E402

Pairs = list[tuple[int, str, str]]


def load_pairs(path: Path) -> Pairs:
    """``(label, sentence 1, sentence 2)``; tab-separated, quotes are literal (SOURCE.md)."""
    rows = path.read_text(encoding="utf-8-sig").splitlines()[1:]
    return [(int(q), a, b) for q, _, _, a, b in (row.split("\t") for row in rows if row)]


def scores(labels: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    tp = int(np.sum(predicted & labels))
    fp = int(np.sum(predicted & ~labels))
    fn = int(np.sum(~predicted & labels))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    acc = float(np.mean(predicted == labels))
    return {"accuracy": round(acc, 4), "precision": round(p, 4), "recall": round(r, 4),
            "f1": round(f1(p, r), 4)}  # fmt: skip


def tune(train_scores: np.ndarray, labels: np.ndarray) -> float:
    """The threshold maximising F1 on train (candidates: every observed score)."""
    candidates = np.unique(np.round(train_scores, 4))
    return float(max(candidates, key=lambda t: scores(labels, train_scores >= t)["f1"]))


def evaluate(name: str, train: np.ndarray, test: np.ndarray, y_tr, y_te, threshold=None):
    t = tune(train, y_tr) if threshold is None else threshold
    return {"system": name, "threshold": round(t, 4), "train": scores(y_tr, train >= t),
            "test": scores(y_te, test >= t)}  # fmt: skip


def word_dice(a: str, b: str) -> float:
    x, y = set(WORD.findall(a.lower())), set(WORD.findall(b.lower()))
    return 2 * len(x & y) / (len(x) + len(y)) if x or y else 1.0


def tfidf_cosine(train: Pairs, pairs: Pairs) -> np.ndarray:
    vectorizer = TfidfVectorizer(lowercase=True).fit([s for _, a, b in train for s in (a, b)])
    left = vectorizer.transform([a for _, a, _ in pairs])
    right = vectorizer.transform([b for _, _, b in pairs])
    return np.asarray(left.multiply(right).sum(axis=1)).ravel()


def feature_matrix(pairs: Pairs) -> np.ndarray:
    return np.array([features(tokens(a), tokens(b)) for _, a, b in pairs])


def main() -> None:
    args = base_parser(__doc__.splitlines()[0]).parse_args()
    root = shared_dir(args.shared, "bench", "msrp")
    train = load_pairs(root / "msr_paraphrase_train.txt")
    test = load_pairs(root / "msr_paraphrase_test.txt")
    y_tr = np.array([q == 1 for q, _, _ in train])
    y_te = np.array([q == 1 for q, _, _ in test])
    start = time.perf_counter()
    x_tr, x_te = feature_matrix(train), feature_matrix(test)
    feature_seconds = time.perf_counter() - start
    opts = TraceOptions()
    shipped = [
        np.array([paraphrase_score(tokens(a), tokens(b), opts) for _, a, b in pairs])
        for pairs in (train, test)
    ]
    model = LogisticRegression(C=10.0, max_iter=1000).fit(x_tr, y_tr)
    refit = [model.predict_proba(x)[:, 1] for x in (x_tr, x_te)]
    tfidf = [tfidf_cosine(train, pairs) for pairs in (train, test)]
    overlap = [np.array([word_dice(a, b) for _, a, b in pairs]) for pairs in (train, test)]
    systems = [
        evaluate("storytrace (shipped)", *shipped, y_tr, y_te, opts.paraphrase_threshold),
        evaluate("storytrace (refit)", *refit, y_tr, y_te),
        evaluate("tfidf cosine", *tfidf, y_tr, y_te),
        evaluate("word overlap", *overlap, y_tr, y_te),
        evaluate("majority", np.ones(len(train)), np.ones(len(test)), y_tr, y_te, 1.0),
    ]
    fit = {
        "features": ["token_set_ratio", "content_word_dice", "number_agreement", "name_agreement"],
        "weights": [round(float(w), 2) for w in model.coef_[0]],
        "bias": round(float(model.intercept_[0]), 2),
    }
    result = {
        "data": "msrp (train 4,076 pairs for calibration; test 1,725 pairs)",
        "systems": systems,
        "refit": fit,
        "shipped": {"weights": list(opts.paraphrase_weights), "bias": opts.paraphrase_bias},
        "feature_pairs_per_second": round((len(train) + len(test)) / feature_seconds),
    }
    out = write_result("paraphrase", result)
    for s in systems:
        print(f"{s['system']:22} t={s['threshold']:<7} test acc {s['test']['accuracy']:.3f} "
              f"F1 {s['test']['f1']:.3f}")  # fmt: skip
    print(f"refit weights {fit['weights']} bias {fit['bias']}; wrote {out}")


if __name__ == "__main__":
    main()
