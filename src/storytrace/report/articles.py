"""The article report: every article, its metadata and what cleaning removed from it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

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
    articles: ArticleDicts, removed_total: int, errors: Sequence[IngestError]
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
    ``outdir``, streaming both; return their paths."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    context = _context(
        ArticleDicts(store.articles, store.count_articles()), store.count_removals(), errors
    )
    written = []
    for name in ("articles.html", "articles.md"):
        path = out / name
        with path.open("w", encoding="utf-8") as file:
            file.writelines(TEMPLATES.get_template(name).generate(**context))
        written.append(path)
    return written
