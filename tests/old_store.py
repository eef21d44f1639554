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


def as_version_7(db: sqlite3.Connection) -> None:
    """Undo schema versions 9 and 8, with grouping features and raw texts stored as
    plain text."""
    from storytrace.store_codec import unpack_raw

    rows = db.execute(
        "SELECT d.id, d.raw_text, a.clean_text, a.segments FROM documents d "
        "JOIN articles a ON a.document_id = d.id"
    ).fetchall()
    for doc_id, raw, clean, segments in rows:
        text = unpack_raw(raw, clean, json.loads(segments))
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
