"""The Spark job submitted to a real standalone cluster (a master and two workers on
127.0.0.1) exactly as ``docs/spark.md`` says gives the single machine's stories, story
ids, roles and discrepancies (skipped without pyspark or Java). ``tests/spark/cluster.py``
starts and stops the cluster; ``bench/bench_spark_cluster.py`` runs the same on more
articles and times it."""

from __future__ import annotations

import json
from pathlib import Path

from . import test_equivalence as equivalence
from .cluster import Cluster, build_wheel, driver_script, node_python, submit

ARTICLES = 40

pytestmark = equivalence.pytestmark  # skipped without pyspark or Java, as there


def test_the_docs_driver_script_takes_the_master_from_spark_submit() -> None:
    code = driver_script().split("#")[0]
    assert "run_job(sys.argv[1:-1], sys.argv[-1])" in code and "master" not in code


def test_a_standalone_cluster_gives_the_single_machine_results(tmp_path: Path) -> None:
    from storytrace.pipeline import ingest_paths, update_stories
    from storytrace.spark.load import read_table
    from storytrace.store import Store

    corpus = tmp_path / "corpus"
    equivalence.generate(ARTICLES, corpus, seed=11)
    with Store(tmp_path / "single.db") as store:
        ingest_paths([str(corpus)], store, workers=1)
        update_stories(store, workers=1)
        single = {s: store.story(s) for s in store.story_members()}
    wheel, python = build_wheel(tmp_path / "dist"), node_python(tmp_path / "node")
    with Cluster(tmp_path / "cluster", workers=2) as cluster:
        done = submit(cluster, wheel, python, [str(corpus)], tmp_path / "out", tmp_path)
        state = cluster.state() or {}
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    assert Cluster.alive_workers(state) == 2 and len(state.get("completedapps", [])) == 1
    analyses = {s["id"]: json.loads(s["analysis"]) for s in read_table(tmp_path / "out", "stories")}
    assert set(analyses) == set(single) and len(single) > 5
    assert equivalence.summary(analyses) == equivalence.summary(single)


def test_workers_and_a_local_master_are_one_choice() -> None:
    import pytest

    from storytrace.errors import ConfigError
    from storytrace.spark.job import spark_session

    with pytest.raises(ConfigError, match="not both"):
        spark_session("local[2]", workers=2)
