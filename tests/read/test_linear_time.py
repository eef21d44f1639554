"""Reading stays linear in text length: hostile run-on text is read in bounded time."""

from __future__ import annotations

import time

from storytrace.read import read_text
from storytrace.read.options import ReadOptions
from storytrace.read.sentences import split_sentences

#: One megabyte of invented run-on text with reporting cues, names and dates, and no full
#: stop: quadratic reading took hours on it; linear reading takes seconds.
UNIT = "the official said that Petra Holm told the ministry in April 2024 according to 300 men "


def test_one_megabyte_without_punctuation_is_read_in_bounded_time():
    text = (UNIT * (1_000_000 // len(UNIT) + 1))[:1_000_000]
    read_text("Warm up. He said so.")
    started = time.perf_counter()
    sheet = read_text(text)
    elapsed = time.perf_counter() - started
    assert elapsed < 240, f"1 MB read in {elapsed:.0f} s: reading is no longer linear"
    assert sheet.claims and sheet.dates


def test_a_run_on_sentence_is_cut_into_bounded_pieces():
    opts = ReadOptions()
    text = "word " * 5000
    sentences = split_sentences(text, opts)
    assert len(sentences) > 1
    assert all(s.span.end - s.span.start <= opts.max_sentence_chars for s in sentences)
    assert " ".join(s.span.of(text) for s in sentences) == text.strip()
