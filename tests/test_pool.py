"""The process pool, and ingest and story analysis on it: same results as in one process;
resumable after a kill; batched commits hold whole documents only."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storytrace.demo import CORPUS_DIR, META_FILE
from storytrace.errors import StoreError
from storytrace.ingest import load_sidecar
from storytrace.model import Document, Metadata
from storytrace.pipeline import (
    PoolMinimum,
    count_inputs,
    ingest_documents,
    ingest_paths,
    update_stories,
)
from storytrace.pool import bounded_map
from storytrace.store import Store

ALWAYS = PoolMinimum(documents=0, pairs=0)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))


def _square(x: int) -> int:
    return x * x


def test_bounded_map_keeps_input_order() -> None:
    assert list(bounded_map(_square, range(30), workers=2, in_flight=3)) == [
        (x, x * x) for x in range(30)
    ]
    assert list(bounded_map(_square, [], workers=2)) == []


def _pid(_: int) -> int:
    return os.getpid()


def test_pool_starts_only_for_enough_work() -> None:
    here = os.getpid()
    small = bounded_map(_pid, range(5), workers=2, min_work=6)
    assert [pid for _, pid in small] == [here] * 5
    weighed = bounded_map(_pid, range(5), workers=2, min_work=6, weight=lambda x: x)
    pids = [pid for _, pid in weighed]
    assert here not in pids and len(pids) == 5


def test_count_inputs_counts_files_without_reading() -> None:
    assert count_inputs([str(CORPUS_DIR)]) == len(list(CORPUS_DIR.iterdir()))
    assert count_inputs([str(CORPUS_DIR / "01_northline_wire.txt"), "-"]) == 2


def _snapshot(db: Path) -> dict:
    """Everything ingest and update_stories store, independent of arrival timestamps."""
    with Store(db) as store:
        articles = [(a.id, a.clean_text, a.metadata) for a in store.articles()]
        facts = {a_id: store.facts(a_id) for a_id, _, _ in articles}
        members = store.story_members()
        stories = {s["id"]: store.story(s["id"]) for s in store.stories()}
    return {"articles": articles, "facts": facts, "members": members, "stories": stories}


def _run(paths: list[str], db: Path, workers: int, sidecar=None):
    with Store(db) as store:
        report = ingest_paths(paths, store, sidecar=sidecar, workers=workers, pool=ALWAYS)
        update_stories(store, workers=workers, pool=ALWAYS)
    return report


def test_two_workers_store_what_one_does(tmp_path) -> None:
    sidecar = load_sidecar(str(META_FILE))
    steps = []
    with Store(tmp_path / "one.db") as store:
        one = ingest_paths(
            [str(CORPUS_DIR)], store, sidecar=sidecar, workers=1, on_progress=steps.append
        )
        update_stories(store, workers=1)
    two = _run([str(CORPUS_DIR)], tmp_path / "two.db", 2, sidecar)
    assert one.added_count == two.added_count == len(one.added) > 0
    assert _snapshot(tmp_path / "one.db") == _snapshot(tmp_path / "two.db")
    assert steps[-1].done == steps[-1].total == count_inputs([str(CORPUS_DIR)])


def test_keep_articles_off_keeps_counts_only(tmp_path) -> None:
    with Store(tmp_path / "x.db") as store:
        report = ingest_paths([str(CORPUS_DIR)], store, workers=1, keep_articles=False)
        again = ingest_paths([str(CORPUS_DIR)], store, workers=1, keep_articles=False)
    assert report.added == [] and report.added_count >= 7 and report.split_count >= 0
    assert again.added_count == 0 and len(again.already_stored) >= 7


INGEST = """
import sys
import storytrace.pipeline
from storytrace.pipeline import PoolMinimum, ingest_paths
from storytrace.store import Store
storytrace.pipeline.COMMIT_EVERY_DOCUMENTS = 4  # small batches, so a kill lands mid-way
with Store(sys.argv[2]) as store:
    ingest_paths([sys.argv[1]], store, workers=2, pool=PoolMinimum(documents=0))
"""


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(db) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_killed_run_resumes_to_the_same_result(tmp_path) -> None:
    generate_corpus = pytest.importorskip("generate_corpus")
    corpus = tmp_path / "corpus"
    generate_corpus.generate(60, corpus, seed=2)
    (corpus / "truth.jsonl").unlink()
    (corpus / "meta.csv").unlink()
    killed = tmp_path / "killed.db"
    child = subprocess.Popen([sys.executable, "-c", INGEST, str(corpus), str(killed)])
    deadline = time.monotonic() + 120
    while _stored(killed) < 5 and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.wait()
    done_before = _stored(killed)
    assert 0 < done_before < 60, "the run should be killed mid-way"
    resumed = _run([str(corpus)], killed, 2)
    # verbatim wire copies without a sidecar are the same document: skipped as stored too
    assert len(resumed.already_stored) >= done_before
    _run([str(corpus)], tmp_path / "clean.db", 1)
    assert _snapshot(killed) == _snapshot(tmp_path / "clean.db")


def _doc(n: int) -> Document:
    return Document(f"doc{n}.txt", "text", f"Text number {n}.", Metadata())


def test_batched_documents_are_committed_together(tmp_path) -> None:
    db = tmp_path / "b.db"
    with Store(db) as store, store.batched(every=3, seconds=3600):
        for n in range(4):
            assert store.add_document(_doc(n), [])
            assert store.has_document(_doc(n).id)  # seen by the writer at once
            if n == 1:
                assert _stored(db) == 0  # not by others before the batch is full
        assert _stored(db) == 3
    assert _stored(db) == 4


def test_a_failed_document_leaves_the_rest_of_its_batch(tmp_path) -> None:
    db = tmp_path / "f.db"
    with Store(db) as store, store.batched(every=100, seconds=3600):
        store.add_document(_doc(1), [])
        with pytest.raises(StoreError):
            store.add_document(_doc(2), [], features={"no-such-article": {}})
        assert not store.has_document(_doc(2).id)
        assert store.add_document(_doc(3), [])
    with Store(db) as store:
        assert [store.has_document(_doc(n).id) for n in (1, 2, 3)] == [True, False, True]


def test_documents_are_read_with_no_write_transaction_open(tmp_path) -> None:
    """Read first, then write briefly: no transaction is open while a document is read,
    and each batch is written inside the write guard."""
    guarded: list[bool] = []

    class Guard:
        def __enter__(self) -> None:
            guarded.append(True)

        def __exit__(self, *_: object) -> None:
            guarded.append(False)

    with Store(tmp_path / "r.db") as store:

        def documents():
            for n in range(5):
                assert not store.db.in_transaction
                assert not guarded or guarded[-1] is False
                yield _doc(n)

        report = ingest_documents(documents(), store, workers=1, write_guard=Guard)
    assert len(report.added) == 5 and guarded and guarded[-1] is False


def test_workers_option_reaches_every_stage(tmp_path, monkeypatch) -> None:
    from click.testing import CliRunner

    import storytrace.cli as cli_module

    seen: dict[str, int | None] = {}

    def spy(name, real):
        def call(*args, **kwargs):
            seen[name] = kwargs.get("workers")
            return real(*args, **kwargs)

        monkeypatch.setattr(cli_module, name, call)

    for name in ("ingest_paths", "update_stories", "write_dossiers"):
        spy(name, getattr(cli_module, name))
    db, out = tmp_path / "w.db", tmp_path / "out"
    args = ["--db", str(db), "run", "--workers", "2", str(CORPUS_DIR), "-o", str(out)]
    result = CliRunner().invoke(cli_module.cli, args)
    assert result.exit_code == 0, result.output
    assert seen == {"ingest_paths": 2, "update_stories": 2, "write_dossiers": 2}
    result = CliRunner().invoke(cli_module.cli, ["--db", str(db), "ingest", "--workers", "0", "x"])
    assert result.exit_code == 2 and "--workers" in result.output
