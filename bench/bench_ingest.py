"""Ingest throughput: read, clean and store N generated articles, as text and as HTML.

Generates N invented news articles (600-900 words each, from the templates and word lists
below, with scraping noise: a headline printed twice, a repeated photo caption, stray
lines, a mid-article heading and a related-posts footer), writes them to a temporary
directory once as ``.txt`` files and once as full HTML pages (nav, header, article, aside,
footer), then times ``storytrace.pipeline.ingest_paths([dir], Store(db), workers=W)`` for
each format in a fresh child process (``--workers``, default one per core, as ``storytrace
ingest`` runs). Peak memory is the summed RSS of the child and its workers. The
baseline, in that same child process, reads the same files and ``str.split``\\ s them;
``ingest / baseline`` is the ratio of the two times. With ``--workers 1`` everything runs
in the child and the seconds spent in each stage are recorded too.

Usage: ``python bench/bench_ingest.py [--n 10000] [--seed 7] [--workers W] [--keep DIR]``
Writes ``bench/results/ingest.json`` (``ingest-workers1.json`` with ``--workers 1``).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import common

FIRST = """Amara Bastien Corin Delphine Emrys Farida Goran Halvard Ilse Joaquin Kasimir Liora
Matthis Nadia Oskar Priya Quentin Rosalind Soren Tamsin Ulric Vesna Wendell Ximena Yusuf
Zelda Anselm Brielle Cassius Dorotea""".split()
LAST = """Arkwright Belmonte Castellan Dravik Eskola Fairbairn Galloway Hesketh Ivanova Jarrow
Kettering Lindqvist Marchetti Nyberg Okonkwo Pellegrino Quist Rasmussen Sandoval Thorne
Umberti Valcourt Whitlock Yardley Zamora""".split()
PLACES = """Veldmoor,Carrowick,Estrava,Lindenfall,Port Saline,Marrowgate,Oskarsholm,Tressau,
Brindlemere,Caldera Bay,Hollowfield,Norwen,Sarrat,Valmont Quarry,Ashcombe""".replace("\n", "")
PLACES = PLACES.split(",")
TOPICS: dict[str, dict[str, list[str]]] = {
    "energy": {
        "org": ["Northgrid Power", "the Tidewater Energy Board", "Solvane Utilities"],
        "noun": "turbine substation pipeline tariff reactor grid outage storage battery "
        "transmission line wind farm".split(),
        "verb": "approved delayed expanded suspended financed inspected".split(),
    },
    "health": {
        "org": ["the Carrowick General Hospital", "the Regional Health Authority", "Medivale"],
        "noun": "clinic vaccine ward screening programme waiting list outbreak nurse "
        "prescription trial".split(),
        "verb": "reopened funded reviewed extended halted audited".split(),
    },
    "transport": {
        "org": ["the Harbour Rail Company", "Skyreach Airways", "the Metro Transit Office"],
        "noun": "tram line runway ferry timetable bridge depot fleet fare toll tunnel".split(),
        "verb": "rerouted closed upgraded tendered cancelled modernised".split(),
    },
    "farming": {
        "org": ["the Growers' Cooperative", "Fieldmark Seeds", "the Land Ministry"],
        "noun": "harvest irrigation scheme grain silo orchard drought subsidy cattle market "
        "fertiliser".split(),
        "verb": "subsidised rationed restored insured surveyed abandoned".split(),
    },
    "courts": {
        "org": ["the Appeals Tribunal", "the Public Prosecutor's Office", "the Bar Council"],
        "noun": "verdict indictment hearing witness appeal settlement inquiry sentence "
        "contract dispute".split(),
        "verb": "postponed overturned upheld dismissed reopened challenged".split(),
    },
}
SENTENCES = [
    "{person}, who leads {org}, said the {noun} had been {verb} after months of talks.",
    "Officials in {place} {verb} the {noun} on {day}, according to a statement from {org}.",
    "The decision affects about {number} residents of {place} and the surrounding villages.",
    "\u201cWe did not expect the {noun} to take this long,\u201d {person} told reporters.",
    "{org} has not said when the {noun} in {place} will be ready.",
    "Critics, including {person}, argue that the {noun} was {verb} without enough scrutiny.",
    "A report published in {month} estimated the cost of the {noun} at {number} million.",
    "Residents of {place} gathered outside the offices of {org} on {day} evening.",
    "{person} declined to comment on whether the {noun} would be {verb} again.",
    "The {noun} was first proposed {number} years ago, when {person} was still in office.",
    "Neither {org} nor the council in {place} replied to requests for comment.",
    "Local traders said the {noun} had cost them customers since {month}.",
    "According to {person}, the {noun} near {place} could be {verb} within weeks.",
    "Documents seen by this newspaper show the {noun} was {verb} twice last year.",
    "In {place}, opinions are divided, and many people say they were never consulted.",
    "{org} said in {month} that the {noun} met every safety requirement.",
    "Some {number} complaints about the {noun} were filed with {org} this spring.",
    "{person}, a spokesperson for {org}, said the figures would be published on {day}.",
]
HEADINGS = ["What happens next", "A long dispute", "Money and delays", "Reaction in {place}"]
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = "January February March April May June July August September October".split()
STRAY = ["TT", "20", "news", "Topics", "Share"]


def make_article(rng: random.Random, topic: str | None = None) -> tuple[str, list[str]]:
    """An invented article: its headline and its lines (noise included), 600-900 words."""
    topic = topic or rng.choice(sorted(TOPICS))
    words = TOPICS[topic]
    people = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(4)]
    place, org, noun = rng.choice(PLACES), rng.choice(words["org"]), rng.choice(words["noun"])

    def sentence() -> str:
        text = rng.choice(SENTENCES).format(
            person=rng.choice(people), org=org, place=rng.choice([place, *PLACES[:6]]),
            noun=rng.choice([noun, *words["noun"]]), verb=rng.choice(words["verb"]),
            number=rng.randint(2, 900), day=rng.choice(DAYS), month=rng.choice(MONTHS),
        )  # fmt: skip
        return text[0].upper() + text[1:]

    headline = f"{place} {noun} {rng.choice(words['verb'])} as {org} faces questions"
    headline = headline[0].upper() + headline[1:]
    caption = f"The {noun} in {place} on {rng.choice(DAYS)}. Photo: {people[0]} / Reuters"
    body, target = [], rng.randint(600, 900)
    while sum(len(p.split()) for p in body) < target:
        body.append(" ".join(sentence() for _ in range(rng.randint(2, 4))))
    body.insert(len(body) // 2, rng.choice(HEADINGS).format(place=place))
    lines = [headline, caption, caption, rng.choice(STRAY), headline, *body]
    footer = [f"{rng.choice(PLACES)} {rng.choice(words['noun'])} {rng.choice(words['verb'])}"
              for _ in range(4)]  # fmt: skip
    return headline, [*lines, "Related posts", *footer]


def article_html(headline: str, lines: list[str], rng: random.Random) -> str:
    esc = html.escape
    nav = "".join(f'<li><a href="/{t.lower()}">{t}</a></li>' for t in sorted(TOPICS))
    body = lines[5:-5]
    paragraphs = "\n".join(
        f"<h2>{esc(p)}</h2>" if len(p.split()) < 6 else f"<p>{esc(p)}</p>" for p in body
    )
    related = "".join(f'<li><a href="/r/{i}">{esc(t)}</a></li>' for i, t in enumerate(lines[-4:]))
    day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(headline)} | The Valley Ledger</title>
<meta name="description" content="{esc(body[0][:150])}">
<meta property="article:published_time" content="{day}T08:00:00Z"></head>
<body><nav><ul>{nav}</ul></nav>
<header><a href="/">The Valley Ledger</a><form><input name="q"></form></header>
<main><article><h1>{esc(headline)}</h1><p class="byline">By {esc(lines[1].split(": ")[-1])}
<time datetime="{day}">{day}</time></p>
<figure><img src="/img/{rng.randint(1, 10**6)}.jpg"><figcaption>{esc(lines[1])}</figcaption>
</figure>
{paragraphs}
</article><aside><h3>Related posts</h3><ul>{related}</ul></aside></main>
<footer><p>&copy; 2025 The Valley Ledger. All rights reserved.</p>
<a href="/privacy">Privacy</a> <a href="/contact">Contact</a></footer></body></html>
"""


def generate(n: int, seed: int, root: Path) -> dict[str, dict[str, float]]:
    rng = random.Random(seed)
    stats: dict[str, dict[str, float]] = {}
    for fmt in ("text", "html"):
        (root / fmt).mkdir(parents=True)
        stats[fmt] = {"files": 0, "bytes": 0, "words": 0}
    for i in range(n):
        headline, lines = make_article(rng)
        text = "\n\n".join(lines) + "\n"
        page = article_html(headline, lines, rng)
        for fmt, content, ext in (("text", text, "txt"), ("html", page, "html")):
            data = content.encode("utf-8")
            (root / fmt / f"{i:06d}.{ext}").write_bytes(data)
            stats[fmt]["files"] += 1
            stats[fmt]["bytes"] += len(data)
            stats[fmt]["words"] += len(text.split())
    return stats


STAGES = (
    ("storytrace.ingest", "read_html", "trafilatura"),
    ("storytrace.pipeline", "clean", "clean"),
    ("storytrace.pipeline", "with_publication_date", "publication_date"),
    ("storytrace.pipeline", "read_article", "read"),
    ("storytrace.store", "Store.add_document", "store"),
)


def time_stages(totals: dict[str, float]) -> None:
    """Wrap each stage's function where the pipeline looks it up, adding its seconds up."""
    import importlib

    for module_name, attr, stage in STAGES:
        owner: Any = importlib.import_module(module_name)
        *path, name = attr.split(".")
        for part in path:
            owner = getattr(owner, part)
        if not hasattr(owner, name):
            continue  # the pipeline of this version has no such stage
        totals[stage] = 0.0
        setattr(owner, name, _timed(getattr(owner, name), stage, totals))


def _timed(func: Any, stage: str, totals: dict[str, float]) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            totals[stage] += time.perf_counter() - start

    return wrapper


def measure(directory: str, db: str, workers: int) -> dict[str, Any]:
    """Runs in a fresh child process: baseline, then the real ingest."""
    from storytrace.pipeline import ingest_paths
    from storytrace.store import Store

    stages: dict[str, float] = {}
    if workers == 1:
        time_stages(stages)

    start = time.perf_counter()
    tokens = 0
    for path in sorted(Path(directory).iterdir()):
        tokens += len(path.read_text(encoding="utf-8").split())
    baseline = time.perf_counter() - start
    start = time.perf_counter()
    with Store(db) as store, common.TreePeak() as peak:
        report = ingest_paths([directory], store, workers=workers, keep_articles=False)
        stored = store.count_articles()
    seconds = time.perf_counter() - start
    return {
        "workers": workers,
        "seconds": seconds,
        "baseline_seconds": baseline,
        "baseline_tokens": tokens,
        "articles_added": report.added_count,
        "articles_stored": stored,
        "errors": len(report.errors),
        **({"stage_seconds": {k: round(v, 2) for k, v in stages.items()}} if stages else {}),
        "db_megabytes": round(Path(db).stat().st_size / 1e6, 1),
        "peak_rss_tree_mb": round(peak.mb, 1),
    }


def run_format(directory: Path, db: Path, workers: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", str(directory), str(db), str(workers)]
    child = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(child.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = common.base_parser(__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="articles to generate")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="generate into DIR and keep it")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        directory, db, workers = args.child
        print(json.dumps(measure(directory, db, int(workers))))
        return
    root = args.keep or Path(tempfile.mkdtemp(prefix="storytrace-bench-"))
    try:
        started = time.perf_counter()
        stats = generate(args.n, args.seed, root)
        print(f"generated {args.n} articles x 2 formats in {time.perf_counter() - started:.1f}s")
        results: dict[str, Any] = {"n": args.n, "seed": args.seed, "formats": {}}
        for fmt in ("text", "html"):
            run = run_format(root / fmt, root / f"{fmt}.db", args.workers)
            mb = stats[fmt]["bytes"] / 1e6
            run.update(
                files=stats[fmt]["files"],
                megabytes=round(mb, 2),
                article_words_mean=round(stats[fmt]["words"] / args.n),
                articles_per_second=round(args.n / run["seconds"], 1),
                mb_per_second=round(mb / run["seconds"], 3),
                baseline_articles_per_second=round(args.n / run["baseline_seconds"], 1),
                ingest_over_baseline=round(run["seconds"] / run["baseline_seconds"], 1),
            )
            results["formats"][fmt] = run
            if "stage_seconds" in run:
                print(f"       stage seconds: {run['stage_seconds']} of {run['seconds']:.1f}s")
            print(f"{fmt:>5}: {run['articles_per_second']:8.1f} articles/s "
                  f"{run['mb_per_second']:7.3f} MB/s  peak RSS {run['peak_rss_tree_mb']:.0f} MB  "
                  f"baseline {run['baseline_articles_per_second']:.0f} articles/s "
                  f"(ingest {run['ingest_over_baseline']}x slower)  "
                  f"stored {run['articles_stored']} articles, {run['errors']} errors")  # fmt: skip
        name = "ingest" if args.workers > 1 else "ingest-workers1"
        print(f"wrote {common.write_result(name, {'workers': args.workers, **results})}")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
