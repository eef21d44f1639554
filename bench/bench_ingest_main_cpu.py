"""CPU seconds of the process that stores, during ``ingest`` on a pool of workers: the
workers read, the main process writes, and what it spends is time the workers wait.

Generates a corpus as ``bench_scale.py`` does (1,000 articles by default; not timed),
ingests it into a fresh store on ``--workers`` under cProfile, and reports the main
process's CPU seconds, the wall time and the profile's largest own-time entries in CPU
seconds (the store codec's among them).

    python bench/bench_ingest_main_cpu.py --articles 1000 --workers 2 [--name NAME]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from pathlib import Path
from typing import Any

from bench_scale import prepare
from common import write_result


def ingest(folder: Path, db: Path, workers: int) -> tuple[dict[str, Any], pstats.Stats]:
    from storytrace.ingest import load_sidecar
    from storytrace.pipeline import ingest_paths
    from storytrace.store import Store

    db.unlink(missing_ok=True)
    profile = cProfile.Profile(time.process_time)  # CPU, not the wall (a busy machine)
    wall, cpu = time.perf_counter(), time.process_time()
    with Store(db) as store:
        sidecar = load_sidecar(str(folder / "meta.csv"))
        profile.enable()
        report = ingest_paths([str(folder / "files")], store, sidecar=sidecar, workers=workers)
        profile.disable()
    found = {
        "articles": report.added_count,
        "main_cpu_seconds": round(time.process_time() - cpu, 2),
        "wall_seconds": round(time.perf_counter() - wall, 1),
    }
    return found, pstats.Stats(profile)


def largest(stats: pstats.Stats, count: int = 12) -> list[dict[str, Any]]:
    """The entries with the most own time (seconds, under the profiler)."""
    rows = [
        {"function": f"{Path(file).name}:{name}", "own_seconds": round(own, 2),
         "with_callees_seconds": round(total, 2)}
        for (file, _, name), (_, _, own, total, _) in stats.stats.items()  # type: ignore[attr-defined]
    ]  # fmt: skip
    return sorted(rows, key=lambda r: -r["own_seconds"])[:count]


def codec_seconds(stats: pstats.Stats) -> float:
    """Time under the store codec's functions, callees included (the outermost only)."""
    total = 0.0
    for (file, _, _), (_, _, _, cumulative, callers) in stats.stats.items():  # type: ignore[attr-defined]
        if file.endswith("store_codec.py") and not any(
            c[0].endswith("store_codec.py") for c in callers
        ):
            total += cumulative
    return round(total, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--root", type=Path, default=Path("/tmp/storytrace-ingest-cpu"))
    parser.add_argument("--name", default="ingest_main_cpu", help="result file name")
    args = parser.parse_args()
    args.root.mkdir(parents=True, exist_ok=True)
    folder = prepare(args.articles, args.root, args.seed)
    found, stats = ingest(folder, args.root / "store.db", args.workers)
    result = {
        "corpus": f"generated, {args.articles} articles, seed {args.seed}",
        "workers": args.workers,
        **found,
        "store_codec_seconds": codec_seconds(stats),
        "largest_own_time": largest(stats),
    }
    print({k: v for k, v in result.items() if k != "largest_own_time"})
    write_result(args.name, result)


if __name__ == "__main__":
    main()
