"""Ingest with documents committed in batches against one commit per document.

A ``generate_corpus.py`` corpus (``--articles``, default 300) is ingested in one process
(``workers=1``) into a fresh store, in a fresh child process each time, alternating
``--repeat`` times: with the default batches (``Store.batched``: every 100 documents or
second) and with a commit after every document (``every=1``, what ingest did before).
Wall and CPU milliseconds per document (medians). Then the store alone:
``Store.add_document`` of ``--store-only`` small documents (one article each, no reading),
batched and one commit each, which isolates the cost of a commit.

    .venv/bin/python bench/bench_commit_batches.py [--articles 300] [--repeat 2] [--store-only 2000]

Writes ``bench/results/commit_batches.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_scale import prepare
from common import write_result

CHILD = """
import json, sys, time
from storytrace.ingest import load_sidecar
from storytrace.pipeline import ingest_paths
from storytrace.store import Store
corpus, db, every = sys.argv[1], sys.argv[2], int(sys.argv[3])
if every:
    Store.batched.__defaults__ = (every, 0.0 if every == 1 else 1.0)
sidecar = load_sidecar(corpus + "/meta.csv")
with Store(db) as store:
    wall, cpu = time.perf_counter(), time.process_time()
    report = ingest_paths([corpus + "/files"], store, sidecar=sidecar, workers=1)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
print(json.dumps({"wall": wall, "cpu": cpu, "documents": report.added_count}))
"""


def run(articles: int, repeat: int) -> dict[str, Any]:
    runs: dict[str, list[dict[str, float]]] = {"batched": [], "per_document": []}
    with tempfile.TemporaryDirectory(prefix="storytrace-commits-") as tmp:
        corpus = prepare(articles, Path(tmp), seed=3)
        for n in range(repeat):
            for name, every in (("batched", 0), ("per_document", 1)):
                db = Path(tmp) / f"{name}-{n}.db"
                command = [sys.executable, "-c", CHILD, str(corpus), str(db), str(every)]
                done = subprocess.run(command, check=True, capture_output=True, text=True)
                runs[name].append(json.loads(done.stdout.strip().splitlines()[-1]))
    result: dict[str, Any] = {"articles": articles, "repeat": repeat, "workers": 1}
    for name, measured in runs.items():
        docs = measured[0]["documents"]
        for kind in ("wall", "cpu"):
            ms = 1000 * statistics.median(m[kind] for m in measured) / docs
            result[f"{name}_{kind}_ms_per_article"] = round(ms, 2)
    for kind in ("wall", "cpu"):
        ratio = (
            result[f"batched_{kind}_ms_per_article"] / result[f"per_document_{kind}_ms_per_article"]
        )
        result[f"batched_over_per_document_{kind}"] = round(ratio, 3)
    return result


def store_only(n: int) -> dict[str, float]:
    """Wall ms per document of ``add_document`` alone, batched and one commit each."""
    from storytrace.clean import clean
    from storytrace.model import Document
    from storytrace.store import Store

    text = "Harbour crews worked through the night, the port authority said on Monday. " * 20
    docs = [Document(f"doc{i}.txt", "text", f"Report {i}.\n\n{text}") for i in range(n)]
    prepared = [(d, clean(d)) for d in docs]
    result = {}
    with tempfile.TemporaryDirectory(prefix="storytrace-commits-") as tmp:
        for name, every in (("batched", 100), ("per_document", 1)):
            with Store(Path(tmp) / f"{name}.db") as store:
                start = time.perf_counter()
                with store.batched(every=every, seconds=1.0 if every > 1 else 0.0):
                    for doc, articles in prepared:
                        store.add_document(doc, articles)
                ms = 1000 * (time.perf_counter() - start) / n
                result[f"store_only_{name}_wall_ms_per_document"] = round(ms, 3)
    result["store_only_batched_over_per_document"] = round(
        result["store_only_batched_wall_ms_per_document"]
        / result["store_only_per_document_wall_ms_per_document"], 3
    )  # fmt: skip
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--store-only", type=int, default=2000)
    args = parser.parse_args()
    result = {**run(args.articles, args.repeat), **store_only(args.store_only)}
    print(json.dumps(result, indent=2))
    print(f"wrote {write_result('commit_batches', result)}")


if __name__ == "__main__":
    main()
