"""The rows a dossier repeats most, written in Python with each value escaped once: an
article's name and link, lists of names, and who stated a fact with which reading.

The templates wrote the same bytes with a loop per list and a look-up, a call and an
escape per value. A large story's facts hold tens of thousands of statements but only a
few distinct (article, reading) pairs, so each such row is written once per dossier
(:func:`row_writers` memoises per dossier, since the names differ between dossiers)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from markupsafe import Markup, escape

from .escaping import md_inline


def row_writers(names: dict[str, str]) -> dict[str, Callable[..., Any]]:
    """The template globals of one dossier whose articles are called ``names``."""

    @cache
    def name(article_id: str) -> Markup:
        return escape(names.get(article_id, article_id))

    @cache
    def name_md(article_id: str) -> str:
        return md_inline(names.get(article_id, article_id))

    @cache
    def aname(article_id: str) -> Markup:
        return Markup(f'<a href="#article-{escape(article_id)}">{name(article_id)}</a>')

    @cache
    def stated_html(article: str, certainty: Any, attribution: Any, attributed_to: Any) -> str:
        said = f": {escape(attributed_to)}" if attributed_to else ""
        reading = _reading(certainty, attribution, escape)
        return f"<div><b>{name(article)}</b> · {reading}{said}</div>"

    @cache
    def stated_md(article: str, certainty: Any, attribution: Any, attributed_to: Any) -> str:
        said = f": {md_inline(attributed_to)}" if attributed_to else ""
        return f"{name_md(article)} · {_reading(certainty, attribution, str)}{said}"

    def names_html(ids: Iterable[str]) -> Markup:
        return Markup(", ".join(map(name, ids)))

    def names_md(ids: Iterable[str]) -> str:
        return ", ".join(map(name_md, ids))

    def links_html(ids: Iterable[str]) -> Markup:
        return Markup(", ".join(map(aname, ids)))

    def stated_by_html(statements: list[dict[str, Any]]) -> Markup:
        return Markup("".join(stated_html(*_reading_key(s)) for s in statements))

    def stated_by_md(statements: list[dict[str, Any]]) -> str:
        return "; ".join(stated_md(*_reading_key(s)) for s in statements)

    def wordings_html(statements: list[dict[str, Any]]) -> Markup:
        rows = (f"<li><b>{name(s['article'])}</b>: {escape(s['text'])}</li>" for s in statements)
        return Markup("".join(rows))

    return {
        "aname": aname,
        "names_html": names_html,
        "names_md": names_md,
        "links_html": links_html,
        "stated_by_html": stated_by_html,
        "stated_by_md": stated_by_md,
        "wordings_html": wordings_html,
    }


def _reading_key(statement: dict[str, Any]) -> tuple[Any, ...]:
    get = statement.get
    return statement["article"], get("certainty"), get("attribution"), get("attributed_to")


def _reading(certainty: Any, attribution: Any, text: Callable[[Any], str]) -> str:
    """``certainty · attribution`` as the templates wrote them ("?" for none), each
    through ``text`` (the HTML escape, or ``str`` for Markdown)."""
    return f"{text(certainty or '?')} · {text(str(attribution or '?').replace('_', ' '))}"
