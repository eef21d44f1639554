"""How the store encodes records (schema 11): each form comes back exactly, and a record
the compact form cannot give back is stored the plain way."""

from __future__ import annotations

import sqlite3
import zlib
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from storytrace.store_codec import (
    AT_SPAN,
    FEATURES,
    FEATURES_10,
    IN_COLUMNS,
    _decompress,
    _dictionaries,
    features_rest,
    from_columns,
    in_columns,
    pack,
    pack_clean,
    pack_features,
    pack_segments,
    pack_sheet,
    packed_features,
    register_functions,
    restore_span_texts,
    unpack,
    unpack_clean,
    unpack_features,
    unpack_segments,
    unpack_with_span_texts,
    with_passage_texts,
    with_span_texts,
    without_passage_texts,
    without_span_texts,
)

FEATURES_RECORD = {
    "schema": "storytrace.story-features/2",
    "article_id": "a1",
    "published": "2025-03-01",
    "signature": [0, 1, 4294967295, 123456789],
    "keys": [
        {"key": "person:ilse marren", "label": "Ilse Marren", "span": [10, 21]},
        {"key": "place:quayside", "label": "Quayside", "span": [40, 48]},
    ],
    "terms": {"ferri": 3, "quay": 2},
    "sentences": [
        {"hash": "0011223344556677", "span": [0, 60], "terms": [0, 1]},
        {"hash": "8899aabbccddeeff", "span": [62, 130], "terms": []},
    ],
}


def test_grouping_features_are_packed_binary_and_come_back_exactly() -> None:
    packed = pack_features(FEATURES_RECORD)
    assert packed[:1] == FEATURES
    assert unpack_features(packed) == FEATURES_RECORD
    assert list(unpack_features(packed)) == list(FEATURES_RECORD)  # key order kept
    assert len(packed) < len(pack(FEATURES_RECORD))


def test_features_the_compact_form_cannot_give_back_are_stored_plain() -> None:
    odd_hash = {**FEATURES_RECORD, "sentences": [{"hash": "abc", "span": [0, 9], "terms": []}]}
    upper = {"hash": "ABCDEF0123456789", "span": [0, 9], "terms": []}  # comes back lower case
    upper_hash = {**FEATURES_RECORD, "sentences": [upper]}
    too_big = {**FEATURES_RECORD, "signature": [2**40]}
    older = {k: v for k, v in FEATURES_RECORD.items() if k != "sentences"}
    for record in (odd_hash, upper_hash, too_big, older):
        packed = pack_features(record)
        assert packed[:1] != FEATURES and unpack_features(packed) == record
    assert unpack_features(pack(FEATURES_RECORD)) == FEATURES_RECORD  # schema 9


def test_records_name_their_preset_dictionary_and_old_streams_still_read() -> None:
    sheet = {"schema": "storytrace.facts/1", "claims": [{"span": [0, 4], "text": "Ilse"}]}
    packed = pack(sheet, "facts")
    assert packed[1] & 0x20  # FDICT: the stream names its dictionary
    assert unpack(packed) == sheet
    assert unpack(zlib.compress(b'{"a":1}')) == {"a": 1}
    assert unpack('{"a":1}') == {"a": 1}


def test_a_sheet_packed_in_a_worker_is_the_sheet_without_its_span_texts() -> None:
    text = "Ilse Marren opened the quay."
    sheet = {"schema": "storytrace.facts/1", "people": [{"span": [0, 11], "text": "Ilse Marren"}]}
    packed = pack_sheet(sheet, text)
    assert packed.schema == "storytrace.facts/1"
    assert unpack(packed.data)["people"][0]["text"] == 0
    assert with_span_texts(unpack(packed.data), text) == sheet
    renamed = packed_features(packed_features(FEATURES_RECORD), "b2")
    assert unpack_features(renamed.data) == {**FEATURES_RECORD, "article_id": "b2"}


def test_containment_is_left_out_only_when_it_is_the_two_shares() -> None:
    texts = {"s": "one two three", "c": "one two four"}
    passage = {"kind": "verbatim", "score": 1.0, "source_span": [0, 7], "copy_span": [0, 7],
               "source_text": "one two", "copy_text": "one two"}  # fmt: skip
    same = {"source_id": "s", "copy_id": "c", "reuse_share": 0.5, "source_share": 0.4,
            "containment": {"copy_in_source": 0.5, "source_in_copy": 0.4},
            "passage_kinds": {"verbatim": 1}, "passages": [passage]}  # fmt: skip
    other = {**same, "containment": {"copy_in_source": 0.1, "source_in_copy": 0.4}}
    analysis = {"schema": "storytrace.trace/3", "alignments": [same, other]}
    packed = without_passage_texts(analysis, texts)
    assert "containment" not in packed["alignments"][0]
    assert packed["alignments"][1]["containment"] == other["containment"]
    restored = with_passage_texts(packed, texts)
    assert restored == analysis
    assert list(restored["alignments"][0]) == list(same)


def test_clean_texts_compress_as_the_sqlite3_shell_does() -> None:
    text = "A quay, a ferry and a quay again. " * 20
    data, size = pack_clean(text)
    assert size == len(text.encode()) and len(data) < size
    assert unpack_clean(data, size) == text
    short, short_size = pack_clean("Ilse")
    assert short == b"Ilse" and unpack_clean(short, short_size) == "Ilse"  # kept as it is
    db = sqlite3.connect(":memory:")
    register_functions(db)
    [(back,)] = db.execute("SELECT CAST(sqlar_uncompress(?, ?) AS TEXT)", (data, size))
    assert back == text


def test_the_sqlite3_shell_reads_the_clean_texts(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil
    import subprocess

    import pytest

    from storytrace.pipeline import ingest_paths
    from storytrace.store import Store

    from .conftest import FIXTURES

    shell = shutil.which("sqlite3")
    if shell is None:
        pytest.skip("no sqlite3 shell on this machine")
    with Store(tmp_path / "s.db") as store:
        [added] = ingest_paths([str(FIXTURES / "harbour.txt")], store, workers=1).added
    query = "SELECT clean_text FROM article_texts"
    out = subprocess.run([shell, str(tmp_path / "s.db"), query], capture_output=True, text=True)
    assert out.stdout.rstrip("\n") == added.clean_text.rstrip("\n")


def test_records_in_columns_come_back_exactly() -> None:
    record = {
        "spans": [[5, 9], [2, 4], [2, 2]],  # any order
        "rows": [{"a": 1, "b": [[0, 3], [4, 8]]}, {"a": None, "b": []}],
        "other_order": [{"a": 1, "b": 2}, {"b": 2, "a": 1}],
        "lists": [["x", 1.5, [1, 2]], ["y", 2.0, [3, 4]]],
        "mixed": [[1, 2], [1, 2, 3], "z", True, {"c": [True, False]}],
        "flags": [[True, 1], [False, 0]],
        "one": [{"span": [1, 2]}],
        "empty": [],
        "empties": [{}, {}, [], []],
        "no_keys": [{}, {}],
        "no_values": [[], []],
    }
    packed = in_columns(record)
    assert from_columns(packed) == record
    assert list(from_columns(packed)["other_order"][1]) == ["b", "a"]
    assert packed["flags"] != {"\u0002": [True, 1, False, 0]}  # booleans are no spans
    as_tuples = {"t": ((1, 2), (3, 5)), "u": ({"k": (1, 2)}, {"k": (4, 6)})}
    assert from_columns(in_columns(as_tuples)) == {
        "t": [[1, 2], [3, 5]],
        "u": [{"k": [1, 2]}, {"k": [4, 6]}],
    }


def test_records_are_packed_in_columns_and_schema_10_streams_still_read() -> None:
    sheet = {"schema": "storytrace.facts/1", "claims": [{"span": [0, 4], "text": 0}] * 3}
    packed = pack(sheet, "facts")
    assert _decompress(packed)[1] in IN_COLUMNS and unpack(packed) == sheet
    older = zlib.compressobj(9, zdict=_dictionaries()["facts"])  # schema 10: plain JSON
    stream = older.compress(b'{"claims":[{"span":[0,4]},{"span":[0,4]}]}') + older.flush()
    assert unpack(stream) == {"claims": [{"span": [0, 4]}, {"span": [0, 4]}]}


def test_key_labels_at_their_span_are_stored_once() -> None:
    text = "x" * 10 + "Ilse Marren" + "y" * 19 + "Quayside"
    packed = pack_features(FEATURES_RECORD, text)
    assert packed[:1] == FEATURES and unpack_features(packed, text) == FEATURES_RECORD
    assert [k[1] for k in features_rest(FEATURES_RECORD, text)["keys"]] == [AT_SPAN, AT_SPAN]
    assert len(packed) < len(pack_features(FEATURES_RECORD))
    kept = unpack_features(packed)  # no text: the labels stay at their span...
    assert [k["label"] for k in kept["keys"]] == [AT_SPAN, AT_SPAN]
    renamed = packed_features(packed_features(FEATURES_RECORD, text=text), "b2")  # ...so a
    assert unpack_features(renamed.data, text) == {**FEATURES_RECORD, "article_id": "b2"}
    other = "z" * 60  # a label that is not the text at its span is kept as it is
    assert unpack_features(pack_features(FEATURES_RECORD, other), other) == FEATURES_RECORD


def test_schema_10_features_still_read() -> None:
    import struct

    rest = features_rest(FEATURES_RECORD, None)
    signature = FEATURES_RECORD["signature"]
    blob = b"".join((
        FEATURES_10, struct.pack(f"<HH{len(signature)}I", len(signature), 2, *signature),
        bytes.fromhex("0011223344556677") + bytes.fromhex("8899aabbccddeeff"),
        pack(rest),
    ))  # fmt: skip
    assert unpack_features(blob) == FEATURES_RECORD


def test_segments_are_stored_as_gaps_and_come_back() -> None:
    segments = [(0, 0, 63), (65, 65, 20), (87, 90, 218), (400, 320, 5)]
    stored = pack_segments(segments)
    assert isinstance(stored, bytes) and unpack_segments(stored) == segments
    assert unpack_segments("[[0,0,63],[65,65,20]]") == segments[:2]  # JSON, schema 10
    assert unpack_segments(pack_segments([])) == []


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5000) | st.floats(allow_nan=False) | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(["a", "b", "c", "span", "text"]), inner, max_size=3)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(_JSON)
def test_any_json_in_columns_comes_back_exactly(value: Any) -> None:
    assert from_columns(in_columns(value)) == value
    assert unpack(pack({"v": value}, "facts")) == {"v": value}


def test_span_texts_restored_in_place_as_a_copy_would_be() -> None:
    text = "Ferries resumed at the quay on Monday."
    record = {
        "sentences": [{"index": 0, "span": [0, 38], "text": 0}],
        "claims": [{"span": [0, 15], "text": 0, "cue": {"span": [8, 15], "text": "resumed"}}],
        "odd": [{"span": [1], "text": 0}, {"span": [0, 3], "text": False}, {"text": 0}],
    }
    expected = with_span_texts(record, text)
    restored = restore_span_texts(record, text)
    assert restored is record  # no copy
    assert restored == expected
    assert record["sentences"][0]["text"] == text
    assert record["claims"][0]["text"] == "Ferries resumed"
    # a text that is not AT_SPAN, or a span that is not two integers, stays as it was
    assert record["odd"] == [{"span": [1], "text": 0}, {"span": [0, 3], "text": False}, {"text": 0}]


def test_span_texts_put_back_while_unpacking_as_after_it() -> None:
    """``unpack_with_span_texts`` gives what ``restore_span_texts`` of the unpacked record
    gives: for rows in columns, lone objects, odd spans and texts, and older streams."""
    text = "Ferries resumed at the quay on Monday."
    record = {
        "sentences": [{"index": i, "span": [0, 38 - i], "text": 0} for i in range(3)],
        "claims": [
            {"span": [0, 15], "text": 0, "cue": {"span": [8, 15], "text": 0}},
            {"span": [16, 22], "text": "at the", "cue": None},
        ],
        "pairs": [[{"span": [1, 4], "text": 0}, 1], [{"span": [2, 5], "text": 0}, 2]],
        "odd": [{"span": [1], "text": 0}, {"span": [0, 3], "text": False}, {"text": 0}],
        "rows_odd": [{"span": [1], "text": 0}, {"span": None, "text": 0}],
        "no_text": [{"span": [0, 2], "x": 0}, {"span": [0, 3], "x": 0}],
    }
    expected = with_span_texts(record, text)
    for stored in (pack(record, "facts"), pack(record)):  # in columns; plain JSON
        assert unpack_with_span_texts(stored, text) == expected
    assert unpack_with_span_texts('{"a": {"span": [0, 7], "text": 0}}', text) == {
        "a": {"span": [0, 7], "text": "Ferries"}
    }


_SPAN = st.sampled_from([(0, 4), (3, 7), (0, 1), (4,)]).map(list) | st.just((0, 4))
_SPAN_TEXT = st.sampled_from(["0123", "3456", "x", 0])
_SPAN_JSON = st.recursive(
    st.none() | st.integers(0, 40) | _SPAN_TEXT,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.sampled_from(["span", "text", "a"]), inner, max_size=3)
        | st.fixed_dictionaries({"span": _SPAN, "text": _SPAN_TEXT | inner})
        | st.lists(st.fixed_dictionaries({"span": _SPAN, "text": _SPAN_TEXT}), max_size=3)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(_SPAN_JSON)
def test_span_texts_dropped_in_columns_as_before_them(value: Any) -> None:
    """``in_columns`` with the clean text gives what it gives of the record without its
    span texts (tuples left as they are, as ``without_span_texts`` leaves them)."""
    text = "0123456789" * 2
    assert in_columns(value, text) == in_columns(without_span_texts(value, text))
    record = {"v": value}
    assert pack(record, "facts", text) == pack(without_span_texts(record, text), "facts")
    assert pack(record, None, text) == pack(without_span_texts(record, text))


@settings(max_examples=300, deadline=None)
@given(_JSON | _SPAN_JSON)
def test_any_json_unpacked_with_span_texts_as_restored_after(value: Any) -> None:
    text = "0123456789" * 3
    expected = restore_span_texts(unpack(pack({"v": value}, "facts")), text)
    assert unpack_with_span_texts(pack({"v": value}, "facts"), text) == expected


def test_passages_stored_in_one_step_as_the_general_way_stores_them() -> None:
    """``without_passage_texts`` turns an analysis's passage objects into lists in one
    step; objects of other keys, texts that differ from their span and lists already
    packed take the general way, with the same result."""
    from storytrace.store_codec import _passage_list, _passages

    texts = {"s": "one two three", "c": "one two four"}
    plain = {"kind": "verbatim", "score": 1.0, "source_span": [0, 7], "copy_span": [0, 7],
             "source_text": "one two", "copy_text": "one two"}  # fmt: skip
    edited = {**plain, "copy_text": "ONE two"}
    extra = {**plain, "note": "x"}
    alignment = {"source_id": "s", "copy_id": "c", "reuse_share": 0.5, "source_share": 0.4,
                 "passages": [plain, edited, extra, list(plain.values())]}  # fmt: skip
    analysis = {"schema": "storytrace.trace/3", "alignments": [alignment]}
    drop = lambda p, side, text: AT_SPAN if p[side] == text else p[side]  # noqa: E731
    general = _passages(analysis, drop, texts, as_lists=True)
    assert (
        without_passage_texts(analysis, texts)["alignments"][0]["passages"]
        == general["alignments"][0]["passages"]
    )
    assert _passage_list(plain, *texts.values()) == ["verbatim", 1.0, [0, 7], [0, 7], 0, 0]
    assert _passage_list(edited, *texts.values())[-1] == "ONE two"
    assert _passage_list(extra, *texts.values()) is None
