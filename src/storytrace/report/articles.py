"""The article report: every article, its metadata and what cleaning removed from it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..model import Article, IngestError
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


def _context(articles: Sequence[Article], errors: Sequence[IngestError]) -> dict[str, Any]:
    return {
        "articles": [article_dict(a) for a in articles],
        "errors": [{"source": e.source, "reason": e.reason} for e in errors],
        "removed_total": sum(len(a.removals) for a in articles),
    }


def render_articles_html(articles: Sequence[Article], errors: Sequence[IngestError] = ()) -> str:
    return TEMPLATES.get_template("articles.html").render(**_context(articles, errors))


def render_articles_markdown(
    articles: Sequence[Article], errors: Sequence[IngestError] = ()
) -> str:
    return TEMPLATES.get_template("articles.md").render(**_context(articles, errors))


def write_report(
    outdir: str | Path, articles: Sequence[Article], errors: Sequence[IngestError] = ()
) -> list[Path]:
    """Write ``articles.html`` and ``articles.md`` into ``outdir``; return their paths."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    html, md = out / "articles.html", out / "articles.md"
    html.write_text(render_articles_html(articles, errors), encoding="utf-8")
    md.write_text(render_articles_markdown(articles, errors), encoding="utf-8")
    return [html, md]
