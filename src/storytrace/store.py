"""The SQLite store: documents as read, the articles cleaning made of them, what was
removed, and a full-text index. Stages never talk to it; the pipeline does.

The schema is versioned with ``PRAGMA user_version``; :data:`MIGRATIONS` holds one SQL
script per version, applied in order. Every document is written in one transaction with
its articles, removals and index rows, so an interrupted batch leaves only whole
documents behind and running it again finishes the job.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import platformdirs

from .errors import NotFoundError, StoreError
from .model import Article, Document, Metadata, Removal, RemovalReason, Segment, Span

MIGRATIONS: tuple[str, ...] = (
    # 1: documents, articles, removals, full-text search
    """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        format TEXT NOT NULL,
        raw_text TEXT NOT NULL,
        metadata TEXT NOT NULL,
        ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    );
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        part INTEGER NOT NULL,
        title TEXT,
        outlet TEXT,
        url TEXT,
        published TEXT,
        published_from TEXT,
        author TEXT,
        span_start INTEGER NOT NULL,
        span_end INTEGER NOT NULL,
        clean_text TEXT NOT NULL,
        segments TEXT NOT NULL
    );
    CREATE INDEX articles_by_document ON articles(document_id);
    CREATE TABLE removals (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        reason TEXT NOT NULL,
        detail TEXT NOT NULL
    );
    CREATE INDEX removals_by_article ON removals(article_id);
    CREATE VIRTUAL TABLE article_search USING fts5(
        article_id UNINDEXED, title, clean_text, tokenize = 'unicode61 remove_diacritics 2'
    );
    """,
    # 2: the reading stage's fact sheet of each article (JSON, schema storytrace.facts/1)
    """
    CREATE TABLE facts (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        schema TEXT NOT NULL,
        data TEXT NOT NULL
    );
    """,
)


def default_db_path() -> Path:
    """``$STORYTRACE_DB``, else ``storytrace.db`` in the user's data directory."""
    env = os.environ.get("STORYTRACE_DB")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("storytrace")) / "storytrace.db"


@dataclass(frozen=True, slots=True)
class SearchHit:
    article_id: str
    title: str | None
    snippet: str
    rank: float


class Store:
    """A storytrace database. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path else default_db_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, isolation_level=None)
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA busy_timeout = 10000")
            self._migrate()
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the database {self.path}: {exc}") from exc

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    @property
    def version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

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

    # --- writing -------------------------------------------------------------------

    def has_document(self, document_id: str) -> bool:
        row = self.db.execute("SELECT 1 FROM documents WHERE id = ?", (document_id,)).fetchone()
        return row is not None

    def add_document(
        self, doc: Document, articles: list[Article], facts: dict[str, dict[str, Any]] | None = None
    ) -> bool:
        """Store a document with its articles and their fact sheets (JSON dicts keyed by
        article id), all or nothing. False if the document was already there."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
            if self.has_document(doc.id):
                self.db.execute("ROLLBACK")
                return False
            self._insert_document(doc)
            for article in articles:
                self._insert_article(article)
            for article_id, sheet in (facts or {}).items():
                self.save_facts(article_id, sheet)
            self.db.execute("COMMIT")
            return True
        except sqlite3.Error as exc:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise StoreError(f"cannot store {doc.source}: {exc}") from exc

    def _insert_document(self, doc: Document) -> None:
        self.db.execute(
            "INSERT INTO documents (id, source, format, raw_text, metadata) VALUES (?, ?, ?, ?, ?)",
            (doc.id, doc.source, doc.format, doc.text, json.dumps(asdict(doc.metadata))),
        )

    def _insert_article(self, article: Article) -> None:
        meta = article.metadata
        self.db.execute(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article.id, article.document_id, article.part, meta.title, meta.outlet,
                meta.url, meta.published, meta.published_from, meta.author,
                article.span.start, article.span.end, article.clean_text,
                json.dumps([[s.clean_start, s.raw_start, s.length] for s in article.segments]),
            ),
        )  # fmt: skip
        self.db.executemany(
            "INSERT INTO removals VALUES (?, ?, ?, ?, ?)",
            [
                (article.id, r.span.start, r.span.end, r.reason.value, r.detail)
                for r in article.removals
            ],
        )
        self.db.execute(
            "INSERT INTO article_search (article_id, title, clean_text) VALUES (?, ?, ?)",
            (article.id, meta.title or "", article.clean_text),
        )

    def save_facts(self, article_id: str, sheet: dict[str, Any]) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO facts VALUES (?, ?, ?)",
            (article_id, sheet["schema"], json.dumps(sheet, ensure_ascii=False)),
        )

    # --- reading -------------------------------------------------------------------

    def facts(self, article_id: str) -> dict[str, Any] | None:
        """The stored fact sheet of an article, or None if it was never read."""
        full_id = self.resolve_id(article_id)
        row = self.db.execute("SELECT data FROM facts WHERE article_id = ?", (full_id,)).fetchone()
        return None if row is None else dict(json.loads(row[0]))

    def resolve_id(self, prefix: str) -> str:
        """The full id of the one article whose id starts with ``prefix``."""
        rows = self.db.execute(
            "SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 5",
            (prefix, prefix + "\uffff"),
        ).fetchall()
        ids = [str(row[0]) for row in rows]
        if not ids:
            raise NotFoundError(f"no article with id {prefix!r} (see `storytrace list`)")
        if len(ids) > 1 and ids[0] != prefix:
            raise NotFoundError(f"id {prefix!r} is ambiguous: it starts {', '.join(ids)}")
        return ids[0]

    def article(self, article_id: str) -> Article:
        full_id = self.resolve_id(article_id)
        row = self.db.execute(_ARTICLE_QUERY + " WHERE a.id = ?", (full_id,)).fetchone()
        return self._article(row)

    def articles(self) -> Iterator[Article]:
        """Every article, in the order it was ingested."""
        for row in self.db.execute(_ARTICLE_QUERY + " ORDER BY d.rowid, a.part").fetchall():
            yield self._article(row)

    def count_articles(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def _article(self, row: sqlite3.Row | tuple) -> Article:  # type: ignore[type-arg]
        (article_id, document_id, part, title, outlet, url, published, published_from,
         author, start, end, clean_text, segments, source, fmt, raw_text) = row  # fmt: skip
        removals = self.db.execute(
            "SELECT start, end, reason, detail FROM removals WHERE article_id = ? ORDER BY start",
            (article_id,),
        ).fetchall()
        return Article(
            document_id=document_id,
            part=part,
            source=source,
            format=fmt,
            raw_text=raw_text,
            span=Span(start, end),
            clean_text=clean_text,
            segments=tuple(Segment(*s) for s in json.loads(segments)),
            metadata=Metadata(title, url, outlet, published, author, published_from),
            removals=tuple(Removal(Span(s, e), RemovalReason(r), d) for s, e, r, d in removals),
        )

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search over titles and clean text (SQLite FTS5 query syntax)."""
        try:
            rows = self.db.execute(
                "SELECT article_id, title, snippet(article_search, 2, '[', ']', '…', 12), rank "
                "FROM article_search WHERE article_search MATCH ? ORDER BY rank LIMIT ?",
                (query, limit),
            ).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"bad search query {query!r}: {exc}") from exc
        return [SearchHit(a, t or None, s, r) for a, t, s, r in rows]

    def integrity_check(self) -> str:
        return str(self.db.execute("PRAGMA integrity_check").fetchone()[0])


_ARTICLE_QUERY = (
    "SELECT a.id, a.document_id, a.part, a.title, a.outlet, a.url, a.published, "
    "a.published_from, a.author, a.span_start, a.span_end, a.clean_text, a.segments, "
    "d.source, d.format, d.raw_text FROM articles a JOIN documents d ON d.id = a.document_id"
)
