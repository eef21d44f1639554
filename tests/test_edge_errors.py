"""The scale benchmark's account of wrong derivation edges (bench/edge_errors.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
edge_errors = pytest.importorskip("edge_errors")


def _record(story: str, role: str, parent: str | None) -> dict:
    return {"story": story, "role": role, "derived_from": parent}


ARTICLES = {
    "o": _record("s", "original", None),
    "w": _record("s", "wire_copy", "o"),
    "c": _record("s", "paraphrase", "w"),  # a copy of a copy
    "d": _record("s", "paraphrase", "o"),
}


def test_wrong_edges_say_whether_the_true_source_was_aligned() -> None:
    # c hung on the original (a generation skipped), d on its sibling w
    found = {("w", "o", "dated"), ("c", "o", "dated"), ("d", "w", "dated")}
    aligned = {("o", "w"), ("o", "c"), ("o", "d"), ("w", "d")}
    out = edge_errors.wrong_source_kinds(ARTICLES, found, aligned)
    assert out["wrong"] == 2
    assert out["kinds"] == {"ancestor": 1, "sibling": 1}
    assert out["true_source_not_aligned"] == 1  # c's source w was never aligned with it
    assert "true_source_not_aligned" not in edge_errors.wrong_source_kinds(ARTICLES, found)
