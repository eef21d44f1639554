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

Parts: the dataset has no train/test split of its own (the published BERT scores are 5-fold
cross-validation, each fold trained on the other 80%). Here a sentence whose
``zlib.crc32`` modulo 5 is 0, 1 or 2 is in the *train* part (~60%), 3 or 4 in the *test*
part (~40%). Everything that was chosen on this data (the relation lexicons, the features,
the learned weights, ``C``) was chosen on the train part alone (``bench/fit_relation.py``:
cross-validation inside it); the headline scores are on ``test``. (Until this split the
weights were fitted on the residue-0 fifth alone; residues 1 and 2 were held out then and
had only been scored, which is why they could join the train part.)
``all`` includes the train part, so for the learned rows it is optimistic.

Two learned paths are measured side by side: ``relation`` (model-free, the default) and
``relation_finetuned`` (the optional ``storytrace[model]`` extra: all-MiniLM-L6-v2 with the
LoRA adapters of ``bench/fit_relation_model.py``, :mod:`storytrace.read.relation_model`);
the second is skipped, with the reason, when the extra is not installed. Each row also
gives its speed in sentences per CPU second, on one thread. Macro-F1 over the four labels;
the published BERT baselines are ~0.88 (PubMed) and ~0.89 (EurekAlert).

Usage: ``python bench/eval_certainty.py [--shared DIR] [--result NAME]``.
Writes ``bench/results/NAME.json`` (``certainty`` by default).
"""

from __future__ import annotations

import csv
import re
import time
import zlib
from collections import Counter
from pathlib import Path

import common
from storytrace.model import Span
from storytrace.read.attributions import find_attributions
from storytrace.read.certainty import classify
from storytrace.read.relation import relation_of, relation_rule
from storytrace.read.relation_model import finetuned_model, missing
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
#: crc32 % 5 of a sentence in the train part; the other residues are the test part.
TRAIN_RESIDUES = (0, 1, 2)


def certainty(sentence: str) -> Certainty:
    span = Span(0, len(sentence))
    found = find_attributions(sentence, span)
    return classify(sentence, span, found[0] if found else OWN_VOICE)[0]


def is_train(sentence: str) -> bool:
    """The train part (~60%); everything else is the test part."""
    return zlib.crc32(sentence.encode("utf-8")) % 5 in TRAIN_RESIDUES


def load_rows(path: Path) -> dict[str, list[tuple[str, int]]]:
    """The (sentence, label) rows of one file: ``test``, ``train`` and ``all``."""
    with open(path, encoding="utf-8", errors="replace") as f:
        rows = [(r["sentence"], int(r["label"])) for r in csv.DictReader(f)]
    return {
        "test": [r for r in rows if not is_train(r[0])],
        "train": [r for r in rows if is_train(r[0])],
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
    pairs = Counter(zip(gold, pred, strict=True))
    return {
        "macro_f1": round(sum(per.values()) / 4, 3),
        "accuracy": round(accuracy, 3),
        "f1_per_label": per,
        # row: gold label, column: predicted label (which levels are taken for which)
        "confusion": [[pairs[g, p] for p in range(4)] for g in range(4)],
    }


def finetuned_predictions(sentences: list[str]) -> tuple[list[int], float]:
    """The fine-tuned path's labels, and its speed in sentences per CPU second on one
    thread (the model's load excluded)."""
    import torch

    model = finetuned_model()
    torch.set_num_threads(1)
    start = time.process_time()
    decided = model.decide_many([(s, None) for s in sentences])
    speed = len(sentences) / max(time.process_time() - start, 1e-9)
    return [int(level) for level, _ in decided], speed


def predictions(sentences: list[str], variant: str) -> tuple[list[int], float]:
    """One variant's label for each sentence and its speed in sentences per CPU second."""
    if variant == "relation_finetuned":
        return finetuned_predictions(sentences)
    start = time.process_time()
    labels = [predict(s, VARIANTS[variant]) for s in sentences]
    return labels, len(sentences) / max(time.process_time() - start, 1e-9)


def main() -> None:
    parser = common.base_parser(__doc__.split("\n")[0])
    parser.add_argument("--result", default="certainty", help="name of the results file")
    args = parser.parse_args()
    root = common.shared_dir(args.shared, "bench", "sci-exaggeration")
    why_not = missing()
    variants = [*VARIANTS, *([] if why_not else ["relation_finetuned"])]
    if why_not:
        print(f"relation_finetuned skipped: {why_not}")
    results = {}
    head = f"{'set:part':12} {'variant':22} {'n':>5} {'macro-F1':>8} {'acc':>6} {'sent/s':>7}"
    print(f"{head}  F1 per label 0/1/2/3")
    for name, filename in FILES.items():
        parts = load_rows(root / filename)
        everything = [sentence for sentence, _ in parts["all"]]
        gold = [label for _, label in parts["all"]]
        results[name] = {"sentences": len(gold), "gold_labels": dict(Counter(gold))}
        results[name].update({part: {"sentences": len(rows)} for part, rows in parts.items()})
        for variant in variants:
            labels, speed = predictions(everything, variant)
            by_sentence = dict(zip(everything, labels, strict=True))
            for part, part_rows in parts.items():
                gold = [label for _, label in part_rows]
                score = macro_f1(gold, [by_sentence[s] for s, _ in part_rows])
                score["sentences_per_cpu_second"] = round(speed, 1)
                results[name][part][variant] = score
                per = "/".join(f"{score['f1_per_label'][k]:.2f}" for k in range(4))
                print(
                    f"{name + ':' + part:12} {variant:22} {len(part_rows):5d} "
                    f"{score['macro_f1']:8.3f} {score['accuracy']:6.3f} {speed:7.0f}  {per}"
                )
    out = common.write_result(
        args.result,
        {
            "dataset": "sci-exaggeration (Yu et al. 2019 PubMed, 2020 EurekAlert sentences)",
            "mapping": {k.value: v for k, v in MAPPING.items()},
            "correlation_rule": CORRELATION.pattern,
            "parts": f"train: crc32 % 5 in {TRAIN_RESIDUES}; test: the rest (headline)",
            "tuned_on": "certainty: nothing from this dataset; relation lexicons, features, the "
            "model-free weights (bench/fit_relation.py) and the fine-tuned adapters and their "
            "settings (bench/fit_relation_model.py): the train part only",
            "relation_finetuned": why_not or "measured",
            "results": results,
        },
    )
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
