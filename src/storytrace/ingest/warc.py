"""WARC files (plain or gzipped): the HTML responses in them, one article each."""

from __future__ import annotations

import io
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import InputError
from ..model import Document, Metadata
from .files import gunzip, is_gzip
from .html import read_html


def read_warc(source: str, data: bytes) -> Iterator[Document | InputError]:
    if is_gzip(data):
        try:
            gunzip(data, max_bytes=len(data) * 200)
        except InputError as exc:
            yield InputError(source, f"truncated or corrupt WARC: {exc.reason}")
            return
    found = 0
    try:
        for index, record in enumerate(ArchiveIterator(io.BytesIO(data)), 1):
            if not _is_html_response(record):
                continue
            found += 1
            yield _response(f"{source}#{index}", record)
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as exc:
        yield InputError(source, f"truncated or corrupt WARC after {found} response(s): {exc}")
        return
    if not found:
        yield InputError(source, "WARC holds no HTML response records")


def _is_html_response(record) -> bool:  # type: ignore[no-untyped-def]
    if record.rec_type != "response" or record.http_headers is None:
        return False
    content_type = record.http_headers.get_header("Content-Type") or ""
    return "html" in content_type.lower()


def _response(source: str, record) -> Document | InputError:  # type: ignore[no-untyped-def]
    body = record.content_stream().read()
    date = record.rec_headers.get_header("WARC-Date")
    meta = Metadata(url=record.rec_headers.get_header("WARC-Target-URI"))
    try:
        doc = read_html(source, body.decode("utf-8", errors="replace"), meta, fmt="warc")
    except InputError as exc:
        return exc
    if not doc.metadata.published and date:
        # The crawl date bounds the publication date from above; it is marked as such.
        fallback = Metadata(published=date[:10], published_from="warc")
        doc = Document(doc.source, doc.format, doc.text, doc.metadata.merged_over(fallback))
    return doc
