"""Cleaning quality and cost against trafilatura alone, on two public extraction benchmarks.

For every page of ``article-extraction`` (Zyte) and ``trafilatura-eval`` this runs, in one
process and one pass:

* **trafilatura** = ``storytrace.ingest.html.read_html(...).text`` (``bare_extraction``
  as ``ingest.html.main_text`` calls it, with metadata: what storytrace ingests);
* **storytrace** = the same document through ``storytrace.clean.clean``: the clean text of
  part 0 (``part0``) and of all parts joined (``all``).

Metrics: article-extraction uses \\w+ 4-gram shingles (mean per-page P and R, F1 from the
means); trafilatura-eval counts its "with" / "without" segments found in the output. Both
stages are timed per page; the ratio clean / trafilatura is what cleaning adds.

Usage: ``python bench/eval_cleaning.py [--shared DIR] [--limit N] [--worst 15] [--name N]``
Writes ``bench/results/cleaning.json`` (``--name``: ``N.json``; no page text in it; the
printed diagnosis shows removed lines truncated to 80 characters, for reading only).
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import common
from storytrace.clean import clean, split_lines
from storytrace.errors import InputError
from storytrace.ingest.files import decode
from storytrace.ingest.html import read_html
from storytrace.model import Article, Document, RemovalReason

VARIANTS = ("trafilatura", "part0", "all")


@dataclass
class PageRun:
    """One page through both stages: texts, timings and what cleaning removed."""

    doc: Document | None
    articles: list[Article]
    traf_seconds: float
    clean_seconds: float
    texts: dict[str, str] = field(default_factory=dict)


def run_page(source: str, html: bytes) -> PageRun:
    try:
        text = decode(source, html)
        start = time.perf_counter()
        doc: Document | None = read_html(source, text)
    except InputError:
        doc, start = None, time.perf_counter()
    traf = time.perf_counter() - start
    start = time.perf_counter()
    articles = clean(doc) if doc is not None else []
    cleaning = time.perf_counter() - start
    run = PageRun(doc, articles, traf, cleaning)
    run.texts = {
        "trafilatura": doc.text if doc else "",
        "part0": articles[0].clean_text if articles else "",
        "all": "\n\n".join(a.clean_text for a in articles),
    }
    return run


def lost_lines(run: PageRun, score: Callable[[str], float]) -> list[tuple[str, str]]:
    """``(reason, line)`` of every cut whose return would raise the page's score of part 0.

    Each removed line is put back alone; text split off into later parts is put back as
    one block and reported as ``split_off`` with its lines."""
    if run.doc is None:
        return []
    if not run.articles:  # every line was cut: clean() returns no article at all
        return [("everything_removed", line.text) for line in split_lines(run.doc.text)]
    lines = split_lines(run.doc.text)
    keep = {seg.raw_start for seg in run.articles[0].segments}
    reasons = {
        r.span.start: r.reason.value
        for a in run.articles
        for r in a.removals
        if r.reason is not RemovalReason.SPLIT_OFF
    }
    split_off = {seg.raw_start for a in run.articles[1:] for seg in a.segments}

    def text_with(extra: set[int]) -> str:
        return "\n\n".join(ln.text for ln in lines if ln.start in keep or ln.start in extra)

    base = score(text_with(set()))
    out = [
        (reason, ln.text)
        for ln in lines
        if (reason := reasons.get(ln.start)) and score(text_with({ln.start})) > base
    ]
    if split_off and score(text_with(split_off)) > base:
        out.extend(("split_off", ln.text) for ln in lines if ln.start in split_off)
    return out


# --- article-extraction ----------------------------------------------------------------


def eval_article_extraction(args: Any, timings: dict[str, list[float]]) -> dict[str, Any]:
    root = common.shared_dir(args.shared, "bench", "article-extraction")
    pairs: dict[str, list[tuple[float, float]]] = {v: [] for v in VARIANTS}
    losses, splits = [], 0
    for n, (page_id, html, truth) in enumerate(common.article_extraction_pages(root)):
        if args.limit and n >= args.limit:
            break
        run = run_page(page_id, html)
        timings["traf"].append(run.traf_seconds)
        timings["clean"].append(run.clean_seconds)
        splits += len(run.articles) > 1
        scores = {v: common.shingle_pr(truth, run.texts[v]) for v in VARIANTS}
        for v in VARIANTS:
            pairs[v].append(scores[v])
        before, after = common.f1(*scores["trafilatura"]), common.f1(*scores["part0"])
        if after < before:
            cut = lost_lines(run, lambda text, t=truth: common.f1(*common.shingle_pr(t, text)))
            losses.append(_loss("article-extraction", page_id, before, after, cut))
    reference = common.load_reference_output(root / "reference-outputs" / "trafilatura.json")
    truth_all = {pid: body for pid, _, body in common.article_extraction_pages(root)}
    check = common.mean_prf(
        [common.shingle_pr(t, reference.get(k, "")) for k, t in truth_all.items()]
    )
    return {
        "scores": {v: common.mean_prf(pairs[v]) for v in VARIANTS},
        "metric_check_published_trafilatura": {**check, "published_f1": 0.958},
        "documents_split": splits,
        "losses": losses,
    }


# --- trafilatura-eval --------------------------------------------------------------------


def eval_trafilatura_eval(args: Any, timings: dict[str, list[float]]) -> dict[str, Any]:
    root = common.shared_dir(args.shared, "bench", "trafilatura-eval")
    counts: dict[str, list[dict[str, int]]] = {v: [] for v in VARIANTS}
    losses, splits = [], 0
    for n, (url, html, entry) in enumerate(common.trafilatura_eval_pages(root)):
        if args.limit and n >= args.limit:
            break
        run = run_page(url, html)
        timings["traf"].append(run.traf_seconds)
        timings["clean"].append(run.clean_seconds)
        splits += len(run.articles) > 1
        page = {v: common.segment_counts(run.texts[v], entry) for v in VARIANTS}
        for v in VARIANTS:
            counts[v].append(page[v])
        lost = [
            s
            for s in entry["with"]
            if common.normalise_space(s) in common.normalise_space(run.texts["trafilatura"])
            and common.normalise_space(s) not in common.normalise_space(run.texts["part0"])
        ]
        if lost:
            before = _page_f1(page["trafilatura"])
            after = _page_f1(page["part0"])
            cut = lost_lines(run, lambda text, e=entry: common.segment_counts(text, e)["tp"])
            losses.append(_loss("trafilatura-eval", url, before, after, cut, len(lost)))
    return {
        "scores": {v: common.segment_scores(counts[v]) for v in VARIANTS},
        "documents_split": splits,
        "losses": losses,
    }


def _page_f1(c: dict[str, int]) -> float:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    return common.f1(p, r)


def _loss(
    dataset: str,
    page: str,
    before: float,
    after: float,
    cut: list[tuple[str, str]],
    lost_segments: int | None = None,
) -> dict[str, Any]:
    loss: dict[str, Any] = {
        "dataset": dataset,
        "page": page,
        "f1_trafilatura": round(before, 4),
        "f1_storytrace": round(after, 4),
        "reasons": dict(Counter(reason for reason, _ in cut)),
        "_lines": cut,  # printed, never written
    }
    if lost_segments is not None:
        loss["with_segments_lost"] = lost_segments
    return loss


# --- report --------------------------------------------------------------------------------


def timing_summary(timings: dict[str, list[float]]) -> dict[str, Any]:
    traf, cleaning = sum(timings["traf"]), sum(timings["clean"])
    return {
        "pages": len(timings["traf"]),
        "trafilatura_seconds": round(traf, 3),
        "clean_seconds": round(cleaning, 3),
        "clean_over_trafilatura": round(cleaning / traf, 4) if traf else None,
        "clean_ms_per_page_median": round(statistics.median(timings["clean"]) * 1000, 3),
        "trafilatura_ms_per_page_median": round(statistics.median(timings["traf"]) * 1000, 3),
        "target_max_ratio": 0.25,
    }


def print_table(results: dict[str, Any]) -> None:
    print(f"\n{'dataset':<20} {'system':<26} {'P':>7} {'R':>7} {'F1':>7}")
    names = {"trafilatura": "trafilatura (read_html)", "part0": "storytrace part 0",
             "all": "storytrace all parts"}  # fmt: skip
    for dataset in ("article-extraction", "trafilatura-eval"):
        for v in VARIANTS:
            s = results[dataset]["scores"][v]
            print(f"{dataset:<20} {names[v]:<26} {s['precision']:7.4f} {s['recall']:7.4f} "
                  f"{s['f1']:7.4f}")  # fmt: skip
    check = results["article-extraction"]["metric_check_published_trafilatura"]
    print(f"\nmetric check: reference-outputs/trafilatura.json F1 = {check['f1']:.4f} "
          f"(published 0.958)")  # fmt: skip
    for key, t in results["timing"].items():
        print(
            f"timing {key}: trafilatura {t['trafilatura_seconds']:.1f}s, clean "
            f"{t['clean_seconds']:.2f}s, ratio {t['clean_over_trafilatura']:.3f} "
            "(target <= 0.25)"
        )


def print_worst(results: dict[str, Any], worst: int) -> None:
    for dataset in ("article-extraction", "trafilatura-eval"):
        losses = results[dataset]["losses"]
        total = Counter[str]()
        for loss in losses:
            total.update(loss["reasons"])
        print(f"\n== {dataset}: {len(losses)} pages lose F1; reasons cutting ground truth: "
              f"{dict(total.most_common())}")  # fmt: skip
        ranked = sorted(losses, key=lambda x: x["f1_storytrace"] - x["f1_trafilatura"])
        for loss in ranked[:worst]:
            print(f"- {loss['page'][:70]}  F1 {loss['f1_trafilatura']:.3f} -> "
                  f"{loss['f1_storytrace']:.3f}  {loss['reasons']}")  # fmt: skip
            for reason, line in loss["_lines"][:6]:
                print(f"    [{reason}] {common.normalise_space(line)[:80]!r}")


def main() -> None:
    parser = common.base_parser(__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages of each set")
    parser.add_argument("--worst", type=int, default=15, help="pages to print per data set")
    parser.add_argument("--name", default="cleaning", help="result file: results/NAME.json")
    args = parser.parse_args()
    run_page("warm-up", b"<html><body><article><p>Warm up the parser.</p></article></body></html>")
    results: dict[str, Any] = {"timing": {}}
    for name, func in (("article-extraction", eval_article_extraction),
                       ("trafilatura-eval", eval_trafilatura_eval)):  # fmt: skip
        timings: dict[str, list[float]] = {"traf": [], "clean": []}
        started = time.perf_counter()
        results[name] = func(args, timings)
        results["timing"][name] = timing_summary(timings)
        print(f"{name}: {len(timings['traf'])} pages in {time.perf_counter() - started:.1f}s")
    both = {k: sum(results["timing"][d][k] for d in ("article-extraction", "trafilatura-eval"))
            for k in ("trafilatura_seconds", "clean_seconds")}  # fmt: skip
    results["timing"]["total"] = {
        **{k: round(v, 3) for k, v in both.items()},
        "clean_over_trafilatura": round(both["clean_seconds"] / both["trafilatura_seconds"], 4),
    }
    print_table(results)
    print_worst(results, args.worst)
    for dataset in ("article-extraction", "trafilatura-eval"):
        for loss in results[dataset]["losses"]:
            del loss["_lines"]
    results["peak_rss_mb"] = round(common.peak_rss_mb(), 1)
    print(f"\nwrote {common.write_result(args.name, results)}")


if __name__ == "__main__":
    main()
