"""Bytes per article of what ``storytrace run`` leaves on disk: the store and each dossier
format, against the input text itself (the baseline of the same run).

Generates a corpus as ``bench_scale.py`` does (1,000 articles by default; not timed),
then runs what ``storytrace run`` runs (``ingest_paths``, ``update_stories``,
``write_dossiers``) in this process or on ``--workers``. The store is measured after a
WAL checkpoint, as a whole and by table (SQLite's ``dbstat``); dossiers are summed per
format over every story. ``--db STORE`` skips ingest and analysis and measures (a copy
of) an existing store instead, e.g. one made by an older storytrace, to compare: the copy
is opened first, so a store of an older schema is migrated (and compacted) by this code,
and the CPU seconds that took are reported.

    python bench/bench_output_size.py --articles 1000 [--workers 2] [--name output_size]
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench_scale import prepare
from common import write_result


def build_store(folder: Path, db: Path, workers: int | None) -> dict[str, float]:
    from storytrace.ingest import load_sidecar
    from storytrace.pipeline import ingest_paths, update_stories
    from storytrace.store import Store

    db.unlink(missing_ok=True)
    started = time.perf_counter()
    with Store(db) as store:
        sidecar = load_sidecar(str(folder / "meta.csv"))
        ingest_paths([str(folder / "files")], store, sidecar=sidecar, workers=workers)
        update_stories(store, workers=workers)
    return {"build_seconds": round(time.perf_counter() - started, 1)}


def open_store(db: Path) -> dict[str, float]:
    """Open the store once (migrating it if it is older), timed in CPU seconds."""
    from storytrace.store import Store

    started = time.process_time()
    with Store(db) as store:
        version = store.version
    return {"open_cpu_seconds": round(time.process_time() - started, 1), "schema": version}


def store_bytes(db: Path) -> dict[str, Any]:
    """The store's size after a checkpoint, with the bytes of each table and index."""
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    tables = dict(con.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall())
    articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    columns = {row[1] for row in con.execute("PRAGMA table_info(articles)")}
    size = "clean_size" if "clean_size" in columns else "length(CAST(clean_text AS BLOB))"
    text = con.execute(f"SELECT sum({size}) FROM articles").fetchone()  # schema 10, or older
    con.close()
    return {
        "articles": articles,
        "clean_text_bytes": text[0],
        "store_bytes": db.stat().st_size,
        "tables": dict(sorted(tables.items(), key=lambda kv: -kv[1])),
    }


def dossier_bytes(db: Path, out: Path, workers: int | None) -> dict[str, Any]:
    from storytrace.report.files import write_dossiers
    from storytrace.store import Store

    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    with Store(db) as store:
        write_dossiers(store, out, workers=workers)
    sizes: Counter[str] = Counter()
    largest = 0
    for path in out.glob("story-*"):
        sizes[path.suffix.lstrip(".")] += path.stat().st_size
        if path.suffix == ".json":
            largest = max(largest, path.stat().st_size)
    return {
        "dossier_seconds": round(time.perf_counter() - started, 1),
        "dossier_bytes": dict(sizes),
        "largest_json_bytes": largest,
    }


def per_article(result: dict[str, Any], input_bytes: int) -> dict[str, float]:
    n = result["articles"]
    found = {"input_text": input_bytes / n, "store": result["store_bytes"] / n}
    found |= {f"dossier_{fmt}": size / n for fmt, size in result["dossier_bytes"].items()}
    return {k: round(v / 1024, 2) for k, v in found.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, help="default: one per core")
    parser.add_argument("--root", type=Path, default=Path("/tmp/storytrace-size"))
    parser.add_argument("--db", type=Path, help="measure this store (a copy) instead")
    parser.add_argument("--name", default="output_size", help="result file name")
    args = parser.parse_args()
    args.root.mkdir(parents=True, exist_ok=True)
    folder = prepare(args.articles, args.root, args.seed)
    input_bytes = sum(p.stat().st_size for p in (folder / "files").iterdir())
    db = args.root / "store.db"
    result: dict[str, Any] = {"corpus": f"generated, {args.articles} articles, seed {args.seed}"}
    if args.db:
        shutil.copy(args.db, db)
        result["measured_store"] = str(args.db)
        result |= open_store(db)
    else:
        result |= build_store(folder, db, args.workers)
    result |= store_bytes(db)
    result |= dossier_bytes(db, args.root / "dossiers", args.workers)
    result["kib_per_article"] = per_article(result, input_bytes)
    result["baseline"] = "input_text: the bytes of the input files per article"
    print(result["kib_per_article"])
    write_result(args.name, result)


if __name__ == "__main__":
    main()
