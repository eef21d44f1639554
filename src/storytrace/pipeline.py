"""The main job, stage after stage: ingest, clean, read, store; then group and analyse stories.

The CLI, the web app and the Spark job call these functions; they hold no logic of
their own.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .clean import clean
from .config import Config, IngestOptions
from .errors import InputError
from .group import StoryFeatures, StoryIndex, story_features
from .ingest import extract_page, iter_documents
from .ingest.language import looks_english
from .model import Article, Document, IngestError, Metadata, Page
from .pool import bounded_map
from .read import READ_BATCH, FactSheet, batches_relations, read_text, read_texts
from .read.dates import infer_published
from .read.outlet import infer_outlet
from .read.sheet import SCHEMA as FACTS_SCHEMA
from .store import COMMIT_EVERY_DOCUMENTS, COMMIT_EVERY_SECONDS, Store
from .store_codec import Packed, pack_sheet, packed_features
from .story import analyse_story

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class ProgressStep:
    """How far a long stage is: ``done`` of ``total`` (None when unknown), last ``source``."""

    done: int
    total: int | None
    source: str


OnProgress = Callable[[ProgressStep], None]

TRUSTED_DATE_CLUES = ("published line", "dateline")
"""How an inferred publication date must have been found to be used. The latest date an
article mentions is only a lower bound: relative dates resolved against it would be wrong
whenever the article was published later, so such articles keep no publication date."""


@dataclass(frozen=True, slots=True)
class PoolMinimum:
    """How much work a stage needs before it starts a process pool; smaller inputs run in
    one process, where the pool would cost more than it saves.

    - ``documents``: documents to ingest.
    - ``pairs``: article pairs to analyse, summed over the stories to analyse (a story of
      n articles counts n(n-1)/2 + n).

    Chosen from measured costs (``bench/bench_small_run.py``, ``bench_cpu_phases.py``):
    a 2-worker pool costs ~3.2 CPU-s more than one process (forkserver, imports, place
    names: 7.6 against 4.4 CPU-s for ``run`` on five articles), about 2 s of wall time
    on 2 free cores, and at best halves the wall time of the work, so it pays from ~4 s
    of work: ~175 documents at 22.9 CPU-ms each (text; HTML costs more), ~500 pairs at
    8.1 CPU-ms each (1,000 generated articles). The break-even could not be measured
    directly: on the shared, loaded test machine (load 11-20 on 2 cores) the pool still
    lost at 200 articles (1.08x the one-process time for ingest, 1.54x for analysis).
    0 always starts the pool (when ``workers`` > 1)."""

    documents: int = 200
    pairs: int = 500


@dataclass(slots=True)
class IngestReport:
    """What one ingest batch did: articles added, documents already stored, errors.

    ``added`` holds the added articles themselves only when ingesting with
    ``keep_articles=True`` (the default); ``added_count`` and ``split_count`` (articles
    split off from another in the same file) are always kept."""

    added: list[Article] = field(default_factory=list)
    already_stored: list[str] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    added_count: int = 0
    split_count: int = 0
    updated: list[str] = field(default_factory=list)
    """Sources of documents stored before whose metadata this batch changed."""
    warnings: list[str] = field(default_factory=list)
    """Stored, but read with doubts: text that does not look English, say."""

    @property
    def ok(self) -> bool:
        return not self.errors


def ingest_paths(
    paths: list[str],
    store: Store,
    config: Config = Config(),
    sidecar: dict[str, Metadata] | None = None,
    progress: Progress | None = None,
    *,
    workers: int | None = None,
    keep_articles: bool = True,
    on_progress: OnProgress | None = None,
    pool: PoolMinimum = PoolMinimum(),
) -> IngestReport:
    """Read, clean and store everything under ``paths``; bad inputs become errors.

    The per-document work runs on ``workers`` processes (default: one per core; 1 runs
    in this process) once there are ``pool.documents`` documents to do; documents are
    committed in batches (:meth:`Store.batched`), each whole or not at all, and those
    already stored are skipped before any work, so running an interrupted ingest again
    finishes it. ``on_progress`` gets the number of inputs
    done and the number of input files (counted first, for an ETA)."""
    total = count_inputs(paths, config.ingest) if on_progress else None
    documents = iter_documents(paths, config.ingest, sidecar, defer_html=True)
    return ingest_documents(
        documents, store, config, progress,
        workers=workers, keep_articles=keep_articles, on_progress=on_progress, total=total,
        pool=pool,
    )  # fmt: skip


def ingest_documents(
    documents: Iterable[Document | Page | IngestError],
    store: Store,
    config: Config = Config(),
    progress: Progress | None = None,
    *,
    workers: int | None = None,
    keep_articles: bool = True,
    on_progress: OnProgress | None = None,
    total: int | None = None,
    pool: PoolMinimum = PoolMinimum(),
    write_guard: Callable[[], AbstractContextManager[Any]] = contextlib.nullcontext,
) -> IngestReport:
    """Clean, read and store ``documents`` (see :func:`ingest_paths`).

    Reading comes first and writing after, briefly: a batch of prepared documents is
    gathered with no transaction open, then written in one (inside ``write_guard()``,
    e.g. the web app's write lock), so a long article never holds the store's write lock
    while it is read."""
    report = IngestReport()
    counter = _Counter(on_progress, total)
    todo = _unstored(documents, store, report, progress, counter)
    if batches_relations(config.read):  # the relation model reads many documents at once
        chunks = _batches(todo, READ_BATCH, float("inf"))
        work_many = functools.partial(prepare_packed_many, config=config)
        prepared_docs = (
            pair
            for chunk, done in bounded_map(
                work_many, chunks, workers, min_work=pool.documents, weight=len
            )
            for pair in zip(chunk, done, strict=True)
        )
    else:
        work = functools.partial(prepare_packed, config=config)
        prepared_docs = bounded_map(work, todo, workers, min_work=pool.documents)
    for batch in _batches(prepared_docs, COMMIT_EVERY_DOCUMENTS, COMMIT_EVERY_SECONDS):
        with write_guard(), store.batched():
            for doc, prepared in batch:
                _store_prepared(doc, prepared, store, report, keep_articles)
                _warn_language(prepared, report)
                counter.step(doc.source)
    return report


def _batches(items: Iterator[Any], size: int, seconds: float) -> Iterator[list[Any]]:
    """``items`` in lists of at most ``size``, each closed once ``seconds`` have passed
    since its first item arrived (so stored documents never wait long for a commit)."""
    items = iter(items)
    for first in items:
        batch, started = [first], time.monotonic()
        while len(batch) < size and time.monotonic() - started < seconds:
            item = next(items, None)
            if item is None:
                break
            batch.append(item)
        yield batch


@dataclass(slots=True)
class _Counter:
    on_progress: OnProgress | None
    total: int | None
    done: int = 0

    def step(self, source: str) -> None:
        self.done += 1
        if self.on_progress:
            total = self.total if self.total and self.total >= self.done else None
            self.on_progress(ProgressStep(self.done, total, source))


def _unstored(
    documents: Iterable[Document | Page | IngestError],
    store: Store,
    report: IngestReport,
    progress: Progress | None,
    counter: _Counter,
) -> Iterator[Document | Page]:
    """The documents not stored yet; errors and stored ones go straight to the report."""
    for item in documents:
        if progress:
            progress(item.source)
        if isinstance(item, IngestError):
            report.errors.append(item)
        elif _is_stored(item := _own_id(item, store), store):
            report.already_stored.append(item.source)
        else:
            yield _with_stored_metadata(item, store)
            continue
        counter.step(item.source)


def _is_stored(item: Document | Page, store: Store) -> bool:
    """Whether nothing is left to do: a page extracted before, or a document whose text
    is stored with the same metadata (new metadata updates it)."""
    if isinstance(item, Page):
        return store.has_input(item.fingerprint)
    stored = store.document_info(item.id)
    return stored is not None and not _updates(item, stored)


def _updates(doc: Document, stored: tuple[str, Metadata] | None) -> bool:
    """Whether ``doc``, whose text is stored (from a source, with metadata), brings new
    metadata for it. The same text from another file is a verbatim copy, not an update."""
    if stored is None:
        return False
    source, metadata = stored
    return _same_file(source, doc.source) and doc.metadata.merged_over(metadata) != metadata


def _same_file(a: str, b: str) -> bool:
    return Path(a).name == Path(b).name


def _own_id(item: Document | Page, store: Store) -> Document | Page:
    """A document whose text is stored from another file is a verbatim copy: it gets an
    id of its own (from its file name), so both outlets' copies are traced."""
    return item if isinstance(item, Page) else _own_document_id(item, store)


def _own_document_id(item: Document, store: Store) -> Document:
    stored = store.document_info(item.id)
    if stored is None or _same_file(stored[0], item.source):
        return item
    return replace(item, copy_in=Path(item.source).name)


def _as_own_document(prepared: Prepared, store: Store) -> Prepared:
    """``prepared`` with the ids of :func:`_own_id` (for a page: known once extracted)."""
    doc = _own_document_id(prepared.document, store)
    if doc is prepared.document:
        return prepared
    renamed = {a.id: replace(a, document_id=doc.id) for a in prepared.articles}
    return Prepared(
        doc,
        list(renamed.values()),
        {renamed[k].id: v for k, v in prepared.facts.items()},
        {renamed[k].id: packed_features(v, renamed[k].id) for k, v in prepared.features.items()},
        prepared.not_english,
    )


def _with_stored_metadata(item: Document | Page, store: Store) -> Document | Page:
    """A document stored before keeps the metadata this ingest does not replace."""
    stored = None if isinstance(item, Page) else store.document_info(item.id)
    if stored is None:
        return item
    return replace(item, metadata=item.metadata.merged_over(stored[1]))


def _warn_language(prepared: Prepared | IngestError, report: IngestReport) -> None:
    if isinstance(prepared, IngestError):
        return
    for source in prepared.not_english:
        report.warnings.append(
            f"{source}: does not look like English; storytrace reads English "
            "only, so its facts, people and discrepancies will be unreliable"
        )


def _store_prepared(
    item: Document | Page,
    prepared: Prepared | IngestError,
    store: Store,
    report: IngestReport,
    keep_articles: bool,
) -> None:
    input_hash = item.fingerprint if isinstance(item, Page) else None
    if isinstance(prepared, IngestError):
        report.errors.append(prepared)
        return
    prepared = _as_own_document(prepared, store)
    if store.add_document(
        prepared.document, prepared.articles, prepared.facts, prepared.features, input_hash
    ):
        report.added_count += len(prepared.articles)
        report.split_count += sum(1 for a in prepared.articles if a.part > 0)
        if keep_articles:
            report.added.extend(prepared.articles)
    elif _updates(prepared.document, store.document_info(prepared.document.id)):
        store.replace_document(
            prepared.document, prepared.articles, prepared.facts, prepared.features, input_hash
        )
        report.updated.append(item.source)
    else:
        report.already_stored.append(item.source)


def set_metadata(
    store: Store, article_id: str, config: Config = Config(), **fields: str
) -> Article:
    """Correct the metadata of one stored article (``outlet="…"``, ``published="2024-05-02"``,
    ``url``, ``title``, ``author``; an empty string clears a field): its fact sheet and
    grouping features are read again with it, and its story is analysed again at the next
    :func:`update_stories`. Returns the article as now stored."""
    article = store.article(article_id)
    unknown = set(fields) - {"outlet", "published", "url", "title", "author"}
    if unknown:
        raise ValueError(f"unknown metadata field(s): {', '.join(sorted(unknown))}")
    changes: dict[str, str | None] = {k: v or None for k, v in fields.items()}
    if "published" in changes:
        if changes["published"] and published_date(changes["published"]) is None:
            raise InputError(article.source, f"not an ISO 8601 date: {fields['published']!r}")
        changes["published_from"] = "input" if changes["published"] else None
    if "outlet" in changes:
        changes["outlet_from"] = None
    article = with_publication_date(replace(article, metadata=replace(article.metadata, **changes)))
    sheet = read_article(article, config)
    store.update_article(
        article, sheet.to_dict(), story_features(article, sheet, config.group).to_dict()
    )
    return article


def remove_article(store: Store, article_id: str) -> Article:
    """Delete one stored article; the story it was in is analysed again at the next
    :func:`update_stories` (and disappears if it was its only article)."""
    return store.delete_article(article_id)


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


def read_articles(articles: list[Article], config: Config = Config()) -> list[FactSheet]:
    """:func:`read_article` of each article; with the relation model the articles are read
    together (:func:`storytrace.read.read_texts`: the model reads all their claims at once)."""
    if not batches_relations(config.read):
        return [read_article(a, config) for a in articles]
    dated = [(a.clean_text, published_date(a.metadata.published)) for a in articles]
    return read_texts(dated, config.read)


def fact_sheet(
    article: Article, stored: dict[str, Any] | None, config: Config = Config()
) -> FactSheet:
    """The article's fact sheet as stored at ingest, or read again when there is none (or
    it has another schema)."""
    if stored is None or stored.get("schema") != FACTS_SCHEMA:
        return read_article(article, config)
    return FactSheet.from_dict(stored, article.clean_text)


def update_stories(
    store: Store,
    config: Config = Config(),
    progress: Progress | None = None,
    *,
    workers: int | None = None,
    on_progress: OnProgress | None = None,
    pool: PoolMinimum = PoolMinimum(),
) -> list[str]:
    """Group the articles not yet in a story, then analyse every story that gained
    articles (or was never analysed, or was left half-done by an interrupted run), on
    ``workers`` processes once there are ``pool.pairs`` article pairs to analyse.
    Returns the ids of the stories analysed. After a bulk load (see
    :data:`COMPACT_AFTER_SHARE`) the store is compacted."""
    bulk = store.count_ungrouped() >= max(1, COMPACT_AFTER_SHARE * store.count_articles())
    after, stale = _group(store, config)
    counter = _Counter(on_progress, len(stale))
    stories = ((s, stored_members(store, after[s])) for s in stale)
    work = functools.partial(analyse_members, config=config)
    analysed = bounded_map(work, stories, workers, min_work=pool.pairs, weight=_pairs)
    for (story_id, _), analysis in analysed:
        if progress:
            progress(story_id)
        store.save_story(story_id, analysis)
        counter.step(story_id)
    if bulk:
        store.compact()
    return stale


COMPACT_AFTER_SHARE = 0.5
""":func:`update_stories` compacts the store (:meth:`Store.compact`) when at least this
share of its articles were new: a first run, or one that doubled the store, whose
search index was built in many small segments. Compacting rewrites the whole file (a
second or two per 10,000 articles), so an update of a few articles does not."""


def _group(store: Store, config: Config) -> tuple[dict[str, list[str]], list[str]]:
    """Every story's members after adding the ungrouped articles to the index, and the
    stories whose stored analysis is missing or out of date. With no ungrouped article
    the index is not rebuilt: at 100,000 articles that takes minutes and gigabytes."""
    before = store.story_members()
    after = before
    if store.count_ungrouped():
        index = StoryIndex(config.group)
        for data, story_id in store.story_features():
            features = StoryFeatures.from_dict(data)
            if story_id:
                index.restore(features, story_id)
            else:
                index.add(features)
        index.settle()
        after = index.stories()
        store.save_story_members(after)
    analysed = {s["id"]: s["article_count"] for s in store.stories()}
    stale = [s for s, ids in after.items() if before.get(s) != ids or analysed.get(s) != len(ids)]
    return after, stale


StoredStory = tuple[str, list[tuple[Article, dict[str, Any] | None]]]
"""A story as ``(id, members)``, each member an article with its stored fact sheet."""


def analyse_members(story: StoredStory, config: Config = Config()) -> dict[str, Any]:
    """The ``storytrace.trace/3`` analysis of one stored story (a fact sheet of None is
    read again): the per-story work of :func:`update_stories` and the Spark job."""
    story_id, stored = story
    members = [(a, fact_sheet(a, facts, config)) for a, facts in stored]
    return analyse_story(story_id, members, config).to_dict()


def _pairs(story: StoredStory) -> int:
    """The article pairs a story's analysis aligns, plus one for each article read."""
    n = len(story[1])
    return n * (n - 1) // 2 + n


def stored_members(
    store: Store, article_ids: list[str]
) -> list[tuple[Article, dict[str, Any] | None]]:
    """The stored articles with their stored fact sheets."""
    return [(store.article(a), store.facts(a)) for a in article_ids]


def with_publication_date(article: Article) -> Article:
    """``article`` with a publication date and an outlet inferred from its text when none
    was given; ``published_from`` and ``outlet_from`` then say how (``inferred:
    dateline``...)."""
    article = with_outlet(article)
    if article.metadata.published:
        return article
    found, how = infer_published(article.clean_text)
    if found is None or how not in TRUSTED_DATE_CLUES:
        return article
    metadata = replace(
        article.metadata, published=found.isoformat(), published_from=f"inferred: {how}"
    )
    return replace(article, metadata=metadata)


def with_outlet(article: Article) -> Article:
    """``article`` with the outlet its text names itself by (``(Reuters) -``, ``told Fox
    News Digital``) when none was given, marked ``inferred: <how>`` in ``outlet_from``."""
    if article.metadata.outlet:
        return article
    found = infer_outlet(article.clean_text)
    if found is None:
        return article
    metadata = replace(article.metadata, outlet=found.name, outlet_from=f"inferred: {found.how}")
    return replace(article, metadata=metadata)


def published_date(value: str | None) -> datetime.date | None:
    """The date part of an ISO 8601 date or date-time, or None if it is not one."""
    try:
        return datetime.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def compare_articles(articles: list[Article], config: Config = Config()) -> dict[str, Any]:
    """Two articles side by side: which took from which, the passages they share, the facts
    they both state and where the copy departs from its source (``storytrace.trace/3``)."""
    members = [(a, read_article(a, config)) for a in articles]
    return analyse_story("comparison", members, config).to_dict()


# --- the per-item work (pure: the calling process does all writing) ------------------


@dataclass(frozen=True, slots=True)
class Prepared:
    """One document's articles with their fact sheets and grouping features, as stored."""

    document: Document
    articles: list[Article]
    facts: dict[str, dict[str, Any] | Packed]
    features: dict[str, dict[str, Any] | Packed]
    #: The sources of the articles that do not look English (checked by
    #: :func:`prepare_packed`, in the worker).
    not_english: tuple[str, ...] = ()


def prepare_document(doc: Document | Page, config: Config = Config()) -> Prepared | IngestError:
    """Extract (a page), clean, date and read one document: everything
    ``Store.add_document`` needs."""
    return prepare_documents([doc], config)[0]


def prepare_documents(
    docs: list[Document | Page], config: Config = Config()
) -> list[Prepared | IngestError]:
    """:func:`prepare_document` of each document, their articles read together
    (:func:`read_articles`)."""
    cleaned = [_cleaned(doc, config) for doc in docs]
    articles = [a for c in cleaned if not isinstance(c, IngestError) for a in c[1]]
    sheets = iter(read_articles(articles, config))
    out: list[Prepared | IngestError] = []
    for c in cleaned:
        if isinstance(c, IngestError):
            out.append(c)
            continue
        doc, parts = c
        read = {a.id: next(sheets) for a in parts}
        facts: dict[str, dict[str, Any] | Packed] = {i: s.to_dict() for i, s in read.items()}
        features: dict[str, dict[str, Any] | Packed] = {
            a.id: story_features(a, read[a.id], config.group).to_dict() for a in parts
        }
        out.append(Prepared(doc, parts, facts, features))
    return out


def _cleaned(doc: Document | Page, config: Config) -> tuple[Document, list[Article]] | IngestError:
    """The document (a page extracted) and its clean, dated articles."""
    if isinstance(doc, Page):
        extracted = extract_page(doc)
        if isinstance(extracted, InputError):
            return IngestError(extracted.source or doc.source, extracted.reason)
        doc = extracted
    articles = [with_publication_date(a) for a in clean(doc, config.clean)]
    if not articles:
        return IngestError(doc.source, "nothing but noise: no article text left")
    return doc, articles


def prepare_packed(doc: Document | Page, config: Config = Config()) -> Prepared | IngestError:
    """:func:`prepare_document` with the fact sheets and features packed as the store
    keeps them, where this runs (a pool worker) rather than in the process that stores."""
    return prepare_packed_many([doc], config)[0]


def prepare_packed_many(
    docs: list[Document | Page], config: Config = Config()
) -> list[Prepared | IngestError]:
    """:func:`prepare_packed` of each document, their articles read together."""
    return [_packed(p, config) for p in prepare_documents(docs, config)]


def _packed(prepared: Prepared | IngestError, config: Config) -> Prepared | IngestError:
    if isinstance(prepared, IngestError):
        return prepared
    texts = {a.id: a.clean_text for a in prepared.articles}
    facts: dict[str, dict[str, Any] | Packed] = {
        k: pack_sheet(v, texts[k]) for k, v in prepared.facts.items()
    }
    features: dict[str, dict[str, Any] | Packed] = {
        k: packed_features(v, text=texts[k]) for k, v in prepared.features.items()
    }
    english_min = config.ingest.english_min_share
    not_english = tuple(
        a.source for a in prepared.articles if not looks_english(a.clean_text, english_min)
    )
    return Prepared(prepared.document, prepared.articles, facts, features, not_english)


# --- counting the input --------------------------------------------------------------


def count_inputs(paths: list[str], options: IngestOptions = IngestOptions()) -> int:
    """How many input files ``paths`` hold (``-`` counts one), without reading any: the
    total a progress display needs for its ETA. Files holding several documents (JSONL,
    feeds, WARC) count once."""
    return sum(1 if p == "-" else _count(Path(p), options, set()) for p in paths)


def _count(path: Path, options: IngestOptions, seen: set[str]) -> int:
    if not path.is_dir():
        return 1
    real = os.path.realpath(path)
    if real in seen:
        return 0
    seen = seen | {real}
    total = 0
    try:
        entries = list(os.scandir(path))
    except OSError:
        return 1
    for entry in entries:
        if entry.name.startswith(".") or (entry.is_symlink() and not options.follow_symlinks):
            continue
        total += _count(Path(entry.path), options, seen)
    return total
