"""Small jobs: ``storytrace run`` on 5 articles against the same work in one process, and
where a process pool starts to pay.

1. **Five articles.** ``storytrace run`` (default: one worker per core) and ``storytrace
   run --workers 1`` on the five seed articles of ``../shared/corpus/seeds`` (five
   generated ones when that folder is absent), each a fresh process and store,
   alternating, ``--repeat`` times; and, for the record, the same run with the pool
   forced whatever the input size (as before ``PoolMinimum``). Wall seconds and CPU
   seconds of the whole process tree: this process makes itself a child subreaper, so
   the forkserver and its workers are reaped here and their CPU counted. Target:
   default / one process <= 1.5.
2. **Break-even.** On ``generate_corpus.py`` corpora of ``--sizes`` articles, ingest and
   story analysis timed apart, in one process and on a 2-worker pool forced to start
   (``PoolMinimum(0, 0)``), each phase in a fresh process (the other phase run in one
   process, so the timed phase starts its own forkserver): the smallest size where the
   pool wins each phase is where ``PoolMinimum`` should start it (documents for ingest;
   article pairs for analysis).

    .venv/bin/python bench/bench_small_run.py [--repeat 3] [--sizes 25 50 100 200 400]

Writes ``bench/results/small_run.json``.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import generate_corpus
from common import base_parser, write_result

PR_SET_CHILD_SUBREAPER = 36
FORCED = """
import sys
from storytrace import pipeline
from storytrace.cli import main
always = pipeline.PoolMinimum(documents=0, pairs=0)
for func in (pipeline.ingest_paths, pipeline.ingest_documents, pipeline.update_stories):
    func.__kwdefaults__["pool"] = always
sys.argv = ["storytrace", *sys.argv[1:]]
main()
"""


def _tree_cpu(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of ``command`` and every process it started."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    _reap()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _reap() -> None:
    """Wait for the orphaned descendants (forkservers) reparented to this subreaper."""
    while True:
        try:
            os.wait()
        except ChildProcessError:
            return


def five_articles(inputs: Path, work: Path, repeat: int) -> dict[str, Any]:
    storytrace = str(Path(sys.executable).parent / "storytrace")
    variants = {
        "one_process": [storytrace, "run", "--workers", "1"],
        "default": [storytrace, "run"],
        "pool_forced": [sys.executable, "-c", FORCED, "run"],
    }
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
    for n in range(repeat):
        for name, command in variants.items():
            out = work / f"{name}-{n}"
            times[name].append(_tree_cpu([*command, str(inputs), "-o", str(out)]))
    result: dict[str, Any] = {}
    for name, runs in times.items():
        result[f"{name}_wall_s"] = round(statistics.median(w for w, _ in runs), 2)
        result[f"{name}_cpu_s"] = round(statistics.median(c for _, c in runs), 2)
    for name in ("default", "pool_forced"):
        for kind in ("wall", "cpu"):
            ratio = result[f"{name}_{kind}_s"] / result[f"one_process_{kind}_s"]
            result[f"{name}_over_one_process_{kind}"] = round(ratio, 2)
    return result


CHILD = """
import json, sys, time
from storytrace.ingest import load_sidecar
from storytrace.pipeline import PoolMinimum, ingest_paths, update_stories
from storytrace.store import Store
corpus, db, phase, workers = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
always = PoolMinimum(documents=0, pairs=0)
with Store(db) as store:
    start = time.perf_counter()
    ingest_paths([corpus + "/files"], store, sidecar=load_sidecar(corpus + "/meta.csv"),
                 workers=workers if phase == "ingest" else 1, pool=always)
    ingest = time.perf_counter() - start
    start = time.perf_counter()
    update_stories(store, workers=workers if phase == "stories" else 1, pool=always)
    stories = time.perf_counter() - start
    sizes = [len(ids) for ids in store.story_members().values()]
seconds = ingest if phase == "ingest" else stories
print(json.dumps({"seconds": seconds, "pairs": sum(n * (n - 1) // 2 + n for n in sizes)}))
"""


def break_even(sizes: list[int], work: Path) -> list[dict[str, Any]]:
    rows = []
    for size in sizes:
        corpus = work / f"corpus-{size}"
        (corpus / "files").mkdir(parents=True)
        generate_corpus.generate(size, corpus / "files", seed=size)
        for name in ("meta.csv", "truth.jsonl"):
            (corpus / "files" / name).rename(corpus / name)
        row: dict[str, Any] = {"articles": size}
        for phase in ("ingest", "stories"):  # each phase's pool started fresh
            for workers in (1, 2):
                db = work / f"{size}-{phase}-{workers}.db"
                command = [sys.executable, "-c", CHILD, str(corpus), str(db), phase, str(workers)]
                done = subprocess.run(command, check=True, capture_output=True, text=True)
                _reap()
                measured = json.loads(done.stdout.strip().splitlines()[-1])
                row["pairs"] = measured["pairs"]
                row[f"{phase}_s_workers{workers}"] = round(measured["seconds"], 2)
        for phase in ("ingest", "stories"):
            row[f"{phase}_pool_over_one"] = round(
                row[f"{phase}_s_workers2"] / row[f"{phase}_s_workers1"], 2
            )
        rows.append(row)
        print(json.dumps(row), flush=True)
    return rows


def main() -> None:
    parser = base_parser(__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="*", default=[25, 50, 100, 200, 400])
    args = parser.parse_args()
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    seeds = args.shared / "corpus" / "seeds"
    result: dict[str, Any] = {"cores": os.cpu_count(), "load_average_1min_at_start":
                              round(os.getloadavg()[0], 1)}  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="storytrace-small-") as tmp:
        work = Path(tmp)
        if seeds.is_dir():
            inputs, result["inputs"] = seeds, "../shared/corpus/seeds (5 real articles)"
        else:
            inputs, result["inputs"] = work / "five", "5 generated articles"
            generate_corpus.generate(5, inputs, seed=5)
            for name in ("meta.csv", "truth.jsonl"):
                (inputs / name).unlink()
        result["five_articles"] = five_articles(inputs, work, args.repeat)
        print(json.dumps(result["five_articles"], indent=2), flush=True)
        result["break_even"] = break_even(args.sizes, work) if args.sizes else []
    result["load_average_1min_at_end"] = round(os.getloadavg()[0], 1)
    print(f"wrote {write_result('small_run', result)}")


if __name__ == "__main__":
    main()
