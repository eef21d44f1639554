"""Speed of the whole reading stage: ``read_text`` articles per second on one core.

Generates ``--n`` invented news articles of ~5 KB (paragraphs from the templates and word
lists below: attributed quotes, anonymous officials, records, hedges, denials, credits,
ages, ranks, numbers, dates), then times ``storytrace.read.read_text`` on them in this
single process (one core). The one-time gazetteer load is timed apart (``warmup_s``).

Usage: ``python bench/bench_read_speed.py [--n 500] [--seed 7] [--relation-model CHOICE]
[--texts article-extraction]``
Writes ``bench/results/read_speed.json``.
``--texts article-extraction`` reads the articles of the real news pages of
``../shared/bench/article-extraction`` instead, as HTML ingest extracts and cleans them
(``-article-extraction`` is added to the result's name).

``--relation-model finetuned`` measures the optional model path against the default in the
same process (torch on one thread; the model's load counts in ``warmup_s``): the articles
go in chunks of ``read.READ_BATCH``, and each chunk is read in turn by the model-free
default (``read_text`` on each), by the model path article by article (``read_text`` on
each) and by the model path in bulk (``read_texts`` on the chunk, as ingest reads), so all
three see the same load. Writes ``read_speed-CHOICE.json``.

``--base SRC --rounds R`` also times another tree's code (e.g. main's, from
``git archive main src | tar -x -C /tmp/base``) on the same articles: R rounds, each
timing SRC then this tree, each in a fresh process (one core each, never at the same
time), and reports both CPU rates per round and the speed-up. On a shared machine only
this same-run comparison means something.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import common
from storytrace.read import ReadOptions, read_text

FIRST = "Mara Tomas Ilse Jonas Petra Viktor Anneli Ruben Sofia Emil Karin Oskar Lena Pavel".split()
LAST = "Vinter Edvik Brandt Holm Lund Kask Ilves Rask Norden Falk Berg Strand Aalto Koivu".split()
CITIES = "Oslo Helsinki Tallinn Riga Gdansk Varna Odesa Bergen Turku Aarhus".split()
COUNTRIES = "Norway Finland Estonia Latvia Poland Bulgaria Denmark Sweden".split()
ORGS = [
    "Northern Fleet Supply Directorate",
    "Baltic Shipping Authority",
    "Varna Naval Academy",
    "Institute of Maritime Research",
    "Nordic Ferry Company",
    "Ministry of Transport",
]
OUTLETS = ["Reuters", "Bloomberg", "the Associated Press", "AFP"]
RANKS = ["colonel", "lieutenant-colonel", "major", "captain"]
RECORDS = ["port logs", "tax records", "insurance filings", "booking records", "crew manifests"]
MONTHS = "January February March April May June July August September October November".split()

TEMPLATES = [
    "{name}, {age}, a {role} at the {org}, said the {thing} had been {state} since {month}.",
    "A senior {country_adj} transport official, who requested anonymity, said {n} {things} "
    "were moved to {city} on {month} {day}.",
    "The {thing} left {city} for {city2} on {month} {day}, according to {records} seen by "
    "the paper.",
    "{outlet_cap} reported on {weekday} that {n} {things} had been seized in {country}.",
    "The paper was unable to determine who owned the {thing}, and couldn't verify the claims.",
    "{n} of the {m} crew members denied they had been to {city}, while one declined to comment.",
    "{last} works as deputy head of {dept} at the {org}, {records} for {year} show.",
    "The {thing} reportedly carried {n},{k}00 tonnes of {cargo} worth ${money} million.",
    '"This is a dangerous moment for the whole coast," said {name}, a {rank} in the reserve.',
    "{name2}, a {rank}, has worked at the {org} since {year}, according to {records}.",
    "Officials in {city} said the {thing} may have been {state} by late {month}.",
    "The {org} didn't respond to a request for comment on {weekday}.",
    "The {n} engineers were booked to travel from {city} to {city2} about {km} km ({miles} miles) "
    "away, according to {outlet}.",
]
WORDS = {
    "role": ["pilot", "engineer", "professor", "analyst", "harbour master"],
    "thing": ["ferry", "tanker", "barge", "crane", "shipment", "convoy"],
    "things": ["containers", "barges", "trucks", "crates", "engines"],
    "state": ["damaged", "inspected", "repaired", "detained", "abandoned"],
    "dept": ["logistics", "navigation", "procurement", "safety"],
    "cargo": ["grain", "fertiliser", "timber", "diesel"],
    "country_adj": ["Estonian", "Latvian", "Finnish", "Polish"],
    "weekday": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
}


def sentence(rng: random.Random) -> str:
    template = rng.choice(TEMPLATES)
    outlet = rng.choice(OUTLETS)
    values = {k: rng.choice(v) for k, v in WORDS.items()}
    values.update(
        name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        name2=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        last=rng.choice(LAST),
        age=rng.randint(25, 70),
        org=rng.choice(ORGS),
        city=rng.choice(CITIES),
        city2=rng.choice(CITIES),
        country=rng.choice(COUNTRIES),
        month=rng.choice(MONTHS),
        day=rng.randint(1, 28),
        year=rng.randint(2015, 2024),
        n=rng.randint(2, 9),
        m=rng.randint(10, 20),
        k=rng.randint(1, 9),
        money=rng.randint(2, 90),
        km=rng.randint(5, 400),
        miles=rng.randint(3, 250),
        records=rng.choice(RECORDS),
        rank=rng.choice(RANKS),
        outlet=outlet,
        outlet_cap=outlet[0].upper() + outlet[1:],
    )
    return template.format(**values)


def article(rng: random.Random, size: int = 5000) -> str:
    parts = [f"{rng.choice(WORDS['thing']).title()} Seized Off {rng.choice(CITIES)}", ""]
    while sum(len(p) + 1 for p in parts) < size:
        parts.append(" ".join(sentence(rng) for _ in range(rng.randint(2, 4))))
        parts.append("")
    return "\n".join(parts)


#: What ``--texts`` reads.
TEXTS = ("generated", "article-extraction")


def bench_texts(
    kind: str, n: int, seed: int = 7, shared: Path = common.REPO.parent / "shared"
) -> list[tuple[str, dt.date | None]]:
    """``n`` texts to read and their publication dates: generated articles (``seed``), or
    the articles of article-extraction's pages (at most ``n``)."""
    if kind == "generated":
        rng = random.Random(seed)
        return [(article(rng), dt.date(2024, 6, 1)) for _ in range(n)]
    pages = common.article_extraction_texts(shared)
    found = [(text, published) for _, text, published in itertools.islice(pages, n)]
    if not found:
        raise SystemExit(f"no article-extraction pages under {shared}")
    return found


def main() -> None:
    parser = common.base_parser(__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--base", type=Path, help="another tree's src folder to time too")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of base, then this tree")
    parser.add_argument(
        "--json", action="store_true", help="print one JSON timing, write nothing (for --base)"
    )
    parser.add_argument("--relation-model", help="read with this relation model (e.g. finetuned)")
    parser.add_argument("--name", help="the result file's name (default: from the options)")
    parser.add_argument(
        "--texts",
        choices=TEXTS,
        default=TEXTS[0],
        help="generated articles (default), or the first --n articles of the real news pages "
        "of ../shared/bench/article-extraction, extracted and cleaned as HTML ingest does "
        "(extraction not timed)",
    )
    args = parser.parse_args()
    if args.base:
        compare(args)
        return
    dated = bench_texts(args.texts, args.n, args.seed, args.shared)
    articles = [text for text, _ in dated]
    options = ReadOptions(relation_model=args.relation_model)
    started = time.perf_counter()
    read_text(*dated[0], options=options)
    warmup = time.perf_counter() - started
    if args.relation_model:
        model_against_default(args, dated, options, warmup)
        return
    times = []
    cpu = time.process_time()
    for text, published in dated:
        t0 = time.perf_counter()
        read_text(text, published, options=options)
        times.append(time.perf_counter() - t0)
    cpu = time.process_time() - cpu  # this process only: the figure on a shared machine
    total = sum(times)
    result = {
        "texts": args.texts,
        "articles": len(articles),
        "mean_bytes": round(statistics.mean(len(a.encode()) for a in articles)),
        "articles_per_s": round(len(articles) / total, 1),
        "cpu_articles_per_s": round(len(articles) / cpu, 1),
        "ms_per_article_median": round(1000 * statistics.median(times), 2),
        "ms_per_article_p95": round(1000 * sorted(times)[int(0.95 * len(times))], 2),
        "warmup_s": round(warmup, 2),
        "target_articles_per_s": 50,
        "cores": 1,
        "relation_model": "features (default)",
        "claims_read_by_relation_model": relation_claims(dated),
    }
    if args.json:  # one timing for compare(): no result file
        print(json.dumps(result))
        return
    print(
        f"{args.n} articles of ~{result['mean_bytes']} bytes: {result['articles_per_s']} "
        f"articles/s on one core ({result['cpu_articles_per_s']} per CPU second; "
        f"median {result['ms_per_article_median']} ms, "
        f"p95 {result['ms_per_article_p95']} ms; gazetteer warm-up {result['warmup_s']} s)"
    )
    print(f"wrote {common.write_result(result_name(args, None), result)}")


def model_against_default(
    args, dated: list[tuple[str, dt.date | None]], options: ReadOptions, warmup: float
) -> None:  # noqa: ANN001
    """CPU seconds of the default, the model path per article and the model path in bulk,
    chunk by chunk in turn (see the module docstring)."""
    import torch  # the model path on one core, like the rest (set after its load)

    from storytrace.read import READ_BATCH, read_texts  # here: --base trees may lack them
    from storytrace.read.relation_adapter import fast_bfloat16

    torch.set_num_threads(1)
    default = ReadOptions()
    cpu = {"default": 0.0, "model_per_article": 0.0, "model_bulk": 0.0}
    readers = {
        "default": lambda chunk: [read_text(t, p, default) for t, p in chunk],
        "model_per_article": lambda chunk: [read_text(t, p, options) for t, p in chunk],
        "model_bulk": lambda chunk: read_texts(chunk, options),
    }
    for start in range(0, len(dated), READ_BATCH):
        chunk = dated[start : start + READ_BATCH]
        for name, read in readers.items():
            t0 = time.process_time()
            read(chunk)
            cpu[name] += time.process_time() - t0
    articles = [text for text, _ in dated]
    rates = {name: round(len(articles) / seconds, 1) for name, seconds in cpu.items()}
    result = {
        "texts": args.texts,
        "articles": len(articles),
        "mean_bytes": round(statistics.mean(len(a.encode()) for a in articles)),
        "relation_model": args.relation_model,
        "cpu_articles_per_s": rates["model_bulk"],
        "default_cpu_articles_per_s": rates["default"],
        "model_per_article_cpu_articles_per_s": rates["model_per_article"],
        "model_ms_per_article": round(
            1000 * (cpu["model_bulk"] - cpu["default"]) / len(articles), 2
        ),
        "bulk_to_default": round(rates["model_bulk"] / rates["default"], 3),
        "read_batch": READ_BATCH,
        "encoder": "bfloat16" if fast_bfloat16() else "float32 (no native bfloat16 here)",
        "warmup_s": round(warmup, 2),
        "load_avg_1min": os.getloadavg()[0],
        "target_articles_per_s": 50,
        "cores": 1,
        "claims_read_by_relation_model": relation_claims(dated),
    }
    print(
        f"{len(articles)} articles, articles per CPU second: default {rates['default']}, "
        f"model path {rates['model_bulk']} in bulk ({READ_BATCH} at a time), "
        f"{rates['model_per_article']} article by article"
    )
    print(f"wrote {common.write_result(result_name(args, args.relation_model), result)}")


def result_name(args, relation_model: str | None) -> str:  # noqa: ANN001
    if args.name:
        return args.name
    name = f"read_speed-{relation_model}" if relation_model else "read_speed"
    return name if args.texts == TEXTS[0] else f"{name}-{args.texts}"


def relation_claims(dated: list[tuple[str, dt.date | None]]) -> dict[str, float]:
    """How many claims per article there are, and how many get a relation reading (those
    :func:`storytrace.read.relation.states_relation` lets through to the model)."""
    claims = related = 0
    for text, published in dated[:50]:
        sheet = read_text(text, published)
        claims += len(sheet.claims)
        related += sum(c.relation is not None for c in sheet.claims)
    n = min(len(dated), 50)
    return {"claims_per_article": round(claims / n, 1), "read_per_article": round(related / n, 1)}


def compare(args) -> None:  # noqa: ANN001
    """Alternate timings of ``args.base`` and this tree in fresh processes."""
    trees = {"base": args.base.resolve(), "this": Path(__file__).resolve().parent.parent / "src"}
    rates: dict[str, list[float]] = {name: [] for name in trees}
    runs = []
    for r in range(args.rounds):
        for name, src in trees.items():
            env = dict(os.environ, PYTHONPATH=str(src))
            cmd = [sys.executable, __file__, "--n", str(args.n), "--seed", str(args.seed)]
            cmd += ["--texts", args.texts, "--shared", str(args.shared)]
            out = subprocess.run(cmd + ["--json"], env=env, check=True, capture_output=True)
            timing = json.loads(out.stdout.decode().strip().splitlines()[-1])
            rates[name].append(timing["cpu_articles_per_s"])
            runs.append({"round": r + 1, "tree": name, **timing})
            print(f"round {r + 1} {name}: {timing['cpu_articles_per_s']} articles per CPU second")
    speedups = [t / b for b, t in zip(rates["base"], rates["this"], strict=True)]
    result = {
        "texts": args.texts,
        "articles": runs[-1]["articles"],
        "base": str(args.base),
        "base_cpu_articles_per_s": rates["base"],
        "cpu_articles_per_s": rates["this"],
        "speedup_per_round": [round(x, 3) for x in speedups],  # this tree's rate / base's
        "speedup_median": round(statistics.median(speedups), 3),
        "load_avg_1min": os.getloadavg()[0],
        "target_articles_per_s": 50,
        "cores": 1,
        "runs": runs,
    }
    print(
        f"this tree {rates['this']} vs base {rates['base']} articles per CPU second; "
        f"median speed-up {result['speedup_median']}x"
    )
    print(f"wrote {common.write_result(result_name(args, None), result)}")


if __name__ == "__main__":
    main()
