"""Story grouping against ECB+, AllSides (NeuS) and the SemEval-2022 Task 8 sample, each next
to a TF-IDF cosine baseline measured in the same run.

- ECB+ test topics 36–45 (210 documents, gold = sub-topic): B³-F1 and ARI of storytrace's
  incremental index vs TF-IDF + average-linkage agglomerative clustering (distance 0.8, and
  with the oracle k=20).
- SemEval-2022 Task 8 sample, English pairs of ``testing_set.csv``: Pearson r of the pair
  score with the gold (sign flipped: gold 1 = very similar) and accuracy of the same-story
  call (gold Overall <= 2 = same story); the TF-IDF threshold is tuned on ``training_set.csv``.
- AllSides ``headline_11`` crawl (full bodies over 500 characters, gold = story):
  pairwise P/R/F1 and B³-F1.

``--calibrate`` fits the decision weights (logistic regression on pair measures) and sweeps
the link threshold on the ECB+ train and dev topics (1–35) only, and prints them: the
defaults in ``GroupOptions`` were set from that output.

    .venv/bin/python bench/eval_grouping.py [--shared DIR] [--calibrate]
"""

from __future__ import annotations

import itertools
import json
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

import numpy as np
from scipy.stats import pearsonr
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import adjusted_rand_score

from common import base_parser, f1, group_options, peak_rss_mb, shared_dir, write_result
from storytrace.group import GroupOptions, StoryFeatures, StoryIndex, features_from_sheet
from storytrace.group.decision import (
    CorpusStats,
    key_overlap,
    shared_keys,
    text_similarity,
)
from storytrace.read import read_text

TEST_TOPICS = set(range(36, 46))
BASELINE_DISTANCE = 0.8  # the ECB+ SOURCE.md reference setting


# -- data ---------------------------------------------------------------------------------


def ecbplus_documents(root: Path) -> list[dict]:
    """ECB+ documents in file order, text without the URL sentence of ``ecbplus`` files."""
    docs = []
    for line in (root / "documents.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        sentences = doc["sentences"][1:] if doc["doc_id"].endswith("ecbplus") else doc["sentences"]
        docs.append({**doc, "text": "\n".join(s["text"] for s in sentences)})
    return docs


def allsides_articles(root: Path) -> list[tuple[str, str, str]]:
    """``(article id, story id, body)`` of the headline_11 crawl, bodies over 500 chars."""
    found = []
    path = root / "headline_11_2021-10-19_crawled_all.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        story = json.loads(line)
        for lean, item in sorted(story["news"].items()):
            body = "\n".join(item.get("newBody") or [])
            if len(body) > 500:
                title = item.get("newsTitle") or ""
                found.append((f"{story['id']}-{lean}", str(story["id"]), f"{title}\n{body}"))
    return found


def semeval_pairs(path: Path) -> list[tuple[str, str, str, float]]:
    """English-English ``(pair id, text1, text2, Overall)`` rows, one per pair id."""
    import csv

    rows = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["lang1"] == row["lang2"] == "en":
                rows[row["pair_id"]] = (row["text1"], row["text2"], float(row["Overall"]))
    return [(pid, *rows[pid]) for pid in sorted(rows)]


def featurise(items: list[tuple[str, str]], options: GroupOptions) -> list[StoryFeatures]:
    """Read every ``(id, text)`` (two processes) and build its features."""
    texts = [text for _, text in items]
    with ProcessPoolExecutor(max_workers=2) as pool:
        sheets = list(pool.map(read_text, texts, chunksize=8))
    return [
        features_from_sheet(i, None, s, options) for (i, _), s in zip(items, sheets, strict=True)
    ]


# -- metrics --------------------------------------------------------------------------------


def b_cubed(gold: dict[str, str], predicted: dict[str, str]) -> dict[str, float]:
    gold_sets = _clusters(gold)
    pred_sets = _clusters(predicted)
    p = r = 0.0
    for item in gold:
        g, q = gold_sets[gold[item]], pred_sets[predicted[item]]
        both = len(g & q)
        p += both / len(q)
        r += both / len(g)
    p, r = p / len(gold), r / len(gold)
    return {"precision": p, "recall": r, "f1": f1(p, r)}


def pairwise(gold: dict[str, str], predicted: dict[str, str]) -> dict[str, float]:
    same_gold = _pairs(gold)
    same_pred = _pairs(predicted)
    tp = len(same_gold & same_pred)
    p = tp / len(same_pred) if same_pred else 0.0
    r = tp / len(same_gold) if same_gold else 0.0
    return {"precision": p, "recall": r, "f1": f1(p, r)}


def _clusters(labels: dict[str, str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for item, label in labels.items():
        found.setdefault(label, set()).add(item)
    return found


def _pairs(labels: dict[str, str]) -> set[tuple[str, str]]:
    return {
        tuple(sorted(pair))
        for members in _clusters(labels).values()
        for pair in itertools.combinations(members, 2)
    }


def scores(gold: dict[str, str], predicted: dict[str, str]) -> dict[str, float]:
    ids = sorted(gold)
    return {
        "b3": b_cubed(gold, predicted),
        "pairwise": pairwise(gold, predicted),
        "ari": adjusted_rand_score([gold[i] for i in ids], [predicted[i] for i in ids]),
        "clusters": len(set(predicted.values())),
        "gold_clusters": len(set(gold.values())),
    }


# -- systems -----------------------------------------------------------------------------------


def storytrace_labels(features: list[StoryFeatures], options: GroupOptions) -> dict[str, str]:
    index = StoryIndex.from_features(features, options)
    index.settle()
    return {a: story for story, members in index.stories().items() for a in members}


def tfidf_vectors(texts: list[str]):
    vectoriser = TfidfVectorizer(sublinear_tf=True, stop_words="english")
    return vectoriser.fit_transform(texts)


def tfidf_labels(ids: list[str], texts: list[str], k: int | None = None) -> dict[str, str]:
    vectors = tfidf_vectors(texts).toarray()
    clustering = AgglomerativeClustering(
        n_clusters=k,
        distance_threshold=None if k else BASELINE_DISTANCE,
        metric="cosine",
        linkage="average",
    )
    return dict(zip(ids, map(str, clustering.fit_predict(vectors)), strict=True))


# -- calibration --------------------------------------------------------------------------------


def pair_measures(a: StoryFeatures, b: StoryFeatures, stats: CorpusStats) -> list[float]:
    shared = shared_keys(a, b, stats)
    return [text_similarity(a, b, stats), key_overlap(a, b, shared, stats), np.log1p(len(shared))]


def calibrate(features: list[StoryFeatures], gold: dict[str, str], topic: dict[str, int]):
    """Fit the logistic weights on within-topic pairs plus every 7th cross-topic pair, then
    sweep the link threshold for B³-F1 on the same (train + dev) documents."""
    stats = CorpusStats()
    for f in features:
        stats.add(f)
    x, y = [], []
    for n, (a, b) in enumerate(itertools.combinations(features, 2)):
        if topic[a.article_id] == topic[b.article_id] or n % 7 == 0:
            x.append(pair_measures(a, b, stats))
            y.append(gold[a.article_id] == gold[b.article_id])
    model = LogisticRegression(C=10.0, class_weight="balanced", max_iter=1000).fit(x, y)
    w_text, w_keys, w_shared = (round(float(w), 2) for w in model.coef_[0])
    fitted = replace(
        GroupOptions(),
        weight_text=w_text,
        weight_keys=w_keys,
        weight_shared=w_shared,
        bias=round(float(model.intercept_[0]), 2),
    )
    sweep = {}
    for link in (0.5, 0.7, 0.8, 0.9, 0.95, 0.97, 0.98, 0.99):
        for merge in sorted({link, 0.95, 0.99, 0.999}):
            if merge >= link:
                options = replace(fitted, link_threshold=link, merge_threshold=merge)
                b3 = scores(gold, storytrace_labels(features, options))["b3"]["f1"]
                sweep[f"link={link} merge={merge}"] = (b3, link, merge)
    best = max(sweep.values())
    chosen = replace(fitted, link_threshold=best[1], merge_threshold=best[2])
    return chosen, {k: round(v[0], 4) for k, v in sweep.items()}, len(y)


# -- benchmarks ---------------------------------------------------------------------------------


def run_ecbplus(root: Path, options: GroupOptions, calibrating: bool) -> dict:
    docs = ecbplus_documents(root)
    started = time.perf_counter()
    features = featurise([(d["doc_id"], d["text"]) for d in docs], options)
    read_seconds = time.perf_counter() - started
    by_id = {d["doc_id"]: d for d in docs}
    gold = {d["doc_id"]: d["subtopic"] for d in docs}
    result: dict = {"read_seconds": round(read_seconds, 1)}
    if calibrating:
        train = [f for f in features if by_id[f.article_id]["topic"] not in TEST_TOPICS]
        train_gold = {f.article_id: gold[f.article_id] for f in train}
        topics = {f.article_id: by_id[f.article_id]["topic"] for f in train}
        options, sweep, n_pairs = calibrate(train, train_gold, topics)
        result["calibration"] = {
            "documents": len(train),
            "pairs": n_pairs,
            "threshold_sweep_b3_f1": sweep,
            "chosen": _options_dict(options),
        }
    test = [f for f in features if by_id[f.article_id]["topic"] in TEST_TOPICS]
    test_ids = [f.article_id for f in test]
    test_gold = {i: gold[i] for i in test_ids}
    texts = [by_id[i]["text"] for i in test_ids]
    started = time.perf_counter()
    ours = storytrace_labels(test, options)
    result["storytrace"] = {**scores(test_gold, ours), "seconds": time.perf_counter() - started}
    result["tfidf_agglomerative_d0.8"] = scores(test_gold, tfidf_labels(test_ids, texts))
    result["tfidf_agglomerative_oracle_k20"] = scores(test_gold, tfidf_labels(test_ids, texts, 20))
    return result


def run_allsides(root: Path, options: GroupOptions) -> dict:
    articles = allsides_articles(root)
    features = featurise([(i, body) for i, _, body in articles], options)
    gold = {i: story for i, story, _ in articles}
    ids = [i for i, _, _ in articles]
    return {
        "articles": len(articles),
        "storytrace": scores(gold, storytrace_labels(features, options)),
        "tfidf_agglomerative_d0.8": scores(gold, tfidf_labels(ids, [b for *_, b in articles])),
    }


def run_semeval(root: Path, options: GroupOptions) -> dict:
    dev = semeval_pairs(root / "training_set.csv")
    test = semeval_pairs(root / "testing_set.csv")
    texts = sorted({t for _, a, b, _ in dev + test for t in (a, b)})
    read = featurise([(str(n), t) for n, t in enumerate(texts)], options)
    features = dict(zip(texts, read, strict=True))
    stats = CorpusStats()
    for f in features.values():
        stats.add(f)
    vectors = tfidf_vectors(texts)
    row = {t: n for n, t in enumerate(texts)}

    def cosine(a: str, b: str) -> float:
        return float(vectors[row[a]].multiply(vectors[row[b]]).sum())

    from storytrace.group import same_story

    def ours(a: str, b: str):
        return same_story(features[a], features[b], options, stats)

    tfidf_threshold = _best_threshold([(cosine(a, b), g <= 2) for _, a, b, g in dev])
    gold = [g for *_, g in test]
    our = [ours(a, b) for _, a, b, _ in test]
    base = [cosine(a, b) for _, a, b, _ in test]
    return {
        "pairs_test": len(test),
        "pairs_dev": len(dev),
        "same_story_share_test": sum(g <= 2 for g in gold) / len(gold),
        "storytrace": {
            "pearson_r": -pearsonr([d.score for d in our], gold).statistic,
            "accuracy": _accuracy([d.same for d in our], gold),
        },
        "tfidf_cosine": {
            "pearson_r": -pearsonr(base, gold).statistic,
            "accuracy": _accuracy([c >= tfidf_threshold for c in base], gold),
            "threshold_from_training_set": tfidf_threshold,
        },
    }


def _accuracy(calls: list[bool], gold: list[float]) -> float:
    return sum(c == (g <= 2) for c, g in zip(calls, gold, strict=True)) / len(gold)


def _best_threshold(scored: list[tuple[float, bool]]) -> float:
    grid = [t / 100 for t in range(1, 100)]
    return max(grid, key=lambda t: (sum((s >= t) == same for s, same in scored), -t))


def _options_dict(options: GroupOptions) -> dict:
    names = ("weight_text", "weight_keys", "weight_shared", "bias", "link_threshold")
    names += ("merge_threshold",)
    return {name: getattr(options, name) for name in names}


def main() -> None:
    parser = base_parser(__doc__.splitlines()[0])
    parser.add_argument(
        "--calibrate", action="store_true", help="fit weights and threshold on ECB+ train+dev"
    )
    parser.add_argument("--name", default="grouping", help="result file name")
    args = parser.parse_args()
    bench = shared_dir(args.shared, "bench")
    options = group_options(args.group)
    ecb = run_ecbplus(shared_dir(bench, "ecbplus"), options, args.calibrate)
    if args.calibrate:
        options = GroupOptions(**ecb["calibration"]["chosen"])
        print("calibrated:", ecb["calibration"])
    result = {
        "options": _options_dict(options),
        "group_settings": args.group or [],
        "ecbplus_test": ecb,
        "semeval2022_en": run_semeval(shared_dir(bench, "semeval2022-task8-sample"), options),
        "allsides_headline_11": run_allsides(shared_dir(bench, "allsides-neus"), options),
        "peak_rss_mb": peak_rss_mb(),
    }
    print(json.dumps(result, indent=2, default=str))
    print("wrote", write_result(args.name, result))


if __name__ == "__main__":
    main()
