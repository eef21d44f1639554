"""``storytrace export``: the store's tables as CSV, Parquet or JSON lines, with the
columns of the Spark backend's Parquet tables (:data:`storytrace.spark.job.SCHEMAS`), so
what a single machine stored and what a Spark run wrote can be read the same way.

The rows are made by the Spark job's own row functions; lists become JSON text in CSV.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from . import tables
from .store import Store

FORMATS = ("csv", "parquet", "jsonl")
EXPORT_TABLES = ("articles", "stories", "derivations", "facts", "discrepancies")


def export_tables(
    store: Store, outdir: str | Path, fmt: str, tables: tuple[str, ...] = EXPORT_TABLES
) -> list[tuple[Path, int]]:
    """Write each of ``tables`` into ``outdir`` as ``NAME.csv``, ``NAME.parquet`` or
    ``NAME.jsonl``; returns each file with its number of rows."""
    from .spark.job import SCHEMAS

    Path(outdir).mkdir(parents=True, exist_ok=True)
    written = []
    for name in tables:
        columns = [c.split()[0] for c in SCHEMAS[name].split(", ")]
        rows = [dict(zip(columns, row, strict=True)) for row in table_rows(store, name)]
        path = Path(outdir) / f"{name}.{fmt}"
        _WRITERS[fmt](path, columns, rows)
        written.append((path, len(rows)))
    return written


def table_rows(store: Store, name: str) -> Iterator[tuple[Any, ...]]:
    """The rows of one Spark table, made from what ``store`` holds."""

    if name == "articles":
        yield from _article_rows(store)
        return
    members = store.story_members()
    make = {
        "stories": lambda item: [tables.story_row(item)],
        "derivations": tables.derivation_rows,
        "facts": tables.fact_rows,
        "discrepancies": tables.discrepancy_rows,
    }[name]
    for summary in store.stories():
        item = {"id": summary["id"], "members": members.get(summary["id"], []),
                "analysis": store.story(summary["id"])}  # fmt: skip
        yield from make(item)


def _article_rows(store: Store) -> Iterator[tuple[Any, ...]]:
    from .spark.job import article_row, article_to_dict

    story_of = {a: s for s, ids in store.story_members().items() for a in ids}
    features = {data["article_id"]: data for data, _ in store.story_features()}
    for seq, article in enumerate(store.articles()):
        source, metadata = store.document_info(article.document_id) or (article.source, None)
        record = {
            "id": article.id,
            "seq": seq,
            "article": article_to_dict(article),
            "document": {
                "source": source,
                "format": article.format,
                **asdict(metadata or article.metadata),
            },  # fmt: skip
            "facts": json.dumps(store.facts(article.id), ensure_ascii=False),
            "features": json.dumps(features.get(article.id)),
        }
        yield article_row(record, story_of.get(article.id, ""))


def _write_csv(path: Path, columns: list[str], rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(v) for k, v in row.items()})


def _cell(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value


def _write_jsonl(path: Path, columns: list[str], rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def _write_parquet(path: Path, columns: list[str], rows: list[dict[str, Any]]) -> None:
    from .spark import require_pyarrow

    pq = require_pyarrow()
    import pyarrow  # type: ignore[import-untyped]

    table = pyarrow.Table.from_pylist(rows) if rows else pyarrow.table({c: [] for c in columns})
    pq.write_table(table, str(path))


_WRITERS = {"csv": _write_csv, "jsonl": _write_jsonl, "parquet": _write_parquet}
