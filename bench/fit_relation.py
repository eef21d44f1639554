"""Fit the relation-strength weights (:class:`storytrace.read.relation.RelationModel`).

A multinomial logistic regression (scikit-learn, needed only here) over the binary
features of :func:`storytrace.read.relation.features`, fitted on the *tuning* part of the
sci-exaggeration sentences (PubMed and EurekAlert together; ``eval_certainty.is_tuning``)
and nothing else. The regularisation ``C`` is chosen by 5-fold cross-validation inside
the tuning part (mean macro-F1 of the two sets); a feature must fire in at least
``MIN_COUNT`` tuning sentences. The weights are written as plain numbers to
``src/storytrace/read/relation_weights.json``, so storytrace never imports scikit-learn.

Usage: ``python bench/fit_relation.py [--shared DIR]``, then ``bench/eval_certainty.py``.
"""

from __future__ import annotations

import json
from collections import Counter

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict

import common
from eval_certainty import FILES, load_rows
from storytrace.read.relation import WEIGHTS, features

GRID = (0.3, 1.0, 2.0, 3.0)
MIN_COUNT = 2


def main() -> None:
    parser = common.base_parser(__doc__.split("\n")[0])
    args = parser.parse_args()
    root = common.shared_dir(args.shared, "bench", "sci-exaggeration")
    sentences, labels, source = [], [], []
    for name, filename in FILES.items():
        tuning = load_rows(root / filename)["tuning"]
        sentences += [s for s, _ in tuning]
        labels += [label for _, label in tuning]
        source += [name] * len(tuning)
    counts = Counter(n for s in sentences for n in features(s))
    rows = [{n: 1 for n in features(s) if counts[n] >= MIN_COUNT} for s in sentences]
    vectoriser = DictVectorizer()
    x, y, source = vectoriser.fit_transform(rows), np.array(labels), np.array(source)
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    cv = {}
    for c in GRID:
        model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
        pred = cross_val_predict(model, x, y, cv=folds)
        per = {n: f1_score(y[source == n], pred[source == n], average="macro") for n in FILES}
        cv[c] = {n: round(v, 3) for n, v in per.items()}
        print(f"C={c:<4} 5-fold macro-F1 on the tuning part: {cv[c]}")
    best = max(GRID, key=lambda c: sum(cv[c].values()))
    model = LogisticRegression(C=best, max_iter=5000, class_weight="balanced").fit(x, y)
    names = vectoriser.get_feature_names_out()
    weights = {
        str(name): [round(float(w), 4) for w in model.coef_[:, i]] for i, name in enumerate(names)
    }
    WEIGHTS.write_text(
        json.dumps(
            {
                "model": "multinomial logistic regression, class_weight=balanced",
                "fitted_on": "sci-exaggeration tuning part (crc32 % 5 == 0) of PubMed and "
                f"EurekAlert sentences: {len(labels)} sentences, labels {dict(Counter(labels))}",
                "fitted_by": "bench/fit_relation.py",
                "C": best,
                "cv_macro_f1": {str(c): v for c, v in cv.items()},
                "min_count": MIN_COUNT,
                "intercepts": [round(float(b), 4) for b in model.intercept_],
                "weights": weights,
            },
            indent=0,
            sort_keys=False,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"C={best}: {len(weights)} features -> {WEIGHTS}")


if __name__ == "__main__":
    main()
