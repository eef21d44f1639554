"""Spark on a real standalone cluster on loopback against the single machine.

Starts a standalone master and two workers (one core, 1 GB each) on 127.0.0.1 from the
pyspark package, builds the wheel, and submits the driver script of ``docs/spark.md``
with ``spark-submit --master spark://127.0.0.1:PORT --py-files WHEEL`` (the executors'
Python has the dependencies but not storytrace: they run the wheel). The same corpus goes
through the single machine (``ingest_paths`` + ``update_stories``, one process) and the
two must give the same stories, story ids, roles and discrepancies. Wall-clock seconds
of each, the cluster's start-up and the submission apart (``tests/spark/cluster.py``).

The corpus is the short-article generator of ``tests/spark/test_equivalence.py``.

    .venv/bin/python bench/bench_spark_cluster.py [--articles 300]

Writes ``bench/results/spark_cluster.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from common import write_result

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from tests.spark.cluster import Cluster, build_wheel, node_python, submit  # noqa: E402
from tests.spark.test_equivalence import generate, summary  # noqa: E402


def single_machine(corpus: Path, db: Path) -> tuple[float, dict]:
    from storytrace.pipeline import ingest_paths, update_stories
    from storytrace.store import Store

    start = time.perf_counter()
    with Store(db) as store:
        ingest_paths([str(corpus)], store, workers=1)
        update_stories(store, workers=1)
        analyses = {s: store.story(s) for s in store.story_members()}
    return time.perf_counter() - start, analyses


def on_cluster(corpus: Path, work: Path) -> dict:
    from storytrace.spark.load import read_table

    timings: dict[str, float] = {}
    start = time.perf_counter()
    wheel = build_wheel(work / "dist")
    python = node_python(work / "node-env")
    timings["wheel_and_env_seconds"] = time.perf_counter() - start
    start = time.perf_counter()
    with Cluster(work / "cluster", workers=2) as cluster:
        timings["cluster_start_seconds"] = time.perf_counter() - start
        start = time.perf_counter()
        done = submit(cluster, wheel, python, [str(corpus)], work / "out", work)
        timings["submit_seconds"] = time.perf_counter() - start
        state = cluster.state() or {}
    if done.returncode != 0:
        log = REPO / "bench" / "results" / "tmp" / "spark_cluster_submit.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(done.stdout + "\n" + done.stderr, encoding="utf-8")
        raise SystemExit(f"spark-submit failed ({done.returncode}); its log: {log}")
    analyses = {s["id"]: json.loads(s["analysis"]) for s in read_table(work / "out", "stories")}
    return {
        "timings": timings,
        "analyses": analyses,
        "driver_output": done.stdout.strip().splitlines()[-1:],
        "workers_alive": Cluster.alive_workers(state),
        "cores": state.get("cores"),
        "completed_apps": len(state.get("completedapps", [])),
    }


def run(articles: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="storytrace-cluster-") as tmp:
        work = Path(tmp)
        generate(articles, work / "corpus")
        single_seconds, single = single_machine(work / "corpus", work / "single.db")
        cluster = on_cluster(work / "corpus", work)
    analyses = cluster.pop("analyses")
    expected, got = summary(single), summary(analyses)
    same = {key: got[key] == expected[key] for key in ("stories", "roles", "discrepancies")}
    same["story_ids"] = set(analyses) == set(single)
    return {
        "articles": articles,
        "stories": len(expected["stories"]),
        "discrepancies": len(expected["discrepancies"]),
        "same": same,
        "load_average_1min_at_end": round(os.getloadavg()[0], 1),
        "single_machine_seconds": round(single_seconds, 1),
        **{k: round(v, 1) for k, v in cluster.pop("timings").items()},
        **cluster,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args()
    result = run(args.articles)
    print(json.dumps(result, indent=2))
    print(f"wrote {write_result('spark_cluster', result)}")
    if not all(result["same"].values()):
        raise SystemExit("the cluster's results differ from the single machine's")


if __name__ == "__main__":
    main()
