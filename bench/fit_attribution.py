"""Fit the learned cue tagger (:class:`storytrace.read.cue_model.CueModel`) on PolNeAR.

Data: PolNeAR's *train* part only for the fit (840 articles; the issue sanctions fitting
on it); its *dev* part for every choice (regularisation ``C``, the decision threshold);
the test part is never read here.

1. The rules run on every sentence with the tagger off (``rule_attributions``).
2. Vocabulary: words (lowercased) inside at least ``MIN_CUES`` gold cue spans of train
   that the rules missed, cue in at least ``MIN_RATE`` of their train uses, and not a
   function word (``FUNCTION_WORDS``: parts of multi-word cues such as "has said",
   "talked about", which the head word covers).
3. Every use of a vocabulary word outside a rule cue is an example; it is positive when it
   lies in a gold cue span the rules did not find. Features: :func:`cue_model.features`,
   kept when they fire in at least ``MIN_COUNT`` train examples.
4. A logistic regression (scikit-learn, needed only here) per ``C`` in ``GRID``; the one
   with the best dev log-loss is kept; then ``ReadOptions.cue_model_threshold`` is chosen
   end to end on dev (best mean of source and cue span F1 of ``eval_attribution``).

Writes ``src/storytrace/read/cue_weights.json`` (feature names and weights, no corpus text).
Usage: ``python bench/fit_attribution.py [--shared DIR]``, then ``bench/eval_attribution.py``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import replace

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss

import common
from eval_attribution import evaluate, load
from storytrace.read import attribution, cue_model
from storytrace.read.attribution import rule_attributions
from storytrace.read.options import ReadOptions
from storytrace.read.sentences import split_sentences

GRID = (0.1, 0.3, 1.0)
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
MIN_CUES = 3
MIN_RATE = 0.05
MIN_COUNT = 3
FUNCTION_WORDS = frozenset(
    "a an the to of on in for at by as with from about over into up out off down back "
    "and or but so if than that this these those it its his her their our my your he she "
    "they we i you who which what is are was were be been being am has have had do does "
    "did will would can could should may might must not no also just even still now then "
    "more most very too there here s t".split()
)
_WORD = re.compile(r"[A-Za-z][\w’'-]*")
RULES_ONLY = ReadOptions(cue_model_threshold=None)


def rule_sentences(docs) -> list:
    """(text, gold cue spans, [(sentence, rule attributions)]) per article."""
    out = []
    for _, text, gold in docs:
        starts = [m.start() for m in _WORD.finditer(text)]
        sentences = [
            (s.span, rule_attributions(text, s.span, RULES_ONLY, starts))
            for s in split_sentences(text)
        ]
        out.append((text, [(s, e) for r, s, e in gold if r == "cue"], sentences, starts))
    return out


def choose_vocabulary(train) -> frozenset[str]:
    uses, missed = Counter(), Counter()
    for text, cues, sentences, _ in train:
        rule = [a.cue.span for _, found in sentences for a in found]
        for m in _WORD.finditer(text):
            uses[m.group().lower()] += 1
        for s, e in cues:
            if any(r.start < e and s < r.end for r in rule):
                continue
            for w in {m.group().lower() for m in _WORD.finditer(text, s, e)}:
                missed[w] += 1
    return frozenset(
        w
        for w, n in missed.items()
        if n >= MIN_CUES and n / max(uses[w], n) >= MIN_RATE and w not in FUNCTION_WORDS
    )


def examples(docs, vocabulary: frozenset[str]) -> tuple[list[list[str]], list[int]]:
    rows, labels = [], []
    for text, cues, sentences, starts in docs:
        rule = [a.cue.span for _, found in sentences for a in found]
        open_cues = [(s, e) for s, e in cues if not any(r.start < e and s < r.end for r in rule)]
        for span, found in sentences:
            taken = [a.cue.span for a in found]
            para = text.rfind("\n", max(0, span.start - 2000), span.start) + 1
            for word in cue_model.candidates(text, span, starts, taken, vocabulary):
                rows.append(cue_model.features(text, span, word, para, len(found)))
                labels.append(int(any(s <= word.start < e for s, e in open_cues)))
    return rows, labels


def fit(train_rows, train_y, dev_rows, dev_y) -> tuple[LogisticRegression, DictVectorizer, dict]:
    counts = Counter(n for row in train_rows for n in row)
    vectoriser = DictVectorizer()
    x = vectoriser.fit_transform([{n: 1 for n in r if counts[n] >= MIN_COUNT} for r in train_rows])
    xd = vectoriser.transform([{n: 1 for n in r} for r in dev_rows])
    losses, models = {}, {}
    for c in GRID:
        model = LogisticRegression(C=c, max_iter=3000).fit(x, train_y)
        losses[c] = round(float(log_loss(dev_y, model.predict_proba(xd)[:, 1])), 4)
        models[c] = model
        print(f"C={c}: dev log-loss {losses[c]}")
    best = min(GRID, key=losses.get)
    return models[best], vectoriser, {"C": best, "dev_log_loss": losses}


def main() -> None:
    parser = common.base_parser(__doc__.split("\n")[0])
    args = parser.parse_args()
    archive = common.shared_dir(args.shared, "bench", "polnear", "polnear_text_attributions.tar.gz")
    train_docs, dev_docs = load(archive, "train"), load(archive, "dev")
    train, dev = rule_sentences(train_docs), rule_sentences(dev_docs)
    vocabulary = choose_vocabulary(train)
    train_rows, train_y = examples(train, vocabulary)
    dev_rows, dev_y = examples(dev, vocabulary)
    print(f"vocabulary {len(vocabulary)}; train {len(train_y)} ({sum(train_y)} cues), "
          f"dev {len(dev_y)} ({sum(dev_y)} cues)")
    model, vectoriser, choice = fit(train_rows, train_y, dev_rows, dev_y)
    weights = {
        str(n): round(float(w), 4)
        for n, w in zip(vectoriser.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(w) >= 1e-4
    }
    intercept = round(float(model.intercept_[0]), 4)
    tagger = cue_model.CueModel(vocabulary, intercept, weights)
    # a word the model never scores at the lowest threshold on train is not worth scanning
    kept = {
        r[0][2:] for r in train_rows if tagger.probability(r) >= min(THRESHOLDS)
    }
    data = {
        "model": "binary logistic regression over cue_model.features (L2)",
        "fitted_on": "PolNeAR train part (Newell, Margolin & Ruths, LREC 2018): "
        f"{len(train_docs)} articles, {len(train_y)} candidate words, {sum(train_y)} cues "
        "the rules miss; choices on the dev part; the test part never read",
        "fitted_by": "bench/fit_attribution.py",
        "min_cues": MIN_CUES,
        "min_rate": MIN_RATE,
        "min_count": MIN_COUNT,
        **choice,
        "vocabulary": sorted(vocabulary & kept),
        "intercept": intercept,
        "weights": weights,
    }
    cue_model.WEIGHTS.write_text(json.dumps(data, indent=0, sort_keys=False) + "\n", "utf-8")
    cue_model.shipped.cache_clear()
    attribution._openers.cache_clear()
    print(f"wrote {cue_model.WEIGHTS}: {len(data['vocabulary'])} words, {len(weights)} weights")
    choose_threshold(dev_docs)


def choose_threshold(dev_docs) -> None:
    """Dev span F1 per threshold (the eval's ``predict`` reads ``ReadOptions()``)."""
    import eval_attribution

    for threshold in (None, *THRESHOLDS):
        eval_attribution.OPTIONS = replace(RULES_ONLY, cue_model_threshold=threshold)
        scores = evaluate(dev_docs)
        f1 = {r: scores[r]["span_overlap"]["f1"] for r in ("source", "cue", "content")}
        print(f"threshold {threshold}: dev span F1 {f1}")


if __name__ == "__main__":
    main()
