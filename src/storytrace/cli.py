"""The command line: each subcommand calls one library function.

Exit status: 0 when all went well, 1 when some inputs failed or a lookup found
nothing, 2 on usage errors.
"""

from __future__ import annotations

import json
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from . import __version__
from .cli_store import COMMANDS
from .cli_support import handle_errors, safe_text
from .config import Config, load_config, with_overrides
from .demo import CORPUS_DIR, META_FILE
from .errors import ConfigError, InputError, UsageError
from .ingest import load_sidecar
from .model import Article, IngestError, Metadata
from .pipeline import (
    IngestReport,
    ProgressStep,
    compare_articles,
    ingest_paths,
    read_article,
    read_paths,
    update_stories,
)
from .report import article_dict, write_report
from .report.dossier import build_dossier, render_dossier
from .report.facts import facts_text
from .report.files import FORMATS as DOSSIER_FORMATS
from .report.files import dossier_formats, write_dossiers
from .report.story_text import comparison_text, story_text
from .spark.cli import spark_group
from .store import Store, default_db_path

out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class Context:
    def __init__(self, db: str | None, config: Config) -> None:
        self.db = db
        self.config = config
        self.workers: int | None = None
        self.db_given = False
        """Whether --db was on the command line (not from $STORYTRACE_DB)."""

    def store(self, db: str | Path | None = None, *, must_exist: bool = False) -> Store:
        """The store at ``db``, else ``--db``, else the default; a command that only
        reads refuses one that does not exist (a mistyped path) rather than create it."""
        path = store_path(db or self.db)
        if must_exist and not path.exists():
            raise UsageError(
                f"no store at {path}: ingest articles first (`storytrace run FOLDER -o OUT`), "
                "or pass the store with --db (a run's output folder will do)"
            )
        return Store(path)


def store_path(db: str | Path | None) -> Path:
    """The store file ``db`` names: a run's output folder stands for its storytrace.db."""
    path = Path(db) if db else default_db_path()
    return path / "storytrace.db" if path.is_dir() else path


def _set_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    obj = ctx.find_object(Context)
    if value is not None and obj is not None:
        obj.db, obj.db_given = value, True


DB_HELP = (
    "SQLite store: a file, or a run's output folder (default: $STORYTRACE_DB, else "
    "storytrace.db in your user data directory)."
)


def _db_after_subcommand(command: click.Command) -> None:
    """Accept ``--db`` after the subcommand's name as well as before it."""
    command.params.append(
        click.Option(
            ["--db"], type=click.Path(), expose_value=False, is_eager=True,
            callback=_set_db, help=DB_HELP,
        )
    )  # fmt: skip


def json_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(func)


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="storytrace")
@click.option(
    "--db",
    envvar="STORYTRACE_DB",
    type=click.Path(),
    help=DB_HELP,
)
@click.option(
    "--config",
    "config_path",
    envvar="STORYTRACE_CONFIG",
    type=click.Path(exists=True, dir_okay=False),
    help="TOML file overriding stage options.",
)
@click.pass_context
@handle_errors
def cli(ctx: click.Context, db: str | None, config_path: str | None) -> None:
    """storytrace: trace a news story across the outlets that published it."""
    ctx.obj = Context(db, load_config(config_path))
    ctx.obj.db_given = ctx.get_parameter_source("db") == click.core.ParameterSource.COMMANDLINE


def ingest_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option(
        "--meta",
        type=click.Path(exists=True, dir_okay=False),
        help="Metadata sidecar (CSV or JSON keyed by file name): outlet, url, published.",
    )(func)
    func = click.option(
        "--max-bytes",
        type=click.IntRange(min=1),
        help="Refuse inputs larger than this many bytes, read or decompressed.",
    )(func)
    func = workers_option(func)
    return click.argument("paths", nargs=-1, required=True)(func)


def workers_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--workers N``, kept on the context (``obj.workers``) for every stage that runs."""

    def keep(ctx: click.Context, _: click.Parameter, value: int | None) -> None:
        if ctx.obj is not None:
            ctx.obj.workers = value

    return click.option(
        "--workers",
        type=click.IntRange(min=1),
        expose_value=False,
        callback=keep,
        help="Worker processes (default: one per core; 1: all in this process). "
        "Small inputs run in this process whatever the number.",
    )(func)


@cli.command()
@ingest_options
@json_option
@click.pass_obj
@handle_errors
def ingest(
    obj: Context, paths: tuple[str, ...], meta: str | None, max_bytes: int | None, as_json: bool
) -> None:
    """Read, clean and store articles from PATHS (files, directories, or - for stdin).

    A document stored before is recognised by its text: given new metadata (--meta), its
    metadata is updated and its stories are analysed again."""
    with obj.store() as store:
        report = _ingest(obj, store, paths, meta, max_bytes)
        if as_json:
            emit_json({**_report_dict(report), "store": str(store.path)})
    sys.exit(0 if report.ok else 1)


def _ingest(
    obj: Context, store: Store, paths: tuple[str, ...], meta: str | None, max_bytes: int | None
) -> IngestReport:
    config = obj.config
    if max_bytes:
        config = with_overrides(config, {"ingest": {"max_bytes": max_bytes}})
    sidecar = _sidecar(meta)
    with _progress() as progress:
        task = progress.add_task("ingesting", total=None)
        report = ingest_paths(
            list(paths), store, config, sidecar, workers=obj.workers,
            keep_articles=False, on_progress=_updater(progress, task),
        )  # fmt: skip
    _summarise(report)
    return report


def _sidecar(meta: str | None) -> dict[str, Metadata] | None:
    """The ``--meta`` file, read before anything is stored: a bad one is a usage error."""
    try:
        return load_sidecar(meta) if meta else None
    except InputError as exc:
        raise ConfigError(f"--meta {safe_text(str(exc))}") from exc


def _updater(progress: Progress, task: TaskID) -> Callable[[ProgressStep], None]:
    def update(step: ProgressStep) -> None:
        progress.update(task, completed=step.done, total=step.total)

    return update


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


def _summarise(report: IngestReport) -> None:
    err.print(
        f"{report.added_count} article(s) added ({report.split_count} split off from other "
        "files), "
        f"{len(report.already_stored)} document(s) already stored, "
        f"{len(report.updated)} updated with new metadata, "
        f"{len(report.errors)} input(s) failed"
    )
    for error in report.errors:
        err.print(f"[red]error:[/red] {escape(safe_text(str(error)))}")
    for warning in report.warnings:
        err.print(f"[yellow]warning:[/yellow] {escape(safe_text(warning))}")


@cli.command(name="list")
@json_option
@click.pass_obj
@handle_errors
def list_articles(obj: Context, as_json: bool) -> None:
    """List the stored articles."""
    with obj.store(must_exist=True) as store:
        summaries = [_summary(a) for a in store.articles()]
    if as_json:
        emit_json(summaries)
        return
    table = Table(box=None)
    table.add_column(
        "id", no_wrap=True, min_width=max((len(s["id"]) for s in summaries), default=2)
    )
    table.add_column("title", max_width=60, overflow="ellipsis", no_wrap=True)
    for name in ("outlet", "published", "words", "removed"):
        table.add_column(name, no_wrap=True)
    table.add_column("source", overflow="fold")
    for s in summaries:
        cells = (s["id"], s["title"], s["outlet"], s["published"], s["words"], s["removed"])
        row = (*cells, s["source"])
        table.add_row(*(escape(safe_text("" if c is None else str(c))) for c in row))
    out.print(table)


def _summary(article: Article) -> dict[str, Any]:
    data = article_dict(article)
    keys = ("id", "title", "outlet", "published", "words", "source")
    return {**{k: data[k] for k in keys}, "removed": len(article.removals)}


@cli.command()
@click.argument("article_id")
@click.option("--removed", is_flag=True, help="Show what cleaning removed, and why.")
@click.option("--raw", is_flag=True, help="Include the raw text as ingested.")
@click.option("--facts", is_flag=True, help="Show the fact sheet: claims, sources, people...")
@json_option
@click.pass_obj
@handle_errors
def show(
    obj: Context, article_id: str, removed: bool, raw: bool, facts: bool, as_json: bool
) -> None:
    """Show one article (ARTICLE_ID may be a unique prefix)."""
    with obj.store(must_exist=True) as store:
        article = store.article(article_id)
        sheet = store.facts(article.id) if facts else None
    data = article_dict(article, raw=raw)
    if facts:
        data["facts"] = sheet or read_article(article).to_dict()
    if as_json:
        emit_json(data)
        return
    _print_header(data)
    if removed:
        _print_removed(data)
    if facts:
        out.print(facts_text(data["facts"]), markup=False)
    if not (removed or facts):
        out.print(data["raw_text"] if raw else data["clean_text"], markup=False)


def _print_header(data: dict[str, Any]) -> None:
    out.print(f"[bold]{escape(safe_text(data['title'] or '(untitled)'))}[/bold]")
    fields = (
        "id", "source", "outlet", "outlet_from", "url", "published", "published_from", "author",
        "words",
    )  # fmt: skip
    for key in fields:
        if data.get(key) is not None:
            out.print(f"  {key}: {safe_text(str(data[key]))}", markup=False)
    out.print()


def _print_removed(data: dict[str, Any]) -> None:
    if not data["removed"]:
        out.print("Nothing was removed.")
    for r in data["removed"]:
        start, end = r["span"]
        text = " ".join(r["text"].split())
        text = text if len(text) <= 100 else text[:99] + "…"
        out.print(f"{r['reason']:<14} [{start}:{end}]  {text}", markup=False)
        out.print(f"{'':<14} why: {r['detail']}", markup=False)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--published",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Publication date (YYYY-MM-DD) that relative dates resolve against.",
)
@json_option
@click.pass_obj
@handle_errors
def read(obj: Context, paths: tuple[str, ...], published: Any, as_json: bool) -> None:
    """Read articles in PATHS (no store needed) and print their fact sheets."""
    sheets, failed = [], False
    day = published.date() if published else None
    for item in read_paths(list(paths), obj.config, day):
        if isinstance(item, IngestError):
            err.print(f"[red]error:[/red] {escape(safe_text(str(item)))}")
            failed = True
        else:
            sheets.append(item)
    if as_json:
        emit_json([{**_summary(a), "facts": s.to_dict()} for a, s in sheets])
    else:
        for article, sheet in sheets:
            _print_header(article_dict(article))
            out.print(facts_text(sheet.to_dict()), markup=False)
    sys.exit(1 if failed else 0)


def store_argument(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.argument("store_at", metavar="[STORE]", required=False)(func)


@cli.command()
@store_argument
@json_option
@click.pass_obj
@handle_errors
def stories(obj: Context, store_at: str | None, as_json: bool) -> None:
    """List the stories: articles grouped by the event they report.

    STORE (default: --db) is a store file or a run's output folder."""
    with obj.store(store_at, must_exist=True) as store:
        _update_stories(obj, store)
        found = store.stories()
    if as_json:
        emit_json(found)
        return
    table = Table(box=None)
    table.add_column("story", no_wrap=True)
    table.add_column("articles", justify="right")
    table.add_column("discrepancies", justify="right")
    table.add_column("title", max_width=70, overflow="ellipsis", no_wrap=True)
    for story in found:
        cells = (story["id"], story["article_count"], story["discrepancy_count"], story["title"])
        table.add_row(*(escape("" if c is None else str(c)) for c in cells))
    out.print(table)


def _update_stories(obj: Context, store: Store) -> list[str]:
    with _progress() as progress:
        task = progress.add_task("analysing stories", total=None)
        return update_stories(
            store, obj.config, workers=obj.workers, on_progress=_updater(progress, task)
        )


@cli.command()
@click.argument("story_id")
@click.option("--all", "show_all", is_flag=True, help="List every discrepancy, not the first 15.")
@json_option
@click.pass_obj
@handle_errors
def trace(obj: Context, story_id: str, show_all: bool, as_json: bool) -> None:
    """Trace one story: who reported first, who copied, what changed (JSON: storytrace.trace/3)."""
    with obj.store(must_exist=True) as store:
        _update_stories(obj, store)
        analysis = store.story(story_id)
    if as_json:
        emit_json(analysis)
    else:
        out.print(story_text(analysis, limit=0 if show_all else 15), markup=False)


@cli.command()
@click.argument("story_id")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "md", "json"]),
    default="html",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE, not standard output."
)
@click.pass_obj
@handle_errors
def dossier(obj: Context, story_id: str, fmt: str, output: str | None) -> None:
    """One story's dossier: facts, timeline, people, derivation graph, discrepancies."""
    with obj.store(must_exist=True) as store:
        _update_stories(obj, store)
        text = render_dossier(build_dossier(store, story_id), fmt)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        err.print(f"wrote {output}", markup=False)
    else:
        click.echo(text, nl=False)


@cli.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (anything but loopback needs --token).",
)
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port."
)
@click.option("--token", envvar="STORYTRACE_TOKEN", help="Access token every request must carry.")
@store_argument
@click.pass_obj
@handle_errors
def serve(obj: Context, host: str, port: int, token: str | None, store_at: str | None) -> None:
    """Run the web app and HTTP API over the store (needs storytrace[web]).

    STORE (default: --db) is a store file or a run's output folder."""
    from .web import serve as run_server

    with obj.store(store_at, must_exist=True) as store:
        path = store.path
    err.print(f"store: {path}", markup=False)
    run_server(path, host, port, token, config=obj.config)


@cli.command()
@click.argument("first")
@click.argument("second")
@json_option
@click.pass_obj
@handle_errors
def compare(obj: Context, first: str, second: str, as_json: bool) -> None:
    """Compare two stored articles side by side: aligned passages, shared facts, discrepancies."""
    with obj.store(must_exist=True) as store:
        pair = [store.article(first), store.article(second)]
    analysis = compare_articles(pair, obj.config)
    if as_json:
        emit_json(analysis)
    else:
        out.print(comparison_text(analysis), markup=False)


@cli.command()
@click.argument("query")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1))
@json_option
@click.pass_obj
@handle_errors
def search(obj: Context, query: str, limit: int, as_json: bool) -> None:
    """Full-text search over the stored articles (SQLite FTS5 syntax)."""
    with obj.store(must_exist=True) as store:
        hits = store.search(query, limit)
    if as_json:
        emit_json([{"id": h.article_id, "title": h.title, "snippet": h.snippet} for h in hits])
        return
    if not hits:
        err.print(f"no article matches {query!r}", markup=False)
        sys.exit(1)
    for hit in hits:
        out.print(f"[bold]{hit.article_id}[/bold]  {escape(hit.title or '(untitled)')}")
        out.print(f"    {hit.snippet}", markup=False)


@cli.command()
@ingest_options
@click.option("-o", "--out", "outdir", required=True, type=click.Path(file_okay=False))
@click.option(
    "--formats",
    default=",".join(DOSSIER_FORMATS),
    show_default=True,
    callback=lambda _ctx, _param, value: _formats(value),
    help="Dossier formats to write, comma-separated: html, md, json.",
)
@json_option
@click.pass_obj
@handle_errors
def run(
    obj: Context,
    paths: tuple[str, ...],
    meta: str | None,
    max_bytes: int | None,
    outdir: str,
    formats: tuple[str, ...],
    as_json: bool,
) -> None:
    """The main job: ingest PATHS and write the report into OUTDIR.

    The store is --db if given, else OUTDIR/storytrace.db ($STORYTRACE_DB is not used:
    a run keeps its store with its report)."""
    db = obj.db if obj.db_given else None
    sys.exit(_run(obj, paths, meta, max_bytes, outdir, db, as_json, formats))


def _formats(value: str) -> tuple[str, ...]:
    try:
        return dossier_formats(f.strip().lower() for f in value.split(",") if f.strip())
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


def _run(
    obj: Context,
    paths: tuple[str, ...],
    meta: str | None,
    max_bytes: int | None,
    outdir: str,
    db: str | None,
    as_json: bool = False,
    formats: tuple[str, ...] = DOSSIER_FORMATS,
) -> int:
    Path(outdir).mkdir(parents=True, exist_ok=True)
    with obj.store(db or Path(outdir) / "storytrace.db") as store:
        report = _ingest(obj, store, paths, meta, max_bytes)
        _update_stories(obj, store)
        for path in write_report(outdir, store, report.errors):
            err.print(f"wrote {path}", markup=False)
        with _progress() as progress:
            task = progress.add_task("writing dossiers", total=None)
            files = write_dossiers(
                store,
                outdir,
                workers=obj.workers,
                on_progress=lambda done, total: progress.update(task, completed=done, total=total),
                formats=formats,
            )
        kinds = ", ".join(f".{f}" for f in formats)
        err.print(
            f"wrote {files.written} story dossier(s) ({kinds}), {files.unchanged} "
            f"unchanged, {files.removed} removed; open {files.index}",
            markup=False,
        )
        steps = _next_steps(store)
        if as_json:
            emit_json(
                {**_report_dict(report), "store": str(store.path), "index": str(files.index),
                 "stories": store.stories(), "next": steps}
            )  # fmt: skip
        else:
            err.print("next, with this store:", markup=False)
            for step in steps:
                err.print(f"  {step}", markup=False)
    return 0 if report.ok else 1


def _next_steps(store: Store) -> list[str]:
    """The commands that look at what a run stored, with its store spelled out."""
    db = shlex.quote(str(store.path))
    largest = store.stories(limit=1)
    story = largest[0]["id"] if largest else "STORY_ID"
    return [f"storytrace --db {db} {command}" for command in ("stories", f"trace {story}", "serve")]


def _report_dict(report: IngestReport) -> dict[str, Any]:
    return {
        "added": report.added_count,
        "split": report.split_count,
        "already_stored": report.already_stored,
        "updated": report.updated,
        "errors": [{"source": e.source, "reason": e.reason} for e in report.errors],
        "warnings": report.warnings,
    }


@cli.command()
@click.option(
    "-o", "--out", "outdir", default="out/demo", show_default=True, type=click.Path(file_okay=False)
)
@click.pass_obj
@handle_errors
def demo(obj: Context, outdir: str) -> None:
    """Run the main job on the bundled demo corpus (an invented story, six outlets).

    The demo keeps its own store, OUTDIR/storytrace.db, whatever --db says."""
    sys.exit(_run(obj, (str(CORPUS_DIR),), str(META_FILE), None, outdir, None))


for _command in COMMANDS:
    cli.add_command(_command)
for _command in list(cli.commands.values()):
    _db_after_subcommand(_command)
cli.add_command(spark_group)


def main() -> None:
    cli(prog_name="storytrace")
