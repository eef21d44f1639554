"""Growth of reading time with text length, on text without sentence punctuation.

Reads texts of 62.5 KB to 1 MB (doubling) of several hostile shapes — run-on words with
reporting verbs, capitalised runs, numbers and months, quoted cues, one endless word —
with ``storytrace.read.read_text`` in this process, and reports CPU seconds of this
process per size (``time.process_time``: other work on a shared machine does not count;
wall seconds are kept too) and the ratio of CPU time for each doubling (linear growth
gives ~2; quadratic ~4). The baseline is the
same script run on the earlier code: there, 250 KB of one line took ~96 s.

Usage: ``python bench/bench_read_growth.py [--max-kb 1000] [--shapes words,digits]``
Writes ``bench/results/read_growth.json``.
"""

from __future__ import annotations

import datetime as dt
import time

import common
from storytrace.read import read_text

#: Repeated units of each hostile shape (invented text, no sentence punctuation).
SHAPES = {
    "words": "the official said that he told the ministry people were there according to ",
    "names": "Alpha Beta Gamma Said Petra Holm Of The Northline Group Told Reuters ",
    "digits": "1 2 3 4 2024 April 5 and 300 men in May ",
    "quotes": '"he said" ',
    "oneword": "a",
}

WARM_UP = "Petra Holm of the Northline Group said in Oslo on April 5, 2024 that 300 men left."


def text_of(shape: str, size: int) -> str:
    unit = SHAPES[shape]
    return (unit * (size // len(unit) + 1))[:size]


def main() -> None:
    parser = common.base_parser(__doc__.split("\n")[0])
    parser.add_argument("--max-kb", type=int, default=1000)
    parser.add_argument("--shapes", default=",".join(SHAPES))
    args = parser.parse_args()
    published = dt.date(2025, 4, 15)
    read_text(WARM_UP, published)  # loads the gazetteers, kept out of the timings
    sizes = []
    size = args.max_kb * 1000
    while size >= 60_000:
        sizes.insert(0, size)
        size //= 2
    rows = {}
    for shape in args.shapes.split(","):
        seconds, wall = [], []
        for n in sizes:
            text = text_of(shape, n)
            cpu, started = time.process_time(), time.perf_counter()
            read_text(text, published)
            seconds.append(round(time.process_time() - cpu, 2))
            wall.append(round(time.perf_counter() - started, 2))
            line = f"{shape:8} {n:>9} chars {seconds[-1]:8.2f} s CPU ({wall[-1]} s wall)"
            print(line, flush=True)
        ratios = [round(b / a, 2) for a, b in zip(seconds, seconds[1:], strict=False) if a > 0]
        rows[shape] = {
            "chars": sizes,
            "seconds": seconds,
            "wall_seconds": wall,
            "doubling_ratio": ratios,
        }
    worst = max((r for row in rows.values() for r in row["doubling_ratio"]), default=None)
    result = {
        "shapes": rows,
        "worst_doubling_ratio": worst,
        "max_seconds_1mb": max(row["seconds"][-1] for row in rows.values()),
        "baseline": "earlier code: 250 KB of one line 96 s, 500 KB > 200 s (quadratic)",
    }
    print(f"worst doubling ratio {worst} (linear ~2, quadratic ~4)")
    print(f"wrote {common.write_result('read_growth', result)}")


if __name__ == "__main__":
    main()
