"""The Spark job: the single-machine pipeline, run by Spark, written as Parquet.

The job is a shell around the same stage functions as :mod:`storytrace.pipeline`; the
helpers here only move records between them and into rows:

1. **Articles** (parallel): ``binaryFiles`` → :func:`storytrace.ingest.read_bytes` →
   documents, de-duplicated by document id (the first in arrival order wins, as the store
   does) → :func:`storytrace.pipeline.prepare_document` (``clean`` →
   ``with_publication_date`` → ``read_article`` → ``story_features``).
   Arrival order is the order the single-machine walk sees: inputs in the order given,
   then path components sorted, then records within a file, then articles within a
   document.
2. **Stories** (``grouping``):

   ``"exact"`` (default) replays :class:`~storytrace.group.StoryIndex` over every
   article's features in arrival order, on the driver, features streamed from the
   executors. This is the only way to get *identical* stories: the index is incremental
   by design. Its IDF statistics grow with each article and its caches are refreshed
   every 10 % of growth (so a weight depends on when it was first asked for), a key stops
   being looked up when its ``max_postings``-th article arrives, and each article joins
   the best-supported story among the stories formed so far (average linkage, merges at
   ``merge_threshold``). Running the index per connected component of the candidate graph
   would reproduce the candidates and rules but not the global, time-dependent
   statistics, so a score near a threshold could flip; and with keys shared by up to
   ``max_postings`` articles the candidate graph of a real corpus is mostly one giant
   component anyway. Grouping costs ~3 ms an article (``bench/results/grouping_scale.json``:
   100,000 articles in 276 s, 1.9 GB), a fraction of reading (~13 ms an article, run in
   parallel here); for corpora where the driver cannot hold the index, use:

   ``"components"`` (scalable, not identical): candidates from an exploded self-join on
   the LSH band keys (:func:`~storytrace.group.index.band_keys`) and the blocking keys
   (each article's ``lookup_keys`` rarest keys of document frequency ≤ ``max_postings``,
   as the index looks them up), verified by :func:`~storytrace.group.same_story` with
   whole-corpus statistics (built on the driver, broadcast); the connected components of
   the verified links are then split by a :class:`StoryIndex` per component, in arrival
   order, with those frozen statistics (same decision rules: average linkage, merge
   threshold, caps). Differences from the single machine come only from IDF measured on
   the whole corpus instead of the articles seen so far and from candidates the index
   would have capped; ``bench/bench_spark.py`` measures the agreement.
3. **Analysis** (parallel): group by story → :func:`storytrace.pipeline.analyse_members`
   (:func:`~storytrace.story.analyse_story` on the re-read articles) →
   rows for stories, derivations, facts and discrepancies.

Output: one Parquet directory per table (:data:`storytrace.spark.TABLES`) under ``out``;
``storytrace spark load`` puts them into the SQLite store.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlparse

from ..config import Config, IngestOptions
from ..errors import ConfigError, InputError
from ..group import CorpusStats, StoryFeatures, StoryIndex, same_story
from ..group.index import band_keys
from ..ingest import read_bytes
from ..ingest.sidecar import apply_sidecar
from ..model import (
    Article,
    Document,
    IngestError,
    Metadata,
    Removal,
    RemovalReason,
    Segment,
    Span,
)
from ..pipeline import analyse_members, prepare_document
from ..tables import derivation_rows, discrepancy_rows, fact_rows, story_row
from . import require_pyspark

GROUPINGS = ("exact", "components")


@dataclass(slots=True)
class JobReport:
    """What a Spark run did: counts, the grouping used and seconds per step."""

    out: str
    grouping: str
    articles: int = 0
    stories: int = 0
    errors: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def run_job(
    inputs: str | list[str],
    out: str,
    master: str | None = None,
    config: Config = Config(),
    *,
    grouping: str = "exact",
    partitions: int | None = None,
    sidecar: dict[str, Metadata] | None = None,
    progress: Callable[[str], None] | None = None,
    workers: int | None = None,
) -> JobReport:
    """Run the whole pipeline on Spark over ``inputs`` (files or directories, local or any
    Hadoop path) and write the Parquet tables under ``out`` (overwritten). ``sidecar`` is
    metadata by file name, as :func:`storytrace.ingest.load_sidecar` gives it.
    ``workers``: tasks run at once (see :func:`spark_session`)."""
    if grouping not in GROUPINGS:
        raise ConfigError(f"unknown grouping {grouping!r}: use one of {', '.join(GROUPINGS)}")
    paths = [inputs] if isinstance(inputs, str) else list(inputs)
    spark = spark_session(master, workers)
    sc = spark.sparkContext
    n = partitions or max(2, sc.defaultParallelism * 2)
    report, clock = JobReport(out=out, grouping=grouping), _Clock(progress)
    docs, errors = _documents(sc, paths, config.ingest, n, sidecar)
    prepared = _kept(docs.mapPartitions(lambda part: article_records(part, config)))
    errors += prepared.filter(lambda r: "error" in r).map(lambda r: r["error"]).collect()
    records = prepared.filter(lambda r: "error" not in r)
    records = records.sortBy(lambda r: r["order"], numPartitions=n).zipWithIndex()
    records = _kept(records.map(_with_seq))
    report.articles = records.count()
    clock.lap(report, "articles")
    if grouping == "exact":
        stories = group_exact(records.map(lambda r: r["features"]).toLocalIterator(), config)
    else:
        stories = group_components(records, config, n)
    report.stories = len(set(stories.values()))
    clock.lap(report, "grouping")
    story_of = sc.broadcast(stories)
    analyses = (
        records.map(lambda r: (story_of.value[r["id"]], (r["seq"], r)))
        .groupByKey(numPartitions=n)
        .map(lambda kv: analyse_rows(kv[0], kv[1], config))
    )
    analyses = _kept(analyses)
    _write(spark, out, records, analyses, errors, story_of)
    report.errors = len(errors)
    clock.lap(report, "analysis_and_write")
    for rdd in (prepared, records, analyses):
        rdd.unpersist()
    return report


def _kept(rdd: Any) -> Any:
    """``rdd`` persisted in memory, spilling to disk: plain ``cache()`` drops partitions
    that do not fit and recomputes them, which here means reading articles again."""
    from pyspark import StorageLevel

    return rdd.persist(StorageLevel.MEMORY_AND_DISK)


def spark_session(master: str | None = None, workers: int | None = None) -> Any:
    """A Spark session (``master`` such as ``local[2]`` or ``spark://host:7077``; None
    keeps what ``spark-submit`` or an existing session set). Executors in local mode use
    this interpreter, so they see the same storytrace. ``workers`` caps the tasks run at
    once: ``local[workers]`` when no master is given, else the cores the job takes on the
    cluster (``spark.cores.max``: standalone and Mesos masters; on YARN or Kubernetes use
    spark-submit's ``--num-executors`` and ``--executor-cores``)."""
    require_pyspark()
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("storytrace")
    if workers and master and master.startswith("local"):
        raise ConfigError(f"give workers or a local master ({master}), not both")
    if workers and not master and "PYSPARK_GATEWAY_PORT" not in os.environ:
        master = f"local[{workers}]"  # not under spark-submit, whose master stays
    elif workers:
        builder = builder.config("spark.cores.max", str(workers))
    if master:
        builder = builder.master(master)
    if master and master.startswith("local"):
        # Local mode runs every task in the driver's JVM, whose default 1 GB heap ran out
        # at 100,000 articles; a cluster sets its own memory through spark-submit.
        memory = os.environ.get("STORYTRACE_SPARK_DRIVER_MEMORY", "4g")
        builder = builder.config("spark.driver.memory", memory)
    for key, value in (
        ("spark.sql.session.timeZone", "UTC"),
        ("spark.ui.showConsoleProgress", "false"),
        ("spark.hadoop.mapreduce.input.fileinputformat.input.dir.recursive", "true"),
    ):
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


# -- 1. documents and articles --------------------------------------------------------------


def _documents(
    sc: Any, paths: list[str], options: IngestOptions, n: int, sidecar: dict | None
) -> tuple[Any, list]:
    files = sc.union(
        [
            sc.binaryFiles(path, minPartitions=n).map(lambda f, i=i: (i, f[0], f[1]))
            for i, path in enumerate(paths)
        ]
    )
    items = files.flatMap(lambda f: documents_of_file(f[0], f[1], f[2], options, sidecar))
    items = _kept(items)
    errors = items.filter(lambda t: t[0] == "error").map(lambda t: (t[1], t[2])).collect()
    docs = (
        items.filter(lambda t: t[0] == "doc")
        .map(lambda t: (t[3].id, t[1:]))
        .groupByKey(numPartitions=n)
        .flatMap(lambda kv: verbatim_copies(list(kv[1])))
        .map(lambda t: (t[2].id, t))
        .reduceByKey(lambda a, b: min(a, b, key=lambda d: d[:2]), numPartitions=n)
        .values()
    )
    return docs, errors


def verbatim_copies(
    docs: list[tuple[str, int, Document]],
) -> list[tuple[str, int, Document]]:
    """Documents of the same text, as the store keeps them: the first to arrive has the
    content id, a later one from another file is a verbatim copy with an id of its own
    (``Document.copy_in``)."""
    docs = sorted(docs, key=lambda d: d[:2])
    first = PurePosixPath(docs[0][2].source).name
    return [docs[0]] + [
        (key, number, doc if (name := PurePosixPath(doc.source).name) == first
         else replace(doc, copy_in=name))
        for key, number, doc in docs[1:]
    ]  # fmt: skip


def documents_of_file(
    index: int,
    uri: str,
    data: bytes,
    options: IngestOptions = IngestOptions(),
    sidecar: dict[str, Metadata] | None = None,
) -> list[tuple[Any, ...]]:
    """The documents of one input file as ``("doc", file_key, number, Document)`` and its
    errors as ``("error", source, reason)``, as :func:`storytrace.ingest.iter_documents`
    would give them for that file."""
    source = local_path(uri)
    key = f"{index:05d}\x00" + "\x00".join(PurePosixPath(source).parts)
    if any(part.startswith(".") for part in PurePosixPath(source).parts[1:]):
        return []
    found: list[tuple[Any, ...]] = []
    for number, item in enumerate(read_bytes(source, data, options)):
        if isinstance(item, InputError):
            found.append(("error", item.source or source, item.reason))
        else:
            found.append(("doc", key, number, apply_sidecar(item, sidecar) if sidecar else item))
    return found


def local_path(uri: str) -> str:
    """``file:/data/a.txt`` → ``/data/a.txt``; other schemes (hdfs, s3a...) stay as given."""
    parsed = urlparse(uri)
    return unquote(parsed.path) if parsed.scheme in ("", "file") else uri


def article_records(
    docs: Iterable[tuple[str, int, Document]], config: Config = Config()
) -> Iterator[dict[str, Any]]:
    """:func:`storytrace.pipeline.prepare_document` (the single machine's per-document
    work) on a batch of documents, one record per article, or ``{"error": (source,
    reason)}`` for a document that cleans to nothing."""
    for file_key, number, doc in docs:
        prepared = prepare_document(doc, config)
        if isinstance(prepared, IngestError):
            yield {"error": (prepared.source, prepared.reason)}
            continue
        for article in prepared.articles:
            yield {
                "order": (file_key, number, article.part),
                "id": article.id,
                "article": article_to_dict(article),
                "document": {"source": doc.source, "format": doc.format, **asdict(doc.metadata)},
                "facts": json.dumps(prepared.facts[article.id], ensure_ascii=False),
                "features": json.dumps(prepared.features[article.id]),
            }


def _with_seq(pair: tuple[dict[str, Any], int]) -> dict[str, Any]:
    record, seq = pair
    return {**record, "seq": seq}


def article_to_dict(article: Article) -> dict[str, Any]:
    return {
        "document_id": article.document_id,
        "part": article.part,
        "source": article.source,
        "format": article.format,
        "raw_text": article.raw_text,
        "span": [article.span.start, article.span.end],
        "clean_text": article.clean_text,
        "segments": [[s.clean_start, s.raw_start, s.length] for s in article.segments],
        "metadata": asdict(article.metadata),
        "removals": [
            [r.span.start, r.span.end, r.reason.value, r.detail] for r in article.removals
        ],
    }


def article_from_dict(data: dict[str, Any]) -> Article:
    return Article(
        document_id=data["document_id"],
        part=data["part"],
        source=data["source"],
        format=data["format"],
        raw_text=data["raw_text"],
        span=Span(*data["span"]),
        clean_text=data["clean_text"],
        segments=tuple(Segment(*s) for s in data["segments"]),
        metadata=Metadata(**data["metadata"]),
        removals=tuple(Removal(Span(s, e), RemovalReason(r), d) for s, e, r, d in data["removals"]),
    )


# -- 2. stories -----------------------------------------------------------------------------


def group_exact(features: Iterable[str], config: Config = Config()) -> dict[str, str]:
    """Article id -> story id: the single machine's :class:`StoryIndex`, fed the features
    (JSON) in arrival order."""
    index = StoryIndex(config.group)
    for data in features:
        index.add(StoryFeatures.from_dict(json.loads(data)))
    index.settle()
    return {a: story for story, ids in index.stories().items() for a in ids}


def group_components(records: Any, config: Config, n: int) -> dict[str, str]:
    """Article id -> story id by candidate join, verification and connected components
    (see the module docstring)."""
    options = config.group
    sc = records.context
    feats = _kept(records.map(lambda r: (r["seq"], r["features"])))
    stats = feats.values().aggregate(
        CorpusStats(), lambda s, f: _count(s, f), lambda a, b: _merge_stats(a, b)
    )
    shared = sc.broadcast((stats.articles, dict(stats.term_df), dict(stats.key_df)))
    postings = feats.flatMap(lambda sf: candidate_keys(sf[0], sf[1], shared.value[2], options))
    pairs = (
        postings.groupByKey(numPartitions=n)
        .filter(lambda kv: len(kv[1]) <= options.max_postings)
        .flatMap(lambda kv: _pairs_of(sorted(kv[1])))
        .distinct(numPartitions=n)
    )
    by_seq = feats.mapValues(lambda f: f)
    checked = (
        pairs.join(by_seq, numPartitions=n)
        .map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
        .join(by_seq, numPartitions=n)
        .filter(lambda kv: verify(kv[1][0][1], kv[1][1], shared.value, options))
        .map(lambda kv: (kv[1][0][0], kv[0]))
    )
    component = connected_components(checked.collect())
    result = (
        feats.map(lambda sf: (component.get(sf[0], sf[0]), sf))
        .groupByKey(numPartitions=n)
        .flatMap(lambda kv: split_component(kv[1], shared.value, options))
        .collect()
    )
    feats.unpersist()
    return dict(result)


def _count(stats: CorpusStats, features: str) -> CorpusStats:
    data = json.loads(features)
    stats.articles += 1
    stats.term_df.update(data["terms"])
    stats.key_df.update(k["key"] for k in data["keys"])
    return stats


def _merge_stats(a: CorpusStats, b: CorpusStats) -> CorpusStats:
    a.articles += b.articles
    a.term_df.update(b.term_df)
    a.key_df.update(b.key_df)
    return a


def frozen_stats(shared: tuple[int, dict[str, int], dict[str, int]]) -> CorpusStats:
    """Whole-corpus statistics that adding an article does not change."""
    articles, term_df, key_df = shared
    stats = _FrozenStats()
    stats.articles, stats._refreshed_at = articles, articles
    stats.term_df.update(term_df)
    stats.key_df.update(key_df)
    return stats


class _FrozenStats(CorpusStats):
    def add(self, features: StoryFeatures) -> None:
        pass


def candidate_keys(
    seq: int, features: str, key_df: dict[str, int], options: Any
) -> list[tuple[str, int]]:
    """(key, seq) rows for the candidate join: the LSH band keys, and the article's
    ``lookup_keys`` rarest blocking keys among those in at most ``max_postings`` articles."""
    f = StoryFeatures.from_dict(json.loads(features))
    live = [k for k in f.keys if key_df.get(k, 0) <= options.max_postings]
    rare = sorted(live, key=lambda k: (key_df.get(k, 0), k))[: options.lookup_keys]
    return [(f"band:{b}", seq) for b in band_keys(f, options)] + [(k, seq) for k in rare]


def _pairs_of(seqs: list[int]) -> Iterator[tuple[int, int]]:
    for i, a in enumerate(seqs):
        for b in seqs[i + 1 :]:
            yield a, b


def verify(a: str, b: str, shared: tuple, options: Any) -> bool:
    """:func:`same_story` on one candidate pair, with whole-corpus statistics."""
    stats = _stats_cache(shared)
    fa, fb = StoryFeatures.from_dict(json.loads(a)), StoryFeatures.from_dict(json.loads(b))
    return same_story(fb, fa, options, stats).same


_STATS: dict[int, CorpusStats] = {}


def _stats_cache(shared: tuple) -> CorpusStats:
    # One CorpusStats per executor process (it caches vectors and weights).
    key = id(shared)
    if key not in _STATS:
        _STATS.clear()
        _STATS[key] = frozen_stats(shared)
    return _STATS[key]


def connected_components(edges: Iterable[tuple[int, int]]) -> dict[int, int]:
    """Node -> smallest node of its component (union-find), for nodes with an edge."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x: find(x) for x in parent}


def split_component(
    members: Iterable[tuple[int, str]], shared: tuple, options: Any
) -> list[tuple[str, str]]:
    """(article id, story id) for one component: a StoryIndex in arrival order."""
    index = StoryIndex(options)
    index.stats = frozen_stats(shared)
    for _, data in sorted(members):
        index.add(StoryFeatures.from_dict(json.loads(data)))
    return [(a, story) for story, ids in index.stories().items() for a in ids]


# -- 3. analysis and rows -------------------------------------------------------------------


def analyse_rows(
    story_id: str, members: Iterable[tuple[int, dict[str, Any]]], config: Config = Config()
) -> dict[str, Any]:
    """One story analysed by :func:`storytrace.pipeline.analyse_members` (as the single
    machine does it), its members in arrival order."""
    ordered = [r for _, r in sorted(members, key=lambda m: m[0])]
    stored = [(article_from_dict(r["article"]), json.loads(r["facts"])) for r in ordered]
    analysis = analyse_members((story_id, stored), config)
    return {"id": story_id, "members": [a.id for a, _ in stored], "analysis": analysis}


def article_row(record: dict[str, Any], story_id: str) -> tuple[Any, ...]:
    a, meta = record["article"], record["article"]["metadata"]
    return (
        record["id"], record["seq"], story_id, a["document_id"], a["part"], a["source"],
        a["format"], meta["title"], meta["outlet"], meta["url"], meta["published"],
        meta["published_from"], meta["author"], a["span"][0], a["span"][1], a["clean_text"],
        a["raw_text"], json.dumps(a["segments"]), json.dumps(a["removals"]),
        json.dumps(record["document"], ensure_ascii=False), record["facts"], record["features"],
        meta.get("outlet_from"),
    )  # fmt: skip


SCHEMAS = {
    "articles": "id string, seq long, story_id string, document_id string, part long, "
    "source string, format string, title string, outlet string, url string, "
    "published string, published_from string, author string, span_start long, span_end long, "
    "clean_text string, raw_text string, segments string, removals string, document string, "
    "facts string, features string, outlet_from string",
    "stories": "id string, title string, original string, article_count long, "
    "independent_origins long, discrepancy_count long, discrepancy_counts string, "
    "members array<string>, analysis string",
    "derivations": "story_id string, article string, role string, derived_from string, "
    "reuse_share double, credits_source boolean, evidence string",
    "facts": "story_id string, fact_id string, status string, support long, "
    "independent_support long, articles array<string>, origins array<string>, data string",
    "discrepancies": "story_id string, type string, severity string, article string, "
    "upstream_article string, span_start long, span_end long, text string, "
    "upstream_start long, upstream_end long, upstream_text string, explanation string, "
    "fact string",
    "errors": "source string, reason string",
}
"""Column names and types of each Parquet table (Spark DDL)."""


def _write(spark: Any, out: str, records: Any, analyses: Any, errors: list, story_of: Any) -> None:
    rdds = {
        "articles": records.map(lambda r: article_row(r, story_of.value[r["id"]])),
        "stories": analyses.map(story_row),
        "derivations": analyses.flatMap(derivation_rows),
        "facts": analyses.flatMap(fact_rows),
        "discrepancies": analyses.flatMap(discrepancy_rows),
        "errors": spark.sparkContext.parallelize(sorted(errors), 1),
    }
    for name, rdd in rdds.items():
        frame = spark.createDataFrame(rdd, SCHEMAS[name])
        if name == "articles":
            frame = frame.orderBy("seq")
        frame.write.mode("overwrite").parquet(f"{out.rstrip('/')}/{name}")


class _Clock:
    def __init__(self, progress: Callable[[str], None] | None) -> None:
        self.progress, self.start = progress, time.perf_counter()

    def lap(self, report: JobReport, step: str) -> None:
        now = time.perf_counter()
        report.seconds[step] = round(now - self.start, 2)
        self.start = now
        if self.progress:
            self.progress(f"{step}: {report.seconds[step]} s")
