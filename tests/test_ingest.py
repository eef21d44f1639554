from __future__ import annotations

import gzip
import io
import json
import os
import sys
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storytrace.config import Config, IngestOptions
from storytrace.ingest import iter_documents, load_sidecar
from storytrace.model import Document, IngestError
from storytrace.pipeline import ingest_paths

from .conftest import FIXTURES

ORCHARD = (FIXTURES / "orchard.txt").read_text()
HARBOUR = (FIXTURES / "harbour.txt").read_text()


def html_page(body_text: str, title: str = "Late frost", site: str = "Valley Post") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body_text.split("\n\n")[1:])
    return (
        f"<html><head><title>{title}</title>"
        f'<meta property="og:site_name" content="{site}">'
        '<meta property="article:published_time" content="2025-06-12T08:00:00Z">'
        "</head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article>"
        "<footer>Copyright Valley Post. All rights reserved.</footer></body></html>"
    )


def warc_bytes(html: str, url: str = "https://valley.example/frost") -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    headers = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
    )
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(html.encode()), http_headers=headers
    )
    writer.write_record(record)
    record.payload_stream = None
    record.raw_stream.close()
    return buffer.getvalue()


def documents(*paths: Path, **options: int) -> list[Document | IngestError]:
    return list(iter_documents([str(p) for p in paths], IngestOptions(**options)))


def test_text_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ORCHARD)
    [doc] = documents(path)
    assert doc.format == "text" and doc.text == ORCHARD and doc.source == str(path)


def test_text_in_another_encoding(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes((ORCHARD + " Café, naïve, déjà vu.").encode("cp1252"))
    [doc] = documents(path)
    assert "Café" in doc.text


def test_html_page_gives_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(html_page(ORCHARD))
    [doc] = documents(path)
    assert doc.format == "html"
    assert "north-facing slopes" in doc.text and "All rights reserved" not in doc.text
    assert doc.metadata.outlet == "Valley Post"
    assert doc.metadata.published == "2025-06-12" and doc.metadata.published_from == "html"


def test_html_is_extracted_fast_and_again_in_full_only_when_that_finds_little(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import trafilatura

    from storytrace.ingest import html

    calls: list[tuple[bool, bool]] = []
    extraction = trafilatura.bare_extraction

    def spy(*args: object, **kwargs: object) -> object:
        calls.append((bool(kwargs["fast"]), bool(kwargs["include_comments"])))
        return extraction(*args, **kwargs)

    monkeypatch.setattr(html.trafilatura, "bare_extraction", spy)
    comments = (
        '<div id="comments"><p>Reader one wrote that the frost was the worst in memory '
        "and that the council should have warned the growers much earlier.</p></div>"
    )
    long_page = html_page(ORCHARD).replace("</article>", "</article>" + comments)
    assert len(ORCHARD) > html.FAST_MIN_CHARS
    doc = html.read_html("long.html", long_page)
    assert calls == [(True, False)]  # one fast extraction, comments left out
    assert "north-facing slopes" in doc.text and "Reader one" not in doc.text

    calls.clear()
    short = "Late frost\n\nThe late frost damaged the orchards on the north-facing slopes."
    doc = html.read_html("short.html", html_page(short))
    assert calls == [(True, False), (False, False)]  # too little: extracted again in full
    assert doc.text.endswith("damaged the orchards on the north-facing slopes.")


@pytest.mark.parametrize(
    "page",
    [
        html_page(ORCHARD),
        '<?xml version="1.0" encoding="utf-8"?>\n' + html_page(ORCHARD),  # parsed as bytes
        "<!DOCTYPE html>\n<html/>\n<body><p>" + ORCHARD + "</p></body>",  # repaired first
        "<p>Just a paragraph, no html tag.</p>",  # too little to be a page: None
        "<div><p>A fragment</p><p>of two blocks.</p></div>",
        "plain words, not markup at all",
        '<html><body><form action="/s"><input name="q"><label>Find</label></form>'
        "<select><option>1</option></select><textarea>x</textarea></body></html>",
    ],
)
def test_pages_are_parsed_as_trafilatura_parses_them(page: str) -> None:
    from lxml import etree
    from lxml.html import HtmlElement
    from trafilatura.utils import load_html

    from storytrace.ingest.html import load_tree

    ours, theirs = load_tree(page), load_html(page)
    assert (ours is None) == (theirs is None)
    if ours is not None:
        assert etree.tostring(ours) == etree.tostring(theirs)
        assert all(isinstance(e, HtmlElement) for e in ours.iter())  # text_content() and all


def test_guarded_xpaths_find_what_trafilaturas_find() -> None:
    from lxml.etree import XPath
    from trafilatura.metadata import extract_author
    from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

    from storytrace.ingest.html import _author, guarded, load_tree

    page = load_tree(
        "<html><body><div class='comments-list'><span class='author'>Troll</span></div>"
        "<p id='x-author-box'>Ana Ruiz</p><span class=''>none</span><a rel='author'>B</a>"
        "<div class='postedby'><span class='writer'>Jo Li</span></div><time>Today</time>"
        "<p class='byline'>By Sam Ode</p></body></html>"
    )
    assert page is not None
    for expression in [*AUTHOR_XPATHS, *AUTHOR_DISCARD_XPATHS]:
        assert guarded(expression)(page) == expression(page)
    assert _author(page) == extract_author(page) == "Ana Ruiz"  # "B": too short
    matches_empty = XPath(
        "//*[re:test(@class, 'x*')]", namespaces={"re": "http://exslt.org/regular-expressions"}
    )
    assert guarded(matches_empty) is matches_empty  # "x*" matches "": kept as it is


def test_json_and_jsonl_records(tmp_path: Path) -> None:
    record = {"text": ORCHARD, "title": "Frost", "outlet": "Valley Post", "published": "2025-06-12"}
    (tmp_path / "one.json").write_text(json.dumps(record))
    lines = [
        json.dumps(record | {"text": HARBOUR}),
        "{not json",
        json.dumps({"html": html_page(ORCHARD)}),
    ]
    (tmp_path / "many.jsonl").write_text("\n".join(lines))
    items = documents(tmp_path)
    assert [type(i).__name__ for i in items] == ["Document", "IngestError", "Document", "Document"]
    error = items[1]
    assert error.source.endswith("many.jsonl#2") and "malformed JSON line" in error.reason
    assert items[0].metadata.published_from == "input"
    assert items[2].metadata.outlet == "Valley Post" and items[2].format == "json"


def test_warc_html_responses(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc_bytes(html_page(ORCHARD)))
    [doc] = documents(path)
    assert doc.format == "warc" and "Keldorf" in doc.text
    assert doc.metadata.url == "https://valley.example/frost"


def test_rss_feed_entries(tmp_path: Path) -> None:
    body = "".join(f"<p>{p}</p>" for p in ORCHARD.split("\n\n")[1:])
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Post</title>'
        "<item><title>Frost</title><link>https://valley.example/frost</link>"
        "<pubDate>Thu, 12 Jun 2025 08:00:00 GMT</pubDate>"
        f"<description><![CDATA[{body}]]></description></item></channel></rss>"
    )
    path = tmp_path / "feed.rss"
    path.write_text(feed)
    [doc] = documents(path)
    assert doc.format == "feed" and "Keldorf" in doc.text
    assert doc.metadata.outlet == "Valley Post" and doc.metadata.published.startswith("2025-06-12")


def test_sidecar_fills_missing_metadata_only(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ORCHARD)
    (tmp_path / "b.json").write_text(json.dumps({"text": HARBOUR, "outlet": "Own Outlet"}))
    meta = tmp_path / "meta.csv"
    meta.write_text("file,outlet,url,published\na.txt,Valley Post,https://v.example/1,2025-06-12\n"
                    "b.json,Sidecar Outlet,,2025-06-13\n")  # fmt: skip
    sidecar = load_sidecar(str(meta))
    a, b = (
        d
        for d in iter_documents(
            [str(tmp_path / "a.txt"), str(tmp_path / "b.json")], sidecar=sidecar
        )
    )
    assert (a.metadata.outlet, a.metadata.published, a.metadata.published_from) == (
        "Valley Post", "2025-06-12", "sidecar",
    )  # fmt: skip
    assert b.metadata.outlet == "Own Outlet" and b.metadata.published == "2025-06-13"


def make_bad_inputs(folder: Path) -> dict[str, str]:
    """One file of each bad kind; returns file name -> expected words in its error."""
    folder.mkdir()
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (folder / "empty.txt").write_text("")
    (folder / "huge.txt").write_text("word " * 3000)
    (folder / "undecodable.txt").write_bytes(bytes(range(128, 256)) * 20)
    (folder / "broken.json").write_text('{"text": "unterminated')
    (folder / "lines.jsonl").write_text("{oops\n")
    (folder / "noarticle.html").write_text(
        "<html><body><nav><a href='/'>Home</a></nav></body></html>"
    )
    (folder / "truncated.txt.gz").write_bytes(gzip.compress(ORCHARD.encode())[:60])
    (folder / "truncated.warc.gz").write_bytes(warc_bytes(html_page(ORCHARD))[:300])
    (folder / "loop").symlink_to(folder)
    (folder / "dangling.txt").symlink_to(folder / "missing.txt")
    unreadable = folder / "unreadable.txt"
    unreadable.write_text(ORCHARD)
    unreadable.chmod(0)
    return {
        "binary.txt": "binary", "empty.txt": "empty", "huge.txt": "limit",
        "undecodable.txt": "undecodable", "broken.json": "malformed JSON",
        "lines.jsonl": "malformed JSON line", "noarticle.html": "no article text",
        "truncated.txt.gz": "truncated gzip", "truncated.warc.gz": "WARC",
        "loop": "loop", "dangling.txt": "broken symbolic link",
        "unreadable.txt": "cannot read",
    }  # fmt: skip


def test_bad_inputs_each_get_one_clear_error_and_the_batch_goes_on(tmp_path: Path, store) -> None:
    expected = make_bad_inputs(tmp_path / "in")
    (tmp_path / "in" / "good1.txt").write_text(ORCHARD)
    (tmp_path / "in" / "good2.txt").write_text(HARBOUR)
    config = Config(ingest=IngestOptions(max_bytes=10_000))
    if os.geteuid() == 0:  # root reads anything: point at a file whose read fails
        (tmp_path / "in" / "unreadable.txt").unlink()
        (tmp_path / "in" / "unreadable.txt").symlink_to("/proc/self/mem")
    report = ingest_paths([str(tmp_path / "in")], store, config)
    assert sorted(Path(a.source).name for a in report.added) == ["good1.txt", "good2.txt"]
    by_file = {Path(e.source.split("#")[0]).name: e.reason for e in report.errors}
    assert set(by_file) == set(expected), by_file
    for name, words in expected.items():
        assert words.lower() in by_file[name].lower(), (name, by_file[name])
    assert len(report.errors) == len(expected)
    assert store.integrity_check() == "ok"


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeStdin:
        buffer = io.BytesIO(ORCHARD.encode())

    monkeypatch.setattr("sys.stdin", FakeStdin)
    [doc] = list(iter_documents(["-"]))
    assert doc.source == "<stdin>" and doc.text == ORCHARD


def test_ingesting_twice_adds_nothing(tmp_path: Path, store) -> None:
    (tmp_path / "a.txt").write_text(ORCHARD)
    first = ingest_paths([str(tmp_path)], store)
    second = ingest_paths([str(tmp_path)], store)
    assert len(first.added) == 1 and not second.added
    assert second.already_stored == [str(tmp_path / "a.txt")]
    assert store.count_articles() == 1


def test_resumed_ingest_skips_stored_pages_before_extracting_them(
    tmp_path: Path, store, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "page.html").write_text(html_page(ORCHARD))
    (inputs / "crawl.warc.gz").write_bytes(warc_bytes(html_page(HARBOUR, title="Harbour")))
    (inputs / "rec.jsonl").write_text(json.dumps({"html": html_page(ORCHARD, site="Other")}))
    first = ingest_paths([str(inputs)], store, workers=1)
    assert first.added_count == 3 and not first.errors

    def no_extraction(page):
        raise AssertionError(f"{page.source} extracted again")

    monkeypatch.setattr(sys.modules["storytrace.ingest"], "extract", no_extraction)
    second = ingest_paths([str(inputs)], store, workers=1)
    assert second.added_count == 0 and not second.errors
    assert len(second.already_stored) == 3


def test_a_changed_page_is_extracted_again(tmp_path: Path, store) -> None:
    page = tmp_path / "in" / "page.html"
    page.parent.mkdir()
    page.write_text(html_page(ORCHARD))
    ingest_paths([str(page)], store, workers=1)
    page.write_text(html_page(HARBOUR, title="Harbour"))
    again = ingest_paths([str(page)], store, workers=1)
    assert again.added_count == 1 and not again.already_stored


def test_an_article_not_in_english_is_stored_with_a_warning(tmp_path: Path, store) -> None:
    (tmp_path / "a.txt").write_text(ORCHARD)
    german = (
        "Die Fähre zwischen den beiden Inseln fährt seit Montag nur noch zweimal am Tag, "
        "weil der Hafen nach dem Sturm repariert werden muss. Die Gemeinde sagte, dass "
        "die Arbeiten mindestens drei Wochen dauern werden und die Pendler früher aufstehen "
        "müssen, wenn sie ihre Arbeit auf dem Festland pünktlich erreichen wollen."
    )
    (tmp_path / "b.txt").write_text(german)
    report = ingest_paths([str(tmp_path)], store, workers=1)
    assert len(report.added) == 2
    assert [w.split(":")[0] for w in report.warnings] == [str(tmp_path / "b.txt")]
    assert "does not look like English" in report.warnings[0]


def _demo_documents() -> list:
    from storytrace.demo import DEMO_DIR

    return [d for d in iter_documents([str(DEMO_DIR / "corpus")]) if isinstance(d, Document)]


def test_documents_prepared_together_are_prepared_as_one_by_one() -> None:
    from storytrace.pipeline import prepare_document, prepare_documents

    docs = _demo_documents()
    assert len(docs) >= 4
    assert prepare_documents(docs) == [prepare_document(d) for d in docs]


def test_the_relation_model_path_prepares_documents_together() -> None:
    from storytrace.pipeline import prepare_document, prepare_documents
    from storytrace.read import ReadOptions
    from storytrace.read import relation_model as rm

    if rm.missing():
        pytest.skip(f"the model extra is not installed: {rm.missing()}")
    config = Config(read=ReadOptions(relation_model="finetuned"))
    docs = _demo_documents()
    assert prepare_documents(docs, config) == [prepare_document(d, config) for d in docs]


def test_ingest_in_chunks_stores_what_ingest_one_by_one_stores(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """The chunked ingest of the model path (here with the model-free reading, so it runs
    without the extra) stores the same articles and facts as the default one."""
    import storytrace.pipeline as pipeline
    from storytrace.demo import DEMO_DIR
    from storytrace.store import Store

    corpus = [str(DEMO_DIR / "corpus")]
    one_by_one = Store(tmp_path / "one.db")
    ingest_paths(corpus, one_by_one, workers=1)
    monkeypatch.setattr(pipeline, "batches_relations", lambda options: True)
    monkeypatch.setattr(pipeline, "READ_BATCH", 3)  # several chunks, the last one short
    chunked = Store(tmp_path / "chunked.db")
    report = ingest_paths(corpus, chunked, workers=1)
    assert report.ok and report.added_count == one_by_one.count_articles()
    ids = [a.id for a in one_by_one.articles()]
    assert ids == [a.id for a in chunked.articles()]
    assert [one_by_one.facts(i) for i in ids] == [chunked.facts(i) for i in ids]
