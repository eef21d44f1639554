"""Every story's dossier written into a directory, and ``index.html`` linking them.

Writing is incremental: ``dossiers.json`` in the directory records, for each story
written, a digest of the stored analysis it was written from and the story's summary. A
later run rewrites only the stories whose analysis changed, deletes the files of
stories that are gone (merged into others), and rebuilds the index from the recorded
summaries. The record is saved as stories finish, so an interrupted run resumes where
it stopped. A different storytrace version rewrites everything.

Dossiers are built on a process pool (one process per core) when their stories hold
enough articles to pay for starting it: at 100,000 articles building them takes about as
long as reading the articles. ``formats`` chooses which of HTML, Markdown and JSON are
written; a story written again loses its files of the other formats, so no stale
dossier stays beside a fresh one.
"""

from __future__ import annotations

import functools
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__
from ..pool import bounded_map
from ..store import Store
from .dossier import build_dossier, dossier_filename, render_dossiers, render_index

MANIFEST = "dossiers.json"
MANIFEST_SCHEMA = "storytrace.dossier-files/1"
FORMATS = ("html", "md", "json")
POOL_MINIMUM = 300
"""Articles (summed over the stories to write) below which dossiers are written in this
process: a 2-worker pool costs ~3.2 CPU-s more than one process
(``bench/bench_small_run.py``) and a dossier ~13.9 CPU-ms per article in all three
formats (``bench/bench_cpu_phases.py``, 1,000 generated articles), so the pool pays from
~4 s of work, ~300 articles."""
SAVE_EVERY_SECONDS = 20.0
"""How often the record of finished stories is saved while writing."""


@dataclass(slots=True)
class DossierFiles:
    """What :func:`write_dossiers` did."""

    index: Path
    written: int
    unchanged: int
    removed: int


def write_dossiers(
    store: Store,
    outdir: str | Path,
    *,
    workers: int | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    formats: tuple[str, ...] = FORMATS,
) -> DossierFiles:
    """Write ``story-<id>.<format>`` in each of ``formats`` (``html``, ``md``, ``json``)
    for every story of ``store`` whose dossier in ``outdir`` is missing or out of date,
    then ``index.html``. ``on_progress(done, total)`` is called as stories are written."""
    formats = dossier_formats(formats)
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    previous = _read_manifest(out)
    digests = store.story_digests()
    stories = store.stories()
    done = {
        s["id"]: previous[s["id"]]
        for s in stories
        if _up_to_date(previous.get(s["id"]), digests[s["id"]], out, s["id"], formats)
    }
    stale = [sid for sid in previous if sid not in digests]
    _save_manifest(out, done)
    pending = [s for s in stories if s["id"] not in done]
    saved_at = time.monotonic()
    written = _write_all(store, out, pending, workers, formats)
    for count, (story_id, summary) in enumerate(written, 1):
        done[story_id] = {"digest": digests[story_id], "summary": summary, "formats": formats}
        if on_progress:
            on_progress(count, len(pending))
        if time.monotonic() - saved_at > SAVE_EVERY_SECONDS:
            _save_manifest(out, done)
            saved_at = time.monotonic()
    for story_id in stale:
        _remove_files(out, story_id, FORMATS)
    _save_manifest(out, done)
    index = out / "index.html"
    summaries = [
        {**done[s["id"]]["summary"], "href": _link(done[s["id"]], s["id"])} for s in stories
    ]
    report = "articles.html" if (out / "articles.html").exists() else None
    _write_text(index, render_index(summaries, articles_report=report))
    return DossierFiles(index, len(pending), len(stories) - len(pending), len(stale))


def write_story_files(
    store: Store, story_id: str, outdir: Path, formats: tuple[str, ...] = FORMATS
) -> dict[str, Any]:
    """Write one story's dossier in each of ``formats`` (and remove its files of the
    others); return its summary (``dossier["story"]``)."""
    dossier = build_dossier(store, story_id)
    for ext, text in render_dossiers(dossier, formats).items():
        _write_text(outdir / dossier_filename(story_id, ext), text)
    _remove_files(outdir, story_id, tuple(f for f in FORMATS if f not in formats))
    return dossier["story"]


def dossier_formats(formats: Iterable[str]) -> tuple[str, ...]:
    """``formats`` in the order of :data:`FORMATS`, each once; ValueError for others."""
    formats = tuple(formats)
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown or not formats:
        raise ValueError(
            f"unknown dossier format(s) {', '.join(unknown) or '(none given)'}: "
            f"choose among {', '.join(FORMATS)}"
        )
    return tuple(f for f in FORMATS if f in formats)


def _link(entry: dict[str, Any], story_id: str) -> str:
    """The dossier file the index links to: HTML when written, else the next format."""
    return dossier_filename(story_id, entry.get("formats", FORMATS)[0])


def _write_all(
    store: Store,
    out: Path,
    stories: list[dict[str, Any]],
    workers: int | None,
    formats: tuple[str, ...],
) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(story_id, summary)`` for each story written, in order; on a process pool once
    the stories hold :data:`POOL_MINIMUM` articles."""
    if not store.path.is_file():  # an in-memory store cannot be opened by workers
        workers = 1
    weights = {s["id"]: s["article_count"] for s in stories}
    job = functools.partial(_write_in_worker, str(store.path), str(out), formats)
    key = (os.getpid(), str(store.path))
    _WORKER_STORES[key] = store  # what runs in this process uses it
    try:
        yield from bounded_map(
            job, list(weights), workers, min_work=POOL_MINIMUM, weight=weights.__getitem__
        )
    finally:
        del _WORKER_STORES[key]


_WORKER_STORES: dict[tuple[int, str], Store] = {}
"""The store of each database a process writes dossiers from, by process id: a worker
forked from the caller must not use the caller's connection."""


def _write_in_worker(
    db: str, outdir: str, formats: tuple[str, ...], story_id: str
) -> dict[str, Any]:
    """:func:`write_story_files` through a store opened once per pool process (in the
    calling process, the caller's)."""
    key = (os.getpid(), db)
    store = _WORKER_STORES.get(key)
    if store is None:
        store = _WORKER_STORES[key] = Store(db)
    return write_story_files(store, story_id, Path(outdir), formats)


def _up_to_date(
    entry: dict[str, Any] | None, digest: str, out: Path, story_id: str, formats: tuple[str, ...]
) -> bool:
    return (
        entry is not None
        and entry.get("digest") == digest
        and tuple(entry.get("formats", FORMATS)) == formats
        and all((out / dossier_filename(story_id, ext)).is_file() for ext in formats)
    )


def _read_manifest(out: Path) -> dict[str, dict[str, Any]]:
    """The stories recorded as written, or none if the record is missing, unreadable or
    from another storytrace version."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("storytrace") != __version__:
        return {}
    stories = data.get("stories")
    return stories if isinstance(stories, dict) else {}


def _save_manifest(out: Path, stories: dict[str, dict[str, Any]]) -> None:
    record = {"schema": MANIFEST_SCHEMA, "storytrace": __version__, "stories": stories}
    _write_text(out / MANIFEST, json.dumps(record, ensure_ascii=False))


def _remove_files(out: Path, story_id: str, formats: tuple[str, ...]) -> None:
    for ext in formats:
        (out / dossier_filename(story_id, ext)).unlink(missing_ok=True)


def _write_text(path: Path, text: str) -> None:
    """Write through a temporary file, so an interrupted run leaves no half-written file."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
