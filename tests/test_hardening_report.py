"""Report output escaping (issue cases 8 and 14): Markdown that renders as text only,
links only for http(s), and a CSP in every written HTML file."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest

from storytrace.clean import clean
from storytrace.model import Document, IngestError, Metadata
from storytrace.report.articles import render_articles_markdown
from storytrace.report.dossier import build_dossier, render_dossier
from storytrace.report.escaping import FILE_CSP, md_code, md_inline, md_url
from storytrace.report.files import write_dossiers

from .conftest import FIXTURES

LINK = "[click me](javascript:alert(1))"
IMAGE = "![x](https://evil.example/pixel.png)"
HTML = "<img src=x onerror=alert(1)>"


def rendered_links(markdown: str) -> list[str]:
    """Link and image targets a CommonMark renderer would make of ``markdown``: inline
    links not escaped by a backslash, and autolinks, outside code spans."""
    markdown = re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", markdown)
    inline = re.findall(r"(?<!\\)\]\(([^)]*)\)", markdown)
    return inline + re.findall(r"<([a-zA-Z][\w+.-]*:[^>\s]*)>", markdown)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (LINK, r"\[click me\](javascript:alert(1))"),
        (HTML, "&lt;img src=x onerror=alert(1)&gt;"),
        ("a | b `c` *d* _e_ ~f~ \\g", r"a \| b \`c\` \*d\* \_e\_ \~f\~ \\g"),
        ("two\nlines\r\n# heading", "two lines # heading"),
        ("&#106;avascript", "&amp;#106;avascript"),
    ],
)
def test_md_inline_leaves_nothing_a_renderer_would_act_on(value: str, expected: str) -> None:
    assert md_inline(value) == expected


def test_md_code_cannot_be_closed_early() -> None:
    assert md_code("a``b") == "```a``b```"
    assert md_code("`x`") == "`` `x` ``"


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<b>x</b>",
            "vbscript:x", "https://ok.example/a b", "https://x.example/>"],
)  # fmt: skip
def test_only_web_urls_become_links(url: str) -> None:
    out = md_url(url)
    assert "(not a web link)" in out and not rendered_links(out)


def test_a_web_url_is_an_autolink() -> None:
    assert md_url("https://news.example/a?b=1") == "<https://news.example/a?b=1>"


@pytest.fixture(scope="module")
def evil_dossier(demo_store) -> dict:
    [main] = [s for s in demo_store.stories() if s["article_count"] > 1]
    dossier = json.loads(json.dumps(build_dossier(demo_store, main["id"])))
    first = dossier["articles"][0]
    first.update(
        title=LINK + IMAGE, outlet=HTML, url="javascript:alert(document.cookie)",
        published="2025-13-45 [x](javascript:y)", file="a`b` [x](javascript:z).txt",
    )  # fmt: skip
    dossier["story"]["title"] = LINK
    return dossier


def test_the_dossier_markdown_carries_no_link_but_http(evil_dossier) -> None:
    md = render_dossier(evil_dossier, "md")
    assert all(t.startswith(("http://", "https://", "#")) for t in rendered_links(md))
    assert "javascript:alert(document.cookie)` (not a web link)" in md
    assert "<img" not in md and "&lt;img" in md
    assert "Date: 2025-13-45 \\[x\\](j" in md


def test_articles_markdown_escapes_every_field() -> None:
    text = (FIXTURES / "orchard.txt").read_text()
    meta = Metadata(title=LINK, outlet=HTML, published="2025-13-45", url="javascript:x")
    [article] = clean(Document("x`y.txt", "text", text, meta))
    errors = [IngestError("evil`name\n[x](javascript:1).txt", f"bad {LINK}")]
    md = render_articles_markdown([article], errors)
    assert not rendered_links(md) and "<img" not in md
    assert "``evil`name [x](javascript:1).txt``" in md and r"\[click me\]" in md


def test_written_html_files_carry_a_csp(demo_store, tmp_path: Path) -> None:
    from storytrace.report import write_report

    files = write_dossiers(demo_store, tmp_path)
    written = [*tmp_path.glob("*.html"), *write_report(tmp_path, demo_store, [])]
    assert files.written and any(p.name.startswith("story-") for p in tmp_path.glob("*.html"))
    for path in {Path(p) for p in written if str(p).endswith(".html")}:
        head = unescape(Path(path).read_text()[:2000])
        assert f'<meta http-equiv="Content-Security-Policy" content="{FILE_CSP}">' in head, path
