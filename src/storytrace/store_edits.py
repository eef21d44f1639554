"""Changing what a store holds after the fact: a document's metadata corrected by
ingesting it again, one article's metadata corrected, an article deleted. Each leaves the
stories it touched without an analysis, so the next
:func:`~storytrace.pipeline.update_stories` analyses them again.

A mixin of :class:`storytrace.store.Store`, which provides ``db``, ``_transaction``,
``article``, ``add_document`` and ``save_facts``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .model import Article, Document, Metadata
from .store_codec import Packed, packed_features
from .tables import story_rows

if TYPE_CHECKING:
    import sqlite3
    from contextlib import AbstractContextManager


class StoreEdits:
    db: sqlite3.Connection

    if TYPE_CHECKING:

        def _transaction(self) -> AbstractContextManager[None]: ...
        def article(self, article_id: str) -> Article: ...
        def save_facts(self, article_id: str, sheet: dict[str, Any] | Packed) -> None: ...
        def add_document(
            self,
            doc: Document,
            articles: list[Article],
            facts: dict[str, dict[str, Any] | Packed] | None = None,
            features: dict[str, dict[str, Any] | Packed] | None = None,
            input_hash: str | None = None,
        ) -> bool: ...

    def document_info(self, document_id: str) -> tuple[str, Metadata] | None:
        """The source and metadata a stored document was ingested with, or None."""
        row = self.db.execute(
            "SELECT source, metadata FROM documents WHERE id = ?", (document_id,)
        ).fetchone()
        return None if row is None else (row[0], Metadata(**json.loads(row[1])))

    def replace_document(
        self,
        doc: Document,
        articles: list[Article],
        facts: dict[str, dict[str, Any] | Packed],
        features: dict[str, dict[str, Any] | Packed],
        input_hash: str | None = None,
    ) -> None:
        """Store ``doc`` (new metadata, same text) in place of the stored one: its articles
        are grouped again and the stories they were in analysed again."""
        with self._transaction():
            old = [r[0] for r in self.db.execute(
                "SELECT id FROM articles WHERE document_id = ?", (doc.id,)
            )]  # fmt: skip
            self._forget_stories(old)
            self.db.execute("DELETE FROM documents WHERE id = ?", (doc.id,))
        self.add_document(doc, articles, facts, features, input_hash)

    def delete_article(self, article_id: str) -> Article:
        """Delete one article (``article_id`` may be a unique prefix), and its document
        when it was the last of it; its story is analysed again at the next update."""
        article = self.article(article_id)
        with self._transaction():
            self._forget_stories([article.id])
            self.db.execute("DELETE FROM articles WHERE id = ?", (article.id,))
            self.db.execute(
                "DELETE FROM documents WHERE id = ? AND NOT EXISTS "
                "(SELECT 1 FROM articles WHERE document_id = ?)",
                (article.document_id, article.document_id),
            )
            self._drop_empty_stories()
        return article

    def update_article(
        self, article: Article, facts: dict[str, Any], features: dict[str, Any]
    ) -> None:
        """Store new metadata for a stored article, with the fact sheet and grouping
        features read again with it; its story is analysed again at the next update."""
        meta = article.metadata
        with self._transaction():
            self.db.execute(
                "UPDATE articles SET title = ?, outlet = ?, url = ?, published = ?, "
                "published_from = ?, author = ?, outlet_from = ? WHERE id = ?",
                (meta.title, meta.outlet, meta.url, meta.published, meta.published_from,
                 meta.author, meta.outlet_from, article.id),
            )  # fmt: skip
            self.save_facts(article.id, facts)
            self.db.execute(
                "UPDATE story_features SET data = ? WHERE article_id = ?",
                (packed_features(features, text=article.clean_text).data, article.id),
            )
            self._forget_stories([article.id])

    def _forget_stories(self, article_ids: list[str]) -> None:
        """Drop the stored analyses of the stories these articles are in (members stay),
        so the next :func:`~storytrace.pipeline.update_stories` analyses them again."""
        marks = ", ".join("?" * len(article_ids))
        self.db.execute(
            f"DELETE FROM stories WHERE id IN (SELECT story_id FROM story_members "
            f"WHERE article_id IN ({marks}))",
            article_ids,
        )
        self._drop_empty_stories()

    def _drop_empty_stories(self) -> None:
        self.db.execute(
            "DELETE FROM stories WHERE id NOT IN (SELECT DISTINCT story_id FROM story_members)"
        )
        story_rows(self.db, None, [], {})
