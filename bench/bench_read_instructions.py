"""Instructions per article of ``read_text``, counted by valgrind's callgrind: a figure the
load of a shared machine does not move, next to the CPU timings of ``bench_read_speed.py``.

Each tree (``--base SRC`` and this one) runs in its own process under
``valgrind --tool=callgrind``: one warm-up read of another article (the gazetteer and the
models load there), then the first ``--n`` articles of ``bench_read_speed.py`` (same seed,
same texts). Only the instructions between the two marker calls ``os.getppid()`` and
``os.getpgrp()`` are counted (``--zero-before`` / ``--dump-before``), so start-up and
warm-up stay out. Needs ``valgrind`` on the PATH; a run of 40 articles takes a few
minutes per tree.

Usage: ``python bench/bench_read_instructions.py --base /tmp/base/src [--n 40]``
Writes ``bench/results/read_instructions.json``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import common

#: The trees' processes run this file with ``--child N``.
_CHILD = "--child"


def child(n: int) -> None:
    """Read ``n`` bench articles between the two marker calls callgrind counts between."""
    import bench_read_speed
    from storytrace.read import read_text

    rng = random.Random(7)
    articles = [bench_read_speed.article(rng) for _ in range(n)]
    published = dt.date(2024, 6, 1)
    read_text(bench_read_speed.article(random.Random(1)), published)  # warm-up, not counted
    os.getppid()  # callgrind zeroes its counters here
    for text in articles:
        read_text(text, published)
    os.getpgrp()  # ... and writes them out here


def count(src: Path, n: int) -> int:
    """Instructions of reading ``n`` articles with the code in ``src``."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        env = dict(os.environ, PYTHONPATH=f"{src}{os.pathsep}{Path(__file__).parent}")
        cmd = [
            "valgrind",
            "--tool=callgrind",
            "--zero-before=os_getppid",
            "--dump-before=os_getpgrp",
            f"--callgrind-out-file={out}",
            sys.executable,
            __file__,
            _CHILD,
            str(n),
        ]
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        first = Path(f"{out}.1")  # the dump at os.getpgrp(): the reading alone
        summary = re.search(r"^summary:\s+(\d+)", first.read_text(), re.MULTILINE)
        if summary is None:
            raise RuntimeError(f"no summary line in {first}")
        return int(summary.group(1))


def main() -> None:
    parser = common.base_parser(__doc__.split("\n")[0])
    parser.add_argument("--base", type=Path, required=True, help="another tree's src folder")
    parser.add_argument("--n", type=int, default=40, help="articles read (after a warm-up)")
    args = parser.parse_args()
    this = Path(__file__).resolve().parent.parent / "src"
    counts = {"base": count(args.base.resolve(), args.n), "this": count(this, args.n)}
    result = {
        "articles": args.n,
        "base": str(args.base),
        "instructions_per_article": {k: round(v / args.n) for k, v in counts.items()},
        "ratio": round(counts["this"] / counts["base"], 4),  # this tree's / base's
    }
    print(json.dumps(result, indent=1))
    print(f"wrote {common.write_result('read_instructions', result)}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == _CHILD:
        child(int(sys.argv[2]))
    else:
        main()
