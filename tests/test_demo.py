"""The bundled demo corpus against its written ground truth (demo/truth.json)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from storytrace import demo
from storytrace.cli import cli
from storytrace.demo import CORPUS_DIR, META_FILE
from storytrace.ingest import load_sidecar
from storytrace.pipeline import ingest_paths

TRUTH = demo.truth()
# Removal reasons that name the same kind of noise
SAME_KIND = {
    "footer": {"footer", "related_links", "stray_line"},
    "stray_line": {"stray_line", "footer"},
}


@pytest.fixture(scope="module")
def demo_articles(tmp_path_factory):
    from storytrace.store import Store

    with Store(tmp_path_factory.mktemp("demo") / "demo.db") as store:
        report = ingest_paths([str(CORPUS_DIR)], store, sidecar=load_sidecar(str(META_FILE)))
        assert not report.errors
        yield report.added


def _by_file(articles) -> dict[str, list]:
    grouped: dict[str, list] = {}
    for article in articles:
        grouped.setdefault(Path(article.source.split("#")[0]).name, []).append(article)
    return grouped


def test_every_file_gives_its_articles(demo_articles) -> None:
    grouped = _by_file(demo_articles)
    assert set(grouped) == set(TRUTH["files"])
    for name, truth in TRUTH["files"].items():
        parts = grouped[name]
        assert len(parts) == (2 if truth["split_off_title"] else 1), name
        assert parts[0].title == truth["title"], name
        if truth["split_off_title"]:
            assert parts[1].title == truth["split_off_title"]


@pytest.mark.parametrize("name", sorted(TRUTH["files"]))
def test_planted_noise_is_removed_and_nothing_else(demo_articles, name: str) -> None:
    parts = _by_file(demo_articles)[name]
    removed = [
        (r.reason.value, r.span.of(a.raw_text))
        for a in parts
        for r in a.removals
        if r.reason.value != "split_off"
    ]
    expected_texts = set()
    for noise in TRUTH["files"][name]["removed"]:
        expected_texts.add(noise["text"])
        cut = [reason for reason, text in removed if text == noise["text"]]
        assert len(cut) == noise["count"] - noise["keep_at_most"], (name, noise["text"], cut)
        allowed = SAME_KIND.get(noise["reason"], {noise["reason"]})
        assert set(cut) <= allowed, (name, noise["text"], cut)
    assert {text for _, text in removed} <= expected_texts, name
    for article in parts:
        for noise in TRUTH["files"][name]["removed"]:
            if noise["keep_at_most"] == 0:
                assert noise["text"] not in article.clean_text.split("\n\n")


def test_metadata_from_the_sidecar_and_the_page(demo_articles) -> None:
    for name, articles in _by_file(demo_articles).items():
        truth = TRUTH["files"][name]
        assert articles[0].metadata.outlet == truth["outlet"], name
        if truth["published_in_meta"]:
            assert articles[0].metadata.published[:10] == truth["published"][:10], name


def test_demo_command_writes_the_report(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = CliRunner().invoke(cli, ["demo", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = (out / "articles.html").read_text()
    for truth in TRUTH["files"].values():
        assert truth["outlet"] in html
    assert "split off" in html


def test_streamed_report_matches_the_rendering_in_memory(tmp_path: Path) -> None:
    from storytrace.report import render_articles_html, render_articles_markdown, write_report
    from storytrace.store import Store

    with Store(tmp_path / "demo.db") as store:
        ingest_paths([str(CORPUS_DIR)], store, sidecar=load_sidecar(str(META_FILE)))
        html, md = write_report(tmp_path / "out", store)
        articles = list(store.articles())
    assert len(articles) == store_count(tmp_path / "demo.db") > 6
    assert html.read_text() == render_articles_html(articles)
    assert md.read_text() == render_articles_markdown(articles)
    assert f"{len(articles)} article(s)" in md.read_text()


def store_count(db: Path) -> int:
    from storytrace.store import Store

    with Store(db) as store:
        return store.count_articles()
