"""Walking input paths and turning file bytes into text."""

from __future__ import annotations

import os
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from ..config import IngestOptions
from ..errors import InputError


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file to read: its name for messages and its bytes (already decompressed)."""

    source: str
    data: bytes


def walk(paths: list[str], options: IngestOptions) -> Iterator[InputFile | InputError]:
    """Every file under ``paths`` (directories recursively, ``-`` for stdin), in sorted order."""
    for path in paths:
        if path == "-":
            yield InputFile("<stdin>", sys.stdin.buffer.read())
        else:
            yield from _walk_path(Path(path), options, seen=set())


def _walk_path(
    path: Path, options: IngestOptions, seen: set[str]
) -> Iterator[InputFile | InputError]:
    if path.is_symlink() and not path.exists():
        yield InputError(str(path), "broken symbolic link or symbolic link loop")
    elif path.is_dir():
        yield from _walk_dir(path, options, seen)
    elif path.exists():
        yield _read_file(path, options)
    else:
        yield InputError(str(path), "no such file or directory")


def _walk_dir(
    path: Path, options: IngestOptions, seen: set[str]
) -> Iterator[InputFile | InputError]:
    real = os.path.realpath(path)
    if real in seen:
        yield InputError(str(path), "symbolic link loop (directory already visited)")
        return
    seen = seen | {real}
    try:
        children = sorted(path.iterdir())
    except OSError as exc:
        yield InputError(str(path), f"cannot list directory: {exc.strerror or exc}")
        return
    for child in children:
        if child.name.startswith("."):
            continue
        if child.is_symlink() and not options.follow_symlinks:
            continue
        yield from _walk_path(child, options, seen)


def _read_file(path: Path, options: IngestOptions) -> InputFile | InputError:
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            return InputError(
                str(path), f"file is {size:,} bytes, over the {options.max_bytes:,}-byte limit"
            )
        data = path.read_bytes()
    except OSError as exc:
        return InputError(str(path), f"cannot read: {exc.strerror or exc}")
    if path.suffix.lower() == ".gz" and not path.name.lower().endswith(".warc.gz"):
        try:
            data = gunzip(data, options.max_bytes)
        except InputError as exc:
            return InputError(str(path), exc.reason)
    return InputFile(str(path), data)


def gunzip(data: bytes, max_bytes: int) -> bytes:
    """Decompress gzip data (all members), refusing truncated or oversized streams."""
    out, rest = bytearray(), data
    while rest:
        try:
            decompressor = zlib.decompressobj(wbits=31)
            out += decompressor.decompress(rest, max_bytes + 1 - len(out))
        except zlib.error as exc:
            raise InputError("", f"corrupt gzip data: {exc}") from exc
        if len(out) > max_bytes:
            raise InputError("", f"decompresses to over the {max_bytes:,}-byte limit")
        if not decompressor.eof:
            raise InputError("", "truncated gzip file (compressed stream ends early)")
        rest = decompressor.unused_data
    return bytes(out)


def decode(source: str, data: bytes) -> str:
    """Bytes to text: UTF-8 (with or without BOM), else whatever charset detection finds."""
    if not data.strip():
        raise InputError(source, "empty file")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(source, "binary file (not text)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise InputError(source, "undecodable text (no known character encoding fits)")
    return str(best)


def is_gzip(data: bytes) -> bool:
    return data[:2] == b"\x1f\x8b"


__all__ = ["InputFile", "decode", "gunzip", "is_gzip", "walk"]
