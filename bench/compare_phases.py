"""Analysis and dossier CPU of this tree against another (``--base``, e.g. main's ``src``
from ``git archive``), alternating in fresh processes on one ingested store, with every
output compared byte for byte.

Each round runs, for the base tree and then for this one, a child process (its
``PYTHONPATH`` the tree's ``src``) that copies the ingested store (``--db``, e.g.
``ingested-1000.db`` of ``profile_phases.py``), groups and analyses it
(``update_stories``, grouping timed apart as in ``bench_cpu_phases.py``) and writes every
story's dossier in HTML, Markdown and JSON (``write_dossiers``, one process), reporting
CPU seconds per phase. The first round's outputs are kept: every file of the two dossier
directories must be byte-identical, and so must every story's stored analysis
(``Store.story``, sorted JSON). Speed-ups are same-run ratios, base over this tree, per
round and as the median.

    python bench/compare_phases.py --base /tmp/base/src --db /tmp/prof/ingested-1000.db
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import check_ungrouped, timed_calls, write_result

HERE = Path(__file__).resolve().parent
PHASES = ("grouping", "analysis", "dossiers")


def child(db: Path, out: Path) -> dict[str, Any]:
    from storytrace import pipeline
    from storytrace.report.files import write_dossiers
    from storytrace.store import Store

    cpu: dict[str, float] = {}
    with Store(db) as store, timed_calls(pipeline, "_group") as grouped:
        start = time.process_time()
        pipeline.update_stories(store, workers=1)
        cpu["grouping"] = grouped["seconds"]
        cpu["analysis"] = time.process_time() - start - grouped["seconds"]
        start = time.process_time()
        write_dossiers(store, out, workers=1)
        cpu["dossiers"] = time.process_time() - start
        analyses = {s["id"]: store.story(s["id"]) for s in store.stories()}
        articles = store.count_articles()
    (out.parent / f"{out.name}-analyses.json").write_text(
        json.dumps(analyses, sort_keys=True, ensure_ascii=False), encoding="utf-8"
    )
    return {"cpu_s": cpu, "articles": articles, "stories": len(analyses)}


def run_tree(src: Path, db: Path, work: Path, name: str) -> dict[str, Any]:
    copy, out = work / f"{name}.db", work / name
    shutil.rmtree(out, ignore_errors=True)
    shutil.copy(db, copy)
    env = {**os.environ, "PYTHONPATH": str(src)}
    command = [sys.executable, str(HERE / "compare_phases.py"), "--child", str(copy), str(out)]
    done = subprocess.run(command, check=True, capture_output=True, text=True, env=env, cwd=HERE)
    copy.unlink()
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def differences(a: Path, b: Path) -> dict[str, Any]:
    """Files only in one directory or differing in bytes (the manifest's record too)."""
    names_a = {p.name for p in a.iterdir()}
    names_b = {p.name for p in b.iterdir()}
    common = sorted(names_a & names_b)
    _, mismatch, errors = filecmp.cmpfiles(a, b, common, shallow=False)
    return {
        "files": len(common),
        "only_in_one": sorted(names_a ^ names_b),
        "different": mismatch + errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, help="the other tree's src")
    parser.add_argument("--db", type=Path, help="an ingested store (not changed)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--name", default="compare_phases")
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(*args.child)))
        return
    if not args.base or not args.db:
        parser.error("--base and --db are required")
    check_ungrouped(args.db)
    head = HERE.parent / "src"
    rounds = []
    with tempfile.TemporaryDirectory(prefix="storytrace-compare-") as tmp:
        work = Path(tmp)
        for n in range(args.rounds):
            names = (f"base-{n}", f"head-{n}")
            base = run_tree(args.base, args.db, work, names[0])
            this = run_tree(head, args.db, work, names[1])
            rounds.append({"base": base, "head": this, "load": os.getloadavg()[0]})
            print(json.dumps(rounds[-1]), flush=True)
            if n == 0:
                dossiers = differences(work / names[0], work / names[1])
                same = filecmp.cmp(
                    work / f"{names[0]}-analyses.json", work / f"{names[1]}-analyses.json", False
                )
            else:
                for name in names:
                    shutil.rmtree(work / name)
    articles = rounds[0]["head"]["articles"]
    result: dict[str, Any] = {
        "articles": articles,
        "rounds": rounds,
        "dossiers_compared": dossiers,
        "analyses_identical": same,
    }
    for side in ("base", "head"):
        result[f"{side}_median_ms_per_article"] = {
            phase: round(
                1000 * statistics.median(r[side]["cpu_s"][phase] for r in rounds) / articles, 1
            )
            for phase in PHASES
        }
    result["speedup_per_round"] = {
        phase: [round(r["base"]["cpu_s"][phase] / r["head"]["cpu_s"][phase], 3) for r in rounds]
        for phase in PHASES
    }
    result["median_speedup"] = {
        phase: round(statistics.median(v), 3) for phase, v in result["speedup_per_round"].items()
    }
    print(json.dumps({k: v for k, v in result.items() if k != "rounds"}, indent=1))
    print(f"wrote {write_result(args.name, result)}")


if __name__ == "__main__":
    main()
