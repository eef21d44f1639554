"""JSON and JSON Lines: one article per object, with ``text`` or ``html`` and optional
``title``, ``url``, ``outlet``, ``published`` and ``author``."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import Any

from ..errors import InputError
from ..model import Document, Metadata, Page
from .dates import date_problem, valid_date

TEXT_KEYS = ("text", "content", "body", "article")
HTML_KEYS = ("html", "raw_html")


def read_json(source: str, text: str) -> Iterator[Document | Page | InputError]:
    """A JSON file: one article object, or a list of them."""
    try:
        data = _loads(text)
    except InputError as exc:
        yield InputError(source, f"malformed JSON: {exc.reason}")
        return
    items = data if isinstance(data, list) else [data]
    if not items:
        yield InputError(source, "the JSON list holds no articles")
    for index, item in enumerate(items, 1):
        name = source if len(items) == 1 else f"{source}#{index}"
        yield _record(name, item)


def read_jsonl(source: str, text: str) -> Iterator[Document | Page | InputError]:
    """A JSON Lines file: one article object per line; a bad line does not stop the rest."""
    lines = 0
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        lines += 1
        name = f"{source}#{number}"
        try:
            item = _loads(line)
        except InputError as exc:
            yield InputError(name, f"malformed JSON line: {exc.reason}")
            continue
        yield _record(name, item)
    if not lines:
        yield InputError(source, "the JSON Lines file holds no records")


def _loads(text: str) -> Any:
    """Parsed JSON; :class:`InputError` (without source) when it is malformed or nested
    deeper than Python's recursion limit allows."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError("", f"{exc.msg} at line {exc.lineno}") from exc
    except RecursionError as exc:
        raise InputError("", "nested too deeply") from exc


def _record(source: str, item: Any) -> Document | Page | InputError:
    if not isinstance(item, dict):
        return InputError(source, f"expected a JSON object, got {type(item).__name__}")
    meta = Metadata(
        title=_string(item, "title", "headline"),
        url=_string(item, "url", "link") or _url(_string(item, "source")),
        outlet=_string(item, "outlet", "sitename", "source-hostname", "site")
        or _name(_string(item, "source")),
        published=_string(item, "published", "date", "published_at", "pubdate"),
        author=_string(item, "author", "byline"),
    )
    if meta.published:
        if not valid_date(meta.published):
            return InputError(source, date_problem(meta.published))
        meta = dataclasses.replace(meta, published_from="input")
    text = _string(item, *TEXT_KEYS)
    if text and text.strip():
        return Document(source=source, format="json", text=text.strip(), metadata=meta)
    html = _string(item, *HTML_KEYS)
    if html and html.strip():
        return Page(source, "json", html, meta)
    keys = ", ".join(TEXT_KEYS + HTML_KEYS)
    return InputError(source, f"object has no article text (expected one of: {keys})")


def _string(item: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _url(value: str | None) -> str | None:
    """trafilatura's JSON puts the page's URL in ``source`` (its site is ``sitename``)."""
    return value if value and "://" in value else None


def _name(value: str | None) -> str | None:
    """A ``source`` that is a name (another tool's), not trafilatura's URL."""
    return value if value and "://" not in value else None
