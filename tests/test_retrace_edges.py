"""``bench/retrace_edges.py``: tracing a stored corpus again, with alignments cached."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from storytrace.trace import TraceOptions, trace_story
from tests.test_trace import member

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
retrace = pytest.importorskip("retrace_edges")

TEXT = (
    "Harbour cranes at Elsby stopped on Monday after a cable snapped during loading. "
    "The port authority said 14 ships were waiting outside the breakwater by noon. "
    "Dock workers said the cable had been reported worn in March."
)


def members() -> list[tuple[object, object]]:
    found = []
    for key, extra, published in (
        ("a", "", "2025-03-03T08:00:00Z"),
        ("b", " Repairs should take two days, the authority added.", "2025-03-03T10:00:00Z"),
    ):
        found.append(member(key, TEXT + extra, f"Outlet {key}", published))
    return found


def test_cached_alignments_trace_as_aligning_does(tmp_path) -> None:
    opts, cache = TraceOptions(), tmp_path / "align.pkl"
    plain = trace_story(members(), opts)
    with retrace.CachedAlign(cache, opts) as first:
        traced = trace_story(members(), opts)
    assert first.new == 1 and cache.is_file()  # dated: aligned one way
    with retrace.CachedAlign(cache, opts) as second:
        again = trace_story(members(), opts)
    assert second.new == 0
    assert traced.to_dict() == again.to_dict() == plain.to_dict()
    assert again.derivation("b-0").derived_from == "a-0"


def test_a_setting_is_read_as_json() -> None:
    assert retrace._setting("neighbours=6") == ("neighbours", 6)
    assert retrace._setting("all_pairs_limit=60") == ("all_pairs_limit", 60)
