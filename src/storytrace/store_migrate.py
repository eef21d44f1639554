"""Bringing a store of an older schema version up to date: the SQL scripts of
:data:`~storytrace.store_schema.MIGRATIONS`, then the records rewritten as they are now
stored and the file compacted once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import StoreError
from .store_codec import (
    CLEAN_TEXT,
    pack,
    pack_features,
    pack_raw,
    pack_segments,
    unpack,
    unpack_features,
    unpack_raw,
    unpack_segments,
    without_span_texts,
)
from .store_schema import MIGRATIONS

if TYPE_CHECKING:
    import sqlite3
    from collections.abc import Iterator
    from contextlib import AbstractContextManager
    from pathlib import Path

PAGE_SIZE = 16384
"""Bytes per database page. Compressed records of 2-3 KB (fact sheets, grouping
features, analyses) left about a third of each 4 KB page (SQLite's default) empty: the
generated 1,000-article store is 22.4 KB per article with 16 KB pages, 25.0 with 4 KB."""


class StoreMigrations:
    db: sqlite3.Connection
    path: Path

    if TYPE_CHECKING:

        @property
        def version(self) -> int: ...
        def _transaction(self) -> AbstractContextManager[None]: ...
        def _analyses(self) -> Iterator[tuple[str, list[str], dict[str, Any]]]: ...
        def save_story(self, story_id: str, analysis: dict[str, Any]) -> None: ...

    def _migrate(self) -> None:
        current = self.version
        if current > len(MIGRATIONS):
            raise StoreError(
                f"{self.path} has schema version {current}, newer than this storytrace "
                f"understands ({len(MIGRATIONS)}): upgrade storytrace"
            )
        for version, script in enumerate(MIGRATIONS[current:], current + 1):
            self.db.executescript(
                f"BEGIN IMMEDIATE; {script}; PRAGMA user_version = {version}; COMMIT;"
            )
        if current and current < len(MIGRATIONS):
            self._compact_records(current)

    def _compact_records(self, version: int) -> None:
        """The records of a store of an older ``version`` rewritten as they are now
        stored, then the file compacted: grouping features and fact sheets packed (sheets
        without their span texts, before version 8; with preset dictionaries, before 10;
        in columns, before 11),
        raw texts beside their clean text (before 9), analyses and their plain rows
        (``story_facts`` by ``articles.seq``, before 10)."""
        with self._transaction():
            self._pack_sheets()
            self._pack_raw_texts()
            self._pack_segments()
            for story_id, _, analysis in self._analyses():
                self.save_story(story_id, analysis)
        self.db.execute("PRAGMA journal_mode = DELETE")  # a WAL store keeps its page size
        self.db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        self.db.execute("VACUUM")
        self.db.execute("PRAGMA journal_mode = WAL")

    def _pack_sheets(self) -> None:
        rows = self.db.execute(
            f"SELECT f.article_id, f.data, {CLEAN_TEXT} FROM story_features f "
            "JOIN articles a ON a.id = f.article_id"
        ).fetchall()
        self.db.executemany(
            "UPDATE story_features SET data = ? WHERE article_id = ?",
            [(pack_features(unpack_features(d, text), text), a) for a, d, text in rows],
        )
        rows = self.db.execute(
            f"SELECT f.article_id, f.data, {CLEAN_TEXT} FROM facts f "
            "JOIN articles a ON a.id = f.article_id"
        ).fetchall()
        self.db.executemany(
            "UPDATE facts SET data = ? WHERE article_id = ?",
            [(pack(without_span_texts(unpack(d), text), "facts"), a) for a, d, text in rows],
        )

    def _pack_segments(self) -> None:
        rows = self.db.execute("SELECT seq, segments FROM articles").fetchall()
        self.db.executemany(
            "UPDATE articles SET segments = ? WHERE seq = ?",
            [(pack_segments(unpack_segments(s)), seq) for seq, s in rows],
        )

    def _pack_raw_texts(self) -> None:
        rows = self.db.execute(
            f"SELECT d.id, d.raw_text, {CLEAN_TEXT}, a.segments, "
            "(SELECT count(*) FROM articles b WHERE b.document_id = d.id) "
            "FROM documents d JOIN articles a ON a.document_id = d.id AND a.part = "
            "(SELECT min(part) FROM articles c WHERE c.document_id = d.id)"
        ).fetchall()
        updates = []
        for doc_id, raw, clean, segments, count in rows:
            pieces = unpack_segments(segments)
            text = unpack_raw(raw, clean, pieces)
            updates.append((pack_raw(text, clean if count == 1 else None, pieces), doc_id))
        self.db.executemany("UPDATE documents SET raw_text = ? WHERE id = ?", updates)
