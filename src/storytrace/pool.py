"""Mapping a function over items on a process pool, with a bounded number in flight.

:func:`bounded_map` yields ``(item, result)`` in input order, never holding more than
``in_flight`` items at once, so memory stays bounded however long the input is. It knows
nothing of storytrace's stages (:mod:`storytrace.pipeline` holds those) and starts the
pool only when the input holds enough work to pay for it: smaller inputs, and
``workers=1``, run in the calling process.
"""

from __future__ import annotations

import functools
import itertools
import multiprocessing
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from .errors import StorytraceError

T = TypeVar("T")
R = TypeVar("R")


def default_workers() -> int:
    return os.cpu_count() or 1


def bounded_map(
    func: Callable[[T], R],
    items: Iterable[T],
    workers: int | None = None,
    in_flight: int | None = None,
    *,
    min_work: float = 0,
    weight: Callable[[T], float] | None = None,
) -> Iterator[tuple[T, R]]:
    """``(item, func(item))`` for every item, in input order, computed by ``workers``
    processes (default: one per core) with at most ``in_flight`` items submitted at once
    (default: four per worker). ``func`` must be picklable (a module-level function or a
    ``functools.partial`` of one).

    The pool starts only when the input holds at least ``min_work`` (each item weighs
    ``weight(item)``, default 1): items are read ahead until that much is seen, and if
    the input ends first everything runs in this process."""
    workers = workers or default_workers()
    items = iter(items)
    if workers > 1 and min_work > 0:
        head, enough = _read_ahead(items, min_work, weight or _one)
        items = itertools.chain(head, items)
        workers = workers if enough else 1
    if workers <= 1:
        yield from ((item, func(item)) for item in items)
        return
    if _importing_main_in_worker():
        raise StorytraceError(NO_MAIN_GUARD)
    pool = ProcessPoolExecutor(
        workers, mp_context=_context(func), initializer=_watch_parent, initargs=(os.getpid(),)
    )
    try:
        yield from _pooled(pool, func, items, in_flight or 4 * workers)
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


def _one(_: object) -> float:
    return 1


def _read_ahead(
    items: Iterator[T], min_work: float, weight: Callable[[T], float]
) -> tuple[list[T], bool]:
    """The first items up to ``min_work`` of work, and whether there was that much."""
    head: list[T] = []
    total = 0.0
    for item in items:
        head.append(item)
        total += weight(item)
        if total >= min_work:
            return head, True
    return head, False


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


def _context(func: Callable[..., object]) -> multiprocessing.context.BaseContext:
    """``forkserver`` where there is one: forking a process that runs threads (rich's
    progress display, SQLite) is unsafe, and spawning re-imports everything per worker.
    The forkserver imports ``func``'s module once, before forking workers, so they start
    with it loaded. ``fork`` when the main program is no file a worker could import
    (stdin, a REPL)."""
    methods = multiprocessing.get_all_start_methods()
    main = getattr(sys.modules.get("__main__"), "__file__", None)
    if main and not os.path.exists(main) and "fork" in methods:
        return multiprocessing.get_context("fork")
    if "forkserver" not in methods:
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    module = getattr(func.func if isinstance(func, functools.partial) else func, "__module__", "")
    if module and module != "__main__":
        context.set_forkserver_preload(["__main__", module])
    return context
