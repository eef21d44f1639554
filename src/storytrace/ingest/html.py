"""HTML pages: main text and metadata with trafilatura."""

from __future__ import annotations

import trafilatura

from ..errors import InputError
from ..model import Document, Metadata


def read_html(source: str, html: str, base: Metadata = Metadata(), fmt: str = "html") -> Document:
    """The article in an HTML page. ``base`` holds metadata known from elsewhere
    (a JSON record, a WARC header); it wins over what the page says."""
    try:
        result = trafilatura.bare_extraction(html, url=base.url, with_metadata=True)
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise InputError(source, f"malformed HTML: {exc}") from exc
    text = (result.text or "").strip() if result is not None else ""
    if not text:
        raise InputError(source, "no article text found in the HTML page")
    found = Metadata(
        title=result.title,
        url=result.url,
        outlet=result.sitename,
        published=result.date,
        author=result.author,
        published_from="html" if result.date else None,
    )
    return Document(source=source, format=fmt, text=text, metadata=base.merged_over(found))


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head or "<head" in head
