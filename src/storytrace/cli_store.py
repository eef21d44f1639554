"""The commands that change or copy out what a store holds: ``meta``, ``rm``, ``export``."""

from __future__ import annotations

from typing import Any

import click

from .cli_support import handle_errors
from .export import EXPORT_TABLES, FORMATS, export_tables
from .pipeline import remove_article, set_metadata, update_stories


@click.command()
@click.argument("article_id")
@click.option("--outlet", help="The outlet that published it.")
@click.option("--published", help="Publication date (YYYY-MM-DD or ISO 8601 date-time).")
@click.option("--url", help="Where it was published.")
@click.option("--title", help="Its headline.")
@click.option("--author", help="Who wrote it.")
@click.pass_obj
@handle_errors
def meta(obj: Any, article_id: str, **fields: str | None) -> None:
    """Correct one article's metadata (ARTICLE_ID may be a unique prefix); its story is
    analysed again. An empty value ("") clears a field."""
    given = {k: v for k, v in fields.items() if v is not None}
    if not given:
        raise click.UsageError(
            "give at least one of --outlet, --published, --url, --title, --author"
        )
    with obj.store(must_exist=True) as store:
        article = set_metadata(store, article_id, obj.config, **given)
        stories = update_stories(store, obj.config)
    changed = ", ".join(f"{k} = {getattr(article.metadata, k)!r}" for k in given)
    click.echo(f"{article.id}: {changed}; {len(stories)} story(ies) analysed again", err=True)


@click.command()
@click.argument("article_ids", nargs=-1, required=True)
@click.pass_obj
@handle_errors
def rm(obj: Any, article_ids: tuple[str, ...]) -> None:
    """Delete articles from the store (each ARTICLE_ID may be a unique prefix); the
    stories they were in are analysed again."""
    with obj.store(must_exist=True) as store:
        removed = [remove_article(store, a) for a in article_ids]
        stories = update_stories(store, obj.config)
    for article in removed:
        click.echo(f"removed {article.id} ({article.source})", err=True)
    click.echo(f"{len(stories)} story(ies) analysed again", err=True)


@click.command()
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True,
    help="File format (parquet needs pyarrow: storytrace[spark]).",
)  # fmt: skip
@click.option(
    "--table", "tables", multiple=True, type=click.Choice(EXPORT_TABLES),
    help="Export only this table (repeatable; default: all).",
)  # fmt: skip
@click.option(
    "-o", "--out", "outdir", default="export", show_default=True,
    type=click.Path(file_okay=False), help="Folder to write the files into.",
)  # fmt: skip
@click.pass_obj
@handle_errors
def export(obj: Any, fmt: str, tables: tuple[str, ...], outdir: str) -> None:
    """Write the store's tables (articles, stories, derivations, facts, discrepancies) as
    CSV, Parquet or JSON lines, with the columns of the Spark backend's tables."""
    with obj.store(must_exist=True) as store:
        update_stories(store, obj.config)
        written = export_tables(store, outdir, fmt, tables or EXPORT_TABLES)
    for path, rows in written:
        click.echo(f"wrote {path} ({rows} rows)", err=True)


COMMANDS = (meta, rm, export)
