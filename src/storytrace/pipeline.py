"""The main job, stage after stage: ingest, clean, store (and, as stages land, the rest).

The CLI, the web app and the Spark job call these functions; they hold no logic of
their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .clean import clean
from .config import Config
from .ingest import iter_documents
from .model import Article, Document, IngestError, Metadata
from .store import Store

Progress = Callable[[str], None]


@dataclass(slots=True)
class IngestReport:
    """What one ingest batch did: articles added, documents already stored, errors."""

    added: list[Article] = field(default_factory=list)
    already_stored: list[str] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def ingest_paths(
    paths: list[str],
    store: Store,
    config: Config = Config(),
    sidecar: dict[str, Metadata] | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Read, clean and store everything under ``paths``; bad inputs become errors."""
    documents = iter_documents(paths, config.ingest, sidecar)
    return ingest_documents(documents, store, config, progress)


def ingest_documents(
    documents: Iterable[Document | IngestError],
    store: Store,
    config: Config = Config(),
    progress: Progress | None = None,
) -> IngestReport:
    report = IngestReport()
    for item in documents:
        if progress:
            progress(item.source)
        if isinstance(item, IngestError):
            report.errors.append(item)
        elif store.has_document(item.id):
            report.already_stored.append(item.source)
        else:
            _clean_and_store(item, store, config, report)
    return report


def _clean_and_store(doc: Document, store: Store, config: Config, report: IngestReport) -> None:
    articles = clean(doc, config.clean)
    if not articles:
        report.errors.append(IngestError(doc.source, "nothing but noise: no article text left"))
    elif store.add_document(doc, articles):
        report.added.extend(articles)
    else:
        report.already_stored.append(doc.source)
