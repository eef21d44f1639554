"""Ingest: every input path becomes :class:`~storytrace.model.Document` records, or an
:class:`~storytrace.model.IngestError` naming the file and the reason. A bad file never
stops the batch.

:func:`read_bytes` is the one way from an input's bytes to documents (the CLI, web
uploads and the Spark job all use it), so every bound lives here: no input, read or
decompressed, gives more than ``IngestOptions.max_bytes``.

Formats, by file name (content is sniffed for other names and for stdin): ``.txt``
``.md`` text; ``.html`` ``.htm`` pages; ``.json`` ``.jsonl`` records; ``.warc``
``.warc.gz`` crawls; ``.rss`` ``.atom`` ``.xml`` feeds; any of them gzipped (``.gz``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import astuple

from ..config import IngestOptions
from ..errors import InputError
from ..model import Document, IngestError, Metadata, Page
from .feed import looks_like_feed, read_feed
from .files import InputFile, decode, gunzip, is_gzip, over_limit, walk
from .html import extract, looks_like_html
from .records import read_json, read_jsonl
from .sidecar import apply_sidecar, load_sidecar
from .warc import read_warc

__all__ = ["extract_page", "iter_documents", "load_sidecar", "read_bytes", "read_file"]

FORMATS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".warc": "warc",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
}  # fmt: skip


def iter_documents(
    paths: list[str],
    options: IngestOptions = IngestOptions(),
    sidecar: dict[str, Metadata] | None = None,
    *,
    defer_html: bool = False,
) -> Iterator[Document | Page | IngestError]:
    """Every document in ``paths``, in a stable order, with sidecar metadata applied.
    HTML comes as :class:`Page` (not extracted yet) with ``defer_html``."""
    for item in walk(paths, options):
        if isinstance(item, InputError):
            yield IngestError(item.source, item.reason)
            continue
        for result in read_bytes(item.source, item.data, options, defer_html=defer_html):
            if isinstance(result, InputError):
                yield IngestError(result.source or item.source, result.reason)
            else:
                yield apply_sidecar(result, sidecar) if sidecar else result


def read_bytes(
    source: str,
    data: bytes,
    options: IngestOptions = IngestOptions(),
    *,
    defer_html: bool = False,
) -> Iterator[Document | Page | InputError]:
    """The documents in one input's bytes (a file, standard input, an upload), named
    ``source``; errors come back as values and never stop the caller's batch. Gzip and
    WARC are expanded within ``options.max_bytes``. HTML is extracted here unless
    ``defer_html``, which leaves that to :func:`extract_page`."""
    try:
        for result in _read_bytes(source, data, options):
            result = _checked(result, options)
            yield extract_page(result) if isinstance(result, Page) and not defer_html else result
    except RecursionError:
        yield InputError(source, "nested too deeply to read")


def read_file(
    item: InputFile, *, defer_html: bool = False, options: IngestOptions = IngestOptions()
) -> Iterator[Document | Page | InputError]:
    """:func:`read_bytes` on an :class:`InputFile`."""
    return read_bytes(item.source, item.data, options, defer_html=defer_html)


def extract_page(page: Page) -> Document | InputError:
    """The document in ``page``, or why there is none."""
    try:
        return _checked(extract(page), None)
    except InputError as exc:
        return exc


def _read_bytes(
    source: str, data: bytes, options: IngestOptions
) -> Iterator[Document | Page | InputError]:
    if len(data) > options.max_bytes:
        yield InputError(source, over_limit(options.max_bytes, len(data)))
        return
    fmt = _format_by_name(source)
    if is_gzip(data) and fmt != "warc" and (fmt is None or source.lower().endswith(".gz")):
        try:
            data = gunzip(data, options.max_bytes)
        except InputError as exc:
            yield InputError(source, exc.reason)
            return
    if fmt == "warc" or (fmt is None and data[:8].startswith(b"WARC/")):
        yield from read_warc(source, data, options.max_bytes)
        return
    try:
        text = decode(source, data)
    except InputError as exc:
        yield exc
        return
    yield from _read_text_format(source, fmt or _sniff(text), text)


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _checked(
    item: Document | Page | InputError, options: IngestOptions | None
) -> Document | Page | InputError:
    """``item``, or an error when it is longer than ``options`` allow or its text holds a
    lone surrogate (from a JSON ``\\ud800`` escape or a character reference): such text
    cannot be stored or printed."""
    if isinstance(item, InputError):
        return item
    body = item.text if isinstance(item, Document) else item.html
    if options is not None:
        kind, limit, option = (
            ("document text", options.max_document_chars, "max_document_chars")
            if isinstance(item, Document)
            else ("HTML page", options.max_page_chars, "max_page_chars")
        )
        if len(body) > limit:
            return InputError(item.source, f"{kind} is {len(body):,} characters, over the "
                              f"{limit:,}-character limit ([ingest] {option})")  # fmt: skip
    fields = [body, *astuple(item.metadata)]
    if isinstance(item, Page):
        fields += astuple(item.fallback)
    for value in fields:
        found = _SURROGATE.search(value) if isinstance(value, str) else None
        if found:
            code = f"U+{ord(found.group()):04X}"
            reason = f"text holds a lone surrogate ({code}), which is not valid Unicode"
            return InputError(item.source, reason)
    return item


def _read_text_format(source: str, fmt: str, text: str) -> Iterator[Document | Page | InputError]:
    if fmt == "json":
        yield from read_json(source, text)
    elif fmt == "jsonl":
        yield from read_jsonl(source, text)
    elif fmt == "feed":
        yield from read_feed(source, text)
    elif fmt == "html":
        yield Page(source, "html", text)
    else:
        yield Document(source=source, format="text", text=text)


def _format_by_name(source: str) -> str | None:
    name = source.lower().removesuffix(".gz")
    for suffix, fmt in FORMATS.items():
        if name.endswith(suffix):
            return fmt
    return None


def _sniff(text: str) -> str:
    head = text.lstrip()[:1]
    if looks_like_feed(text):
        return "feed"
    if looks_like_html(text):
        return "html"
    if head and head in "{[":
        lines = [line for line in text.splitlines() if line.strip()]
        return (
            "jsonl"
            if len(lines) > 1 and all(ln.lstrip().startswith("{") for ln in lines)
            else "json"
        )
    return "text"
