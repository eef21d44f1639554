"""Plain data types shared by every stage.

Every extracted thing carries a :class:`Span` into the text it came from: cleaning
keeps spans into the raw text of a document, later stages keep spans into an
article's clean text, and :meth:`Article.raw_span` maps one to the other.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import astuple, dataclass, field
from enum import StrEnum


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Half-open character range ``[start, end)`` into some text."""

    start: int
    end: int

    def of(self, text: str) -> str:
        return text[self.start : self.end]

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Metadata:
    """What is known about an article besides its text. Every field is optional.

    ``published`` is an ISO 8601 date or date-time; ``published_from`` says where it
    came from (``input``, ``sidecar``, ``html``, ``feed``, ``warc``, ``inferred: dateline``...);
    ``outlet_from`` is None for a given outlet and ``inferred: wire credit``, ``inferred:
    dateline`` or ``inferred: told`` for one read from the text.
    """

    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    author: str | None = None
    published_from: str | None = None
    outlet_from: str | None = None

    def merged_over(self, base: Metadata) -> Metadata:
        """Fields set here win; the rest come from ``base`` (an outlet with its ``outlet_from``)."""
        merged = {name: getattr(self, name) or getattr(base, name) for name in _METADATA_FIELDS}
        merged["outlet_from"] = self.outlet_from if self.outlet else base.outlet_from
        return Metadata(**merged)


_METADATA_FIELDS = tuple(Metadata.__dataclass_fields__)


@dataclass(frozen=True, slots=True)
class Document:
    """One decoded input document, as an ingest reader yields it.

    ``text`` is where cleaning starts: the decoded file for text formats, the main
    text trafilatura extracted for HTML. It is stored untouched.
    """

    source: str
    format: str
    text: str
    metadata: Metadata = field(default_factory=Metadata)
    copy_in: str = ""
    """Set (to its file name) when the same text is stored from another file: a verbatim
    copy, kept as a document of its own."""

    @property
    def id(self) -> str:
        """Content hash: the same text is the same document, whatever its metadata says
        (ingesting it again with new metadata corrects the stored document)."""
        key = f"{self.copy_in}\x1f{self.text}" if self.copy_in else self.text
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Page:
    """An HTML page whose article is not extracted yet.

    Extraction is the costly part of reading HTML, so ingest hands pages to the worker
    processes as they are, and skips a page whose ``fingerprint`` is already stored: an
    interrupted ingest resumes without extracting finished pages again. ``metadata``
    (from a JSON record, a WARC header) wins over what the page says; ``fallback`` (a
    crawl date, a sidecar) only fills what neither gives."""

    source: str
    format: str
    html: str
    metadata: Metadata = field(default_factory=Metadata)
    fallback: Metadata = field(default_factory=Metadata)

    @property
    def fingerprint(self) -> str:
        """Hash of everything the extracted document depends on."""
        fields = (self.format, self.html, *astuple(self.metadata), *astuple(self.fallback))
        key = "\x1f".join(value or "" for value in fields)
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class IngestError:
    """An input that could not be read, with the reason in one line."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


class RemovalReason(StrEnum):
    REPEATED_LINE = "repeated_line"
    CAPTION = "caption"
    STRAY_LINE = "stray_line"
    FOOTER = "footer"
    RELATED_LINKS = "related_links"
    SPLIT_OFF = "split_off"


@dataclass(frozen=True, slots=True)
class Removal:
    """A piece of the raw text that cleaning cut, and why."""

    span: Span
    reason: RemovalReason
    detail: str


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of clean text copied from the raw text: ``clean[c:c+n] == raw[r:r+n]``."""

    clean_start: int
    raw_start: int
    length: int


@dataclass(frozen=True, slots=True)
class Article:
    """One article: a document, or one of the articles a glued-together document held."""

    document_id: str
    part: int
    source: str
    format: str
    raw_text: str
    span: Span
    clean_text: str
    segments: tuple[Segment, ...]
    metadata: Metadata
    removals: tuple[Removal, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.document_id}-{self.part}"

    @property
    def title(self) -> str | None:
        return self.metadata.title

    def raw_span(self, clean: Span) -> Span:
        """Map a span of the clean text to the raw text it was copied from."""
        return Span(self._to_raw(clean.start, end=False), self._to_raw(clean.end, end=True))

    def _to_raw(self, offset: int, *, end: bool) -> int:
        for seg in self.segments:
            inside = seg.clean_start <= offset < seg.clean_start + seg.length
            at_end = end and offset == seg.clean_start + seg.length
            if inside or at_end:
                return seg.raw_start + offset - seg.clean_start
        raise ValueError(f"offset {offset} falls between kept segments of article {self.id}")


def parse_timestamp(value: str | None) -> dt.datetime | None:
    """An ISO 8601 date or date-time (``Z`` allowed) as an aware datetime (UTC when no
    zone is given), or None when it is missing or not ISO 8601."""
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
