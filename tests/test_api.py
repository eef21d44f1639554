"""The flat public API."""

from __future__ import annotations

from pathlib import Path

import storytrace
from storytrace import demo


def test_all_is_sorted_and_importable() -> None:
    names = [n for n in storytrace.__all__ if n != "__version__"]
    assert names == sorted(names, key=str.lower) or names == sorted(names)
    for name in storytrace.__all__:
        assert hasattr(storytrace, name), name


def test_one_shot_ingest(tmp_path: Path) -> None:
    report = storytrace.ingest(
        [str(demo.CORPUS_DIR / "07_eastern_post.txt")], db=str(tmp_path / "a.db")
    )
    assert report.ok and len(report.added) == 1
    with storytrace.Store(tmp_path / "a.db") as store:
        assert storytrace.update_stories(store) == [f"story-{report.added[0].id}"]
