"""``storytrace run`` with this tree and another (``--base``, e.g. main's ``src`` from
``git archive``) on the same input, every file it writes compared byte for byte.

Each tree runs in a fresh process (its ``PYTHONPATH`` the tree's ``src``, ``--workers
1``) into its own output folder; then every file of the two folders except the store
(``storytrace.db``, whose pages differ with timing) must be identical: the dossiers in
every format (their JSON holds the stories, derivation edges, facts and findings), the
index, the article report and ``dossiers.json``. For the generated corpora, whose
analyses ``compare_phases.py`` compares on an ingested store, this covers the real seed
articles (``../shared/corpus/seeds``) the same way.

    python bench/check_run_identical.py --base /tmp/base/src ../shared/corpus/seeds
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
STORE = "storytrace.db"


def run(src: Path, inputs: list[str], out: Path) -> float:
    """CPU seconds of the child that ran ``storytrace run`` with the tree at ``src``."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    command = [sys.executable, "-m", "storytrace", "run", *inputs, "-o", str(out)]
    before = os.times()
    subprocess.run([*command, "--workers", "1"], check=True, capture_output=True, env=env)
    after = os.times()
    spent = after.children_user + after.children_system
    return spent - before.children_user - before.children_system


def files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and p.name != STORE}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", help="what `storytrace run` reads")
    parser.add_argument("--base", type=Path, required=True, help="the other tree's src")
    args = parser.parse_args()
    inputs = [str(Path(p).resolve()) for p in args.inputs]
    with tempfile.TemporaryDirectory(prefix="storytrace-identical-") as tmp:
        base, head = Path(tmp) / "base", Path(tmp) / "head"
        cpu = {"base": run(args.base, inputs, base), "head": run(HERE.parent / "src", inputs, head)}
        names_base, names_head = files(base), files(head)
        common = sorted(names_base & names_head)
        _, different, errors = filecmp.cmpfiles(base, head, common, shallow=False)
    result: dict[str, Any] = {
        "inputs": args.inputs,
        "files": len(common),
        "only_in_one": sorted(names_base ^ names_head),
        "different": different + errors,
        "cpu_s": {k: round(v, 2) for k, v in cpu.items()},
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    result["identical"] = not result["only_in_one"] and not result["different"]
    print(json.dumps(result, indent=1))
    sys.exit(0 if result["identical"] else 1)


if __name__ == "__main__":
    main()
