"""Running the pure per-item stages on every core, with a bounded number of items in flight.

:func:`bounded_map` hands items to a process pool and yields ``(item, result)`` in input
order, never holding more than ``in_flight`` items at once, so memory stays bounded however
long the input is. ``workers=1`` runs everything in the calling process (no pool).

The work itself: :func:`prepare_document` (clean, read, grouping features: all a document
needs to be stored) and :func:`analyse_members` (trace and compare one story). Both are
pure; the calling process does all writing to the store.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from .clean import clean
from .config import Config, IngestOptions
from .errors import InputError, StorytraceError
from .group import story_features
from .ingest import extract_page
from .model import Article, Document, IngestError, Page

T = TypeVar("T")
R = TypeVar("R")


def default_workers() -> int:
    return os.cpu_count() or 1


def bounded_map(
    func: Callable[[T], R],
    items: Iterable[T],
    workers: int | None = None,
    in_flight: int | None = None,
) -> Iterator[tuple[T, R]]:
    """``(item, func(item))`` for every item, in input order, computed by ``workers``
    processes (default: one per core) with at most ``in_flight`` items submitted at once
    (default: four per worker). ``func`` must be picklable (a module-level function or a
    ``functools.partial`` of one)."""
    workers = workers or default_workers()
    if workers <= 1:
        yield from ((item, func(item)) for item in items)
        return
    if _importing_main_in_worker():
        raise StorytraceError(NO_MAIN_GUARD)
    pool = ProcessPoolExecutor(
        workers, mp_context=_context(), initializer=_watch_parent, initargs=(os.getpid(),)
    )
    try:
        yield from _pooled(pool, func, iter(items), in_flight or 4 * workers)
    except BrokenProcessPool as exc:
        raise StorytraceError(f"a worker process died: {exc}. {NO_MAIN_GUARD}") from exc
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


NO_MAIN_GUARD = (
    "A script that calls storytrace runs again in every worker process it starts: put the "
    'calls under `if __name__ == "__main__":` (or pass workers=1)'
)


def _importing_main_in_worker() -> bool:
    """Whether this is a worker process importing the user's script (which then calls
    storytrace again at import time, as a script without a main guard does)."""
    main = sys.modules.get("__main__")
    return (
        multiprocessing.parent_process() is not None
        and getattr(main, "__name__", "") == "__mp_main__"
    )


def _pooled(
    pool: ProcessPoolExecutor, func: Callable[[T], R], items: Iterator[T], limit: int
) -> Iterator[tuple[T, R]]:
    pending: deque[tuple[T, Future[R]]] = deque()
    for item in items:
        pending.append((item, pool.submit(func, item)))
        if len(pending) >= limit:
            done, future = pending.popleft()
            yield done, future.result()
    while pending:
        done, future = pending.popleft()
        yield done, future.result()


def _watch_parent(pid: int, every: float = 1.0) -> None:
    """In a worker: exit when the process that made the pool is gone (killed, say), so a
    hard-killed run leaves no idle workers behind."""

    def watch() -> None:
        while True:
            time.sleep(every)
            try:
                os.kill(pid, 0)
            except OSError:
                os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _context() -> multiprocessing.context.BaseContext:
    """``forkserver`` where there is one: forking a process that runs threads (rich's
    progress display, SQLite) is unsafe, and spawning re-imports everything per worker.
    ``fork`` when the main program is no file a worker could import (stdin, a REPL)."""
    methods = multiprocessing.get_all_start_methods()
    main = getattr(sys.modules.get("__main__"), "__file__", None)
    if main and not os.path.exists(main) and "fork" in methods:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


# --- the work ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Prepared:
    """One document's articles with their fact sheets and grouping features, as stored."""

    document: Document
    articles: list[Article]
    facts: dict[str, dict[str, Any]]
    features: dict[str, dict[str, Any]]


def prepare_document(doc: Document | Page, config: Config = Config()) -> Prepared | IngestError:
    """Extract (a page), clean, date and read one document: everything
    ``Store.add_document`` needs."""
    from .pipeline import read_article, with_publication_date

    if isinstance(doc, Page):
        extracted = extract_page(doc)
        if isinstance(extracted, InputError):
            return IngestError(extracted.source or doc.source, extracted.reason)
        doc = extracted
    articles = [with_publication_date(a) for a in clean(doc, config.clean)]
    if not articles:
        return IngestError(doc.source, "nothing but noise: no article text left")
    sheets = {a.id: read_article(a, config) for a in articles}
    facts = {article_id: sheet.to_dict() for article_id, sheet in sheets.items()}
    features = {a.id: story_features(a, sheets[a.id], config.group).to_dict() for a in articles}
    return Prepared(doc, articles, facts, features)


def analyse_members(
    story: tuple[str, list[tuple[Article, dict[str, Any] | None]]], config: Config = Config()
) -> dict[str, Any]:
    """The ``storytrace.trace/1`` analysis of one story given as ``(id, members)``, each
    member an article with its stored fact sheet (None: read it again)."""
    from .pipeline import fact_sheet
    from .story import analyse_story

    story_id, stored = story
    members = [(a, fact_sheet(a, facts, config)) for a, facts in stored]
    return analyse_story(story_id, members, config).to_dict()


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
