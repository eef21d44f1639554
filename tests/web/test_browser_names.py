"""In headless Chromium: the compare page names the copy, the story page draws its
graph and filters its findings, a discrepancy shows both sentences with the changed
words marked, and an error page speaks to a browser user."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is absent: apt-get install chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")

from storytrace.store import Store  # noqa: E402
from tests.web import demo_store, running_server  # noqa: E402
from tests.web.test_browser import ARGS, snap  # noqa: E402


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    db = demo_store(tmp_path_factory.mktemp("names") / "names.db")
    with running_server(db) as url:
        yield url, db


@pytest.fixture(scope="module")
def page() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        opened = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        opened.set_default_timeout(60_000)
        yield opened
        browser.close()


def _largest(db: Path) -> dict[str, Any]:
    with Store(db) as store:
        return store.story(store.stories(limit=1)[0]["id"])


def test_compare_page_names_the_copy(page: Any, served: tuple[str, Path], shots: Path) -> None:
    base, db = served
    analysis = _largest(db)
    copy = next(a for a in analysis["articles"] if a["derived_from"])
    page.goto(f"{base}/compare?a={copy['derived_from']}&b={copy['id']}")
    assert page.locator("#copy-name").inner_text().strip() == copy["outlet"]
    assert page.locator("#source-name").inner_text().strip()
    assert "Copy: " + copy["outlet"] in page.locator("#side-by-side").inner_text()
    snap(page, shots, "compare-names")


def test_story_page_graph_and_filters(page: Any, served: tuple[str, Path], shots: Path) -> None:
    base, db = served
    analysis = _largest(db)
    page.goto(f"{base}/stories/{analysis['story']['id']}")
    nodes = page.locator("#graph svg .node")
    assert nodes.count() == len(analysis["articles"])
    labels = [nodes.nth(i).locator(".name").text_content() for i in range(nodes.count())]
    assert len(set(labels)) == len(labels)
    assert page.locator("#graph svg .edge").count() >= 1
    snap(page, shots, "story-graph")
    total = page.locator("#discrepancies tbody tr").count()
    assert total == len(analysis["discrepancies"])
    high = sum(1 for d in analysis["discrepancies"] if d["severity"] == "high")
    page.select_option("#filter-severity", "high")
    page.locator("#filters button").click()
    assert page.locator("#discrepancies tbody tr").count() == high < total
    assert all(
        t.strip() == "high"
        for t in page.locator("#discrepancies tbody td.sev-high").all_inner_texts()
    )


def test_discrepancy_marks_the_changed_words(
    page: Any, served: tuple[str, Path], shots: Path
) -> None:
    base, db = served
    analysis = _largest(db)
    number = next(n for n, d in enumerate(analysis["discrepancies"], 1) if d.get("upstream_span"))
    page.goto(f"{base}/stories/{analysis['story']['id']}/discrepancies/{number}")
    copy = page.locator("#copy-sentence").inner_text()
    source = page.locator("#source-sentence").inner_text()
    assert len(copy.split()) > 4 and len(source.split()) > 4 and copy != source
    assert (
        page.locator("#copy-sentence mark").count() + page.locator("#source-sentence mark").count()
        >= 1
    )
    snap(page, shots, "discrepancy-sentences")


def test_errors_speak_to_a_browser(page: Any, served: tuple[str, Path]) -> None:
    base, _ = served
    response = page.goto(f"{base}/stories/no-such-story")
    assert response.status == 404
    message = page.locator("#error").inner_text()
    assert "no story" in message and "storytrace " not in message
