"""The article report: every article, its metadata and what cleaning removed from it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from itertools import tee
from pathlib import Path
from typing import IO, Any

from ..model import Article, IngestError
from ..store import Store
from .render import TEMPLATES

ARTICLE_SCHEMA = "storytrace.article/1"


def article_dict(article: Article, *, raw: bool = False) -> dict[str, Any]:
    """A JSON-ready view of an article; spans index ``raw_text`` (removals) and
    ``clean_text`` (everything later stages find)."""
    meta = article.metadata
    data: dict[str, Any] = {
        "schema": ARTICLE_SCHEMA,
        "id": article.id,
        "source": article.source,
        "format": article.format,
        "part": article.part,
        "title": meta.title,
        "outlet": meta.outlet,
        "url": meta.url,
        "published": meta.published,
        "published_from": meta.published_from,
        "outlet_from": meta.outlet_from,
        "author": meta.author,
        "words": len(article.clean_text.split()),
        "span": [article.span.start, article.span.end],
        "clean_text": article.clean_text,
        "removed": removal_dicts(article),
    }
    if raw:
        data["raw_text"] = article.raw_text
    return data


def removal_dicts(article: Article) -> list[dict[str, Any]]:
    """What cleaning cut from ``article``: reason, span into the raw text, text, why."""
    return [
        {
            "reason": r.reason.value,
            "span": [r.span.start, r.span.end],
            "text": r.span.of(article.raw_text),
            "detail": r.detail,
        }
        for r in article.removals
    ]


class ArticleDicts:
    """Article dicts made on demand each time the report iterates, with a known count, so
    a report over a whole store never holds every article in memory."""

    def __init__(self, articles: Callable[[], Iterable[Article]], count: int) -> None:
        self._articles = articles
        self._count = count

    @classmethod
    def of(cls, articles: Sequence[Article]) -> ArticleDicts:
        return cls(lambda: articles, len(articles))

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (article_dict(a) for a in self._articles())


def _context(
    articles: ArticleDicts | PassReader, removed_total: int, errors: Sequence[IngestError]
) -> dict[str, Any]:
    return {
        "articles": articles,
        "errors": [{"source": e.source, "reason": e.reason} for e in errors],
        "removed_total": removed_total,
    }


def render_articles_html(articles: Sequence[Article], errors: Sequence[IngestError] = ()) -> str:
    return _render("articles.html", articles, errors)


def render_articles_markdown(
    articles: Sequence[Article], errors: Sequence[IngestError] = ()
) -> str:
    return _render("articles.md", articles, errors)


def _render(template: str, articles: Sequence[Article], errors: Sequence[IngestError]) -> str:
    removed = sum(len(a.removals) for a in articles)
    context = _context(ArticleDicts.of(articles), removed, errors)
    return TEMPLATES.get_template(template).render(**context)


def write_report(
    outdir: str | Path, store: Store, errors: Sequence[IngestError] = ()
) -> list[Path]:
    """Write ``articles.html`` and ``articles.md`` for every article of ``store`` into
    ``outdir``, streaming both side by side so that each pass over the articles (the
    table, then each article) reads them from the store once for both files; return
    their paths."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    names = ("articles.html", "articles.md")
    shared = SharedPasses(ArticleDicts(store.articles, store.count_articles()), len(names))
    removed = store.count_removals()
    paths = [out / name for name in names]
    with ExitStack() as stack:
        files = [stack.enter_context(path.open("w", encoding="utf-8")) for path in paths]
        readers = [shared.reader(k) for k in range(len(names))]
        chunks = [
            TEMPLATES.get_template(name).generate(**_context(reader, removed, errors))
            for name, reader in zip(names, readers, strict=True)
        ]
        _write_in_step(list(zip(chunks, readers, files, strict=True)))
    return paths


class SharedPasses:
    """The passes of several readers over one :class:`ArticleDicts`, each pass read once:
    a reader's ``k``-th pass is the ``k``-th of the others too (``itertools.tee``). What
    one reader is ahead of the others is held in memory, so readers are advanced in step
    (:func:`_write_in_step`)."""

    def __init__(self, articles: ArticleDicts, readers: int) -> None:
        self.articles = articles
        self.readers = readers
        self.passes: list[tuple[Iterator[dict[str, Any]], ...]] = []

    def reader(self, index: int) -> PassReader:
        return PassReader(self, index)

    def nth(self, k: int, index: int) -> Iterator[dict[str, Any]]:
        while len(self.passes) <= k:
            self.passes.append(tee(iter(self.articles), self.readers))
        return self.passes[k][index]


class PassReader:
    """One reader of :class:`SharedPasses`: iterable (one pass each time) and sized, as
    :class:`ArticleDicts`; ``taken`` counts the articles it has read over all passes."""

    def __init__(self, shared: SharedPasses, index: int) -> None:
        self.shared = shared
        self.index = index
        self.started = 0
        self.taken = 0

    def __len__(self) -> int:
        return len(self.shared.articles)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        self.started += 1
        for article in self.shared.nth(self.started - 1, self.index):
            self.taken += 1
            yield article


def _write_in_step(streams: list[tuple[Iterator[str], PassReader, IO[str]]]) -> None:
    """Write each stream's chunks to its file, advancing each in turn until it has read
    one article more than the others had, so no reader gets far ahead."""
    pending = streams
    while pending:
        lead = max(reader.taken for _, reader, _ in pending)
        unfinished = []
        for chunks, reader, file in pending:
            for chunk in chunks:
                file.write(chunk)
                if reader.taken > lead:
                    unfinished.append((chunks, reader, file))
                    break
        pending = unfinished
