"""`storytrace run` at scale on generated corpora: time per phase, peak memory, quality.

For each size, ``generate_corpus.py`` writes a corpus (not timed), then a fresh child
process runs what ``storytrace run`` runs, timed per phase: ``ingest_paths`` on the
process pool (``--workers``, default one per core) and ``update_stories`` (grouping, then
tracing and comparing every story, also on the pool). Peak RSS is of the whole process
tree: a thread sums the resident memory of the child and all its descendants (from
``/proc``) every 0.2 s; ``ru_maxrss`` of the child and of its largest worker are recorded
too. The HTML/Markdown article report that ``run`` writes last is not timed. The
machine's 1-minute load average at the start, after ingest and at the end, and the CPU
seconds of the child process itself (not its workers) are recorded too: on a shared
machine, wall times of two runs compare only at like loads.

Quality against the generator's ``truth.jsonl``:

* story grouping: B³ precision/recall/F1 over articles;
* derivation edges: precision/recall of (copy, source) file pairs from the stories'
  ``derivations``, by story size, and what the wrong ones are (``edge_errors.py``);
* planted distortions: recall, overall and per type; one is found when a discrepancy of a
  matching type (below) in the distorted article overlaps the planted sentence;
* ``wire_copy_findings``: high-severity discrepancies on undistorted verbatim wire copies
  (every one is a false alarm).

    .venv/bin/python bench/bench_scale.py --sizes 1000 10000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import generate_corpus
from common import RESULTS, TreePeak, timed_calls, write_result
from edge_errors import wrong_source_kinds

MATCHING = {
    "number": {"number_changed"},
    "date": {"date_changed"},
    "name": {"entity_changed", "attribution_dropped", "attribution_strengthened", "distorted"},
    "role": {"entity_changed"},
    "hedge_dropped": {"hedge_dropped", "caveat_omitted", "distorted"},
    "loaded_words": {"loaded_language"},
}


# --- one size, in a child process ------------------------------------------------------


def run_one(corpus: Path, db: Path, workers: int | None) -> dict[str, Any]:
    from storytrace import pipeline
    from storytrace.ingest import load_sidecar
    from storytrace.pipeline import ingest_paths, update_stories
    from storytrace.store import Store

    db.unlink(missing_ok=True)
    result: dict[str, Any] = {"workers": workers or os.cpu_count()}
    load = {"start": os.getloadavg()[0]}
    with TreePeak() as peak, Store(db) as store:
        started, cpu = time.perf_counter(), time.process_time()
        report = ingest_paths(
            [str(corpus / "files")], store, sidecar=load_sidecar(str(corpus / "meta.csv")),
            workers=workers, keep_articles=False,
        )  # fmt: skip
        result["ingest_seconds"] = round(time.perf_counter() - started, 1)
        result["main_cpu_seconds"] = {"ingest": round(time.process_time() - cpu, 1)}
        load["after_ingest"] = os.getloadavg()[0]
        _partial(db, result, peak)
        started, cpu = time.perf_counter(), time.process_time()

        def grouped_so_far(seconds: float) -> None:
            _partial(db, result | {"grouping_seconds": round(seconds, 1)}, peak)

        with timed_calls(pipeline, "_group", time.perf_counter, grouped_so_far) as grouping:
            analysed = update_stories(store, workers=workers)
        result["stories_seconds"] = round(time.perf_counter() - started, 1)
        result["grouping_seconds"] = round(grouping["seconds"], 1)
        result["analysis_seconds"] = round(result["stories_seconds"] - grouping["seconds"], 1)
        result["main_cpu_seconds"]["stories"] = round(time.process_time() - cpu, 1)
        load["end"] = os.getloadavg()[0]
    # wall times of runs on a shared machine compare only at like loads (1-minute average)
    result["load_average"] = {k: round(v, 1) for k, v in load.items()}
    result |= {
        "added": report.added_count,
        "errors": len(report.errors),
        "stories_analysed": len(analysed),
        "peak_rss_tree_mb": round(peak.mb, 1),
        "peak_rss_main_mb": round(_maxrss(resource.RUSAGE_SELF), 1),
        "peak_rss_largest_worker_mb": round(_maxrss(resource.RUSAGE_CHILDREN), 1),
        "db_mb": round(db.stat().st_size / 2**20, 1),
    }
    return result


def _partial(db: Path, result: dict[str, Any], peak: TreePeak) -> None:
    """What is measured so far, beside the database: a run cut short by a timeout still
    leaves its ingest and grouping times."""
    data = result | {"peak_rss_tree_mb_so_far": round(peak.mb, 1)}
    db.with_suffix(".partial.json").write_text(json.dumps(data))


def _maxrss(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


# --- quality ---------------------------------------------------------------------------


def quality(corpus: Path, db: Path) -> dict[str, Any]:
    from storytrace.store import Store, _unpack

    lines = (corpus / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    truth = [json.loads(line) for line in lines]
    articles = {r["file"]: r for r in truth if r["kind"] == "article"}
    planted = [r for r in truth if r["kind"] == "distortion"]
    with Store(db) as store:
        file_of = {
            a: Path(src.split("#")[0]).name
            for a, src in store.db.execute(
                "SELECT a.id, d.source FROM articles a JOIN documents d ON d.id = a.document_id"
            )
        }
        predicted = {a: s for s, ids in store.story_members().items() for a in ids}
        gold = {a: articles[f]["story"] for a, f in file_of.items()}
        wanted = {r["file"] for r in planted} | {
            f for f, r in articles.items() if r["role"] == "wire_copy"
        }
        edges, findings, alternatives, aligned = set(), {}, {}, set()
        for (blob,) in store.db.execute("SELECT data FROM stories"):
            analysis = _unpack(blob)
            edges |= story_edges(analysis, file_of, wanted, findings, alternatives)
            aligned |= {
                (file_of[a["source_id"]], file_of[a["copy_id"]]) for a in analysis["alignments"]
            }
        texts = clean_texts(store, file_of, {r["file"] for r in planted})
    return {
        "b3": b_cubed(gold, predicted),
        "derivation_edges": edge_scores(articles, edges, alternatives, aligned),
        "distortions": distortion_recall(planted, findings, texts),
        "wire_copy_findings": wire_findings(articles, planted, findings),
    }


def story_edges(
    analysis: dict[str, Any],
    file_of: dict[str, str],
    wanted: set[str],
    findings: dict,
    alternatives: dict[str, set[str]] | None = None,
) -> set[tuple[str, str, str]]:
    """The story's derivation edges as (copy, source, direction) file triples (direction
    ``unknown`` for a link of unknown order); its findings on ``wanted`` files; into
    ``alternatives``, each copy's declared alternative sources (trace/3)."""
    for d in analysis["discrepancies"]:
        name = file_of.get(d["article"])
        if name in wanted:
            findings.setdefault(name, []).append((d["type"], d["severity"], tuple(d["span"])))
    for e in analysis["derivations"]:
        if alternatives is not None and e.get("alternatives"):
            others = {file_of[a["article"]] for a in e["alternatives"]}
            alternatives[file_of[e["article"]]] = others
    return {
        (file_of[e["article"]], file_of[e["derived_from"]], e.get("direction") or "unknown")
        for e in analysis["derivations"]
        if e["derived_from"]
    }


def clean_texts(store: Any, file_of: dict[str, str], files: set[str]) -> dict[str, str]:
    ids = [a for a, f in file_of.items() if f in files]
    found: dict[str, str] = {}
    for a in ids:
        (text,) = store.db.execute(
            "SELECT clean_text FROM article_texts WHERE id = ?", (a,)
        ).fetchone()
        found[file_of[a]] = found.get(file_of[a], "") + text
    return found


def b_cubed(gold: dict[str, str], predicted: dict[str, str]) -> dict[str, float]:
    by_gold: dict[str, set[str]] = {}
    by_pred: dict[str, set[str]] = {}
    for item in gold:
        by_gold.setdefault(gold[item], set()).add(item)
        by_pred.setdefault(predicted.get(item, "?" + item), set()).add(item)
    p = r = 0.0
    for item in gold:
        g, q = by_gold[gold[item]], by_pred[predicted.get(item, "?" + item)]
        both = len(g & q)
        p, r = p + both / len(q), r + both / len(g)
    p, r = p / len(gold), r / len(gold)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(_f1(p, r), 4)}


STORY_SIZES = ((1, 12), (13, 30), (31, 50))
"""Gold story sizes the edge precision is broken down by: a corpus's mix of small and
large stories moves its overall precision (large stories hold more ambiguous copies)."""


def edge_scores(
    articles: dict[str, dict],
    found: set[tuple[str, str, str]],
    alternatives: dict[str, set[str]] | None = None,
    aligned: set[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    """Edge precision and recall. ``decided_precision``: of the edges whose direction is
    decided (dated, credited, textual); ``linked_recall``: of the true edges, found as a
    decided edge or as a link of unknown order (either way round). ``precision`` and
    ``recall`` take every edge as directed, as before the unknown order existed.
    ``alternatives``: see :func:`alternative_scores`; ``aligned``: the (source, copy) file
    pairs of the stories' kept alignments (see ``edge_errors.py``)."""
    gold = {(f, r["derived_from"]) for f, r in articles.items() if r["derived_from"]}
    edges = {(c, s) for c, s, _ in found}
    same_story = {(c, s) for c, s in edges if articles[c]["story"] == articles[s]["story"]}
    p = len(edges & gold) / len(edges) if edges else 0.0
    r = len(edges & gold) / len(gold) if gold else 0.0
    reversed_ = len({(s, c) for c, s in edges} & gold)
    return {
        "precision": round(p, 4), "recall": round(r, 4), "f1": round(_f1(p, r), 4),
        "gold": len(gold), "predicted": len(edges), "reversed": reversed_,
        "within_gold_story": len(same_story),
        **_decided_and_linked(found, gold),
        "by_story_size": _edges_by_story_size(articles, found, gold, alternatives or {}),
        "wrong_source": wrong_source_kinds(articles, found, aligned),
        "alternatives": alternative_scores(articles, found, alternatives or {}),
    }  # fmt: skip


def alternative_scores(
    articles: dict[str, dict], found: set[tuple[str, str, str]], alternatives: dict[str, set[str]]
) -> dict[str, Any]:
    """How the declared alternatives (other sources the text cannot tell from the chosen
    one) stand: ``decided_precision_with_alternatives`` counts a decided edge right when
    the true source is its source or one of its alternatives (the strict
    ``decided_precision`` stays the headline); how many edges carry alternatives and how
    many, and of the strictly wrong edges, how many have the true source among them."""
    decided = [(c, s) for c, s, d in found if d != "unknown"]
    parent = {f: r["derived_from"] for f, r in articles.items()}
    with_alts = [c for c, _ in decided if alternatives.get(c)]
    wrong = [(c, s) for c, s in decided if parent[c] != s]
    sizes = [len(alternatives[c]) for c in with_alts]
    return {
        "edges_with_alternatives": len(with_alts),
        "mean_alternatives": round(sum(sizes) / len(sizes), 2) if sizes else 0.0,
        "wrong_with_true_source_among_alternatives": sum(
            1 for c, _ in wrong if parent[c] in alternatives.get(c, ())
        ),
        "right_with_alternatives": sum(1 for c, s in decided if parent[c] == s and c in with_alts),
        "decided_precision_with_alternatives": _with_alternatives(decided, parent, alternatives),
    }


def _with_alternatives(
    decided: list[tuple[str, str]], parent: dict[str, str | None], alternatives: dict
) -> float | None:
    if not decided:
        return None
    hit = sum(1 for c, s in decided if parent[c] == s or parent[c] in alternatives.get(c, ()))
    return round(hit / len(decided), 4)


def _decided_and_linked(
    found: set[tuple[str, str, str]], gold: set[tuple[str, str]]
) -> dict[str, Any]:
    decided = {(c, s) for c, s, d in found if d != "unknown"}
    linked = {frozenset((c, s)) for c, s, d in found if d == "unknown"}
    hit = {g for g in gold if g in decided or frozenset(g) in linked}
    return {
        "decided": len(decided),
        "unknown_order": len(linked),
        "decided_precision": round(len(decided & gold) / len(decided), 4) if decided else None,
        "linked_recall": round(len(hit) / len(gold), 4) if gold else None,
    }


def _edges_by_story_size(
    articles: dict[str, dict],
    found: set[tuple[str, str, str]],
    gold: set[tuple[str, str]],
    alternatives: dict[str, set[str]],
) -> dict[str, dict[str, Any]]:
    """Precision of the predicted edges, their share, decided-edge precision (strict and
    with alternatives) and linked recall, by the copy's gold story size."""
    parent = {f: r["derived_from"] for f, r in articles.items()}
    size = Counter(r["story"] for r in articles.values())
    edges = {(c, s) for c, s, _ in found}
    by_size: dict[str, dict[str, Any]] = {}
    for low, high in STORY_SIZES:
        inside = {r["story"] for r in articles.values() if low <= size[r["story"]] <= high}
        here = {e for e in found if articles[e[0]]["story"] in inside}
        pairs = {(c, s) for c, s, _ in here}
        gold_here = {g for g in gold if articles[g[0]]["story"] in inside}
        by_size[f"{low}-{high}"] = {
            "precision": round(len(pairs & gold) / len(pairs), 4) if pairs else 0.0,
            "share_of_edges": round(len(pairs) / len(edges), 4) if edges else 0.0,
            **_decided_and_linked(here, gold_here),
            "decided_precision_with_alternatives": _with_alternatives(
                [(c, s) for c, s, d in here if d != "unknown"], parent, alternatives
            ),
        }
    return by_size


def distortion_recall(planted: list[dict], findings: dict, texts: dict[str, str]) -> dict:
    by_type: dict[str, list[int]] = {}
    for record in planted:
        hit = _found(record, findings.get(record["file"], []), texts.get(record["file"], ""))
        by_type.setdefault(record["type"], [0, 0])[0] += hit
        by_type[record["type"]][1] += 1
    found = sum(h for h, _ in by_type.values())
    return {
        "recall": round(found / len(planted), 4) if planted else None,
        "planted": len(planted),
        "by_type": {t: round(h / n, 4) for t, (h, n) in sorted(by_type.items())},
    }


def _found(record: dict, findings: list, text: str) -> bool:
    start = text.find(record["text"])
    if start < 0:
        return False
    end = start + len(record["text"])
    return any(
        kind in MATCHING[record["type"]] and s < end and e > start for kind, _, (s, e) in findings
    )


def wire_findings(articles: dict[str, dict], planted: list[dict], findings: dict) -> dict:
    distorted = {r["file"] for r in planted}
    wires = [f for f, r in articles.items() if r["role"] == "wire_copy" and f not in distorted]
    high = sum(1 for f in wires for _, sev, _ in findings.get(f, []) if sev == "high")
    return {"wire_copies": len(wires), "high_severity_findings": high}


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


# --- driver ----------------------------------------------------------------------------


def prepare(size: int, root: Path, seed: int) -> Path:
    """The generated corpus of ``size`` articles under ``root``, generated again unless the
    one there was generated from ``seed`` (its ``seed`` file says)."""
    corpus = root / f"corpus-{size}"
    seed_file = corpus / "seed"
    generated_from = seed_file.read_text(encoding="utf-8").strip() if seed_file.is_file() else None
    if (corpus / "truth.jsonl").exists() and generated_from == str(seed):
        return corpus
    shutil.rmtree(corpus, ignore_errors=True)
    generate_corpus.generate(size, corpus / "files", seed)
    for name in ("truth.jsonl", "meta.csv"):
        (corpus / "files" / name).rename(corpus / name)
    seed_file.write_text(f"{seed}\n", encoding="utf-8")
    return corpus


def measure(size: int, args: argparse.Namespace) -> dict[str, Any]:
    corpus = prepare(size, args.root, args.seed)
    db = args.root / f"scale-{size}.db"
    command = [sys.executable, __file__, "--child", str(corpus), str(db)]
    if args.workers:
        command += ["--workers", str(args.workers)]
    child = subprocess.run(command, check=True, capture_output=True, text=True)
    result = {"articles": size, "seed": args.seed}
    result.update(json.loads(child.stdout.strip().splitlines()[-1]))
    result["articles_per_second"] = round(
        size / (result["ingest_seconds"] + result["stories_seconds"]), 1
    )
    started = time.perf_counter()
    result["quality"] = quality(corpus, db)
    result["quality_seconds"] = round(time.perf_counter() - started, 1)
    return result


def requality(name: str, root: Path) -> Path:
    """Score the stores of an earlier run again (after the scoring changed), keeping its
    timings; the file records when."""
    path = RESULTS / f"{name}.json"
    if not path.is_file():
        sys.exit(f"error: no earlier run {path} to score again")
    data = json.loads(path.read_text(encoding="utf-8"))
    for run in data["runs"]:
        size = run["articles"]
        if not (root / f"scale-{size}.db").is_file():
            sys.exit(f"error: the store of the {size:,}-article run is not under {root}")
        run["quality"] = quality(root / f"corpus-{size}", root / f"scale-{size}.db")
    data["quality_scored_again"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def growth(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Time growth per size step divided by size growth (1.0 = linear)."""
    steps = []
    for a, b in zip(runs, runs[1:], strict=False):
        size = b["articles"] / a["articles"]
        step = {"from": a["articles"], "to": b["articles"]}
        total = (b["ingest_seconds"] + b["stories_seconds"]) / (
            a["ingest_seconds"] + a["stories_seconds"]
        )
        step["total_seconds"] = round(total / size, 3)
        for phase in ("ingest_seconds", "grouping_seconds", "analysis_seconds", "stories_seconds"):
            step[phase] = round(b[phase] / a[phase] / size, 3) if a.get(phase) else None
        steps.append(step)
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, help="default: one per core")
    parser.add_argument("--root", type=Path, default=Path("/tmp/storytrace-scale"))
    parser.add_argument("--name", default="scale", help="result file name")
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--requality",
        action="store_true",
        help="Only score again the stores under --root that bench/results/NAME.json measured.",
    )
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(*args.child, args.workers)))
        return
    if args.requality:
        print("wrote", requality(args.name, args.root))
        return
    args.root.mkdir(parents=True, exist_ok=True)
    runs = []
    for size in args.sizes:  # written after every size, so a run cut short keeps its sizes
        runs.append(measure(size, args))
        print(json.dumps(runs[-1]), flush=True)
        data = {"runs": runs, "time_growth_vs_linear": growth(runs), "cpu_count": os.cpu_count()}
        print("wrote", write_result(args.name, data), flush=True)


if __name__ == "__main__":
    main()
