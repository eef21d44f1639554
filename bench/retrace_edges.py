"""Derivation edges of a ``bench_scale.py`` store traced again with this tree's code, and
how often a large story's neighbour prefilter keeps each copy's true source.

``bench_scale.py`` ingests, groups, traces and compares a whole generated corpus; to try
a change of the source choice or the prefilter only tracing has to run again. This script
reads the stored stories (their members as grouped, their stored fact sheets), runs
``trace_story`` on each (members in the order ``analyse_story`` gives them) and scores the
edges against the generator's truth as ``bench_scale.py`` does (``edge_scores``). It also
reports the prefilter's recall: of the true (source, copy) pairs inside one predicted story
of more than ``all_pairs_limit`` articles, how many the prefilter keeps, and how many
pairs it keeps (the alignments it costs), with the CPU seconds of the prefilter itself and
of the whole tracing.

``--cache FILE`` keeps alignments across runs (a pickle keyed by the two articles' ids and
the alignment options): a change to the source choice or the prefilter then aligns only
pairs not aligned before. CPU seconds are meaningful only without the cache.

    python bench/retrace_edges.py --root /tmp/h60/s1 --name h60-retrace-seed1
    python bench/retrace_edges.py --root /tmp/h60/s1 --cache /tmp/h60/s1/align.pkl
"""

from __future__ import annotations

import argparse
import json
import pickle
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench_scale import edge_scores
from common import write_result

ALIGNMENT_OPTIONS = (
    "seed_words", "merge_gap_words", "near_verbatim_ratio", "candidates",
    "paraphrase_weights", "paraphrase_bias", "paraphrase_threshold", "min_sentence_words",
)  # fmt: skip
"""The ``TraceOptions`` an alignment depends on (the cache key holds their values)."""


def stories(db: Path) -> Iterator[tuple[str, list[tuple[Any, Any]]]]:
    """Each stored story's members (article, fact sheet) in ``analyse_story``'s order."""
    from storytrace.pipeline import fact_sheet, stored_members
    from storytrace.store import Store

    with Store(db) as store:
        members = store.story_members()
        for story_id, ids in sorted(members.items()):
            stored = stored_members(store, ids)
            found = [(a, fact_sheet(a, facts)) for a, facts in stored]
            found.sort(key=lambda m: (m[0].metadata.published or "~", m[0].id))
            yield story_id, found


def file_names(db: Path) -> dict[str, str]:
    from storytrace.store import Store

    with Store(db) as store:
        rows = store.db.execute(
            "SELECT a.id, d.source FROM articles a JOIN documents d ON d.id = a.document_id"
        )
        return {a: Path(src.split("#")[0]).name for a, src in rows}


class CachedAlign:
    """``align_story`` answering from a pickle of earlier alignments, aligning the rest."""

    def __init__(self, path: Path | None, opts: Any) -> None:
        from storytrace.trace import derive

        self.path, self.derive, self.original = path, derive, derive.align_story
        self.key = tuple(getattr(opts, name) for name in ALIGNMENT_OPTIONS)
        self.cache: dict[tuple, Any] = {}
        if path and path.is_file():
            self.cache = pickle.loads(path.read_bytes())
        self.new = 0

    def __enter__(self) -> CachedAlign:
        if self.path:
            self.derive.align_story = self.align
        return self

    def __exit__(self, *exc: object) -> None:
        self.derive.align_story = self.original
        if self.path and self.new:
            self.path.write_bytes(pickle.dumps(self.cache))

    def align(self, texts, pairs, opts, memo=None):  # noqa: ANN001, ANN201 - align_story's signature
        wanted = list(pairs)
        missing = [p for p in wanted if (self.key, *p) not in self.cache]
        if missing:
            for pair, alignment in self.original(texts, missing, opts, memo).items():
                self.cache[(self.key, *pair)] = alignment
            self.new += len(missing)
        return {p: self.cache[(self.key, *p)] for p in wanted}


def retrace(root: Path, cache: Path | None, settings: dict[str, Any]) -> dict[str, Any]:
    from storytrace.trace import TraceOptions, trace_story
    from storytrace.trace.evidence import profile

    opts = replace(TraceOptions(), **settings)
    db, corpus = root / "scale-1000.db", root / "corpus-1000"
    lines = (corpus / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    truth = [json.loads(line) for line in lines]
    articles = {r["file"]: r for r in truth if r["kind"] == "article"}
    file_of = file_names(db)
    edges: set[tuple[str, str, str]] = set()
    alternatives: dict[str, set[str]] = {}
    aligned: set[tuple[str, str]] = set()
    prefilter = {"true_pairs": 0, "kept": 0, "pairs": 0, "stories": 0, "cpu_s": 0.0}
    cpu = 0.0
    with CachedAlign(cache, opts) as aligner:
        for _, members in stories(db):
            started = time.process_time()
            trace = trace_story(members, opts)
            cpu += time.process_time() - started
            for d in trace.derivations:
                if d.derived_from:
                    direction = d.direction.value if d.direction else "unknown"
                    edges.add((file_of[d.article_id], file_of[d.derived_from], direction))
                if d.alternatives:
                    alternatives[file_of[d.article_id]] = {
                        file_of[a.article_id] for a in d.alternatives
                    }
            aligned |= {(file_of[a.source_id], file_of[a.copy_id]) for a in trace.alignments}
            if len(members) > opts.all_pairs_limit:
                _count_prefilter(members, opts, file_of, articles, prefilter, profile)
        new = aligner.new
    prefilter["recall"] = round(prefilter["kept"] / max(1, prefilter["true_pairs"]), 4)
    prefilter["cpu_s"] = round(prefilter["cpu_s"], 2)
    return {
        "root": str(root),
        "settings": settings,
        "trace_cpu_s": round(cpu, 1),
        "cached": cache is not None,
        "aligned_now": new,
        "prefilter": prefilter,
        "derivation_edges": edge_scores(articles, edges, alternatives, aligned),
        "edges": sorted(edges),
        "aligned": sorted(aligned),
    }


def _count_prefilter(members, opts, file_of, articles, counts, profile) -> None:  # noqa: ANN001
    """Add one large story's prefilter figures to ``counts``: true (source, copy) pairs,
    how many of them are aligned, and how many ordered pairs are (the alignments)."""
    from storytrace.trace.derive import _pairs_to_align

    outlets = sorted({a.metadata.outlet for a, _ in members if a.metadata.outlet})
    profiles = [profile(a, s, outlets) for a, s in members]
    started = time.process_time()
    wanted = _pairs_to_align(profiles, opts) or set()
    counts["cpu_s"] += time.process_time() - started
    ids = {file_of[p.id]: p.id for p in profiles}
    for name, article_id in ids.items():
        source = articles[name]["derived_from"]
        if source in ids:
            counts["true_pairs"] += 1
            pair = (ids[source], article_id)
            counts["kept"] += pair in wanted or frozenset(pair) in wanted  # older code: unordered
    counts["pairs"] += sum(1 if isinstance(p, tuple) else 2 for p in wanted)
    counts["stories"] += 1


def _setting(item: str) -> tuple[str, Any]:
    name, _, value = item.partition("=")
    return name, json.loads(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, required=True, help="a bench_scale.py --root")
    parser.add_argument("--cache", type=Path, help="a pickle of alignments to reuse")
    parser.add_argument(
        "--set", action="append", default=[], metavar="NAME=JSON",
        help="a TraceOptions field other than its default, e.g. neighbours=6",
    )  # fmt: skip
    parser.add_argument("--name", help="write bench/results/NAME.json")
    parser.add_argument("--dump", type=Path, help="write the edges and alignments here")
    args = parser.parse_args()
    result = retrace(args.root, args.cache, dict(map(_setting, args.set)))
    edges = result["derivation_edges"]
    summary = {
        "decided_precision": edges["decided_precision"],
        "linked_recall": edges["linked_recall"],
        "by_size": {k: v["decided_precision"] for k, v in edges["by_story_size"].items()},
        "wrong": edges["wrong_source"],
        "prefilter": result["prefilter"],
        "trace_cpu_s": result["trace_cpu_s"],
        "aligned_now": result["aligned_now"],
    }
    print(json.dumps(summary, indent=1))
    edges_and_aligned = {k: result.pop(k) for k in ("edges", "aligned")}
    if args.dump:
        args.dump.write_text(json.dumps(edges_and_aligned), encoding="utf-8")
    if args.name:
        write_result(args.name, result)


if __name__ == "__main__":
    main()
