"""HTML pages: main text and metadata with trafilatura."""

from __future__ import annotations

import re

import trafilatura

from ..errors import InputError
from ..model import Document, Metadata, Page


def read_html(source: str, html: str, base: Metadata = Metadata(), fmt: str = "html") -> Document:
    """The article in an HTML page. ``base`` holds metadata known from elsewhere
    (a JSON record, a WARC header); it wins over what the page says."""
    return extract(Page(source, fmt, html, base))


def extract(page: Page) -> Document:
    """The article in ``page``, with its metadata; :class:`InputError` when the page has
    no article text."""
    try:
        result = trafilatura.bare_extraction(page.html, url=page.metadata.url, with_metadata=True)
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise InputError(page.source, f"malformed HTML: {exc}") from exc
    text = (result.text or "").strip() if result is not None else ""
    if not text:
        raise InputError(page.source, "no article text found in the HTML page")
    if not has_prose(text):
        raise InputError(
            page.source,
            f"no article text found in the HTML page, only short pieces such as menus "
            f"({' '.join(text.split())[:60]!r})",
        )
    found = Metadata(
        title=result.title,
        url=result.url,
        outlet=result.sitename,
        published=result.date,
        author=result.author,
        published_from="html" if result.date else None,
    )
    metadata = page.metadata.merged_over(found).merged_over(page.fallback)
    return Document(source=page.source, format=page.format, text=text, metadata=metadata)


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head or "<head" in head


PROSE_MIN_WORDS = 5
"""A piece of page text (a line, or the part of it between menu separators such as
``|`` and ``·``) of at least this many words is prose ..."""

SENTENCE_MIN_WORDS = 3
"""... and so is one of at least this many words that ends a sentence. A page with
neither holds no article: "Home | About" is a navigation bar."""

_PIECES = re.compile(r"\n|\s[|·•»]\s")
_WORD = re.compile(r"\w+")


def has_prose(text: str) -> bool:
    """Whether ``text`` (extracted from a page) holds at least one piece of prose."""
    for piece in _PIECES.split(text):
        words = len(_WORD.findall(piece))
        if words >= PROSE_MIN_WORDS:
            return True
        if words >= SENTENCE_MIN_WORDS and piece.rstrip(" \"'”’)").endswith((".", "!", "?")):
            return True
    return False
