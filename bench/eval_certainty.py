"""Claim strength on the sci-exaggeration sentences (Yu et al. 2019, 2020).

Each sentence (PubMed conclusions, EurekAlert press-release openings) is read as one
claim by :func:`storytrace.read.certainty.classify` (with its attribution) and its
certainty is mapped to the dataset's 4-level strength scale:

==================  =====================================================
storytrace          label
==================  =====================================================
denied, no_comment  0  no relationship stated
hedged              2  conditional causal ("may", "might", "could")
asserted            3  direct causal
quoted_opinion      3  direct causal (a quote stated as fact)
==================  =====================================================

storytrace's certainty has no "correlational" level (label 1): that distinction is about
the *relation* claimed ("associated with" vs "causes"), not about hedging. A second row
adds one lexical rule outside the reading stage — an asserted claim with a correlation
phrase ("associated with", "linked to", "correlated") maps to 1 — to show how much of
the gap is that missing level. A third row, ``relation``, is the reading stage's own
relation-strength reading (:func:`storytrace.read.relation.relation_of`: none /
correlational / conditional causal / causal, the dataset's own four levels), mapped 1:1;
``relation_rules`` is its hand-written rules alone (:func:`~storytrace.read.relation.
relation_rule`, the reading before the learned layer: the same-run baseline).

Tuning: a sentence whose ``zlib.crc32`` is divisible by 5 (~20%) is in the *tuning* part;
only that part was looked at while writing the relation lexicons, and the learned layer's
weights are fitted on it alone (``bench/fit_relation.py``). The headline scores are on the
*held-out* rest; ``all`` is kept for comparison with earlier runs (for ``relation`` it
includes the sentences the weights were fitted on, so it is optimistic). Macro-F1 over
the four labels; the published BERT baselines are ~0.88 (PubMed) and ~0.89 (EurekAlert).

Usage: ``python bench/eval_certainty.py [--shared DIR]``
Writes ``bench/results/certainty.json``.
"""

from __future__ import annotations

import csv
import re
import zlib
from collections import Counter
from pathlib import Path

import common
from storytrace.model import Span
from storytrace.read.attribution import find_attributions
from storytrace.read.certainty import classify
from storytrace.read.relation import relation_of, relation_rule
from storytrace.read.sheet import OWN_VOICE, Certainty

MAPPING = {
    Certainty.DENIED: 0,
    Certainty.NO_COMMENT: 0,
    Certainty.HEDGED: 2,
    Certainty.ASSERTED: 3,
    Certainty.QUOTED_OPINION: 3,
}
CORRELATION = re.compile(
    r"\b(?:associat\w+|correlat\w+|linked\s+(?:to|with)|related\s+to|tied\s+to|relationship|"
    r"connected\s+to|predict\w*)\b",
    re.IGNORECASE,
)
VARIANTS = {
    "certainty_only": False,
    "plus_correlation_rule": True,
    "relation_rules": "rules",
    "relation": None,
}
FILES = {"pubmed": "yu2019_annotated_pubmed.csv", "eureka": "yu2020_annotated_eureka.csv"}


def certainty(sentence: str) -> Certainty:
    span = Span(0, len(sentence))
    found = find_attributions(sentence, span)
    return classify(sentence, span, found[0] if found else OWN_VOICE)[0]


def is_tuning(sentence: str) -> bool:
    """The designated tuning part (~20%); everything else is held out."""
    return zlib.crc32(sentence.encode("utf-8")) % 5 == 0


def load_rows(path: Path) -> dict[str, list[tuple[str, int]]]:
    """The (sentence, label) rows of one file: ``held_out``, ``tuning`` and ``all``."""
    with open(path, encoding="utf-8", errors="replace") as f:
        rows = [(r["sentence"], int(r["label"])) for r in csv.DictReader(f)]
    return {
        "held_out": [r for r in rows if not is_tuning(r[0])],
        "tuning": [r for r in rows if is_tuning(r[0])],
        "all": rows,
    }


def predict(sentence: str, correlation_rule: bool | str | None) -> int:
    """Certainty mapped to a label; ``None`` asks for the relation reading instead,
    ``"rules"`` for its hand-written rules alone."""
    if correlation_rule is None:
        return int(relation_of(sentence)[0])
    if correlation_rule == "rules":
        return int(relation_rule(sentence)[0])
    level = certainty(sentence)
    label = MAPPING[level]
    if correlation_rule and label == 3 and CORRELATION.search(sentence):
        return 1
    return label


def macro_f1(gold: list[int], pred: list[int]) -> dict:
    per = {}
    for label in range(4):
        tp = sum(g == p == label for g, p in zip(gold, pred, strict=True))
        fp = sum(p == label != g for g, p in zip(gold, pred, strict=True))
        fn = sum(g == label != p for g, p in zip(gold, pred, strict=True))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        per[label] = round(2 * prec * rec / (prec + rec) if prec + rec else 0.0, 3)
    accuracy = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    return {
        "macro_f1": round(sum(per.values()) / 4, 3),
        "accuracy": round(accuracy, 3),
        "f1_per_label": per,
    }


def main() -> None:
    parser = common.base_parser(__doc__.split("\n")[0])
    args = parser.parse_args()
    root = common.shared_dir(args.shared, "bench", "sci-exaggeration")
    results = {}
    head = f"{'set:part':17} {'variant':22} {'n':>5} {'macro-F1':>8} {'acc':>6}"
    print(f"{head}  F1 per label 0/1/2/3")
    for name, filename in FILES.items():
        parts = load_rows(root / filename)
        gold = [label for _, label in parts["all"]]
        results[name] = {"sentences": len(gold), "gold_labels": dict(Counter(gold))}
        for part, part_rows in parts.items():
            results[name][part] = {"sentences": len(part_rows)}
            gold = [label for _, label in part_rows]
            for variant, rule in VARIANTS.items():
                pred = [predict(s, rule) for s, _ in part_rows]
                score = macro_f1(gold, pred)
                results[name][part][variant] = score
                per = "/".join(f"{score['f1_per_label'][k]:.2f}" for k in range(4))
                print(
                    f"{name + ':' + part:17} {variant:22} {len(part_rows):5d} "
                    f"{score['macro_f1']:8.3f} {score['accuracy']:6.3f}  {per}"
                )
    out = common.write_result(
        "certainty",
        {
            "dataset": "sci-exaggeration (Yu et al. 2019 PubMed, 2020 EurekAlert sentences)",
            "mapping": {k.value: v for k, v in MAPPING.items()},
            "correlation_rule": CORRELATION.pattern,
            "tuned_on": "certainty: nothing from this dataset; relation lexicons and the "
            "relation weights (bench/fit_relation.py): the tuning part only (crc32 % 5 == 0); "
            "headline scores are held_out",
            "results": results,
        },
    )
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
