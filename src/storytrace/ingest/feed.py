"""RSS and Atom feed files: each entry with content becomes an article."""

from __future__ import annotations

import time
from collections.abc import Iterator

import feedparser

from ..errors import InputError
from ..model import Document, Metadata, Page
from .html import looks_like_html


def looks_like_feed(text: str) -> bool:
    head = text[:1024].lstrip().lower()
    return (
        head.startswith("<?xml")
        and ("<rss" in head or "<feed" in head)
        or head.startswith(("<rss", "<feed"))
    )


def read_feed(source: str, text: str) -> Iterator[Document | Page | InputError]:
    try:
        parsed = feedparser.parse(text)
    except Exception as exc:  # noqa: BLE001 - feedparser raises many kinds on hostile markup
        yield InputError(source, f"malformed feed: {type(exc).__name__}: {str(exc)[:120]}")
        return
    if parsed.bozo and not parsed.entries:
        yield InputError(source, f"malformed feed: {parsed.get('bozo_exception')}")
        return
    outlet = parsed.feed.get("title")
    for index, entry in enumerate(parsed.entries, 1):
        yield _entry(f"{source}#{index}", entry, outlet)
    if not parsed.entries:
        yield InputError(source, "feed has no entries")


def _entry(source: str, entry, outlet: str | None) -> Document | Page | InputError:  # type: ignore[no-untyped-def]
    body = _content(entry)
    if not body:
        return InputError(source, "feed entry has no content or summary")
    meta = Metadata(
        title=entry.get("title"),
        url=entry.get("link"),
        outlet=outlet,
        published=_date(entry),
        author=entry.get("author"),
        published_from="feed" if _date(entry) else None,
    )
    if looks_like_html(body) or "<p" in body.lower():
        return Page(source, "feed", f"<html><body><article>{body}</article></body></html>", meta)
    return Document(source=source, format="feed", text=body.strip(), metadata=meta)


def _content(entry) -> str:  # type: ignore[no-untyped-def]
    for part in entry.get("content") or []:
        if part.get("value", "").strip():
            return part["value"]
    return entry.get("summary", "") or ""


def _date(entry) -> str | None:  # type: ignore[no-untyped-def]
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%dT%H:%M:%S", parsed) if parsed else None
