from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storytrace.errors import NotFoundError, StoreError
from storytrace.pipeline import ingest_paths
from storytrace.store import MIGRATIONS, Store

from .conftest import FIXTURES


def test_new_store_is_at_the_latest_schema_in_wal_mode(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        assert store.version == len(MIGRATIONS)
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    sqlite3.connect(path).execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(StoreError, match="upgrade storytrace"):
        Store(path)


def test_round_trip_and_search(tmp_path: Path, store: Store) -> None:
    (tmp_path / "h.txt").write_text((FIXTURES / "harbour.txt").read_text())
    [added] = ingest_paths([str(tmp_path / "h.txt")], store).added
    loaded = store.article(added.id[:6])
    assert loaded == added
    [hit] = store.search("gantry crane")
    assert hit.article_id == added.id and "[gantry]" in hit.snippet
    with pytest.raises(StoreError, match="bad search query"):
        store.search('"unbalanced')
    with pytest.raises(NotFoundError):
        store.article("zzzz")


def test_killed_batch_leaves_whole_documents_and_rerun_finishes(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    base = (FIXTURES / "harbour.txt").read_text()
    for n in range(400):
        (inputs / f"{n:04}.txt").write_text(base.replace("Port Vell", f"Port {n}"))
    db = tmp_path / "kill.db"
    command = [sys.executable, "-m", "storytrace", "--db", str(db), "ingest", str(inputs)]
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    _wait_for_articles(db, at_least=20)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    with Store(db) as store:
        assert store.integrity_check() == "ok"
        partial = store.count_articles()
        assert 0 < partial < 400
        orphans = store.db.execute(
            "SELECT count(*) FROM documents d LEFT JOIN articles a ON a.document_id = d.id "
            "WHERE a.id IS NULL"
        ).fetchone()[0]
        assert orphans == 0
        indexed = store.db.execute("SELECT count(*) FROM article_search").fetchone()[0]
        assert indexed == partial
    finished = subprocess.run(command, capture_output=True, text=True, check=True)
    assert f"{400 - partial} article(s) added" in finished.stderr
    with Store(db) as store:
        assert store.count_articles() == 400


def _wait_for_articles(db: Path, at_least: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if db.exists():
            try:
                count = sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                count = 0
            if count >= at_least:
                return
        time.sleep(0.02)
    pytest.fail("the ingest process stored nothing in time")


def test_stories_and_articles_come_in_pages(demo_store: Store) -> None:
    every = demo_store.stories()
    assert demo_store.count_stories() == len(every) >= 3
    assert demo_store.stories(limit=1, offset=1) == every[1:2]
    assert demo_store.stories(limit=10, offset=len(every)) == []
    assert demo_store.story_summary(every[0]["id"][:12]) == every[0]
    ids = [a.id for a in demo_store.articles()]
    assert [a.id for a in demo_store.articles(limit=2, offset=3)] == ids[3:5]
