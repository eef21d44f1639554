"""The web app over real HTTP: uvicorn in a subprocess on a free loopback port."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.web import demo_files, running_server, script_article


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    db = tmp_path_factory.mktemp("server") / "server.db"
    with running_server(db) as base, httpx.Client(base_url=base, timeout=120) as client:
        yield client


@pytest.fixture(scope="module")
def uploaded(server: httpx.Client) -> dict[str, object]:
    reply = server.post("/api/ingest", files=demo_files())
    assert reply.status_code == 201, reply.text
    return reply.json()  # type: ignore[no-any-return]


def demo_story_id(server: httpx.Client) -> str:
    stories = server.get("/api/stories").json()
    return str(max(stories, key=lambda s: s["article_count"])["id"])


def test_upload_the_demo_corpus(uploaded: dict[str, object]) -> None:
    assert len(uploaded["added"]) == 8  # type: ignore[arg-type]
    assert uploaded["errors"] == []


def test_dossier_over_http(server: httpx.Client, uploaded: dict[str, object]) -> None:
    story_id = demo_story_id(server)
    html = server.get(f"/api/stories/{story_id}/dossier", params={"format": "html"})
    assert html.status_code == 200 and "Halvard" in html.text
    assert html.headers["content-security-policy"].startswith("default-src 'none'")
    again = server.get(f"/api/stories/{story_id}/dossier", params={"format": "html"})
    assert again.text == html.text
    data = server.get(f"/api/stories/{story_id}/dossier").json()
    assert data["schema"] == "storytrace.dossier/3" and len(data["articles"]) == 6


def test_compare_over_http(server: httpx.Client, uploaded: dict[str, object]) -> None:
    analysis = server.get(f"/api/stories/{demo_story_id(server)}").json()
    derived = next(d for d in analysis["derivations"] if d["derived_from"])
    reply = server.get(
        "/api/compare", params={"a": derived["derived_from"], "b": derived["article"]}
    )
    assert reply.status_code == 200 and reply.json()["alignments"]
    page = server.get("/compare", params={"a": derived["derived_from"], "b": derived["article"]})
    assert page.status_code == 200 and 'id="side-by-side"' in page.text


def test_oversized_upload_is_rejected(server: httpx.Client) -> None:
    big = b"All work and no play. " * 300_000  # 6.6 MB, over the 5 MB default
    reply = server.post("/api/ingest", files=[("files", ("big.txt", big, "text/plain"))])
    assert reply.status_code == 413
    assert reply.json() == {"error": reply.json()["error"], "status": 413}
    assert "too large" in reply.json()["error"]


def test_script_in_an_article_is_escaped(server: httpx.Client) -> None:
    reply = server.post("/api/articles", json={"articles": [script_article()]})
    assert reply.status_code == 201, reply.text
    article_id = reply.json()["added"][0]["id"]
    story_id = reply.json()["stories_updated"][0]
    for url in (f"/articles/{article_id}", f"/stories/{story_id}", f"/stories/{story_id}/dossier"):
        page = server.get(url)
        assert page.status_code == 200
        assert "<script>" not in page.text.lower(), url
    assert "&lt;script&gt;" in server.get(f"/articles/{article_id}").text


def test_unknown_routes_and_ids(server: httpx.Client) -> None:
    assert server.get("/api/stories/nope").json() == {
        "error": "no story with id 'nope' (see `storytrace stories`)",
        "status": 404,
    }
    assert server.get("/api/nothing").status_code == 404


def test_token_server(tmp_path: Path) -> None:
    with running_server(tmp_path / "t.db", token="tok-123") as base:
        assert httpx.get(f"{base}/api/stories").status_code == 401
        headers = {"Authorization": "Bearer tok-123"}
        assert httpx.get(f"{base}/api/stories", headers=headers).status_code == 200
