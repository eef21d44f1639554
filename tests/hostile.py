"""Hostile inputs for the hardening tests and the bench: WARC records and gzip streams
that expand far beyond their size, built without holding the expanded bytes."""

from __future__ import annotations

import zlib

CHUNK = b"\x00" * (1 << 20)


def gzip_bomb(expanded_mib: int, fill: bytes = CHUNK) -> bytes:
    """A gzip stream of ``expanded_mib`` MiB of ``fill`` (zeros): ~1 KiB per MiB."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [packer.compress(fill) for _ in range(expanded_mib)]
    return b"".join(parts) + packer.flush()


def warc_record(
    body: bytes,
    *,
    encoding: str | None = None,
    url: str = "http://x.example/a",
    date: str = "2025-01-02T03:04:05Z",
    declared: int | None = None,
) -> bytes:
    """One WARC response record holding an HTML ``body`` (already encoded as
    ``encoding`` says); ``declared`` overrides the record's Content-Length."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
    if encoding:
        http += f"Content-Encoding: {encoding}\r\n".encode()
    block = http + b"\r\n" + body
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Record-ID: <urn:uuid:{abs(hash(block)):032x}>\r\n"
        f"WARC-Target-URI: {url}\r\nWARC-Date: {date}\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(block) if declared is None else declared}\r\n\r\n"
    )
    return head.encode() + block + b"\r\n\r\n"


def page(words: str) -> bytes:
    return (
        f"<html><head><title>Test page</title></head><body><article><p>{words}</p>"
        "</article></body></html>"
    ).encode()


def content_encoding_bomb(expanded_mib: int) -> bytes:
    """A plain WARC whose one response says ``Content-Encoding: gzip`` and expands to
    ``expanded_mib`` MiB."""
    return warc_record(gzip_bomb(expanded_mib), encoding="gzip")


def warc_gz_bomb(expanded_mib: int) -> bytes:
    """A ``.warc.gz`` whose record body alone expands to ``expanded_mib`` MiB."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    length = len(http) + (expanded_mib << 20)
    warc_head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
        "WARC-Target-URI: http://x.example/b\r\nWARC-Date: 2025-01-02T03:04:05Z\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {length}\r\n\r\n"
    ).encode()
    parts = [packer.compress(warc_head + http)]
    parts += [packer.compress(CHUNK) for _ in range(expanded_mib)]
    return b"".join(parts) + packer.compress(b"\r\n\r\n") + packer.flush()
