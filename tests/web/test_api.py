"""The HTTP API and the pages, in-process through httpx.ASGITransport."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from storytrace.web import create_app
from tests.web import SCRIPT_TEXT, demo_files, script_article

pytestmark = pytest.mark.anyio
DEMO_STORY_TITLE = "Dam inspectors who cleared Halvard spillway"


@pytest.fixture(scope="module")
def anyio_backend() -> str:
    return "asyncio"


def client_for(app: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


@pytest.fixture(scope="module")
async def loaded(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[dict[str, Any]]:
    """An app whose store got the demo corpus through the upload API, and the reply."""
    app = create_app(tmp_path_factory.mktemp("api") / "api.db")
    async with client_for(app) as client:
        reply = await client.post("/api/ingest", files=demo_files())
        yield {"app": app, "client": client, "upload": reply}


@pytest.fixture
async def client(loaded: dict[str, Any]) -> httpx.AsyncClient:
    return loaded["client"]  # type: ignore[no-any-return]


async def demo_story(client: httpx.AsyncClient) -> dict[str, Any]:
    stories = (await client.get("/api/stories")).json()
    return next(s for s in stories if s["title"].startswith(DEMO_STORY_TITLE))


async def test_upload_stores_the_demo_corpus_with_its_sidecar(loaded: dict[str, Any]) -> None:
    reply = loaded["upload"]
    assert reply.status_code == 201, reply.text
    body = reply.json()
    assert len(body["added"]) == 8 and not body["errors"]
    assert {a["outlet"] for a in body["added"]} >= {"Northline Wire", "Riverbend Courier"}
    assert body["stories_updated"]


async def test_uploading_again_stores_nothing_new(client: httpx.AsyncClient) -> None:
    reply = await client.post("/api/ingest", files=demo_files())
    assert reply.status_code == 200
    assert reply.json()["added"] == [] and len(reply.json()["already_stored"]) >= 7


async def test_list_get_and_search_articles(client: httpx.AsyncClient) -> None:
    listed = (await client.get("/api/articles", params={"limit": 3})).json()
    assert len(listed) == 3 and {"id", "title", "outlet", "words"} <= set(listed[0])
    one = await client.get(f"/api/articles/{listed[0]['id'][:8]}")
    assert one.status_code == 200 and one.json()["clean_text"]
    hits = (await client.get("/api/search", params={"q": "lodge"})).json()
    assert hits and all("[" in h["snippet"] for h in hits)
    bad = await client.get("/api/search", params={"q": '"'})
    assert bad.status_code == 400 and bad.json()["status"] == 400


async def test_stories_and_the_stored_analysis(client: httpx.AsyncClient) -> None:
    story = await demo_story(client)
    assert story["article_count"] == 6 and story["discrepancy_count"] > 0
    analysis = (await client.get(f"/api/stories/{story['id']}")).json()
    assert analysis["schema"] == "storytrace.trace/3"
    assert len(analysis["articles"]) == 6


@pytest.mark.parametrize(
    ("fmt", "media", "marker"),
    [("json", "application/json", '"storytrace.dossier/3"'), ("html", "text/html", "<html"),
     ("md", "text/markdown", "# ")],
)  # fmt: skip
async def test_dossier_in_each_format(
    client: httpx.AsyncClient, fmt: str, media: str, marker: str
) -> None:
    story = await demo_story(client)
    reply = await client.get(f"/api/stories/{story['id']}/dossier", params={"format": fmt})
    assert reply.status_code == 200 and reply.headers["content-type"].startswith(media)
    assert marker in reply.text and DEMO_STORY_TITLE[:20] in reply.text


async def test_dossiers_are_cached_until_the_story_changes(loaded: dict[str, Any]) -> None:
    state = loaded["app"].state.web
    story = await demo_story(loaded["client"])
    first = state.dossier(story["id"], "html")[1]
    assert state.dossier(story["id"][:14], "html")[1] is first


async def test_unknown_format_and_story(client: httpx.AsyncClient) -> None:
    story = await demo_story(client)
    bad = await client.get(f"/api/stories/{story['id']}/dossier", params={"format": "pdf"})
    assert bad.status_code == 422 and bad.json()["status"] == 422
    missing = await client.get("/api/stories/story-nope/dossier")
    assert missing.status_code == 404 and "no story" in missing.json()["error"]


async def test_compare_two_articles(client: httpx.AsyncClient) -> None:
    analysis = (await client.get(f"/api/stories/{(await demo_story(client))['id']}")).json()
    derived = next(d for d in analysis["derivations"] if d["derived_from"])
    reply = await client.get(
        "/api/compare", params={"a": derived["derived_from"], "b": derived["article"]}
    )
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["schema"] == "storytrace.trace/3" and body["alignments"][0]["passages"]
    same = await client.get(
        "/api/compare", params={"a": derived["article"], "b": derived["article"]}
    )
    assert same.status_code == 400
    missing = await client.get("/api/compare", params={"a": "nope", "b": derived["article"]})
    assert missing.status_code == 404


async def test_paste_json_article(client: httpx.AsyncClient) -> None:
    article = {"text": "Velmar City council voted 7-2 on Tuesday to close the old tram depot. "
               "The mayor, Ines Korda, said the site would become housing.",
               "title": "Council closes tram depot", "outlet": "Test Gazette",
               "published": "2025-10-01"}  # fmt: skip
    reply = await client.post("/api/articles", json={"articles": [article]})
    assert reply.status_code == 201, reply.text
    added = reply.json()["added"][0]
    assert added["outlet"] == "Test Gazette" and added["published"] == "2025-10-01"
    assert added["source"] == "pasted-1"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"articles": []},
        {"articles": [{"text": ""}]},
        {"articles": [{"text": "x", "published": "yesterday"}]},
        {"articles": [{"text": "x", "y": 1}]},
    ],
)
async def test_invalid_paste_is_422(client: httpx.AsyncClient, body: dict[str, Any]) -> None:
    reply = await client.post("/api/articles", json=body)
    assert reply.status_code == 422
    assert reply.json()["status"] == 422 and reply.json()["error"].startswith("invalid")


async def test_blank_paste_is_refused_with_the_reason(client: httpx.AsyncClient) -> None:
    reply = await client.post("/api/articles", json={"articles": [{"text": "   \n "}]})
    assert reply.status_code == 422 and "empty" in reply.json()["error"]


async def test_upload_errors(client: httpx.AsyncClient) -> None:
    nothing = await client.post("/api/ingest", files=[("meta", ("m.csv", b"file\n", "text/csv"))])
    assert nothing.status_code == 400 and "no files" in nothing.json()["error"]
    not_multipart = await client.post("/api/ingest", content=b"hello")
    assert not_multipart.status_code == 415
    binary = await client.post("/api/ingest", files=[("files", ("x.txt", b"\x00\x01" * 50, "a/b"))])
    assert binary.status_code == 422 and "binary" in binary.json()["errors"][0]["reason"]
    bad_meta = await client.post(
        "/api/ingest",
        files=[
            ("files", ("a.txt", b"Some text.", "t/p")),
            ("meta", ("m.csv", b"x,y\n1,2\n", "t/c")),
        ],
    )
    assert bad_meta.status_code == 400 and "file" in bad_meta.json()["error"]


async def test_file_names_are_labels_not_paths(client: httpx.AsyncClient) -> None:
    text = b"Kesten Valley water board said on Monday that the Orla pump station reopened."
    reply = await client.post(
        "/api/ingest", files=[("files", ("../../etc/pass wd.txt", text, "t/p"))]
    )
    assert reply.status_code == 201, reply.text
    assert reply.json()["added"][0]["source"] == "pass wd.txt"


async def test_limits_on_size_and_count(tmp_path: Path) -> None:
    app = create_app(tmp_path / "small.db", max_upload_bytes=2_000, max_files=2)
    async with client_for(app) as client:
        big = await client.post(
            "/api/ingest", files=[("files", ("big.txt", b"word " * 1000, "t/p"))]
        )
        assert big.status_code == 413 and "too large" in big.json()["error"]

        async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted as it comes
            for _ in range(10):
                yield b"x" * 500

        streamed = await client.post(
            "/api/ingest",
            content=chunks(),
            headers={"content-type": "multipart/form-data; boundary=b"},
        )
        assert streamed.status_code == 413
        many = [("files", (f"{i}.txt", b"Some words here.", "t/p")) for i in range(3)]
        too_many = await client.post("/api/ingest", files=many)
        assert too_many.status_code == 400 and "too many" in too_many.json()["error"]
        page = await client.post(
            "/ingest/files", files=[("files", ("big.txt", b"w " * 2000, "t/p"))]
        )
        assert page.status_code == 413 and "text/html" in page.headers["content-type"]


async def test_token_guards_everything_but_login(tmp_path: Path) -> None:
    app = create_app(tmp_path / "token.db", token="s3cret")
    async with client_for(app) as client:
        for url in ("/api/stories", "/", "/openapi.json"):
            assert (await client.get(url)).status_code == 401
        denied = await client.get("/api/stories", headers={"Authorization": "Bearer wrong"})
        assert denied.status_code == 401 and denied.json()["status"] == 401
        ok = await client.get("/api/stories", headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 200
        assert (await client.post("/login", data={"token": "nope"})).status_code == 401
        login = await client.post("/login", data={"token": "s3cret"})
        assert login.status_code == 303 and "samesite=strict" in login.headers["set-cookie"].lower()
        assert (await client.get("/")).status_code == 200  # the cookie now carries the token


async def test_host_and_origin_checks(tmp_path: Path) -> None:
    app = create_app(tmp_path / "hosts.db", allowed_hosts=["127.0.0.1", "localhost"])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost:8000") as client:
        assert (await client.get("/api/stories")).status_code == 200
        rebound = await client.get("/api/stories", headers={"host": "evil.example"})
        assert rebound.status_code == 400
        cross = await client.post(
            "/api/articles",
            json={"articles": [{"text": "x"}]},
            headers={"origin": "http://evil.example"},
        )
        assert cross.status_code == 403


async def test_script_in_an_article_is_escaped_everywhere(client: httpx.AsyncClient) -> None:
    reply = await client.post("/api/articles", json={"articles": [script_article()]})
    assert reply.status_code == 201, reply.text
    article_id = reply.json()["added"][0]["id"]
    story_id = reply.json()["stories_updated"][0]
    other = (await client.get("/api/articles", params={"limit": 1})).json()[0]["id"]
    pages = [f"/articles/{article_id}", "/articles", f"/stories/{story_id}", "/",
             f"/stories/{story_id}/dossier", f"/api/stories/{story_id}/dossier?format=html",
             "/search?q=ferry", f"/compare?a={article_id}&b={other}"]  # fmt: skip
    for url in pages:
        page = await client.get(url)
        assert page.status_code == 200, (url, page.text[:300])
        assert "<script>" not in page.text.lower(), url
        assert "onerror=" not in page.text or "&lt;img" in page.text, url
        assert "default-src 'none'" in page.headers["content-security-policy"]
    text = (await client.get(f"/articles/{article_id}")).text
    assert "&lt;script&gt;window.__pwned" in text
    assert (
        json.loads((await client.get(f"/api/articles/{article_id}")).text)["clean_text"]
        == SCRIPT_TEXT
    )


async def test_pages_walk_from_story_to_side_by_side(client: httpx.AsyncClient) -> None:
    story = await demo_story(client)
    index = await client.get("/")
    assert index.status_code == 200 and DEMO_STORY_TITLE in index.text
    page = await client.get(f"/stories/{story['id']}")
    assert page.status_code == 200 and 'class="discrepancy-link"' in page.text
    one = await client.get(f"/stories/{story['id']}/discrepancies/1")
    assert one.status_code == 200 and 'id="pair-link"' in one.text
    assert (await client.get(f"/stories/{story['id']}/discrepancies/999")).status_code == 404
    analysis = (await client.get(f"/api/stories/{story['id']}")).json()
    d = analysis["discrepancies"][0]
    pair = await client.get(
        f"/stories/{story['id']}/pair",
        params={"source": d["upstream_article"], "copy": d["article"]},
    )
    assert pair.status_code == 200 and 'id="d1"' in pair.text and 'class="k-' in pair.text
    compare = await client.get("/compare", params={"a": d["upstream_article"], "b": d["article"]})
    assert compare.status_code == 200 and 'id="copy-text"' in compare.text
    missing = await client.get("/stories/nope")
    assert missing.status_code == 404 and "text/html" in missing.headers["content-type"]


async def test_paste_form_and_search_page(client: httpx.AsyncClient) -> None:
    text = "The Orla footbridge was closed on Saturday after a barge struck it, police said."
    form = {
        "title": "Bridge closed",
        "outlet": "Form Daily",
        "published": "2025-09-20",
        "text": text,
    }
    reply = await client.post("/ingest/paste", data=form)
    assert reply.status_code == 201 and "1 article(s) added" in reply.text
    bad = await client.post("/ingest/paste", data={**form, "published": "soon"})
    assert bad.status_code == 400
    found = await client.get("/search", params={"q": "footbridge"})
    assert "Bridge closed" in found.text
    assert (await client.get("/search", params={"q": '"'})).status_code == 400


async def test_openapi_documents_the_api(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    paths = set(spec["paths"])
    assert {"/api/ingest", "/api/articles", "/api/search", "/api/stories",
            "/api/stories/{story_id}/dossier", "/api/compare"} <= paths  # fmt: skip
    assert not any(p.startswith("/stories") for p in paths)
    upload = spec["paths"]["/api/ingest"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in upload


async def test_long_listings_come_in_pages(client: httpx.AsyncClient, monkeypatch) -> None:
    from storytrace.web import pages

    every = (await client.get("/api/stories", params={"limit": 1000})).json()
    assert len(every) >= 3
    second = (await client.get("/api/stories", params={"limit": 1, "offset": 1})).json()
    assert second == every[1:2]
    articles = (await client.get("/api/articles", params={"limit": 2, "offset": 1})).json()
    assert [a["id"] for a in articles] == [
        a["id"] for a in (await client.get("/api/articles")).json()[1:3]
    ]

    monkeypatch.setattr(pages, "PAGE_SIZE", 2)
    first_page = (await client.get("/")).text
    assert f"1–2 of {len(every)}" in first_page and 'href="?page=2"' in first_page
    assert every[2]["id"] not in first_page
    assert every[2]["id"] in (await client.get("/", params={"page": 2})).text
    listed = (await client.get("/articles", params={"page": 2})).text
    assert 'rel="prev"' in listed and articles[1]["id"] in listed
    assert (await client.get("/", params={"page": 0})).status_code == 422


async def test_compare_asks_for_ids_when_there_are_too_many_to_list(
    client: httpx.AsyncClient, monkeypatch
) -> None:
    from storytrace.web import pages

    assert "<select" in (await client.get("/compare")).text
    monkeypatch.setattr(pages, "COMPARE_CHOICES", 1)
    form = (await client.get("/compare")).text
    assert "<select" not in form and 'name="a"' in form and "type two ids" in form
