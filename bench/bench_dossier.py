"""Dossier build time for a 20-article and a 200-article story.

Generates one invented story per size: an original report (from the template below,
with invented names, ages, numbers and dates) and copies of it or of earlier copies,
each keeping most sentences, with drift (a changed number, a dropped hedge, reworded
verbs, an added line, sometimes a credit to its source). The articles go into a
temporary store through ``ingest_paths`` + ``update_stories`` (timed, but reported
apart); then ``build_dossier`` and ``render_dossier(..., "html")`` are timed on the
largest story (best of ``--repeat`` runs).

Usage: ``python bench/bench_dossier.py [--sizes 20 200] [--repeat 3] [--seed 5]``
Writes ``bench/results/dossier.json``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import re
import tempfile
import time
from pathlib import Path
from typing import Any

import common
from storytrace.ingest import load_sidecar
from storytrace.pipeline import ingest_paths, update_stories
from storytrace.report.dossier import build_dossier, render_dossier
from storytrace.store import Store

ORIGINAL = """Ferry operator skipped hull checks on Quillon crossing, logs show

PORT ELSBY, March 4 (Harrow Dispatch) - Inspectors for the Quillon Ferry Company signed off
14 sailings on the Elsby crossing without the hull checks the maritime code requires,
according to maintenance logs reviewed by Harrow Dispatch.

The logs show that the vessel Marisol Grey sailed 14 times in January with a cracked ballast
tank, which engineers had reported on January 9.

Chief engineer Ottilie Brandvold, 51, wrote in the log that the crack was "reportedly
widening" and asked for the ship to be withdrawn.

The company's operations director, Casimir Dalgren, 58, overruled her on January 11, the
logs show.

A maritime authority spokeswoman, Renske Aalto, said the authority had opened an inquiry and
that the vessel may be suspended.

Harrow Dispatch could not independently verify whether passengers were told of the fault.

The Marisol Grey carries up to 620 passengers and 85 cars on the 40-kilometre crossing.

Dalgren said in a statement that "safety was never compromised" and that the crack was
within tolerance.

Two former deckhands, who asked not to be named, said the crew had been told not to discuss
the tank.

The company was fined 210,000 euros in 2022 for a separate breach of the code.

The inquiry is expected to report by the end of April, Aalto said.
"""
"""The original report; paragraphs are hard-wrapped here and unwrapped by :func:`original`."""

OUTLETS = """Tallow Courier|Brisk Harbour Post|Northgate Ledger|Viewpoint Daily|Saltmarsh Herald|
Quayside Times|Eastmoor Gazette|Lantern Wire|Shoreline Record|Compass Bulletin""".split("|")
SWAPS = [
    ("signed off", "approved"), ("reviewed by", "seen by"), ("asked for", "called for"),
    ("overruled", "overrode"), ("said", "told reporters"), ("expected to", "due to"),
]  # fmt: skip
DRIFT = [
    ("14 sailings", "16 sailings"), ("51,", "52,"), ("620 passengers", "650 passengers"),
    ("\"reportedly widening\"", "widening"), ("may be suspended", "will be suspended"),
    ("January 11", "January 12"), ("210,000 euros", "250,000 euros"),
]  # fmt: skip
ADDED = [
    "Critics have long questioned how the crossing is regulated.",
    "The crossing is the only link to the islands in winter.",
    "Passenger groups called the findings alarming.",
]


def original() -> str:
    return "\n\n".join(" ".join(p.split()) for p in ORIGINAL.split("\n\n")) + "\n"


def generate(n: int, rng: random.Random) -> list[tuple[str, str, str]]:
    """``n`` articles as (outlet, published ISO time, text), the original first."""
    start = dt.datetime(2025, 3, 4, 8, 0, tzinfo=dt.UTC)
    articles = [("Harrow Dispatch", start.isoformat(), original())]
    for i in range(1, n):
        parent_outlet, _, parent = articles[0] if rng.random() < 0.7 else rng.choice(articles)
        outlet = f"{rng.choice(OUTLETS)} {i}"
        text = _derive(parent, parent_outlet, rng)
        published = start + dt.timedelta(hours=2 + i * 1.5 + rng.random())
        articles.append((outlet, published.isoformat(), text))
    return articles


def _derive(text: str, source: str, rng: random.Random) -> str:
    title, *paragraphs = [p for p in text.split("\n\n") if p.strip()]
    kept = [p for p in paragraphs if rng.random() < 0.85] or paragraphs[:3]
    if rng.random() < 0.5:
        kept = [re.sub(r"^[A-Z ]+, March 4 \([^)]*\) - ", "", kept[0]), *kept[1:]]
    for old, new in rng.sample(SWAPS, 2) + rng.sample(DRIFT, rng.randint(0, 2)):
        kept = [p.replace(old, new, 1) for p in kept]
    if rng.random() < 0.4:
        kept.insert(rng.randint(1, len(kept)), rng.choice(ADDED))
    if rng.random() < 0.5:
        kept.append(f"The logs were first reported by {source}.")
    return "\n\n".join([title.replace("logs show", rng.choice(["records show", "report"])), *kept])


def write_corpus(folder: Path, articles: list[tuple[str, str, str]]) -> Path:
    rows = []
    for i, (outlet, published, text) in enumerate(articles):
        name = f"{i:04d}.txt"
        (folder / name).write_text(text, encoding="utf-8")
        rows.append({"file": name, "outlet": outlet, "url": "", "published": published})
    meta = folder / "meta.csv"
    with meta.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=["file", "outlet", "url", "published"])
        writer.writeheader()
        writer.writerows(rows)
    return meta


def run(size: int, repeat: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed + size)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        meta = write_corpus(corpus, generate(size, rng))
        with Store(Path(tmp) / "bench.db") as store:
            t0 = time.perf_counter()
            ingest_paths([str(corpus)], store, sidecar=load_sidecar(str(meta)))
            t1 = time.perf_counter()
            update_stories(store)
            t2 = time.perf_counter()
            stories = store.stories()
            story = max(stories, key=lambda s: s["article_count"])
            builds, renders, size_html = [], [], 0
            for _ in range(repeat):
                a = time.perf_counter()
                dossier = build_dossier(store, story["id"])
                b = time.perf_counter()
                size_html = len(render_dossier(dossier, "html").encode("utf-8"))
                builds.append(b - a)
                renders.append(time.perf_counter() - b)
    return {
        "articles_generated": size,
        "articles_in_story": story["article_count"],
        "stories": len(stories),
        "discrepancies": len(dossier["discrepancies"]),
        "ingest_s": round(t1 - t0, 2),
        "update_stories_s": round(t2 - t1, 2),
        "build_dossier_s": round(min(builds), 3),
        "render_html_s": round(min(renders), 3),
        "dossier_s": round(min(builds) + min(renders), 3),
        "html_kb": round(size_html / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20, 200])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    results = []
    for size in args.sizes:
        result = run(size, args.repeat, args.seed)
        print(result)
        results.append(result)
    path = common.write_result(
        "dossier", {"seed": args.seed, "repeat": args.repeat, "runs": results}
    )
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
