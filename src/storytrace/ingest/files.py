"""Walking input paths, reading files within the size bound, and turning bytes into text.

Every read stops at ``IngestOptions.max_bytes``: a regular file, standard input and (in
:mod:`storytrace.ingest`) every decompression. Anything that is not a regular file (a
FIFO, a device, a socket) is skipped with its reason: reading one could block forever
or never end."""

from __future__ import annotations

import os
import re
import stat
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import charset_normalizer

from ..config import IngestOptions
from ..errors import InputError


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file to read: its name for messages and its bytes (as read, maybe compressed)."""

    source: str
    data: bytes


def walk(paths: list[str], options: IngestOptions) -> Iterator[InputFile | InputError]:
    """Every file under ``paths`` (directories recursively, ``-`` for stdin), in sorted order."""
    for path in paths:
        if path == "-":
            yield read_stream("<stdin>", sys.stdin.buffer, options.max_bytes)
        else:
            yield from _walk_path(Path(path), options, seen=set())


def _walk_path(
    path: Path, options: IngestOptions, seen: set[str]
) -> Iterator[InputFile | InputError]:
    label = path_label(path)
    if label != str(path):
        yield InputError(label, "file name is not valid UTF-8 (shown escaped): rename it")
    elif path.is_symlink() and not path.exists():
        yield InputError(label, "broken symbolic link or symbolic link loop")
    elif path.is_dir():
        yield from _walk_dir(path, options, seen)
    elif path.exists():
        yield read_path(path, options.max_bytes)
    else:
        yield InputError(label, "no such file or directory")


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


def path_label(path: Path) -> str:
    """``path`` as text that can be printed and stored: bytes of a name that is not
    UTF-8 are shown as ``\\xNN``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


_KINDS = {
    stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device", stat.S_IFSOCK: "a socket",
}  # fmt: skip


_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # absent on Windows, which has no FIFOs to open


def read_path(path: Path, max_bytes: int) -> InputFile | InputError:
    """The bytes of the regular file at ``path``, at most ``max_bytes`` of them. The file
    is opened without blocking and checked on the open descriptor, so a FIFO put in its
    place cannot hang the read."""
    source = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        return InputError(source, f"cannot read: {exc.strerror or exc}")
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = _KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
            return InputError(source, f"skipped: {kind}, not a regular file")
        if info.st_size > max_bytes:
            return InputError(source, over_limit(max_bytes, info.st_size))
        if _NONBLOCK:
            os.set_blocking(fd, True)
        return read_stream(source, file, max_bytes)


def read_stream(source: str, stream: BinaryIO, max_bytes: int) -> InputFile | InputError:
    """At most ``max_bytes`` from ``stream`` (a file, standard input)."""
    try:
        data = stream.read(max_bytes + 1)
    except OSError as exc:
        return InputError(source, f"cannot read: {exc.strerror or exc}")
    if len(data) > max_bytes:
        return InputError(source, over_limit(max_bytes))
    return InputFile(source, data)


def over_limit(max_bytes: int, size: int | None = None) -> str:
    what = f"is {size:,} bytes" if size is not None else "holds more"
    return f"input {what}, over the {max_bytes:,}-byte limit (--max-bytes)"


def gunzip(data: bytes, max_bytes: int) -> bytes:
    """Decompress gzip data (all members), refusing truncated streams and output over
    ``max_bytes``: no more than ``max_bytes + 1`` bytes are ever produced."""
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
    """Bytes to text: UTF-8 (with or without BOM), else Windows-1252 when it reads as
    Latin words, else whatever charset detection finds. Text of only whitespace (any
    Unicode whitespace) is refused as empty."""
    if not data.strip():
        raise InputError(source, "empty file")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(source, "binary file (not text)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _western(data) or _detected(source, data)
    if not text.strip():
        raise InputError(source, "empty file (only whitespace)")
    return text


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
_TYPOGRAPHY = set("“”‘’‚„–—…•€£©®°«»·§¶\u00a0")


def _western(data: bytes) -> str | None:
    """``data`` as Windows-1252 (a superset of Latin-1) when every non-ASCII character it
    gives is typographic punctuation or a letter inside a word of ASCII letters
    (``Zürich``, ``Straße``). Charset detection guesses wrong on such short texts; a
    Cyrillic or Greek text fails this test (its words have no ASCII letters)."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    for run in _NON_ASCII_RUN.finditer(text):
        letters = [c for c in run.group() if c not in _TYPOGRAPHY]
        if not letters:
            continue
        if len(letters) > 2 or not all(c.isalpha() for c in letters):
            return None
        before, after = text[run.start() - 1 : run.start()], text[run.end() : run.end() + 1]
        if not (before.isascii() and before.isalpha() or after.isascii() and after.isalpha()):
            return None
    return text


def _detected(source: str, data: bytes) -> str:
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise InputError(source, "undecodable text (no known character encoding fits)")
    return str(best)


def is_gzip(data: bytes) -> bool:
    return data[:2] == b"\x1f\x8b"


__all__ = [
    "InputFile", "decode", "gunzip", "is_gzip", "over_limit", "path_label", "read_path",
    "read_stream", "walk",
]  # fmt: skip
