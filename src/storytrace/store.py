"""The SQLite store: documents as read, the articles cleaning made of them, what was
removed, and a full-text index. Stages never talk to it; the pipeline does.

The schema is versioned with ``PRAGMA user_version``; :data:`MIGRATIONS`
(:mod:`storytrace.store_schema`) holds one SQL script per version, applied in order, and
:mod:`storytrace.store_migrate` rewrites an older store's records; how records are
encoded is :mod:`storytrace.store_codec`. Every document is written in one
transaction with its articles, removals and index rows (a savepoint when documents are
committed in batches), so an interrupted batch leaves only whole documents behind and
running it again finishes the job.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import platformdirs

from .errors import NotFoundError, StoreError
from .model import Article, Document, Metadata, Removal, RemovalReason, Segment, Span
from .store_codec import (
    CLEAN_TEXT,
    Packed,
    pack_clean,
    pack_raw,
    pack_segments,
    pack_sheet,
    packed_features,
    register_functions,
    unpack_features,
    unpack_raw,
    unpack_segments,
    unpack_with_span_texts,
    with_passage_spans,
    with_passage_texts,
    without_passage_texts,
)
from .store_codec import pack as _pack
from .store_codec import unpack as _unpack
from .store_edits import StoreEdits
from .store_migrate import PAGE_SIZE, StoreMigrations
from .store_schema import MIGRATIONS as MIGRATIONS  # re-exported
from .tables import facts_stub, stored_facts, story_rows


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


COMMIT_EVERY_DOCUMENTS = 100
COMMIT_EVERY_SECONDS = 1.0
"""A batch of ingested documents is committed after this many documents or seconds: one
commit per document was 27.5% of a one-process ingest, mostly waiting on the disk, and
a kill loses at most this much work (a rerun redoes it)."""


@dataclass(slots=True)
class _Batch:
    every: int
    seconds: float
    count: int = 0
    started: float = 0.0

    def wrote(self, db: sqlite3.Connection) -> None:
        """Count a document written; commit when the batch is full or old enough."""
        if self.count == 0:
            self.started = time.monotonic()
        self.count += 1
        if self.count >= self.every or time.monotonic() - self.started >= self.seconds:
            db.execute("COMMIT")
            self.count = 0


STORY_SUMMARY = ("id", "title", "article_count", "discrepancy_count", "updated_at")
"""The columns of a story summary (:meth:`Store.stories`)."""


class Store(StoreEdits, StoreMigrations):
    """A storytrace database. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path else default_db_path()
        self._batch: _Batch | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, isolation_level=None)
            register_functions(self.db)
            self.db.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # takes effect in a new file
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

    def _analyses(self) -> Iterator[tuple[str, list[str], dict[str, Any]]]:
        members = self.story_members()
        for story_id, data in self.db.execute("SELECT id, data FROM stories").fetchall():
            yield story_id, members.get(story_id, []), self._unpacked(story_id, data)

    def _unpacked(self, story_id: str, data: bytes, passage_texts: bool = True) -> dict[str, Any]:
        """A stored analysis as it was saved: facts from ``story_facts`` (stores before
        version 9 kept them in the record too), passage texts from the clean texts
        (without ``passage_texts``, passages without their texts)."""
        analysis = _unpack(data)
        texts = self._texts(analysis)
        if not isinstance(analysis.get("facts"), list):
            analysis["facts"] = stored_facts(self.db, story_id, texts)
        if not passage_texts:
            return with_passage_spans(analysis)
        return with_passage_texts(analysis, texts)

    # --- writing -------------------------------------------------------------------

    def has_document(self, document_id: str) -> bool:
        row = self.db.execute("SELECT 1 FROM documents WHERE id = ?", (document_id,)).fetchone()
        return row is not None

    def has_input(self, input_hash: str) -> bool:
        """Whether a document extracted from the page with this fingerprint is stored."""
        row = self.db.execute(
            "SELECT 1 FROM documents WHERE input_hash = ?", (input_hash,)
        ).fetchone()
        return row is not None

    def add_document(
        self,
        doc: Document,
        articles: list[Article],
        facts: dict[str, dict[str, Any] | Packed] | None = None,
        features: dict[str, dict[str, Any] | Packed] | None = None,
        input_hash: str | None = None,
    ) -> bool:
        """Store a document with its articles, their fact sheets and grouping features
        (JSON dicts keyed by article id, or :class:`~storytrace.store_codec.Packed`), all
        or nothing; ``input_hash`` is the fingerprint of the page it was extracted from.
        False if it was already there. Inside :meth:`batched` the document is committed
        with its batch."""
        with self._transaction(f"cannot store {doc.source}"):
            if self.has_document(doc.id):
                return False
            self._insert_document(doc, input_hash, articles)
            for article in articles:
                self._insert_article(article)
            texts = {a.id: a.clean_text for a in articles}
            for article_id, sheet in (facts or {}).items():
                self.save_facts(article_id, pack_sheet(sheet, texts[article_id]))
            for article_id, data in (features or {}).items():
                self.db.execute(
                    "INSERT INTO story_features (article_id, data) VALUES (?, ?)",
                    (article_id, packed_features(data, text=texts.get(article_id)).data),
                )
        if self._batch:
            self._batch.wrote(self.db)
        return True

    @contextlib.contextmanager
    def batched(
        self, every: int = COMMIT_EVERY_DOCUMENTS, seconds: float = COMMIT_EVERY_SECONDS
    ) -> Iterator[None]:
        """Commit the documents added inside together, every ``every`` documents or
        ``seconds`` (checked as each is added), and at the end, whatever ends it. Each
        document is a savepoint of the batch's transaction, so a kill loses at most the
        uncommitted batch, never part of a document."""
        if self._batch:
            yield
            return
        self._batch = _Batch(every, seconds)
        try:
            yield
        finally:
            self._batch = None
            if self.db.in_transaction:
                self.db.execute("COMMIT")

    def _insert_document(
        self, doc: Document, input_hash: str | None, articles: list[Article]
    ) -> None:
        """The document; with one article, its raw text is stored beside the clean text."""
        metadata = json.dumps(asdict(doc.metadata), separators=(",", ":"))
        if len(articles) == 1:
            raw = pack_raw(doc.text, articles[0].clean_text, _pieces(articles[0]))
        else:
            raw = pack_raw(doc.text, None, [])
        self.db.execute(
            "INSERT INTO documents (id, source, format, raw_text, metadata, input_hash)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (doc.id, doc.source, doc.format, raw, metadata, input_hash),
        )

    def _insert_article(self, article: Article) -> None:
        meta = article.metadata
        self.db.execute(
            f"INSERT INTO articles ({', '.join(_ARTICLE_COLUMNS)}, seq) VALUES "
            f"({', '.join('?' * len(_ARTICLE_COLUMNS))}, "
            "(SELECT coalesce(max(seq), 0) + 1 FROM articles))",
            (
                article.id, article.document_id, article.part, meta.title, meta.outlet,
                meta.url, meta.published, meta.published_from, meta.author,
                article.span.start, article.span.end, *pack_clean(article.clean_text),
                pack_segments(_pieces(article)), meta.outlet_from,
            ),
        )  # fmt: skip
        self.db.executemany(
            "INSERT INTO removals VALUES (?, ?, ?, ?, ?)",
            [
                (article.id, r.span.start, r.span.end, r.reason.value, r.detail)
                for r in article.removals
            ],
        )

    def save_facts(self, article_id: str, sheet: dict[str, Any] | Packed) -> None:
        """Store the fact sheet of a stored article (without the texts its spans give)."""
        if not isinstance(sheet, Packed):
            (text,) = self.db.execute(
                f"SELECT {CLEAN_TEXT} FROM articles a WHERE id = ?", (article_id,)
            ).fetchone()
            sheet = pack_sheet(sheet, text)
        self.db.execute(
            "INSERT OR REPLACE INTO facts VALUES (?, ?, ?)", (article_id, sheet.schema, sheet.data)
        )

    def save_story_members(self, stories: dict[str, list[str]]) -> None:
        """Record which story each article is in (story id -> article ids), in one go."""
        with self._transaction():
            self.db.executemany(
                "INSERT OR REPLACE INTO story_members VALUES (?, ?)",
                [(article_id, story) for story, ids in stories.items() for article_id in ids],
            )
            self._drop_empty_stories()

    def save_story(self, story_id: str, analysis: dict[str, Any]) -> None:
        """Store a story analysis: its facts in ``story_facts`` (their one copy), the rest
        packed, passages without the texts their spans give."""
        summary = analysis["story"]
        texts = self._texts(analysis)
        packed = without_passage_texts({**analysis, "facts": facts_stub(analysis)}, texts)
        with self._transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO stories (id, title, article_count, discrepancy_count, "
                "schema, data) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    story_id, summary["title"], summary["article_count"],
                    len(analysis["discrepancies"]), analysis["schema"], _pack(packed, "story"),
                ),
            )  # fmt: skip
            members = [m for (m,) in self.db.execute(
                "SELECT article_id FROM story_members WHERE story_id = ?", (story_id,)
            )]  # fmt: skip
            story_rows(self.db, story_id, members, analysis, texts)

    @contextlib.contextmanager
    def _transaction(self, failure: str = "") -> Iterator[None]:
        """All or nothing: a transaction, or a savepoint inside a :meth:`batched` one
        (opened here at the batch's first write)."""
        if self._batch and not self.db.in_transaction:
            self.db.execute("BEGIN IMMEDIATE")
        nested = self.db.in_transaction
        try:
            self.db.execute("SAVEPOINT write" if nested else "BEGIN IMMEDIATE")
            yield
            self.db.execute("RELEASE write" if nested else "COMMIT")
        except BaseException as exc:
            if nested:
                self.db.execute("ROLLBACK TO write")
                self.db.execute("RELEASE write")
            elif self.db.in_transaction:
                self.db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise StoreError(f"{failure or f'cannot write to {self.path}'}: {exc}") from exc
            raise

    # --- reading -------------------------------------------------------------------

    def facts(self, article_id: str, parts: tuple[str, ...] | None = None) -> dict[str, Any] | None:
        """The stored fact sheet of an article, or None if it was never read; with
        ``parts``, only those fields of it (the others' texts are not put back)."""
        full_id = self.resolve_id(article_id)
        row = self.db.execute(
            f"SELECT f.data, {CLEAN_TEXT} FROM facts f JOIN articles a ON a.id = f.article_id "
            "WHERE f.article_id = ?",
            (full_id,),
        ).fetchone()
        if row is None:
            return None
        sheet = unpack_with_span_texts(row[0], row[1])
        if parts is None:
            return sheet
        return {k: sheet[k] for k in parts if k in sheet}

    def story_features(self) -> Iterator[tuple[dict[str, Any], str | None]]:
        """Every article's grouping features in arrival order, with its story if grouped."""
        rows = self.db.execute(
            f"SELECT f.data, m.story_id, {CLEAN_TEXT} FROM story_features f "
            "JOIN articles a ON a.id = f.article_id "
            "LEFT JOIN story_members m ON m.article_id = f.article_id ORDER BY f.seq"
        )
        for data, story_id, text in rows:
            yield unpack_features(data, text), story_id

    def count_ungrouped(self) -> int:
        """How many articles with grouping features are in no story yet."""
        return int(
            self.db.execute(
                "SELECT count(*) FROM story_features f WHERE NOT EXISTS "
                "(SELECT 1 FROM story_members m WHERE m.article_id = f.article_id)"
            ).fetchone()[0]
        )

    def story_members(self) -> dict[str, list[str]]:
        """Story id -> its article ids, in arrival order."""
        found: dict[str, list[str]] = {}
        rows = self.db.execute(
            "SELECT m.story_id, m.article_id FROM story_members m "
            "JOIN story_features f ON f.article_id = m.article_id ORDER BY f.seq"
        )
        for story_id, article_id in rows:
            found.setdefault(story_id, []).append(article_id)
        return found

    def analysed_stories(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT id FROM stories")}

    def stories(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Summaries of the analysed stories, largest first: all, or ``limit`` of them
        from ``offset``."""
        rows = self.db.execute(
            f"SELECT {', '.join(STORY_SUMMARY)} FROM stories "
            "ORDER BY article_count DESC, id LIMIT ? OFFSET ?",
            (-1 if limit is None else limit, offset),
        ).fetchall()
        return [dict(zip(STORY_SUMMARY, row, strict=True)) for row in rows]

    def count_stories(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM stories").fetchone()[0])

    def story_summary(self, story_id: str) -> dict[str, Any]:
        """The summary of one story (``story_id`` may be a unique prefix), as in :meth:`stories`."""
        return dict(zip(STORY_SUMMARY, self._story_row(story_id, STORY_SUMMARY), strict=True))

    def story_digests(self) -> dict[str, str]:
        """A digest of each stored story analysis, to tell which changed since a report
        (the record names a digest of its facts, which ``story_facts`` holds)."""
        rows = self.db.execute("SELECT id, data FROM stories")
        return {
            story_id: hashlib.blake2b(data, digest_size=16).hexdigest() for story_id, data in rows
        }

    def story(self, story_id: str, *, passage_texts: bool = True) -> dict[str, Any]:
        """The stored analysis of a story (``story_id`` may be a unique prefix); without
        ``passage_texts``, its aligned passages give their spans only (the texts are the
        clean texts at those spans)."""
        full_id, data = self._story_row(story_id, ("id", "data"))
        return self._unpacked(full_id, data, passage_texts)

    def _texts(self, analysis: dict[str, Any]) -> dict[str, str]:
        """The clean texts of the articles of a story analysis."""
        ids = [a["id"] for a in analysis.get("articles", [])]
        rows = self.db.execute(
            f"SELECT id, {CLEAN_TEXT} FROM articles a WHERE id IN ({', '.join('?' * len(ids))})",
            ids,
        )
        return dict(rows.fetchall())

    def _story_row(self, story_id: str, columns: tuple[str, ...]) -> tuple[Any, ...]:
        rows = self.db.execute(
            f"SELECT id, {', '.join(columns)} FROM stories WHERE id >= ? AND id < ? "
            "ORDER BY id LIMIT 2",
            (story_id, story_id + "\uffff"),
        ).fetchall()
        if not rows:
            raise NotFoundError(f"no story with id {story_id!r} (see `storytrace stories`)")
        if len(rows) > 1 and rows[0][0] != story_id:
            raise NotFoundError(f"story id {story_id!r} is ambiguous: give more characters")
        return tuple(rows[0][1:])

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

    def articles(self, limit: int | None = None, offset: int = 0) -> Iterator[Article]:
        """The articles in the order they were ingested, read one at a time: all, or
        ``limit`` of them from ``offset``."""
        # ids first: sorting whole rows would sort every text too
        ids = self.db.execute(
            "SELECT a.id FROM articles a JOIN documents d ON d.id = a.document_id "
            "ORDER BY d.rowid, a.part LIMIT ? OFFSET ?",
            (-1 if limit is None else limit, offset),
        ).fetchall()
        for (article_id,) in ids:
            row = self.db.execute(_ARTICLE_QUERY + " WHERE a.id = ?", (article_id,)).fetchone()
            if row is not None:
                yield self._article(row)

    def count_articles(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def count_removals(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM removals").fetchone()[0])

    def _article(self, row: sqlite3.Row | tuple) -> Article:  # type: ignore[type-arg]
        (article_id, document_id, part, title, outlet, url, published, published_from, author,
         start, end, clean_text, segments, source, fmt, raw_text, outlet_from) = row  # fmt: skip
        pieces = unpack_segments(segments)
        removals = self.db.execute(
            "SELECT start, end, reason, detail FROM removals WHERE article_id = ? ORDER BY start",
            (article_id,),
        ).fetchall()
        return Article(
            document_id=document_id,
            part=part,
            source=source,
            format=fmt,
            raw_text=unpack_raw(raw_text, clean_text, pieces),
            span=Span(start, end),
            clean_text=clean_text,
            segments=tuple(Segment(*s) for s in pieces),
            metadata=Metadata(title, url, outlet, published, author, published_from, outlet_from),
            removals=tuple(Removal(Span(s, e), RemovalReason(r), d) for s, e, r, d in removals),
        )

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search over titles and clean text, words stemmed (``passport`` finds
        ``passports``). Plain words must all occur; a query with FTS5 operators (``AND``,
        ``OR``, ``NOT``, ``NEAR``, quotes, ``*``, parentheses) is passed as it is."""
        try:
            rows = self.db.execute(
                "SELECT a.id, a.title, snippet(article_search, 1, '[', ']', '…', 12), rank "
                "FROM article_search JOIN articles a ON a.seq = article_search.rowid "
                "WHERE article_search MATCH ? ORDER BY rank LIMIT ?",
                (fts_query(query), limit),
            ).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"bad search query {query!r}: {exc}") from exc
        return [SearchHit(a, t or None, s, r) for a, t, s, r in rows]

    def compact(self) -> None:
        """Merge the search index into one segment and rewrite the file without free
        space: a bulk ingest builds the index in many segments, each naming its terms
        again (0.08 KB per article of the 1,000-article benchmark), and leaves pages
        part-empty (0.06 KB)."""
        try:
            self.db.execute("INSERT INTO article_search (article_search) VALUES ('optimize')")
            self.db.execute("VACUUM")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot compact {self.path}: {exc}") from exc

    def integrity_check(self) -> str:
        return str(self.db.execute("PRAGMA integrity_check").fetchone()[0])


def _pieces(article: Article) -> list[tuple[int, int, int]]:
    return [(s.clean_start, s.raw_start, s.length) for s in article.segments]


_FTS_OPERATORS = re.compile(r'["*^():]|\b(?:AND|OR|NOT|NEAR)\b')


def fts_query(query: str) -> str:
    """``query`` as FTS5 syntax: each plain word quoted (so ``Iran's`` or ``U.S.`` is no
    syntax error), unless the query uses FTS5's own operators."""
    if _FTS_OPERATORS.search(query):
        return query
    return " ".join(f'"{word}"' for word in query.split())


_ARTICLE_COLUMNS = (
    "id", "document_id", "part", "title", "outlet", "url", "published", "published_from",
    "author", "span_start", "span_end", "clean_zip", "clean_size", "segments", "outlet_from",
)  # fmt: skip

_ARTICLE_QUERY = (
    "SELECT a.id, a.document_id, a.part, a.title, a.outlet, a.url, a.published, "
    f"a.published_from, a.author, a.span_start, a.span_end, {CLEAN_TEXT}, a.segments, "
    "d.source, d.format, d.raw_text, a.outlet_from "
    "FROM articles a JOIN documents d ON d.id = a.document_id"
)
