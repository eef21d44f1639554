"""Whether two versions of the reading stage give byte-identical fact sheets.

Reads the same texts with this tree's ``storytrace`` and with another source tree's (run
in a subprocess with that tree first on ``PYTHONPATH``), then compares the JSON of every
``FactSheet.to_dict()``. A speed change of the reading stage must leave every sheet
identical. The texts: the demo corpus and the seed articles (cleaned as ``storytrace``
ingests them; the seeds also with ``--published 2025-04-15``), the sample of
``bench_read_speed.py``, the real news pages of article-extraction (extracted and cleaned
as HTML ingest does), PolNeAR dev and test (``--polnear-train`` adds train) and
TempEval-3 (test and train, each with its document date).

    git archive main src | tar -x -C /tmp/base
    python bench/check_read_identical.py --base /tmp/base/src

Exit status 0 when every sheet is identical, 1 otherwise (the first differences are
printed). ``--dump FILE`` only writes this tree's sheets (one JSON line per text).
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import random
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import common

#: How many differing texts are printed in full detail.
SHOWN = 5


def texts(shared: Path, polnear_train: bool) -> Iterator[tuple[str, str, dt.date | None]]:
    """(key, clean text, publication date) of every text the check reads."""
    from storytrace import demo
    from storytrace.ingest import load_sidecar
    from storytrace.pipeline import published_date, read_paths

    sidecar = load_sidecar(str(demo.META_FILE))
    inputs = [("demo", [str(demo.CORPUS_DIR)], sidecar, None)]
    seeds = shared / "corpus" / "seeds"
    if seeds.is_dir():
        inputs.append(("seeds", [str(seeds)], None, None))
        inputs.append(("seeds@2025-04-15", [str(seeds)], None, dt.date(2025, 4, 15)))
    for name, paths, meta, published in inputs:
        for item in _articles(paths, meta, published, read_paths):
            article = item[0]
            key = f"{name}/{Path(article.source).name}#{article.part}"
            yield key, article.clean_text, published_date(article.metadata.published)
    yield from _bench_sample()
    yield from _article_extraction(shared)
    yield from _polnear(shared, polnear_train)
    yield from _tempeval(shared)


def _articles(paths, meta, published, read_paths) -> Iterator:  # noqa: ANN001
    """The cleaned articles under ``paths`` (the sheet ``read_paths`` makes is dropped:
    the check reads each text again through ``read_text``)."""
    for item in read_paths(paths, sidecar=meta, published=published):
        if isinstance(item, tuple):
            yield item


def _bench_sample() -> Iterator[tuple[str, str, dt.date | None]]:
    import bench_read_speed

    rng = random.Random(7)
    for i in range(300):
        yield f"bench/{i}", bench_read_speed.article(rng), dt.date(2024, 6, 1)


def _article_extraction(shared: Path) -> Iterator[tuple[str, str, dt.date | None]]:
    for article_id, text, published in common.article_extraction_texts(shared):
        yield f"article-extraction/{article_id}", text, published


def _polnear(shared: Path, train: bool) -> Iterator[tuple[str, str, dt.date | None]]:
    archive = shared / "bench" / "polnear" / "polnear_text_attributions.tar.gz"
    if not archive.is_file():
        return
    parts = ("dev/", "test/", "train/") if train else ("dev/", "test/")
    with tarfile.open(archive) as tar:
        for member in sorted(tar.getmembers(), key=lambda m: m.name):
            if member.isfile() and "/text/" in member.name and member.name.startswith(parts):
                data = tar.extractfile(member).read().decode("utf-8")  # type: ignore[union-attr]
                yield f"polnear/{member.name}", data, None


def _tempeval(shared: Path) -> Iterator[tuple[str, str, dt.date | None]]:
    import eval_dates

    if not (shared / eval_dates.ARCHIVE).is_file():
        return
    for part in ("test", "train"):
        for doc in eval_dates.load_docs(shared, part):
            yield f"tempeval/{part}/{doc.name}", doc.text, doc.dct


def dump(out: Path, shared: Path, polnear_train: bool) -> tuple[int, float]:
    """Write one line ``key \\t sheet JSON`` per text; returns (texts, CPU s of reading)."""
    from storytrace.read import read_text

    cpu, count = 0.0, 0
    with gzip.open(out, "wt", encoding="utf-8") as f:
        for key, text, published in texts(shared, polnear_train):
            started = time.process_time()
            sheet = read_text(text, published)
            cpu += time.process_time() - started
            body = json.dumps(sheet.to_dict(), ensure_ascii=False, sort_keys=True)
            f.write(f"{key}\t{body}\n")
            count += 1
    return count, cpu


def load(path: Path) -> dict[str, str]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return dict(line.rstrip("\n").split("\t", 1) for line in f)


def differences(a: object, b: object, where: str = "") -> Iterator[str]:
    """The paths at which two JSON values differ, with both values."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            yield from differences(a.get(k), b.get(k), f"{where}.{k}")
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            yield from differences(x, y, f"{where}[{i}]")
    elif a != b:
        yield f"{where or '.'}: {json.dumps(a)[:300]} != {json.dumps(b)[:300]}"


def compare(base: dict[str, str], here: dict[str, str]) -> int:
    """Print the differences; returns how many texts differ."""
    missing = sorted(set(base) ^ set(here))
    if missing:
        print(f"texts in one run only: {missing[:10]}")
    differ = [k for k in base if k in here and base[k] != here[k]]
    for key in differ[:SHOWN]:
        print(f"DIFFERS {key}")
        for line in list(differences(json.loads(base[key]), json.loads(here[key])))[:8]:
            print(f"    {line}")
    return len(differ) + len(missing)


def _dump_in_subprocess(out: Path, src: Path | None, args) -> None:  # noqa: ANN001
    """Run ``--dump out`` in a fresh process, with ``src`` (if given) first on the path."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(src.resolve()), env.get("PYTHONPATH", "")])
    cmd = [sys.executable, __file__, "--dump", str(out), "--shared", str(args.shared)]
    cmd += ["--polnear-train"] if args.polnear_train else []
    subprocess.run(cmd, env=env, check=True)


def main() -> None:
    parser = common.base_parser(__doc__.split("\n")[0])
    parser.add_argument("--base", type=Path, help="the other tree's src folder")
    parser.add_argument("--dump", type=Path, help="only write this tree's sheets here")
    parser.add_argument("--polnear-train", action="store_true", help="also PolNeAR train")
    args = parser.parse_args()
    if args.dump:
        import storytrace

        count, cpu = dump(args.dump, args.shared, args.polnear_train)
        print(f"{count} texts read in {cpu:.1f} CPU s ({Path(storytrace.__file__).parent})")
        return
    if not args.base:
        parser.error("give --base SRC (or --dump FILE)")
    with tempfile.TemporaryDirectory() as tmp:
        files = {"base": Path(tmp) / "base.jsonl.gz", "here": Path(tmp) / "here.jsonl.gz"}
        for name, src in (("base", args.base), ("here", None)):
            print(f"{name}: ", end="", flush=True)
            _dump_in_subprocess(files[name], src, args)
        base, here = load(files["base"]), load(files["here"])
    differ = compare(base, here)
    print(f"{len(here)} texts, {differ} differ" + ("" if differ else ": all identical"))
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
