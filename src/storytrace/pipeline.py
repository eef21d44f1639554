"""The main job, stage after stage: ingest, clean, read, store; then group and analyse stories.

The CLI, the web app and the Spark job call these functions; they hold no logic of
their own.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from .clean import clean
from .config import Config
from .group import StoryFeatures, StoryIndex, story_features
from .ingest import iter_documents
from .model import Article, Document, IngestError, Metadata
from .read import FactSheet, read_text
from .read.dates import infer_published
from .store import Store
from .story import StoryAnalysis, analyse_story

Progress = Callable[[str], None]

TRUSTED_DATE_CLUES = ("published line", "dateline")
"""How an inferred publication date must have been found to be used. The latest date an
article mentions is only a lower bound: relative dates resolved against it would be wrong
whenever the article was published later, so such articles keep no publication date."""


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
    articles = [with_publication_date(a) for a in clean(doc, config.clean)]
    if not articles:
        report.errors.append(IngestError(doc.source, "nothing but noise: no article text left"))
        return
    sheets = {a.id: read_article(a, config) for a in articles}
    facts = {article_id: sheet.to_dict() for article_id, sheet in sheets.items()}
    features = {a.id: story_features(a, sheets[a.id], config.group).to_dict() for a in articles}
    if store.add_document(doc, articles, facts, features):
        report.added.extend(articles)
    else:
        report.already_stored.append(doc.source)


def read_paths(
    paths: list[str],
    config: Config = Config(),
    published: datetime.date | None = None,
    sidecar: dict[str, Metadata] | None = None,
) -> Iterator[tuple[Article, FactSheet] | IngestError]:
    """Clean and read every article under ``paths`` without storing anything;
    ``published`` (if given) overrides every article's publication date."""
    for item in iter_documents(paths, config.ingest, sidecar):
        if isinstance(item, IngestError):
            yield item
            continue
        for article in clean(item, config.clean):
            if published:
                given = replace(
                    article.metadata, published=published.isoformat(), published_from="input"
                )
                article = replace(article, metadata=given)
            article = with_publication_date(article)
            yield article, read_article(article, config)


def read_article(article: Article, config: Config = Config()) -> FactSheet:
    """The reading stage on one article, its relative dates anchored on its publication date."""
    return read_text(article.clean_text, published_date(article.metadata.published), config.read)


def update_stories(
    store: Store, config: Config = Config(), progress: Progress | None = None
) -> list[str]:
    """Group the articles not yet in a story, then analyse every story that gained
    articles (or was never analysed). Returns the ids of the stories analysed."""
    index = StoryIndex(config.group)
    before = store.story_members()
    for data, story_id in store.story_features():
        features = StoryFeatures.from_dict(data)
        if story_id:
            index.restore(features, story_id)
        else:
            index.add(features)
    after = index.stories()
    store.save_story_members(after)
    stale = [s for s, ids in after.items() if before.get(s) != ids]
    stale += sorted(set(after) - store.analysed_stories() - set(stale))
    for story_id in stale:
        if progress:
            progress(story_id)
        store.save_story(story_id, analyse(store, story_id, after[story_id], config).to_dict())
    return stale


def analyse(store: Store, story_id: str, article_ids: list[str], config: Config) -> StoryAnalysis:
    """Trace and compare the stored articles ``article_ids`` as the story ``story_id``."""
    articles = [store.article(article_id) for article_id in article_ids]
    return analyse_story(story_id, [(a, read_article(a, config)) for a in articles], config)


def with_publication_date(article: Article) -> Article:
    """``article`` with a publication date inferred from its text when none was given;
    ``published_from`` then says how (``inferred: dateline``...)."""
    if article.metadata.published:
        return article
    found, how = infer_published(article.clean_text)
    if found is None or how not in TRUSTED_DATE_CLUES:
        return article
    metadata = replace(
        article.metadata, published=found.isoformat(), published_from=f"inferred: {how}"
    )
    return replace(article, metadata=metadata)


def published_date(value: str | None) -> datetime.date | None:
    """The date part of an ISO 8601 date or date-time, or None if it is not one."""
    try:
        return datetime.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def compare_articles(articles: list[Article], config: Config = Config()) -> dict[str, Any]:
    """Two articles side by side: which took from which, the passages they share, the facts
    they both state and where the copy departs from its source (``storytrace.trace/1``)."""
    members = [(a, read_article(a, config)) for a in articles]
    return analyse_story("comparison", members, config).to_dict()
