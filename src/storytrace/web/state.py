"""What every request of the web app shares: :class:`WebState`, kept on the app."""

from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import Request

from ..config import Config
from ..model import Document, IngestError
from ..pipeline import IngestReport, ingest_documents, update_stories
from ..store import Store


@dataclass(slots=True)
class WebState:
    """What every request shares: where the store is, the limits, the write lock and
    the dossier cache."""

    db_path: Path
    config: Config
    token: str | None
    max_upload_bytes: int
    max_files: int
    workers: int = 1
    """Processes for an ingest request's work: uploads are small, so a pool is not worth
    starting for each; the first story update, at start, uses every core."""
    cache_size: int = 64
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    _cache: OrderedDict[tuple[Any, ...], str] = field(default_factory=OrderedDict)
    _cache_lock: threading.Lock = field(default_factory=threading.Lock)

    @contextlib.contextmanager
    def store(self) -> Iterator[Store]:
        with Store(self.db_path) as store:
            yield store

    def ingest(self, documents: Iterable[Document | IngestError]) -> tuple[IngestReport, list[str]]:
        """Store the documents, then group and analyse the stories they changed."""
        with self.store() as store:
            report = ingest_documents(
                documents, store, self.config, workers=self.workers,
                write_guard=lambda: self.write_lock,
            )  # fmt: skip
        with self.write_lock, self.store() as store:
            updated = (
                update_stories(store, self.config, workers=self.workers) if report.added else []
            )
        if updated:
            with self._cache_lock:
                self._cache.clear()
        return report, updated

    def update_stories(self, workers: int | None = None) -> list[str]:
        with self.write_lock, self.store() as store:
            return update_stories(store, self.config, workers=workers)

    def dossier(self, story_id: str, fmt: str) -> tuple[str, str]:
        """The story's full id and its dossier rendered as ``fmt`` (html, md or json)."""
        from ..report.dossier import build_dossier, render_dossier

        with self.store() as store:
            summary = store.story_summary(story_id)
            key = (summary["id"], summary["updated_at"], summary["article_count"],
                   summary["discrepancy_count"], fmt)  # fmt: skip
            with self._cache_lock:
                text = self._cache.get(key)
                if text is not None:
                    self._cache.move_to_end(key)
                    return summary["id"], text
            text = render_dossier(build_dossier(store, summary["id"]), fmt)
        with self._cache_lock:
            self._cache[key] = text
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return summary["id"], text


def state_of(request: Request) -> WebState:
    return request.app.state.web  # type: ignore[no-any-return]
