"""Instructions per article of ``read_text``, counted by valgrind's callgrind: a figure the
load of a shared machine does not move, next to the CPU timings of ``bench_read_speed.py``.

Each tree (``--base SRC`` and this one) runs in its own process under
``valgrind --tool=callgrind``: one warm-up read of another article (the gazetteer and the
models load there), then the first ``--n`` articles of ``bench_read_speed.py`` (same seed,
same texts). Only the instructions between the two marker calls ``os.getppid()`` and
``os.getpgrp()`` are counted (``--zero-before`` / ``--dump-before``), so start-up and
warm-up stay out. Needs ``valgrind`` on the PATH; a run of 40 articles takes a few
minutes per tree.

Usage: ``python bench/bench_read_instructions.py --base /tmp/base/src [--n 40]
[--texts article-extraction]`` (the first ``--n`` articles of article-extraction's real
pages in place of generated ones, as ``bench_read_speed.py --texts`` reads them).
Writes ``bench/results/read_instructions.json`` (``read_instructions-article-extraction.json``).
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


def child(n: int, texts: str, shared: Path) -> None:
    """Read ``n`` bench texts between the two marker calls callgrind counts between."""
    import bench_read_speed
    from storytrace.read import read_text

    dated = bench_read_speed.bench_texts(texts, n, 7, shared)
    warm_up = bench_read_speed.article(random.Random(1))
    read_text(warm_up, dt.date(2024, 6, 1))  # not counted
    os.getppid()  # callgrind zeroes its counters here
    for text, published in dated:
        read_text(text, published)
    os.getpgrp()  # ... and writes them out here


def count(
    src: Path, n: int, texts: str = "generated", shared: Path = common.REPO.parent / "shared"
) -> int:
    """Instructions of reading ``n`` texts (``bench_read_speed.bench_texts``) with the code
    in ``src``."""
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
            texts,
            str(shared),
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
    parser.add_argument(
        "--texts", default="generated", help="generated or article-extraction (bench_read_speed)"
    )
    parser.add_argument("--name", help="the result file's name (default: from --texts)")
    args = parser.parse_args()
    this = Path(__file__).resolve().parent.parent / "src"
    counts = {
        name: count(src, args.n, args.texts, args.shared)
        for name, src in (("base", args.base.resolve()), ("this", this))
    }
    result = {
        "texts": args.texts,
        "articles": args.n,
        "base": str(args.base),
        "instructions_per_article": {k: round(v / args.n) for k, v in counts.items()},
        "ratio": round(counts["this"] / counts["base"], 4),  # this tree's / base's
    }
    print(json.dumps(result, indent=1))
    default = "read_instructions" + ("" if args.texts == "generated" else f"-{args.texts}")
    name = args.name or default
    print(f"wrote {common.write_result(name, result)}")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == _CHILD:
        child(int(sys.argv[2]), sys.argv[3], Path(sys.argv[4]))
    else:
        main()
