"""Helpers shared by the benchmark scripts: paths, result files, memory, metrics."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import json
import os
import platform
import re
import resource
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
PACKAGES = ("storytrace", "trafilatura", "lxml", "htmldate", "charset-normalizer")


def base_parser(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--shared",
        type=Path,
        default=REPO.parent / "shared",
        help="the shared data folder (default: <repo>/../shared)",
    )
    parser.add_argument(
        "--group",
        action="append",
        metavar="NAME=VALUE",
        help="a grouping option other than its default (repeatable), e.g. cohesion_margin=2",
    )
    return parser


def group_options(settings: list[str] | None) -> Any:
    """``GroupOptions`` with ``NAME=VALUE`` settings (``--group cohesion_margin=2``), each
    value read as the field's type: ``none`` is None, ``true``/``false`` a bool, else the
    default's type (a float where the default is None)."""
    from dataclasses import replace

    from storytrace.group import GroupOptions

    defaults = GroupOptions()
    values: dict[str, Any] = {}
    for item in settings or []:
        name, _, value = item.partition("=")
        if not hasattr(defaults, name):
            sys.exit(f"error: GroupOptions has no field {name!r}")
        default = getattr(defaults, name)
        values[name] = _option_value(value, default)
    return replace(defaults, **values)


def _option_value(value: str, default: Any) -> Any:
    if value.lower() == "none":
        return None
    if isinstance(default, bool):
        return value.lower() in ("true", "1", "yes")
    return float(value) if default is None else type(default)(value)


def shared_dir(shared: Path, *parts: str) -> Path:
    """``shared/parts...``, or exit with a message saying what is missing and how to fix it."""
    path = shared.joinpath(*parts)
    if not path.exists():
        sys.exit(
            f"error: {path} not found. These benchmarks need the shared data folder "
            f"(../shared next to the repository); pass its location with --shared DIR."
        )
    return path


def write_result(name: str, data: dict[str, Any]) -> Path:
    """Write ``bench/results/NAME.json`` with the run's context around ``data``."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{name}.json"
    record = {
        "benchmark": name,
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "packages": package_versions(),
        **data,
    }
    out.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return out


def package_versions() -> dict[str, str | None]:
    versions: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident set size so far, in MB (Linux reports ``ru_maxrss`` in KB)."""
    kb = resource.getrusage(who).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


# --- data sets -----------------------------------------------------------------------


def article_extraction_pages(root: Path) -> Iterator[tuple[str, bytes, str]]:
    """``(page id, html bytes, ground-truth body)`` for every page of article-extraction."""
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    for page_id in sorted(truth):
        html = gzip.decompress((root / "html" / f"{page_id}.html.gz").read_bytes())
        yield page_id, html, truth[page_id]["articleBody"]


def article_extraction_texts(shared: Path) -> Iterator[tuple[str, str, dt.date | None]]:
    """``(article id, clean text, publication date)`` of the articles of article-extraction's
    pages, extracted and cleaned as HTML ingest does (real news text: curly quotes, dashes,
    accented names). Nothing when the data set is absent."""
    from storytrace.clean import clean
    from storytrace.config import Config
    from storytrace.ingest import extract_page
    from storytrace.model import Document, Metadata, Page
    from storytrace.pipeline import published_date, with_publication_date

    root = shared / "bench" / "article-extraction"
    if not (root / "ground-truth.json").is_file():
        return
    settings = Config().clean
    for page_id, html, _ in article_extraction_pages(root):
        page = Page(page_id, "html", html.decode("utf-8", errors="replace"), Metadata())
        doc = extract_page(page)
        if isinstance(doc, Document):
            for article in clean(doc, settings):
                article = with_publication_date(article)
                yield article.id, article.clean_text, published_date(article.metadata.published)


def trafilatura_eval_pages(root: Path) -> Iterator[tuple[str, bytes, dict[str, Any]]]:
    """``(url, html bytes, {"with": [...], "without": [...]})`` for trafilatura-eval."""
    data = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    for url in sorted(data):
        entry = data[url]
        html = gzip.decompress((root / "html" / f"{entry['file']}.gz").read_bytes())
        yield url, html, entry


def load_reference_output(path: Path) -> dict[str, str]:
    """A reference system's output, plain or wrapped in ``{"output": ...}``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data = data.get("output", data) if isinstance(data.get("output"), dict) else data
    return {key: (value or {}).get("articleBody") or "" for key, value in data.items()}


# --- metrics -------------------------------------------------------------------------

TOKEN = re.compile(r"\w+")
SPACE = re.compile(r"\s+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = TOKEN.findall(text or "")
    if 0 < len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def shingle_pr(truth: str, predicted: str) -> tuple[float, float]:
    """Per-page precision and recall of \\w+ 4-gram shingles (article-extraction metric)."""
    gold, pred = shingles(truth), shingles(predicted)
    tp = sum((gold & pred).values())
    fp = sum(pred.values()) - tp
    fn = sum(gold.values()) - tp
    if fp == 0 and fn == 0:
        return 1.0, 1.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall


def mean_prf(pairs: list[tuple[float, float]]) -> dict[str, float]:
    """Mean precision and recall over pages, F1 from the means."""
    if not pairs:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0, "pages": 0}
    p = sum(x for x, _ in pairs) / len(pairs)
    r = sum(y for _, y in pairs) / len(pairs)
    return {"precision": p, "recall": r, "f1": f1(p, r), "pages": len(pairs)}


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def normalise_space(text: str) -> str:
    return SPACE.sub(" ", text or "").strip()


def segment_counts(text: str, entry: dict[str, Any]) -> dict[str, int]:
    """TP/FN/FP/TN of one trafilatura-eval page: 'with' segments found, 'without' found."""
    flat = normalise_space(text)
    found_with = sum(normalise_space(s) in flat for s in entry["with"])
    found_without = sum(normalise_space(s) in flat for s in entry["without"])
    return {
        "tp": found_with,
        "fn": len(entry["with"]) - found_with,
        "fp": found_without,
        "tn": len(entry["without"]) - found_without,
    }


def segment_scores(counts: list[dict[str, int]]) -> dict[str, float]:
    total = Counter[str]()
    for c in counts:
        total.update(c)
    tp, fn, fp, tn = total["tp"], total["fn"], total["fp"], total["tn"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    acc = (tp + tn) / (tp + fn + fp + tn) if counts else 0.0
    return {"precision": p, "recall": r, "f1": f1(p, r), "accuracy": acc, "pages": len(counts)}


# --- memory of a process tree ----------------------------------------------------------


class TreePeak:
    """The largest summed RSS of this process and its descendants, sampled from /proc."""

    def __init__(self, every: float = 0.2) -> None:
        self.peak = 0
        self.every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreePeak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.peak = max(self.peak, tree_rss(os.getpid()))

    @property
    def mb(self) -> float:
        return self.peak / 2**20


def tree_rss(root: int) -> int:
    parents: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                stat = Path(f"/proc/{name}/stat").read_text()
                parents[int(name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, todo = {root}, [root]
    while todo:
        pid = todo.pop()
        kids = [p for p, parent in parents.items() if parent == pid]
        tree.update(kids)
        todo += kids
    return sum(_rss(pid) for pid in tree)


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGESIZE")
    except (OSError, IndexError, ValueError):
        return 0


@contextlib.contextmanager
def timed_calls(
    module: Any,
    name: str,
    clock: Callable[[], float] = time.process_time,
    done: Callable[[float], None] | None = None,
) -> Iterator[dict[str, float]]:
    """Count the ``clock`` seconds spent in ``module.name`` while the block runs, in the
    yielded ``{"seconds": ...}``; ``done`` gets the running total after each call. The
    original function is put back afterwards."""
    timing = {"seconds": 0.0}
    original = getattr(module, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = clock()
        try:
            return original(*args, **kwargs)
        finally:
            timing["seconds"] += clock() - start
            if done is not None:
                done(timing["seconds"])

    setattr(module, name, timed)
    try:
        yield timing
    finally:
        setattr(module, name, original)


def check_ungrouped(db: Path) -> None:
    """Stop with a clear message when the store holds nothing to group and analyse (a
    ``bench_scale.py`` store is analysed already: ingest the corpus alone instead)."""
    from storytrace.store import Store

    if not db.is_file():
        sys.exit(f"{db}: no such store")
    with Store(db) as store:
        if not store.count_ungrouped():
            sys.exit(
                f"{db}: no article waits for grouping, so there is nothing to compare; "
                "use a store that is ingested but not analysed (profile_phases.py's ingest)"
            )
