"""WARC files (plain or gzipped): the HTML responses in them, one article each."""

from __future__ import annotations

import io
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import InputError
from ..model import Metadata, Page
from .files import gunzip, is_gzip


def read_warc(source: str, data: bytes) -> Iterator[Page | InputError]:
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


def _response(source: str, record) -> Page:  # type: ignore[no-untyped-def]
    body = record.content_stream().read().decode("utf-8", errors="replace")
    date = record.rec_headers.get_header("WARC-Date")
    meta = Metadata(url=record.rec_headers.get_header("WARC-Target-URI"))
    # The crawl date bounds the publication date from above; it is marked as such.
    crawled = Metadata(published=date[:10], published_from="warc") if date else Metadata()
    return Page(source, "warc", body, meta, crawled)
