"""``storytrace spark run`` and ``storytrace spark load``: thin commands over
:func:`~storytrace.spark.job.run_job` and :func:`~storytrace.spark.load.load_parquet`.

pyspark is imported only when ``run`` runs, so ``storytrace --help`` works without it.
"""

from __future__ import annotations

import functools
import json
import sys
from typing import Any

import click

from ..cli_support import handle_errors
from ..config import Config


def _config(obj: Any) -> Config:
    return getattr(obj, "config", None) or Config()


@click.group(name="spark")
def spark_group() -> None:
    """Run the pipeline on Apache Spark (needs: pip install 'storytrace[spark]')."""


@spark_group.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", required=True, help="Output directory (local, hdfs://, s3a://...).")
@click.option(
    "--master", default=None, help="Spark master, e.g. local[2] (default: spark-submit's)."
)
@click.option(
    "--grouping",
    type=click.Choice(["exact", "components"]),
    default="exact",
    show_default=True,
    help="exact: the single machine's stories; components: candidate join, scalable.",
)
@click.option("--partitions", type=int, default=None, help="Partitions (default: 2 x cores).")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Tasks at once: local[N] without --master, else the cores taken on the cluster.",
)
@click.option(
    "--meta",
    type=click.Path(exists=True, dir_okay=False),
    help="Metadata sidecar (CSV or JSON keyed by file name), as for `storytrace ingest`.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the run report as JSON.")
@click.pass_obj
@handle_errors
def run(
    obj: Any,
    inputs: tuple[str, ...],
    out: str,
    master: str | None,
    grouping: str,
    partitions: int | None,
    workers: int | None,
    meta: str | None,
    as_json: bool,
) -> None:
    """Read, clean, group and analyse INPUTS on Spark; write Parquet tables to OUT."""
    from ..ingest import load_sidecar
    from .job import run_job

    progress = None if as_json else functools.partial(click.echo, err=True)
    report = run_job(
        list(inputs), out, master, _config(obj), grouping=grouping, partitions=partitions,
        sidecar=load_sidecar(meta) if meta else None, progress=progress, workers=workers,
    )  # fmt: skip
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        click.echo(
            f"{report.articles} articles, {report.stories} stories, {report.errors} errors "
            f"-> {out} (load with: storytrace spark load {out})"
        )
    if report.errors:
        sys.exit(1)


@spark_group.command()
@click.argument("out")
@click.option("--db", default=None, help="SQLite store (default: the main --db).")
@click.pass_obj
@handle_errors
def load(obj: Any, out: str, db: str | None) -> None:
    """Load the Parquet tables of a Spark run in OUT into the SQLite store."""
    from ..store import Store
    from .load import load_parquet

    with Store(db or getattr(obj, "db", None)) as store:
        report = load_parquet(out, store)
    click.echo(
        f"{report.articles} articles added, {report.already_stored} already stored, "
        f"{report.stories} stories"
    )


__all__ = ["spark_group"]
