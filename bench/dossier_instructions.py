"""Instructions of writing dossiers and the article report, this tree against another
(``--base``), counted by valgrind's callgrind (both trees at once) on one analysed store (e.g. the
``storytrace.db`` a ``run`` left), with every written file compared byte for byte.

Each tree runs in a fresh process under callgrind: one story's dossier is written first
(not counted: imports, template compiling), then, between marker calls, the dossiers of
every ``--every``-th story in all three formats (``write_story_files``), then the article
report (``write_report``), each counted apart. Instruction counts do not move with the
load of a shared machine, so the ratio can be read where CPU seconds cannot.

    python bench/dossier_instructions.py --base /tmp/base/src --db OUT/storytrace.db
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from common import write_result

_CHILD = "--child"
PARTS = ("dossiers", "report")


def child(db: str, out: str, every: int) -> None:
    from storytrace.report.articles import write_report
    from storytrace.report.files import FORMATS, write_story_files
    from storytrace.store import Store

    target = Path(out)
    target.mkdir(parents=True)
    with Store(db) as store:
        ids = [s["id"] for s in store.stories()]
        write_story_files(store, ids[-1], target, FORMATS)  # warm-up, not counted
        os.getppid()  # callgrind zeroes its counters here
        for story_id in ids[::every]:
            write_story_files(store, story_id, target, FORMATS)
        os.getpgrp()  # ... writes out the dossiers' count here
        write_report(target, store)
        os.getpgrp()  # ... and the report's here


def count(src: Path, db: Path, out: Path, every: int) -> dict[str, int]:
    """Instructions of each of :data:`PARTS` with the code in ``src``."""
    with tempfile.TemporaryDirectory() as tmp:
        record = Path(tmp) / "callgrind.out"
        env = dict(os.environ, PYTHONPATH=str(src))
        cmd = [
            "valgrind",
            "--tool=callgrind",
            "--zero-before=os_getppid",
            "--dump-before=os_getpgrp",
            f"--callgrind-out-file={record}",
            sys.executable,
            __file__,
            _CHILD,
            str(db),
            str(out),
            str(every),
        ]
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        return {part: _summary(Path(f"{record}.{k}")) for k, part in enumerate(PARTS, 1)}


def _summary(dump: Path) -> int:
    found = re.search(r"^summary:\s+(\d+)", dump.read_text(), re.MULTILINE)
    if found is None:
        raise RuntimeError(f"no summary line in {dump}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", type=Path, required=True, help="another tree's src folder")
    parser.add_argument("--db", type=Path, required=True, help="an analysed store")
    parser.add_argument("--every", type=int, default=4, help="count every N-th story")
    parser.add_argument("--work", type=Path, help="where the files are written (default: temp)")
    parser.add_argument("--name", default="dossier_instructions")
    args = parser.parse_args()
    this = Path(__file__).resolve().parent.parent / "src"
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        outs = {name: work / name for name in ("base", "this")}
        trees = {"base": args.base.resolve(), "this": this}
        with ThreadPoolExecutor(len(trees)) as pool:  # both at once: counts do not mix
            running = {
                name: pool.submit(count, src, args.db.resolve(), outs[name], args.every)
                for name, src in trees.items()
            }
            counts = {name: job.result() for name, job in running.items()}
        names = sorted(p.name for p in outs["base"].iterdir())
        _, different, missing = filecmp.cmpfiles(outs["base"], outs["this"], names, shallow=False)
    result = {
        "db": str(args.db),
        "every": args.every,
        "base": str(args.base),
        "instructions": counts,
        "ratio": {p: round(counts["this"][p] / counts["base"][p], 4) for p in PARTS},
        "files": len(names),
        "different": different + missing,
    }
    print(json.dumps(result, indent=1))
    print(f"wrote {write_result(args.name, result)}")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == _CHILD:
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        main()
