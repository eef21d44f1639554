"""Uploads parsed in memory: a multipart body becomes named byte strings, and those become
documents. Nothing from a request is ever written to disk or used as a path: a file's
name is only a label (its last path component, cleaned), used to pick its format."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from python_multipart.multipart import MultipartParser, MultipartState, parse_options_header
from starlette.requests import Request

from ..config import IngestOptions
from ..errors import InputError
from ..ingest import read_bytes
from ..ingest.files import InputFile
from ..ingest.sidecar import apply_sidecar
from ..ingest.sidecar import parse_sidecar as parse_sidecar_text
from ..model import Document, IngestError, Metadata

MAX_NAME = 120
_UNSAFE = re.compile(r"[^\w.\- ]+")


class UploadError(ValueError):
    """The request body is not a usable upload (the message says why)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(slots=True)
class Part:
    name: str = ""
    filename: str | None = None
    data: bytearray = field(default_factory=bytearray)


def safe_name(filename: str | None, index: int) -> str:
    """A label for an uploaded file: its last path component, with anything but letters,
    digits, ``.``, ``-``, ``_`` and spaces replaced, never empty nor hidden."""
    base = re.split(r"[\\/]", filename or "")[-1]
    base = _UNSAFE.sub("_", base).strip(" .")[:MAX_NAME]
    return base or f"upload-{index}"


def parse_multipart(content_type: str, body: bytes, max_parts: int) -> list[Part]:
    """The parts of a ``multipart/form-data`` body, all in memory."""
    kind, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise UploadError("send the files as multipart/form-data (field 'files')", 415)
    parts: list[Part] = []
    header: dict[str, bytes] = {"field": b"", "value": b""}
    headers: dict[bytes, bytes] = {}

    def on_part_begin() -> None:
        if len(parts) >= max_parts:
            raise UploadError(f"too many parts: at most {max_parts} files per upload")
        parts.append(Part())
        headers.clear()

    def on_header_field(data: bytes, start: int, end: int) -> None:
        header["field"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        header["value"] += data[start:end]

    def on_header_end() -> None:
        headers[header["field"].lower()] = header["value"]
        header["field"] = header["value"] = b""

    def on_headers_finished() -> None:
        _, disposition = parse_options_header(headers.get(b"content-disposition", b""))
        parts[-1].name = disposition.get(b"name", b"").decode("utf-8", "replace")
        filename = disposition.get(b"filename")
        parts[-1].filename = None if filename is None else filename.decode("utf-8", "replace")

    def on_part_data(data: bytes, start: int, end: int) -> None:
        parts[-1].data += data[start:end]

    callbacks = {
        "on_part_begin": on_part_begin,
        "on_header_field": on_header_field,
        "on_header_value": on_header_value,
        "on_header_end": on_header_end,
        "on_headers_finished": on_headers_finished,
        "on_part_data": on_part_data,
    }
    try:
        parser = MultipartParser(boundary, callbacks)  # type: ignore[arg-type]
        parser.write(body)
        parser.finalize()
    except UploadError:
        raise
    except Exception as exc:  # python-multipart raises several error types
        raise UploadError(f"malformed multipart body: {exc}") from exc
    if parser.state != MultipartState.END:
        raise UploadError("malformed multipart body: it ends before its closing boundary")
    return parts


@dataclass(slots=True)
class Upload:
    """What a multipart upload holds: files (name, bytes) and an optional metadata sidecar."""

    files: list[InputFile]
    sidecar: dict[str, Metadata] | None


def read_upload(parts: list[Part], max_files: int, max_bytes: int) -> Upload:
    """Files from the parts named ``files`` (or any other file part but ``meta``), and the
    sidecar from the part named ``meta`` (CSV, or JSON if its name ends in ``.json``)."""
    files: list[InputFile] = []
    sidecar = None
    for index, part in enumerate(parts, 1):
        if part.name == "meta" and part.data.strip():
            sidecar = parse_sidecar(safe_name(part.filename, index), bytes(part.data))
        elif part.name == "files" or (part.filename is not None and part.name != "meta"):
            if part.filename == "" and not part.data:
                continue  # an empty file input in a browser form
            files.append(InputFile(safe_name(part.filename, index), bytes(part.data)))
    if not files:
        raise UploadError("no files: send one or more files in the multipart field 'files'")
    if len(files) > max_files:
        raise UploadError(f"too many files: {len(files)}, at most {max_files} per upload")
    return Upload(files, sidecar)


async def receive_upload(request: Request, max_files: int, max_bytes: int) -> Upload:
    """The upload a multipart request carries, read into memory (the app's Guard stops
    the body past its size limit)."""
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
    # one part more than the files for the sidecar, one more to tell "too many"
    parts = parse_multipart(request.headers.get("content-type", ""), bytes(body), max_files + 2)
    return read_upload(parts, max_files, max_bytes)


def parse_sidecar(name: str, data: bytes) -> dict[str, Metadata]:
    """A metadata sidecar sent with an upload, as :func:`storytrace.ingest.load_sidecar`
    reads one from disk."""
    try:
        return parse_sidecar_text(name, data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise UploadError(f"metadata file {name}: not UTF-8 text") from exc
    except (InputError, KeyError, TypeError, ValueError) as exc:
        raise UploadError(f"metadata file {name}: {exc}") from exc


def upload_documents(upload: Upload, max_bytes: int) -> Iterator[Document | IngestError]:
    """Every document in the uploaded files, errors as values, the sidecar applied."""
    options = IngestOptions(max_bytes=max_bytes)
    for item in upload.files:
        for result in read_bytes(item.source, item.data, options):
            if isinstance(result, InputError):
                yield IngestError(result.source or item.source, result.reason)
            else:
                yield apply_sidecar(result, upload.sidecar) if upload.sidecar else result


def pasted_document(text: str, metadata: Metadata, index: int) -> Document | IngestError:
    """A pasted article: its text as a text document labelled ``pasted-N``."""
    source = f"pasted-{index}"
    if not text.strip():
        return IngestError(source, "empty text: paste the article's text")
    return Document(source=source, format="text", text=text, metadata=metadata)
