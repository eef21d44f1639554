"""CPU milliseconds per article for what ``storytrace run`` does, by phase.

A ``generate_corpus.py`` corpus (``--articles``, default 1,000; not timed) goes through
``storytrace run``'s steps in a fresh child process, all in that one process
(``workers=1``), so the CPU time of the process is the CPU time of the work:
ingest (``ingest_paths``), grouping (``pipeline._group``), analysis (the rest of
``update_stories``), the article report (``write_report``) and the dossiers
(``write_dossiers``). Importing storytrace is counted apart. The baseline in the same
child reads every input file and ``str.split``\\ s it. Quality of the same store as in
``bench_scale.py`` (grouping B³, derivation edges, distortion recall), so a speed-up can
be checked for a quality loss in the same pass. Target (issue 15): 20 ms an article.

    .venv/bin/python bench/bench_cpu_phases.py [--articles 1000] [--seed 1] [--name NAME]

Writes ``bench/results/cpu_phases.json`` (``cpu_phases-N.json`` for other sizes, or
``NAME.json``). The code measured is the ``storytrace`` the interpreter imports: run it
with ``PYTHONPATH=/tmp/base/src`` for another tree's.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_scale import prepare, quality
from common import timed_calls, write_result


def child(corpus: Path, db: Path, out: Path) -> dict[str, float]:
    start = time.process_time()
    from storytrace import pipeline
    from storytrace.ingest import load_sidecar
    from storytrace.report import write_report
    from storytrace.report.files import write_dossiers
    from storytrace.store import Store

    cpu = {"import": time.process_time() - start}
    start = time.process_time()
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in (corpus / "files").iterdir())
    cpu["baseline_read_and_split"] = time.process_time() - start
    with Store(db) as store, timed_calls(pipeline, "_group") as grouping:
        start = time.process_time()
        report = pipeline.ingest_paths(
            [str(corpus / "files")], store, sidecar=load_sidecar(str(corpus / "meta.csv")),
            workers=1, keep_articles=False,
        )  # fmt: skip
        cpu["ingest"] = time.process_time() - start
        start = time.process_time()
        pipeline.update_stories(store, workers=1)
        cpu["grouping"] = grouping["seconds"]
        cpu["analysis"] = time.process_time() - start - grouping["seconds"]
        start = time.process_time()
        write_report(out, store, report.errors)
        cpu["article_report"] = time.process_time() - start
        start = time.process_time()
        write_dossiers(store, out, workers=1)
        cpu["dossiers"] = time.process_time() - start
    return {**cpu, "articles": report.added_count, "words": words}


PHASES = ("ingest", "grouping", "analysis", "article_report", "dossiers")


def run(articles: int, seed: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="storytrace-cpu-") as tmp:
        root = Path(tmp)
        corpus = prepare(articles, root, seed)
        db, out = root / "cpu.db", root / "out"
        command = [sys.executable, __file__, "--child", str(corpus), str(db), str(out)]
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        cpu = json.loads(done.stdout.strip().splitlines()[-1])
        scores = quality(corpus, db)
    n = cpu["articles"]
    per_article = {f"{phase}_ms": round(1000 * cpu[phase] / n, 1) for phase in PHASES}
    total = sum(cpu[phase] for phase in PHASES)
    return {
        "articles": n,
        "seed": seed,
        "workers": 1,
        "cpu_ms_per_article": per_article,
        "total_cpu_ms_per_article": round(1000 * total / n, 1),
        "import_cpu_s": round(cpu["import"], 2),
        "baseline_read_and_split_ms_per_article": round(
            1000 * cpu["baseline_read_and_split"] / n, 3
        ),
        "run_over_baseline": round(total / cpu["baseline_read_and_split"], 1),
        "articles_per_second_on_2_cores_if_cpu_bound": round(2 * n / total, 1),
        "cpu_s": {k: round(v, 2) for k, v in cpu.items() if k not in ("articles", "words")},
        "quality": scores,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--name", help="result file name (default cpu_phases[-N])")
    parser.add_argument("--child", nargs=3, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(*args.child)))
        return
    result = run(args.articles, args.seed)
    print(json.dumps(result, indent=2))
    name = args.name or ("cpu_phases" if args.articles == 1000 else f"cpu_phases-{args.articles}")
    print(f"wrote {write_result(name, result)}")


if __name__ == "__main__":
    main()
