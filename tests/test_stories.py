"""Grouping and story analysis through the store, the pipeline and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from storytrace import demo
from storytrace.cli import cli
from storytrace.pipeline import ingest_paths, update_stories

TRUTH = demo.truth()


def _name(source: str) -> str:
    return Path(source.split("#")[0]).name


def test_demo_story_holds_files_01_to_06(demo_store) -> None:
    [main] = [s for s in demo_store.stories() if s["article_count"] > 1]
    analysis = demo_store.story(main["id"])
    files = sorted(_name(a["file"]) for a in analysis["articles"])
    assert files == sorted(n for n, f in TRUTH["files"].items() if f["role"] != "unrelated")
    assert len(demo_store.stories()) == 3  # the story, the look-alike, the football report


def test_trace_json_has_the_documented_fields(demo_store) -> None:
    [main] = [s for s in demo_store.stories() if s["article_count"] > 1]
    analysis = demo_store.story(main["id"][:12])
    assert analysis["schema"] == "storytrace.trace/3"
    assert analysis["story"]["independent_origins"] == 1
    by_file = {_name(a["file"]): a for a in analysis["articles"]}
    ids = {name: a["id"] for name, a in by_file.items()}
    for name, truth in TRUTH["files"].items():
        if truth["role"] == "unrelated":
            continue
        article = by_file[name]
        assert set(article) >= {"id", "source", "role", "derived_from", "reuse_share", "credits"}
        assert article["role"] == truth["role"], name
        assert article["derived_from"] == ids.get(truth["derived_from"]), name
    for fact in analysis["facts"]:
        assert fact["status"] in ("corroborated", "single_source", "contested")
        assert 1 <= fact["independent_support"] <= fact["support"]
    texts = {a.id: a.clean_text for a in (demo_store.article(i) for i in ids.values())}
    for d in analysis["discrepancies"]:
        assert texts[d["article"]][slice(*d["span"])] == d["text"]
        if d["upstream_span"]:
            assert texts[d["upstream_article"]][slice(*d["upstream_span"])] == d["upstream_text"]
    types = {d["type"] for d in analysis["discrepancies"]}
    assert {"number_changed", "date_changed", "hedge_dropped", "loaded_language"} <= types


def test_a_new_article_joins_its_story_without_regrouping(demo_store, tmp_path: Path) -> None:
    before = {s["id"]: s["article_count"] for s in demo_store.stories()}
    [main] = [s for s, n in before.items() if n > 1]
    original = (demo.CORPUS_DIR / "01_northline_wire.txt").read_text()
    copy = tmp_path / "late_copy.txt"
    copy.write_text(original.replace("Northline Wire", "Upland Gazette", 1) + "\nEditor's note.")
    ingest_paths([str(copy)], demo_store)
    changed = update_stories(demo_store)
    assert changed == [main]
    after = {s["id"]: s["article_count"] for s in demo_store.stories()}
    assert after == {**before, main: before[main] + 1}
    assert update_stories(demo_store) == []


def test_nothing_new_means_no_index_is_built(demo_store, monkeypatch) -> None:
    from storytrace import pipeline

    update_stories(demo_store)
    assert demo_store.count_ungrouped() == 0

    def no_index(*args, **kwargs):
        raise AssertionError("the grouping index was rebuilt with nothing to group")

    monkeypatch.setattr(pipeline, "StoryIndex", no_index)
    assert update_stories(demo_store) == []


def test_cli_stories_trace_and_compare(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "cli.db")
    meta = str(demo.META_FILE)
    assert (
        runner.invoke(cli, ["--db", db, "ingest", str(demo.CORPUS_DIR), "--meta", meta]).exit_code
        == 0
    )
    listed = json.loads(runner.invoke(cli, ["--db", db, "stories", "--json"]).stdout)
    story = max(listed, key=lambda s: s["article_count"])
    text = runner.invoke(cli, ["--db", db, "trace", story["id"]]).stdout
    assert "Derivation" in text and "Northline Wire" in text and "└─" in text
    analysis = json.loads(runner.invoke(cli, ["--db", db, "trace", story["id"], "--json"]).stdout)
    original = analysis["story"]["original"]
    farm = next(a["id"] for a in analysis["articles"] if a["outlet"] == "TrendPulse Daily")
    compared = runner.invoke(cli, ["--db", db, "compare", original, farm])
    assert compared.exit_code == 0
    assert "Passages of TrendPulse Daily" in compared.stdout and "number_changed" in compared.stdout
    data = json.loads(runner.invoke(cli, ["--db", db, "compare", original, farm, "--json"]).stdout)
    assert data["story"]["original"] == original
    missing = runner.invoke(cli, ["--db", db, "trace", "story-nope"])
    assert missing.exit_code == 1 and "no story with id" in missing.stderr


def test_seed_story(seeds_dir: Path, tmp_path: Path) -> None:
    from storytrace.store import Store

    with Store(tmp_path / "seeds.db") as store:
        ingest_paths([str(seeds_dir)], store)
        update_stories(store)
        [main] = [s for s in store.stories() if s["article_count"] > 1]
        analysis = store.story(main["id"])
    assert main["article_count"] == 5
    by_file = {_name(a["file"]): a for a in analysis["articles"]}
    assert analysis["story"]["original"] == by_file["004_7801b6999f89b298.txt"]["id"]
    assert all(a["derived_from"] for n, a in by_file.items() if not n.startswith("004"))
