"""Writing every dossier into a directory: complete, incremental, resumable."""

from __future__ import annotations

import json
import sqlite3

import pytest

from storytrace.report import files
from storytrace.report.dossier import dossier_filename
from storytrace.report.files import MANIFEST, write_dossiers
from storytrace.store import Store


@pytest.fixture
def copy(demo_store, tmp_path):
    """A copy of the demo store the test may change."""
    path = tmp_path / "copy.db"
    with sqlite3.connect(path) as target:
        demo_store.db.backup(target)
    with Store(path) as store:
        yield store


def _story_files(out, story_id):
    return [out / dossier_filename(story_id, ext) for ext in files.FORMATS]


def _mtimes(out):
    return {p.name: p.stat().st_mtime_ns for p in out.glob("story-*")}


def test_writes_three_files_per_story_and_an_index(copy, tmp_path) -> None:
    out = tmp_path / "out"
    result = write_dossiers(copy, out)
    stories = copy.stories()
    assert (result.written, result.unchanged, result.removed) == (len(stories), 0, 0)
    index = result.index.read_text(encoding="utf-8")
    for s in stories:
        html, _, json_file = _story_files(out, s["id"])
        assert html.is_file() and f'href="{html.name}"' in index
        assert json.loads(json_file.read_text("utf-8"))["schema"] == "storytrace.dossier/3"
    assert "http://" not in index and "https://" not in index.replace("http://www.w3.org", "")
    assert not list(out.glob("*.partial"))


def test_a_second_run_rewrites_nothing_and_keeps_the_index(copy, tmp_path) -> None:
    out = tmp_path / "out"
    write_dossiers(copy, out)
    before, index = _mtimes(out), (out / "index.html").read_text("utf-8")
    result = write_dossiers(copy, out)
    assert (result.written, result.unchanged) == (0, len(copy.stories()))
    assert _mtimes(out) == before
    assert (out / "index.html").read_text("utf-8") == index


def test_only_changed_or_missing_stories_are_rewritten(copy, tmp_path) -> None:
    out = tmp_path / "out"
    write_dossiers(copy, out)
    first, second = [s["id"] for s in copy.stories()][:2]
    analysis = copy.story(first)
    analysis["story"]["title"] = "A title changed by a new analysis"
    copy.save_story(first, analysis)
    _story_files(out, second)[1].unlink()

    result = write_dossiers(copy, out)

    assert result.written == 2
    assert "A title changed by a new analysis" in (out / "index.html").read_text("utf-8")
    assert all(p.is_file() for p in _story_files(out, second))


def test_files_of_a_story_that_is_gone_are_removed(copy, tmp_path) -> None:
    out = tmp_path / "out"
    write_dossiers(copy, out)
    gone = copy.stories()[-1]["id"]
    copy.db.execute("DELETE FROM stories WHERE id = ?", (gone,))

    result = write_dossiers(copy, out)

    assert result.removed == 1
    assert not any(p.exists() for p in _story_files(out, gone))
    assert gone not in (out / "index.html").read_text("utf-8")
    assert gone not in json.loads((out / MANIFEST).read_text("utf-8"))["stories"]


def test_an_unreadable_record_means_writing_everything_again(copy, tmp_path) -> None:
    out = tmp_path / "out"
    write_dossiers(copy, out)
    (out / MANIFEST).write_text("{not json", encoding="utf-8")
    assert write_dossiers(copy, out).written == len(copy.stories())


def test_an_interrupted_run_resumes_with_the_stories_it_had_not_written(
    copy, tmp_path, monkeypatch
) -> None:
    out = tmp_path / "out"
    real = files.write_story_files
    calls = []

    def fail_on_the_third(store, story_id, outdir, formats):
        calls.append(story_id)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(store, story_id, outdir, formats)

    monkeypatch.setattr(files, "write_story_files", fail_on_the_third)
    monkeypatch.setattr(files, "SAVE_EVERY_SECONDS", 0.0)
    with pytest.raises(KeyboardInterrupt):
        write_dossiers(copy, out, workers=1)
    monkeypatch.setattr(files, "write_story_files", real)

    assert write_dossiers(copy, out).written == len(copy.stories()) - 2


def test_a_process_pool_writes_the_same_files(copy, tmp_path, monkeypatch) -> None:
    write_dossiers(copy, tmp_path / "alone", workers=1)
    monkeypatch.setattr(files, "POOL_MINIMUM", 1)
    write_dossiers(copy, tmp_path / "pooled", workers=2)
    alone = {p.name: p.read_bytes() for p in (tmp_path / "alone").glob("story-*")}
    pooled = {p.name: p.read_bytes() for p in (tmp_path / "pooled").glob("story-*")}
    assert alone and pooled == alone


def test_formats_choose_the_files_and_a_change_of_formats_rewrites(copy, tmp_path) -> None:
    out = tmp_path / "out"
    stories = copy.stories()
    result = write_dossiers(copy, out, formats=("json",))
    assert result.written == len(stories)
    assert {p.suffix for p in out.glob("story-*")} == {".json"}
    index = result.index.read_text(encoding="utf-8")
    assert all(f'href="{dossier_filename(s["id"], "json")}"' in index for s in stories)
    assert write_dossiers(copy, out, formats=("json",)).written == 0
    assert write_dossiers(copy, out, formats=("md", "html")).written == len(stories)
    assert {p.suffix for p in out.glob("story-*")} == {".html", ".md"}
    with pytest.raises(ValueError, match="unknown dossier format"):
        write_dossiers(copy, out, formats=("pdf",))


def test_run_formats_flag(tmp_path) -> None:
    from click.testing import CliRunner

    from storytrace import demo
    from storytrace.cli import cli

    runner = CliRunner()
    out = tmp_path / "out"
    args = ["run", str(demo.CORPUS_DIR), "--meta", str(demo.META_FILE), "-o", str(out)]
    result = runner.invoke(cli, [*args, "--formats", "md,json", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert {p.suffix for p in out.glob("story-*")} == {".md", ".json"}
    assert "(.md, .json)" in result.output
    bad = runner.invoke(cli, [*args, "--formats", "html,pdf"])
    assert bad.exit_code == 2 and "pdf" in bad.output
