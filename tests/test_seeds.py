"""The real seed articles (read from ../shared at run time; skipped where it is absent)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from storytrace.cli import cli
from storytrace.model import RemovalReason
from storytrace.pipeline import ingest_paths


def test_seeds_give_six_articles_with_the_appended_one_split_off(seeds_dir: Path, store) -> None:
    report = ingest_paths([str(seeds_dir)], store)
    assert not report.errors
    assert len(report.added) == 6
    by_file: dict[str, list] = {}
    for article in report.added:
        by_file.setdefault(Path(article.source).name, []).append(article)
    glued = by_file["004_7801b6999f89b298.txt"]
    assert [a.part for a in glued] == [0, 1]
    main, appended = glued
    assert "South Korea" in appended.title and "Kalko" in main.clean_text
    assert "Kalko" not in appended.clean_text and "Yoon" not in main.clean_text
    others = [arts for name, arts in by_file.items() if name != "004_7801b6999f89b298.txt"]
    assert len(others) == 4 and all(len(arts) == 1 for arts in others)


def test_seed_noise_is_recorded_with_reasons(seeds_dir: Path, store) -> None:
    report = ingest_paths([str(seeds_dir)], store)
    by_name = {(Path(a.source).name, a.part): a for a in report.added}
    main = by_name[("004_7801b6999f89b298.txt", 0)]
    reasons = [r.reason for r in main.removals]
    assert reasons.count(RemovalReason.CAPTION) == 4
    assert RemovalReason.REPEATED_LINE in reasons and RemovalReason.SPLIT_OFF in reasons
    assert {
        r.span.of(main.raw_text) for r in main.removals if r.reason is RemovalReason.STRAY_LINE
    } == {"TT", "20"}
    assert "via REUTERS" not in main.clean_text
    assert main.clean_text.count(main.title) == 1
    blog = by_name[("001_ef00d50906d04d55.txt", 0)]
    cut = [
        r for r in blog.removals if r.reason in (RemovalReason.FOOTER, RemovalReason.RELATED_LINKS)
    ]
    assert [r.span.of(blog.raw_text) for r in cut][:2] == [
        "Comments",
        "Popular posts from this blog",
    ]
    assert len(cut) == 5
    assert blog.clean_text.rstrip().endswith("volatile region.")


def test_show_removed_prints_the_cuts(seeds_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "seeds.db")
    assert runner.invoke(cli, ["--db", db, "ingest", str(seeds_dir)]).exit_code == 0
    for article_id in ("f627608d6c1691b8-0", "92d92b9c14d95c24-0"):
        shown = runner.invoke(cli, ["--db", db, "show", article_id, "--removed"]).stdout
        assert "why:" in shown
    blog = runner.invoke(cli, ["--db", db, "show", "f627608d6c1691b8-0", "--removed"]).stdout
    assert "footer" in blog and "Popular posts from this blog" in blog
