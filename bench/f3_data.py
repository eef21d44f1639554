"""The f3-dev pairs (``../shared/bench/f3-dev``): real GPT-3.5 rewrites of real news and
tweets, faithful (``real``) or distorted (``fake``), each with its original.

Shared by the f3 evaluations so that every script reads the same rows the same way.
Pairs of one original always fall on the same side of :func:`fold` (a stable hash of the
original's text), so a script can fit on one fold and report on the other.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

FILES = (
    "CoAID_test.csv",
    "FakeNewsNet_Gossipcop_test.csv",
    "FakeNewsNet_Politifacts_train.csv",
    "FakeNewsNet_Politifacts_validation.csv",
)


@dataclass(frozen=True, slots=True)
class F3Pair:
    uuid: str
    source: str  # CoAID | Gossipcop | Politifacts
    kind: str  # news | tweet
    label: str  # real (faithful) | fake (distorted)
    prompt: str  # minor | major | critical
    original: str
    rewrite: str

    @property
    def distorted(self) -> bool:
        return self.label == "fake"

    @property
    def original_key(self) -> str:
        return hashlib.sha1(self.original.encode("utf-8")).hexdigest()[:16]


def source_name(file_name: str) -> str:
    if file_name.startswith("CoAID"):
        return "CoAID"
    return "Gossipcop" if "Gossipcop" in file_name else "Politifacts"


def load_pairs(folder: Path) -> list[F3Pair]:
    """Every usable pair of the f3-dev folder, in file order (empty texts are skipped)."""
    csv.field_size_limit(1 << 30)
    pairs: list[F3Pair] = []
    for name in FILES:
        path = folder / name
        if not path.exists():
            continue
        pairs.extend(_read(path, source_name(name)))
    return pairs


def _read(path: Path, source: str) -> Iterator[F3Pair]:
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            original, rewrite = row["human_content"].strip(), row["ai_content"].strip()
            if not original or not rewrite:
                continue
            yield F3Pair(
                uuid=row["uuid"],
                source=source,
                kind="tweet" if "twitter" in row["article_type"] else "news",
                label=row["ai_generated_label"].strip().lower(),
                prompt=row["Prompt_type"].strip().lower(),
                original=original,
                rewrite=rewrite,
            )


def fold(pair: F3Pair, folds: int = 2) -> int:
    """A stable fold of the pair's original: 0 .. folds-1 (all rewrites of one original
    share it), for fitting on one fold and reporting on the other."""
    return int(pair.original_key, 16) % folds
