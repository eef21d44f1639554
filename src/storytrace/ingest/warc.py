"""WARC files (plain or gzipped): the HTML responses in them, one article each.

Bounded like every input: a ``.warc.gz`` is expanded to at most ``max_bytes``, and the
response bodies, once their ``Content-Encoding`` is undone, share the same budget. A
record that ends before its declared length is a truncated file."""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed

from ..errors import InputError
from ..model import Metadata, Page
from .dates import valid_date
from .files import gunzip, is_gzip

DECODINGS = {"gzip": 31, "x-gzip": 31, "deflate": 47}
"""zlib ``wbits`` for each supported Content-Encoding (47: zlib or gzip header)."""


@dataclass(slots=True)
class _Budget:
    """Bytes that response bodies may still produce, of ``limit``."""

    limit: int
    left: int = -1

    def __post_init__(self) -> None:
        self.left = self.limit

    def take(self, size: int, source: str) -> None:
        self.left -= size
        if self.left < 0:
            raise InputError(source, f"response bodies come to over the {self.limit:,}-byte "
                             "limit once decoded (--max-bytes)")  # fmt: skip


def read_warc(source: str, data: bytes, max_bytes: int) -> Iterator[Page | InputError]:
    if is_gzip(data):
        try:
            data = gunzip(data, max_bytes)
        except InputError as exc:
            yield InputError(source, f"gzipped WARC: {exc.reason}")
            return
    found, budget = 0, _Budget(max_bytes)
    try:
        for index, record in enumerate(ArchiveIterator(io.BytesIO(data)), 1):
            name = f"{source}#{index}"
            page = _response(name, record, budget) if _is_html_response(record) else None
            _drain(name, record)
            if page is not None:
                found += 1
                yield page
    except InputError as exc:
        yield InputError(source, f"{exc.reason} (after {found} response(s))")
        return
    except Exception as exc:  # noqa: BLE001 - warcio raises many kinds on broken headers
        reason = str(exc) if isinstance(exc, ArchiveLoadFailed | OSError) else type(exc).__name__
        yield InputError(source, f"truncated or corrupt WARC after {found} response(s): {reason}")
        return
    if not found:
        yield InputError(source, "WARC holds no HTML response records")


def _is_html_response(record) -> bool:  # type: ignore[no-untyped-def]
    if record.rec_type != "response" or record.http_headers is None:
        return False
    content_type = record.http_headers.get_header("Content-Type") or ""
    return "html" in content_type.lower()


def _response(source: str, record, budget: _Budget) -> Page:  # type: ignore[no-untyped-def]
    body = _body(source, record, budget).decode("utf-8", errors="replace")
    meta = Metadata(url=record.rec_headers.get_header("WARC-Target-URI"))
    # The crawl date bounds the publication date from above; it is marked as such.
    date = valid_date((record.rec_headers.get_header("WARC-Date") or "")[:10])
    crawled = Metadata(published=date, published_from="warc") if date else Metadata()
    return Page(source, "warc", body, meta, crawled)


def _body(source: str, record, budget: _Budget) -> bytes:  # type: ignore[no-untyped-def]
    """The response body with its transfer and content encodings undone, within budget."""
    stream = record.raw_stream
    if (record.http_headers.get_header("Transfer-Encoding") or "").lower() == "chunked":
        stream = ChunkedDataReader(stream, decomp_type=None)
    raw = stream.read(budget.left + 1)
    if len(raw) > budget.left:
        budget.take(len(raw), source)
    encoding = (record.http_headers.get_header("Content-Encoding") or "identity").lower()
    if encoding == "identity":
        budget.take(len(raw), source)
        return raw
    if encoding not in DECODINGS:
        raise InputError(source, f"unsupported Content-Encoding {encoding!r}")
    decompressor = zlib.decompressobj(wbits=DECODINGS[encoding])
    body = decompressor.decompress(raw, budget.left + 1)
    budget.take(len(body), source)
    return body


def _drain(source: str, record) -> None:  # type: ignore[no-untyped-def]
    """Read the record to its end; one that ends before its declared length means the
    file was cut short."""
    while record.raw_stream.read(65536):
        pass
    if getattr(record.raw_stream, "limit", 0) > 0:
        raise InputError(source, "truncated WARC: a record ends before its declared length")
