"""Turning a fresh store back into an older schema, to test that old stores migrate."""

from __future__ import annotations

import json
import sqlite3

UNDO_VERSION_8 = """
    DROP TRIGGER article_search_insert;
    DROP TRIGGER article_search_delete;
    DROP TRIGGER article_search_update;
    DROP TABLE article_search;
    DROP INDEX articles_by_seq;
    ALTER TABLE articles DROP COLUMN seq;
    CREATE VIRTUAL TABLE article_search USING fts5(
        article_id UNINDEXED, title, clean_text,
        tokenize = 'porter unicode61 remove_diacritics 2'
    );
    INSERT INTO article_search (article_id, title, clean_text)
        SELECT id, coalesce(title, ''), clean_text FROM articles;
    PRAGMA user_version = 7;
"""
"""Version 7: the search index holds its own copy of every text."""


UNDO_VERSION_10 = """
    DROP TRIGGER article_search_insert;
    DROP TRIGGER article_search_delete;
    DROP TRIGGER article_search_update;
    DROP TABLE article_search;
    DROP VIEW article_texts;
    ALTER TABLE articles ADD COLUMN clean_text TEXT;
    UPDATE articles SET clean_text = CAST(sqlar_uncompress(clean_zip, clean_size) AS TEXT);
    ALTER TABLE articles DROP COLUMN clean_zip;
    ALTER TABLE articles DROP COLUMN clean_size;
    CREATE VIRTUAL TABLE article_search USING fts5(x);
"""
"""Version 9: clean texts stored plain (then the search index of version 8)."""


def as_version_9(db: sqlite3.Connection) -> None:
    """Undo schema versions 11 and 10: plain clean texts, ``story_facts`` naming articles
    by id, records packed without preset dictionaries, grouping features as JSON,
    segments as JSON triples."""
    from storytrace.store_codec import (
        pack,
        register_functions,
        unpack,
        unpack_features,
        unpack_segments,
    )
    from storytrace.store_schema import SEARCH_OVER_ARTICLES_SQL

    register_functions(db)
    index = SEARCH_OVER_ARTICLES_SQL.split("ON articles(seq);")[1]
    db.executescript(f"BEGIN; {UNDO_VERSION_10} {index} PRAGMA user_version = 9; COMMIT;")
    ids = dict(db.execute("SELECT seq, id FROM articles"))
    named = lambda ns: [ids.get(n, n) for n in ns]  # noqa: E731
    rows = db.execute("SELECT rowid, articles, origins, data FROM story_facts").fetchall()
    for rowid, articles, origins, data in rows:
        found = json.loads(data)
        found["statements"] = [[ids.get(s[0], s[0]), *s[1:]] for s in found["statements"]]
        db.execute(
            "UPDATE story_facts SET articles = ?, origins = ?, data = ? WHERE rowid = ?",
            (
                json.dumps(named(json.loads(articles))), json.dumps(named(json.loads(origins))),
                json.dumps(found, ensure_ascii=False, separators=(",", ":")), rowid,
            ),
        )  # fmt: skip
    rows = db.execute(
        "SELECT f.rowid, f.data, a.clean_text FROM story_features f "
        "JOIN articles a ON a.id = f.article_id"
    ).fetchall()
    db.executemany(
        "UPDATE story_features SET data = ? WHERE rowid = ?",
        [(pack(unpack_features(d, text)), r) for r, d, text in rows],
    )
    rows = db.execute("SELECT rowid, data FROM facts").fetchall()
    db.executemany(
        "UPDATE facts SET data = ? WHERE rowid = ?", [(pack(unpack(d)), r) for r, d in rows]
    )
    rows = db.execute("SELECT rowid, segments FROM articles").fetchall()
    db.executemany(
        "UPDATE articles SET segments = ? WHERE rowid = ?",
        [(json.dumps(unpack_segments(s), separators=(",", ":")), r) for r, s in rows],
    )
    db.commit()


def as_version_7(db: sqlite3.Connection) -> None:
    """Undo schema versions 10, 9 and 8, with grouping features and raw texts stored as
    plain text."""
    from storytrace.store_codec import unpack_raw, unpack_segments

    if db.execute("PRAGMA user_version").fetchone()[0] >= 10:
        as_version_9(db)

    rows = db.execute(
        "SELECT d.id, d.raw_text, a.clean_text, a.segments FROM documents d "
        "JOIN articles a ON a.document_id = d.id"
    ).fetchall()
    for doc_id, raw, clean, segments in rows:
        text = unpack_raw(raw, clean, unpack_segments(segments))
        db.execute("UPDATE documents SET raw_text = ? WHERE id = ?", (text, doc_id))
    db.executescript(UNDO_VERSION_8)
    rows = db.execute("SELECT article_id, data FROM story_features").fetchall()
    for article_id, data in rows:
        text = data if isinstance(data, str) else _plain(data)
        db.execute("UPDATE story_features SET data = ? WHERE article_id = ?", (text, article_id))
    db.commit()


def _plain(blob: bytes) -> str:
    import zlib

    return zlib.decompress(blob).decode("utf-8")
