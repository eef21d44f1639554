"""How the store writes JSON records: compact, zlib-compressed, and fact sheets and story
analyses without the texts their spans already give.

A fact sheet names each sentence, claim and mention by its ``span`` into the article's
clean text and repeats the text there; the store keeps the clean text once (in
``articles``), so :func:`without_span_texts` replaces every such copy by
:data:`AT_SPAN` and :func:`with_span_texts` puts it back. That halves a stored sheet;
:func:`without_passage_texts` does the same for the aligned passages of a story analysis
(43% of it). Raw texts are stored compressed (:func:`pack_text`); the raw text of a
document with one article as only what cleaning left out of it (:func:`pack_raw`).
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from typing import Any

AT_SPAN = 0
"""Stored in place of a ``text`` equal to the clean text at the ``span`` beside it (a
stored text is otherwise a string or null, never a number)."""


def pack(data: dict[str, Any]) -> bytes:
    """A JSON record as stored: compact JSON, zlib-compressed."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), 6)


def unpack(blob: bytes | str) -> dict[str, Any]:
    """A record stored by :func:`pack`, or as plain JSON text (grouping features in stores
    from before schema version 8)."""
    return dict(json.loads(blob if isinstance(blob, str) else zlib.decompress(blob)))


def without_span_texts(data: Any, text: str) -> Any:
    """``data`` with each ``text`` that equals ``text[span]`` beside it replaced by
    :data:`AT_SPAN`."""
    return _walk(data, text, _drop)


def with_span_texts(data: Any, text: str) -> Any:
    """The inverse of :func:`without_span_texts`."""
    return _walk(data, text, _restore)


def _walk(data: Any, text: str, change: Callable[[dict[str, Any], str], None]) -> Any:
    """A copy of ``data`` with ``change(d, text)`` applied to each dict holding a span
    and a text (recursing into containers only: a sheet holds thousands of leaves)."""
    if isinstance(data, list):
        return [_walk(x, text, change) if isinstance(x, dict | list) else x for x in data]
    if not isinstance(data, dict):
        return data
    found = {
        k: _walk(v, text, change) if isinstance(v, dict | list) else v for k, v in data.items()
    }
    if "text" in found and _is_span(found.get("span")):
        change(found, text)
    return found


def _drop(d: dict[str, Any], text: str) -> None:
    if d["text"] == text[d["span"][0] : d["span"][1]]:
        d["text"] = AT_SPAN


def _restore(d: dict[str, Any], text: str) -> None:
    if _is_at_span(d["text"]):
        d["text"] = text[d["span"][0] : d["span"][1]]


def _is_span(span: Any) -> bool:
    return type(span) is list and len(span) == 2 and type(span[0]) is int and type(span[1]) is int


PASSAGE_KEYS = ("kind", "score", "source_span", "copy_span", "source_text", "copy_text")
"""A stored passage is the list of these values (a list of keys repeated per passage was
a fifth of a stored analysis); readers accept the objects of older stores."""


def without_passage_texts(analysis: dict[str, Any], texts: dict[str, str]) -> dict[str, Any]:
    """A story analysis whose aligned passages are lists (:data:`PASSAGE_KEYS`) giving
    :data:`AT_SPAN` for each text equal to the clean text (``texts``: article id -> clean
    text) at its span."""
    drop = lambda p, side, text: AT_SPAN if p[side] == text else p[side]  # noqa: E731
    return _passages(analysis, drop, texts, as_lists=True)


def with_passage_texts(analysis: dict[str, Any], texts: dict[str, str]) -> dict[str, Any]:
    """The inverse of :func:`without_passage_texts`."""
    restore = lambda p, side, text: text if _is_at_span(p[side]) else p[side]  # noqa: E731
    return _passages(analysis, restore, texts, as_lists=False)


def _passages(
    analysis: dict[str, Any],
    change: Callable[[dict[str, Any], str, str], Any],
    texts: dict[str, str],
    as_lists: bool,
) -> dict[str, Any]:
    alignments = []
    for alignment in analysis.get("alignments", []):
        passages: list[Any] = []
        for p in alignment["passages"]:
            p = dict(zip(PASSAGE_KEYS, p, strict=True)) if isinstance(p, list) else dict(p)
            for side in ("source", "copy"):
                text = texts.get(alignment[f"{side}_id"], "")[slice(*p[f"{side}_span"])]
                p[f"{side}_text"] = change(p, f"{side}_text", text)
            as_list = as_lists and set(p) == set(PASSAGE_KEYS)
            passages.append([p[k] for k in PASSAGE_KEYS] if as_list else p)
        alignments.append({**alignment, "passages": passages})
    return {**analysis, "alignments": alignments} if "alignments" in analysis else analysis


def _is_at_span(value: Any) -> bool:
    return type(value) is int and value == AT_SPAN


def pack_text(text: str) -> bytes:
    """A document's raw text as stored: zlib-compressed UTF-8."""
    return zlib.compress(text.encode("utf-8"), 6)


def unpack_text(stored: bytes | str) -> str:
    """A text stored by :func:`pack_text`, or as plain text (stores before version 8)."""
    return stored if isinstance(stored, str) else zlib.decompress(stored).decode("utf-8")


BESIDE_CLEAN = b"\x00"
"""The first byte of a raw text stored by :func:`pack_raw` as what cleaning left out
(a zlib stream starts with ``0x78``, so no packed text starts with it)."""

Pieces = list[tuple[int, int, int]]
"""An article's segments: ``(clean_start, raw_start, length)`` with
``clean[c:c+n] == raw[r:r+n]`` (:class:`storytrace.model.Segment`)."""


def pack_raw(raw: str, clean: str | None, segments: Pieces) -> bytes:
    """The raw text of a one-article document as stored: only the characters outside the
    article's segments (the rest is its clean text), compressed, after :data:`BESIDE_CLEAN`.
    Without a clean text (``None``: several articles), or when the segments do not give
    ``raw`` back exactly, the whole text (:func:`pack_text`)."""
    if clean is not None:
        gaps = _gaps(raw, segments)
        if gaps is not None and _fill(gaps, clean, segments) == raw:
            return BESIDE_CLEAN + pack_text(gaps)
    return pack_text(raw)


def unpack_raw(stored: bytes | str, clean: str, segments: Pieces) -> str:
    """The raw text stored by :func:`pack_raw` (or :func:`pack_text`, or plain)."""
    if isinstance(stored, bytes) and stored[:1] == BESIDE_CLEAN:
        return _fill(unpack_text(stored[1:]), clean, segments)
    return unpack_text(stored)


def _gaps(raw: str, segments: Pieces) -> str | None:
    """``raw`` without the segments' characters, or None if they overlap or run off it."""
    out, at = [], 0
    for _, start, length in sorted(segments, key=lambda s: s[1]):
        if start < at or start + length > len(raw):
            return None
        out.append(raw[at:start])
        at = start + length
    out.append(raw[at:])
    return "".join(out)


def _fill(gaps: str, clean: str, segments: Pieces) -> str:
    """The inverse of :func:`_gaps`: the segments' clean text put back between the gaps."""
    out, at, used = [], 0, 0
    for clean_start, start, length in sorted(segments, key=lambda s: s[1]):
        take = start - at
        out.append(gaps[used : used + take])
        out.append(clean[clean_start : clean_start + length])
        used += take
        at = start + length
    out.append(gaps[used:])
    return "".join(out)
