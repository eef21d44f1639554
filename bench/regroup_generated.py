"""Story grouping alone on ``bench_scale.py``'s generated corpora, regrouped in seconds.

For each seed, ``generate_corpus.py`` writes a 1k corpus and ``ingest_paths`` stores it
once (kept under ``--root``); then every article's stored features go through a
:class:`StoryIndex` in arrival order and ``settle``, as ``update_stories`` does on a fresh
store, with the default options and with each ``--group`` setting. B³ against the
generator's ``truth.jsonl``. Without tracing, a seed takes seconds once ingested, where
``bench_scale.py`` takes minutes; its B³ is the same (seed 1: 0.984 both).

    .venv/bin/python bench/regroup_generated.py --seeds 1 2 3 4 --group report_core_text=none
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bench_scale import b_cubed, prepare
from common import base_parser, group_options, write_result
from storytrace.group import GroupOptions, StoryFeatures, StoryIndex
from storytrace.ingest import load_sidecar
from storytrace.pipeline import ingest_paths
from storytrace.store import Store

SIZE = 1000


def ingested(seed: int, root: Path) -> tuple[Path, Path]:
    """The corpus and its store (ingested once, on one worker)."""
    folder = root / f"seed{seed}"
    corpus = prepare(SIZE, folder, seed)
    db = folder / "ingested.db"
    if not db.exists():
        partial = db.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        with Store(partial) as store:
            sidecar = load_sidecar(str(corpus / "meta.csv"))
            files = [str(corpus / "files")]
            ingest_paths(files, store, sidecar=sidecar, workers=1, keep_articles=False)
        partial.rename(db)
    return corpus, db


def regroup(corpus: Path, db: Path, options: GroupOptions) -> dict[str, float]:
    truth = [json.loads(line) for line in (corpus / "truth.jsonl").read_text().splitlines()]
    story_of_file = {r["file"]: r["story"] for r in truth if r["kind"] == "article"}
    index = StoryIndex(options)
    with Store(db) as store:
        sources = "SELECT a.id, d.source FROM articles a JOIN documents d ON d.id = a.document_id"
        gold = {a: story_of_file[Path(s.split("#")[0]).name] for a, s in store.db.execute(sources)}
        for data, _ in store.story_features():
            index.add(StoryFeatures.from_dict(data))
    index.settle()
    return b_cubed(gold, {a: s for s, ids in index.stories().items() for a in ids})


def main() -> None:
    parser = base_parser(__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4])
    parser.add_argument("--root", type=Path, default=Path("/tmp/storytrace-regroup"))
    parser.add_argument("--name", default="regroup_generated", help="result file name")
    args: argparse.Namespace = parser.parse_args()
    settings = {"default": GroupOptions()}
    for item in args.group or []:
        settings[item] = group_options([item])
    result: dict = {"size": SIZE, "seeds": {}}
    for seed in args.seeds:
        corpus, db = ingested(seed, args.root)
        scores = {name: regroup(corpus, db, options) for name, options in settings.items()}
        result["seeds"][seed] = scores
        print(seed, {name: s["f1"] for name, s in scores.items()}, flush=True)
    print("wrote", write_result(args.name, result))


if __name__ == "__main__":
    main()
