"""Building comparison inputs for the tests: invented article pairs and the demo story."""

from __future__ import annotations

import datetime as dt
import functools
import json

import storytrace.demo as demo
from storytrace.ingest import load_sidecar
from storytrace.model import Article, Metadata, Segment, Span
from storytrace.pipeline import read_paths
from storytrace.read import FactSheet, read_text

PUBLISHED = dt.date(2025, 6, 12)


def article(text: str, outlet: str, doc: str) -> tuple[Article, FactSheet]:
    """An invented article and its fact sheet, published on :data:`PUBLISHED`."""
    meta = Metadata(outlet=outlet, published=PUBLISHED.isoformat())
    a = Article(
        doc,
        0,
        f"{doc}.txt",
        "txt",
        text,
        Span(0, len(text)),
        text,
        (Segment(0, 0, len(text)),),
        meta,
    )
    return a, read_text(text, PUBLISHED)


def pair(source: str, copy: str):
    """Members and upstream map for a copy derived from a source."""
    members = [article(source, "Source Wire", "src"), article(copy, "Copy Daily", "cpy")]
    return members, {"src-0": None, "cpy-0": "src-0"}


@functools.cache
def demo_story():
    """(members, upstream, ids by file name, truth) for the demo story's six articles."""
    truth = json.loads((demo.CORPUS_DIR.parent / "truth.json").read_text(encoding="utf-8"))
    sidecar = load_sidecar(str(demo.META_FILE))
    members, ids = [], {}
    for item in read_paths([str(demo.CORPUS_DIR)], sidecar=sidecar):
        if not isinstance(item, tuple):
            continue
        name = item[0].source.rsplit("/", 1)[-1].split("#")[0]
        if name in truth["story_files"] and item[0].part == 0:
            members.append(item)
            ids[name] = item[0].id
    upstream = {
        ids[name]: ids[info["derived_from"]] if info["derived_from"] else None
        for name, info in truth["files"].items()
        if name in ids
    }
    return members, upstream, ids, truth
