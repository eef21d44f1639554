"""Load a Spark run's Parquet tables into the SQLite store, so ``storytrace stories``,
``storytrace story`` and the dossiers work on Spark results.

Needs pyarrow only (no Spark, no Java): the tables are plain Parquet, which DuckDB and
pandas can also query directly (``SELECT * FROM 'out/discrepancies/*.parquet'``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import Document, Metadata
from ..store import Store
from . import require_pyarrow
from .job import article_from_dict


@dataclass(slots=True)
class LoadReport:
    articles: int = 0
    already_stored: int = 0
    stories: int = 0


def read_table(out: str | Path, name: str) -> list[dict[str, Any]]:
    """One Parquet table of a Spark run as a list of dicts."""
    pq = require_pyarrow()
    path = Path(out) / name
    if not path.exists():
        return []
    return list(pq.read_table(str(path)).to_pylist())


def load_parquet(out: str | Path, store: Store) -> LoadReport:
    """Put articles (in arrival order, with fact sheets and grouping features), story
    members and story analyses into ``store``. Documents already stored are kept; running
    it twice changes nothing."""
    report = LoadReport()
    rows = sorted(read_table(out, "articles"), key=lambda r: r["seq"])
    for doc, group in _documents(rows):
        articles = [article_from_dict(_article_dict(r)) for r in group]
        facts = {r["id"]: json.loads(r["facts"]) for r in group}
        features = {r["id"]: json.loads(r["features"]) for r in group}
        if store.add_document(doc, articles, facts, features):
            report.articles += len(articles)
        else:
            report.already_stored += len(articles)
    stories = read_table(out, "stories")
    store.save_story_members({s["id"]: list(s["members"]) for s in stories})
    for story in stories:
        store.save_story(story["id"], json.loads(story["analysis"]))
    report.stories = len(stories)
    return report


def _documents(rows: list[dict[str, Any]]) -> Iterator[tuple[Document, list[dict[str, Any]]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row["document_id"], []).append(row)
    for group in groups.values():
        data = json.loads(group[0]["document"])
        source, fmt = data.pop("source"), data.pop("format")
        doc = Document(source, fmt, group[0]["raw_text"], Metadata(**data))
        if doc.id != group[0]["document_id"]:  # a verbatim copy (see Document.copy_in)
            doc = Document(source, fmt, doc.text, doc.metadata, copy_in=Path(source).name)
        yield doc, sorted(group, key=lambda r: r["part"])


def _article_dict(row: dict[str, Any]) -> dict[str, Any]:
    meta = ("title", "url", "outlet", "published", "author", "published_from", "outlet_from")
    return {
        "document_id": row["document_id"],
        "part": row["part"],
        "source": row["source"],
        "format": row["format"],
        "raw_text": row["raw_text"],
        "span": [row["span_start"], row["span_end"]],
        "clean_text": row["clean_text"],
        "segments": json.loads(row["segments"]),
        "metadata": {k: row[k] for k in meta},
        "removals": json.loads(row["removals"]),
    }


__all__ = ["LoadReport", "load_parquet", "read_table"]
