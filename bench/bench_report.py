"""The report ``storytrace run`` writes last, over a whole store: time, size, peak memory.

Times ``write_report`` (``articles.html`` / ``.md``) and ``write_dossiers`` (a dossier per
story in three formats and ``index.html``, on the process pool) into an empty directory,
then ``write_dossiers`` again with nothing changed (the incremental case: only the index
is rebuilt). The store is any store ``storytrace run`` or ``bench/bench_scale.py`` made,
for instance ``/tmp/storytrace-scale/scale-10000.db``; it is only read.

    .venv/bin/python bench/bench_report.py --db /tmp/storytrace-scale/scale-10000.db
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from common import TreePeak, write_result
from storytrace.report import write_report
from storytrace.report.files import write_dossiers
from storytrace.store import Store


def _megabytes(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.iterdir()) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--workers", type=int, help="default: one per core")
    parser.add_argument("--name", default="report", help="result file name")
    args = parser.parse_args()
    if not args.db.is_file():
        sys.exit(f"error: no store at {args.db} (run bench/bench_scale.py or storytrace run first)")
    with Store(args.db) as store, tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        articles, stories = store.count_articles(), len(store.stories())
        with TreePeak() as peak:
            started = time.perf_counter()
            write_report(out, store)
            article_report = time.perf_counter() - started
            started = time.perf_counter()
            first = write_dossiers(store, out, workers=args.workers)
            dossiers = time.perf_counter() - started
        started = time.perf_counter()
        again = write_dossiers(store, out, workers=args.workers)
        unchanged = time.perf_counter() - started
        result = {
            "store": str(args.db),
            "articles": articles,
            "stories": stories,
            "workers": args.workers or os.cpu_count(),
            "article_report_seconds": round(article_report, 1),
            "dossiers_seconds": round(dossiers, 1),
            "dossiers_written": first.written,
            "articles_per_second": round(articles / (article_report + dossiers), 1),
            "rerun_unchanged_seconds": round(unchanged, 1),
            "rerun_written": again.written,
            "output_mb": round(_megabytes(out), 1),
            "peak_rss_tree_mb": round(peak.mb, 1),
        }
    print(result)
    print(f"wrote {write_result(args.name, result)}")


if __name__ == "__main__":
    main()
