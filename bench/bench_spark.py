"""Spark ``local[2]`` against the single-machine path on the same generated corpus.

For each size: the single machine (``ingest_paths`` + ``update_stories`` into a fresh
SQLite store) and ``storytrace.spark.job.run_job`` in ``local[2]`` with ``--grouping
exact`` (and ``components`` with ``--components``), wall-clock seconds, articles per
second, peak RSS of the whole process tree (for Spark: the JVM and its Python workers),
and whether the stories, roles and discrepancies agree (for ``components``: the
B³ F1 of its stories against the single machine's).

The corpus comes from the generator of ``tests/spark/test_equivalence.py`` (short
articles, stories of 1–8), or with ``--realistic`` from ``bench/generate_corpus.py`` (its
``meta.csv`` as the sidecar; 400–900-word articles, stories of up to 50, whose analysis is
quadratic in the story size and dominates both paths).

    .venv/bin/python bench/bench_spark.py --sizes 10000 [100000] [--components]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from common import TreePeak, write_result
from storytrace.ingest import load_sidecar

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from tests.spark.test_equivalence import make_corpus  # noqa: E402

CORPUS_NOTE = "tests/spark/test_equivalence.py generator: short articles, stories of 1-8"


def single_machine(corpus: Path, sidecar: dict | None, work: Path) -> tuple[float, dict]:
    from storytrace.pipeline import ingest_paths, update_stories
    from storytrace.store import Store

    start = time.perf_counter()
    with Store(work / "single.db") as store, TreePeak() as peak:
        ingest_paths([str(corpus)], store, sidecar=sidecar)
        update_stories(store)
        seconds = time.perf_counter() - start
    with Store(work / "single.db") as store:
        return seconds, peak.mb, {s: store.story(s) for s in store.story_members()}


def spark(corpus: Path, sidecar: dict | None, out: Path, grouping: str) -> tuple:
    from storytrace.spark.job import run_job
    from storytrace.spark.load import read_table

    start = time.perf_counter()
    with TreePeak() as peak:
        report = run_job(
            str(corpus), str(out), "local[2]", grouping=grouping, partitions=8, sidecar=sidecar
        )
    seconds = time.perf_counter() - start
    analyses = {s["id"]: json.loads(s["analysis"]) for s in read_table(out, "stories")}
    return seconds, peak.mb, analyses, report.to_dict()


def summary(analyses: dict) -> dict:
    from tests.spark.test_equivalence import summary as summarise

    return summarise(analyses)


def b_cubed_f1(gold: set[frozenset], found: set[frozenset]) -> float:
    gold_of = {a: s for s in gold for a in s}
    found_of = {a: s for s in found for a in s}
    p = sum(len(found_of[a] & gold_of[a]) / len(found_of[a]) for a in found_of) / len(found_of)
    r = sum(len(found_of[a] & gold_of[a]) / len(gold_of[a]) for a in gold_of) / len(gold_of)
    return round(2 * p * r / (p + r), 4)


def run(n: int, components: bool, realistic: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus, meta = make_corpus(n, work, realistic=realistic)
        sidecar = load_sidecar(str(meta)) if meta else None
        single_s, single_mb, single = single_machine(corpus, sidecar, work)
        print(json.dumps({"single_machine_seconds": round(single_s, 1)}), flush=True)
        # only the summary is kept, so Spark's peak memory holds no copy of the analyses
        stories, expected = len(single), summary(single)
        del single
        spark_s, spark_mb, found, report = spark(corpus, sidecar, work / "out", "exact")
        got = summary(found)
        result = {
            "articles": report["articles"],
            "stories": stories,
            "single_machine_seconds": round(single_s, 1),
            "single_machine_articles_per_second": round(report["articles"] / single_s, 1),
            "single_machine_peak_rss_tree_mb": round(single_mb, 1),
            "spark_local2_seconds": round(spark_s, 1),
            "spark_local2_articles_per_second": round(report["articles"] / spark_s, 1),
            "spark_local2_peak_rss_tree_mb": round(spark_mb, 1),
            "spark_steps_seconds": report["seconds"],
            "speedup": round(single_s / spark_s, 2),
            "same_stories": got["stories"] == expected["stories"],
            "same_roles": got["roles"] == expected["roles"],
            "same_discrepancies": got["discrepancies"] == expected["discrepancies"],
        }
        if components:
            comp_s, comp_mb, comp, comp_report = spark(corpus, sidecar, work / "out2", "components")
            result["components"] = {
                "seconds": round(comp_s, 1),
                "peak_rss_tree_mb": round(comp_mb, 1),
                "steps_seconds": comp_report["seconds"],
                "stories": comp_report["stories"],
                "b3_f1_vs_single_machine": b_cubed_f1(
                    expected["stories"], summary(comp)["stories"]
                ),
                "same_stories": summary(comp)["stories"] == expected["stories"],
            }
        print(json.dumps(result), flush=True)
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--components", action="store_true", help="Also run --grouping components.")
    parser.add_argument(
        "--realistic", action="store_true", help="Corpus from bench/generate_corpus.py."
    )
    args = parser.parse_args()
    runs = [run(n, args.components, args.realistic) for n in args.sizes]
    write_result(
        "spark",
        {
            "cores": os.cpu_count(),
            "corpus": "bench/generate_corpus.py" if args.realistic else CORPUS_NOTE,
            "master": "local[2]",
            "runs": runs,
        },
    )


if __name__ == "__main__":
    main()
