from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storytrace.errors import NotFoundError, StoreError
from storytrace.pipeline import ingest_paths, set_metadata, update_stories
from storytrace.store import MIGRATIONS, Store
from storytrace.store_codec import AT_SPAN, PASSAGE_KEYS, unpack, with_passage_texts

from .conftest import FIXTURES
from .old_store import as_version_7


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
        indexed = store.db.execute("SELECT count(*) FROM article_search_docsize").fetchone()[0]
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


def _indexed(store: Store) -> int:
    return int(store.db.execute("SELECT count(*) FROM article_search_docsize").fetchone()[0])


def test_search_reads_the_stored_text_and_follows_edits_and_deletes(
    tmp_path: Path, store: Store
) -> None:
    for name in ("harbour.txt", "orchard.txt"):
        (tmp_path / name).write_text((FIXTURES / name).read_text())
    harbour, orchard = ingest_paths([str(tmp_path)], store).added
    tables = {r[0] for r in store.db.execute("SELECT name FROM sqlite_schema")}
    assert "article_search_content" not in tables  # the text is stored once, in articles
    assert _indexed(store) == 2
    [hit] = store.search("gantry crane")
    assert hit.article_id == harbour.id and hit.title == harbour.metadata.title
    set_metadata(store, harbour.id, title="Quayside zeppelin sighting")
    assert [h.article_id for h in store.search("zeppelin")] == [harbour.id]
    store.delete_article(harbour.id)
    assert store.search("gantry crane") == [] and _indexed(store) == 1
    assert [h.article_id for h in store.search(orchard.clean_text.split()[0])] == [orchard.id]


def test_fact_sheets_are_stored_without_the_texts_their_spans_give(
    tmp_path: Path, store: Store
) -> None:
    (tmp_path / "h.txt").write_text((FIXTURES / "harbour.txt").read_text())
    [added] = ingest_paths([str(tmp_path / "h.txt")], store).added
    sheet = store.facts(added.id)
    assert sheet and sheet["claims"]
    for claim in sheet["claims"]:
        assert claim["text"] == added.clean_text[slice(*claim["span"])]
    (blob,) = store.db.execute("SELECT data FROM facts").fetchone()
    assert {c["text"] for c in unpack(blob)["claims"]} == {AT_SPAN}
    store.save_facts(added.id, sheet)
    assert store.facts(added.id) == sheet


def test_a_version_7_store_migrates_to_one_copy_of_the_text(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    for name in ("harbour.txt", "orchard.txt"):
        (tmp_path / "in" / name).write_text((FIXTURES / name).read_text())
    path = tmp_path / "old.db"
    with Store(path) as store:
        ingest_paths([str(tmp_path / "in")], store, workers=1)
        ids = [a.id for a in store.articles()]
        sheets = [store.facts(i) for i in ids]
        update_stories(store, workers=1)
        features = list(store.story_features())
        analyses = {s["id"]: store.story(s["id"]) for s in store.stories()}
        raw = [a.raw_text for a in store.articles()]
        as_version_7(store.db)
        assert isinstance(store.db.execute("SELECT data FROM story_features").fetchone()[0], str)
    with Store(path) as store:
        assert store.version == len(MIGRATIONS)
        assert [store.facts(i) for i in ids] == sheets
        assert list(store.story_features()) == features
        assert {s["id"]: store.story(s["id"]) for s in store.stories()} == analyses
        assert [a.raw_text for a in store.articles()] == raw
        (data,) = store.db.execute("SELECT data FROM story_features LIMIT 1").fetchone()
        assert isinstance(data, bytes)
        assert _indexed(store) == 2
        assert [h.article_id for h in store.search("gantry crane")] == [ids[0]]
        ingest_paths([str(FIXTURES / "harbour.txt")], store, workers=1)  # same text: no-op
        assert _indexed(store) == 2


def test_story_analyses_are_stored_without_passage_texts(demo_store: Store) -> None:
    [story] = [s for s in demo_store.stories() if s["article_count"] > 1]
    analysis = demo_store.story(story["id"])
    texts = {a.id: a.clean_text for a in demo_store.articles()}
    passages = [(al, p) for al in analysis["alignments"] for p in al["passages"]]
    assert passages
    for al, p in passages:
        assert p["copy_text"] == texts[al["copy_id"]][slice(*p["copy_span"])]
    (blob,) = demo_store.db.execute(
        "SELECT data FROM stories WHERE id = ?", (story["id"],)
    ).fetchone()
    stored = unpack(blob)
    lists = [dict(zip(PASSAGE_KEYS, p, strict=True)) for al in stored["alignments"]
             for p in al["passages"]]  # fmt: skip
    assert {p["copy_text"] for p in lists} == {AT_SPAN}
    assert [p["kind"] for p in lists] == [p["kind"] for _, p in passages]


def test_facts_are_stored_once_in_the_plain_table(demo_store: Store) -> None:
    [story] = [s for s in demo_store.stories() if s["article_count"] > 1]
    analysis = demo_store.story(story["id"])
    texts = {a.id: a.clean_text for a in demo_store.articles()}
    assert analysis["facts"] and all(
        s["text"] == texts[s["article"]][slice(*s["span"])]
        for f in analysis["facts"] for s in f["statements"]
    )  # fmt: skip
    (blob,) = demo_store.db.execute(
        "SELECT data FROM stories WHERE id = ?", (story["id"],)
    ).fetchone()
    assert unpack(blob)["facts"]["stored_in"] == "story_facts"
    rows = demo_store.db.execute(
        "SELECT fact_id, status, support, data FROM story_facts WHERE story_id = ?",
        (story["id"],),
    ).fetchall()
    assert [(r[0], r[1], r[2]) for r in rows] == [
        (f["id"], f["status"], f["support"]) for f in analysis["facts"]
    ]
    seq = dict(demo_store.db.execute("SELECT id, seq FROM articles"))
    assert json.loads(rows[0][3])["statements"] == [
        [seq[s["article"]], *s["span"]] for s in analysis["facts"][0]["statements"]
    ]
    named = demo_store.db.execute(
        "SELECT a.id FROM story_facts f, json_each(f.data, '$.statements') s "
        "JOIN articles a ON a.seq = s.value ->> 0 WHERE f.story_id = ? AND f.fact_id = ?",
        (story["id"], rows[0][0]),
    ).fetchall()  # the query the README gives
    assert [n for (n,) in named] == [s["article"] for s in analysis["facts"][0]["statements"]]
    demo_store.save_story(story["id"], analysis)
    assert demo_store.story(story["id"]) == analysis


def test_new_and_migrated_stores_use_large_pages(tmp_path: Path) -> None:
    from storytrace.store import PAGE_SIZE

    path = tmp_path / "old.db"
    with Store(path) as store:
        assert store.db.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE
        ingest_paths([str(FIXTURES / "harbour.txt")], store, workers=1)
    old = sqlite3.connect(path)
    old.execute("PRAGMA journal_mode = DELETE")
    old.execute("PRAGMA page_size = 4096")
    old.execute("VACUUM")
    as_version_7(old)
    assert old.execute("PRAGMA page_size").fetchone()[0] == 4096
    old.close()
    with Store(path) as store:
        assert store.db.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert [h.title for h in store.search("gantry")]


def _v8_demo_store(tmp_path: Path) -> Path:
    """The bundled demo corpus ingested and analysed by storytrace at schema version 8
    (the code before raw texts were stored beside their clean text; 4 KB pages,
    vacuumed, gzipped)."""
    import gzip

    path = tmp_path / "v8.db"
    path.write_bytes(gzip.decompress((FIXTURES / "store-v8-demo.db.gz").read_bytes()))
    return path


def test_a_version_8_store_made_by_the_previous_release_migrates(tmp_path: Path) -> None:
    import zlib

    path = _v8_demo_store(tmp_path)
    old = sqlite3.connect(path)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 8
    raw = {
        d: zlib.decompress(t).decode() for d, t in old.execute("SELECT id, raw_text FROM documents")
    }
    plain = {
        (s, f): json.loads(d)
        for s, f, d in old.execute("SELECT story_id, fact_id, data FROM story_facts")
    }
    stories = {s: unpack(d) for s, d in old.execute("SELECT id, data FROM stories")}
    sheets = {a: unpack(d) for a, d in old.execute("SELECT article_id, data FROM facts")}
    old.close()
    with Store(path) as store:
        assert store.version == len(MIGRATIONS) and store.integrity_check() == "ok"
        assert {a.document_id: a.raw_text for a in store.articles()} == raw
        beside = store.db.execute(
            "SELECT count(*) FROM documents WHERE substr(raw_text, 1, 1) = x'00'"
        ).fetchone()[0]
        assert beside == len(raw) - 1  # the document of two articles is stored whole
        seq = dict(store.db.execute("SELECT id, seq FROM articles"))
        for (story_id, fact_id), fact in plain.items():
            (data,) = store.db.execute(
                "SELECT data FROM story_facts WHERE story_id = ? AND fact_id = ?",
                (story_id, fact_id),
            ).fetchone()
            data = json.loads(data)
            assert data["statements"] == [
                [seq[s["article"]], *s["span"]] for s in fact["statements"]
            ]
            assert data["slots"] == {k: v for k, v in fact["slots"].items() if v}
        texts = {a.id: a.clean_text for a in store.articles()}
        for story_id, analysis in stories.items():
            assert store.story(story_id) == with_passage_texts(analysis, texts)
        assert {a: store.facts(a) is not None for a in sheets} == dict.fromkeys(sheets, True)
        article = next(store.articles())
        assert article.id in [h.article_id for h in store.search(article.clean_text.split()[0])]
        assert _indexed(store) == store.count_articles()


def test_raw_texts_are_stored_beside_their_clean_text_only_when_exact() -> None:
    from storytrace.store_codec import BESIDE_CLEAN, pack_raw, unpack_raw

    raw = "Title\n\n  First  paragraph.\n\nSecond one.\n-- footer --\n"
    clean = "Title\n\nFirst  paragraph.\n\nSecond one."
    segments = [(0, 0, 7), (7, 9, 17), (24, 26, 13)]
    assert all(clean[c : c + n] == raw[r : r + n] for c, r, n in segments)
    packed = pack_raw(raw, clean, segments)
    assert packed.startswith(BESIDE_CLEAN) and unpack_raw(packed, clean, segments) == raw
    wrong = [(0, 0, 7), (7, 8, 17)]  # a segment that is not the raw text there
    whole = pack_raw(raw, clean, wrong)
    assert not whole.startswith(BESIDE_CLEAN) and unpack_raw(whole, clean, wrong) == raw
    several = pack_raw(raw, None, [])
    assert not several.startswith(BESIDE_CLEAN) and unpack_raw(several, "", []) == raw
    assert unpack_raw(raw, clean, segments) == raw  # stored as plain text (version < 8)


def test_a_version_9_store_made_by_the_previous_release_migrates(tmp_path: Path) -> None:
    """The bundled demo corpus as `storytrace demo` stored it at schema version 9 (4 KB
    pages, vacuumed, gzipped) migrates: clean texts compressed, `story_facts` naming
    articles by `articles.seq`, records with preset dictionaries, and every answer the
    same as the version 9 rows give it."""
    import gzip

    from storytrace.store_codec import FEATURES, unpack_features, with_span_texts
    from storytrace.tables import stored_facts

    path = tmp_path / "v9.db"
    path.write_bytes(gzip.decompress((FIXTURES / "store-v9-demo.db.gz").read_bytes()))
    old = sqlite3.connect(path)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 9
    texts = dict(old.execute("SELECT id, clean_text FROM articles"))
    sheets = {
        a: with_span_texts(unpack(d), texts[a])
        for a, d in old.execute("SELECT article_id, data FROM facts")
    }
    features = [unpack(d) for (d,) in old.execute("SELECT data FROM story_features ORDER BY seq")]
    analyses = {
        s: {**with_passage_texts(unpack(d), texts), "facts": stored_facts(old, s, texts)}
        for s, d in old.execute("SELECT id, data FROM stories").fetchall()
    }
    plain = {
        (s, f): (json.loads(a), json.loads(o), json.loads(d))
        for s, f, a, o, d in old.execute(
            "SELECT story_id, fact_id, articles, origins, data FROM story_facts"
        )
    }
    old.close()
    with Store(path) as store:
        assert store.version == len(MIGRATIONS) and store.integrity_check() == "ok"
        assert {a.id: a.clean_text for a in store.articles()} == texts
        assert {a: store.facts(a) for a in sheets} == sheets
        assert [f for f, _ in store.story_features()] == features
        assert {s: store.story(s) for s in analyses} == analyses
        compressed = "SELECT count(*) FROM articles WHERE clean_size > length(clean_zip)"
        assert store.db.execute(compressed).fetchone()[0] == len(texts)
        data = [d for (d,) in store.db.execute("SELECT data FROM story_features")]
        assert data and all(d[:1] == FEATURES and unpack_features(d) for d in data)
        seq = dict(store.db.execute("SELECT id, seq FROM articles"))
        for (story_id, fact_id), (articles, origins, fact) in plain.items():
            row = store.db.execute(
                "SELECT articles, origins, data FROM story_facts "
                "WHERE story_id = ? AND fact_id = ?",
                (story_id, fact_id),
            ).fetchone()
            assert json.loads(row[0]) == [seq[a] for a in articles]
            assert json.loads(row[1]) == [seq[a] for a in origins]
            stored = json.loads(row[2])
            assert stored["slots"] == {k: v for k, v in fact["slots"].items() if v}
            assert stored["statements"] == [[seq[a], *rest] for a, *rest in fact["statements"]]
        article = next(store.articles())
        hits = store.search(article.clean_text.split()[2])
        [hit] = [h for h in hits if h.article_id == article.id]
        assert "[" in hit.snippet and _indexed(store) == store.count_articles()


def test_a_version_10_store_made_by_the_previous_release_migrates(tmp_path: Path) -> None:
    """The bundled demo corpus as `storytrace demo` stored it at schema version 10 (4 KB
    pages, vacuumed, gzipped) migrates: records in columns with the new dictionaries,
    key labels at their span, segments deflated, and every answer the same as the
    version 10 rows give it."""
    import gzip

    from storytrace.store_codec import (
        FEATURES,
        IN_COLUMNS,
        _decompress,
        register_functions,
        unpack_features,
        unpack_raw,
        unpack_segments,
        with_span_texts,
    )
    from storytrace.tables import stored_facts

    path = tmp_path / "v10.db"
    path.write_bytes(gzip.decompress((FIXTURES / "store-v10-demo.db.gz").read_bytes()))
    old = sqlite3.connect(path)
    register_functions(old)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 10
    text_sql = "CAST(sqlar_uncompress(clean_zip, clean_size) AS TEXT)"
    texts = dict(old.execute(f"SELECT id, {text_sql} FROM articles"))
    segments = dict(old.execute("SELECT id, segments FROM articles"))
    assert all(isinstance(s, str) for s in segments.values())  # JSON triples
    raw = {
        a: unpack_raw(r, texts[a], json.loads(segments[a]))
        for a, r in old.execute(
            "SELECT a.id, d.raw_text FROM articles a JOIN documents d ON d.id = a.document_id"
        )
    }
    sheets = {
        a: with_span_texts(unpack(d), texts[a])
        for a, d in old.execute("SELECT article_id, data FROM facts")
    }
    features = [
        unpack_features(d) for (d,) in old.execute("SELECT data FROM story_features ORDER BY seq")
    ]
    analyses = {
        s: {**with_passage_texts(unpack(d), texts), "facts": stored_facts(old, s, texts)}
        for s, d in old.execute("SELECT id, data FROM stories").fetchall()
    }
    word = next(iter(texts.values())).split()[3]
    hits = [
        tuple(h)
        for h in old.execute(
            "SELECT a.id, snippet(article_search, 1, '[', ']', '…', 12) FROM article_search "
            "JOIN articles a ON a.seq = article_search.rowid WHERE article_search MATCH ? "
            "ORDER BY rank",
            (f'"{word}"',),
        )
    ]
    old.close()
    with Store(path) as store:
        assert store.version == len(MIGRATIONS) and store.integrity_check() == "ok"
        assert {a.id: (a.clean_text, a.raw_text) for a in store.articles()} == {
            a: (t, raw[a]) for a, t in texts.items()
        }
        assert {a: store.facts(a) for a in sheets} == sheets
        assert [f for f, _ in store.story_features()] == features
        assert {s: store.story(s) for s in analyses} == analyses
        assert [(h.article_id, h.snippet) for h in store.search(word)] == hits
        for table in ("facts", "stories"):
            for (data,) in store.db.execute(f"SELECT data FROM {table}"):
                assert _decompress(data)[1] in IN_COLUMNS
        data = [d for (d,) in store.db.execute("SELECT data FROM story_features")]
        assert data and all(d[:1] == FEATURES for d in data)
        for article_id, stored in store.db.execute("SELECT id, segments FROM articles"):
            assert isinstance(stored, bytes)
            assert unpack_segments(stored) == unpack_segments(segments[article_id])


def test_a_bulk_load_is_compacted_and_a_small_update_is_not(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    compacted: list[int] = []
    compact = Store.compact
    monkeypatch.setattr(Store, "compact", lambda s: compacted.append(1) or compact(s))
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("harbour", "orchard"):
        (inputs / f"{name}.txt").write_text((FIXTURES / f"{name}.txt").read_text())
    ingest_paths([str(inputs)], store)
    update_stories(store)
    assert compacted == [1]
    assert store.db.execute("PRAGMA freelist_count").fetchone()[0] == 0
    [hit] = store.search("gantry crane")  # the index, merged, still finds and shows
    assert "[gantry]" in hit.snippet and store.integrity_check() == "ok"
    more = tmp_path / "more.txt"
    more.write_text((FIXTURES / "harbour.txt").read_text().replace("Port Vell", "Port Nou"))
    ingest_paths([str(more)], store)
    update_stories(store)  # one new article of three: no compaction
    assert compacted == [1]


def test_a_story_read_without_passage_texts_is_the_same_record_by_span(
    demo_store: Store,
) -> None:
    """What the dossier reads: every field as ``story()`` gives it, passages without the
    two texts their spans give, keys in the same order."""
    for story in demo_store.stories():
        full = demo_store.story(story["id"])
        spans = demo_store.story(story["id"], passage_texts=False)
        texts_dropped = {
            **full,
            "alignments": [
                {**al, "passages": [
                    {k: v for k, v in p.items() if k not in ("source_text", "copy_text")}
                    for p in al["passages"]
                ]}
                for al in full["alignments"]
            ],
        }  # fmt: skip
        assert spans == texts_dropped
        assert [list(al) for al in spans["alignments"]] == [list(al) for al in full["alignments"]]


def test_plain_rows_are_those_of_the_spark_tables(demo_store: Store) -> None:
    """The store writes the summary and fact columns Spark's row functions give (the
    store leaves out their JSON copies of the analysis)."""
    from storytrace.tables import fact_columns, fact_rows, story_columns, story_row

    for story in demo_store.stories():
        item = {"id": story["id"], "members": [], "analysis": demo_store.story(story["id"])}
        assert story_row(item)[:-1] == story_columns(item)
        rows = fact_rows(item)
        assert [r[:-1] for r in rows] == [
            fact_columns(story["id"], f) for f in item["analysis"]["facts"]
        ]
        (original, origins, counts) = demo_store.db.execute(
            "SELECT original, independent_origins, discrepancy_counts FROM stories WHERE id = ?",
            (story["id"],),
        ).fetchone()
        columns = story_columns(item)
        assert (original, origins, counts) == (columns[2], columns[4], columns[6])
