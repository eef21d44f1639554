"""Loaded language against NewsWCL50's word-choice annotations (Hamborg et al., JCDL 2019).

Gold: every ``PROPERTY`` and ``ACTOR-I`` annotation (evaluative properties and
evaluative labels of actors: "lavished praise", "the North Korean dictator") of the 50
articles, located in the article's tokens by its words. Systems, in one run:

- ``current``: the hand-written ``LOADED_TERMS`` as they were (before the 2026 group);
- ``lexicon``: ``LOADED_TERMS`` with the 2026 group;
- ``lexicon+vader``: plus the strongly valenced words of the VADER lexicon
  (``vaderSentiment``; |valence| >= ``VADER_MIN_VALENCE``);
each scored on the whole text and "in context" (words inside quotation marks skipped:
a quoted speaker's words are not the outlet's).

Recall: share of gold annotations holding at least one flagged word. Precision: share of
flagged words lying inside some gold annotation (PROPERTY / ACTOR-I). NewsWCL50 has no
training part: nothing here was tuned on it (the VADER threshold was chosen a priori).

Usage: ``python bench/eval_loaded.py`` (``pip install vaderSentiment`` for the VADER rows).
Writes ``bench/results/loaded.json``.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict

import common
from storytrace.compare.lexicon import LOADED_GROUPS, loaded_pattern, loaded_spans, vader_words

_WORD = re.compile(r"\w+")
GOLD_TYPES = ("PROPERTY", "ACTOR-I")
NEW_GROUP = "labelling and escalating (2026 additions)"


def load(shared):  # noqa: ANN001, ANN201
    folder = common.shared_dir(shared, "bench", "newswcl50")
    docs = {}
    for line in (folder / "documents.jsonl").read_text("utf-8").splitlines():
        d = json.loads(line)
        text = " ".join(s.replace("\\n", "\n") for s in d["sentences"])
        docs[(str(d["event_id"]), d["outlet"])] = text
    gold = defaultdict(list)
    with open(folder / "Annotations.csv", encoding="utf-8") as f:
        next(f)  # "sep=,"
        for row in csv.DictReader(f):
            if row["code_type"] in GOLD_TYPES:
                gold[(row["event_id"], row["publisher_id"])].append(row["code_mention"])
    return docs, gold


def _token_spans(text: str, phrases: list[str]) -> list[tuple[int, int]]:
    """Character spans of each phrase's word sequence in ``text`` (first occurrence)."""
    words = [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)]
    index = defaultdict(list)
    for i, (w, _, _) in enumerate(words):
        index[w].append(i)
    spans = []
    for phrase in phrases:
        target = [w.lower() for w in _WORD.findall(phrase)]
        if not target:
            continue
        for i in index.get(target[0], []):
            if [w for w, _, _ in words[i : i + len(target)]] == target:
                spans.append((words[i][1], words[i + len(target) - 1][2]))
                break
    return spans


def score(docs, gold, flag) -> dict[str, float]:  # noqa: ANN001
    hit_gold = n_gold = hit_flags = n_flags = 0
    for key, text in docs.items():
        spans = _token_spans(text, gold.get(key, []))
        flags = flag(text)
        n_gold += len(spans)
        hit_gold += sum(any(gs <= s < ge for s, _ in flags) for gs, ge in spans)
        n_flags += len(flags)
        hit_flags += sum(any(gs <= s < ge for gs, ge in spans) for s, _ in flags)
    p = hit_flags / n_flags if n_flags else 0.0
    r = hit_gold / n_gold if n_gold else 0.0
    return {
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
        "flagged": n_flags,
        "gold_located": n_gold,
    }


def main() -> None:
    parser = common.base_parser(__doc__.split("\n")[0])
    args = parser.parse_args()
    docs, gold = load(args.shared)
    old_terms = tuple(t for g, ts in LOADED_GROUPS.items() if g != NEW_GROUP for t in ts)
    old = re.compile(r"\b(?:" + "|".join(sorted(old_terms, key=len, reverse=True)) + r")\b", re.I)
    new = loaded_pattern()
    systems = {
        "current": lambda t: [m.span() for m in old.finditer(t)],
        "lexicon": lambda t: [m.span() for m in new.finditer(t)],
        "lexicon, in context": lambda t: loaded_spans(t, with_vader=False),
    }
    if vader_words():
        systems["lexicon+vader"] = lambda t: loaded_spans(t, skip_quotes=False)
        systems["lexicon+vader, in context"] = loaded_spans
    results = {name: score(docs, gold, flag) for name, flag in systems.items()}
    print(f"NewsWCL50: {len(docs)} articles, gold {GOLD_TYPES}")
    for name, r in results.items():
        print(
            f"{name:28} P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}"
            f"  ({r['flagged']} flagged, {r['gold_located']} gold located)"
        )
    out = common.write_result(
        "loaded",
        {
            "dataset": "NewsWCL50",
            "gold_types": GOLD_TYPES,
            "vader": bool(vader_words()),
            "results": results,
        },
    )
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
