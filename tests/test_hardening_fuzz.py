"""Fuzzing every reader (txt, html, json, jsonl, warc, feed) and cleaning and reading:
whatever the bytes, the answer is documents or the project's own errors, in bounded time.
Examples are derandomised, so a failure reproduces on every run."""

from __future__ import annotations

import gzip
import json
import time
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storytrace.clean import clean
from storytrace.config import IngestOptions
from storytrace.errors import InputError, StorytraceError
from storytrace.ingest import read_bytes
from storytrace.model import Document, Metadata, Page
from storytrace.read import read_text

from .hostile import warc_record

OPTIONS = IngestOptions(max_bytes=200_000)
SECONDS = 20.0
"""The most one example may take (generous: the machine is shared)."""
FUZZ = settings(
    max_examples=40, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)  # fmt: skip

WORDS = st.sampled_from(
    ["The", "mayor", "said", "on", "Monday", "that", "42", "people", "|", "Home", "About",
     "\u00a0", "\u3000", "\n", "\n\n", ".", "“quoted”", "&amp;", "&#xD800;", "&#0;", "\x00",
     "\x1b[31m", "\ud800", "Zürich", "2025-13-45", "[x](javascript:1)", "<", ">", "\t"]
)  # fmt: skip
TEXT = st.one_of(st.text(max_size=300), st.lists(WORDS, max_size=120).map(" ".join))
ENCODED = st.tuples(TEXT, st.sampled_from(["utf-8", "utf-16", "latin-1", "cp1251", "utf-8-sig"]))
TEXT_BYTES = st.one_of(
    st.binary(max_size=2_000),
    ENCODED.map(lambda p: p[0].encode(p[1], "surrogatepass" if "8" in p[1] else "replace")),
)
TAGS = st.sampled_from(
    ["<html>", "<body>", "<p>", "</p>", "<div>", "</div>", "<nav>", "</nav>", "<article>",
     "<script>alert(1)</script>", "<title>", "</title>", "<!--", "-->", "<![CDATA[", "]]>",
     '<meta property="article:published_time" content="2025-13-45">', "<br>", "&", "<h1>"]
)  # fmt: skip
HTML = st.lists(st.one_of(TAGS, TEXT), max_size=60).map("".join)
JSON_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), TEXT),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(["text", "html", "title", "url", "published", "outlet"]),
                      st.text(max_size=8)),
            inner, max_size=5,
        ),
    ),
    max_leaves=20,
)  # fmt: skip


def check(source: str, data: bytes) -> list[Any]:
    """``read_bytes`` on ``data``: only documents and input errors, within :data:`SECONDS`."""
    start = time.monotonic()
    found = list(read_bytes(source, data, OPTIONS))
    assert time.monotonic() - start < SECONDS, source
    for item in found:
        assert isinstance(item, Document | InputError), item
        if isinstance(item, Document):
            assert item.text.strip()
            item.text.encode("utf-8")  # storable: no lone surrogate
            assert len(item.text.encode("utf-8")) <= 4 * OPTIONS.max_bytes
        else:
            assert item.reason and "\n" not in item.source
    return found


@FUZZ
@given(TEXT_BYTES, st.sampled_from(["a.txt", "a.md", "noname", "a.txt.gz"]))
def test_text_reader(data: bytes, name: str) -> None:
    check(name, gzip.compress(data) if name.endswith(".gz") else data)


@FUZZ
@given(HTML)
def test_html_reader(html: str) -> None:
    check("a.html", html.encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.one_of(JSON_VALUE.map(json.dumps), TEXT, st.text(alphabet='[]{}",:0 ', max_size=200)))
def test_json_reader(text: str) -> None:
    check("a.json", text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.lists(st.one_of(JSON_VALUE.map(json.dumps), TEXT), max_size=8))
def test_jsonl_reader(lines: list[str]) -> None:
    check("a.jsonl", "\n".join(lines).encode("utf-8", "surrogatepass"))


@FUZZ
@given(
    st.lists(
        st.tuples(HTML, st.sampled_from([None, "gzip", "deflate", "br"]), st.integers(-5, 5)),
        min_size=1, max_size=3,
    ),
    st.integers(0, 4_000), st.booleans(),
)  # fmt: skip
def test_warc_reader(records: list[tuple[str, str | None, int]], cut: int, zipped: bool) -> None:
    data = b""
    for html, encoding, skew in records:
        body = html.encode("utf-8", "surrogatepass")
        body = gzip.compress(body) if encoding in ("gzip", "deflate") else body
        size = len(warc_record(body, encoding=encoding).split(b"\r\n\r\n", 1)[1]) - 4
        data += warc_record(body, encoding=encoding, declared=max(0, size + skew))
    data = data[: len(data) - cut] if cut < len(data) else data
    check("a.warc.gz" if zipped else "a.warc", gzip.compress(data) if zipped else data)


@FUZZ
@given(
    st.sampled_from(["rss", "atom"]), st.lists(st.tuples(TEXT, HTML, TEXT), max_size=4),
    st.integers(0, 200),
)  # fmt: skip
def test_feed_reader(kind: str, entries: list[tuple[str, str, str]], cut: int) -> None:
    if kind == "rss":
        items = "".join(
            f"<item><title>{t}</title><description><![CDATA[{h}]]></description>"
            f"<pubDate>{d}</pubDate></item>"
            for t, h, d in entries
        )
        feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}'
        feed += "</channel></rss>"
    else:
        items = "".join(
            f"<entry><title>{t}</title><content type='html'>{h}</content>"
            f"<updated>{d}</updated></entry>"
            for t, h, d in entries
        )
        feed = f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">{items}</feed>'
    data = feed.encode("utf-8", "surrogatepass")
    check("a.rss", data[: max(1, len(data) - cut)])


@FUZZ
@given(TEXT, st.sampled_from([None, "2025-04-15", "2025-13-45"]))
def test_clean_and_read(text: str, published: str | None) -> None:
    """Cleaning and reading any text: articles with spans that resolve, or our errors."""
    text = text.encode("utf-8", "replace").decode("utf-8")
    if not text.strip():
        return
    start = time.monotonic()
    try:
        articles = clean(Document("fuzz.txt", "text", text, Metadata(published=published)))
    except StorytraceError:
        return
    for article in articles:
        for removal in article.removals:
            assert 0 <= removal.span.start <= removal.span.end <= len(text)
        read_text(article.clean_text)
    assert time.monotonic() - start < SECONDS


def test_pages_are_never_returned_by_default() -> None:
    """The fuzzed readers extract HTML themselves: ``Page`` only with ``defer_html``."""
    page = b"<html><body><p>The harbour board said the ferry returns in May, after repairs.</p>"
    assert not any(isinstance(x, Page) for x in read_bytes("a.html", page))
    assert all(isinstance(x, Page) for x in read_bytes("a.html", page, defer_html=True))
