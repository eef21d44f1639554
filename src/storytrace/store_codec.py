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
import sqlite3
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import chain
from typing import Any

AT_SPAN = 0
"""Stored in place of a ``text`` equal to the clean text at the ``span`` beside it (a
stored text is otherwise a string or null, never a number)."""


def pack(data: dict[str, Any], kind: str | None = None, text: str | None = None) -> bytes:
    """A JSON record as stored: compact JSON, zlib-compressed; a record of a ``kind``
    (:data:`DICTIONARY_OF`) in columns (:func:`in_columns`), with that kind's preset
    dictionary; with the record's clean ``text``, without the texts its spans give
    (:func:`without_span_texts`)."""
    if kind is None:
        plain = data if text is None else without_span_texts(data, text)
        return zlib.compress(_compact(plain), 6)
    name = DICTIONARY_OF[kind]
    packer = zlib.compressobj(9, zdict=_dictionaries()[name])
    return packer.compress(_compact(in_columns(data, text))) + packer.flush()


def unpack(blob: bytes | str) -> dict[str, Any]:
    """A record stored by :func:`pack` (by any version of it), or as plain JSON text
    (grouping features in stores from before schema version 8)."""
    if isinstance(blob, str):
        return dict(json.loads(blob))
    text, name = _decompress(blob)
    return dict(json.loads(text, object_hook=_from_columns if name in IN_COLUMNS else None))


def unpack_with_span_texts(blob: bytes | str, text: str) -> dict[str, Any]:
    """:func:`unpack` and :func:`restore_span_texts` in one pass (``text``: the record's
    clean text): a record in columns gets its texts back column by column as the parser
    builds each list, instead of a walk over every dict of the unpacked record (a fifth
    of reading a fact sheet)."""
    if not isinstance(blob, bytes):
        return restore_span_texts(unpack(blob), text)
    raw, name = _decompress(blob)
    if name not in IN_COLUMNS:
        return restore_span_texts(dict(json.loads(raw)), text)
    return dict(json.loads(raw, object_hook=_columns_with_span_texts(text)))


def _compact(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


DICTIONARIES_FILE = "store_dictionaries.json"
"""Preset dictionaries for the zlib streams of fact sheets, story analyses and grouping
features: each is one record of its kind as the store packs it, made from the bundled
demo corpus (the project's own text; ``bench/make_store_dictionaries.py``). A record of
a few KB compresses poorly alone (zlib has seen nothing yet); with a dictionary of the
same keys and values, fact sheets take 25% less. A stream names its dictionary by
checksum (the zlib header's DICTID), so a dictionary, once stores use it, must stay in
the file for as long as they are read: a new one takes a new name."""

DICTIONARY_OF = {"facts": "facts/2", "story": "story/2", "features": "features/2"}
"""The dictionary each kind of record is packed with now (schema 11)."""

IN_COLUMNS = frozenset(DICTIONARY_OF.values())
"""The dictionaries whose records are stored in columns (:func:`in_columns`); those of
``facts``, ``story`` and ``features`` (schema 10) are plain JSON."""


@lru_cache(maxsize=1)
def _dictionaries() -> dict[str, bytes]:
    found = json.loads(resources.files("storytrace").joinpath(DICTIONARIES_FILE).read_text())
    return {name: text.encode("utf-8") for name, text in found["dictionaries"].items()}


@lru_cache(maxsize=1)
def _dictionaries_by_id() -> dict[int, tuple[str, bytes]]:
    return {zlib.adler32(zdict): (name, zdict) for name, zdict in _dictionaries().items()}


def _decompress(blob: bytes) -> tuple[bytes, str | None]:
    """The text of a zlib stream, with the name of its preset dictionary if it has one."""
    if len(blob) > 6 and blob[1] & 0x20:  # FDICT: a preset dictionary, named by DICTID
        name, zdict = _dictionaries_by_id()[int.from_bytes(blob[2:6], "big")]
        unpacker = zlib.decompressobj(zdict=zdict)
        return unpacker.decompress(blob) + unpacker.flush(), name
    return zlib.decompress(blob), None


ROWS, SPANS, LISTS = "\u0001", "\u0002", "\u0003"
"""The keys of the objects :func:`in_columns` puts in place of a list (control
characters: no key of a record is one)."""


def in_columns(data: Any, text: str | None = None) -> Any:
    """``data`` with each list of two or more objects of the same keys (in the same
    order) as ``{ROWS: keys, "c": columns}``, of lists of one length as ``{LISTS:
    columns}`` and of spans (``[start, end]``) as ``{SPANS: [start - previous start,
    end - start, ...]}``, at any depth. Keys said once and small numbers in a row
    compress better: fact sheets and analyses take a fifth to a quarter less. With the
    record's clean ``text``, also :func:`without_span_texts` on the way (a column of texts
    at once, instead of a copy of the whole record first)."""
    own = text if type(data) in _CONTAINERS else None  # as _walk: exact lists and dicts
    if isinstance(data, list | tuple):
        return _list_in_columns(list(data), own)
    if isinstance(data, dict):
        found = {k: v if type(v) in _SCALARS else in_columns(v, own) for k, v in data.items()}
        if own is not None and "text" in found and _at_span(data["text"], data.get("span"), own):
            found["text"] = AT_SPAN
        return found
    return data


def _list_in_columns(items: list[Any], text: str | None = None) -> Any:
    kinds = set(map(type, items))  # the checks run in C: a record holds ~10^4 lists
    if kinds <= _SCALARS:
        return items
    if len(items) > 1 and len(kinds) == 1:
        if (list in kinds or tuple in kinds) and _same_width(items):
            if len(items[0]) == 2 and set(map(type, chain.from_iterable(items))) == {int}:
                deltas, previous = [], 0
                for start, end in items:
                    deltas += (start - previous, end - start)
                    previous = start
                return {SPANS: deltas}
            if len(items[0]) > 1:
                inner = text if list in kinds else None  # as _walk: no tuple is walked
                columns = zip(*items, strict=True)
                return {LISTS: [_list_in_columns(list(column), inner) for column in columns]}
        if dict in kinds and items[0] and len(set(map(tuple, items))) == 1:
            keys = list(items[0])
            columns = [[x[k] for x in items] for k in keys]
            if text is not None and "text" in keys and "span" in keys:
                spans = columns[keys.index("span")]
                at = keys.index("text")
                columns[at] = [
                    AT_SPAN if _at_span(t, s, text) else t
                    for t, s in zip(columns[at], spans, strict=True)
                ]
            return {ROWS: keys, "c": [_list_in_columns(column, text) for column in columns]}
    return [in_columns(x, text) if type(x) not in _SCALARS else x for x in items]


def _at_span(value: Any, span: Any, text: str) -> bool:
    """Whether ``value`` is the text at ``span`` (:func:`without_span_texts` drops it)."""
    return _is_span(span) and value == text[span[0] : span[1]]


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _same_width(items: list[Any]) -> bool:
    return len(set(map(len, items))) == 1


def from_columns(data: Any) -> Any:
    """The inverse of :func:`in_columns`."""
    return json.loads(json.dumps(data), object_hook=_from_columns)


def _from_columns(found: dict[str, Any]) -> Any:
    """An object of :func:`in_columns` as the list it stands for: the JSON parser's
    ``object_hook``, which sees the objects inside first (so a column is a list by
    then), and never walks the values of a column."""
    if len(found) == 1:
        if SPANS in found:
            deltas, spans, start = found[SPANS], [], 0
            for i in range(0, len(deltas), 2):
                start += deltas[i]
                spans.append([start, start + deltas[i + 1]])
            return spans
        if LISTS in found:
            return [list(row) for row in zip(*found[LISTS], strict=True)]
    elif len(found) == 2 and ROWS in found:
        keys = found[ROWS]
        return [dict(zip(keys, row, strict=True)) for row in zip(*found["c"], strict=True)]
    return found


def _columns_with_span_texts(text: str) -> Callable[[dict[str, Any]], Any]:
    """:func:`_from_columns` that also puts back each ``text`` stored as :data:`AT_SPAN`
    beside a span, as :func:`restore_span_texts` does: in a column of rows at once, and in
    an object left as it is (the parser hooks every object, rows and columns included, so
    every dict of the record passes here once, after the objects inside it)."""

    def hook(found: dict[str, Any]) -> Any:
        if len(found) == 2 and ROWS in found:
            keys, columns = found[ROWS], found["c"]
            if "text" in keys and "span" in keys:
                columns = list(columns)
                at = keys.index("text")
                spans = columns[keys.index("span")]
                columns[at] = [
                    text[s[0] : s[1]] if _is_at_span(t) and _is_span(s) else t
                    for t, s in zip(columns[at], spans, strict=True)
                ]
            return [dict(zip(keys, row, strict=True)) for row in zip(*columns, strict=True)]
        if "text" in found:
            if _is_at_span(found["text"]) and _is_span(found.get("span")):
                found["text"] = text[found["span"][0] : found["span"][1]]
            return found
        return _from_columns(found)

    return hook


FEATURES = b"\x02"
"""The first byte of grouping features stored by :func:`pack_features` (a zlib stream
starts with ``0x78``); ``0x01`` is its form of schema 10, with the signature as it is."""

FEATURES_10 = b"\x01"


def pack_features(data: dict[str, Any], text: str | None = None) -> bytes:
    """Grouping features (``StoryFeatures.to_dict()``) as stored: the MinHash signature as
    uint32 in byte planes, deflated (each value is the least of hundreds of random
    hashes, so its high bytes are mostly zero: 512 bytes take about 445), the sentence
    hashes as 8 bytes each, uncompressed (they are random), then the rest packed with
    keys and sentences as lists, a third smaller than :func:`pack`; with the article's
    clean ``text``, a key's label equal to the text at its span as :data:`AT_SPAN` (all
    of them: a key's label is how its first mention is written). A record that does not
    come back exactly (another schema) is stored by :func:`pack`."""
    try:
        packed = _pack_features(data, text)
        back = unpack_features(packed, text)
        if back == data and list(back) == list(data):  # as equal and in the same order;
            return packed  # comparing as JSON text took twice as long as the packing
    except (KeyError, TypeError, ValueError, OverflowError, struct.error):
        pass
    return pack(data)


def _pack_features(data: dict[str, Any], text: str | None) -> bytes:
    signature, sentences = data["signature"], data["sentences"]
    hashes = b"".join(bytes.fromhex(x["hash"]) for x in sentences)
    planes = zlib.compress(_byte_planes(signature), 9, wbits=-15)
    return b"".join((
        FEATURES, struct.pack("<HHH", len(signature), len(sentences), len(planes)), planes,
        hashes, pack(features_rest(data, text), "features"),
    ))  # fmt: skip


def features_rest(data: dict[str, Any], text: str | None) -> dict[str, Any]:
    """What :func:`pack_features` packs as JSON: the features without the signature and
    sentence hashes, keys and sentences as lists (sentence spans as gap and length)."""
    rest = dict.fromkeys(data)  # the order of the keys, kept
    rest |= {k: v for k, v in data.items() if k not in ("signature", "keys", "sentences")}
    rest["keys"] = [[k["key"], _label(k, text), *k["span"]] for k in data["keys"]]
    ends = [0, *(x["span"][1] for x in data["sentences"])]
    rest["sentences"] = [
        [x["span"][0] - end, x["span"][1] - x["span"][0], x["terms"]]
        for x, end in zip(data["sentences"], ends, strict=False)
    ]
    return rest


def _label(key: dict[str, Any], text: str | None) -> Any:
    at_span = text is not None and key["label"] == text[slice(*key["span"])]
    return AT_SPAN if at_span else key["label"]


def _byte_planes(values: list[int]) -> bytes:
    """uint32 values as four planes: every value's lowest byte, then the next..."""
    data = struct.pack(f"<{len(values)}I", *values)
    return b"".join(data[i::4] for i in range(4))


def _from_byte_planes(planes: bytes, count: int) -> list[int]:
    data = bytearray(4 * count)
    for i in range(4):
        data[i::4] = planes[i * count : (i + 1) * count]
    return list(struct.unpack(f"<{count}I", data))


def unpack_features(blob: bytes | str, text: str | None = None) -> dict[str, Any]:
    """Grouping features stored by :func:`pack_features` (of schema 11 or 10, or
    :func:`pack`, or plain); without the article's clean ``text``, a label stored as
    :data:`AT_SPAN` stays so (as :func:`packed_features` passes it on)."""
    if not isinstance(blob, bytes) or blob[:1] not in (FEATURES, FEATURES_10):
        return unpack(blob)
    if blob[:1] == FEATURES:
        count, sentences, size = struct.unpack_from("<HHH", blob, 1)
        at = 7 + size
        signature = _from_byte_planes(zlib.decompress(blob[7:at], wbits=-15), count)
    else:
        count, sentences = struct.unpack_from("<HH", blob, 1)
        at = 5 + 4 * count
        signature = list(struct.unpack_from(f"<{count}I", blob, 5))
    hashes = [blob[at + 8 * i : at + 8 * i + 8].hex() for i in range(sentences)]
    data = unpack(blob[at + 8 * sentences :])
    data["signature"] = signature
    data["keys"] = [
        {"key": k, "label": text[s:e] if text is not None and _is_at_span(lb) else lb,
         "span": [s, e]}
        for k, lb, s, e in data["keys"]
    ]  # fmt: skip
    stored, data["sentences"], end = data["sentences"], [], 0
    for h, (gap, length, terms) in zip(hashes, stored, strict=True):
        data["sentences"].append(
            {"hash": h, "span": [end + gap, end + gap + length], "terms": terms}
        )
        end += gap + length
    return data


@dataclass(frozen=True, slots=True)
class Packed:
    """A fact sheet (with its ``schema``) or grouping features packed where they were
    made, in a pool worker: walking a sheet for its span texts, JSON and zlib were half
    of the ingest main process's CPU, which the workers wait on."""

    schema: str
    data: bytes


def pack_sheet(sheet: dict[str, Any] | Packed, text: str) -> Packed:
    """A fact sheet as the store keeps it (``text``: the article's clean text)."""
    if isinstance(sheet, Packed):
        return sheet
    return Packed(sheet["schema"], pack(sheet, "facts", text))


def packed_features(
    features: dict[str, Any] | Packed, article_id: str | None = None, text: str | None = None
) -> Packed:
    """Grouping features as the store keeps them (``text``: the article's clean text,
    :func:`pack_features`), for ``article_id`` if given (a verbatim copy stored under an
    id of its own)."""
    if isinstance(features, Packed) and article_id is None:
        return features
    data = unpack_features(features.data) if isinstance(features, Packed) else features
    if article_id is not None:
        data = {**data, "article_id": article_id}
    return Packed(str(data.get("schema", "")), pack_features(data, text))


def without_span_texts(data: Any, text: str) -> Any:
    """``data`` with each ``text`` that equals ``text[span]`` beside it replaced by
    :data:`AT_SPAN`."""
    return _walk(data, text, _drop)


def with_span_texts(data: Any, text: str) -> Any:
    """The inverse of :func:`without_span_texts`."""
    return _walk(data, text, _restore)


def restore_span_texts(data: Any, text: str) -> Any:
    """:func:`with_span_texts` in place, for a record of its own (one just unpacked):
    copying a sheet's hundreds of dicts took as long as reading them."""
    if type(data) is list:
        for x in data:
            if type(x) is dict or type(x) is list:
                restore_span_texts(x, text)
        return data
    for v in data.values():
        if type(v) is dict or type(v) is list:
            restore_span_texts(v, text)
    if "text" in data and _is_at_span(data["text"]) and _is_span(data.get("span")):
        data["text"] = text[data["span"][0] : data["span"][1]]
    return data


def _walk(data: Any, text: str, change: Callable[[dict[str, Any], str], None]) -> Any:
    """A copy of ``data`` with ``change(d, text)`` applied to each dict holding a span
    and a text (recursing into containers only: a sheet holds thousands of leaves)."""
    kind = type(data)  # exact types, as JSON gives them: isinstance took a third longer
    if kind is list:
        return [_walk(x, text, change) if type(x) in _CONTAINERS else x for x in data]
    if kind is not dict:
        return data
    found = {k: _walk(v, text, change) if type(v) in _CONTAINERS else v for k, v in data.items()}
    if "text" in found and _is_span(found.get("span")):
        change(found, text)
    return found


_CONTAINERS = frozenset({dict, list})


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
    packed = _passages(analysis, drop, texts, as_lists=True, fast=_passage_list)
    if "alignments" in packed:
        packed["alignments"] = [_without_containment(a) for a in packed["alignments"]]
    return packed


def with_passage_texts(analysis: dict[str, Any], texts: dict[str, str]) -> dict[str, Any]:
    """The inverse of :func:`without_passage_texts`."""
    restore = lambda p, side, text: text if _is_at_span(p[side]) else p[side]  # noqa: E731
    found = _passages(analysis, restore, texts, as_lists=False)
    if "alignments" in found:
        found["alignments"] = [_with_containment(a) for a in found["alignments"]]
    return found


def with_passage_spans(analysis: dict[str, Any]) -> dict[str, Any]:
    """:func:`with_passage_texts` without the texts: each passage as the object of its
    kind, score and spans (what a reader that shows passages by span needs, such as the
    dossier, which left the texts out again after slicing them)."""
    if "alignments" not in analysis:
        return analysis
    alignments = []
    for alignment in analysis["alignments"]:
        passages = [
            dict(zip(PASSAGE_SPAN_KEYS, p, strict=False))
            if isinstance(p, list)
            else {k: v for k, v in p.items() if k not in PASSAGE_TEXT_KEYS}
            for p in alignment["passages"]
        ]
        alignments.append(_with_containment({**alignment, "passages": passages}))
    return {**analysis, "alignments": alignments}


PASSAGE_SPAN_KEYS = PASSAGE_KEYS[:4]
PASSAGE_TEXT_KEYS = PASSAGE_KEYS[4:]


def _containment(alignment: dict[str, Any]) -> dict[str, Any]:
    """An alignment's ``containment``, which is its two shares by definition."""
    return {"copy_in_source": alignment["reuse_share"], "source_in_copy": alignment["source_share"]}


def _without_containment(alignment: dict[str, Any]) -> dict[str, Any]:
    if "reuse_share" in alignment and alignment.get("containment") == _containment(alignment):
        return {k: v for k, v in alignment.items() if k != "containment"}
    return alignment


def _with_containment(alignment: dict[str, Any]) -> dict[str, Any]:
    if "containment" in alignment or "reuse_share" not in alignment:
        return alignment
    found = {}
    for key, value in alignment.items():
        found[key] = value
        if key == "source_share":
            found["containment"] = _containment(alignment)
    return found


def _passages(
    analysis: dict[str, Any],
    change: Callable[[dict[str, Any], str, str], Any],
    texts: dict[str, str],
    as_lists: bool,
    fast: Callable[[dict[str, Any], str, str], list[Any] | None] | None = None,
) -> dict[str, Any]:
    """``analysis`` with ``change`` applied to each passage's two texts (``fast``: what
    gives a passage's result in one go, or None to take the general way)."""
    alignments = []
    for alignment in analysis.get("alignments", []):
        passages: list[Any] = []
        source = texts.get(alignment["source_id"], "")
        copy = texts.get(alignment["copy_id"], "")
        for p in alignment["passages"]:
            found = fast(p, source, copy) if fast is not None else None
            if found is not None:
                passages.append(found)
                continue
            p = dict(zip(PASSAGE_KEYS, p, strict=True)) if isinstance(p, list) else dict(p)
            for side in ("source", "copy"):
                text = texts.get(alignment[f"{side}_id"], "")[slice(*p[f"{side}_span"])]
                p[f"{side}_text"] = change(p, f"{side}_text", text)
            as_list = as_lists and set(p) == set(PASSAGE_KEYS)
            passages.append([p[k] for k in PASSAGE_KEYS] if as_list else p)
        alignments.append({**alignment, "passages": passages})
    return {**analysis, "alignments": alignments} if "alignments" in analysis else analysis


def _passage_list(p: Any, source: str, copy: str) -> list[Any] | None:
    """A passage object of exactly :data:`PASSAGE_KEYS` (as an analysis gives it) as
    :func:`without_passage_texts` stores it, without the general way's copies."""
    if type(p) is not dict or len(p) != len(PASSAGE_KEYS) or p.keys() != _KEY_SET:
        return None
    source_text, copy_text = p["source_text"], p["copy_text"]
    start, end = p["source_span"]
    if source_text == source[start:end]:
        source_text = AT_SPAN
    start, end = p["copy_span"]
    if copy_text == copy[start:end]:
        copy_text = AT_SPAN
    return [p["kind"], p["score"], p["source_span"], p["copy_span"], source_text, copy_text]


_KEY_SET = frozenset(PASSAGE_KEYS)


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


def pack_segments(segments: Pieces) -> bytes:
    """An article's segments as stored (``articles.segments``): each as the gap since the
    previous one's end in the clean text and in the raw text, and its length, as JSON,
    deflated. Plain JSON triples were 0.3 KB per article, this 0.07."""
    flat, clean_end, raw_end = [], 0, 0
    for clean_start, raw_start, length in segments:
        flat += (clean_start - clean_end, raw_start - raw_end, length)
        clean_end, raw_end = clean_start + length, raw_start + length
    text = json.dumps(flat, separators=(",", ":")).encode()
    return zlib.compress(text, 9, wbits=-15)


def unpack_segments(stored: bytes | str) -> Pieces:
    """The segments stored by :func:`pack_segments`, or as JSON triples (text, before
    schema version 11)."""
    if isinstance(stored, str):
        return [(c, r, n) for c, r, n in json.loads(stored)]
    flat = json.loads(zlib.decompress(stored, wbits=-15))
    found, clean_end, raw_end = [], 0, 0
    for i in range(0, len(flat), 3):
        clean_start, raw_start = clean_end + flat[i], raw_end + flat[i + 1]
        found.append((clean_start, raw_start, flat[i + 2]))
        clean_end, raw_end = clean_start + flat[i + 2], raw_start + flat[i + 2]
    return found


def sqlar_compress(data: Any) -> Any:
    """A blob zlib-compressed when that makes it smaller, anything else as it is: the
    ``sqlar_compress`` of the ``sqlite3`` shell, so a store's SQL works in both."""
    if isinstance(data, bytes):
        packed = zlib.compress(data, 9)
        if len(packed) < len(data):
            return packed
    return data


def sqlar_uncompress(data: Any, size: int | None) -> Any:
    """The inverse of :func:`sqlar_compress` given the original ``size`` in bytes (the
    ``sqlite3`` shell's ``sqlar_uncompress``)."""
    if isinstance(data, bytes) and len(data) != size:
        return zlib.decompress(data)
    return data


def register_functions(db: sqlite3.Connection) -> None:
    """The SQL functions the schema uses (``articles.clean_zip`` is read through them)."""
    db.create_function("sqlar_compress", 1, sqlar_compress, deterministic=True)
    db.create_function("sqlar_uncompress", 2, sqlar_uncompress, deterministic=True)


def pack_clean(text: str) -> tuple[bytes, int]:
    """An article's clean text as stored: ``(clean_zip, clean_size)``."""
    data = text.encode("utf-8")
    return sqlar_compress(data), len(data)


def unpack_clean(data: bytes, size: int) -> str:
    """The inverse of :func:`pack_clean`."""
    return bytes(sqlar_uncompress(data, size)).decode("utf-8")


CLEAN_TEXT = "CAST(sqlar_uncompress(a.clean_zip, a.clean_size) AS TEXT)"
"""The clean text of the article ``a`` in SQL."""
