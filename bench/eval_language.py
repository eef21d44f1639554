"""How well the English-only check (storytrace.ingest.language) tells English news from
news in other languages, on the SemEval-2022 Task 8 sample (10 languages, ground truth
from its language columns). Baseline: warn about nothing.

    PYTHONPATH=src python bench/eval_language.py
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from storytrace.config import IngestOptions
from storytrace.ingest.language import MIN_WORDS, english_share, looks_english

DATA = Path(__file__).resolve().parents[2] / "shared" / "bench" / "semeval2022-task8-sample"


def texts() -> list[tuple[str, str]]:
    """(language, text) of every article in the sample, once each."""
    csv.field_size_limit(sys.maxsize)
    seen, found = set(), []
    for name in ("training_set.csv", "testing_set.csv"):
        with (DATA / name).open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                for side in ("1", "2"):
                    lang, text = row.get(f"lang{side}"), row.get(f"text{side}") or ""
                    if lang and len(text.split()) >= MIN_WORDS and text not in seen:
                        seen.add(text)
                        found.append((lang, text))
    return found


def main() -> None:
    if not DATA.is_dir():
        sys.exit(f"{DATA} is absent")
    items = texts()
    threshold = IngestOptions().english_min_share
    english = [t for lang, t in items if lang == "en"]
    other = [t for lang, t in items if lang != "en"]
    result = {
        "data": "semeval2022-task8-sample (train + test, articles of 30+ words, deduplicated)",
        "english": len(english),
        "other": len(other),
        "threshold": threshold,
        "english_warned": sum(not looks_english(t, threshold) for t in english),
        "other_warned": sum(not looks_english(t, threshold) for t in other),
        "baseline_other_warned": 0,
        "english_share_min": round(min(english_share(t) for t in english), 3),
        "other_share_max": round(max(english_share(t) for t in other), 3),
    }
    out = Path(__file__).parent / "results" / "language_check.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
