"""Fit the relation-strength weights of the model-free relation model.

A multinomial logistic regression (scikit-learn, needed only here) over the binary
features of :func:`storytrace.read.relation.features`, fitted on the *train* part of the
sci-exaggeration sentences (PubMed and EurekAlert together; ``eval_certainty.is_train``)
and nothing else. The regularisation ``C`` is chosen by 5-fold cross-validation inside
the train part (mean macro-F1 of the two sets); a feature must fire in at least
``MIN_COUNT`` train sentences. The weights are written as plain numbers to
``src/storytrace/read/relation_weights.json``, so storytrace never imports scikit-learn.

The model path (``storytrace[model]``) is fitted by ``bench/fit_relation_model.py``.

Usage: ``python bench/fit_relation.py [--shared DIR]``,
then ``bench/eval_certainty.py``.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix, f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict

import common
from eval_certainty import FILES, TRAIN_RESIDUES, load_rows
from storytrace.read.relation import WEIGHTS, features

GRID = (0.3, 1.0, 3.0)
MIN_COUNT = 2


def train_part(root: Path) -> tuple[list[str], np.ndarray, np.ndarray]:
    sentences, labels, source = [], [], []
    for name, filename in FILES.items():
        rows = load_rows(root / filename)["train"]
        sentences += [s for s, _ in rows]
        labels += [label for _, label in rows]
        source += [name] * len(rows)
    return sentences, np.array(labels), np.array(source)


def choose_c(x, y: np.ndarray, source: np.ndarray) -> tuple[float, dict]:  # noqa: ANN001
    """The C with the best mean 5-fold macro-F1 of the two sets, and every C's scores."""
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    cv = {}
    for c in GRID:
        model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
        pred = cross_val_predict(model, x, y, cv=folds)
        per = {n: f1_score(y[source == n], pred[source == n], average="macro") for n in FILES}
        cv[c] = {n: round(v, 3) for n, v in per.items()}
        print(f"C={c:<4} 5-fold macro-F1 on the train part: {cv[c]}", flush=True)
        for n in FILES:  # row: gold label 0-3, column: predicted label
            confusion = confusion_matrix(y[source == n], pred[source == n], labels=range(4))
            print(f"  {n} confusion (gold x predicted): {confusion.tolist()}")
    return max(GRID, key=lambda c: sum(cv[c].values())), cv


def main() -> None:
    parser = common.base_parser(__doc__.split("\n")[0])
    args = parser.parse_args()
    root = common.shared_dir(args.shared, "bench", "sci-exaggeration")
    sentences, y, source = train_part(root)
    counts = Counter(n for s in sentences for n in features(s))
    rows = [{n: 1 for n in features(s) if counts[n] >= MIN_COUNT} for s in sentences]
    vectoriser = DictVectorizer()
    x = vectoriser.fit_transform(rows)
    best, cv = choose_c(x, y, source)
    model = LogisticRegression(C=best, max_iter=5000, class_weight="balanced").fit(x, y)
    names = vectoriser.get_feature_names_out()
    weights = {
        str(name): [round(float(w), 4) for w in model.coef_[:, i]] for i, name in enumerate(names)
    }
    description = {
        "model": "multinomial logistic regression, class_weight=balanced",
        "fitted_on": f"sci-exaggeration train part (crc32 % 5 in {TRAIN_RESIDUES}) of PubMed "
        f"and EurekAlert sentences: {len(y)} sentences, labels {dict(Counter(y.tolist()))}",
        "fitted_by": "bench/fit_relation.py",
        "C": best,
        "cv_macro_f1": {str(c): v for c, v in cv.items()},
        "min_count": MIN_COUNT,
        "intercepts": [round(float(b), 4) for b in model.intercept_],
        "weights": weights,
    }
    WEIGHTS.write_text(json.dumps(description, indent=0) + "\n", encoding="utf-8")
    print(f"C={best}: {len(weights)} features -> {WEIGHTS}")


if __name__ == "__main__":
    main()
