"""JSON and JSON Lines: one article per object, with ``text`` or ``html`` and optional
``title``, ``url``, ``outlet``, ``published`` and ``author``."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import Any

from ..errors import InputError
from ..model import Document, Metadata, Page

TEXT_KEYS = ("text", "content", "body", "article")
HTML_KEYS = ("html", "raw_html")


def read_json(source: str, text: str) -> Iterator[Document | Page | InputError]:
    """A JSON file: one article object, or a list of them."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield InputError(source, f"malformed JSON: {exc.msg} at line {exc.lineno}")
        return
    items = data if isinstance(data, list) else [data]
    for index, item in enumerate(items, 1):
        name = source if len(items) == 1 else f"{source}#{index}"
        yield _record(name, item)


def read_jsonl(source: str, text: str) -> Iterator[Document | Page | InputError]:
    """A JSON Lines file: one article object per line; a bad line does not stop the rest."""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        name = f"{source}#{number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(name, f"malformed JSON line: {exc.msg}")
            continue
        yield _record(name, item)


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
