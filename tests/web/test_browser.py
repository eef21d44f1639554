"""The web app and a dossier HTML file in headless Chromium (Debian's): click from the
index to a story, its dossier, a discrepancy and the side-by-side view, taking
screenshots; and check that a script inside an article never runs."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is absent: apt-get install chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")

from storytrace.store import Store  # noqa: E402
from tests.web import demo_store, running_server, script_article  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = demo_store(tmp_path_factory.mktemp("browser") / "browser.db")
    with running_server(db) as url:
        yield url


@pytest.fixture(scope="module")
def page(shots: Path) -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        opened = context.new_page()
        opened.set_default_timeout(60_000)
        yield opened
        browser.close()


def snap(page: Any, shots: Path, name: str) -> Path:
    path = shots / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    assert path.stat().st_size > 5_000
    return path


def test_story_dossier_discrepancy_side_by_side(page: Any, base: str, shots: Path) -> None:
    page.goto(base + "/")
    assert page.locator("h1").inner_text() == "Stories"
    assert page.locator("#stories .story-link").count() >= 2
    snap(page, shots, "1-index")

    page.locator("#stories .story-link").first.click()
    assert "Halvard" in page.locator("h1").inner_text()
    assert page.locator("#discrepancies .discrepancy-link").count() > 5
    snap(page, shots, "2-story")
    story_url = page.url

    page.locator("#dossier-link").click()
    assert "/dossier" in page.url and "Halvard" in page.content()
    snap(page, shots, "3-dossier")

    page.goto(story_url)
    page.locator("#discrepancies .discrepancy-link").first.click()
    assert page.locator("#explanation").inner_text().strip()
    snap(page, shots, "4-discrepancy")

    page.locator("#pair-link").click()
    assert page.locator("#source-text").inner_text() and page.locator("#copy-text").inner_text()
    assert page.locator("#copy-text .marked").count() >= 1
    assert page.locator("#pair-discrepancies li").count() >= 1
    snap(page, shots, "5-side-by-side")


def test_compare_form(page: Any, base: str, shots: Path) -> None:
    page.goto(base + "/compare")
    page.get_by_role("button", name="Compare side by side").click()
    assert page.locator("#side-by-side").count() == 1
    snap(page, shots, "6-compare")


def test_pasted_script_never_runs(page: Any, base: str, shots: Path) -> None:
    page.goto(base + "/")
    article = script_article()
    page.fill("#title", article["title"])
    page.fill("#outlet", article["outlet"])
    page.fill("#text", article["text"])
    page.get_by_role("button", name="Add article").click()
    assert "1 article(s) added" in page.content()
    page.locator("main ul li a").first.click()
    assert "<script>" in page.locator("#article-text").inner_text()
    assert page.evaluate("window.__pwned") is None
    assert page.title() != "pwned"
    snap(page, shots, "7-escaped-script")


def test_dossier_html_file(page: Any, tmp_path: Path, shots: Path) -> None:
    from storytrace.model import Document, Metadata
    from storytrace.pipeline import ingest_documents, update_stories
    from storytrace.report.dossier import build_dossier, render_dossier

    db = demo_store(tmp_path / "file.db")
    with Store(db) as store:
        a = script_article()
        doc = Document(
            "evil.txt", "text", a["text"], Metadata(title=a["title"], outlet=a["outlet"])
        )
        ingest_documents([doc], store, workers=1)
        update_stories(store, workers=1)
        demo = max(store.stories(), key=lambda s: s["article_count"])["id"]
        evil = next(s["id"] for s in store.stories() if "Ferry" in (s["title"] or ""))
        files = {}
        for name, story_id in (("demo", demo), ("evil", evil)):
            files[name] = tmp_path / f"{name}.html"
            files[name].write_text(render_dossier(build_dossier(store, story_id), "html"), "utf-8")
    page.goto(files["demo"].as_uri())
    assert "Halvard" in page.locator("body").inner_text()
    snap(page, shots, "8-dossier-file")
    page.goto(files["evil"].as_uri())
    assert page.evaluate("window.__pwned") is None and page.title() != "pwned"
    assert "<script>" in page.locator("body").inner_text()
    shutil.copy(files["demo"], shots / "dossier.html")
