"""Hostile requests (issue cases 1, 3, 5, 6, 11, 13, 14): a clear 4xx answer, never a
500, and the store stays whole."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import httpx
import pytest

from storytrace.store import Store
from storytrace.web import create_app
from storytrace.web.app import RedactTokens
from tests.hostile import content_encoding_bomb, warc_gz_bomb

pytestmark = pytest.mark.anyio
GOOD = b"The harbour board said on Tuesday that the ferry would return to service in May."


@pytest.fixture(scope="module")
def anyio_backend() -> str:
    return "asyncio"


def client_for(app: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


@pytest.fixture
async def client(tmp_path: Path) -> Any:
    app = create_app(tmp_path / "web.db", max_upload_bytes=3_000_000)
    async with client_for(app) as opened:
        opened.db = tmp_path / "web.db"  # type: ignore[attr-defined]
        yield opened


def consistent(db: Path, articles: int) -> None:
    with Store(db) as store:
        assert store.integrity_check() == "ok"
        assert store.count_articles() == articles


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("bomb.warc", content_encoding_bomb(100), "byte limit once decoded"),
        ("bomb.warc.gz", warc_gz_bomb(100), "gzipped WARC: decompresses to over"),
        ("deep.json", b"[" * 100_000, "nested too deeply"),
        ("deep.jsonl", b"[" * 100_000, "nested too deeply"),
        ("s.json", b'{"text": "Ferry \\ud800 returns to service."}', "lone surrogate"),
        ("d.json", json.dumps({"text": GOOD.decode(), "published": "2025-13-45"}).encode(),
         "invalid publication date"),
        ("empty.json", b"[]", "holds no articles"),
    ],
)  # fmt: skip
async def test_a_bad_upload_is_reported_beside_the_good_one(
    client: httpx.AsyncClient, name: str, data: bytes, reason: str
) -> None:
    files = [("files", (name, data, "a/b")), ("files", ("good.txt", GOOD, "t/p"))]
    reply = await client.post("/api/ingest", files=files)
    assert reply.status_code == 201, reply.text
    body = reply.json()
    assert [a["source"] for a in body["added"]] == ["good.txt"]
    [error] = body["errors"]
    assert error["source"].startswith(name) and reason in error["reason"]
    consistent(client.db, 1)  # type: ignore[attr-defined]


async def test_an_impossible_date_is_422_with_one_clear_line(client: httpx.AsyncClient) -> None:
    body = {"articles": [{"text": GOOD.decode(), "published": "2025-13-45"}]}
    reply = await client.post("/api/articles", json=body)
    assert reply.status_code == 422
    assert "invalid publication date '2025-13-45'" in reply.json()["error"]
    consistent(client.db, 0)  # type: ignore[attr-defined]


async def test_the_paste_form_refuses_an_impossible_date(client: httpx.AsyncClient) -> None:
    form = {"text": GOOD.decode(), "published": "2025-02-30"}
    reply = await client.post("/ingest/paste", data=form)
    assert reply.status_code == 400 and "ISO 8601" in reply.text
    consistent(client.db, 0)  # type: ignore[attr-defined]


async def test_a_sidecar_with_an_impossible_date_is_400(client: httpx.AsyncClient) -> None:
    files = [("files", ("a.txt", GOOD, "t/p")),
             ("meta", ("m.csv", b"file,published\na.txt,2025-13-45\n", "text/csv"))]  # fmt: skip
    reply = await client.post("/api/ingest", files=files)
    assert reply.status_code == 400 and "invalid publication date" in reply.json()["error"]
    consistent(client.db, 0)  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", ["/api/articles", "/api/stories"])
@pytest.mark.parametrize("offset", ["9223372036854775808", "99999999999999999999", "-1"])
async def test_huge_offsets_are_422(client: httpx.AsyncClient, path: str, offset: str) -> None:
    reply = await client.get(path, params={"offset": offset})
    assert reply.status_code == 422 and reply.json()["error"].startswith("invalid query.offset")


async def test_a_multipart_body_without_its_closing_boundary_is_refused(
    client: httpx.AsyncClient,
) -> None:
    body = (b'--b\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\n'
            + GOOD)  # fmt: skip
    reply = await client.post(
        "/api/ingest", content=body, headers={"content-type": "multipart/form-data; boundary=b"}
    )
    assert reply.status_code == 400 and "closing boundary" in reply.json()["error"]
    consistent(client.db, 0)  # type: ignore[attr-defined]


async def test_login_is_a_form_post_and_never_takes_a_token_from_the_url(tmp_path: Path) -> None:
    app = create_app(tmp_path / "token.db", token="s3cret")
    async with client_for(app) as client:
        form = await client.get("/login")
        assert form.status_code == 200 and 'method="post"' in form.text
        in_url = await client.get("/login", params={"token": "s3cret"})
        assert in_url.status_code == 400 and "set-cookie" not in in_url.headers
        assert (await client.get("/")).status_code == 401
        signed_in = await client.post("/login", data={"token": "s3cret"})
        assert signed_in.status_code == 303
        assert "httponly" in signed_in.headers["set-cookie"].lower()
        assert (await client.get("/")).status_code == 200


def test_tokens_in_urls_are_redacted_from_the_access_log() -> None:
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/login?token=s3cret&x=1", "1.1", 400), None,
    )  # fmt: skip
    assert RedactTokens().filter(record)
    line = record.getMessage()
    assert "s3cret" not in line and "/login?token=[redacted]&x=1" in line


@pytest.mark.parametrize("path", ["/api/articles/", "/api/stories/", "/api/stories/{}/dossier"])
async def test_overlong_ids_are_422(client: httpx.AsyncClient, path: str) -> None:
    long_id = "a" * 5000
    url = path.format(long_id) if "{}" in path else path + long_id
    reply = await client.get(url)
    assert reply.status_code == 422 and "at most 100 characters" in reply.json()["error"]
