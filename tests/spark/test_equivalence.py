"""Spark in ``local[2]`` and the single-machine path give the same stories, roles and
discrepancies on a generated corpus of ~500 articles (skipped without pyspark or Java).

The corpus comes from the small generator below: stories of 1–8 articles (an original,
verbatim copies, partial rewrites with a changed number, paraphrases), JSONL files in
publication order. ``bench/generate_corpus.py`` (used by ``bench/bench_spark.py``) makes
stories of up to 50 long articles, and analysing those is quadratic in the story size: at
500 articles the single-machine side alone took over 10 minutes on 2 cores, so the test
keeps 500 articles but short, small stories (``make_corpus(..., realistic=True)`` gives
the realistic corpus).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTICLES = 500

pytestmark = [
    pytest.mark.skipif(
        importlib.util.find_spec("pyspark") is None,
        reason="pyspark is not installed: pip install 'storytrace[spark]'",
    ),
    pytest.mark.skipif(shutil.which("java") is None, reason="no Java runtime (java) on PATH"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

FIRST = "Ada Bram Cora Dario Elin Fenna Gus Hilde Ivo Jarle Kaia Lars Mila Nils Oda Per".split()
LAST = "Aalto Berg Corvin Dahl Eklund Falk Grahn Holm Ivarsen Krogh Lind Moberg Olsen".split()
TOWNS = "Ashford Brookhaven Coldmere Dunstead Elmwick Fairton Glenbury Hartfield".split()
EVENTS = [
    ("Fire destroys warehouse in {town}", "A fire destroyed a warehouse in {town} on {day}, "
     "and {n} firefighters fought the blaze for {h} hours."),
    ("{town} council approves new budget", "The {town} council approved a budget of "
     "{n} million euros on {day} after a debate that lasted {h} hours."),
    ("Storm cuts power to homes in {town}", "A storm cut power to {n} homes in {town} on "
     "{day}; crews needed {h} hours to restore it."),
    ("Factory in {town} to close", "The factory in {town} will close, putting {n} jobs at "
     "risk, managers said on {day}, {h} days after talks failed."),
]  # fmt: skip
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
SYLLABLES = "ka lo mi ren tu sa vel dor pi ne gar lu fen so".split()
WORDS = sorted({a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES})


def _story(rng: random.Random, number: int) -> dict:
    title, lead = rng.choice(EVENTS)
    facts = {
        "town": rng.choice(TOWNS), "day": rng.choice(DAYS), "n": rng.randint(12, 400),
        "h": rng.randint(2, 11), "p": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
    }  # fmt: skip
    own = [" ".join(rng.choices(WORDS, k=14)).capitalize() + "." for _ in range(5)]
    quote = f'"We did everything we could," said {facts["p"]}, a spokesperson.'
    return {"title": title.format(**facts), "lead": lead.format(**facts), "own": own,
            "quote": quote, "facts": facts, "number": number}  # fmt: skip


def _text(story: dict, style: str, rng: random.Random) -> str:
    lead, own = story["lead"], list(story["own"])
    if style == "rewrite":
        n = story["facts"]["n"]
        lead = lead.replace(str(n), str(n + rng.randint(5, 40)), 1)
        own = own[:2] + [" ".join(reversed(s[:-1].split())).capitalize() + "." for s in own[2:]]
    elif style == "paraphrase":
        own = [" ".join(rng.sample(s[:-1].split(), len(s[:-1].split()))).capitalize() + "."
               for s in own]  # fmt: skip
    return "\n\n".join([lead, story["quote"], *own])


def generate(n: int, out: Path, seed: int = 7) -> None:
    """``n`` articles in JSONL files of 50 records, in publication order."""
    rng = random.Random(seed)
    slots, total, number = [], 0, 0
    while total < n:
        size = min(rng.choice([1, 1, 2, 3, 4, 6, 8]), n - total)
        story, day0 = _story(rng, number), number * 0.3
        for k in range(size):
            style = "original" if k == 0 else rng.choice(["copy", "rewrite", "paraphrase"])
            slots.append((day0 + k * rng.uniform(0.01, 0.5), story, k, style))
        total, number = total + size, number + 1
    slots.sort(key=lambda s: (s[0], s[1]["number"], s[2]))
    out.mkdir(parents=True, exist_ok=True)
    for start in range(0, len(slots), 50):
        with open(out / f"batch-{start // 50:03d}.jsonl", "w", encoding="utf-8") as f:
            for day, story, k, style in slots[start : start + 50]:
                when = dt.datetime(2025, 3, 1, tzinfo=dt.UTC) + dt.timedelta(hours=int(day * 24))
                record = {
                    "title": story["title"] if style != "copy" else "Update: " + story["title"],
                    "outlet": f"outlet{(story['number'] + k) % 9}",
                    "url": f"https://outlet{k}.example/{story['number']}-{k}",
                    "published": when.strftime("%Y-%m-%dT%H:00:00Z"),
                    "text": _text(story, style, rng),
                }
                f.write(json.dumps(record) + "\n")


def make_corpus(n: int, root: Path, realistic: bool = False) -> tuple[Path, Path | None]:
    """``n`` articles under ``root/corpus``, and the metadata sidecar if there is one:
    from ``bench/generate_corpus.py`` when ``realistic`` (and it exists), else ours."""
    script = REPO / "bench" / "generate_corpus.py"
    if not (realistic and script.exists()):
        generate(n, root / "corpus")
        return root / "corpus", None
    command = [sys.executable, str(script), "--articles", str(n), "--out", str(root / "corpus")]
    subprocess.run(command, check=True, capture_output=True)
    (root / "meta").mkdir()
    for name in ("meta.csv", "truth.jsonl"):  # metadata and truth, not articles
        if (root / "corpus" / name).exists():
            (root / "corpus" / name).rename(root / "meta" / name)
    meta = root / "meta" / "meta.csv"
    return root / "corpus", meta if meta.exists() else None


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path | None]:
    return make_corpus(ARTICLES, tmp_path_factory.mktemp("gen"))


@pytest.fixture(scope="module")
def single(corpus: tuple, tmp_path_factory: pytest.TempPathFactory) -> dict:
    from storytrace.ingest import load_sidecar
    from storytrace.pipeline import ingest_paths, update_stories
    from storytrace.store import Store

    path, meta = corpus
    with Store(tmp_path_factory.mktemp("single") / "s.db") as store:
        ingest_paths([str(path)], store, sidecar=load_sidecar(str(meta)) if meta else None)
        update_stories(store)
        return {s: store.story(s) for s in store.story_members()}


@pytest.fixture(scope="module")
def spark_out(corpus: tuple, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from storytrace.ingest import load_sidecar
    from storytrace.spark.job import run_job

    path, meta = corpus
    out = tmp_path_factory.mktemp("spark") / "out"
    sidecar = load_sidecar(str(meta)) if meta else None
    report = run_job(str(path), str(out), "local[2]", partitions=4, sidecar=sidecar)
    assert report.articles >= ARTICLES * 0.95
    return out


def summary(analyses: dict) -> dict:
    """Stories as sets of article ids; each article's role and source; discrepancies."""
    return {
        "stories": {frozenset(a["id"] for a in s["articles"]) for s in analyses.values()},
        "roles": {
            a["id"]: (a["role"], a["derived_from"])
            for s in analyses.values()
            for a in s["articles"]
        },
        "discrepancies": sorted(
            (d["type"], d["article"], tuple(d["span"]))
            for s in analyses.values()
            for d in s["discrepancies"]
        ),
    }


def test_spark_gives_the_single_machine_results(single: dict, spark_out: Path) -> None:
    from storytrace.spark.load import read_table

    analyses = {s["id"]: json.loads(s["analysis"]) for s in read_table(spark_out, "stories")}
    expected, got = summary(single), summary(analyses)
    assert len(single) > 50 and expected["discrepancies"]
    assert set(analyses) == set(single)  # same story ids too
    assert got["stories"] == expected["stories"]
    assert got["roles"] == expected["roles"]
    assert got["discrepancies"] == expected["discrepancies"]


def test_tables_agree_with_the_analyses(spark_out: Path) -> None:
    from storytrace.spark.load import read_table

    stories = read_table(spark_out, "stories")
    derivations = read_table(spark_out, "derivations")
    found = read_table(spark_out, "discrepancies")
    assert sum(s["article_count"] for s in stories) == len(read_table(spark_out, "articles"))
    assert len(derivations) == sum(s["article_count"] for s in stories)
    assert len(found) == sum(s["discrepancy_count"] for s in stories)


def test_loaded_store_matches_the_single_machine(
    single: dict, spark_out: Path, tmp_path: Path
) -> None:
    from storytrace.spark.load import load_parquet
    from storytrace.store import Store

    with Store(tmp_path / "loaded.db") as store:
        report = load_parquet(spark_out, store)
        assert report.stories == len(single)
        assert summary({s: store.story(s) for s in store.story_members()}) == summary(single)
        again = load_parquet(spark_out, store)
        assert again.articles == 0
