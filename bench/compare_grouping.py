"""Grouping CPU and instructions of this tree against another (``--base``, e.g. main's
``src`` from ``git archive``), on copies of one ingested store, with the stories compared.

Each round runs ``pipeline._group`` (what ``update_stories`` runs first) in a fresh child
process per tree, base first, on a copy of ``--db``, and reports its CPU seconds; every
round's story members must be the same for both trees. With ``--callgrind``, one more
child per tree counts the instructions of ``_group`` alone (valgrind's callgrind, between
two marker calls as ``bench_read_instructions.py`` does).

    python bench/compare_grouping.py --base /tmp/base/src --db /tmp/ingested-1000.db
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import check_ungrouped, write_result

HERE = Path(__file__).resolve().parent
_CHILD = "--child"


def child(db: Path) -> None:
    """Group the store at ``db`` between the two markers; print CPU seconds and stories."""
    from storytrace import pipeline
    from storytrace.config import Config
    from storytrace.store import Store

    with Store(db) as store:
        config = Config()
        start = time.process_time()
        os.getppid()  # callgrind zeroes its counters here
        after, _ = pipeline._group(store, config)
        os.getpgrp()  # ... and writes them out here
        seconds = time.process_time() - start
    stories = sorted(sorted(members) for members in after.values())
    print(json.dumps({"cpu_s": seconds, "stories": stories}))


def run_tree(src: Path, db: Path, work: Path, callgrind: bool = False) -> dict[str, Any]:
    """One child on a fresh copy of ``db``: its CPU seconds and stories, or its
    instructions under callgrind."""
    copy = work / "work.db"
    shutil.copy(db, copy)
    env = {**os.environ, "PYTHONPATH": f"{src}{os.pathsep}{HERE}"}
    command = [sys.executable, str(HERE / "compare_grouping.py"), _CHILD, str(copy)]
    out = work / "callgrind.out"
    if callgrind:
        command = [
            "valgrind",
            "--tool=callgrind",
            "--zero-before=os_getppid",
            "--dump-before=os_getpgrp",
            f"--callgrind-out-file={out}",
            *command,
        ]
    done = subprocess.run(command, check=True, capture_output=True, text=True, env=env)
    copy.unlink()
    result = dict(json.loads(done.stdout.strip().splitlines()[-1]))
    if callgrind:
        summary = re.search(r"^summary:\s+(\d+)", Path(f"{out}.1").read_text(), re.MULTILINE)
        result["instructions"] = int(summary.group(1)) if summary else None
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, help="the other tree's src")
    parser.add_argument("--db", type=Path, help="an ingested store (not changed)")
    parser.add_argument("--head", type=Path, default=HERE.parent / "src", help="default: here")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--callgrind", action="store_true", help="count instructions too")
    parser.add_argument("--name", default="compare_grouping")
    parser.add_argument(_CHILD, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    if not args.base or not args.db:
        parser.error("--base and --db are required")
    check_ungrouped(args.db)
    trees = {"base": args.base.resolve(), "head": args.head.resolve()}
    rounds, same = [], True
    with tempfile.TemporaryDirectory(prefix="storytrace-grouping-") as tmp:
        work = Path(tmp)
        for _ in range(args.rounds):
            done = {name: run_tree(src, args.db, work) for name, src in trees.items()}
            same = same and done["base"]["stories"] == done["head"]["stories"]
            rounds.append({name: r["cpu_s"] for name, r in done.items()})
            rounds[-1]["load"] = os.getloadavg()[0]
            print(json.dumps(rounds[-1]), flush=True)
        counted = {}
        if args.callgrind:
            counted = {name: run_tree(src, args.db, work, True) for name, src in trees.items()}
            same = same and counted["base"]["stories"] == counted["head"]["stories"]
    speedups = [round(r["base"] / r["head"], 3) for r in rounds]
    result: dict[str, Any] = {
        "base": str(args.base),
        "rounds": rounds,
        "stories_identical": same,
        "speedup_per_round": speedups,
        "median_speedup": statistics.median(speedups) if speedups else None,
    }
    if counted:
        result["instructions"] = {name: r["instructions"] for name, r in counted.items()}
        result["instruction_ratio"] = round(
            counted["head"]["instructions"] / counted["base"]["instructions"], 4
        )
    print(json.dumps({k: v for k, v in result.items() if k != "rounds"}, indent=1))
    print(f"wrote {write_result(args.name, result)}")


if __name__ == "__main__":
    main()
