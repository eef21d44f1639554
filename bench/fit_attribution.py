"""Fit the learned cue tagger (:class:`storytrace.read.cue_model.CueModel`) on PolNeAR.

Data: PolNeAR's *train* part only for the fit (840 articles; the issue sanctions fitting
on it); its *dev* part for every choice (regularisation ``C``, the decision threshold);
the test part is never read here.

1. The rules run on every sentence with the tagger off (``rule_attributions``).
2. Vocabulary: words (lowercased) inside at least ``MIN_CUES`` gold cue spans of train
   (2: with the stem and slot features a word seen twice generalises; 3 gave 0.748 dev
   cue span F1, 2 gives 0.752)
   that the rules missed, cue in at least ``MIN_RATE`` of their train uses, and not a
   function word (``FUNCTION_WORDS``: parts of multi-word cues such as "has said",
   "talked about", which the head word covers) nor in ``EXCLUDED`` nor an "-ly" adverb.
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

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss

import common
from eval_attribution import evaluate, load
from storytrace.read import attribution, cue_model
from storytrace.read.attribution import cue_openers, rule_attributions
from storytrace.read.learned_cues import taken
from storytrace.read.options import ReadOptions
from storytrace.read.sentences import split_sentences

GRID = (0.1, 0.3, 1.0)
ADD_THRESHOLDS = (0.35, 0.4, 0.45)
KEEP_THRESHOLDS = (0.0, 0.3)
MIN_CUES = 2
MIN_RATE = 0.05
MIN_COUNT = 3
FUNCTION_WORDS = frozenset(
    "a an the to of on in for at by as with from about over into up out off down back "
    "and or but so if than that this these those it its his her their our my your he she "
    "they we i you who which what is are was were be been being am has have had do does "
    "did will would can could should may might must not no also just even still now then "
    "more most very too there here s t".split()
)
#: Words never made cues, whatever their PolNeAR rate: acts that would turn the outlet's
#: own report into someone's claim ("the two leaders signed a pact"; PolNeAR often marks
#: them, the product must not), and adverbs ("reportedly", "closely"), whose source is not
#: the subject of their clause. Chosen on the seed articles' false additions.
EXCLUDED = frozenset(
    "signed issued named released voted appointed nominated launched passed approved "
    "announced identified documented critical focus share include includes included "
    "including".split()
)
_WORD = re.compile(r"[A-Za-z][\w’'-]*")
RULES_ONLY = ReadOptions(cue_model_threshold=None)


def rule_sentences(docs) -> list:
    """(text, gold cue spans, [(sentence, rule attributions)]) per article."""
    out = []
    for _, text, gold in docs:
        starts = [m.start() for m in _WORD.finditer(text)]
        rule = cue_openers(text).rule
        sentences = [
            (s.span, rule_attributions(text, s.span, RULES_ONLY, rule))
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
        if n >= MIN_CUES
        and n / max(uses[w], n) >= MIN_RATE
        and w not in FUNCTION_WORDS | EXCLUDED
        and not w.endswith("ly")
    )


def examples(docs, vocabulary: frozenset[str]) -> dict[str, tuple[list[list[str]], list[int]]]:
    """Feature rows and labels for the ``add`` model (vocabulary words outside rule cues:
    positive in a gold cue the rules missed) and the ``keep`` model (rule cues: positive
    when they overlap a gold cue)."""
    add, keep = ([], []), ([], [])
    for text, cues, sentences, starts in docs:
        rule = [a.cue.span for _, found in sentences for a in found]
        open_cues = [(s, e) for s, e in cues if not any(r.start < e and s < r.end for r in rule)]
        for span, found in sentences:
            para = text.rfind("\n", max(0, span.start - 2000), span.start) + 1
            state = cue_model.quote_state(text, para, span.start)
            for word in cue_model.candidates(text, span, starts, taken(found), vocabulary):
                add[0].append(cue_model.features(text, span, word, state, len(found)))
                add[1].append(int(any(s <= word.start < e for s, e in open_cues)))
            for cue in (a.cue.span for a in found):
                keep[0].append(cue_model.rule_features(text, span, cue, state, len(found)))
                keep[1].append(int(any(s < cue.end and cue.start < e for s, e in cues)))
    return {"add": add, "keep": keep}


def fit(train, dev) -> dict:
    """The logistic regression with the best dev log-loss over ``GRID``, as plain numbers."""
    (rows, y), (dev_rows, dev_y) = train, dev
    counts = Counter(n for row in rows for n in row)
    vectoriser = DictVectorizer()
    x = vectoriser.fit_transform([{n: 1 for n in r if counts[n] >= MIN_COUNT} for r in rows])
    xd = vectoriser.transform([{n: 1 for n in r} for r in dev_rows])
    losses, models = {}, {}
    for c in GRID:
        models[c] = LogisticRegression(C=c, max_iter=3000).fit(x, y)
        losses[c] = round(float(log_loss(dev_y, models[c].predict_proba(xd)[:, 1])), 4)
    best = min(GRID, key=losses.get)
    print(f"dev log-loss per C: {losses}; examples {len(y)} ({sum(y)} positive)")
    names = vectoriser.get_feature_names_out()
    weights = {
        str(n): round(float(w), 4)
        for n, w in zip(names, models[best].coef_[0], strict=True)
        if abs(w) >= 1e-3
    }
    return {
        "C": best,
        "dev_log_loss": losses,
        "examples": len(y),
        "positive": int(sum(y)),
        "intercept": round(float(models[best].intercept_[0]), 4),
        "weights": weights,
    }


def main() -> None:
    parser = common.base_parser(__doc__.split("\n")[0])
    args = parser.parse_args()
    archive = common.shared_dir(args.shared, "bench", "polnear", "polnear_text_attributions.tar.gz")
    train_docs, dev_docs = load(archive, "train"), load(archive, "dev")
    train, dev = rule_sentences(train_docs), rule_sentences(dev_docs)
    vocabulary = choose_vocabulary(train)
    train_sets, dev_sets = examples(train, vocabulary), examples(dev, vocabulary)
    models = {name: fit(train_sets[name], dev_sets[name]) for name in ("add", "keep")}
    add = cue_model.CueModel(models["add"]["intercept"], models["add"]["weights"])
    # a word the model never scores at the default threshold on train is not worth scanning
    rows = train_sets["add"][0]
    kept = {r[0][2:] for r in rows if add.probability(r) >= ReadOptions().cue_model_threshold}
    data = {
        "model": "two binary logistic regressions (L2) over cue_model.features: add, keep",
        "fitted_on": "PolNeAR train part (Newell, Margolin & Ruths, LREC 2018): "
        f"{len(train_docs)} articles; choices (C, thresholds) on the dev part; the test "
        "part never read",
        "fitted_by": "bench/fit_attribution.py",
        "min_cues": MIN_CUES,
        "min_rate": MIN_RATE,
        "min_count": MIN_COUNT,
        "vocabulary": sorted(vocabulary & kept),
        **models,
    }
    cue_model.WEIGHTS.write_text(json.dumps(data, indent=0) + "\n", "utf-8")
    cue_model.shipped.cache_clear()
    attribution._openers.cache_clear()
    print(f"wrote {cue_model.WEIGHTS}: {len(data['vocabulary'])} words")
    choose_threshold(dev_docs)


def choose_threshold(dev_docs) -> None:
    """Dev span F1 per pair of thresholds (the eval's ``predict`` reads ``OPTIONS``)."""
    import eval_attribution

    for add, keep in [(None, 0.0)] + [(a, k) for a in ADD_THRESHOLDS for k in KEEP_THRESHOLDS]:
        eval_attribution.OPTIONS = ReadOptions(cue_model_threshold=add, cue_keep_threshold=keep)
        scores = evaluate(dev_docs)
        f1 = {r: scores[r]["span_overlap"]["f1"] for r in ("source", "cue", "content")}
        print(f"add {add} keep {keep}: dev span F1 {f1}")


if __name__ == "__main__":
    main()
