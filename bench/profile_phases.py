"""Where the CPU of ``storytrace run`` goes: a cProfile of ingest, grouping and analysis.

A ``generate_corpus.py`` corpus (``--articles``, not timed) is ingested in one process
(``workers=1``) into a store kept beside it, then grouped (``pipeline._group``) and
analysed (``update_stories``) on a copy of that store, each phase under cProfile (with
``--dossiers``, also writing every story's dossier in one process, ``write_dossiers``). With
``--reuse`` an existing ingested store is used again, so the analysis can be profiled
after each change without ingesting anew. Printed per phase: CPU ms per article and the
functions with the most own time (calls, own and cumulative seconds). Also counted: the
ordered article pairs aligned, by story size, per article (what grows faster than the
corpus when stories grow), and the same-pass quality of ``bench_scale.quality``. The
analyses' findings are written to ``--findings`` (sorted JSON lines) so two versions of
the code can be compared finding by finding.

    .venv/bin/python bench/profile_phases.py --articles 1000 --root /tmp/prof [--reuse]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import shutil
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench_scale import prepare, quality

SIZES = ((1, 12), (13, 30), (31, 50), (51, 10**9))


def profiled(work: Any, top: int) -> tuple[Any, float, list[dict[str, Any]]]:
    """``work()`` under cProfile: its value, CPU seconds and the ``top`` own-time rows
    (with ``top`` 0, no profile: CPU seconds only, without cProfile's overhead)."""
    if not top:
        start = time.process_time()
        value = work()
        return value, time.process_time() - start, []
    profile = cProfile.Profile(time.process_time)
    start = time.process_time()
    value = profile.runcall(work)
    cpu = time.process_time() - start
    stats = pstats.Stats(profile)
    rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:top]  # type: ignore[attr-defined]
    table = [
        {
            "function": f"{Path(file).name}:{line}:{name}",
            "calls": calls,
            "own_s": round(own, 2),
            "cumulative_s": round(cumulative, 2),
        }
        for (file, line, name), (_, calls, own, cumulative, _) in rows
    ]
    return value, cpu, table


def count_alignments() -> Counter[str]:
    """Count the ordered pairs tracing aligns, by the story's size, from now on (older
    code aligned one ordered pair per ``align`` call, newer code a story's pairs in one
    ``align_story`` call)."""
    import storytrace.story as story
    from storytrace.trace import derive

    counts: Counter[str] = Counter()
    calls = {"n": 0}
    original = derive.trace_story

    def counted(members: Any, options: Any = None) -> Any:
        n = len(members)
        band = next(f"{lo}-{hi}" if hi < 10**9 else f"{lo}+" for lo, hi in SIZES if n <= hi)
        before = calls["n"]
        result = original(members, options)
        counts[f"{band} pairs"] += calls["n"] - before
        counts[f"{band} articles"] += n
        return result

    name = "align_story" if hasattr(derive, "align_story") else "align"
    aligner = getattr(derive, name)

    def align_counted(*args: Any, **kwargs: Any) -> Any:
        found = aligner(*args, **kwargs)
        calls["n"] += len(found) if name == "align_story" else 1
        return found

    setattr(derive, name, align_counted)
    derive.trace_story = story.trace_story = counted
    return counts


def ingest(corpus: Path, db: Path, top: int) -> dict[str, Any]:
    from storytrace import pipeline
    from storytrace.ingest import load_sidecar
    from storytrace.store import Store

    db.unlink(missing_ok=True)
    with Store(db) as store:
        sidecar = load_sidecar(str(corpus / "meta.csv"))
        report, cpu, table = profiled(
            lambda: pipeline.ingest_paths(
                [str(corpus / "files")], store, sidecar=sidecar, workers=1, keep_articles=False
            ),
            top,
        )
    return {"articles": report.added_count, "cpu_s": round(cpu, 2), "top": table}


def stories(db: Path, top: int) -> dict[str, Any]:
    from storytrace import pipeline
    from storytrace.config import Config
    from storytrace.store import Store

    counts = count_alignments()
    with Store(db) as store:
        _, group_cpu, group_top = profiled(lambda: pipeline._group(store, Config()), top)
        done, cpu, table = profiled(lambda: pipeline.update_stories(store, workers=1), top)
    articles = sum(v for k, v in counts.items() if k.endswith("articles"))
    return {
        "grouping": {"cpu_s": round(group_cpu, 2), "top": group_top},
        "analysis": {"cpu_s": round(cpu, 2), "stories": len(done), "top": table},
        "aligned_pairs": dict(sorted(counts.items())),
        "aligned_pairs_per_article": round(
            sum(v for k, v in counts.items() if k.endswith("pairs")) / max(articles, 1), 2
        ),
    }


def dossiers(db: Path, out: Path, top: int) -> dict[str, Any]:
    """Every story's dossier (HTML, Markdown, JSON) written into ``out``, in this process."""
    from storytrace.report.files import write_dossiers
    from storytrace.store import Store

    shutil.rmtree(out, ignore_errors=True)
    with Store(db) as store:
        done, cpu, table = profiled(lambda: write_dossiers(store, out, workers=1), top)
    return {"cpu_s": round(cpu, 2), "written": done.written, "top": table}


def write_findings(db: Path, path: Path) -> int:
    """Every story's derivation edges and discrepancies, one sorted JSON line each."""
    from storytrace.store import Store

    lines = []
    with Store(db) as store:
        for story in store.stories():
            analysis = store.story(story["id"])  # facts live apart since store schema 9
            for d in analysis["derivations"]:
                lines.append(json.dumps({"edge": d}, sort_keys=True))
            for d in analysis["discrepancies"]:
                lines.append(json.dumps({k: v for k, v in d.items() if k != "id"}, sort_keys=True))
            for f in analysis["facts"]:
                lines.append(
                    json.dumps({"fact": {k: v for k, v in f.items() if k != "id"}}, sort_keys=True)
                )
    path.write_text("\n".join(sorted(lines)) + "\n", encoding="utf-8")
    return len(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--reuse", action="store_true", help="keep the ingested store")
    parser.add_argument("--top", type=int, default=25, help="rows per phase; 0: no cProfile")
    parser.add_argument("--findings", type=Path, help="write the findings here")
    parser.add_argument("--dossiers", type=Path, help="profile writing the dossiers here too")
    parser.add_argument("--out", type=Path, help="write the profile JSON here")
    args = parser.parse_args()
    args.root.mkdir(parents=True, exist_ok=True)
    corpus = prepare(args.articles, args.root, args.seed)
    ingested, db = args.root / f"ingested-{args.articles}.db", args.root / "work.db"
    result: dict[str, Any] = {"articles": args.articles, "seed": args.seed}
    if not (args.reuse and ingested.exists()):
        result["ingest"] = ingest(corpus, ingested, args.top)
    shutil.copy(ingested, db)
    result |= stories(db, args.top)
    if args.dossiers:
        result["dossiers"] = dossiers(db, args.dossiers, args.top)
    n = args.articles
    result["ms_per_article"] = {
        phase: round(1000 * result[phase]["cpu_s"] / n, 1)
        for phase in ("ingest", "grouping", "analysis", "dossiers")
        if phase in result
    }
    result["quality"] = quality(corpus, db)
    if args.findings:
        result["findings"] = write_findings(db, args.findings)
    text = json.dumps(result, indent=1)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
