"""An outlet read from the text: stored marked as inferred, naming the article, corrected by
``meta``, and older stores migrated to the ``outlet_from`` column."""

from __future__ import annotations

from pathlib import Path

from storytrace.naming import article_names
from storytrace.pipeline import ingest_paths, set_metadata, update_stories
from storytrace.store import MIGRATIONS, Store

from .old_store import as_version_7

TEXT = (
    "Cranes stand still at Port Vell\n"
    "PORT VELL, May 4 (AP) \u2014 Crane operators at the container terminal of Port Vell "
    "stopped work on Monday over a pay dispute, the dockers' union said. About 300 "
    "operators walked off the quay at dawn and the first ships were turned away by noon. "
    "The terminal's owner, Vell Quay Holdings, said talks would resume on Wednesday.\n"
)


def _ingest(tmp_path: Path, store: Store) -> str:
    path = tmp_path / "in" / "cranes.txt"
    path.parent.mkdir()
    path.write_text(TEXT, encoding="utf-8")
    ingest_paths([str(path)], store, workers=1)
    return next(iter(store.articles())).id


def test_an_inferred_outlet_is_stored_marked_and_names_the_article(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        article_id = _ingest(tmp_path, store)
        meta = store.article(article_id).metadata
        assert (meta.outlet, meta.outlet_from) == ("AP", "inferred: dateline")
        update_stories(store, workers=1)
        (story,) = store.stories()
        entry = store.story(story["id"])["articles"][0]
        assert (entry["outlet"], entry["outlet_from"]) == ("AP", "inferred: dateline")
        assert article_names([entry]) == {article_id: "AP"}


def test_a_given_outlet_clears_the_inferred_mark(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        article_id = _ingest(tmp_path, store)
        set_metadata(store, article_id, outlet="Quay Courier")
        meta = store.article(article_id).metadata
        assert (meta.outlet, meta.outlet_from) == ("Quay Courier", None)
        set_metadata(store, article_id, outlet="")
        assert store.article(article_id).metadata.outlet_from == "inferred: dateline"


def test_an_older_store_gets_the_column_empty(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Store(path) as store:
        article_id = _ingest(tmp_path, store)
        as_version_7(store.db)
        store.db.executescript(
            "ALTER TABLE articles DROP COLUMN outlet_from; PRAGMA user_version = 6;"
        )
    with Store(path) as store:
        assert store.version == len(MIGRATIONS)
        meta = store.article(article_id).metadata
        assert (meta.outlet, meta.outlet_from) == ("AP", None)


def test_the_web_pages_say_the_outlet_was_inferred(tmp_path: Path) -> None:
    import anyio
    import httpx

    from storytrace.web import create_app

    db = tmp_path / "s.db"
    with Store(db) as store:
        article_id = _ingest(tmp_path, store)

    async def fetch(*paths: str) -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=create_app(db))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            return [await c.get(p) for p in paths]

    listing, page = anyio.run(fetch, "/articles", f"/articles/{article_id}")
    assert listing.status_code == page.status_code == 200
    assert "AP (inferred: dateline)" in page.text
    assert "(inferred: dateline)" in listing.text
